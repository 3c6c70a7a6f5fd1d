"""The composition root: the ``eqsurvey`` command, and the workflows that join the stages.

- ``cli``: the root command; mounts one command group per module of ``commands`` and writes key
  operations to the project's audit log.
- ``commands`` (package): the command tree, one module per group (``instrument``, ``keys``,
  ``responses``, ``invitations``, ``erasures``, ``dataset``, ``plan``, ``release``, ``budget``,
  ``wave``, ``report``, ``serve``, ``demo``, ``init``) plus ``kit``, the typer plumbing they share.
- ``config``: the project folder and ``eqsurvey.toml``, every table in one typed model, read and
  checked once; ``resources``: the store and the keyring where the config says they are;
  ``collection_access``: writing ``[collection] access = "invitations"`` into the config.
- ``workflows`` (package): work that crosses stages: a release from the store (``release``, with
  ``release_dataset`` and ``release_confirm``), the web form of a project (``form_app``), the
  demo's steps, the web server's workers.
- ``examples`` (the repository's ``examples/`` folder, installed as package data): the bundled
  example projects that ``eqsurvey init`` and ``eqsurvey demo`` start from.

The stages (``instruments``, ``anonymize``, ``survey``, ``analysis``, ``reports``) never import
this package; it imports them all.
"""
