"""An erasure made on the analysts' side reaches the server in an erasures bundle, and the server erases it too.

The attacker's view of the server afterwards is the erasure attack's
(:mod:`tests.integration.attacks.test_erasure`): every byte of every store
file holds no piece of the erased ciphertext, and the next responses bundle
does not carry it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from anonymize.keys.keyring import Keyring
from anonymize.pseudonyms import new_receipt_code
from anonymize.sealing import RowContext, Sealer
from eqsurvey.config import load_project
from eqsurvey.resources import project_store
from instruments.loader import load_instrument
from survey.store import StoredResponse
from tests.integration.attacks import disk
from tests.integration.attacks.test_erasure import copies_in
from tests.integration.conftest import Eqsurvey, fresh_database, store_in
from tests.integration.test_cli_sides import count, merged, server_copy, sides, with_codes  # noqa: F401

PASS = "correct horse battery staple"
SURVEY = "musterstadt-2026"


def sent_on_the_web(server: Eqsurvey) -> str:
    """One response stored as the server's web form stores it, with its receipt's keyed hash; the receipt."""
    project = load_project(server.cwd)
    keyring = Keyring(server.cwd / "keys")
    secret, receipt = keyring.pseudonym_secret(), new_receipt_code()
    pseudonym = secret.random_pseudonym()
    sealer = Sealer(keyring.public_key())
    version = load_instrument(project.instrument_path).instrument.version
    row = sealer.seal(RowContext(pseudonym, SURVEY, version), {"note": "sent on the web"})
    store = project_store(project)
    try:
        hashed = secret.receipt_hash(SURVEY, receipt)
        store.add_batch(sealer.envelope, [row], source="web", receipts=[(hashed, SURVEY, pseudonym)])
    finally:
        store.close()
    return receipt


def stored(side: Eqsurvey) -> dict[str, StoredResponse]:
    store = project_store(load_project(side.cwd))
    try:
        return {r.row.context.pseudonym: r for _, rows in store.batches(SURVEY) for r in rows}
    finally:
        store.close()


def server_files(server: Eqsurvey) -> dict[str, bytes]:
    store = project_store(load_project(server.cwd))
    try:
        return disk.sqlite_files(store) if store.dialect == "sqlite" else disk.postgres_data_files(store)
    finally:
        store.close()


def erased_on_the_analysts_side(analysts: Eqsurvey, server: Eqsurvey, receipt: str) -> list[StoredResponse]:
    """Erase two responses on the analysts' side (by receipt, by access code); the server's copies of them."""
    secret = Keyring(analysts.cwd / "keys").pseudonym_secret()
    on_server = stored(server)
    web = next(r for r in on_server.values() if r.source == "web")
    imported = on_server[secret.pseudonym(SURVEY, "CODE-1-3")]
    by_receipt = analysts("responses", "erase", "--receipt", receipt)
    assert by_receipt.stdout.startswith("erased 1 response") and "eqsurvey erasures bundle" in by_receipt.stderr
    analysts("responses", "erase", "--access-code", "CODE-1-3")
    return [web, imported]


def test_an_erasure_on_the_analysts_side_is_erased_on_the_server_and_stays_erased(
    sides: tuple[Eqsurvey, Eqsurvey],  # noqa: F811
) -> None:
    analysts, server = sides
    server("responses", "import", with_codes(server, 40, 1, "w.csv"))
    receipt = sent_on_the_web(server)
    on_the_server = server("responses", "erase", "--access-code", "CODE-1-39")
    assert "erasures bundle" not in on_the_server.stderr, "the server's erasures travel in its responses bundles"
    server("responses", "bundle", "-o", analysts.cwd / "b1.eqbundle")
    assert merged(analysts("responses", "merge", "b1.eqbundle").stdout)["new"] == 40
    victims = erased_on_the_analysts_side(analysts, server, receipt)
    files = server_files(server)
    assert all(copies_in(files, v.row.ciphertext) for v in victims), "the attack finds what the server stores"

    wrote = analysts("erasures", "bundle", "-o", "e.eqbundle")
    assert wrote.stdout.strip() == "wrote 5 erasure tombstones to e.eqbundle", (
        "the server's one, and 2 pseudonyms, 1 source identity"
    )
    assert "eqsurvey erasures merge e.eqbundle" in wrote.stderr
    raw = (analysts.cwd / "e.eqbundle").read_bytes()
    assert b"CODE-1-3" not in raw and receipt.encode() not in raw and receipt.replace("-", "").encode() not in raw
    with closing(sqlite3.connect(analysts.cwd / "e.eqbundle")) as db:
        tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        pseudonyms = {p for (p,) in db.execute("SELECT pseudonym FROM erasures")}
    assert tables == {"bundle", "erasures", "erased_sources"}, "no response, no contact, no code"
    assert {v.row.context.pseudonym for v in victims} < pseudonyms and len(pseudonyms) == 3

    shutil.copy(analysts.cwd / "e.eqbundle", server.cwd / "e.eqbundle")
    said = server("erasures", "merge", "e.eqbundle").stdout.strip()
    assert said == "erased 2 response(s); erasure tombstones new 3, already here 2"
    assert count(server) == 38
    files = server_files(server)
    for victim in victims:
        for secret in (victim.row.ciphertext, victim.row.nonce):
            assert not copies_in(files, secret), copies_in(files, secret)
    again = server("erasures", "merge", "e.eqbundle").stdout.strip()
    assert again == "erased 0 response(s); erasure tombstones new 0, already here 5", "merging twice changes nothing"
    assert count(server) == 38

    # No import brings them back, and the next bundle to the analysts no longer carries them.
    assert "erased earlier 2" in server("responses", "import", "w.csv").stdout
    server("responses", "bundle", "-o", "b2.eqbundle")
    assert not any(copies_in({"b2": (server.cwd / "b2.eqbundle").read_bytes()}, v.row.ciphertext) for v in victims)
    shutil.copy(server.cwd / "b2.eqbundle", analysts.cwd / "b2.eqbundle")
    second = merged(analysts("responses", "merge", "b2.eqbundle").stdout)
    assert second == {"new": 0, "already": 38, "replaced": 0, "erased": 0, "erased_here": 0}

    with closing(sqlite3.connect(server.cwd / "data" / "responses-ledger.sqlite")) as db:
        log = [(a, json.loads(d)) for a, d in db.execute("SELECT action, detail FROM audit_log ORDER BY entry_id")]
    merges = [d for a, d in log if a == "erasures-merged"]
    assert merges == [
        {"instrument": SURVEY, "erased": 2, "tombstones_new": 3, "tombstones_already": 2},
        {"instrument": SURVEY, "erased": 0, "tombstones_new": 0, "tombstones_already": 5},
    ], "counts only"


def test_a_damaged_or_foreign_erasures_bundle_is_refused_by_name_and_nothing_is_erased(
    sides: tuple[Eqsurvey, Eqsurvey],  # noqa: F811
    tmp_path: Path,
) -> None:
    analysts, server = sides
    server("responses", "import", with_codes(server, 10, 1, "w.csv"))
    server("responses", "bundle", "-o", analysts.cwd / "b.eqbundle")
    analysts("responses", "merge", "b.eqbundle")
    for code in ("CODE-1-1", "CODE-1-2", "CODE-1-3"):
        analysts("responses", "erase", "--access-code", code)
    analysts("erasures", "bundle", "-o", server.cwd / "e.eqbundle")
    with closing(sqlite3.connect(server.cwd / "e.eqbundle")) as db:
        db.execute("UPDATE erasures SET pseudonym = 'CODE-1-9' WHERE rowid = 2")
        db.commit()
    refused = server("erasures", "merge", "e.eqbundle", expect=1)
    assert "[bundle-damaged]" in refused.stderr and "erasure 2 of the table erasures" in refused.stderr
    assert "not a keyed hash" in refused.stderr and "nothing was merged or erased" in refused.stderr
    assert count(server) == 10
    analysts("erasures", "bundle", "-o", server.cwd / "e2.eqbundle")
    with closing(sqlite3.connect(server.cwd / "e2.eqbundle")) as db:
        db.execute("UPDATE erased_sources SET instrument_id = 'another-survey' WHERE rowid = 3")
        db.commit()
    elsewhere = server("erasures", "merge", "e2.eqbundle", expect=1)
    assert "erasure 3 of the table erased_sources" in elsewhere.stderr and "'another-survey'" in elsewhere.stderr
    assert count(server) == 10

    kind = server("erasures", "merge", analysts.cwd / "b.eqbundle", expect=1)
    assert "[bundle-kind]" in kind.stderr and "eqsurvey responses merge FILE" in kind.stderr
    swapped = analysts("responses", "merge", server.cwd / "e.eqbundle", expect=1)
    assert "[bundle-kind]" in swapped.stderr and "eqsurvey erasures merge FILE" in swapped.stderr

    other = Eqsurvey(tmp_path)
    other("init", "other", "--example", "musterstadt")
    other.cwd = tmp_path / "other"
    other("keys", "init")
    other("erasures", "bundle", "-o", "other.eqbundle")
    foreign = server("erasures", "merge", other.cwd / "other.eqbundle", expect=1)
    assert "[bundle-other-project]" in foreign.stderr and "another project of survey" in foreign.stderr
    assert "exists" in server("erasures", "bundle", "-o", "e.eqbundle", expect=1).stderr
    assert count(server) == 10


def test_each_side_on_its_own_postgresql_database_carries_erasures_to_the_server(
    project: Path, tmp_path: Path, postgres: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    analysts = Eqsurvey(project)
    analysts("keys", "init")
    server = Eqsurvey(server_copy(analysts.cwd, tmp_path / "server"))
    store_in(server.cwd, fresh_database(postgres, "server"))
    store_in(analysts.cwd, fresh_database(postgres, "analysts"))
    server("responses", "import", with_codes(server, 60, 1, "w.csv"))
    receipt = sent_on_the_web(server)
    server("responses", "bundle", "-o", analysts.cwd / "b1.eqbundle")
    assert merged(analysts("responses", "merge", "b1.eqbundle").stdout)["new"] == 61
    victims = erased_on_the_analysts_side(analysts, server, receipt)
    assert all(copies_in(server_files(server), v.row.ciphertext) for v in victims)

    analysts("erasures", "bundle", "-o", server.cwd / "e.eqbundle")
    said = server("erasures", "merge", "e.eqbundle").stdout.strip()
    assert said == "erased 2 response(s); erasure tombstones new 3, already here 0"
    files = server_files(server)
    for victim in victims:
        for secret in (victim.row.ciphertext, victim.row.nonce):
            assert not copies_in(files, secret), copies_in(files, secret)
    assert server("erasures", "merge", "e.eqbundle").stdout.strip().startswith("erased 0 response(s)")
    assert count(server) == 59 and count(analysts) == 59
    assert "erased earlier 1" in server("responses", "import", "w.csv").stdout
    server("responses", "bundle", "-o", analysts.cwd / "b2.eqbundle")
    second = merged(analysts("responses", "merge", "b2.eqbundle").stdout)
    assert second == {"new": 0, "already": 59, "replaced": 0, "erased": 0, "erased_here": 0}
