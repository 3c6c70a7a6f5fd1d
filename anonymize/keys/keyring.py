"""The project's key folder: which files exist, who needs which, and rotation.

    keys/
      current                    the key id new responses are sealed to
      public/KEYID.json          public keys, every generation (collectors need the current one)
      private/KEYID.json         private keys under the passphrase (analysts only)
      private/dataset-mac.json   the key of releases' dataset MACs (analysts only; see .dataset_mac)
      pseudonym-secret.json      the pseudonym secret (collectors need it)
      form-state.json            the web form's state secret (the server makes it; see .form_state_secret)

A collecting server gets ``current``, ``public/`` and the pseudonym secret,
never ``private/``. Rotation makes a new key pair for new responses and keeps
the old private keys, re-encrypted under the (possibly new) passphrase, so
responses sealed before stay readable.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from anonymize.dataset_mac import DatasetMacKey
from anonymize.keys.file_format import is_key_id
from anonymize.keys.form_state_secret import StateSecrets
from anonymize.keys.pair import SCRYPT_N, KeyFileError, PrivateKey, PublicKey, SuiteName
from anonymize.keys.passphrases import check_new_passphrase
from anonymize.pseudonyms import PseudonymSecret
from kernel.errors import EqSurveyError, Location
from kernel.files import read_text
from kernel.private_files import private_folder, refuse_loose, write_atomically

#: Key files hold a few hundred bytes (a post-quantum public key about 1.6 kB); anything much larger is not one.
_MAX_KEY_FILE = 64 * 1024
_RESTORE = "check the path; if it is the right file, restore it from your backup"


@dataclass(frozen=True)
class Keyring:
    root: Path

    @property
    def current_file(self) -> Path:
        return self.root / "current"

    @property
    def secret_file(self) -> Path:
        return self.root / "pseudonym-secret.json"

    def public_file(self, key_id: str) -> Path:
        return self.root / "public" / f"{key_id}.json"

    def private_file(self, key_id: str) -> Path:
        return self.root / "private" / f"{key_id}.json"

    def exists(self) -> bool:
        return self.current_file.exists()

    def current_key_id(self) -> str:
        if not self.exists():
            raise KeyFileError.single(
                "no-keys",
                f"there are no keys in {self.root}",
                "run `eqsurvey keys init` first",
                Location(file=str(self.root)),
            )
        key_id = read_text(self.current_file, KeyFileError, _MAX_KEY_FILE, _RESTORE).strip()
        if not is_key_id(key_id):  # it becomes part of a file name: never a path
            raise KeyFileError.single(
                "key-file",
                "this file does not hold a key id (16 hexadecimal digits)",
                f"write the current key's id into it: the name of its file in {self.root / 'public'}",
                Location(file=str(self.current_file)),
            )
        return key_id

    def public_key(self, key_id: str | None = None) -> PublicKey:
        key_id = key_id or self.current_key_id()
        path = self.public_file(key_id)
        return PublicKey.from_json(read_text(path, KeyFileError, _MAX_KEY_FILE, _RESTORE), str(path))

    def key_ids(self) -> list[str]:
        folder = self.root / "public"
        return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []

    def private_keys(self, passphrase: str) -> list[PrivateKey]:
        """Every private key held here, decrypted; errors name the file."""
        keys = []
        for key_id in self.key_ids():
            path = self.private_file(key_id)
            if path.exists():
                refuse_loose(path, "the private key file")
                keys.append(
                    PrivateKey.decrypt(read_text(path, KeyFileError, _MAX_KEY_FILE, _RESTORE), passphrase, str(path))
                )
        if not keys:
            raise KeyFileError.single(
                "no-private-key",
                f"there is no private key in {self.root / 'private'}",
                "open responses where the analysts' private key file is (it never goes to the collecting side)",
                Location(file=str(self.root)),
            )
        return keys

    def pseudonym_secret(self) -> PseudonymSecret:
        if not self.secret_file.exists():
            raise KeyFileError.single(
                "no-keys",
                f"there is no pseudonym secret in {self.root}",
                "run `eqsurvey keys init` first; on a collecting machine, copy the project's"
                f" {self.secret_file.name} (never the private key) into {self.root}, readable by you only (chmod 600)",
                Location(file=str(self.secret_file)),
            )
        refuse_loose(self.secret_file, "the pseudonym secret")
        return PseudonymSecret.from_json(
            read_text(self.secret_file, KeyFileError, _MAX_KEY_FILE, _RESTORE), str(self.secret_file)
        )

    @property
    def dataset_mac_file(self) -> Path:
        return self.root / "private" / "dataset-mac.json"

    def dataset_mac_key(self, create: bool) -> DatasetMacKey:
        """The analysts' dataset key; ``create``: make it (0600) if this keyring has none yet."""
        path = self.dataset_mac_file
        if not path.exists():
            if not create:
                raise KeyFileError.single(
                    "no-dataset-key",
                    f"there is no dataset key in {path.parent}",
                    "check releases where they were made: the key is made there by the first eqsurvey release",
                    Location(file=str(path)),
                )
            key = DatasetMacKey.generate()
            if _create_once(path, key.to_json()):
                return key
            # Another release made it a moment ago: use that one, or its MAC could never be checked.
        refuse_loose(path, "the dataset key")
        return DatasetMacKey.from_json(read_text(path, KeyFileError, _MAX_KEY_FILE, _RESTORE), str(path))

    @property
    def form_state_file(self) -> Path:
        return self.root / "form-state.json"

    def form_state_secrets(self) -> StateSecrets:
        """The web form's state secrets; made (0600) on first use, and never overwritten by a server.

        Two server processes starting at once end up with the same file: the second reads what the first made.
        """
        path = self.form_state_file
        if not path.exists():
            _create_once(path, StateSecrets.new().to_json())
        refuse_loose(path, "the form-state secret")
        return StateSecrets.from_json(read_text(path, KeyFileError, _MAX_KEY_FILE, _RESTORE), str(path))

    def rotate_form_state(self, now: float, overlap: int) -> tuple[StateSecrets, StateSecrets]:
        """A new form-state secret; the replaced one opens states for ``overlap`` seconds more. (before, after)"""
        before = self.form_state_secrets()
        after = before.rotated(now, overlap)
        _write(self.form_state_file, after.to_json(), private=True)
        return before, after

    def init(self, passphrase: str, suite: SuiteName, scrypt_n: int = SCRYPT_N) -> PublicKey:
        if self.exists() or self.secret_file.exists():
            raise EqSurveyError.single(
                "keys-exist",
                f"{self.root} already holds keys",
                "use `eqsurvey keys rotate` for a new key pair; never delete keys that sealed responses need",
                Location(file=str(self.root)),
            )
        check_new_passphrase(passphrase)
        try:
            private_folder(self.root)
        except OSError as exc:
            raise EqSurveyError.single(
                "write-failed", f"cannot create {self.root}: {exc.strerror}", "check the project folder is writable"
            ) from None
        key = PrivateKey.generate(suite)
        self._write_private(key, passphrase, scrypt_n)
        _write(self.secret_file, PseudonymSecret.generate().to_json(), private=True)
        _write(self.current_file, key.key_id + "\n", private=False)
        return key.public_key()

    def rotate(self, passphrase: str, new_passphrase: str, suite: SuiteName, scrypt_n: int = SCRYPT_N) -> PublicKey:
        """A new key pair for new responses; every older private key re-encrypted under ``new_passphrase``.

        A changed passphrase must pass :func:`~.passphrases.check_new_passphrase`; keeping the current
        one is allowed whatever rule it was chosen under.
        """
        if new_passphrase != passphrase:
            check_new_passphrase(new_passphrase)
        old = self.private_keys(passphrase)  # proves the passphrase before anything changes
        key = PrivateKey.generate(suite)
        for k in [*old, key]:
            self._write_private(k, new_passphrase, scrypt_n)
        _write(self.current_file, key.key_id + "\n", private=False)
        return key.public_key()

    def _write_private(self, key: PrivateKey, passphrase: str, scrypt_n: int) -> None:
        _write(self.private_file(key.key_id), key.encrypt(passphrase, scrypt_n), private=True)
        _write(self.public_file(key.key_id), key.public_key().to_json(), private=False)


def _write(path: Path, text: str, private: bool) -> None:
    """Write whole or not at all; secret files and their folders are their owner's only (0600, 0700)."""
    try:
        write_atomically(path, text.encode("utf-8"), private=private)
    except OSError as exc:
        raise EqSurveyError.single(
            "write-failed", f"cannot write {path}: {exc.strerror}", "check the key folder is writable"
        ) from None


def _create_once(path: Path, text: str) -> bool:
    """Write a new secret file whole (0600) unless it exists; False if it did (never overwritten).

    A hard link of a finished temporary file appears whole or not at all and, unlike a rename,
    fails when the name is taken: two first releases at once end up with one key.
    """
    try:
        private_folder(path.parent)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except FileExistsError:
        return False
    except OSError as exc:
        raise EqSurveyError.single(
            "write-failed", f"cannot write {path}: {exc.strerror}", "check the key folder is writable"
        ) from None
    return True
