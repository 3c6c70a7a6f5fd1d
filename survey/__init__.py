"""survey: collection — the web form, importers of survey exports, the response store and the transfer to the analysts.

Subpackages and modules and their roles:

- ``web`` (package): the survey form in the browser (``survey.web.create_app``): server-rendered,
  without JavaScript, answers in progress sealed into the page, invitation codes, rate limits, and the
  partners' review pages (``web.review``);
  ``web.submit`` is the submit path of a finished form, stored through ``intake.ingest.store_submissions``.
- ``intake`` (package): rows of answers → checked, pseudonymised, sealed, stored (``ingest``),
  one batch apart from storing (``prepare``), on every core (``workers``), bulk loops (``bulk``),
  a batch checked column by column (``batch_check``).
- ``importers`` (package): reading other tools' response exports as rows of typed answers —
  ``csv_format`` (eqsurvey's own CSV), ``limesurvey`` (CSV and ``.lsr``), ``kobo`` (KoboToolbox /
  ODK JSON, CSV, XLSX, form versions), ``mapping`` (any CSV/XLSX through a column-mapping file, and a
  drafted mapping), ``tables`` (any CSV or XLSX as numbered rows), ``cells`` (one cell as a typed
  answer), ``cells_chunk`` (a batch read column by column), ``formats`` (which reader a file needs).
  Source metadata (IP addresses, devices, dates, accounts) is dropped on reading.
- ``store`` (package): the response store, SQLite or PostgreSQL: sealed responses, contacts and
  invitations apart, erasures, the ledger's records, bundles between the two sides.
- ``opening`` (package): opening the store into the analysis dataset (``export``), on every core
  (``workers``), with the scientific-use restriction.
- ``simulation`` (package): seeded synthetic respondents for any instrument (``simulator``) from
  reference populations (``population``, ``populations/*.yaml``; ``draws`` lays one onto an instrument).
- ``partners`` (package): community partners' review links (keyed hashes, revocable) and their notes
  sealed to the analysts' key, in a file of their own (``store``), and the bundle both ways (``bundle``).
- ``provenance``: whether data were simulated, carried from the store to the dataset and the release.

The ``eqsurvey`` command and the workflows that join survey with analysis and reports live in the
composition root (``eqsurvey/``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy import lazy_exports

_PUBLIC = {
    "ResponseStore": "survey.store.base",
    "open_store": "survey.store",
    "ImportReport": "survey.intake.ingest",
    "ingest": "survey.intake.ingest",
    "store_submissions": "survey.intake.ingest",
    "ImportFormat": "survey.importers.formats",
    "simulate": "survey.simulation.simulator",
    "open_dataset": "survey.opening.export",
}

__all__ = [
    "ImportFormat",
    "ImportReport",
    "ResponseStore",
    "ingest",
    "open_dataset",
    "open_store",
    "simulate",
    "store_submissions",
]

# Loaded on first use: ``eqsurvey --help`` must not pay for the store, the importers or cryptography.
if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from survey.importers.formats import ImportFormat
    from survey.intake.ingest import ImportReport, ingest, store_submissions
    from survey.opening.export import open_dataset
    from survey.simulation.simulator import simulate
    from survey.store import open_store
    from survey.store.base import ResponseStore
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
