"""The PostgreSQL server's own copies: planner statistics sample no value of the store.

``ANALYZE`` (autovacuum runs it by itself once a table has grown) copies
sampled values of each column into the catalogue ``pg_statistic``, outside the
store's tables, where no erasure reaches them: a suite run caught an erased
response's ciphertext there. The attacker reads the catalogue after an
explicit ``ANALYZE`` of a filled store.
"""

from __future__ import annotations

from pathlib import Path

import psycopg

from survey.store import open_store
from tests.integration.test_store import batch
from tests.support.databases import fresh_database


def test_analyze_samples_no_column_of_the_store(postgres: tuple[str, Path], tmp_path: Path) -> None:
    url = fresh_database(postgres, "planner")
    store = open_store(url, tmp_path)
    try:
        envelope, rows = batch([{"district": f"d{i % 7}", "age": 20 + i % 50} for i in range(300)])
        assert store.add_batch(envelope, rows, source="import") == 300
        store.audit("test", {"rows": 300})
    finally:
        store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
        sampled = conn.execute(
            "SELECT c.relname, a.attname FROM pg_statistic s"
            " JOIN pg_class c ON c.oid = s.starelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " JOIN pg_attribute a ON a.attrelid = s.starelid AND a.attnum = s.staattnum"
            " WHERE n.nspname = current_schema()"
        ).fetchall()
        targets = conn.execute(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
            " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
            " AND COALESCE(a.attstattarget, -1) <> 0"
        ).fetchall()
        filled = conn.execute("SELECT reltuples FROM pg_class WHERE relname = 'responses'").fetchone()
    assert filled is not None and filled[0] >= 300, "ANALYZE ran over the filled table"
    assert sampled == [], f"sampled into pg_statistic: {sampled}"
    # Every table of the schema, so a table a later migration adds without the same fails here.
    assert targets == [], f"columns ANALYZE would sample (add their tables to schema v10's list): {targets}"
