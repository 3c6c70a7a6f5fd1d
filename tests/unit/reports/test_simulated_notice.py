"""A release made from simulated responses says so first in every report and export; any other release never does."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from analysis import tidy
from analysis.releases.body import body_problems
from reports.catalogue import Catalogue
from reports.compare import build_comparison
from reports.render import render_comparison, render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed, typed_all

BANNER = '<aside class="simulated-banner"'


def _body(simulated: int | None, seed: int = 1) -> dict[str, Any]:
    body = release(seed)
    body.pop("simulated_responses", None)
    if simulated is not None:
        body["simulated_responses"] = simulated
    return body


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_simulated_release_says_so_first_everywhere(lang: str) -> None:
    body = _body(250)
    assert body_problems(body) == []
    t = Catalogue(lang)
    html = str(render_release(typed(body), INSTRUMENT, lang, "html"))
    assert html.index("</header>") < html.index(BANNER) < html.index("<nav")
    assert t("simulated.title") in html
    rows = list(csv.reader(io.StringIO(str(render_release(typed(body), INSTRUMENT, lang, "csv")))))
    assert rows[0][0] == "data_source" and {r[0] for r in rows[1:]} == {"simulated"}
    document = json.loads(str(render_release(typed(body), INSTRUMENT, lang, "json")))
    assert next(iter(document)) == "notice" and t("simulated.title") in document["notice"]
    assert document["release"]["simulated_responses"] == 250
    assert tidy.to_csv(typed(body)).startswith('"data_source","table",')
    assert next(iter(json.loads(tidy.to_json(typed(body))))) == "notice"


@pytest.mark.parametrize("simulated", [0, None], ids=["none-simulated", "made-before-it-was-recorded"])
def test_other_releases_carry_no_notice(simulated: int | None) -> None:
    body = _body(simulated)
    for lang in ("de", "en"):
        html = str(render_release(typed(body), INSTRUMENT, lang, "html"))
        assert BANNER not in html and Catalogue(lang)("simulated.title") not in html
        assert str(render_release(typed(body), INSTRUMENT, lang, "csv")).startswith('"table",')
        assert "notice" not in json.loads(str(render_release(typed(body), INSTRUMENT, lang, "json")))
    assert tidy.to_csv(typed(body)).startswith('"table",') and "notice" not in json.loads(tidy.to_json(typed(body)))


def test_a_comparison_with_a_simulated_release_says_so() -> None:
    real, simulated = _body(0), _body(120, seed=2)
    assert BANNER not in render_comparison(build_comparison(typed_all([real, _body(None, seed=3)]), INSTRUMENT, "en"))
    html = render_comparison(build_comparison(typed_all([real, simulated]), INSTRUMENT, "de"))
    assert html.index("</header>") < html.index(BANNER)


@pytest.mark.parametrize("value", [-1, True, "3", 1.5])
def test_a_damaged_count_is_found_before_anything_reads_it(value: object) -> None:
    body = _body(None)
    body["simulated_responses"] = value
    assert any(p.startswith("simulated_responses") for p in body_problems(body)), body_problems(body)
