"""Survey waves in the store's ledger: declared once, never changed (see :mod:`kernel.waves`).

A wave is declared on the analysts' side, whose ledger holds the releases it
must be checked against: the start day must come after every release of the
wave before (a release measured every response received until it was made).
The check and the declaration are one transaction holding the ledger's lock,
so a release made meanwhile cannot slip in between.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any, Protocol

from kernel.waves import FIRST_WAVE, Wave, check_new_wave


class _Store(Protocol):
    def _transaction(self) -> AbstractContextManager[Any]: ...
    def _execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any: ...
    def _lock_ledger(self, cur: Any) -> None: ...
    def _waves(self, cur: Any, instrument_id: str) -> list[Wave]: ...
    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]: ...


class WavesMixin:
    def waves(self: _Store, instrument_id: str) -> list[Wave]:
        """The survey's waves, the first (implicit, from the survey's start) first."""
        with self._transaction() as cur:
            return self._waves(cur, instrument_id)

    def _waves(self: _Store, cur: Any, instrument_id: str) -> list[Wave]:
        rows = self._execute(
            cur,
            "SELECT number, name, starts, reason FROM waves WHERE instrument_id = ? ORDER BY number",
            (instrument_id,),
        ).fetchall()
        return [FIRST_WAVE, *(Wave(int(n), str(name), str(starts), str(reason)) for n, name, starts, reason in rows)]

    def simulated_days(self: _Store, instrument_id: str) -> dict[str, int]:
        """How many simulated responses were received on each day (so a wave's release counts only its own)."""
        from survey.store.base import SIMULATED  # base mounts this mixin

        rows = self._query(
            "SELECT received_day, COUNT(*) FROM responses WHERE instrument_id = ? AND source LIKE ? GROUP BY received_day",
            (instrument_id, SIMULATED + "%"),
        )
        return {str(day): int(n) for day, n in rows}

    def start_wave(self: _Store, instrument_id: str, name: str, starts: str, reason: str) -> Wave:
        """Declare the survey's next wave, from ``starts`` on; refused if a release of the wave before is not older."""
        with self._transaction() as cur:
            self._lock_ledger(cur)
            waves = self._waves(cur, instrument_id)
            latest = waves[-1].number
            (last,) = self._execute(
                cur,
                "SELECT MAX(r.created_at) FROM releases r LEFT JOIN release_waves w ON w.release_id = r.release_id"
                " WHERE r.instrument_id = ? AND COALESCE(w.wave, 1) = ?",
                (instrument_id, latest),
            ).fetchone()
            check_new_wave(waves, name, starts, _day(last) if last else None)
            wave = Wave(latest + 1, name, starts, reason)
            self._execute(
                cur,
                "INSERT INTO waves (instrument_id, number, name, starts, declared_day, reason) VALUES (?, ?, ?, ?, ?, ?)",
                (instrument_id, wave.number, name, starts, date.today().isoformat(), reason),
            )
            detail = {
                "instrument": instrument_id,
                "wave": wave.number,
                "name": name,
                "starts": starts,
                "reason": reason,
            }
            self._execute(
                cur,
                "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
                (
                    datetime.now(UTC).replace(microsecond=0).isoformat(),
                    "wave-start",
                    json.dumps(detail, sort_keys=True),
                ),
            )
            return wave


def _day(created_at: Any) -> str:
    """The day a release was made, as the store dates the responses it receives (local days, not UTC)."""
    try:
        return datetime.fromisoformat(str(created_at)).astimezone().date().isoformat()
    except ValueError:
        return str(created_at)[:10]
