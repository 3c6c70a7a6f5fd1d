"""eqsurvey documents and documents check: the real command on the Musterstadt example."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.documents import KINDS
from tests.support.cli import Eqsurvey
from tests.support.documents import docx_text, edit, example_project, pdf_text


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, Eqsurvey]:
    root = tmp_path / "proj"
    example_project(root)
    return root, Eqsurvey(root)


def test_documents_are_written_and_checked_current_then_stale(made: tuple[Path, Eqsurvey]) -> None:
    root, eqsurvey = made
    run = eqsurvey("documents")
    written = sorted(Path(line).name for line in run.stdout.split())
    assert written == sorted(
        f"{k}.{lang}.{fmt}" for k in KINDS for lang in ("de", "en") for fmt in ("docx", "pdf", "html")
    )
    assert "Verzeichnis von Verarbeitungstätigkeiten" in docx_text((root / "documents/record.de.docx").read_bytes())
    assert "Record of processing activities" in pdf_text((root / "documents/record.en.pdf").read_bytes())
    check = eqsurvey("documents", "check")
    assert check.stdout.count("current") == 6 * len(KINDS) and "stale" not in check.stdout
    edit(root / "eqsurvey.toml", "total_rho = 0.5", "total_rho = 0.4")
    stale = eqsurvey("documents", "check", expect=1)
    assert stale.stdout.count("stale") == 6 * len(KINDS)
    assert "record.de.pdf" in stale.stdout and "configuration, plan, reviews or keys" in stale.stdout
    assert "eqsurvey documents" in stale.stderr


def test_a_changed_instrument_or_a_missing_document_fails_the_check(made: tuple[Path, Eqsurvey]) -> None:
    root, eqsurvey = made
    eqsurvey("documents", "--lang", "de", "--format", "html,docx", "--out", "dsgvo")
    assert sorted(p.name for p in (root / "dsgvo").iterdir()) == sorted(
        f"{k}.de.{f}" for k in KINDS for f in ("docx", "html")
    )
    run = eqsurvey("documents", "check", "--out", "dsgvo", expect=1)
    assert "missing" in run.stdout and "record.en.*" in run.stdout  # English was not made
    eqsurvey("documents", "--lang", "en", "--format", "html", "--out", "dsgvo")
    eqsurvey("documents", "check", "--out", "dsgvo")
    edit(root / "instrument.yaml", "Stabsstelle Gleichstellung und Vielfalt, Telefon", "Stabsstelle Vielfalt, Telefon")
    run = eqsurvey("documents", "check", "--out", "dsgvo", expect=1)
    assert "stale" in run.stdout and "record.de.docx" in run.stdout and "instrument's content" in run.stdout


def test_an_altered_file_reads_as_unreadable(made: tuple[Path, Eqsurvey]) -> None:
    root, eqsurvey = made
    eqsurvey("documents", "--format", "html")
    page = root / "documents" / "record.en.html"
    page.write_text(page.read_text().replace("eqsurvey-document/1", "something else"))
    run = eqsurvey("documents", "check", expect=1)
    assert "unreadable" in run.stdout and "record.en.html" in run.stdout


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('legal_basis = "consent"', 'legal_basis = "vibes"', "is not one of consent, public_interest, research"),
        ('legal_basis = "consent"', 'legal_basis = "public_interest"', "needs statutory_provision"),
        ("special_categories = { ms_discr_local_12m", "special_categories = { no_such_question", "not a question of"),
        ('transfers = { de = "Keine', 'transfer = { de = "Keine', "[documents] has no key transfer"),
        ('dpo = { de = "Behördliche', 'dpo = 3\nx = { de = "Behördliche', "[documents] dpo must be a text"),
    ],
)
def test_bad_documents_config_is_a_clear_error(made: tuple[Path, Eqsurvey], old: str, new: str, message: str) -> None:
    root, eqsurvey = made
    edit(root / "eqsurvey.toml", old, new)
    run = eqsurvey("documents", "--format", "html", expect=1)
    assert message in run.stderr and "eqsurvey.toml" in run.stderr and "fix:" in run.stderr


def test_without_documents_table_or_keys_the_command_says_what_to_add(tmp_path: Path) -> None:
    eqsurvey = Eqsurvey(tmp_path)
    eqsurvey("init", "starter")
    eqsurvey.cwd = tmp_path / "starter"
    run = eqsurvey("documents", expect=1)
    assert "legal_basis, dpo, collector, key_holders, recipients, transfers, publication" in run.stderr
    assert "[documents]" in run.stderr
    root = tmp_path / "m"
    eqsurvey.cwd = tmp_path
    eqsurvey("init", "m", "--example", "musterstadt")
    eqsurvey.cwd = root
    run = eqsurvey("documents", expect=1)
    assert "eqsurvey keys init" in run.stderr
    run = eqsurvey("documents", "check", expect=1)
    assert "no documents" in run.stderr


def test_bad_options_are_user_errors(made: tuple[Path, Eqsurvey]) -> None:
    _, eqsurvey = made
    run = eqsurvey("documents", "--lang", "fr", expect=1)
    assert "--lang" in run.stderr and "de, en" in run.stderr
    run = eqsurvey("documents", "--format", "odt", expect=1)
    assert "--format" in run.stderr and "docx, pdf, html" in run.stderr


def test_an_output_folder_that_is_a_file_is_a_user_error(made: tuple[Path, Eqsurvey]) -> None:
    root, eqsurvey = made
    (root / "taken").write_text("a file, not a folder")
    run = eqsurvey("documents", "--format", "html", "--out", "taken", expect=1)
    assert "cannot write the documents" in run.stderr and "--out DIR" in run.stderr
