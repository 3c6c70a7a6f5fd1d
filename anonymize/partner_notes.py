"""Community partners' review links and their notes: random tokens, and notes sealed to the analysts' key.

A partner organisation reviews the questionnaire from a personal link whose
last part is a token of 192 random bits (:func:`new_partner_token`); what is
stored of it is a keyed hash (:meth:`~anonymize.pseudonyms.PseudonymSecret.partner_link_hash`),
like an invitation code's. What a partner sends (a comment, an approval, a
request for changes) is sealed at once with HPKE (RFC 9180) to the analysts'
public key, one message per note, the note's id and survey bound as HPKE's
``info``: the server that took it cannot read it back, and a sealed note moved
to another id or survey does not open. Notes are few (a handful per
organisation), so one key encapsulation each costs nothing worth an envelope.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag

from anonymize.keys.pair import PrivateKey, PublicKey, SuiteName, hpke_suite
from kernel.errors import EqSurveyError, Location

TOKEN_BYTES = 24
"""192 random bits: a link cannot be guessed, and fits a line of a letter or an e-mail."""
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_INFO = b"eqsurvey-partner-note-v1"


def new_partner_token() -> str:
    """A random token for one organisation's review link (32 URL-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_partner_token(text: str) -> bool:
    """Whether ``text`` has the form of a token (it may still be unknown or revoked)."""
    return _TOKEN.fullmatch(text) is not None


def new_note_id() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class SealedNote:
    """One partner's note as stored and carried: only its id, survey, key and ciphertext are readable."""

    note_id: str
    instrument_id: str
    key_id: str
    suite: str
    sealed: bytes


def _info(note_id: str, instrument_id: str, key_id: str) -> bytes:
    return b"".join(
        len(p).to_bytes(4, "big") + p for p in (_INFO, note_id.encode(), instrument_id.encode(), key_id.encode())
    )


def seal_note(
    public_key: PublicKey, instrument_id: str, note: dict[str, Any], note_id: str | None = None
) -> SealedNote:
    """``note`` (JSON values) sealed to ``public_key`` under a new id (or ``note_id``)."""
    nid = note_id or new_note_id()
    plain = json.dumps(note, ensure_ascii=False, sort_keys=True).encode()
    sealed = hpke_suite(public_key.suite).encrypt(
        plain, public_key.hpke_key(), info=_info(nid, instrument_id, public_key.key_id)
    )
    return SealedNote(nid, instrument_id, public_key.key_id, str(public_key.suite), sealed)


def open_note(private_keys: list[PrivateKey], note: SealedNote, where: Location | None = None) -> dict[str, Any]:
    """The note's content; a user error if no key given opens it or it was altered or moved."""
    key = next((k for k in private_keys if k.key_id == note.key_id), None)
    if key is None:
        raise EqSurveyError.single(
            "unknown-key",
            f"partner note {note.note_id} was sealed to key {note.key_id}, which is not among the keys given",
            "open it with that key's private key file (see eqsurvey keys list)",
            where,
        )
    try:
        plain = hpke_suite(SuiteName(note.suite)).decrypt(
            note.sealed, key.hpke_key(), info=_info(note.note_id, note.instrument_id, note.key_id)
        )
        content = json.loads(plain)
    except (InvalidTag, ValueError, RecursionError):
        raise EqSurveyError.single(
            "sealed-damaged",
            f"partner note {note.note_id} does not open: it was altered, or moved to another note or survey",
            "ask for the bundle again; nothing was recorded from it",
            where,
        ) from None
    if not isinstance(content, dict):
        raise EqSurveyError.single(
            "sealed-damaged", f"partner note {note.note_id} holds no note", "ask for the bundle again", where
        )
    return content
