"""Release files of other municipalities (``eqsurvey release show ID --json`` there), read for ``report compare``.

The command reads them from paths; the console from uploads. Both read the
text here, so a file that is not a release gets the same message either way.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from analysis.releases.model import Release

RELEASE_KEYS = ("id", "instrument", "plan", "privacy", "tables", "created_at")
_FIX = "give the file eqsurvey release show ID --json wrote"


def parse_release_file(text: str, name: str) -> Release:
    """The release in ``text`` (the file called ``name``); a user error naming the file when it is not one."""
    from analysis.releases.model import Release

    try:
        release = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EqSurveyError.single("release-file", f"{name}:{exc.lineno}: not JSON ({exc.msg})", _FIX) from None
    except (ValueError, RecursionError):  # nested past Python's limit, or a number of thousands of digits
        raise EqSurveyError.single(
            "release-file", f"{name}: not JSON that eqsurvey reads (nested too deeply, or a number too long)", _FIX
        ) from None
    missing = [k for k in RELEASE_KEYS if not isinstance(release, dict) or k not in release]
    if missing:
        raise EqSurveyError.single(
            "release-file",
            f"{name}: not a stored release (no {', '.join(missing)})",
            "write it in the other project with: eqsurvey release show ID --json > FILE.json",
        )
    return Release.from_shown(release, name)
