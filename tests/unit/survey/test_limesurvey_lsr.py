"""LimeSurvey's XML responses (.lsr) read exactly like its CSV export of the same responses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.limesurvey.importer import import_lss
from instruments.limesurvey.reading import read_lss
from survey.importers.csv_format import CsvRow
from survey.importers.limesurvey.lsr import _Headings, _records
from survey.importers.limesurvey.responses import read_limesurvey_csv
from tests import limesurvey_files as lf

LSS = Path(__file__).resolve().parents[2] / "fixtures" / "limesurvey" / "conditions_survey_123456.lss"
SURVEY = read_lss(LSS)
INSTRUMENT = import_lss(LSS).instrument


def test_database_columns_become_the_csv_headings() -> None:
    name = _Headings(SURVEY)
    assert name("123456X10X100") == "employed"
    assert name("123456X10X101SQ001") == "sectors[SQ001]"
    assert name("123456X10X100other") == "employed[other]"
    assert name("123456X11X104SQ002comment") == "satisfaction[SQ002comment]"
    # LimeSurvey 7 names its columns by question and subquestion ids.
    assert name("Q101_S202") == "sectors[SQ002]"
    assert name("Q104_S205") == "satisfaction[SQ002]"
    assert name("Q100_Cother") == "employed[other]" and name("Q100_Ccomment") == "employed[comment]"
    # Unknown columns stay as they are, so the reader names them rather than dropping them.
    assert name("123456X10X999") == "123456X10X999" and name("Q999") == "Q999" and name("token") == "token"


values = {
    "123456X10X100": st.sampled_from(["A1", "A2", "A3", "A9", ""]),
    "123456X10X101SQ001": st.sampled_from(["Y", "", "x"]),
    "123456X10X101SQ003": st.sampled_from(["Y", ""]),
    "123456X10X102": st.sampled_from(["", "12", "41.0000000000", "many"]),
    "123456X10X103": st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    "123456X11X104SQ001": st.sampled_from(["AO1", "AO3", ""]),
    "123456X11X105": st.sampled_from(["Y", "N", ""]),
}


@st.composite
def exports(draw: st.DrawFn) -> list[dict[str, str]]:
    rows = []
    for n in range(draw(st.integers(1, 6))):
        row = {"id": str(n + 1), "token": f"tok{n}", "lastpage": "2"}
        row["submitdate"] = draw(st.sampled_from(["2024-05-01 10:00:00", ""]))
        row |= {field: value for field, strategy in values.items() if (value := draw(strategy))}
        rows.append(row)
    return rows


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(responses=exports())
def test_the_lsr_reads_as_the_csv_export_of_the_same_responses(
    tmp_path_factory: pytest.TempPathFactory, responses: list[dict[str, str]]
) -> None:
    export = tmp_path_factory.mktemp("csv") / "export.csv"
    export.write_text(lf.responses_csv(responses).replace("\r\n", "\n"), encoding="utf-8")
    stream = io.BytesIO(lf.lsr(responses).encode())
    from_lsr = list(_records(INSTRUMENT, SURVEY, stream, "x.lsr", frozenset()))
    from_csv = list(read_limesurvey_csv(INSTRUMENT, export))

    def seen(rows: list[CsvRow]) -> list[object]:
        return [
            (r.access_code, r.source_id, r.answers, sorted((p.code, p.where.question) for p in r.problems))
            for r in rows
        ]

    assert seen(from_lsr) == seen(from_csv)
    assert [r.number for r in from_lsr] == [r.number - 1 for r in from_csv]  # the CSV counts its heading row
