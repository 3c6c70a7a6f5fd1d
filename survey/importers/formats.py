"""Which reader a responses file needs, and which writer a simulated file uses.

``--format auto`` looks at the name and first bytes (a workbook: its headings)
only: a LimeSurvey survey archive (``.lsa``) or XML responses (``.lsr``),
KoboToolbox JSON or a CSV or XLSX with Kobo's meta columns, a LimeSurvey CSV
(its ``id``/``submitdate`` columns), else eqsurvey's own CSV. A column-mapping file always means the
generic reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this module; keep --help light
    from instruments.model import Instrument
    from survey.importers.csv_format import CsvRow
    from survey.importers.kobo.versions import VersionRouting


class ImportFormat(StrEnum):
    auto = "auto"
    csv = "csv"
    limesurvey = "limesurvey"
    lsa = "lsa"
    lsr = "lsr"
    kobo = "kobo"
    mapped = "mapped"


class SimulateFormat(StrEnum):
    csv = "csv"
    limesurvey = "limesurvey"
    kobo = "kobo"


def detect(path: Path, mapping: Path | None) -> ImportFormat:
    from survey.importers.kobo.responses import sniff_kobo
    from survey.importers.limesurvey.responses import sniff_limesurvey

    if mapping is not None:
        return ImportFormat.mapped
    if path.suffix.lower() in (".lsa", ".lsr"):
        return ImportFormat(path.suffix.lower()[1:])
    _refuse_limesurvey_structure(path)
    if sniff_kobo(path):
        return ImportFormat.kobo
    if sniff_limesurvey(path):
        return ImportFormat.limesurvey
    return ImportFormat.csv


def _refuse_limesurvey_structure(path: Path) -> None:
    """A LimeSurvey file that holds no responses is named as what it is, not read as a CSV without headings."""
    from instruments.limesurvey.sources import limesurvey_kind

    kind = limesurvey_kind(path)
    if kind in (None, "lsa", "lsr"):
        return
    from kernel.errors import EqSurveyError, Location

    what = "participant table" if kind == "lst" else "timings" if kind == "lsi" else "survey (or part of one)"
    raise EqSurveyError.single(
        "limesurvey-not-responses",
        f"this LimeSurvey file holds its {what}, not responses",
        "import the responses from the survey archive (.lsa) or the CSV export of the responses; "
        "a survey structure goes to `eqsurvey instrument import`",
        Location(file=str(path)),
    )


def reader(
    fmt: ImportFormat,
    instrument: Instrument,
    path: Path,
    mapping: Path | None,
    ignore: frozenset[str] = frozenset(),
    *,
    structure: Path | None = None,
    routing: VersionRouting | None = None,
) -> Iterable[CsvRow]:
    """The rows of the file; ``ignore`` names columns of a LimeSurvey or Kobo export to drop unread.

    ``structure`` is the LimeSurvey ``.lss`` that names the columns of a bare ``.lsr``; ``routing`` the
    form versions a KoboToolbox export's rows are read against (see :mod:`survey.importers.kobo.versions`).
    """
    if fmt in (ImportFormat.lsa, ImportFormat.lsr):
        from survey.importers.limesurvey.lsr import read_lsa, read_lsr

        return (
            read_lsa(instrument, path, ignore)
            if fmt is ImportFormat.lsa
            else read_lsr(instrument, path, structure, ignore)
        )
    if ignore and fmt not in (ImportFormat.limesurvey, ImportFormat.kobo):
        from kernel.errors import EqSurveyError

        raise EqSurveyError.single(
            "ignore-unsupported",
            f"--ignore applies to LimeSurvey and KoboToolbox exports, not to {fmt} files",
            "for any other file, list the columns under 'ignore:' in a column mapping (--mapping)",
        )
    if fmt is ImportFormat.mapped:
        from survey.importers.mapping.responses import read_mapped

        if mapping is None:
            from kernel.errors import EqSurveyError

            raise EqSurveyError.single(
                "mapping-missing",
                "--format mapped needs a column-mapping file",
                "pass --mapping FILE.yaml (draft one with `eqsurvey responses mapping FILE -o mapping.yaml`)",
            )
        return read_mapped(instrument, path, mapping)
    if fmt is ImportFormat.kobo:
        from survey.importers.kobo.responses import read_kobo

        return read_kobo(instrument, path, ignore, routing)
    if fmt is ImportFormat.limesurvey:
        from survey.importers.limesurvey.responses import read_limesurvey_csv

        return read_limesurvey_csv(instrument, path, ignore)
    from survey.importers.csv_format import read_csv

    return read_csv(instrument, path)


def writer(fmt: SimulateFormat, output: Path | None) -> Callable[[Instrument, list[dict[str, Any]]], str]:
    """Kobo exports come as JSON, or as CSV when the output file ends in .csv."""
    if fmt is SimulateFormat.limesurvey:
        from survey.importers.limesurvey.responses import write_limesurvey_csv

        return write_limesurvey_csv
    if fmt is SimulateFormat.kobo:
        from survey.importers.kobo.write import write_kobo_csv, write_kobo_json

        return write_kobo_csv if output is not None and output.suffix.lower() == ".csv" else write_kobo_json
    from survey.importers.csv_format import write_csv

    return write_csv
