"""eqsurvey invitations letters: the letters' PDF from a codes CSV or new codes, owner-only, refused clearly."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pypdf
import pytest

from anonymize.keys.keyring import Keyring
from anonymize.pseudonyms import PseudonymSecret
from tests.integration.test_cli_invitations import SHAPE, SURVEY, codes_in, stored_hashes
from tests.support.cli import Eqsurvey

LETTER = (
    "link: https://umfrage.musterstadt.de/\n---\n# Befragung zu Vielfalt\n\n"
    "Ihr Zugangscode: **{code}**\nAdresse: {link}\n\n{qr}\n\nIhre Stadtverwaltung\n"
)


@pytest.fixture
def secret(project: Path) -> PseudonymSecret:
    made = PseudonymSecret.generate()
    keyring = Keyring(project / "keys")
    keyring.secret_file.parent.mkdir(parents=True)
    keyring.secret_file.write_text(made.to_json(), encoding="utf-8")
    keyring.secret_file.chmod(0o600)
    (project / "letter.md").write_text(LETTER, encoding="utf-8")
    return made


def page_texts(path: Path) -> list[str]:
    return [p.extract_text().replace("\n", "") for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_letters_from_the_codes_csv_one_page_each_owner_only(
    project: Path, eqsurvey: Eqsurvey, secret: PseudonymSecret
) -> None:
    eqsurvey("invitations", "create", "7", "-o", "codes.csv", "--serial")
    codes = codes_in(project / "codes.csv")
    run = eqsurvey("invitations", "letters", "--text", "letter.md", "--codes", "codes.csv", "-o", "out/letters.pdf")
    assert "7 letters" in run.stderr and "owner-only" in run.stderr
    pdf = project / "out" / "letters.pdf"
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600 and stat.S_IMODE(pdf.parent.stat().st_mode) == 0o700
    texts = page_texts(pdf)
    assert len(texts) == 7
    for code, text in zip(codes, texts, strict=True):
        assert [c for c in codes if c in text] == [code]
        assert f"https://umfrage.musterstadt.de/?code={code}" in text
    assert len(stored_hashes(project)) == 7  # the letters made no codes of their own


def test_new_codes_go_into_the_letters_and_only_their_hashes_into_the_store(
    project: Path, eqsurvey: Eqsurvey, secret: PseudonymSecret
) -> None:
    eqsurvey("invitations", "letters", "--text", "letter.md", "--new", "3", "-o", "letters.pdf")
    texts = page_texts(project / "letters.pdf")
    codes = [SHAPE.search(text).group(0) for text in texts]  # type: ignore[union-attr]
    assert len(set(codes)) == 3
    assert sorted(stored_hashes(project)) == sorted(secret.invitation_hash(SURVEY, c) for c in codes)
    assert 'access = "invitations"' in (project / "eqsurvey.toml").read_text(encoding="utf-8")


def test_a_broken_letter_makes_no_codes(project: Path, eqsurvey: Eqsurvey, secret: PseudonymSecret) -> None:
    (project / "letter.md").write_text(LETTER.replace("{code}", "{kode}"), encoding="utf-8")
    run = eqsurvey("invitations", "letters", "--text", "letter.md", "--new", "3", "-o", "l.pdf", expect=1)
    assert "letter.md:5:" in run.stderr and "{kode}" in run.stderr
    assert stored_hashes(project) == [] and not (project / "l.pdf").exists()


def test_a_letter_too_long_for_a_page(project: Path, eqsurvey: Eqsurvey, secret: PseudonymSecret) -> None:
    (project / "letter.md").write_text(LETTER + "\n\nEin langer Absatz.\n" * 45, encoding="utf-8")
    run = eqsurvey("invitations", "letters", "--text", "letter.md", "--new", "2", "-o", "l.pdf", expect=1)
    assert "letter-too-long" in run.stderr and stored_hashes(project) == []  # refused before any code was made
    eqsurvey("invitations", "create", "2", "-o", "codes.csv")
    run = eqsurvey("invitations", "letters", "--text", "letter.md", "--codes", "codes.csv", "-o", "l.pdf", expect=1)
    assert "letter-too-long" in run.stderr and "one A4 page" in run.stderr and not (project / "l.pdf").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("serial,code\n1,ABCD-EFGH-JKMN-PQRS\n", "no column access_code"),
        ("access_code\nABCD-EFGH-JKMN-PQRS\n=HYPERLINK(1)\n", "row 3"),
        ("access_code\nABCD-EFGH-JKMN-PQRS\nABCD-EFGH-JKMN-PQRS\n", "row 3"),
        ("access_code\n", "no codes"),
    ],
)
def test_a_bad_codes_file_is_refused_by_row_without_quoting_codes(
    project: Path, eqsurvey: Eqsurvey, secret: PseudonymSecret, content: str, problem: str
) -> None:
    (project / "codes.csv").write_text(content, encoding="utf-8")
    run = eqsurvey("invitations", "letters", "--text", "letter.md", "--codes", "codes.csv", "-o", "l.pdf", expect=1)
    assert problem in run.stderr and "ABCD-EFGH-JKMN-PQRS" not in run.stderr and "HYPERLINK" not in run.stderr


def test_options_codes_or_new_and_an_existing_output(
    project: Path, eqsurvey: Eqsurvey, secret: PseudonymSecret
) -> None:
    run = eqsurvey("invitations", "letters", "--text", "letter.md", "-o", "l.pdf", expect=2)
    assert "exactly one of --codes" in run.stderr
    (project / "l.pdf").write_bytes(b"kept")
    run = eqsurvey("invitations", "letters", "--text", "letter.md", "--new", "1", "-o", "l.pdf", expect=1)
    assert "--force" in run.stderr and (project / "l.pdf").read_bytes() == b"kept" and stored_hashes(project) == []
