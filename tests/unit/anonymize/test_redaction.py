"""Free-text redaction: what identifies goes, what describes stays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymize.redaction import Redactor

R = Redactor(names=["Yilmaz", "Anna Schmidt"])


@pytest.mark.parametrize(
    ("text", "kind", "secret"),
    [
        ("Schreiben Sie mir: zora.k@beispiel-mail.de bitte", "email", "zora.k@beispiel-mail.de"),
        ("siehe https://example.org/fall?id=7 dort", "url", "example.org"),
        ("auf www.mein-blog.example steht alles", "url", "mein-blog"),
        ("IBAN DE89 3704 0044 0532 0130 00 für Spenden", "iban", "0532"),
        ("IBAN DE89370400440532013000", "iban", "0532013000"),
        ("ruf an: +49 (0)30 1234567", "phone", "1234567"),
        ("Tel. 0176/12345678 abends", "phone", "12345678"),
        ("ich wohne Lindenstraße 12 im Hinterhaus", "address", "Lindenstraße"),
        ("ich wohne in der Hauptstr. 5a", "address", "Hauptstr"),
        ("in 12345 Musterstadt passiert", "address", "12345"),
        ("Herr yilmaz hat mich beleidigt", "name", "yilmaz"),
        ("das hat Anna Schmidt gesehen", "name", "Schmidt"),
    ],
)
def test_personal_data_is_redacted_and_counted(text: str, kind: str, secret: str) -> None:
    result = R.redact(text)
    assert secret not in result.text
    assert result.counts[kind] == 1, result


@pytest.mark.parametrize(
    "text",
    [
        "Ich wurde 2019 und 2021 beim Bürgeramt beleidigt.",
        "Mir wurde dreimal die Wohnung verweigert, zuletzt am 3.4.",
        "Ich bin 34 Jahre alt und habe 2 Kinder.",
        "Es war auf dem Weg zur Arbeit.",
    ],
)
def test_descriptions_without_personal_data_stay(text: str) -> None:
    result = R.redact(text)
    assert result.text == text and not result.counts


emails = st.from_regex(r"[a-z][a-z0-9._+-]{0,10}@[a-z][a-z0-9-]{1,8}\.(de|org|com|example)", fullmatch=True)
filler = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Zs")), max_size=20)


@given(filler, emails, filler)
def test_any_email_in_any_text_is_removed(before: str, email: str, after: str) -> None:
    result = Redactor().redact(f"{before} {email} {after}")
    assert email not in result.text
    assert result.counts["email"] >= 1


@given(st.integers(10**8, 10**11 - 1), st.sampled_from(["+49 ", "0", "0049 "]))
def test_any_phone_number_is_removed(number: int, prefix: str) -> None:
    digits = str(number)
    text = f"Anruf unter {prefix}{digits[:3]} {digits[3:]} bitte"
    result = Redactor().redact(text)
    assert digits[3:] not in result.text and result.counts["phone"] == 1


def test_an_iban_must_have_valid_check_digits() -> None:
    assert Redactor().redact("DE00 3704 0044 0532 0130 00").counts["iban"] == 0
