"""Every report states which community organisations reviewed and approved which version of the questionnaire.

Through the real commands: ``instrument review`` records reviews, ``release`` records the review status of
the instrument's exact content in the release, ``report build`` (annex and summary, HTML and PDF, de and
en) states it in words; and says so when nobody reviewed, and that nothing is recorded for releases made
before releases recorded reviews.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import pytest

from tests.support.cli import Eqsurvey

PASS = "review report passphrase"
OTHER_CONTENT = "e" * 64  # the content hash of an earlier version, reviewed before the present one

pytestmark = pytest.mark.slow  # the fixture makes three releases of simulated responses


@dataclass
class Made:
    eqsurvey: Eqsurvey
    unreviewed: str
    reviewed: str
    old: str
    content_hash: str


def _release(eqsurvey: Eqsurvey) -> str:
    return str(json.loads(eqsurvey("release", "--yes", "--json").stdout)["id"])


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    eqsurvey = Eqsurvey(tmp_path_factory.mktemp("review-report"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", PASS)
        eqsurvey("init", "proj", "--example", "musterstadt")
        eqsurvey.cwd = eqsurvey.cwd / "proj"
        eqsurvey("keys", "init")
        eqsurvey("responses", "simulate", "--n", "400", "--seed", "5", "-o", "r.csv")
        assert "stored 400" in eqsurvey("responses", "import", "r.csv").stdout
        unreviewed = _release(eqsurvey)
        old = _release(eqsurvey)
        content_hash = json.loads(eqsurvey("instrument", "validate", "--json").stdout)["content_hash"]
        earlier = {
            "instrument_id": "musterstadt-2026", "instrument_version": "0.9.0", "content_hash": OTHER_CONTENT,
            "by": "Frauenhaus e.V.", "decision": "approve", "at": "2026-03-02T10:00:00Z",
        }  # fmt: skip
        with (eqsurvey.cwd / "reviews.jsonl").open("a", encoding="utf-8") as reviews:
            reviews.write(json.dumps(earlier) + "\n")
        eqsurvey("instrument", "review", "--by", "Migrationsbeirat", "--comment", "Bitte Leichte Sprache prüfen")
        eqsurvey("instrument", "review", "--by", "Migrationsbeirat", "--approve")
        eqsurvey("instrument", "review", "--by", "Verein Vielfalt", "--comment", "Frage 3 ist zu lang")
        reviewed = _release(eqsurvey)
    # A release stored before releases recorded reviews: its body has no review field. The ledger refuses
    # changes to a release, so its trigger is taken away for the edit and put back, as a migration would.
    with sqlite3.connect(eqsurvey.cwd / "data" / "responses-ledger.sqlite") as ledger:
        (trigger,) = ledger.execute("SELECT sql FROM sqlite_master WHERE name = 'releases_no_update'").fetchone()
        ledger.execute("DROP TRIGGER releases_no_update")
        (body,) = ledger.execute("SELECT body FROM releases WHERE release_id = ?", (old,)).fetchone()
        stored = json.loads(body)
        assert "review" in stored
        del stored["review"]
        ledger.execute("UPDATE releases SET body = ? WHERE release_id = ?", (json.dumps(stored), old))
        ledger.execute(trigger)
    yield Made(eqsurvey, unreviewed, reviewed, old, content_hash)


def _text(made: Made, release: str, lang: str, *part: str) -> str:
    name = f"{release}-{lang}{'-' + part[-1] if part else ''}.html"
    made.eqsurvey("report", "build", release, "--lang", lang, *part, "-o", name)
    html = (made.eqsurvey.cwd / name).read_text(encoding="utf-8")
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _pdf_text(made: Made, release: str, lang: str, *part: str) -> str:
    from pypdf import PdfReader

    name = f"{release}-{lang}{'-' + part[-1] if part else ''}.pdf"
    made.eqsurvey("report", "build", release, "--lang", lang, *part, "-o", name)
    text = "\n".join(page.extract_text() for page in PdfReader(made.eqsurvey.cwd / name).pages)
    return " ".join(text.split())


PARTS = [(), ("--part", "summary")]


@pytest.mark.parametrize("part", PARTS, ids=["annex", "summary"])
def test_the_reports_name_who_approved_which_version(made: Made, part: tuple[str, ...]) -> None:
    short = made.content_hash[:12]
    en = _text(made, made.reviewed, "en", *part)
    assert f"Migrationsbeirat approved version 1.0.0 of the questionnaire (content {short}) on" in en
    assert f"Verein Vielfalt commented on version 1.0.0 of the questionnaire (content {short})" in en
    assert "without approving it" in en
    assert "No community organisation approved" not in en
    assert "Frage 3 ist zu lang" not in en and "Leichte Sprache" not in en  # comments stay with the analysts
    assert "Frauenhaus e.V. approved version 0.9.0 of the questionnaire (content eeeeeeeeeeee) on 2 March 2026" in en
    assert "does not carry over to a later version" in en
    de = _text(made, made.reviewed, "de", *part)
    assert f"Migrationsbeirat hat Version 1.0.0 des Fragebogens (Inhalt {short}) am" in de and "freigegeben" in de
    assert "Prüfung durch zivilgesellschaftliche Organisationen" in de


@pytest.mark.parametrize("part", PARTS, ids=["annex", "summary"])
def test_the_pdf_reports_name_who_approved_which_version(made: Made, part: tuple[str, ...]) -> None:
    short = made.content_hash[:12]
    en = _pdf_text(made, made.reviewed, "en", *part)
    assert "Migrationsbeirat approved version 1.0.0" in en and short in en
    de = _pdf_text(made, made.unreviewed, "de", *part)
    assert "Keine zivilgesellschaftliche Organisation hat Version 1.0.0" in de and short in de


@pytest.mark.parametrize("part", PARTS, ids=["annex", "summary"])
def test_the_reports_say_plainly_when_nobody_reviewed(made: Made, part: tuple[str, ...]) -> None:
    short = made.content_hash[:12]
    en = _text(made, made.unreviewed, "en", *part)
    assert f"No community organisation reviewed or approved version 1.0.0 of the questionnaire (content {short})" in en
    assert "Migrationsbeirat" not in en and "Frauenhaus" not in en
    de = _text(made, made.unreviewed, "de", *part)
    assert "Keine zivilgesellschaftliche Organisation hat Version 1.0.0 des Fragebogens" in de


@pytest.mark.parametrize("part", PARTS, ids=["annex", "summary"])
def test_a_release_made_before_reviews_were_recorded_says_not_recorded(made: Made, part: tuple[str, ...]) -> None:
    en = _text(made, made.old, "en", *part)
    assert "Whether community organisations reviewed the questionnaire is not recorded for this release" in en
    assert "No community organisation" not in en
    assert "ist für diese Veröffentlichung nicht festgehalten" in _text(made, made.old, "de", *part)


def test_the_release_records_the_review_status_without_comments(made: Made) -> None:
    shown = json.loads(made.eqsurvey("release", "show", made.reviewed, "--json").stdout)
    review = shown["review"]
    assert review["content_hash"] == made.content_hash
    assert [(e["by"], e["decision"], e["version"]) for e in review["current"]] == [
        ("Migrationsbeirat", "approve", "1.0.0"),  # the later approval, not the earlier comment
        ("Verein Vielfalt", "comment", "1.0.0"),
    ]
    assert [(e["by"], e["content_hash"], e["on"]) for e in review["earlier"]] == [
        ("Frauenhaus e.V.", OTHER_CONTENT, "2026-03-02")
    ]
    assert "Leichte Sprache" not in json.dumps(shown)
    unreviewed = json.loads(made.eqsurvey("release", "show", made.unreviewed, "--json").stdout)["review"]
    assert unreviewed == {"content_hash": made.content_hash, "current": [], "earlier": []}


def test_the_workbook_names_who_approved_which_version(made: Made) -> None:
    from openpyxl import load_workbook

    made.eqsurvey("report", "build", made.reviewed, "--lang", "en", "-o", "tables.xlsx")
    made.eqsurvey("report", "build", made.old, "--lang", "de", "-o", "alt.xlsx")
    about = load_workbook(made.eqsurvey.cwd / "tables.xlsx").worksheets[0]
    facts = {row[0]: row[1] for row in about.iter_rows(values_only=True) if row[0] and len(row) > 1}
    review = str(facts["Review by community organisations"])
    assert f"Migrationsbeirat approved version 1.0.0 of the questionnaire (content {made.content_hash[:12]})" in review
    assert "Frauenhaus e.V." in review
    old = load_workbook(made.eqsurvey.cwd / "alt.xlsx").worksheets[0]
    old_facts = {row[0]: row[1] for row in old.iter_rows(values_only=True) if row[0] and len(row) > 1}
    assert "nicht festgehalten" in str(old_facts["Prüfung durch zivilgesellschaftliche Organisationen"])
