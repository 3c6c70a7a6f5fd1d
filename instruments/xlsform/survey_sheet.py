"""Reading an XLSForm's survey sheet into eqsurvey sections, questions and derived variables.

:class:`SurveyReader` maps column languages to tags, walks the survey rows
(groups become sections, nested groups are flattened, questions outside any
group get a section of their own, a ``table-list`` group of one list becomes
a matrix), and collects the conditions to translate once every field name is
known. Privacy classes and analysis roles are read by
:class:`.xlsform_classes.Classes`, which stops the walk when a class is not
one. :mod:`.xlsform_import` turns what it found into an instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from instruments.expressions import syntax as ex
from instruments.identifiers import matrix_row_code
from instruments.importing import brief
from instruments.text import DECLINED
from instruments.xlsform.classes import Classes
from instruments.xlsform.columns import (
    ACKNOWLEDGED,
    CASES_SHEET,
    EQ_DECLINED,
    EQ_PRIVACY,
    EQ_RELEVANT,
    EQ_ROLE,
    EQ_SELF,
    EQ_TYPE,
    EQ_WHEN,
    META_TEXTS,
    MODULES_SHEET,
    OPTIONAL_META_TEXTS,
    TEXTS_SHEET,
    TRUE_TEXT,
)
from instruments.xlsform.constraints import apply_constraint
from instruments.xlsform.filters import Offered, offered_choices
from instruments.xlsform.other import other_question
from instruments.xlsform.questions import Context, XlsType, choice_question, parse_type, yes
from instruments.xlsform.reading import FormSheets, SheetRow
from instruments.xlsform.repeats import BEGIN as _BEGIN
from instruments.xlsform.repeats import END as _END
from instruments.xlsform.repeats import refuse_repeats

_QUESTION_TYPES = {"select_one", "select_multiple", "text", "string", "integer", "int", "decimal"}
#: Columns a question row's translation uses; the rest of a row is reported as not imported.
_QUESTION = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "choice_filter",
}
_BARE = {"type", "name", "label"}


@dataclass
class Cond:
    """A condition to translate once every field name is known."""

    parts: list[tuple[str, str, SheetRow]]  # (XPath, eqsurvey text from our own export or '', row)
    target: dict[str, Any]
    key: str = "relevant"
    #: The question a matrix row's condition belongs to (whose required flag depends on it); else the target.
    owner: dict[str, Any] | None = None


@dataclass
class _Group:
    name: str
    row: SheetRow
    parts: list[tuple[str, str, SheetRow]]
    title: dict[str, str]
    sections: int = 0


class SurveyReader:
    """The survey, choices and languages of one form, read into eqsurvey's terms."""

    def __init__(self, form: FormSheets, default_language: str) -> None:
        self.form = form
        self.ctx = Context.open(form, default_language, ("survey", "choices", CASES_SHEET, MODULES_SHEET, TEXTS_SHEET))
        self.settings = self.ctx.settings
        self.rows = [self.ctx.normal(r) for r in form.sheet("survey").rows]
        self.cases = self.ctx.read_lists(form, CASES_SHEET)
        self.sections: list[dict[str, Any]] = []
        self.derived: list[dict[str, Any]] = []
        self.meta: dict[str, dict[str, str]] = {}
        self.conds: list[Cond] = []
        self.kinds: dict[str, str] = {}
        self.current: dict[str, Any] | None = None
        self.classes = Classes(self.ctx, form)
        #: The row of each question, by id: for problems found once the instrument is assembled.
        self.question_rows: dict[str, SheetRow] = {}

    # --- the survey sheet -----------------------------------------------------------------------

    def walk(self) -> None:
        refuse_repeats(self.ctx, self.rows, self._end_of)
        stack: list[_Group] = []
        i = 0
        while i < len(self.rows):
            row = self.rows[i]
            t = parse_type(row.get("type"))
            if t.base in _BEGIN:
                end = self._end_of(i)
                children = self.rows[i + 1 : end]
                if row.get(EQ_TYPE) == "about":
                    self._about(row, children)
                    i = end + 1
                    continue
                if (row.get(EQ_TYPE) == "matrix" and children) or _table(row, children):
                    self._matrix(row, children, stack)
                    i = end + 1
                    continue
                stack.append(self._group(row, t, stack))
                self.current = None
            elif t.base in _END:
                if not stack:
                    raise self.ctx.fail(
                        "unopened-group", row, f"'{row.get('type')}' closes no group", "delete it, or add the begin row"
                    )
                group = stack.pop()
                if group.sections == 0:
                    self.ctx.note(
                        "empty-group",
                        group.row,
                        f"group '{group.name}' holds nothing eqsurvey imports",
                        "nothing to do, unless it should hold questions",
                        group.name,
                    )
                self.current = None
            elif row.get("type"):
                self._element(row, t, stack)
            i += 1
        self.classes.finish()

    def _end_of(self, start: int) -> int:
        depth = 0
        for i in range(start, len(self.rows)):
            base = parse_type(self.rows[i].get("type")).base
            depth += base in _BEGIN
            depth -= base in _END
            if depth == 0:
                return i
        raise self.ctx.fail(
            "unclosed-group",
            self.rows[start],
            f"the group '{self.rows[start].get('name')}' never ends",
            "add an 'end group' row after its last question",
        )

    def _group(self, row: SheetRow, t: XlsType, stack: list[_Group]) -> _Group:
        name = row.get("name") or f"group_{row.number}"
        parts = [*stack[-1].parts] if stack else []
        if row.get("relevant"):
            parts.append((row.get("relevant"), row.get(EQ_RELEVANT), row))
        if stack:
            self.ctx.note(
                "nested-group",
                row,
                f"group '{name}' inside '{stack[-1].name}' became a section of its own (conditions of both apply)",
                "nothing to do",
                name,
            )
        self.ctx.leftover(row, name, {*_BARE, "relevant", EQ_TYPE, EQ_RELEVANT}, group=True)
        return _Group(name, row, parts, self.ctx.text(row, "label"))

    def _section(self, stack: list[_Group], row: SheetRow) -> dict[str, Any]:
        if self.current is not None:
            return self.current
        if stack:
            g = stack[-1]
            g.sections += 1
            name = g.name if g.sections == 1 else f"{g.name}_{g.sections}"
            sid = self.ctx.identifier(name, g.row if g.sections == 1 else None, "group")
            title = self.ctx.complete(g.title, g.row, f"group '{g.name}'", g.name)
            parts = g.parts
        else:
            sid, parts = self.ctx.identifier("questions", None, "section"), []
            title = {self.ctx.default: self.settings.get("form_title") or "Questions"}
        section: dict[str, Any] = {"id": sid, "title": title, "questions": []}
        if parts:
            self.conds.append(Cond(parts, section))
        self.sections.append(section)
        self.current = section
        return section

    def _element(self, row: SheetRow, t: XlsType, stack: list[_Group]) -> None:
        kind, name = row.get(EQ_TYPE), row.get("name")
        if t.base == "note":
            label, current = self.ctx.text(row, "label"), self.current
            fresh = current is None or (not current["questions"] and "intro" not in current)
            if label and (kind == "intro" or (fresh and not any("${" in v for v in label.values()))):
                self._section(stack, row)["intro"] = self.ctx.complete(label, row, f"note '{name}'", name)
                self.ctx.leftover(row, name, {*_BARE, EQ_TYPE})
            else:
                self.ctx.note(
                    "dropped-note",
                    row,
                    f"note '{name}' was not imported: eqsurvey shows text only as a section's introduction",
                    "move the text into the section intro if it matters",
                    name,
                )
        elif t.base == "calculate" and kind in ("boolean", "categorical"):
            self._derived(row, kind)
        elif t.base == "calculate" and name == "__version__":
            pass  # KoboToolbox's version id: the instrument's source_version (see xlsform_metadata)
        elif t.base in _QUESTION_TYPES or (t.base in ("acknowledge", "trigger") and kind == "consent"):
            questions = self._question(row, t)
            self._section(stack, row)["questions"].extend(questions)
        else:
            what = "a calculation eqsurvey cannot translate" if t.base == "calculate" else f"type '{t.base}'"
            self.ctx.note(
                "unsupported-type",
                row,
                f"'{name}' ({what}) was not imported",
                "eqsurvey asks choice, scale, number, text, matrix and consent questions only",
                name,
            )

    def _question(self, row: SheetRow, t: XlsType) -> list[dict[str, Any]]:
        name, kind = row.get("name"), row.get(EQ_TYPE)
        if not name:
            raise self.ctx.fail("no-name", row, f"this '{row.get('type')}' row has no name", "give it a name")
        qid = self.ctx.identifier(name, row)
        q: dict[str, Any] = {"id": qid, "type": "text", "label": self.ctx.label_text(row, "label", name, required=True)}
        self._common(row, q, kind)
        extra: list[dict[str, Any]] = []
        if t.base.startswith("select"):
            q["type"] = "single_choice"
            listed = self.ctx.lists.get(t.list_name or "")
            offered = offered_choices(self.ctx, row, listed) if listed else None
            choice_question(self.ctx, row, q, t, offered.choices if offered else None)
            if offered and offered.conditions:
                self._option_conditions(row, q, offered)
            whole = all(re.fullmatch(r"-?\d+", o["code"]) for o in q["options"])
            if kind == "scale" and not whole:
                self.ctx.note(
                    "scale",
                    row,
                    "the choice names of a scale must be its whole-number values; it is now a single choice",
                    "name the choices by their values",
                    qid,
                )
            if kind == "scale" and whole and not (offered and offered.conditions):
                q["type"], q["points"] = (
                    "scale",
                    [{"value": int(o["code"]), "label": o["label"]} for o in q.pop("options")],
                )
            if t.or_other:
                extra.append(other_question(self.ctx, row, q))
            if t.extra:
                self.ctx.note("type", row, f"'{t.extra}' after the list name was ignored", "remove it", qid)
        elif t.base in ("integer", "int", "decimal"):
            q.update(type="number", integer=t.base != "decimal")
            if self.ctx.text(row, "eqsurvey_unit"):
                q["unit"] = self.ctx.label_text(row, "eqsurvey_unit", name)
        elif t.base in ("acknowledge", "trigger"):
            q["type"] = "consent"
            self.ctx.flags[qid] = ACKNOWLEDGED
        elif kind == "text":
            q["self_description"] = bool(yes(row.get(EQ_SELF)))
        if q["type"] in ("number", "text", "consent"):
            q["prefer_not_to_say"] = bool(yes(row.get(EQ_DECLINED))) if kind else False
        if q["type"] in ("multi_choice", "number", "text"):
            apply_constraint(self.ctx, row, q, bool(kind))
        elif row.get("constraint"):
            self.ctx.note(
                "constraint",
                row,
                f"the constraint '{brief(row.get('constraint'))}' was not imported",
                "eqsurvey checks answers by question type",
                qid,
            )
        self.ctx.fields[name] = ex.Ref(qid)
        self.kinds[qid] = q["type"]
        self.question_rows[qid] = row
        return [q, *extra]

    def _option_conditions(self, row: SheetRow, q: dict[str, Any], offered: Offered) -> None:
        """Give each option its condition from the choice_filter, translated once every field is known."""
        choices = [c for c in offered.choices if c.get("name") != DECLINED]
        for choice, option in zip(choices, q["options"], strict=True):
            condition = offered.conditions.get(choice.number)
            if condition:
                self.conds.append(Cond([(condition, "", row)], option, owner={"questions": []}))

    def _common(self, row: SheetRow, q: dict[str, Any], kind: str, group: bool = False) -> None:
        name = row.get("name")
        hint = self.ctx.text(row, "hint")
        if hint:
            q["hint"] = self.ctx.complete(hint, row, f"the hint of '{name}'", name)
        required = yes(row.get("required"))
        if required is None:
            self.ctx.note(
                "required",
                row,
                f"required = '{row.get('required')}' is an expression; eqsurvey made '{q['id']}' voluntary",
                "decide whether it must be answered",
                q["id"],
            )
        q["required"] = bool(required)
        if row.get("relevant"):
            self.conds.append(Cond([(row.get("relevant"), row.get(EQ_RELEVANT), row)], q))
        q["privacy"], q["role"] = self.classes.privacy(row, q["id"]), self.classes.role(row, q["id"], "none")
        ours = {EQ_TYPE, EQ_PRIVACY, EQ_ROLE, EQ_DECLINED, EQ_SELF, EQ_RELEVANT, "eqsurvey_unit"}
        self.ctx.leftover(row, name, _QUESTION | ours, group)

    def _matrix(self, group: SheetRow, children: list[SheetRow], stack: list[_Group]) -> None:
        name = group.get("name")
        ours = group.get(EQ_TYPE) == "matrix"
        if not ours:
            self.ctx.note(
                "matrix",
                group,
                f"table-list group '{name}' became one matrix question",
                "its rows are now written matrix.row in conditions",
                name,
            )
        qid = self.ctx.identifier(name, group)
        q: dict[str, Any] = {
            "id": qid,
            "type": "matrix",
            "label": self.ctx.label_text(group, "label", name, required=True),
        }
        self._common(group, q, group.get(EQ_TYPE), group=True)
        choice_question(self.ctx, children[0], q, parse_type(children[0].get("type")))
        q["rows"] = []
        for child in children:
            code = matrix_row_code(name, child.get("name"))
            while code in {r["code"] for r in q["rows"]}:
                code = f"{code}_{len(q['rows']) + 1}"
            r: dict[str, Any] = {
                "code": code,
                "label": self.ctx.label_text(child, "label", child.get("name"), required=True),
            }
            if child.get("relevant"):
                self.conds.append(Cond([(child.get("relevant"), child.get(EQ_RELEVANT), child)], r, owner=q))
            self.ctx.fields[child.get("name")] = ex.Ref(qid, code)
            self.ctx.leftover(child, child.get("name"), {*_BARE, "required", "relevant", EQ_TYPE, EQ_RELEVANT})
            q["rows"].append(r)
        q["required"] = all(yes(c.get("required")) for c in children)
        self.kinds[qid] = "matrix"
        self.question_rows[qid] = group
        self._section(stack, group)["questions"].append(q)

    def _about(self, group: SheetRow, children: list[SheetRow]) -> None:
        self.meta["title"] = self.ctx.label_text(group, "label", "title", required=True)
        for row in children:
            key = row.get(EQ_TYPE)
            if key in META_TEXTS or key in OPTIONAL_META_TEXTS:
                self.meta[key] = self.ctx.label_text(row, "label", key, required=True)

    def _derived(self, row: SheetRow, kind: str) -> None:
        name = row.get("name")
        did = self.ctx.identifier(name, row, "derived variable")
        d: dict[str, Any] = {"id": did, "type": kind, "label": self.ctx.label_text(row, "label", name, required=True)}
        if self.ctx.text(row, "eqsurvey_description"):
            d["description"] = self.ctx.label_text(row, "eqsurvey_description", name)
        d["role"] = self.classes.role(row, did, "breakdown")
        if kind == "boolean":
            d["when"] = row.get(EQ_WHEN)
            self.ctx.flags[did] = TRUE_TEXT
        else:
            d["cases"] = [
                {
                    "code": c.get("name"),
                    "label": self.ctx.label_text(c, "label", c.get("name"), required=True),
                    "when": c.get(EQ_WHEN),
                }
                for c in self.cases.get(name, [])
            ]
        self.ctx.fields[name] = ex.Ref(did)
        ours = {*_BARE, EQ_TYPE, EQ_ROLE, EQ_WHEN, "calculation", "eqsurvey_description"}
        self.ctx.leftover(row, name, ours)
        self.derived.append({"data": d, "row": row})


def _table(group: SheetRow, children: list[SheetRow]) -> bool:
    """A table-list group whose rows all pick from one list: a matrix in all but name."""
    if "table-list" not in group.get("appearance"):
        return False
    types = [parse_type(c.get("type")) for c in children]
    return bool(types) and all(
        t.base == "select_one"
        and t.list_name == types[0].list_name
        and not t.or_other
        and c.get("name")
        and not c.get("choice_filter")
        for t, c in zip(types, children, strict=True)
    )
