"""Projects for the data-protection documents: the Musterstadt example with keys, and its documents read back."""

from __future__ import annotations

import io
import re
from pathlib import Path

from anonymize.keys.keyring import Keyring
from anonymize.keys.pair import SuiteName
from eqsurvey.config import Project, load_project
from eqsurvey.workflows.new_project import create_project

PASSPHRASE = "five random words for the documents"
FAST_SCRYPT = 2**10  # the documents read only the public key: the private key's cost does not matter here


def example_project(folder: Path, suite: SuiteName = SuiteName.x25519) -> Project:
    """The Musterstadt example (its [documents] table included) with a key pair, loaded."""
    create_project(folder, example="musterstadt")
    Keyring(folder / "keys").init(PASSPHRASE, suite, scrypt_n=FAST_SCRYPT)
    return load_project(folder)


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a project file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    # Lines are broken and hyphenated where the page ends them, and a page ends with its number ("1 / 3"):
    # join them again, without the numbers and the list bullets, for searching.
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    text = "\n".join(re.sub(r"\s*\d+ / \d+\s*$", "", page) for page in pages).replace("•", " ")
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


def squashed(text: str) -> str:
    """Text without spaces, line breaks and hyphens, so that a page's hyphenation does not hide a phrase."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def holds(text: str, phrase: str) -> bool:
    return squashed(phrase) in squashed(text)


def html_text(page: str) -> str:
    from html import unescape

    body = page.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))
