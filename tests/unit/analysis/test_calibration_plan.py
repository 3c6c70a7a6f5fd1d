"""A calibrated plan's ``calibration`` block and its margins file: read, and every wrong value named."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.plans.loader import PlanError, load_plan, parse_plan
from analysis.plans.margins import read_margins
from analysis.plans.model import PopulationRow
from tests.unit.analysis.calibration_city import INSTRUMENT

MARGINS = """\
# Synthetic register, 31.12.2025
age,gender,district,population
18_34,female,,16000
18_34,male,,15500
35_59,female,,21000
35_59,male,,20500
60_plus,female,,14500
60_plus,male,,12500
,,north,30000
,,south,25000
,,east,25000
,,west,20000
"""


def plan(calibration: str) -> str:
    return f"""\
id: city
instrument: {INSTRUMENT.id}
budget_share: 0.5
tables:
  - {{id: discrimination, kind: counts, measure: discr}}
  - {{id: by_origin, kind: counts, measure: discr, by: [origin]}}
  - {{id: by_age, kind: counts, measure: discr, by: [age]}}
calibration:
{calibration}"""


GOOD = """\
  variables: [age, gender, district]
  margins: population.csv
  source: "Einwohnerregister, Stichtag 31.12.2025"
"""


def write(tmp_path: Path, calibration: str = GOOD, margins: str = MARGINS) -> Path:
    (tmp_path / "population.csv").write_text(margins, encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(plan(calibration), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_plan(path, INSTRUMENT)
    return [p.render() for p in caught.value.problems]


def test_the_margins_file_is_read_into_the_plan(tmp_path: Path) -> None:
    loaded = load_plan(write(tmp_path), INSTRUMENT).plan
    assert loaded.calibration is not None
    rows = loaded.calibration.population or []
    assert len(rows) == 10
    assert rows[0] == PopulationRow(codes={"age": "18_34", "gender": "female"}, count=16000)
    assert rows[-1] == PopulationRow(codes={"district": "west"}, count=20000)
    assert loaded.calibration.method == "rake"
    assert loaded.calibration.trim == (0.3, 3.0)
    assert [t.id for t in loaded.weighted_tables()] == ["discrimination", "by_origin", "by_age"]
    # The release stores the plan as dumped: the figures it was weighted to travel with it.
    assert loaded.model_dump(mode="json")["calibration"]["population"][6] == {
        "codes": {"district": "north"},
        "count": 30000.0,
    }


def test_a_margins_file_saved_by_excel_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "excel").mkdir()
    plain = load_plan(write(tmp_path / "plain"), INSTRUMENT).plan
    marked = load_plan(write(tmp_path / "excel", margins="\ufeff" + MARGINS), INSTRUMENT).plan
    assert plain.calibration is not None and marked.calibration is not None
    assert marked.calibration.population == plain.calibration.population


def test_a_code_that_is_no_option_is_named_at_its_line_of_the_margins_file(tmp_path: Path) -> None:
    found = problems(write(tmp_path, margins=MARGINS.replace(",,east,", ",,eats,")))
    assert len(found) == 1
    assert "population.csv:11" in found[0]
    assert "'eats' is not a category of 'district'" in found[0]


def test_a_negative_count_is_named_at_its_line(tmp_path: Path) -> None:
    found = problems(write(tmp_path, margins=MARGINS.replace("14500", "-14500")))
    assert any("population.csv:7" in p and "not a count of people" in p for p in found)


def test_margins_that_do_not_add_up_alike_are_refused(tmp_path: Path) -> None:
    found = problems(write(tmp_path, margins=MARGINS.replace(",,west,20000", ",,west,40000")))
    assert len(found) == 1
    assert "do not add up to the same population" in found[0]
    assert "population.csv" in found[0]


def test_a_missing_category_of_a_margin_is_refused(tmp_path: Path) -> None:
    found = problems(write(tmp_path, margins=MARGINS.replace(",,west,20000\n", "")))
    assert any("lacks west" in p for p in found)


def test_an_unknown_variable_is_named_in_the_plan(tmp_path: Path) -> None:
    bad = GOOD.replace("[age, gender, district]", "[age, gender, distrikt]")
    found = problems(write(tmp_path, bad, MARGINS.replace("district", "distrikt")))
    assert any("plan.yaml:" in p and "'distrikt' is no question" in p for p in found)


def test_a_column_that_is_no_calibration_variable_is_named_at_the_header(tmp_path: Path) -> None:
    found = problems(write(tmp_path, margins=MARGINS.replace("age,gender", "age,sex")))
    assert any("population.csv:2" in p and "'sex' is not a calibration variable" in p for p in found)


def test_a_missing_source_is_named(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD.replace('  source: "Einwohnerregister, Stichtag 31.12.2025"\n', "")))
    assert any("plan.yaml" in p and "'source' is missing" in p for p in found)


def test_a_missing_margins_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path)
    (tmp_path / "population.csv").unlink()
    found = problems(path)
    assert any("plan.yaml:" in p and "no margins file" in p for p in found)


def test_a_margins_file_outside_the_plans_folder_is_refused(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD.replace("population.csv", "../population.csv")))
    assert any("not beside the plan" in p for p in found)


def test_post_stratification_needs_the_full_cross(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD + "  method: poststratify\n"))
    assert any("needs a cross of all three" in p for p in found)


def test_an_unknown_weighted_table_and_bounds_without_the_mean_are_refused(tmp_path: Path) -> None:
    bad = GOOD + "  tables: [discrimination, nowhere]\n  trim: [1.0, 3.0]\n"
    found = problems(write(tmp_path, bad))
    assert any("the plan has no table 'nowhere'" in p for p in found)
    assert any("does not hold the mean weight 1" in p for p in found)


def test_a_multi_choice_calibration_variable_is_refused() -> None:
    from tests.unit.analysis import synthetic

    text = (
        "id: synthetic\ninstrument: test-survey\nbudget_share: 1\ntables:\n"
        "  - {id: d, kind: counts, measure: discr}\n"
        "calibration:\n  variables: [grounds]\n  source: register 2025\n"
        "  population: [{codes: {grounds: a}, count: 10}]\n"
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml", synthetic.INSTRUMENT)
    assert "does not sort each respondent into one group" in caught.value.render()


CODE = st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "ab"]), CODE, CODE, st.integers(0, 10**7)),
        min_size=1,
        max_size=12,
    )
)
def test_margins_files_read_back_what_was_written(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str, int]]
) -> None:
    lines = ["# source line", "a,b,population"]
    expected = []
    for which, first, second, count in rows:
        codes = {"a": first, "b": second} if which == "ab" else {which: first}
        lines.append(f"{codes.get('a', '')},{codes.get('b', '')},{count}")
        expected.append(PopulationRow(codes=codes, count=count))
    path = tmp_path_factory.mktemp("margins") / "m.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read, numbers = read_margins(path, ["a", "b"], PlanError)
    assert read == expected
    assert numbers == list(range(3, 3 + len(rows)))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_margins_text_reads_or_is_a_plan_error(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("margins") / "m.csv"
    path.write_text(text, encoding="utf-8")
    try:
        read_margins(path, ["a", "b"], PlanError)
    except PlanError as error:
        assert str(path) in error.render()


def test_the_example_calibrated_plan_reads_against_the_example_instrument() -> None:
    from instruments.loader import load_instrument

    root = Path(__file__).resolve().parents[3] / "examples"
    instrument = load_instrument(root / "musterstadt" / "instrument.yaml").instrument
    loaded = load_plan(root / "calibration" / "plan.yaml", instrument)
    assert not [w for w in loaded.warnings if w.severity == "error"]
    assert loaded.plan.calibration is not None
    assert len(loaded.plan.calibration.population or []) == 13
