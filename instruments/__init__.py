"""instruments: questionnaire definitions that every later stage reads.

Modules, subpackages and their roles:

- ``model``, ``questions``, ``text``: the instrument model (pydantic v2, frozen,
  unknown keys rejected): metadata, sections, the seven question types,
  derived variables, translatable text and language tags.
- ``expressions`` (package): the condition language — ``syntax`` (parse, print),
  ``checking`` (types), ``evaluation`` (relevance evaluation: three-valued, each
  condition compiled once), ``describe`` (plain-language skip instructions);
  ``derived``: derived variables and skip logic for one respondent.
- ``loader`` (with ``checks``, ``modules``): YAML → validated instrument, every
  problem with file:line and a fix; ``use: NAME@MAJOR`` module references from the
  bundled ``library/``; ``locked``: locked modules (wording and order as published).
- ``dataset``: the typed column schema of the analysis dataset.
- ``answers`` (package): checking one respondent's answers (types, codes,
  exclusivity, selection limits, skip logic, consent) before storage, the
  instrument's checks compiled once per ``SubmissionChecker``; JSON Schema of the answers.
- ``dump``: instrument → YAML. ``file_schema``: JSON Schema of the file format.
- ``xlsform`` (package): XLSForm / KoboToolbox out and in, relevance translated both ways.
- ``limesurvey`` (package): LimeSurvey survey structures (.lss, .lsa, .txt) in.
- ``importing``: what every importer of foreign structures shares (the result,
  validation that drops rejected conditions with a note); ``identifiers``: names
  from other tools made into eqsurvey ids and codes.
- ``printable`` (package): the printable, accessible questionnaire page.
- ``respondent_info`` (package): the information for respondents (GDPR Art. 13) and the consent text
  as plain data in one language, and as plain text: the web form's welcome page, the printable page's
  facts and the data protection documents all show these items.
- ``catalogues`` (+ ``locales/``): the gettext catalogues of the package's own wording (the printable
  page's frame, the skip instructions); English is in the code, see :mod:`kernel.i18n`.
- ``option_defaults`` (package, + ``locales/``): eqsurvey's own wording, in a dozen languages, of the
  options it adds itself ("prefer not to say"; "Other" and its text question for ``or_other``).
- ``diff`` (package): version comparison for community review, breaking vs
  compatible, version advice; ``versions`` (package): carrying answers across versions.
- ``editing`` (package): the instrument file edited in forms (round-trip YAML with comments and
  order kept), problems keyed by field, the version raised as the diff requires.
- ``translations``: missing translations per language, from the validator's warnings;
  ``translation_status``: a language's translation marked draft or reviewed (modules, instruments);
  ``drafts``: which languages still await a check, with the checks recorded in ``reviews.jsonl``.
- ``review``: community partners' approvals against the content hash (and checks of translations).
- ``coarsening``: the coarsening policies of quasi-identifiers; ``timing``: how long
  answering takes; ``wording_checks``: wording that ends up in reports.
- (A project's folder and its config ``eqsurvey.toml`` are the composition root's: ``eqsurvey.config``.)

Errors, file reading and the other shared plumbing are in the kernel (``kernel/``).
Public names are loaded on first use so that importing the package (and so
``eqsurvey --help``) does not pay for pydantic models it does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy import lazy_exports

_PUBLIC = {
    "Instrument": "instruments.model",
    "Section": "instruments.model",
    "Question": "instruments.questions",
    "LoadedInstrument": "instruments.loader",
    "load_instrument": "instruments.loader",
    "parse_instrument": "instruments.loader",
    "dump_instrument": "instruments.dump",
    "DatasetSchema": "instruments.dataset",
    "Column": "instruments.dataset",
    "dataset_schema": "instruments.dataset",
    "diff_instruments": "instruments.diff.changes",
    "render_questionnaire": "instruments.printable.page",
    "answers_json_schema": "instruments.answers.schema",
    "export_xlsform": "instruments.xlsform.export",
    "xlsform_bytes": "instruments.xlsform.export",
    "import_form": "instruments.xlsform.importer",
    "import_lss": "instruments.limesurvey.importer",
    "evaluate_derived": "instruments.derived",
    "check_answers": "instruments.answers.submission",
    "SubmissionChecker": "instruments.answers.submission",
    "CheckedAnswers": "instruments.answers.values",
    "is_relevant": "instruments.derived",
    "EqSurveyError": "kernel.errors",
    "InstrumentError": "kernel.errors",
    "InternalError": "kernel.errors",
    "Location": "kernel.errors",
    "Problem": "kernel.errors",
    "DECLINED": "instruments.text",
}

__all__ = [
    "DECLINED",
    "CheckedAnswers",
    "Column",
    "DatasetSchema",
    "EqSurveyError",
    "Instrument",
    "InstrumentError",
    "InternalError",
    "LoadedInstrument",
    "Location",
    "Problem",
    "Question",
    "Section",
    "SubmissionChecker",
    "answers_json_schema",
    "check_answers",
    "dataset_schema",
    "diff_instruments",
    "dump_instrument",
    "evaluate_derived",
    "export_xlsform",
    "import_form",
    "import_lss",
    "is_relevant",
    "load_instrument",
    "parse_instrument",
    "render_questionnaire",
    "xlsform_bytes",
]

if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from instruments.answers.schema import answers_json_schema
    from instruments.answers.submission import SubmissionChecker, check_answers
    from instruments.answers.values import CheckedAnswers
    from instruments.dataset import Column, DatasetSchema, dataset_schema
    from instruments.derived import evaluate_derived, is_relevant
    from instruments.diff.changes import diff_instruments
    from instruments.dump import dump_instrument
    from instruments.limesurvey.importer import import_lss
    from instruments.loader import LoadedInstrument, load_instrument, parse_instrument
    from instruments.model import Instrument, Section
    from instruments.printable.page import render_questionnaire
    from instruments.questions import Question
    from instruments.text import DECLINED
    from instruments.xlsform.export import export_xlsform, xlsform_bytes
    from instruments.xlsform.importer import import_form
    from kernel.errors import EqSurveyError, InstrumentError, InternalError, Location, Problem
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
