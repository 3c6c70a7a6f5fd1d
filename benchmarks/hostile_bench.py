"""Hostile files through the real commands (run by hand: python benchmarks/hostile_bench.py [--runs 3]).

First every file of tests/fixtures/hostile through each command that reads it,
then files generated here just inside the bounds, which cost the most an
accepted file can: almost 50 000 values (by aliases, or written out as empty
sections that each give three errors), 512 KiB of YAML, a workbook of
8 MiB of tiny distinct shared strings, rows padded to almost the cell budget,
and a key file at the largest scrypt cost eqsurvey opens. Each command runs
in a new process under the tests' address-space cap, in a copy of a project
with real keys. Printed: per file, the worst wall time and peak memory (RSS)
over its commands and runs, then the worst overall, for the README.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_corpus import (  # noqa: E402 - after the path to the checkout
    CASES,
    IMPORT,
    MAPPED_IMPORT,
    MAPPING,
    MEMORY_CAP,
    PRIVATE,
    ROTATE,
    Case,
    Outcome,
    make_keyed_project,
    run,
)
from tests.hostile_files import HEADER_ROW, HEADER_STRINGS, PASSPHRASE, key_file_edit, write_xlsx  # noqa: E402

EXAMPLE_PLAN = ROOT / "examples" / "musterstadt" / "plan.yaml"


def at_the_bounds(folder: Path) -> list[Case]:
    """Files just inside each bound, written to ``folder``, and the commands that read them."""
    section = "  - &s\n    id: main\n    title: {de: T, en: T}\n    questions:\n      - {id: q, type: text, label: {de: F, en: Q}}\n"
    header = (ROOT / "examples" / "starter" / "instrument.yaml").read_text(encoding="utf-8").split("sections:")[0]
    (folder / "instrument-aliases-at-bound.yaml").write_text(
        header + "sections:\n" + section + "  - *s\n" * 2_200, encoding="utf-8"
    )
    plan = EXAMPLE_PLAN.read_text(encoding="utf-8").split("tables:")[0]
    table = "  - &t\n    id: t\n    label: {de: T, en: T}\n    kind: counts\n    measure: discr_any_12m\n    by: [gender_group, rac_racialised]\n"
    (folder / "plan-aliases-at-bound.yaml").write_text(
        plan + "tables:\n" + table + "  - *t\n" * 2_900, encoding="utf-8"
    )
    (folder / "instrument-values-at-bound.yaml").write_text("sections: [" + "{}, " * 49_990 + "{}]\n", encoding="utf-8")
    (folder / "plan-values-at-bound.yaml").write_text("tables: [" + "{}, " * 49_990 + "{}]\n", encoding="utf-8")
    (folder / "instrument-bytes-at-bound.yaml").write_text("id: [" + "a," * 262_000 + "a]\n", encoding="utf-8")
    write_xlsx(folder / "xlsx-strings-at-bound.xlsx", [HEADER_ROW], _tiny_strings((8 << 20) - (300 << 10)))
    xfd = [b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r) for r in range(2, 300)]
    write_xlsx(folder / "xlsx-cells-at-bound.xlsx", [HEADER_ROW, *xfd])
    write_xlsx(folder / "xlsform-cells-at-bound.xlsx", [HEADER_ROW, *xfd[:118]])
    from anonymize.keys.pair import PrivateKey

    costly = key_file_edit(PrivateKey.generate().encrypt(PASSPHRASE, 2**10), lambda d: d["kdf"].update(n=2**18, p=2))
    (folder / "private-key-at-bound.json").write_text(costly, encoding="utf-8")
    validate = ("instrument", "validate", "{file}")
    plan_validate = ("plan", "validate", "{file}", "--instrument", str(EXAMPLE_PLAN.with_name("instrument.yaml")))
    return [
        Case("instrument-aliases-at-bound.yaml", validate, "duplicate-id"),
        Case("plan-aliases-at-bound.yaml", plan_validate, "duplicate-id"),
        Case("instrument-values-at-bound.yaml", validate, "missing-key"),
        Case("plan-values-at-bound.yaml", plan_validate, "missing-key"),
        Case("instrument-bytes-at-bound.yaml", validate, "yaml-size"),
        *(Case("xlsx-strings-at-bound.xlsx", command, "") for command in (IMPORT, MAPPING, MAPPED_IMPORT)),
        Case("xlsx-cells-at-bound.xlsx", MAPPED_IMPORT, ""),
        Case("xlsform-cells-at-bound.xlsx", IMPORT, ""),
        Case("private-key-at-bound.json", ROTATE, "wrong-passphrase", PRIVATE),
    ]


def _tiny_strings(total: int) -> Iterable[bytes]:
    yield HEADER_STRINGS
    written, start = 0, 0
    while written < total:
        chunk = b"".join(b"<si><t>%d</t></si>" % i for i in range(start, start + 10_000))
        written, start = written + len(chunk), start + 10_000
        yield chunk


def measure(cases: list[Case], project: Path, corpus: Path, runs: int) -> dict[str, list[tuple[Case, Outcome]]]:
    by_file: dict[str, list[tuple[Case, Outcome]]] = defaultdict(list)
    for case in cases:
        for _ in range(runs):
            by_file[case.file].append((case, run(case, project, corpus)))
    return by_file


def report(title: str, by_file: dict[str, list[tuple[Case, Outcome]]]) -> tuple[float, float]:
    print(f"\n{title}")
    print(f"{'file':36} {'commands':>8} {'exit':>6} {'worst s':>8} {'worst MiB':>10}")
    worst_s = worst_mib = 0.0
    for name, results in by_file.items():
        seconds = max(o.seconds for _, o in results)
        mib = max(o.peak_mib for _, o in results)
        exits = "/".join(sorted({str(o.returncode) for _, o in results}))
        commands = len({c.command for c, _ in results})
        unclear = [c.name for c, o in results if "Traceback" in o.stderr or "internal error" in o.stderr or o.timed_out]
        flag = f"  NOT CLEAR: {unclear}" if unclear else ""
        print(f"{name:36} {commands:>8} {exits:>6} {seconds:8.2f} {mib:10.0f}{flag}")
        worst_s, worst_mib = max(worst_s, seconds), max(worst_mib, mib)
    print(f"{'worst':36} {'':>8} {'':>6} {worst_s:8.2f} {worst_mib:10.0f}")
    return worst_s, worst_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (the worst is reported)")
    parser.add_argument("--json", action="store_true", help="also print the overall figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        project = make_keyed_project(folder)
        bounds = folder / "bounds"
        bounds.mkdir()
        print(f"address-space cap per command: {MEMORY_CAP >> 20} MiB; {args.runs} run(s) of each command")
        corpus = report(
            f"hostile corpus: {len(CASES)} commands",
            measure(list(CASES), project, ROOT / "tests" / "fixtures" / "hostile", args.runs),
        )
        edge_cases = at_the_bounds(bounds)
        edge = report(
            f"just inside the bounds: {len(edge_cases)} commands", measure(edge_cases, project, bounds, args.runs)
        )
    if args.json:
        print(
            json.dumps(
                {"corpus": {"seconds": corpus[0], "mib": corpus[1]}, "bounds": {"seconds": edge[0], "mib": edge[1]}}
            )
        )


if __name__ == "__main__":
    main()
