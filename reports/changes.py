"""Changes between two survey waves as a report: each shared share or mean, its change and the change's interval.

The numbers are :func:`analysis.changes.wave_changes`' (post-processing of
two published releases: no budget spent); this module words them. A change
is called higher or lower only where its 95 % interval excludes 0, and the
page says that a clear change says nothing of its cause. A cell either wave
suppressed is "not shown" there, and has no change. Wave A may have been
made with an earlier questionnaire version: its codes are read through the
reviewed version mapping, and tables whose questions changed meaning are
listed, not compared. Wave B must be of the project's current version.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from analysis.changes import Change, Renames, TableChanges, WaveChanges, wave_changes
from analysis.releases.cells import Estimate
from analysis.releases.model import Release
from analysis.releases.tables import TableKind
from instruments.model import Instrument
from kernel.errors import EqSurveyError
from kernel.formula_safe import safe_cells
from kernel.i18n import Msg
from reports.catalogue import Catalogue
from reports.compare import _column_names, _headers  # the same rows and columns as report compare's
from reports.content import check_instrument
from reports.labels import STATUS_CODES, Label, Labels
from reports.participation import participation
from reports.tables import title

_TITLE = Msg("changes.title", "Changes between survey waves: {title}")
_SUBTITLE = Msg("changes.subtitle", "Wave {first} and wave {second} compared on the indicators both measured")
_WAVES = Msg("changes.waves", "Waves compared")
_WAVES_CAPTION = Msg("changes.waves_caption", "Waves compared: release, date, respondents and privacy budget spent")
_WAVE = Msg("changes.wave", "Wave")
_INTRO = Msg(
    "changes.intro",
    "Each wave asked different respondents. A change is the later wave's figure minus the earlier wave's;"
    " its 95% interval combines both waves' random noise and sampling error. It was worked out from the"
    " published figures alone and spent no privacy budget.",
)
_READING = Msg(
    "changes.reading",
    "A change is called higher or lower only where its 95% interval does not include 0; elsewhere the waves"
    " may differ by chance. A clear change does not say why: the people who answered, the questionnaire or"
    " the way people were invited may also differ between the waves.",
)
_BUDGETS = Msg(
    "changes.budgets",
    "Each wave protects its own respondents with its own privacy budget (ρ as listed); someone who answered"
    " in both waves is protected by the two budgets together.",
)
_CAPTION = Msg("changes.caption", "Table {number}: {title}, change between the waves")
_CHANGE_SHARE = Msg("changes.change_share", "Change (percentage points)")
_CHANGE_MEAN = Msg("changes.change_mean", "Change (points on the scale)")
_HIGHER = Msg("changes.higher", "higher")
_LOWER = Msg("changes.lower", "lower")
_UNCLEAR = Msg("changes.unclear", "no clear change")
_NOT_SHARED = Msg("changes.not_shared", "Tables not in both waves, and so not compared: {tables}.")
_MEANING = Msg(
    "changes.meaning_changed",
    "Tables whose questions changed meaning between the questionnaire versions, and so not compared: {tables}.",
)
_NONE = Msg("changes.none", "The two waves share no table that can be compared.")
_WAVE_OF = Msg("changes.wave_of", "wave {wave}")


@dataclass(frozen=True)
class WaveInfo:
    wave: str
    id: str
    created: str
    version: str
    respondents: str
    rho: str


@dataclass(frozen=True)
class ChangeRow:
    headers: tuple[Label, ...]
    first: tuple[str, str] | None
    second: tuple[str, str] | None
    change: tuple[str, str] | None
    """The change and its interval, in points; None where either wave does not show the cell."""
    reading: str
    cell: Change
    """The numbers behind the row (for the CSV)."""


@dataclass
class ChangeTable:
    id: str
    number: int
    title: Label
    caption: str
    change_header: str
    header_columns: tuple[Label, ...]
    rows: list[ChangeRow]
    kind: TableKind


@dataclass
class ChangesPage:
    t: Catalogue
    title: Label
    subtitle: str
    words: dict[str, str]
    waves: list[WaveInfo]
    tables: list[ChangeTable]
    notes: list[str]
    simulated: bool


def _estimate(shown: Estimate | None, kind: TableKind, t: Catalogue) -> tuple[str, str] | None:
    if shown is None:
        return None
    n = t.numbers
    if kind == "mean":
        return n.decimal_number(shown.value), n.decimal_range(shown.low, shown.high)
    return n.share(shown.value), n.share_range(shown.low, shown.high)


def _change(change: Estimate | None, kind: TableKind, t: Catalogue) -> tuple[str, str] | None:
    if change is None:
        return None
    n = t.numbers
    if kind == "mean":
        value, low, high = (n.decimal_number(v) for v in change)
    else:
        value, low, high = (n.points(v) for v in change)
    sign = "+" if change.value > 0 else ""
    return f"{sign}{value}", f"{low} – {high}"


def _reading(change: Change, t: Catalogue) -> str:
    if change.change is None:
        return ""
    return t(_HIGHER) if change.direction > 0 else t(_LOWER) if change.direction < 0 else t(_UNCLEAR)


def _table(number: int, table: TableChanges, plan: Release, labels: Labels) -> ChangeTable:
    t = labels.t
    heading = title(table.second, plan.plan.table(table.second.id), labels)
    cells = {c.place: c for c in table.second.cells}
    rows = [
        ChangeRow(
            _headers(table.second, cells[c.place], labels),
            _estimate(c.first, table.kind, t),
            _estimate(c.second, table.kind, t),
            _change(c.change, table.kind, t),
            _reading(c, t),
            c,
        )
        for c in table.changes
        if table.kind == "mean" or c.place[1] not in STATUS_CODES
    ]
    change_header = t(_CHANGE_MEAN if table.kind == "mean" else _CHANGE_SHARE)
    return ChangeTable(
        f"c-{number}", number, heading, t(_CAPTION, number=number, title=heading), change_header,
        _column_names(table.second, labels), rows, table.kind,
    )  # fmt: skip


def _check(first: Release, second: Release, instrument: Instrument) -> None:
    check_instrument(second, instrument)
    if first.id == second.id:
        raise EqSurveyError.single(
            "changes-releases", "the two releases are the same one", "name a release of each wave, the earlier first"
        )
    if first.instrument.id != instrument.id:
        raise EqSurveyError.single(
            "release-instrument",
            f"release {first.id} is of survey {first.instrument.id}, not of this project's {instrument.id}",
            "compare releases of the same survey's waves (report compare shows other surveys side by side)",
        )


def compute_changes(first: Release, second: Release, instrument: Instrument, renames: Renames) -> WaveChanges:
    _check(first, second, instrument)
    return wave_changes(first.public(), second.public(), renames)


def build_changes(
    first: Release,
    second: Release,
    waves: tuple[str, str],
    instrument: Instrument,
    lang: str,
    *,
    renames: Renames | None = None,
) -> ChangesPage:
    """The page of changes from the release of one wave (``first``) to that of a later one (``second``)."""
    found = compute_changes(first, second, instrument, renames or Renames())
    t = Catalogue(lang)
    labels = Labels(instrument, t)
    n = t.numbers
    infos = []
    for wave, r in zip(waves, (first, second), strict=True):
        people = participation(r.public(), labels)
        respondents = people.total or (f"≥ {people.at_least}" if people.at_least else "–")
        infos.append(
            WaveInfo(wave, r.id, t.date(r.created_at), r.instrument.version, respondents, n.significant(r.privacy.rho))
        )
    tables = [_table(number, tb, second, labels) for number, tb in enumerate(found.tables, start=1)]
    notes = [t(_READING), t(_BUDGETS)]
    if found.not_shared:
        notes.append(t(_NOT_SHARED, tables=", ".join(found.not_shared)))
    if found.meaning_changed:
        notes.append(t(_MEANING, tables=", ".join(found.meaning_changed)))
    if not tables:
        notes.append(t(_NONE))
    words = {
        "waves": t(_WAVES), "waves_caption": t(_WAVES_CAPTION), "wave": t(_WAVE), "intro": t(_INTRO),
        "first": t(_WAVE_OF, wave=waves[0]), "second": t(_WAVE_OF, wave=waves[1]),
    }  # fmt: skip
    return ChangesPage(
        t=t,
        title=Label(t(_TITLE, title=labels.text(instrument.title)), t.source),
        subtitle=t(_SUBTITLE, first=waves[0], second=waves[1]),
        words=words,
        waves=infos,
        tables=tables,
        notes=notes,
        simulated=first.simulated or second.simulated,
    )


def changes_csv(page: ChangesPage) -> str:
    """The page's tables as one CSV, a row per cell: labels, then each wave's figure and interval and the change,
    as plain numbers (shares as fractions), and the reading. No text cell can run as a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["table", "kind", "cell", "wave_a", "wave_a_low", "wave_a_high", "wave_b", "wave_b_low", "wave_b_high",
         "change", "change_low", "change_high", "reading"]
    )  # fmt: skip
    for table in page.tables:
        for row in table.rows:
            c = row.cell
            numbers = [v for e in (c.first, c.second, c.change) for v in (e if e is not None else ("", "", ""))]
            cells = [str(table.title), table.kind, " · ".join(row.headers), *numbers, row.reading]
            writer.writerow(safe_cells(cells))
    return out.getvalue()


def render_changes(page: ChangesPage) -> str:
    """The page as HTML (``reports.render.render_pdf`` makes its PDF)."""
    from reports.render import page as render_page

    return render_page("changes.html.j2", page.t, c=page)
