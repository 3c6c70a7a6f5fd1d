"""The dataset's row order: the pseudonyms' order exactly as Python sorts the strings, whatever they hold."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from anonymize.columnar.order import pseudonym_order


def _sorted(pseudonyms: list[str]) -> list[int]:
    return sorted(range(len(pseudonyms)), key=pseudonyms.__getitem__)


# Hex digests as the store holds them, sharing long prefixes so that their first eight bytes tie often.
_hex = st.builds(
    lambda head, tail: (head + tail)[:64],
    st.sampled_from(["", "0" * 7, "0" * 8, "0a" * 5]),
    st.text("0123456789abcdef", min_size=64, max_size=64),
)


@given(st.lists(_hex, max_size=60))
def test_hex_digests_come_in_the_order_python_sorts_them(pseudonyms: list[str]) -> None:
    order = pseudonym_order(pseudonyms)
    assert order.dtype == np.intp
    assert order.tolist() == _sorted(pseudonyms)


@given(st.lists(st.text(st.sampled_from("ab\x7f\x80é€0"), min_size=6, max_size=10), max_size=40))
def test_any_strings_come_in_the_order_python_sorts_them(pseudonyms: list[str]) -> None:
    # Of unequal lengths, beyond ASCII, repeated: Python's stable sort by code point decides.
    assert pseudonym_order(pseudonyms).tolist() == _sorted(pseudonyms)


def test_equal_pseudonyms_keep_their_order() -> None:
    pseudonyms = ["b" * 64, "a" * 64, "b" * 64, "a" * 63 + "b", "a" * 64]
    assert pseudonym_order(pseudonyms).tolist() == [1, 4, 3, 0, 2]
