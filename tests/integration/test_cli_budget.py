"""The survey's total budget is fixed by its first release: the config cannot raise it, `budget change` can."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.integration.test_cli_release import fielded  # noqa: F401 - the same fixture
from tests.support.cli import Eqsurvey

TOML = "eqsurvey.toml"


def _set_total(project: Path, total: str) -> None:
    config = project / TOML
    text = config.read_text(encoding="utf-8")
    if "total_rho" in text:
        text = re.sub(r"total_rho\s*=\s*[^\n]+", f"total_rho = {total}", text)
    else:
        text += f"\n[analysis]\ntotal_rho = {total}\n"
    config.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_a_total_raised_in_the_config_is_refused_until_changed_with_a_reason(
    fielded: Path,  # noqa: F811
    eqsurvey: Eqsurvey,
) -> None:
    first = eqsurvey("release", "--yes").stdout.strip()
    before = json.loads(eqsurvey("budget", "--json").stdout)
    assert before["total_fixed"] and before["rho_total"] == 0.5

    _set_total(fielded, "50")
    refused = eqsurvey("release", expect=1)
    assert "[budget-total-changed]" in refused.stderr and "nothing was spent" in refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert "[budget-total-changed]" in eqsurvey("budget", expect=1).stderr
    assert [r["id"] for r in json.loads(eqsurvey("release", "list", "--json").stdout)] == [first]

    assert "[budget-reason]" in eqsurvey("budget", "change", "--reason", "  ", expect=1).stderr
    said = eqsurvey("budget", "change", "--reason", "second wave approved by the advisory board").stderr
    assert "from ρ = 0.5 to ρ = 50" in said

    after = json.loads(eqsurvey("budget", "--json").stdout)
    assert after["rho_total"] == 50 and after["rho_spent"] == before["rho_spent"]
    assert [t["reason"] for t in after["total_history"]][1:] == ["second wave approved by the advisory board"]
    second = eqsurvey("release", "--yes").stdout.strip()
    body = json.loads(eqsurvey("release", "show", second, "--json").stdout)
    assert body["privacy"]["total"]["rho"] == 50
    assert [c["reason"] for c in body["privacy"]["total"]["changes"]] == ["second wave approved by the advisory board"]
    eqsurvey("report", "build", second, "--lang", "en", "-o", "report.html")
    page = (fielded / "report.html").read_text(encoding="utf-8")
    assert re.search(r"The total budget was changed to ρ = 50(\.0)? on \d+ \w+ \d{4}\.", page)
    assert "Reason given: second wave approved by the advisory board" in page


def test_lowering_the_total_below_what_was_spent_is_refused(
    fielded: Path,  # noqa: F811
    eqsurvey: Eqsurvey,
) -> None:
    eqsurvey("release", "--yes")
    _set_total(fielded, "0.1")
    run = eqsurvey("budget", "change", "--reason", "fewer tables", expect=1)
    assert "[budget-total-below-spent]" in run.stderr
    _set_total(fielded, "0.5")
    assert json.loads(eqsurvey("budget", "--json").stdout)["rho_total"] == 0.5


@pytest.mark.parametrize("args", [("budget",), ("budget", "--json")])
def test_before_the_first_release_the_config_total_is_shown_as_not_yet_fixed(
    fielded: Path,  # noqa: F811
    eqsurvey: Eqsurvey,
    args: tuple[str, ...],
) -> None:
    out = eqsurvey(*args).stdout
    if "--json" in args:
        assert json.loads(out)["total_fixed"] is False
    else:
        assert "fixed by the first release" in out
