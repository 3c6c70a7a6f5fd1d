"""Exports of the same survey imported again and again, as fieldwork goes on: each response stored once.

The scenarios of issue 15 through the real command, on LimeSurvey and KoboToolbox
exports grown, shrunk, re-saved and corrected from the repository's fixtures
(the property over any sequence of such exports: test_reimport_property.py).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from instruments.loader import load_instrument
from survey.importers.limesurvey.responses import read_limesurvey_csv
from survey.intake.ingest import ingest
from survey.store import base as store_base
from survey.store import open_store
from survey.store.schema import MIGRATIONS
from tests.integration.conftest import Eqsurvey
from tests.integration.test_cli_platforms import OWN_DEPLOYED, name_deployed_version
from tests.integration.test_store import batch

OWN = Path(__file__).resolve().parents[1] / "fixtures" / "responses"
PASS = "a long passphrase for tests"
INSTRUMENT = load_instrument(OWN / "limesurvey_instrument.yaml").instrument
KEY = PrivateKey.generate()
SECRET = PseudonymSecret.generate()

# --- LimeSurvey exports made from the fixture -----------------------------------------------------

_HEADER, *_ROWS = list(csv.reader(io.StringIO((OWN / "limesurvey_responses.csv").read_text(encoding="utf-8-sig"))))
#: The fixture's complete, valid responses (its third is incomplete, its fourth invalid on purpose).
_TEMPLATES = [_ROWS[0], _ROWS[1]]
_AT = {name: i for i, name in enumerate(_HEADER)}


@dataclass(frozen=True)
class Saved:
    """How a spreadsheet program may save an export again."""

    delimiter: str = ","
    newline: str = "\n"
    bom: bool = False
    quote_all: bool = True


def respondent(k: int, *, age: int | None = None, token: bool = False, g1: str | None = None) -> list[str]:
    """Response k of the survey (LimeSurvey id k), made from the fixture's complete responses."""
    row = list(_TEMPLATES[k % 2])
    row[_AT["id"]] = str(k)
    row[_AT["token"]] = f"TOK-{k:04d}" if token else ""
    row[_AT["AGE"]] = str(age if age is not None else 16 + k % 80)
    row[_AT["COMMENTS"]] = f"Antwort {k}"  # tells the responses apart once opened
    if g1 is not None:
        row[_AT["G1"]] = g1
    return row


def write_export(path: Path, rows: list[list[str]], saved: Saved = Saved()) -> Path:
    out = io.StringIO()
    csv.writer(
        out,
        delimiter=saved.delimiter,
        lineterminator=saved.newline,
        quoting=csv.QUOTE_ALL if saved.quote_all else csv.QUOTE_MINIMAL,
    ).writerows([_HEADER, *rows])
    path.write_bytes((b"\xef\xbb\xbf" if saved.bom else b"") + out.getvalue().encode("utf-8"))
    return path


@pytest.fixture
def lime(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    eqsurvey.cwd = tmp_path / "p"
    eqsurvey("keys", "init")
    (tmp_path / "p" / "instrument.yaml").write_text((OWN / "limesurvey_instrument.yaml").read_text("utf-8"), "utf-8")
    return tmp_path / "p"


def count(eqsurvey: Eqsurvey) -> int:
    return int(eqsurvey("responses", "count").stdout.split(",")[0].split()[1])


def summary(run: Any) -> dict[str, int]:
    """The import's last line as numbers: {'stored': 100, 'rejected': 0, 'unchanged': 200, …}."""
    line = run.stdout.strip().splitlines()[-1]
    return {part.rsplit(" ", 1)[0].strip(): int(part.rsplit(" ", 1)[1]) for part in line.split(",")}


# --- the scenarios of the finding, through the real command ----------------------------------------


def test_a_grown_export_stores_only_the_new_responses(lime: Path, eqsurvey: Eqsurvey) -> None:
    everyone = [respondent(k) for k in range(1, 301)]
    write_export(lime / "first.csv", everyone[:200])
    write_export(lime / "full.csv", everyone)
    assert summary(eqsurvey("responses", "import", "first.csv"))["stored"] == 200
    grown = summary(eqsurvey("responses", "import", "full.csv"))
    assert grown["stored"] == 100 and grown["unchanged"] == 200 and grown["replaced"] == 0
    assert count(eqsurvey) == 300  # before: 500
    # A shrunk export (a date range, "completed only") takes nothing away and adds nothing.
    write_export(lime / "last-week.csv", everyone[250:])
    assert summary(eqsurvey("responses", "import", "last-week.csv"))["unchanged"] == 50
    assert count(eqsurvey) == 300


@pytest.mark.parametrize(
    "saved",
    [
        Saved(newline="\r\n"),
        Saved(bom=True),
        Saved(delimiter=";", newline="\r\n", bom=True, quote_all=False),  # as Excel saves it in German
    ],
    ids=["crlf", "bom", "excel"],
)
def test_a_resaved_export_stores_nothing_new(lime: Path, eqsurvey: Eqsurvey, saved: Saved) -> None:
    everyone = [respondent(k) for k in range(1, 301)]
    write_export(lime / "export.csv", everyone)
    write_export(lime / "resaved.csv", everyone, saved)
    assert (lime / "export.csv").read_bytes() != (lime / "resaved.csv").read_bytes()
    assert summary(eqsurvey("responses", "import", "export.csv"))["stored"] == 300
    again = summary(eqsurvey("responses", "import", "resaved.csv"))
    assert again == {
        "stored": 0,
        "rejected": 0,
        "unchanged": 300,
        "replaced": 0,
        "erased earlier": 0,
        "access code already used": 0,
    }
    assert count(eqsurvey) == 300  # before: 600


def test_rows_rejected_before_are_stored_once_the_instrument_is_fixed(lime: Path, eqsurvey: Eqsurvey) -> None:
    # Five responses chose an option the instrument did not have yet.
    rows = [respondent(k, g1="A4" if k % 4 == 0 else None) for k in range(1, 21)]
    write_export(lime / "export.csv", rows)
    first = eqsurvey("responses", "import", "export.csv", expect=1)
    assert summary(first)["stored"] == 15 and summary(first)["rejected"] == 5
    assert "A4" in first.stderr
    text = (lime / "instrument.yaml").read_text("utf-8")
    fixed = text.replace(
        "          - {code: A3, label: {de: Wohnheim, en: Hall}}\n",
        "          - {code: A3, label: {de: Wohnheim, en: Hall}}\n          - {code: A4, label: {de: WG, en: Shared}}\n",
    )
    assert fixed != text
    (lime / "instrument.yaml").write_text(fixed, "utf-8")
    again = summary(eqsurvey("responses", "import", "export.csv"))
    assert again["stored"] == 5 and again["unchanged"] == 15 and again["rejected"] == 0  # before: stored 0
    assert count(eqsurvey) == 20


def test_a_corrected_cell_replaces_its_response_and_doubles_nothing(lime: Path, eqsurvey: Eqsurvey) -> None:
    write_export(lime / "export.csv", [respondent(1, age=34), respondent(2, age=41)])
    eqsurvey("responses", "import", "export.csv")
    write_export(lime / "corrected.csv", [respondent(1, age=34), respondent(2, age=42)])
    run = eqsurvey("responses", "import", "corrected.csv")
    assert summary(run)["replaced"] == 1 and summary(run)["unchanged"] == 1 and summary(run)["stored"] == 0
    assert "changed since they were stored: row(s) 3" in run.stderr  # the heading row is row 1
    assert count(eqsurvey) == 2  # before: 3
    eqsurvey("dataset", "export", "-o", "ds.parquet")
    ages = sorted(pd.read_parquet(lime / "ds.parquet")["age"].tolist())
    assert ages == [34, 42], "the latest export wins"
    log = [e for e in open_audit(lime) if e.action == "import-replaced"]
    assert [e.detail["responses"] for e in log] == [1]


def open_audit(project: Path) -> list[Any]:
    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        return store.audit_log()
    finally:
        store.close()


def test_an_erased_response_stays_erased_in_every_later_export(lime: Path, eqsurvey: Eqsurvey) -> None:
    write_export(lime / "export.csv", [respondent(k, token=True) for k in range(1, 11)])
    eqsurvey("responses", "import", "export.csv")
    assert "erased 1" in eqsurvey("responses", "erase", "--access-code", "TOK-0003").stdout
    # Exported again, grown, with the erased response corrected and its token gone from the export.
    rows = [respondent(k, token=k != 3, age=70 if k == 3 else None) for k in range(1, 16)]
    write_export(lime / "later.csv", rows, Saved(newline="\r\n"))
    later = summary(eqsurvey("responses", "import", "later.csv"))
    assert later["erased earlier"] == 1 and later["stored"] == 5 and later["unchanged"] == 9
    assert count(eqsurvey) == 14


def test_an_access_code_counts_once_across_exports(lime: Path, eqsurvey: Eqsurvey) -> None:
    write_export(lime / "export.csv", [respondent(1, token=True)])
    eqsurvey("responses", "import", "export.csv")
    second = respondent(2, token=True)
    second[_AT["token"]] = "TOK-0001"  # another response with the same token
    write_export(lime / "later.csv", [second])
    run = eqsurvey("responses", "import", "later.csv")
    assert summary(run)["access code already used"] == 1 and "row(s) 2" in run.stderr
    assert count(eqsurvey) == 1


def test_a_response_id_twice_in_one_file_is_a_row_problem(lime: Path, eqsurvey: Eqsurvey) -> None:
    write_export(lime / "export.csv", [respondent(1), respondent(2), respondent(1, age=50)])
    run = eqsurvey("responses", "import", "export.csv", expect=1)
    assert "row 4" in run.stderr and "already in row 2" in run.stderr
    assert count(eqsurvey) == 2


# --- KoboToolbox: the uuid, across JSON and CSV, and an edited submission ----------------------------


@pytest.fixture
def kobo(eqsurvey: Eqsurvey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    eqsurvey("init", "p")
    eqsurvey.cwd = tmp_path / "p"
    eqsurvey("keys", "init")
    eqsurvey("instrument", "import", OWN / "kobo_form.json", "-o", tmp_path / "p" / "instrument.yaml", "--force")
    name_deployed_version(tmp_path / "p", OWN_DEPLOYED)  # as its submissions name it (see there)
    return tmp_path / "p"


def test_kobo_submissions_are_recognised_by_their_uuid_in_json_and_csv(kobo: Path, eqsurvey: Eqsurvey) -> None:
    first = summary(eqsurvey("responses", "import", OWN / "kobo_submissions.json", expect=1))
    assert first["stored"] == 2 and first["rejected"] == 1  # the third submission is wrong on purpose
    # The CSV export of the same submissions: its third is the corrected one, its first has a longer text.
    again = summary(eqsurvey("responses", "import", OWN / "kobo_export.csv"))
    assert again["stored"] == 1 and again["unchanged"] == 1 and again["replaced"] == 1
    assert count(eqsurvey) == 3
    assert summary(eqsurvey("responses", "import", OWN / "kobo_export.csv"))["unchanged"] == 3


def test_an_edited_kobo_submission_replaces_the_one_it_deprecates(kobo: Path, eqsurvey: Eqsurvey) -> None:
    data = json.loads((OWN / "kobo_submissions.json").read_text("utf-8"))
    first, second = data["results"][:2]
    for submission in (first, second):
        submission.pop("meta/deprecatedID", None)
    (kobo / "before.json").write_text(json.dumps([first, second]), "utf-8")
    assert summary(eqsurvey("responses", "import", "before.json"))["stored"] == 2
    # Edited on the server: a new instanceID (and _uuid), the old one named as deprecated, an answer changed.
    edited = {**second, "_uuid": "5e1f0000-aaaa-4bbb-8ccc-000000000001", "about/age": "62"}
    edited["meta/instanceID"] = "uuid:5e1f0000-aaaa-4bbb-8ccc-000000000001"
    edited["meta/deprecatedID"] = second["meta/instanceID"]
    (kobo / "after.json").write_text(json.dumps([first, edited]), "utf-8")
    after = summary(eqsurvey("responses", "import", "after.json"))
    assert after["replaced"] == 1 and after["unchanged"] == 1 and after["stored"] == 0
    assert count(eqsurvey) == 2
    assert summary(eqsurvey("responses", "import", "after.json"))["unchanged"] == 2


# --- eqsurvey's CSV and mapped files ---------------------------------------------------------------


def test_our_csv_with_a_response_id_and_a_mapped_file_with_one(lime: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("responses", "simulate", "--n", "30", "--seed", "3", "-o", "ours.csv")
    header, *rows = list(csv.reader(io.StringIO((lime / "ours.csv").read_text("utf-8"))))
    with (lime / "with-ids.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["response_id", *header], *([f"R-{i}", *r] for i, r in enumerate(rows))])
    run = eqsurvey("responses", "import", "with-ids.csv")
    assert summary(run)["stored"] == 30 and "recognised by their answers" not in run.stderr
    rows[4][header.index("comments")] = "korrigiert"
    with (lime / "with-ids.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(
            [["response_id", *header], *([f"R-{i}", *r] for i, r in enumerate(rows))]
        )
    again = summary(eqsurvey("responses", "import", "with-ids.csv"))
    assert again["replaced"] == 1 and again["unchanged"] == 29
    # The same responses in another layout, through a mapping naming the id column.
    columns = {
        h: {"question": h.split("__")[0], **({"row": h.split("__")[1]} if "__" in h else {})} for h in header[1:]
    }
    mapping = {"response_id": "Laufnummer", "ignore": ["access_code"], "columns": columns}
    with (lime / "other.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["Laufnummer", *header], *([f"M-{i}", *r] for i, r in enumerate(rows))])
    (lime / "mapping.yaml").write_text(json.dumps(mapping), "utf-8")
    mapped = summary(eqsurvey("responses", "import", "other.csv", "--mapping", "mapping.yaml"))
    assert mapped["stored"] == 30  # other ids: other responses, as the file says
    assert summary(eqsurvey("responses", "import", "other.csv", "--mapping", "mapping.yaml"))["unchanged"] == 30
    assert count(eqsurvey) == 60


def test_rows_without_an_id_are_recognised_by_their_answers_and_say_so(lime: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("responses", "simulate", "--n", "40", "--seed", "6", "-o", "ours.csv")
    text = (lime / "ours.csv").read_text("utf-8")
    lines = text.splitlines()
    (lime / "twice.csv").write_text("\n".join([*lines, lines[1]]) + "\n", "utf-8")  # two people, same answers
    run = eqsurvey("responses", "import", "twice.csv")
    assert summary(run)["stored"] == 41
    assert "recognised by their answers only" in run.stderr and "count once" in run.stderr
    (lime / "crlf.csv").write_bytes(b"\xef\xbb\xbf" + (text.replace("\n", "\r\n")).encode("utf-8"))
    assert summary(eqsurvey("responses", "import", "crlf.csv"))["unchanged"] == 40
    assert count(eqsurvey) == 41


# --- a store made before responses carried an identity ----------------------------------------------


def test_a_store_from_before_v7_keeps_its_rows_and_skips_the_very_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_eqsurvey:
        old_eqsurvey.setattr(store_base, "MIGRATIONS", MIGRATIONS[:6])
        old_eqsurvey.setattr(store_base, "LATEST", 6)
        old = open_store("sqlite:///r.sqlite", tmp_path)
        old.add_batch(*batch([{"q": 1}, {"q": 2}], INSTRUMENT.id), source="import")
        with old._transaction() as cur:  # the record an eqsurvey before v7 kept of that batch
            old._execute(cur, "INSERT INTO imports VALUES ('sha256:f:0', ?, 2, '2026-01-01')", (INSTRUMENT.id,))
        old.close()
    store = open_store("sqlite:///r.sqlite", tmp_path)
    try:
        assert store.count() == 2
        path = write_export(tmp_path / "export.csv", [respondent(1), respondent(2)])
        rows = read_limesurvey_csv(INSTRUMENT, path)
        report = ingest(store, INSTRUMENT, KEY.public_key(), SECRET, rows, digest="sha256:f", source="import")
        assert report.earlier_import == 2 and report.stored == 0
        grown = write_export(tmp_path / "grown.csv", [respondent(1), respondent(2), respondent(3)])
        rows = read_limesurvey_csv(INSTRUMENT, grown)
        report = ingest(store, INSTRUMENT, KEY.public_key(), SECRET, rows, digest="sha256:g", source="import")
        assert report.stored == 3, "rows stored before v7 carry no identity: another file stores them again"
    finally:
        store.close()
