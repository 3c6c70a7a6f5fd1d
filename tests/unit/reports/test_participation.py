"""Who took part: each group's size is a figure the release publishes, never "no total" when one is shown.

The demo's summary said "no total shown" for a group that table 2 shows with
120 people. A group's size now comes from a table of the breakdown itself, a
complete split of the group, or else the largest figure some table shows of
it (a shown base, shown cells, a mean's respondents) as "N or more"; "no
figure shown" only when no table shows any.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from reports.catalogue import Catalogue
from reports.content import build_report
from reports.render import render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import PRIMARY_ONLY, hide, release, typed

SMALL = {"group": "small"}


def _only(body: dict[str, Any], *ids: str) -> dict[str, Any]:
    body["tables"] = [t for t in body["tables"] if t["id"] in ids]
    return body


def _hide(body: dict[str, Any], table: str, by: dict[str, str], measures: set[str] | None = None) -> None:
    (found,) = [t for t in body["tables"] if t["id"] == table]
    found["cells"] = [
        hide(c) if c["by"] == by and (measures is None or c["measure"] in measures) else c for c in found["cells"]
    ]


def _sizes(body: dict[str, Any], lang: str) -> dict[str, str]:
    report = build_report(typed(body), INSTRUMENT, lang)
    (groups,) = [g for name, g in report.participation.groups if name in ("Group", "Gruppe")]
    return {str(label): size for label, size in groups}


def _small(body: dict[str, Any], table: str, group: str = "small") -> list[dict[str, Any]]:
    (found,) = [t for t in body["tables"] if t["id"] == table]
    return [c for c in found["cells"] if c["by"] == {"group": group}]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_group_whose_no_is_hidden_is_given_with_the_base_a_table_shows_not_as_no_total(lang: str) -> None:
    body = _only(release(n=3000, publication=PRIMARY_ONLY), "discrimination")
    _hide(body, "discrimination", SMALL, {"no"})
    cells = _small(body, "discrimination")
    shown = [c for c in cells if c["status"] != "suppressed"]
    base = max(c["base"] for c in shown if c.get("base") is not None)
    expected = max(base, sum(c["estimate"] for c in shown))
    t = Catalogue(lang)
    small = "small" if lang == "en" else "klein"
    assert _sizes(body, lang)[small] == t("summary.size_at_least", count=t.numbers.count(expected))
    assert t("summary.size_unknown") not in _sizes(body, lang).values()
    page = re.sub(r"<[^>]+>", "", html.unescape(str(render_release(typed(body), INSTRUMENT, lang, "html"))))
    assert t("summary.size_at_least_note") in page
    assert f"{small}: {t('summary.size_at_least', count=t.numbers.count(expected))}" in page


def test_a_mean_shows_how_many_of_a_group_answered_its_scale() -> None:
    body = _only(release(n=3000), "discrimination", "trust")
    _hide(body, "discrimination", SMALL)
    (mean,) = _small(body, "trust")
    assert _sizes(body, "en")["small"] == f"{Catalogue('en').numbers.count(mean['n'])} or more"


def test_a_table_of_the_breakdown_itself_gives_the_groups_size_though_other_tables_hide_part() -> None:
    body = release(n=3000)
    _hide(body, "discrimination", SMALL, {"no"})
    (representation,) = [t for t in body["tables"] if t["id"] == "representation"]
    (cell,) = [c for c in representation["cells"] if c["measure"] == "small"]
    assert _sizes(body, "en")["small"] == Catalogue("en").numbers.count(cell["estimate"])


def test_a_complete_split_of_the_group_is_its_size_and_is_the_sum_of_shown_cells() -> None:
    body = _only(release(n=3000), "discrimination")
    cells = _small(body, "discrimination", "big")
    assert all(c["status"] != "suppressed" for c in cells)
    assert _sizes(body, "en")["big"] == Catalogue("en").numbers.count(sum(c["estimate"] for c in cells))


def test_no_figure_shown_only_where_no_table_shows_any_figure_of_the_group() -> None:
    body = release(n=3000)
    body["tables"] = [t for t in body["tables"] if t["id"] != "representation"]
    for table in body["tables"]:
        if "group" in table["by"]:
            _hide(body, table["id"], {**SMALL, **({"discr": "yes"} if len(table["by"]) > 1 else {})})
    # grounds_x still shows the small group among those who said "no" or declined: a lower bound, not "no figure".
    assert _sizes(body, "en")["small"].endswith(" or more")
    for table in body["tables"]:
        (found,) = [t for t in body["tables"] if t["id"] == table["id"]]
        found["cells"] = [hide(c) if c["by"].get("group") == "small" else c for c in found["cells"]]
    assert _sizes(body, "en")["small"] == "no figure shown"
    assert _sizes(body, "de")["klein"] == "keine Zahl ausgewiesen"


def test_a_group_the_table_of_its_breakdown_hides_is_not_shown_unless_another_table_shows_it() -> None:
    body = _only(release(n=3000), "representation")
    _hide(body, "representation", {}, {"small"})
    assert _sizes(body, "en")["small"] == "not shown"
    body = _only(release(n=3000), "representation", "discrimination")
    _hide(body, "representation", {}, {"big"})
    cells = _small(body, "discrimination", "big")
    assert _sizes(body, "en")["big"] == Catalogue("en").numbers.count(sum(c["estimate"] for c in cells))
