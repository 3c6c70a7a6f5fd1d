"""eqsurvey plan preview for people, through the real command: verdicts, respondents needed, language, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from instruments.loader import load_instrument
from reports.catalogue import messages
from tests.support.cli import Eqsurvey

VERDICTS = {"publishable", "largest_groups_only", "not_publishable"}
WORD = re.compile(r"[^\W\d_]{4,}")


def instrument_tree(project: Path) -> object:
    """The project's instrument with its library modules resolved, as plain data."""
    return load_instrument(project / "instrument.yaml").instrument.model_dump(mode="json")


def preview_json(eqsurvey: Eqsurvey, respondents: int, *more: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(eqsurvey("plan", "preview", "-n", str(respondents), "--json", *more).stdout)
    return data


def texts(node: object, lang: str) -> list[str]:
    """Every text of a YAML tree in ``lang`` (values of ``lang:`` keys)."""
    if isinstance(node, dict):
        own = [str(v) for k, v in node.items() if k == lang and isinstance(v, str)]
        return own + [t for v in node.values() for t in texts(v, lang)]
    if isinstance(node, list):
        return [t for v in node for t in texts(v, lang)]
    return []


def words(strings: list[str]) -> set[str]:
    return {w.lower() for s in strings for w in WORD.findall(s)}


def codes(node: object) -> set[str]:
    """Every id and code in the instrument or plan YAML."""
    if isinstance(node, dict):
        own = {str(node[k]) for k in ("id", "code", "measure") if isinstance(node.get(k), str)}
        own |= {str(b) for b in node.get("by") or [] if isinstance(b, str)}
        return own | {c for v in node.values() for c in codes(v)}
    if isinstance(node, list):
        return {c for v in node for c in codes(v)}
    return set()


def test_the_verdict_improves_as_the_number_of_respondents_grows(project: Path, eqsurvey: Eqsurvey) -> None:
    few, some = preview_json(eqsurvey, 40), preview_json(eqsurvey, 800)
    assert few["verdict"] == "not_publishable" and some["verdict"] == "largest_groups_only", (few, some)
    needed = some["respondents_needed"]
    assert few["respondents_needed"] == needed and 800 < needed < few["respondents_searched_up_to"]
    enough = preview_json(eqsurvey, needed)
    assert enough["verdict"] == "publishable"
    judged = [t for t in enough["tables"] if t["verdict"] is not None]
    assert judged and all(t["verdict"] == "publishable" for t in judged)
    assert preview_json(eqsurvey, needed - 1)["verdict"] != "publishable"
    order = ["publishable", "largest_groups_only", "not_publishable"]
    for small, large in zip(few["tables"], some["tables"], strict=True):
        if small["verdict"] is not None:  # no table gets worse with more respondents
            assert order.index(large["verdict"]) <= order.index(small["verdict"]), (small["id"], small, large)
    out = eqsurvey("plan", "preview", "-n", str(needed), "--lang", "en").stdout
    assert out.splitlines()[1].startswith("Overall: publishable.")
    assert (
        eqsurvey("plan", "preview", "-n", "40", "--lang", "en")
        .stdout.splitlines()[1]
        .startswith("Overall: not publishable at this size.")
    )


@pytest.mark.parametrize("which", [min, max])
def test_a_tables_respondents_needed_make_it_publishable_and_one_fewer_do_not(
    project: Path, eqsurvey: Eqsurvey, which: Any
) -> None:
    tables = [t for t in preview_json(eqsurvey, 500)["tables"] if t["respondents_needed"] is not None]
    table = which(tables, key=lambda t: t["respondents_needed"])
    needed = table["respondents_needed"]
    at = next(t for t in preview_json(eqsurvey, needed)["tables"] if t["id"] == table["id"])
    below = next(t for t in preview_json(eqsurvey, needed - 1)["tables"] if t["id"] == table["id"])
    assert at["verdict"] == "publishable" and below["verdict"] != "publishable", (needed, at, below)
    assert at["suppressed_share"] <= 0.05 and at["flagged_share"] <= 0.10
    assert below["suppressed_share"] > 0.05 or below["flagged_share"] > 0.10


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_preview_shows_no_code_and_no_catalogue_key(project: Path, eqsurvey: Eqsurvey, lang: str) -> None:
    out = eqsurvey("plan", "preview", "-n", "800", "--all", "--lang", lang).stdout
    instrument = instrument_tree(project)
    plan = yaml.safe_load((project / "plan.yaml").read_text(encoding="utf-8"))
    wording = texts(instrument, lang) + texts(plan, lang) + [str(v) for v in messages(lang).values()]
    known = {w.lower() for s in wording for w in re.findall(r"[^\W\d_]+", s)}  # words a label may hold
    hidden = {"_no_answer", "_answered", "prefer_not_to_say", "swana"}
    hidden |= {c for c in codes(instrument) | codes(plan) if "_" in c or c.lower() not in known}
    assert "swana" in codes(instrument)  # the instrument still has the code that leaked before
    shown = set(re.findall(r"[\w*-]+", out))
    assert not shown & hidden, sorted(shown & hidden)
    assert not [key for key in messages(lang) if key in out]
    assert "preview." not in out


def test_the_german_preview_has_no_english_sentence_and_the_english_none_in_german(
    project: Path, eqsurvey: Eqsurvey
) -> None:
    instrument = instrument_tree(project)
    plan = yaml.safe_load((project / "plan.yaml").read_text(encoding="utf-8"))
    catalogue = {lang: words([str(v) for v in messages(lang).values()]) for lang in ("de", "en")}
    own = {lang: words(texts(instrument, lang) + texts(plan, lang)) for lang in ("de", "en")}
    for lang, other in (("de", "en"), ("en", "de")):
        foreign = catalogue[other] - catalogue[lang] - own[lang]
        assert len(foreign) > 100  # the check has teeth: many words only the other language uses
        out = eqsurvey("plan", "preview", "-n", "800", "--all", "--lang", lang).stdout
        found = words([out]) & foreign
        assert not found, (lang, sorted(found))
        assert words([out]) & (catalogue[lang] - catalogue[other])  # and it is in its own language


def test_the_preview_speaks_the_instruments_language_unless_told(project: Path, eqsurvey: Eqsurvey) -> None:
    german = " ".join(eqsurvey("plan", "preview", "-n", "800").stdout.split())
    assert german.startswith("Vorschau der Genauigkeit von plan.yaml bei 800 Befragten")
    assert "Gesamturteil: nur die größten Gruppen." in german and "Veröffentlichbar ab " in german
    assert "Tabelle 3: Diskriminierung in den letzten 12 Monaten nach Geschlechtergruppe" in german
    english = " ".join(eqsurvey("plan", "preview", "-n", "800", "--lang", "en").stdout.split())
    assert english.startswith("Accuracy preview of plan.yaml for 800 respondents")
    assert "How the verdicts are made" in english and "at most 5% of the cells" in english
    run = eqsurvey("plan", "preview", "-n", "800", "--lang", "xx", expect=1)
    assert "[unknown-language]" in run.stderr and "use one of: ar, de, en, fa, ru, tr, uk" in run.stderr
    assert run.stdout == ""


def test_the_preview_says_where_its_group_sizes_come_from(project: Path, eqsurvey: Eqsurvey) -> None:
    data = preview_json(eqsurvey, 800)
    assert data["assumed_shares"]["plan"] == {"gender_group": "gender_representation"}
    assert data["assumed_shares"]["pilot"] == []
    tin = data["assumed_shares"]["shares"]["gender_group"]["tin"]
    assert tin == pytest.approx(0.03 * 0.97)  # the plan's population share, of the 97 % expected to answer
    out = eqsurvey("plan", "preview", "-n", "800", "--lang", "en").stdout
    flat = " ".join(out.split())
    assert "Gender group (TIN*, cis women, cis men): the population shares the plan gives for “Gender groups" in flat
    assert "Every other characteristic: 3% give no answer, 2% prefer not to say" in flat
    (project / "pilot.csv").write_text("variable,category,share\ngender_group,tin,0.10\n", encoding="utf-8")
    piloted = preview_json(eqsurvey, 800, "--shares", "pilot.csv")
    assert piloted["assumed_shares"]["pilot"] == ["gender_group"] and piloted["assumed_shares"]["plan"] == {}
    assert piloted["assumed_shares"]["shares"]["gender_group"] == {"tin": 0.1}
    out = eqsurvey("plan", "preview", "-n", "800", "--shares", "pilot.csv", "--lang", "en").stdout
    assert "Gender group (TIN*, cis women, cis men): the shares in pilot.csv." in " ".join(out.split())
    plan = project / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("  - id: gender_representation")
    end = text.index("  - id: trust_police_by_gender")
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    out = eqsurvey("plan", "preview", "-n", "800", "--lang", "en").stdout
    assert "No figures are known yet, so for every characteristic: 3% give no answer" in " ".join(out.split())


def test_the_json_keeps_codes_and_gives_labels_and_verdicts(project: Path, eqsurvey: Eqsurvey) -> None:
    data = preview_json(eqsurvey, 800, "--lang", "en")
    assert data["lang"] == "en" and data["verdict"] in VERDICTS and isinstance(data["verdict_label"], str)
    assert set(data["verdict_counts"]) == VERDICTS and sum(data["verdict_counts"].values()) == 9
    assert data["thresholds"] == {
        "publishable_max_suppressed": 0.05,
        "publishable_max_flagged": 0.1,
        "not_publishable_above_unusable": 0.5,
    }
    assert data["summary"][0].startswith("Overall: ")
    by_gender = next(t for t in data["tables"] if t["id"] == "discrimination_by_gender")
    assert by_gender["label"] == "Discrimination in the past 12 months by gender group"
    assert by_gender["by"] == ["gender_group"] and by_gender["by_labels"]["gender_group"].startswith("Gender group")
    assert by_gender["verdict"] in VERDICTS and by_gender["respondents_needed"] > 800
    assert by_gender["cells_judged"] == 6  # yes/no by three gender groups; no answer and prefer not to say left out
    tin = next(c for c in by_gender["cells"] if c["by"] == {"gender_group": "tin"} and c["measure"] == "true")
    assert tin["measure_label"] == "Yes" and tin["group_label"].startswith("TIN*")
    assert tin["status"] == "suppressed" and tin["status_label"].startswith("suppressed")
    no_answer = next(c for c in by_gender["cells"] if c["measure"] == "_no_answer")
    assert no_answer["measure_label"] == "No answer"
    write_ins = next(t for t in data["tables"] if t["kind"] == "write_ins")
    assert write_ins["verdict"] is None and write_ins["respondents_needed"] is None and write_ins["cells"] == []
    matrix = next(t for t in data["tables"] if t["kind"] == "matrix")
    assert all(c["row"] and c["row_label"] and c["row_label"] != c["row"] for c in matrix["cells"])


def test_the_help_shows_flags_as_flags_and_keeps_its_example(project: Path, eqsurvey: Eqsurvey) -> None:
    out = eqsurvey("plan", "preview", "--help").stdout
    assert "  Example: eqsurvey plan preview -n 1500 --lang en --shares pilot.csv" in out.splitlines()
    assert "--lang" in out and "--json" in out and not re.search(r"<bool>|BOOLEAN", out, re.IGNORECASE)
    assert "preview" in eqsurvey("plan", "--help").stdout


def test_each_table_names_the_groups_expected_to_be_suppressed(project: Path, eqsurvey: Eqsurvey) -> None:
    some, many = preview_json(eqsurvey, 800, "--lang", "en"), preview_json(eqsurvey, 20000, "--lang", "en")
    for table in some["tables"]:
        suppressed = [c for c in table["cells"] if c["status"] == "suppressed"]
        named = {c["group_label"] for c in suppressed} | {c["measure_label"] for c in suppressed}
        named |= {f"{c['row_label']} – {c['measure_label']}" for c in suppressed}
        assert set(table["suppressed_groups"]) <= named, table["id"]
    by_gender = next(t for t in some["tables"] if t["id"] == "discrimination_by_gender")
    assert by_gender["suppressed_groups"] == ["TIN* (trans, intersex, non-binary, agender)"]
    assert all(t["suppressed_groups"] == [] for t in many["tables"] if t["verdict"] == "publishable")
