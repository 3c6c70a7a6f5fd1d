"""Through the real form: contacts and invitation codes stored so that nothing at rest ties them to answers.

Three respondents, each with a letter's code and an e-mail address for a
prize draw, fill in the form served in-process. While it still runs, the
project's data folder holds the store's file and nothing beside it (no
journal, WAL or WAL index); each contact opens on its own key, and no
contact or invitation carries a day. The statistics of linking are in
tests/integration/attacks; this is the same path end to end.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from starlette.testclient import TestClient

from anonymize.keys.keyring import Keyring
from anonymize.sealing import Opener
from eqsurvey.workflows.form_app import create_app
from survey.store import open_store
from tests.builders import instrument_yaml
from tests.integration.conftest import Eqsurvey
from tests.integration.web.conftest import PASS, SMALL, Form
from tests.integration.web.test_access import invitations

SURVEY = "test-survey"
EMAIL = """\
- id: email
  type: text
  label: {de: E-Mail für die Verlosung, en: E-mail for the prize draw}
  privacy: direct_identifier
"""


def test_three_invited_respondents_leave_contacts_and_codes_unlinked(small: Path, eqsurvey: Eqsurvey) -> None:
    (small / "instrument.yaml").write_text(instrument_yaml(SMALL + EMAIL), encoding="utf-8")
    codes = invitations(eqsurvey, small, 3)
    emails = [f"gewinn{i}@beispiel.example" for i in range(3)]
    with TestClient(create_app(small)) as client:
        for code, email in zip(codes, emails, strict=True):
            form = Form(client)
            form.post("start", {"_code": code})
            form.post("next", {"gender": ["woman"], "age": "33", "email": email})
            assert "Vielen Dank" in form.post("submit").text
        refused = Form(client)
        assert refused.post("start", {"_code": codes[0]}, expect=409)
        beside = sorted(p.name for p in (small / "data").iterdir())
        assert beside == ["responses-ledger.sqlite", "responses.sqlite"], (
            "the server runs: the store, its ledger, no journal"
        )
        with closing(sqlite3.connect(small / "data" / "responses.sqlite")) as raw:
            days = re.compile(r"^\d{4}-\d{2}-\d{2}$")
            for table in ("contacts", "invitations"):
                values = [v for row in raw.execute(f"SELECT * FROM {table}") for v in row]  # noqa: S608 - fixed names
                dated = [v for v in values if isinstance(v, str) and days.match(v)]
                assert table == "invitations" or not dated, f"{table} carry no day"
            made = {d for (d,) in raw.execute("SELECT DISTINCT created_day FROM invitations")}
            assert len(made) == 1, "invitations carry the day they were made, not the day used"
            assert raw.execute("SELECT SUM(used) FROM invitations").fetchone()[0] == 3
    store = open_store("sqlite:///data/responses.sqlite", small)
    try:
        contacts = store.sealed_contacts(SURVEY)
        assert len({c.envelope.sealed_key for c in contacts}) == 3, "each contact sealed on its own key"
        responses = {e.envelope_id for e in store.envelopes(SURVEY)}
        assert not responses & {c.envelope.envelope_id for c in contacts}
        opener = Opener(Keyring(small / "keys").private_keys(PASS))
        assert sorted(opener.open(c.envelope, c.row)["email"] for c in contacts) == emails
        answers = [opener.open(e, r.row) for e, rows in store.batches(SURVEY) for r in rows]
        assert len(answers) == 3 and all("email" not in a for a in answers)
    finally:
        store.close()
