"""Wording that reaches reports and the welcome page: labels without form instructions, a neutral legal basis
kept apart from the respondents' rights, typographic quotes, and the time estimate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from instruments.loader import load_instrument
from instruments.model import CategoricalDerived
from instruments.modules import Module, available, load_module
from instruments.printable.page import questionnaire_view, render_questionnaire
from instruments.questions import Matrix, MultiChoice, Scale, SingleChoice
from instruments.timing import estimated_minutes
from instruments.wording_checks import addressed_words, instruction_in
from kernel.errors import InstrumentError
from tests.builders import HEADER, ROOT, instrument_yaml

MODULES = available()
EXAMPLE = ROOT / "examples" / "musterstadt" / "instrument.yaml"
# Words that make a parenthesis (or a sentence after the first) an instruction to whoever fills in the form.
INSTRUCTION_WORDS = re.compile(
    r"\([^()]*\b(bitte|gerne|please|describe|beschreiben|below|unten|above|oben)\b[^()]*\)"
    r"|[.?!]\s+(Bitte|Please)\b",
    re.IGNORECASE,
)


def _labels(m: Module) -> Iterator[tuple[str, str, str]]:
    """Every label of a module a report may print: (place, language, text)."""
    for q in m.questions:
        found: list[tuple[str, dict[str, str]]] = [(f"{q.id}.label", q.label)]
        if isinstance(q, (SingleChoice, MultiChoice, Matrix)):
            found += [(f"{q.id}.{o.code}", o.label) for o in q.options]
        if isinstance(q, Matrix):
            found += [(f"{q.id}.{r.code}", r.label) for r in q.rows]
        if isinstance(q, Scale):
            found += [(f"{q.id}.{p.value}", p.label) for p in q.points]
        for place, text in found:
            for lang, value in text.items():
                yield place, lang, value
    for d in m.derived:
        for lang, value in d.label.items():
            yield f"{d.id}.label", lang, value
        if isinstance(d, CategoricalDerived):
            for c in d.cases:
                for lang, value in c.label.items():
                    yield f"{d.id}.{c.code}", lang, value


@pytest.mark.parametrize("ref", MODULES)
def test_no_label_of_the_library_carries_a_form_instruction(ref: str) -> None:
    module = load_module(ref).module
    leaks = [(place, lang, text) for place, lang, text in _labels(module) if INSTRUCTION_WORDS.search(text)]
    assert leaks == [], f"{ref}: instructions belong in the hint, reports print labels: {leaks}"
    assert [(p, lang) for p, lang, text in _labels(module) if instruction_in(text)] == []


@pytest.mark.parametrize("ref", MODULES)
def test_library_texts_for_people_use_the_quotes_of_their_language(ref: str) -> None:
    module = load_module(ref).module
    texts = list(_labels(module))
    for q in module.questions:
        texts += [(f"{q.id}.hint", lang, value) for lang, value in (q.hint or {}).items()]
    for d in module.derived:
        texts += [(f"{d.id}.description", lang, value) for lang, value in (d.description or {}).items()]
    quoted = re.compile(r"(?:^|[\s(])'\w[^']*'(?!\w)")  # 'quoted', not an apostrophe (parents', don't)
    straight = [(place, lang, value) for place, lang, value in texts if '"' in value or quoted.search(value)]
    assert straight == []


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Eine andere Bezeichnung (gerne unten beschreiben)", "(gerne unten beschreiben)"),
        ("Another term (you may describe it below)", "(you may describe it below)"),
        ("Andere (bitte angeben)", "(bitte angeben)"),
        ("Other (please specify)", "(please specify)"),
        ("Welche andere Sprache? Bitte schreiben Sie sie hier auf.", "Bitte schreiben Sie sie hier auf."),
    ],
)
def test_instructions_inside_labels_are_found(text: str, part: str) -> None:
    assert instruction_in(text) == part


@pytest.mark.parametrize(
    "text",
    [
        "Im Gesundheitswesen (z. B. Arztpraxis, Krankenhaus, Pflege)",
        "Gender group (TIN*, cis women, cis men)",
        "Bitte geben Sie Ihr Alter an",  # the question itself, not an instruction about it
        "Wenn Sie möchten, beschreiben Sie Ihr Geschlecht hier in eigenen Worten.",
    ],
)
def test_ordinary_labels_are_left_alone(text: str) -> None:
    assert instruction_in(text) is None


def test_a_label_with_an_instruction_gets_a_warning_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "instrument.yaml"
    path.write_text(
        instrument_yaml("""\
- id: gender
  type: single_choice
  label: {de: Geschlecht, en: Gender}
  options:
    - {code: woman, label: {de: Frau, en: Woman}}
    - {code: other, label: {de: Anderes (bitte unten beschreiben), en: Other (please describe below)}}
"""),
        encoding="utf-8",
    )
    warnings = [w for w in load_instrument(path).warnings if w.code == "instruction-in-label"]
    assert [w.where.line for w in warnings] == [20, 20]
    assert "(bitte unten beschreiben)" in warnings[0].problem and "hint" in warnings[0].fix


def _with_meta(tmp_path: Path, replace: dict[str, str], extra: str = "") -> Path:
    header = HEADER
    for old, new in replace.items():
        assert old in header
        header = header.replace(old, new)
    path = tmp_path / "instrument.yaml"
    body = "      - {id: ok, type: single_choice, label: {de: Gut?, en: Good?}, options: [{code: y, label: {de: Ja, en: 'Yes'}}]}\n"
    path.write_text(header.replace("sections:\n", extra + "sections:\n") + body, encoding="utf-8")
    return path


def test_a_legal_basis_that_speaks_to_respondents_is_warned_about_with_the_fix(tmp_path: Path) -> None:
    path = _with_meta(
        tmp_path,
        {"legal_basis: {de: Einwilligung, en: Consent}": "legal_basis: {de: Ihre Einwilligung. Sie können sie "
         "widerrufen., en: Your consent. You can withdraw it.}"},
    )  # fmt: skip
    warnings = [w for w in load_instrument(path).warnings if w.code == "legal-basis-addresses-respondents"]
    assert len(warnings) == 2 and warnings[0].where.line == 8
    assert "'rights:'" in warnings[0].fix and "neutrally" in warnings[0].fix


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        ("Ihre ausdrückliche Einwilligung nach Art. 9 DSGVO.", "de", ["Ihre"]),
        ("Die Einwilligung ist freiwillig. Sie können sie widerrufen.", "de", ["Sie können"]),
        ("Einwilligung der Befragten (Art. 9 Abs. 2 lit. a DSGVO). Sie kann widerrufen werden.", "de", []),
        ("Your explicit consent.", "en", ["Your"]),
        ("Explicit consent of the respondents under Art. 9(2)(a) GDPR.", "en", []),
    ],
)
def test_address_of_the_reader_is_recognised(text: str, lang: str, words: list[str]) -> None:
    assert addressed_words(text, lang) == words


def test_the_example_keeps_its_legal_basis_neutral_and_its_rights_for_respondents() -> None:
    example = load_instrument(EXAMPLE).instrument
    assert example.rights is not None
    for lang in example.languages:
        assert addressed_words(example.legal_basis[lang], lang) == []
        assert addressed_words(example.rights[lang], lang) != []  # the rights text does speak to them


def test_rights_are_optional_and_an_old_instrument_keeps_its_content_hash() -> None:
    # The hash of this fixture before `rights` and `estimated_minutes` existed: approvals given then still hold.
    old = load_instrument(ROOT / "tests" / "fixtures" / "render_instrument.yaml").instrument
    assert old.rights is None and old.estimated_minutes is None
    assert old.content_hash() == "29bd36a758943e3de940830819eee3a65e388b9de5db9a60c604b5d0dbb65030"
    assert old.model_copy(update={"estimated_minutes": 12}).content_hash() != old.content_hash()


def test_the_printable_page_shows_the_rights_beside_the_legal_basis(tmp_path: Path) -> None:
    path = _with_meta(tmp_path, {}, "rights: {de: Sie dürfen widerrufen., en: You may withdraw.}\n")
    instrument = load_instrument(path).instrument
    terms = [term for term, _, _ in questionnaire_view(instrument, "de").about]
    assert terms.index("Ihre Rechte") == terms.index("Rechtsgrundlage") + 1
    assert "You may withdraw." in render_questionnaire(instrument, "en")


def test_a_rights_text_without_the_default_language_is_refused(tmp_path: Path) -> None:
    path = _with_meta(tmp_path, {}, "rights: {en: You may withdraw.}\n")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert any(p.code == "missing-translation" and "'de'" in p.problem for p in caught.value.problems)


@pytest.mark.parametrize("value", ["0", "241", "-5"])
def test_an_impossible_time_estimate_is_refused_with_the_fix(tmp_path: Path, value: str) -> None:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(_with_meta(tmp_path, {}, f"estimated_minutes: {value}\n"))
    (problem,) = caught.value.problems
    assert f"estimated_minutes is {value}, outside 1 to 240" in problem.problem
    assert "leave it out" in problem.fix and problem.where.line == 11


def test_the_instruments_own_estimate_wins_over_the_count(tmp_path: Path) -> None:
    stated = load_instrument(_with_meta(tmp_path, {}, "estimated_minutes: 25\n")).instrument
    assert estimated_minutes(stated) == 25
    assert questionnaire_view(stated, "de").facts["duration"][1] == "Etwa 25 Minuten."
    assert estimated_minutes(stated.model_copy(update={"estimated_minutes": None})) == 1  # one closed question


def test_without_a_stated_estimate_the_questions_are_counted() -> None:
    example = load_instrument(EXAMPLE).instrument
    counted = estimated_minutes(example.model_copy(update={"estimated_minutes": None}))
    # 43 questions, 7 of them free text, and two matrices of 13 areas: between 10 and 20 minutes.
    assert 10 <= counted <= 20
    assert questionnaire_view(example, "en").facts["duration"][1] == "About 15 minutes."
