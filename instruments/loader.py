"""Loading an instrument file: YAML → module expansion → model → semantic checks.

Every problem found is reported, each with ``file:line``, the question id, the
problem and the fix. Module references (``use: wg_short_set@1``) are replaced
by the module's questions; locked modules are checked to be used exactly as
published.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from instruments.checks import check_instrument
from instruments.locked import check_locked
from instruments.model import Instrument
from instruments.modules import Module, load_module
from instruments.questions import QUESTION_TYPES
from kernel.errors import MAX_LISTED, InstrumentError, Location, Problem, first_listed
from kernel.yaml_source import MarkedDict, MarkedList, load_yaml, locate, read_yaml_file


@dataclass
class LoadedInstrument:
    """A valid instrument with the warnings found while loading it and its line-marked source."""

    instrument: Instrument
    source: str
    raw: Any
    warnings: list[Problem] = field(default_factory=list)

    def locate(self, path: Sequence[str | int]) -> Location:
        return locate(self.raw, path)


def _known_keys() -> set[str]:
    from instruments.model import BooleanDerived, Case, CategoricalDerived, ModuleInfo, Section, Source
    from instruments.questions import (
        Consent,
        Matrix,
        MatrixRow,
        MultiChoice,
        Number,
        Option,
        Scale,
        ScalePoint,
        SingleChoice,
        Text,
    )
    from instruments.translation_status import TranslationStatus

    models = (
        Instrument,
        Section,
        Source,
        ModuleInfo,
        Case,
        BooleanDerived,
        CategoricalDerived,
        Module,
        SingleChoice,
        MultiChoice,
        Text,
        Scale,
        Number,
        Matrix,
        Consent,
        Option,
        MatrixRow,
        ScalePoint,
        TranslationStatus,
    )
    return {name for m in models for name in m.model_fields} | {"use"}


def problems_from_validation(exc: ValidationError, raw: Any) -> list[Problem]:
    """Turn pydantic's errors into problems with file:line and a fix."""
    problems: list[Problem] = []
    known = sorted(_known_keys())
    errors = exc.errors(include_url=False)
    for err in errors[:MAX_LISTED]:
        loc = tuple(err["loc"])
        where = locate(raw, loc)
        kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
        key = str(loc[-1]) if loc else ""
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                Problem(
                    "unknown-key",
                    where,
                    f"unknown key '{key}'{hint}",
                    "remove it or correct its spelling; `eqsurvey instrument schema` lists every key",
                )
            )
        elif kind == "missing":
            problems.append(
                Problem("missing-key", where, f"the required key '{key}' is missing", f"add '{key}: …' here")
            )
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            expected = ctx.get("expected_tags", ", ".join(QUESTION_TYPES))
            found = ctx.get("tag")
            problem = f"unknown type '{found}'" if found else "no 'type' given"
            problems.append(Problem("unknown-type", where, problem, f"set type to one of: {expected}"))
        elif kind == "eqsurvey":
            problems.append(Problem("invalid-value", where, err["msg"], str(ctx.get("fix", "correct the value"))))
        elif kind == "literal_error":
            problems.append(
                Problem(
                    "invalid-value",
                    where,
                    f"{value!r} is not allowed for '{key}'",
                    f"use one of: {ctx.get('expected')}",
                )
            )
        elif kind in ("dict_type", "model_type", "model_attributes_type") and isinstance(value, str):
            problems.append(
                Problem(
                    "invalid-value",
                    where,
                    f"'{key}' must be a mapping, not the text {value!r}",
                    "give the text per language on its own lines, e.g.\n      de: …\n      en: …",
                )
            )
        else:
            problems.append(
                Problem(
                    "invalid-value",
                    where,
                    f"{err['msg']} (for '{key}', got {value!r:.60})",
                    "correct the value; `eqsurvey instrument schema` describes every key",
                )
            )
    return first_listed(problems, len(errors), getattr(raw, "file", None))


def _is_text(value: Any, langs: set[str]) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= langs
        and all(isinstance(v, str) for v in value.values())
    )


def _keep_languages(node: Any, module_langs: set[str], keep: set[str]) -> None:
    """Drop a module's translations into languages the instrument does not use, in place."""
    if _is_text(node, module_langs):
        for lang in [k for k in node if k not in keep]:
            del node[lang]
    elif isinstance(node, dict):
        for value in node.values():
            _keep_languages(value, module_langs, keep)
    elif isinstance(node, list):
        for item in node:
            _keep_languages(item, module_langs, keep)


def _module_translations(module: Module, keep: set[str] | None) -> dict[str, Any]:
    """The module's translation status for the languages the instrument uses (none: the key is left out)."""
    kept = {
        lang: status.model_dump(mode="json", exclude_none=True)
        for lang, status in module.translations.items()
        if keep is None or lang in keep
    }
    return {"translations": kept} if kept else {}


def _expand_modules(raw: MarkedDict, search: list[Path], problems: list[Problem]) -> None:
    """Replace ``use:`` items by module questions, in place; record the modules used."""
    sections = raw.get("sections")
    if not isinstance(sections, list):
        return
    modules = raw.setdefault("modules", MarkedList())
    used = {m.get("id") for m in modules if isinstance(m, dict)}
    derived_extra: list[Any] = []
    languages = raw.get("languages")
    keep = {str(lang) for lang in languages} if isinstance(languages, list) else None
    for section in sections:
        items = section.get("questions") if isinstance(section, dict) else None
        if not isinstance(items, MarkedList):
            continue
        expanded = MarkedList()
        expanded.file, expanded.line, expanded.item_lines = items.file, items.line, []
        for i, item in enumerate(items):
            if not (isinstance(item, MarkedDict) and "use" in item):
                expanded.append(item)
                expanded.item_lines.append(items.item_lines[i])
                continue
            where = Location(file=item.file, line=item.line)
            extra = set(item) - {"use"}
            if extra:
                problems.append(
                    Problem(
                        "unknown-key",
                        where,
                        f"unknown key(s) beside use: {', '.join(sorted(extra))}",
                        "a module reference takes only 'use'; put a condition on the section instead (sections take 'relevant')",
                    )
                )
            try:
                mf = load_module(str(item["use"]), search, where)
            except InstrumentError as exc:
                problems.extend(exc.problems)
                continue
            module = mf.module
            if module.module in used:
                problems.append(
                    Problem("duplicate-module", where, f"module {module.module} is used twice", "use each module once")
                )
                continue
            used.add(module.module)
            if keep is not None:
                _keep_languages(mf.raw, set(module.languages), keep)
            for q in mf.raw["questions"]:
                expanded.append(q)
                expanded.item_lines.append(q.line)
            derived_extra.extend(mf.raw.get("derived", []))
            modules.append(
                {
                    "id": module.module,
                    "version": module.version,
                    "title": dict(mf.raw["title"]),
                    "source": module.source.model_dump(exclude_none=True),
                    "locked": module.locked,
                    "questions": [q.id for q in module.questions],
                    "derived": [d.id for d in module.derived],
                    **_module_translations(module, keep),
                }
            )
        section["questions"] = expanded
    if derived_extra:
        derived = raw.setdefault("derived", MarkedList())
        if isinstance(derived, list):
            derived[:0] = derived_extra
            if isinstance(derived, MarkedList):
                derived.item_lines = [d.line for d in derived_extra] + getattr(derived, "item_lines", [])
    if not modules:
        del raw["modules"]


def parse_instrument(text: str, source: str, base_dir: Path | None = None) -> LoadedInstrument:
    """Validate instrument YAML text; raises :class:`InstrumentError` listing every error."""
    raw = load_yaml(text, source)
    return _build(raw, source, base_dir)


def load_instrument(path: Path | str) -> LoadedInstrument:
    path = Path(path)
    if path.is_dir():
        raise InstrumentError.single(
            "is-a-directory",
            f"{path} is a folder",
            "give the instrument file, e.g. instrument.yaml",
            Location(file=str(path)),
        )
    return _build(read_yaml_file(path), str(path), path.parent)


def _build(raw: Any, source: str, base_dir: Path | None) -> LoadedInstrument:
    if not isinstance(raw, MarkedDict):
        raise InstrumentError.single(
            "instrument-shape",
            "an instrument file must be a mapping of keys",
            "start it with 'id: …', 'version: …', 'title: …'",
            Location(file=source, line=1),
        )
    search = [base_dir / "modules"] if base_dir is not None else []
    problems: list[Problem] = []
    _expand_modules(raw, search, problems)
    try:
        instrument = Instrument.model_validate(raw)
    except ValidationError as exc:
        raise InstrumentError(problems + problems_from_validation(exc, raw)) from None
    for f in check_instrument(instrument):
        problems.append(Problem(f.code, locate(raw, f.path), f.problem, f.fix, f.severity))
    problems.extend(check_locked(instrument, raw))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InstrumentError(errors)
    return LoadedInstrument(instrument, source, raw, [p for p in problems if p.severity == "warning"])
