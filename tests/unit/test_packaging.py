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


def _package_folder(name: str, mapped: dict[str, str]) -> Path:
    for mapped_name, folder in mapped.items():
        if name == mapped_name or name.startswith(mapped_name + "."):
            return ROOT / folder / Path(*name.split(".")[len(mapped_name.split(".")) :])
    return ROOT / Path(*name.split("."))


def test_every_data_file_in_a_package_folder_is_declared_for_the_wheel() -> None:
    # A file the code reads at run time (a template, a catalogue, an example's margins CSV) that no
    # package-data pattern names is left out of the wheel, and an installed eqsurvey then fails on it.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    declared, mapped = set(config["packages"]), dict(config.get("package-dir", {}))
    patterns: dict[str, list[str]] = config.get("package-data", {})
    left_out = []
    for name in sorted(declared):
        folder = _package_folder(name, mapped)
        subpackages = {_package_folder(other, mapped) for other in declared if other.startswith(name + ".")}
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in {".py", ".pyc", ".mo"} or "__pycache__" in path.parts:
                continue
            if any(sub == path.parent or sub in path.parents for sub in subpackages):
                continue  # judged against its own package's patterns
            inside = path.relative_to(folder)
            if not any(
                inside.match(pattern) and len(inside.parts) == len(Path(pattern).parts)
                for pattern in patterns.get(name, [])
            ):
                left_out.append(f"{name}: {inside}")
    assert left_out == [], "add patterns for these to [tool.setuptools.package-data] in pyproject.toml"
