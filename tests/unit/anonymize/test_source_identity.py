"""Source identities and answer digests: keyed apart from everything else, and blind to how a file was saved."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from anonymize.pseudonyms import PseudonymSecret
from anonymize.source_identity import SourceKey, normalised_answers

SECRET = PseudonymSecret.generate()
KEY = SourceKey.of(SECRET)


def test_the_key_is_its_own_and_links_to_no_other_hash() -> None:
    assert KEY.value != SECRET.value and len(KEY.value) == 32
    assert SourceKey.of(SECRET) == KEY, "derived: the collecting side computes the same"
    assert SourceKey.of(PseudonymSecret.generate()) != KEY
    code = "TOK-0001"
    other_hashes = {
        SECRET.pseudonym("s", code),
        SECRET.invitation_hash("s", code),
        SECRET.receipt_hash("s", code),
    }
    assert KEY.identity("s", code) not in other_hashes
    assert KEY.identity("s", f"limesurvey:{code}") not in other_hashes
    assert KEY.identity("s", "limesurvey:1") != KEY.identity("t", "limesurvey:1"), "per survey"
    assert KEY.identity("s", "limesurvey:1") != KEY.identity("s", "limesurvey:11")


def test_an_answer_digest_is_salted_with_its_identity() -> None:
    mac = KEY.answers_mac("s", {"q": "a"})
    one, two = KEY.identity("s", "id:1"), KEY.identity("s", "id:2")
    assert KEY.answers_digest(one, {"q": "a"}) != KEY.answers_digest(two, {"q": "a"})
    assert KEY.answers_digest(one, {"q": "a"}) == KEY.answers_digest(one, normalised_answers({"q": " a"}))
    assert mac not in {KEY.answers_digest(one, {"q": "a"}), KEY.answers_digest(two, {"q": "a"})}
    assert KEY.answers_identity(mac, 1) != KEY.answers_identity(mac, 2), "the second such row is someone else"


def test_the_same_answers_however_the_file_wrote_them() -> None:
    written = {"age": 41.0, "langs": ["SQ003", "SQ001"], "text": " Zeile eins\r\nZeile zwei ", "m": {"r1": "A1"}}
    read_again: dict[str, object] = {
        "m": {"r1": "A1", "r2": None},
        "text": "Zeile eins\nZeile zwei",
        "langs": ["SQ001", "SQ003"],
    }
    read_again |= {"age": 41, "gone": None}
    assert normalised_answers(written) == normalised_answers(read_again)
    composed, decomposed = "Gro\u00dfm\u00fctter", "Gro\u00dfmu\u0308tter"
    assert normalised_answers({"t": composed}) == normalised_answers({"t": decomposed})
    assert normalised_answers({"age": 41.5}) != normalised_answers({"age": 41})
    assert normalised_answers({"q": "A1"}) != normalised_answers({"q": "A2"})


answers = st.dictionaries(
    st.sampled_from(["a", "b", "c", "m"]),
    st.one_of(
        st.none(),
        st.integers(-5, 5),
        st.text(max_size=8),
        st.lists(st.sampled_from(["x", "y", "z"]), unique=True),
        st.dictionaries(st.sampled_from(["r1", "r2"]), st.sampled_from(["A1", "A2"])),
    ),
)


@given(answers, st.randoms())
def test_order_and_line_breaks_never_change_the_digest(given_answers: dict[str, Any], rnd: Any) -> None:
    shuffled: dict[str, Any] = {}
    keys = list(given_answers)
    rnd.shuffle(keys)
    for k in keys:
        v = given_answers[k]
        if isinstance(v, list):
            v = rnd.sample(v, len(v))
        elif isinstance(v, str):
            v = v.replace("\n", "\r\n")
        elif isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        shuffled[k] = v
    assert KEY.answers_mac("s", given_answers) == KEY.answers_mac("s", shuffled)
