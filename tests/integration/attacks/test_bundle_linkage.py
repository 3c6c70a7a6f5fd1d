"""A responses bundle links contacts to answers no better than chance, in its file and once merged.

The store's own attacks (:mod:`.test_linkage`) are run on the bundle file a
server writes (where the bytes lie, the order of its tables, shared batch
keys, days) and on the analysts' store the bundle is merged into. Invitations
never travel in a responses bundle; the test checks that too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from anonymize.sealing import Opener, RowContext, SealedRow
from survey.store import ResponseStore, open_store
from survey.store.contacts import SealedContact
from survey.store.rows import envelope_of
from tests.integration.attacks import scenarios
from tests.integration.attacks.guesses import Seen
from tests.integration.attacks.test_linkage import assert_chance, tally
from tests.integration.conftest import fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ResponseStore]:
    if request.param == "sqlite":
        store = open_store("sqlite:///server/responses.sqlite", tmp_path)
    else:
        store = open_store(fresh_database(request.getfixturevalue("postgres"), "bundle"), tmp_path)
    yield store
    store.close()


def bundle_sight(path: Path) -> tuple[list[Seen], list[Seen], int]:
    """(responses, contacts, invitations) as the attacker reads them from the bundle file."""
    opener = Opener([scenarios.KEY])
    data = path.read_bytes()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        page = int(db.execute("PRAGMA page_size").fetchone()[0])
        envelopes = {
            e.envelope_id: e
            for e in map(envelope_of, db.execute("SELECT envelope_id, key_id, suite, sealed_key FROM envelopes"))
        }
        responses = []
        rows = db.execute(
            "SELECT rowid, pseudonym, instrument_id, instrument_version, envelope_id, nonce, ciphertext, received_day FROM responses"
        )
        for rowid, p, i, v, e, nonce, ciphertext, day in rows:
            row = SealedRow(e, RowContext(p, i, v), nonce, ciphertext)
            marker = ciphertext[:32]
            responses.append(
                Seen(
                    opener.open(envelopes[e], row)["note"],
                    *scenarios._where(marker, [data], page),
                    rowid,
                    {"batch": e, "day": day},
                )
            )
        contacts = []
        for rowid, *values in db.execute("SELECT rowid, * FROM contacts"):
            contact = SealedContact.of(values)
            email = opener.open(contact.envelope, contact.row)["email"]
            marker = contact.row.ciphertext[:32]
            contacts.append(
                Seen(
                    "r" + email.split("@")[0][1:],
                    *scenarios._where(marker, [data], page),
                    rowid,
                    {"batch": contact.envelope.envelope_id},
                )
            )
        tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return responses, contacts, len(tables & {"invitations", "access_codes"})


@pytest.mark.slow
def test_a_bundle_and_the_store_it_is_merged_into_link_no_contact_to_its_answers(
    server: ResponseStore, tmp_path: Path
) -> None:
    survey = scenarios.instrument().id
    scenarios.imported(server, 1200, batch_size=200)
    letters = scenarios.invited(server, 400)
    scenarios.sent_on_the_web(server, 400, group=1, letters=letters, days=10)
    bundle = tmp_path / "responses.eqbundle"
    counts = server.write_bundle(bundle, survey, scenarios.SECRET.bundle_tag(survey))
    assert counts["responses"] == counts["contacts"] == 1600

    responses, contacts, invitation_tables = bundle_sight(bundle)
    assert len(responses) == len(contacts) == 1600 and invitation_tables == 0
    assert all(s.position >= 0 for s in responses + contacts), "the attack finds every row's bytes"
    assert_chance(tally({}, contacts, responses), 1600)

    analysts = open_store("sqlite:///analysts/responses.sqlite", tmp_path)
    try:
        report = analysts.merge_bundle(bundle, survey, scenarios.SECRET.bundle_tag(survey))
        assert (report.new, report.contacts) == (1600, 1600)
        sight = scenarios.seen(analysts)
        assert len(sight.contacts) == len(sight.responses) == 1600
        assert_chance(tally({}, sight.contacts, sight.responses), 1600)
    finally:
        analysts.close()
