"""The methodology says what ε bounds for one person, with the release's own ε, e^ε and δ in the language's numbers.

The old wording promised that nobody could find anything out, "not even
someone who knows everyone else's answers"; ε only bounds how much the report
can move anyone's odds about one person. The sentence names that factor for
this release (e^ε for taking part, e^2ε for one answer against another) and δ. It stands in the
methodology, not in the summary: the opening pages carry no privacy parameters (issue 16).
"""

from __future__ import annotations

import html

import pytest

from reports.content import build_report
from reports.render import render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed

# e^2.7 = 14.88, e^5.4 = 221.4, 1e-6 · (1 + e^2.7) = 1.59e-5; e^12 = 162 754.8, e^24 = 2.6e10.
EXPECTED = {
    (2.7, "de"): ("mit ε = 2,70:", "e^ε ≈ 15-mal", "um das 15-Fache", "e^(2ε) ≈ 221.", "δ = 1,0 × 10⁻⁶ ",
                  "höchstens 1,6 × 10⁻⁵"),
    (2.7, "en"): ("with ε = 2.70:", "e^ε ≈ 15 times", "at most 15 times higher", "e^(2ε) ≈ 221.",
                  "δ = 1.0 × 10⁻⁶ ", "at most 1.6 × 10⁻⁵"),
    (12.0, "de"): ("mit ε = 12,0:", "e^ε ≈ 162.755-mal", "e^(2ε) ≈ 2,6 × 10¹⁰."),
    (12.0, "en"): ("with ε = 12.0:", "e^ε ≈ 162,755 times", "e^(2ε) ≈ 2.6 × 10¹⁰."),
}  # fmt: skip


@pytest.mark.parametrize(("epsilon", "lang"), sorted(EXPECTED))
def test_the_methodology_bounds_what_anyone_learns_by_the_releases_epsilon(epsilon: float, lang: str) -> None:
    body = release()
    body["privacy"] |= {"epsilon": epsilon, "delta": 1e-6}
    (meaning,) = [line for line in build_report(typed(body), INSTRUMENT, lang).method.budget if "e^ε" in line]
    for part in EXPECTED[epsilon, lang]:
        assert part in meaning, (part, meaning)
    assert meaning in html.unescape(str(render_release(typed(body), INSTRUMENT, lang, "html")))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_summary_no_longer_promises_that_nothing_can_be_found_out(lang: str) -> None:
    page = html.unescape(str(render_release(typed(release()), INSTRUMENT, lang, "html")))
    assert "not even someone who knows" not in page and "auch nicht von jemandem" not in page
    honest = {"de": "Unmöglich macht es das nicht.", "en": "It does not make learning something impossible."}
    assert honest[lang] in page


def test_an_epsilon_past_what_a_float_holds_is_still_written_as_a_power_of_ten() -> None:
    body = release()
    body["privacy"] |= {"epsilon": 1000.0}
    (meaning,) = [line for line in build_report(typed(body), INSTRUMENT, "en").method.budget if "e^ε" in line]
    # e^1000 = 10^434.29 = 1.97 × 10⁴³⁴; e^2000 = 10^868.59 = 3.88 × 10⁸⁶⁸.
    assert "e^ε ≈ 2.0 × 10⁴³⁴ times" in meaning and "e^(2ε) ≈ 3.9 × 10⁸⁶⁸." in meaning
