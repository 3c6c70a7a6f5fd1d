"""Codes made on the analysts' computer reach the server that serves them, as keyed hashes; without them it refuses.

The project says the survey is by invitation (``invitations create`` writes
``[collection] access = "invitations"``), so a server whose store has no
codes does not start open to anyone with the link.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from eqsurvey.workflows.form_app import create_app
from kernel.errors import EqSurveyError
from tests.integration.conftest import Eqsurvey
from tests.integration.test_cli_sides import PASS, server_copy


@pytest.fixture
def analysts(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Eqsurvey:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return eqsurvey


def test_codes_made_by_the_analysts_travel_as_hashes_and_the_server_refuses_to_serve_open_without_them(
    analysts: Eqsurvey, tmp_path: Path
) -> None:
    made = analysts("invitations", "create", "5", "-o", "letters/codes.csv")
    assert 'access = "invitations"' in (analysts.cwd / "eqsurvey.toml").read_text(encoding="utf-8")
    assert "by invitation" in made.stderr
    with (analysts.cwd / "letters" / "codes.csv").open(encoding="utf-8") as f:
        codes = [row["access_code"] for row in csv.DictReader(f)]
    server = Eqsurvey(server_copy(analysts.cwd, tmp_path / "server"))  # the codes stay with the letters

    with pytest.raises(EqSurveyError) as refused:
        create_app(server.cwd)
    problem = refused.value.problems[0]
    assert problem.code == "serve-no-codes" and "eqsurvey invitations merge" in problem.fix
    assert create_app(server.cwd, access="open").state.codes is False, "an explicit --access open is the operator's"

    analysts("invitations", "bundle", "-o", "codes.eqbundle")
    bundle = (analysts.cwd / "codes.eqbundle").read_bytes()
    assert not any(c.encode() in bundle or c.replace("-", "").encode() in bundle for c in codes), "no code in clear"
    shutil.copy(analysts.cwd / "codes.eqbundle", server.cwd / "codes.eqbundle")
    assert server("invitations", "merge", "codes.eqbundle").stdout.strip() == "added 5 invitation codes, already here 0"
    assert server("invitations", "merge", "codes.eqbundle").stdout.strip() == "added 0 invitation codes, already here 5"
    assert server("invitations", "count").stdout.strip() == "created 5, used 0, unused 5"

    app = create_app(server.cwd)
    assert app.state.codes is True
    with TestClient(app) as client:
        welcome = client.get(f"/?code={codes[0]}")
        assert welcome.status_code == 200 and "code_unknown" not in welcome.text
        unknown = client.get("/?code=K7QF-2M9X-PH4T-WC8R")
        assert unknown.status_code == 422, "a code that is not one of the letters' is refused"


def test_an_invitations_bundle_of_another_project_is_refused(analysts: Eqsurvey, tmp_path: Path) -> None:
    other = Eqsurvey(tmp_path)
    other("init", "other", "--example", "musterstadt")
    other.cwd = tmp_path / "other"
    other("keys", "init")
    other("invitations", "create", "2", "-o", "codes.csv")
    other("invitations", "bundle", "-o", "codes.eqbundle")
    refused = analysts("invitations", "merge", tmp_path / "other" / "codes.eqbundle", expect=1)
    assert "[bundle-other-project]" in refused.stderr
    assert analysts("invitations", "count").stdout.strip() == "created 0, used 0, unused 0"
