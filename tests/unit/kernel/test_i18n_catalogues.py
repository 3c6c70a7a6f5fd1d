"""Catalogues read from .po files at run time: languages, fallbacks, plurals, and the check's findings."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel.i18n import CatalogueError, Catalogues, Msg, PluralMsg, TranslationStatus, text_direction
from kernel.i18n.check import catalogue_problems

_CODE = """
from kernel.i18n import Msg, PluralMsg

GREETING = Msg("greeting", "Hello {name}")
DOOR = Msg("door", "Door")
FILES = PluralMsg("files", "{n} file", "{n} files")
"""

_HEADER = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def _po(entries: str) -> str:
    return _HEADER + textwrap.dedent(entries)


_GERMAN = _po("""
    msgctxt "greeting"
    msgid "Hello {name}"
    msgstr "Hallo {name}"

    msgctxt "door"
    msgid "Door"
    msgstr "Tür"

    msgctxt "files"
    msgid "{n} file"
    msgid_plural "{n} files"
    msgstr[0] "{n} Datei"
    msgstr[1] "{n} Dateien"
""")


@pytest.fixture(autouse=True)
def _fresh_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test's packages are its own: imported from its folder, forgotten after it."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in [name for name in sys.modules if name.startswith("i18n_pkg_")]:
        del sys.modules[name]


def _package(root: Path, name: str, catalogues: dict[str, str]) -> Path:
    package = root / name
    (package / "locales").mkdir(parents=True)
    (package / "__init__.py").write_text(_CODE, encoding="utf-8")
    for folder, text in catalogues.items():
        (package / "locales" / folder / "LC_MESSAGES").mkdir(parents=True)
        (package / "locales" / folder / "LC_MESSAGES" / f"{name}.po").write_text(text, encoding="utf-8")
    importlib.invalidate_caches()
    return package


@pytest.fixture
def easy_missing_door(tmp_path: Path) -> Path:
    easy = _GERMAN.replace('msgstr "Hallo {name}"', 'msgstr "Guten Tag {name}"').replace('msgstr "Tür"', 'msgstr ""')
    package = _package(tmp_path, "i18n_pkg_a", {"de": _GERMAN, "de@easy": easy})
    return package


def test_a_tag_gets_its_own_catalogue_then_its_base_language_then_english(easy_missing_door: Path) -> None:
    catalogues = Catalogues("i18n_pkg_a")
    assert catalogues.languages() == ("en", "de", "de-x-ls")
    assert [catalogues.resolve(tag) for tag in ("de-x-ls", "de-CH", "de", "fr", "en-GB")] == [
        "de-x-ls",
        "de",
        "de",
        "en",
        "en",
    ]
    greeting = Msg("greeting", "Hello {name}")
    assert catalogues.translator("de-AT").gettext(greeting, name="Ada") == "Hallo Ada"
    assert catalogues.translator("de-x-ls").gettext(greeting, name="Ada") == "Guten Tag Ada"
    assert catalogues.translator("fr").gettext(greeting, name="Ada") == "Hello Ada"


def test_plurals_follow_the_catalogues_rule(easy_missing_door: Path) -> None:
    catalogues = Catalogues("i18n_pkg_a")
    files = PluralMsg("files", "{n} file", "{n} files")
    assert [catalogues.translator("de").ngettext(files, n) for n in (1, 2)] == ["1 Datei", "2 Dateien"]
    assert catalogues.translator("en").ngettext(files, 0) == "0 files"


def test_easy_german_does_not_borrow_german_and_the_check_finds_the_gap(easy_missing_door: Path) -> None:
    catalogues = Catalogues("i18n_pkg_a")
    assert catalogues.translator("de-x-ls").text(Msg("door", "Door")) == "Door"  # English, never "Tür"
    assert catalogue_problems(catalogues, easy_missing_door) == [
        f"{catalogues.template_file()}: no template; fix: run `bash scripts/messages.sh` and translate"
    ]
    subprocess.run(["bash", str(_copy_script(easy_missing_door.parent))], check=True, capture_output=True)
    (problem,) = catalogue_problems(Catalogues("i18n_pkg_a"), easy_missing_door)
    assert problem.startswith(f"{catalogues.po_file('de-x-ls')}: message door: 'Door' has no translation")


def test_translators_are_compiled_once_per_catalogues_object(easy_missing_door: Path) -> None:
    catalogues = Catalogues("i18n_pkg_a")
    assert catalogues.translator("de") is catalogues.translator("de-DE")
    assert Catalogues("i18n_pkg_a").translator("de") is not catalogues.translator("de")


def test_a_broken_catalogue_is_named_with_its_file(tmp_path: Path) -> None:
    _package(tmp_path, "i18n_pkg_b", {"de": _HEADER + '\nmsgid "Door"\nnonsense\nmsgstr "Tür"\n'})
    with pytest.raises(ValueError, match=r"i18n_pkg_b.locales.de.LC_MESSAGES.i18n_pkg_b\.po: not a valid \.po file"):
        Catalogues("i18n_pkg_b").translator("de")
    with pytest.raises(CatalogueError, match=r"i18n_pkg_b: no catalogue for 'fr' .*--init fr or use one of en, de"):
        Catalogues("i18n_pkg_b").read("fr")


def _copy_script(root: Path) -> Path:
    repo = Path(__file__).resolve().parents[3]
    (root / "scripts").mkdir(exist_ok=True)
    shutil.copy(repo / "scripts" / "messages.sh", root / "scripts" / "messages.sh")
    shutil.copy(repo / "babel.cfg", root / "babel.cfg")
    return root / "scripts" / "messages.sh"


def test_the_script_extracts_inits_and_updates_and_the_check_names_each_gap(tmp_path: Path) -> None:
    package = _package(tmp_path, "i18n_pkg_c", {})
    script = _copy_script(tmp_path)
    subprocess.run(["bash", str(script), "--init", "de"], check=True, capture_output=True)
    catalogues = Catalogues("i18n_pkg_c")
    assert catalogues.languages() == ("en", "de")
    problems = catalogue_problems(catalogues, package)
    assert len(problems) == 3 and all("has no translation" in problem for problem in problems)

    po = package / "locales" / "de" / "LC_MESSAGES" / "i18n_pkg_c.po"
    po.write_text(_GERMAN.replace('msgstr "Hallo {name}"', 'msgstr "Hallo {nom}"'), encoding="utf-8")
    (problem,) = catalogue_problems(Catalogues("i18n_pkg_c"), package)
    assert "greeting: 'Hello {name}' uses placeholders ['nom'] where the English uses ['name']" in problem

    (package / "__init__.py").write_text(_CODE.replace('"Door"', '"Gate"'), encoding="utf-8")
    po.write_text(_GERMAN, encoding="utf-8")
    problems = catalogue_problems(Catalogues("i18n_pkg_c"), package)
    assert any("i18n_pkg_c.pot: 2 messages differ from the code's" in problem for problem in problems)
    assert any("door: 'Gate' has no entry" in problem for problem in problems)
    assert any("door: 'Door' is not in the code any more" in problem for problem in problems)

    subprocess.run(["bash", str(script)], check=True, capture_output=True)
    problems = catalogue_problems(Catalogues("i18n_pkg_c"), package)
    assert len(problems) == 1 and "door: 'Gate' has no translation" in problems[0]

    po.write_text(_GERMAN.replace('msgctxt "door"', '#, fuzzy\nmsgctxt "door"').replace('"Door"', '"Gate"'))
    (problem,) = catalogue_problems(Catalogues("i18n_pkg_c"), package)
    assert "door: 'Gate' is marked fuzzy" in problem
    assert Catalogues("i18n_pkg_c").translator("de").text(Msg("door", "Gate")) == "Gate"  # msgfmt leaves it out


def test_a_catalogue_states_whether_its_translation_is_a_draft_and_the_update_keeps_it(tmp_path: Path) -> None:
    draft = "# Turkish wording.\n# Translation-Status: draft\n" + _GERMAN
    reviewed = "# Translation-Status: Reviewed\n# Checked by Verein Vielfalt, 2026-12-01.\n" + _GERMAN
    package = _package(tmp_path, "i18n_pkg_d", {"tr": draft, "de": _GERMAN, "ar": reviewed})
    catalogues = Catalogues("i18n_pkg_d")
    assert [catalogues.status(tag) for tag in ("en", "de", "tr", "ar")] == [
        None,
        None,
        TranslationStatus.DRAFT,
        TranslationStatus.REVIEWED,
    ]
    # pybabel update drops header fields it does not know; the status line is a comment, which it keeps.
    subprocess.run(["bash", str(_copy_script(tmp_path))], check=True, capture_output=True)
    po = package / "locales" / "tr" / "LC_MESSAGES" / "i18n_pkg_d.po"
    assert po.read_text(encoding="utf-8").splitlines()[:2] == ["# Turkish wording.", "# Translation-Status: draft"]
    assert Catalogues("i18n_pkg_d").status("tr") is TranslationStatus.DRAFT


def test_an_unknown_translation_status_is_named_with_its_file_and_the_words_it_may_say(tmp_path: Path) -> None:
    _package(tmp_path, "i18n_pkg_e", {"fa": "# Translation-Status: finished\n" + _GERMAN})
    with pytest.raises(
        CatalogueError, match=r"fa.LC_MESSAGES.i18n_pkg_e\.po: .*'Translation-Status: finished'.*draft, reviewed"
    ):
        Catalogues("i18n_pkg_e").status("fa")


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("fa", "rtl"),
        ("he", "rtl"),
        ("ur", "rtl"),
        ("ku-Arab", "rtl"),  # the script subtag decides: Kurdish in Latin letters runs left to right
        ("ku", "ltr"),
        ("tr", "ltr"),
        ("uk", "ltr"),
        ("de-x-ls", "ltr"),
        ("xx-unknown", "ltr"),
    ],
)
def test_text_direction_comes_from_cldr(tag: str, direction: str) -> None:
    assert text_direction(tag) == direction
