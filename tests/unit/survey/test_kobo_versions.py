"""Routing each KoboToolbox submission to the form version its ``__version__`` names."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.model import Instrument
from instruments.submission import check_answers
from instruments.xlsform.importer import import_form
from kernel.errors import EqSurveyError
from survey.importers.kobo.responses import read_kobo
from survey.importers.kobo.versions import VersionRouting

FIXTURES = Path(__file__).parents[2] / "fixtures" / "kobo_versions"
V1 = import_form(FIXTURES / "asset-v1.json").instrument
V2 = import_form(FIXTURES / "asset-v2.json").instrument


def _version_id(instrument: Instrument) -> str:
    assert instrument.source_version is not None, "the fixture assets carry their version id"
    return instrument.source_version


ID1, ID2 = _version_id(V1), _version_id(V2)
OPTIONS = {ID1: ["woman", "man", "trans"], ID2: ["woman", "man"], "vGone": ["woman", "trans"], "": ["man"]}

submission = st.sampled_from(sorted(OPTIONS)).flatmap(
    lambda v: st.tuples(st.just(v), st.lists(st.sampled_from(OPTIONS[v]), min_size=1, max_size=3, unique=True))
)


def _write(folder: Path, rows: list[tuple[str, list[str]]], as_csv: bool) -> Path:
    if as_csv:
        lines = ["gender;district;_uuid;__version__"]
        lines += [f"{' '.join(g)};north;u{i};{v}" for i, (v, g) in enumerate(rows)]
        path = folder / "export.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        results = [{"_uuid": f"u{i}", "gender": " ".join(g), "__version__": v} for i, (v, g) in enumerate(rows)]
        path = folder / "export.json"
        path.write_text(json.dumps({"results": results}), encoding="utf-8")
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(submission, min_size=1, max_size=25), as_csv=st.booleans())
def test_every_row_is_read_under_its_own_version_or_refused_by_count(
    rows: list[tuple[str, list[str]]], as_csv: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), rows, as_csv)
        routing = VersionRouting(V2, [V1])
        if not any(v in (ID1, ID2) for v, _ in rows):
            # No row names a kept or current version: read against the current one only if all fit it.
            fits = all("trans" not in g for _, g in rows)
            if fits:
                assert len(list(read_kobo(V2, path, routing=routing))) == len(rows)
            else:
                with pytest.raises(EqSurveyError, match="nothing was stored"):
                    list(read_kobo(V2, path, routing=routing))
            assert routing.mode == ("fallback" if any(v for v, _ in rows) else "none")
            return
        read = list(read_kobo(V2, path, routing=routing))
    first = 2 if as_csv else 1
    assert len(read) + len(routing.refused_rows()) == len(rows)
    for row in read:
        version = rows[row.number - first][0]
        assert row.collected_under is (V1 if version == ID1 else None)
        assert not row.problems and not check_answers(row.collected_under or V2, row.answers).problems
    refused = {i + first for i, (v, _) in enumerate(rows) if v not in (ID1, ID2)}
    assert routing.refused_rows() == refused
    assert sum(len(n) for n in routing.refused.values()) == len(refused)
    assert len(routing.problems()) == len({v for v, _ in rows if v not in (ID1, ID2)})


def test_a_removed_option_is_a_problem_under_the_version_that_removed_it(tmp_path: Path) -> None:
    path = _write(tmp_path, [(ID2, ["trans"]), (ID1, ["trans"])], as_csv=False)
    first, second = read_kobo(V2, path, routing=VersionRouting(V2, [V1]))
    assert first.collected_under is None and second.collected_under is V1
    assert [p.code for p in check_answers(V2, first.answers).problems] == ["unknown-option"]
    assert not check_answers(V1, second.answers).problems


def test_a_field_only_another_version_has_is_refused_for_this_one(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"gender;district;remark;_uuid;__version__\nman;north;;u1;{ID2}\n", encoding="utf-8")
    with pytest.raises(EqSurveyError, match="remark"):
        list(read_kobo(V2, path, routing=VersionRouting(V2, [V1])))


def test_without_a_routing_every_row_is_read_against_the_instrument(tmp_path: Path) -> None:
    path = _write(tmp_path, [(ID1, ["trans"]), ("vGone", ["man"])], as_csv=True)
    first, second = read_kobo(V2, path)
    assert first.collected_under is None and second.collected_under is None
    assert check_answers(V2, first.answers).problems and not check_answers(V2, second.answers).problems


def test_a_version_cell_that_is_no_id_is_not_echoed(tmp_path: Path) -> None:
    odd = "Jane Doe, Hafenstraße 4"
    path = _write(tmp_path, [(ID2, ["man"]), (odd, ["man"])], as_csv=False)
    routing = VersionRouting(V2, [V1])
    assert len(list(read_kobo(V2, path, routing=routing))) == 1
    (problem,) = routing.problems()
    assert odd not in problem.render() and "a cell of 23 characters" in problem.problem
