"""The key files' JSON: parsing, and every field checked before any work is done with it.

Opening a private key file costs what its scrypt settings say: a file asking
for n = 2**30 wants 128 GiB of memory, p = 100000 runs for hours. The
settings are authenticated (they are part of the AES-GCM associated data),
but that tag can be checked only after scrypt has run, so they are bounded
first: n a power of two from 2**10, memory (128·n·r bytes) at most twice the
default's 128 MiB, and work (n·r·p) at most four times the default's, under
two seconds. A cheaper n than the default is read: the passphrase's key
depends on it, so a lowered n in an altered file fails like a wrong
passphrase, and throwaway projects (benchmarks, tests) use cheap keys.

Every other field is checked for presence, type and exact length too, so a
damaged or crafted file is a :class:`KeyFileError` that says what is wrong,
never a ``KeyError`` or ``MemoryError``.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any, TypeGuard

from kernel.errors import EqSurveyError, Location, Problem

PUBLIC_FORMAT = "eqsurvey-public-key"
PRIVATE_FORMAT = "eqsurvey-private-key"
FILE_VERSION = 1
#: scrypt cost: 2**17 × 8 × 128 bytes = 128 MiB of memory per guess (OWASP's minimum is 2**17).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
_TAG_BYTES = 16
_MIN_N = 2**10
_MAX_MEMORY = 2 * 128 * SCRYPT_N * SCRYPT_R
_MAX_WORK = 4 * SCRYPT_N * SCRYPT_R * SCRYPT_P
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_RESTORE = "restore the key file from your backup"


class KeyFileError(EqSurveyError):
    """A key file is missing, damaged, altered, or the passphrase is wrong."""


@dataclass(frozen=True)
class Scrypt:
    """scrypt settings within the bounds above."""

    n: int
    r: int
    p: int
    salt: bytes

    def to_json(self) -> dict[str, Any]:
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": b64(self.salt)}


@dataclass(frozen=True)
class SealedKey:
    """A private key file's fields, checked; ``header`` is exactly what was bound as associated data."""

    header: dict[str, Any]
    key_id: str
    kdf: Scrypt
    nonce: bytes
    ciphertext: bytes


def is_key_id(text: object) -> TypeGuard[str]:
    return isinstance(text, str) and _KEY_ID.fullmatch(text) is not None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def refused(what: str, where: Location, fix: str = _RESTORE) -> KeyFileError:
    """A key file's problem (code ``key-file``); the fix is to restore the file unless ``fix`` says otherwise."""
    return KeyFileError([Problem("key-file", where, what, fix)])


def parse(text: str, expected: str, where: Location) -> dict[str, Any]:
    """The JSON object of a key file of format ``expected`` and a version this code reads."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; so is a 5000-digit number
        raise refused(
            "this is not an eqsurvey key file (not JSON)",
            where,
            "check the path; key files are made by `eqsurvey keys init`",
        ) from None
    if not isinstance(data, dict) or data.get("format") != expected:
        raise refused(
            f"this is not an {expected} file", where, "check the path; key files are made by `eqsurvey keys init`"
        )
    version = data.get("version")
    if type(version) is not int or version != FILE_VERSION:
        raise refused(
            f"key file version {shown(version)} is not supported",
            where,
            "use the eqsurvey version that wrote it, or restore the key file from your backup",
        )
    return data


def unb64(data: dict[str, Any], key: str, where: Location, what: str, size: int | None = None) -> bytes:
    """The bytes of base64 field ``key``, of exactly ``size`` bytes when given."""
    text = data.get(key)
    if not isinstance(text, str):
        raise refused(f"the {what} is missing", where)
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        raise refused(f"the {what} is not valid base64", where) from None
    if size is not None and len(raw) != size:
        raise refused(f"the {what} has {len(raw)} bytes, not {size}", where)
    return raw


def scrypt_settings(kdf: object, where: Location) -> Scrypt:
    """The scrypt settings of a key file, refused unless they are within this module's bounds."""
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise refused("the key derivation settings are damaged (no scrypt settings)", where)
    values: dict[str, int] = {}
    for name in ("n", "r", "p"):
        value = kdf.get(name)
        if type(value) is not int or value < 1:  # bool is an int to isinstance, not to type()
            raise refused(f"the key derivation setting {name} is not a positive whole number", where)
        values[name] = value
    n, r, p = values["n"], values["r"], values["p"]
    if n < _MIN_N or n & (n - 1):
        raise refused(f"the key derivation setting n = {shown(n)} is not a power of two from {_MIN_N}", where)
    memory, work = 128 * n * r, n * r * p
    if memory > _MAX_MEMORY or work > _MAX_WORK:
        raise refused(
            f"the key derivation settings (scrypt n = {shown(n)}, r = {shown(r)}, p = {shown(p)}) would take"
            f" {_mib(memory)} of memory and {work / (SCRYPT_N * SCRYPT_R * SCRYPT_P):,.0f} times the usual work;"
            f" eqsurvey opens keys that take at most {_mib(_MAX_MEMORY)} and 4 times the usual work",
            where,
        )
    return Scrypt(n, r, p, unb64(kdf, "salt", where, "key derivation salt", SALT_BYTES))


def sealed_key(data: dict[str, Any], where: Location, raw_bytes: int) -> SealedKey:
    """The checked fields of a private key file whose key, in clear, has ``raw_bytes`` bytes."""
    key_id = data.get("key_id")
    if not is_key_id(key_id):
        raise refused("the key id is missing or damaged", where)
    kdf = scrypt_settings(data.get("kdf"), where)
    header = {k: data.get(k) for k in ("format", "version", "suite", "key_id", "kdf")}
    nonce = unb64(data, "nonce", where, "nonce", NONCE_BYTES)
    ciphertext = unb64(data, "ciphertext", where, "encrypted key", raw_bytes + _TAG_BYTES)
    return SealedKey(header, key_id, kdf, nonce, ciphertext)


def shown(value: object) -> str:
    """A value from a key file for a message: short, whatever the file holds."""
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "…"


def _mib(count: int) -> str:
    return f"{count / 2**20:,.0f} MiB"
