"""How an attacker links two kinds of stored things (contacts or used invitations, to responses), and what chance allows.

Every strategy pairs each item of one kind with one of the other, from what
the files show: where the bytes lie, the order a table gives its rows, the
commit, transaction, day or batch they share. A pairing is scored against
the truth the scenario knows. Without information a guess is right with
probability 1/N (N responses), so k or more right guesses out of n are
allowed only where that has a probability above one in a million
(:func:`chance_allows`); the leaks this suite was written against linked
every item.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

#: Below this probability a number of right guesses is not chance.
SIGNIFICANCE = 1e-6


@dataclass(frozen=True)
class Seen:
    """One stored item as the attacker sees it; ``truth`` names it for scoring only."""

    truth: str
    position: int  # where its bytes lie (offset in the file that holds it); -1 if not found
    slot: tuple[int, int]  # when it was written, as its place suggests: its page, then from the page's end
    order: int  # its place in the order the table itself gives (rowid, ctid)
    classes: dict[str, Hashable]  # what it shares with others: commit, transaction id, day, batch


Guess = dict[str, str]  # an item's truth -> the truth of the response it is linked to


def by_rank(items: Sequence[Seen], responses: Sequence[Seen], key: Callable[[Seen], Any]) -> dict[str, Guess]:
    """Both sorted by ``key``, the i-th item paired with the response at the same rank: counted from the
    first, from the last, at the same relative place, and with one order reversed."""
    if not items or not responses:
        return {}
    a, b = sorted(items, key=key), sorted(responses, key=key)
    n, m = len(a), len(b)
    return {
        "from the first": {x.truth: b[i].truth for i, x in enumerate(a) if i < m},
        "from the last": {x.truth: b[m - n + i].truth for i, x in enumerate(a) if m - n + i >= 0},
        "proportionally": {x.truth: b[min(i * m // n, m - 1)].truth for i, x in enumerate(a)},
        "reversed": {x.truth: b[m - 1 - min(i * m // n, m - 1)].truth for i, x in enumerate(a)},
    }


def by_class(items: Sequence[Seen], responses: Sequence[Seen], name: str) -> Guess:
    """Items and responses that share a class value (a commit, a transaction, a day) are paired by rank within it."""
    responses_in: dict[Hashable, list[Seen]] = defaultdict(list)
    for r in responses:
        if name in r.classes:
            responses_in[r.classes[name]].append(r)
    items_in: dict[Hashable, list[Seen]] = defaultdict(list)
    for x in items:
        if name in x.classes:
            items_in[x.classes[name]].append(x)
    guess: Guess = {}
    for value, group in items_in.items():
        candidates = sorted(responses_in.get(value, []), key=lambda r: r.slot)
        if not candidates:
            continue
        for i, x in enumerate(sorted(group, key=lambda s: s.slot)):
            guess[x.truth] = candidates[min(int(i * len(candidates) / len(group)), len(candidates) - 1)].truth
    return guess


def by_nearest(items: Sequence[Seen], responses: Sequence[Seen], name: str) -> Guess:
    """Each item linked to the response whose numeric class (a transaction id) is nearest to its own."""
    numbered = sorted((int(r.classes[name]), r.truth) for r in responses if name in r.classes)  # type: ignore[call-overload]
    if not numbered:
        return {}
    guess: Guess = {}
    for x in items:
        if name not in x.classes:
            continue
        value = int(x.classes[name])  # type: ignore[call-overload]
        guess[x.truth] = min(numbered, key=lambda n: abs(n[0] - value))[1]
    return guess


def by_batch(items: Sequence[Seen], responses: Sequence[Seen], name: str) -> Guess:
    """Batches of items paired with batches of responses in the order their bytes lie, then by rank within."""

    def batches(seen: Sequence[Seen]) -> list[list[Seen]]:
        grouped: dict[Hashable, list[Seen]] = defaultdict(list)
        for s in seen:
            grouped[s.classes.get(name, s.truth)].append(s)
        return sorted(grouped.values(), key=lambda g: min(s.slot for s in g))

    guess: Guess = {}
    for mine, theirs in zip(batches(items), batches(responses), strict=False):
        guess.update(by_rank(mine, theirs, key=lambda s: s.slot)["proportionally"])
    return guess


def right(guess: Guess) -> int:
    """Right guesses: an item and its own response carry the same truth (respondent i's ``r{i}``)."""
    return sum(1 for item, response in guess.items() if item == response)


def chance_allows(guesses: int, responses: int) -> int:
    """The most right guesses out of ``guesses`` that chance (1/responses each) gives with probability ≥ 1e-6."""
    if responses <= 1:
        return guesses
    p = 1 / responses
    k = guesses
    # Binomial upper tail, summed from the top down until it passes the significance level.
    tail = 0.0
    while k > 0:
        log_term = math.lgamma(guesses + 1) - math.lgamma(k + 1) - math.lgamma(guesses - k + 1)
        term = math.exp(log_term + k * math.log(p) + (guesses - k) * math.log1p(-p))
        if tail + term > SIGNIFICANCE:
            return k
        tail += term
        k -= 1
    return 0
