"""Question types: what can be asked and how an answer is shaped.

Each type is a frozen pydantic model; :data:`Question` is their union,
told apart by ``type``. Unknown keys are errors everywhere, so a typo never
passes silently.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from instruments.coarsening import Coarsening
from instruments.text import Code, Identifier, LocalText

PrivacyClass = Literal["direct_identifier", "quasi_identifier", "special_category", "other"]
AnalysisRole = Literal["breakdown", "outcome", "none"]

#: Most sensitive first; a derived variable inherits the most sensitive class of its inputs.
PRIVACY_ORDER: tuple[PrivacyClass, ...] = ("direct_identifier", "special_category", "quasi_identifier", "other")


class Strict(BaseModel):
    # Numbers become text where text is expected: an option code written as 1 in YAML means "1".
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Option(Strict):
    """One answer option of a choice question."""

    code: Code
    label: LocalText
    exclusive: bool = Field(
        default=False,
        description="Multi-choice only: ticking it clears every other option (e.g. 'none').",
    )
    relevant: str | None = Field(
        default=None,
        description="Single and multi choice only: the condition under which this option is offered "
        "(e.g. the counties of the state answered before). The dataset keeps every option.",
    )


class MatrixRow(Strict):
    """One row of a matrix, e.g. one life domain."""

    code: Code
    label: LocalText
    relevant: str | None = Field(default=None, description="Condition under which this row is asked.")


class ScalePoint(Strict):
    value: int
    label: LocalText


class _QuestionBase(Strict):
    id: Identifier
    label: LocalText
    hint: LocalText | None = None
    required: bool = Field(
        default=False, description="Answers are voluntary; set true only where the survey cannot work without it."
    )
    prefer_not_to_say: bool = Field(
        default=True, description="Offer 'prefer not to say', coded distinctly from a missing answer."
    )
    relevant: str | None = Field(default=None, description="Condition under which the question is asked.")
    privacy: PrivacyClass = "other"
    role: AnalysisRole = "none"


_COARSEN_HELP = "How the analysis dataset coarsens this quasi-identifier (see instruments.coarsening)."


def _coarsen_error(problem: str, fix: str, **values: object) -> PydanticCustomError:
    return PydanticCustomError("eqsurvey", problem, {**values, "fix": fix})


class SingleChoice(_QuestionBase):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=1)
    coarsen: Coarsening | None = Field(default=None, description=_COARSEN_HELP)

    @model_validator(mode="after")
    def _groups_name_options(self) -> SingleChoice:
        if self.coarsen is None:
            return self
        if self.coarsen.groups is None:
            raise _coarsen_error("bands apply to numbers only", "group the options with groups: [..]")
        codes = {o.code for o in self.options}
        unknown = sorted({v for g in self.coarsen.groups for v in g.values} - codes)
        if unknown:
            raise _coarsen_error(
                "coarsening names unknown option(s): {codes}", "use the options' codes", codes=", ".join(unknown)
            )
        return self


class MultiChoice(_QuestionBase):
    type: Literal["multi_choice"]
    options: list[Option] = Field(min_length=1)
    max_selections: int | None = Field(
        default=None,
        ge=1,
        description="Most options one respondent may tick; defaults to every non-exclusive option. "
        "Differential privacy derives its sensitivity from this bound.",
    )

    @property
    def selection_limit(self) -> int:
        """The bound actually in force: explicit, or the number of non-exclusive options."""
        inclusive = sum(1 for o in self.options if not o.exclusive)
        return self.max_selections if self.max_selections is not None else max(inclusive, 1)


class Text(_QuestionBase):
    type: Literal["text"]
    max_length: int = Field(default=1000, ge=1, le=20000)
    self_description: bool = Field(default=False, description="A free self-description beside closed categories.")
    coarsen: Coarsening | None = Field(default=None, description=_COARSEN_HELP)

    @model_validator(mode="after")
    def _groups_only(self) -> Text:
        if self.coarsen is not None and self.coarsen.groups is None:
            raise _coarsen_error("bands apply to numbers only", "group written values with groups: [..]")
        return self


class Scale(_QuestionBase):
    """A Likert or other ordinal scale with a label on every point."""

    type: Literal["scale"]
    points: list[ScalePoint] = Field(min_length=2)

    @property
    def bounds(self) -> tuple[int, int]:
        values = [p.value for p in self.points]
        return min(values), max(values)


class Number(_QuestionBase):
    type: Literal["number"]
    min: float
    max: float
    integer: bool = True
    unit: LocalText | None = None
    coarsen: Coarsening | None = Field(default=None, description=_COARSEN_HELP)

    @model_validator(mode="after")
    def _bands_inside(self) -> Number:
        if self.coarsen is None:
            return self
        if self.coarsen.bands is None:
            raise _coarsen_error("a number question is coarsened with bands", "write bands: [cut, cut, ..]")
        outside = [b for b in self.coarsen.bands if not self.min < b < self.max]
        if outside:
            raise _coarsen_error(
                "band cut point(s) {cuts} outside the question's range {lo}–{hi}",
                "use cut points between min and max",
                cuts=", ".join(map(str, outside)),
                lo=self.min,
                hi=self.max,
            )
        return self

    @model_validator(mode="after")
    def _bounds_in_order(self) -> Number:
        if self.integer and (self.min != int(self.min) or self.max != int(self.max)):
            raise PydanticCustomError(
                "eqsurvey",
                "a whole-number question has bounds {lo} and {hi}",
                {"lo": self.min, "hi": self.max, "fix": "use whole-number bounds, or set integer: false"},
            )
        if self.min >= self.max:
            raise PydanticCustomError(
                "eqsurvey",
                "min ({lo}) is not below max ({hi})",
                {"lo": self.min, "hi": self.max, "fix": "set min below max; DP needs a real range"},
            )
        return self


class Matrix(_QuestionBase):
    """Several rows answered on one shared set of options."""

    type: Literal["matrix"]
    rows: list[MatrixRow] = Field(min_length=1)
    options: list[Option] = Field(min_length=1)


class Consent(_QuestionBase):
    """Explicit consent (GDPR Art. 9(2)(a)); 'no' ends the survey."""

    type: Literal["consent"]
    prefer_not_to_say: bool = False
    required: bool = True


Question = Annotated[
    SingleChoice | MultiChoice | Text | Scale | Number | Matrix | Consent,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single_choice", "multi_choice", "text", "scale", "number", "matrix", "consent")
ChoiceQuestion = SingleChoice | MultiChoice | Matrix
