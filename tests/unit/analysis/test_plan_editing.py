"""Editing plan YAML as people wrote it: edits then reload equal the edits applied to the model; comments survive."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.plans.editing import (
    TableEdit,
    add_table,
    change_table,
    digest,
    new_table_id,
    remove_table,
    save_if_unchanged,
    table_ids,
)
from analysis.plans.loader import PlanError
from analysis.plans.model import AnalysisPlan, Table
from kernel.errors import EqSurveyError
from kernel.yaml_source import load_yaml
from tests.support.hostile_files import laughs
from tests.support.strategies import Draw

EXAMPLES = Path(__file__).parents[3] / "examples"

_names = st.sampled_from(["gender_group", "rac_self", "district", "age_band", "trust", "discr_12m", "dg_grounds"])
_label_text = st.sampled_from(["Vertrauen: Polizei", "Diskriminierung # nicht ein Kommentar", "Grounds", "a 'b'"])
#: Any title a person (or a hostile post) may send: quotes, colons, hashes, braces, line breaks, any script.
_any_title = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85")
    | st.sampled_from("\n\t\"':#{}[],&*!|>%@`"),
    min_size=1,
    max_size=40,
).filter(lambda t: bool(t.strip()))


@st.composite
def edits(draw: Draw) -> TableEdit:
    measure = draw(_names)
    by = tuple(draw(st.lists(_names.filter(lambda n: n != measure), max_size=2, unique=True)))
    label = draw(st.dictionaries(st.sampled_from(["de", "en"]), _label_text, max_size=2))
    return TableEdit(draw(st.sampled_from(["counts", "matrix", "mean"])), measure, by, label)


@dataclass
class Written:
    """A plan as a person might write it: two layouts, flow or block groups, comments everywhere."""

    text: str
    tables: list[Table]
    comments: dict[str, list[str]]
    """Per table id, the comments just above it (they go when it goes); '' the head and tail comments."""


@st.composite
def written_plans(draw: Draw) -> Written:
    offset = draw(st.sampled_from([0, 2]))
    flow = draw(st.booleans())
    count = draw(st.integers(1, 5))
    ids = draw(st.lists(st.from_regex(r"t[a-z0-9]{0,6}", fullmatch=True), min_size=count, max_size=count, unique=True))
    numbers = iter(range(1, 1000))
    head = f"# comment {next(numbers)}: the plan"
    lines = [head, "id: plan-1", "instrument: survey-1", "budget_share: 0.3  # a share", "tables:"]
    comments: dict[str, list[str]] = {"": [head]}
    tables = []
    pad, inner = " " * offset, " " * (offset + 2)
    for table_id in ids:
        edit = draw(edits())
        tables.append(
            Table(id=table_id, kind=edit.kind, measure=edit.measure, by=list(edit.by), label=edit.label or None)
        )
        comments[table_id] = [f"# comment {next(numbers)}" for _ in range(draw(st.integers(0, 2)))]
        lines += [f"{pad}{c}" for c in comments[table_id]]
        eol = f"  # comment {next(numbers)}" if draw(st.booleans()) else ""
        comments[table_id] += [eol.strip()] if eol else []
        lines.append(f"{pad}- id: {table_id}{eol}")
        if edit.label:
            quoted = ", ".join(f'{k}: "{v}"' for k, v in edit.label.items())
            lines.append(f"{inner}label: {{{quoted}}}")
        lines += [f"{inner}kind: {edit.kind}", f"{inner}measure: {edit.measure}"]
        if flow:
            lines.append(f"{inner}by: [{', '.join(edit.by)}]")
        else:
            lines.append(f"{inner}by:" + ("" if edit.by else " []"))
            lines += [f"{inner}{' ' * offset}- {b}" for b in edit.by]
    tail = f"# comment {next(numbers)}: the end"
    comments[""].append(tail)
    return Written("\n".join([*lines, tail]) + "\n", tables, comments)


Op = tuple[str, int, TableEdit]


def _model(text: str) -> AnalysisPlan:
    return AnalysisPlan.model_validate(load_yaml(text, "plan.yaml"))


def _comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"# comment \d+[^\n]*", text)]


def _apply(written: Written, ops: list[Op]) -> tuple[str, list[Table], set[str]]:
    """The ops on the text, and on the model's tables; the ids whose comments must be gone."""
    text, tables, gone = written.text, list(written.tables), set()
    for op, position, edit in ops:
        label = edit.label or None
        if op == "add":
            text, new_id = add_table(text, edit)
            tables.append(Table(id=new_id, kind=edit.kind, measure=edit.measure, by=list(edit.by), label=label))
        elif op == "change":
            target = tables[position % len(tables)]
            text = change_table(text, target.id, edit)
            tables[position % len(tables)] = target.model_copy(
                update={"kind": edit.kind, "measure": edit.measure, "by": list(edit.by), "label": label}
            )
        elif len(tables) > 1:
            target = tables.pop(position % len(tables))
            text = remove_table(text, target.id)
            gone.add(target.id)
    return text, tables, gone


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    written_plans(),
    st.lists(st.tuples(st.sampled_from(["add", "change", "remove"]), st.integers(0, 9), edits()), max_size=5),
)
def test_edits_then_reload_equal_the_edits_applied_to_the_model_and_comments_survive(
    written: Written, ops: list[Op]
) -> None:
    text, tables, gone = _apply(written, ops)
    assert _model(text) == _model(written.text).model_copy(update={"tables": tables})
    kept = [c for table_id, own in written.comments.items() if table_id not in gone for c in own]
    found = _comments(text)
    assert sorted(found) == sorted(kept)
    # Comments keep their order: each table's comments stay above it, head first, tail last.
    assert found[0] == written.comments[""][0] and found[-1] == written.comments[""][1]
    assert [c for c in _comments(written.text) if c in found] == found


@settings(max_examples=50, deadline=None)
@given(written_plans(), st.integers(0, 9), edits())
def test_a_change_touches_only_the_lines_of_its_table(written: Written, position: int, edit: TableEdit) -> None:
    target = written.tables[position % len(written.tables)]
    changed = change_table(written.text, target.id, edit)
    before, after = written.text.splitlines(), changed.splitlines()
    start = next(i for i, line in enumerate(before) if re.fullmatch(rf"\s*- id: {target.id}(  #.*)?", line))
    dash = len(before[start]) - len(before[start].lstrip())
    end = next(
        (i for i in range(start + 1, len(before)) if before[i].strip() and not before[i][: dash + 1].isspace()),
        len(before),
    )
    assert after[:start] == before[:start]
    assert after[len(after) - (len(before) - end) :] == before[end:]


@settings(max_examples=50, deadline=None)
@given(written_plans(), st.integers(0, 9))
def test_an_unchanged_save_is_byte_identical(written: Written, position: int) -> None:
    table = written.tables[position % len(written.tables)]
    same = TableEdit(table.kind, table.measure, tuple(table.by), dict(table.label or {}))
    assert change_table(written.text, table.id, same) == written.text


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    written_plans(),
    st.integers(0, 9),
    st.dictionaries(st.sampled_from(["de", "en", "tr"]), _any_title, min_size=1, max_size=3),
)
def test_any_title_is_written_so_that_it_reads_back_the_same(
    written: Written, position: int, label: dict[str, str]
) -> None:
    table = written.tables[position % len(written.tables)]
    edit = TableEdit(table.kind, table.measure, tuple(table.by), label)
    changed = change_table(written.text, table.id, edit)
    assert next(t for t in _model(changed).tables if t.id == table.id).label == label
    added, new_id = add_table(written.text, edit)
    assert next(t for t in _model(added).tables if t.id == new_id).label == label
    assert sorted(_comments(changed)) == sorted(c for own in written.comments.values() for c in own)


@pytest.mark.parametrize(
    "title",
    [
        "?0",
        "? x",
        "-1",
        "- a",
        ":x",
        "a: b",
        "#x",
        "x #y",
        "[a",
        "{a}",
        "!x",
        "&x",
        "*x",
        "@x",
        "%x",
        "`x",
        "|x",
        ">x",
        "'x",
        '"x',
        "a, b",
        "0",
        "null",
        "yes",
        "~",
    ],
)
def test_titles_that_yaml_reads_otherwise_when_plain_are_quoted_and_read_back(title: str) -> None:
    example = (EXAMPLES / "musterstadt" / "plan.yaml").read_text(encoding="utf-8")
    # Titles written plain in flow mappings, as a person writes them: a new title is written alike where it can be.
    text = re.sub(r"label: \{.*\}", "label: {de: Titel, en: Title}", example)
    table = _model(text).tables[0]
    label = {"de": title, "en": title}
    changed = change_table(text, table.id, TableEdit(table.kind, table.measure, tuple(table.by), label))
    assert _model(changed).tables[0].label == label


@pytest.mark.parametrize("plan", sorted(EXAMPLES.glob("*/plan.yaml")), ids=lambda p: p.parent.name)
def test_the_examples_stay_byte_identical_when_each_table_is_saved_unchanged(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    model = _model(text)
    assert table_ids(text) == [t.id for t in model.tables]
    for table in model.tables:
        same = TableEdit(table.kind, table.measure, tuple(table.by), dict(table.label or {}))
        assert change_table(text, table.id, same) == text
    # The representation table's comment inside it survives a change of the table before it.
    first = model.tables[0]
    changed = change_table(text, first.id, TableEdit(first.kind, first.measure, ()))
    assert _comments(changed) == _comments(text)
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == [
        line for line in changed.splitlines() if line.lstrip().startswith("#")
    ]


def test_a_new_table_follows_the_file_s_style() -> None:
    text = (EXAMPLES / "musterstadt" / "plan.yaml").read_text(encoding="utf-8")
    changed, new_id = add_table(text, TableEdit("counts", "gender_group", ("ms_district",), {"de": "Neu", "en": "New"}))
    assert new_id == "gender_group_by_ms_district"
    assert changed.startswith(text)
    assert changed[len(text) :] == (
        "  - id: gender_group_by_ms_district\n"
        '    label: {de: "Neu", en: "New"}\n'
        "    kind: counts\n"
        "    measure: gender_group\n"
        "    by: [ms_district]\n"
    )


def test_new_ids_are_valid_and_unlike_the_others() -> None:
    taken = {"trust_by_district", "trust_by_district_2"}
    assert new_table_id(taken, "trust", ["district"]) == "trust_by_district_3"
    long = new_table_id(set(), "a" * 60, ["b" * 60, "c"])
    assert len(long) <= 64 and not long.endswith("_")
    Table(id=long, kind="counts", measure="x")  # a valid id


def test_an_unknown_table_is_a_clear_error() -> None:
    text = (EXAMPLES / "musterstadt" / "plan.yaml").read_text(encoding="utf-8")
    with pytest.raises(PlanError, match="no table 'nowhere'"):
        change_table(text, "nowhere", TableEdit("counts", "x"))
    with pytest.raises(PlanError, match="no table 'nowhere'"):
        remove_table(text, "nowhere")


def test_a_hostile_file_is_refused_before_the_round_trip() -> None:
    bomb = laughs() + "\ntables: []\n"
    with pytest.raises(EqSurveyError):
        add_table(bomb, TableEdit("counts", "x"))


def test_saving_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("id: a\n", encoding="utf-8")
    seen = digest("id: a\n")
    plan.write_text("id: b\n", encoding="utf-8")  # another program saved it meanwhile
    with pytest.raises(PlanError, match="changed since"):
        save_if_unchanged(plan, seen, "id: c\n")
    assert plan.read_text(encoding="utf-8") == "id: b\n"
    save_if_unchanged(plan, digest("id: b\n"), "id: c\n")
    assert plan.read_text(encoding="utf-8") == "id: c\n"
    assert not [p for p in tmp_path.iterdir() if p.name != "plan.yaml"]  # no temporary file left
