"""Public names of a package, imported on first use.

``eqsurvey --help`` must start instantly; a package's ``__init__`` that
imported its models, cryptography or spreadsheets eagerly would make every
command pay for all of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds ``name`` in the module ``where[name]``.

    A module name that starts with a dot is relative to ``package``; any other is absolute.
    """
    namespace = importlib.import_module(package).__dict__

    def _getattr(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package if module.startswith(".") else None), name)
        namespace[name] = value
        return value

    return _getattr
