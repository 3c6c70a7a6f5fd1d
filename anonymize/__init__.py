"""anonymize: protecting responses from the moment they arrive.

Modules and their roles:

- ``keys``: the analysts' HPKE key pair (X25519, or hybrid ML-KEM-768 + X25519),
  key ids, and the passphrase-encrypted private key file (scrypt + AES-GCM).
  ``key_file``: the key files' JSON, every field checked (scrypt's cost
  bounded) before any work is done with it.
- ``keyring``: the project's key folder, what the collecting side needs, rotation.
- ``form_state_secret``: the web form's state secret (generations with ids,
  rotation with an overlap) and the keys derived from it with HKDF.
- ``passphrases``: what a new passphrase must be (old keys open with theirs).
- ``pseudonyms``: keyed pseudonyms (HMAC-SHA256 per survey) from access codes;
  one-time erasure receipt codes and their keyed hashes; invitation hashes.
- ``source_identity``: keyed hashes of an imported response's identity on its
  platform and of its normalised answers, under a key of their own derived
  from the pseudonym secret: a later export of it is recognised, not stored twice.
- ``invitations``: single-use invitation codes (about 79 random bits each,
  typeable), stored only as keyed hashes.
- ``sealing``: envelope sealing of answers, each row bound to its pseudonym,
  instrument version, key and batch; opening with any generation of keys.
- ``redaction``: screening free text for e-mail addresses, phone numbers,
  IBANs, URLs, postal addresses and listed names, with counts per kind.
- ``coarsen``: applying the instrument's coarsening policies (bands, groups).
- ``analysis_dataset``: opened answers → the typed, coarsened, redacted
  analysis dataset (pandas), derived variables computed, rows in no
  arrival order; answers of earlier instrument versions carried through
  the version mapping (``instruments.versions``) with every loss counted.
  ``stray_codes``: the refusal when stored answers hold codes the
  instrument lacks.
- ``data_dictionary``: the JSON that describes every column of that dataset (``describe_dataset``).
- ``disclosure``: k-anonymity and sample uniqueness over quasi-identifiers,
  with the coarsening that would help.
- ``layout``, ``coded_batch``, ``chunks``: coded rows (a byte per choice),
  written a batch at a time and read back as numpy columns.
- ``factorize``, ``derived_columns``: answers numbered by distinct value;
  derived variables and skip logic over whole batches in three-valued logic.
- ``payload``: answers as JSON bytes, exact for any number.
- ``cli``: the ``eqsurvey keys`` command group (adapter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from instruments.lazy import lazy_exports

_PUBLIC = {
    "new_receipt_code": "pseudonyms",
    "new_invitation_codes": "invitations",
    "is_invitation_code": "invitations",
    "describe_dataset": "data_dictionary",
    "coarsener": "coarsen",
    "assess": "disclosure",
    "RiskReport": "disclosure",
    "DatasetBuilder": "analysis_dataset",
    "AnalysisDataset": "analysis_dataset",
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
    "SourceKey": "source_identity",
    "SuiteName": "keys",
    "normalise_code": "pseudonyms",
    "normalise_typed_code": "pseudonyms",
}

__all__ = [
    "AnalysisDataset",
    "DatasetBuilder",
    "Envelope",
    "KeyFileError",
    "Keyring",
    "Opener",
    "PrivateKey",
    "PseudonymSecret",
    "PublicKey",
    "Redacted",
    "Redactor",
    "RiskReport",
    "RowContext",
    "SealError",
    "SealedRow",
    "Sealer",
    "SourceKey",
    "SuiteName",
    "assess",
    "coarsener",
    "describe_dataset",
    "is_invitation_code",
    "new_invitation_codes",
    "new_receipt_code",
    "normalise_code",
    "normalise_typed_code",
]

if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from .analysis_dataset import AnalysisDataset, DatasetBuilder
    from .coarsen import coarsener
    from .data_dictionary import describe_dataset
    from .disclosure import RiskReport, assess
    from .invitations import is_invitation_code, new_invitation_codes
    from .keyring import Keyring
    from .keys import KeyFileError, PrivateKey, PublicKey, SuiteName
    from .pseudonyms import PseudonymSecret, new_receipt_code, normalise_code, normalise_typed_code
    from .redaction import Redacted, Redactor
    from .sealing import Envelope, Opener, RowContext, SealedRow, Sealer, SealError
    from .source_identity import SourceKey
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
