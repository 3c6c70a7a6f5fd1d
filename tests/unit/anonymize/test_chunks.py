"""Coded rows give the analysis dataset that the same answers give as JSON, cell for cell."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymize.analysis_dataset import DatasetBuilder
from anonymize.columnar.layout import Layout
from anonymize.keys.pair import PrivateKey
from anonymize.redaction import Redactor
from anonymize.sealing import Opener, RowContext, Sealer
from instruments.model import Instrument
from kernel.errors import EqSurveyError
from survey.simulation.simulator import simulate
from tests.builders import example_instrument
from tests.strategies import instruments, odd_answers

KEY = PrivateKey.generate()


def _opened(instrument: Instrument, answers: list[dict[str, Any]], *, coded: bool) -> pd.DataFrame | None:
    """The dataset from answers sealed in two batches, or None where no table can be made of them."""
    builder = DatasetBuilder(instrument, Redactor(["Erika"]))
    opener = Opener([KEY])
    half = len(answers) // 2
    try:
        for part, batch in enumerate([answers[:half], answers[half:]]):
            sealer = Sealer(KEY.public_key(), Layout.of(instrument) if coded else None)
            rows = [
                (sealer.seal(RowContext(f"p{part}-{i:04d}", instrument.id, instrument.version), a), "2026-11-02")
                for i, a in enumerate(batch)
            ]
            builder.add_sealed(opener, sealer.envelope, rows)
        return builder.finish().frame
    except (EqSurveyError, TypeError, ValueError, OverflowError):
        # Codes the instrument lacks, text in a number column: stored answers were checked, so these come
        # only from a store whose instrument changed, and both readings must refuse them.
        return None


def same_dataset(instrument: Instrument, answers: list[dict[str, Any]]) -> None:
    as_json = _opened(instrument, answers, coded=False)
    coded = _opened(instrument, answers, coded=True)
    if as_json is None or coded is None:
        assert as_json is None and coded is None
        return
    pd.testing.assert_frame_equal(coded, as_json)


def test_the_example_over_simulated_respondents() -> None:
    inst = example_instrument()
    same_dataset(inst, simulate(inst, 1500, seed=21))


@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32))
def test_any_instrument_over_its_simulated_respondents(instrument: Instrument, seed: int) -> None:
    same_dataset(instrument, simulate(instrument, 30, seed))


@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.data())
def test_any_instrument_over_answers_no_check_would_pass(instrument: Instrument, data: st.DataObject) -> None:
    same_dataset(instrument, data.draw(st.lists(odd_answers(instrument), min_size=1, max_size=20)))
