"""The summary report: key findings in plain words from the release's own figures, groups of people only,
protection without privacy parameters, and an accessible page in one language."""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
from functools import cache
from typing import Any

import pytest

from analysis.plans.dimensions import ANSWERED, NO_ANSWER
from reports.catalogue import Catalogue, messages
from reports.labels import Labels
from reports.render import render_release
from reports.summary.content import build_summary
from reports.summary.findings import findings
from reports.summary.key_findings import MAX_CHARTS, MAX_FINDINGS, verdict_key
from reports.tables import table_view
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.html import parse
from tests.unit.reports.language import check, codes_of, units
from tests.unit.reports.releases import release, typed, typed_rules, typed_table

LANGS = ["de", "en"]
PARAMETERS = re.compile(r"[ρεδσ]|\be\^")


@cache
def _page(lang: str) -> str:
    out = render_release(typed(release(n=3000)), INSTRUMENT, lang, "html", part="summary")
    assert isinstance(out, str)
    return out


def text(page: str) -> str:
    """What a reader sees: the page's text without the charts' SVG code (their <title>/<desc> stay)."""
    body = page[page.index("<body") :]
    body = re.sub(r"<(?:style|script)\b.*?</(?:style|script)>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("lang", LANGS)
def test_each_finding_says_its_figures_in_words_with_ranges_that_hold_the_published_intervals(lang: str) -> None:
    body = release(n=3000)
    summary = build_summary(typed(body), INSTRUMENT, lang)
    t, labels = Catalogue(lang), Labels(INSTRUMENT, Catalogue(lang))
    views = [
        table_view(typed_table(tb), None, i, labels, typed_rules(body["publication"]))
        for i, tb in enumerate(body["tables"], start=1)
    ]
    expected = findings(views, labels, typed_rules(body["publication"]), limit=MAX_FINDINGS)
    assert 1 <= len(summary.findings) == len(expected)
    about = re.escape(t("digest.about", part="@")).replace("@", r"\d+ \S+ \d+")
    for shown, f in zip(summary.findings, expected, strict=True):
        few = any(side.uncertain for side in f.sides)
        verdict = t("digest.chance") if not f.separated else t("digest.likely") if few else t("digest.clear")
        assert shown.verdict[0] == verdict and shown.source == t("digest.source", number=f.number)
        for side in f.sides:
            assert f"“{side.group}”" in shown.sentence or f"„{side.group}“" in shown.sentence
            if f.topic.mean:
                low, high = re.findall(r"\d+[.,]\d", shown.sentence.split(side.group, 1)[1])[:2]
                assert (
                    float(low.replace(",", ".")) <= side.low + 1e-9
                    and float(high.replace(",", ".")) >= side.high - 1e-9
                )
            else:
                value, low, high = (
                    int(x) for x in re.findall(r"(\d+)\s?%", shown.sentence.split(side.group, 1)[1])[:3]
                )
                assert value == round(100 * side.value)
                assert low <= 100 * side.low + 1e-9 and high >= 100 * side.high - 1e-9
        if not f.topic.mean:
            assert len(re.findall(about, shown.sentence)) == 2, shown.sentence


def test_a_mean_says_what_the_ends_of_its_scale_mean_in_its_sentence_and_chart() -> None:
    body = release(n=3000)
    body["tables"] = [tb for tb in body["tables"] if tb["id"] == "trust"]
    for lang, ends in (("en", ("1 (not at all)", "5 (very much)")), ("de", ("1 (gar nicht)", "5 (sehr)"))):
        (finding,) = build_summary(typed(body), INSTRUMENT, lang).findings
        assert all(end in finding.sentence for end in ends), finding.sentence
        assert finding.figure is not None
        scale = {"en": "Scale: 1 = not at all, 5 = very much.", "de": "Skala: 1 = gar nicht, 5 = sehr."}[lang]
        assert scale in finding.figure.caption


def test_a_small_number_of_charts_each_of_one_answer_and_small_enough_for_a_phone() -> None:
    summary = build_summary(typed(release(n=3000)), INSTRUMENT, "en")
    figures = [f.figure for f in summary.findings if f.figure is not None]
    assert 1 <= len(figures) <= MAX_CHARTS
    page = parse(_page("en"))
    charts = [n for n in page.iter() if n.attrs.get("role") == "img"]
    assert len(charts) == len(figures)
    for chart in charts:
        figure = next(a for a in chart.ancestors() if a.tag == "figure")
        named = [n for n in page.iter() if n.attrs.get("id") == chart.attrs["aria-labelledby"]]
        described = [n for n in page.iter() if n.attrs.get("id") == chart.attrs["aria-describedby"]]
        assert named and named[0].text.strip() and described and described[0].text.strip()
        assert figure.find("figcaption").text.strip()
    ids = [n.attrs["id"] for n in page.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", LANGS)
def test_who_took_part_lists_groups_of_people_not_answered_or_no_answer(lang: str) -> None:
    summary = build_summary(typed(release(n=3000)), INSTRUMENT, lang)
    labels = Labels(INSTRUMENT, Catalogue(lang))
    statuses = {str(labels.category("group", code)) for code in (ANSWERED, NO_ANSWER, "prefer_not_to_say")}
    listed = {str(label) for g in summary.groups for label, _ in g.groups}
    assert listed and not listed & statuses
    (group,) = [g for g in summary.groups if g.variable == labels.variable("group")]
    assert [str(label) for label, _ in group.groups] == [str(labels.category("group", c)) for c in ("big", "small")]
    assert group.unanswered is not None and str(labels.category("group", NO_ANSWER)) in group.unanswered
    assert str(labels.category("group", ANSWERED)) not in text(_page(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_protection_in_words_no_privacy_parameters_and_a_pointer_to_the_annex(lang: str) -> None:
    body = release(n=3000)
    t = Catalogue(lang)
    seen = text(_page(lang))
    assert not PARAMETERS.search(seen), PARAMETERS.findall(seen)
    assert t("digest.annex", release=body["id"]) in seen
    rules = body["publication"]
    assert t("digest.protect_small", below=rules["suppress_below"], flag=rules["flag_below"] - 1) in seen
    assert t("digest.protect_noise") in seen


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_has_one_h1_ordered_headings_its_language_and_tables_with_captions_and_headers(lang: str) -> None:
    page = parse(_page(lang))
    root = page.find("html")
    assert (root.attrs["lang"], root.attrs["dir"]) == (lang, "ltr")
    headings = [int(n.tag[1]) for n in page.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert headings[0] == 1 and headings.count(1) == 1 and len(headings) > 5
    assert all(b <= a + 1 for a, b in itertools.pairwise(headings))
    tables = list(page.iter("table"))
    assert tables
    for table in tables:
        assert table.find("caption").text.strip()
        assert all(th.attrs.get("scope") in ("col", "row") for th in table.iter("th"))
        assert all(any(c.tag == "th" for c in row.iter()) for row in table.find("tbody").iter("tr"))
    assert not list(page.iter("script")) and not re.search(r'(?:src|href)="(?:https?:)?//', _page(lang))
    skip = next(page.find("body").iter("a"))
    assert skip.attrs["href"] == "#main" and page.find("main").attrs["id"] == "main"


def _other_catalogue_phrases(lang: str) -> list[str]:
    """Runs of three or more words of the other language's catalogue that are not in this language's."""
    other = messages("en" if lang == "de" else "de")
    own = " ".join(str(v) for v in messages(lang).values())
    phrases = []
    for value in other.values():
        for raw in re.split(r"\{\w*\}", str(value)):
            piece = raw.strip(" .,:;()“”„")
            if len(piece.split()) >= 3 and piece not in own:
                phrases.append(piece)
    return phrases


@pytest.mark.parametrize("lang", LANGS)
def test_every_sentence_is_in_the_reports_language(lang: str) -> None:
    seen = text(_page(lang))
    leaked = [p for p in _other_catalogue_phrases(lang) if p in seen]
    assert not leaked, leaked
    # The annex's language check: lingua per sentence, catalogue keys, internal and instrument codes.
    found = check(_page(lang), lang, codes_of(INSTRUMENT))
    assert not found, [str(f) for f in found]
    assert len(list(units(_page(lang), lang))) > 20  # the check read the page


def _pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_of_the_fixture_release_fits_on_at_most_eight_a4_pages(lang: str) -> None:
    pdf = render_release(typed(release(n=3000)), INSTRUMENT, lang, "pdf", part="summary")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    pages = _pages(pdf)
    annex = render_release(typed(release(n=3000)), INSTRUMENT, lang, "pdf")
    assert isinstance(annex, bytes)
    assert 1 <= pages <= 8 and pages < _pages(annex)


def test_a_summary_as_csv_is_refused_by_the_render_call() -> None:
    from kernel.errors import InternalError

    body: dict[str, Any] = release()
    with pytest.raises(InternalError):
        render_release(typed(body), INSTRUMENT, "en", "csv", part="summary")


@pytest.mark.parametrize("lang", LANGS)
def test_without_groups_to_compare_the_summary_says_so_and_still_says_who_took_part(lang: str) -> None:
    body = release(n=3000)
    body["tables"] = [tb for tb in body["tables"] if not tb["by"]]  # nothing broken down by groups
    t = Catalogue(lang)
    summary = build_summary(typed(body), INSTRUMENT, lang, fieldwork="Mai bis Juni 2026")
    assert summary.findings == [] and summary.who
    assert t("digest.lead_fieldwork", period="Mai bis Juni 2026") in summary.lead[0]
    page = render_release(typed(body), INSTRUMENT, lang, "html", part="summary")
    assert isinstance(page, str)
    seen = text(page)
    assert t("digest.no_findings") in seen and t("digest.findings_intro") not in seen
    assert 'role="img"' not in page and t("digest.who") in seen


def test_separate_ranges_are_called_clear_only_when_neither_figure_is_uncertain() -> None:
    body = release(n=3000)
    labels = Labels(INSTRUMENT, Catalogue("en"))
    views = [
        table_view(typed_table(tb), None, i, labels, typed_rules(body["publication"]))
        for i, tb in enumerate(body["tables"], start=1)
    ]
    found = findings(views, labels, typed_rules(body["publication"]), limit=MAX_FINDINGS)
    f = found[0]
    sure = (dataclasses.replace(f.sides[0], uncertain=False), dataclasses.replace(f.sides[1], uncertain=False))
    one_small = (sure[0], dataclasses.replace(sure[1], uncertain=True))
    assert verdict_key(dataclasses.replace(f, separated=True, sides=sure)).key == "digest.clear"
    assert verdict_key(dataclasses.replace(f, separated=True, sides=one_small)).key == "digest.likely"
    assert verdict_key(dataclasses.replace(f, separated=False, sides=one_small)).key == "digest.chance"
    en, de = Catalogue("en"), Catalogue("de")
    assert "clear" not in en("digest.likely") and "eindeutig" not in de("digest.likely")
