"""The console's invitation letters and progress: a letter text kept in the project, codes and a one-time PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from eqsurvey.console.fieldwork import make_section
from tests.integration.console.fieldwork_client import job_of
from tests.support.console import open_console
from tests.support.fieldwork import invitations, limesurvey_project

LINK = "https://umfrage.musterstadt.de/"
BODY = "# Einladung\n\nIhr Code: **{code}**\nLink: {link}\n\n{qr}\n\nIhre Stadt"
CODE = re.compile(r"[2-9A-HJKMNP-Z]{4}(?:-[2-9A-HJKMNP-Z]{4}){3}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return limesurvey_project(tmp_path)


def test_the_letter_form_starts_from_a_default_text_in_the_page_language(project: Path) -> None:
    with open_console(project, sections=(make_section(),)) as console:
        page = console.client.get("/fieldwork/letters")
        assert page.status_code == 200 and "{code}" in page.text and "{link}" in page.text
        assert 'name="csrf"' in page.text and not (project / "letter.md").exists()


def test_saving_the_text_keeps_it_in_the_project_as_the_command_reads_it(project: Path) -> None:
    with open_console(project, sections=(make_section(),)) as console:
        saved = console.post("/fieldwork/letters", {"link": LINK, "letter": BODY, "count": "", "save": "1"})
        assert saved.status_code == 303
        text = (project / "letter.md").read_text(encoding="utf-8")
        assert text.startswith(f"link: {LINK}\n---\n# Einladung") and invitations(project) == 0
        page = console.client.get("/fieldwork/letters")
        assert LINK in page.text and "Ihr Code: **{code}**" in page.text


def test_making_letters_stores_hashes_and_hands_the_pdf_out_once(project: Path) -> None:
    with open_console(project, sections=(make_section(),)) as console:
        answer = console.post("/fieldwork/letters", {"link": LINK, "letter": BODY, "count": "3", "make": "1"})
        job = job_of(console, answer)
        assert job.state == "done" and job.result is not None and job.result.link, job.problems
        pdf = console.client.get(job.result.link)
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert "no-store" in pdf.headers["cache-control"] and "attachment" in pdf.headers["content-disposition"]
        pages = [p.extract_text().replace("\n", "") for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages]
        codes = [CODE.search(text).group(0) for text in pages]  # type: ignore[union-attr]
        assert len(set(codes)) == 3
        for code, text in zip(codes, pages, strict=True):
            assert f"{LINK}?code={code}" in text and [c for c in codes if c in text] == [code]
        assert invitations(project) == 3
        again = console.client.get(job.result.link)
        assert again.status_code == 404 and "%PDF" not in again.text
        overview = console.client.get("/fieldwork")
        assert "0 of 3 invitations answered" in overview.text or "0 von 3 Einladungen" in overview.text
    assert not list(project.rglob("*.pdf"))  # the console writes the codes nowhere


@pytest.mark.parametrize(
    ("fields", "at", "said"),
    [
        ({"link": LINK, "letter": "Hallo {name}\n{code} {link}", "count": "2"}, "letter", "{name}"),
        ({"link": LINK, "letter": "{code} {link}\n\n**offen", "count": "2"}, "letter", "3"),
        ({"link": "http://umfrage.example/", "letter": BODY, "count": "2"}, "link", "https://"),
        ({"link": LINK, "letter": "kein Platzhalter", "count": "2"}, "letter", "{code}"),
        ({"link": LINK, "letter": BODY, "count": "0"}, "count", "1"),
        ({"link": LINK, "letter": BODY, "count": "zwei"}, "count", "1"),
        ({"link": LINK, "letter": BODY, "count": "999999999"}, "count", "20000"),
    ],
)
def test_problems_are_shown_at_their_field_and_nothing_is_made(
    project: Path, fields: dict[str, str], at: str, said: str
) -> None:
    with open_console(project, sections=(make_section(),)) as console:
        answer = console.post("/fieldwork/letters", {**fields, "make": "1"})
        assert answer.status_code == 422
        shown = re.search(rf'<p class="field-problem" id="problem-{at}-1">(.*?)</p>', answer.text, re.S)
        assert shown is not None and said in shown.group(1), answer.text
        assert 'aria-invalid="true"' in answer.text
    assert invitations(project) == 0 and not (project / "letter.md").exists()


def test_html_in_the_letter_comes_back_escaped(project: Path) -> None:
    hostile = '<script>alert(1)</script>{code} {link}\n{nobody}"><img src=x>'
    with open_console(project, sections=(make_section(),)) as console:
        answer = console.post("/fieldwork/letters", {"link": LINK, "letter": hostile, "count": "1", "make": "1"})
        assert answer.status_code == 422
        assert "<script>alert(1)" not in answer.text and "&lt;script&gt;alert(1)" in answer.text
        assert "<img src=x>" not in answer.text


@pytest.mark.parametrize("csrf", ["", "forged-token-0123456789"])
def test_a_forged_post_makes_nothing(project: Path, csrf: str) -> None:
    with open_console(project, sections=(make_section(),)) as console:
        fields = {"csrf": csrf, "link": LINK, "letter": BODY, "count": "3", "make": "1"}
        answer = console.client.post("/fieldwork/letters", data=fields, follow_redirects=False)
        assert answer.status_code == 403
        missing = {k: v for k, v in fields.items() if k != "csrf"}
        assert console.client.post("/fieldwork/letters", data=missing, follow_redirects=False).status_code == 403
        assert console.client.app.state.console.jobs.running() == []  # type: ignore[attr-defined]
    assert invitations(project) == 0 and not (project / "letter.md").exists()


def test_wrong_content_types_and_an_oversize_text_make_nothing(project: Path) -> None:
    with open_console(project, sections=(make_section(),)) as console:
        as_json = console.client.post(
            "/fieldwork/letters", json={"csrf": console.csrf, "count": "3"}, follow_redirects=False
        )
        assert as_json.status_code == 415
        multipart = console.client.post(
            "/fieldwork/letters",
            data={"csrf": console.csrf, "link": LINK, "letter": BODY, "count": "3", "make": "1"},
            files={"x": ("a.txt", b"x")},
            follow_redirects=False,
        )
        assert multipart.status_code == 415
        huge = console.post("/fieldwork/letters", {"link": LINK, "letter": BODY + "x" * 200_000, "count": "3"})
        assert huge.status_code == 413
        long = console.post(
            "/fieldwork/letters", {"link": LINK, "letter": BODY + "x" * 20_000, "make": "1", "count": "1"}
        )
        assert long.status_code == 422 and "letter-too-long" not in long.text and "10,000" in long.text
    assert invitations(project) == 0 and not (project / "letter.md").exists()


def test_a_letter_longer_than_a_page_fails_as_a_job_with_the_reason(project: Path) -> None:
    body = BODY + "\n\n" + "\n\n".join(["Ein Absatz, der Platz braucht."] * 45)
    with open_console(project, sections=(make_section(),)) as console:
        job = job_of(
            console, console.post("/fieldwork/letters", {"link": LINK, "letter": body, "count": "2", "make": "1"})
        )
        assert job.state == "failed" and [p.code for p in job.problems] == ["letter-too-long"]
        page = console.client.get(f"/jobs/{job.id}")
        assert "one A4 page" in page.text
    assert invitations(project) == 0  # refused before any code was made
