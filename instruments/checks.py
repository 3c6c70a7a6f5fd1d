"""Semantic checks of a structurally valid instrument.

pydantic checks shapes; these check meaning: unique ids and codes, well-typed
conditions that refer only to earlier questions, exclusive options where they
make sense, translations in every declared language, and locked modules left
as published. Each finding carries a path into the instrument so the loader can
turn it into ``file:line``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from instruments.expressions import checking as cond
from instruments.expressions import syntax as ex
from instruments.model import BooleanDerived, CategoricalDerived, Instrument
from instruments.option_defaults import has_declined_label
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice, Text
from instruments.text import DECLINED, RECEIVED_MONTH
from instruments.wording_checks import addressed_words, instruction_in, labels

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    path: Path
    code: str
    problem: str
    fix: str
    severity: str = "error"


def var_type(q: Question) -> cond.VarType:
    """What a question stands for in a condition."""
    if isinstance(q, SingleChoice):
        return cond.VarType("code", frozenset(o.code for o in q.options), what=f"question {q.id}")
    if isinstance(q, MultiChoice):
        return cond.VarType("codes", frozenset(o.code for o in q.options), what=f"question {q.id}")
    if isinstance(q, Matrix):
        return cond.VarType(
            "matrix", frozenset(o.code for o in q.options), frozenset(r.code for r in q.rows), what=f"matrix {q.id}"
        )
    if isinstance(q, (Scale, Number)):
        return cond.VarType("number", what=f"question {q.id}")
    if isinstance(q, Consent):
        return cond.VarType("bool", what=f"consent {q.id}")
    return cond.VarType("text", what=f"question {q.id}")


def derived_type(d: BooleanDerived | CategoricalDerived) -> cond.VarType:
    if isinstance(d, BooleanDerived):
        return cond.VarType("bool", what=f"derived {d.id}")
    return cond.VarType("code", frozenset(c.code for c in d.cases), what=f"derived {d.id}")


def texts(instrument: Instrument) -> Iterator[tuple[Path, dict[str, str] | None, bool]]:
    """Every translatable text with its path; the flag says whether it must exist."""
    for key in ("title", "purpose", "controller", "legal_basis", "retention", "contact"):
        yield (key,), getattr(instrument, key), True
    if instrument.rights is not None:
        yield ("rights",), instrument.rights, True
    if instrument.prefer_not_to_say_label is not None:
        yield ("prefer_not_to_say_label",), instrument.prefer_not_to_say_label, False
    for si, s in enumerate(instrument.sections):
        yield ("sections", si, "title"), s.title, True
        if s.intro is not None:
            yield ("sections", si, "intro"), s.intro, True
        for qi, q in enumerate(s.questions):
            base: Path = ("sections", si, "questions", qi)
            yield (*base, "label"), q.label, True
            if q.hint is not None:
                yield (*base, "hint"), q.hint, True
            if isinstance(q, Number) and q.unit is not None:
                yield (*base, "unit"), q.unit, True
            for attr in ("options", "rows", "points"):
                for oi, o in enumerate(getattr(q, attr, [])):
                    yield (*base, attr, oi, "label"), o.label, True
            coarsen = getattr(q, "coarsen", None)
            for gi, g in enumerate(coarsen.groups or [] if coarsen else []):
                if g.label is not None:
                    yield (*base, "coarsen", "groups", gi, "label"), g.label, True
    for di, d in enumerate(instrument.derived):
        yield ("derived", di, "label"), d.label, True
        if isinstance(d, CategoricalDerived):
            for ci, c in enumerate(d.cases):
                yield ("derived", di, "cases", ci, "label"), c.label, True


def _check_translations(instrument: Instrument) -> Iterator[Finding]:
    langs = instrument.languages
    for path, text, required in texts(instrument):
        if text is None:
            continue
        for lang in text:
            if lang not in langs:
                yield Finding(
                    path,
                    "undeclared-language",
                    f"text in language '{lang}', which is not in the instrument's languages ({', '.join(langs)})",
                    f"add '{lang}' to languages, or remove this translation",
                )
        for lang in langs if required else []:
            if not (text.get(lang) or "").strip():
                default = lang == instrument.default_language
                yield Finding(
                    path,
                    "missing-translation",
                    f"no {'text' if default else 'translation'} in '{lang}'",
                    f"add '{lang}: …' here" + ("" if default else " (eqsurvey instrument translations lists them all)"),
                    "error" if default else "warning",
                )
    needs_declined = any(q.prefer_not_to_say for q in instrument.questions())
    own = instrument.prefer_not_to_say_label or {}
    for lang in langs if needs_declined else []:
        if not own.get(lang) and not has_declined_label(lang):
            yield Finding(
                ("languages",),
                "missing-translation",
                f"eqsurvey has no wording of 'prefer not to say' in '{lang}'",
                f"add it to the instrument: prefer_not_to_say_label: {{{lang}: …}}",
                "warning",
            )


def _check_options(path: Path, q: Question) -> Iterator[Finding]:
    for attr in ("options", "rows", "points"):
        seen: dict[object, int] = {}
        for i, item in enumerate(getattr(q, attr, [])):
            key = getattr(item, "code", getattr(item, "value", None))
            if key == DECLINED:
                yield Finding(
                    (*path, attr, i, "code"),
                    "reserved-code",
                    f"'{DECLINED}' is reserved for the built-in 'prefer not to say'",
                    "remove this option and set prefer_not_to_say: true on the question",
                )
            if key in seen:
                yield Finding(
                    (*path, attr, i),
                    "duplicate-code",
                    f"'{key}' appears twice in {attr} of '{q.id}' (first as item {seen[key] + 1})",
                    "give every option its own code",
                )
            seen.setdefault(key, i)
    if isinstance(q, (SingleChoice, Matrix)):
        for i, o in enumerate(q.options):
            if o.exclusive:
                kind = "single-choice" if isinstance(q, SingleChoice) else "matrix"
                yield Finding(
                    (*path, "options", i, "exclusive"),
                    "exclusive-in-single-choice",
                    f"option '{o.code}' is marked exclusive, but '{q.id}' is a {kind} question where every option already excludes the others",
                    "remove 'exclusive: true', or make the question multi_choice",
                )
    if isinstance(q, Matrix):
        for i, o in enumerate(q.options):
            if o.relevant is not None:
                yield Finding(
                    (*path, "options", i, "relevant"),
                    "matrix-option-condition",
                    f"option '{o.code}' of matrix '{q.id}' has a condition; a matrix offers every row the same options",
                    "remove the condition, or ask the rows as single-choice questions",
                )
    if isinstance(q, MultiChoice):
        inclusive = [o for o in q.options if not o.exclusive]
        if not inclusive:
            yield Finding(
                (*path, "options"),
                "no-inclusive-option",
                f"every option of '{q.id}' is exclusive",
                "make it a single_choice question",
            )
        elif q.max_selections is not None and q.max_selections > len(inclusive):
            yield Finding(
                (*path, "max_selections"),
                "max-selections",
                f"max_selections is {q.max_selections} but only {len(inclusive)} options can be ticked together",
                f"set max_selections to at most {len(inclusive)}, or leave it out",
            )
    if isinstance(q, Scale):
        values = [p.value for p in q.points]
        if values != sorted(values):
            yield Finding(
                (*path, "points"),
                "scale-order",
                f"the points of '{q.id}' are not in ascending order",
                "list the points from the lowest value to the highest",
            )
    if isinstance(q, Consent) and q.prefer_not_to_say:
        yield Finding(
            (*path, "prefer_not_to_say"),
            "consent-declined",
            "a consent question cannot offer 'prefer not to say'",
            "remove prefer_not_to_say: an answer other than yes means no consent",
        )


def _check_roles(path: Path, q: Question) -> Iterator[Finding]:
    if q.privacy == "direct_identifier" and q.role != "none":
        yield Finding(
            (*path, "role"),
            "identifier-in-analysis",
            f"'{q.id}' is a direct identifier and is split off at arrival, so it cannot be a {q.role}",
            "set role: none",
        )
    if isinstance(q, Text) and q.role != "none":
        yield Finding(
            (*path, "role"),
            "text-role",
            f"free text '{q.id}' cannot be a {q.role}: it has no categories to count",
            "set role: none (frequent write-ins are released by a thresholded table in the analysis plan)",
        )
    if isinstance(q, Text) and q.self_description and q.privacy not in ("special_category", "direct_identifier"):
        yield Finding(
            (*path, "privacy"),
            "self-description-privacy",
            f"'{q.id}' is a free self-description but its privacy class is '{q.privacy}'",
            "set privacy: special_category; self-descriptions often reveal ethnic origin, religion or health",
            "warning",
        )


class _Conditions:
    """Checks every condition with the scope of names available at its place."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.scope = cond.Scope()
        self.findings: list[Finding] = []
        self.order: dict[str, int] = {}
        self.questions = instrument.question_map  # built once: a property that builds it anew per call
        all_ids = [q.id for q in instrument.questions()] + [d.id for d in instrument.derived]
        self.scope.later = set(all_ids)
        # A derived variable can be used in skip logic once all its inputs have been asked.
        self.derived_ready: dict[str, int] = {}
        positions = {q.id: i for i, q in enumerate(instrument.questions())}
        never = len(positions) + 1
        for d in instrument.derived:
            refs = [r.name for text in _derived_conditions(d) for r in _safe_refs(text)]
            ready = [positions[n] if n in positions else self.derived_ready.get(n, never) for n in refs]
            self.derived_ready[d.id] = max(ready, default=-1)

    def check(self, path: Path, source: str | None, owner: str | None = None) -> None:
        if source is None:
            return
        self.scope.current = owner
        try:
            node = ex.parse(source)
        except ex.ExpressionSyntaxError as exc:
            self.findings.append(
                Finding(path, "condition-syntax", f"{exc.message} at character {exc.pos + 1} of: {source}", exc.fix)
            )
            return
        questions = self.questions
        for name in dict.fromkeys(r.name for r in ex.references(node)):
            q = questions.get(name)
            if q is not None and q.privacy == "direct_identifier":
                # Whether a later answer is missing would reveal the identifier (or the link to the
                # contact table, which must stay unlinkable to the answers).
                self.findings.append(
                    Finding(
                        path,
                        "identifier-in-analysis",
                        f"this condition uses '{name}', a direct identifier that is split off at arrival (in: {source})",
                        "base skip logic and derived variables on other questions, or reclassify the question if it identifies nobody",
                    )
                )
        for p in cond.check(node, self.scope):
            code = (
                "forward-reference"
                if "forward reference" in p.message or "its own answer" in p.message
                else "condition-type"
            )
            if "is not an option" in p.message or "has no row" in p.message:
                code = "unknown-option"
            elif "unknown question id" in p.message:
                code = "unknown-id"
            self.findings.append(Finding(path, code, f"{p.message} (in: {source})", p.fix))

    def make_available(self, name: str, t: cond.VarType) -> None:
        self.scope.names[name] = t
        self.scope.later.discard(name)

    def run(self) -> list[Finding]:
        position = 0
        for si, s in enumerate(self.instrument.sections):
            self._release_derived(position)
            self.check(("sections", si, "relevant"), s.relevant)
            for qi, q in enumerate(s.questions):
                self._release_derived(position)
                base: Path = ("sections", si, "questions", qi)
                self.check((*base, "relevant"), q.relevant, q.id)
                if isinstance(q, Matrix):
                    for ri, row in enumerate(q.rows):
                        self.check((*base, "rows", ri, "relevant"), row.relevant, q.id)
                for oi, option in enumerate(getattr(q, "options", [])):
                    self.check((*base, "options", oi, "relevant"), option.relevant, q.id)
                self.make_available(q.id, var_type(q))
                position += 1
        for di, d in enumerate(self.instrument.derived):
            if isinstance(d, BooleanDerived):
                self.check(("derived", di, "when"), d.when, d.id)
            else:
                for ci, c in enumerate(d.cases):
                    self.check(("derived", di, "cases", ci, "when"), c.when, d.id)
            self.make_available(d.id, derived_type(d))
        return self.findings

    def _release_derived(self, position: int) -> None:
        for d in self.instrument.derived:
            if d.id not in self.scope.names and self.derived_ready[d.id] < position:
                self.scope.names[d.id] = derived_type(d)
                self.scope.later.discard(d.id)


def _derived_conditions(d: BooleanDerived | CategoricalDerived) -> list[str]:
    return [d.when] if isinstance(d, BooleanDerived) else [c.when for c in d.cases]


def _safe_refs(source: str) -> list[ex.Ref]:
    try:
        return ex.references(ex.parse(source))
    except ex.ExpressionSyntaxError:
        return []


def _check_ids(instrument: Instrument) -> Iterator[Finding]:
    # The dataset adds this column itself: an answer of that name would collide with it.
    seen: dict[str, str] = {RECEIVED_MONTH: "column the dataset adds for the month a response arrived"}
    places: list[tuple[Path, str, str]] = []
    for si, s in enumerate(instrument.sections):
        places.append((("sections", si, "id"), s.id, "section"))
        for qi, q in enumerate(s.questions):
            places.append((("sections", si, "questions", qi, "id"), q.id, "question"))
    for di, d in enumerate(instrument.derived):
        places.append((("derived", di, "id"), d.id, "derived variable"))
    for path, ident, kind in places:
        if ident in seen:
            yield Finding(
                path,
                "duplicate-id",
                f"the id '{ident}' is used twice (this {kind}, and a {seen[ident]})",
                "give every section, question and derived variable its own id",
            )
        else:
            seen[ident] = f"{kind} before it"


def check_instrument(instrument: Instrument) -> list[Finding]:
    """Every semantic problem in the instrument (errors and warnings)."""
    findings: list[Finding] = list(_check_ids(instrument))
    for si, s in enumerate(instrument.sections):
        for qi, q in enumerate(s.questions):
            base: Path = ("sections", si, "questions", qi)
            findings.extend(_check_options(base, q))
            findings.extend(_check_roles(base, q))
    duplicate = any(f.code == "duplicate-id" for f in findings)
    if not duplicate:
        findings.extend(_Conditions(instrument).run())
    findings.extend(_check_translations(instrument))
    findings.extend(_check_wording(instrument))
    return findings


def _check_wording(instrument: Instrument) -> Iterator[Finding]:
    """Reports print labels and the legal basis as they stand: no form instructions, no speaking to respondents."""
    for path, text in labels(instrument):
        for lang, value in text.items():
            part = instruction_in(value)
            if part:
                yield Finding(
                    path,
                    "instruction-in-label",
                    f"the label in '{lang}' carries an instruction for the form: {part!r}",
                    "move the instruction to the question's hint (reports print labels as they stand)",
                    "warning",
                )
    for lang, value in instrument.legal_basis.items():
        words = addressed_words(value, lang)
        if words:
            yield Finding(
                ("legal_basis",),
                "legal-basis-addresses-respondents",
                f"the legal basis in '{lang}' speaks to respondents ({', '.join(dict.fromkeys(words))}), "
                "and reports print it as it stands",
                "state it neutrally (e.g. 'Consent of the respondents under Art. 9(2)(a) GDPR') and put what "
                "respondents can do (withdraw consent, ask for erasure, complain) into 'rights:'",
                "warning",
            )
