"""Locked modules: wording and order as published, whatever the project's files say.

Whether a module is locked is decided by the bundled library, not by the
instrument's ``modules:`` entry or a copy in the project's ``modules/`` folder,
so neither can unlock the Washington Group Short Set. A locked module may gain
translations into further languages; its published languages must read
exactly as published.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from instruments.model import Instrument
from instruments.modules import Module, available, validated_module
from instruments.text import is_language_tag, language_name
from kernel.errors import InstrumentError, Location, Problem
from kernel.yaml_source import locate


def _texts_in(data: Any, langs: set[str]) -> Any:
    """Plain data with every text restricted to ``langs`` (for comparing wording)."""
    if isinstance(data, dict):
        if data and all(isinstance(v, str) for v in data.values()) and all(is_language_tag(k) for k in data):
            return {k: v for k, v in data.items() if k in langs}
        return {k: _texts_in(v, langs) for k, v in data.items()}
    if isinstance(data, list):
        return [_texts_in(v, langs) for v in data]
    return data


@cache
def _bundled(ref: str) -> Module | None:
    # Bundled files do not change while eqsurvey runs, so each is read once.
    try:
        return validated_module(ref, [])
    except InstrumentError:
        return None


def _published(module_id: str, version: str) -> Module | None:
    return _bundled(f"{module_id}@{version.split('.', maxsplit=1)[0]}")


def _unlisted_locked(instrument: Instrument) -> list[Module]:
    """Locked library modules whose questions appear although the instrument does not list the module.

    This happens when the ``modules:`` record was deleted, e.g. a row of the
    eqsurvey_modules sheet in an exported XLSForm.
    """
    listed = {m.id for m in instrument.modules}
    ids = set(instrument.question_map)
    found = []
    for ref in available():
        module = _bundled(ref)
        unlisted = module is not None and module.locked and module.module not in listed
        if unlisted and module is not None and ids & {q.id for q in module.questions}:
            found.append(module)
    return found


def check_locked(instrument: Instrument, raw: Any = None) -> list[Problem]:
    """Problems with locked modules (``raw`` is the line-marked source, for file:line)."""
    problems: list[Problem] = []
    for info in instrument.modules:
        published = _published(info.id, info.version)
        if published is None:
            if info.locked:
                problems.append(
                    Problem(
                        "locked-module",
                        Location(question=info.id),
                        f"locked module {info.id}@{info.version} is not in the library, so it cannot be checked",
                        "install the eqsurvey version that ships it",
                        "warning",
                    )
                )
            continue
        if not published.locked:
            continue
        problems.extend(_compare(instrument, published, raw))
        problems.extend(_unavailable_languages(instrument, published, raw))
    for module in _unlisted_locked(instrument):
        problems.extend(_compare(instrument, module, raw))
    return problems


def _compare(instrument: Instrument, published: Module, raw: Any) -> list[Problem]:
    ids = [q.id for q in instrument.questions()]
    wanted = [q.id for q in published.questions]
    start = ids.index(wanted[0]) if wanted[0] in ids else -1
    if start < 0 or ids[start : start + len(wanted)] != wanted:
        return [
            Problem(
                "locked-module",
                Location(file=getattr(raw, "file", None)),
                f"the questions of locked module {published.module} are missing or out of order",
                f"ask them in this order, unchanged: {', '.join(wanted)}",
            )
        ]
    problems: list[Problem] = []
    qmap = instrument.question_map
    langs = set(published.languages) & set(instrument.languages)
    major = published.version.split(".")[0]
    for q in published.questions:
        if _texts_in(qmap[q.id].model_dump(), langs) != _texts_in(q.model_dump(), langs):
            si = next(i for i, s in enumerate(instrument.sections) if any(x.id == q.id for x in s.questions))
            qi = [x.id for x in instrument.sections[si].questions].index(q.id)
            where = locate(raw, ("sections", si, "questions", qi)) if raw is not None else Location(question=q.id)
            problems.append(
                Problem(
                    "locked-module",
                    where,
                    f"question '{q.id}' of locked module {published.module} differs from the published wording",
                    f"restore it with use: {published.module}@{major}",
                )
            )
    return problems


def _unavailable_languages(instrument: Instrument, published: Module, raw: Any) -> list[Problem]:
    """A locked module asked in a language it has no published wording in: said plainly, never made up.

    The module gives no text in that language, so respondents who choose it read the published
    wording in the instrument's default language; the warning says so, and what to do. A variety
    of a published language (German Easy Language, ``de-x-ls``) reads the published wording of
    its base language. A project that has an official translation may put the module, with it, in
    its ``modules/`` folder: then the texts are there and nothing is said (gaps are warned of like
    any missing translation).
    """
    qmap = instrument.question_map
    questions = [qmap[q.id] for q in published.questions if q.id in qmap]
    if not questions:
        return []
    offered = set(published.languages)
    title = published.title.get("en") or next(iter(published.title.values()))
    major = published.version.split(".")[0]
    # The form falls back to the default language, which has every text (a missing one there is an error).
    shown = instrument.default_language
    problems = []
    for lang in instrument.languages:
        if lang in offered or lang.split("-", maxsplit=1)[0] in offered:
            continue
        if any((q.label.get(lang) or "").strip() for q in questions):
            continue  # the project's copy of the module brings (part of) a translation; gaps are warned of
        si = next(i for i, s in enumerate(instrument.sections) if any(x.id == questions[0].id for x in s.questions))
        qi = [x.id for x in instrument.sections[si].questions].index(questions[0].id)
        where = (
            locate(raw, ("sections", si, "questions", qi)) if raw is not None else Location(question=questions[0].id)
        )
        problems.append(
            Problem(
                "locked-module-language",
                where,
                f"module {published.module}@{major} ({title}) is not available in {lang} ({language_name(lang)}): "
                "its wording is locked and eqsurvey ships no official translation into that language "
                f"(it has {', '.join(published.languages)}), so respondents who choose {lang} read its "
                f"published {shown} wording",
                f"if they cannot answer in {shown}, leave {lang} out of languages or ask these questions in a "
                f"separate survey; if the module's authors publish an official {lang} translation, copy the module "
                f"to modules/{published.module}@{major}.yaml beside the instrument and add it there exactly as "
                "published, with its source — never translate locked wording yourself",
                "warning",
            )
        )
    return problems
