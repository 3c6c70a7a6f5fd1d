"""Group shares read from a pilot's release file: its noisy counts, post-processed."""

from __future__ import annotations

import copy
import functools
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.preview.pilot import PilotError
from analysis.preview.release_shares import release_shares
from analysis.releases.making import make_release
from analysis.releases.model import Release
from tests.unit.analysis import synthetic

TABLES = """\
  - {id: discrimination, kind: counts, measure: discr, by: [group]}
  - {id: grounds, kind: counts, measure: grounds}
  - {id: everyone, kind: counts, measure: discr}
"""


def released(
    n: int, seed: int, publication: str = "{suppress_below: 0, flag_below: 0}", tables: str = TABLES
) -> Release:
    sample = synthetic.draw(np.random.default_rng(seed), n)
    plan = synthetic.plan(tables, publication)
    made = make_release(plan, tables, synthetic.INSTRUMENT, synthetic.frame(sample), "sha256:test", 5.0)
    return Release.from_shown(made.release.shown())


def test_the_shares_are_the_samples_own_within_the_noise() -> None:
    shares = release_shares(released(4000, 1), synthetic.INSTRUMENT, "pilot.json")
    truth = synthetic.POPULATION.group
    # 4,000 respondents: the sample's shares lie within ±0.02 of the population's; the noise at ρ 5 adds little.
    assert shares["group"]["big"] == pytest.approx(truth[0], abs=0.02)
    assert shares["group"]["small"] == pytest.approx(truth[1], abs=0.02)
    assert sum(shares["group"].values()) == pytest.approx(1.0, abs=1e-9)
    assert "discr" in shares  # from the table without breakdown
    assert "grounds" not in shares  # a multiple choice: its options are no parts of one whole


def test_a_group_with_suppressed_cells_is_left_to_share_what_is_left() -> None:
    shares = release_shares(released(600, 2, "{suppress_below: 20, flag_below: 50}"), synthetic.INSTRUMENT, "p.json")
    assert "big" in shares["group"]
    assert "small" not in shares["group"]  # every cell suppressed (secondary suppression)
    assert shares["group"]["big"] < 0.9  # of everyone, not of the groups shown


def test_the_table_showing_most_groups_gives_the_shares() -> None:
    # The discrimination table hides the small group whole (as above); the representation table after it shows it.
    tables = TABLES + "  - {id: groups, kind: representation, measure: group, reference: {big: 0.9, small: 0.1}}\n"
    release = released(600, 2, "{suppress_below: 20, flag_below: 50}", tables)
    assert all(c.suppressed for c in release.tables[0].cells if c.by["group"] == "small")
    shares = release_shares(release, synthetic.INSTRUMENT, "p.json")
    sample = synthetic.frame(synthetic.draw(np.random.default_rng(2), 600))["group"].value_counts()
    # The 20 who preferred not to say sit at the suppression threshold. The shares are of everyone the tables
    # without breakdown show: at most all 600 respondents, at least those in the groups the table shows.
    shown = [str(c.measure) for c in release.tables[-1].cells if not c.suppressed and c.measure in sample.index]
    assert set(shares["group"]) == {"big", "small"} | ({"prefer_not_to_say"} & set(shown))
    for group in ("big", "small"):
        assert sample[group] / 600 - 0.02 <= shares["group"][group] <= sample[group] / sample[shown].sum() + 0.02


def test_a_release_of_another_instrument_is_a_user_error_naming_the_file() -> None:
    from instruments.loader import parse_instrument
    from tests.support.builders import instrument_yaml

    other = parse_instrument(instrument_yaml("- {id: q, type: text, label: {de: Q, en: Q}}"), "o.yaml").instrument
    with pytest.raises(PilotError, match=r"pilot\.json"):
        release_shares(released(500, 3), other, "pilot.json")


def _suppressing(release: Release, table: int, hidden: AbstractSet[tuple[str | None, str]]) -> Release:
    """The release with the (group, measure) cells of one table suppressed, as secondary suppression hides them."""
    shown = release.shown()
    cells = shown["tables"][table]["cells"]
    for i, cell in enumerate(cells):
        if (next(iter(cell["by"].values()), None), cell["measure"]) in hidden:
            cells[i] = {"row": cell["row"], "measure": cell["measure"], "by": cell["by"], "status": "suppressed"}
    return Release.from_shown(shown)


def test_suppressed_cells_of_every_group_leave_what_is_missing_to_no_answer() -> None:
    # Every group keeps a published cell, but the large cells hidden make the groups' sums fall short of everyone:
    # taken as 0 they would add up to well under 1, which a pilot file refuses. What is missing goes to
    # "no answer" (the groups look smaller: the planner then asks for more respondents, the safe side).
    release = released(2000, 5)
    hidden = {("big", "no"), ("small", "no"), ("prefer_not_to_say", "no")}
    full = release_shares(release, synthetic.INSTRUMENT, "p.json")["group"]
    shares = release_shares(_suppressing(release, 0, hidden), synthetic.INSTRUMENT, "p.json")["group"]
    assert "_no_answer" not in shares
    assert sum(shares.values()) < 0.9  # the file leaves the rest to no answer
    for group, share in shares.items():
        assert 0 < share < full[group]  # smaller than the release shows without the hidden cells


def test_noisy_options_ticked_by_more_than_answer_are_capped_at_those_who_answer() -> None:
    # A breakdown by a multiple choice: near-universal options' noisy counts may pass the noisy "answered" count.
    tables = "  - {id: by_grounds, kind: counts, measure: discr, by: [grounds]}\n"
    release = released(1500, 6, tables=tables)
    shown = release.shown()
    cells = shown["tables"][0]["cells"]
    answered = {c["measure"]: c["n"] for c in cells if c["by"]["grounds"] == "_answered"}
    for cell in cells:
        if cell["by"]["grounds"] == "a":  # option a: ticked by all who answer, and the noise 10 above that
            cell["n"] = cell["estimate"] = answered[cell["measure"]] + 10
    shares = release_shares(Release.from_shown(shown), synthetic.INSTRUMENT, "p.json")["grounds"]
    assert shares["a"] <= shares["_answered"] + 1e-12


def test_everyone_is_counted_from_every_table_not_from_one_whose_largest_cell_is_hidden() -> None:
    # The representation table alone gives the groups' shares; secondary suppression hid its largest cell. Its
    # other cells are then far from everyone: the breakdown of a mean counts nearly everyone.
    tables = """\
  - {id: groups, kind: representation, measure: group, reference: {big: 0.9, small: 0.1}}
  - {id: trust_by_group, kind: mean, measure: trust, by: [group]}
"""
    release = _suppressing(released(2000, 5, tables=tables), 0, {(None, "big")})
    sample = synthetic.frame(synthetic.draw(np.random.default_rng(5), 2000))["group"].value_counts()
    shares = release_shares(release, synthetic.INSTRUMENT, "p.json")["group"]
    # Of the some 1,800 who gave trust a value, not of the 300 the representation table still shows.
    assert shares["small"] == pytest.approx(sample["small"] / 2000, abs=0.02)
    # The hidden cell's group is sized by the mean's breakdown: those who gave trust a value, some 90 % of them.
    assert 0.8 * sample["big"] / 2000 < shares["big"] < sample["big"] / 2000 + 0.02


def test_a_release_file_naming_a_group_the_instrument_does_not_have_is_refused_naming_it() -> None:
    shown = released(500, 3).shown()
    for cell in shown["tables"][0]["cells"]:
        if cell["by"]["group"] == "small":
            cell["by"]["group"] = "elves"
    with pytest.raises(PilotError, match=r"'elves' is no category of 'group'"):
        release_shares(Release.from_shown(shown), synthetic.INSTRUMENT, "pilot.json")


EVERY_KIND = """\
  - {id: discrimination, kind: counts, measure: discr, by: [group]}
  - {id: by_grounds, kind: counts, measure: discr, by: [grounds]}
  - {id: grounds_by_group, kind: counts, measure: grounds, by: [group]}
  - {id: everyone, kind: counts, measure: discr}
  - {id: groups, kind: representation, measure: group, reference: {big: 0.9, small: 0.1}}
  - {id: trust_by_group, kind: mean, measure: trust, by: [group]}
"""


@functools.cache
def _every_kind() -> dict[str, Any]:
    shown: dict[str, Any] = released(1200, 8, tables=EVERY_KIND).shown()
    return shown


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_suppression_and_any_noise_give_shares_a_pilot_file_accepts(data: st.DataObject) -> None:
    # Whichever cells a release hides and however far its noise moves the counts, the shares are a pilot's:
    # within 0 to 1, each variable's groups adding up to 1 at most, no option above those who answer.
    shown = copy.deepcopy(_every_kind())
    for table in shown["tables"]:
        for i, cell in enumerate(table["cells"]):
            if data.draw(st.integers(0, 3), label="hide") == 0:
                table["cells"][i] = {k: cell[k] for k in ("row", "measure", "by")} | {"status": "suppressed"}
            elif cell.get("n") is not None:
                cell["n"] = cell["estimate"] = cell["n"] * data.draw(st.floats(0.0, 2.0), label="noise")
    pilot = release_shares(Release.from_shown(shown), synthetic.INSTRUMENT, "p.json")
    for variable, shares in pilot.items():
        assert all(0 <= v <= 1 for v in shares.values()), variable
        status = {"_answered", "_no_answer", "prefer_not_to_say"} if variable == "grounds" else set(shares)
        assert sum(v for c, v in shares.items() if c in status) <= 1 + 1e-9, variable
        if "_answered" in shares:
            assert all(v <= shares["_answered"] + 1e-12 for c, v in shares.items() if c not in status), variable
