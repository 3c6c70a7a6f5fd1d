"""Numbering the distinct values of a column of answers.

Answers repeat a great deal across respondents (a code, a yes/no, a set of
ticked options), so most per-answer work is done once per distinct value and
spread back over the column with numpy. Values that Python would treat as one
dictionary key although they are read differently (``True``, ``1`` and
``1.0``; a list and a tuple) are kept apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np

Factor = tuple[np.ndarray, list[Any]]
"""Per respondent, the number of their distinct value; and the distinct values (one representative each)."""

_PLAIN = {str, type(None)}


def factorize(values: Sequence[Any]) -> Factor:
    kinds = set(map(type, values))
    keys: Sequence[Any] = values
    if list in kinds:
        lists = [v for v in values if type(v) is list]
        # Lists of codes (multiple choice) are keyed as tuples; lists of anything else the long way.
        if tuple in kinds or not set(map(type, chain.from_iterable(lists))) <= {str}:
            return _factorize_keyed(values)
        keys = [tuple(v) if type(v) is list else v for v in values]
    if len(kinds - _PLAIN) > 1:  # e.g. True and 1 and 1.0, which one dictionary key would merge
        return _factorize_keyed(values)
    try:
        distinct = dict.fromkeys(keys)  # at C speed, when every value is hashable
    except TypeError:
        return _factorize_keyed(values)
    numbers = {v: i for i, v in enumerate(distinct)}
    codes = np.fromiter(map(numbers.__getitem__, keys), dtype=np.intp, count=len(keys))
    if keys is values:
        return codes, list(distinct)
    first = np.unique(codes, return_index=True)[1]
    return codes, [values[i] for i in first.tolist()]


def _key(value: Any) -> object:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, list):
        return (list, tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return (dict, tuple(sorted((k, _key(v)) for k, v in value.items())))
    return (type(value), value)


def _factorize_keyed(values: Sequence[Any]) -> Factor:
    index: dict[object, int] = {}
    representatives: list[Any] = []
    codes = []
    for value in values:
        key = _key(value)
        code = index.get(key)
        if code is None:
            code = index[key] = len(representatives)
            representatives.append(value)
        codes.append(code)
    return np.array(codes, dtype=np.intp), representatives


def spread(factor: Factor) -> list[Any]:
    """The column back from its factor."""
    codes, representatives = factor
    cells = np.empty(len(representatives), dtype=object)
    cells[:] = representatives  # element by element: a list of lists must not become a 2-D array
    out: list[Any] = cells[codes].tolist()
    return out
