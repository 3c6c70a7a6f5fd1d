"""eqsurvey report build --part summary|annex through the real command, on a release of the Musterstadt example."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey
from tests.support.released_example import released_example

PASS = "summary tests passphrase"
TITLE = {"de": "Vielfalt und Diskriminierung in Musterstadt", "en": "Diversity and discrimination in Musterstadt"}


@dataclass
class Made:
    eqsurvey: Eqsurvey
    root: Path
    release: str


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """The Musterstadt example with 1,000 simulated, sealed responses and one release."""
    eqsurvey, release = released_example(tmp_path_factory.mktemp("summary"), PASS, n=1000, seed=5)
    yield Made(eqsurvey, eqsurvey.cwd, release)


def _text(page: str) -> str:
    body = re.sub(r"<style\b.*?</style>", " ", page[page.index("<body") :], flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_summary_as_html_and_as_a_pdf_of_at_most_eight_a4_pages(made: Made, lang: str) -> None:
    from pypdf import PdfReader

    from instruments.loader import load_instrument
    from reports.catalogue import Catalogue
    from tests.unit.reports.language import check, codes_of

    t = Catalogue(lang)
    run = made.eqsurvey("report", "build", made.release, "--part", "summary", "--lang", lang, "-o", f"s-{lang}.html")
    assert f"wrote s-{lang}.html" in run.stderr
    page = (made.root / f"s-{lang}.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="ltr">' in page and page.count("<h1") == 1 and "<script" not in page
    seen = _text(page)
    assert TITLE[lang] in seen and t("digest.kicker") in seen and t("digest.findings") in seen
    assert t("digest.annex", release=made.release) in seen
    assert not re.search(r"[ρεδσ]", seen)
    instrument = load_instrument(made.root / "instrument.yaml").instrument
    found = check(page, lang, codes_of(instrument))  # every sentence in the page's language, no code
    assert not found, [str(f) for f in found]
    assert 'class="table-section"' not in page  # the annex's tables are not in the summary
    made.eqsurvey("report", "build", made.release, "--part", "summary", "--lang", lang, "-o", f"s-{lang}.pdf")
    reader = PdfReader(made.root / f"s-{lang}.pdf")
    # A4 in points (595 × 842), and at most eight of them.
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages)
    assert 1 <= len(reader.pages) <= 8, len(reader.pages)
    printed = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert t("digest.findings") in printed and t("digest.protection") in printed


def test_the_annex_is_the_default_part_and_the_full_report(made: Made) -> None:
    made.eqsurvey("report", "build", made.release, "--lang", "en", "-o", "default.html")
    made.eqsurvey("report", "build", made.release, "--part", "annex", "--lang", "en", "-o", "annex.html")
    annex = (made.root / "annex.html").read_text(encoding="utf-8")
    assert annex == (made.root / "default.html").read_text(encoding="utf-8")
    assert 'class="table-section"' in annex
    summary = made.eqsurvey("report", "build", made.release, "--part", "summary", "--lang", "en").stdout
    assert summary.startswith("<!DOCTYPE html>") and len(summary) < len(annex) / 2


@pytest.mark.parametrize("target", [("--format", "csv"), ("-o", "summary.json")])
def test_a_summary_as_data_is_refused_with_the_way_to_the_tables(made: Made, target: tuple[str, str]) -> None:
    run = made.eqsurvey("report", "build", made.release, "--part", "summary", *target, expect=1)
    assert "the summary cannot be written as" in run.stderr and "--part annex" in run.stderr
    assert not (made.root / "summary.json").exists()


def test_an_unknown_part_is_a_usage_error_and_help_shows_both_parts_and_the_examples(made: Made) -> None:
    run = made.eqsurvey("report", "build", made.release, "--part", "digest", expect=2)
    assert "summary" in run.stderr and "annex" in run.stderr
    lines = made.eqsurvey("report", "build", "--help").stdout.splitlines()
    assert any(line.strip().startswith("--part <summary|annex>") for line in lines), lines
    examples = [line.strip() for line in lines if line.strip().startswith("Example: eqsurvey report build")]
    assert len(examples) >= 2 and "--part summary" in examples[0] and "--part" not in examples[1]
