"""The console's questionnaire: every page and form, on a real project folder, through the session's link.

Saves land in the instrument YAML (comments kept, version raised); refused posts — the validator's errors,
a file changed on disk, malformed or unknown fields — write nothing, and each problem is shown at its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from eqsurvey.workflows.new_project import create_project
from instruments.loader import load_instrument
from instruments.questions import SingleChoice
from tests.support.console import OpenConsole, open_console

COMMENT = "# Musterstadt equality survey 2026"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    create_project(tmp_path / "p", example="musterstadt")
    return tmp_path / "p"


@pytest.fixture
def console(project: Path) -> Iterator[OpenConsole]:
    with open_console(project) as opened:
        opened.client.get("/language/en?back=/")
        yield opened


def _digest(console: OpenConsole, path: str) -> str:
    page = console.client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', page.text)
    assert found, f"{path} has no form with the file's digest"
    return found.group(1)


def _yaml(project: Path) -> str:
    return (project / "instrument.yaml").read_text(encoding="utf-8")


def test_the_overview_shows_modules_own_questions_languages_version_and_hash(
    console: OpenConsole, project: Path
) -> None:
    page = console.client.get("/questionnaire")
    assert page.status_code == 200
    inst = load_instrument(project / "instrument.yaml").instrument
    assert inst.version in page.text and inst.content_hash()[:12] in page.text
    assert "de, en" in page.text
    assert "wg_short_set@1.0.0" in page.text and "wording locked as published" in page.text
    assert "Washington Group" in page.text  # the module's source
    for qid in ("ms_district", "ms_discr_local_12m", "ms_discr_city_service", "ms_suggestions"):
        assert f'href="/questionnaire/questions/{qid}"' in page.text
    assert 'href="/questionnaire/questions/wg_seeing"' not in page.text
    assert 'href="/questionnaire/print/de"' in page.text and 'href="/questionnaire/print/en"' in page.text


def test_editing_the_title_saves_the_yaml_with_comments_and_raises_the_version(
    console: OpenConsole, project: Path
) -> None:
    digest = _digest(console, "/questionnaire/texts")
    before = _yaml(project)
    fields = {k: v for k, v in _texts(project).items()}
    fields["title.en"] = "Diversity in Musterstadt"
    saved = console.post("/questionnaire/texts", {**fields, "digest": digest})
    assert saved.status_code == 303 and saved.headers["location"] == "/questionnaire/texts"
    after = _yaml(project)
    assert after.startswith(COMMENT) and "  en: Diversity in Musterstadt\n" in after
    assert "version: 1.0.1\n" in after
    assert len([1 for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]) == 2
    assert "raised from 1.0.0 to 1.0.1" in console.client.get("/questionnaire/texts").text


def _texts(project: Path) -> dict[str, str]:
    inst = load_instrument(project / "instrument.yaml").instrument
    fields: dict[str, str] = {}
    for name in ("title", "purpose", "controller", "legal_basis", "rights", "retention", "contact"):
        for lang in inst.languages:
            fields[f"{name}.{lang}"] = (getattr(inst, name) or {}).get(lang, "")
    return fields


def test_an_invalid_text_is_shown_at_its_field_with_what_was_typed_and_nothing_is_written(
    console: OpenConsole, project: Path
) -> None:
    digest = _digest(console, "/questionnaire/texts")
    before = _yaml(project)
    answer = console.post("/questionnaire/texts", {"digest": digest, "title.de": "", "title.en": "Typed title"})
    assert answer.status_code == 422
    assert _yaml(project) == before
    assert 'id="problem-title.de-1"' in answer.text and "no text in &#39;de&#39;" in answer.text
    assert re.search(r'id="input-title.de"[^>]*aria-invalid="true"', answer.text)
    assert ">Typed title</textarea>" in answer.text  # what was typed is kept


def test_a_file_changed_on_disk_since_the_page_was_shown_is_not_overwritten(
    console: OpenConsole, project: Path
) -> None:
    digest = _digest(console, "/questionnaire/texts")
    path = project / "instrument.yaml"
    path.write_text(_yaml(project) + "# edited in an editor\n", encoding="utf-8")
    answer = console.post("/questionnaire/texts", {"digest": digest, "title.en": "Mine"})
    assert answer.status_code == 422 and "changed on disk" in answer.text
    assert _yaml(project).endswith("# edited in an editor\n") and "Mine" not in _yaml(project)


def test_a_questions_wording_options_condition_order_and_removal(console: OpenConsole, project: Path) -> None:
    url = "/questionnaire/questions/ms_suggestions"
    saved = console.post(
        url,
        {
            "digest": _digest(console, url),
            "action": "texts",
            "question.ms_suggestions.label.en": "What should Musterstadt do?",
            "question.ms_suggestions.relevant": "ms_district == 'nordstadt'",
        },
    )
    assert saved.status_code == 303
    q = load_instrument(project / "instrument.yaml").instrument.question_map["ms_suggestions"]
    assert q.label["en"] == "What should Musterstadt do?" and q.relevant == "ms_district == 'nordstadt'"
    url = "/questionnaire/questions/ms_district"
    added = console.post(
        url,
        {
            "digest": _digest(console, url),
            "action": "add-option",
            "new_option.code": "umland",
            "new_option.label.de": "Umland",
            "new_option.label.en": "Outskirts",
        },
    )
    assert added.status_code == 303
    district = load_instrument(project / "instrument.yaml").instrument.question_map["ms_district"]
    assert isinstance(district, SingleChoice) and "umland" in [o.code for o in district.options]
    assert (
        console.post(url, {"digest": _digest(console, url), "action": "remove-option", "code": "am_hafen"}).status_code
        == 303
    )
    assert load_instrument(project / "instrument.yaml").instrument.version == "2.0.0"
    moved = console.post(url, {"digest": _digest(console, url), "action": "move", "position": "5"})
    assert moved.status_code == 303
    about = load_instrument(project / "instrument.yaml").instrument.section_of("ms_district")
    assert about.questions[-1].id == "ms_district"
    url = "/questionnaire/questions/ms_discr_city_service"
    removed = console.post(url, {"digest": _digest(console, url), "action": "remove"})
    assert removed.status_code == 303 and removed.headers["location"] == "/questionnaire"
    assert "ms_discr_city_service" not in load_instrument(project / "instrument.yaml").instrument.question_map
    assert _yaml(project).startswith(COMMENT)


def test_a_condition_that_cannot_be_read_or_reads_a_later_question_is_shown_at_its_field(
    console: OpenConsole, project: Path
) -> None:
    url = "/questionnaire/questions/ms_district"
    before = _yaml(project)
    for condition, words in (("ms_district ==", "cannot be read"), ("ms_suggestions == 'x'", "forward reference")):
        answer = console.post(
            url, {"digest": _digest(console, url), "action": "texts", "question.ms_district.relevant": condition}
        )
        assert answer.status_code == 422 and words in answer.text
        assert 'id="problem-question.ms_district.relevant-1"' in answer.text
    assert _yaml(project) == before


def test_a_locked_modules_question_is_not_editable_and_says_why(console: OpenConsole, project: Path) -> None:
    page = console.client.get("/questionnaire/questions/wg_seeing")
    assert page.status_code == 404 and "locked module wg_short_set" in page.text and "cannot be edited" in page.text
    before = _yaml(project)
    url = "/questionnaire/questions/ms_district"
    answer = console.post(url, {"digest": _digest(console, url), "action": "texts", "question.wg_seeing.label.en": "x"})
    assert answer.status_code == 422 and "locked module wg_short_set" in answer.text
    assert _yaml(project) == before


def test_a_sections_texts_and_a_new_question(console: OpenConsole, project: Path) -> None:
    url = "/questionnaire/sections/trust"
    saved = console.post(
        url,
        {
            "digest": _digest(console, url),
            "action": "texts",
            "section.trust.intro.de": "Fast geschafft.",
            "section.trust.intro.en": "Almost done.",
        },
    )
    assert saved.status_code == 303
    new = {
        "action": "add-question",
        "new.id": "ms_housing",
        "new.type": "single_choice",
        "new.label.de": "Wie wohnen Sie?",
        "new.label.en": "How do you live?",
        "new.options": "rent: Zur Miete\nown: Im Eigentum\n",
        "new.privacy": "quasi_identifier",
        "new.role": "breakdown",
    }
    added = console.post(url, {**new, "digest": _digest(console, url)})
    assert added.status_code == 303
    inst = load_instrument(project / "instrument.yaml").instrument
    assert inst.section_of("ms_housing").id == "trust" and inst.version == "1.1.0"
    housing = inst.question_map["ms_housing"]
    assert (housing.privacy, housing.role) == ("quasi_identifier", "breakdown")
    assert "question.ms_housing.option.rent.label.en" in console.client.get("/questionnaire/translations").text


def test_a_new_question_with_problems_shows_them_at_the_add_forms_fields(console: OpenConsole, project: Path) -> None:
    url = "/questionnaire/sections/trust"
    before = _yaml(project)
    bad_line = console.post(
        url,
        {
            "digest": _digest(console, url),
            "action": "add-question",
            "new.id": "ms_x",
            "new.type": "single_choice",
            "new.label.de": "X",
            "new.options": "just words",
        },
    )
    assert bad_line.status_code == 422 and 'id="problem-new.options-1"' in bad_line.text
    bad_id = console.post(
        url,
        {
            "digest": _digest(console, url),
            "action": "add-question",
            "new.id": "Bad Id",
            "new.type": "text",
            "new.label.de": "X",
        },
    )
    assert bad_id.status_code == 422 and "not a valid id" in bad_id.text
    no_label = console.post(
        url, {"digest": _digest(console, url), "action": "add-question", "new.id": "ms_y", "new.type": "text"}
    )
    assert no_label.status_code == 422 and 'id="problem-new.label.de-1"' in no_label.text
    assert _yaml(project) == before


def test_modules_are_listed_with_source_and_lock_and_removed_and_added(console: OpenConsole, project: Path) -> None:
    page = console.client.get("/questionnaire/modules")
    assert page.status_code == 200 and "wg_short_set@1" in page.text and "Remove religion@1" in page.text
    removed = console.post(
        "/questionnaire/modules",
        {"digest": _digest(console, "/questionnaire/modules"), "action": "remove", "module": "religion"},
    )
    assert removed.status_code == 303
    assert "religion" not in {m.id for m in load_instrument(project / "instrument.yaml").instrument.modules}
    added = console.post(
        "/questionnaire/modules",
        {
            "digest": _digest(console, "/questionnaire/modules"),
            "action": "add",
            "ref": "religion@1",
            "section": "about_you",
        },
    )
    assert added.status_code == 303
    assert "religion" in {m.id for m in load_instrument(project / "instrument.yaml").instrument.modules}


def test_missing_translations_are_listed_and_filled(console: OpenConsole, project: Path) -> None:
    assert "Every text is there in every language." in console.client.get("/questionnaire/translations").text
    url = "/questionnaire/questions/ms_district"
    console.post(
        url, {"digest": _digest(console, url), "action": "texts", "question.ms_district.option.nordstadt.label.en": ""}
    )
    page = console.client.get("/questionnaire/translations")
    assert "en: 1 missing" in page.text and 'name="question.ms_district.option.nordstadt.label.en"' in page.text
    digest = _digest(console, "/questionnaire/translations")
    unchanged = console.post(
        "/questionnaire/translations", {"digest": digest, "question.ms_district.option.nordstadt.label.en": ""}
    )
    assert unchanged.status_code == 303
    filled = console.post(
        "/questionnaire/translations",
        {"digest": digest, "question.ms_district.option.nordstadt.label.en": "North Town"},
    )
    assert filled.status_code == 303
    assert "              en: North Town\n" in _yaml(project)


def test_what_changed_since_the_last_version(console: OpenConsole, project: Path) -> None:
    assert "No earlier version is kept yet" in console.client.get("/questionnaire/changes").text
    url = "/questionnaire/questions/ms_district"
    console.post(url, {"digest": _digest(console, url), "action": "remove-option", "code": "am_hafen"})
    page = console.client.get("/questionnaire/changes")
    assert "option-removed" in page.text and "breaking" in page.text and "1.0.0" in page.text and "2.0.0" in page.text
    assert (project / "versions" / "1.0.0" / "instrument.yaml").is_file()


def test_the_printable_questionnaire_per_language(console: OpenConsole) -> None:
    page = console.client.get("/questionnaire/print/de")
    assert page.status_code == 200 and '<html lang="de"' in page.text
    assert "<style>" not in page.text and 'href="/questionnaire/print.css"' in page.text
    assert console.client.get("/questionnaire/print.css").headers["content-type"].startswith("text/css")
    download = console.client.get("/questionnaire/print/en?download=1")
    assert "attachment" in download.headers["content-disposition"] and "<style>" in download.text
    assert console.client.get("/questionnaire/print/tr").status_code == 404


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/questionnaire/texts", {"title.fr": "Titre"}),  # a language the instrument does not have
        ("/questionnaire/texts", {"nonsense.de": "x"}),
        ("/questionnaire/texts", {"title.de": ["a", "b"]}),  # a field twice
        ("/questionnaire/texts", {}),  # nothing to save
        ("/questionnaire/questions/ms_district", {"action": "explode"}),
        ("/questionnaire/questions/ms_district", {"action": "move", "position": "-1"}),
        ("/questionnaire/questions/ms_district", {"action": "texts", "question.Bad Id.label.de": "x"}),
        ("/questionnaire/sections/trust", {"action": "add-question", "new.id": "q", "new.type": "consent"}),
        (
            "/questionnaire/sections/trust",
            {"action": "add-question", "new.id": "q", "new.type": "text", "new.privacy": "direct_identifier"},
        ),
        ("/questionnaire/modules", {"action": "steal"}),
    ],
)
def test_malformed_fields_are_refused_and_nothing_is_written(
    console: OpenConsole, project: Path, path: str, fields: dict[str, str | list[str]]
) -> None:
    digest = _digest(console, "/questionnaire/texts")
    before = sorted(p.name for p in project.rglob("*"))
    text = _yaml(project)
    answer = console.post(path, {"digest": digest, **fields})
    assert answer.status_code == 400
    assert _yaml(project) == text and sorted(p.name for p in project.rglob("*")) == before


@pytest.mark.parametrize("digest", ["", "0" * 63, "g" * 64])
def test_a_form_without_the_files_digest_is_refused(console: OpenConsole, project: Path, digest: str) -> None:
    text = _yaml(project)
    assert console.post("/questionnaire/texts", {"digest": digest, "title.en": "x"}).status_code == 400
    assert _yaml(project) == text


def test_forged_and_oversize_posts_write_nothing(console: OpenConsole, project: Path) -> None:
    digest = _digest(console, "/questionnaire/texts")
    text = _yaml(project)
    forged = console.client.post("/questionnaire/texts", data={"csrf": "forged", "digest": digest, "title.en": "x"})
    assert forged.status_code == 403
    missing = console.client.post("/questionnaire/texts", data={"digest": digest, "title.en": "x"})
    assert missing.status_code == 403
    huge = console.post("/questionnaire/texts", {"digest": digest, "title.en": "x" * 100_001})
    assert huge.status_code == 413
    assert _yaml(project) == text


def test_a_published_version_is_raised_by_the_next_edit(surveyed: Path) -> None:
    with open_console(surveyed) as console:
        url = "/questionnaire/questions/ms_suggestions"
        first = console.post(
            url, {"digest": _digest(console, url), "action": "texts", "question.ms_suggestions.label.en": "One"}
        )
        assert first.status_code == 303
    assert load_instrument(surveyed / "instrument.yaml").instrument.version == "1.0.1"
    assert (surveyed / "versions" / "1.0.0" / "instrument.yaml").is_file()


def test_a_language_is_added_and_its_texts_are_offered_for_translation(console: OpenConsole, project: Path) -> None:
    url = "/questionnaire/translations"
    bad = console.post(url, {"digest": _digest(console, url), "action": "add-language", "new_language": "Türkisch"})
    assert bad.status_code == 422 and 'id="problem-new_language-1"' in bad.text and "not a language tag" in bad.text
    added = console.post(url, {"digest": _digest(console, url), "action": "add-language", "new_language": "tr"})
    assert added.status_code == 303
    assert load_instrument(project / "instrument.yaml").instrument.languages == ["de", "en", "tr"]
    page = console.client.get(url)
    assert 'name="title.tr"' in page.text and 'name="question.ms_district.label.tr"' in page.text
    filled = console.post(url, {"digest": _digest(console, url), "title.tr": "Musterstadt'ta çeşitlilik"})
    assert filled.status_code == 303
    assert load_instrument(project / "instrument.yaml").instrument.title["tr"] == "Musterstadt'ta çeşitlilik"


def test_texts_the_forms_cannot_post_are_listed_apart_not_as_fields(console: OpenConsole, project: Path) -> None:
    path = project / "instrument.yaml"
    derived = "derived:\n  - id: ms_north\n    type: boolean\n    label: {de: Nordstadt}\n    when: ms_district == 'nordstadt'\n"
    path.write_text(path.read_text(encoding="utf-8") + derived, encoding="utf-8")
    page = console.client.get("/questionnaire/translations")
    assert page.status_code == 200
    assert 'name="derived.' not in page.text and "Not translated here" in page.text
    assert "no translation in &#39;en&#39;" in page.text
