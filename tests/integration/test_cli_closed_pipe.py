"""``eqsurvey … | head``: a reader that goes away early ends the command quietly, never as an internal error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = ROOT / "examples" / "musterstadt" / "instrument.yaml"


def _env() -> dict[str, str]:
    return os.environ | {"PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}


def test_a_closed_pipe_ends_a_long_output_quietly(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "eqsurvey", "instrument", "render", str(INSTRUMENT)]
    # The whole page is far more than a pipe holds (64 KiB on Linux): the command must write into a closed pipe.
    whole = subprocess.run(command, env=_env(), cwd=tmp_path, capture_output=True, check=True, timeout=120)
    assert len(whole.stdout) > 65536
    with subprocess.Popen(command, env=_env(), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as run:
        assert run.stdout is not None and run.stderr is not None
        run.stdout.close()  # as `| head -c 0` does: the reader is gone before the first byte
        errors = run.stderr.read().decode()
        code = run.wait(timeout=120)
    assert code == 141, errors
    assert errors == ""
