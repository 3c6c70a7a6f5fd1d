"""The disclosure audit on hand-made releases: the attack finds what the figures determine, and only that."""

from __future__ import annotations

import math
from typing import Any

import pytest

from analysis.audit import Audit, Implied, Protection, Reading, audit
from kernel.errors import EqSurveyError
from tests.unit.analysis.audit_bodies import body, cell, table

SMALL = {"group": "small"}
BIG = {"group": "big"}


def only(result: Audit, label: str) -> Implied:
    found = [c for t in result.tables for c in t.cells if c.cell.label == label]
    assert len(found) == 1, [c.cell.label for t in result.tables for c in t.cells]
    return found[0]


def yes_no(share: bool = False) -> dict[str, Any]:
    """Group small: "yes" hidden (3), "no" shown (30) with the group's base (33)."""
    no = cell("no", SMALL, n=30.0, base=33.0, share=30 / 33 if share else None)
    return body([table("discrimination", "counts", "discr", ["group"], [cell("yes", SMALL), no])])


def test_a_hidden_yes_is_its_base_minus_the_shown_no() -> None:
    yes = only(audit([("r1", yes_no())]), "discr=yes, group=small")

    assert yes.low == pytest.approx(3.0, abs=1e-5)
    assert yes.high == pytest.approx(3.0, abs=1e-5)
    assert yes.disclosed


def test_read_as_printed_the_base_and_count_still_pin_it_within_a_unit_either_side() -> None:
    yes = only(audit([("r1", yes_no(share=True))], Reading.printed()), "discr=yes, group=small")

    assert yes.low <= 3.0 <= yes.high
    assert 0 < yes.width <= 2.0 + 1e-5
    assert yes.disclosed


def test_a_share_without_its_base_gives_the_base_away() -> None:
    # hidden yes = n(no) / share(no) − n(no) = 30 / 0.75 − 30
    no = cell("no", SMALL, n=30.0, share=0.75)
    release = body([table("discrimination", "counts", "discr", ["group"], [cell("yes", SMALL), no])])

    yes = only(audit([("r1", release)]), "discr=yes, group=small")

    assert [yes.low, yes.high] == pytest.approx([10.0, 10.0], abs=1e-4)


def crossed(hidden: list[tuple[str, str]]) -> dict[str, Any]:
    """discr × group (no bases) and group alone: the consistency step makes the group margin equal in both."""
    values = {("yes", "big"): 50.0, ("no", "big"): 60.0, ("yes", "small"): 5.0, ("no", "small"): 8.0}
    values |= {("yes", "other"): 7.0, ("no", "other"): 6.0}
    cells = [cell(d, {"group": g}, n=None if (d, g) in hidden else v) for (d, g), v in values.items()]
    totals = {g: sum(v for (_, h), v in values.items() if h == g) for g in ("big", "small", "other")}
    discr = {d: sum(v for (e, _), v in values.items() if e == d) for d in ("yes", "no")}
    return body(
        [
            table("discrimination", "counts", "discr", ["group"], cells),
            table("representation", "representation", "group", [], [cell(g, n=v) for g, v in totals.items()]),
            table("overall", "counts", "discr", [], [cell(d, n=v) for d, v in discr.items()]),
        ]
    )


def test_a_margin_shown_in_another_table_determines_the_cell() -> None:
    yes = only(audit([("r1", crossed([("yes", "small")]))]), "discr=yes, group=small")

    assert [yes.low, yes.high] == pytest.approx([5.0, 5.0], abs=1e-5)
    assert yes.disclosed


def test_four_cells_hidden_in_a_rectangle_keep_a_wide_range() -> None:
    rectangle = [("yes", "small"), ("no", "small"), ("yes", "other"), ("no", "other")]

    result = audit([("r1", crossed(rectangle))])

    # yes_small = t leaves no_small = 13 − t, yes_other = 12 − t, no_other = 1 + t: any t in [0, 12].
    yes = only(result, "discr=yes, group=small")
    assert yes.low == pytest.approx(0.0, abs=2e-3)
    assert yes.high == pytest.approx(12.0, abs=2e-3)
    assert result.disclosed == 0
    assert [len(t.cells) for t in result.tables] == [4]


def test_a_narrower_protection_range_than_the_interval_is_kept() -> None:
    rectangle = [("yes", "small"), ("no", "small"), ("yes", "other"), ("no", "other")]

    assert audit([("r1", crossed(rectangle))], protection=Protection(13)).disclosed == 4


def test_a_multiple_choice_option_is_not_bounded_by_its_base() -> None:
    # Options overlap and carry noise of their own: no published figure caps a hidden one.
    cells = [
        cell("a"),
        cell("b", n=40.0, base=45.0, share=40 / 45),
        cell("_answered", n=45.0),
        cell("_no_answer", n=12.0),
    ]
    release = body([table("grounds", "counts", "grounds", [], cells)])

    a = only(audit([("r1", release)]), "grounds=a")

    assert a.low == pytest.approx(-1e-3)
    assert math.isinf(a.high)
    assert not a.disclosed


def test_releases_audited_together_keep_their_own_unknowns() -> None:
    result = audit([("r1", yes_no()), ("r2", crossed([("yes", "small")]))])

    assert [(t.release, len(t.disclosed)) for t in result.tables] == [("r1", 1), ("r2", 1)]


def test_a_negative_protection_range_is_refused() -> None:
    with pytest.raises(EqSurveyError) as raised:
        Protection(-1)

    assert raised.value.problems[0].code == "protection-width"


def test_a_table_missing_a_cell_is_named() -> None:
    release = yes_no()
    release["tables"][0]["cells"].append(cell("yes", BIG, n=12.0))

    with pytest.raises(EqSurveyError) as raised:
        audit([("r1", release)])

    assert raised.value.problems[0].code == "release-cells"
    assert "discrimination" in raised.value.problems[0].problem
