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

import os
import secrets
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from anonymize.columnar import payload
from anonymize.columnar.layout import MARKER, Layout
from anonymize.keys.pair import PrivateKey, PublicKey, SuiteName, hpke_suite
from kernel.errors import EqSurveyError, Location

_ENVELOPE_INFO = b"eqsurvey-envelope-v1"


class SealError(EqSurveyError):
    """A sealed record cannot be opened: altered, moved, or sealed to another key."""


@dataclass(frozen=True)
class RowContext:
    """What a sealed row is bound to (stored beside it, in clear)."""

    pseudonym: str
    instrument_id: str
    instrument_version: str

    def aad(self, key_id: str, envelope_id: str) -> bytes:
        """:func:`anonymize.columnar.payload.canonical` of the five bindings, built from cached parts.

        It is computed for every row sealed or opened.
        """
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


@dataclass(frozen=True)
class SealedColumns:
    """The sealed rows of one envelope as columns (a list per field): opened without an object per row."""

    envelope_id: str
    pseudonyms: list[str]
    instrument_ids: list[str]
    versions: list[str]
    nonces: list[bytes]
    ciphertexts: list[bytes]

    @staticmethod
    def of(envelope_id: str, rows: Sequence[SealedRow]) -> SealedColumns:
        if any(r.envelope_id != envelope_id for r in rows):
            raise ValueError("rows of another envelope")
        contexts = [r.context for r in rows]
        return SealedColumns(
            envelope_id,
            [c.pseudonym for c in contexts],
            [c.instrument_id for c in contexts],
            [c.instrument_version for c in contexts],
            [r.nonce for r in rows],
            [r.ciphertext for r in rows],
        )

    def __len__(self) -> int:
        return len(self.pseudonyms)

    def rows(self) -> list[SealedRow]:
        fields = zip(self.pseudonyms, self.instrument_ids, self.versions, self.nonces, self.ciphertexts, strict=True)
        return [SealedRow(self.envelope_id, RowContext(p, i, v), n, c) for p, i, v, n, c in fields]

    def take(self, at: Sequence[int]) -> SealedColumns:
        """The rows at these positions, in this order."""
        p, i, v = ([column[j] for j in at] for column in (self.pseudonyms, self.instrument_ids, self.versions))
        n, c = ([column[j] for j in at] for column in (self.nonces, self.ciphertexts))
        return SealedColumns(self.envelope_id, p, i, v, n, c)


class Sealer:
    """Seals the rows of one batch; make a new one for each batch.

    With a layout (see :mod:`anonymize.columnar.layout`), rows are sealed as coded
    answers and the layout is sealed with the data key in the envelope.
    """

    def __init__(self, public_key: PublicKey, layout: Layout | None = None) -> None:
        self._data_key = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self._data_key)
        self._layout = layout
        self.key_id = public_key.key_id
        envelope_id = secrets.token_hex(16)
        secret = self._data_key + (b"" if layout is None else layout.to_bytes())
        sealed = hpke_suite(public_key.suite).encrypt(
            secret, public_key.hpke_key(), info=_info(self.key_id, envelope_id)
        )
        self.envelope = Envelope(envelope_id, self.key_id, public_key.suite, sealed)

    def seal(self, context: RowContext, answers: dict[str, Any]) -> SealedRow:
        nonce = os.urandom(12)
        aad = context.aad(self.key_id, self.envelope.envelope_id)
        plain = payload.dumps(answers) if self._layout is None else self._layout.encode(answers)
        return SealedRow(self.envelope.envelope_id, context, nonce, self._aead.encrypt(nonce, plain, aad))

    def seal_coded(self, context: RowContext, plain: bytes) -> SealedRow:
        """Seal answers already coded with this sealer's layout (see :mod:`anonymize.columnar.coded_batch`)."""
        if self._layout is None or plain[:1] != MARKER or len(plain) <= self._layout.width:
            raise ValueError("coded answers for a sealer without that layout")
        nonce = os.urandom(12)
        aad = context.aad(self.key_id, self.envelope.envelope_id)
        return SealedRow(self.envelope.envelope_id, context, nonce, self._aead.encrypt(nonce, plain, aad))

    def seal_coded_many(
        self, instrument_id: str, version: str, pseudonyms: list[str], plains: list[bytes]
    ) -> tuple[list[bytes], list[bytes]]:
        """(nonces, ciphertexts) of :meth:`seal_coded` of each (pseudonym, coded answers) of one survey version:
        the nonces drawn with one call to the system's generator, the bindings built from parts made once."""
        width = 0 if self._layout is None else self._layout.width
        if self._layout is None or any(plain[:1] != MARKER or len(plain) <= width for plain in plains):
            raise ValueError("coded answers for a sealer without that layout")
        head, tail = _aad_parts(self.envelope.envelope_id, instrument_id, self.key_id, version)
        drawn = os.urandom(12 * len(plains))
        nonces = [drawn[12 * i : 12 * (i + 1)] for i in range(len(plains))]
        encrypt = self._aead.encrypt
        return nonces, [
            encrypt(nonce, plain, (head + encode_basestring(pseudonym) + tail).encode("utf-8"))
            for nonce, plain, pseudonym in zip(nonces, plains, pseudonyms, strict=True)
        ]


def _info(key_id: str, envelope_id: str) -> bytes:
    return _ENVELOPE_INFO + b"|" + key_id.encode() + b"|" + envelope_id.encode()


_KEY_BYTES = 32


@dataclass(frozen=True)
class _Batch:
    aead: AESGCM
    layout: Layout | None

    @classmethod
    def of(cls, secret: bytes) -> _Batch:
        # The envelope holds the data key, then (for coded rows) the layout they were written with.
        rest = secret[_KEY_BYTES:]
        return cls(AESGCM(secret[:_KEY_BYTES]), Layout.from_bytes(rest) if rest else None)


class Opener:
    """Opens sealed rows with the analysts' private keys (any rotation generation)."""

    def __init__(self, private_keys: list[PrivateKey]) -> None:
        self._keys = {k.key_id: k for k in private_keys}
        self._batches: dict[str, _Batch] = {}

    @classmethod
    def for_batches(cls, secrets_: dict[str, bytes]) -> Opener:
        """An opener for given batches only, from their secrets (e.g. in a worker process).

        It holds no private key: a worker that opens some batches learns those
        batches' keys and nothing that opens any other.
        """
        opener = cls([])
        opener._batches = {envelope_id: _Batch.of(secret) for envelope_id, secret in secrets_.items()}
        return opener

    def data_key(self, envelope: Envelope) -> bytes:
        """The batch's secret (its data key, and its layout if it has one), unwrapped with the private key."""
        key = self._keys.get(envelope.key_id)
        if key is None:
            raise SealError.single(
                "unknown-key",
                f"responses were sealed to key {envelope.key_id}, which is not among the keys given",
                "open them with that key's private key file (see eqsurvey keys list)",
            )
        try:
            secret = hpke_suite(envelope.suite).decrypt(
                envelope.sealed_key, key.hpke_key(), info=_info(envelope.key_id, envelope.envelope_id)
            )
            _Batch.of(secret)
        except (InvalidTag, ValueError, zlib.error):
            raise SealError.single(
                "sealed-damaged",
                f"the data key of batch {envelope.envelope_id} cannot be opened: it was altered or moved",
                "restore the store from a backup; nothing was changed",
            ) from None
        return secret

    def _batch(self, envelope: Envelope) -> _Batch:
        cached = self._batches.get(envelope.envelope_id)
        if cached is None:
            cached = self._batches[envelope.envelope_id] = _Batch.of(self.data_key(envelope))
        return cached

    def layout(self, envelope: Envelope) -> Layout | None:
        """The layout the batch's rows were coded with; None for rows sealed as JSON."""
        return self._batch(envelope).layout

    def open_plain(self, envelope: Envelope, row: SealedRow, where: Location | None = None) -> bytes:
        """The row's sealed bytes, decrypted: coded answers if the batch has a layout, else JSON."""
        if row.envelope_id != envelope.envelope_id:
            raise _other_batch(where)
        aad = row.context.aad(envelope.key_id, envelope.envelope_id)
        try:
            return self._batch(envelope).aead.decrypt(row.nonce, row.ciphertext, aad)
        except InvalidTag:
            raise _altered(where) from None

    def open_plains(self, envelope: Envelope, rows: SealedColumns, where: Location | None = None) -> list[bytes]:
        """Every row's sealed bytes, decrypted (as :meth:`open_plain` each, in one pass without an object per row)."""
        if rows.envelope_id != envelope.envelope_id:
            raise _other_batch(where)
        decrypt = self._batch(envelope).aead.decrypt
        key_id, envelope_id = envelope.key_id, envelope.envelope_id
        try:
            bound = set(zip(rows.instrument_ids, rows.versions, strict=True))
            if len(bound) == 1:  # one survey version, as nearly every batch: the bindings but the pseudonym fixed
                ((instrument_id, version),) = bound
                head, tail = _aad_parts(envelope_id, instrument_id, key_id, version)
                return [
                    decrypt(n, c, (head + encode_basestring(p) + tail).encode("utf-8"))
                    for p, n, c in zip(rows.pseudonyms, rows.nonces, rows.ciphertexts, strict=True)
                ]
            return [
                decrypt(n, c, RowContext(p, i, v).aad(key_id, envelope_id))
                for p, i, v, n, c in zip(
                    rows.pseudonyms, rows.instrument_ids, rows.versions, rows.nonces, rows.ciphertexts, strict=True
                )
            ]
        except InvalidTag:
            raise _altered(where) from None

    def open(self, envelope: Envelope, row: SealedRow, where: Location | None = None) -> dict[str, Any]:
        plain = self.open_plain(envelope, row, where)
        layout = self.layout(envelope)
        try:
            answers = payload.loads(plain) if layout is None else layout.decode(plain)
        except (ValueError, IndexError):  # a bug, or a layout not of these rows: never a half-read answer set
            answers = None
        if not isinstance(answers, dict):
            raise SealError.single(
                "sealed-damaged", "a sealed response holds no answers", "restore the store from a backup", where
            )
        return answers


def _other_batch(where: Location | None) -> EqSurveyError:
    return SealError.single(
        "sealed-damaged", "a response points to another batch's key", "restore the store from a backup", where
    )


def _altered(where: Location | None) -> EqSurveyError:
    return SealError.single(
        "sealed-damaged",
        "a sealed response does not open: it was altered, or moved to another row or survey",
        "restore the store from a backup; nothing was changed",
        where,
    )
