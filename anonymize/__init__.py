"""anonymize: protecting responses from the moment they arrive.

Modules and their roles:

- ``keys``: the analysts' HPKE key pair (X25519, or hybrid ML-KEM-768 + X25519),
  key ids, and the passphrase-encrypted private key file (scrypt + AES-GCM).
- ``keyring``: the project's key folder, what the collecting side needs, rotation.
- ``pseudonyms``: keyed pseudonyms (HMAC-SHA256 per survey) from access codes.
- ``sealing``: envelope sealing of answers, each row bound to its pseudonym,
  instrument version, key and batch; opening with any generation of keys.
- ``redaction``: screening free text for e-mail addresses, phone numbers,
  IBANs, URLs, postal addresses and listed names, with counts per kind.
- ``cli``: the ``eqsurvey keys`` command group (adapter).

Coarsening, erasure receipts and disclosure-risk checks arrive with the rest
of the protected-store issue.
"""

from __future__ import annotations

from instruments.lazy import lazy_exports

_PUBLIC = {
    "Envelope": "sealing",
    "Keyring": "keyring",
    "KeyFileError": "keys",
    "Opener": "sealing",
    "PrivateKey": "keys",
    "PseudonymSecret": "pseudonyms",
    "PublicKey": "keys",
    "Redacted": "redaction",
    "Redactor": "redaction",
    "RowContext": "sealing",
    "SealError": "sealing",
    "SealedRow": "sealing",
    "Sealer": "sealing",
    "SuiteName": "keys",
    "normalise_code": "pseudonyms",
}

__all__ = [
    "Envelope",
    "KeyFileError",
    "Keyring",
    "Opener",
    "PrivateKey",
    "PseudonymSecret",
    "PublicKey",
    "Redacted",
    "Redactor",
    "RowContext",
    "SealError",
    "SealedRow",
    "Sealer",
    "SuiteName",
    "normalise_code",
]

__getattr__ = lazy_exports(__name__, _PUBLIC)
