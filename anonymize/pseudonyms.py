"""Keyed pseudonyms: matching re-submissions and erasure requests without storing codes.

A respondent's access or invitation code becomes HMAC-SHA256(secret, domain,
code). The domain is the survey, so the same code in two surveys gives two
unlinkable pseudonyms; the secret stays with the project, so nobody can
recompute a pseudonym from a guessed code. Without a code, a random value of
the same length is used: it matches nothing, and looks like any other.
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import secrets
from dataclasses import dataclass

from kernel.errors import EqSurveyError, Location

SECRET_FORMAT = "eqsurvey-pseudonym-secret"  # noqa: S105 - a file format name
_LABEL = b"eqsurvey-pseudonym-v1"
_RECEIPT_LABEL = b"eqsurvey-receipt-v1"
_INVITATION_LABEL = b"eqsurvey-invitation-v1"
_SESSION_LABEL = b"eqsurvey-web-session-v1"
_BUNDLE_LABEL = b"eqsurvey-bundle-project-v1"
_PARTNER_LABEL = b"eqsurvey-partner-link-v1"
_OWN_CODES = (_RECEIPT_LABEL, _INVITATION_LABEL)  # codes eqsurvey issues, from alphabets without I, L, O
# Crockford's base32 without I, L, O, U: nothing to confuse when a respondent types a code back in.
_RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_GROUPS = 5


def normalise_code(code: str) -> str:
    """Codes are typed by people from letters: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]+", "", code).upper()


_LOOK_ALIKES = str.maketrans("ILO", "110")


def normalise_typed_code(code: str) -> str:
    """A receipt or invitation code as typed back, read the Crockford way: I and L are 1, O is 0.

    Neither alphabet holds I, L or O, so a code as issued normalises to itself
    and its stored keyed hash still matches. Only for our own codes: a
    platform's access token may hold any letter, and "ABI" and "AB1" there are
    two respondents.
    """
    return normalise_code(code).translate(_LOOK_ALIKES)


def new_receipt_code() -> str:
    """A one-time erasure receipt for a respondent: 100 random bits as five groups of four characters."""
    # 32 symbols: each is exactly 5 of the random bits, so one draw from the OS gives the whole code.
    bits = secrets.randbits(5 * 4 * RECEIPT_GROUPS)
    chars = "".join(_RECEIPT_ALPHABET[(bits >> (5 * i)) & 31] for i in range(4 * RECEIPT_GROUPS))
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


@dataclass(frozen=True)
class PseudonymSecret:
    value: bytes

    @staticmethod
    def generate() -> PseudonymSecret:
        return PseudonymSecret(secrets.token_bytes(32))

    def pseudonym(self, domain: str, code: str) -> str:
        return self._keyed(_LABEL, domain, code, "the access code is empty", "give the code printed on the invitation")

    def receipt_hash(self, domain: str, receipt: str) -> str:
        """What the store keeps of an erasure receipt: a keyed hash under its own label, never the code."""
        return self._keyed(
            _RECEIPT_LABEL, domain, receipt, "the receipt code is empty", "give the code from the thank-you page"
        )

    def invitation_hash(self, domain: str, code: str) -> str:
        """What the store keeps of an invitation code: a keyed hash under its own label, never the code."""
        return self._keyed(
            _INVITATION_LABEL, domain, code, "the access code is empty", "give the code printed on the invitation"
        )

    def session_hash(self, domain: str, session: str) -> str:
        """What the store keeps of a sent web form's random session id: a keyed hash under its own label."""
        return self._keyed(_SESSION_LABEL, domain, session, "the session id is empty", "this is a bug: report it")

    def partner_link_hash(self, domain: str, token: str) -> str:
        """What is stored of a partner's review link token: a keyed hash under its own label, never the token.

        Tokens are random URL-safe text, compared exactly (case matters), so they are not normalised."""
        if not token:
            raise EqSurveyError.single("empty-code", "the review link's token is empty", "use the whole link")
        message = b"".join(len(p).to_bytes(4, "big") + p for p in (_PARTNER_LABEL, domain.encode(), token.encode()))
        return hmac.digest(self.value, message, "sha256").hex()

    def bundle_tag(self, domain: str) -> str:
        """What a bundle carries to say whose it is: equal only under the same secret and survey, and no pseudonym."""
        message = b"".join(len(p).to_bytes(4, "big") + p for p in (_BUNDLE_LABEL, domain.encode()))
        return hmac.digest(self.value, message, "sha256").hex()

    def _keyed(self, label: bytes, domain: str, code: str, empty: str, fix: str) -> str:
        normal = normalise_typed_code(code) if label in _OWN_CODES else normalise_code(code)
        if not normal:
            raise EqSurveyError.single("empty-code", empty, fix)
        # Length-prefixed parts: no (domain, code) pair can collide with another by shifting a separator.
        message = b"".join(len(p).to_bytes(4, "big") + p for p in (label, domain.encode(), normal.encode()))
        return hmac.digest(self.value, message, "sha256").hex()  # the one-shot C path: same HMAC, a third of the time

    @staticmethod
    def random_pseudonym() -> str:
        return secrets.token_hex(32)

    @staticmethod
    def random_pseudonyms(count: int) -> list[str]:
        """``count`` of :meth:`random_pseudonym`, drawn at once: one call to the system's generator, not one each."""
        drawn = secrets.token_hex(32 * count)
        return [drawn[64 * i : 64 * (i + 1)] for i in range(count)]

    def to_json(self) -> str:
        body = {"format": SECRET_FORMAT, "version": 1, "secret": base64.b64encode(self.value).decode("ascii")}
        return json.dumps(body, indent=2) + "\n"

    @staticmethod
    def from_json(text: str, source: str) -> PseudonymSecret:
        where = Location(file=source)
        try:
            data = json.loads(text)
            value = base64.b64decode(str(data["secret"]), validate=True) if data.get("format") == SECRET_FORMAT else b""
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):  # JSONDecodeError is a ValueError
            value = b""
        if len(value) != 32:
            raise EqSurveyError.single(
                "key-file",
                "this is not a valid pseudonym secret file",
                "restore it from your backup; without it, access codes cannot be matched",
                where,
            )
        return PseudonymSecret(value)
