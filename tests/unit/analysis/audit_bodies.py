"""Hand-made release bodies for the disclosure audit: a few cells each, so the attack's answer is known by hand."""

from __future__ import annotations

from typing import Any


def cell(
    measure: str,
    by: dict[str, str] | None = None,
    *,
    n: float | None = None,
    base: float | None = None,
    share: float | None = None,
    row: str | None = None,
) -> dict[str, Any]:
    """A shown cell when ``n`` is given, else a suppressed one (no numbers at all, as releases store them)."""
    out: dict[str, Any] = {"status": "suppressed" if n is None else "shown", "by": by or {}, "measure": measure}
    out["row"] = row
    if n is not None:
        out |= {"estimate": n, "low": n - 5.0, "high": n + 5.0, "n": n, "base": base}
    if share is not None:
        out |= {"share": share, "share_low": max(share - 0.1, 0.0), "share_high": min(share + 0.1, 1.0)}
        out["share_status"] = "shown"
    return out


def table(table_id: str, kind: str, measure: str, by: list[str], cells: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": table_id, "kind": kind, "measure": measure, "by": by, "rho": 0.1, "noise": {}, "cells": cells}


def body(tables: list[dict[str, Any]], suppress_below: float = 10) -> dict[str, Any]:
    return {
        "format": 1,
        "plan": {"id": "hand-made", "tables": [{"id": t["id"]} for t in tables]},
        "plan_hash": "sha256:hand-made",
        "instrument": {"id": "test-survey", "version": "1.0.0"},
        "dataset": {"fingerprint": "sha256:hand-made"},
        "privacy": {"rho": 1.0, "epsilon": 5.0, "delta": 1e-6},
        "publication": {"suppress_below": suppress_below, "flag_below": 0, "max_relative_error": 0.5},
        "created_at": "2026-12-06T00:00:00+00:00",
        "tables": tables,
    }
