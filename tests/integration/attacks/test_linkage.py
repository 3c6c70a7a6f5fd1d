"""Linking contacts and used invitations to answers from the store's files: no better than chance.

Each scenario fills a real store (SQLite file, PostgreSQL database) through
the import or the web form's store step, then runs every attack of
:mod:`.guesses` on what :mod:`.disk` reads: by where the bytes lie, by the
order the table gives (rowid, ctid), by batch, by WAL commit, by transaction
id, by day. Big stores are attacked once; stores of three are made again and
again and the right guesses summed, since with three chance alone is right a
third of the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from survey.store import ResponseStore, open_store
from tests.integration.attacks import guesses, scenarios
from tests.integration.attacks.guesses import Guess, Seen
from tests.integration.conftest import fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], ResponseStore]]:
    opened: list[ResponseStore] = []

    def make() -> ResponseStore:
        if request.param == "sqlite":
            store = open_store(f"sqlite:///store-{len(opened)}/responses.sqlite", tmp_path)
        else:
            store = open_store(fresh_database(request.getfixturevalue("postgres"), "attack"), tmp_path)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def attacks(items: list[Seen], responses: list[Seen]) -> dict[str, Guess]:
    """Every way of linking ``items`` to ``responses`` the attacker tries."""
    ranked: dict[str, Callable[[Seen], Any]] = {
        "file position": lambda s: s.position,
        "place in the page": lambda s: s.slot,
        "table order": lambda s: s.order,
    }
    return {
        **{
            f"{feature}, {how}": guess
            for feature, key in ranked.items()
            for how, guess in guesses.by_rank(items, responses, key).items()
        },
        "batch": guesses.by_batch(items, responses, "batch"),
        "WAL commit": guesses.by_class(items, responses, "commit"),
        "transaction id": guesses.by_class(items, responses, "xmin"),
        "nearest transaction id": guesses.by_nearest(items, responses, "xmin"),
        "day": guesses.by_class(items, responses, "day"),
    }


def assert_chance(tallies: dict[str, tuple[int, int]], responses: int) -> None:
    """``tallies``: attack -> (right guesses, guesses), each guess among ``responses`` responses."""
    beaten = {
        name: f"{hits} of {tried} right, chance allows {guesses.chance_allows(tried, responses)}"
        for name, (hits, tried) in tallies.items()
        if hits > guesses.chance_allows(tried, responses)
    }
    assert not beaten, beaten


def tally(into: dict[str, tuple[int, int]], items: list[Seen], responses: list[Seen]) -> dict[str, tuple[int, int]]:
    for name, guess in attacks(items, responses).items():
        hits, tried = into.get(name, (0, 0))
        into[name] = (hits + guesses.right(guess), tried + len(guess))
    return into


@pytest.mark.slow
def test_imported_contacts_do_not_link_to_their_answers(make_store: Callable[[], ResponseStore]) -> None:
    store = make_store()
    scenarios.imported(store, 3000, batch_size=500)
    sight = scenarios.seen(store)
    assert len(sight.contacts) == len(sight.responses) == 3000
    assert_chance(tally({}, sight.contacts, sight.responses), 3000)
    # The same attacker does read the files: responses' own arrival order (no secret) shows through.
    arrival = [Seen(f"r{i}", i, (i, 0), i, {}) for i in range(3000)]
    in_order = guesses.by_rank(sight.responses, arrival, lambda s: s.slot)["from the first"]
    assert guesses.right(in_order) > 2000, "the attack reads where rows lie"


@pytest.mark.slow
def test_web_contacts_and_invitations_do_not_link_to_their_answers(make_store: Callable[[], ResponseStore]) -> None:
    store = make_store()
    letters = scenarios.invited(store, 2400)
    scenarios.sent_on_the_web(store, 2000, group=1, letters=letters, days=20)
    scenarios.sent_on_the_web(store, 400, group=8, letters=None, days=20)
    sight = scenarios.seen(store, letters)
    assert len(sight.contacts) == len(sight.responses) == 2400 and len(sight.invitations) == 2000
    assert_chance(tally({}, sight.contacts, sight.responses), 2400)
    assert_chance(tally({}, sight.invitations, sight.responses), 2400)


@pytest.mark.parametrize("group", [1, 3])
def test_stores_of_three_link_no_better_than_chance(make_store: Callable[[], ResponseStore], group: int) -> None:
    contacts: dict[str, tuple[int, int]] = {}
    invitations: dict[str, tuple[int, int]] = {}
    for _ in range(24):
        store = make_store()
        letters = scenarios.invited(store, 3)
        scenarios.sent_on_the_web(store, 3, group=group, letters=letters, days=3)
        sight = scenarios.seen(store, letters)
        assert len(sight.contacts) == len(sight.invitations) == 3
        tally(contacts, sight.contacts, sight.responses)
        tally(invitations, sight.invitations, sight.responses)
        store.close()
    assert_chance(contacts, 3)
    assert_chance(invitations, 3)


@pytest.mark.slow
def test_imports_of_three_link_no_better_than_chance(make_store: Callable[[], ResponseStore]) -> None:
    contacts: dict[str, tuple[int, int]] = {}
    for _ in range(24):
        store = make_store()
        scenarios.imported(store, 3, batch_size=1)
        sight = scenarios.seen(store)
        tally(contacts, sight.contacts, sight.responses)
        store.close()
    assert_chance(contacts, 3)
