"""eqsurvey release audit through the real command, on the Musterstadt example with 800 simulated respondents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey

PASS = "release audit tests passphrase"


@pytest.fixture
def released(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> str:
    """The id of a release of the example over 800 simulated, sealed responses (the size of issue 14's finding)."""
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "800", "--seed", "14", "-o", "r.csv")
    eqsurvey("responses", "import", "r.csv")
    # --yes: at this size the plan's preview expects about half the cells suppressed (the guard asks first).
    return eqsurvey("release", "--yes").stdout.strip()


def _suppressed(eqsurvey: Eqsurvey, release_id: str) -> dict[str, int]:
    body = json.loads(eqsurvey("release", "show", release_id, "--json").stdout)
    counted = [t for t in body["tables"] if t["kind"] in ("counts", "matrix", "representation")]
    found = {t["id"]: sum(c["status"] == "suppressed" for c in t["cells"]) for t in counted}
    return {k: v for k, v in found.items() if v}


def test_every_suppressed_cell_is_audited_and_none_is_disclosed_under_a_zero_range(
    released: str, eqsurvey: Eqsurvey
) -> None:
    found = json.loads(eqsurvey("release", "audit", released, "--json", "--width", "0").stdout)

    assert {t["table"]: t["suppressed"] for t in found["tables"]} == _suppressed(eqsurvey, released)
    assert found["suppressed"] > 0 and found["disclosed"] == 0
    assert found["reading"] == "exact"


def test_a_release_passes_its_own_audit_and_says_what_it_hid(
    project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    eqsurvey("responses", "simulate", "--n", "800", "--seed", "15", "-o", "r.csv")
    eqsurvey("responses", "import", "r.csv")

    run = eqsurvey("release", "--yes")
    release_id = run.stdout.strip()
    said = json.loads(eqsurvey("release", "show", release_id, "--json").stdout)["suppression"]

    hidden = sum(_suppressed(eqsurvey, release_id).values())
    assert f"{said['primary']} under the threshold of 20 (primary), {said['secondary']} more" in run.stderr
    assert said["secondary"] > 0 and said["protection"] == 20
    for reading in ((), ("--as-printed",)):
        found = json.loads(eqsurvey("release", "audit", release_id, "--json", *reading).stdout)
        assert (found["suppressed"], found["disclosed"]) == (hidden, 0)


@pytest.mark.slow
def test_disclosed_cells_are_listed_and_the_audit_exits_1(released: str, eqsurvey: Eqsurvey) -> None:
    # A range wider than any finite interval: every cell the figures bound at all counts as disclosed.
    options = ("--width", "1e9", "--as-printed")
    run = eqsurvey("release", "audit", released, *options, expect=1)
    found = json.loads(eqsurvey("release", "audit", released, "--json", *options, expect=1).stdout)

    listed = [line for line in run.stdout.splitlines() if line.startswith("  ")]
    assert len(listed) == found["disclosed"] > 0
    assert found["suppressed"] == sum(_suppressed(eqsurvey, released).values())
    assert "[release-discloses]" in run.stderr and "secondary suppression" in run.stderr
    assert f"{found['disclosed']} of {found['suppressed']} suppressed cells" in run.stderr


@pytest.mark.slow
def test_several_releases_are_audited_together(released: str, eqsurvey: Eqsurvey) -> None:
    second = eqsurvey("release", "--yes").stdout.strip()

    found = json.loads(eqsurvey("release", "audit", released, second, "--json", "--width", "0").stdout)

    assert {t["release"] for t in found["tables"]} == {released, second}
    assert found["suppressed"] == sum(sum(_suppressed(eqsurvey, r).values()) for r in (released, second))


def test_an_unknown_release_is_a_user_error(released: str, eqsurvey: Eqsurvey) -> None:
    assert "no release 'r-nope'" in eqsurvey("release", "audit", released, "r-nope", expect=1).stderr
