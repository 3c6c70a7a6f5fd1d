"""Property: edits saved to the file and read back give the model the same edits make when applied to the model.

The oracle below applies each edit to the validated :class:`Instrument` directly (pydantic copies),
independently of the YAML document code. An edit the editor refuses leaves the file byte for byte as it was
and is not applied to the model either. Comments of the file survive every sequence.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from instruments.dump import dump_instrument
from instruments.editing import (
    OWN_TEXTS,
    AddOption,
    AddQuestion,
    Edit,
    MoveQuestion,
    RemoveOption,
    RemoveQuestion,
    SetCondition,
    SetOptionLabel,
    SetQuestionText,
    SetText,
    edit_instrument,
    read_instrument_file,
)
from instruments.editing.document import dump_document, load_document
from instruments.loader import load_instrument
from instruments.model import Instrument, Section
from instruments.questions import Question
from tests.support.strategies import instruments

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "musterstadt" / "instrument.yaml"
COMMENTS = {
    "id: musterstadt-2026": "id: musterstadt-2026  # the survey's id: never changes",
    "  - id: trust\n": "  # the last section\n  - id: trust\n",
    "estimated_minutes: 15": "estimated_minutes: 15  # measured in the pilot",
}
OWN = ["ms_district", "ms_discr_local_12m", "ms_discr_city_service", "ms_suggestions"]
CHOICE = ["ms_district", "ms_discr_local_12m", "ms_discr_city_service"]
CODES = {
    "ms_district": ["altstadt", "nordstadt", "oststadt", "am_hafen", "new_a"],
    "ms_discr_local_12m": ["yes", "no", "unsure", "new_a"],
    "ms_discr_city_service": ["yes", "dont_know", "new_b"],
}
CONDITIONS = [None, "ms_district == 'nordstadt'", "ms_discr_local_12m == 'yes'", "ms_suggestions != 'x'"]
LANGS = ["de", "en"]
# Text as typed into a form: any printable characters, line breaks, blanks around it.
_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff") | st.sampled_from("\n \r")
texts = st.text(_CHARS, min_size=1, max_size=120)


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


edits: st.SearchStrategy[Edit] = st.one_of(
    st.builds(SetText, st.sampled_from(OWN_TEXTS), st.sampled_from(LANGS), texts),
    st.builds(SetQuestionText, st.sampled_from(OWN), st.sampled_from(["label", "hint"]), st.sampled_from(LANGS), texts),
    st.sampled_from(CHOICE).flatmap(
        lambda q: st.builds(SetOptionLabel, st.just(q), st.sampled_from(CODES[q]), st.sampled_from(LANGS), texts)
    ),
    st.sampled_from(CHOICE).flatmap(
        lambda q: st.builds(
            AddOption, st.just(q), st.sampled_from(CODES[q]), st.fixed_dictionaries({"de": texts, "en": texts})
        )
    ),
    st.sampled_from(CHOICE).flatmap(lambda q: st.builds(RemoveOption, st.just(q), st.sampled_from(CODES[q]))),
    st.builds(SetCondition, st.sampled_from(OWN), st.sampled_from(CONDITIONS)),
    st.builds(MoveQuestion, st.sampled_from(OWN), st.integers(0, 4)),
    st.builds(RemoveQuestion, st.sampled_from(OWN)),
    st.builds(
        AddQuestion,
        st.sampled_from(["about_you", "experiences", "trust"]),
        st.builds(
            lambda qid, de, en: {"id": qid, "type": "text", "label": {"de": de, "en": en}},
            st.sampled_from(["ms_note", "ms_other"]),
            texts,
            texts,
        ),
        st.none() | st.integers(0, 6),
    ),
)


# ---- the oracle: the same edits on the model ----


def _text(old: dict[str, str] | None, lang: str, text: str, optional: bool) -> dict[str, str] | None:
    new = dict(old or {})
    if _clean(text):
        new[lang] = _clean(text)
    else:
        new.pop(lang, None)
    return None if optional and not new else new


def _items(inst: Instrument, section: Section) -> list[list[Question]]:
    """The section's items as in the file: an own question, or a module's questions together."""
    module_of = {qid: m.id for m in inst.modules for qid in m.questions}
    items: list[list[Question]] = []
    for q in section.questions:
        if (
            q.id in module_of
            and items
            and items[-1][0].id in module_of
            and module_of[items[-1][0].id] == module_of[q.id]
        ):
            items[-1].append(q)
        else:
            items.append([q])
    return items


def _with_section(inst: Instrument, section: Section, items: list[list[Question]]) -> Instrument:
    new = section.model_copy(update={"questions": [q for item in items for q in item]})
    return inst.model_copy(update={"sections": [new if s.id == section.id else s for s in inst.sections]})


def _update_question(inst: Instrument, qid: str, **update: Any) -> Instrument:
    section = inst.section_of(qid)
    items = [[q.model_copy(update=update) if q.id == qid else q for q in item] for item in _items(inst, section)]
    return _with_section(inst, section, items)


def _oracle(inst: Instrument, edit: Edit) -> Instrument:
    if isinstance(edit, SetText):
        return inst.model_copy(
            update={edit.field: _text(getattr(inst, edit.field), edit.lang, edit.text, edit.field == "rights")}
        )
    if isinstance(edit, SetQuestionText):
        q = inst.question_map[edit.question]
        new = _text(getattr(q, edit.field), edit.lang, edit.text, edit.field == "hint")
        return _update_question(inst, edit.question, **{edit.field: new})
    if isinstance(edit, SetCondition):
        return _update_question(inst, edit.target, relevant=edit.condition)
    if isinstance(edit, (SetOptionLabel, AddOption, RemoveOption)):
        options = list(inst.question_map[edit.question].options)  # type: ignore[union-attr]
        if isinstance(edit, SetOptionLabel):
            options = [
                o.model_copy(update={"label": _text(o.label, edit.lang, edit.text, False)})
                if o.code == edit.code
                else o
                for o in options
            ]
        elif isinstance(edit, AddOption):
            label = {k: _clean(v) for k, v in edit.label.items() if _clean(v)}
            options.append(type(options[0]).model_validate({"code": edit.code, "label": label}))
        else:
            options = [o for o in options if o.code != edit.code]
        return _update_question(inst, edit.question, options=options)
    if isinstance(edit, AddQuestion):
        section = next(s for s in inst.sections if s.id == edit.section)
        items = _items(inst, section)
        spec = {**edit.question, "label": {k: _clean(v) for k, v in edit.question["label"].items() if _clean(v)}}
        at = len(items) if edit.position is None else min(edit.position, len(items))
        items.insert(at, [TypeAdapter(Question).validate_python(spec)])
        return _with_section(inst, section, items)
    assert isinstance(edit, (MoveQuestion, RemoveQuestion))
    section = inst.section_of(edit.question)
    items = _items(inst, section)
    index = next(i for i, item in enumerate(items) if item[0].id == edit.question)
    item = items.pop(index)
    if isinstance(edit, MoveQuestion):
        items.insert(min(edit.position, len(items)), item)
    return _with_section(inst, section, items)


@pytest.mark.slow  # 30 edit sequences, each saved and validated: about 15 s
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edits, min_size=1, max_size=5))
def test_saved_edits_read_back_as_the_model_with_the_edits_applied(tmp_path: Path, sequence: list[Edit]) -> None:
    path = tmp_path / "instrument.yaml"
    shutil.copy(EXAMPLE, path)
    text = path.read_text(encoding="utf-8")
    for plain, commented in COMMENTS.items():
        text = text.replace(plain, commented, 1)
    path.write_text(text, encoding="utf-8")
    model = load_instrument(path).instrument
    for edit in sequence:
        before = read_instrument_file(path)
        result = edit_instrument(path, [edit], read_digest=before.digest)
        if not result.saved:
            assert path.read_text(encoding="utf-8") == before.text, "a refused edit writes nothing"
            continue
        model = _oracle(model, edit)
    reloaded = load_instrument(path).instrument
    assert reloaded == model.model_copy(update={"version": reloaded.version})
    final = path.read_text(encoding="utf-8")
    for commented in COMMENTS.values():
        assert commented in final


@settings(max_examples=40, deadline=None)
@given(instruments())
def test_any_instrument_file_is_written_back_byte_for_byte_when_nothing_changed(instrument: Instrument) -> None:
    text = dump_instrument(instrument, header="A header comment\nover two lines")
    text = text.replace(
        "\nsections:\n", "\n# the sections follow\nsections:  # and a comment at the end of a line\n", 1
    )
    assert "# the sections follow" in text
    assert dump_document(load_document(text, "generated.yaml"), text) == text
