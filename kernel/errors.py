"""The error family shared by every eqsurvey package.

A *user error* is something the person running eqsurvey can fix: a typo in a
YAML file, an unknown option code, a wrong passphrase. It carries a short code,
the place (file:line, question id, row), the problem and the fix, and the
command line prints it without a traceback and exits 1.

An *internal error* is a bug in eqsurvey. It says so, so that nobody wastes an
afternoon looking for a mistake in their own files.

These live in the lowest layer (instruments) because every other package
imports instruments; there is no lower place to put them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

_NOWHERE = "(no location)"


@dataclass(frozen=True)
class Location:
    """Where a problem is: any of file, line, column, question id, row, column name."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    question: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            place = self.file
            if self.line is not None:
                place += f":{self.line}"
                if self.column is not None:
                    place += f":{self.column}"
            parts.append(place)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.question is not None:
            parts.append(f"question '{self.question}'")
        if self.field is not None:
            parts.append(f"'{self.field}'")
        return ", ".join(parts) if parts else _NOWHERE


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with where it is and how to fix it."""

    code: str
    where: Location
    problem: str
    fix: str
    severity: str = "error"  # "error" or "warning"

    def render(self) -> str:
        label = "warning" if self.severity == "warning" else "error"
        place = str(self.where)
        prefix = "" if place == _NOWHERE else f"{place}: "
        return f"{prefix}{label} [{self.code}] {self.problem}\n    fix: {self.fix}"


class EqSurveyError(Exception):
    """Base of every user error: something the user can fix."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise InternalError("an EqSurveyError was raised with no problem in it")
        super().__init__(self.render())

    @classmethod
    def single(cls, code: str, problem: str, fix: str, where: Location | None = None) -> EqSurveyError:
        return cls([Problem(code=code, where=where or Location(), problem=problem, fix=fix)])

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent between processes (a worker that opens batches) as its problems: the rendered text is no problem list.
        return (type(self), (self.problems,))


class InstrumentError(EqSurveyError):
    """An instrument or module file is broken (one or many problems)."""


class ProjectError(EqSurveyError):
    """The project folder or its configuration is missing or broken."""


class InternalError(Exception):
    """A bug in eqsurvey, not in the user's files."""

    def __init__(self, message: str) -> None:
        super().__init__(
            f"internal error (a bug in eqsurvey, not in your files): {message}. "
            "Please report it with the command you ran."
        )


#: Problems listed from one file. A file made of thousands of one mistake is
#: reported by its first problems and a count: a longer list helps nobody, and
#: building it took minutes and gigabytes for a hostile 1 MB file.
MAX_LISTED = 200


def first_listed(problems: list[Problem], total: int, file: str | None) -> list[Problem]:
    """``problems`` (the first of ``total``), and a last one that says how many more there are."""
    if total <= len(problems):
        return problems
    more = Problem(
        "more-problems",
        Location(file=file),
        f"{total - len(problems):,} more problems are not listed",
        "fix the ones above first, then check again",
    )
    return [*problems, more]


@dataclass
class ProblemList:
    """Collects problems so that a check can report every one, not just the first."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        code: str,
        problem: str,
        fix: str,
        where: Location | None = None,
        severity: str = "error",
    ) -> None:
        self.items.append(Problem(code, where or Location(), problem, fix, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]
