"""Which version an edited instrument needs, measured from the last version.

The rule is the diff's (:mod:`instruments.diff.changes`): a breaking change
(a removed question or option, a recoded option, …) needs a new major version,
any other change of structure a new minor version, wording alone a new patch
version; while the major version is 0 every step shifts one place right. A
version already raised far enough since the last version is kept, so a day of
wording edits makes one new patch version, not one per save.

*The last version* is the one changes are measured from:

- the latest version kept under ``versions/`` that is lower than the current
  one (see :mod:`instruments.versions.kept`), unless
- the current version is *published* — answers were stored under it or
  partners reviewed it — or nothing is kept: then the file as it was before
  this edit is the last version, and raising the version from it keeps it as
  ``versions/VERSION/instrument.yaml`` (resolved, as ``instrument versions
  draft`` keeps one), so that the next edit, the diff page and the version
  mapping all measure from it.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from instruments.diff.changes import InstrumentDiff, diff_instruments
from instruments.dump import dump_instrument
from instruments.model import Instrument
from instruments.versions.kept import INSTRUMENT, kept_versions, version_folder


def _core(version: str) -> tuple[int, int, int]:
    major, minor, patch = version.split("+", 1)[0].split("-", 1)[0].split(".")
    return int(major), int(minor), int(patch)


def needed_version(last: Instrument, edited: Instrument) -> str:
    """The version ``edited`` must carry given the changes since ``last`` (its own if it already fits)."""
    diff = diff_instruments(last, edited)
    if diff.version_problem is None:
        return edited.version
    return diff.suggested_version or edited.version


def last_kept_version(root: Path, current: Instrument) -> Instrument | None:
    """The latest version kept under ``versions/`` below ``current``'s, or None."""
    earlier = [
        k.instrument for k in kept_versions(root, current) if _core(k.instrument.version) < _core(current.version)
    ]
    return max(earlier, key=lambda inst: _core(inst.version)) if earlier else None


def changes_since_last(root: Path, current: Instrument) -> InstrumentDiff | None:
    """What changed since the last kept version (None if none is kept), with the diff's version advice."""
    last = last_kept_version(root, current)
    return diff_instruments(last, current) if last is not None else None


def kept_last_version(root: Path | None, current: Instrument, published: Collection[str] = ()) -> Instrument | None:
    """The version an edit of ``current`` is measured from, if it is a kept one (see the module text)."""
    if root is None or current.version in published:
        return None
    return last_kept_version(root, current)


def keep_text(before: Instrument) -> str:
    """The text a version raised from is kept as (resolved: ``use:`` needs no modules folder beside it)."""
    header = (
        f"Version {before.version} of {before.id}, kept by the questionnaire editor when the version was raised.\n"
        "Changes since it are measured from this file; draft the mapping of its answers with "
        f"`eqsurvey instrument versions draft {before.version}` if answers were collected under it."
    )
    return dump_instrument(before, header=header)


def kept_path(root: Path, version: str) -> Path:
    return version_folder(root, version) / INSTRUMENT
