"""Conditions in plain language, for paper questionnaires and reviewers.

Skip logic is written for machines (``selected(work_5y, 'yes')``); people on
paper and in review rounds need "Only if you answered 'Yes' to question 12
(Work)", with question numbers and option labels in the reader's language.

The wording follows the Kleene evaluation in :mod:`.conditions`: a missing or
declined answer makes a comparison unknown, so ``q != 'a'`` reads "you gave an
answer other than 'A'", not "you did not answer 'A'" (which a respondent who
skipped the question would also satisfy). Negations are pushed inward (De
Morgan holds in Kleene logic). The glue text exists in English, German and
German Easy Language (``de-x-ls``); other languages get English glue around
labels in their own language.
"""

from __future__ import annotations

from instruments.catalogues import CATALOGUES
from instruments.expressions import syntax as ex
from instruments.expressions.describe_wording import WORDING
from instruments.model import BooleanDerived, CategoricalDerived, Instrument
from instruments.option_defaults import DECLINED_LABEL, text_in
from instruments.questions import Consent, Matrix, MultiChoice, Number, Question, Scale, SingleChoice
from instruments.text import pick
from kernel.errors import InstrumentError
from kernel.i18n import NumberFormat, list_separator

# Negating a comparison flips its operator; in Kleene logic an unknown stays unknown either way.
_INVERSE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
# Swapping the sides of a comparison mirrors it: 18 <= age is age >= 18.
_MIRROR = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}
_FLIP = {"and": "or", "or": "and"}

Derived = BooleanDerived | CategoricalDerived


def message_language(lang: str) -> str:
    """The language the wording is really in: ``lang``, else its base language (de-AT → de), else en."""
    return CATALOGUES.resolve(lang)


def messages(lang: str) -> dict[str, str]:
    """The skip instructions' wording in :func:`message_language`, by key, placeholders unfilled."""
    return CATALOGUES.translator(lang).wording(WORDING)


def question_numbers(instrument: Instrument) -> dict[str, int]:
    """Question id → its number on paper, 1..n in the order asked."""
    return {q.id: n for n, q in enumerate(instrument.questions(), start=1)}


def describe_condition(node: ex.Node | str, instrument: Instrument, lang: str) -> str:
    """A sentence such as "Only if you answered 'Yes' to question 12 (Work)"; text is parsed first."""
    if isinstance(node, str):
        try:
            node = ex.parse(node)
        except ex.ExpressionSyntaxError as exc:
            raise InstrumentError.single(
                "condition-syntax", f"{exc.message} at character {exc.pos + 1} of: {node}", exc.fix
            ) from None
    describer = _Describer(instrument, lang)
    stripped, neg = _strip_not(node, neg=False)
    if isinstance(stripped, ex.Literal):
        return describer.msg["always" if bool(stripped.value) != neg else "never"]
    return _capitalise(describer.msg["only_if"].format(clause=describer.clause(node)))


def _capitalise(sentence: str) -> str:
    """The first letter in capitals, after any opening brackets.

    Easy German begins with the clause itself, which may start in lower case ("die Zahl von …");
    English and German begin with "Only if" or "Nur wenn" and are left as they are.
    """
    start = len(sentence) - len(sentence.lstrip("("))
    return sentence[:start] + sentence[start : start + 1].upper() + sentence[start + 1 :]


def _strip_not(node: ex.Node, neg: bool) -> tuple[ex.Node, bool]:
    while isinstance(node, ex.Not):
        node, neg = node.operand, not neg
    return node, neg


class _Describer:
    def __init__(self, instrument: Instrument, lang: str) -> None:
        self.instrument = instrument
        self.lang = lang
        self.msg = messages(lang)
        # Numbers as the language the wording is in writes them (CLDR): 0,5 in a German sentence.
        self.format = NumberFormat(message_language(lang))
        self.numbers = question_numbers(instrument)

    # --- words -------------------------------------------------------------

    def text(self, local: dict[str, str] | None) -> str:
        return pick(local, self.lang, self.instrument.default_language)

    def quote(self, text: str) -> str:
        return self.msg["quote"].format(text=text)

    def join(self, items: list[str], conj: str) -> str:
        """'a', 'a or b', 'a, b or c': the last pair joined by the conjunction."""
        if len(items) <= 1:
            return "".join(items)
        # The language's own separator (CLDR): Persian "،", Arabic "أو" between alternatives.
        sep = list_separator(message_language(self.lang), "or" if conj == "or" else "standard")
        return f"{sep.join(items[:-1])} {self.msg[conj]} {items[-1]}"

    def number(self, value: float) -> str:
        return self.format.plain(value)

    # --- what a reference stands for ----------------------------------------

    def question(self, ref: ex.Ref) -> Question | None:
        return self.instrument.question_map.get(ref.name)

    def derived(self, ref: ex.Ref) -> Derived | None:
        return self.instrument.derived_map.get(ref.name) if ref.row is None else None

    def where(self, ref: ex.Ref) -> str:
        """'question 12' or, for a matrix row, 'question 12 (Work)'."""
        n = self.numbers.get(ref.name)
        if n is None:
            return self.msg["unknown_question"].format(id=ref.name)
        if ref.row is not None:
            return self.msg["question_row"].format(n=n, row=self.row_label(ref.name, ref.row))
        return self.msg["question"].format(n=n)

    def row_label(self, name: str, row: str) -> str:
        q = self.instrument.question_map.get(name)
        return next((self.text(r.label) for r in q.rows if r.code == row), row) if isinstance(q, Matrix) else row

    def label(self, ref: ex.Ref, value: object) -> str | None:
        """The label of an option, scale point or derived group, if the value names one."""
        q, d = self.question(ref), self.derived(ref)
        items: list[tuple[object, dict[str, str]]] = []
        if isinstance(q, (SingleChoice, MultiChoice, Matrix)):
            items = [(o.code, o.label) for o in q.options]
        elif isinstance(q, Scale):
            items = [(p.value, p.label) for p in q.points]
        elif isinstance(d, CategoricalDerived):
            items = [(c.code, c.label) for c in d.cases]
        # A bool is an int in Python; true must not find the scale point 1.
        if isinstance(value, bool):
            return None
        return next((self.text(text) for key, text in items if key == value), None)

    def is_choice(self, ref: ex.Ref) -> bool:
        q, d = self.question(ref), self.derived(ref)
        return isinstance(q, (SingleChoice, MultiChoice, Matrix)) or isinstance(d, CategoricalDerived)

    def labelled(self, ref: ex.Ref, values: list[object]) -> bool:
        """Whether "you answered 'A' or 'B'" can name these values: option codes, or labelled scale points."""
        if self.is_choice(ref):
            return all(isinstance(v, str) for v in values)
        return isinstance(self.question(ref), Scale) and all(self.label(ref, v) is not None for v in values)

    def value(self, node: ex.Node, context: ex.Node | None = None) -> str:
        """A value in object position: a literal (with label or unit), an answer, a count."""
        ctx = context if isinstance(context, ex.Ref) else None
        if isinstance(node, ex.Literal):
            v = node.value
            if isinstance(v, bool):
                return self.quote(self.msg["yes" if v else "no"])
            if isinstance(v, str):
                label = self.label(ctx, v) if ctx is not None else None
                return self.quote(label if label is not None else v)
            text = self.number(v)
            q = self.question(ctx) if ctx is not None else None
            if isinstance(q, Number) and q.unit:
                return f"{text} {self.text(q.unit)}"
            label = self.label(ctx, v) if ctx is not None else None
            return f"{text} ({self.quote(label)})" if label is not None else text
        if isinstance(node, ex.Ref):
            d = self.derived(node)
            if d is not None:
                return self.quote(self.text(d.label))
            return self.msg["your_answer"].format(q=self.where(node))
        counted = _first_ref(node) if isinstance(node, ex.Call) and node.func == "count_selected" else None
        if counted is not None:
            return self.msg["count_of"].format(q=self.where(counted))
        return f"`{ex.unparse(node)}`"

    # --- clauses ------------------------------------------------------------

    def clause(self, node: ex.Node, neg: bool = False) -> str:
        return self._clause(node, neg)[0]

    def _clause(self, node: ex.Node, neg: bool) -> tuple[str, bool]:
        """The text, and whether it is a joined list that needs brackets inside another list."""
        node, neg = _strip_not(node, neg)
        if not isinstance(node, ex.BoolOp):
            return self.atom(node, neg), False
        op = _FLIP[node.op] if neg else node.op
        items = self._flatten(node, neg, op)
        phrases: list[str] = []
        groups: dict[tuple[str, str | None], tuple[int, ex.Ref, list[object]]] = {}
        for child, child_neg in items:
            atom = self._choice_atom(child, child_neg) if op == "or" else None
            if atom is not None:
                # "'A' or 'B' at question 4" reads better than two clauses about the same question.
                ref, codes = atom
                key = (ref.name, ref.row)
                if key in groups:
                    groups[key][2].extend(codes)
                else:
                    groups[key] = (len(phrases), ref, list(codes))
                    phrases.append("")
                continue
            text, compound = self._clause(child, child_neg)
            phrases.append(f"({text})" if compound else text)
        # Rows of one matrix with the same answer: "'Yes' in at least one row of question 23".
        rows: dict[tuple[str, tuple[object, ...]], list[tuple[int, ex.Ref]]] = {}
        for index, ref, codes in groups.values():
            phrases[index] = self.choice(ref, codes, positive=True)
            if ref.row is not None:
                rows.setdefault((ref.name, tuple(codes)), []).append((index, ref))
        for (_, codes_), places in rows.items():
            if len(places) > 1:
                phrases[places[0][0]] = self.rows_choice(places[0][1], list(codes_), [r.row or "" for _, r in places])
                for index, _ in places[1:]:
                    phrases[index] = ""
        phrases = [p for p in phrases if p]
        return self.join(phrases, op), len(phrases) > 1

    def _flatten(self, node: ex.BoolOp, neg: bool, op: str) -> list[tuple[ex.Node, bool]]:
        """Operands of a chain, with nested chains of the same (effective) operator spliced in."""
        items: list[tuple[ex.Node, bool]] = []
        for operand in node.operands:
            child, child_neg = _strip_not(operand, neg)
            if isinstance(child, ex.BoolOp) and (_FLIP[child.op] if child_neg else child.op) == op:
                items.extend(self._flatten(child, child_neg, op))
            else:
                items.append((child, child_neg))
        return items

    def _choice_atom(self, node: ex.Node, neg: bool) -> tuple[ex.Ref, list[object]] | None:
        """(question, codes) when the node says "one of these options was chosen"."""
        if isinstance(node, ex.Call) and node.func == "selected" and not neg and len(node.args) == 2:
            ref, code = node.args
            if isinstance(ref, ex.Ref) and isinstance(code, ex.Literal) and self.labelled(ref, [code.value]):
                return ref, [code.value]
        if isinstance(node, ex.Compare) and (_INVERSE[node.op] if neg else node.op) == "==":
            left, right = (node.right, node.left) if isinstance(node.left, ex.Literal) else (node.left, node.right)
            if isinstance(left, ex.Ref) and isinstance(right, ex.Literal) and self.labelled(left, [right.value]):
                return left, [right.value]
        if isinstance(node, ex.In) and node.negated == neg and node.values and isinstance(node.operand, ex.Ref):
            values: list[object] = [v.value for v in node.values]
            if self.labelled(node.operand, values):
                return node.operand, values
        return None

    def atom(self, node: ex.Node, neg: bool) -> str:
        if isinstance(node, ex.Literal):
            return self.msg["in_every_case" if bool(node.value) != neg else "in_no_case"]
        if isinstance(node, ex.Ref):
            return self.truth(node, neg)
        if isinstance(node, ex.Call):
            return self.call(node, neg)
        if isinstance(node, ex.Compare):
            return self.compare(_INVERSE[node.op] if neg else node.op, node.left, node.right)
        if isinstance(node, ex.In):
            return self.membership(node.operand, node.values, negated=node.negated != neg)
        return self.fallback(node, neg)

    def fallback(self, node: ex.Node, neg: bool) -> str:
        """Shapes the type checker rejects still get a faithful, if technical, description."""
        return self.msg["fallback"].format(code=f"`{ex.unparse(ex.Not(node) if neg else node)}`")

    def labels(self, ref: ex.Ref, codes: list[object]) -> str:
        return self.join([self.quote(self.label(ref, c) or str(c)) for c in codes], "or")

    def rows_choice(self, ref: ex.Ref, codes: list[object], rows: list[str]) -> str:
        """The same answer in any of several rows of one matrix."""
        q, where = self.question(ref), self.where(ex.Ref(ref.name))
        if isinstance(q, Matrix) and set(rows) == {r.code for r in q.rows}:
            return self.msg["any_row"].format(labels=self.labels(ref, codes), q=where)
        names = self.join([self.quote(self.row_label(ref.name, r)) for r in rows], "or")
        return self.msg["some_rows"].format(labels=self.labels(ref, codes), rows=names, q=where)

    def choice(self, ref: ex.Ref, codes: list[object], positive: bool) -> str:
        labels = self.labels(ref, codes)
        d = self.derived(ref)
        if isinstance(d, CategoricalDerived):
            key = "in_group" if positive else "other_group"
            return self.msg[key].format(labels=labels, label=self.quote(self.text(d.label)))
        if isinstance(self.question(ref), MultiChoice):
            key = "ticked" if positive else "answered_without"
        else:
            key = "answered_with" if positive else "answered_other"
        return self.msg[key].format(labels=labels, q=self.where(ref))

    def truth(self, ref: ex.Ref, neg: bool) -> str:
        """A reference that is true or false by itself: a consent, a boolean derived variable."""
        q, d = self.question(ref), self.derived(ref)
        if isinstance(q, Consent):
            return self.msg["consent_refused" if neg else "consent_given"].format(q=self.where(ref))
        if isinstance(d, BooleanDerived):
            return self.msg["not_applies" if neg else "applies"].format(label=self.quote(self.text(d.label)))
        return self.fallback(ref, neg)

    def call(self, node: ex.Call, neg: bool) -> str:
        ref = _first_ref(node)
        if ref is None or (self.derived(ref) is not None and node.func != "selected"):
            return self.fallback(node, neg)
        if node.func == "selected" and len(node.args) == 2 and isinstance(node.args[1], ex.Literal):
            return self.choice(ref, [node.args[1].value], positive=not neg)
        if node.func == "answered" and len(node.args) == 1:
            return self.msg["not_answered" if neg else "answered"].format(q=self.where(ref))
        if node.func == "declined" and len(node.args) == 1:
            declined = text_in(DECLINED_LABEL, self.lang)
            return self.msg["not_ticked" if neg else "ticked"].format(labels=self.quote(declined), q=self.where(ref))
        return self.fallback(node, neg)

    def compare(self, op: str, left: ex.Node, right: ex.Node) -> str:
        if isinstance(left, ex.Literal) and not isinstance(right, ex.Literal):
            left, right, op = right, left, _MIRROR[op]
        if isinstance(left, ex.Ref) and isinstance(right, ex.Literal):
            special = self._compare_literal(op, left, right.value)
            if special is not None:
                return special
        count_of = _first_ref(left) if isinstance(left, ex.Call) and left.func == "count_selected" else None
        amount = right.value if isinstance(right, ex.Literal) and not isinstance(right.value, bool | str) else None
        if count_of is not None and amount is not None:
            one = amount == 1 and op != "!="
            qty = self.msg[f"qty_{op}"].format(
                v=self.number(amount), noun=self.msg["noun_one" if one else "noun_many"], many=self.msg["noun_many"]
            )
            return self.msg["ticked_count"].format(qty=qty, q=self.where(count_of))
        return self.msg[f"cmp_{op}"].format(s=self.value(left), v=self.value(right, context=left))

    def _compare_literal(self, op: str, ref: ex.Ref, value: object) -> str | None:
        if op not in ("==", "!="):
            return None
        positive = op == "=="
        if isinstance(value, bool) and isinstance(self.question(ref) or self.derived(ref), (Consent, BooleanDerived)):
            return self.truth(ref, neg=value != positive)
        if self.labelled(ref, [value]):
            return self.choice(ref, [value], positive)
        return None

    def membership(self, operand: ex.Node, values: tuple[ex.Literal, ...], negated: bool) -> str:
        if not values:
            return self.msg["in_every_case" if negated else "in_no_case"]
        if len(values) == 1:
            return self.compare("!=" if negated else "==", operand, values[0])
        codes: list[object] = [v.value for v in values]
        if isinstance(operand, ex.Ref) and self.labelled(operand, codes):
            return self.choice(operand, codes, positive=not negated)
        items = [self.value(v, context=operand) for v in values]
        return self.msg["not_in" if negated else "in"].format(s=self.value(operand), vs=self.join(items, "or"))


def _first_ref(node: ex.Call) -> ex.Ref | None:
    return node.args[0] if node.args and isinstance(node.args[0], ex.Ref) else None
