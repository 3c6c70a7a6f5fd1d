"""Erasures made on the analysts' side carried to the server: an *erasures bundle* (see :mod:`.bundle_file`).

An erasure on the analysts' computer (``responses erase``) leaves tombstones
there: the erased response's pseudonym and, for an imported one, its source
identity, both keyed hashes under the project's pseudonym secret. Written to
an erasures bundle, they are all that travels: nothing in it is a response, a
contact, a code or anything that names a person, and without the secret no
hash can be tied to anyone.

Merged on the server in one transaction, the tombstones join both of its
copies (the collection's, which imports and bundles read, and the ledger's,
which no copy of a collection file can replace), and every response they
name is erased as ``responses erase`` erases it (:meth:`_erase_tombstoned`:
the row, its receipt, its batch key where nothing else needs it; the files
scrubbed after the commit). No later import, web bundle or responses bundle
brings it back. Merging the same bundle again, or an older one, changes
nothing: tombstones only accumulate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from kernel.errors import EqSurveyError, Location
from survey.store.bundle_file import BundleHeader, BundleWriter, check_project, opened_bundle

#: A pseudonym or source identity as eqsurvey writes it: an HMAC-SHA-256 (or 32 random bytes) in hex.
_KEYED_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class _Kind:
    """One kind of tombstone: its table in the bundle and its statements on the store (collection and ledger)."""

    table: str
    what: str
    read_bundle: str
    read_kept: str
    keep: tuple[str, str]


#: Every statement written out whole: no table or column name is ever formatted into SQL.
_KINDS = (
    _Kind(
        "erasures",
        "pseudonym",
        "SELECT instrument_id, pseudonym FROM erasures ORDER BY rowid",
        # The ledger's copy is the one no copied collection file can have lost; the union costs nothing.
        "SELECT instrument_id, pseudonym FROM kept_erasures WHERE instrument_id = ?"
        " UNION SELECT instrument_id, pseudonym FROM erasures WHERE instrument_id = ? ORDER BY 2",
        (
            "INSERT INTO erasures (instrument_id, pseudonym, erased_day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            "INSERT INTO kept_erasures (instrument_id, pseudonym) VALUES (?, ?) ON CONFLICT DO NOTHING",
        ),
    ),
    _Kind(
        "erased_sources",
        "source identity",
        "SELECT instrument_id, source_identity FROM erased_sources ORDER BY rowid",
        "SELECT instrument_id, source_identity FROM kept_erased_sources WHERE instrument_id = ?"
        " UNION SELECT instrument_id, source_identity FROM erased_sources WHERE instrument_id = ? ORDER BY 2",
        (
            "INSERT INTO erased_sources (instrument_id, source_identity) VALUES (?, ?) ON CONFLICT DO NOTHING",
            "INSERT INTO kept_erased_sources (instrument_id, source_identity) VALUES (?, ?) ON CONFLICT DO NOTHING",
        ),
    ),
)


@dataclass(frozen=True)
class ErasuresMerged:
    erased: int = 0
    new: int = 0
    already: int = 0


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _sql(self, statement: str) -> str: ...
    def _next_seq(self, cur: Any, direction: str) -> tuple[str, int]: ...
    def _erase_tombstoned(self, cur: Any) -> int: ...
    def _scrub(self) -> None: ...


class ErasuresBundleMixin:
    def write_erasures_bundle(self: _Store, target: Path, instrument_id: str, tag: str) -> int:
        """Write every erasure tombstone of the survey this store keeps to ``target``; how many."""
        from survey.store.merge import _today

        tombstones: dict[str, list[Any]] = {}
        with self._transaction() as cur:
            store, seq = self._next_seq(cur, "wrote-erasures")
            for kind in _KINDS:
                tombstones[kind.table] = list(
                    self._execute(cur, kind.read_kept, (instrument_id, instrument_id)).fetchall()
                )
        writer = BundleWriter(target, BundleHeader("erasures", instrument_id, tag, store, seq, _today()))
        try:
            for table, rows in tombstones.items():
                writer.add(table, rows)
            writer.finish()
        except BaseException:
            writer.abandon()
            raise
        return sum(len(rows) for rows in tombstones.values())

    def merged_responses_bundles(self: _Store) -> int:
        """How many responses bundles this store has merged: more than none on the analysts' side of two stores."""
        with self._transaction() as cur:
            row = self._execute(cur, "SELECT COUNT(*) FROM transfers WHERE direction = 'merged-responses'").fetchone()
        return int(row[0])

    def merge_erasures(self: _Store, path: Path, instrument_id: str, tag: str) -> ErasuresMerged:
        """Keep the bundle's tombstones and erase every response they name, in one transaction (see the module)."""
        from survey.store.merge import _today

        with opened_bundle(path, "erasures") as (header, bundle):
            check_project(path, header, instrument_id, tag)
            found = {kind.table: _checked(path, bundle, kind, instrument_id) for kind in _KINDS}
        new = already = 0
        with self._transaction() as cur:
            for kind in _KINDS:
                values = set(found[kind.table])
                # Tombstones are few (one or two per erasure): all of the survey's are read, not looked up.
                here = {v for (_, v) in self._execute(cur, kind.read_kept, (instrument_id, instrument_id)).fetchall()}
                fresh = sorted(values - here)
                new, already = new + len(fresh), already + len(values & here)
                collection, kept = kind.keep
                if kind.table == "erasures":
                    cur.executemany(self._sql(collection), [(instrument_id, v, _today()) for v in fresh])
                else:
                    cur.executemany(self._sql(collection), [(instrument_id, v) for v in fresh])
                cur.executemany(self._sql(kept), [(instrument_id, v) for v in fresh])
            erased = self._erase_tombstoned(cur)
            self._execute(
                cur,
                "INSERT INTO transfers VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                ("merged-erasures", header.store, header.seq, _today()),
            )
            detail = {
                "instrument": instrument_id,
                "erased": erased,
                "tombstones_new": new,
                "tombstones_already": already,
            }
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (
                    datetime.now(UTC).replace(microsecond=0).isoformat(),
                    "erasures-merged",
                    json.dumps(detail, sort_keys=True),
                ),
            )
        if erased:
            self._scrub()
        return ErasuresMerged(erased=erased, new=new, already=already)


def _checked(path: Path, bundle: Any, kind: _Kind, instrument_id: str) -> list[str]:
    """The tombstones of one table of the bundle; a refusal naming the first row that is not one of this survey's."""
    values: list[str] = []
    for number, (survey, value) in enumerate(bundle.execute(kind.read_bundle), start=1):
        if survey != instrument_id:
            problem = f"it names survey {str(survey)[:60]!r}, not {instrument_id}"
        elif not isinstance(value, str) or _KEYED_HASH.fullmatch(value) is None:
            problem = f"its {kind.what} is not a keyed hash as eqsurvey writes it (64 hexadecimal digits)"
        else:
            values.append(value)
            continue
        raise EqSurveyError.single(
            "bundle-damaged",
            f"erasure {number} of the table {kind.table} in the bundle cannot be merged because {problem};"
            " nothing was merged or erased",
            "write a new bundle on the analysts' computer (eqsurvey erasures bundle -o FILE), copy it whole,"
            " and merge that",
            Location(file=str(path), row=number),
        )
    return values
