"""Merging bundles, in any interleaving with imports, corrections, erasures on either side and stray copies.

A Hypothesis property on real SQLite stores, one for each side. After every
merge the analysts hold exactly the server's responses as the bundle showed
them, less what they erased themselves; merging the same bundle again changes
nothing; no erasure made on either side ever comes back, whatever was merged
or copied; the analysts' erasures carried to the server erase there exactly
what they name, and merging them again changes nothing; and the spent budget never goes down, also when the server's store
file is copied over the analysts' (the old README's step 5).
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from anonymize.keys.pair import PrivateKey
from anonymize.sealing import RowContext, Sealer
from kernel.privacy_budget import PrivacyBudget
from survey.store import IdentifiedRow, ResponseStore, open_store
from tests.integration.test_ledger import release

SURVEY = "musterstadt-2026"
TAG = "project-tag"
KEY = PrivateKey.generate()
STORE = "sqlite:///data/responses.sqlite"


@dataclass(frozen=True)
class Web:
    n: int


@dataclass(frozen=True)
class Import:
    """Platform responses by their id there; ``version`` changes the answers of those stored before."""

    ids: frozenset[int]
    version: int


@dataclass(frozen=True)
class Erase:
    side: str
    pick: int


@dataclass(frozen=True)
class Merge:
    pass


@dataclass(frozen=True)
class Copy:
    pass


@dataclass(frozen=True)
class Release:
    pass


@dataclass(frozen=True)
class Carry:
    """The analysts' erasures carried to the server in an erasures bundle."""


STEPS = st.lists(
    st.one_of(
        st.builds(Web, st.integers(1, 3)),
        st.builds(Import, st.frozensets(st.integers(1, 6), min_size=1), st.integers(1, 2)),
        st.builds(Erase, st.sampled_from(["server", "analysts"]), st.integers(0, 50)),
        st.just(Merge()),
        st.just(Copy()),
        st.just(Release()),
        st.just(Carry()),
    ),
    min_size=1,
    max_size=8,
)


def state(store: ResponseStore) -> dict[str, tuple[str | None, str | None]]:
    """pseudonym -> (source identity, answers digest) of every stored response."""
    rows = store._query("SELECT pseudonym, source_identity, answers_digest FROM responses")
    return {p: (i, d) for p, i, d in rows}


def same(held: dict[str, tuple[str | None, str | None]]) -> set[tuple[str | None, str | None]]:
    """What makes two stores hold the same responses: an imported one is its identity and answers (its
    pseudonym is drawn anew when a correction replaces it, and is nobody's code), a web one its pseudonym."""
    return {v if v[0] is not None else (p, None) for p, v in held.items()}


class Sides:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.server = open_store(STORE, root / "server")
        self.analysts = open_store(STORE, root / "analysts")
        self.erased_p: set[str] = set()  # pseudonyms erased on either side
        self.erased_i: set[str] = set()  # their source identities
        self.analysts_p: set[str] = set()
        self.analysts_i: set[str] = set()
        self.spent = PrivacyBudget(0)
        self.bundles = 0
        self.carried_p: set[str] = set()  # the analysts' erasures carried to the server
        self.carried_i: set[str] = set()

    def close(self) -> None:
        self.server.close()
        self.analysts.close()

    def web(self, n: int) -> None:
        sealer = Sealer(KEY.public_key())
        rows = [sealer.seal(RowContext(secrets.token_hex(32), SURVEY, "1.0.0"), {"q": 1}) for _ in range(n)]
        self.server.add_batch(sealer.envelope, rows, source="web")

    def import_(self, ids: frozenset[int], version: int) -> None:
        sealer = Sealer(KEY.public_key())
        rows = [
            IdentifiedRow(
                sealer.seal(RowContext(secrets.token_hex(32), SURVEY, "1.0.0"), {"id": i, "v": version}),
                hashlib.sha256(f"identity-{i}".encode()).hexdigest(),  # a keyed hash's form, as stored
                f"digest-{i}-{version}",
            )
            for i in sorted(ids)
        ]
        self.server.add_import_batch(sealer.envelope, rows, source="import:x", import_digest=secrets.token_hex(8))

    def erase(self, side: str, pick: int) -> None:
        store = self.server if side == "server" else self.analysts
        held = sorted(state(store).items())
        if not held:
            return
        pseudonym, (identity, _) = held[pick % len(held)]
        assert store.erase(SURVEY, pseudonym, "test") == 1
        self.erased_p.add(pseudonym)
        if side == "analysts":
            self.analysts_p.add(pseudonym)
        if identity is not None:
            self.erased_i.add(identity)
            if side == "analysts":
                self.analysts_i.add(identity)

    def expected(self, server: dict[str, tuple[str | None, str | None]]) -> dict[str, tuple[str | None, str | None]]:
        return {p: v for p, v in server.items() if p not in self.analysts_p and v[0] not in self.analysts_i}

    def merge(self) -> None:
        self.bundles += 1
        bundle = self.root / f"b{self.bundles}.eqbundle"
        self.server.write_bundle(bundle, SURVEY, TAG)
        shown = state(self.server)
        self.analysts.merge_bundle(bundle, SURVEY, TAG)
        after = state(self.analysts)
        assert same(after) == same(self.expected(shown))
        again = self.analysts.merge_bundle(bundle, SURVEY, TAG)
        assert (again.new, again.replaced, again.erased_here) == (0, 0, 0), "merging again changes nothing"
        assert state(self.analysts) == after

    def copy(self) -> None:
        """The old step 5: the server's store file copied over the analysts' (their ledger file stays)."""
        self.analysts.close()
        shutil.copy(
            self.root / "server" / "data" / "responses.sqlite", self.root / "analysts" / "data" / "responses.sqlite"
        )
        self.analysts = open_store(STORE, self.root / "analysts")
        assert same(state(self.analysts)) == same(self.expected(state(self.server)))

    def carry(self) -> None:
        self.bundles += 1
        bundle = self.root / f"e{self.bundles}.eqbundle"
        self.analysts.write_erasures_bundle(bundle, SURVEY, TAG)
        before = state(self.server)
        named = {p for p, (i, _) in before.items() if p in self.analysts_p or i in self.analysts_i}
        report = self.server.merge_erasures(bundle, SURVEY, TAG)
        after = state(self.server)
        assert report.erased == len(named) and set(after) == set(before) - named
        again = self.server.merge_erasures(bundle, SURVEY, TAG)
        assert (again.erased, again.new) == (0, 0), "merging again changes nothing"
        assert again.already == report.new + report.already and state(self.server) == after
        self.carried_p, self.carried_i = set(self.analysts_p), set(self.analysts_i)

    def release(self) -> None:
        self.analysts.spend(release(0.01), PrivacyBudget(1))
        self.spent += PrivacyBudget("0.01")

    def check(self) -> None:
        held = state(self.analysts)
        assert not set(held) & self.analysts_p, "an erasure made by the analysts came back"
        assert not {i for i, _ in held.values()} & self.analysts_i
        assert self.analysts.spent(SURVEY) == self.spent, "the spent budget never goes down"
        assert self.server.spent(SURVEY) == PrivacyBudget(0) and self.server.releases(SURVEY) == []
        on_server = state(self.server)
        assert not set(on_server) & self.carried_p, "an erasure carried to the server came back there"
        assert not {i for i, _ in on_server.values()} & self.carried_i


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
# Always tried: erasures on the analysts' side (an imported response, a web one) carried to the server,
# then a corrected re-export of the erased import on the server, merged again.
@example([Import(frozenset({1, 2}), 1), Web(2), Merge(), Erase("analysts", 0), Erase("analysts", 2), Carry()])
@example([Import(frozenset({1, 2}), 1), Merge(), Erase("analysts", 0), Carry(), Import(frozenset({1, 2}), 2), Carry()])
def test_merging_keeps_the_server_s_responses_less_erasures_and_never_lowers_the_budget(steps: list[object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sides = Sides(Path(folder))
        try:
            for step in steps:
                match step:
                    case Web(n):
                        sides.web(n)
                    case Import(ids, version):
                        sides.import_(ids, version)
                    case Erase(side, pick):
                        sides.erase(side, pick)
                    case Merge():
                        sides.merge()
                    case Copy():
                        sides.copy()
                    case Release():
                        sides.release()
                    case Carry():
                        sides.carry()
                sides.check()
            sides.merge()
            held = state(sides.analysts)
            assert not set(held) & sides.erased_p, "after a merge no erasure of either side is here"
        finally:
            sides.close()
