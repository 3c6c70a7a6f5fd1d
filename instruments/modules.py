"""The standard module library: versioned, cited question modules shipped as YAML.

A module is referenced from an instrument as ``use: NAME@MAJOR`` and found in
a ``modules/`` folder beside the instrument (a project's own modules) or else in
the library inside this package (``instruments/library/NAME@MAJOR.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from instruments.model import Derived, SemVer, Source
from instruments.questions import Question, Strict
from instruments.text import Identifier, LangTag, LocalText
from instruments.translation_status import Translations
from kernel.errors import InstrumentError, Location
from kernel.files import read_text
from kernel.yaml_source import MAX_YAML_BYTES, MarkedDict, copy_marked, load_yaml

_REF_RE = re.compile(r"([a-z][a-z0-9_]*)@(\d+)")


class Module(Strict):
    """A reusable block of questions with its source."""

    module: Identifier
    version: SemVer
    title: LocalText
    description: LocalText | None = None
    source: Source
    locked: bool = Field(
        default=False, description="Wording and order must not change (e.g. the Washington Group Short Set)."
    )
    languages: list[LangTag] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    derived: list[Derived] = Field(default_factory=list)
    translations: Translations = Field(
        default_factory=dict,
        description="Languages translated by the module's authors and not (or not yet) checked by a qualified "
        "translator or community partner are marked draft; the mark is carried into every instrument using them.",
    )

    @model_validator(mode="after")
    def _translations_are_languages(self) -> Module:
        unlisted = sorted(set(self.translations) - set(self.languages))
        if unlisted:
            raise PydanticCustomError(
                "eqsurvey",
                "translations names {langs}, which the module's languages do not list",
                {"langs": ", ".join(unlisted), "fix": "add the language to languages or remove its entry"},
            )
        return self


@dataclass(frozen=True)
class ModuleFile:
    """A module as read from disk: the validated model and its raw, line-marked data."""

    module: Module
    raw: MarkedDict
    path: str


def parse_reference(ref: str) -> tuple[str, int] | None:
    m = _REF_RE.fullmatch(ref)
    return (m.group(1), int(m.group(2))) if m else None


def _library_root() -> Any:
    return resources.files("instruments") / "library"


def available() -> list[str]:
    """Every module reference in the bundled library, e.g. ``wg_short_set@1``."""
    return sorted(p.name[: -len(".yaml")] for p in _library_root().iterdir() if p.name.endswith(".yaml"))


def _read(name: str, search: list[Path]) -> tuple[str, str] | None:
    for folder in search:
        candidate = folder / f"{name}.yaml"
        if candidate.exists():
            return read_text(candidate, InstrumentError, MAX_YAML_BYTES), str(candidate)
    bundled = _library_root() / f"{name}.yaml"
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8"), f"<library>/{name}.yaml"
    return None


def load_module(ref: str, search: list[Path] | None = None, where: Location | None = None) -> ModuleFile:
    """Find, read and validate a module; errors name the referencing place and the module file."""
    module, raw, path = _found(ref, search, where)
    # The loader splices the raw questions into the instrument and trims their languages in place,
    # so each caller gets its own copy of what the cache keeps.
    return ModuleFile(module, copy_marked(raw), path)


def validated_module(ref: str, search: list[Path] | None = None, where: Location | None = None) -> Module:
    """The validated module alone, as :func:`load_module` finds it (frozen: shared, not copied).

    For callers that read the model and not the file's lines: the locked-module check reads every
    module of the library on each load, and copying their raw data was most of its time.
    """
    return _found(ref, search, where)[0]


def _found(ref: str, search: list[Path] | None, where: Location | None) -> tuple[Module, MarkedDict, str]:
    parsed = parse_reference(ref)
    if parsed is None:
        raise InstrumentError.single(
            "module-reference",
            f"'{ref}' is not a module reference",
            "write NAME@MAJOR, e.g. use: wg_short_set@1",
            where,
        )
    name, major = parsed
    found = _read(f"{name}@{major}", search or [])
    if found is None:
        raise InstrumentError.single(
            "unknown-module",
            f"there is no module '{ref}'",
            f"use one of: {', '.join(available())}, or put {name}@{major}.yaml in a modules/ folder beside the instrument",
            where,
        )
    text, path = found
    module, raw = _validated(text, path)
    if module.module != name or int(module.version.split(".")[0]) != major:
        raise InstrumentError.single(
            "module-mismatch",
            f"{path} declares module {module.module} version {module.version}, not {ref}",
            "make the file name NAME@MAJOR.yaml agree with its module and version",
            Location(file=path, line=raw.line),
        )
    return module, raw, path


@lru_cache(maxsize=64)
def _validated(text: str, path: str) -> tuple[Module, MarkedDict]:
    """Parse and validate a module's text, once per text: an instrument loads a dozen modules, and the
    console loads the instrument several times per edit (about a third of a save's time went here)."""
    from instruments.loader import problems_from_validation  # the loader imports this module, so import late

    raw = load_yaml(text, path)
    if not isinstance(raw, MarkedDict):
        raise InstrumentError.single(
            "module-shape", "a module file must be a mapping", "start it with 'module: NAME'", Location(file=path)
        )
    try:
        module = Module.model_validate(raw)
    except ValidationError as exc:
        raise InstrumentError(problems_from_validation(exc, raw)) from None
    return module, raw
