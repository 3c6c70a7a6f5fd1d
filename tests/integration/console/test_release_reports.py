"""The console's release pages: reports read in the browser under their own policy, downloads in every
format and language, PDFs made as jobs, and comparisons with uploaded release files (hostile ones refused)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from eqsurvey.console.release.compare import MAX_RELEASE_FILE
from eqsurvey.console.release.reports import REPORT_CSP
from eqsurvey.workflows.release_files import parse_release_file
from tests.support.console import OpenConsole, open_console
from tests.support.release_console import PASSPHRASE, job_of
from tests.support.released_example import released_example


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The example released twice (the second despite repeating the first), through the commands."""
    eqsurvey, first = released_example(tmp_path_factory.mktemp("released"), PASSPHRASE)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", PASSPHRASE)
        second = json.loads(eqsurvey("release", "--json", "--yes").stdout)["id"]
    return eqsurvey.cwd, [first, second]


@pytest.fixture
def console(released: tuple[Path, list[str]]) -> Iterator[OpenConsole]:
    with open_console(released[0]) as opened:
        opened.client.get("/language/en?back=/")
        yield opened


@pytest.fixture
def release(released: tuple[Path, list[str]]) -> str:
    return released[1][0]


@pytest.mark.parametrize("part", ["summary", "annex"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_is_read_as_its_own_page_under_a_policy_that_fits_it(
    console: OpenConsole, release: str, part: str, lang: str
) -> None:
    page = console.client.get(f"/release/r/{release}/read/{part}/{lang}")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == REPORT_CSP
    assert "default-src 'none'" in REPORT_CSP and "script" not in REPORT_CSP  # nothing runs, nothing loads
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    html = page.text
    assert f'<html lang="{lang}"' in html
    assert "<script" not in html.lower() and "<iframe" not in html.lower()
    assert 'src="http' not in html and "url(http" not in html and "@import" not in html  # what the policy blocks
    assert "<style>" in html  # inline style: what it allows


def test_the_release_page_links_every_report_and_keeps_the_console_policy(console: OpenConsole, release: str) -> None:
    page = console.client.get(f"/release/r/{release}")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for lang in ("de", "en"):
        for part in ("summary", "annex"):
            assert f'href="/release/r/{release}/read/{part}/{lang}"' in page.text
        for fmt in ("html", "xlsx", "csv", "json"):
            assert f'href="/release/r/{release}/get/annex/{lang}/{fmt}"' in page.text
    # Summary and full report in each language with report wording: de, en and the five draft translations.
    assert page.text.count(f'action="/release/r/{release}/pdf"') == 14
    assert "Persian (draft translation)" in page.text and "Turkish (draft translation)" in page.text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_downloads_in_each_format(console: OpenConsole, release: str, lang: str) -> None:
    base = f"/release/r/{release}/get"
    html = console.client.get(f"{base}/summary/{lang}/html")
    assert html.headers["content-disposition"] == f'attachment; filename="{release}-summary-{lang}.html"'
    assert f'<html lang="{lang}"' in html.text
    workbook = console.client.get(f"{base}/annex/{lang}/xlsx")
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert len(load_workbook(io.BytesIO(workbook.content)).sheetnames) > 1
    rows = console.client.get(f"{base}/annex/{lang}/csv").text.splitlines()
    assert "table_title" in rows[0] and len(rows) > 10
    document = console.client.get(f"{base}/annex/{lang}/json").json()
    assert document["report"]["lang"] == lang and document["cells"]


def test_the_release_file_and_the_cells_as_data(console: OpenConsole, release: str) -> None:
    shown = console.client.get(f"/release/r/{release}/release.json")
    assert parse_release_file(shown.text, "download.json").id == release
    assert "dataset_mac" not in shown.text  # as it may be published
    assert console.client.get(f"/release/r/{release}/cells/csv").text.startswith('"simulated"') is False
    assert json.loads(console.client.get(f"/release/r/{release}/cells/json").text)


@pytest.mark.parametrize(
    "path",
    [
        "/read/appendix/en",
        "/read/annex/fr",
        "/get/summary/en/csv",
        "/get/annex/en/docx",
        "/get/annex/en/pdf",
        "/cells/xml",
    ],
)
def test_what_the_console_does_not_make_is_not_found(console: OpenConsole, release: str, path: str) -> None:
    assert console.client.get(f"/release/r/{release}{path}").status_code == 404


def test_an_unknown_release_is_named(console: OpenConsole) -> None:
    page = console.client.get("/release/r/r-19990101T000000-000000/read/annex/en")
    assert page.status_code == 400
    assert "there is no release" in page.text
    assert console.client.get("/release/files/not-a-token").status_code == 404


@pytest.mark.parametrize("part", ["summary", "annex"])
def test_a_pdf_is_made_as_a_job_and_downloaded(console: OpenConsole, release: str, part: str) -> None:
    answer = console.post(f"/release/r/{release}/pdf", {"part": part, "lang": "de"})
    assert answer.status_code == 303
    job = job_of(console, answer.headers["location"])
    assert job.state == "done" and job.result is not None and job.result.link
    page = console.client.get(answer.headers["location"])
    assert job.result.link in page.text
    pdf = console.client.get(job.result.link)
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == f'attachment; filename="{release}-{part}-de.pdf"'


@pytest.mark.parametrize("fields", [{"part": "all", "lang": "de"}, {"part": "annex", "lang": "xx"}, {}])
def test_a_pdf_post_for_what_does_not_exist_starts_nothing(
    console: OpenConsole, release: str, fields: dict[str, str]
) -> None:
    jobs = console.client.app.state.console.jobs  # type: ignore[attr-defined]
    before = len(jobs._jobs)
    assert console.post(f"/release/r/{release}/pdf", fields).status_code == 404
    assert console.post("/release/r/r-19990101T000000-000000/pdf", {"part": "annex", "lang": "de"}).status_code == 400
    assert len(jobs._jobs) == before


def upload(console: OpenConsole, files: dict[str, tuple[str, bytes]], **fields: str | list[str]):  # type: ignore[no-untyped-def]
    sent = {name: (filename, body, "application/json") for name, (filename, body) in files.items()}
    return console.client.post(
        "/release/compare", data={"csrf": console.csrf, **fields}, files=sent, follow_redirects=False
    )


def test_a_comparison_of_an_own_release_and_an_uploaded_release_file(
    console: OpenConsole, released: tuple[Path, list[str]]
) -> None:
    first, second = released[1]
    assert f'value="{first}"' in console.client.get("/release/compare").text
    other = console.client.get(f"/release/r/{second}/release.json").content
    page = upload(console, {"file1": ("nachbarstadt.json", other)}, own=first, lang="de")
    assert page.status_code == 200, page.text
    assert page.headers["content-security-policy"] == REPORT_CSP
    assert '<html lang="de"' in page.text and first in page.text and second in page.text
    both = upload(console, {}, own=[first, second], lang="en")
    assert both.status_code == 200 and '<html lang="en"' in both.text


HOSTILE = [
    (b"not json at all", "not JSON"),
    (b'{"id": "r-1"}', "not a stored release"),
    (b"[" * 100_000, "not JSON that eqsurvey reads"),
    (b"\xff\xfe\x00broken", "not a text file"),
    (
        json.dumps({"id": "r-x", "instrument": 1, "plan": 2, "privacy": 3, "tables": "x", "created_at": 4}).encode(),
        "ask for the file again",
    ),
]


@pytest.mark.parametrize(("body", "said"), HOSTILE)
def test_a_file_that_is_not_a_release_is_told_at_its_field(
    console: OpenConsole, release: str, body: bytes, said: str
) -> None:
    page = upload(console, {"file2": ("evil.json", body)}, own=release)
    assert page.status_code == 422
    assert 'href="#field-file2"' in page.text and said in page.text
    assert page.headers["content-security-policy"] != REPORT_CSP  # the console's page, not a comparison


def test_an_oversize_release_file_is_refused(console: OpenConsole, release: str) -> None:
    page = upload(console, {"file1": ("big.json", b" " * (MAX_RELEASE_FILE + 1))}, own=release)
    assert page.status_code == 422
    assert 'href="#field-file1"' in page.text and "larger than 16 MB" in page.text


def test_more_files_than_the_form_has_are_refused(console: OpenConsole, release: str) -> None:
    files = {f"file{i}": (f"{i}.json", b"{}") for i in range(1, 5)}
    assert upload(console, files, own=release).status_code == 400


def test_a_comparison_needs_two_releases(console: OpenConsole, release: str) -> None:
    page = upload(console, {}, own=release)
    assert page.status_code == 422 and 'href="#field-own"' in page.text
