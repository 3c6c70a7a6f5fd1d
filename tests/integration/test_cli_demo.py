"""eqsurvey demo: the whole pipeline through the real command, on a small population."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from markupsafe import escape

from tests.integration.conftest import Eqsurvey, Run


@dataclass
class Demo:
    run: Run
    root: Path


pytestmark = pytest.mark.slow  # the module fixture runs the whole demo once, for the tests that read it


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """One run of the demo for this module's tests (it takes most of a minute)."""
    eqsurvey = Eqsurvey(tmp_path_factory.mktemp("demo"))
    before = os.environ.get("EQSURVEY_PASSPHRASE")
    run = eqsurvey("demo", "demo", "--n", "400", "--seed", "2")
    assert os.environ.get("EQSURVEY_PASSPHRASE") == before  # the demo's passphrase does not outlive it
    return Demo(run, (eqsurvey.cwd / "demo").resolve())


def test_the_demo_runs_every_step_and_prints_its_reports(demo: Demo) -> None:
    run, root = demo.run, demo.root
    paths = [Path(line) for line in run.stdout.splitlines()]
    assert paths == [
        root / "reports" / f"{name}-{lang}.{fmt}"
        for lang in ("de", "en")
        for name in ("summary", "report")
        for fmt in ("html", "pdf")
    ]
    for path in paths:
        assert path.stat().st_size > 10_000
    assert paths[1].read_bytes().startswith(b"%PDF")
    assert '<html lang="de"' in paths[0].read_text(encoding="utf-8")
    from pypdf import PdfReader

    for lang in ("de", "en"):  # the summary a council gets: at most eight A4 pages
        assert 1 <= len(PdfReader(root / "reports" / f"summary-{lang}.pdf").pages) <= 8, lang
    for step in range(1, 9):
        assert f"[{step}/8]" in run.stderr
    assert json.loads((root / "preview.json").read_text(encoding="utf-8"))["respondents"] == 400
    at = Eqsurvey(root)
    budget = json.loads(at("budget", "--json").stdout)
    assert budget["rho_spent"] == 0.15 and len(budget["releases"]) == 1
    assert "400" in at("responses", "count").stdout


def test_the_demo_refuses_a_folder_in_use(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    run = eqsurvey("demo", "taken", expect=1)
    assert "taken exists and is not empty" in run.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_a_step_that_fails_stops_the_demo_with_its_message(
    eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", "short")  # keys init refuses it: step 2 fails as a user error
    run = eqsurvey("demo", "weak", "--n", "100", expect=1)
    assert "[weak-passphrase]" in run.stderr and "keys init` failed" in run.stderr
    assert "[demo-step] the demo stopped at step 2/8: make the analysts' keys" in run.stderr
    assert "[3/8]" not in run.stderr and run.stdout == ""
    assert not (tmp_path / "weak" / "reports").exists()


@pytest.mark.parametrize("name", ["summary", "report"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_demo_reports_say_first_that_their_data_are_simulated(demo: Demo, lang: str, name: str) -> None:
    from pypdf import PdfReader

    from reports.catalogue import Catalogue

    t = Catalogue(lang)
    html = (demo.root / "reports" / f"{name}-{lang}.html").read_text(encoding="utf-8")
    masthead_end, banner = html.index("</header>"), html.index('<aside class="simulated-banner"')
    assert masthead_end < banner < html.index("<h2")  # right after the masthead, before any section
    assert escape(t("simulated.title")) in html and escape(t("simulated.text")) in html
    first_page = PdfReader(demo.root / "reports" / f"{name}-{lang}.pdf").pages[0].extract_text()
    flat = " ".join(first_page.split())
    assert 0 <= flat.find(t("simulated.title")) < 400, flat[:600]  # among the first lines of the first page


def test_the_demo_data_and_exports_say_they_are_simulated(demo: Demo) -> None:
    at = Eqsurvey(demo.root)
    dictionary = json.loads((demo.root / "data" / "dataset.dictionary.json").read_text(encoding="utf-8"))
    assert next(iter(dictionary)) == "notice" and dictionary["simulated_responses"] == 400
    assert dictionary["notice"].startswith("SIMULATED DATA: 400 of the 400 responses")
    release_id = json.loads((demo.root / "release.json").read_text(encoding="utf-8"))["id"]
    assert json.loads(at("release", "show", release_id, "--json").stdout)["simulated_responses"] == 400
    for lang in ("de", "en"):
        at("report", "build", release_id, "--lang", lang, "--format", "csv", "-o", f"cells-{lang}.csv")
        rows = list(csv.reader(io.StringIO((demo.root / f"cells-{lang}.csv").read_text(encoding="utf-8"))))
        assert rows[0][0] == "data_source" and len(rows) > 100 and {r[0] for r in rows[1:]} == {"simulated"}
        document = json.loads(at("report", "build", release_id, "--lang", lang, "--format", "json").stdout)
        assert next(iter(document)) == "notice" and document["notice"].startswith(
            "Simulierte Daten" if lang == "de" else "Simulated data"
        )
    at("release", "export", release_id, "--format", "csv", "-o", "tidy.csv")
    assert (demo.root / "tidy.csv").read_text(encoding="utf-8").startswith('"data_source","table",')
    at("release", "export", release_id, "--format", "json", "-o", "tidy.json")
    assert next(iter(json.loads((demo.root / "tidy.json").read_text(encoding="utf-8")))) == "notice"


def test_the_demo_form_says_on_its_pages_that_it_is_a_demo(demo: Demo) -> None:
    from starlette.testclient import TestClient

    from eqsurvey.workflows.form_app import create_app
    from survey.web.messages import wording

    with TestClient(create_app(demo.root)) as client:
        for lang in ("de", "en"):
            page = client.get(f"/?lang={lang}").text
            body = page[page.index("<body>") :]
            assert body.index('class="simulated-banner"') < body.index('class="site"')
            assert str(escape(wording(lang)["simulated_banner"])) in body
