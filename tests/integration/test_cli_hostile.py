"""Hostile and broken input through the real command, in a new process: a clear
message, exit 1 (or 2 for a wrong command line), no traceback, no output file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import GENDER, instrument_yaml


def eqsurvey(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "EQSURVEY_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "eqsurvey", *map(str, args)],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def refused(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    return result.stderr


VALID = instrument_yaml(GENDER)
BROKEN_FILES: dict[str, bytes] = {
    "empty": b"",
    "a-list": b"- 1\n- 2\n",
    "a-scalar": b"just text\n",
    "binary": bytes(range(256)),
    "latin-1": VALID.replace("Frau", "Fräu").encode("latin-1"),
    "nul-byte": VALID.encode() + b"\x00",
    "deep-yaml": ("id: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "deep-condition": (
        VALID + "      - id: why\n        type: text\n        label: {de: W, en: W}\n"
        f"        relevant: \"{'(' * 2000}selected(gender, 'woman'){')' * 2000}\"\n"
    ).encode(),
    "control-char": VALID.replace("{de: Frau, en: Woman}", '{de: "Fr\\x01au", en: Woman}').encode(),
    "huge-label": VALID.replace("en: Woman", "en: " + "x" * 50_000).encode(),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
@pytest.mark.parametrize("command", ["validate", "render", "export"])
def test_broken_instrument_files(tmp_path: Path, case: str, command: str) -> None:
    source = tmp_path / "instrument.yaml"
    source.write_bytes(BROKEN_FILES[case])
    out = tmp_path / "out.xlsx"
    extras: dict[str, list[str | Path]] = {
        "validate": [],
        "render": ["-o", out],
        "export": ["--format", "xlsform", "-o", out],
    }
    extra = extras[command]
    message = refused(eqsurvey(tmp_path, "instrument", command, source, *extra))
    assert "fix:" in message
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["instrument.yaml"], "no stray temporary files"


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    for name, data in {"form.xlsx": b"not a zip", "empty.xlsx": b"", "form.json": b'{"content": 5}'}.items():
        (tmp_path / name).write_bytes(data)
        message = refused(eqsurvey(tmp_path, "instrument", "import", name, "-o", "out.yaml"))
        assert name in message
        assert not (tmp_path / "out.yaml").exists()


def test_outputs_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "instrument.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    refused(eqsurvey(tmp_path, "instrument", "render", "instrument.yaml", "-o", "afile/q.html"))
    refused(eqsurvey(tmp_path, "instrument", "render", "instrument.yaml", "-o", tmp_path))
    refused(eqsurvey(tmp_path, "instrument", "export", "instrument.yaml", "--format", "xlsform", "-o", "form.csv"), 2)
    refused(eqsurvey(tmp_path, "init", "afile/project"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "instrument.yaml"]


def test_broken_project_files(tmp_path: Path) -> None:
    assert eqsurvey(tmp_path, "init", "p").returncode == 0
    project = tmp_path / "p"
    (project / "reviews.jsonl").write_bytes(b"\xff\xfe{")
    assert "UTF-8" in refused(eqsurvey(project, "instrument", "review"))
    (project / "eqsurvey.toml").write_bytes(b"\xff\xfe")
    assert "UTF-8" in refused(eqsurvey(project, "instrument", "validate"))
    (project / "eqsurvey.toml").write_text("[project\n", encoding="utf-8")
    assert "TOML" in refused(eqsurvey(project, "instrument", "validate"))


def test_review_limits_are_usage_errors(tmp_path: Path) -> None:
    assert eqsurvey(tmp_path, "init", "p").returncode == 0
    refused(eqsurvey(tmp_path / "p", "instrument", "review", "--by", "x" * 201, "--approve"), 2)
    refused(eqsurvey(tmp_path / "p", "instrument", "review", "--by", "X", "--comment", "y" * 10_001), 2)
    assert not (tmp_path / "p" / "reviews.jsonl").exists()


def test_project_option_anywhere_and_short(tmp_path: Path) -> None:
    assert eqsurvey(tmp_path, "init", "p").returncode == 0
    for args in (
        ["--project", "p", "instrument", "validate"],
        ["instrument", "validate", "--project", "p"],
        ["instrument", "validate", "-p", "p"],
    ):
        result = eqsurvey(tmp_path, *args)
        assert result.returncode == 0 and "valid" in result.stdout, (args, result)
