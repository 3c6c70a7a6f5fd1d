"""Running a coroutine from a test while another event loop owns the main thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run(make())`` in a thread of its own.

    The browser tests' Playwright keeps an event loop running in the main thread for the whole session,
    where ``asyncio.run`` refuses to start another. The coroutine is made in that thread too.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
