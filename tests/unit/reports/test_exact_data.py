"""Nothing published is computed from the exact data outside the noise: no dataset fingerprint, no MAC.

A release stores a keyed MAC of its dataset, and releases made before that a
plain SHA-256; reports (HTML, CSV, JSON), the release export and comparisons
(also with another municipality's file that still carries one) show neither,
and the methodology says in words what the published figures depend on.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from analysis import tidy
from reports.compare import build_comparison
from reports.render import render_comparison, render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed, typed_all

FINGERPRINT = "sha256:" + "5e" * 32
MAC = "hmac-sha256:v1:" + "a1" * 16 + ":" + "c3" * 32
SECRETS = ("5e" * 32, "a1" * 16, "c3" * 32)

EXACT_DATA = {
    "de": "Der Bericht enthält keine exakte Zahl, keine Zahl der Datensätze und keine Prüfsumme der Daten.",
    "en": "The report contains no exact count, no number of data records and no checksum of the data.",
}


def _with(dataset: dict[str, str], seed: int = 1) -> dict[str, Any]:
    body = release(seed)
    body["dataset"] = dataset
    return body


def _outputs(body: dict[str, Any], lang: str) -> str:
    found = [str(render_release(typed(body), INSTRUMENT, lang, fmt)) for fmt in ("html", "csv", "json")]
    return "\n".join([*found, tidy.to_csv(typed(body)), tidy.to_json(typed(body))])


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("dataset", [{"mac": MAC}, {"fingerprint": FINGERPRINT}], ids=["mac", "stored-before"])
def test_reports_and_exports_show_no_dataset_mac_or_fingerprint(lang: str, dataset: dict[str, str]) -> None:
    text = _outputs(_with(dataset), lang)
    assert not [s for s in SECRETS if s in text]
    assert EXACT_DATA[lang] in text
    document = json.loads(str(render_release(typed(_with(dataset)), INSTRUMENT, lang, "json")))
    assert "dataset" not in document["release"]


def test_a_comparison_shows_no_mac_or_fingerprint_of_either_release() -> None:
    ours, theirs = _with({"mac": MAC}), _with({"fingerprint": FINGERPRINT}, seed=2)
    theirs["publisher"] = "Beispielstadt"
    html = render_comparison(build_comparison(typed_all([ours, theirs]), INSTRUMENT, "en"))
    assert "Beispielstadt" in html and not [s for s in SECRETS if s in html]
