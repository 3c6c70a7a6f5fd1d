"""Recognising a response exported again: keyed hashes of its source identity and of its answers.

Survey platforms are exported again and again during fieldwork; each export
holds the responses of the last one and more, perhaps corrected, re-saved
with other line endings or in another encoding. What stays the same is the
platform's own identity of a response (LimeSurvey's response id, KoboToolbox's
``_uuid``, the ``response_id`` column of eqsurvey's CSV, a mapped column), so
that is what recognises it, never the file's bytes.

The store keeps only keyed hashes, under a key of their own
(:class:`SourceKey`): HMAC-SHA256 under a key derived from the pseudonym
secret with a label of its own. So the collecting side (which holds that
secret, never the analysts' private key) can compute them, and nothing they
are compared with elsewhere is computed under the same key: a source
identity's hash equals no pseudonym, invitation hash or receipt hash, even for
the same text. The domain is the survey, as for pseudonyms.

Next to each identity the store keeps a keyed digest of the response's
normalised answers (:meth:`SourceKey.answers_digest`), salted with the
identity, to tell that an exported row changed since it was stored without
keeping its answers in clear. Normalised: questions in id order, ticked options
in sorted order, text in Unicode NFC with ``\\n`` line breaks and no surrounding
spaces, whole numbers written alike whether the file said ``41`` or ``41.0``;
so a re-saved file (CRLF, a byte-order mark, Latin-1 turned UTF-8) digests the same.

A row without any identity of its source is recognised by its answers alone
(:meth:`SourceKey.answers_identity`): the keyed digest of its normalised
answers and how many rows before it in the same file had the same answers.
That is weaker, and says so wherever it is used: two respondents with the same
answers in different exports count once, and a corrected row is a new response.

What whoever holds the pseudonym secret and the store can do with these: test
a guess of a response's platform id (LimeSurvey numbers responses 1, 2, 3, …,
so its id is easy to guess, which says only which platform row a stored
response came from), and test a guess of a whole response's answers together
with its identity. The secret is the collecting side's, kept as the README says.
"""

from __future__ import annotations

import hmac
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from anonymize.pseudonyms import PseudonymSecret

_KEY_LABEL = b"eqsurvey-source-identity-key-v1"
_IDENTITY = b"source-identity"
_ANSWERS = b"answers"
_CHANGE = b"answers-of-identity"
_FALLBACK = b"identity-from-answers"
# The labels' length-prefixed parts, made once: each message is these, then the row's own parts.
_CHANGE_HEAD = len(_CHANGE).to_bytes(4, "big") + _CHANGE
_FALLBACK_HEAD = len(_FALLBACK).to_bytes(4, "big") + _FALLBACK


def _parts(*parts: bytes) -> bytes:
    """Length-prefixed: no two tuples of parts give the same message by shifting a separator."""
    return b"".join([len(p).to_bytes(4, "big") + p for p in parts])


@lru_cache(maxsize=64)
def _head(label: bytes, domain: str) -> bytes:
    """The message's parts before the last, for a label and a survey: the same for every row of a batch."""
    return _parts(label, domain.encode())


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
        return text.strip()
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    if isinstance(value, list):
        items = [_normal(v) for v in value]
        if all(isinstance(v, str) for v in items):
            return sorted(items)
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items() if v is not None}
    return value


def _fragment(value: Any) -> str:
    """One answer as canonical JSON text."""
    return json.dumps(_normal(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fragments(values: Sequence[Any]) -> list[str | None]:
    """Each answer as :func:`normalised_answers` writes it (None for no answer), for a batch's distinct answers."""
    return [None if v is None else _fragment(v) for v in values]


def quoted(name: str) -> str:
    """A question id or matrix row code as a key of the canonical text."""
    return json.dumps(name, ensure_ascii=False)


def _assembled(parts: Iterable[tuple[str, str]]) -> str:
    """``{"key":answer,…}`` from (quoted key, canonical answer) in key order."""
    return "{" + ",".join([f"{key}:{text}" for key, text in parts]) + "}"


def normalised_answers(answers: Mapping[str, Any]) -> bytes:
    """The answers as one canonical text: the same answers give the same bytes however the file wrote them."""
    parts = [(quoted(q), _fragment(v)) for q, v in sorted(answers.items()) if v is not None]
    return _assembled(parts).encode("utf-8")


def assembled_rows(columns: Sequence[tuple[str, np.ndarray, Sequence[str | None]]], rows: np.ndarray) -> list[str]:
    """:func:`_assembled` of each of the given rows of columns held as (quoted key, each row's number of its
    canonical answer, the canonical answers), keys in order: each key's part made once per distinct answer,
    a row's parts put together by one ``join``."""
    parts = np.empty((len(rows), len(columns)), dtype=object)
    for j, (key, codes, texts) in enumerate(columns):
        head = "," + key + ":"
        table = np.empty(len(texts), dtype=object)
        table[:] = ["" if text is None else head + text for text in texts]
        parts[:, j] = table[codes[rows]]
    return ["{" + "".join(row)[1:] + "}" for row in parts.tolist()]


def normalised_rows(
    columns: Sequence[tuple[str, np.ndarray, Sequence[str | None]]], rows: Sequence[int]
) -> list[bytes]:
    """:func:`normalised_answers` of the given rows of a batch held as columns: (question id, each row's number
    of its canonical answer, the canonical answers or None, made once per distinct answer with :func:`fragments`)."""
    ordered = [(quoted(qid), codes, texts) for qid, codes, texts in sorted(columns, key=lambda c: c[0])]
    return [text.encode("utf-8") for text in assembled_rows(ordered, np.asarray(rows, dtype=np.intp))]


@dataclass(frozen=True)
class SourceKey:
    """The key of source identities and answer digests, derived from the pseudonym secret under a label of its own."""

    value: bytes

    @staticmethod
    def of(secret: PseudonymSecret) -> SourceKey:
        return SourceKey(hmac.digest(secret.value, _KEY_LABEL, "sha256"))

    def _mac(self, *parts: bytes) -> str:
        return hmac.digest(self.value, _parts(*parts), "sha256").hex()

    def _mac_after(self, head: bytes, last: bytes) -> str:
        """:meth:`_mac` of ``(*parts, last)`` where ``head`` is ``_parts(*parts)``: made once per batch, not per row."""
        return hmac.digest(self.value, head + len(last).to_bytes(4, "big") + last, "sha256").hex()

    def identity(self, domain: str, source_id: str) -> str:
        """What the store keeps of a response's source identity (e.g. ``limesurvey:17``)."""
        return self._mac_after(_head(_IDENTITY, domain), source_id.strip().encode())

    def answers_mac(self, domain: str, answers: Mapping[str, Any] | bytes) -> str:
        """A keyed digest of the (normalised) answers of a row without an identity; kept only in memory."""
        normal = answers if isinstance(answers, bytes) else normalised_answers(answers)
        return self._mac_after(_head(_ANSWERS, domain), normal)

    def answers_digest(self, identity: str, answers: Mapping[str, Any] | bytes) -> str:
        """What the store keeps beside an identity to tell a changed row: the (normalised) answers, salted
        with the identity. A row without an identity gives its :meth:`answers_mac` here."""
        normal = answers if isinstance(answers, bytes) else normalised_answers(answers)
        salt = identity.encode()
        return self._mac_after(_CHANGE_HEAD + len(salt).to_bytes(4, "big") + salt, normal)

    def answers_identity(self, answers_mac: str, occurrence: int) -> str:
        """The weaker identity of a row without one: its answers, and the how-manieth such row of its file it is."""
        mac = answers_mac.encode()
        return self._mac_after(_FALLBACK_HEAD + len(mac).to_bytes(4, "big") + mac, str(occurrence).encode())

    # --- a batch's rows at once: the same digests as the methods above, without a call per row each -------------

    def identities(self, domain: str, source_ids: Sequence[str | None]) -> list[str | None]:
        """:meth:`identity` of each source id (None where a row has none)."""
        key, head = self.value, _head(_IDENTITY, domain)
        digest = hmac.digest
        out: list[str | None] = []
        for source in source_ids:
            if source is None:
                out.append(None)
                continue
            last = source.strip().encode()
            out.append(digest(key, head + len(last).to_bytes(4, "big") + last, "sha256").hex())
        return out

    def answers_macs(self, domain: str, normals: Sequence[bytes]) -> list[str]:
        """:meth:`answers_mac` of each row's normalised answers."""
        key, head = self.value, _head(_ANSWERS, domain)
        digest = hmac.digest
        return [digest(key, head + len(n).to_bytes(4, "big") + n, "sha256").hex() for n in normals]

    def answers_digests(self, identities: Sequence[str], normals: Sequence[bytes]) -> list[str]:
        """:meth:`answers_digest` of each (identity, normalised answers)."""
        key, digest = self.value, hmac.digest
        out = []
        for identity, normal in zip(identities, normals, strict=True):
            salt = identity.encode()
            message = _CHANGE_HEAD + len(salt).to_bytes(4, "big") + salt + len(normal).to_bytes(4, "big") + normal
            out.append(digest(key, message, "sha256").hex())
        return out

    def first_identities(self, answers_macs: Sequence[str]) -> list[str]:
        """:meth:`answers_identity` of each answers' digest as the first of its answers in the file."""
        key, digest, first = self.value, hmac.digest, (1).to_bytes(4, "big") + b"1"
        out = []
        for answers_mac in answers_macs:
            mac = answers_mac.encode()
            out.append(digest(key, _FALLBACK_HEAD + len(mac).to_bytes(4, "big") + mac + first, "sha256").hex())
        return out
