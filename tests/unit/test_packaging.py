"""What a built wheel holds: every package of the source tree, so an install without the checkout works too."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _declared() -> tuple[set[str], dict[str, str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return set(config["packages"]), dict(config.get("package-dir", {}))


def test_every_package_in_the_tree_is_declared_for_the_wheel() -> None:
    declared, mapped = _declared()
    folders = {mapped_name: Path(folder) for mapped_name, folder in mapped.items()}
    in_tree = set()
    for init in ROOT.rglob("__init__.py"):
        relative = init.parent.relative_to(ROOT)
        if relative.parts[0] in {"tests", "benchmarks", "build", "docs"} or any(
            p.startswith(".") or p.endswith(".egg-info") for p in relative.parts
        ):
            continue
        name = ".".join(relative.parts)
        for mapped_name, folder in folders.items():  # a folder installed under another name
            if relative == folder or folder in relative.parents:
                name = ".".join([mapped_name, *relative.relative_to(folder).parts])
        in_tree.add(name)
    assert in_tree - declared == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert declared - in_tree == set(), "these declared packages have no folder with an __init__.py"
