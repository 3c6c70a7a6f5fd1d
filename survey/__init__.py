"""survey: collection and the ``eqsurvey`` command.

Modules and their roles:

- ``cli``: the ``eqsurvey`` command; mounts every package's command group
  (the folder tree is the command tree) and holds ``eqsurvey init``.
- ``project_init``: laying out a new project folder from a bundled example.
- ``simulate``: seeded synthetic respondents for any instrument (skip logic,
  exclusivity, selection limits, small groups, gaps between groups).
- ``store`` (package): the response store, SQLite or PostgreSQL.
- ``examples`` (the repository's ``examples/`` folder, installed as package
  data): the bundled example projects.

Importers and the web form arrive here with later work.
"""

from __future__ import annotations

from instruments.lazy import lazy_exports

__all__ = ["create_project", "draft_plan"]

# Loaded on first use: ``eqsurvey --help`` must not pay for the instrument model.
__getattr__ = lazy_exports(__name__, dict.fromkeys(__all__, "project_init"))
