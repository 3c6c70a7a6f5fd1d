"""A catalogue's review status (``X-Translation-Status`` in its header): read, and kept by scripts/messages.sh.

Babel keeps only the header fields it knows, so ``pybabel update`` would drop the status of every
catalogue each time messages are extracted; the script puts it back. Checked on a throwaway package
run through a copy of the real script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kernel.i18n import Catalogues
from kernel.i18n.drafts import is_draft, translation_status

ROOT = Path(__file__).resolve().parents[3]
HEADER = """msgid ""
msgstr ""
"Project-Id-Version: eqsurvey VERSION\\n"
"Language: {lang}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Generated-By: Babel 2.19.0\\n"
{status}
#: draftpkg/words.py
msgctxt "hello"
msgid "Hello"
msgstr "{hello}"
"""


def _package(root: Path, statuses: dict[str, str]) -> Path:
    package = root / "draftpkg"
    (package / "locales").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "words.py").write_text(
        'from kernel.i18n import Msg\n\nWORDS = (Msg("hello", "Hello"), Msg("bye", "Goodbye"))\n'
    )
    for lang, status in statuses.items():
        folder = package / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        line = f'"X-Translation-Status: {status}\\n"' if status else ""
        (folder / "draftpkg.po").write_text(HEADER.format(lang=lang, status=line, hello=f"Hello in {lang}"))
    return package


def test_the_status_is_read_from_the_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _package(tmp_path, {"tr": "draft", "de": "", "fa": "Reviewed"})
    monkeypatch.syspath_prepend(str(tmp_path))
    catalogues = Catalogues("draftpkg")
    assert translation_status(catalogues, "tr") == "draft" and is_draft(catalogues, "tr-CY")
    assert translation_status(catalogues, "fa") == "reviewed" and not is_draft(catalogues, "fa")
    assert translation_status(catalogues, "de") is None and not is_draft(catalogues, "de")
    assert translation_status(catalogues, "en") is None and translation_status(catalogues, "ar") is None
    sys.modules.pop("draftpkg", None)


@pytest.mark.skipif(shutil.which("pybabel") is None, reason="needs Babel's pybabel command")
def test_extracting_messages_keeps_each_catalogue_s_status(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "messages.sh", tmp_path / "scripts" / "messages.sh")
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    package = _package(tmp_path, {"tr": "draft", "de": ""})
    done = subprocess.run(
        ["bash", "scripts/messages.sh"], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    turkish = (package / "locales" / "tr" / "LC_MESSAGES" / "draftpkg.po").read_text()
    german = (package / "locales" / "de" / "LC_MESSAGES" / "draftpkg.po").read_text()
    assert 'msgctxt "bye"' in turkish and 'msgctxt "bye"' in german  # the update did happen
    assert turkish.count('"X-Translation-Status: draft\\n"') == 1
    assert "X-Translation-Status" not in german
    header = turkish.split("\n\n", 1)[0]
    assert header.index("Generated-By") < header.index("X-Translation-Status")  # still inside the header entry
