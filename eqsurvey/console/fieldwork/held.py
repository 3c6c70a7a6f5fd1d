"""What the fieldwork section holds between a job and the page that shows it: letters to download, import results.

Only in memory, bounded, and each PDF handed out once: the letters hold access
codes, so they are never written to disk by the console; the person's browser
saves them where the person chooses.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kernel.errors import Problem

T = TypeVar("T")
#: Letters' PDFs kept for download at once (each up to some tens of MB); the oldest goes first.
KEPT_PDFS = 4
KEPT_RESULTS = 50
#: Problems shown in the table; the rest are counted (as the command line lists its first problems).
SHOWN_PROBLEMS = 500


class Bounded(Generic[T]):
    """A thread-safe map that forgets its oldest entries past ``size``."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, value: T) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def get(self, key: str) -> T | None:
        with self._lock:
            return self._items.get(key)

    def take(self, key: str) -> T | None:
        with self._lock:
            return self._items.pop(key, None)


@dataclass(frozen=True)
class ImportView:
    name: str
    counts: list[tuple[str, int]]  # message key, number
    problems: list[Problem]
    more: int
    notes: list[str]

    @property
    def name_parts(self) -> list[str]:
        """The file's name in pieces a line may break between (after . _ - and every 16 characters)."""
        pieces = [p for p in re.split(r"(?<=[._-])", self.name) if p]
        return [piece[i : i + 16] for piece in pieces for i in range(0, len(piece), 16)]


@dataclass
class Held:
    pdfs: Bounded[bytes] = field(default_factory=lambda: Bounded(KEPT_PDFS))
    imports: Bounded[ImportView] = field(default_factory=lambda: Bounded(KEPT_RESULTS))

    def hold_pdf(self, pdf: bytes) -> str:
        token = secrets.token_urlsafe(24)
        self.pdfs.put(token, pdf)
        return token
