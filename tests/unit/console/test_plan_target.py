"""The console's "Plan from the accuracy you need": the command line's answer in plain words, the form's
problems at their fields, and German."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eqsurvey.console import plan as plan_section
from eqsurvey.workflows.new_project import create_project
from tests.support.cli import Eqsurvey
from tests.support.console import OpenConsole, open_console
from tests.unit.console.test_plan import text_of


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("target") / "p"
    create_project(folder, example="musterstadt")
    return folder


@pytest.fixture
def console(project: Path) -> Iterator[OpenConsole]:
    with open_console(project, sections=(plan_section.SECTION,)) as opened:
        opened.client.get("/language/en?back=/")
        yield opened


def test_the_plan_page_links_to_the_form_and_the_form_asks_in_plain_words(console: OpenConsole) -> None:
    assert 'href="/plan/target"' in console.client.get("/plan").text
    page = console.client.get("/plan/target")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "Precision of each share (± percentage points)" in shown
    assert 'for="input-half_width"' in page.text and 'aria-describedby="hint-half_width"' in page.text
    assert "What it takes" not in shown  # nothing is worked out before the form is sent


def test_the_answer_is_the_command_lines(console: OpenConsole, project: Path) -> None:
    page = console.client.get("/plan/target", params={"half_width": "5", "mean_half_width": "0.3", "most": "50000"})
    assert page.status_code == 200, page.text
    cli = json.loads(
        Eqsurvey(project)(
            "plan", "target", "--half-width", "0.05", "--mean-half-width", "0.3", "--max-respondents", "50000",
            "--format", "json",
        ).stdout
    )  # fmt: skip
    shown = text_of(page.text)
    if cli["respondents"] is None:
        assert "Some groups would need more than 50,000 people" in shown
    else:
        assert f"About {cli['respondents']:,} people need to take part" in shown
    for table in cli["tables"]:
        assert f'id="target-{table["id"]}"' in page.text
        for group in table["groups"]:
            if group["respondents"] is not None:
                assert f"{group['respondents']:,}" in shown
    by_gender = next(t for t in cli["tables"] if t["id"] == "discrimination_by_gender")
    tin = next(g for g in by_gender["groups"] if g["by"]["gender_group"] == "tin")
    assert (
        f"TIN* (trans, intersex, non-binary, agender) * {tin['share']:.1%} {tin['members']:,} {tin['respondents']:,} Reachable"
        in shown
    )
    assert '<th scope="col">Members needed</th>' in page.text
    assert (
        "Not planned: “Gender in one's own words: frequent answers” (answers in people's own words have no interval)."
        in shown
    )


def test_a_group_beyond_the_cap_is_said_to_be_out_of_reach(console: OpenConsole) -> None:
    shown = text_of(console.client.get("/plan/target", params={"half_width": "5", "most": "5000"}).text)
    assert "Some groups would need more than 5,000 people" in shown
    assert "Out of reach: more than 5,000 people would be needed" in shown


@pytest.mark.parametrize(
    ("params", "field", "problem"),
    [
        ({"half_width": "abc"}, "half_width", "“abc” is not a precision in percentage points."),
        ({"half_width": "0"}, "half_width", "is not a precision in percentage points."),
        ({"half_width": "150"}, "half_width", "is not a precision in percentage points."),
        ({"half_width": "nan"}, "half_width", "is not a precision in percentage points."),
        ({"half_width": "5", "mean_half_width": "-1"}, "mean_half_width", "is not a precision for averages."),
        ({"half_width": "5", "most": "1.5"}, "most", "“1.5” is not a number of people."),
        ({"half_width": "5", "most": "١٢٣"}, "most", "is not a number of people."),
    ],
)
def test_a_wrong_value_is_shown_at_its_field(
    console: OpenConsole, params: dict[str, str], field: str, problem: str
) -> None:
    page = console.client.get("/plan/target", params=params)
    assert page.status_code == 422
    assert f'id="input-{field}"' in page.text and 'aria-invalid="true"' in page.text
    assert problem in text_of(page.text)
    assert "What it takes" not in text_of(page.text)


def test_the_page_speaks_german(console: OpenConsole) -> None:
    console.client.get("/language/de?back=/plan/target")
    shown = text_of(console.client.get("/plan/target", params={"half_width": "5"}).text)
    assert "Genauigkeit jedes Anteils (± Prozentpunkte)" in shown
    assert "Menschen müssen teilnehmen, für jede Gruppe jeder Tabelle." in shown
    assert "Nötige Befragte insgesamt" in shown and "Erreichbar" in shown


@settings(max_examples=300, deadline=None)
@given(half_width=st.text(max_size=20), mean=st.text(max_size=20), most=st.text(max_size=20))
def test_any_form_input_is_read_or_named_at_its_field(half_width: str, mean: str, most: str) -> None:
    from eqsurvey.console.plan.target import MOST, read_asked

    asked = read_asked({"half_width": half_width, "mean_half_width": mean, "most": most}, "en")
    fields = {p.where.field for p in asked.problems}
    assert fields <= {"half_width", "mean_half_width", "most"}
    if "half_width" not in fields:
        assert asked.points is not None and 0 < asked.points < 100
    if "mean_half_width" not in fields and mean.strip():
        assert asked.mean is not None and asked.mean > 0
    if "most" not in fields:
        assert 1 <= asked.cap <= MOST
