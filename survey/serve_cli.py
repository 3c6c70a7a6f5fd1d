"""``eqsurvey serve``: the survey form of the project, served by uvicorn.

What the server logs is part of the privacy model: uvicorn's access log
(client address, request line, user agent) is off, its own messages go
through a logging configuration that has no access logger at all, and
forwarded-for headers are not read, so no respondent's address is known to
the process, let alone written anywhere. Only start-up and shut-down lines
and errors (without request details) are printed.

Behind a TLS reverse proxy, ``--behind-tls`` turns on HSTS and Secure
cookies. The server needs the public key and the pseudonym secret only.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from instruments.clikit import require_project, say, user_errors

from .web.limits import LimitSettings

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
) -> None:
    """Serve the project's survey form; answers are checked, pseudonymised and sealed as they arrive.

    Example: eqsurvey serve --host 127.0.0.1 --port 8000 --behind-tls
    """
    import uvicorn

    from .web import create_app

    project = require_project(ctx)
    limits = LimitSettings(requests_per_minute=requests_per_minute, submissions_per_hour=submissions_per_hour)
    app = create_app(Path(project.root), secure=behind_tls, access=access.value, limits=limits)
    rule = "invitations only" if app.state.codes else "open to anyone with the link"
    say(ctx, f"serving the survey of {project.root} on http://{host}:{port}, {rule} (Ctrl+C stops)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        log_config=LOG_CONFIG,
        proxy_headers=False,
        server_header=False,
        workers=1,  # the sealed form state's key lives in this one process
    )
