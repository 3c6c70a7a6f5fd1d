"""The console's documents section: each document's files and whether they are current, making them as a
job, downloading only the files the check knows, and the problems of a project that cannot have them yet
(shown at the form in the command line's words). Hostile posts write nothing.

On the Musterstadt example with a key pair (its [documents] table filled), through Starlette's TestClient
with the console's session; the documents are made once per module by the console's own job and copied.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from eqsurvey.console import documents as documents_section
from eqsurvey.workflows.new_project import create_project
from reports.documents import KINDS
from tests.support.console import OpenConsole, open_console
from tests.support.documents import edit, example_project
from tests.support.release_console import job_of

SECTIONS = (documents_section.SECTION,)
ALL_FILES = sorted(f"{k}.{lang}.{fmt}" for k in KINDS for lang in ("de", "en") for fmt in ("docx", "pdf", "html"))
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
Fields = dict[str, list[str] | str]
EVERYTHING: Fields = {"lang": ["de", "en"], "format": ["docx", "pdf", "html"]}


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def downloads(page: str) -> list[str]:
    return sorted(re.findall(r'href="/documents/files/([^"]+)"', page))


def files_in(project: Path) -> list[str]:
    folder = project / "documents"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def step_of(console: OpenConsole) -> str:
    overview = text_of(console.client.get("/").text)
    found = re.search(r"Make the data-protection documents : (.+?) Invite, collect", overview)
    assert found, overview
    return found.group(1)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with keys and no documents, made once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("example") / "p"
    example_project(folder)
    return folder


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, example: Path) -> tuple[Path, str, str]:
    """A copy on which the console made every document in every format: (folder, the post's redirect, the job's
    message and link)."""
    folder = Path(shutil.copytree(example, tmp_path_factory.mktemp("made") / "p"))
    with open_console(folder, SECTIONS) as console:
        console.client.get("/language/en")
        answer = console.post("/documents/make", EVERYTHING)
        assert answer.status_code == 303, answer.text
        job = job_of(console, answer.headers["location"])
        assert job.state == "done", (job.problems, job.failure)
        assert job.result is not None
        return folder, answer.headers["location"], f"{job.result.message} {job.result.link}"


@pytest.fixture
def project(example: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(example, tmp_path / "p"))


@pytest.fixture
def made_copy(made: tuple[Path, str, str], tmp_path: Path) -> Path:
    return Path(shutil.copytree(made[0], tmp_path / "p"))


def opened(project: Path, lang: str = "en") -> Iterator[OpenConsole]:
    with open_console(project, SECTIONS) as console:
        console.client.get(f"/language/{lang}")
        yield console


@pytest.fixture
def console(project: Path) -> Iterator[OpenConsole]:
    yield from opened(project)


@pytest.fixture
def made_console(made_copy: Path) -> Iterator[OpenConsole]:
    yield from opened(made_copy)


# --- the page ------------------------------------------------------------------------------------------------


def test_before_making_each_document_is_listed_with_whom_it_is_for_and_no_file(console: OpenConsole) -> None:
    page = console.client.get("/documents")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "The documents have not been made yet." in shown
    for title, reader in [
        ("Record of processing activities", "kept by the data protection officer"),
        ("Technical annex", "For the data protection officer: what is stored where"),
        ("Input for the data protection impact assessment", "who complete the assessment"),
        ("Methods note", "For the council and the partner organisations"),
        ("Information for respondents", "For the people who answer"),
    ]:
        assert re.search(rf'<h2 id="doc-\w+">{re.escape(title)}</h2>\s*<p>[^<]*{re.escape(reader)}', page.text), title
    assert shown.count("no file") == 3 * 2 * len(KINDS) and downloads(page.text) == []
    assert step_of(console) == "still to do"


@pytest.mark.slow
def test_making_runs_a_job_that_leads_back_to_the_page_which_shows_every_file_current(
    made: tuple[Path, str, str], made_console: OpenConsole
) -> None:
    folder, location, result = made
    assert location.startswith("/jobs/")
    assert result == f"30 files written into {folder / 'documents'}. /documents"
    assert files_in(folder) == ALL_FILES
    page = made_console.client.get("/documents")
    shown = text_of(page.text)
    assert "All documents are current." in shown and "no file" not in shown and "out of date" not in shown
    assert downloads(page.text) == ALL_FILES
    assert "Download Record of processing activities, Deutsch, Word (DOCX)" in shown
    assert step_of(made_console) == "all current"


@pytest.mark.slow
@pytest.mark.parametrize(
    "change",
    [
        ("eqsurvey.toml", "im ersten Quartal 2027", "im zweiten Quartal 2027", "the settings have changed"),
        ("instrument.yaml", "Stabsstelle Gleichstellung und Vielfalt, Telefon", "Stabsstelle Vielfalt, Telefon",
         "the questionnaire has changed"),
    ],
)  # fmt: skip
def test_a_change_to_the_project_makes_every_file_out_of_date_and_says_what_changed(
    made_copy: Path, made_console: OpenConsole, change: tuple[str, str, str, str]
) -> None:
    file, old, new, why = change
    edit(made_copy / file, old, new)
    page = made_console.client.get("/documents")
    shown = text_of(page.text)
    assert "Files out of date: 30. Make the documents again." in shown
    assert shown.count(f"out of date: {why}") == 30
    what = "the questionnaire has changed" if "questionnaire" in why else "the project's settings have changed"
    assert f"Since they were made, {what}" in shown
    assert downloads(page.text) == ALL_FILES  # an old file can still be downloaded
    assert step_of(made_console) == "out of date: make them again"


def test_a_choice_of_languages_and_formats_makes_only_those(console: OpenConsole, project: Path) -> None:
    answer = console.post("/documents/make", {"lang": ["en"], "format": ["html"]})
    assert answer.status_code == 303
    assert job_of(console, answer.headers["location"]).state == "done"
    assert files_in(project) == sorted(f"{k}.en.html" for k in KINDS)
    shown = text_of(console.client.get("/documents").text)
    assert "Some documents have not been made yet in every language." in shown
    assert shown.count("current") == len(KINDS)
    assert step_of(console) == "not yet made in every language"


def test_the_page_in_german(console: OpenConsole) -> None:
    console.client.get("/language/de")
    shown = text_of(console.client.get("/documents").text)
    assert "Datenschutzdokumente" in shown and "Verzeichnis von Verarbeitungstätigkeiten" in shown
    assert "Die Dokumente sind noch nicht erstellt." in shown and "Webseite (HTML)" in shown


# --- downloads -----------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["record.de.docx", "annex.en.pdf", "information.de.html"])
def test_each_format_is_downloaded_with_its_type_as_an_attachment(
    made_copy: Path, made_console: OpenConsole, name: str
) -> None:
    answer = made_console.client.get(f"/documents/files/{name}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == MEDIA[name.rsplit(".", 1)[1]]
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert answer.content == (made_copy / "documents" / name).read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "..%2Feqsurvey.toml",
        "%2E%2E%2Fkeys%2Fcurrent",
        "..%5Ceqsurvey.toml",
        "eqsurvey.toml",
        "record.de.docx%00.txt",
        "notes.txt",
        "record.fr.docx",
        "record.de.docx.bak",
        "record.de.*",
        "linked.de.pdf",
        "methods.en.pdf",
    ],
)
def test_only_a_file_the_check_knows_is_served(made_copy: Path, made_console: OpenConsole, name: str) -> None:
    folder = made_copy / "documents"
    for extra in ("notes.txt", "record.fr.docx", "record.de.docx.bak"):
        (folder / extra).write_bytes(b"not one of the documents")
    (folder / "methods.en.pdf").unlink()
    (folder / "methods.en.pdf").symlink_to(made_copy / "eqsurvey.toml")  # a link in place of a document
    answer = made_console.client.get(f"/documents/files/{name}")
    assert answer.status_code == 404
    assert "not one of the documents" not in answer.text and "[documents]" not in answer.text
    assert "There is no such page." in text_of(answer.text)


def test_a_download_before_any_file_exists_is_not_found(console: OpenConsole) -> None:
    assert console.client.get("/documents/files/record.de.docx").status_code == 404


# --- problems ------------------------------------------------------------------------------------------------


def test_without_keys_the_command_line_s_words_are_shown_at_the_form(tmp_path: Path) -> None:
    create_project(tmp_path / "p", example="musterstadt")
    for console in opened(tmp_path / "p"):
        answer = console.post("/documents/make", EVERYTHING)
        assert answer.status_code == 422
        assert "there are no keys in" in answer.text
        field = answer.text.split('id="field-make"', 1)[1].split("</div>", 1)[0]
        assert "the documents state the project&#39;s sealing key" in field
        assert "run `eqsurvey keys init` first" in field
        assert '<a href="/#keys">The keys are made on the overview page.</a>' in field
        assert console.client.app.state.console.jobs.running() == []  # type: ignore[attr-defined]
    assert files_in(tmp_path / "p") == []


def test_without_the_documents_table_the_page_says_what_to_add_and_where(console: OpenConsole, project: Path) -> None:
    config = project / "eqsurvey.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.split("\n[documents]")[0] + "\n", encoding="utf-8")
    answer = console.post("/documents/make", EVERYTHING)
    assert answer.status_code == 422
    field = text_of(answer.text.split('id="field-make"', 1)[1].split("</div>", 1)[0])
    assert (
        "the documents need what only you can state: legal_basis, dpo, collector, key_holders, recipients, "
        "transfers, publication in [documents]" in field
    )
    assert "add them to the [documents] table of eqsurvey.toml" in field
    assert (
        f"Where to change it: the file eqsurvey.toml in the project folder {project}, in its table [documents]."
        in field
    )
    assert 'href="#field-make"' in answer.text  # the list at the top leads to the form
    assert files_in(project) == []


def test_a_broken_documents_table_is_shown_on_the_page_with_where_to_change_it(
    console: OpenConsole, project: Path
) -> None:
    edit(project / "eqsurvey.toml", 'legal_basis = "consent"', 'legal_basis = "whatever"')
    page = console.client.get("/documents")
    assert page.status_code == 422
    shown = text_of(page.text)
    assert "[documents] legal_basis = 'whatever' is not one of consent, public_interest, research" in shown
    assert "Where to change it: the file eqsurvey.toml" in shown


def test_no_language_or_no_format_is_shown_at_its_field(console: OpenConsole, project: Path) -> None:
    answer = console.post("/documents/make", {"format": ["pdf"]})
    assert answer.status_code == 422
    language = text_of(answer.text.split('id="field-lang"', 1)[1].split("</fieldset>", 1)[0])
    assert "Please choose at least one language." in language
    assert 'id="format-pdf" name="format" value="pdf" checked' in answer.text  # the choice is kept
    assert 'id="format-docx" name="format" value="docx" checked' not in answer.text
    answer = console.post("/documents/make", {"lang": ["de"]})
    assert "Please choose at least one format." in answer.text.split('id="field-format"', 1)[1]
    assert files_in(project) == []


def test_a_job_that_cannot_write_shows_the_problem_and_its_fix(console: OpenConsole, project: Path) -> None:
    (project / "documents").write_text("a file where the folder should be")
    answer = console.post("/documents/make", EVERYTHING)
    job = job_of(console, answer.headers["location"])
    assert job.state == "failed" and [p.code for p in job.problems] == ["cannot-write"]
    shown = text_of(console.client.get(answer.headers["location"]).text)
    assert f"cannot write the documents into {project / 'documents'}" in shown


# --- hostile posts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"lang": ["de"], "format": ["html"], "csrf": "forged"},
        {"lang": ["de"], "format": ["html"], "csrf": ""},
    ],
)
def test_a_forged_post_is_refused_and_writes_nothing(console: OpenConsole, project: Path, fields: Fields) -> None:
    answer = console.client.post("/documents/make", data=fields, follow_redirects=False)
    assert answer.status_code == 403
    assert "Nothing was changed" in answer.text
    assert files_in(project) == [] and console.client.app.state.console.jobs.running() == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "fields",
    [
        {"lang": ["de", "fr"], "format": ["html"]},
        {"lang": ["de"], "format": ["html", "exe"]},
        {"lang": ["../../etc"], "format": ["html"]},
    ],
)
def test_a_choice_the_page_never_offered_is_refused(console: OpenConsole, project: Path, fields: Fields) -> None:
    answer = console.post("/documents/make", fields)
    assert answer.status_code == 400
    assert files_in(project) == []


def test_a_post_that_is_not_a_form_is_refused(console: OpenConsole, project: Path) -> None:
    answer = console.client.post("/documents/make", json={"csrf": console.csrf, **EVERYTHING}, follow_redirects=False)
    assert answer.status_code == 415
    assert files_in(project) == []
