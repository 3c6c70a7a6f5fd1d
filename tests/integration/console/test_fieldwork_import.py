"""Importing an export in the console: a job with progress, the importer's problems as a table, hostile uploads.

Whatever is refused stores nothing: no response, and no file left in the temporary folder.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from eqsurvey.console.fieldwork import make_section
from tests.integration.console.fieldwork_client import job_of, upload
from tests.support.console import open_console
from tests.support.fieldwork import HOSTILE, KOBO_EXPORT, LIMESURVEY_EXPORT, kobo_project, limesurvey_project, stored


@pytest.fixture
def lime(tmp_path: Path) -> Path:
    return limesurvey_project(tmp_path)


def leftovers(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir())


def test_a_limesurvey_export_is_imported_with_its_problems_in_a_table(lime: Path, uploads_tmp: Path) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        page = console.client.get("/fieldwork/import")
        assert 'enctype="multipart/form-data"' in page.text and 'type="file"' in page.text
        job = job_of(console, upload(console, "survey_123456_export.csv", LIMESURVEY_EXPORT.read_bytes()))
        assert job.state == "done" and job.result is not None, job.problems
        assert job.done == 4 and "4" in job.note  # every row told as progress
        result = console.client.get(job.result.link or "")
        assert result.status_code == 200 and "survey_<wbr>123456_<wbr>export.<wbr>csv" in result.text
        table = re.search(r'<caption id="problems-caption">.*?</table>', result.text, re.S)
        assert table is not None
        rows = re.findall(r"<tr><td class=\"number\">(\d+)</td>", table.group(0))
        assert rows and set(rows) <= {"4", "5"}  # the fixture's third and fourth responses (rows 4 and 5)
        assert str(uploads_tmp) not in result.text
    assert stored(lime) == 2 and leftovers(uploads_tmp) == []


def test_a_kobo_export_is_imported_and_counted(tmp_path: Path, uploads_tmp: Path) -> None:
    kobo = kobo_project(tmp_path)
    with open_console(kobo, sections=(make_section(),)) as console:
        job = job_of(console, upload(console, "kobo.csv", KOBO_EXPORT.read_bytes()))
        assert job.state == "done", job.problems
        result = console.client.get(job.result.link or "")  # type: ignore[union-attr]
        stored_row = re.search(r"<th scope=\"row\">(?:Gespeichert|Stored)</th><td class=\"number\">(\d+)", result.text)
        assert stored_row is not None and stored_row.group(1) == "3"
        overview = console.client.get("/fieldwork")
        assert re.search(r"(Responses stored|Gespeicherte Antworten): 3", overview.text)
    assert stored(kobo) == 3 and leftovers(uploads_tmp) == []


@pytest.mark.parametrize("bomb", ["lsa-bomb.lsa", "lsa-ratio.lsa", "lsa-lying-size.lsa", "xlsx-bomb.xlsx"])
def test_archive_bombs_fail_as_a_job_and_store_nothing(lime: Path, uploads_tmp: Path, bomb: str) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        job = job_of(console, upload(console, bomb, (HOSTILE / bomb).read_bytes()))
        assert job.state == "failed" and job.problems and job.failure is None
        assert all(str(uploads_tmp) not in p.render() for p in job.problems)
    assert stored(lime) == 0 and leftovers(uploads_tmp) == []


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("programm.exe", b"MZ\x90\x00", ".exe"),
        ("bericht.pdf", b"%PDF-1.7", ".pdf"),
        ("ohne-endung", b"a,b\n1,2\n", "?"),
        ("", b"", ""),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_at_its_field(
    lime: Path, uploads_tmp: Path, name: str, data: bytes, said: str
) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        answer = upload(console, name, data)
        assert answer.status_code == 422, answer.text
        assert 'id="problem-export-1"' in answer.text and said in answer.text
        assert console.client.app.state.console.jobs.running() == []  # type: ignore[attr-defined]
    assert stored(lime) == 0 and leftovers(uploads_tmp) == []


def test_a_structure_that_is_no_lss_is_refused(lime: Path, uploads_tmp: Path) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        answer = upload(console, "r.lsr", b"<document/>", structure=("s.csv", b"x"))
        assert answer.status_code == 422 and 'id="problem-structure-1"' in answer.text
    assert leftovers(uploads_tmp) == []


def test_an_oversize_upload_is_refused_and_nothing_kept(lime: Path, uploads_tmp: Path) -> None:
    with open_console(lime, sections=(make_section(max_upload=10_000),)) as console:
        answer = upload(console, "big.csv", LIMESURVEY_EXPORT.read_bytes() + b"\n" * 20_000)
        assert answer.status_code == 422 and "0.01 MB" in answer.text
        fitting = job_of(console, upload(console, "ok.csv", LIMESURVEY_EXPORT.read_bytes()))
        assert fitting.state == "done"
    assert stored(lime) == 2 and leftovers(uploads_tmp) == []


@pytest.mark.parametrize("csrf", ["", "forged-token-0123456789"])
def test_an_upload_without_the_session_token_stores_nothing(lime: Path, uploads_tmp: Path, csrf: str) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        answer = upload(console, "export.csv", LIMESURVEY_EXPORT.read_bytes(), csrf=csrf)
        assert answer.status_code == 403
        bare = console.client.post("/fieldwork/import", files={"export": ("e.csv", b"a")}, follow_redirects=False)
        assert bare.status_code == 403
        assert console.client.app.state.console.jobs.running() == []  # type: ignore[attr-defined]
    assert stored(lime) == 0 and leftovers(uploads_tmp) == []


def test_an_import_post_that_is_not_multipart_is_refused(lime: Path) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        assert console.post("/fieldwork/import", {"export": "a,b"}).status_code == 422  # a field, not a file
        assert console.client.post("/fieldwork/import", content=b"x", follow_redirects=False).status_code == 415
        many = console.client.post(
            "/fieldwork/import",
            data={"csrf": console.csrf},
            files=[("export", ("a.csv", b"a")), ("structure", ("s.lss", b"s")), ("extra", ("x.csv", b"x"))],
            follow_redirects=False,
        )
        assert many.status_code == 400
    assert stored(lime) == 0


def test_an_unknown_result_is_a_clear_page(lime: Path) -> None:
    with open_console(lime, sections=(make_section(),)) as console:
        answer = console.client.get("/fieldwork/import/nothing-here")
        assert answer.status_code == 404 and "<h1>" in answer.text


def test_an_upload_whose_job_never_runs_is_deleted_when_forgotten(uploads_tmp: Path) -> None:
    import gc

    from starlette.datastructures import UploadFile

    from eqsurvey.console.fieldwork.uploads import receive
    from tests.support.event_loop import run_async

    received = run_async(lambda: receive(UploadFile(io.BytesIO(b"a,b\n"), filename="e.csv"), None, 1000))
    assert received.export.read_bytes() == b"a,b\n" and (received.export.stat().st_mode & 0o777) == 0o600
    assert (received.folder.stat().st_mode & 0o777) == 0o700 and leftovers(uploads_tmp) != []
    del received
    gc.collect()
    assert leftovers(uploads_tmp) == []
