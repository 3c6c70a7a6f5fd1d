"""The rule for new passphrases: blank, whitespace-only, short or monotonous ones are refused, without being quoted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymize.keys.passphrases import MIN_CHARACTERS, check_new_passphrase, passphrase_problem
from kernel.errors import EqSurveyError

WHITESPACE = st.text(st.sampled_from(" \t\n\r\u00a0\u2003\u3000"), max_size=40)
# Printable, no whitespace: each drawn character counts.
VISIBLE = st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"))


@pytest.mark.parametrize(
    ("passphrase", "why"),
    [
        ("", "blank"),
        (" " * 12, "blank"),
        ("\t \n" * 8, "blank"),
        ("elevenchars", "fewer than 12"),
        ("a b c d e f g h i j k", "fewer than 12"),  # 21 characters, 11 of them letters
        ("aaaaaaaaaaaaaaaa", "different characters"),
        ("121212121212", "different characters"),
        ("AaAaBbBbCcCc", "different characters"),  # case does not make a different character
    ],
)
def test_weak_passphrases_are_refused_with_advice_and_never_quoted(passphrase: str, why: str) -> None:
    with pytest.raises(EqSurveyError) as info:
        check_new_passphrase(passphrase)
    problem = info.value.problems[0]
    assert problem.code == "weak-passphrase" and why in problem.problem
    assert "words" in problem.fix and "password manager" in problem.fix
    if passphrase.strip():
        assert passphrase not in info.value.render()


@pytest.mark.parametrize(
    "passphrase",
    [
        "five random words for the test",  # the tests' own throwaway passphrases still pass
        "a long passphrase for tests",
        "release tests passphrase",
        "report tests passphrase",
        "demo passphrase - choose your own",  # the README's
        "benchmark passphrase, not a secret",
    ],
)
def test_the_passphrases_in_tests_and_readme_pass(passphrase: str) -> None:
    assert passphrase_problem(passphrase) is None


@given(WHITESPACE)
def test_whitespace_alone_is_never_enough(passphrase: str) -> None:
    assert passphrase_problem(passphrase) == "the passphrase is blank or only whitespace"


@given(st.lists(VISIBLE, min_size=MIN_CHARACTERS, unique_by=str.casefold), WHITESPACE)
def test_twelve_different_characters_are_enough_wherever_the_spaces_are(chars: list[str], spaces: str) -> None:
    passphrase = spaces + "".join(chars) + spaces
    assert passphrase_problem(passphrase) is None


@given(st.text(VISIBLE, max_size=MIN_CHARACTERS - 1), WHITESPACE)
def test_padding_with_spaces_does_not_make_it_long(text: str, spaces: str) -> None:
    assert passphrase_problem(spaces + text + spaces + spaces) is not None
