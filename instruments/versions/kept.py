"""The project's earlier instrument versions and their mappings, on disk.

Each earlier version the project collected answers under has a folder of its
own, ``versions/VERSION/``, holding the instrument as it was
(``instrument.yaml``) and how its answers carry to the next version
(``mapping.yaml``, see :mod:`.mapping_file`). Both are plain files to review
and keep in version control, like the instrument itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from instruments.loader import load_instrument
from instruments.model import Instrument
from instruments.versions.mapping import VersionBridge, VersionStep
from instruments.versions.mapping_file import build_step
from kernel.errors import InstrumentError, Location, Problem
from kernel.yaml_source import MarkedDict, read_yaml_file

FOLDER = "versions"
INSTRUMENT = "instrument.yaml"
MAPPING = "mapping.yaml"
#: More kept versions than any survey has; a bound so a stray folder tree is not read for ever.
MAX_KEPT = 200


@dataclass(frozen=True)
class KeptVersion:
    folder: Path
    instrument: Instrument

    @property
    def mapping_path(self) -> Path:
        return self.folder / MAPPING


def version_folder(root: Path, version: str) -> Path:
    return root / FOLDER / version


def kept_versions(root: Path, current: Instrument) -> list[KeptVersion]:
    """Every kept earlier version of ``current`` (by folder name); problems name the file."""
    base = root / FOLDER
    if not base.is_dir():
        return []
    folders = sorted(p for p in base.iterdir() if (p / INSTRUMENT).is_file())
    if len(folders) > MAX_KEPT:
        raise InstrumentError.single(
            "too-many-versions",
            f"{base} holds {len(folders)} kept versions, more than eqsurvey reads ({MAX_KEPT})",
            "keep only the versions answers were collected under",
            Location(file=str(base)),
        )
    kept: list[KeptVersion] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for folder in folders:
        path = folder / INSTRUMENT
        inst = load_instrument(path).instrument
        where = Location(file=str(path))
        if inst.id != current.id:
            problems.append(
                Problem(
                    "version-other-instrument",
                    where,
                    f"this is instrument '{inst.id}', not '{current.id}'",
                    "keep only earlier versions of the project's instrument here",
                )
            )
        elif inst.version == current.version:
            problems.append(
                Problem(
                    "version-is-current",
                    where,
                    f"the kept version {inst.version} is the version of the current instrument",
                    "raise the version of the current instrument (see `eqsurvey instrument diff --check-version`)",
                )
            )
        elif inst.version in seen:
            problems.append(
                Problem(
                    "version-twice",
                    where,
                    f"version {inst.version} is kept twice (also in {seen[inst.version]})",
                    "keep each earlier version once",
                )
            )
        else:
            seen[inst.version] = path
            kept.append(KeptVersion(folder, inst))
    if problems:
        raise InstrumentError(problems)
    return kept


def load_bridge(root: Path, current: Instrument) -> VersionBridge:
    """The steps of every kept version that has a mapping, checked against both instruments and chained."""
    kept = kept_versions(root, current)
    by_version = {k.instrument.version: k.instrument for k in kept}
    steps: dict[str, VersionStep] = {}
    problems: list[Problem] = []
    for k in kept:
        if not k.mapping_path.is_file():
            continue
        file = str(k.mapping_path)
        raw = read_yaml_file(k.mapping_path)
        to = raw.get("to") if isinstance(raw, MarkedDict) else None
        new = current if to == current.version else by_version.get(str(to)) if to is not None else None
        if new is None or new.version == k.instrument.version:
            line = raw.key_lines.get("to", 1) if isinstance(raw, MarkedDict) else 1
            known = ", ".join([current.version, *(v for v in by_version if v != k.instrument.version)])
            problems.append(
                Problem(
                    "mapping-to",
                    Location(file=file, line=line),
                    f"to: {to} is neither the current version nor another kept version",
                    f"write to: with one of {known} (the version that followed {k.instrument.version})",
                )
            )
            continue
        try:
            steps[k.instrument.version] = build_step(raw, file, k.instrument, new)
        except InstrumentError as exc:
            problems.extend(exc.problems)
    problems.extend(_loops(steps, current.version))
    if problems:
        raise InstrumentError(problems)
    return VersionBridge(current, steps)


def _loops(steps: dict[str, VersionStep], current: str) -> list[Problem]:
    """Steps that never reach the current version (they go round in a circle)."""
    problems = []
    for start, step in steps.items():
        seen, version = {start}, step.new.version
        while version != current and version in steps:
            if version in seen:
                problems.append(
                    Problem(
                        "mapping-loop",
                        Location(file=step.source),
                        f"from {start} the mappings go round in a circle and never reach {current}",
                        "each mapping's to: must be a later version",
                    )
                )
                break
            seen.add(version)
            version = steps[version].new.version
    return problems


def unmapped(bridge: VersionBridge, stored: dict[str, int], root: Path) -> list[Problem]:
    """A problem per version responses were stored under that the bridge cannot carry to the current one."""
    problems = []
    for version, n in sorted(stored.items()):
        if bridge.carries(version) and _reaches(bridge, version):
            continue
        folder = version_folder(root, version)
        if (folder / INSTRUMENT).is_file() and not (folder / MAPPING).is_file():
            missing, fix = (
                f"{folder / MAPPING} is missing",
                f"draft it with `eqsurvey instrument versions draft {version}`, review it, and export again",
            )
        elif (folder / INSTRUMENT).is_file():
            missing, fix = (
                f"its mapping does not lead to {bridge.current.version}",
                "point to: at the version that followed it",
            )
        else:
            missing, fix = (
                f"there is no {folder / INSTRUMENT} and no {MAPPING}",
                f"keep the instrument of {version} (e.g. from version control) with "
                f"`eqsurvey instrument versions draft OLD_INSTRUMENT.yaml`, review the mapping it drafts, and export again",
            )
        problems.append(
            Problem(
                "version-unmapped",
                Location(field=f"version {version}"),
                f"{n} stored response(s) were collected under version {version}, but the current instrument is "
                f"{bridge.current.version} and {missing}; nothing was written",
                fix,
            )
        )
    return problems


def _reaches(bridge: VersionBridge, version: str) -> bool:
    seen = set()
    while version != bridge.current.version:
        if version in seen or version not in bridge.steps:
            return False
        seen.add(version)
        version = bridge.steps[version].new.version
    return True
