"""The rules for single rows of an XLSForm, for :mod:`.xlsform_survey`.

:class:`Context` is the form as eqsurvey reads it: settings, the language
of every column, the choice lists, the names taken so far and the notes
collected. The functions say what a type means (``select one from X or
specify other``, ``select_multiple X``, ``integer`` …), how a field name
becomes a valid id and a choice name a valid code, and which options a
question gets from its list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from instruments.expressions import syntax as ex
from instruments.identifiers import to_code, unused_identifier
from instruments.importing import brief
from instruments.text import DECLINED
from instruments.xlsform.columns import (
    EQ_TYPE,
    EQ_WHEN,
    EXPRESSION_COLUMNS,
    VERBATIM_COLUMNS,
    form_languages,
    split_header,
    straight_quotes,
    unescape_text,
)
from instruments.xlsform.reading import FormSheets, SheetRow
from kernel.errors import InstrumentError, Location, Problem

_YES = frozenset({"yes", "true", "true()", "1", "y"})
_NO = frozenset({"no", "false", "false()", "0", "n", ""})


# pyxform's begin/end rows: "begin group", "begin_repeat", "begin loop over LIST", "end looped group" …
_CONTROLS = {"group": "group", "lgroup": "repeat", "repeat": "repeat", "looped group": "repeat", "loop": "loop"}
_CONTROL = re.compile(r"(begin|end)[ _](looped group|lgroup|group|repeat|loop)( (?:over )?(\S+))?")


@dataclass(frozen=True)
class XlsType:
    """A survey row's type: ``select_one`` with its list, ``integer``, ``begin group`` …"""

    base: str
    list_name: str | None = None
    or_other: bool = False
    extra: str = ""


def parse_type(raw: str) -> XlsType:
    """Read a type cell; pyxform's long forms and KoboToolbox's underscores mean the same as the short ones."""
    words = raw.split()
    low = [w.lower() for w in words]
    if len(low) >= 4 and low[:3] == ["select", "one", "from"]:
        base, rest = "select_one", words[3:]
    elif len(low) >= 6 and low[:5] == ["select", "all", "that", "apply", "from"]:
        base, rest = "select_multiple", words[5:]
    elif len(low) >= 2 and low[0] in ("select_one", "select_multiple", "rank", "select1"):
        base, rest = ("select_one" if low[0] == "select1" else low[0]), words[1:]
    else:
        control = _CONTROL.fullmatch(" ".join(low))
        if control:
            kind = _CONTROLS[control.group(2)]
            return XlsType(f"{control.group(1)} {kind}", control.group(4) if kind == "loop" else None)
        return XlsType(" ".join(low))
    tail = [w.lower() for w in rest[1:]]
    or_other = tail in (["or_other"], ["or", "specify", "other"])
    return XlsType(base, rest[0], or_other, "" if or_other else " ".join(rest[1:]))


def yes(value: str) -> bool | None:
    """A yes/no cell as a boolean; None when it is neither (e.g. an XPath expression)."""
    v = value.strip().lower()
    return True if v in _YES else False if v in _NO else None


@dataclass
class Context:
    """What every row needs: the languages, choice lists, the names taken so far, and the notes."""

    source: str
    langs: list[str]
    default: str
    #: raw header → (column, language tag); the tag is None for columns that carry no language.
    columns: dict[str, tuple[str, str | None]]
    lists: dict[str, list[SheetRow]]
    notes: list[Problem] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    #: XLSForm field name → what it means in a condition.
    fields: dict[str, ex.Ref] = field(default_factory=dict)
    #: Names true or false by themselves → the text their field holds when true.
    flags: dict[str, str] = field(default_factory=dict)
    #: question id → {code in the form: code in eqsurvey} where they differ.
    renamed_codes: dict[str, dict[str, str]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    #: list name → its "prefer not to say" choice, whose label the instrument words itself.
    declined_rows: dict[str, SheetRow] = field(default_factory=dict)
    #: Whether eqsurvey wrote the form: its texts come back exactly as written, spaces and all. Other
    #: forms' texts lose surrounding spaces, as pyxform reads them (a CSV cell is easily " Yes").
    ours: bool = False

    @classmethod
    def open(cls, form: FormSheets, fallback: str, sheets: tuple[str, ...]) -> Context:
        """The context of a form: its settings, the language of every column, its choice lists."""
        first = form.sheet("settings").rows[:1]
        settings = {split_header(k)[0]: unescape_text(v).strip() for k, v in first[0].cells.items()} if first else {}
        ctx = cls(form.source, [], fallback, {}, {}, settings=settings)
        ctx.ours = any(split_header(h)[0].startswith("eqsurvey_") for h in form.sheet("survey").columns)
        found = form_languages(form, sheets, settings, fallback)
        for header, name, tag in found.stand_ins:
            base = found.columns[header][0]
            ctx.note(
                "language",
                None,
                f"the language '{name}' has no known tag; eqsurvey calls it '{tag}'",
                f"name the column '{base}::{name} (tag)', e.g. {base}::{name} (xx)",
            )
        ctx.columns.update(found.columns)
        ctx.langs, ctx.default = found.tags, found.default
        ctx.lists = ctx.read_lists(form, "choices")
        return ctx

    def normal(self, row: SheetRow) -> SheetRow:
        """Cells under their modern column names; translated columns keep their header (see ctx.columns)."""
        cells = {}
        for header, raw in row.cells.items():
            name = header if header in self.columns else split_header(header)[0]
            value = straight_quotes(raw) if name in EXPRESSION_COLUMNS else raw
            cells[name] = value if name in VERBATIM_COLUMNS else unescape_text(value)
        return SheetRow(row.number, cells)

    def read_lists(self, form: FormSheets, sheet: str) -> dict[str, list[SheetRow]]:
        """The lists of a sheet laid out like 'choices', by list name; duplicate choices are errors."""
        lists: dict[str, list[SheetRow]] = {}
        seen: dict[tuple[str, str], int] = {}
        # pyxform's setting: a list may name a choice twice, e.g. a county of one name in two states.
        allowed = yes(self.settings.get("allow_choice_duplicates", "")) is True
        extra: dict[str, list[int]] = {}
        for raw in form.sheet(sheet).rows:
            row = self.normal(raw)
            list_name, name = row.get("list_name").strip(), row.get("name").strip()
            if not list_name or not name:
                raise self.fail(
                    "choice-row",
                    row,
                    "this choice has no " + ("list_name" if not list_name else "name"),
                    f"give every row of the {sheet} sheet a list_name and a name",
                )
            if (list_name, name) in seen and not allowed:
                raise self.fail(
                    "duplicate-choice",
                    row,
                    f"list '{list_name}' has the choice '{name}' twice (first in row {seen[list_name, name]})",
                    "give every choice of a list its own name, or set allow_choice_duplicates to yes in the "
                    "settings if a choice_filter keeps only one of them for each question",
                )
            seen.setdefault((list_name, name), row.number)
            lists.setdefault(list_name, []).append(SheetRow(row.number, {**row.cells, "name": name}))
            for column in row.cells:
                if self.columns.get(column, (column, None))[0] not in ("label", "list_name", "name", EQ_WHEN):
                    extra.setdefault(column, []).append(row.number)
        # A column a choice_filter reads was used, though not kept as such (see .xlsform_filters).
        filters = " ".join(
            v for r in form.sheet("survey").rows for h, v in r.cells.items() if split_header(h)[0] == "choice_filter"
        )
        for column, numbers in extra.items():
            if re.search(rf"(?<![\w$@{{]){re.escape(column)}(?![\w(])", filters):
                continue
            self.note(
                "dropped-column",
                None,
                f"{sheet} column '{column}' (rows {ranges(numbers)}) was not imported",
                "eqsurvey options have a code and a label per language only",
            )
        return lists

    def where(self, row: SheetRow | None, question: str | None = None, sheet: str | None = None) -> Location:
        return Location(file=self.source, row=row.number if row else None, question=question, field=sheet)

    def note(
        self,
        code: str,
        row: SheetRow | None,
        problem: str,
        fix: str,
        question: str | None = None,
        *,
        sheet: str | None = None,
    ) -> None:
        """Record a warning once (a list shared by several questions would repeat it)."""
        found = Problem(code, self.where(row, question, sheet), problem, fix, "warning")
        if found not in self.notes:
            self.notes.append(found)

    def fail(self, code: str, row: SheetRow | None, problem: str, fix: str) -> InstrumentError:
        return InstrumentError([Problem(code, self.where(row), problem, fix)])

    def text(self, row: SheetRow, column: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for header, raw in row.cells.items():
            base, lang = self.columns.get(header, (header, None))
            if base != column or lang is None:
                continue
            value = raw if self.ours else raw.strip()
            if not value:
                continue
            if lang in found and found[lang] != value:
                self.note(
                    "duplicate-text",
                    row,
                    f"two '{column}' columns give {lang} text; kept '{found[lang]}'",
                    f"keep one {column} column per language",
                    row.get("name") or None,
                )
                continue
            found[lang] = value
        return {lang: found[lang] for lang in self.langs if lang in found}

    def complete(
        self, text: dict[str, str], row: SheetRow | None, what: str, fallback: str, *, sheet: str | None = None
    ) -> dict[str, str]:
        """The text with something in the default language, which eqsurvey requires."""
        if text.get(self.default):
            return text
        other = next((t for t in text.values() if t.strip()), None)
        used = f"the '{next(k for k, v in text.items() if v == other)}' text" if other else f"'{fallback}'"
        self.note(
            "missing-text",
            row,
            f"{what} has no text in '{self.default}'; used {used}",
            f"add the {self.default} text in the spreadsheet and import again",
            sheet=sheet,
        )
        return {**text, self.default: other or fallback}

    def label_text(self, row: SheetRow, column: str, name: str, required: bool = False) -> dict[str, str]:
        """A row's text in a column, complete in the default language; notes references to other answers."""
        text = self.text(row, column)
        shown = sorted({ref for t in text.values() for ref in re.findall(r"\$\{[^}]*\}", t)})
        if shown and not row.get(EQ_TYPE):
            self.note(
                "piping",
                row,
                f"the {column} of '{name}' shows other answers ({', '.join(shown)}); eqsurvey shows the text as written",
                "reword it without the reference",
                name,
            )
        return self.complete(text, row, f"'{name}'", name) if text or required else text

    def leftover(self, row: SheetRow, name: str, used: set[str], group: bool = False) -> None:
        """Report every filled cell of the row that nothing used."""
        left = []
        for column, value in row.cells.items():
            base = self.columns.get(column, (column, None))[0]
            layout = group and base == "appearance" and value.strip() in ("field-list", "table-list")
            if column in used or base in used or layout:
                continue
            left.append(f"{column} = {brief(value)!r}")
        if left:
            self.note(
                "dropped-column",
                row,
                f"'{name}': not imported: {'; '.join(left)}",
                "eqsurvey has no equivalent; carry it over by hand if it matters",
                name or None,
            )

    def identifier(self, name: str, row: SheetRow | None, what: str = "question") -> str:
        new, _ = unused_identifier(name, self.used)
        if new != name and row is not None:
            self.note(
                "renamed",
                row,
                f"the {what} name '{name}' is not a valid eqsurvey id; it is now '{new}'",
                "conditions and exports use the new id; rename it in the form to keep them apart",
                new,
            )
        return new


def _options(
    ctx: Context, qid: str, list_name: str, row: SheetRow, *, verbatim: bool, choices: list[SheetRow]
) -> tuple[list[dict[str, Any]], bool]:
    """The options of a list for one question, and whether it offers 'prefer not to say'.

    ``verbatim`` keeps choice names as they are: a scale's are its point values, such as -2.
    """
    options: list[dict[str, Any]] = []
    declined = False
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    _refuse_duplicates(ctx, row, list_name, choices)
    for choice in choices:
        name = choice.get("name")
        if name == DECLINED:
            declined = True
            ctx.declined_rows.setdefault(list_name, choice)
            continue
        code, n = (name if verbatim else to_code(name)), 2
        while code in taken or code == DECLINED:
            code = f"{to_code(name)[:60]}_{n}"
            n += 1
        taken.add(code)
        if code != name:
            renamed[name] = code
            ctx.note(
                "renamed",
                choice,
                f"choice '{name}' of list '{list_name}' (choices sheet, row {choice.number}) "
                f"is not a valid option code; it is now '{code}'",
                "rename it in the form to keep the two apart",
                qid,
                sheet="choices",
            )
        what = f"choice '{name}' of list '{list_name}' (choices sheet, row {choice.number})"
        label = ctx.complete(ctx.text(choice, "label"), choice, what, name, sheet="choices")
        options.append({"code": code, "label": label})
    if renamed:
        ctx.renamed_codes[qid] = renamed
    if not options:
        raise ctx.fail(
            "empty-list",
            row,
            f"the list '{list_name}' has no choice other than '{DECLINED}'",
            f"add choices with list_name '{list_name}' to the choices sheet",
        )
    return options, declined


def _refuse_duplicates(ctx: Context, row: SheetRow, list_name: str, choices: list[SheetRow]) -> None:
    """A question cannot offer one choice name twice: its answers would not say which was meant."""
    rows: dict[str, list[int]] = {}
    for choice in choices:
        rows.setdefault(choice.get("name"), []).append(choice.number)
    twice = {name: numbers for name, numbers in rows.items() if len(numbers) > 1}
    if twice:
        name, numbers = next(iter(twice.items()))
        raise ctx.fail(
            "duplicate-choice",
            row,
            f"'{row.get('name')}' would offer the choice '{name}' of list '{list_name}' twice (choices sheet, "
            f"rows {ranges(numbers)}); an answer '{name}' would not say which was meant",
            "give each choice of the list its own name",
        )


def choice_question(
    ctx: Context, row: SheetRow, q: dict[str, Any], t: XlsType, choices: list[SheetRow] | None = None
) -> dict[str, Any]:
    """Fill in the options of ``q`` from its list (or from ``choices``, the ones a filter keeps)."""
    list_name = t.list_name or ""
    if list_name not in ctx.lists:
        known = ", ".join(sorted(ctx.lists)) or "none"
        raise ctx.fail(
            "missing-list",
            row,
            f"'{row.get('type')}' names the list '{list_name}', which the choices sheet does not have (lists: {known})",
            f"add choices with list_name '{list_name}', or correct the list name in the type",
        )
    offered = ctx.lists[list_name] if choices is None else choices
    names = [c.get("name") for c in offered]
    verbatim = row.get("eqsurvey_type") == "scale" and all(re.fullmatch(r"-?\d+", n) or n == DECLINED for n in names)
    q["options"], q["prefer_not_to_say"] = _options(ctx, q["id"], list_name, row, verbatim=verbatim, choices=offered)
    if t.base == "select_multiple":
        q["type"] = "multi_choice"
    return q


def ranges(numbers: list[int]) -> str:
    """Row numbers compactly: 2-4, 7."""
    out: list[str] = []
    for n in numbers:
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)
