"""The base of every part of a stored release: frozen, strict, and written back exactly as it was read.

A stored body is JSON kept by the ledger; older bodies lack keys newer ones
have, and newer ones may carry keys this version does not read. A part keeps
the keys it does not know (``extra="allow"``), tells a key given as null from
one left out (only the keys given are written back), and writes its keys in
the order they were read, so that reading a body and writing it back gives
the body again, key for key. Numbers keep their JSON type: a threshold stored
as ``20`` is written back as ``20``, not ``20.0`` (the reports print it).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from analysis.budget import MAX_RHO


def _number(low: float | None = None, high: float | None = None) -> PlainValidator:
    def check(value: object) -> float:
        # bool is an int to Python, and text is what damage looks like: neither is a number here.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("Input should be a valid number")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("Input should be a finite number")
        if low is not None and value < low:
            raise ValueError(f"Input should be greater than or equal to {low:g}")
        if high is not None and value > high:
            raise ValueError(f"Input should be less than or equal to {high:g}")
        return value

    return PlainValidator(check)


_AS_STORED = PlainSerializer(lambda value: value)  # an int stays an int

#: A finite JSON number, kept as the int or float it was stored as.
Number = Annotated[float, _number(), _AS_STORED]
#: A number that cannot be below zero (a count of people, a budget, a noise scale).
NonNegative = Annotated[float, _number(low=0), _AS_STORED]
#: A number in [0, 1] (a share, δ).
Fraction = Annotated[float, _number(low=0, high=1), _AS_STORED]
#: A budget ρ a release may spend (:data:`analysis.budget.MAX_RHO` at most).
Rho = Annotated[float, _number(low=0, high=MAX_RHO), _AS_STORED]
#: Lists of a stored body are read as tuples (frozen); JSON has lists, so the tuple is not demanded strictly.
AS_TUPLE: Any = Field(strict=False)


class Part(BaseModel):
    """One part of a stored body (see the module's docstring)."""

    # strict: a number stored as text is damage, not something to convert; extra: keys readers do not need.
    model_config = ConfigDict(extra="allow", frozen=True, strict=True)

    _order: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        part = handler(data)
        if isinstance(data, dict):
            part._order = tuple(data)
        return part

    @model_serializer(mode="wrap")
    def _in_order(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out: dict[str, Any] = handler(self)
        rank = {key: i for i, key in enumerate(self._order)}
        return dict(sorted(out.items(), key=lambda item: rank.get(item[0], len(rank))))

    # Parts hold dicts (a cell's groups, a table's noise): like them, parts are compared, never hashed.
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        """The same values and the same keys given; the order keys were read in is how it is written, not what it is."""
        if type(other) is not type(self) or not isinstance(other, Part):
            return NotImplemented
        same_keys = self.__pydantic_fields_set__ == other.__pydantic_fields_set__
        return same_keys and self.__dict__ == other.__dict__ and self.__pydantic_extra__ == other.__pydantic_extra__

    def stored(self) -> dict[str, Any]:
        """The part as JSON values, with exactly the keys it was made or read with (null ones included)."""
        out: dict[str, Any] = self.model_dump(mode="json", exclude_unset=True)
        return out
