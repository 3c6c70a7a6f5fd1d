"""The form-state secret file: made private on first use, rotated with an overlap, read again when it changes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymize.keys.form_state_secret import StateSecret, StateSecrets
from anonymize.keys.keyring import Keyring
from kernel.errors import EqSurveyError
from survey.web.state import FormState, StateBox, StateError
from survey.web.state_keys import StateKeys

BINDING = "survey|1.0.0|hash"


def _box(keys: StateKeys, clock: list[float]) -> StateBox:
    return StateBox(keys, BINDING, ttl=10_000, clock=lambda: clock[0])


def test_the_secret_file_is_made_private_once_and_shared_by_every_reader(tmp_path: Path) -> None:
    keyring = Keyring(tmp_path / "keys")
    first, second = StateKeys(keyring), StateKeys(keyring)
    assert stat.S_IMODE(keyring.form_state_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(keyring.root.stat().st_mode) == 0o700
    clock = [1000.0]
    token = _box(first, clock).seal(FormState.new("c" * 32, "de"))
    assert _box(second, clock).open(token).session  # another process of the survey opens it
    assert first.limits_key() == second.limits_key() != keyring.form_state_secrets().current.value
    assert first.sealing()[0] == keyring.form_state_secrets().current.key_id


def test_a_rotated_secret_opens_old_states_within_the_overlap_and_not_after(tmp_path: Path) -> None:
    keyring = Keyring(tmp_path / "keys")
    clock = [1000.0]
    keys = StateKeys(keyring, clock=lambda: clock[0])
    box = _box(keys, clock)
    old_id = keys.sealing()[0]
    before = box.seal(FormState.new("c" * 32, "en"))
    old_limits = keys.limits_key()
    keyring.rotate_form_state(now=1000, overlap=600)
    new_id = keys.sealing()[0]  # the running box sees the new file without being told
    assert new_id != old_id and keys.limits_key() != old_limits
    after = box.seal(FormState.new("c" * 32, "en"))
    clock[0] = 1599
    assert box.open(before).lang == "en" and box.open(after).lang == "en"
    clock[0] = 1600
    with pytest.raises(StateError) as refused:
        box.open(before)
    assert not refused.value.expired  # refused like a forged state: its key is gone
    assert box.open(after).lang == "en"
    # The next rotation, after the overlap, drops the expired generation from the file.
    keyring.rotate_form_state(now=1700, overlap=600)
    held = [s.key_id for s in keyring.form_state_secrets().generations]
    assert old_id not in held and new_id in held and len(held) == 2


def test_a_broken_file_is_refused_naming_it_and_a_running_server_keeps_its_keys(tmp_path: Path) -> None:
    keyring = Keyring(tmp_path / "keys")
    keys = StateKeys(keyring)
    current = keys.sealing()[0]
    keyring.form_state_file.write_text('{"format": "eqsurvey-form-state-secret", "version": 1}', encoding="utf-8")
    assert keys.sealing()[0] == current
    with pytest.raises(EqSurveyError) as refused:
        StateKeys(keyring)
    assert str(keyring.form_state_file) in str(refused.value) and "form-state secret" in str(refused.value)
    keyring.form_state_file.chmod(0o644)
    with pytest.raises(EqSurveyError, match="chmod 600"):
        keyring.form_state_secrets()


def test_no_secret_in_a_repr() -> None:
    secrets = StateSecrets.new()
    assert secrets.current.value.hex() not in repr(secrets) and str(secrets.current.value) not in repr(secrets)


_secret = st.builds(
    StateSecret,
    st.text("0123456789abcdef", min_size=8, max_size=8),
    st.binary(min_size=32, max_size=32),
    st.none(),
)


@given(st.lists(_secret, min_size=1, max_size=4, unique_by=lambda s: s.key_id), st.integers(0, 2**40))
def test_the_file_round_trips(generations: list[StateSecret], until: int) -> None:
    first, *rest = generations
    secrets = StateSecrets((first, *(StateSecret(s.key_id, s.value, until + i) for i, s in enumerate(rest))))
    assert StateSecrets.from_json(secrets.to_json(), "form-state.json") == secrets
