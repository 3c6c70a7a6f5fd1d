"""Single-use invitations in the store, against real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

import multiprocessing
import secrets
import subprocess
from collections.abc import Iterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from anonymize.invitations import new_invitation_codes
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import RowContext, Sealer
from survey.store import ResponseStore, Submission, open_store
from survey.store import base as store_base
from survey.store.schema import LATEST, MIGRATIONS
from tests.integration.test_store import (
    KEY,
    batch,
    store,  # noqa: F401 - the same fixture, both backends
)
from tests.support.databases import fresh_database

SURVEY = "musterstadt-2026"
SECRET = PseudonymSecret.generate()


def made(store: ResponseStore, n: int) -> tuple[list[str], list[str]]:  # noqa: F811
    codes = new_invitation_codes(n)
    hashes = [SECRET.invitation_hash(SURVEY, c) for c in codes]
    assert store.add_invitations(hashes, SURVEY, day="2026-03-01") == n
    return codes, hashes


def use(store: ResponseStore, code_hash: str) -> bool:  # noqa: F811
    with store._transaction() as cur:
        return store.use_invitation(cur, code_hash)


def test_an_invitation_goes_from_unused_to_used_once(store: ResponseStore) -> None:  # noqa: F811
    codes, hashes = made(store, 3)
    assert store.invitation_state(SECRET.invitation_hash(SURVEY, "2222-3333-4444-5555")) == "unknown"
    assert store.invitation_state(SECRET.invitation_hash("other-survey", codes[0])) == "unknown"
    assert store.invitation_state(SECRET.pseudonym(SURVEY, codes[0])) == "unknown", "not the pseudonym"
    assert [store.invitation_state(h) for h in hashes] == ["unused"] * 3
    assert use(store, hashes[0]) is True
    assert store.invitation_state(hashes[0]) == "used"
    assert use(store, hashes[0]) is False, "the second use fails"
    assert use(store, SECRET.invitation_hash(SURVEY, "2222-3333-4444-5555")) is False
    counts = store.invitation_counts(SURVEY)
    assert (counts.created, counts.used, counts.unused) == (3, 1, 2)
    assert store.invitation_counts("other-survey").created == 0
    (entry,) = store.audit_log()
    assert entry.action == "invitations-created" and entry.detail == {"instrument": SURVEY, "count": 3}
    assert not any(c in str(entry.detail) or h in str(entry.detail) for c, h in zip(codes, hashes, strict=True))


def submitted(store: ResponseStore, answers: list[dict[str, object]], invitations: list[str | None]) -> list[str]:  # noqa: F811
    envelope, rows = batch(answers)
    group = [Submission(row, None, inv) for row, inv in zip(rows, invitations, strict=True)]
    return list(store.add_submissions(envelope, group, day="2026-03-02"))


def test_a_response_is_stored_with_its_invitation_or_not_at_all(store: ResponseStore) -> None:  # noqa: F811
    _, (first, second) = made(store, 2)
    assert submitted(store, [{"q": 1}], [first]) == ["stored"]
    assert store.invitation_state(first) == "used"
    assert submitted(store, [{"q": 2}, {"q": 3}], [first, "f" * 64]) == ["used", "unknown"]
    assert store.count() == 1 and len(store.envelopes(SURVEY)) == 1, "nothing of the refused ones was stored"
    assert store.invitation_state(second) == "unused"


def test_in_one_group_each_submission_keeps_its_own_fate(store: ResponseStore) -> None:  # noqa: F811
    _, (first, second) = made(store, 2)
    outcomes = submitted(store, [{"q": i} for i in range(5)], [first, None, first, "e" * 64, second])
    assert outcomes == ["stored", "stored", "used", "unknown", "stored"], "the second use of a code in the group loses"
    assert store.count() == 3
    assert store.invitation_counts(SURVEY).used == 2


def test_the_database_refuses_to_change_a_used_invitation(store: ResponseStore) -> None:  # noqa: F811
    _, (h,) = made(store, 1)
    use(store, h)
    for statement in ("UPDATE invitations SET used = 0", "UPDATE invitations SET created_day = '2026-01-01'"):
        with pytest.raises(Exception, match="used once"), store._transaction() as cur:
            cur.execute(statement)
    assert store.invitation_state(h) == "used"


def _race(url: str, base: str, code_hash: str, start: Barrier, results: Queue[str]) -> None:
    s = open_store(url, Path(base))
    sealer = Sealer(KEY.public_key())
    row = sealer.seal(RowContext(secrets.token_hex(32), SURVEY, "1.0.0"), {"q": "race"})
    start.wait()
    try:
        (outcome,) = s.add_submissions(sealer.envelope, [Submission(row, None, code_hash)], day="2026-03-02")
        results.put(outcome)
    finally:
        s.close()


def test_two_processes_using_one_code_at_once_exactly_one_wins(store: ResponseStore) -> None:  # noqa: F811
    _, (h,) = made(store, 1)
    assert store.address is not None
    url, base = store.address
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    racers = [context.Process(target=_race, args=(url, str(base), h, start, results)) for _ in range(2)]
    for p in racers:
        p.start()
    for p in racers:
        p.join(60)
    assert sorted(results.get(timeout=5) for _ in racers) == ["stored", "used"]
    assert store.count() == 1 and store.invitation_counts(SURVEY).used == 1


def test_no_code_in_the_raw_bytes(store: ResponseStore, tmp_path: Path, request: pytest.FixtureRequest) -> None:  # noqa: F811
    codes, hashes = made(store, 200)
    assert submitted(store, [{"q": 1}], [hashes[0]]) == ["stored"]
    stored = {row[0] for row in store._query("SELECT code_hash FROM invitations")}
    assert stored == set(hashes)
    if store.dialect == "sqlite":
        store.close()
        raw = b"".join(p.read_bytes() for p in (tmp_path / "data").iterdir())
    else:
        _, bin_dir = request.getfixturevalue("postgres")
        raw = subprocess.run([str(bin_dir / "pg_dump"), _dsn_url(store)], check=True, capture_output=True).stdout
    assert all(h.encode() in raw for h in hashes[:5]), "the hashes were read"
    for code in codes:
        for form in (code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()):
            assert form.encode() not in raw, code


def _dsn_url(store: ResponseStore) -> str:  # noqa: F811
    assert store.address is not None
    return store.address[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield "sqlite:///data/responses.sqlite"
        return
    yield fresh_database(request.getfixturevalue("postgres"), "t")


def test_migrating_from_version_3_keeps_everything(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert LATEST >= 5  # this test migrates from v3 to whatever is latest
    with monkeypatch.context() as old_eqsurvey:
        old_eqsurvey.setattr(store_base, "MIGRATIONS", MIGRATIONS[:3])
        old_eqsurvey.setattr(store_base, "LATEST", 3)
        old = open_store(store_url, tmp_path)
        assert old._query("SELECT MAX(version) FROM schema_version")[0][0] == 3
        old.add_batch(*batch([{"q": 1}, {"q": 2}]), source="import")
        old.audit("key-rotation", {"key": "abc"})
        with old._transaction() as cur:  # a release as eqsurvey with schema v3 stored it (no budget total yet)
            old._execute(
                cur,
                "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ("r1", SURVEY, "1.0.0", "main", "sha256:p", "sha256:d", "0.5", "2026-01-01", "{}"),
            )
            old._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                ("2026-01-01T00:00:00+00:00", "release", '{"release": "r1"}'),
            )
            for code_hash, used_day in (("h-unused", None), ("h-used", "2026-02-02")):
                old._execute(cur, "INSERT INTO access_codes VALUES (?, ?, ?)", (code_hash, SURVEY, used_day))
        old.close()
    new = open_store(store_url, tmp_path)
    try:
        assert new._query("SELECT MAX(version) FROM schema_version")[0][0] == LATEST
        assert new.count() == 2 and [e.action for e in new.audit_log()] == ["key-rotation", "release"]
        assert [r.release_id for r in new.releases(SURVEY)] == ["r1"]
        assert new.budget_totals(SURVEY) == []  # the next release fixes the survey's total
        assert new.invitation_state("h-unused") == "unused" and new.invitation_state("h-used") == "used"
        days = dict(new._query("SELECT code_hash, created_day FROM invitations"))
        assert days["h-used"] == "2026-02-02" and len(days["h-unused"]) == 10, "v4 took the day used as the day made"
        with pytest.raises(Exception, match=r"(?i)access_codes"):
            new._query("SELECT * FROM access_codes")
        assert use(new, "h-unused") and not use(new, "h-used")
    finally:
        new.close()
