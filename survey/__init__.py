"""survey: collection and the ``eqsurvey`` command.

Modules and their roles:

- ``cli``: the ``eqsurvey`` command; mounts every package's command group
  (the folder tree is the command tree), holds ``eqsurvey init`` and writes
  key operations to the audit log; ``responses_cli`` (``eqsurvey responses``:
  simulate, import, mapping, erase, count) and ``dataset_cli`` (``eqsurvey
  dataset export``) are this package's own groups.
- ``ingest``: rows → checked, pseudonymised, sealed, stored, in batches of
  file rows recorded under the file's digest.
- ``response_formats``: which reader a file needs (``--format auto``) and
  which writer a simulated export uses.
- ``dataset_export``: opening the store into the analysis dataset, the
  scientific-use restriction (k-anonymity), Parquet + data dictionary output.
- ``demo_cli``: ``eqsurvey demo``, the whole pipeline on the Musterstadt example;
  ``demo_steps``: its numbered steps, the first that fails stops it.
- ``transfer_cli``: ``responses bundle``/``merge`` (sealed responses, server →
  analysts) and ``invitations bundle``/``merge`` (keyed hashes of codes → the
  server), mounted on those groups; see ``store.merge``.
- ``erasures_cli``: ``erasures bundle``/``merge`` (the analysts' erasure
  tombstones → the server, which erases what they name); see ``store.erasures_bundle``.
- ``progress``, ``bulk``: progress bars on stderr; bulk loops without the
  cyclic garbage collector.
- ``project_init``: laying out a new project folder from a bundled example.
- ``simulate``: seeded synthetic respondents for any instrument (skip logic,
  exclusivity, selection limits, small groups, gaps between groups).
- ``population``: reference populations (``populations/*.yaml``, package
  data): shares per module question with their sources or assumption notes,
  checked on loading; ``population_draws`` lays one onto an instrument.
- ``provenance``: whether data were simulated, as counts carried from the
  store (source ``simulated:…``) to the dataset dictionary and the release.
- ``store`` (package): the response store, SQLite or PostgreSQL.
- ``csv_format``: eqsurvey's own response CSV (one column per question),
  read into rows of typed answers (``CsvRow``) and written.
- ``limesurvey_responses``: LimeSurvey response exports (CSV with question
  codes and answer codes), read and written; metadata (IP address, dates,
  referrer) is dropped on reading, incomplete responses are row problems.
- ``kobo_responses``: KoboToolbox / ODK submissions (API or formpack JSON,
  CSV with XML values and headers), read and written; submission metadata
  (ids, times, device, account, location) is dropped on reading.
- ``response_cells``: one cell of any of those files as a typed answer
  (option names mapped to codes for foreign exports), shared by the readers.
- ``tables``: any CSV (comma, semicolon, tab; UTF-8) or XLSX file as a
  header row and numbered rows of cells.
- ``mapping_model``: the column-mapping file (which column fills which
  question, recodes, declined/missing values, ignored columns), validated and
  checked against the instrument with file:line.
- ``mapped_responses``: any CSV/XLSX read through a column mapping into rows
  of typed answers (``CsvRow``); every column must be mapped or ignored.
- ``mapping_draft``: a starter mapping for a file, for a person to review.
- ``examples`` (the repository's ``examples/`` folder, installed as package
  data): the bundled example projects.

- ``web`` (package): the survey form in the browser (``survey.web.create_app``):
  server-rendered, without JavaScript, answers in progress sealed into the
  page, invitation codes, rate limits; finished forms stored in groups through
  ``ingest.store_submissions``. ``serve_cli``: ``eqsurvey serve`` (uvicorn,
  no access log); ``serve_workers``: the app of each ``--workers`` process;
  ``invitations_cli``: ``eqsurvey invitations``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from instruments.lazy import lazy_exports

__all__ = ["create_project", "draft_plan"]

# Loaded on first use: ``eqsurvey --help`` must not pay for the instrument model.
if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from .project_init import create_project, draft_plan
else:
    __getattr__ = lazy_exports(__name__, dict.fromkeys(__all__, "project_init"))
