"""``eqsurvey console``: the whole survey in the browser, for the person who runs it.

It listens on loopback only (never on a network address: the analysts' private
key is on this computer) and prints a one-time link, as Jupyter does; opening
it starts the browser's session and spends the link. Started in a project
folder it works on that project; started elsewhere it offers to create one.
Like ``serve``, it keeps no access log and reads no forwarded-for header.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import state, user_errors
from eqsurvey.commands.serve import LOG_CONFIG
from kernel.errors import EqSurveyError


@user_errors
def console(
    ctx: typer.Context,
    *,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any free port).")] = 8765,
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the link in this computer's browser.")
    ] = False,
) -> None:
    """Run the survey in the browser: questionnaire, partners' review, fieldwork, plan, release and report.

    Example: eqsurvey console --open
    """
    import uvicorn

    from eqsurvey.console.app import create_console
    from eqsurvey.console.gate import Gate

    folder = state(ctx).project_dir or Path.cwd()
    listener = _listen(port)
    port = listener.getsockname()[1]
    token = Gate.new_token()
    app = create_console(folder, port=port, link_token=token)
    link = f"http://127.0.0.1:{port}/open?token={token}"
    typer.echo(f"eqsurvey console for {folder.resolve()} (Ctrl+C stops it)", err=True)
    typer.echo(f"open this link once, in your browser: {link}", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(link)
    config = uvicorn.Config(
        app, access_log=False, log_config=LOG_CONFIG, proxy_headers=False, server_header=False, lifespan="on"
    )
    uvicorn.Server(config).run(sockets=[listener])


def _listen(port: int) -> socket.socket:
    # IPPROTO_TCP named, not left 0: only then does asyncio set TCP_NODELAY on the connections it
    # accepts, and without it every page after the first on a kept-alive connection waits ~40 ms
    # for a delayed acknowledgement.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as exc:
        listener.close()
        raise EqSurveyError.single(
            "port-taken",
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror}",
            "another console or program uses this port: stop it, or choose another with --port (0: any free port)",
        ) from None
    listener.listen(64)
    return listener
