"""Projects for the console's fieldwork tests: a LimeSurvey survey and a KoboToolbox survey, keys made.

Made with the real command (``init``, ``keys init``, the instrument of the platform's fixture),
as a municipality whose survey ran on that platform would have it.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.cli import Eqsurvey

OWN = Path(__file__).resolve().parents[1] / "fixtures" / "responses"
HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
PASS = "a long passphrase for tests"
LIMESURVEY_EXPORT = OWN / "limesurvey_responses.csv"  # its third response is incomplete, its fourth invalid
KOBO_EXPORT = OWN / "kobo_export.csv"
#: The form version id the Kobo fixture's submissions carry (see tests/integration/test_cli_platforms.py).
KOBO_DEPLOYED = "vQ9rT2bWc8"


def _project(folder: Path, name: str) -> tuple[Eqsurvey, Path]:
    eqsurvey = Eqsurvey(folder)
    eqsurvey("init", name)
    eqsurvey.cwd = folder / name
    old = os.environ.get("EQSURVEY_PASSPHRASE")
    os.environ["EQSURVEY_PASSPHRASE"] = PASS
    try:
        eqsurvey("keys", "init")
    finally:
        if old is None:
            del os.environ["EQSURVEY_PASSPHRASE"]
        else:
            os.environ["EQSURVEY_PASSPHRASE"] = old
    return eqsurvey, folder / name


def limesurvey_project(folder: Path, name: str = "lime") -> Path:
    _, project = _project(folder, name)
    (project / "instrument.yaml").write_text((OWN / "limesurvey_instrument.yaml").read_text("utf-8"), "utf-8")
    return project


def kobo_project(folder: Path, name: str = "kobo") -> Path:
    eqsurvey, project = _project(folder, name)
    eqsurvey("instrument", "import", OWN / "kobo_form.json", "-o", project / "instrument.yaml", "--force")
    path = project / "instrument.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nversion: ", f"\nsource_version: {KOBO_DEPLOYED}\nversion: ", 1), encoding="utf-8")
    return project


def stored(project: Path) -> int:
    from survey.store import open_store

    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        return store.count()
    finally:
        store.close()


def invitations(project: Path) -> int:
    from survey.store import open_store

    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        return len(store._query("SELECT code_hash FROM invitations"))
    finally:
        store.close()
