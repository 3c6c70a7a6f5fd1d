"""Whether two exports of the same store hold the same dataset (run by hand, e.g. before and after a change).

    python benchmarks/compare_exports.py before.parquet after.parquet

Compared: column names and Arrow types, pandas' metadata, the data dictionary embedded in the file and the
JSON beside it (the day it was made and the file's fingerprint aside), and every cell. Row groups, page
layout and compression may differ: the files need not be the same bytes. Prints what differs and exits 1, or
prints the size compared.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from survey.opening.export import PARQUET_METADATA_KEY, dictionary_path

_OF_THE_RUN = ("created_day", "parquet_sha256")


def _without_run(dictionary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in dictionary.items() if k not in _OF_THE_RUN}


def differences(before: Path, after: Path) -> list[str]:
    a, b = pq.read_table(before), pq.read_table(after)
    if a.schema.names != b.schema.names:
        return [f"columns: {a.schema.names} against {b.schema.names}"]
    found = [
        f"{f.name}: {f.type} against {g.type}" for f, g in zip(a.schema, b.schema, strict=True) if f.type != g.type
    ]
    meta_a, meta_b = a.schema.metadata or {}, b.schema.metadata or {}
    if meta_a.get(b"pandas") != meta_b.get(b"pandas"):
        found.append("pandas' metadata differs")
    embedded = [_without_run(json.loads(m.get(PARQUET_METADATA_KEY, b"{}"))) for m in (meta_a, meta_b)]
    if embedded[0] != embedded[1]:
        found.append(
            f"embedded dictionary differs in {sorted(k for k in embedded[0] if embedded[1].get(k) != embedded[0][k])}"
        )
    beside = [_without_run(json.loads(dictionary_path(p).read_text(encoding="utf-8"))) for p in (before, after)]
    if beside[0] != beside[1]:
        found.append(f"dictionary file differs in {sorted(k for k in beside[0] if beside[1].get(k) != beside[0][k])}")
    if a.num_rows != b.num_rows:
        return [*found, f"rows: {a.num_rows} against {b.num_rows}"]
    found += [f"cells of {name} differ" for name in a.schema.names if not a.column(name).equals(b.column(name))]
    return found


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    found = differences(before, after)
    for line in found:
        print(line)
    if found:
        raise SystemExit(1)
    rows, columns = pq.read_metadata(after).num_rows, pq.read_metadata(after).num_columns
    print(f"the same dataset: {rows:,} rows × {columns} columns, cell for cell")


if __name__ == "__main__":
    main()
