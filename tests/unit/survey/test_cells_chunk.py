"""Reading our CSV column by column gives the outcome of reading it row by row."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymize.keys.pair import PrivateKey
from anonymize.pseudonyms import PseudonymSecret
from anonymize.sealing import Opener
from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.text import DECLINED
from survey.importers.csv_blocks import LineBlock, plain
from survey.importers.csv_format import read_csv, write_csv
from survey.intake.prepare import Prepared, Preparer
from survey.simulation.simulator import simulate
from tests.support.builders import example_instrument, instrument_yaml
from tests.support.strategies import instruments

KEY = PrivateKey.generate()
SECRET = PseudonymSecret.generate()
ODD_CELLS = ["", " ", "  yes ", "no", "x", "1", "1.5", "-3", "abc def", DECLINED, f" {DECLINED}", "Ä", "\x1f"]


def _outcome(prepared: Prepared) -> dict[str, Any]:
    opener = Opener([KEY])
    rows = [
        (number, coded, row.context.pseudonym if coded else None, opener.open(prepared.envelope, row))
        for number, coded, row in zip(prepared.numbers, prepared.coded, prepared.sealed, strict=True)
    ]
    contacts = [opener.open(c.envelope, c.row) for c in prepared.contacts]
    problems = sorted((str(p.where), p.code, p.problem) for p in prepared.rejected)
    # The keyed digest of each row's answers recognises it in a later export, whichever way it was read.
    recognised = list(zip(prepared.identities, prepared.digests, strict=True))
    return {
        "rows": rows,
        "contacts": contacts,
        "rejected": prepared.rejected_rows,
        "problems": problems,
        "recognised": recognised,
    }


def both_ways(instrument: Instrument, items: list[tuple[int, list[str]]], header: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.csv"
        path.write_text(",".join(header) + "\n", encoding="utf-8")
        parser = read_csv(instrument, path).parser()
    preparer = Preparer(instrument, KEY.public_key(), SECRET)
    by_columns = _outcome(preparer.cells(parser, items))
    by_rows = _outcome(preparer([parser(item) for item in items]))
    assert by_columns == by_rows
    block = _as_block(items)
    if block is not None:  # the same rows as the plain lines a large import hands on (split by Arrow)
        assert _outcome(preparer.cells(parser, block)) == by_rows


def _as_block(items: list[tuple[int, list[str]]]) -> LineBlock | None:
    """The rows as the lines of a file, where each is the line split at commas (and numbered from the first)."""
    text = "".join(",".join(cells) + "\n" for _, cells in items)
    numbered = [n for n, _ in items] == list(range(items[0][0], items[0][0] + len(items))) if items else False
    if not numbered or not plain(text) or any("," in c or "\n" in c or "\r" in c for _, cells in items for c in cells):
        return None
    return LineBlock(items[0][0], text, len(items))


def _items(instrument: Instrument, answers: list[dict[str, Any]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    codes = [f"code-{i % 7}" if i % 3 else "" for i in range(len(answers))]
    rows = list(csv.reader(io.StringIO(write_csv(instrument, answers, codes))))
    return rows[0], [(n, cells) for n, cells in enumerate(rows[1:], start=2)]


def test_the_example_over_simulated_respondents() -> None:
    inst = example_instrument()
    header, items = _items(inst, simulate(inst, 600, seed=12))
    both_ways(inst, header=header, items=items)


def test_the_example_with_response_ids() -> None:
    inst = example_instrument()
    header, items = _items(inst, simulate(inst, 300, seed=13))
    with_ids = [(n, [f"R-{n}" if n % 5 else "", *cells]) for n, cells in items]
    both_ways(inst, header=["response_id", *header], items=with_ids)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), st.integers(0, 2**32), st.data())
def test_any_instrument_with_cells_changed_at_random(instrument: Instrument, seed: int, data: st.DataObject) -> None:
    header, items = _items(instrument, simulate(instrument, 12, seed))
    for _, cells in items:
        for _ in range(data.draw(st.integers(0, 3))):
            if cells:
                cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(st.sampled_from(ODD_CELLS))
        if data.draw(st.integers(0, 9)) == 0:
            cells.append("stray")  # a row with a cell too many
        if data.draw(st.integers(0, 9)) == 0:  # every row of a matrix declined: the matrix declined as a whole
            rows = [i for i, h in enumerate(header) if "__" in h]
            for i in rows:
                cells[i] = DECLINED
    both_ways(instrument, items, header)


DECLINED_MATRIX = parse_instrument(
    instrument_yaml(
        """
        - id: m
          type: matrix
          label: {de: M, en: M}
          prefer_not_to_say: true
          rows:
            - {code: a, label: {de: A, en: A}}
            - {code: b, label: {de: B, en: B}}
          options:
            - {code: "yes", label: {de: Ja, en: "Yes"}}
            - {code: "no", label: {de: Nein, en: "No"}}
        - id: f
          type: single_choice
          label: {de: F, en: F}
          relevant: declined(m.a)
          options:
            - {code: x, label: {de: X, en: X}}
        """
    ),
    "declined_matrix.yaml",
).instrument


def test_a_matrix_declined_as_a_whole_has_no_declined_row() -> None:
    # Skip logic reads a matrix declined as a whole as unanswered in every row, not as each row declined.
    header = ["access_code", "m__a", "m__b", "f"]
    items = [
        (2, ["", DECLINED, DECLINED, "x"]),  # f not asked: refused
        (3, ["", DECLINED, "yes", "x"]),  # row a declined on its own: f asked
        (4, ["", DECLINED, DECLINED, ""]),
    ]
    both_ways(DECLINED_MATRIX, items, header)
