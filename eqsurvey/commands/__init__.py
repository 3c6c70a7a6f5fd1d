"""The ``eqsurvey`` command tree: one module per command group, each a thin typer adapter.

A command reads options and files, calls a stage or a workflow, and prints; user errors
(``kernel.errors``) are shown without a traceback and exit 1 (``kit.user_errors``).
``kit`` holds what every group shares: the CLI state (project, quiet, json), opening a stored
release, the exit codes; ``progress`` draws progress bars on stderr.
"""
