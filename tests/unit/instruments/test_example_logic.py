"""The example instrument's skip logic and derived variables, evaluated for hand-made respondents."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from instruments.expressions import syntax as ex
from instruments.expressions.evaluation import evaluate
from instruments.loader import load_instrument
from instruments.model import BooleanDerived, Instrument
from instruments.questions import Matrix
from instruments.text import DECLINED
from tests.unit.instruments.test_library import DOMAINS, WG_IDS

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "musterstadt" / "instrument.yaml"


@pytest.fixture(scope="module")
def example() -> Instrument:
    return load_instrument(EXAMPLE).instrument


# --- (d) skip logic ------------------------------------------------------------------


def holds(condition: str | None, answers: Mapping[str, object]) -> bool:
    """Asked only if the condition is true; unknown (None) means not asked."""
    return condition is None or evaluate(ex.parse(condition), answers) is True


def asked(instrument: Instrument, qid: str, answers: Mapping[str, object]) -> bool:
    section = instrument.section_of(qid)
    return holds(section.relevant, answers) and holds(instrument.question_map[qid].relevant, answers)


def rows_asked(instrument: Instrument, qid: str, answers: Mapping[str, object]) -> list[str]:
    q = instrument.question_map[qid]
    assert isinstance(q, Matrix)
    if not asked(instrument, qid, answers):
        return []
    return [r.code for r in q.rows if holds(r.relevant, answers)]


FOLLOW_UPS = ("dg_grounds", "rh_reported", "rh_support")


def five_years(**answers: str) -> dict[str, object]:
    return {"discr_5y": {d: answers.get(d, "no") for d in DOMAINS}}


def test_no_experience_means_no_follow_up(example: Instrument) -> None:
    answers = five_years(police="not_applicable", justice="not_applicable")
    assert rows_asked(example, "discr_12m", answers) == []
    assert not any(asked(example, q, answers) for q in FOLLOW_UPS)
    assert asked(example, "ta_police", answers)


def test_twelve_month_rows_follow_the_five_year_answers(example: Instrument) -> None:
    answers = five_years(work="yes", housing="yes", police="not_applicable")
    assert rows_asked(example, "discr_12m", answers) == ["work", "housing"]
    assert all(asked(example, q, answers) for q in FOLLOW_UPS)
    assert not asked(example, "rh_reported_to", answers)


def test_unknown_answers_do_not_open_follow_ups(example: Instrument) -> None:
    assert rows_asked(example, "discr_12m", {}) == []
    assert not any(asked(example, q, {}) for q in FOLLOW_UPS)
    declined = {"discr_5y": {"work": DECLINED, "online_media": "yes"}}
    assert rows_asked(example, "discr_12m", declined) == ["online_media"]
    assert asked(example, "dg_grounds", declined)
    only_declined = {"discr_5y": {"work": DECLINED}}
    assert not asked(example, "dg_grounds", only_declined)


@pytest.mark.parametrize(
    ("reported", "to_whom", "why_not"),
    [("yes", True, False), ("someone_else", True, False), ("no", False, True), (DECLINED, False, False)],
)
def test_reporting_branches(example: Instrument, reported: str, to_whom: bool, why_not: bool) -> None:
    answers = {**five_years(police="yes"), "rh_reported": reported}
    assert asked(example, "rh_reported_to", answers) is to_whom
    assert asked(example, "rh_not_reported_reasons", answers) is why_not


def test_write_ins_and_local_follow_up(example: Instrument) -> None:
    base = five_years(work="yes")
    assert asked(example, "dg_other_text", {**base, "dg_grounds": ["racist", "other"]})
    assert not asked(example, "dg_other_text", {**base, "dg_grounds": ["racist"]})
    assert asked(example, "ms_discr_city_service", {"ms_discr_local_12m": "yes"})
    assert not asked(example, "ms_discr_city_service", {"ms_discr_local_12m": "unsure"})
    assert asked(example, "so_self_description", {"so_orientation": "other"})
    assert not asked(example, "so_self_description", {"so_orientation": DECLINED})
    assert asked(example, "mh_years_in_germany", {"mh_birth_country": "other_country"})
    assert not asked(example, "mh_years_in_germany", {"mh_birth_country": "germany"})


# --- (e) derived variables -------------------------------------------------------------


def derive(instrument: Instrument, did: str, answers: Mapping[str, object]) -> object:
    """Boolean: the condition (None when unknown). Categorical: the first case that is true."""
    d = instrument.derived_map[did]
    if isinstance(d, BooleanDerived):
        return evaluate(ex.parse(d.when), answers)
    return next((c.code for c in d.cases if evaluate(ex.parse(c.when), answers) is True), None)


def wg(*levels: str | None) -> dict[str, object]:
    return {qid: level for qid, level in zip(WG_IDS, levels, strict=True) if level is not None}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (wg("none", "none", "none", "none", "none", "none"), False),
        (wg("some", "some", "some", "some", "some", "some"), False),
        (wg("none", "none", "a_lot", "none", "none", "none"), True),
        (wg(None, None, None, None, None, "cannot"), True),
        (wg("a_lot", DECLINED, None, None, None, None), True),
        (wg("none", "none", "none", "none", "none", None), None),
        (wg("none", "some", "none", "none", DECLINED, "none"), None),
        ({}, None),
    ],
)
def test_wg_disability(example: Instrument, answers: dict[str, object], expected: bool | None) -> None:
    assert derive(example, "wg_disability", answers) is expected


@pytest.mark.parametrize(
    ("gender", "same_as_birth", "expected"),
    [
        (["woman"], "yes", "cis_woman"),
        (["man"], "yes", "cis_man"),
        (["woman", "trans"], "no", "tin"),
        (["woman"], "no", "tin"),
        (["non_binary"], None, "tin"),
        (["man", "inter"], "yes", "tin"),
        (["agender"], DECLINED, "tin"),
        (["woman"], None, None),
        (["woman"], DECLINED, None),
        (["woman", "man"], "yes", None),
        (["woman", "other"], "yes", None),
        ([DECLINED], "yes", None),
        (DECLINED, "no", "tin"),
        (None, None, None),
    ],
)
def test_gender_group(example: Instrument, gender: object, same_as_birth: str | None, expected: str | None) -> None:
    answers = {k: v for k, v in (("gi_gender", gender), ("gi_same_as_birth", same_as_birth)) if v is not None}
    assert derive(example, "gender_group", answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"mh_birth_country": "other_country"}, "immigrated"),
        ({"mh_birth_country": "germany", "mh_parents_birth": "both_abroad"}, "descendant"),
        ({"mh_birth_country": "germany", "mh_parents_birth": "one_abroad"}, "one_parent_abroad"),
        ({"mh_birth_country": "germany", "mh_parents_birth": "both_germany"}, "no_history"),
        ({"mh_birth_country": "germany", "mh_parents_birth": "dont_know"}, None),
        ({"mh_birth_country": DECLINED, "mh_parents_birth": "both_germany"}, None),
    ],
)
def test_migration_history(example: Instrument, answers: dict[str, object], expected: str | None) -> None:
    assert derive(example, "mh_history", answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"rac_self": ["white"], "rac_perceived_white": "mostly_white"}, False),
        ({"rac_self": ["white", "black"], "rac_perceived_white": "mostly_white"}, True),
        ({"rac_self": ["east_european"], "rac_perceived_white": "mostly_white"}, False),
        ({"rac_perceived_white": "varies"}, True),
        ({"rac_perceived_white": "mostly_white"}, None),
        ({"rac_self": [DECLINED], "rac_perceived_white": DECLINED}, None),
    ],
)
def test_racialised(example: Instrument, answers: dict[str, object], expected: bool | None) -> None:
    assert derive(example, "rac_racialised", answers) is expected


def test_any_discrimination_in_twelve_months(example: Instrument) -> None:
    assert derive(example, "discr_any_12m", five_years()) is False
    yes_then_no = {**five_years(work="yes"), "discr_12m": {"work": "no"}}
    assert derive(example, "discr_any_12m", yes_then_no) is False
    assert derive(example, "discr_any_12m", {**five_years(work="yes"), "discr_12m": {"work": "yes"}}) is True
    assert derive(example, "discr_any_12m", five_years(work="yes")) is None
    assert derive(example, "discr_any_5y", five_years(leisure="yes")) is True
