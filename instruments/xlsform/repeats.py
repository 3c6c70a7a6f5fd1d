"""Repeats and loops, which eqsurvey refuses: their answers come once per repetition, not once per respondent."""

from __future__ import annotations

from collections.abc import Callable

from instruments.xlsform.questions import Context, parse_type
from instruments.xlsform.reading import SheetRow
from kernel.errors import InstrumentError, Location, Problem

__all__ = ["BEGIN", "END", "refuse_repeats"]

#: The rows that open and close a group of rows (after :func:`.xlsform_questions.parse_type`).
BEGIN = ("begin group", "begin repeat", "begin loop")
END = ("end group", "end repeat", "end loop")


def refuse_repeats(ctx: Context, rows: list[SheetRow], end_of: Callable[[int], int]) -> None:
    """Stop at repeats and loops: their answers come once per repetition, eqsurvey's once per respondent.

    Flattened into one question each, a repeat would keep only one member's answer under a label
    meant for each of them ("How many %(label)s …" in a loop), so nothing of it is imported.
    """
    problems = []
    i = 0
    while i < len(rows):
        row = rows[i]
        t = parse_type(row.get("type"))
        if t.base not in ("begin repeat", "begin loop"):
            i += 1
            continue
        end = end_of(i)
        inside = [
            r.get("name")
            for r in rows[i + 1 : end]
            if r.get("name") and parse_type(r.get("type")).base not in (*BEGIN, *END)
        ]
        kind = f"repeat '{row.get('name')}'"
        if t.base == "begin loop":
            kind = f"loop '{row.get('name')}' over list '{t.list_name}'"
        asked = f" ({', '.join(inside[:8])}{' …' if len(inside) > 8 else ''})" if inside else ""
        problems.append(
            Problem(
                "repeat",
                Location(file=ctx.source, row=row.number, question=row.get("name") or None),
                f"the {kind} (rows {row.number}-{rows[end].number}) asks its "
                f"questions{asked} once per repetition; eqsurvey keeps one answer per question and "
                "respondent, so the repetitions cannot be imported",
                "ask for a fixed number of repetitions with questions of their own (e.g. first_child_age, "
                "second_child_age), or ask about the repetitions together, then import again",
            )
        )
        i = end + 1
    if problems:
        raise InstrumentError(problems)
