"""The partners' bundle: what is written reads back the same, and anything else is a named user error."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from anonymize.partner_notes import SealedNote
from kernel.errors import EqSurveyError
from survey.partners.bundle import PartnersBundle, bundle_text, parse_bundle
from survey.partners.store import PartnerLink

HEX = "0123456789abcdef"
hexes = st.text(HEX, min_size=64, max_size=64)
days = st.dates().map(lambda d: d.isoformat()).filter(lambda d: len(d) == 10)
names = st.text(min_size=1, max_size=200).filter(lambda s: s.strip() == s and s)

links = st.builds(PartnerLink, hexes, names, st.just("s"), st.text(min_size=1, max_size=20), hexes, days, st.booleans())
notes = st.builds(
    SealedNote,
    st.text(HEX, min_size=32, max_size=32),
    st.just("s"),
    st.text(HEX, min_size=16, max_size=16),
    st.sampled_from(["x25519", "mlkem768-x25519"]),
    st.binary(min_size=1, max_size=300),
)


@given(st.lists(links, max_size=5), st.lists(notes, max_size=5), hexes)
def test_a_bundle_reads_back_as_written(found: list[PartnerLink], sealed: list[SealedNote], tag: str) -> None:
    bundle = PartnersBundle("s", tag, found, sealed)
    assert parse_bundle(bundle_text(bundle).encode(), "b.json") == bundle


def _refused_or_read(data: bytes) -> None:
    try:
        parse_bundle(data, "b.json")
    except EqSurveyError as exc:
        problem = exc.problems[0]
        assert problem.code == "partners-bundle" and problem.where.file == "b.json"
        assert "eqsurvey instrument partners bundle" in problem.fix


@given(st.binary(max_size=500))
def test_any_bytes_are_read_or_refused_by_name(data: bytes) -> None:
    _refused_or_read(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@given(
    st.dictionaries(st.sampled_from(["format", "version", "instrument_id", "project", "links", "notes"]), json_values)
)
def test_json_shaped_like_a_bundle_is_read_or_refused_by_name(data: dict[str, object]) -> None:
    _refused_or_read(json.dumps(data).encode())


def test_a_sealed_note_that_is_not_base64_is_named() -> None:
    text = bundle_text(PartnersBundle("s", "a" * 64, [], [SealedNote("b" * 32, "s", "c" * 16, "x25519", b"z")]))
    broken = text.replace(json.loads(text)["notes"][0]["sealed"], "***")
    try:
        parse_bundle(broken.encode(), "b.json")
    except EqSurveyError as exc:
        assert exc.problems[0].where.field == "notes.0.sealed"
    else:
        raise AssertionError("a note that is not base64 was read")
