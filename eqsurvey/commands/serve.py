"""``eqsurvey serve``: the survey form of the project, served by uvicorn.

What the server logs is part of the privacy model: uvicorn's access log
(client address, request line, user agent) is off, its own messages go
through a logging configuration that has no access logger at all, and
forwarded-for headers are not read, so no respondent's address is known to
the process, let alone written anywhere. Only start-up and shut-down lines
and errors (without request details) are printed.

Behind a TLS reverse proxy, ``--behind-tls`` turns on HSTS and Secure
cookies. The server needs the public key and the pseudonym secret only (and
makes the form-state secret beside them on first start). The same process
serves community partners' review pages (``/review/<token>``, see
:mod:`survey.web.review`), whose notes it seals as it seals answers.

``--workers N`` runs N processes on one port, each with its own event loop
and store connection; only with a PostgreSQL store, through which they share
the rate limits and the sessions already sent (see eqsurvey.workflows.serve_workers).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from kernel.errors import EqSurveyError
from survey.web.limits import LimitSettings

if TYPE_CHECKING:
    from eqsurvey.config import Project

LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        # No handler and nothing let through: even a stray access record has nowhere to go.
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        # The form's own lines (see survey.web.failures): what failed and where in the code, no request detail.
        "eqsurvey": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


class AccessRule(StrEnum):
    auto = "auto"
    codes = "codes"
    open = "open"


@user_errors
def serve(
    ctx: typer.Context,
    *,
    host: Annotated[str, typer.Option(help="Address to listen on (a reverse proxy in front for the internet).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    behind_tls: Annotated[
        bool, typer.Option("--behind-tls", help="Served over HTTPS by a reverse proxy: HSTS and Secure cookies.")
    ] = False,
    access: Annotated[
        AccessRule,
        typer.Option(
            help="codes: only invitations (eqsurvey invitations create) may answer; open: anyone; "
            "auto: codes if the survey has invitations when the server starts (refused without them when "
            '[collection] access = "invitations")'
        ),
    ] = AccessRule.auto,
    requests_per_minute: Annotated[
        int, typer.Option(min=0, help="Requests one client may make per minute (0: no limit).")
    ] = LimitSettings.requests_per_minute,
    submissions_per_hour: Annotated[
        int,
        typer.Option(
            min=0, help="Forms one client may send per hour (0: no limit); raise it for sessions on shared Wi-Fi."
        ),
    ] = LimitSettings.submissions_per_hour,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Server processes on this port (above 1: PostgreSQL store only; about one per core)."
        ),
    ] = 1,
) -> None:
    """Serve the project's survey form; answers are checked, pseudonymised and sealed as they arrive.

    Community partners' review pages are served too, at /review/TOKEN (see eqsurvey instrument partners).

    Example: eqsurvey serve --host 127.0.0.1 --port 8000 --behind-tls --workers 2
    """
    import os

    import uvicorn

    from eqsurvey.workflows.form_app import create_app
    from eqsurvey.workflows.serve_workers import SETTINGS_ENV, worker_environment

    project = require_project(ctx)
    if workers > 1:
        _refuse_workers_on_sqlite(project)
    limits = LimitSettings(requests_per_minute=requests_per_minute, submissions_per_hour=submissions_per_hour)
    app = create_app(Path(project.root), secure=behind_tls, access=access.value, limits=limits)
    rule = "invitations only" if app.state.codes else "open to anyone with the link"
    processes = f", {workers} processes" if workers > 1 else ""
    say(ctx, f"serving the survey of {project.root} on http://{host}:{port}, {rule}{processes} (Ctrl+C stops)")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": False,
        "log_config": LOG_CONFIG,
        "proxy_headers": False,
        "server_header": False,
    }
    if workers == 1:
        uvicorn.run(app, **options)
        return
    # Workers are fresh interpreters; they build the same app from the settings decided here.
    os.environ[SETTINGS_ENV] = worker_environment(
        Path(project.root), secure=behind_tls, codes=bool(app.state.codes), limits=limits
    )
    uvicorn.run("eqsurvey.workflows.serve_workers:worker_app", factory=True, workers=workers, **options)


def _refuse_workers_on_sqlite(project: Project) -> None:
    if not project.store_url.startswith(("postgresql://", "postgres://")):
        raise EqSurveyError.single(
            "workers-need-postgresql",
            "--workers above 1 needs a PostgreSQL store: a SQLite file takes one writer at a time, and the"
            " processes share their rate limits and sent forms through the store",
            'serve with --workers 1, or set [store] url = "postgresql://…" in eqsurvey.toml',
        )
