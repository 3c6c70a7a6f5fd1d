"""The move of the reports' wording to gettext and of their numbers to Babel changed no word and no number.

Each sentence below was copied from the pages the YAML catalogues and the hand-made number formats
rendered (commit f707ad7) for the synthetic release with its publication date fixed; only
sentences whose figures come from the plan and the rules (not from the noise) are used, so they
are the same on every run. They hold numbers of each kind: a grouped integer (2.360 / 2,360), a
fixed-decimal ρ, a power of ten, a date, thresholds.
"""

from __future__ import annotations

import html
import re
from functools import cache

import pytest

from reports.render import render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed

BEFORE = {
    ("annex", "de"): [
        "Zum Bericht springen",
        "Veröffentlicht am 22. November 2026",
        "Diese Veröffentlichung hat ρ = 1,00 verbraucht (nullkonzentrierte Differential Privacy). In den bekannteren "
        "Größen (ε, δ) entspricht das ε = 7,77 bei δ = 1,0 × 10⁻⁶.",
        "Was das für eine einzelne befragte Person bedeutet, mit ε = 7,77: Jedes Ergebnis, das dieser Bericht zeigen "
        "könnte, war mit den Antworten dieser Person höchstens e^ε ≈ 2.360-mal so wahrscheinlich",
        "Zahlen zu weniger als 20 Befragten (geschätzt) werden nicht ausgewiesen. eqsurvey speichert sie nicht einmal.",
        "Zahlen zu weniger als 20 Personen werden nicht gezeigt, Zahlen zu weniger als 50 Personen sind als unsicher "
        "gekennzeichnet.",
    ],
    ("annex", "en"): [
        "Skip to the report",
        "Published on 22 November 2026",
        "This release spent ρ = 1.00 (zero-concentrated differential privacy). In the more familiar (ε, δ) terms this "
        "amounts to ε = 7.77 at δ = 1.0 × 10⁻⁶.",
        "What this means for one person who took part, with ε = 7.77: any result this report could show was at most "
        "e^ε ≈ 2,360 times more likely or less likely",
        "Figures for fewer than 20 respondents (estimated) are not shown. eqsurvey does not even store them.",
        "Figures for fewer than 20 people are not shown, and figures for fewer than 50 people are marked as uncertain.",
    ],
    ("summary", "de"): [
        "Zahlen zu weniger als 20 Personen werden gar nicht gezeigt. Zahlen zu 20 bis 49 Personen werden gezeigt, "
        "sind im Anhang aber als unsicher gekennzeichnet.",
    ],
    ("summary", "en"): [
        "Skip to the summary",
        "Figures for fewer than 20 people are not shown at all. Figures for 20 to 49 people are shown but are marked "
        "as uncertain in the annex.",
    ],
}


@cache
def _text(part: str, lang: str) -> str:
    body = {**release(), "created_at": "2026-11-22T10:15:00+00:00"}
    page = render_release(typed(body), INSTRUMENT, lang, "html", part="annex" if part == "annex" else "summary")
    assert isinstance(page, str)
    visible = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", visible)).split())


@pytest.mark.parametrize(("part", "lang"), sorted(BEFORE))
def test_key_sentences_read_as_before(part: str, lang: str) -> None:
    text = _text(part, lang)
    missing = [sentence for sentence in BEFORE[part, lang] if sentence not in text]
    assert not missing
