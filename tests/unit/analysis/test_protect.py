"""Secondary suppression on hand-made releases: it hides what protects the hidden cells, and little else."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.audit import Protection, Reading, audit
from analysis.audit.secondary_suppression import Suppression, protect
from analysis.releases.tables import PublishedTable
from tests.unit.analysis.audit_bodies import body, cell, table
from tests.unit.analysis.test_audit import SMALL, crossed

WIDTH = Protection(10.0)


def protected(release: dict[str, Any], width: Protection) -> Suppression:
    """Protect the release's tables and store them back in it, as making a release does."""
    tables, done = protect([PublishedTable.model_validate(t) for t in release["tables"]], width)
    release["tables"] = [t.stored() for t in tables]
    return done


def hidden(tables: list[dict[str, Any]]) -> set[tuple[str, str | None, tuple[tuple[str, str], ...]]]:
    return {
        (t["id"], c["measure"], tuple(sorted(c["by"].items())))
        for t in tables
        for c in t["cells"]
        if c["status"] == "suppressed"
    }


def clean(release: dict[str, Any], reading: Reading | None = None) -> int:
    """How many hidden cells the attack still narrows below the range."""
    return audit([("r1", release)], reading or Reading.exact(), WIDTH).disclosed


def test_a_hidden_yes_takes_its_groups_no_with_it() -> None:
    no = cell("no", SMALL, n=30.0, base=33.0, share=30 / 33)
    release = body([table("discrimination", "counts", "discr", ["group"], [cell("yes", SMALL), no])])
    assert clean(release) == 1

    done = protected(release, WIDTH)

    assert (done.primary, done.secondary) == (1, 1)
    assert hidden(release["tables"]) == {
        ("discrimination", "yes", (("group", "small"),)),
        ("discrimination", "no", (("group", "small"),)),
    }
    assert clean(release) == 0
    assert release["tables"][0]["cells"][1] == {"row": None, "measure": "no", "by": SMALL, "status": "suppressed"}


def test_a_cell_pinned_by_margins_of_other_tables_gets_a_rectangle_of_the_smallest_cells() -> None:
    release = crossed([("yes", "small")])
    assert clean(release) == 1

    done = protected(release, WIDTH)

    assert clean(release) == 0 and clean(release, Reading.printed()) == 0
    # A cycle through the cross table: the small group's "no" and one other group's two cells (the cheapest,
    # smaller "other" group, not "big"); the margin tables keep every cell.
    assert done.secondary == 3
    assert hidden(release["tables"]) == {
        ("discrimination", d, (("group", g),)) for d in ("yes", "no") for g in ("small", "other")
    }


def test_a_release_already_protected_is_left_as_it_is() -> None:
    release = crossed([("yes", "small"), ("no", "small"), ("yes", "other"), ("no", "other")])
    before = copy.deepcopy(release)

    done = protected(release, WIDTH)

    assert (done.primary, done.secondary, done.rounds) == (4, 0, 0)
    assert release == before


def test_a_range_of_zero_hides_nothing_more() -> None:
    release = crossed([("yes", "small")])

    done = protected(release, Protection(0.0))

    assert done.secondary == 0 and len(hidden(release["tables"])) == 1


def test_figures_that_pin_a_hidden_count_below_zero_are_hidden_too() -> None:
    # Without clamping, a hidden count may be negative: here yes = 28 − 30 = −2, which a floor of zero contradicts.
    no = cell("no", SMALL, n=30.0, base=28.0)
    release = body([table("discrimination", "counts", "discr", ["group"], [cell("yes", SMALL), no])])

    done = protected(release, WIDTH)

    assert done.secondary == 1 and clean(release) == 0


GROUPS = ("a", "b", "c", "d")


@st.composite
def cross_tables(draw: st.DrawFn) -> dict[str, Any]:
    """discr × group with both margins published in tables of their own, some cross cells hidden."""
    values = {(d, g): float(draw(st.integers(0, 60))) for d in ("yes", "no") for g in GROUPS}
    secret = draw(st.sets(st.sampled_from(sorted(values)), min_size=1, max_size=4))
    cells = [cell(d, {"group": g}, n=None if (d, g) in secret else v) for (d, g), v in values.items()]
    totals = {g: values["yes", g] + values["no", g] for g in GROUPS}
    overall = {d: sum(v for (e, _), v in values.items() if e == d) for d in ("yes", "no")}
    return body(
        [
            table("discrimination", "counts", "discr", ["group"], cells),
            table("groups", "representation", "group", [], [cell(g, n=v) for g, v in totals.items()]),
            table("overall", "counts", "discr", [], [cell(d, n=v) for d, v in overall.items()]),
        ]
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cross_tables())
def test_after_protection_the_attack_narrows_no_hidden_cell(release: dict[str, Any]) -> None:
    before = hidden(release["tables"])

    protected(release, WIDTH)

    assert before <= hidden(release["tables"])  # what was hidden stays hidden
    assert clean(release) == 0


@pytest.mark.parametrize("width", [5.0, 10.0, 40.0])
def test_every_hidden_cell_keeps_the_plans_range(width: float) -> None:
    release = crossed([("yes", "small")])

    protected(release, Protection(width))

    found = audit([("r1", release)], Reading.exact(), Protection(width))
    assert found.disclosed == 0
    assert all(c.width >= width - 1e-6 for t in found.tables for c in t.cells)


def test_given_the_choice_it_hides_the_no_answer_group_rather_than_an_equal_real_one() -> None:
    values = {(d, g): v for g, v in (("small", 6.0), ("other", 30.0), ("_no_answer", 30.0)) for d in ("yes", "no")}
    cells = [cell(d, {"group": g}, n=None if g == "small" and d == "yes" else v) for (d, g), v in values.items()]
    totals = {g: values["yes", g] + values["no", g] for g in ("small", "other", "_no_answer")}
    overall = {d: sum(v for (e, _), v in values.items() if e == d) for d in ("yes", "no")}
    release = body(
        [
            table("discrimination", "counts", "discr", ["group"], cells),
            table("groups", "representation", "group", [], [cell(g, n=v) for g, v in totals.items()]),
            table("overall", "counts", "discr", [], [cell(d, n=v) for d, v in overall.items()]),
        ]
    )

    protected(release, WIDTH)

    groups = {dict(by)["group"] for _, _, by in hidden(release["tables"]) if by}
    assert groups == {"small", "_no_answer"}
    assert clean(release) == 0
