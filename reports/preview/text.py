"""The accuracy preview as text in a terminal: overall verdict first, then each table, then the budget split."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.preview.accuracy import CellPreview, TablePreview
from analysis.preview.verdicts import is_answer_cell
from kernel.i18n import Msg
from reports.preview.page import PreviewWords

if TYPE_CHECKING:
    from rich.console import Console

_MORE_CELLS = Msg(
    "preview.more_cells",
    "Cells not listed here: {count}, among them those of “no answer” and “prefer not to say” (--all lists every one).",
)
_SPLIT_HEADING = Msg("preview.split_heading", "How the privacy budget is split across the tables")
_COUNT = Msg("preview.column.count", "Expected number")
_COUNT_MARGIN = Msg("preview.column.count_margin", "± number")
_SHARE = Msg("preview.column.share", "Share")
_SHARE_MARGIN = Msg("preview.column.share_margin", "± share")
_MEAN = Msg("preview.column.mean", "Average")
_MEAN_MARGIN = Msg("preview.column.mean_margin", "± average")
_CHANCE = Msg("preview.column.chance", "Chance of suppression")
_WEIGHTED_HEADING = Msg(
    "preview.weighted_heading",
    "Weighted tables: design effect {deff}, so about {effective} respondents' worth of information",
)
_WEIGHTED_LINE = Msg("preview.weighted_line", "{group}{answer}: about {share} ± {margin}")


def print_preview(console: Console, words: PreviewWords, limit: int | None) -> None:
    """The preview as text: overall verdict first, then each table's verdict and cells, then the budget split."""
    from rich.markup import escape

    head = words.header()
    console.print(f"[bold]{escape(head[0])}[/bold]")
    for line in head[1:]:
        console.print(escape(line))
    console.print()
    console.print(escape(words.t(Msg("preview.shares_heading", "Group sizes assumed:"))))
    for line in words.assumptions():
        console.print(f"  {escape(line)}")
    for index, (table, plan_table) in enumerate(zip(words.p.result.tables, words.p.plan.tables, strict=True)):
        console.print()
        title = words.t(
            Msg("preview.table_title", "Table {number}: {title}"), number=index + 1, title=words.title(plan_table)
        )
        console.print(f"[bold]{escape(title)}[/bold]")
        for line in words.verdict(index):
            console.print(f"  {escape(line)}")
        cells = table.cells if limit is None else tuple(c for c in table.cells if is_answer_cell(c))
        shown = cells if limit is None else cells[:limit]
        if shown:
            console.print(_cells(words, table, shown))
        if len(shown) < len(table.cells):
            console.print(f"  {escape(words.t(_MORE_CELLS, count=len(table.cells) - len(shown)))}")
    _weighted(console, words)
    console.print()
    console.print(f"[bold]{escape(words.t(_SPLIT_HEADING))}[/bold]")
    console.print(_split(words))
    console.print(escape(words.split()))
    console.print()
    console.print(escape(words.thresholds()))


def _cells(words: PreviewWords, table: TablePreview, cells: tuple[CellPreview, ...]) -> Any:
    """Headed by the measure and the breakdowns, so that each row names only its answer and groups."""
    from rich.markup import escape
    from rich.table import Table as RichTable

    n, t, mean = words.numbers, words.t, table.kind == "mean"
    columns: list[tuple[str, bool]] = []
    if table.kind == "matrix":
        columns += [(t(Msg("preview.column.row", "Item")), False), (t(Msg("preview.column.answer", "Answer")), False)]
    elif not mean:
        columns.append((words.labels.variable(table.measure), False))
    if table.by:
        columns.append((" · ".join(words.labels.variable(b) for b in table.by), False))
    numbers = (_COUNT, _COUNT_MARGIN, _MEAN, _MEAN_MARGIN) if mean else (_COUNT, _COUNT_MARGIN, _SHARE, _SHARE_MARGIN)
    columns += [(t(msg), True) for msg in (*numbers, _CHANCE)]
    columns.append((t(Msg("preview.column.likely", "Expected to be")), False))
    out = RichTable()
    for header, right in columns:
        out.add_column(escape(header), justify="right" if right else "left")
    for c in cells:
        value, half = (c.mean, c.mean_half_width) if mean else (c.share, c.share_half_width)
        row = [words.row(table, c)] if table.kind == "matrix" else []
        row += [] if mean else [words.answer(table, c)]
        row += [" · ".join(words.labels.category(b, code) for b, code in c.by.items())] if table.by else []
        row += [n.count(c.expected), n.count(c.count_half_width)]
        row += [_number(words, value, mean), _number(words, half, mean)]
        row += [words.percent(c.p_suppressed), words.status(c)]
        out.add_row(*(escape(v) for v in row))
    return out


def _weighted(console: Console, words: PreviewWords) -> None:
    """A calibrated plan's weighted tables: the expected share and half-width of each answer in each group."""
    from rich.markup import escape

    weighted = words.p.result.weighted
    if weighted is None:
        return
    n = words.numbers
    console.print()
    heading = words.t(
        _WEIGHTED_HEADING,
        deff=n.decimal_number(weighted.design_effect),
        effective=n.count(weighted.effective_respondents),
    )
    console.print(f"[bold]{escape(heading)}[/bold]")
    titles = {t.id: words.title(t) for t in words.p.plan.tables}
    for table in weighted.tables:
        console.print(f"  {escape(titles[table.id])}")
        for cell in table.cells:
            if any(code.startswith("_") for code in cell.by.values()):
                continue  # no answer to the breakdown: as in the plain tables' short listing
            group = "".join(f"{words.labels.category(name, code)}, " for name, code in cell.by.items())
            answer = words.labels.category(_measure(words, table.id), cell.measure)
            line = words.t(
                _WEIGHTED_LINE,
                group=group,
                answer=answer,
                share=n.share(cell.share),
                margin=n.share(cell.share_half_width),
            )
            console.print(f"    {escape(line)}")


def _measure(words: PreviewWords, table_id: str) -> str:
    return next(t.measure for t in words.p.plan.tables if t.id == table_id)


def _number(words: PreviewWords, value: float | None, mean: bool) -> str:
    if value is None:
        return "–"
    return words.numbers.decimal_number(value) if mean else words.numbers.share(value)


def _split(words: PreviewWords) -> Any:
    from rich.markup import escape
    from rich.table import Table as RichTable

    t = words.t
    out = RichTable()
    out.add_column(escape(t(Msg("preview.split_table", "Table"))))
    out.add_column(escape(t(Msg("preview.split_now", "Share now"))), justify="right")
    out.add_column(escape(t(Msg("preview.split_optimal", "Best share"))), justify="right")
    for index, table in enumerate(words.p.result.tables):
        out.add_row(str(index + 1), words.numbers.share(table.share), words.numbers.share(table.optimal_share))
    return out
