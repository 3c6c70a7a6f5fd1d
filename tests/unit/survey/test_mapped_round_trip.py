"""Spreadsheets through a column mapping, property-tested: simulated respondents come back exactly; drafts read back."""

from __future__ import annotations

import csv
import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.model import Instrument
from instruments.questions import Consent, Matrix, MultiChoice, Number
from instruments.text import DECLINED
from survey.importers.csv_format import write_csv
from survey.importers.mapping.draft import draft_mapping
from survey.simulation.simulator import simulate
from tests.strategies import instruments
from tests.unit.survey.test_mapped_responses import EXAMPLE, _read, _write, _xlsx

# Simulated respondents, renamed headers, a matching mapping.
_header_text = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "Zs", "S"), blacklist_characters="="), min_size=1, max_size=12
).filter(lambda s: bool(s.split()))


def _layout(instrument: Instrument, per_option: set[str]) -> list[tuple[str, str | None]]:
    """(question id, row or option) per answer column, in questionnaire order."""
    out: list[tuple[str, str | None]] = []
    for q in instrument.questions():
        if isinstance(q, Matrix):
            out += [(q.id, r.code) for r in q.rows]
        elif isinstance(q, MultiChoice) and q.id in per_option:
            out += [(q.id, o.code) for o in q.options] + ([(q.id, DECLINED)] if q.prefer_not_to_say else [])
        else:
            out.append((q.id, None))
    return out


def _cell(instrument: Instrument, qid: str, part: str | None, answers: dict[str, Any], xlsx: bool) -> Any:
    q = instrument.question_map[qid]
    value = answers.get(qid)
    if value is None:
        return None
    if isinstance(q, Matrix):
        return DECLINED if value == DECLINED else value.get(part)
    if isinstance(q, MultiChoice):
        return ("x" if part in value else None) if part is not None else ";".join(value)
    if isinstance(q, Consent):
        return value if xlsx else ("ja" if value else "nein")
    if isinstance(q, Number) and not xlsx:
        return str(value).replace(".", ",")
    return value


def _as_kept(people: list[dict[str, Any]]) -> None:
    """What a spreadsheet keeps, in place: 15 significant digits (Excel's precision); cells read without
    leading or trailing spaces (simulated text cut to its maximum length can end in one)."""
    for answers in people:
        for qid, value in answers.items():
            if isinstance(value, float):
                answers[qid] = float(f"{value:.15g}")
            elif isinstance(value, str):
                answers[qid] = value.strip()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.just(EXAMPLE), instruments()),
    st.integers(0, 2**16),
    st.booleans(),
    st.data(),
)
def test_simulated_respondents_come_back_exactly(
    tmp_path_factory: pytest.TempPathFactory, instrument: Instrument, seed: int, xlsx: bool, data: st.DataObject
) -> None:
    people = simulate(instrument, 15, seed)
    _as_kept(people)
    multis = sorted(q.id for q in instrument.questions() if isinstance(q, MultiChoice))
    per_option = set(data.draw(st.lists(st.sampled_from(multis), unique=True))) if multis else set()
    layout = _layout(instrument, per_option)
    names = data.draw(
        st.lists(
            _header_text, min_size=len(layout) + 2, max_size=len(layout) + 2, unique_by=lambda s: " ".join(s.split())
        )
    )
    code_column, junk, answer_names = names[0], names[1], names[2:]
    codes = [
        data.draw(st.none() | st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)) for _ in people
    ]
    header = [code_column, junk, *answer_names]
    rows = [
        [codes[i], "203.0.113.7", *(_cell(instrument, qid, part, p, xlsx) for qid, part in layout)]
        for i, p in enumerate(people)
    ]
    folder = tmp_path_factory.mktemp("roundtrip")
    if xlsx:
        path = _xlsx(folder / "data.xlsx", [header, *rows])
    else:
        path = folder / "data.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows([header, *[["" if c is None else c for c in r] for r in rows]])
    columns = {}
    for name, (qid, part) in zip(answer_names, layout, strict=True):
        q = instrument.question_map[qid]
        spec: dict[str, Any] = {"question": qid}
        if isinstance(q, Matrix):
            spec["row"] = part
        elif isinstance(q, MultiChoice):
            spec |= {"option": part} if part is not None else {"separator": ";"}
        columns[name] = spec
    mapping = folder / "mapping.yaml"
    mapping.write_text(
        json.dumps(
            {"access_code": code_column, "ignore": [junk], "delimiter": ";", "columns": columns}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    got = _read(instrument, path, mapping)
    empty = [i for i, r in enumerate(rows) if all(c is None for c in r)]
    assert not empty  # an IP column is always filled: no row is skipped as empty
    assert [r.problems for r in got] == [[] for _ in people]
    assert [r.answers for r in got] == people
    assert [r.access_code for r in got] == codes
    assert [r.number for r in got] == list(range(2, len(people) + 2))


def test_a_draft_for_a_file_named_by_question_ids_reads_it_back(tmp_path: Path) -> None:
    people = simulate(EXAMPLE, 120, seed=5)
    data = _write(tmp_path / "pilot.csv", write_csv(EXAMPLE, people, [f"c{i}" for i in range(len(people))]))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(draft_mapping(EXAMPLE, data), encoding="utf-8")
    rows = _read(EXAMPLE, data, mapping)
    assert [r.problems for r in rows] == [[] for _ in people]
    assert [r.answers for r in rows] == people
    assert [r.access_code for r in rows] == [f"c{i}" for i in range(len(people))]
