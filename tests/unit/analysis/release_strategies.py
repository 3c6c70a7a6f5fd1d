"""Hypothesis strategies for stored release bodies: every shape the ledger may hold, within what a body allows.

Bodies mix ints and floats, keys given as null and keys left out, keys this
version does not read (as newer releases may write) and both dataset forms
(the keyed MAC, the older plain fingerprint), so that a round trip is tested
against more than the one shape :func:`analysis.releases.making.make_release` writes.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: A body is many drawn parts: on a busy machine drawing one can pass Hypothesis's time limit for inputs.
BODIES = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(max_size=12)
codes = st.text("abcdefgh_-=+@'1", min_size=1, max_size=8)
finite = st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-1000, 1000)
counts = st.floats(0, 1e6, allow_nan=False) | st.integers(0, 1000)
fractions = st.floats(0, 1, allow_nan=False) | st.sampled_from([0, 1])
unknown = st.dictionaries(st.sampled_from(("later_key", "note", "x_extra")), st.none() | texts | finite, max_size=2)


def _maybe(draw: st.DrawFn, out: dict[str, Any], key: str, values: st.SearchStrategy[Any]) -> None:
    """Leave the key out, give it as null, or give it a value."""
    choice = draw(st.sampled_from(("out", "null", "value")))
    if choice != "out":
        out[key] = None if choice == "null" else draw(values)


def _shuffled(draw: st.DrawFn, out: dict[str, Any]) -> dict[str, Any]:
    """The keys in another order (stored bodies have theirs sorted; made ones in the order of the code)."""
    keys = list(out)
    draw(st.randoms(use_true_random=False)).shuffle(keys)
    return {k: out[k] for k in keys}


@st.composite
def cells(draw: st.DrawFn) -> dict[str, Any]:
    by = draw(st.dictionaries(codes, codes, max_size=2))
    out: dict[str, Any] = {"row": draw(st.none() | codes), "measure": draw(st.none() | codes), "by": by}
    status = draw(st.sampled_from(("shown", "uncertain", "suppressed")))
    if status != "suppressed" or draw(st.booleans()):  # a suppressed cell stored before hiding kept its numbers
        out |= {"estimate": draw(finite), "low": draw(finite), "high": draw(finite), "n": draw(counts)}
        _maybe(draw, out, "base", counts)
        if draw(st.booleans()):
            out |= {"share": draw(fractions), "share_low": draw(fractions), "share_high": draw(fractions)}
            out["share_status"] = draw(st.sampled_from(("shown", "imprecise")))
            if draw(st.booleans()):
                out |= {"reference": draw(fractions), "ratio": draw(finite)}
                out |= {"ratio_low": draw(finite), "ratio_high": draw(finite)}
        for key in ("unclamped", "share_unclamped", "coverage", "share_coverage"):
            if draw(st.booleans()):
                out[key] = draw(finite)
    out["status"] = status
    return _shuffled(draw, out) | draw(unknown)


noises = st.fixed_dictionaries(
    {"mechanism": st.sampled_from(("gaussian", "gaussian_threshold")), "sensitivity": counts, "scale": counts,
     "rho": counts},
    optional={"delta": fractions, "threshold": counts},
)  # fmt: skip


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(codes),
        "kind": draw(st.sampled_from(("counts", "matrix", "mean", "representation", "write_ins"))),
        "measure": draw(codes),
        "by": draw(st.lists(codes, max_size=2)),
        "rho": draw(counts),
        "noise": draw(st.dictionaries(st.sampled_from(("counts", "sums", "squares", "write_ins")), noises, max_size=3)),
        "cells": draw(st.lists(cells(), max_size=3)),
    } | draw(unknown)


plan_tables = st.fixed_dictionaries(
    {"id": codes}, optional={"label": st.dictionaries(st.sampled_from(("de", "en")), texts, max_size=2),
                             "reference": st.dictionaries(codes, fractions, max_size=2), "kind": codes}
)  # fmt: skip
changes = st.fixed_dictionaries({"total": st.sampled_from(("0.5", "1")) | counts, "set_at": texts, "reason": texts})


@st.composite
def bodies(draw: st.DrawFn) -> dict[str, Any]:
    """A stored release body (as the ledger holds it: with its dataset)."""
    privacy: dict[str, Any] = {"rho": draw(st.floats(0, 1000) | st.integers(0, 1000)), "epsilon": draw(counts)}
    privacy["delta"] = draw(fractions)
    for key, values in (("unit", texts), ("rho_measured", counts), ("threshold_delta", fractions)):
        _maybe(draw, privacy, key, values)
    if draw(st.booleans()):
        privacy["total"] = {"rho": draw(counts), "changes": draw(st.lists(changes, max_size=2))}
    publication = {"suppress_below": draw(counts), "flag_below": draw(counts), "max_relative_error": draw(counts)}
    _maybe(draw, publication, "protection", counts)
    body: dict[str, Any] = {
        "format": 1,
        "plan": {"id": draw(codes), "tables": draw(st.lists(plan_tables, max_size=3))} | draw(unknown),
        "plan_hash": "sha256:" + draw(codes),
        "instrument": {"id": draw(codes), "version": draw(codes)},
        "dataset": draw(st.sampled_from(({"mac": "hmac-sha256:v1:00:11"}, {"fingerprint": "sha256:d"}))),
        "privacy": privacy,
        "publication": publication,
        "created_at": "2026-11-22T10:15:00+00:00",
        "tables": draw(st.lists(tables(), max_size=2)),
    }
    _maybe(draw, body, "publisher", texts)
    _maybe(draw, body, "sample", st.sampled_from(("non_probability", "probability")))
    _maybe(draw, body, "simulated_responses", st.integers(0, 500))
    _maybe(draw, body, "software", st.dictionaries(codes, codes, max_size=2))
    if draw(st.booleans()):
        body["suppression"] = {"primary": draw(st.integers(0, 50)), "secondary": draw(st.integers(0, 50))}
        _maybe(draw, body["suppression"], "protection", counts)
    return _shuffled(draw, body) | draw(unknown)
