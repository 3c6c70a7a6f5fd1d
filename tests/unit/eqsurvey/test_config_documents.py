"""``[documents]`` of eqsurvey.toml: what the controller states, checked with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eqsurvey.config import parse_config
from eqsurvey.config_documents import MAX_TEXT
from kernel.errors import ProjectError

WHERE = Path("eqsurvey.toml")


def config(documents: str) -> str:
    return f'[project]\nname = "x"\n\n[documents]\n{documents}\n'


def refused(documents: str) -> str:
    with pytest.raises(ProjectError) as caught:
        parse_config(config(documents), WHERE)
    return caught.value.render()


def test_a_complete_table_is_read_as_written() -> None:
    documents = parse_config(
        config(
            'legal_basis = "public_interest"\nstatutory_provision = "§ 22 BDSG"\ndpo = { de = "DSB", en = "DPO" }\n'
            'collector = "IT"\nkey_holders = "Statistik"\nrecipients = ["A", { de = "B", en = "B" }]\n'
            'transfers = "keine"\npublication = "2027"\nspecial_categories = { q1 = ["health", "health"] }'
        ),
        WHERE,
    ).documents
    assert documents.legal_basis == "public_interest" and documents.statutory_provision == "§ 22 BDSG"
    assert documents.dpo == {"de": "DSB", "en": "DPO"} and documents.recipients == ["A", {"de": "B", "en": "B"}]
    assert documents.special_categories == {"q1": ("health",)} and documents.missing() == []


def test_without_the_table_nothing_is_stated_and_everything_is_missing() -> None:
    documents = parse_config('[project]\nname = "x"\n', WHERE).documents
    assert documents.missing() == [
        "legal_basis",
        "dpo",
        "collector",
        "key_holders",
        "recipients",
        "transfers",
        "publication",
    ]


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        ('recipients = "one"', "[documents] recipients must be a list of texts"),
        ("recipients = []", "[documents] recipients must be a list of texts"),
        ('dpo = { "not a tag" = "x" }', "which is not a language tag"),
        ('dpo = ""', "[documents] dpo is empty"),
        (f'dpo = "{"x" * (MAX_TEXT + 1)}"', "longer than 4,000 characters"),
        ('special_categories = { q = "health" }', "must list codes of Art. 9(1) GDPR"),
        ('special_categories = { "not an id" = ["health"] }', "is not a question id"),
        ('legal_basis = "research"', "needs statutory_provision"),
        ('legal_basis = "Einwilligung"', "is not one of consent, public_interest, research"),
    ],
)
def test_a_wrong_value_names_the_key_and_the_fix(documents: str, message: str) -> None:
    text = refused(documents)
    assert message in text and "eqsurvey.toml" in text and "fix:" in text


_texts = st.text(st.characters(codec="utf-8"), min_size=1, max_size=80).filter(lambda t: bool(t.strip()))


def toml_string(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters (TOML forbids them raw) as \\u."""
    escaped = "".join(
        "\\" + c if c in '"\\' else f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text
    )
    return f'"{escaped}"'


@given(text=_texts)
def test_any_text_reads_back_exactly(text: str) -> None:
    quoted = toml_string(text)
    documents = parse_config(config(f"collector = {quoted}\ndpo = {{ en = {quoted} }}"), WHERE).documents
    assert documents.collector == text and documents.dpo == {"en": text}
