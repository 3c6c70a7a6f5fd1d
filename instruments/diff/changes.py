"""What changed between two versions of an instrument, for community review and versioning.

Community partners review every new version, so :func:`diff_instruments`
says in plain terms what changed and which changes stop answers from being
pooled, and whether the new version number says so too. The changes and the
rule that marks them ``breaking``, ``wording`` or ``review`` live in
:mod:`.diff_compare`; the text for reviewers in :mod:`.diff_render`. Each
:class:`Change` has a short stable ``kind`` (see :data:`KINDS`), a ``scope``
and ``target`` (a metadata key, language tag or module id for the instrument;
else a section, question or derived variable id), the ``section`` it belongs
to, and a JSON-ready ``detail``.

Version advice follows semantic versioning: a breaking change needs a new major
version, any other change of structure a new minor version, wording alone a new
patch version; the version must change whenever anything changed. While the
major version is 0 (a draft still being co-designed) every number shifts one
place to the right: breaking → minor, anything else → patch. ``required_bump``
names the kind of change (``major`` = breaking) either way.

JSON shape (``InstrumentDiff.to_json()``, ``format_version`` 1)::

    {"format": "eqsurvey-instrument-diff", "format_version": 1,
     "instrument": "<new id>",
     "old": {"version": "1.0.0", "content_hash": "<sha256>"},
     "new": {"version": "2.0.0", "content_hash": "<sha256>"},
     "breaking": bool, "compatible": bool,
     "required_bump": "major" | "minor" | "patch" | null,
     "suggested_version": "2.0.0" | null, "version_problem": str | null,
     "summary": {"changes": int, "breaking": int, "review": int, "wording": int},
     "changes": [{"kind": str, "scope": "instrument" | "section" | "question" | "derived",
                  "target": str, "section": str | null,
                  "breaking": bool, "review": bool, "wording": bool, "detail": {...}}]}

``detail`` by kind: wording kinds ``{lang, old, new}`` (``old``/``new`` may be
null when a translation was added or removed) plus ``code`` (option/row,
derived case), ``value`` (scale point) or ``field`` (derived label/description/
case); relevance ``{old, new}`` as written, plus ``row`` for matrix rows;
``*-added``/``*-removed`` ``{code, label}`` or ``{type, label}`` / ``{title}``,
``question-added`` also ``{privacy, role}`` and ``derived-added`` ``{role}``;
``*-recoded`` ``{old, new, label}``; ``question-moved`` ``{from_section,
to_section, old_position, new_position}`` (1-based within the section);
``language-*`` ``{lang}``; ``module-added``/``-removed`` ``{version}``;
``section-moved`` ``{}``; ``derived-changed`` ``{old, new}`` each
``{type, when}`` or ``{type, cases: [{code, when}]}`` with canonical
conditions; ``exclusive-changed`` ``{code, old, new}``; every other kind
``{old, new}``. Changes are listed in reading order of the new version:
instrument, then section by section (removed sections last), then derived
variables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from instruments.diff.compare import KINDS, Change, compare_instruments
from instruments.diff.text import render_diff
from instruments.model import Instrument

__all__ = ["KINDS", "Change", "InstrumentDiff", "diff_instruments"]

FORMAT_VERSION = 1
Bump = Literal["major", "minor", "patch"]
_SEMVER_CORE = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class InstrumentDiff:
    """The changes from ``old_version`` to ``new_version``, with version advice and renderings."""

    old_version: str
    new_version: str
    changes: list[Change]
    instrument_id: str = ""
    old_hash: str = ""
    new_hash: str = ""
    default_language: str = "en"
    #: Question and derived labels, and section titles, by id (new wording over old), so that the
    #: text can be rendered without the instruments. Sections apart: an old section id may be a new question id.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    section_titles: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    @property
    def compatible(self) -> bool:
        """Answers under both versions can be pooled (there may still be changes to review)."""
        return not self.breaking

    @property
    def required_bump(self) -> Bump | None:
        """Semantic versioning: breaking → major; structure → minor; wording only → patch."""
        if not self.changes:
            return None
        if self.breaking:
            return "major"
        return "patch" if all(c.wording for c in self.changes) else "minor"

    @property
    def suggested_version(self) -> str | None:
        bump, core = self.required_bump, _core(self.old_version)
        if bump is None or core is None:
            return None
        major, minor, patch = core
        place = _place(bump, core)
        if place == "major":
            return f"{major + 1}.0.0"
        return f"{major}.{minor + 1}.0" if place == "minor" else f"{major}.{minor}.{patch + 1}"

    @property
    def version_problem(self) -> str | None:
        """Why the new version number does not fit the changes, or None if it does."""
        old, new = _core(self.old_version), _core(self.new_version)
        if old is None or new is None:
            return None  # the model validates versions; nothing sensible to say otherwise
        if new < old:
            return f"the new version {self.new_version} is lower than the old version {self.old_version}"
        bump = self.required_bump
        if bump is None:
            return None
        step = f"({self.old_version} → {self.new_version}); use {self.suggested_version}"
        if self.new_version == self.old_version:
            return (
                f"{len(self.changes)} change(s) but the version is still {self.old_version}; "
                f"raise it to {self.suggested_version} so reviews and stored answers name the right version"
            )
        raised = _raised(old, new)
        if raised is None:
            return None  # a pre-release and its release share a core; a pre-release promises nothing
        needed = _place(bump, old)
        if _RANK[raised] >= _RANK[needed]:
            return None
        if bump == "major":
            n = sum(c.breaking for c in self.changes)
            draft = "; while the major version is 0, the minor version marks breaking changes" if old[0] == 0 else ""
            return (
                f"{n} breaking change(s) but the {needed} version was not raised {step}{draft}, "
                "so that answers that cannot be compared are not pooled"
            )
        return f"the questionnaire's structure changed but only the patch version was raised {step}"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "eqsurvey-instrument-diff",
            "format_version": FORMAT_VERSION,
            "instrument": self.instrument_id,
            "old": {"version": self.old_version, "content_hash": self.old_hash},
            "new": {"version": self.new_version, "content_hash": self.new_hash},
            "breaking": self.breaking,
            "compatible": self.compatible,
            "required_bump": self.required_bump,
            "suggested_version": self.suggested_version,
            "version_problem": self.version_problem,
            "summary": {
                "changes": len(self.changes),
                "breaking": sum(c.breaking for c in self.changes),
                "review": sum(c.review for c in self.changes),
                "wording": sum(c.wording for c in self.changes),
            },
            "changes": [c.to_json() for c in self.changes],
        }

    def render_text(self, lang: str | None = None) -> str:
        """Plain text for reviewers; with ``lang``, wording is shown in that language only."""
        return render_diff(self, lang)


_RANK: dict[Bump, int] = {"patch": 1, "minor": 2, "major": 3}


def _place(bump: Bump, core: tuple[int, int, int]) -> Bump:
    """Which number marks a change of this kind: while the major version is 0 the instrument is a
    draft (SemVer item 4), so, as in Cargo, the minor number marks breaking changes and the patch the rest."""
    if core[0] == 0:
        return "minor" if bump == "major" else "patch"
    return bump


def _raised(old: tuple[int, int, int], new: tuple[int, int, int]) -> Bump | None:
    """The left-most number that went up (``new`` is not lower than ``old``)."""
    places: tuple[Bump, Bump, Bump] = ("major", "minor", "patch")
    for place, a, b in zip(places, old, new, strict=True):
        if b != a:
            return place
    return None


def _core(version: str) -> tuple[int, int, int] | None:
    m = _SEMVER_CORE.match(version)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def diff_instruments(old: Instrument, new: Instrument) -> InstrumentDiff:
    """Every change from ``old`` to ``new`` (see :mod:`.diff_compare` for the rule), with version advice."""
    labels: dict[str, dict[str, str]] = {}
    titles: dict[str, dict[str, str]] = {}
    for inst in (old, new):  # new wording wins
        titles.update({s.id: dict(s.title) for s in inst.sections})
        labels.update({q.id: dict(q.label) for q in inst.questions()})
        labels.update({d.id: dict(d.label) for d in inst.derived})
    return InstrumentDiff(
        old_version=old.version,
        new_version=new.version,
        changes=compare_instruments(old, new),
        instrument_id=new.id,
        old_hash=old.content_hash(),
        new_hash=new.content_hash(),
        default_language=new.default_language,
        labels=labels,
        section_titles=titles,
    )
