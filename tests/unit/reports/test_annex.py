"""The annex's split of long and wide tables: every row kept, once, each part without the column its caption names."""

from __future__ import annotations

import pytest

from reports.annex import parts
from reports.catalogue import Catalogue
from reports.labels import Labels
from reports.tables import TableView, table_view
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed_rules, typed_table


def _views(lang: str = "en") -> dict[str, TableView]:
    body = release()
    labels = Labels(INSTRUMENT, Catalogue(lang))
    return {
        t["id"]: table_view(typed_table(t), None, number, labels, typed_rules(body["publication"]))
        for number, t in enumerate(body["tables"], start=1)
    }


@pytest.mark.slow
def test_a_matrix_is_one_part_per_item_and_a_two_way_table_one_per_group_of_the_first_breakdown() -> None:
    views = _views()
    for table_id, split_by in (("domains", "item"), ("grounds_x", "group")):
        view = views[table_id]
        found = parts(view, "Table 5: Domains", "{caption} – {part}")
        firsts = list(dict.fromkeys(str(r.headers[0]) for r in view.rows))
        assert len(found) == len(firsts) > 1, split_by
        assert [p.id for p in found] == [f"{table_id}-{i}" for i in range(1, len(found) + 1)]
        for part, first in zip(found, firsts, strict=True):
            assert part.caption.startswith("Table 5: Domains – ") and first in part.caption
            assert part.header_columns == view.header_columns[1:]
            assert all(len(r.headers) == len(part.header_columns) for r in part.rows)
        indices = [r.index for p in found for r in p.rows]
        assert sorted(indices) == list(range(len(view.rows)))


def test_other_tables_are_one_part_under_the_tables_caption() -> None:
    for table_id, view in _views("de").items():
        if table_id in ("domains", "grounds_x"):
            continue
        (part,) = parts(view, "Tabelle 1: X", "{caption} – {part}")
        assert (part.id, part.caption, part.heading) == (table_id, "Tabelle 1: X", None)
        assert part.rows == tuple(view.rows)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_write_ins_are_marked_as_of_unknown_language_whatever_the_page_is_in(lang: str) -> None:
    from reports.render import part_of

    notes = _views(lang)["notes"]
    headers = [header for row in notes.rows for header in row.headers]
    assert headers and all(header.lang == "" for header in headers)
    part = part_of(Catalogue(lang))
    assert all(part(header) == {"lang": "", "dir": "auto"} for header in headers)
    title = notes.title
    assert part(title) == {}  # the table's own words stay in the page's language
