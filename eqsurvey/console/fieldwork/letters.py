"""The letters page: the letter text kept in the project (``letter.md``), codes made and printed as a job.

The text is stored as the command line reads it (a ``link:`` header, ``---``, the
letter), so ``eqsurvey invitations letters --text letter.md`` prints the same
letters. The form shows the address and the letter in two fields; problems of
the header are shown at the address, the letter's at the letter, by its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eqsurvey.config import Project
from kernel.errors import EqSurveyError, Location, Problem
from kernel.files import read_text
from kernel.private_files import write_atomically

LETTER_FILE = "letter.md"


@dataclass(frozen=True)
class LetterForm:
    link: str
    body: str
    header: tuple[str, ...] = ()  # other header lines of the file (lang:), kept as they were

    def text(self) -> str:
        return "\n".join([f"link: {self.link}", *self.header, "---", self.body.replace("\r\n", "\n")]) + "\n"

    @property
    def header_lines(self) -> int:
        return 2 + len(self.header)


def letter_path(project: Project) -> Path:
    return project.root / LETTER_FILE


def stored_letter(project: Project, default_body: str) -> LetterForm:
    """The project's letter text split into the form's fields; the default letter when there is none yet."""
    path = letter_path(project)
    if not path.is_file():
        return LetterForm("", default_body)
    text = read_text(path, limit=64_000).replace("\r\n", "\n")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        return LetterForm("", text)
    lines = head.splitlines()
    link = next((line.partition(":")[2].strip() for line in lines if line.lower().startswith("link:")), "")
    others = tuple(line for line in lines if not line.lower().startswith("link:"))
    return LetterForm(link, body.rstrip("\n"), others)


def save_letter(project: Project, form: LetterForm) -> Path:
    path = letter_path(project)
    write_atomically(path, form.text().encode("utf-8"), private=False)  # the text holds no code: a normal file
    return path


def letter_problems(form: LetterForm, at_line: str) -> list[Problem]:
    """The letter's problems at the form's fields (none: the letter is fine); ``at_line`` is "Line {line}" worded."""
    from reports.letter_text import parse_letter

    try:
        parse_letter(form.text(), LETTER_FILE)
    except EqSurveyError as exc:
        return [_at_field(p, form, at_line) for p in exc.problems]
    return []


def _at_field(problem: Problem, form: LetterForm, at_line: str) -> Problem:
    line = problem.where.line
    if problem.code in ("letter-link", "letter-header") or (line is not None and line <= form.header_lines):
        return Problem(problem.code, Location(field="link"), problem.problem, problem.fix)
    if line is not None:  # the letter's own line numbers, as the person sees them in the field
        where = at_line.format(line=line - form.header_lines)
        return Problem(problem.code, Location(field="letter"), f"{where}: {problem.problem}", problem.fix)
    return Problem(problem.code, Location(field="letter"), problem.problem, problem.fix)
