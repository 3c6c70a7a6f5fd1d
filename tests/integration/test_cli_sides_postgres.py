"""README step 5 with PostgreSQL: both sides on one database (nothing to move), or each on its own (bundles).

Run on the real PostgreSQL server the fixture starts.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.integration.test_cli_sides import budget, count, merged, server_copy, with_codes
from tests.support.cli import Eqsurvey
from tests.support.databases import fresh_database, store_in

PASS = "correct horse battery staple"


@pytest.fixture
def keyed(project: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Eqsurvey:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("keys", "init")
    return eqsurvey


def bundle_tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_both_sides_on_one_database_have_nothing_to_move(
    keyed: Eqsurvey, tmp_path: Path, postgres: tuple[str, Path]
) -> None:
    analysts = keyed
    store_in(analysts.cwd, fresh_database(postgres, "shared"))
    server = Eqsurvey(server_copy(analysts.cwd, tmp_path / "server"))
    server("responses", "import", with_codes(server, 120, 1, "w.csv"))
    analysts("release", "--yes")
    spent = budget(analysts)["rho_spent"]

    server("responses", "bundle", "-o", analysts.cwd / "b.eqbundle")
    assert bundle_tables(analysts.cwd / "b.eqbundle") == {
        "bundle", "envelopes", "responses", "receipts", "contacts", "erasures", "erased_sources",
    }, "no ledger, no invitations"  # fmt: skip
    said = analysts("responses", "merge", "b.eqbundle").stdout
    assert said.startswith("nothing to merge: b.eqbundle was written from this very store")
    assert count(analysts) == count(server) == 120
    assert budget(analysts)["rho_spent"] == budget(server)["rho_spent"] == spent


def test_each_side_on_its_own_database_moves_responses_by_bundle(
    keyed: Eqsurvey, tmp_path: Path, postgres: tuple[str, Path]
) -> None:
    analysts = keyed
    server = Eqsurvey(server_copy(analysts.cwd, tmp_path / "server"))
    store_in(server.cwd, fresh_database(postgres, "server"))
    store_in(analysts.cwd, fresh_database(postgres, "analysts"))
    server("responses", "import", with_codes(server, 200, 1, "w1.csv"))
    server("responses", "bundle", "-o", "b1.eqbundle")
    shutil.copy(server.cwd / "b1.eqbundle", analysts.cwd / "b1.eqbundle")
    assert merged(analysts("responses", "merge", "b1.eqbundle").stdout)["new"] == 200
    analysts("release", "--yes")
    spent = budget(analysts)["rho_spent"]
    analysts("responses", "erase", "--access-code", "CODE-1-3")

    server("responses", "erase", "--access-code", "CODE-1-4")
    server("responses", "import", with_codes(server, 30, 2, "w2.csv"))
    server("responses", "bundle", "-o", "b2.eqbundle")
    shutil.copy(server.cwd / "b2.eqbundle", analysts.cwd / "b2.eqbundle")
    second = merged(analysts("responses", "merge", "b2.eqbundle").stdout)
    assert second == {"new": 30, "already": 198, "replaced": 0, "erased": 1, "erased_here": 1}
    assert merged(analysts("responses", "merge", "b2.eqbundle").stdout)["new"] == 0, "merging again adds nothing"
    assert count(analysts) == 228
    assert budget(analysts)["rho_spent"] == spent, "merging never touches the ledger"
    assert budget(server)["rho_spent"] == 0, "the server's store holds none of the analysts' releases"
    log = json.loads(analysts("release", "list", "--json").stdout)
    assert len(log) == 1
