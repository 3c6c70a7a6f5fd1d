"""Workflows that join stages, below the commands that start them.

- ``release_dataset``: the dataset a release is made from (an exported file, or the store opened now).
- ``release_confirm``: what a release is about to spend and on what; asking before it spends.
- ``demo_steps``: the demo's numbered steps; the first that fails stops the demo.
- ``serve_workers``: what each ``eqsurvey serve --workers N`` process builds its app from.
"""
