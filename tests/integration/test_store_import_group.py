"""Import batches stored together, in one transaction, come out as stored one after the other (real SQLite files)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from survey.store import ImportColumns, ResponseStore, open_store
from tests.integration.test_store import identified, open_all


def _batches() -> list[tuple[ImportColumns, str]]:
    """Three batches of one file whose later rows repeat, correct and collide with earlier ones."""
    made = [
        identified([{"q": 1}, {"q": 2}, {"q": 3}], ["id-1", "id-2", "id-3"], ["p-1", "p-2", "p-3"]),
        identified([{"q": 1}, {"q": "corrected"}, {"q": 4}], ["id-1", "id-2", "id-4"], ["p-1", "p-2", "p-1"]),
        identified([{"q": 5}, {"q": "again"}], ["id-5", "id-2"], ["p-5", "p-2"]),
    ]
    return [(ImportColumns.of(envelope, rows), f"sha256:f:{n}") for n, (envelope, rows) in enumerate(made)]


def _store(tmp_path: Path, name: str) -> ResponseStore:
    return open_store(f"sqlite:///{name}/responses.sqlite", tmp_path)


def test_a_group_has_the_outcomes_of_its_batches_one_by_one(tmp_path: Path) -> None:
    one_by_one, grouped = _store(tmp_path, "a"), _store(tmp_path, "b")
    expected = [one_by_one.add_import_columns(b, source="import", import_digest=d) for b, d in _batches()]
    assert grouped.add_import_group(_batches(), source="import") == expected
    assert expected[1] == ["unchanged", "replaced", "code-used"] and expected[2] == ["stored", "replaced"]
    assert sorted(map(str, (a["q"] for a in open_all(grouped)))) == sorted(
        map(str, (a["q"] for a in open_all(one_by_one)))
    )
    assert [e.action for e in grouped.audit_log()] == [e.action for e in one_by_one.audit_log()]
    one_by_one.close()
    grouped.close()


def test_a_failing_group_leaves_nothing_of_any_of_its_batches(tmp_path: Path) -> None:
    store = _store(tmp_path, "a")
    (first, digest), (second, _), _ = _batches()
    broken = replace(second, ciphertexts=[None] * len(second.ciphertexts))  # type: ignore[list-item]
    with pytest.raises(Exception, match=r"(?i)not null"):  # the second batch fails after the first was written
        store.add_import_group([(first, digest), (broken, "sha256:f:1")], source="import")
    assert store.count() == 0
    store.close()
