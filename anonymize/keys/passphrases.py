"""What a new passphrase of the analysts' private key must be.

scrypt makes each guess cost 128 MiB and a fraction of a second, which only
matters if there are many guesses to make: a blank passphrase, twelve spaces
or "aaaaaaaaaaaa" are among the first anyone tries. Only *new* passphrases
are checked (``keys init``, and ``keys rotate`` when the passphrase changes);
keys made under an older rule still open with theirs.
"""

from __future__ import annotations

from kernel.errors import EqSurveyError

MIN_CHARACTERS = 12
"""Characters other than whitespace a new passphrase needs at least."""
MIN_DIFFERENT = 5
"""Different characters a new passphrase needs at least (refuses "aaaaaaaaaaaa", "121212121212")."""

ADVICE = (
    f"choose at least {MIN_CHARACTERS} characters besides spaces, e.g. four or five words picked at random"
    " (a password manager or diceware makes them); keep it in your password manager"
)


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` is too weak to protect a new key, or None; never quotes it."""
    visible = "".join(passphrase.split())
    if not visible:
        return "the passphrase is blank or only whitespace"
    if len(visible) < MIN_CHARACTERS:
        return f"the passphrase has fewer than {MIN_CHARACTERS} characters besides whitespace"
    if len({c.casefold() for c in visible}) < MIN_DIFFERENT:
        return f"the passphrase is made of fewer than {MIN_DIFFERENT} different characters"
    return None


def check_new_passphrase(passphrase: str) -> None:
    """Raise a user error (code ``weak-passphrase``) unless ``passphrase`` may protect a new key."""
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise EqSurveyError.single("weak-passphrase", problem, ADVICE)
