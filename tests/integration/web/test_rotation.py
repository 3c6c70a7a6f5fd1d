"""``eqsurvey keys rotate-state-key`` on a running form: forms being filled in go on; the rotation is audited."""

from __future__ import annotations

import base64
from pathlib import Path

from starlette.testclient import TestClient

from anonymize.keys.keyring import Keyring
from survey.store import open_store
from tests.integration.conftest import Eqsurvey
from tests.integration.web.conftest import Form


def _key_id(token: str) -> str:
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    return raw[1:5].hex()


def test_rotating_the_state_key_keeps_forms_in_progress_and_is_audited(
    client: TestClient, keyed: Path, eqsurvey: Eqsurvey
) -> None:
    form = Form(client)
    form.post("start")
    before = form.state
    old_id = _key_id(before)
    run = eqsurvey("keys", "rotate-state-key")
    new_id = run.stdout.strip()
    assert new_id != old_id and old_id in run.stderr and "3 more hours" in run.stderr
    secrets = Keyring(keyed / "keys").form_state_secrets()
    assert [s.key_id for s in secrets.generations] == [new_id, old_id]
    assert secret_free(run.stdout + run.stderr, secrets.generations[0].value, secrets.generations[1].value)
    form.post("show")  # the page sealed before the rotation opens, and comes back sealed with the new key
    assert _key_id(form.state) == new_id
    store = open_store("sqlite:///data/responses.sqlite", keyed)
    try:
        (entry,) = [e for e in store.audit_log() if e.action == "state-key-rotate"]
    finally:
        store.close()
    assert entry.detail == {"key_id": new_id, "previous": old_id}


def secret_free(text: str, *values: bytes) -> bool:
    return not any(shape in text for v in values for shape in (v.hex(), base64.b64encode(v).decode()))
