"""Page times of the console's "Plan and preview" (run by hand): p50 and p95 per page, on the Musterstadt plan
and on a plan four times its size, through the console's ASGI app in this process (Starlette's test client).

    python benchmarks/console_plan_bench.py [--rounds 20]

The preview page works out each table's respondents needed (a search over the number of respondents), so
its time grows with the number of tables; the form pages read and check the files only.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

from eqsurvey.console import plan as plan_section  # noqa: E402
from eqsurvey.workflows.new_project import create_project  # noqa: E402
from tests.support.console import OpenConsole, open_console  # noqa: E402


def _timed(rounds: int, step: Callable[[], int]) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        status = step()
        times.append(time.perf_counter() - start)
        if status not in (200, 303):
            raise RuntimeError(f"the console answered {status}")
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def _larger(project: Path, times: int) -> None:
    """The plan with each table repeated ``times`` times (new ids), as a city with many tables would have."""
    text = (project / "plan.yaml").read_text(encoding="utf-8")
    head, _, tables = text.partition("tables:\n")
    copies = [re.sub(r"(- id: \w+)", rf"\1_{n}", tables) for n in range(1, times)]
    (project / "plan.yaml").write_text(head + "tables:\n" + tables + "".join(copies), encoding="utf-8")


def _measure(console: OpenConsole, rounds: int) -> None:
    def digest() -> str:
        found = re.search(r'name="digest" value="([0-9a-f]{64})"', console.client.get("/plan/new").text)
        if found is None:
            raise RuntimeError("the form carries no digest")
        return found.group(1)

    def add_and_remove() -> int:
        added = console.post(
            "/plan/tables", {"digest": digest(), "kind": "counts", "measure": "discr_any_12m", "by_1": "age_band"}
        )
        table = added.headers["location"].rsplit("#table-", 1)[1]
        return int(console.post(f"/plan/tables/{table}/remove", {"digest": digest()}).status_code)

    numbers = iter(range(500, 10**6, 37))
    changed: list[str] = []

    def after_a_change() -> int:
        """The first preview after the plan changed (nothing prepared yet): a table added untimed, then removed."""
        title = f"Round {len(changed)}"  # a new title each time: a plan text the console has not seen
        added = console.post(
            "/plan/tables",
            {"digest": digest(), "kind": "counts", "measure": "discr_any_12m", "by_1": "age_band", "label_en": title},
        )
        changed.append(added.headers["location"].rsplit("#table-", 1)[1])
        start = time.perf_counter()
        status = console.client.get("/plan?respondents=800").status_code
        elapsed = time.perf_counter() - start
        console.post(f"/plan/tables/{changed[-1]}/remove", {"digest": digest()})
        cold.append(elapsed)
        return int(status)

    cold: list[float] = []
    pages = {
        "GET /plan?respondents=N, a new N each time (tables and preview)": lambda: (
            console.client.get(f"/plan?respondents={next(numbers)}").status_code
        ),
        "GET /plan/new (the form)": lambda: console.client.get("/plan/new").status_code,
        "GET /plan/tables/grounds (a table's form)": lambda: console.client.get("/plan/tables/grounds").status_code,
        "POST add, then remove (two saves, two forms)": add_and_remove,
    }
    for name, step in pages.items():
        p50, p95 = _timed(rounds, step)
        print(f"  {name}: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    for _ in range(rounds):
        after_a_change()
    cold.sort()
    p50, p95 = statistics.median(cold), cold[max(0, round(0.95 * len(cold)) - 1)]
    print(
        f"  GET /plan after the plan changed (the search for respondents needed redone): p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        for times in (1, 4):
            project = Path(folder) / f"plan-{times}"
            create_project(project, example="musterstadt")
            if times > 1:
                _larger(project, times)
            tables = (project / "plan.yaml").read_text(encoding="utf-8").count("- id:")
            print(f"Musterstadt plan, {tables} tables ({rounds} rounds each):")
            with open_console(project, sections=(plan_section.SECTION,)) as console:
                console.client.get("/plan")  # the first page imports pandas, OpenDP and the catalogues
                _measure(console, rounds)


if __name__ == "__main__":
    main()
