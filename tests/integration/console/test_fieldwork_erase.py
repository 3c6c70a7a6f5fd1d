"""Erasing a response on request in the console: by access code or receipt, as the command does; forged posts erase nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqsurvey.config import load_project
from eqsurvey.console.fieldwork import make_section
from eqsurvey.workflows.responses import import_responses
from tests.support.console import open_console
from tests.support.fieldwork import LIMESURVEY_EXPORT, limesurvey_project, stored


@pytest.fixture
def lime(tmp_path: Path) -> Path:
    project = limesurvey_project(tmp_path)
    import_responses(load_project(project), LIMESURVEY_EXPORT)  # TOK-AAA answered; two rows are refused
    assert stored(project) == 2
    return project


def test_erasing_by_access_code_then_the_code_finds_nothing(lime: Path) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        page = console.client.get("/fieldwork/erase")
        assert page.status_code == 200 and 'name="kind"' in page.text
        done = console.post("/fieldwork/erase", {"kind": "access_code", "code": "tok-aaa"})
        assert done.status_code == 303 and done.headers["location"] == "/fieldwork/erase"
        note = console.client.get("/fieldwork/erase").text
        assert "1 response(s) erased" in note or "1 Antwort(en) gelöscht" in note
        assert stored(lime) == 1
        again = console.post("/fieldwork/erase", {"kind": "access_code", "code": "TOK-AAA"})
        assert again.status_code == 422 and 'id="problem-code-1"' in again.text
        assert "no stored response" in again.text and "TOK-AAA" not in again.text  # the code is not echoed
    assert stored(lime) == 1


def test_an_unknown_receipt_and_an_empty_code_are_shown_at_the_field(lime: Path) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        unknown = console.post("/fieldwork/erase", {"kind": "receipt", "code": "7K2Q-M9XD-4HTR-P0WZ-3FJC"})
        assert unknown.status_code == 422 and "no stored response" in unknown.text
        assert "7K2Q-M9XD-4HTR-P0WZ-3FJC" not in unknown.text
        empty = console.post("/fieldwork/erase", {"kind": "receipt", "code": "  "})
        assert empty.status_code == 422 and 'id="problem-code-1"' in empty.text
        odd = console.post("/fieldwork/erase", {"kind": "everything", "code": "TOK-AAA"})
        assert odd.status_code == 422  # read as a receipt: no such receipt
    assert stored(lime) == 2


@pytest.mark.parametrize("csrf", ["", "forged-token-0123456789"])
def test_a_forged_erasure_erases_nothing(lime: Path, csrf: str) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        fields = {"csrf": csrf, "kind": "access_code", "code": "TOK-AAA"}
        assert console.client.post("/fieldwork/erase", data=fields, follow_redirects=False).status_code == 403
        assert console.client.post(
            "/fieldwork/erase", json={"kind": "access_code", "code": "TOK-AAA"}, follow_redirects=False
        ).status_code in (403, 415)
        repeated = console.client.post(
            "/fieldwork/erase",
            data={"csrf": [console.csrf, console.csrf], "kind": "access_code", "code": "TOK-AAA"},
            follow_redirects=False,
        )
        assert repeated.status_code == 403
    assert stored(lime) == 2


def test_the_overview_counts_and_says_the_figures_are_not_for_publication(lime: Path) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        page = console.client.get("/fieldwork")
        assert page.status_code == 200
        assert "not for publication" in page.text or "nicht zur Veröffentlichung" in page.text
        assert "<caption" in page.text and ">2</td>" in page.text
        assert 'href="/fieldwork"' in page.text  # the section is in the console's navigation
