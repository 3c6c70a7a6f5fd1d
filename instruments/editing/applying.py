"""Applying the edits (:mod:`.edits`) to the round-trip document of the instrument file.

An edit names what it changes by ids and codes, never by position in the file,
so that a form posted a minute later still means the same thing. Questions of
library modules are not in the file (``use: NAME@MAJOR`` brings them in), so
they cannot be edited here: a locked module's wording is as its source published
it, and an unlocked module's wording is the library's. The module is added or
removed as a whole; a question of one's own can be worded freely.

An edit that cannot be applied at all (an unknown question, a module's
question, a condition that does not parse) raises :class:`InstrumentError`
whose problems name the form field (``Location.field``, see :mod:`.fields`).
Whatever an edit leaves for the validator to judge (an empty label, a
condition on a later question, a duplicate id) is judged by the validator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from instruments.editing.document import new_map, new_seq, put, remove, styled
from instruments.editing.edits import (
    OWN_TEXTS,
    AddLanguage,
    AddModule,
    AddOption,
    AddPoint,
    AddQuestion,
    AddRow,
    Edit,
    MoveQuestion,
    RemoveModule,
    RemoveOption,
    RemovePoint,
    RemoveQuestion,
    RemoveRow,
    SetBounds,
    SetCondition,
    SetOptionLabel,
    SetPointLabel,
    SetQuestionText,
    SetRowLabel,
    SetSectionText,
    SetText,
)
from instruments.editing.lists import ListKey, as_written, entries, index_of, number_question, point_position
from instruments.expressions import syntax as ex
from instruments.model import Instrument
from kernel.errors import InstrumentError, Location

_OPTIONAL_TEXTS = frozenset({"rights", "hint", "intro", "unit"})
#: Where a key that was absent goes: after the first of these that is present.
_AFTER: dict[str, tuple[str, ...]] = {
    "rights": ("legal_basis",),
    "hint": ("label",),
    "intro": ("title",),
    "unit": ("max", "min", "hint", "label"),
    "relevant": ("hint", "label", "intro", "title"),
}


def _refuse(code: str, problem: str, fix: str, key: str, question: str | None = None) -> InstrumentError:
    return InstrumentError.single(code, problem, fix, Location(field=key, question=question))  # type: ignore[return-value]


@dataclass
class _Target:
    """The document being edited, and the resolved instrument it was read as (for modules' questions)."""

    doc: CommentedMap
    instrument: Instrument
    languages: list[str] = field(default_factory=list)

    def sections(self) -> CommentedSeq:
        sections = self.doc.get("sections")
        if not isinstance(sections, CommentedSeq):
            raise _refuse("no-sections", "the instrument has no list of sections", "add sections: in an editor", "")
        return sections

    def section(self, section_id: str) -> CommentedMap:
        for s in self.sections():
            if isinstance(s, CommentedMap) and s.get("id") == section_id:
                return s
        raise _refuse(
            "unknown-section", f"there is no section '{section_id}'", "reload the page", f"section.{section_id}"
        )

    def question(self, question_id: str) -> tuple[CommentedSeq, int]:
        """The item list holding an own question, and its index there."""
        for s in self.sections():
            items = s.get("questions") if isinstance(s, CommentedMap) else None
            if not isinstance(items, CommentedSeq):
                continue
            for i, item in enumerate(items):
                if isinstance(item, CommentedMap) and item.get("id") == question_id and "use" not in item:
                    return items, i
        key = f"question.{question_id}"
        for module in self.instrument.modules:
            if question_id in module.questions:
                if module.locked:
                    raise _refuse(
                        "locked-module",
                        f"question '{question_id}' belongs to the locked module {module.id}: its wording and order are "
                        f"as published ({module.source.citation}) and cannot be edited",
                        f"keep it as published, or remove the module {module.id} and ask your own question instead",
                        key,
                        question_id,
                    )
                raise _refuse(
                    "module-question",
                    f"question '{question_id}' comes from the library module {module.id}, whose wording the library "
                    "keeps for every survey that uses it",
                    f"remove the module {module.id} and add a question of your own to word it differently",
                    key,
                    question_id,
                )
        raise _refuse("unknown-question", f"there is no question '{question_id}'", "reload the page", key, question_id)

    def entries(self, question_id: str, key: ListKey) -> CommentedSeq:
        """An own question's options, rows or points; refused if another question shares the same list (a YAML
        anchor and alias), since an edit of one would silently change the other too."""
        items = entries(self.own_question(question_id), question_id, key)
        for s in self.sections():
            for item in (s.get("questions") if isinstance(s, CommentedMap) else None) or ():
                if isinstance(item, CommentedMap) and item.get("id") != question_id and item.get(key) is items:
                    raise _refuse(
                        "shared-list",
                        f"question '{question_id}' shares its {key} with question '{item.get('id')}' (a YAML anchor "
                        "in the file), so an edit here would change both",
                        f"write the {key} out under each question in an editor, then edit them here",
                        f"question.{question_id}",
                        question_id,
                    )
        return items

    def own_question(self, question_id: str) -> CommentedMap:
        items, i = self.question(question_id)
        node = items[i]
        if not isinstance(node, CommentedMap):  # question() finds mappings only
            raise TypeError(node)
        return node


def _insert(node: CommentedMap, key: str, value: Any) -> None:
    """Set ``key``; a new key goes after its neighbour (see :data:`_AFTER`), else last."""
    if key in node:
        node[key] = value
        return
    keys = list(node)
    for neighbour in _AFTER.get(key, ()):
        if neighbour in node:
            put(node, keys.index(neighbour) + 1, value, key)
            return
    put(node, len(node), value, key)


def _clean(text: str) -> str:
    # Browsers post CRLF; surrounding blanks are never meant.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _set_text(target: _Target, owner: CommentedMap, key: str, lang: str, text: str) -> None:
    text = _clean(text)
    current = owner.get(key)
    if not isinstance(current, CommentedMap):
        if not text:
            return
        current = CommentedMap()
        _insert(owner, key, current)
    if not text:
        carried = remove(current, lang) if lang in current else None
        if not current and key in _OPTIONAL_TEXTS:
            remove(owner, key, carried)
        return
    if lang in current:
        current[lang] = styled(current[lang], text)
        return
    order = target.languages
    later = [k for k in current if k in order and lang in order and order.index(k) > order.index(lang)]
    if later:
        current.insert(list(current).index(later[0]), lang, styled(None, text))
    else:
        put(current, len(current), styled(None, text), lang)


def _text_map(target: _Target, texts: Mapping[str, str]) -> CommentedMap:
    result = CommentedMap()
    for lang in sorted(
        texts, key=lambda x: target.languages.index(x) if x in target.languages else len(target.languages)
    ):
        if _clean(texts[lang]):
            result[lang] = styled(None, _clean(texts[lang]))
    return result


def _question_map(target: _Target, spec: Mapping[str, Any]) -> CommentedMap:
    node = CommentedMap()
    first = ("id", "type", "label", "hint")
    for key in (*first, *(k for k in spec if k not in first)):
        if key not in spec:
            continue
        value = spec[key]
        if key in ("label", "hint", "unit") and isinstance(value, Mapping):
            node[key] = _text_map(target, value)
        elif key in ("options", "rows", "points") and isinstance(value, Sequence):
            node[key] = new_seq(
                [
                    new_map(
                        {
                            k: _text_map(target, v) if k == "label" and isinstance(v, Mapping) else v
                            for k, v in item.items()
                        }
                    )
                    for item in value
                    if isinstance(item, Mapping)
                ]
            )
        else:
            node[key] = value
    return node


def _check_condition(condition: str, key: str, question: str | None) -> None:
    try:
        ex.parse(condition)
    except ex.ExpressionSyntaxError as exc:
        raise _refuse(
            "condition-syntax",
            f"the condition cannot be read: {exc}",
            "write it like  q1 == 'yes'  or  age >= 18 and selected(languages, 'de')",
            key,
            question,
        ) from None


def _position(items: CommentedSeq, position: int | None) -> int:
    return len(items) if position is None else max(0, min(position, len(items)))


def apply_edit(doc: CommentedMap, instrument: Instrument, edit: Edit) -> None:
    """Apply one edit to the document in place; ``instrument`` is the document as last validated."""
    target = _Target(doc, instrument, [str(x) for x in doc.get("languages") or instrument.languages])
    if isinstance(edit, SetText):
        if edit.field not in OWN_TEXTS:
            raise _refuse(
                "unknown-field", f"'{edit.field}' is not one of the survey's texts", "reload the page", edit.field
            )
        _set_text(target, doc, edit.field, edit.lang, edit.text)
    elif isinstance(edit, SetSectionText):
        _set_text(target, target.section(edit.section), edit.field, edit.lang, edit.text)
    elif isinstance(edit, SetQuestionText):
        _set_text(target, target.own_question(edit.question), edit.field, edit.lang, edit.text)
    elif isinstance(edit, SetOptionLabel | SetRowLabel | SetPointLabel):
        key: ListKey = (
            "options" if isinstance(edit, SetOptionLabel) else "rows" if isinstance(edit, SetRowLabel) else "points"
        )
        ident = str(edit.value) if isinstance(edit, SetPointLabel) else edit.code
        items = target.entries(edit.question, key)
        _set_text(target, items[index_of(items, edit.question, key, ident)], "label", edit.lang, edit.text)
    elif isinstance(edit, AddOption | AddRow):
        key = "options" if isinstance(edit, AddOption) else "rows"
        items = target.entries(edit.question, key)
        put(items, len(items), new_map({"code": edit.code, "label": _text_map(target, edit.label)}))
    elif isinstance(edit, AddPoint):
        points = target.entries(edit.question, "points")
        put(
            points,
            point_position(points, edit.value),
            new_map({"value": edit.value, "label": _text_map(target, edit.label)}),
        )
    elif isinstance(edit, RemoveOption | RemoveRow | RemovePoint):
        key = "options" if isinstance(edit, RemoveOption) else "rows" if isinstance(edit, RemoveRow) else "points"
        ident = str(edit.value) if isinstance(edit, RemovePoint) else edit.code
        items = target.entries(edit.question, key)
        remove(items, index_of(items, edit.question, key, ident))
    elif isinstance(edit, SetBounds):
        node = number_question(target.own_question(edit.question), edit.question)
        _insert(node, "min", as_written(edit.low))
        _insert(node, "max", as_written(edit.high))
    elif isinstance(edit, AddQuestion):
        items = target.section(edit.section).get("questions")
        if not isinstance(items, CommentedSeq):
            raise _refuse(
                "no-questions",
                f"section '{edit.section}' has no question list",
                "reload the page",
                f"section.{edit.section}",
            )
        put(items, _position(items, edit.position), _question_map(target, edit.question))
    elif isinstance(edit, RemoveQuestion):
        items, i = target.question(edit.question)
        remove(items, i)
    elif isinstance(edit, MoveQuestion):
        items, i = target.question(edit.question)
        node = items[i]
        remove(items, i)  # its comments stay where they were, with the questions around them
        put(items, _position(items, edit.position), node)
    elif isinstance(edit, SetCondition):
        _set_condition(target, edit)
    elif isinstance(edit, AddModule):
        items = target.section(edit.section).get("questions")
        if not isinstance(items, CommentedSeq):
            raise _refuse(
                "no-questions",
                f"section '{edit.section}' has no question list",
                "reload the page",
                f"section.{edit.section}",
            )
        put(items, _position(items, edit.position), new_map({"use": edit.ref}))
    elif isinstance(edit, AddLanguage):
        languages = doc.get("languages")
        if not isinstance(languages, CommentedSeq):
            raise _refuse(
                "no-languages", "the instrument has no list of languages", "add languages: in an editor", "languages"
            )
        put(languages, len(languages), edit.lang.strip())
    else:
        _remove_module(target, edit)


def _set_condition(target: _Target, edit: SetCondition) -> None:
    key = f"section.{edit.target}.relevant" if edit.section else f"question.{edit.target}.relevant"
    node = target.section(edit.target) if edit.section else target.own_question(edit.target)
    condition = _clean(edit.condition or "")
    if not condition:
        if "relevant" in node:
            remove(node, "relevant")
        return
    _check_condition(condition, key, None if edit.section else edit.target)
    _insert(node, "relevant", styled(node.get("relevant"), condition))


def _remove_module(target: _Target, edit: RemoveModule) -> None:
    for s in target.sections():
        items = s.get("questions") if isinstance(s, CommentedMap) else None
        if not isinstance(items, CommentedSeq):
            continue
        for i, item in enumerate(items):
            if isinstance(item, CommentedMap) and str(item.get("use", "")).split("@")[0] == edit.module:
                remove(items, i)
                return
    raise _refuse(
        "unknown-module",
        f"the instrument does not use the module {edit.module}",
        "reload the page",
        f"module.{edit.module}",
    )
