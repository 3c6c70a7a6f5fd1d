"""The releases a regional pool combines: contribution files and plain public release files, read and checked.

A **contribution** (``eqsurvey release export ID --for-pooling``) is the public
release (as ``release show --json`` prints it) plus the noisy values of its
hidden count cells (:mod:`.hidden`), marked as meant for a regional pool and not
for publication. A **plain release file** is the public release alone: its
hidden cells are unknown, and a pooled cell that needs one is not shown.

Every file is checked before anything is added up: a release (each problem
named with the file), the same instrument (id and version) and the same count
tables (kind, measure, breakdowns, cells) as the first, each town's release
only once (by id), budgets split alike over the tables (so that the towns'
noise adds up the way the pooled tables state it), and hidden values that sit
in hidden cells of the town's own tables.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.pooling.hidden import NOTE, Place
from analysis.releases.model import Release
from analysis.releases.tables import COUNTED, PublishedTable
from kernel.errors import EqSurveyError, Location

MARK = "eqsurvey_pool_contribution"
FORMAT = 1
_RELEASE_KEYS = ("id", "instrument", "plan", "privacy", "tables", "created_at")
_FIX = "give files written by: eqsurvey release export ID --for-pooling (or eqsurvey release show ID --json)"
SPLIT_TOLERANCE = 1e-6
"""Relative difference allowed between two towns' ratios of noise scales (they come from the same plan split)."""


@dataclass(frozen=True)
class Contribution:
    """One town's release in a pool: the public release and, from a contribution file, its hidden values."""

    file: str
    release: Release
    hidden: Mapping[tuple[str, Place], float] | None
    """Table id and place → noisy value of each hidden count cell; None for a plain release file."""

    def value(self, table: str, place: Place) -> float | None:
        """The cell's noisy value: shown ones as published (unclamped), hidden ones from the contribution."""
        found = self.release.table(table)
        cell = next((c for c in found.cells if c.place == place), None) if found is not None else None
        if cell is None:
            return None
        if not cell.suppressed:
            return float(cell.unclamped if cell.unclamped is not None else cell.count)
        return None if self.hidden is None else self.hidden.get((table, place))


def contribution_document(stored: Release) -> dict[str, Any]:
    """What ``release export --for-pooling`` writes: the public release and its hidden cells' noisy values."""
    section = stored.pooling or {}
    return {
        MARK: {"format": FORMAT, "notice": NOTE},
        "release": stored.shown(),
        "hidden": section.get("hidden", {}),
    }


def _error(file: str, problem: str, fix: str = _FIX) -> EqSurveyError:
    return EqSurveyError.single("pool-file", problem, fix, Location(file=file))


def read_contribution(text: str, file: str) -> Contribution:
    """A contribution or plain release file; a user error naming the file when it is neither."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(file, f"line {exc.lineno}: not JSON ({exc.msg})") from None
    except (ValueError, RecursionError):
        raise _error(file, "not JSON that eqsurvey reads (nested too deeply, or a number too long)") from None
    if not isinstance(document, dict):
        raise _error(file, "not a release: the file holds no JSON object")
    if MARK in document:
        mark = document[MARK]
        if not isinstance(mark, dict) or mark.get("format") != FORMAT:
            raise _error(file, f"a contribution of a format this version does not read ({MARK}.format)")
        shown, hidden = document.get("release"), _hidden(document.get("hidden"), file)
    else:
        shown, hidden = document, None
    missing = [k for k in _RELEASE_KEYS if not isinstance(shown, dict) or k not in shown]
    if missing:
        raise _error(file, f"not a stored release (no {', '.join(missing)})")
    assert isinstance(shown, dict)  # noqa: S101 - checked just above, for the type checker
    release = Release.from_shown(shown, file).public()
    if hidden is not None:
        _check_hidden(release, hidden, file)
    return Contribution(file, release, hidden)


def _hidden(section: Any, file: str) -> dict[tuple[str, Place], float]:
    if not isinstance(section, dict):
        raise _error(file, "hidden: not an object of tables")
    out: dict[tuple[str, Place], float] = {}
    for table_id, cells in section.items():
        if not isinstance(cells, list):
            raise _error(file, f"hidden.{table_id}: not a list of cells")
        for i, cell in enumerate(cells):
            where = f"hidden.{table_id}[{i}]"
            if not isinstance(cell, dict) or not isinstance(cell.get("by"), dict):
                raise _error(file, f"{where}: not a cell (row, measure, by, value)")
            value, by = cell.get("value"), cell["by"]
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise _error(file, f"{where}.value: not a finite number")
            texts = [cell.get("row"), cell.get("measure"), *by.keys(), *by.values()]
            if not all(t is None or isinstance(t, str) for t in texts):
                raise _error(file, f"{where}: its labels are not text")
            place: Place = (cell.get("row"), cell.get("measure"), tuple(sorted(by.items())))
            out[str(table_id), place] = float(value)
    return out


def _check_hidden(release: Release, hidden: Mapping[tuple[str, Place], float], file: str) -> None:
    """Each value must belong to a hidden count cell of the release: anything else is a damaged or forged file."""
    hidden_places = {(t.id, c.place) for t in release.tables if t.kind in COUNTED for c in t.cells if c.suppressed}
    stray = [key for key in hidden if key not in hidden_places]
    if stray:
        table, (row, measure, by) = stray[0]
        raise _error(
            file,
            f"hidden.{table}: a value for a cell the release does not hide ({measure}, {dict(by)}"
            f"{', row ' + row if row else ''})",
            "ask the town for its file again: this one was changed after eqsurvey wrote it",
        )


def _definition(table: PublishedTable) -> tuple[str, str, tuple[str, ...], frozenset[Place]]:
    return table.kind.value, table.measure, table.by, frozenset(c.place for c in table.cells)


def check_together(contributions: Sequence[Contribution]) -> None:
    """The towns' releases may be pooled: two or more, distinct, same instrument and count tables, budgets split
    alike. A user error naming the file that differs from the first otherwise."""
    if len(contributions) < 2:
        raise EqSurveyError.single(
            "pool-files", "a pool needs the releases of at least two towns", "name two or more release files"
        )
    first = contributions[0]
    seen: dict[str, str] = {}
    for c in contributions:
        if c.release.id in seen:
            raise _error(
                c.file,
                f"release {c.release.id} is already in the pool ({seen[c.release.id]})",
                "give each town's release once",
            )
        seen[c.release.id] = c.file
    reference = {t.id: t for t in first.release.tables if t.kind in COUNTED}
    for c in contributions[1:]:
        ours, theirs = first.release.instrument, c.release.instrument
        if (ours.id, ours.version) != (theirs.id, theirs.version):
            raise _error(
                c.file,
                f"made with instrument {theirs.id} {theirs.version}, not {ours.id} {ours.version} like {first.file}",
                "pool releases of the same instrument and version only",
            )
        tables = {t.id: t for t in c.release.tables if t.kind in COUNTED}
        if tables.keys() != reference.keys() or any(
            _definition(tables[k]) != _definition(reference[k]) for k in reference
        ):
            raise _error(
                c.file,
                f"its count tables differ from those of {first.file} (ids, measures, breakdowns or categories)",
                "pool releases made with the same analysis plan tables only",
            )
        _check_split(first, c, reference, tables)


def _check_split(
    first: Contribution, other: Contribution, ours: Mapping[str, PublishedTable], theirs: Mapping[str, PublishedTable]
) -> None:
    """The towns' noise scales must be proportional across tables (the same plan split, any total budget)."""
    ratios = []
    for table_id, table in ours.items():
        mine, yours = table.noise, theirs[table_id].noise
        parts = [*mine.values(), *yours.values()]
        if not mine or not yours or any(p.scale <= 0 for p in parts):
            raise _error(other.file, f"table {table_id}: no noise scale stated", "pool released (noisy) tables only")
        if set(mine) != set(yours):  # one counted each cell on its own, the other centred a multiple choice
            raise _error(
                other.file,
                f"table {table_id} was measured otherwise than in {first.file} ({', '.join(sorted(yours))} against"
                f" {', '.join(sorted(mine))}): the releases were made by eqsurvey versions that measure it differently",
                "pool releases made with the same eqsurvey version (make the older town's release again with it)",
            )
        ratios += [yours[name].scale / mine[name].scale for name in mine]
    if ratios and max(ratios) - min(ratios) > SPLIT_TOLERANCE * max(ratios):
        raise _error(
            other.file,
            f"its plan splits the budget over the tables differently from {first.file}",
            "pool releases made with the same plan's budget shares",
        )
