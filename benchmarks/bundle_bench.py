"""Moving responses from the server to the analysts: bundle and merge times (run by hand; prints figures).

    python benchmarks/bundle_bench.py                  # 5,000 and 100,000 responses, SQLite and PostgreSQL
    python benchmarks/bundle_bench.py --sizes 5000 --no-postgres

For each size the server's store is filled by a real import of the Musterstadt
example (store_bench's export, with response ids, so every response carries a
source identity; the example asks for no contact details); then ``responses bundle`` (a consistent snapshot, written
to a new file), ``responses merge`` into an empty analysts' store, and the same
bundle merged again (every response recognised, nothing written) are timed,
through the store's methods the commands call. On PostgreSQL both stores are
databases of a throwaway server (tests/integration/postgres_server.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from instruments.loader import load_instrument
from survey.importers.csv_format import read_csv
from survey.intake.ingest import ingest
from survey.store import ResponseStore, open_store

ROOT = Path(__file__).resolve().parent.parent
INSTRUMENT = load_instrument(ROOT / "examples" / "musterstadt" / "instrument.yaml").instrument


def fill(store: ResponseStore, n: int, work: Path) -> tuple[PrivateKey, PseudonymSecret]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from store_bench import make_file

    make_file(work / "export.csv", n)
    key, secret = PrivateKey.generate(), PseudonymSecret.generate()
    report = ingest(store, INSTRUMENT, key.public_key(), secret, read_csv(INSTRUMENT, work / "export.csv"),
                    digest="sha256:bench", source="bench")  # fmt: skip
    if report.stored != n:
        raise SystemExit(f"the import stored {report.stored} of {n}")
    return key, secret


def timed(action: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def run(label: str, n: int, stores: Callable[[str], ResponseStore], work: Path) -> None:
    server, analysts = stores("server"), stores("analysts")
    try:
        _, secret = fill(server, n, work)
        tag = secret.bundle_tag(INSTRUMENT.id)
        bundle = work / f"{label}.eqbundle"
        counts, wrote = timed(lambda: server.write_bundle(bundle, INSTRUMENT.id, tag))
        first, merged = timed(lambda: analysts.merge_bundle(bundle, INSTRUMENT.id, tag))
        again, remerged = timed(lambda: analysts.merge_bundle(bundle, INSTRUMENT.id, tag))
        if getattr(first, "new", None) != n or getattr(again, "already", None) != n:
            raise SystemExit(f"merged {first}, then {again}; expected {n} new, then {n} already here")
        size = bundle.stat().st_size / 2**20
        contacts = counts["contacts"] if isinstance(counts, dict) else 0
        for phase, seconds in (("bundle", wrote), ("merge", merged), ("re-merge", remerged)):
            print(f"{label:>10} {n:>9,} {contacts:>8,} {phase:>9} {seconds:>8.2f} {n / seconds:>9,.0f} {size:>8.1f}")
    finally:
        server.close()
        analysts.close()


@contextmanager
def postgres() -> Iterator[Callable[[str], ResponseStore]]:
    import secrets

    import psycopg

    from tests.integration.postgres_server import postgres_server

    with postgres_server() as (base, _):

        def store(side: str) -> ResponseStore:
            name = f"{side}_{secrets.token_hex(4)}"
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {name}")
            return open_store(f"{base}/{name}", Path("."))

        yield store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 100_000])
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only.")
    args = parser.parse_args()
    print(f"{'store':>10} {'responses':>9} {'contacts':>8} {'phase':>9} {'seconds':>8} {'rows/s':>9} {'MiB':>8}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)

            def sqlite(side: str, work: Path = work) -> ResponseStore:
                return open_store(f"sqlite:///{side}/responses.sqlite", work)

            run("SQLite", n, sqlite, work)
    if not args.no_postgres:
        with postgres() as stores:
            for n in args.sizes:
                with tempfile.TemporaryDirectory() as tmp:
                    run("PostgreSQL", n, stores, Path(tmp))


if __name__ == "__main__":
    main()
