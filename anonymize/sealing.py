"""Sealing answers to the analysts' public key, and opening them again.

Envelope encryption: a batch of responses (one web submission, or one chunk of
an import) gets a fresh 256-bit data key, sealed once with HPKE to the
analysts' public key; each response is encrypted with AES-256-GCM under that
data key with its own random nonce. Each row's associated data binds its
pseudonym, the instrument id and version, the key id and the envelope id, so a
ciphertext moved to another row, survey or envelope fails to open, as does one
altered by a single bit. The collecting side forgets the data key when the
batch is done and cannot open what it stored.

Per-row HPKE would cost one key encapsulation per response (about 18,000 a
second per core here); an envelope costs one per batch, without weakening the
binding of each row.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from instruments.errors import EqSurveyError, Location

from .keys import PrivateKey, PublicKey, SuiteName, hpke_suite

_ENVELOPE_INFO = b"eqsurvey-envelope-v1"


class SealError(EqSurveyError):
    """A sealed record cannot be opened: altered, moved, or sealed to another key."""


def canonical(value: object) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# orjson is several times faster than json on the hundreds of thousands of rows of an import or an
# export. It refuses integers beyond 64 bits when writing and turns them into floats when reading, so
# answers holding one are written by json behind a marker byte and read back by json, exactly.
_EXACT = b"J"


def _payload(answers: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(answers, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return _EXACT + canonical(answers)


def _answers(plain: bytes) -> object:
    return json.loads(plain[1:]) if plain[:1] == _EXACT else orjson.loads(plain)


@dataclass(frozen=True)
class RowContext:
    """What a sealed row is bound to (stored beside it, in clear)."""

    pseudonym: str
    instrument_id: str
    instrument_version: str

    def aad(self, key_id: str, envelope_id: str) -> bytes:
        """``canonical`` of the five bindings, built from cached parts: it is computed for every row sealed or opened."""
        head, tail = _aad_parts(envelope_id, self.instrument_id, key_id, self.instrument_version)
        return (head + encode_basestring(self.pseudonym) + tail).encode("utf-8")


@lru_cache(maxsize=256)
def _aad_parts(envelope_id: str, instrument_id: str, key_id: str, version: str) -> tuple[str, str]:
    # Keys in sorted order with json's own string escaping: byte for byte what canonical() writes.
    head = (
        '{"envelope":'
        + encode_basestring(envelope_id)
        + ',"instrument":'
        + encode_basestring(instrument_id)
        + ',"key":'
        + encode_basestring(key_id)
        + ',"pseudonym":'
    )
    return head, ',"version":' + encode_basestring(version) + "}"


@dataclass(frozen=True)
class Envelope:
    """The sealed data key of one batch."""

    envelope_id: str
    key_id: str
    suite: SuiteName
    sealed_key: bytes


@dataclass(frozen=True)
class SealedRow:
    envelope_id: str
    context: RowContext
    nonce: bytes
    ciphertext: bytes


class Sealer:
    """Seals the rows of one batch; make a new one for each batch."""

    def __init__(self, public_key: PublicKey) -> None:
        self._data_key = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self._data_key)
        self.key_id = public_key.key_id
        envelope_id = secrets.token_hex(16)
        info = _ENVELOPE_INFO + b"|" + self.key_id.encode() + b"|" + envelope_id.encode()
        sealed = hpke_suite(public_key.suite).encrypt(self._data_key, public_key.hpke_key(), info=info)
        self.envelope = Envelope(envelope_id, self.key_id, public_key.suite, sealed)

    def seal(self, context: RowContext, answers: dict[str, Any]) -> SealedRow:
        nonce = os.urandom(12)
        aad = context.aad(self.key_id, self.envelope.envelope_id)
        return SealedRow(self.envelope.envelope_id, context, nonce, self._aead.encrypt(nonce, _payload(answers), aad))


class Opener:
    """Opens sealed rows with the analysts' private keys (any rotation generation)."""

    def __init__(self, private_keys: list[PrivateKey]) -> None:
        self._keys = {k.key_id: k for k in private_keys}
        self._data_keys: dict[str, AESGCM] = {}

    @classmethod
    def for_batches(cls, data_keys: dict[str, bytes]) -> Opener:
        """An opener for given batches only, from their data keys (e.g. in a worker process).

        It holds no private key: a worker that opens some batches learns those
        batches' keys and nothing that opens any other.
        """
        opener = cls([])
        opener._data_keys = {envelope_id: AESGCM(key) for envelope_id, key in data_keys.items()}
        return opener

    def data_key(self, envelope: Envelope) -> bytes:
        """The batch's data key, unwrapped with the private key."""
        key = self._keys.get(envelope.key_id)
        if key is None:
            raise SealError.single(
                "unknown-key",
                f"responses were sealed to key {envelope.key_id}, which is not among the keys given",
                "open them with that key's private key file (see eqsurvey keys list)",
            )
        info = _ENVELOPE_INFO + b"|" + envelope.key_id.encode() + b"|" + envelope.envelope_id.encode()
        try:
            return hpke_suite(envelope.suite).decrypt(envelope.sealed_key, key.hpke_key(), info=info)
        except (InvalidTag, ValueError):
            raise SealError.single(
                "sealed-damaged",
                f"the data key of batch {envelope.envelope_id} cannot be opened: it was altered or moved",
                "restore the store from a backup; nothing was changed",
            ) from None

    def _aead(self, envelope: Envelope) -> AESGCM:
        cached = self._data_keys.get(envelope.envelope_id)
        if cached is None:
            cached = self._data_keys[envelope.envelope_id] = AESGCM(self.data_key(envelope))
        return cached

    def open(self, envelope: Envelope, row: SealedRow, where: Location | None = None) -> dict[str, Any]:
        if row.envelope_id != envelope.envelope_id:
            raise SealError.single(
                "sealed-damaged", "a response points to another batch's key", "restore the store from a backup", where
            )
        aad = row.context.aad(envelope.key_id, envelope.envelope_id)
        try:
            plain = self._aead(envelope).decrypt(row.nonce, row.ciphertext, aad)
        except InvalidTag:
            raise SealError.single(
                "sealed-damaged",
                "a sealed response does not open: it was altered, or moved to another row or survey",
                "restore the store from a backup; nothing was changed",
                where,
            ) from None
        answers = _answers(plain)
        if not isinstance(answers, dict):
            raise SealError.single(
                "sealed-damaged", "a sealed response holds no answers", "restore the store from a backup", where
            )
        return answers
