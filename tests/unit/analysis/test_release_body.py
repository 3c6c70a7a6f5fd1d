"""A stored release body is checked before anything reads it: each problem named with its path."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from analysis.releases.body import SHOWN, body_problems, public_body

SHOWN_CELL = {"row": None, "measure": "yes", "by": {"gender": "woman"}, "estimate": 41.2, "low": 30.1, "high": 52.3}
BODY: dict[str, Any] = {
    "format": 1,
    "publisher": "Musterstadt",
    "plan": {"id": "main", "tables": [{"id": "t", "kind": "counts", "measure": "q"}]},
    "plan_hash": "sha256:p",
    "instrument": {"id": "s", "version": "1.0.0"},
    "dataset": {"mac": "hmac-sha256:v1:00:11"},
    "privacy": {"rho": 0.15, "epsilon": 2.67, "delta": 1e-6, "unit": "one respondent"},
    "publication": {"suppress_below": 20, "flag_below": 50, "max_relative_error": 0.5},
    "created_at": "2026-11-22T10:15:00+00:00",
    "tables": [
        {
            "id": "t",
            "kind": "counts",
            "measure": "q",
            "by": ["gender"],
            "rho": 0.15,
            "noise": {"counts": {"mechanism": "gaussian", "sensitivity": 1.0, "scale": 2.5, "rho": 0.15}},
            "cells": [
                SHOWN_CELL | {"n": 41.2, "status": "shown"},
                {"row": None, "measure": "no", "by": {"gender": "man"}, "n": None, "status": "suppressed"},
                SHOWN_CELL
                | {"n": 41.2, "base": 80.0, "share": 0.5, "share_low": 0.4, "share_high": 0.6}
                | {"share_status": "shown", "status": "uncertain", "later_field": [1, 2]},
            ],
        }
    ],
}


def edited(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    body = copy.deepcopy(BODY)
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return body


def test_a_release_as_made_reads_and_unknown_keys_pass() -> None:
    assert body_problems(BODY) == []


def test_a_release_stored_before_the_mac_still_reads_but_publishes_no_fingerprint() -> None:
    old = edited(("dataset",), {"fingerprint": "sha256:d"})
    assert body_problems(old) == []
    hidden = public_body(old)["tables"][0]["cells"][1]
    assert hidden == {"row": None, "measure": "no", "by": {"gender": "man"}, "status": "suppressed"}  # no "n"
    assert "dataset" not in public_body(old) and old["dataset"] == {"fingerprint": "sha256:d"}  # a copy


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("tables", 0, "cells", 0, "estimate"), KeyError, "tables[0].cells[0]: a cell that is shown has an estimate"),
        (("tables", 0, "cells", 2, "share_low"), None, "tables[0].cells[2]: a share comes with share_low"),
        (("tables", 0, "cells", 0, "status"), "visible", "tables[0].cells[0].status: Input should be 'shown'"),
        (("tables", 0, "cells", 0, "low"), "30.1", "tables[0].cells[0].low: Input should be a valid number"),
        (("tables", 0, "cells", 0, "high"), math.nan, "tables[0].cells[0].high: Input should be a finite number"),
        (("tables", 0, "noise", "counts", "scale"), KeyError, "tables[0].noise.counts.scale: Field required"),
        (("tables", 0, "kind"), "pie", "tables[0].kind: Input should be 'counts'"),
        (("privacy", "rho"), -0.15, "privacy.rho: Input should be greater than or equal to 0"),
        (("privacy", "rho"), 1e6, "privacy.rho: Input should be less than or equal to 1000"),
        (("tables",), {"t": 1}, "tables: Input should be a valid tuple"),
        (("plan",), KeyError, "plan: Field required"),
        (("dataset",), {}, "dataset: a release names its dataset by a mac"),
    ],
)
def test_a_damaged_part_is_named_by_its_path(path: tuple[str | int, ...], value: Any, problem: str) -> None:
    (found,) = body_problems(edited(path, value))
    assert found.startswith(problem), found


def test_anything_but_an_object_and_many_problems_are_named_briefly() -> None:
    assert body_problems(["a", "list"]) == ["(the body): not a JSON object"]
    found = body_problems({})
    assert len(found) == SHOWN + 1 and found[-1] == f"… {9 - SHOWN} more"
