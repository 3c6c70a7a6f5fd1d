"""Each package's public names: imported on first use at run time, seen with their real types by type checkers.

A package's ``__init__`` lists its public names twice, on purpose: ``_PUBLIC`` (name → module) for the lazy
import that keeps ``eqsurvey --help`` instant, and imports under ``if TYPE_CHECKING:`` so that mypy checks a
call such as ``PrivacyBudget(rho=[1])`` instead of seeing ``Any``. These tests keep the two lists, and
``__all__``, the same.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("analysis", "anonymize", "instruments", "reports", "survey")


def _typed_imports(package: str) -> dict[str, str]:
    tree = ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.level == 0, ast.dump(statement)
                # a stage re-exports its own names and the kernel's, never another stage's
                assert str(statement.module).split(".")[0] in {package, "kernel"}, ast.dump(statement)
                found |= {alias.name: str(statement.module) for alias in statement.names}
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_the_typed_imports_name_every_public_name_from_the_module_it_lives_in(package: str) -> None:
    module = importlib.import_module(package)
    typed = _typed_imports(package)
    assert typed, f"{package}/__init__.py has no imports under TYPE_CHECKING"
    assert set(typed) == set(module.__all__)
    assert typed == module._PUBLIC
    for name, where in typed.items():
        defined = getattr(importlib.import_module(where), name)
        assert getattr(module, name) is defined


@pytest.mark.slow
def test_a_wrong_call_of_a_public_name_fails_the_type_check(tmp_path: Path) -> None:
    from mypy import api

    snippet = tmp_path / "wrong_call.py"
    snippet.write_text(
        "from analysis import PrivacyBudget\nfrom instruments import load_instrument\n\n"
        'PrivacyBudget(rho="not a number", nonsense=1)\nPrivacyBudget(rho=[0.5])\nload_instrument(42)\n',
        encoding="utf-8",
    )
    out, _, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", str(snippet)])
    assert status == 1, out
    assert 'Unexpected keyword argument "nonsense" for "PrivacyBudget"' in out
    assert 'Argument "rho" to "PrivacyBudget" has incompatible type "list[float]"' in out
    assert 'Argument 1 to "load_instrument" has incompatible type "int"' in out
