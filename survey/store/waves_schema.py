"""Schema v11: survey waves in the ledger (see :mod:`kernel.waves`), on both sides of the store.

Three append-only tables of the ledger, none of the collection: no response
gains a column (a response's wave is the wave of the day it was received,
which the store already keeps), so nothing new is stored beside an answer and
nothing that could order or link respondents.

- ``waves``: each wave after the first, with the day it starts and why;
- ``release_waves``: the wave of each release made since v11 (a release
  without a row, made before, is the first wave's: it measured every
  response, all of them the first wave's);
- ``wave_totals``: each later wave's total budget and its changes, as
  ``budget_totals`` holds the first wave's (which stays where it was, so a
  store made before keeps its total without any row moved).

On SQLite they are made in the ledger file whenever the store opens (as the
ledger's other tables); on PostgreSQL by migration v11, which also keeps
their columns out of the planner's statistics (see v10).
"""

from __future__ import annotations

_TABLES = [
    """CREATE TABLE IF NOT EXISTS {schema}waves (
        instrument_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        name TEXT NOT NULL,
        starts TEXT NOT NULL,
        declared_day TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (instrument_id, number)
    )""",
    """CREATE TABLE IF NOT EXISTS {schema}release_waves (
        release_id TEXT PRIMARY KEY,
        wave INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS {schema}wave_totals (
        instrument_id TEXT NOT NULL,
        wave INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        total TEXT NOT NULL,
        set_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (instrument_id, wave, seq)
    )""",
]
_MESSAGES = {
    "waves": "a wave is declared once and never changed",
    "release_waves": "releases are immutable",
    "wave_totals": "a budget total is changed only by a new row",
}
_SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS ledger.{table}_no_{verb} BEFORE {event} ON {table}
           BEGIN SELECT RAISE(ABORT, '{message}'); END"""

#: The ledger file's wave tables (SQLite), made if missing whenever a store opens.
SQLITE_WAVES = [s.format(schema="ledger.") for s in _TABLES] + [
    _SQLITE_TRIGGER.format(table=table, verb=verb, event=verb.upper(), message=message)
    for table, message in _MESSAGES.items()
    for verb in ("update", "delete")
]

#: v11 on PostgreSQL: the tables, append-only like the ledger's others.
POSTGRES_V11 = [s.format(schema="") for s in _TABLES] + [
    statement
    for table, message in _MESSAGES.items()
    for statement in (
        f"""CREATE FUNCTION {table}_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION '{message}'; END $$""",
        f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION {table}_immutable()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
           FOR EACH STATEMENT EXECUTE FUNCTION {table}_immutable()""",
    )
]
