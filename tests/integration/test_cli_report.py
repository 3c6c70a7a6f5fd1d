"""eqsurvey report build / compare through the real command, on releases of simulated, sealed responses."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Eqsurvey

PASS = "report tests passphrase"


pytestmark = pytest.mark.slow  # the module fixture runs the whole pipeline once, for every test here


@dataclass
class Made:
    eqsurvey: Eqsurvey
    root: Path
    first: str
    second: str


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """The Musterstadt example with 600 simulated responses and two releases (made once for this module)."""
    eqsurvey = Eqsurvey(tmp_path_factory.mktemp("report"))
    eqsurvey("init", "proj", "--example", "musterstadt")
    eqsurvey.cwd = eqsurvey.cwd / "proj"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EQSURVEY_PASSPHRASE", PASS)
        eqsurvey("keys", "init")
        eqsurvey("responses", "simulate", "--n", "600", "--seed", "3", "-o", "r.csv")
        assert "stored 600, rejected 0" in eqsurvey("responses", "import", "r.csv").stdout
        first, second = (eqsurvey("release", "--yes").stdout.strip() for _ in range(2))
    config = eqsurvey.cwd / "eqsurvey.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[survey]\nfieldwork = "4 May to 28 June 2026"\n')
    yield Made(eqsurvey, eqsurvey.cwd, first, second)


def _stored(made: Made, rid: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(made.eqsurvey("release", "show", rid, "--json").stdout)
    return body


@pytest.mark.parametrize("lang", ["de", "en"])
def test_html_report_of_a_release(made: Made, lang: str) -> None:
    run = made.eqsurvey("report", "build", made.first, "--lang", lang, "-o", f"out/report-{lang}.html")
    assert f"wrote out/report-{lang}.html" in run.stderr
    html = (made.root / "out" / f"report-{lang}.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}" dir="ltr">' in html
    assert html.count("<h1") == 1 and "<script" not in html and not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert (
        "Vielfalt und Diskriminierung in Musterstadt" in html
        if lang == "de"
        else "Diversity and discrimination" in html
    )
    assert (
        "Erhebungszeitraum: 4 May to 28 June 2026." if lang == "de" else "Fieldwork period: 4 May to 28 June 2026."
    ) in html
    body = _stored(made, made.first)
    tables = body["tables"]
    assert isinstance(tables, list)
    assert html.count('class="table-section"') == len(tables)
    assert html.count('role="img"') == sum(1 for t in tables if t["kind"] != "write_ins" and t["cells"])
    suppressed = sum(1 for t in tables for c in t["cells"] if c["status"] == "suppressed")
    assert html.count('data-status="suppressed"') == suppressed > 0
    assert made.first in html


def test_the_summary_of_a_release_uses_only_sound_comparisons_and_published_sizes(made: Made) -> None:
    from html import unescape

    from instruments.loader import load_instrument
    from reports.catalogue import Catalogue
    from reports.labels import Labels

    made.eqsurvey("report", "build", made.first, "--lang", "en", "-o", "out/sound.html")
    page = unescape((made.root / "out" / "sound.html").read_text(encoding="utf-8"))
    summary = page[page.index('id="summary"') : page.index('id="results"')]
    findings = re.findall(r"<li>(.*?)</li>", summary[summary.index('class="findings"') :], re.S)
    assert findings
    for finding in findings:
        assert not re.search(r"\b(?:100|0)\.0% in the group", finding), finding  # no share at an end
        if "#t-discrimination_gender_x_racialisation" in finding:
            assert "(the two groups differ in this only)" in finding, finding
    body = _stored(made, made.first)
    labels = Labels(load_instrument(made.root / "instrument.yaml").instrument, Catalogue("en"))
    (identity,) = [t for t in body["tables"] if t["id"] == "discrimination_by_identity"]
    shown = {c["by"]["rac_self"] for c in identity["cells"] if c["status"] != "suppressed"}
    hidden = {c["by"]["rac_self"] for c in identity["cells"] if c["status"] == "suppressed" and c["measure"] == "false"}
    # The racialisation breakdown's own list: labels such as "Prefer not to say" recur in other breakdowns.
    blocks = dict(re.findall(r"<dt[^>]*>([^<]*)</dt>\s*<dd>(.*?)</dd>", summary, re.S))
    sizes = dict(re.findall(r"<li><span[^>]*>([^<]*)</span>: ([^<]*)</li>", blocks[str(labels.variable("rac_self"))]))
    assert shown
    statuses = {"_answered", "_no_answer", "prefer_not_to_say"}  # not groups of people: not in the list of groups
    assert not {str(labels.category("rac_self", code)) for code in statuses} & set(sizes)
    shown -= statuses
    for code in shown:  # a group a table shows is given with a figure, never as having none
        assert re.fullmatch(r"[\d,]+(?: or more)?", sizes[str(labels.category("rac_self", code))]), code
    for code in hidden & shown:  # nor used in a finding, its "yes" resting on a base that lost its "no"
        label = str(labels.category("rac_self", code))
        assert not any(f"group “{label}”" in f for f in findings if "#t-discrimination_by_identity" in f), label


def test_pdf_csv_and_json_of_a_release(made: Made) -> None:
    from pypdf import PdfReader

    made.eqsurvey("report", "build", made.first, "--lang", "en", "--format", "pdf", "-o", "out/report.pdf")
    made.eqsurvey("report", "build", made.first, "--lang", "de", "-o", "out/bericht.pdf")  # format from the suffix
    for name, words in (("report.pdf", "Methodology and data protection"), ("bericht.pdf", "Methode und Datenschutz")):
        reader = PdfReader(made.root / "out" / name)
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert words in text and made.first in text
    made.eqsurvey("report", "build", made.first, "--lang", "de", "--format", "csv", "-o", "out/cells.csv")
    made.eqsurvey("report", "build", made.first, "--lang", "en", "-o", "out/cells.json")
    rows = list(csv.DictReader(io.StringIO((made.root / "out" / "cells.csv").read_text(encoding="utf-8"))))
    document = json.loads((made.root / "out" / "cells.json").read_text(encoding="utf-8"))
    assert len(rows) == len(document["cells"]) > 100 and document["release"]["id"] == made.first
    hidden = [r for r in rows if r["status"] == "suppressed"]
    assert hidden and all(r["estimate"] == r["share"] == r["low"] == r["n"] == "" for r in hidden)
    assert {r["table_title"] for r in rows if r["table"] == "gender_representation"} == {
        "Geschlechtergruppen unter den Befragten und in der Bevölkerung"
    }
    stdout = made.eqsurvey("report", "build", made.first, "--lang", "en", "--format", "json").stdout
    assert json.loads(stdout)["report"]["lang"] == "en"


def test_imported_responses_carry_no_simulated_notice(made: Made, monkeypatch: pytest.MonkeyPatch) -> None:
    """Imported without --simulated: the store, dataset, release and every report hold them as real."""
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    made.eqsurvey("dataset", "export", "-o", "out/real.parquet")
    dictionary = json.loads((made.root / "out" / "real.dictionary.json").read_text(encoding="utf-8"))
    assert dictionary["simulated_responses"] == 0 and "notice" not in dictionary
    assert _stored(made, made.first)["simulated_responses"] == 0
    for lang in ("de", "en"):
        made.eqsurvey("report", "build", made.first, "--lang", lang, "-o", f"out/real-{lang}.html")
        html = (made.root / "out" / f"real-{lang}.html").read_text(encoding="utf-8")
        assert (
            'class="simulated-banner"' not in html and "Simulierte Daten" not in html and "Simulated data" not in html
        )
        made.eqsurvey("report", "build", made.first, "--lang", lang, "--format", "csv", "-o", f"out/real-{lang}.csv")
        assert (made.root / "out" / f"real-{lang}.csv").read_text(encoding="utf-8").startswith('"table",')
        document = json.loads(made.eqsurvey("report", "build", made.first, "--lang", lang, "--format", "json").stdout)
        assert "notice" not in document
    made.eqsurvey("release", "export", made.first, "--format", "json", "-o", "out/tidy.json")
    assert "notice" not in json.loads((made.root / "out" / "tidy.json").read_text(encoding="utf-8"))


def test_compare_two_releases(made: Made) -> None:
    made.eqsurvey("report", "compare", made.first, made.second, "--lang", "en", "-o", "out/compare.html")
    html = (made.root / "out" / "compare.html").read_text(encoding="utf-8")
    assert made.first in html and made.second in html and html.count("<h1") == 1
    assert "were not pooled" in html
    tables = _stored(made, made.first)["tables"]
    assert isinstance(tables, list)
    assert html.count('class="table-section"') == sum(1 for t in tables if t["kind"] != "write_ins")
    german = made.eqsurvey("report", "compare", made.first, made.second, "--lang", "de").stdout
    assert '<html lang="de" dir="ltr">' in german and "nicht zusammengelegt" in german


def test_compare_the_releases_of_two_municipalities(made: Made, tmp_path: Path) -> None:
    # A second municipality runs the same instrument in its own project and hands over its release as a file.
    other = Eqsurvey(tmp_path)
    other("init", "beispielstadt", "--example", "musterstadt")
    other.cwd = tmp_path / "beispielstadt"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EQSURVEY_PASSPHRASE", PASS)
        other("keys", "init")
        other("responses", "simulate", "--n", "500", "--seed", "9", "-o", "r.csv")
        other("responses", "import", "r.csv")
        theirs = other("release", "--yes").stdout.strip()
    handed_over = tmp_path / "beispielstadt-release.json"
    handed_over.write_text(other("release", "show", theirs, "--json").stdout, encoding="utf-8")
    made.eqsurvey("report", "compare", made.first, str(handed_over), "--lang", "en", "-o", "out/cities.html")
    html = (made.root / "out" / "cities.html").read_text(encoding="utf-8")
    assert made.first in html and theirs in html
    assert "<td>proj</td>" in html and "<td>beispielstadt</td>" in html
    assert "their budgets do not add up" in html and "Together these releases spent" not in html
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "r-1",\n  "tables": [}', encoding="utf-8")
    run = made.eqsurvey("report", "compare", made.first, str(broken), expect=1)
    assert "broken.json:2: not JSON" in run.stderr
    broken.write_text('{"id": "r-1"}', encoding="utf-8")
    assert "not a stored release" in made.eqsurvey("report", "compare", made.first, str(broken), expect=1).stderr
    edited = json.loads(handed_over.read_text(encoding="utf-8"))
    edited["tables"][0]["cells"][0] |= {"status": "visible", "n": -4}  # damaged in transit, or by hand
    broken.write_text(json.dumps(edited), encoding="utf-8")
    run = made.eqsurvey("report", "compare", made.first, str(broken), expect=1)
    assert (
        f"broken.json, 'release {theirs}: tables[0].cells[0].status'" in run.stderr and "[release-file]" in run.stderr
    )
    assert "tables[0].cells[0].n'" in run.stderr and "greater than or equal to 0" in run.stderr
    assert "release show ID --json" in run.stderr and "Traceback" not in run.stderr


def test_mistakes_are_user_errors_without_traceback(made: Made) -> None:
    run = made.eqsurvey("report", "build", "r-nope", "-o", "out/x.html", expect=1)
    assert "no release 'r-nope'" in run.stderr and not (made.root / "out" / "x.html").exists()
    assert "unknown-language" in made.eqsurvey("report", "build", made.first, "--lang", "fr", expect=1).stderr
    assert "unknown-format" in made.eqsurvey("report", "build", made.first, "--format", "docx", expect=1).stderr
    assert "at least two" in made.eqsurvey("report", "compare", made.first, made.first, expect=1).stderr
    instrument = made.root / "instrument.yaml"
    text = instrument.read_text(encoding="utf-8")
    try:
        instrument.write_text(text.replace("version: 1.0.0", "version: 1.1.0", 1), encoding="utf-8")
        run = made.eqsurvey("report", "build", made.first, expect=1)
        assert "release-instrument" in run.stderr and "1.1.0" in run.stderr
    finally:
        instrument.write_text(text, encoding="utf-8")


def test_help_is_there_and_lists_the_commands(made: Made) -> None:
    run = made.eqsurvey("report", "--help")
    assert "build" in run.stdout and "compare" in run.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["-o", "out/b.docx"], "'.docx' file"),
        (["--format", "pdf", "-o", "out/b.html"], "'.html' file with --format pdf"),
    ],
)
def test_an_output_suffix_it_does_not_write_is_refused(made: Made, args: list[str], named: str) -> None:
    run = made.eqsurvey("report", "build", made.first, "--lang", "en", *args, expect=1)
    assert "output-suffix" in run.stderr and named in run.stderr
    assert "html (.html)" in run.stderr and "pdf (.pdf)" in run.stderr and "csv (.csv)" in run.stderr
    assert not (made.root / args[-1]).exists()
    run = made.eqsurvey("report", "compare", made.first, made.second, "-o", "out/c.csv", expect=1)
    assert "'.csv' file" in run.stderr and "csv (.csv)" not in run.stderr
    assert not (made.root / "out" / "c.csv").exists()


@pytest.mark.parametrize(
    "command",
    [("budget",), ("release", "list"), ("keys", "init"), ("invitations", "count"), ("release", "audit")],
)
def test_boolean_flags_are_shown_as_flags(made: Made, command: tuple[str, ...]) -> None:
    """Help once showed "--json <bool>", although --json takes no value."""
    run = made.eqsurvey(*command, "--help")
    assert "--help" in run.stdout
    assert not re.search(r"<bool>|BOOLEAN|\[true\|false\]", run.stdout, re.IGNORECASE), run.stdout


def test_help_keeps_example_lines_apart(made: Made) -> None:
    """click's plain help rewraps paragraphs; a list of examples must stay one per line."""
    lines = made.eqsurvey("responses", "import", "--help").stdout.splitlines()
    assert "  Example: eqsurvey responses import limesurvey-export.csv" in lines


def test_json_is_a_plain_flag(made: Made) -> None:
    assert isinstance(json.loads(made.eqsurvey("release", "list", "--json").stdout), list)
    assert made.eqsurvey("release", "list", "--json", "true", expect=2).exit_code == 2
