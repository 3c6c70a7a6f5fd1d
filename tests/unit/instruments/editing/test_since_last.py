"""Missing translations and the changes since the last kept version, as library functions."""

from __future__ import annotations

import shutil
from pathlib import Path

from instruments.editing import AddOption, SetOptionLabel, edit_instrument, read_instrument_file
from instruments.editing.versioning import changes_since_last, last_kept_version
from instruments.loader import load_instrument
from instruments.translations import missing_language, missing_per_language, missing_translations

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "musterstadt" / "instrument.yaml"


def test_missing_translations_are_listed_and_counted_per_language(tmp_path: Path) -> None:
    path = tmp_path / "instrument.yaml"
    shutil.copy(EXAMPLE, path)
    assert missing_translations(load_instrument(path)) == []
    assert missing_per_language(load_instrument(path)) == {"de": 0, "en": 0}
    read = read_instrument_file(path)
    edit_instrument(path, [SetOptionLabel("ms_district", "oststadt", "en", "")], read_digest=read.digest)
    loaded = load_instrument(path)
    [problem] = missing_translations(loaded)
    assert missing_language(problem) == "en" and problem.where.line is not None
    assert missing_per_language(loaded) == {"de": 0, "en": 1}


def test_the_changes_since_the_last_kept_version_come_from_the_diff(tmp_path: Path) -> None:
    path = tmp_path / "instrument.yaml"
    shutil.copy(EXAMPLE, path)
    assert changes_since_last(tmp_path, load_instrument(path).instrument) is None
    read = read_instrument_file(path)
    edit_instrument(
        path, [AddOption("ms_district", "umland", {"de": "Umland"})], read_digest=read.digest, root=tmp_path
    )
    current = load_instrument(path).instrument
    last = last_kept_version(tmp_path, current)
    assert last is not None and last.version == "1.0.0"
    diff = changes_since_last(tmp_path, current)
    assert diff is not None
    assert [c.kind for c in diff.changes] == ["option-added"]
    assert (diff.old_version, diff.new_version, diff.version_problem) == ("1.0.0", "1.1.0", None)
