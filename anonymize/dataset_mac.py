"""Naming the dataset a release was made from, without publishing anything computed from the data.

A plain SHA-256 of the analysis dataset is an exact function of every answer,
outside any DP mechanism: whoever knows all but one respondent's answers could
hash each possible dataset and see which one a release names. A release
therefore stores ``hmac-sha256:v1:NONCE:TAG`` instead, where TAG is
HMAC-SHA256 under the analysts' dataset key of the nonce and the dataset's
SHA-256 digest. Without the key the tag says nothing about the data; the
random nonce, new for every release, makes two releases of the same dataset
carry different tags, so they do not even show that. The analysts, holding
the key, check a release against a dataset with ``eqsurvey release verify``.
The tag stays in the stored body and is never published.

Why a key of its own, kept beside the private keys (``keys/private/dataset-mac.json``,
0600, made on the first release), rather than one derived from a private key:
deriving needs the passphrase and a scrypt run, which ``eqsurvey release
--dataset FILE`` never needed and should not start needing; a random key in
the analysts' folder works the same with and without ``--dataset``. It never
goes to the collecting side (which gets ``current``, ``public/`` and the
pseudonym secret only). Lost, it only means old releases can no longer be
checked against a dataset; leaked, the tags are no worse than the plain
fingerprints they replace, and those were never published either.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from kernel.errors import EqSurveyError, Location

KEY_FORMAT = "eqsurvey-dataset-mac-key"
_LABEL = b"eqsurvey-dataset-mac-v1"
_PREFIX = "hmac-sha256:v1:"
_KEY_BYTES = 32
_NONCE_BYTES = 16


@dataclass(frozen=True)
class DatasetMacKey:
    value: bytes

    @staticmethod
    def generate() -> DatasetMacKey:
        return DatasetMacKey(secrets.token_bytes(_KEY_BYTES))

    def to_json(self) -> str:
        return json.dumps({"format": KEY_FORMAT, "key": base64.b64encode(self.value).decode("ascii")}) + "\n"

    @staticmethod
    def from_json(text: str, source: str) -> DatasetMacKey:
        try:
            data = json.loads(text)
            value = base64.b64decode(data["key"], validate=True) if data.get("format") == KEY_FORMAT else b""
        except (ValueError, TypeError, KeyError, AttributeError):
            value = b""
        if len(value) != _KEY_BYTES:
            raise EqSurveyError.single(
                "key-file",
                "this file does not hold eqsurvey's dataset key",
                "restore it from your backup; without it, releases made so far cannot be checked against a dataset",
                Location(file=source),
            )
        return DatasetMacKey(value)

    def mac(self, digest: str) -> str:
        """A new tag of the dataset whose SHA-256 is ``digest`` (a fresh nonce every time)."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        return f"{_PREFIX}{nonce.hex()}:{self._tag(nonce, digest)}"

    def matches(self, mac: str, digest: str) -> bool:
        """Whether ``mac`` was made under this key for the dataset whose SHA-256 is ``digest``."""
        nonce_hex, _, tag = mac.removeprefix(_PREFIX).partition(":") if mac.startswith(_PREFIX) else ("", "", "")
        try:
            nonce = bytes.fromhex(nonce_hex)
        except ValueError:
            return False
        return len(nonce) == _NONCE_BYTES and hmac.compare_digest(self._tag(nonce, digest), tag)

    def _tag(self, nonce: bytes, digest: str) -> str:
        return hmac.new(self.value, _LABEL + nonce + digest.encode(), hashlib.sha256).hexdigest()
