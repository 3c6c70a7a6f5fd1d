"""Which form version each KoboToolbox submission was collected under.

KoboToolbox adds a ``__version__`` field to every form it deploys, holding
the id of the deployed form version (``vHagmzimVwhMJ4C26sX38Q``; formpack
calls it the version's ``version``), and every submission carries it: a
column of the CSV export, a key of each JSON submission. An instrument
imported from that form keeps the id as its ``source_version`` (see
:mod:`instruments.xlsform.metadata`), and so does each earlier version kept
under ``versions/``. A row is checked against, and stored under, the version
whose ``source_version`` (or, for one without, whose own version) is the
row's ``__version__``: answers of an option removed since are then valid
answers of the earlier version, which ``dataset export`` carries through the
reviewed mapping and counts where it cannot.

When a file names versions:

- ``route``: at least one value is a known version. Rows of a known version
  go to it; the others (an unknown or empty value) are not stored, counted
  per value, with the fix (keep that version).
- ``fallback``: no value is a known version, as when the instrument came
  from an XLSForm whose ``settings`` version follows another scheme. The
  rows are read against the current instrument, as before versions were
  told apart, but only if every one of them is valid there; otherwise none
  is stored. A row that fits today's form could still have been collected
  under another one, so this is said once, with the fix.

A file without ``__version__`` values is read against the current instrument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Literal

from instruments.model import Instrument
from instruments.submission import check_answers
from kernel.errors import EqSurveyError, Location, Problem
from survey.importers.cells import shown
from survey.importers.csv_format import CsvRow

__all__ = ["VERSION_FIELD", "VersionRouting", "routing_for"]

VERSION_FIELD = "__version__"
#: How many failing rows a refusal of the whole file lists (each with its problems); the count says the rest.
SHOWN_ROWS = 20

Mode = Literal["none", "route", "fallback"]


def source_key(instrument: Instrument) -> str:
    """What a submission collected under this version carries in ``__version__``."""
    return instrument.source_version or instrument.version


def routing_for(root: Path, current: Instrument) -> VersionRouting:
    """The current instrument and every version kept under ``root/versions`` (read once a row names a version)."""
    return VersionRouting(current, [], root=root)


def _shown(values: Sequence[str]) -> str:
    quoted = [shown(v) if v else "(empty)" for v in values[:5]]  # a hostile file's "version" is not echoed
    return ", ".join(quoted) + (f" and {len(values) - 5} more" if len(values) > 5 else "")


@dataclass
class VersionRouting:
    """The versions a file's rows may be routed to, how they were, and what was refused."""

    current: Instrument
    kept: list[Instrument]
    file: str = ""
    mode: Mode = "none"
    values: list[str] = field(default_factory=list)
    refused: dict[str, list[int]] = field(default_factory=dict)
    routed: dict[str, int] = field(default_factory=dict)
    #: False: every row is read against the current instrument, whatever version it names (no routing asked for).
    read_versions: bool = True
    #: The project whose kept versions (``versions/``) are read as well, only if a row names a version.
    root: Path | None = None

    @cached_property
    def known(self) -> dict[str, Instrument]:
        kept = list(self.kept)
        if self.root is not None:
            from instruments.versions.kept import kept_versions

            kept.extend(k.instrument for k in kept_versions(self.root, self.current))
        # The current instrument last: if a kept version carried the same id, the current one is meant.
        return {source_key(i): i for i in [*kept, self.current]}

    def decide(self, file: str, values: Iterable[str | None]) -> None:
        """Choose the mode from every ``__version__`` value in the file, before any row is read."""
        self.file = file
        distinct = dict.fromkeys((v or "").strip() for v in values)
        self.values = [v for v in distinct if v]
        if not self.values or not self.read_versions:
            self.mode = "none"
        elif any(v in self.known for v in self.values):
            self.mode = "route"
        else:
            self.mode = "fallback"

    def pick(self, value: str | None, number: int) -> Instrument | None:
        """The instrument row ``number`` is read against; None if it is refused (and counted)."""
        if self.mode != "route":
            return self.current
        key = (value or "").strip()
        found = self.known.get(key)
        if found is None:
            self.refused.setdefault(key, []).append(number)
            return None
        self.routed[found.version] = self.routed.get(found.version, 0) + 1
        return found

    def collected_under(self, instrument: Instrument) -> Instrument | None:
        """What a row's ``collected_under`` is: None for the current instrument (stored as before)."""
        return None if instrument is self.current else instrument

    def checked_fallback(self, rows: Iterable[CsvRow]) -> list[CsvRow]:
        """In ``fallback``, every row if all are valid under the current instrument; else the file is refused."""
        kept = list(rows)
        failing: list[Problem] = []
        bad = 0
        for row in kept:
            problems = row.problems + check_answers(self.current, row.answers, Location(row=row.number)).problems
            if problems:
                bad += 1
                if bad <= SHOWN_ROWS:
                    failing.extend(
                        p if p.where.file else replace(p, where=replace(p.where, file=self.file)) for p in problems
                    )
        if not bad:
            return kept
        raise EqSurveyError(
            [
                Problem(
                    "version-unrecognised",
                    Location(file=self.file, field=VERSION_FIELD),
                    f"the submissions name form version(s) {_shown(self.values)}, none of which is the current "
                    f"instrument ({source_key(self.current)}) or a kept one, and {bad} of {len(kept)} row(s) are "
                    "not valid under the current instrument; nothing was stored",
                    self._fix(),
                ),
                *failing,
            ]
        )

    def _fix(self) -> str:
        own = (
            f"; if the rows were collected under the current form, write source_version: '{self.values[0]}' (the id "
            "KoboToolbox gave the deployed form) into the instrument"
            if self.mode == "fallback" and len(self.values) == 1 and shown(self.values[0]).startswith("'")
            else ""
        )
        return (
            "keep the form version the rows were collected under: import that version of the form "
            "(eqsurvey instrument import) and `eqsurvey instrument versions draft OLD_INSTRUMENT.yaml`; an instrument "
            f"imported from KoboToolbox's form JSON, or from the XLSForm KoboToolbox downloads, keeps the id "
            f"submissions carry in {VERSION_FIELD}{own}"
        )

    def notes(self) -> list[str]:
        """What the person importing should know about versions, beyond the refusals."""
        notes = []
        if self.mode == "fallback":
            notes.append(
                f"the submissions name form version(s) {_shown(self.values)}, none of which is the current instrument "
                f"({source_key(self.current)}) or a kept one; every row is valid under the current instrument, so all "
                f"were checked and stored under it ({self.current.version}). If they were collected under another "
                f"form version, {self._fix()}"
            )
        earlier = {v: n for v, n in self.routed.items() if v != self.current.version}
        if earlier:
            listed = ", ".join(f"{n} under {v}" for v, n in sorted(earlier.items()))
            notes.append(
                f"rows checked and stored by the form version each was collected under: {listed} (kept in versions/), "
                f"the others under {self.current.version}; `dataset export` carries them through the reviewed mappings"
            )
        return notes

    def problems(self) -> list[Problem]:
        """One problem per refused ``__version__`` value, with how many rows carried it."""
        problems = []
        for value, numbers in self.refused.items():
            rows = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
            what = f"form version {shown(value)}" if value else "no form version"
            problems.append(
                Problem(
                    "version-unknown",
                    Location(file=self.file, field=VERSION_FIELD),
                    f"{len(numbers)} row(s) ({rows}) name {what}, which is neither the current instrument "
                    f"({source_key(self.current)}) nor a kept version; they were not stored",
                    self._fix(),
                )
            )
        return problems

    def refused_rows(self) -> set[int]:
        return {n for numbers in self.refused.values() for n in numbers}
