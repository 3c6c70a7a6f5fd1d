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
associated data, so any edit to it fails like a wrong passphrase. The file's
fields are read and bounded, before scrypt runs, in ``key_file``.
"""

from __future__ import annotations

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

from anonymize.keys.file_format import (
    FILE_VERSION,
    NONCE_BYTES,
    PRIVATE_FORMAT,
    PUBLIC_FORMAT,
    SALT_BYTES,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    KeyFileError,
    Scrypt,
    b64,
    canonical,
    parse,
    refused,
    scrypt_settings,
    sealed_key,
    shown,
    unb64,
)
from kernel.errors import InternalError, Location

_DERIVED_BYTES = 32

__all__ = ["SCRYPT_N", "KeyFileError", "PrivateKey", "PublicKey", "SuiteName", "hpke_suite"]

_X25519_RAW = 32
_MLKEM_SEED = 64


class SuiteName(StrEnum):
    x25519 = "x25519"
    mlkem768_x25519 = "mlkem768-x25519"


#: Bytes of a private key in clear, per suite: the X25519 scalar, or the ML-KEM seed and the X25519 scalar.
_PRIVATE_BYTES = {SuiteName.x25519: _X25519_RAW, SuiteName.mlkem768_x25519: _MLKEM_SEED + _X25519_RAW}


def hpke_suite(name: SuiteName) -> hpke.Suite:
    kem = hpke.KEM.X25519 if name is SuiteName.x25519 else hpke.KEM.MLKEM768_X25519
    return hpke.Suite(kem, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


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
            "public_key": b64(self.raw),
        }
        return json.dumps(body, indent=2) + "\n"

    @staticmethod
    def from_json(text: str, source: str) -> PublicKey:
        where = Location(file=source)
        data = parse(text, PUBLIC_FORMAT, where)
        key = PublicKey(_suite(data, where), unb64(data, "public_key", where, "public key"))
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
        kdf = Scrypt(scrypt_n, SCRYPT_R, SCRYPT_P, os.urandom(SALT_BYTES))
        try:
            scrypt_settings(kdf.to_json(), Location())
        except KeyFileError:
            raise InternalError(f"scrypt cost n = {scrypt_n} is outside what eqsurvey reads back") from None
        header = {
            "format": PRIVATE_FORMAT,
            "version": FILE_VERSION,
            "suite": str(self.suite),
            "key_id": self.key_id,
            "kdf": kdf.to_json(),
        }
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(_derive(passphrase, kdf)).encrypt(nonce, self.raw, canonical(header))
        return json.dumps({**header, "nonce": b64(nonce), "ciphertext": b64(sealed)}, indent=2) + "\n"

    @staticmethod
    def decrypt(text: str, passphrase: str, source: str) -> PrivateKey:
        where = Location(file=source)
        data = parse(text, PRIVATE_FORMAT, where)
        suite = _suite(data, where)
        sealed = sealed_key(data, where, _PRIVATE_BYTES[suite])  # every field checked before scrypt runs
        try:
            raw = AESGCM(_derive(passphrase, sealed.kdf)).decrypt(
                sealed.nonce, sealed.ciphertext, canonical(sealed.header)
            )
        except InvalidTag:
            raise KeyFileError.single(
                "wrong-passphrase",
                "the passphrase is wrong, or the key file was altered",
                "type the passphrase again (EQSURVEY_PASSPHRASE or the prompt); if it is right, restore the key file from your backup",
                where,
            ) from None
        key = PrivateKey(suite, raw)
        if key.key_id != sealed.key_id:
            raise KeyFileError.single(
                "key-file",
                "the key does not match its key id: the file was altered",
                "restore the key file from your backup",
                where,
            )
        return key


def _derive(passphrase: str, kdf: Scrypt) -> bytes:
    """scrypt with the file's settings, by OpenSSL through hashlib: the same key as any scrypt, but it lets other
    threads run meanwhile (``dataset export`` imports and reads the store while the key unlocks)."""
    # OpenSSL's own limit (32 MiB) is below the settings' memory: what they need, as OpenSSL counts it (V and B).
    needed = 128 * kdf.r * (kdf.n + kdf.p + 2) + 2**20
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=kdf.salt, n=kdf.n, r=kdf.r, p=kdf.p, maxmem=needed, dklen=_DERIVED_BYTES
    )


def _suite(data: dict[str, Any], where: Location) -> SuiteName:
    name = data.get("suite")
    if not isinstance(name, str) or name not in set(SuiteName):
        raise refused(f"unknown suite {shown(name)} (eqsurvey writes {' or '.join(SuiteName)})", where)
    return SuiteName(name)
