"""Coarsening policies: how a quasi-identifier is made less precise in the analysis dataset.

An exact age, a postcode or a rare country of birth can single a respondent
out even without a name. The instrument states how such answers are coarsened
when the analysts open the dataset (the sealed answer keeps full precision,
so a policy can be loosened or tightened later without asking anyone again):

- ``bands`` (number questions): cut points, e.g. ``[25, 35, 50, 65]`` turns
  ages 16–110 into 16-24, 25-34, 35-49, 50-64, 65-110;
- ``groups`` (single choice or text): named groups of option codes or of
  written values (a trailing ``*`` matches a prefix, e.g. postcodes
  ``"101*"``); whatever no group names falls into ``other``.

Applying a policy lives in :mod:`anonymize.coarsen`; here is only the shape
and what makes one valid.
"""

from __future__ import annotations

import itertools

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from instruments.text import Code, LocalText


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class CoarseGroup(_Strict):
    """One group of values, e.g. a district made of postcodes."""

    code: Code
    label: LocalText | None = None
    values: list[str] = Field(min_length=1, description="Option codes, or written values; 'ab*' matches a prefix.")


class Coarsening(_Strict):
    """Either ``bands`` (numbers) or ``groups`` (choices and text), never both."""

    bands: list[float] | None = Field(default=None, min_length=1, description="Cut points, in increasing order.")
    groups: list[CoarseGroup] | None = Field(default=None, min_length=1)
    other: Code = Field(default="other", description="The group for values no group names.")

    @model_validator(mode="after")
    def _one_kind(self) -> Coarsening:
        if (self.bands is None) == (self.groups is None):
            raise PydanticCustomError(
                "eqsurvey",
                "a coarsening policy needs exactly one of bands or groups",
                {"fix": "use bands: [..] for a number question, groups: [..] for a choice or text question"},
            )
        if self.bands is not None and any(b >= a for b, a in itertools.pairwise(self.bands)):
            raise PydanticCustomError(
                "eqsurvey",
                "band cut points are not in increasing order",
                {"fix": "sort the cut points, e.g. [25, 35, 50]"},
            )
        codes = [g.code for g in self.groups or []]
        doubled = sorted({c for c in codes if codes.count(c) > 1} | ({self.other} & set(codes)))
        if doubled:
            raise PydanticCustomError(
                "eqsurvey",
                "group code(s) used twice (or equal to 'other'): {codes}",
                {"codes": ", ".join(doubled), "fix": "give every group its own code"},
            )
        seen: dict[str, str] = {}
        for g in self.groups or []:
            for v in g.values:
                key = normalise(v)
                if key in seen:
                    raise PydanticCustomError(
                        "eqsurvey",
                        "value {value!r} is in groups {a} and {b}",
                        {"value": v, "a": seen[key], "b": g.code, "fix": "put each value in one group only"},
                    )
                seen[key] = g.code
        return self

    def band_codes(self, lo: float, hi: float, integer: bool) -> list[tuple[float, float, str]]:
        """(lower, upper, code) per band; upper is exclusive except for the last band."""
        cuts = [lo, *(b for b in self.bands or [] if lo < b < hi), hi]
        out = []
        for i, (a, b) in enumerate(itertools.pairwise(cuts)):
            last = i == len(cuts) - 2
            top = b if last or not integer else b - 1
            out.append((a, b, f"{_num(a)}-{_num(top)}"))
        return out


def normalise(value: str) -> str:
    """Written values compare without case and surrounding or doubled spaces."""
    return " ".join(value.split()).casefold()


def _num(x: float) -> str:
    text = str(int(x)) if float(x).is_integer() else str(x)
    return text.replace("-", "minus")  # a code cannot start with '-'
