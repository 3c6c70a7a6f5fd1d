"""A respondent's way through the form, kept by the browser and sealed by the server.

Between pages the server holds nothing: the answers so far travel in a hidden
form field, encrypted and authenticated with AES-256-GCM under a key derived
from the project's form-state secret (see :mod:`.state_keys`). So a state
sealed by one server process opens in every other process of the survey, and
after a restart: half-filled forms survive both. A state names the secret's
generation it was sealed with (its id, also in the associated data); after a
rotation, states of the replaced generation open until its overlap ends,
then they are refused like forged ones. A state carries a random session id,
the CSRF token the browser's cookie must match, and an expiry; its associated
data binds it to one instrument version, so a state from another survey or
version does not open here.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag

from survey.web.state_keys import StateKeys

_VERSION = 2
_NONCE = 12
_KEY_ID = 4
_HEAD = 1 + _KEY_ID  # the format version, then the generation's id
#: Longer tokens are refused before decoding: no state this form makes comes near it.
MAX_TOKEN_CHARS = 400_000


class StateError(Exception):
    """A state that cannot be used; ``expired`` tells an old one apart from a forged or damaged one.

    An expired state is still authentic, so its language is known: the page saying so is in it.
    """

    def __init__(self, expired: bool, lang: str | None = None) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired
        self.lang = lang


@dataclass(frozen=True)
class FormState:
    session: str
    csrf: str
    lang: str
    page: int  # -1: welcome; 0..n-1: a page of questions; n: ready to submit
    answers: dict[str, Any] = field(default_factory=dict)
    invitation: str | None = None  # the keyed hash of the respondent's access code, never the code
    expires: int = 0

    @staticmethod
    def new(csrf: str, lang: str) -> FormState:
        return FormState(secrets.token_hex(16), csrf, lang, -1)

    def moved(self, **changes: Any) -> FormState:
        return replace(self, **changes)


class StateBox:
    """Seals and opens states with the project's state keys; ``ttl`` seconds from each page shown."""

    def __init__(self, keys: StateKeys, binding: str, ttl: int, clock: Callable[[], float] = time.time) -> None:
        self._keys = keys
        self._binding = binding
        self.ttl = ttl
        self._clock = clock

    def _aad(self, key_id: str) -> bytes:
        return f"eqsurvey-web-state-v{_VERSION}|{key_id}|{self._binding}".encode()

    def seal(self, state: FormState) -> str:
        expires = int(self._clock()) + self.ttl
        body = {
            "s": state.session,
            "c": state.csrf,
            "l": state.lang,
            "p": state.page,
            "a": state.answers,
            "k": state.invitation,
            "e": expires,
        }
        key_id, aead = self._keys.sealing()
        nonce = os.urandom(_NONCE)
        head = bytes([_VERSION]) + bytes.fromhex(key_id)
        sealed = head + nonce + aead.encrypt(nonce, orjson.dumps(body), self._aad(key_id))
        return base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")

    def open(self, token: str) -> FormState:
        if not token or len(token) > MAX_TOKEN_CHARS:
            raise StateError(expired=False)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            if len(raw) <= _HEAD + _NONCE or raw[0] != _VERSION:
                raise ValueError("not a state of this format")
            key_id = raw[1:_HEAD].hex()
            aead = self._keys.opening(key_id)  # None: an unknown generation, or one whose overlap has passed
            if aead is None:
                raise ValueError("no key opens it")
            plain = aead.decrypt(raw[_HEAD : _HEAD + _NONCE], raw[_HEAD + _NONCE :], self._aad(key_id))
        except (binascii.Error, ValueError, InvalidTag):
            raise StateError(expired=False) from None
        state = _from_body(orjson.loads(plain))
        if state.expires < self._clock():
            raise StateError(expired=True, lang=state.lang)
        return state


def _from_body(body: Any) -> FormState:
    # Only a server of this survey could have sealed it; the shape is checked anyway, so a bug shows as a refusal.
    try:
        state = FormState(
            session=body["s"],
            csrf=body["c"],
            lang=body["l"],
            page=body["p"],
            answers=body["a"],
            invitation=body["k"],
            expires=body["e"],
        )
    except (KeyError, TypeError):
        raise StateError(expired=False) from None
    typed = (
        isinstance(state.session, str)
        and isinstance(state.csrf, str)
        and isinstance(state.lang, str)
        and type(state.page) is int
        and isinstance(state.answers, dict)
        and (state.invitation is None or isinstance(state.invitation, str))
        and type(state.expires) is int
    )
    if not typed:
        raise StateError(expired=False)
    return state
