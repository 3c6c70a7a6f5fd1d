"""anonymize: protecting responses from the moment they arrive.

Modules, subpackages and their roles:

- ``keys`` (package): ``keys.pair``, the analysts' HPKE key pair (X25519, or hybrid
  ML-KEM-768 + X25519), key ids, and the passphrase-encrypted private key file (scrypt +
  AES-GCM); ``keys.file_format``: the key files' JSON, every field checked (scrypt's cost
  bounded) before any work is done with it; ``keys.keyring``: the project's key folder, what
  the collecting side needs, rotation; ``keys.form_state_secret``: the web form's state secret
  (generations with ids, rotation with an overlap) and the keys derived from it with HKDF;
  ``keys.passphrases``: what a new passphrase must be (old keys open with theirs).
- ``pseudonyms``: keyed pseudonyms (HMAC-SHA256 per survey) from access codes;
  one-time erasure receipt codes and their keyed hashes; invitation hashes.
- ``source_identity``: keyed hashes of an imported response's identity on its
  platform and of its normalised answers, under a key of their own derived
  from the pseudonym secret: a later export of it is recognised, not stored twice.
- ``invitations``: single-use invitation codes (about 79 random bits each,
  typeable), stored only as keyed hashes.
- ``partner_notes``: community partners' review link tokens (192 random bits, stored as keyed
  hashes) and their notes, each sealed with HPKE to the analysts' public key.
- ``sealing``: the HPKE envelope (RFC 9180): sealing of answers, each row bound to its pseudonym,
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
- ``columnar`` (package): the fast path, not the privacy model — coded rows (a byte per
  choice) written a batch at a time and read back as numpy columns (``layout``,
  ``coded_batch``, ``chunks``, ``columns``), answers numbered by distinct value
  (``factorize``), answers as exact JSON bytes for sealing (``payload``).
- ``derived_columns``: derived variables and skip logic over whole batches in three-valued logic.

The ``eqsurvey keys`` command is in the composition root (``eqsurvey/commands/keys.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy import lazy_exports

_PUBLIC = {
    "new_receipt_code": "anonymize.pseudonyms",
    "new_invitation_codes": "anonymize.invitations",
    "is_invitation_code": "anonymize.invitations",
    "describe_dataset": "anonymize.data_dictionary",
    "coarsener": "anonymize.coarsen",
    "assess": "anonymize.disclosure",
    "RiskReport": "anonymize.disclosure",
    "DatasetBuilder": "anonymize.analysis_dataset",
    "AnalysisDataset": "anonymize.analysis_dataset",
    "Envelope": "anonymize.sealing",
    "Keyring": "anonymize.keys.keyring",
    "KeyFileError": "anonymize.keys.pair",
    "Opener": "anonymize.sealing",
    "PrivateKey": "anonymize.keys.pair",
    "PseudonymSecret": "anonymize.pseudonyms",
    "PublicKey": "anonymize.keys.pair",
    "Redacted": "anonymize.redaction",
    "Redactor": "anonymize.redaction",
    "RowContext": "anonymize.sealing",
    "SealError": "anonymize.sealing",
    "SealedRow": "anonymize.sealing",
    "Sealer": "anonymize.sealing",
    "SourceKey": "anonymize.source_identity",
    "SuiteName": "anonymize.keys.pair",
    "normalise_code": "anonymize.pseudonyms",
    "normalise_typed_code": "anonymize.pseudonyms",
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
    from anonymize.analysis_dataset import AnalysisDataset, DatasetBuilder
    from anonymize.coarsen import coarsener
    from anonymize.data_dictionary import describe_dataset
    from anonymize.disclosure import RiskReport, assess
    from anonymize.invitations import is_invitation_code, new_invitation_codes
    from anonymize.keys.keyring import Keyring
    from anonymize.keys.pair import KeyFileError, PrivateKey, PublicKey, SuiteName
    from anonymize.pseudonyms import PseudonymSecret, new_receipt_code, normalise_code, normalise_typed_code
    from anonymize.redaction import Redacted, Redactor
    from anonymize.sealing import Envelope, Opener, RowContext, SealedRow, Sealer, SealError
    from anonymize.source_identity import SourceKey
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
