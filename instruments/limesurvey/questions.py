"""LimeSurvey question types as eqsurvey questions, for :mod:`.limesurvey_import`.

:class:`Builder` turns one :class:`~.limesurvey_read.LsQuestion` into zero,
one or several question dicts (validated later, all at once):

- ``L`` ``!`` ``O`` lists, ``Y`` yes/no, ``G`` gender → ``single_choice``;
- ``5`` → a 1–5 ``scale``; ``M`` ``P`` → ``multi_choice``;
- ``F`` ``H`` (own answers), ``A`` (1–5), ``B`` (1–10), ``E``
  (increase/same/decrease), ``C`` (yes/no/uncertain) → ``matrix``;
- ``S`` ``T`` ``U`` → ``text``; ``N`` → ``number``; ``Q`` and ``K`` → one
  text or number question per subquestion (``Q1_SQ001`` → ``q1_sq001``);
- ``other=Y`` → an option (``oth`` for lists, from LimeSurvey's ``-oth-``;
  ``other`` for multiple choice) and a self-description text question ``<id>_other``.

Ids and codes follow one rule that the LimeSurvey response reader relies on:
question ``to_identifier(code)``, option and row ``to_code(code)``. Dates,
uploads, rankings, display texts, equations, dual-scale and number/text
arrays have no eqsurvey type and are skipped with a note. Relevance is kept
as :class:`Pending` until every question is known.
"""

from __future__ import annotations

import math
from typing import Any

from instruments.expressions import syntax as ex
from instruments.identifiers import to_identifier
from instruments.importing import PLACEHOLDER_BOUNDS, brief
from instruments.limesurvey.context import LsContext
from instruments.limesurvey.expressions import Var
from instruments.limesurvey.reading import LsAnswer, LsQuestion

__all__ = ["SKIPPED", "Builder"]

#: Types with no eqsurvey equivalent, and what they are.
_IMPORTED = frozenset("L!O5YGMPFHABECSTUQNK")
_SKIP_FIX = {
    "X": "put the text into the section's intro by hand",
    "*": "compute it in the analysis (e.g. as a derived variable) instead",
}
SKIPPED = {
    "D": "a date/time question",
    "|": "a file upload",
    "R": "a ranking",
    "X": "a display-only text (boilerplate)",
    "*": "an equation (computed, never asked)",
    "1": "a dual-scale array",
    ":": "an array of numbers",
    ";": "an array of texts",
}
_FIXED = {"A": [str(i) for i in range(1, 6)], "B": [str(i) for i in range(1, 11)], "E": ["I", "S", "D"]}
_FIXED["C"] = ["Y", "N", "U"]


class Builder(LsContext):
    """Turns LimeSurvey questions into eqsurvey question dicts (see the module docstring)."""

    # --- one question ---------------------------------------------------------------------------

    def build(self, q: LsQuestion) -> list[dict[str, Any]]:
        t = q.type
        if t not in _IMPORTED:
            what = SKIPPED.get(t, "an unknown question type")
            self.note(
                "unsupported-type",
                q.line,
                f"question '{q.title}' (type '{t}', {what}) was not imported: eqsurvey has no such question type",
                _SKIP_FIX.get(t, "leave it out, or ask it another way (e.g. as a choice or text question) by hand"),
                q.title,
            )
            return []
        qid = self.identifier(q.title, q.line)
        data: dict[str, Any] = {"id": qid, "label": self.text(q.text, f"question '{q.title}'", q.title, q.line, qid)}
        hint = self.text(q.help, f"the help of '{q.title}'", "", q.line, qid, optional=True)
        if hint:
            data["hint"] = hint
        if q.mandatory == "Y":
            data["required"] = True
        elif q.mandatory == "S":
            self.note(
                "soft-mandatory",
                q.line,
                f"'{qid}' is soft mandatory in LimeSurvey; it is optional here",
                "set required: true if it must be answered",
                qid,
            )
        self.lines[id(data)] = q.line
        if t not in "QK":
            parts, rows = self.own_condition(q)
            self.wait(data, parts, q.line, qid, rows)
        self.dropped_attributes(q, qid)
        if t in "L!O":
            return self._single(q, data, self._options(q.answers, qid, q))
        if t in "YG":
            data.update(
                type="single_choice",
                options=[{"code": c, "label": self.words(c)} for c in ("YN" if t == "Y" else "FM")],
            )
            if t == "G":
                self.note(
                    "gender",
                    q.line,
                    f"'{qid}' is LimeSurvey's gender question (female/male only)",
                    "for self-identification use the eqsurvey gender identity module instead",
                    qid,
                )
            self.names[q.title] = Var("choice", ex.Ref(qid))
            return [data]
        if t == "5":
            data.update(
                type="scale", points=[{"value": i, "label": {tag: str(i) for tag in self.langs}} for i in range(1, 6)]
            )
            self.names[q.title] = Var("number", ex.Ref(qid))
            return [data]
        if t in "MP":
            return self._multi(q, data)
        if t in "FHABEC":
            return self._matrix(q, data)
        if t in "STU":
            data["type"] = "text"
            limit = _number(q.attributes.get("maximum_chars", ""))
            if limit is not None and 1 <= limit <= 20000:
                data["max_length"] = int(limit)
            self.names[q.title] = Var("text", ex.Ref(qid))
            return [data]
        if t == "N":
            self._number(q, data)
            self.names[q.title] = Var("number", ex.Ref(qid))
            return [data]
        return self._split(q, data)

    def _options(self, answers: list[LsAnswer], qid: str, q: LsQuestion) -> list[dict[str, Any]]:
        main = [a for a in answers if a.scale == 0]
        codes = self.codes([(a.code, a.line) for a in main], qid, "answer")
        return [
            {
                "code": c,
                "label": self.text(a.text, f"answer '{a.code}' of '{q.title}'", a.code, a.line, qid),
                "ls": a.code,
            }
            for a, c in zip(main, codes, strict=True)
        ]

    def _other(self, q: LsQuestion, data: dict[str, Any], code: str, relevant: str) -> dict[str, Any]:
        label = self.text(
            q.local_attributes.get("other_replace_text", {}), f"'other' of '{q.title}'", "", q.line, None, optional=True
        )
        data["options"].append(
            {
                "code": code,
                "label": label or self.words("other"),
            }
        )
        oid = self.identifier(f"{q.title}_other", q.line)
        self.names[f"{q.title}_other"] = Var("text", ex.Ref(oid))
        self.note(
            "other",
            q.line,
            f"'other' of '{data['id']}' became option '{code}' and the self-description question '{oid}'",
            "check the wording of both, and the privacy class of the self-description",
            data["id"],
        )
        label_text = {t: f"{v}:" for t, v in data["options"][-1]["label"].items()}
        return {
            "id": oid,
            "type": "text",
            "label": label_text,
            "relevant": relevant,
            "prefer_not_to_say": False,
            "self_description": True,
            "privacy": "special_category",
        }

    def _single(self, q: LsQuestion, data: dict[str, Any], options: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not options:
            self.note(
                "no-options",
                q.line,
                f"list '{q.title}' has no answer options, so it was not imported",
                "add answers in LimeSurvey",
                data["id"],
            )
            self.used.discard(data["id"])
            return []
        data.update(type="single_choice", options=options)
        codes = {o.pop("ls"): o["code"] for o in options}
        out = [data]
        if q.other:
            codes["-oth-"] = "oth"
            out.append(self._other(q, data, "oth", f"{data['id']} == 'oth'"))
        if q.type == "O":
            self.note(
                "comment",
                q.line,
                f"the comment box of list '{data['id']}' was not imported",
                "add a text question after it if the comments matter",
                data["id"],
            )
        self.names[q.title] = Var("choice", ex.Ref(data["id"]), codes={k: v for k, v in codes.items() if k != v})
        return out

    def _subquestions(self, q: LsQuestion, qid: str, what: str) -> list[tuple[LsQuestion, str]]:
        subs = [s for s in q.subquestions if s.scale == 0]
        return list(zip(subs, self.codes([(s.title, s.line) for s in subs], qid, what), strict=True))

    def _multi(self, q: LsQuestion, data: dict[str, Any]) -> list[dict[str, Any]]:
        qid = data["id"]
        subs = self._subquestions(q, qid, "subquestion")
        exclusive = {x.strip() for x in q.attributes.get("exclude_all_others", "").split(";") if x.strip()}
        options = []
        for s, code in subs:
            option: dict[str, Any] = {
                "code": code,
                "label": self.text(s.text, f"subquestion '{s.title}' of '{q.title}'", s.title, s.line, qid),
            }
            if s.title in exclusive:
                option["exclusive"] = True
            options.append(option)
            self.names[f"{q.title}_{s.title}"] = Var("item", ex.Ref(qid), code=code)
            if s.relevance not in ("", "1"):
                self.note(
                    "condition",
                    s.line,
                    f"the condition '{brief(s.relevance)}' of option '{code}' of '{qid}' was not imported: eqsurvey options are always shown",
                    "check it by hand",
                    qid,
                )
        if not options:
            return self._single(q, data, [])
        data.update(type="multi_choice", options=options)
        most = _number(q.attributes.get("max_answers", ""))
        if most is not None and most >= 1 and most == int(most):
            data["max_selections"] = int(most)
        for kind in ("array_filter", "array_filter_exclude"):
            if q.attributes.get(kind, "").strip():
                self.note(
                    "condition",
                    q.line,
                    f"'{qid}': {kind} = {q.attributes[kind]!r} was not imported: eqsurvey options are always shown",
                    "check it by hand",
                    qid,
                )
        self.filters[q.title] = (qid, {s.title: code for s, code in subs})
        out = [data]
        if q.other:
            self.filters[q.title][1]["other"] = "other"
            out.append(self._other(q, data, "other", f"selected({qid}, 'other')"))
        if q.type == "P":
            self.note(
                "comment",
                q.line,
                f"the comment boxes of '{qid}' were not imported",
                "add text questions after it if the comments matter",
                qid,
            )
        return out

    def _row_parts(self, q: LsQuestion, s: LsQuestion, question: str | None) -> list[str | ex.Node]:
        """A subquestion's own relevance and the array filters of its question, for its row or question."""
        parts: list[str | ex.Node] = [s.relevance] if s.relevance not in ("", "1") else []
        for kind in ("array_filter", "array_filter_exclude"):
            for name in (x.strip() for x in q.attributes.get(kind, "").split(";")):
                if not name:
                    continue
                found = self.filters.get(name)
                if found is None or s.title not in found[1]:
                    self.note(
                        "condition",
                        s.line,
                        f"{kind} '{name}' of '{q.title}' was not imported for '{s.title}': "
                        "it names no earlier multiple choice question with that option",
                        "add the condition by hand",
                        question,
                    )
                    continue
                picked = ex.Call("selected", (ex.Ref(found[0]), ex.Literal(found[1][s.title])))
                parts.append(ex.Not(picked) if kind == "array_filter_exclude" else picked)
        return parts

    def _matrix(self, q: LsQuestion, data: dict[str, Any]) -> list[dict[str, Any]]:
        qid = data["id"]
        if q.type in _FIXED:
            numeric = q.type in "AB"
            options: list[dict[str, Any]] = [
                {"code": c, "label": {t: c for t in self.langs} if numeric else self.words(c)} for c in _FIXED[q.type]
            ]
            codes: dict[str, str] = {}
        else:
            options = self._options(q.answers, qid, q)
            codes = {o["ls"]: o["code"] for o in options if o["ls"] != o["code"]}
            for o in options:
                o.pop("ls")
        subs = self._subquestions(q, qid, "subquestion")
        if not options or not subs:
            self.note(
                "no-options",
                q.line,
                f"array '{q.title}' has no "
                + ("answers" if not options else "subquestions")
                + ", so it was not imported",
                "complete it in LimeSurvey",
                qid,
            )
            self.used.discard(qid)
            return []
        rows = []
        for s, code in subs:
            row = {
                "code": code,
                "label": self.text(s.text, f"subquestion '{s.title}' of '{q.title}'", s.title, s.line, qid),
            }
            rows.append(row)
            self.names[f"{q.title}_{s.title}"] = Var("choice", ex.Ref(qid, code), codes=codes)
            self.wait(row, self._row_parts(q, s, qid), s.line, qid)
        data.update(type="matrix", rows=rows, options=options)
        return [data]

    def _number(self, q: LsQuestion, data: dict[str, Any]) -> None:
        attrs = q.attributes
        data["type"] = "number"
        data["integer"] = attrs.get("num_value_int_only", "").strip() == "1"
        bounds = []
        for name in ("min_num_value_n", "max_num_value_n"):
            raw = attrs.get(name, "").strip()
            value = _number(raw)
            if raw and value is None:
                self.note(
                    "number-bounds",
                    q.line,
                    f"the bound {name} of '{data['id']}' is an equation ({brief(raw, 60)!r}), not a number",
                    "set a fixed bound",
                    data["id"],
                )
            bounds.append(value)
        low, high = bounds
        if data["integer"]:
            low = None if low is None else float(math.ceil(low))
            high = None if high is None else float(math.floor(high))
        if low is None or high is None or low >= high:
            low = low if low is not None and low < PLACEHOLDER_BOUNDS[1] else PLACEHOLDER_BOUNDS[0]
            high = high if high is not None and high > low else max(PLACEHOLDER_BOUNDS[1], low + 1)
            self.note(
                "number-bounds",
                q.line,
                f"LimeSurvey gives no complete range for '{data['id']}'; eqsurvey uses {low:g} to {high:g}",
                "set min and max: differential privacy needs real bounds",
                data["id"],
            )
        data["min"], data["max"] = low, high
        unit = q.local_attributes.get("suffix") or {self.ls_default: attrs.get("suffix", "")}
        found = self.text(unit, f"the unit of '{data['id']}'", "", q.line, None, optional=True)
        if found:
            data["unit"] = found

    def _split(self, q: LsQuestion, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Q and K: one text or number question per subquestion."""
        self.used.discard(data["id"])
        if q.type == "K":
            self._number(q, data)
        else:
            data["type"] = "text"
        out = []
        for s in (s for s in q.subquestions if s.scale == 0):
            sid = self.identifier(f"{q.title}_{s.title}", s.line)
            sub = self.text(s.text, f"subquestion '{s.title}' of '{q.title}'", s.title, s.line, sid)
            label = {t: f"{data['label'].get(t) or data['label'][self.default]} — {v}" for t, v in sub.items()}
            item = {k: v for k, v in data.items() if k not in ("id", "label", "relevant")} | {"id": sid, "label": label}
            self.names[f"{q.title}_{s.title}"] = Var(item["type"], ex.Ref(sid))
            out.append(item)
            own, rows = self.own_condition(q)
            self.wait(item, own + self._row_parts(q, s, sid), s.line, sid, rows)
        kind = "text" if q.type == "Q" else "number"
        self.note(
            "split",
            q.line,
            f"'{q.title}' became one {kind} question per subquestion: {', '.join(i['id'] for i in out) or 'none'}",
            f"LimeSurvey's {q.title}_SQ001 is {to_identifier(q.title + '_SQ001')} here",
            data["id"],
        )
        return out


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None
