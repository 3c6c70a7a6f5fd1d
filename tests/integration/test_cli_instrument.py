"""The eqsurvey command end to end on real files: exit codes, messages, outputs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.support.builders import GENDER, instrument_yaml
from tests.support.cli import Eqsurvey


def test_help_lists_the_command_groups(eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("--help")
    assert "instrument" in run.stdout and "init" in run.stdout


def test_usage_errors_exit_2(eqsurvey: Eqsurvey) -> None:
    assert eqsurvey("instrument", "validate", "--no-such-option", expect=2).exit_code == 2
    assert eqsurvey("instrument", "export", "x.yaml", "--format", "pdf", expect=2).exit_code == 2


def test_init_creates_a_project_that_validates(project: Path, eqsurvey: Eqsurvey) -> None:
    for name in ("eqsurvey.toml", "instrument.yaml", "plan.yaml", ".gitignore"):
        assert (project / name).is_file(), name
    gitignore = (project / ".gitignore").read_text()
    assert "keys/" in gitignore and "*.sqlite" in gitignore
    plan = yaml.safe_load((project / "plan.yaml").read_text())
    assert plan["tables"], "the draft plan has a table per outcome and breakdown"
    run = eqsurvey("instrument", "validate")
    assert "valid" in run.stdout and "musterstadt" in run.stdout
    assert "not yet approved" in run.stdout
    data = json.loads(eqsurvey("instrument", "validate", "--json").stdout)
    assert data["questions"] > 20 and "wg_short_set@1.0.0 (locked)" in data["modules"]


def test_project_is_found_from_a_subfolder_and_by_option(project: Path, eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    sub = project / "notes"
    sub.mkdir()
    eqsurvey.cwd = sub
    assert "valid" in eqsurvey("instrument", "validate").stdout
    eqsurvey.cwd = tmp_path
    assert "valid" in eqsurvey("--project", project, "instrument", "validate").stdout
    run = eqsurvey("instrument", "validate", expect=1)
    assert "not inside an eqsurvey project" in run.stderr and "--project" in run.stderr


def test_init_never_overwrites(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "instrument.yaml").write_text("mine", encoding="utf-8")
    run = eqsurvey("init", target, expect=1)
    assert "not an empty folder" in run.stderr
    assert (target / "instrument.yaml").read_text(encoding="utf-8") == "mine"
    assert "musterstadt" in eqsurvey("init", tmp_path / "x", "--example", "nope", expect=1).stderr


def test_init_without_example_gives_a_valid_starter(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    eqsurvey("init", "starter")
    eqsurvey.cwd = tmp_path / "starter"
    assert "valid" in eqsurvey("instrument", "validate").stdout


BROKEN: dict[str, tuple[str, Callable[[str], str]]] = {
    "bad-yaml": (
        "yaml-syntax",
        lambda t: t.replace("label: {de: Geschlecht, en: Gender}", "label: {de: Geschlecht, en: Gender"),
    ),
    "unknown-option-in-condition": (
        "unknown-option",
        lambda t: (
            t
            + "      - id: why\n        type: text\n        label: {de: W, en: W}\n        relevant: selected(gender, 'wman')\n"
        ),
    ),
    "duplicate-id": (
        "duplicate-id",
        lambda t: t + "      - id: gender\n        type: text\n        label: {de: W, en: W}\n",
    ),
    "forward-reference": (
        "forward-reference",
        lambda t: t.replace(
            "      - id: gender\n",
            "      - id: first\n        type: text\n        label: {de: F, en: F}\n"
            "        relevant: selected(gender, 'woman')\n      - id: gender\n",
        ),
    ),
    "missing-translation": ("missing-translation", lambda t: t.replace("{de: Geschlecht, en: Gender}", "{en: Gender}")),
    "exclusive-in-single-choice": (
        "exclusive-in-single-choice",
        lambda t: re.sub(r"\n *max_selections: 2", "", t.replace("type: multi_choice", "type: single_choice")),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_instruments_fail_with_place_problem_and_fix(eqsurvey: Eqsurvey, tmp_path: Path, case: str) -> None:
    code, mutate = BROKEN[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(mutate(instrument_yaml(GENDER)), encoding="utf-8")
    run = eqsurvey("instrument", "validate", path, expect=1)
    assert f"[{code}]" in run.stderr
    assert f"{path}:" in run.stderr, "names file:line"
    assert "fix:" in run.stderr
    assert run.stdout == ""


def test_translations_lists_what_is_missing(eqsurvey: Eqsurvey, tmp_path: Path) -> None:
    complete = tmp_path / "complete.yaml"
    complete.write_text(instrument_yaml(GENDER), encoding="utf-8")
    run = eqsurvey("instrument", "translations", complete)
    assert "en: 0 missing" in run.stdout
    partial = tmp_path / "partial.yaml"
    partial.write_text(instrument_yaml(GENDER.replace("{de: Frau, en: Woman}", "{de: Frau, en: ''}")), encoding="utf-8")
    run = eqsurvey("instrument", "translations", partial, expect=1)
    assert "en: 1 missing" in run.stdout and "gender" in run.stdout


def test_review_approval_follows_the_content(project: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "review", "--by", "Migrationsbeirat", "--comment", "Bitte Leichte Sprache prüfen")
    eqsurvey("instrument", "review", "--by", "Verein Vielfalt", "--approve")
    run = eqsurvey("instrument", "validate")
    assert "approved for this exact content by: Verein Vielfalt" in run.stdout
    listing = eqsurvey("instrument", "review").stdout
    assert "Migrationsbeirat: comment" in listing and "Leichte Sprache" in listing
    path = project / "instrument.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1", 1), encoding="utf-8")
    run = eqsurvey("instrument", "validate")
    assert "not yet approved" in run.stdout and "Verein Vielfalt" in run.stdout
    assert eqsurvey("instrument", "review", "--approve", expect=2).exit_code == 2


def test_render_export_import_round_trip(project: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("instrument", "render", "--lang", "en", "-o", "questionnaire.html")
    html = (project / "questionnaire.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    eqsurvey("instrument", "export", "--format", "xlsform", "-o", "form.xlsx")
    from pyxform.xls2xform import convert

    convert(xlsform=str(project / "form.xlsx"))  # raises on any error
    eqsurvey("instrument", "import", "form.xlsx", "-o", "again.yaml")
    assert "valid" in eqsurvey("instrument", "validate", "again.yaml").stdout
    run = eqsurvey("instrument", "diff", "instrument.yaml", "again.yaml", "--json")
    assert json.loads(run.stdout)["changes"] == []
    assert eqsurvey("instrument", "import", "form.xlsx", "-o", "again.yaml", expect=1).exit_code == 1
    eqsurvey("instrument", "export", "--format", "jsonschema", "-o", "answers.schema.json")
    schema = json.loads((project / "answers.schema.json").read_text(encoding="utf-8"))
    assert "wg_seeing" in schema["properties"]


def test_diff_marks_breaking_changes(project: Path, eqsurvey: Eqsurvey) -> None:
    old = project / "instrument.yaml"
    new = project / "instrument-2.yaml"
    text = old.read_text(encoding="utf-8")
    new.write_text(text.replace("version: 1.0.0", "version: 1.1.0", 1), encoding="utf-8")
    assert json.loads(eqsurvey("instrument", "diff", old, new, "--json").stdout)["changes"] == []
    recoded = text.replace("version: 1.0.0", "version: 1.1.0", 1).replace("code: am_hafen", "code: hafen")
    new.write_text(recoded, encoding="utf-8")
    result = json.loads(eqsurvey("instrument", "diff", old, new, "--json").stdout)
    assert result["breaking"] is True
    assert [c["kind"] for c in result["changes"]] == ["option-recoded"]
    assert "2.0.0" in (result["version_problem"] or "")
    run = eqsurvey("instrument", "diff", old, new, "--check-version", expect=1)
    assert "version: 2.0.0" in run.stderr
    reworded = text.replace("version: 1.0.0", "version: 1.0.1", 1).replace("en: Am Hafen (Harbour)", "en: Harbour")
    new.write_text(reworded, encoding="utf-8")
    run = eqsurvey("instrument", "diff", old, new)
    assert "Am Hafen (Harbour)" in run.stdout
    assert run.stdout.replace("Am Hafen (Harbour)", "").count("Harbour") >= 1, "the new wording is shown too"
    assert "BREAKING" not in run.stdout


def test_diff_without_files_compares_with_the_last_kept_version(project: Path, eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("instrument", "diff", expect=1)
    assert "[no-kept-version]" in run.stderr and "versions draft" in run.stderr
    path = project / "instrument.yaml"
    kept = project / "versions" / "1.0.0" / "instrument.yaml"
    kept.parent.mkdir(parents=True)
    text = path.read_text(encoding="utf-8")
    kept.write_text(text, encoding="utf-8")
    path.write_text(
        text.replace("version: 1.0.0", "version: 1.0.1", 1).replace("en: Am Hafen (Harbour)", "en: Harbour")
    )
    result = json.loads(eqsurvey("instrument", "diff", "--json").stdout)
    assert result["old"]["version"] == "1.0.0" and result["new"]["version"] == "1.0.1"
    assert [c["kind"] for c in result["changes"]] == ["option-relabelled"]
    assert eqsurvey("instrument", "diff", kept, expect=2).exit_code == 2


def test_schema_is_json_schema_of_the_file_format(eqsurvey: Eqsurvey) -> None:
    schema = json.loads(eqsurvey("instrument", "schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"Section", "SingleChoice", "ModuleUse"} <= set(schema["$defs"])


def test_modules_lists_the_library(eqsurvey: Eqsurvey) -> None:
    run = eqsurvey("instrument", "modules")
    assert "wg_short_set@1" in run.stdout and "[locked]" in run.stdout


def test_module_design_notes_are_listed_for_authors_on_request(eqsurvey: Eqsurvey) -> None:
    from instruments.modules import available, load_module

    # Design notes are for questionnaire authors (reports never show them): listed with --notes only.
    every = {ref: load_module(ref).module.source.notes for ref in available()}
    noted = {ref: notes for ref, notes in every.items() if notes}
    assert noted
    plain, with_notes = eqsurvey("instrument", "modules").stdout, eqsurvey("instrument", "modules", "--notes").stdout
    squeezed = " ".join(with_notes.split())
    for ref, notes in noted.items():
        words = " ".join(notes.split())
        assert words in squeezed, ref
        assert words[:60] not in " ".join(plain.split())
    assert with_notes.count("notes: ") == len(noted)
