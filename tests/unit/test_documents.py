"""The repository's documents point only at files that exist, inside the repository.

ARCHITECTURE.md and CONTRIBUTING.md name modules and folders in backticks; README.md links to
files. A file moved or renamed without its document fails here, so the documents cannot go
stale silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKTICKED = re.compile(r"`([^`\s]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
#: A path into one of the repository's top folders written anywhere, e.g. in a diagram.
IN_FOLDER = re.compile(
    r"(?<![\w./-])(?:instruments|anonymize|survey|analysis|reports|tests|scripts|docs|benchmarks)/[\w./-]*+(?![*<>{}])"
)


def named_paths(text: str) -> list[str]:
    """Backticked words that are repository paths: with a slash, not a URL, not a pattern like ``<lang>.yaml``."""
    return [w for w in BACKTICKED.findall(text) if "/" in w and "://" not in w and not re.search(r"[<>{}*]", w)]


def relative_links(text: str) -> list[str]:
    """Markdown link targets that are not web addresses or anchors in the same page, without their anchor."""
    targets = (t.split("#", 1)[0] for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t))
    return [t for t in targets if t]


@pytest.mark.parametrize("name", ["ARCHITECTURE.md", "CONTRIBUTING.md"])
def test_every_path_a_document_names_exists(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    paths = named_paths(text) + [p.rstrip(".") for p in IN_FOLDER.findall(text)]
    assert len(paths) >= 10, f"{name} names the modules it describes"
    missing = [p for p in paths if not (ROOT / p.split(":", 1)[0]).exists()]
    assert not missing, f"{name} names paths that do not exist: {missing}"


def test_every_relative_link_in_the_readme_resolves_inside_the_repository() -> None:
    links = relative_links((ROOT / "README.md").read_text(encoding="utf-8"))
    assert links, "the README links to files of the repository"
    outside = [t for t in links if not (ROOT / t).resolve().is_relative_to(ROOT)]
    assert not outside, f"README.md links outside the repository: {outside}"
    missing = [t for t in links if not (ROOT / t).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"


def test_the_checks_see_what_they_are_meant_to() -> None:
    text = "see `eqsurvey/cli.py`, `a b`, `reports/messages/<lang>.yaml`, `eqsurvey.toml` and [x](https://e.org/a)"
    assert named_paths(text) == ["eqsurvey/cli.py"]
    assert IN_FOLDER.findall(
        "in survey/store/: SQLite; analysis/releases/making.py. Not xsurvey/a, reports/<x>.md"
    ) == [
        "survey/store/",
        "analysis/releases/making.py.",
    ]
    assert relative_links("[a](docs/x.md#part) [b](#anchor) [c](../shared/D.md) [d](mailto:x@y.z)") == [
        "docs/x.md",
        "../shared/D.md",
    ]
