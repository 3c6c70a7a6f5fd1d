"""The package's public names resolve, and importing the package stays light."""

from __future__ import annotations

import subprocess
import sys

import instruments


def test_every_public_name_resolves() -> None:
    for name in instruments.__all__:
        assert getattr(instruments, name) is not None, name


def test_the_command_line_starts_without_pydantic_models_or_spreadsheets() -> None:
    code = (
        "import sys, eqsurvey.cli; "
        "heavy = [m for m in ('pydantic', 'yaml', 'cryptography', 'instruments.model', 'openpyxl', 'jinja2', 'pandas') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"loaded at start-up: {out}"
