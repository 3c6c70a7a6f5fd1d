"""instrument → YAML → instrument gives the same instrument, for any valid instrument."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from instruments.dump import dump_instrument
from instruments.loader import load_instrument, parse_instrument
from instruments.model import Instrument
from tests.support.strategies import instruments

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "musterstadt" / "instrument.yaml"


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments())
def test_yaml_round_trip(instrument: Instrument) -> None:
    text = dump_instrument(instrument)
    again = parse_instrument(text, "dumped.yaml").instrument
    assert again == instrument
    assert again.content_hash() == instrument.content_hash()


def test_the_example_round_trips_with_its_modules_recorded() -> None:
    original = load_instrument(EXAMPLE).instrument
    text = dump_instrument(original, header="written by a test\nsecond line")
    assert text.startswith("# written by a test\n# second line\n")
    again = parse_instrument(text, "dumped.yaml").instrument
    assert again == original
    assert [m.id for m in again.modules] == [m.id for m in original.modules]
