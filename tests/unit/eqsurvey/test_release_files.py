"""Release files read for comparisons: any text is a release or a user error naming the file, never a crash."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eqsurvey.workflows.release_files import RELEASE_KEYS, parse_release_file
from kernel.errors import EqSurveyError

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_refused_with_the_file_named(text: str) -> None:
    try:
        parse_release_file(text, "nachbar.json")
    except EqSurveyError as exc:
        assert all("nachbar.json" in p.problem or p.where.file == "nachbar.json" for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({k: (st.text(max_size=12) | JSON) if k == "id" else JSON for k in RELEASE_KEYS}))
def test_a_document_with_every_key_but_wrong_contents_is_a_user_error(document: dict[str, object]) -> None:
    with pytest.raises(EqSurveyError) as caught:
        parse_release_file(json.dumps(document), "nachbar.json")
    assert {p.code for p in caught.value.problems} == {"release-file"}


@pytest.mark.parametrize(
    ("text", "said"),
    [("{", "nachbar.json:1: not JSON"), ("[" * 50_000, "nested too deeply"), ("[]", "not a stored release")],
)
def test_what_is_said_for_a_file_that_is_not_a_release(text: str, said: str) -> None:
    with pytest.raises(EqSurveyError) as caught:
        parse_release_file(text, "nachbar.json")
    assert said in caught.value.problems[0].problem
