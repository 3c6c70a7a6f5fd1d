"""The web form's state secret: what seals a respondent's half-filled form between pages.

Kept with the collecting side's keys (``keys/form-state.json``, mode 0600),
so that a server restarted, or another server process of the same survey,
opens the states it sealed. The file holds one or more random 32-byte
secrets, each with a short id; the newest seals, and an older one (after a
rotation) still opens states until its ``open_until`` time, then it is gone.
The AES-GCM key of the states and the key of the rate limits' bucket names
are derived from a secret with HKDF-SHA256 under labels of their own, so
neither key is ever the secret itself, and the two cannot be told from each other.

Nothing here is ever printed: ``repr`` shows ids only.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kernel.errors import EqSurveyError, Location

FORMAT = "eqsurvey-form-state-secret"
_STATE_LABEL = b"eqsurvey-web-state-aes-256-gcm-v2"
_LIMITS_LABEL = b"eqsurvey-web-rate-limit-buckets-v1"
_ID_BYTES = 4
#: Seconds a form state opens after the page that carried it was shown; a replaced secret opens states this long.
STATE_LIFETIME = 3 * 3600


def _derive(secret: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(secret)


@dataclass(frozen=True)
class StateSecret:
    """One generation: its id (8 hex digits, carried in every state it seals) and, once replaced, until when it opens."""

    key_id: str
    value: bytes = field(repr=False)
    open_until: int | None = None  # Unix seconds; None while it is the one that seals

    @staticmethod
    def generate() -> StateSecret:
        return StateSecret(secrets.token_hex(_ID_BYTES), secrets.token_bytes(32))

    def state_key(self) -> bytes:
        return _derive(self.value, _STATE_LABEL)

    def limits_key(self) -> bytes:
        return _derive(self.value, _LIMITS_LABEL)


@dataclass(frozen=True)
class StateSecrets:
    """Every generation the file holds; the first is the current one (it seals)."""

    generations: tuple[StateSecret, ...]

    @property
    def current(self) -> StateSecret:
        return self.generations[0]

    @staticmethod
    def new() -> StateSecrets:
        return StateSecrets((StateSecret.generate(),))

    def opening(self, now: float) -> dict[str, StateSecret]:
        """The generations that may still open a state at ``now``, by id."""
        return {s.key_id: s for s in self.generations if s.open_until is None or now < s.open_until}

    def rotated(self, now: float, overlap: int) -> StateSecrets:
        """A new current secret; the one it replaces opens states for ``overlap`` more seconds; expired ones dropped."""
        fresh = StateSecret.generate()
        while fresh.key_id in {s.key_id for s in self.generations}:  # 32 bits: a clash is rare, never allowed
            fresh = StateSecret.generate()
        old = self.current
        kept = [StateSecret(old.key_id, old.value, int(now) + overlap)]
        kept += [s for s in self.generations[1:] if s.open_until is not None and now < s.open_until]
        return StateSecrets((fresh, *kept))

    def to_json(self) -> str:
        body = {
            "format": FORMAT,
            "version": 1,
            "secrets": [
                {"id": s.key_id, "secret": base64.b64encode(s.value).decode("ascii"), "open_until": s.open_until}
                for s in self.generations
            ],
        }
        return json.dumps(body, indent=2) + "\n"

    @staticmethod
    def from_json(text: str, source: str) -> StateSecrets:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT or data.get("version") != 1:
                raise ValueError("format")
            found = tuple(_generation(item) for item in data["secrets"])
            current_ok = bool(found) and found[0].open_until is None
            if not current_ok or any(s.open_until is None for s in found[1:]):
                raise ValueError("current")
            if len({s.key_id for s in found}) != len(found):
                raise ValueError("ids")
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):  # JSONDecodeError is a ValueError
            raise EqSurveyError.single(
                "key-file",
                "this is not a valid form-state secret file",
                "delete it and start the server again: a new one is made (forms being filled in then start"
                " again), or restore it from your backup",
                Location(file=source),
            ) from None
        return StateSecrets(found)


def _generation(item: dict[str, object]) -> StateSecret:
    key_id, until = item["id"], item.get("open_until")
    value = base64.b64decode(str(item["secret"]), validate=True)
    if not isinstance(key_id, str) or len(key_id) != 2 * _ID_BYTES or key_id.strip("0123456789abcdef"):
        raise ValueError("id")
    if len(value) != 32 or not (until is None or type(until) is int):
        raise ValueError("generation")
    return StateSecret(key_id, value, until if isinstance(until, int) else None)
