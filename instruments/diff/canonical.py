"""Texts and conditions in the form two instrument versions are compared in: reformatting is not a change."""

from __future__ import annotations

from instruments.expressions import syntax as ex


def normalised_text(text: str | None) -> str | None:
    """The text with its white space collapsed: re-wrapping a long text in YAML is not a change of wording."""
    return " ".join(text.split()) if text is not None else None


def _flatten(node: ex.Node) -> ex.Node:
    """``a and (b and c)`` is ``a and b and c``: regrouping is reformatting, not a change."""
    if isinstance(node, ex.BoolOp):
        parts: list[ex.Node] = []
        for o in (_flatten(x) for x in node.operands):
            parts.extend(o.operands if isinstance(o, ex.BoolOp) and o.op == node.op else (o,))
        return ex.BoolOp(node.op, tuple(parts))
    if isinstance(node, ex.Not):
        return ex.Not(_flatten(node.operand))
    if isinstance(node, ex.Compare):
        return ex.Compare(node.op, _flatten(node.left), _flatten(node.right))
    if isinstance(node, ex.Call):
        return ex.Call(node.func, tuple(_flatten(a) for a in node.args))
    return node


def canonical_condition(source: str | None) -> str | None:
    """The condition's canonical text, so that spacing, quotes and brackets do not count as changes."""
    if source is None:
        return None
    try:
        # unparse (not AST equality) so that true and 1, which compare equal in Python, stay distinct.
        return ex.unparse(_flatten(ex.strip_positions(ex.parse(source))))
    except ex.ExpressionSyntaxError:
        return normalised_text(source)  # validated instruments never get here; compare the text as a fallback
