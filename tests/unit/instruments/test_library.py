"""The standard module library and the Musterstadt example built from it.

These tests hold the YAML data to the conventions of the library: every text in
every declared language, privacy class and analysis role set on purpose, ids
unique across modules, the Washington Group Short Set locked and verbatim, and
skip logic and derived variables that do what their descriptions say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from instruments.checks import texts
from instruments.dump import dump_instrument
from instruments.loader import LoadedInstrument, load_instrument, parse_instrument
from instruments.model import CategoricalDerived, Instrument
from instruments.modules import Module, available, load_module
from instruments.questions import Matrix, MultiChoice, Number, Question, SingleChoice, Text
from instruments.text import DECLINED
from kernel.errors import InstrumentError

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "musterstadt" / "instrument.yaml"
MODULES = available()
SNAKE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
DOMAINS = (
    "work",
    "job_search",
    "housing",
    "education",
    "health_care",
    "authorities",
    "police",
    "justice",
    "public_space",
    "public_transport",
    "shops_services",
    "online_media",
    "leisure",
)
WG_IDS = ("wg_seeing", "wg_hearing", "wg_walking", "wg_remembering", "wg_selfcare", "wg_communicating")


def module(ref: str) -> Module:
    return load_module(ref).module


def module_texts(m: Module) -> Iterator[tuple[str, dict[str, str]]]:
    """Every piece of text in a module, with a readable place."""
    yield "title", m.title
    if m.description is not None:
        yield "description", m.description
    for q in m.questions:
        yield f"{q.id}.label", q.label
        if q.hint is not None:
            yield f"{q.id}.hint", q.hint
        if isinstance(q, Number) and q.unit is not None:
            yield f"{q.id}.unit", q.unit
        for attr in ("options", "rows", "points"):
            for item in getattr(q, attr, []):
                yield f"{q.id}.{attr}.{getattr(item, 'code', getattr(item, 'value', '?'))}", item.label
    for d in m.derived:
        yield f"{d.id}.label", d.label
        if d.description is not None:
            yield f"{d.id}.description", d.description
        if isinstance(d, CategoricalDerived):
            for c in d.cases:
                yield f"{d.id}.cases.{c.code}", c.label


@pytest.fixture(scope="module")
def loaded() -> LoadedInstrument:
    return load_instrument(EXAMPLE)


@pytest.fixture(scope="module")
def example(loaded: LoadedInstrument) -> Instrument:
    return loaded.instrument


# --- (a) the library ---------------------------------------------------------


def test_library_has_the_standard_modules() -> None:
    expected = {
        "wg_short_set@1",
        "racialisation@1",
        "migration_history@1",
        "gender_identity@1",
        "sexual_orientation@1",
        "religion@1",
        "age_band@1",
        "languages@1",
        "discrimination_experiences@1",
        "discrimination_grounds@1",
        "reporting_help@1",
        "trust_administration@1",
    }
    assert expected <= set(MODULES)


@pytest.mark.parametrize("ref", MODULES)
def test_module_loads_and_is_cited(ref: str) -> None:
    m = module(ref)
    name, major = ref.split("@")
    assert m.module == name and m.version.split(".")[0] == major
    assert len(m.source.citation) > 40
    assert m.source.url is not None and m.source.url.startswith("https://")
    assert {"de", "en"} <= set(m.languages)


@pytest.mark.parametrize("ref", MODULES)
def test_every_text_is_in_every_declared_language(ref: str) -> None:
    m = module(ref)
    missing = [
        f"{place} [{lang}]"
        for place, text in module_texts(m)
        for lang in m.languages
        if not (text.get(lang) or "").strip()
    ]
    undeclared = [f"{place} [{lang}]" for place, text in module_texts(m) for lang in text if lang not in m.languages]
    assert missing == [] and undeclared == []


@pytest.mark.parametrize("ref", MODULES)
def test_every_question_sets_privacy_and_role_on_purpose(ref: str) -> None:
    raw = load_module(ref).raw
    unset = [q["id"] for q in raw["questions"] if "privacy" not in q or "role" not in q]
    assert unset == []


@pytest.mark.parametrize("ref", MODULES)
def test_codes_are_snake_case_and_never_the_reserved_code(ref: str) -> None:
    for q in module(ref).questions:
        assert SNAKE.match(q.id) and "__" not in q.id
        for attr in ("options", "rows"):
            for item in getattr(q, attr, []):
                assert SNAKE.match(item.code), f"{q.id}: {item.code}"
                assert item.code != DECLINED


def test_ids_are_unique_across_the_whole_library() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for ref in MODULES:
        m = module(ref)
        for ident in [q.id for q in m.questions] + [d.id for d in m.derived]:
            if ident in seen:
                clashes.append(f"{ident} in {seen[ident]} and {ref}")
            seen[ident] = ref
    assert clashes == []


def _by_id() -> dict[str, Question]:
    return {q.id: q for ref in MODULES for q in module(ref).questions}


@pytest.mark.parametrize(
    ("qid", "privacy", "role"),
    [
        *[(i, "special_category", "breakdown") for i in WG_IDS],
        ("rac_self", "special_category", "breakdown"),
        ("rac_perceived_white", "special_category", "breakdown"),
        ("gi_gender", "special_category", "breakdown"),
        ("gi_same_as_birth", "special_category", "breakdown"),
        ("so_orientation", "special_category", "breakdown"),
        ("rel_religion", "special_category", "breakdown"),
        ("age_band", "quasi_identifier", "breakdown"),
        ("mh_birth_country", "quasi_identifier", "breakdown"),
        ("mh_citizenship", "quasi_identifier", "breakdown"),
        ("lang_home", "quasi_identifier", "breakdown"),
        ("discr_5y", "special_category", "outcome"),
        ("discr_12m", "special_category", "outcome"),
        ("dg_grounds", "special_category", "outcome"),
        ("ta_police", "other", "outcome"),
    ],
)
def test_privacy_class_and_role(qid: str, privacy: str, role: str) -> None:
    q = _by_id()[qid]
    assert (q.privacy, q.role) == (privacy, role)


def test_self_descriptions_are_free_text_beside_closed_categories() -> None:
    questions = _by_id()
    for qid in ("rac_self_description", "gi_self_description", "so_self_description", "rel_self_description"):
        q = questions[qid]
        assert isinstance(q, Text) and q.self_description
        assert (q.privacy, q.role) == ("special_category", "none")


@pytest.mark.parametrize(
    ("qid", "exclusive"),
    [
        ("rac_self", {"none"}),
        ("mh_citizenship", {"stateless"}),
        ("rel_religion", {"none"}),
        ("dg_grounds", {"dont_know"}),
    ],
)
def test_none_of_these_is_exclusive(qid: str, exclusive: set[str]) -> None:
    q = _by_id()[qid]
    assert isinstance(q, MultiChoice)
    assert {o.code for o in q.options if o.exclusive} == exclusive
    assert q.selection_limit == len(q.options) - len(exclusive)


def test_wg_short_set_is_locked_verbatim_and_in_order() -> None:
    m = module("wg_short_set@1")
    assert m.locked and m.languages == ["de", "en"]
    assert [q.id for q in m.questions] == list(WG_IDS)
    assert [q.label["en"] for q in m.questions] == [
        "Do you have difficulty seeing, even if wearing glasses?",
        "Do you have difficulty hearing, even if using a hearing aid?",
        "Do you have difficulty walking or climbing steps?",
        "Do you have difficulty remembering or concentrating?",
        "Do you have difficulty with self-care, such as washing all over or dressing?",
        "Using your usual language, do you have difficulty communicating, for example understanding or being "
        "understood?",
    ]
    for q in m.questions:
        assert isinstance(q, SingleChoice)
        assert [(o.code, o.label["en"]) for o in q.options] == [
            ("none", "No – no difficulty"),
            ("some", "Yes – some difficulty"),
            ("a_lot", "Yes – a lot of difficulty"),
            ("cannot", "Cannot do at all"),
        ]
    assert "German" in (m.source.notes or "")


def test_discrimination_matrices_cover_the_life_domains() -> None:
    m = module("discrimination_experiences@1")
    five, twelve = m.questions
    assert isinstance(five, Matrix) and isinstance(twelve, Matrix)
    assert [r.code for r in five.rows] == list(DOMAINS) == [r.code for r in twelve.rows]
    assert [o.code for o in five.options] == ["yes", "no", "not_applicable"]
    assert [r.relevant for r in twelve.rows] == [f"discr_5y.{d} == 'yes'" for d in DOMAINS]


def test_trust_is_a_labelled_five_point_scale() -> None:
    for q in module("trust_administration@1").questions:
        assert q.type == "scale"
        assert [p.value for p in q.points] == [1, 2, 3, 4, 5]
        assert all(p.label["de"] and p.label["en"] for p in q.points)


def test_all_modules_together_make_a_valid_instrument() -> None:
    """Every condition in the library type-checks when the modules are asked in a sensible order."""
    order = [
        "age_band@1",
        "gender_identity@1",
        "sexual_orientation@1",
        "migration_history@1",
        "languages@1",
        "racialisation@1",
        "religion@1",
        "wg_short_set@1",
        "discrimination_experiences@1",
        "discrimination_grounds@1",
        "reporting_help@1",
        "trust_administration@1",
    ]
    assert sorted(order) == MODULES
    uses = "".join(f"      - use: {ref}\n" for ref in order)
    text = f"""\
id: library-check
version: 1.0.0
title: {{de: Alle Module, en: All modules, de-x-ls: Alle Module}}
languages: [de, en, de-x-ls]
default_language: de
purpose: {{de: Test, en: Test, de-x-ls: Test}}
controller: {{de: Test, en: Test, de-x-ls: Test}}
legal_basis: {{de: Test, en: Test, de-x-ls: Test}}
retention: {{de: Test, en: Test, de-x-ls: Test}}
contact: {{de: Test, en: Test, de-x-ls: Test}}
sections:
  - id: everything
    title: {{de: Alles, en: Everything, de-x-ls: Alles}}
    questions:
{uses}"""
    result = parse_instrument(text, "library-check.yaml")
    # The only complaints allowed: modules without Easy Language lack it.
    assert {w.code for w in result.warnings} <= {"missing-translation"}
    easy = {q.id for ref in MODULES if "de-x-ls" in module(ref).languages for q in module(ref).questions}
    assert easy and not any(w.where.question in easy for w in result.warnings)


# --- (b) the example -----------------------------------------------------------


def test_example_loads_without_warnings(loaded: LoadedInstrument, example: Instrument) -> None:
    assert loaded.warnings == []
    assert example.languages == ["de", "en"] and example.default_language == "de"
    assert example.sections[0].questions[0].type == "consent"
    for _, text, required in texts(example):
        if required:
            assert text is not None and text["de"].strip() and text["en"].strip()


def test_example_uses_the_locked_wg_module_unchanged(example: Instrument) -> None:
    info = next(m for m in example.modules if m.id == "wg_short_set")
    assert info.locked and info.questions == list(WG_IDS)
    published = module("wg_short_set@1")
    ids = [q.id for q in example.questions()]
    start = ids.index("wg_seeing")
    assert ids[start : start + 6] == list(WG_IDS)
    assert [example.question_map[i] for i in WG_IDS] == list(published.questions)
    assert example.derived_map["wg_disability"] == published.derived[0]


def test_example_has_its_own_district_question(example: Instrument) -> None:
    q = example.question_map["ms_district"]
    assert isinstance(q, SingleChoice) and len(q.options) == 6
    assert (q.privacy, q.role) == ("quasi_identifier", "breakdown")


# --- (c) locked wording survives export, and edits are refused -------------------


def test_dumped_example_reloads_unchanged(example: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "instrument.yaml"
    path.write_text(dump_instrument(example), encoding="utf-8")
    again = load_instrument(path)
    assert again.warnings == [] and again.instrument == example


def test_changing_one_word_of_a_wg_question_is_refused(example: Instrument, tmp_path: Path) -> None:
    text = dump_instrument(example)
    original = "Do you have difficulty hearing, even if using a hearing aid?"
    assert text.count(original) == 1
    path = tmp_path / "instrument.yaml"
    path.write_text(text.replace(original, original.replace("difficulty", "trouble")), encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    problems = caught.value.problems
    assert [p.code for p in problems] == ["locked-module"]
    assert problems[0].where.question == "wg_hearing" and problems[0].where.line is not None
