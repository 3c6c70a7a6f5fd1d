"""Dimensions: how a question or derived variable sorts respondents into the cells of a table.

Every respondent lands somewhere in every dimension, so that a table's cells
add up to everyone and tables that share a breakdown share its totals:

- a single choice (or boolean, scale point, coarsened band, derived group) has
  its categories, "prefer not to say" where offered, and ``_no_answer``
  (not asked, or skipped); each respondent is in exactly one;
- a multiple choice has one category per option, and three *status*
  categories ``_answered``, ``prefer_not_to_say`` and ``_no_answer``; each
  respondent is in exactly one status and in at most ``max_selections``
  options. The bound is enforced when answers are coded (:mod:`.tabulate`), so
  a respondent's reach into a table's cells is ``max_selections + 1`` at most
  whatever the data hold.

Status codes start with an underscore, which no option code can (codes start
with a letter or digit), so they never collide with the instrument's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from instruments.dataset import DatasetSchema, column_name
from instruments.text import DECLINED
from kernel.errors import InternalError

NO_ANSWER = "_no_answer"
ANSWERED = "_answered"
TRUE, FALSE = "true", "false"


@dataclass(frozen=True)
class Dimension:
    """One variable's categories in a table, and how many of them one respondent can be in."""

    name: str
    categories: tuple[str, ...]
    partition: tuple[int, ...]
    """The categories every respondent is in exactly one of (all of a single choice; a multi-choice's status)."""
    substantive: tuple[int, ...]
    """The categories that are answers (no "prefer not to say", no status): shares are among these."""
    bound: int
    """How many categories one respondent can be in at most."""
    columns: tuple[str, ...]
    """The dataset columns the dimension is read from."""
    kind: str
    """``categorical``, ``boolean``, ``integer`` or ``multi``."""

    @property
    def multi(self) -> bool:
        return self.kind == "multi"

    @property
    def size(self) -> int:
        return len(self.categories)


def dimension(schema: DatasetSchema, name: str) -> Dimension:
    """The dimension of a question, matrix row column, or derived variable of the dataset."""
    group = next((g for g in schema.multi_select if g.question == name), None)
    if group is not None:
        options = tuple(schema.column(c).option or c for c in group.columns)
        declined = column_name(name, DECLINED)
        has_declined = any(c.name == declined for c in schema.columns)
        status = (ANSWERED, DECLINED, NO_ANSWER) if has_declined else (ANSWERED, NO_ANSWER)
        cats = options + status
        substantive = tuple(i for i, o in enumerate(options) if o != DECLINED)
        return Dimension(
            name=name,
            categories=cats,
            partition=tuple(range(len(options), len(cats))),
            substantive=substantive,
            bound=group.max_selections + 1,
            columns=group.columns + ((declined,) if has_declined else ()),
            kind="multi",
        )
    try:
        column = schema.column(name)
    except KeyError:
        raise InternalError(f"no dataset column for '{name}' (the plan should have been checked)") from None
    if column.kind == "categorical":
        cats = (*column.categories, NO_ANSWER)
        kind = "categorical"
        columns: tuple[str, ...] = (name,)
    elif column.kind == "boolean":
        cats = (TRUE, FALSE, NO_ANSWER)
        kind = "boolean"
        columns = (name,)
    elif column.kind == "integer" and column.minimum is not None and column.maximum is not None:
        points = tuple(str(v) for v in range(int(column.minimum), int(column.maximum) + 1))
        declined = column_name(name, DECLINED)
        has_declined = any(c.name == declined for c in schema.columns)
        cats = (*points, *((DECLINED,) if has_declined else ()), NO_ANSWER)
        kind = "integer"
        columns = (name, declined) if has_declined else (name,)
    else:
        raise InternalError(f"column '{name}' ({column.kind}) does not sort respondents into groups")
    substantive = tuple(i for i, c in enumerate(cats) if c not in (DECLINED, NO_ANSWER))
    return Dimension(
        name=name,
        categories=cats,
        partition=tuple(range(len(cats))),
        substantive=substantive,
        bound=1,
        columns=columns,
        kind=kind,
    )


def matrix_rows(schema: DatasetSchema, question: str) -> list[Dimension]:
    """One dimension per row of a matrix question, in the instrument's order."""
    return [
        dimension(schema, c.name) for c in schema.columns_of(question) if c.option is not None and c.option != DECLINED
    ]
