"""The keys of the form's states and rate-limit buckets, from the project's form-state secret file.

Every server process of a survey reads the same file (see
:mod:`anonymize.keys.form_state_secret`), so a state sealed by one opens in any
other, and in the same one after a restart. The file is looked at again
(one ``stat``) whenever a key is needed and read again when it has changed:
after ``eqsurvey keys rotate-state-key``, running servers seal with the new
secret within a request, and still open states of the old one until its
overlap has passed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from anonymize.keys.form_state_secret import StateSecret, StateSecrets
from anonymize.keys.keyring import Keyring
from kernel.errors import EqSurveyError

_log = logging.getLogger("eqsurvey.web")


class StateKeys:
    """The current sealing key and every key that may still open, kept in step with the secret file."""

    def __init__(self, keyring: Keyring, clock: Callable[[], float] = time.time) -> None:
        self._keyring = keyring
        self._clock = clock
        self._seen: tuple[int, int, int] | None = None
        self._secrets = keyring.form_state_secrets()  # made here on first use; a bad file stops the server starting
        self._seen = self._signature()
        self._aeads: dict[str, AESGCM] = {}
        self._limits = ("", b"")

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            found = os.stat(self._keyring.form_state_file)
        except OSError:
            return None
        return (found.st_mtime_ns, found.st_size, found.st_ino)

    def _fresh(self) -> StateSecrets:
        signature = self._signature()
        if signature is not None and signature != self._seen:
            try:
                self._secrets = self._keyring.form_state_secrets()
            except EqSurveyError as exc:
                # Keep serving with the secrets read before; the message names the file, never what it holds.
                _log.error(
                    "the form-state secret file changed and cannot be read (%s); keeping the secrets read before",
                    exc.problems[0].code,
                )
            self._seen = signature
        return self._secrets

    def _aead(self, secret: StateSecret) -> AESGCM:
        aead = self._aeads.get(secret.key_id)
        if aead is None:
            aead = self._aeads[secret.key_id] = AESGCM(secret.state_key())
        return aead

    def sealing(self) -> tuple[str, AESGCM]:
        current = self._fresh().current
        return current.key_id, self._aead(current)

    def opening(self, key_id: str) -> AESGCM | None:
        """The key of generation ``key_id`` if it may still open a state now; None once its overlap has passed."""
        secret = self._fresh().opening(self._clock()).get(key_id)
        return None if secret is None else self._aead(secret)

    def limits_key(self) -> bytes:
        current = self._fresh().current
        if self._limits[0] != current.key_id:  # derived once per generation, not once per request
            self._limits = (current.key_id, current.limits_key())
        return self._limits[1]
