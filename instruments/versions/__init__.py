"""Instrument versions: answers collected under earlier versions, carried to the current one.

Modules and their roles:

- ``mapping``: the pure rule, :class:`VersionStep` (one earlier version → the
  next) and :class:`VersionBridge` (every kept version → the current one);
  carrying one response's answers and returning every :class:`Loss`.
- ``mapping_file``: one mapping file (YAML) read and checked against both
  instruments, every problem with file:line and the question.
- ``kept``: the project's ``versions/VERSION/`` folders (the earlier
  instrument and its mapping), chained into a bridge; which stored versions
  no mapping carries.
- ``draft``: a mapping drafted from the instrument diff, for review.
- ``cli``: ``eqsurvey instrument versions …`` (adapter).
"""

from __future__ import annotations

from kernel.lazy import lazy_exports

_PUBLIC = {
    "CarryReport": ".mapping",
    "CodeMap": ".mapping",
    "Loss": ".mapping",
    "QuestionMap": ".mapping",
    "VersionBridge": ".mapping",
    "VersionStep": ".mapping",
    "build_step": ".mapping_file",
    "load_bridge": ".kept",
    "unmapped": ".kept",
    "draft_mapping": ".draft",
}

__all__ = [
    "CarryReport",
    "CodeMap",
    "Loss",
    "QuestionMap",
    "VersionBridge",
    "VersionStep",
    "build_step",
    "draft_mapping",
    "load_bridge",
    "unmapped",
]

__getattr__ = lazy_exports(__name__, _PUBLIC)
