"""A throwaway PostgreSQL server for tests: initdb into a temp dir, a free port, stopped afterwards.

Skips with the reason where the server binaries are missing, except under CI
(CI=true), where a missing server is a failure: .ci/run installs it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> list[str]:
    # initdb and postgres refuse to run as root; under root, run them as the postgres (or nobody) user.
    if os.geteuid() != 0:
        return []
    user = "postgres" if shutil.which("runuser") and _user_exists("postgres") else "nobody"
    return ["runuser", "-u", user, "--"]


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "LC_ALL": "C"}, timeout=120)


@contextmanager
def postgres_server() -> Iterator[tuple[str, Path]]:
    """Yields (base URL without database, bin dir)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are missing under CI; .ci/run must install them")
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) are not installed; apt-get install postgresql to run these tests"
        )
    root = Path(tempfile.mkdtemp(prefix="eqsurvey-pg-"))
    prefix = _as_server_user()
    if prefix:
        shutil.chown(root, user=prefix[2])
    data, port = root / "data", _free_port()
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "eqsurvey", "--auth=trust", "-E", "UTF8", "--locale=C"]
    _run([*prefix, *initdb])
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data)]
    _run([*pg_ctl, "-o", options, "-l", str(root / "log"), "-w", "start"])
    try:
        yield f"postgresql://eqsurvey@127.0.0.1:{port}", bin_dir
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], check=False, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
