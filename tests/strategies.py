"""Hypothesis strategies for random, valid instruments.

:func:`instruments` draws whole instruments that pass the loader's checks
without errors: every question type, 1-3 languages (sometimes Easy German or
Arabic), Unicode labels, exclusive options and selection limits within
bounds, skip logic that refers only to earlier questions (never direct
identifiers) and to codes that exist, derived variables, and sometimes the
instrument's own wording of "prefer not to say". Round-trip tests (YAML,
XLSForm) share it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from instruments.expressions import syntax as ex
from instruments.model import Instrument
from instruments.text import DECLINED

__all__ = ["conditions_for", "instruments", "labels", "local_texts"]

Draw = Callable[[st.SearchStrategy[Any]], Any]

_LANGUAGE_POOL = ("de", "en", "tr", "fr", "uk", "de-x-ls", "ar")
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}

#: Printable text: no control, surrogate, private-use, unassigned or line-separator characters.
labels = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1, max_size=16
).filter(lambda s: bool(s.strip()))

_codes = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,5}[A-Za-z0-9])?", fullmatch=True).filter(
    lambda c: "__" not in c
)
# Matrix row codes are written as q.row in conditions, so they must read as one word there.
_row_codes = st.from_regex(r"[a-z][a-z0-9_-]{0,5}", fullmatch=True).filter(
    lambda c: "__" not in c and c not in _KEYWORDS and not c.endswith(("_", "-"))
)
_id_bases = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda s: "__" not in s)


def local_texts(languages: list[str]) -> st.SearchStrategy[dict[str, str]]:
    """A text in every one of the languages."""
    return st.fixed_dictionaries({lang: labels for lang in languages})


class _Ids:
    """Unique ids: a random stem plus a running number (so never a keyword, never '__')."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        stem: str = self.draw(_id_bases)
        return f"{stem}{self.n}" if not stem.endswith("_") else f"{stem}x{self.n}"


def _unique(draw: Draw, items: st.SearchStrategy[str], lo: int, hi: int) -> list[str]:
    return list(draw(st.lists(items, min_size=lo, max_size=hi, unique=True)))


# --- conditions ----------------------------------------------------------------------------------


def _atom(draw: Draw, q: dict[str, Any]) -> ex.Node:
    """One well-typed test on an earlier question (or derived variable)."""
    ref = ex.Ref(q["id"])
    kind = q["type"]
    if kind == "matrix":
        row = draw(st.sampled_from([r["code"] for r in q["rows"]]))
        ref = ex.Ref(q["id"], row)
        kind = "single_choice"
    if kind in ("single_choice", "multi_choice", "categorical"):
        codes = [o["code"] for o in q["options"]] if kind != "categorical" else [c["code"] for c in q["cases"]]
        code = ex.Literal(draw(st.sampled_from(codes)))
        choices: list[ex.Node] = [ex.Call("selected", (ref, code))] if kind != "categorical" else []
        if kind == "multi_choice":
            choices.append(ex.Compare(">=", ex.Call("count_selected", (ref,)), ex.Literal(draw(st.integers(1, 3)))))
        else:
            many = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True))
            choices += [
                ex.Compare(draw(st.sampled_from(["==", "!="])), ref, code),
                ex.In(ref, tuple(ex.Literal(c) for c in many), draw(st.booleans())),
            ]
    elif kind in ("scale", "number"):
        if kind == "scale":
            value: int | float = draw(st.sampled_from([p["value"] for p in q["points"]]))
        else:
            value = draw(st.one_of(st.integers(-50, 50), st.sampled_from([0.5, 2.25, -1.5])))
        choices = [ex.Compare(draw(st.sampled_from(ex.COMPARISONS)), ref, ex.Literal(value))]
    elif kind in ("consent", "boolean"):
        choices = [ref, ex.Compare("==", ref, ex.Literal(draw(st.booleans())))]
    else:
        choices = [ex.Compare("!=", ref, ex.Literal(draw(labels)))]
    if kind not in ("boolean", "categorical"):
        choices += [ex.Call("answered", (ref,)), ex.Call("declined", (ref,))]
    chosen: ex.Node = draw(st.sampled_from(choices))
    return chosen


def conditions_for(draw: Draw, earlier: list[dict[str, Any]]) -> str:
    """A condition over some of the earlier questions, as eqsurvey text."""
    atoms = [_atom(draw, draw(st.sampled_from(earlier))) for _ in range(draw(st.integers(1, 3)))]
    node: ex.Node = atoms[0] if len(atoms) == 1 else ex.BoolOp(draw(st.sampled_from(["and", "or"])), tuple(atoms))
    if draw(st.integers(0, 4)) == 0:
        node = ex.Not(node)
    return ex.unparse(node)


# --- questions -----------------------------------------------------------------------------------


def _options(draw: Draw, langs: list[str], lo: int = 1) -> list[dict[str, Any]]:
    codes = _unique(draw, _codes.filter(lambda c: c != "prefer_not_to_say"), lo, 4)
    return [{"code": c, "label": draw(local_texts(langs))} for c in codes]


def _question(draw: Draw, qid: str, langs: list[str], earlier: list[dict[str, Any]]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["single_choice", "multi_choice", "scale", "number", "text", "matrix", "consent"]))
    q: dict[str, Any] = {"id": qid, "type": kind, "label": draw(local_texts(langs))}
    if draw(st.booleans()):
        q["hint"] = draw(local_texts(langs))
    q["required"] = draw(st.booleans())
    if kind != "consent":
        q["prefer_not_to_say"] = draw(st.booleans())
    if earlier and draw(st.integers(0, 2)) == 0:
        q["relevant"] = conditions_for(draw, earlier)
    privacy = draw(st.sampled_from(["direct_identifier", "quasi_identifier", "special_category", "other"]))
    q["privacy"] = privacy
    if privacy != "direct_identifier" and kind != "text":
        q["role"] = draw(st.sampled_from(["breakdown", "outcome", "none"]))
    if kind == "single_choice":
        q["options"] = _options(draw, langs)
    elif kind == "multi_choice":
        options = _options(draw, langs, lo=2)
        for o in options[1:]:
            o["exclusive"] = draw(st.integers(0, 3)) == 0
        q["options"] = options
        inclusive = sum(1 for o in options if not o.get("exclusive"))
        if draw(st.booleans()):
            q["max_selections"] = draw(st.integers(1, inclusive))
    elif kind == "scale":
        values = sorted(draw(st.lists(st.integers(-3, 10), min_size=2, max_size=5, unique=True)))
        q["points"] = [{"value": v, "label": draw(local_texts(langs))} for v in values]
    elif kind == "number":
        q["integer"] = whole = draw(st.booleans())
        lo = draw(st.integers(-100, 100) if whole else st.sampled_from([0, 0.5, -2.75, 1e-3]))
        q["min"], q["max"] = lo, lo + draw(st.sampled_from([1, 120, 10**6] if whole else [1, 7.5, 1e20]))
        if draw(st.booleans()):
            q["unit"] = draw(local_texts(langs))
    elif kind == "text":
        q["max_length"] = draw(st.integers(1, 20000))
        q["self_description"] = draw(st.booleans())
        if q["self_description"] and privacy not in ("special_category", "direct_identifier"):
            q["privacy"] = "special_category"
    elif kind == "matrix":
        rows = _unique(draw, _row_codes, 1, 3)
        q["rows"] = [{"code": r, "label": draw(local_texts(langs))} for r in rows]
        for row in q["rows"]:
            if earlier and draw(st.integers(0, 3)) == 0:
                row["relevant"] = conditions_for(draw, earlier)
        q["options"] = _options(draw, langs)
    return q


def _derived(draw: Draw, did: str, langs: list[str], known: list[dict[str, Any]]) -> dict[str, Any]:
    d: dict[str, Any] = {"id": did, "label": draw(local_texts(langs))}
    if draw(st.booleans()):
        d["description"] = draw(local_texts(langs))
    d["role"] = draw(st.sampled_from(["breakdown", "outcome", "none"]))
    if draw(st.booleans()):
        d["type"] = "boolean"
        d["when"] = conditions_for(draw, known)
    else:
        d["type"] = "categorical"
        codes = _unique(draw, _codes, 1, 3)
        d["cases"] = [
            {"code": c, "label": draw(local_texts(langs)), "when": conditions_for(draw, known)} for c in codes
        ]
    return d


@st.composite
def _instrument_data(draw: Draw) -> dict[str, Any]:
    langs = list(draw(st.lists(st.sampled_from(_LANGUAGE_POOL), min_size=1, max_size=3, unique=True)))
    ids = _Ids(draw)
    earlier: list[dict[str, Any]] = []
    # Direct identifiers are split off at arrival, so no condition or derived variable may use them.
    usable: list[dict[str, Any]] = []
    sections = []
    for _ in range(draw(st.integers(1, 3))):
        section: dict[str, Any] = {"id": ids(), "title": draw(local_texts(langs))}
        if draw(st.booleans()):
            section["intro"] = draw(local_texts(langs))
        if usable and draw(st.integers(0, 3)) == 0:
            section["relevant"] = conditions_for(draw, usable)
        questions = []
        for _ in range(draw(st.integers(1, 3))):
            q = _question(draw, ids(), langs, usable)
            questions.append(q)
            earlier.append(q)
            if q["privacy"] != "direct_identifier":
                usable.append(q)
        section["questions"] = questions
        sections.append(section)
    derived: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 2)) if usable else 0):
        d = _derived(draw, ids(), langs, usable + derived)
        derived.append(d)
    data: dict[str, Any] = {
        "id": draw(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True)),
        "version": f"{draw(st.integers(0, 30))}.{draw(st.integers(0, 9))}.{draw(st.integers(0, 9))}",
        "title": draw(local_texts(langs)),
        "languages": langs,
        "default_language": draw(st.sampled_from(langs)),
        **{key: draw(local_texts(langs)) for key in ("purpose", "controller", "legal_basis", "retention", "contact")},
        "sections": sections,
        "derived": derived,
    }
    if draw(st.booleans()):  # what respondents can do, beside the neutral legal basis
        data["rights"] = draw(local_texts(langs))
    if draw(st.booleans()):
        data["estimated_minutes"] = draw(st.integers(1, 240))
    if draw(st.integers(0, 3)) == 0:
        # The instrument's own wording of "prefer not to say", in some of its languages.
        own = draw(st.lists(st.sampled_from(langs), min_size=1, max_size=len(langs), unique=True))
        data["prefer_not_to_say_label"] = {lang: draw(labels) for lang in own}
    if draw(st.integers(0, 3)) == 0:
        used = [q["id"] for q in earlier[: draw(st.integers(1, len(earlier)))]]
        data["modules"] = [
            {
                "id": ids(),
                "version": "1.0.0",
                "title": draw(local_texts(langs)),
                "source": {
                    "citation": draw(labels),
                    "url": draw(st.one_of(st.none(), st.just("https://example.org/m"))),
                },
                "questions": used,
                "derived": [d["id"] for d in derived[:1]],
            }
        ]
    return data


def instruments() -> st.SearchStrategy[Instrument]:
    """Random valid instruments (``check_instrument`` finds no errors in them)."""
    return _instrument_data().map(Instrument.model_validate)


# --- answers the checks would refuse ---------------------------------------------------------------


def _odd_value(instrument: Instrument, qid: str) -> st.SearchStrategy[Any]:
    q = instrument.question_map[qid]
    codes = [o.code for o in getattr(q, "options", [])] or ["x"]
    rows = [r.code for r in getattr(q, "rows", [])] or ["r"]
    points = [p.value for p in getattr(q, "points", [])]
    scalar = st.one_of(
        st.none(),
        st.sampled_from([*codes, *points, DECLINED, "", True, False, 1, 0, 1.0, 0.0, 2, -1.5, "1"]),
        st.integers(),
        st.text(max_size=5),
    )
    return st.one_of(
        scalar,
        st.lists(st.sampled_from([*codes, DECLINED, 1]), max_size=4),
        st.dictionaries(st.sampled_from([*rows, "zz"]), scalar, max_size=len(rows) + 1),
    )


def odd_answers(instrument: Instrument) -> st.SearchStrategy[dict[str, Any]]:
    """Answer sets mixing valid codes with values no check lets through: True beside 1 and 1.0, lists in
    any order, rows as dicts with unknown rows, empty strings, codes of no question."""
    qids = [q.id for q in instrument.questions()]
    return st.fixed_dictionaries(
        {}, optional={**{qid: _odd_value(instrument, qid) for qid in qids}, "not_a_question": st.integers()}
    )
