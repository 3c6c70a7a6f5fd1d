"""Single-use invitation codes: random, typeable, and stored only as keyed hashes.

A code is 16 characters from an alphabet of 31 without the look-alikes 0/O
and 1/I/L, printed in four groups of four (``K7QX-M9DR-4HTP-W3FJ``): 16 × log2(31)
≈ 79.3 bits from :mod:`secrets`. Guessing is hopeless: with a million codes
out, a guess hits one with probability below 2**-59. People type codes back in
any case, with spaces or dashes or none (see
:func:`~anonymize.pseudonyms.normalise_typed_code`).

The store never sees a code: it keeps
:meth:`~anonymize.pseudonyms.PseudonymSecret.invitation_hash`, an HMAC with
the project's pseudonym secret under a label of its own, so an invitation's
hash is neither a response's pseudonym nor an erasure receipt's hash.
"""

from __future__ import annotations

import math
import re
import secrets

from anonymize.pseudonyms import normalise_typed_code

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = 4
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE
#: Bits of randomness in one code (about 79.3).
BITS = LENGTH * math.log2(len(ALPHABET))

_NORMAL = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_invitation_code() -> str:
    """One random code, grouped for printing: ``XXXX-XXXX-XXXX-XXXX``."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def new_invitation_codes(n: int) -> list[str]:
    """``n`` distinct codes (a repeat among 2**79 is not expected, but is never handed out twice)."""
    codes: dict[str, None] = {}
    while len(codes) < n:
        codes[new_invitation_code()] = None
    return list(codes)


def is_invitation_code(text: str) -> bool:
    """Whether ``text``, as a person typed it, has the form of an invitation code (it may still be unknown)."""
    return _NORMAL.fullmatch(normalise_typed_code(text)) is not None
