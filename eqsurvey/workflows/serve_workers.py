"""Several server processes for ``eqsurvey serve --workers N``: what each worker builds its app from.

uvicorn starts each worker as a fresh interpreter that imports an app by
name; :func:`worker_app` is that name. What it needs (the project, and the
options ``serve`` was given, with ``--access auto`` already decided once by
the supervising process, so that every worker admits the same people) comes
in one environment variable: no secret is in it, only paths and settings.
The workers find the form-state secret, the keys and the store themselves,
and share what must be shared through the PostgreSQL store.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from survey.web.limits import LimitSettings

SETTINGS_ENV = "EQSURVEY_SERVE_WORKER"


def worker_environment(root: Path, *, secure: bool, codes: bool, limits: LimitSettings) -> str:
    return json.dumps({"root": str(root), "secure": secure, "codes": codes, "limits": asdict(limits)})


def worker_app() -> Any:
    """The app of one worker process (called by uvicorn in each worker)."""
    from eqsurvey.workflows.form_app import create_app

    settings = json.loads(os.environ[SETTINGS_ENV])
    return create_app(
        Path(settings["root"]),
        secure=bool(settings["secure"]),
        access="codes" if settings["codes"] else "open",
        limits=LimitSettings(**settings["limits"]),
    )
