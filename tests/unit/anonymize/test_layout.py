"""Coded answers: every answer set comes back exactly, whatever it holds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymize.columnar import payload
from anonymize.columnar.layout import IRREGULAR, MARKER, Layout
from anonymize.keys.pair import PrivateKey
from anonymize.sealing import Opener, RowContext, Sealer, SealError
from instruments.model import Instrument
from survey.simulation.simulator import simulate
from tests.builders import example_instrument
from tests.strategies import instruments, odd_answers

EXAMPLE = example_instrument()
KEY = PrivateKey.generate()


def typed(value: Any) -> Any:
    """The value with every type spelled out, so that True and 1 (or 1 and 1.0) compare different."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.data())
def test_any_answers_come_back_exactly(instrument: Instrument, data: st.DataObject) -> None:
    layout = Layout.of(instrument)
    for answers in data.draw(st.lists(odd_answers(instrument), min_size=1, max_size=5)):
        assert typed(layout.decode(layout.encode(answers))) == typed(answers)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32))
def test_checked_answers_fit_the_layout_without_a_rest(instrument: Instrument, seed: int) -> None:
    # Simulated answers are what the checks let through: each fits its slot, so only text and numbers remain.
    layout = Layout.of(instrument)
    slotted = {s.question for s in layout.slots}
    for answers in simulate(instrument, 20, seed):
        plain = layout.encode(answers)
        assert plain[:1] == MARKER
        rest = {k for k in answers if k not in slotted}
        assert (len(plain) > 1 + layout.width) == bool(rest)


def test_the_layout_survives_its_own_bytes() -> None:
    layout = Layout.of(EXAMPLE)
    again = Layout.from_bytes(layout.to_bytes())
    assert again.slots == layout.slots
    assert again.width == layout.width
    answers = simulate(EXAMPLE, 50, seed=4)
    assert [again.decode(layout.encode(a)) for a in answers] == answers


def test_rows_sealed_with_a_layout_open_with_the_layout_of_their_batch() -> None:
    # The opener reads the layout from the envelope, not from the instrument it is given.
    older = Layout.of(EXAMPLE)
    sealer = Sealer(KEY.public_key(), older)
    answers = simulate(EXAMPLE, 30, seed=5)
    rows = [sealer.seal(RowContext(f"p{i}", EXAMPLE.id, EXAMPLE.version), a) for i, a in enumerate(answers)]
    opener = Opener([KEY])
    assert opener.layout(sealer.envelope) is not None
    assert [opener.open(sealer.envelope, r) for r in rows] == answers
    # Smaller than the same answers as JSON: codes are bytes, not strings.
    plain = Sealer(KEY.public_key())
    json_sizes = sum(len(plain.seal(r.context, a).ciphertext) for r, a in zip(rows, answers, strict=True))
    assert sum(len(r.ciphertext) for r in rows) < json_sizes


def test_a_batch_without_a_layout_still_opens_as_json() -> None:
    sealer = Sealer(KEY.public_key())
    answers = simulate(EXAMPLE, 5, seed=6)
    rows = [sealer.seal(RowContext(f"p{i}", EXAMPLE.id, EXAMPLE.version), a) for i, a in enumerate(answers)]
    opener = Opener([KEY])
    assert opener.layout(sealer.envelope) is None
    assert [opener.open(sealer.envelope, r) for r in rows] == answers


def test_an_altered_layout_does_not_open() -> None:
    sealer = Sealer(KEY.public_key(), Layout.of(EXAMPLE))
    row = sealer.seal(RowContext("p", EXAMPLE.id, EXAMPLE.version), simulate(EXAMPLE, 1, seed=1)[0])
    damaged = bytearray(sealer.envelope.sealed_key)
    damaged[-1] ^= 1  # the layout is the last thing sealed in the envelope
    envelope = type(sealer.envelope)(**{**sealer.envelope.__dict__, "sealed_key": bytes(damaged)})
    with pytest.raises(SealError, match="altered or moved"):
        Opener([KEY]).open(envelope, row)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.data())
def test_an_answer_left_to_the_rest_is_marked_so_in_its_slot(instrument: Instrument, data: st.DataObject) -> None:
    # Readers of the bytes alone (the columns of a batch) must know to look in the rest.
    layout = Layout.of(instrument)
    answers = data.draw(odd_answers(instrument))
    plain = layout.encode(answers)
    rest = plain[1 + layout.width :]
    for s in layout.slots:
        flag = plain[1 + layout.offsets[s.question]]
        assert (flag == IRREGULAR) == bool(s.question in answers and rest and s.question in payload.loads(rest))  # type: ignore[operator]
