"""A release as typed values: read from its stored body, checked, and written back exactly as it was stored."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given

from analysis import CellStatus, PublishedCell, PublishedTable, Release, ShareStatus, TableKind
from analysis.releases.body import body_problems, public_body
from analysis.releases.cells import SUPPRESSED_KEYS
from analysis.releases.making import make_release
from kernel.errors import EqSurveyError
from tests.unit.analysis.release_strategies import BODIES, bodies
from tests.unit.analysis.synthetic import INSTRUMENT, draw, frame, plan
from tests.unit.analysis.test_release_body import BODY, edited


@BODIES
@given(bodies())
def test_a_stored_body_is_written_back_key_for_key_and_number_for_number(body: dict[str, Any]) -> None:
    stored = copy.deepcopy(body)
    release = Release.from_body("r-20261122T101500-3f9a1c", body)
    again = release.to_body()
    assert again == stored and body == stored  # nothing read is changed
    # The same JSON text: key order, null against left out, 20 against 20.0 (what a digest of the body would see).
    assert json.dumps(again) == json.dumps(stored)
    assert json.dumps(again, sort_keys=True) == json.dumps(stored, sort_keys=True)
    assert release.id == "r-20261122T101500-3f9a1c" and "id" not in again


@BODIES
@given(bodies())
def test_a_body_read_back_from_the_ledgers_json_round_trips_too(body: dict[str, Any]) -> None:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False)  # as survey.store.ledger writes it
    release = Release.from_body("r-1", json.loads(text))
    assert json.dumps(release.to_body(), sort_keys=True, ensure_ascii=False) == text
    assert Release.from_body("r-1", release.to_body()) == release


@BODIES
@given(bodies())
def test_the_public_release_keeps_no_mac_and_nothing_of_a_suppressed_cell_but_its_place(body: dict[str, Any]) -> None:
    release = Release.from_body("r-1", body)
    public = release.public()
    assert public.dataset is None and "dataset" not in public.to_body()
    assert public.to_body() == public_body(body)
    for table, before in zip(public.tables, release.tables, strict=True):
        for cell, was in zip(table.cells, before.cells, strict=True):
            if was.suppressed:
                assert list(cell.stored()) == list(SUPPRESSED_KEYS) and cell.place == was.place
            else:
                assert cell == was
    assert public.public() is public
    assert Release.from_shown(release.shown()) == public


def test_types_say_what_the_stored_strings_said() -> None:
    release = Release.from_body("r-1", BODY)
    (table,) = release.tables
    assert table.kind is TableKind.COUNTS and table.kind.counted and not TableKind.MEAN.counted
    assert [c.status for c in table.cells] == [CellStatus.SHOWN, CellStatus.SUPPRESSED, CellStatus.UNCERTAIN]
    shown, hidden, uncertain = table.cells
    assert shown.shown == (41.2, 30.1, 52.3) and shown.share_shown is None and not shown.imprecise
    assert hidden.suppressed and uncertain.uncertain and uncertain.share_status is ShareStatus.SHOWN
    with pytest.raises(ValueError, match="publishes no estimate"):
        _ = hidden.shown
    assert release.publication.suppress_below == 20 and isinstance(release.publication.suppress_below, int)
    assert release.non_probability and not release.simulated
    assert isinstance(table, PublishedTable) and isinstance(shown, PublishedCell)


def test_a_release_is_frozen() -> None:
    release = Release.from_body("r-1", BODY)
    with pytest.raises(ValueError, match="frozen"):
        release.created_at = "2027-01-01"  # type: ignore[misc]
    with pytest.raises(ValueError, match="frozen"):
        release.tables[0].cells[0].status = CellStatus.SUPPRESSED  # type: ignore[misc]


@pytest.mark.parametrize(
    ("path", "value", "place", "problem"),
    [
        (("tables", 0, "cells", 0, "status"), "hidden", "tables[0].cells[0].status", "Input should be 'shown'"),
        (("tables", 0, "cells", 0, "n"), -3.0, "tables[0].cells[0].n", "greater than or equal to 0"),
        (("tables", 0, "cells", 2, "base"), -80, "tables[0].cells[2].base", "greater than or equal to 0"),
        (("tables", 0, "cells", 2, "share"), 1.5, "tables[0].cells[2].share", "less than or equal to 1"),
        (("tables", 0, "noise", "counts", "scale"), -2.5, "tables[0].noise.counts.scale", "greater than or equal"),
        (("tables", 0, "cells", 2, "share_status"), "vague", "tables[0].cells[2].share_status", "'shown' or"),
        (("tables", 0, "kind"), "pie", "tables[0].kind", "Input should be 'counts'"),
        (("created_at",), KeyError, "created_at", "Field required"),
        (("instrument", "version"), KeyError, "instrument.version", "Field required"),
        (("simulated_responses",), -1, "simulated_responses", "greater than or equal to 0"),
        (("privacy", "delta"), 2.0, "privacy.delta", "less than or equal to 1"),
        (("tables", 0, "rho"), "0.15", "tables[0].rho", "Input should be a valid number"),
    ],
)
def test_a_malformed_body_is_a_user_error_naming_the_release_the_place_and_the_fix(
    path: tuple[str | int, ...], value: Any, place: str, problem: str
) -> None:
    body = edited(path, value)
    with pytest.raises(EqSurveyError) as caught:
        Release.from_body("r-20261122T101500-3f9a1c", body)
    (found,) = caught.value.problems
    assert found.code == "damaged-release"
    assert str(found.where) == f"'release r-20261122T101500-3f9a1c: {place}'"
    assert problem in found.problem
    assert "backup" in found.fix
    assert body_problems(body) == [f"{place}: {found.problem}"]


def test_a_release_file_names_the_file_and_needs_its_id(tmp_path: Any) -> None:
    shown = Release.from_body("r-1", BODY).shown()
    with pytest.raises(EqSurveyError, match=r"other\.json.*release \(no id\): id"):
        Release.from_shown({k: v for k, v in shown.items() if k != "id"}, "other.json")
    damaged = shown | {"privacy": {"rho": "a lot"}}
    with pytest.raises(EqSurveyError, match=r"other\.json, 'release r-1: privacy\.rho'") as caught:
        Release.from_shown(damaged, "other.json")
    assert {p.code for p in caught.value.problems} == {"release-file"}
    assert "release show ID --json" in caught.value.problems[0].fix


def test_a_release_as_made_is_a_release_as_stored() -> None:
    tables = "  - {id: d, kind: counts, measure: discr, by: [group]}\n  - {id: t, kind: mean, measure: trust}\n"
    made = make_release(
        plan(tables, "{suppress_below: 20, flag_below: 50}"), tables, INSTRUMENT,
        frame(draw(np.random.default_rng(5), 300)), "hmac-sha256:v1:00:11", 0.5,
    )  # fmt: skip
    stored = json.loads(json.dumps(made.body, sort_keys=True))  # as the ledger keeps it
    assert body_problems(stored) == []
    assert Release.from_body(made.release_id, stored) == made.release
    assert json.dumps(Release.from_body(made.release_id, stored).to_body(), sort_keys=True) == json.dumps(
        made.body, sort_keys=True
    )
    assert [t.kind for t in made.release.tables] == [TableKind.COUNTS, TableKind.MEAN]
    assert all(isinstance(c.status, CellStatus) for t in made.release.tables for c in t.cells)
    assert made.release.dataset is not None and made.release.dataset.mac == "hmac-sha256:v1:00:11"
