"""The console's "Plan and preview": the tables with the preview, adding, changing and removing a table,
problems at their fields in the command line's words, and hostile posts that write nothing."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.plans.loader import load_plan
from eqsurvey.config import load_project
from eqsurvey.console import plan as plan_section
from eqsurvey.workflows.new_project import create_project
from instruments.loader import load_instrument
from tests.support.cli import Eqsurvey
from tests.support.console import OpenConsole, open_console

SECTIONS = (plan_section.SECTION,)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Musterstadt project, made once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("example") / "p"
    create_project(folder, example="musterstadt")
    return folder


@pytest.fixture
def project(example: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(example, tmp_path / "p"))


@pytest.fixture
def console(project: Path) -> Iterator[OpenConsole]:
    with open_console(project, sections=SECTIONS) as opened:
        opened.client.get("/language/en?back=/")
        yield opened


def text_of(page: str) -> str:
    """The page's text as a reader sees it (tags out, entities read, spaces joined)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def digest_of(page: str) -> str:
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', page)
    assert found, "the form carries no digest of the plan it shows"
    return found.group(1)


def table_section(page: str, table_id: str) -> str:
    found = re.search(rf'<article class="plan-table" id="table-{table_id}".*?</article>', page, re.S)
    assert found, f"no table {table_id} on the page"
    return text_of(found.group(0))


def form_digest(console: OpenConsole, path: str = "/plan/new") -> str:
    page = console.client.get(path)
    assert page.status_code == 200, page.text
    return digest_of(page.text)


def plan_text(project: Path) -> str:
    return (project / "plan.yaml").read_text(encoding="utf-8")


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


# --- the page ---------------------------------------------------------------------------------------------


def test_the_tables_are_listed_in_plain_words_with_the_command_line_s_verdicts(
    console: OpenConsole, project: Path
) -> None:
    page = console.client.get("/plan?respondents=800")
    assert page.status_code == 200
    cli = json.loads(Eqsurvey(project)("plan", "preview", "-n", "800", "--json", "--lang", "en").stdout)
    shown = text_of(page.text)
    for line in cli["summary"]:
        assert line in shown
    for table in cli["tables"]:
        own = table_section(page.text, table["id"])
        assert table["label"] in own
        for line in table["words"]:
            assert line in own  # the same sentences as `eqsurvey plan preview`
        for group in table["suppressed_groups"]:
            assert group in own
    by_gender = table_section(page.text, "discrimination_gender_x_racialisation")
    assert "Gender group (TIN*, cis women, cis men) × Racialised" in by_gender
    assert "an intersection" in by_gender
    assert "Expected to be suppressed at this size" in by_gender


def test_the_verdict_follows_the_expected_number_of_respondents(console: OpenConsole) -> None:
    few = table_section(console.client.get("/plan?respondents=300").text, "discrimination_by_gender")
    many = table_section(console.client.get("/plan?respondents=20000").text, "discrimination_by_gender")
    assert "Publishable from 3,543 respondents." in few and "Publishable from 3,543 respondents." in many
    assert not few.startswith("Publishable (") and "Publishable (nearly all cells shown)" in many
    assert "Expected to be suppressed" in few and "Expected to be suppressed" not in many
    assert 'value="20000"' in console.client.get("/plan?respondents=20000").text  # the field keeps the number


@pytest.mark.parametrize("given", ["abc", "0", "-5", "99999999999", "1e5", "1.5", "١٢٣", ""])
def test_a_number_that_is_no_number_of_respondents_is_shown_at_its_field(console: OpenConsole, given: str) -> None:
    page = console.client.get("/plan", params={"respondents": given})
    assert page.status_code == 422
    assert 'aria-invalid="true"' in page.text and 'href="#field-respondents"' in page.text
    assert "is not a number of respondents" in text_of(page.text)
    assert "Preview for" not in text_of(page.text)


def test_the_page_speaks_german(console: OpenConsole) -> None:
    console.client.get("/language/de?back=/plan")
    page = text_of(console.client.get("/plan?respondents=800").text)
    assert "Auswertungsplan und Vorschau" in page and "Erwartete Zahl der Teilnehmenden" in page
    assert "Veröffentlichbar ab 213 Befragten." in page  # the report catalogue's German, as `plan preview --lang de`
    assert "Tabelle hinzufügen" in page


# --- editing ----------------------------------------------------------------------------------------------


def test_a_table_is_added_to_the_file_with_its_comments_kept(console: OpenConsole, project: Path) -> None:
    before = plan_text(project)
    answer = console.post(
        "/plan/tables",
        {"digest": form_digest(console), "respondents": "800", "kind": "counts", "measure": "discr_any_12m",
         "by_1": "ms_district", "by_2": "age_band", "label_de": "", "label_en": ""},
    )  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/plan?respondents=800#table-discr_any_12m_by_ms_district_age_band"
    after = plan_text(project)
    assert after.startswith(before) and comments(after) == comments(before)
    config = load_project(project)
    instrument = load_instrument(config.instrument_path).instrument
    plan = load_plan(config.plan_path, instrument, config.total_rho).plan
    assert plan.tables[-1].by == ["ms_district", "age_band"] and plan.tables[-1].kind == "counts"
    page = console.client.get(answer.headers["location"])
    assert "was added to the plan" in text_of(page.text)
    own = table_section(page.text, "discr_any_12m_by_ms_district_age_band")
    assert "In which district of Musterstadt do you live? × How old are you?" in own  # the questions, not their ids
    assert "ms_district" not in own


def test_a_table_is_changed_in_its_own_lines_only(console: OpenConsole, project: Path) -> None:
    before = plan_text(project).splitlines()
    answer = console.post(
        "/plan/tables/trust_police_by_district",
        {"digest": form_digest(console, "/plan/tables/trust_police_by_district"), "kind": "mean",
         "measure": "ta_police", "by_1": "age_band", "by_2": "", "label_de": "Vertrauen nach Alter",
         "label_en": "Trust by age"},
    )  # fmt: skip
    assert answer.status_code == 303
    after = plan_text(project).splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 2  # the title and the groups: nothing else moved
    assert after[changed[0]] == '    label: {de: "Vertrauen nach Alter", en: "Trust by age"}'
    assert after[changed[1]] == "    by: [age_band]"


def test_an_unchanged_save_leaves_the_file_byte_identical(console: OpenConsole, project: Path) -> None:
    before = (project / "plan.yaml").read_bytes()
    stamp = (project / "plan.yaml").stat().st_mtime_ns
    form = console.client.get("/plan/tables/discrimination_by_gender").text
    fields = {"digest": digest_of(form), "kind": "counts", "measure": "discr_any_12m", "by_1": "gender_group"}
    fields |= {
        f"label_{lang}": html.unescape(v)
        for lang, v in re.findall(r'name="label_(\w+)" type="text" value="([^"]*)"', form)
    }
    answer = console.post("/plan/tables/discrimination_by_gender", fields)
    assert answer.status_code == 303
    assert (project / "plan.yaml").read_bytes() == before
    assert (project / "plan.yaml").stat().st_mtime_ns == stamp
    assert "Nothing was changed" in text_of(console.client.get("/plan").text)


def test_a_table_is_removed_with_the_comment_above_it(console: OpenConsole, project: Path) -> None:
    answer = console.post("/plan/tables/grounds/remove", {"digest": form_digest(console, "/plan/tables/grounds")})
    assert answer.status_code == 303
    text = plan_text(project)
    assert "id: grounds" not in text and "dg_grounds" not in text
    assert "was removed from the plan" in text_of(console.client.get("/plan").text)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"kind": "mean", "measure": "gender_group"}, "measure", "a mean table measures a scale or number question; 'gender_group' is not one"),
        ({"kind": "counts", "measure": "nowhere"}, "measure", "'nowhere' is no question or derived variable of the instrument"),
        ({"kind": "counts", "measure": "<script>alert(1)</script>"}, "measure", "is not a valid id"),
        ({"kind": "counts", "measure": "discr_any_12m", "by_1": "age_band", "by_2": "age_band"}, "by_2", "'age_band' is listed twice"),
        ({"kind": "counts", "measure": "discr_any_12m", "by_1": "gi_self_description"}, "by_1", "does not sort respondents into groups"),
        ({"kind": "write_ins", "measure": "gi_self_description", "by_1": "age_band"}, "by_1", "write-ins are released for everyone together"),
        ({"kind": "evil", "measure": "discr_any_12m"}, "kind", "'evil' is not allowed for 'kind'"),
        ({"kind": "counts", "measure": "discr_any_12m", "label_en": "bad\x07bell"}, "label", "invisible control character"),
    ],
)  # fmt: skip
def test_a_table_the_plan_cannot_have_is_shown_at_its_field_and_nothing_is_written(
    console: OpenConsole, project: Path, fields: dict[str, str], field: str, words: str
) -> None:
    before = (project / "plan.yaml").read_bytes()
    answer = console.post("/plan/tables", {"digest": form_digest(console), **fields})
    assert answer.status_code == 422
    assert words in text_of(answer.text)
    assert f'href="#field-{field}"' in answer.text
    assert re.search(rf'id="field-{field}".*?class="field-problem"', answer.text, re.S)
    assert "<script>alert" not in answer.text
    assert (project / "plan.yaml").read_bytes() == before


def test_the_last_table_cannot_be_removed(console: OpenConsole, project: Path) -> None:
    for table in load_plan_ids(project)[1:]:
        assert console.post(f"/plan/tables/{table}/remove", {"digest": form_digest(console)}).status_code == 303
    last = load_plan_ids(project)[0]
    before = plan_text(project)
    answer = console.post(f"/plan/tables/{last}/remove", {"digest": form_digest(console)})
    assert answer.status_code == 422 and "should have at least 1 item" in text_of(answer.text)
    assert plan_text(project) == before


def load_plan_ids(project: Path) -> list[str]:
    from analysis.plans.editing import table_ids

    return table_ids(plan_text(project))


# --- what is refused --------------------------------------------------------------------------------------

ADD = {"kind": "counts", "measure": "discr_any_12m", "by_1": "age_band"}


def test_a_file_changed_since_the_page_was_shown_is_not_overwritten(console: OpenConsole, project: Path) -> None:
    seen = form_digest(console)
    (project / "plan.yaml").write_text(plan_text(project) + "# edited by hand meanwhile\n", encoding="utf-8")
    before = plan_text(project)
    answer = console.post("/plan/tables", {"digest": seen, **ADD})
    assert answer.status_code == 409
    assert "was changed since this page was shown" in text_of(answer.text)
    assert plan_text(project) == before
    assert digest_of(answer.text) != seen  # the form now carries the file as it is


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_post_without_the_session_s_token_writes_nothing(
    console: OpenConsole, project: Path, token: str | None
) -> None:
    before = plan_text(project)
    data = {"digest": form_digest(console), **ADD} | ({"csrf": token} if token is not None else {})
    for path in ("/plan/tables", "/plan/tables/grounds", "/plan/tables/grounds/remove"):
        assert console.client.post(path, data=data, follow_redirects=False).status_code == 403
    assert plan_text(project) == before


def test_malformed_and_oversize_posts_write_nothing(console: OpenConsole, project: Path) -> None:
    before = plan_text(project)
    seen = form_digest(console)
    as_json = console.client.post("/plan/tables", json={"csrf": console.csrf, "digest": seen, **ADD})
    assert as_json.status_code == 415
    twice = console.post("/plan/tables", {"digest": seen, "kind": "counts", "measure": ["discr_any_12m", "age_band"]})
    assert twice.status_code == 400
    large = console.post("/plan/tables", {"digest": seen, **ADD, "label_en": "x" * 200_000})
    assert large.status_code == 413
    long_label = console.post("/plan/tables", {"digest": seen, **ADD, "label_en": "x" * 20_000})
    assert long_label.status_code == 422 and "more than 10000" in text_of(long_label.text).replace(",", "")
    upload = console.client.post(
        "/plan/tables", data={"csrf": console.csrf, "digest": seen, **ADD}, files={"f": ("a", b"a")}
    )
    assert upload.status_code == 415
    assert plan_text(project) == before


def test_a_table_called_new_is_a_table_like_any_other(console: OpenConsole, project: Path) -> None:
    text = plan_text(project).replace("id: grounds", "id: new")
    (project / "plan.yaml").write_text(text, encoding="utf-8")
    assert "Change the table" in text_of(console.client.get("/plan/tables/new").text)
    answer = console.post("/plan/tables/new/remove", {"digest": form_digest(console, "/plan/tables/new")})
    assert answer.status_code == 303 and "id: new" not in plan_text(project)


def test_an_unknown_table_is_not_found_and_nothing_is_written(console: OpenConsole, project: Path) -> None:
    before = plan_text(project)
    assert console.client.get("/plan/tables/nowhere").status_code == 404
    assert console.post("/plan/tables/nowhere", {"digest": form_digest(console), **ADD}).status_code == 404
    assert console.post("/plan/tables/nowhere/remove", {"digest": form_digest(console)}).status_code == 404
    assert plan_text(project) == before


def test_without_a_project_the_pages_say_so_and_nothing_is_made(tmp_path: Path) -> None:
    with open_console(tmp_path, sections=SECTIONS) as console:
        console.client.get("/language/en?back=/")
        assert "There is no survey project yet" in text_of(console.client.get("/plan").text)
        assert "There is no survey project yet" in text_of(console.client.get("/plan/new").text)
        assert console.post("/plan/tables", {"digest": "0" * 64, **ADD}).status_code == 409
    assert list(tmp_path.iterdir()) == []


def test_a_broken_plan_file_is_named_with_its_line_and_a_table_s_problem_shown_at_the_table(
    console: OpenConsole, project: Path
) -> None:
    good = plan_text(project)
    (project / "plan.yaml").write_text(good.replace("by: [rac_self]", "by: [rac_self"), encoding="utf-8")
    page = text_of(console.client.get("/plan").text)
    assert "The plan has problems" in page and "plan.yaml:" in page and "not valid YAML" in page
    assert console.client.get("/plan/new").status_code == 200  # the page says why it offers no form
    (project / "plan.yaml").write_text(
        good.replace("measure: ta_police\n    by: [ms_district]", "measure: ta_polize\n    by: [ms_district]"),
        encoding="utf-8",
    )
    page = console.client.get("/plan").text
    own = table_section(page, "trust_police_by_district")
    assert "'ta_polize' is no question or derived variable of the instrument (did you mean 'ta_police'?)" in own
    assert "Preview for" not in text_of(page) and "The preview is shown once the problems above are solved." in text_of(
        page
    )
    # Another table may be added meanwhile: the edit brings no error of its own.
    added = console.post("/plan/tables", {"digest": form_digest(console), **ADD})
    assert added.status_code == 303 and "measure: ta_polize" in plan_text(project)
    # A change that leaves the broken table broken is not saved.
    still = console.post(
        "/plan/tables/trust_police_by_district",
        {"digest": form_digest(console), "kind": "mean", "measure": "ta_polize", "by_1": "age_band"},
    )
    assert still.status_code == 422 and "by: [ms_district]" in plan_text(project)
    fixed = console.post(
        "/plan/tables/trust_police_by_district",
        {"digest": digest_of(console.client.get("/plan/tables/trust_police_by_district").text), "kind": "mean",
         "measure": "ta_police", "by_1": "ms_district"},
    )  # fmt: skip
    assert fixed.status_code == 303
    assert "Preview for" in text_of(console.client.get("/plan").text)


def test_words_of_the_questionnaire_in_another_language_are_marked_as_such(tmp_path: Path) -> None:
    """A German-only questionnaire in the English console: its wording is German, and the page says so."""
    import yaml

    project = tmp_path / "de-only"
    create_project(project)
    data = yaml.safe_load((project / "instrument.yaml").read_text(encoding="utf-8"))

    def german_only(node: object) -> None:
        if isinstance(node, dict):
            if "de" in node and "en" in node:
                node.pop("en")
            for value in node.values():
                german_only(value)
        elif isinstance(node, list):
            for value in node:
                german_only(value)

    german_only(data)
    data["languages"] = ["de"]
    (project / "instrument.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    with open_console(project, sections=SECTIONS) as console:
        console.client.get("/language/en?back=/")
        page = console.client.get("/plan").text
        assert '<html lang="en">' in page and "What it measures" in page
        assert re.search(r'<dd><span lang="de">[^<]+</span></dd>', page)  # the measured question, in German
        form = console.client.get("/plan/new").text
        assert re.search(r'<option value="gender_group"[^>]* lang="de">', form)
        assert "Title in German" in form and "Title in English" not in form
