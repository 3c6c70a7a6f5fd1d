"""Importing an XLSForm (ODK, KoboToolbox, pyxform's md/csv) as an eqsurvey instrument.

:func:`import_form` reads any layout :mod:`.xlsform_read` knows, reads the
survey with :class:`.xlsform_survey.SurveyReader`, translates relevance with
:func:`.xpath.from_xpath`, fills in what a foreign form never states (purpose,
controller, legal basis, retention, contact) with placeholders, and returns a
valid :class:`~instruments.model.Instrument` together with *notes*: one
warning for everything that could not be carried over, each naming the row
and the question. Nothing is dropped silently. What the form says about
itself (id, version, purpose …, modules) is read by :mod:`.xlsform_metadata`.

Two things stop an import instead of becoming notes, because they would
otherwise reach respondents or the analysis dataset: a privacy class that is
not one (see :mod:`.xlsform_classes`), and a locked library module (the
Washington Group questions) whose wording was edited in the spreadsheet.

A workbook written by :func:`.xlsform_export.export_xlsform` comes back
exactly, through its ``eqsurvey_*`` columns, unless someone edited it in
between; then the spreadsheet wins where it is the truth (labels, lists,
XPath) and a note says which extra column was out of date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from instruments.expressions import syntax as ex
from instruments.importing import ImportResult, brief, validate_repairing
from instruments.locked import check_locked
from instruments.model import Instrument
from instruments.xlsform.columns import EQ_WHEN
from instruments.xlsform.export import boolean_calculation, categorical_calculation
from instruments.xlsform.metadata import declined_labels, identity, leftover_sheets, modules
from instruments.xlsform.reading import SheetRow, read_sheets
from instruments.xlsform.survey_sheet import Cond, SurveyReader
from instruments.xlsform.xpath import XPathError, from_xpath, to_xpath
from kernel.errors import InstrumentError, Location, Problem

__all__ = ["ImportResult", "import_form"]


class _Assembler:
    def __init__(self, reader: SurveyReader) -> None:
        self.r = reader
        self.ctx = reader.ctx
        self.rows: dict[int, SheetRow] = {}

    def note(self, code: str, row: SheetRow | None, problem: str, fix: str, question: str | None = None) -> None:
        self.ctx.note(code, row, problem, fix, question)

    def run(self) -> ImportResult:
        leftover_sheets(self.r)
        for cond in self.r.conds:
            self._resolve(cond)
        sections = []
        for s in self.r.sections:
            if s["questions"]:
                sections.append(s)
            else:
                self.note(
                    "empty-group",
                    None,
                    f"section '{s['id']}' would hold no question, so it was left out",
                    "nothing to do, unless it should hold questions",
                    s["id"],
                )
        data: dict[str, Any] = {**identity(self.r), "sections": sections, "derived": self._derived()}
        used = modules(self.r)
        if used:
            data["modules"] = used
        if not sections:
            raise InstrumentError(
                [
                    Problem(
                        "no-questions",
                        Location(file=self.ctx.source),
                        "the form has no question eqsurvey can import",
                        "add choice, number, text or matrix questions",
                    )
                ]
            )
        instrument = self._validate(data)
        self._locked(instrument)
        declined_labels(self.r, instrument)
        return ImportResult(instrument, self.ctx.notes)

    def _locked(self, instrument: Instrument) -> None:
        """Refuse edited locked modules (the Washington Group questions) now, not at the next validate."""
        errors = []
        for p in check_locked(instrument):
            qid = p.where.question
            row = self.r.question_rows.get(qid or "")
            if p.severity != "error":
                self.note(p.code, row, p.problem, p.fix, qid)
                continue
            where = Location(file=self.ctx.source, row=row.number if row else None, question=qid)
            fix = f"undo the edit in the spreadsheet, or {p.fix} in the instrument and export it again"
            errors.append(Problem(p.code, where, p.problem, fix))
        if errors:
            raise InstrumentError(errors)

    # --- conditions -------------------------------------------------------------------------------

    def _resolve(self, cond: Cond) -> None:
        nodes: list[ex.Node] = []
        kept = ""
        for xpath, original, row in cond.parts:
            self.rows[id(cond.target)] = row
            if original and self._same(original, xpath):
                nodes.append(ex.parse(original))
                kept = original
                continue
            if original:
                self.note(
                    "stale-condition",
                    row,
                    f"the relevant cell was edited after export, so eqsurvey_relevant "
                    f"('{brief(original)}') is out of date; the relevant cell is used",
                    "check the condition",
                )
            try:
                node = from_xpath(xpath, fields=self.ctx.fields, flags=self.ctx.flags)
            except XPathError as exc:
                self.note(
                    "condition",
                    row,
                    f"the condition '{brief(xpath)}' was not imported: {exc.message}: {brief(exc.part)}",
                    f"{exc.fix}; until then it is asked of everyone",
                    row.get("name") or None,
                )
                self._voluntary(cond, row)
                continue
            nodes.append(self._fix(node, row))
        if len(nodes) == 1 and kept:
            cond.target[cond.key] = kept
        elif nodes:
            cond.target[cond.key] = ex.unparse(nodes[0] if len(nodes) == 1 else ex.BoolOp("and", tuple(nodes)))

    def _voluntary(self, cond: Cond, row: SheetRow) -> None:
        """Make voluntary what a lost condition guarded: asked of everyone, it must not be forced on anyone."""
        owner = cond.owner if cond.owner is not None else cond.target
        questions = owner.get("questions", [owner])
        made = [q["id"] for q in questions if q.get("required")]
        for q in questions:
            q["required"] = False
        if made:
            self.note(
                "required",
                row,
                f"{', '.join(made)} {'is' if len(made) == 1 else 'are'} no longer required: the condition "
                "could not be imported, so respondents the form would skip are asked too, and must be able to "
                "leave it unanswered",
                "make it required again once the condition is carried over",
                made[0],
            )

    def _same(self, original: str, xpath: str) -> bool:
        try:
            return to_xpath(ex.parse(original), flags=self.ctx.flags) == xpath.strip()
        except (ex.ExpressionSyntaxError, XPathError):
            return False

    def _fix(self, node: ex.Node, row: SheetRow) -> ex.Node:
        """Say in eqsurvey's terms what forms write differently: emptiness tests, renamed codes, '=' on a set."""
        kinds, renamed = self.r.kinds, self.ctx.renamed_codes

        def code(ref: ex.Node, lit: ex.Literal) -> ex.Literal:
            table = renamed.get(ref.name, {}) if isinstance(ref, ex.Ref) else {}
            return ex.Literal(table.get(lit.value, lit.value)) if isinstance(lit.value, str) else lit

        def walk(n: ex.Node) -> ex.Node:
            if isinstance(n, ex.Compare) and isinstance(n.left, ex.Ref) and isinstance(n.right, ex.Literal):
                if n.right.value == "" and n.op in ("==", "!="):
                    answered = ex.Call("answered", (n.left,))
                    return answered if n.op == "!=" else ex.Not(answered)
                if kinds.get(n.left.name) == "multi_choice" and n.op in ("==", "!="):
                    self.note(
                        "condition",
                        row,
                        f"'{n.left.name} = …' compares a multiple choice with one option; "
                        "eqsurvey reads it as selected()",
                        "check the condition",
                        n.left.name,
                    )
                    picked = ex.Call("selected", (n.left, code(n.left, n.right)))
                    return picked if n.op == "==" else ex.Not(picked)
                return ex.Compare(n.op, n.left, code(n.left, n.right))
            if isinstance(n, ex.Call) and n.func == "selected" and len(n.args) == 2:
                ref, lit = n.args
                return ex.Call("selected", (ref, code(ref, lit))) if isinstance(lit, ex.Literal) else n
            if isinstance(n, ex.In):
                return ex.In(n.operand, tuple(code(n.operand, v) for v in n.values), n.negated)
            if isinstance(n, ex.Not):
                return ex.Not(walk(n.operand))
            if isinstance(n, ex.BoolOp):
                return ex.BoolOp(n.op, tuple(walk(o) for o in n.operands))
            return n

        return walk(node)

    def _derived(self) -> list[dict[str, Any]]:
        kept = []
        for item in self.r.derived:
            d, row = item["data"], item["row"]
            conditions = [d["when"]] if d["type"] == "boolean" else [c["when"] for c in d["cases"]]
            try:
                xpaths = [to_xpath(ex.parse(c), flags=self.ctx.flags) for c in conditions]
            except (ex.ExpressionSyntaxError, XPathError):
                xpaths = []
            if not conditions or not all(conditions) or not xpaths:
                self.note(
                    "derived",
                    row,
                    f"derived variable '{d['id']}' has no readable condition in '{EQ_WHEN}', so it was left out",
                    "restore its condition, or define it again",
                    d["id"],
                )
                continue
            expected = (
                boolean_calculation(xpaths[0])
                if d["type"] == "boolean"
                else categorical_calculation([(x, c["code"]) for x, c in zip(xpaths, d["cases"], strict=True)])
            )
            if expected != row.get("calculation").strip():
                self.note(
                    "stale-condition",
                    row,
                    f"the calculation of '{d['id']}' was edited after export; eqsurvey "
                    f"kept the condition in '{EQ_WHEN}'",
                    "change derived variables in eqsurvey",
                    d["id"],
                )
            kept.append(d)
        return kept

    # --- validation -------------------------------------------------------------------------------

    def _validate(self, data: dict[str, Any]) -> Instrument:
        return validate_repairing(data, self.ctx.source, self._note_at)

    def _note_at(self, code: str, owner: dict[str, Any] | None, problem: str, fix: str, name: str | None) -> None:
        row = self.rows.get(id(owner)) if owner is not None else None
        self.note(code, row, problem, fix, name)


def import_form(path: Path, default_language: str = "en") -> ImportResult:
    """Import an XLSForm file (.xlsx, .csv, .md, KoboToolbox .json) as an instrument with notes.

    ``default_language`` is the language of columns that name none (a plain
    ``label``) when the form's settings do not say. Raises
    :class:`~kernel.errors.InstrumentError` for a form that pyxform too
    would refuse (no survey sheet, a select from a missing list, unclosed groups),
    for a privacy class that is not one, and for an edited locked module.
    """
    reader = SurveyReader(read_sheets(Path(path)), default_language)
    reader.walk()
    return _Assembler(reader).run()
