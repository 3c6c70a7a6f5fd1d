"""The analysts' key pair and its files.

Responses are sealed to the analysts' public key with HPKE (RFC 9180, from
``cryptography``). Two suites are offered:

- ``x25519``: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM;
- ``mlkem768-x25519``: the hybrid post-quantum KEM ML-KEM-768 + X25519 with the
  same KDF and AEAD. Answers about ethnic origin, religion, health or sexual
  identity stay sensitive for decades; ciphertexts recorded today could be
  opened by a future quantum computer ("harvest now, decrypt later") unless
  the key exchange also resists it. The hybrid stays as strong as X25519 even
  if ML-KEM were broken.

The key id is derived from the suite and the public key, so it names the key
pair wherever a sealed record goes. The private key file is encrypted with
AES-256-GCM under a key derived from the passphrase by scrypt (memory-hard);
the file's header (format, suite, key id, KDF parameters) is bound as
associated data, so any edit to it fails like a wrong passphrase.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from instruments.errors import EqSurveyError, Location

PUBLIC_FORMAT = "eqsurvey-public-key"
PRIVATE_FORMAT = "eqsurvey-private-key"
FILE_VERSION = 1
#: scrypt cost: 2**17 × 8 × 128 bytes = 128 MiB of memory per guess (OWASP's minimum is 2**17).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
_X25519_RAW = 32
_MLKEM_SEED = 64


class KeyFileError(EqSurveyError):
    """A key file is missing, damaged, altered, or the passphrase is wrong."""


class SuiteName(StrEnum):
    x25519 = "x25519"
    mlkem768_x25519 = "mlkem768-x25519"


def hpke_suite(name: SuiteName) -> hpke.Suite:
    kem = hpke.KEM.X25519 if name is SuiteName.x25519 else hpke.KEM.MLKEM768_X25519
    return hpke.Suite(kem, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, where: Location, what: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError):
        raise KeyFileError.single(
            "key-file", f"the {what} is not valid base64", "restore the key file from your backup", where
        ) from None


@dataclass(frozen=True)
class PublicKey:
    suite: SuiteName
    raw: bytes

    @property
    def key_id(self) -> str:
        return hashlib.sha256(f"{self.suite}:".encode() + self.raw).hexdigest()[:16]

    def hpke_key(self) -> Any:
        if self.suite is SuiteName.x25519:
            return x25519.X25519PublicKey.from_public_bytes(self.raw)
        ml, xp = self.raw[:-_X25519_RAW], self.raw[-_X25519_RAW:]
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(ml), x25519.X25519PublicKey.from_public_bytes(xp)
        )

    def to_json(self) -> str:
        body = {
            "format": PUBLIC_FORMAT,
            "version": FILE_VERSION,
            "suite": str(self.suite),
            "key_id": self.key_id,
            "public_key": _b64(self.raw),
        }
        return json.dumps(body, indent=2) + "\n"

    @staticmethod
    def from_json(text: str, source: str) -> PublicKey:
        where = Location(file=source)
        data = _parse(text, PUBLIC_FORMAT, where)
        key = PublicKey(_suite(data, where), _unb64(data.get("public_key"), where, "public key"))
        try:
            key.hpke_key()
        except ValueError:
            raise KeyFileError.single(
                "key-file", "the public key is damaged", "restore the key file from your backup", where
            ) from None
        if data.get("key_id") != key.key_id:
            raise KeyFileError.single(
                "key-file",
                "the key id does not match the key: the file was altered",
                "restore the key file from your backup",
                where,
            )
        return key


@dataclass(frozen=True)
class PrivateKey:
    """The analysts' private key, decrypted; never written in clear."""

    suite: SuiteName
    raw: bytes

    @staticmethod
    def generate(suite: SuiteName = SuiteName.x25519) -> PrivateKey:
        if suite is SuiteName.x25519:
            raw = x25519.X25519PrivateKey.generate().private_bytes_raw()
        else:
            raw = (
                mlkem.MLKEM768PrivateKey.generate().private_bytes_raw()
                + x25519.X25519PrivateKey.generate().private_bytes_raw()
            )
        return PrivateKey(suite, raw)

    def hpke_key(self) -> Any:
        if self.suite is SuiteName.x25519:
            return x25519.X25519PrivateKey.from_private_bytes(self.raw)
        ml, xp = self.raw[:_MLKEM_SEED], self.raw[_MLKEM_SEED:]
        return hpke.MLKEM768X25519PrivateKey(
            mlkem.MLKEM768PrivateKey.from_seed_bytes(ml), x25519.X25519PrivateKey.from_private_bytes(xp)
        )

    def public_key(self) -> PublicKey:
        key = self.hpke_key()
        if self.suite is SuiteName.x25519:
            return PublicKey(self.suite, key.public_key().public_bytes_raw())
        ml = mlkem.MLKEM768PrivateKey.from_seed_bytes(self.raw[:_MLKEM_SEED]).public_key().public_bytes_raw()
        xp = x25519.X25519PrivateKey.from_private_bytes(self.raw[_MLKEM_SEED:]).public_key().public_bytes_raw()
        return PublicKey(self.suite, ml + xp)

    @property
    def key_id(self) -> str:
        return self.public_key().key_id

    def encrypt(self, passphrase: str, scrypt_n: int = SCRYPT_N) -> str:
        """The private key file's text: the key sealed under the passphrase."""
        if not passphrase:
            raise KeyFileError.single(
                "passphrase", "the passphrase is empty", "choose a long passphrase (e.g. five random words)"
            )
        kdf: dict[str, Any] = {
            "name": "scrypt",
            "n": scrypt_n,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": _b64(os.urandom(16)),
        }
        header = {
            "format": PRIVATE_FORMAT,
            "version": FILE_VERSION,
            "suite": str(self.suite),
            "key_id": self.key_id,
            "kdf": kdf,
        }
        nonce = os.urandom(12)
        sealed = AESGCM(_derive(passphrase, kdf)).encrypt(nonce, self.raw, _canonical(header))
        return json.dumps({**header, "nonce": _b64(nonce), "ciphertext": _b64(sealed)}, indent=2) + "\n"

    @staticmethod
    def decrypt(text: str, passphrase: str, source: str) -> PrivateKey:
        where = Location(file=source)
        data = _parse(text, PRIVATE_FORMAT, where)
        header = {k: data.get(k) for k in ("format", "version", "suite", "key_id", "kdf")}
        kdf = header["kdf"]
        if (
            not isinstance(kdf, dict)
            or kdf.get("name") != "scrypt"
            or not all(isinstance(kdf.get(k), int) for k in ("n", "r", "p"))
        ):
            raise KeyFileError.single(
                "key-file", "the key derivation settings are damaged", "restore the key file from your backup", where
            )
        suite = _suite(data, where)
        nonce = _unb64(data.get("nonce"), where, "nonce")
        sealed = _unb64(data.get("ciphertext"), where, "encrypted key")
        try:
            raw = AESGCM(_derive(passphrase, kdf)).decrypt(nonce, sealed, _canonical(header))
        except (InvalidTag, ValueError):
            raise KeyFileError.single(
                "wrong-passphrase",
                "the passphrase is wrong, or the key file was altered",
                "type the passphrase again (EQSURVEY_PASSPHRASE or the prompt); if it is right, restore the key file from your backup",
                where,
            ) from None
        key = PrivateKey(suite, raw)
        if key.key_id != header["key_id"]:
            raise KeyFileError.single(
                "key-file",
                "the key does not match its key id: the file was altered",
                "restore the key file from your backup",
                where,
            )
        return key


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    salt = base64.b64decode(str(kdf["salt"]))
    scrypt = Scrypt(salt=salt, length=32, n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"]))
    return scrypt.derive(passphrase.encode("utf-8"))


def _parse(text: str, expected: str, where: Location) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise KeyFileError.single(
            "key-file",
            "this is not an eqsurvey key file (not JSON)",
            "check the path; key files are made by `eqsurvey keys init`",
            where,
        ) from None
    if not isinstance(data, dict) or data.get("format") != expected:
        raise KeyFileError.single(
            "key-file",
            f"this is not an {expected} file",
            "check the path; key files are made by `eqsurvey keys init`",
            where,
        )
    if data.get("version") != FILE_VERSION:
        raise KeyFileError.single(
            "key-file",
            f"key file version {data.get('version')!r} is not supported",
            "use the eqsurvey version that wrote it",
            where,
        )
    return data


def _suite(data: dict[str, Any], where: Location) -> SuiteName:
    try:
        return SuiteName(str(data.get("suite")))
    except ValueError:
        raise KeyFileError.single(
            "key-file", f"unknown suite {data.get('suite')!r}", f"use one of: {', '.join(SuiteName)}", where
        ) from None
