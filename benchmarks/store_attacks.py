"""The store attacks of tests/integration/attacks as figures (run by hand; prints, asserts nothing).

    python benchmarks/store_attacks.py                  # SQLite and PostgreSQL (a throwaway server)
    python benchmarks/store_attacks.py --sqlite-only

For each backend: 3,000 respondents imported in batches of 500, and 2,400
sent through the web form's store step (2,000 with invitation letters, one
form per transaction, answering in the letters' order; 400 without, in
groups of 8), in a store of its own. Every attack the tests run is run here
too; the table shows the best attack's right guesses for contacts and for
used invitations, what chance would give on average, and the most chance
gives with probability 10⁻⁶. Then two web responses are erased and every
store file is searched for any 16-byte piece of their ciphertexts, nonces and
batch keys.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey.store import ResponseStore, open_store  # noqa: E402
from tests.integration.attacks import guesses, scenarios  # noqa: E402
from tests.integration.attacks.guesses import Seen  # noqa: E402
from tests.integration.attacks.test_erasure import copies_in, every_response, store_files  # noqa: E402
from tests.integration.attacks.test_linkage import attacks  # noqa: E402


def best(items: list[Seen], responses: list[Seen]) -> tuple[str, int, int]:
    """The attack with the most right guesses: its name, right guesses, guesses made."""
    found = [(guesses.right(g), len(g), name) for name, g in attacks(items, responses).items() if g]
    hits, tried, name = max(found)
    return name, hits, tried


def report(label: str, items: list[Seen], responses: list[Seen]) -> None:
    name, hits, tried = best(items, responses)
    n = len(responses)
    print(
        f"| {label} | {len(items):,} | {hits} ({name}) | {tried / n:.1f} | {guesses.chance_allows(tried, n)} |",
        flush=True,
    )


def run(backend: str, make: Callable[[], ResponseStore]) -> None:
    started = time.perf_counter()
    store = make()
    scenarios.imported(store, 3000, batch_size=500)
    sight = scenarios.seen(store)
    report(f"{backend}, import: contacts", sight.contacts, sight.responses)
    store = make()
    letters = scenarios.invited(store, 2400)
    scenarios.sent_on_the_web(store, 2000, group=1, letters=letters, days=20)
    scenarios.sent_on_the_web(store, 400, group=8, letters=None, days=20)
    sight = scenarios.seen(store, letters)
    report(f"{backend}, web: contacts", sight.contacts, sight.responses)
    report(f"{backend}, web: used invitations", sight.invitations, sight.responses)
    rows = every_response(store)
    victims = [rows[0], rows[-1]]
    keys = {e.envelope_id: e.sealed_key for e in store.envelopes(scenarios.instrument().id)}
    for v in victims:
        store.erase(v.row.context.instrument_id, v.row.context.pseudonym, "benchmark")
    files = store_files(store)
    secrets = [b for v in victims for b in (v.row.ciphertext, v.row.nonce, keys[v.row.envelope_id])]
    found = sum(len(copies_in(files, s)) for s in secrets)
    print(
        f"| {backend}: 2 of {len(rows):,} web responses erased | pieces found in {len(files)} store files: {found}"
        f" | | | |  ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print("| store, what is linked | items | best attack: right guesses | chance, mean | chance, at most (p = 10⁻⁶) |")
    print("|---|---|---|---|---|")
    opened: list[ResponseStore] = []
    with tempfile.TemporaryDirectory() as tmp:

        def sqlite() -> ResponseStore:
            opened.append(open_store(f"sqlite:///{len(opened)}/responses.sqlite", Path(tmp)))
            return opened[-1]

        try:
            run("SQLite", sqlite)
        finally:
            for store in opened:
                store.close()
    if args.sqlite_only:
        return
    from tests.support.databases import fresh_database
    from tests.support.postgres_server import postgres_server

    with postgres_server() as server, tempfile.TemporaryDirectory() as tmp:

        def postgres() -> ResponseStore:
            opened.append(open_store(fresh_database(server, "bench"), Path(tmp)))
            return opened[-1]

        try:
            run("PostgreSQL", postgres)
        finally:
            for store in opened:
                store.close()


if __name__ == "__main__":
    main()
