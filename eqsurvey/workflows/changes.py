"""``eqsurvey report changes``: two releases of the project, of two different waves, and what changed.

The releases come from the ledger, which knows each one's wave: two
releases of the same wave measured the same respondents, so their estimates
are not independent and the changes' intervals (variances added) would be
wrong; that is refused, as is naming the later wave first. A release of an
earlier questionnaire version is read through the reviewed version mapping
(``instrument versions``); the later release must be of the current version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eqsurvey.workflows.release import release_store, stored_release
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from analysis.changes import Renames
    from analysis.releases.model import Release
    from eqsurvey.config import Project
    from instruments.model import Instrument


@dataclass(frozen=True)
class WavePair:
    first: Release
    second: Release
    waves: tuple[str, str]
    """Each release's wave, as the report names it: "2 (2027)"."""
    renames: Renames


def wave_pair(project: Project, instrument: Instrument, first_id: str, second_id: str) -> WavePair:
    """The two releases, checked to be of two waves, the earlier first; and how the earlier one's codes read now."""
    from analysis import Release
    from analysis.changes import Renames, version_changes
    from instruments.versions.kept import load_bridge

    entries = [stored_release(project, rid) for rid in (first_id, second_id)]
    store = release_store(project)
    try:
        waves = {w.number: w for w in store.waves(instrument.id)}
    finally:
        store.close()
    a, b = entries
    if a.wave == b.wave:
        raise EqSurveyError.single(
            "changes-same-wave",
            f"releases {a.release_id} and {b.release_id} both measured wave {a.wave}'s respondents: their"
            " figures are not independent, so a change between them has no interval eqsurvey can state",
            "name a release of each of two waves (see eqsurvey release list --json, key wave); to set releases of"
            " one wave side by side, use eqsurvey report compare",
        )
    if a.wave > b.wave:
        raise EqSurveyError.single(
            "changes-order",
            f"release {a.release_id} is of wave {a.wave}, later than release {b.release_id}'s wave {b.wave}",
            f"name the earlier wave's release first: eqsurvey report changes {b.release_id} {a.release_id}",
        )
    first, second = (Release.from_body(e.release_id, e.body) for e in entries)
    renames = Renames()
    if first.instrument.version != instrument.version:
        bridge = load_bridge(project.root, instrument)
        if not bridge.carries(first.instrument.version):
            raise EqSurveyError.single(
                "changes-version",
                f"release {first.id} was made with questionnaire version {first.instrument.version}, and there is"
                f" no reviewed mapping from it to the current version {instrument.version}",
                "map the earlier version (eqsurvey instrument versions …) so its answers' codes can be read now",
            )
        renames = version_changes(bridge, first.instrument.version)
    names = tuple(
        f"{w} ({waves[w].name})" if w in waves and waves[w].name != str(w) else str(w) for w in (a.wave, b.wave)
    )
    return WavePair(first, second, (names[0], names[1]), renames)
