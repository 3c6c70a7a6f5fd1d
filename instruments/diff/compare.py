"""Comparing two instruments: which changes there are, and which of them break comparability.

:func:`compare_instruments` walks both versions in the new one's reading order
and records a :class:`Change` for each difference. Each change carries three
flags, decided here by one rule:

``breaking``
    Answers or analysis columns collected under the old version can no longer
    be compared with (pooled with) those collected under the new one: a type
    change, an option or row removed or recoded, scale points changed, number
    bounds narrowed, a question or derived variable removed or redefined,
    ``max_selections`` lowered, an option made exclusive, "prefer not to say"
    withdrawn, a privacy change that moves the column into or out of the
    dataset or its coarsening, an analysis role withdrawn, a language removed.
    The test is always the same: is there an answer that was valid before and
    has no place, or a different meaning in the columns, now?
``wording``
    Text a respondent reads changed (one change per language). Never breaking
    by itself, but a new word can change what people answer.
``review``
    A person should judge it: every breaking and wording change, and
    compatible changes that may shift meaning (conditions, order, new options,
    privacy, required, metadata people consent to), and everything added: a
    new question, section or derived variable is new data about people.

Conditions are compared by their parsed form, so reformatting is not a change;
options and rows are matched by code, and an unmatched pair with the same
wording is reported as recoded rather than removed and added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal, Protocol, TypeVar

from instruments.diff.canonical import canonical_condition, normalised_text
from instruments.model import BooleanDerived, CategoricalDerived, Instrument, Section
from instruments.questions import Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text

Scope = Literal["instrument", "section", "question", "derived"]

# fmt: off
#: Every change kind; the strings are part of the JSON format and do not change.
KINDS = (
    "metadata-changed", "language-added", "language-removed",
    "module-added", "module-removed", "module-version-changed",
    "section-added", "section-removed", "section-renamed", "section-moved", "title-changed", "intro-changed",
    "question-added", "question-removed", "question-moved", "type-changed",
    "label-changed", "hint-changed", "relevance-changed", "required-changed", "prefer-not-to-say-changed",
    "privacy-changed", "role-changed", "coarsening-changed",
    "option-added", "option-removed", "option-recoded", "option-relabelled", "options-reordered", "exclusive-changed",
    "max-selections-changed", "row-added", "row-removed", "row-recoded", "row-relabelled", "rows-reordered",
    "scale-changed", "point-relabelled", "bounds-changed", "integer-changed", "unit-changed",
    "max-length-changed", "self-description-changed",
    "derived-added", "derived-removed", "derived-changed", "derived-relabelled",
)
# fmt: on

# Privacy classes that change which columns exist or how they are coarsened.
_DATASET_SHAPING = frozenset({"direct_identifier", "quasi_identifier"})


@dataclass(frozen=True)
class Change:
    """One difference between the versions; see the module docstring for the flags' rule."""

    kind: str
    scope: Scope
    target: str
    section: str | None = None
    breaking: bool = False
    review: bool = False
    wording: bool = False
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "scope": self.scope,
            "target": self.target,
            "section": self.section,
            "breaking": self.breaking,
            "review": self.review,
            "wording": self.wording,
            "detail": dict(self.detail),
        }


def _moved(old_order: Sequence[str], new_order: Sequence[str]) -> set[str]:
    """Items outside the common subsequence difflib finds: (about) the fewest moves that explain the new order."""
    kept: set[str] = set()
    for block in SequenceMatcher(a=old_order, b=new_order, autojunk=False).get_matching_blocks():
        kept.update(old_order[block.a : block.a + block.size])
    return set(old_order) - kept


class _Coded(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def label(self) -> dict[str, str]: ...


_C = TypeVar("_C", bound=_Coded)


class _Collector:
    """Accumulates changes in reading order; knows the scope, target and section being compared."""

    def __init__(self, old: Instrument, new: Instrument) -> None:
        self.langs = [lang for lang in new.languages if lang in old.languages]
        self.changes: list[Change] = []
        self.scope: Scope = "instrument"
        self.target = new.id
        self.section: str | None = None

    def at(self, scope: Scope, target: str, section: str | None) -> None:
        self.scope, self.target, self.section = scope, target, section

    def add(
        self, kind: str, *, breaking: bool = False, review: bool = False, wording: bool = False, **detail: Any
    ) -> None:
        review = review or breaking or wording
        self.changes.append(Change(kind, self.scope, self.target, self.section, breaking, review, wording, detail))

    def changed(
        self, kind: str, old: Any, new: Any, *, breaking: bool = False, review: bool = True, **detail: Any
    ) -> None:
        """Record ``old → new`` if they differ; ``breaking`` is the rule's verdict for this pair."""
        if old != new:
            self.add(kind, breaking=breaking, review=review, **detail, old=old, new=new)

    def texts(self, kind: str, old: dict[str, str] | None, new: dict[str, str] | None, **detail: Any) -> None:
        # Only languages of both versions: a new language is one language-added, not a change per text.
        for lang in self.langs:
            a, b = (old or {}).get(lang), (new or {}).get(lang)
            if normalised_text(a) != normalised_text(b):
                self.add(kind, wording=True, **detail, lang=lang, old=a, new=b)

    def same_text(self, a: dict[str, str], b: dict[str, str]) -> bool:
        shared = [lang for lang in self.langs if lang in a and lang in b]
        return bool(shared) and all(normalised_text(a[lang]) == normalised_text(b[lang]) for lang in shared)

    def relevance(self, old: str | None, new: str | None, **detail: Any) -> None:
        if canonical_condition(old) != canonical_condition(new):
            self.add("relevance-changed", review=True, **detail, old=old, new=new)

    def coded(self, noun: str, old: Sequence[_C], new: Sequence[_C]) -> list[tuple[_C, _C]]:
        """Options or rows matched by code; an unmatched pair with the same label is a recode."""
        new_map = {i.code: i for i in new}
        old_codes = {i.code for i in old}
        added = [i for i in new if i.code not in old_codes]
        pairs = [(o, new_map[o.code]) for o in old if o.code in new_map]
        for o in (i for i in old if i.code not in new_map):
            match = next((a for a in added if self.same_text(o.label, a.label)), None)
            if match is not None:
                added.remove(match)
                pairs.append((o, match))
                self.add(f"{noun}-recoded", breaking=True, old=o.code, new=match.code, label=dict(match.label))
            else:
                self.add(f"{noun}-removed", breaking=True, code=o.code, label=dict(o.label))
        for a in added:
            # A new category can draw answers away from the old ones, so people should look at it.
            self.add(f"{noun}-added", review=True, code=a.code, label=dict(a.label))
        for o, n in pairs:
            self.texts(f"{noun}-relabelled", o.label, n.label, code=n.code)
        renamed = {o.code: n.code for o, n in pairs}
        before = [renamed[i.code] for i in old if i.code in renamed]
        after = [i.code for i in new if i.code in renamed.values()]
        if _moved(before, after):
            self.add(f"{noun}s-reordered", review=True, old=before, new=after)
        return pairs


def _question(c: _Collector, o: Question, n: Question) -> None:
    c.changed("type-changed", o.type, n.type, breaking=True)
    c.texts("label-changed", o.label, n.label)
    c.texts("hint-changed", o.hint, n.hint)
    c.relevance(o.relevant, n.relevant)
    c.changed("required-changed", o.required, n.required)
    # Withdrawing it leaves the answers coded prefer_not_to_say without a category.
    c.changed("prefer-not-to-say-changed", o.prefer_not_to_say, n.prefer_not_to_say, breaking=o.prefer_not_to_say)
    # Direct identifiers are split off at arrival (the column vanishes); quasi-identifiers are coarsened.
    shaping = bool({o.privacy, n.privacy} & _DATASET_SHAPING)
    c.changed("privacy-changed", o.privacy, n.privacy, breaking=shaping)
    # Coarsening shapes the dataset's columns: analyses of the old bands or groups no longer fit.
    policies = [p.model_dump(mode="json") if (p := getattr(q, "coarsen", None)) else None for q in (o, n)]
    c.changed("coarsening-changed", *policies, breaking=True)
    # Analyses built on the old role no longer apply; giving an unused column a role breaks nothing.
    c.changed("role-changed", o.role, n.role, breaking=o.role != "none")
    if isinstance(o, (SingleChoice, MultiChoice, Matrix)) and isinstance(n, (SingleChoice, MultiChoice, Matrix)):
        for old_opt, new_opt in c.coded("option", o.options, n.options):
            # Old answers may combine a newly exclusive option with others.
            was, now = old_opt.exclusive, new_opt.exclusive
            c.changed("exclusive-changed", was, now, breaking=now, code=new_opt.code)
            c.relevance(old_opt.relevant, new_opt.relevant, option=new_opt.code)
    if isinstance(o, MultiChoice) and isinstance(n, MultiChoice):
        # The bound in force, explicit or implied: DP sensitivity follows it; old answers may exceed a lower one.
        lo, hi = o.selection_limit, n.selection_limit
        c.changed("max-selections-changed", lo, hi, breaking=hi < lo)
    if isinstance(o, Matrix) and isinstance(n, Matrix):
        for old_row, new_row in c.coded("row", o.rows, n.rows):
            c.relevance(old_row.relevant, new_row.relevant, row=new_row.code)
    if isinstance(o, Scale) and isinstance(n, Scale):
        before, after = [p.value for p in o.points], [p.value for p in n.points]
        c.changed("scale-changed", before, after, breaking=True)
        if before == after:
            for op, np_ in zip(o.points, n.points, strict=True):
                c.texts("point-relabelled", op.label, np_.label, value=np_.value)
    if isinstance(o, Number) and isinstance(n, Number):
        # Narrowed bounds leave old answers outside the range; widened ones keep them valid.
        c.changed("bounds-changed", [o.min, o.max], [n.min, n.max], breaking=n.min > o.min or n.max < o.max)
        c.changed("integer-changed", o.integer, n.integer, breaking=n.integer)
        c.texts("unit-changed", o.unit, n.unit)
    if isinstance(o, Text) and isinstance(n, Text):
        c.changed("max-length-changed", o.max_length, n.max_length, breaking=n.max_length < o.max_length)
        c.changed("self-description-changed", o.self_description, n.self_description)


def _metadata(c: _Collector, old: Instrument, new: Instrument) -> None:
    # Targets here are the metadata key, the language tag or the module id.
    c.at("instrument", "id", None)
    c.changed("metadata-changed", old.id, new.id)
    keys = (
        "title",
        "purpose",
        "controller",
        "legal_basis",
        "rights",
        "retention",
        "contact",
        "prefer_not_to_say_label",
    )
    for key in keys:
        # Respondents consent to purpose, controller, legal basis and retention: reviewers must see each word.
        c.at("instrument", key, None)
        c.texts("metadata-changed", getattr(old, key), getattr(new, key))
    c.at("instrument", "estimated_minutes", None)
    c.changed("metadata-changed", old.estimated_minutes, new.estimated_minutes)
    c.at("instrument", "default_language", None)
    c.changed("metadata-changed", old.default_language, new.default_language)
    for lang in new.languages:
        if lang not in old.languages:
            c.at("instrument", lang, None)
            c.add("language-added", review=True, lang=lang)
    for lang in old.languages:
        if lang not in new.languages:
            c.at("instrument", lang, None)
            c.add("language-removed", breaking=True, lang=lang)
    old_mods, new_mods = {m.id: m for m in old.modules}, {m.id: m for m in new.modules}
    for m in new.modules:
        c.at("instrument", m.id, None)
        if m.id not in old_mods:
            c.add("module-added", version=m.version)
        else:
            c.changed("module-version-changed", old_mods[m.id].version, m.version)
    for m in old.modules:
        if m.id not in new_mods:
            c.at("instrument", m.id, None)
            c.add("module-removed", version=m.version)


def _match_sections(old: Instrument, new: Instrument) -> dict[str, str]:
    """Old section id → new section id; a vanished id whose questions went to a new id was renamed."""
    new_ids = {s.id for s in new.sections}
    mapping = {s.id: s.id for s in old.sections if s.id in new_ids}
    fresh = [s for s in new.sections if s.id not in {o.id for o in old.sections}]
    for s in old.sections:
        if s.id in mapping:
            continue
        qids = {q.id for q in s.questions}
        best = max(fresh, key=lambda f: len(qids & {q.id for q in f.questions}), default=None)
        if best is not None and qids & {q.id for q in best.questions}:
            mapping[s.id] = best.id
            fresh.remove(best)
    return mapping


def _sections(c: _Collector, old: Instrument, new: Instrument) -> None:
    mapping = _match_sections(old, new)
    old_by_new = {v: k for k, v in mapping.items()}
    old_sections = {s.id: s for s in old.sections}
    old_questions = {q.id: (q, old.section_of(q.id)) for q in old.questions()}
    new_qids = {q.id for q in new.questions()}
    moved_sections = _moved(
        [mapping[s.id] for s in old.sections if s.id in mapping], [s.id for s in new.sections if s.id in old_by_new]
    )
    for s in new.sections:
        c.at("section", s.id, s.id)
        prior = old_sections.get(old_by_new.get(s.id, ""))
        if prior is None:
            c.add("section-added", review=True, title=dict(s.title))
        else:
            _section_fields(c, prior, s, s.id in moved_sections)
        stayed = [q.id for q in s.questions if q.id in old_questions and mapping.get(old_questions[q.id][1].id) == s.id]
        reordered = _moved([q.id for q in prior.questions if q.id in stayed] if prior else [], stayed)
        for i, q in enumerate(s.questions, 1):
            c.at("question", q.id, s.id)
            if q.id not in old_questions:
                # Partners filter on review: a new question (an e-mail address, say) must reach them.
                c.add("question-added", review=True, type=q.type, label=dict(q.label), privacy=q.privacy, role=q.role)
                continue
            oq, osec = old_questions[q.id]
            if q.id in reordered or q.id not in stayed:
                pos = [x.id for x in osec.questions].index(q.id) + 1
                c.add(
                    "question-moved",
                    review=True,
                    from_section=osec.id,
                    to_section=s.id,
                    old_position=pos,
                    new_position=i,
                )
            _question(c, oq, q)
        for q in prior.questions if prior else []:
            if q.id not in new_qids:
                c.at("question", q.id, s.id)
                c.add("question-removed", breaking=True, type=q.type, label=dict(q.label))
    for s in old.sections:
        if s.id not in mapping:
            c.at("section", s.id, s.id)
            c.add("section-removed", title=dict(s.title))
            for q in s.questions:
                if q.id not in new_qids:
                    c.at("question", q.id, s.id)
                    c.add("question-removed", breaking=True, type=q.type, label=dict(q.label))


def _section_fields(c: _Collector, o: Section, n: Section, moved: bool) -> None:
    if o.id != n.id:
        c.add("section-renamed", old=o.id, new=n.id)
    if moved:
        c.add("section-moved", review=True)
    c.texts("title-changed", o.title, n.title)
    c.texts("intro-changed", o.intro, n.intro)
    c.relevance(o.relevant, n.relevant)


def _definition(d: BooleanDerived | CategoricalDerived) -> dict[str, Any]:
    if isinstance(d, BooleanDerived):
        return {"type": d.type, "when": canonical_condition(d.when)}
    return {"type": d.type, "cases": [{"code": k.code, "when": canonical_condition(k.when)} for k in d.cases]}


def _derived(c: _Collector, old: Instrument, new: Instrument) -> None:
    old_map = old.derived_map
    for d in new.derived:
        c.at("derived", d.id, None)
        o = old_map.get(d.id)
        if o is None:
            c.add("derived-added", review=True, type=d.type, label=dict(d.label), role=d.role)
            continue
        # The same column name would hold differently grouped respondents.
        c.changed("derived-changed", _definition(o), _definition(d), breaking=True)
        c.texts("derived-relabelled", o.label, d.label, field="label")
        c.texts("derived-relabelled", o.description, d.description, field="description")
        if isinstance(o, CategoricalDerived) and isinstance(d, CategoricalDerived):
            old_cases = {k.code: k for k in o.cases}
            for k in d.cases:
                if k.code in old_cases:
                    c.texts("derived-relabelled", old_cases[k.code].label, k.label, field="case", code=k.code)
        c.changed("role-changed", o.role, d.role, breaking=o.role != "none")
    for o in old.derived:
        if o.id not in new.derived_map:
            c.at("derived", o.id, None)
            c.add("derived-removed", breaking=True, type=o.type, label=dict(o.label))


def compare_instruments(old: Instrument, new: Instrument) -> list[Change]:
    """Every change from ``old`` to ``new``, in the new version's reading order."""
    c = _Collector(old, new)
    _metadata(c, old, new)
    _sections(c, old, new)
    _derived(c, old, new)
    return c.changes
