"""Property: edits of scale points, number bounds and units, and matrix rows, saved and read back, give the model
the same edits make when applied to the model directly (an oracle independent of the YAML document code).

An edit the editor refuses leaves the file byte for byte as it was and is not applied to the model either;
comments of the file survive every sequence.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.editing import (
    AddPoint,
    AddQuestion,
    AddRow,
    Edit,
    RemovePoint,
    RemoveRow,
    SetBounds,
    SetPointLabel,
    SetQuestionText,
    SetRowLabel,
    edit_instrument,
    read_instrument_file,
)
from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.questions import MatrixRow, ScalePoint
from tests.unit.instruments.editing.test_editing_property import _clean, _text, _update_question, texts
from tests.unit.instruments.editing.test_editing_types import MATRIX, NUMBER, SCALE

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "musterstadt" / "instrument.yaml"
COMMENTS = {  # a comment above a question, and one at the end of a row's line
    "      - id: q_years\n": "      # asked of everyone\n      - id: q_years\n",
    "          - code: bus\n": "          - code: bus  # the first row\n",
}
LANGS = ["de", "en"]
VALUES = [0, 1, 2, 3, 4]
ROWS = ["bus", "street", "work"]
labels = st.fixed_dictionaries({"de": texts, "en": texts})

edits: st.SearchStrategy[Edit] = st.one_of(
    st.builds(SetPointLabel, st.just("q_satisfied"), st.sampled_from(VALUES), st.sampled_from(LANGS), texts),
    st.builds(AddPoint, st.just("q_satisfied"), st.sampled_from(VALUES), labels),
    st.builds(RemovePoint, st.just("q_satisfied"), st.sampled_from(VALUES)),
    st.builds(SetBounds, st.just("q_years"), st.integers(-5, 130) | st.just(0.5), st.integers(-5, 130) | st.just(99.5)),
    st.builds(SetQuestionText, st.just("q_years"), st.just("unit"), st.sampled_from(LANGS), texts | st.just("")),
    st.builds(SetRowLabel, st.just("q_places"), st.sampled_from(ROWS), st.sampled_from(LANGS), texts),
    st.builds(AddRow, st.just("q_places"), st.sampled_from(ROWS), labels),
    st.builds(RemoveRow, st.just("q_places"), st.sampled_from(ROWS)),
)


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Musterstadt with a scale, a number and a matrix question of its own, and comments among them."""
    path = tmp_path_factory.mktemp("start") / "instrument.yaml"
    shutil.copy(EXAMPLE, path)
    read = read_instrument_file(path)
    added = [AddQuestion("trust", spec) for spec in (SCALE, NUMBER, MATRIX)]
    assert edit_instrument(path, added, read_digest=read.digest).saved
    text = path.read_text(encoding="utf-8")
    for plain, commented in COMMENTS.items():
        assert plain in text
        text = text.replace(plain, commented, 1)
    return text


def _label(label: dict[str, str]) -> dict[str, str]:
    return {k: _clean(v) for k, v in label.items() if _clean(v)}


def _oracle(inst: Instrument, edit: Edit) -> Instrument:
    q: Any = inst.question_map[edit.question]  # type: ignore[union-attr,index]
    if isinstance(edit, SetBounds):
        return _update_question(inst, edit.question, min=edit.low, max=edit.high)
    if isinstance(edit, SetQuestionText):
        return _update_question(inst, edit.question, unit=_text(q.unit, edit.lang, edit.text, True))
    if isinstance(edit, SetPointLabel | AddPoint | RemovePoint):
        points = list(q.points)
        if isinstance(edit, SetPointLabel):
            points = [
                p.model_copy(update={"label": _text(p.label, edit.lang, edit.text, False)})
                if p.value == edit.value
                else p
                for p in points
            ]
        elif isinstance(edit, AddPoint):
            at = next((i for i, p in enumerate(points) if p.value > edit.value), len(points))
            points.insert(at, ScalePoint(value=edit.value, label=_label(dict(edit.label))))
        else:
            points = [p for p in points if p.value != edit.value]
        return _update_question(inst, edit.question, points=points)
    rows = list(q.rows)
    if isinstance(edit, SetRowLabel):
        rows = [
            r.model_copy(update={"label": _text(r.label, edit.lang, edit.text, False)}) if r.code == edit.code else r
            for r in rows
        ]
    elif isinstance(edit, AddRow):
        rows.append(MatrixRow(code=edit.code, label=_label(dict(edit.label))))
    else:
        assert isinstance(edit, RemoveRow)
        rows = [r for r in rows if r.code != edit.code]
    return _update_question(inst, edit.question, rows=rows)


@pytest.mark.slow  # 30 edit sequences, each saved and validated: about 15 s
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edits, min_size=1, max_size=5))
def test_saved_point_bound_unit_and_row_edits_read_back_as_the_model_with_the_edits_applied(
    tmp_path: Path, start: str, sequence: list[Edit]
) -> None:
    path = tmp_path / "instrument.yaml"
    path.write_text(start, encoding="utf-8")
    model = load_instrument(path).instrument
    first_row_removed = False
    for edit in sequence:
        before = read_instrument_file(path)
        result = edit_instrument(path, [edit], read_digest=before.digest)
        if not result.saved:
            assert path.read_text(encoding="utf-8") == before.text, "a refused edit writes nothing"
            continue
        model = _oracle(model, edit)
        first_row_removed |= edit == RemoveRow("q_places", "bus")
    reloaded = load_instrument(path).instrument
    assert reloaded == model.model_copy(update={"version": reloaded.version})
    final = path.read_text(encoding="utf-8")
    assert "      # asked of everyone\n      - id: q_years\n" in final
    # An end-of-line comment goes with its entry.
    assert ("          - code: bus  # the first row\n" in final) is not first_row_removed
