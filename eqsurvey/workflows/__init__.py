"""Workflows that join stages, below the commands that start them.

- ``release``: a release from the store: the plan, the ledger's check, the dataset, the statement,
  the measuring, the record; the stored releases as the commands read them.
- ``release_dataset``: the dataset a release is made from (an exported file, or the store opened now).
- ``release_confirm``: what a release is about to spend and on what; asking before it spends.
- ``demo_steps``: the demo's numbered steps; the first that fails stops the demo.
- ``form_app``: the web form of a project, its config handed to ``survey.web`` as values.
- ``invitations``: invitation codes made and stored as hashes, the codes CSV read back, the letters' PDF.
- ``responses``: an export imported (progress told, problems per row, notes), a response erased on request.
- ``fieldwork``: invitations answered and responses per ISO week.
- ``partners``: community partners' review links (invite, revoke, list), their bundle both ways, and
  their sealed notes taken into ``reviews.jsonl``; the plan in plain words for the review pages.
- ``plan_preview``: a plan's accuracy preview in a reader's language (``plan preview`` and the console).
- ``plan_target``: planning from the accuracy needed (``plan target`` and the console).
- ``serve_workers``: what each ``eqsurvey serve --workers N`` process builds its app from.
"""
