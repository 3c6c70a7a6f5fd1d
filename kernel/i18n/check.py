"""What is wrong with a package's catalogues, found by comparing them with the messages in its code.

The code is the truth: its marked messages (:mod:`kernel.i18n.messages`) are extracted here the
way ``scripts/messages.sh`` extracts them. Every message must be in the template and in every
language's catalogue with a translation that is not empty, not fuzzy, and uses the same named
placeholders as the English text; a catalogue entry the code no longer has is stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kernel.i18n.catalogues import Catalogues
from kernel.i18n.messages import KEYWORDS, placeholders

_FIX = "run `bash scripts/messages.sh` and translate"


def extracted(package_dir: Path) -> Catalog:
    """The messages marked in a package's Python code, as Babel's extractor finds them.

    A subpackage with a ``locales`` folder of its own is its own domain and is left out here, as
    ``scripts/messages.sh`` leaves it out of this package's template.
    """

    def wanted(folder: str) -> bool:
        path = Path(folder)
        return not path.name.startswith(".") and (path == package_dir or not (path / "locales").is_dir())

    catalog = Catalog()
    found = extract_from_dir(
        str(package_dir), method_map=[("**.py", "python")], keywords=KEYWORDS, directory_filter=wanted
    )
    for filename, lineno, text, _comments, context in found:
        catalog.add(text, locations=[(filename, lineno)], context=context)
    return catalog


def _name(message: Message) -> str:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context or ''!s}: {ident!r}"


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}


def _translation_problems(source: Message, entry: Message | None) -> Iterator[str]:
    if entry is None:
        yield "has no entry"
        return
    if entry.fuzzy:
        yield "is marked fuzzy (a guess to be checked)"
    forms = [entry.string] if isinstance(entry.string, str) else list(entry.string or ())
    if not all(forms):
        yield "has no translation"
        return
    texts = [source.id] if isinstance(source.id, str) else list(source.id)
    expected = frozenset().union(*(placeholders(text) for text in texts))
    for form in forms:
        try:
            used = placeholders(form)
        except ValueError as error:
            yield f"has a translation str.format cannot fill ({error}): {form!r}"
            continue
        plural = len(texts) > 1
        if (plural and not used <= expected) or (not plural and used != expected):
            yield f"uses placeholders {sorted(used)} where the English uses {sorted(expected)}: {form!r}"


def catalogue_problems(catalogues: Catalogues, package_dir: Path) -> list[str]:
    """Every problem of one package's template and catalogues, each naming file, message and fix."""
    source = extracted(package_dir)
    problems: list[str] = []
    template = catalogues.template_file()
    if not template.is_file():
        return [f"{template}: no template; fix: {_FIX}"]
    with template.open("rb") as handle:
        pot = read_po(handle)
    if _ids(pot) != _ids(source):
        stale = len(_ids(pot) ^ _ids(source))
        problems.append(f"{template}: {stale} messages differ from the code's; fix: {_FIX}")
    for language in catalogues.languages()[1:]:
        catalog = catalogues.read(language)
        where = catalogues.po_file(language)
        for message in source:
            if not message.id:
                continue
            for problem in _translation_problems(message, catalog.get(message.id, message.context)):
                problems.append(f"{where}: message {_name(message)} {problem}; fix: {_FIX}")
        for entry in catalog:
            if entry.id and source.get(entry.id, entry.context) is None:
                problems.append(f"{where}: message {_name(entry)} is not in the code any more; fix: {_FIX}")
    return problems
