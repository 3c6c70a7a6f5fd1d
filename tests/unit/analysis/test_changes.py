"""Changes between two waves: the MOVER interval, what is compared, and what the version mapping refuses."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from analysis.changes import Renames, difference, version_changes, wave_changes
from analysis.releases.cells import Estimate
from analysis.releases.making import make_release
from analysis.releases.model import Release
from instruments.loader import parse_instrument
from instruments.versions.mapping import CodeMap, QuestionMap, VersionBridge, VersionStep
from instruments.versions.mapping_file import build_step
from kernel.yaml_source import load_yaml
from tests.support.builders import instrument_yaml
from tests.unit.analysis import synthetic
from tests.unit.instruments.versions_builders import MAPPING_1_2, V1, V2, version

TABLES = """\
  - {id: discrimination, kind: counts, measure: discr, by: [group], share: 0.5}
  - {id: trust, kind: mean, measure: trust, by: [group], share: 0.5}
"""


def _release(seed: int, tables: str = TABLES, publication: str = "{suppress_below: 0, flag_below: 0}") -> Release:
    sample = synthetic.draw(np.random.default_rng(seed), 1000)
    plan = synthetic.plan(tables, publication)
    return make_release(plan, tables, synthetic.INSTRUMENT, synthetic.frame(sample), "sha256:t", 1.0).release


def test_symmetric_intervals_add_their_variances() -> None:
    d = difference(Estimate(0.30, 0.26, 0.34), Estimate(0.40, 0.37, 0.43))
    assert math.isclose(d.value, 0.10)
    assert math.isclose(d.high - d.value, math.hypot(0.04, 0.03))
    assert math.isclose(d.value - d.low, math.hypot(0.04, 0.03))


finite = st.floats(0.0, 1.0, allow_nan=False)


@given(st.tuples(finite, finite, finite, finite, finite, finite))
def test_the_change_interval_holds_the_change_and_is_wider_than_either(six: tuple[float, ...]) -> None:
    a, la, ua, b, lb, ub = six
    first = Estimate(a, min(a, la), max(a, ua))
    second = Estimate(b, min(b, lb), max(b, ub))
    d = difference(first, second)
    assert d.low <= d.value <= d.high
    assert d.high - d.low >= max(first.high - first.low, second.high - second.low) - 1e-12
    # Swapping the waves mirrors the interval.
    back = difference(second, first)
    assert math.isclose(back.low, -d.high, abs_tol=1e-12) and math.isclose(back.high, -d.low, abs_tol=1e-12)


def test_every_shared_share_and_mean_is_compared() -> None:
    changes = wave_changes(_release(1), _release(2))
    assert [t.first.id for t in changes.tables] == ["discrimination", "trust"]
    discrimination, trust = changes.tables
    assert {c.place[1] for c in discrimination.changes} == {"yes", "no"}
    assert len(trust.changes) == 4
    for change in (*discrimination.changes, *trust.changes):
        assert change.change is not None and change.first is not None and change.second is not None
        assert math.isclose(change.change.value, change.second.value - change.first.value)
    assert changes.not_shared == () and changes.meaning_changed == ()


def test_a_cell_suppressed_in_either_wave_states_no_change() -> None:
    strict = "{suppress_below: 60, flag_below: 60}"  # "prefer not to say" (about 30 respondents) is suppressed
    changes = wave_changes(_release(3), _release(4, publication=strict))
    hidden = [c for t in changes.tables for c in t.changes if dict(c.place[2])["group"] == "prefer_not_to_say"]
    assert hidden and all(c.change is None and c.second is None for c in hidden)
    assert all(c.direction == 0 for c in hidden)


def test_tables_of_one_wave_only_are_listed_not_compared() -> None:
    only = "  - {id: discrimination, kind: counts, measure: discr, by: [group], share: 1}\n"
    changes = wave_changes(_release(5), _release(6, only))
    assert [t.first.id for t in changes.tables] == ["discrimination"]
    assert changes.not_shared == ("trust",)


def test_renamed_codes_are_matched_and_changed_questions_refused() -> None:
    renamed = Renames({"discr": {"yes": "ja"}})
    first, second = _release(7), _release(8)
    changes = wave_changes(first, second, renamed)
    # Wave A's "yes" now reads as "ja", which wave B does not have: only "no" is matched.
    assert {c.place[1] for c in changes.tables[0].changes} == {"no"}
    refused = wave_changes(first, second, Renames(changed=frozenset({"group"})))
    assert refused.tables == () and set(refused.meaning_changed) == {"discrimination", "trust"}


def _step(questions: dict[str, QuestionMap]) -> VersionBridge:
    # Version 0.9 called discrimination's "yes" "ja" (the first 'yes' of the questions is discr's).
    text = instrument_yaml(synthetic.QUESTIONS.replace("code: 'yes'", "code: ja", 1))
    old = parse_instrument(text, "old.yaml").instrument.model_copy(update={"version": "0.9"})
    return VersionBridge(synthetic.INSTRUMENT, {"0.9": VersionStep(old, synthetic.INSTRUMENT, questions)})


def test_the_version_mapping_says_which_questions_changed_meaning() -> None:
    bridge = _step(
        {
            "discr": QuestionMap("discr", CodeMap(renamed={"ja": "yes"})),  # a rename keeps the meaning
            "grounds": QuestionMap("grounds", CodeMap(renamed={"a": "b"})),  # merged into a code kept: changed
            "trust": QuestionMap("trust", points=CodeMap(removed=frozenset({5}))),  # a scale point gone: changed
            "group": QuestionMap("group", CodeMap(removed=frozenset({"other"}))),
        }
    )
    found = version_changes(bridge, "0.9")
    assert found.code("discr", "ja") == "yes" and found.code("discr", "no") == "no"
    assert found.changed == {"grounds", "trust", "group"}
    assert version_changes(bridge, synthetic.INSTRUMENT.version) == Renames()


def test_a_reviewed_mapping_file_says_what_changed_meaning() -> None:
    """The project's kind of mapping (tests/unit/instruments/versions_builders.py): a rename, a removal, merges."""
    old, new = version(V1, "1.0.0"), version(V2, "2.0.0")
    step = build_step(load_yaml(MAPPING_1_2, "mapping.yaml"), "mapping.yaml", old, new)
    found = version_changes(VersionBridge(new, {"1.0.0": step}), "1.0.0")
    # gender lost "trans"; east merged into south; trust's points 2 and 3 merged; remarks removed.
    assert found.changed == {"gender", "district", "trust", "remarks"}
    assert found.code("gender", "nb") == "non_binary"
