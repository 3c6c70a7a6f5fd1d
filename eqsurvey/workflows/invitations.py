"""Invitation codes and their letters, for ``eqsurvey invitations`` and the console alike.

Codes are made here, their keyed hashes stored, and the codes handed back to
the caller once: the command writes them to an owner-only CSV or straight into
the letters' PDF, the console into a private file offered for download. The
letters are :mod:`reports.letters`' pages; this module reads and checks the
codes (a mail-merge CSV of ``invitations create``) and the letter text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.errors import EqSurveyError, Location
from kernel.files import read_text
from kernel.formula_safe import safe_cells

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from reports.letter_text import LetterText

MAX_INVITATIONS = 1_000_000
#: A codes CSV of a million codes with serials is about 25 MB; anything much larger is not one.
MAX_CODES_BYTES = 40_000_000
CODE_COLUMN = "access_code"


@dataclass(frozen=True)
class Created:
    codes: list[str]
    bits: float
    recorded_by_invitation: bool  # eqsurvey.toml now says [collection] access = "invitations"


def create_invitations(project: Project, n: int) -> Created:
    """Make ``n`` codes, store their keyed hashes, and return the codes (kept nowhere else)."""
    from anonymize.invitations import BITS, new_invitation_codes
    from eqsurvey.collection_access import record_by_invitation
    from eqsurvey.resources import project_keyring, project_store
    from instruments.loader import load_instrument

    if not 1 <= n <= MAX_INVITATIONS:
        raise EqSurveyError.single(
            "invitations-count", f"{n} codes cannot be made", f"ask for 1 to {MAX_INVITATIONS:,} codes"
        )
    instrument = load_instrument(project.instrument_path).instrument
    secret = project_keyring(project).pseudonym_secret()
    codes = new_invitation_codes(n)
    store = project_store(project)
    try:
        # Stored before the codes are handed out: a failure after this leaves hashes of codes nobody has
        # (harmless); the other order could send letters with codes that do not work.
        store.add_invitations([secret.invitation_hash(instrument.id, code) for code in codes], instrument.id)
    finally:
        store.close()
    return Created(codes, BITS, record_by_invitation(project))


def codes_csv(codes: Sequence[str], *, serial: bool = False) -> str:
    """The mail-merge CSV: a column access_code, with serial numbers before it if asked."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["serial", CODE_COLUMN] if serial else [CODE_COLUMN])
    # Codes are from a safe alphabet; the one rule for every CSV is applied anyway, so that a change
    # to the alphabet cannot turn a mail merge into a formula.
    writer.writerows(safe_cells([i, code] if serial else [code]) for i, code in enumerate(codes, start=1))
    return text.getvalue()


def read_codes(path: Path) -> list[str]:
    """The codes in a CSV with a column access_code (as ``invitations create`` writes), checked one by one."""
    from anonymize.invitations import is_invitation_code

    text = read_text(path, limit=MAX_CODES_BYTES, too_large="give the CSV written by eqsurvey invitations create")
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip() for cell in next(rows, [])]
    if CODE_COLUMN not in header:
        raise EqSurveyError.single(
            "codes-column",
            f"the file has no column {CODE_COLUMN}",
            "give the CSV written by eqsurvey invitations create (its first line names access_code)",
            Location(file=str(path), row=1),
        )
    column = header.index(CODE_COLUMN)
    codes: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[column].strip() if column < len(row) else ""
        # No code is quoted back: the file is a secret, and the row number finds it.
        if not is_invitation_code(code):
            raise EqSurveyError.single(
                "codes-invalid",
                f"the {CODE_COLUMN} in this row is not an invitation code",
                "give the CSV written by eqsurvey invitations create, unchanged",
                Location(file=str(path), row=number),
            )
        if code in seen:
            raise EqSurveyError.single(
                "codes-repeated",
                "this row repeats a code of an earlier row: two letters would carry one code",
                "delete the repeated row",
                Location(file=str(path), row=number),
            )
        seen.add(code)
        codes.append(code)
        if len(codes) > MAX_INVITATIONS:
            raise EqSurveyError.single(
                "codes-too-many", f"more than {MAX_INVITATIONS:,} codes", "split the file", Location(file=str(path))
            )
    if not codes:
        raise EqSurveyError.single(
            "no-codes",
            "the file holds no codes",
            "create codes with eqsurvey invitations create",
            Location(file=str(path)),
        )
    return codes


def read_letter(path: Path) -> LetterText:
    """The letter text in ``path``, checked (every problem names its line)."""
    from reports.letter_text import MAX_CHARS, parse_letter

    # Bytes, not characters, are limited here: four per character at most, so a text past the limit is still refused
    # by parse_letter with its own words, and a huge file is never read whole.
    text = read_text(path, limit=4 * MAX_CHARS, too_large="a one-page letter is a few thousand characters")
    return parse_letter(text, str(path))


def check_letter_fits(project: Project, letter: LetterText, source: str = "letter text") -> None:
    """Refuse, before any code is made, a letter that would not fit on one page."""
    from anonymize.invitations import new_invitation_code
    from instruments.loader import load_instrument
    from reports.letters import check_one_page

    lang = load_instrument(project.instrument_path).instrument.default_language
    check_one_page(letter, new_invitation_code(), lang, source)  # a code of the real length, stored nowhere


def letters_pdf(
    project: Project,
    letter: LetterText,
    codes: Sequence[str],
    *,
    source: str = "letter text",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The letters for ``codes``, one page each, in the letter's language (by default the instrument's)."""
    from instruments.loader import load_instrument
    from reports.letters import render_letters

    lang = load_instrument(project.instrument_path).instrument.default_language
    return render_letters(letter, codes, lang, progress, source)
