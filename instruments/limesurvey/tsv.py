"""LimeSurvey's tab-separated survey export (``limesurvey_survey_{sid}.txt``) read into the same records as an ``.lss``.

LimeSurvey writes (and imports) a survey as one table: a heading row
(``id``, ``related_id``, ``class``, ``type/scale``, ``name``, ``relevance``,
``text``, ``help``, ``language``, ``validation``, ``mandatory``, ``other``,
``default``, ``same_default``, then one column per question attribute) and
one row per item, the item's kind in ``class``:

- ``S`` a survey setting (``name`` → ``text``), ``SL`` a language setting
  (``surveyls_title`` …, per ``language``);
- ``G`` a group (``name`` its name, ``text`` its description, ``relevance``);
- ``Q`` a question (``type/scale`` its type, ``name`` its code), followed by
  its ``C`` conditions (``type/scale`` scenario, ``related_id`` the question
  looked at, ``name`` the field, ``relevance`` the method, ``text`` the value),
  ``SQ`` subquestions (``type/scale`` scale) and ``A`` answers;
- ``AS`` assessments, ``QTA``/``QTALS``/``QTAM`` quotas (noted, not read).

Every language repeats the groups and questions; they are matched by the
group's place and the question's code. LimeSurvey's spreadsheet guard (a
``'`` before a text starting with ``=``) is taken off (so a text that truly
began with ``'=`` loses its quote: the format cannot tell them apart). Its exporter writes
a condition's value only in a case that never holds (it tests an
assessment left over from another loop), so a ``C`` row without a value
is not trusted: the importer reports it instead of reading "not answered".
"""

from __future__ import annotations

import csv
from pathlib import Path

from instruments.limesurvey.reading import MAX_BYTES, LsAnswer, LsCondition, LsGroup, LsQuestion, LsSurvey
from kernel.errors import InstrumentError, Location, Problem
from kernel.files import read_text

__all__ = ["parse_tsv", "read_tsv", "sniff_tsv"]

_NEEDED = ("class", "name", "text")
_BASE = frozenset(
    (
        "id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language", "validation",
        "mandatory", "other", "default", "same_default",
    )
)  # fmt: skip
_NOT_READ = {"AS": "assessments", "QTA": "quotas", "QTALS": "quotas", "QTAM": "quotas"}
_EMPTY_VALUE = (
    "LimeSurvey's tab-separated export leaves condition values out, so this row cannot tell "
    "'not answered' from a lost value; import the survey structure (.lss) to carry it"
)


def sniff_tsv(head: str) -> bool:
    """Whether text starting with ``head`` is LimeSurvey's tab-separated survey export."""
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r").split("\t")
    return {"class", "type/scale", "name", "text"} <= set(first)


def _fail(source: str, line: int | None, problem: str, fix: str) -> InstrumentError:
    return InstrumentError([Problem("tsv-survey", Location(file=source, line=line), problem, fix)])


def _unmask(text: str) -> str:
    return text[1:] if text.startswith("'=") else text


def read_tsv(path: Path) -> LsSurvey:
    """Read a tab-separated LimeSurvey survey export; a broken file raises InstrumentError."""
    return parse_tsv(read_text(Path(path), InstrumentError, MAX_BYTES), str(path))


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.survey = LsSurvey(source, 0, "", "", [])
        self.groups: dict[int, LsGroup] = {}  # by place among the groups of their language
        self.questions: dict[str, LsQuestion] = {}  # by code
        self.seen_groups: dict[str, int] = {}  # language → groups met so far
        self.group: LsGroup | None = None
        self.question: LsQuestion | None = None
        self.first_language = ""
        self.setting: dict[str, str] = {}
        self.not_read: set[str] = set()
        self.counter = 0

    def synthetic(self, given: str) -> str:
        self.counter += 1
        return given if given.isdigit() else f"tsv{self.counter}"

    def row(self, cells: dict[str, str], line: int) -> None:
        kind, name, text, lang = cells["class"], cells["name"], cells["text"], cells.get("language", "")
        if kind == "S":
            self.setting[name] = text
        elif kind == "SL":
            self.survey.settings.setdefault(name, {})[lang] = text
        elif kind == "G":
            place = self.seen_groups.get(lang, 0)
            self.seen_groups[lang] = place + 1
            self.first_language = self.first_language or lang
            group = self.groups.get(place)
            if group is None:
                group = LsGroup(self.synthetic(cells.get("id", "")), place, line, cells.get("relevance", ""))
                self.groups[place] = group
            group.name[lang] = name
            group.description[lang] = text
            self.group, self.question = group, None
        elif kind == "Q":
            self.question_row(cells, line, lang)
        elif kind in ("SQ", "A", "C"):
            if self.question is None:
                raise _fail(self.source, line, f"a {kind} row comes before any question", "put it under its question")
            if kind == "SQ":
                self.subquestion(cells, line, lang)
            elif kind == "A":
                self.answer(cells, line, lang)
            elif lang in ("", self.first_language):
                self.condition(cells, line)
        elif kind in _NOT_READ:
            self.not_read.add(_NOT_READ[kind])
        elif kind:
            raise _fail(self.source, line, f"the class '{kind}' is unknown", "use S, SL, G, Q, SQ, A or C rows")

    def question_row(self, cells: dict[str, str], line: int, lang: str) -> None:
        if self.group is None:
            raise _fail(self.source, line, "a question comes before any group (G row)", "start each group with a G row")
        code = cells["name"].strip()
        if not code:
            raise _fail(self.source, line, "a question (Q row) has no code in 'name'", "give every question a code")
        q = self.questions.get(code)
        if q is None:
            q = LsQuestion(
                qid=self.synthetic(cells.get("id", "")),
                gid=self.group.gid,
                type=cells.get("type/scale", "").strip(),
                title=code,
                order=len(self.group.questions),
                line=line,
                other=cells.get("other", "").strip().upper() == "Y",
                mandatory=cells.get("mandatory", "").strip().upper() or "N",
                relevance=cells.get("relevance", "").strip(),
            )
            q.attributes = {k: v for k, v in cells.items() if k not in _BASE and v.strip()}
            self.questions[code] = q
            self.group.questions.append(q)
        q.text[lang] = cells["text"]
        q.help[lang] = cells.get("help", "")
        self.question = q

    @property
    def asked(self) -> LsQuestion:
        """The question the current SQ, A or C row belongs to (``row`` made sure there is one)."""
        if self.question is None:
            raise _fail(self.source, None, "a row comes before any question", "put it under its question")
        return self.question

    def subquestion(self, cells: dict[str, str], line: int, lang: str) -> None:
        question = self.asked
        scale = _int(cells.get("type/scale", ""))
        code = cells["name"].strip()
        sub = next((s for s in question.subquestions if s.title == code and s.scale == scale), None)
        if sub is None:
            sub = LsQuestion(
                qid=self.synthetic(cells.get("id", "")),
                gid=question.gid,
                type="T",
                title=code,
                order=len(question.subquestions),
                line=line,
                scale=scale,
                relevance=cells.get("relevance", "").strip(),
            )
            question.subquestions.append(sub)
        sub.text[lang] = cells["text"]

    def answer(self, cells: dict[str, str], line: int, lang: str) -> None:
        question = self.asked
        scale = _int(cells.get("type/scale", ""))
        code = cells["name"].strip()
        found = next((a for a in question.answers if a.code == code and a.scale == scale), None)
        if found is None:
            found = LsAnswer(code, len(question.answers), scale, line)
            question.answers.append(found)
        found.text[lang] = cells["text"]

    def condition(self, cells: dict[str, str], line: int) -> None:
        question = self.asked
        value = cells["text"]
        self.survey.conditions.append(
            LsCondition(
                question.qid,
                cells.get("related_id", "").strip(),
                cells["name"].strip(),
                cells.get("relevance", "").strip() or "==",
                value,
                _int(cells.get("type/scale", ""), 1),
                line,
                "" if value.strip() else _EMPTY_VALUE,
            )
        )

    def finish(self) -> LsSurvey:
        survey = self.survey
        setting = self.setting
        survey.sid = setting.get("sid", "")
        langs = [setting.get("language", ""), *setting.get("additional_languages", "").split()]
        langs += [lang for lang in self.seen_groups if lang not in langs]
        survey.languages = [lang for lang in dict.fromkeys(langs) if lang]
        survey.default_language = survey.languages[0] if survey.languages else "en"
        for q in self.questions.values():
            for texts in (q.text, q.help):
                if "" in texts:
                    texts[survey.default_language] = texts.pop("")
        survey.groups = [self.groups[k] for k in sorted(self.groups)]
        survey.other_tables = sorted(self.not_read)
        return survey


def parse_tsv(text: str, source: str) -> LsSurvey:
    """A survey from the text of a tab-separated LimeSurvey export."""
    lines = csv.reader(text.lstrip("\ufeff").splitlines(), delimiter="\t")
    heading = [h.strip() for h in next(lines, [])]
    missing = [h for h in _NEEDED if h not in heading]
    if missing:
        raise _fail(
            source,
            1,
            f"the first row lacks the column(s) {', '.join(missing)} of LimeSurvey's tab-separated survey export",
            "in LimeSurvey, export the survey as 'Tab-separated-values format (*.txt)', or export the .lss",
        )
    reader = _Reader(source)
    for cells in lines:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(heading):
            raise _fail(
                source,
                lines.line_num,
                f"the row has {len(cells)} cells, more than the {len(heading)} columns of the heading row",
                "a text holds a tab: remove it, or export the survey again",
            )
        reader.row({h: _unmask(cells[i]) if i < len(cells) else "" for i, h in enumerate(heading)}, lines.line_num)
    if not reader.questions:
        raise _fail(source, None, "the file has no question (Q) rows", "export a survey that has questions")
    return reader.finish()


def _int(text: str, default: int = 0) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return default
