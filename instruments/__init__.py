"""instruments: questionnaire definitions that every later stage reads.

Modules and their roles:

- ``model``, ``questions``, ``text``: the instrument model (pydantic v2, frozen,
  unknown keys rejected): metadata, sections, the seven question types,
  derived variables, translatable text and language tags.
- ``expressions``: the condition language (parse to an AST, print back);
  ``conditions``: its type checking; ``evaluation``: three-valued evaluation,
  each condition compiled once into a closure;
  ``derived``: evaluating derived variables and skip logic for one respondent.
- ``loader`` (with ``yamlsource``, ``checks``, ``modules``): YAML → validated
  instrument, every problem with file:line and a fix; ``use: NAME@MAJOR``
  module references from the bundled ``library/``. ``yaml_values``: the
  bound on the values any user YAML file stands for, aliases expanded.
- ``dataset``: the typed column schema of the analysis dataset.
- ``answers/``: checking one respondent's answers (types, codes,
  exclusivity, selection limits, skip logic, consent) before storage, with
  the instrument's checks compiled once per checker; JSON Schema of the answers.
- ``dump``: instrument → YAML. ``file_schema``: JSON Schema of the file format.
- ``xlsform_export`` (with ``xlsform_columns``, ``xlsform_questions``,
  ``xlsform_constraints``, ``xlsform_cells``), ``xlsform_import`` (with
  ``xlsform_read``, ``xlsform_survey``, ``xlsform_classes``, ``xlsform_other``,
  ``xlsform_filters``, ``xlsform_repeats``,
  ``xlsform_metadata``), ``xpath``
  (with ``xpath_parse``): XLSForm / KoboToolbox out and in, relevance
  translated both ways. ``workbooks``: users' .xlsx files through openpyxl,
  bounded and without tracebacks; ``archives``: zip archives checked
  against limits before any reader unpacks them.
- ``limesurvey_import`` (with ``limesurvey_read``: .lss XML of either layout,
  parsed with defusedxml; ``limesurvey_questions`` and ``limesurvey_context``:
  question types, ids and notes; ``limesurvey_expressions``: Expression
  Manager relevance → conditions; ``limesurvey_text``: HTML → plain text,
  language codes → BCP 47): LimeSurvey survey structures in.
  ``import_common``: what every importer shares (the result, validation that
  drops rejected conditions with a note).
- ``render`` (+ ``templates/``), ``describe`` (+ ``describe_wording``): printable questionnaire HTML and
  plain-language skip instructions.
- ``diff`` (with ``diff_compare``, ``diff_render``): version comparison for
  community review, breaking vs compatible, version advice.
- ``review``: community partners' approvals against the content hash.
- ``project``: finding a project folder and reading its config; ``files``:
  reading the user's text files with clear errors; ``locked``: locked modules.
- ``private_files``: writing secrets, codes, stores and datasets readable by
  their owner only, and refusing secrets others can read or replace.
- ``formula_safe``: text cells no spreadsheet runs as a formula (every CSV
  writer and the XLSForm workbook use it).
- ``errors``: the user-error family shared by every package; ``lazy``:
  public names loaded on first use (used by every package's ``__init__``).
- ``cli``, ``clikit``: the ``eqsurvey instrument`` command group (adapters).

Public names are loaded on first use so that importing the package (and so
``eqsurvey --help``) does not pay for pydantic models it does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_exports

_PUBLIC = {
    "Instrument": "model",
    "Section": "model",
    "Question": "questions",
    "LoadedInstrument": "loader",
    "load_instrument": "loader",
    "parse_instrument": "loader",
    "dump_instrument": "dump",
    "DatasetSchema": "dataset",
    "Column": "dataset",
    "dataset_schema": "dataset",
    "diff_instruments": "diff",
    "render_questionnaire": "render",
    "answers_json_schema": "answers.schema",
    "export_xlsform": "xlsform_export",
    "xlsform_bytes": "xlsform_export",
    "import_form": "xlsform_import",
    "import_lss": "limesurvey_import",
    "evaluate_derived": "derived",
    "check_answers": "answers.submission",
    "SubmissionChecker": "answers.submission",
    "CheckedAnswers": "answers.values",
    "is_relevant": "derived",
    "EqSurveyError": "errors",
    "InstrumentError": "errors",
    "InternalError": "errors",
    "Location": "errors",
    "Problem": "errors",
    "Project": "project",
    "locate_project": "project",
    "DECLINED": "text",
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
    "Project",
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
    "locate_project",
    "parse_instrument",
    "render_questionnaire",
    "xlsform_bytes",
]

if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from .answers.schema import answers_json_schema
    from .answers.submission import SubmissionChecker, check_answers
    from .answers.values import CheckedAnswers
    from .dataset import Column, DatasetSchema, dataset_schema
    from .derived import evaluate_derived, is_relevant
    from .diff import diff_instruments
    from .dump import dump_instrument
    from .errors import EqSurveyError, InstrumentError, InternalError, Location, Problem
    from .limesurvey_import import import_lss
    from .loader import LoadedInstrument, load_instrument, parse_instrument
    from .model import Instrument, Section
    from .project import Project, locate_project
    from .questions import Question
    from .render import render_questionnaire
    from .text import DECLINED
    from .xlsform_export import export_xlsform, xlsform_bytes
    from .xlsform_import import import_form
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
