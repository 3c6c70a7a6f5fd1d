"""LimeSurvey's ``conditions`` table (and SGQA codes) as eqsurvey conditions.

Before the Expression Manager, LimeSurvey kept skip logic as rows of a
``conditions`` table, and its condition editor still writes them: question
``qid`` is shown when the answer field ``cfieldname`` of question ``cqid``
compares with ``value`` by ``method``. LimeSurvey joins the rows of one
question the way its own ``ConvertConditionsToRelevance`` does, which this
module follows (read there, not copied):

- rows with the same ``scenario`` are joined by *and*, scenarios by *or*;
- inside a scenario, consecutive rows on the same question and the same
  answer field are joined by *or* (``Q1 == A1`` or ``Q1 == A2``; ticks of one
  multiple choice question, ``cfieldname`` without ``+``, count as one field),
  and a ``+`` field (one fully named option) always stands alone;
- an empty value (or a single space) means "not answered" for ``==`` and
  "answered" for ``!=``; a ``!=`` on an unanswered question holds in
  LimeSurvey, so it becomes ``not answered(q) or q != 'A1'`` here;
- ``@SGQA@`` as the value compares with another answer.

Regular expressions (``RX``), participant attributes (``{TOKEN:…}``) and
expressions in the value have no eqsurvey equivalent and raise
:class:`UntranslatableError`, which the importer reports; it never guesses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from instruments.expressions import syntax as ex
from instruments.limesurvey.expressions import UntranslatableError, Var, compare_answer, compare_answers
from instruments.limesurvey.reading import LsCondition, LsQuestion

__all__ = ["SgqaNames", "translate_conditions"]

_SGQA = re.compile(r"_?(\d+)X(\d+)X(\d+)(.*)")
_QCODE = re.compile(r"Q(\d+)(?:_S(\d+))?(?:_C(other|comment))?")
_METHODS = frozenset({"==", "!=", "<", "<=", ">", ">="})


class SgqaNames:
    """Turns LimeSurvey's field names (``{sid}X{gid}X{qid}{suffix}``, or ``Q{qid}_S{sqid}``) into EM variable names."""

    def __init__(self, questions: Mapping[str, LsQuestion], sid: str = "") -> None:
        self.questions = questions
        self.sid = sid

    def _sgqa(self, field: str) -> re.Match[str] | None:
        """An SGQA code of this survey (another survey's never names one of its questions)."""
        found = _SGQA.fullmatch(field)
        return found if found and (not self.sid or found.group(1) == self.sid) else None

    def question(self, field: str) -> LsQuestion | None:
        if _SGQA.fullmatch(field):
            found = self._sgqa(field)
            return self.questions.get(found.group(3)) if found else None
        found = _QCODE.fullmatch(field)
        return self.questions.get(found.group(1)) if found else None

    def __call__(self, field: str) -> str | None:
        """The EM name (``Q1``, ``Q1_SQ001``, ``Q1_other``) of a field, or None when it names no question."""
        if _SGQA.fullmatch(field):
            found = self._sgqa(field)
            q = self.questions.get(found.group(3)) if found else None
            if q is None or found is None:
                return None
            suffix = found.group(4)
            return f"{q.title}_{suffix}" if suffix else q.title
        found = _QCODE.fullmatch(field)
        if not found:
            return None
        q = self.questions.get(found.group(1))
        if q is None:
            return None
        name = q.title
        if found.group(2):
            sub = self.questions.get(found.group(2))
            if sub is None:
                return None
            name += f"_{sub.title}"
        return name + (f"_{found.group(3)}" if found.group(3) else "")


def _var(names: Mapping[str, Var], name: str | None, field: str) -> tuple[str, Var]:
    var = names.get(name or "")
    if name is None or var is None:
        raise UntranslatableError("the condition looks at an answer that was not imported", field)
    return name, var


def _one(row: LsCondition, sgqa: SgqaNames, names: Mapping[str, Var]) -> tuple[ex.Node, str]:
    """One row as a node, and the answer field that decides which rows are joined by 'or'."""
    field, value, method = row.cfieldname, row.value, row.method
    if row.doubt:
        raise UntranslatableError(row.doubt, f"{field} {method}")
    if field.startswith("{") or value.strip().startswith("{"):
        raise UntranslatableError(
            "a condition on a participant attribute or an expression ({…}) has no equivalent; eqsurvey keeps no "
            "participant data with answers",
            field if field.startswith("{") else value,
        )
    if method == "RX":
        raise UntranslatableError("a regular-expression condition (RX) has no equivalent in eqsurvey", value)
    if method not in _METHODS:
        raise UntranslatableError(f"the comparison '{method}' is unknown", method)
    asked = sgqa.question(field.lstrip("+"))
    if asked is not None and asked.type in "MP" and not field.startswith("+"):
        # A tick: the field is the question, the value the option (LimeSurvey's own reading).
        name, var = _var(names, sgqa(field + value.strip()), field + value)
        return compare_answer(name, var, "==" if method == "==" else "!=", "Y"), field
    name, var = _var(names, sgqa(field.lstrip("+")), field)
    reference = re.fullmatch(r"@(.+)@", value.strip())
    if reference:
        other, other_var = _var(names, sgqa(reference.group(1)), value)
        return _guarded(compare_answers(name, var, method, other, other_var), var, method), field
    text = "" if value == " " else value
    if text == "" and method not in ("==", "!="):
        raise UntranslatableError(f"'{method}' with no value has no meaning", field)
    return compare_answer(name, var, method, text), field


def _guarded(node: ex.Node, var: Var, method: str) -> ex.Node:
    """LimeSurvey holds ``!=`` true for an unanswered question; eqsurvey's comparison would be unknown.

    (:func:`compare_answer` guards comparisons with a value itself.)
    """
    if method != "!=":
        return node
    return ex.BoolOp("or", (ex.Not(ex.Call("answered", (var.ref,))), node))


def _any(nodes: list[ex.Node]) -> ex.Node:
    return nodes[0] if len(nodes) == 1 else ex.BoolOp("or", tuple(nodes))


def _all(nodes: list[ex.Node]) -> ex.Node:
    return nodes[0] if len(nodes) == 1 else ex.BoolOp("and", tuple(nodes))


def translate_conditions(rows: list[LsCondition], sgqa: SgqaNames, names: Mapping[str, Var]) -> ex.Node:
    """The condition the rows of one question mean; raises :class:`UntranslatableError` for any row that has none."""
    # LimeSurvey reads them ordered by scenario, question looked at, field and value.
    ordered = sorted(rows, key=lambda r: (r.scenario, _number(r.cqid), r.cfieldname, r.value))
    scenarios: list[ex.Node] = []
    both: list[ex.Node] = []
    either: list[ex.Node] = []
    scenario: int | None = None
    cqid: str | None = None
    field: str | None = None
    for row in ordered:
        if scenario is not None and row.scenario != scenario:
            if either:
                both.append(_any(either))
            scenarios.append(_all(both))
            both, either, cqid, field = [], [], row.cqid, None
        scenario = row.scenario
        if cqid is not None and row.cqid != cqid and either:
            both.append(_any(either))
            either, field = [], None
        cqid = row.cqid
        node, own_field = _one(row, sgqa, names)
        if field is not None and field != own_field and either:
            both.append(_any(either))
            either = []
        field = own_field
        either.append(node)
        if row.cfieldname.startswith("+") or (row.cqid == "0" and not row.cfieldname.startswith("{")):
            cqid = None  # LimeSurvey joins this row to the next by 'and', never by 'or'
            both.append(_any(either))
            either, field = [], None
    if either:
        both.append(_any(either))
    if both:
        scenarios.append(_all(both))
    return _any(scenarios)


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0
