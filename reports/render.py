"""A report's content as files: one self-contained HTML page, its PDF, tidy CSV/JSON of every cell, and an
Excel workbook of the tables (:mod:`.xlsx`).

The HTML has its CSS inline and its charts as inline SVG; it loads nothing
from elsewhere (no scripts, fonts, images or links that fetch), so it can be
mailed, archived and read offline. The PDF is the same page printed by
WeasyPrint (tagged, PDF/UA-1). CSV and JSON are :mod:`analysis.tidy`'s rows of
the release with the report's labels beside the codes; suppressed cells are
rows with labels and status and no numbers. In CSV, a text that a
spreadsheet would run as a formula gets a leading single quote
(:mod:`kernel.formula_safe`).

Every piece of text goes through Jinja2 with autoescaping on: labels can come
from imported questionnaires, and write-ins from respondents.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any, Literal

import jinja2

from analysis import tidy
from analysis.releases.model import Release
from instruments.model import Instrument
from instruments.printable.page import template_environment
from kernel.formula_safe import safe_row
from reports.catalogue import Catalogue, direction
from reports.compare import Comparison
from reports.content import Report, build_report, check_instrument
from reports.labels import Labels
from reports.summary.content import Summary, build_summary

Format = Literal["html", "pdf", "csv", "json", "xlsx"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "csv", "json", "xlsx")
BINARY: tuple[Format, ...] = ("pdf", "xlsx")
"""Formats that are bytes: useless on a terminal."""


def environment() -> jinja2.Environment:
    """The report templates."""
    return template_environment("reports")


def part_of(t: Catalogue) -> Callable[..., dict[str, str]]:
    """``part(text, context)``: lang/dir attributes for text in another language than its context's."""

    def part(text: object, context: str | None = None) -> dict[str, str]:
        lang = getattr(text, "lang", None)
        if lang is None or lang == (context or t.lang):
            return {}
        if lang == "":  # unknown (respondents' own words): the browser finds the direction
            return {"lang": "", "dir": "auto"}
        return {"lang": lang, "dir": direction(lang)}

    return part


def page(template: str, t: Catalogue, **values: Any) -> str:
    return environment().get_template(template).render(t=t, ui=t.part, part=part_of(t), **values)


def render_html(report: Report) -> str:
    return page("report.html.j2", report.t, report=report)


def render_summary(summary: Summary) -> str:
    return page("summary.html.j2", summary.t, s=summary)


def render_pdf(html: str) -> bytes:
    """The page as a tagged PDF (PDF/UA-1); WeasyPrint is imported only here."""
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def _labelled(release: Release, instrument: Instrument, lang: str) -> list[dict[str, Any]]:
    """The tidy rows of :func:`analysis.tidy.rows`, each with a ``labels`` entry: its texts in ``lang``."""
    from reports.tables import title

    labels = Labels(instrument, Catalogue(lang))
    out = []
    public = release.public()
    plain = [(table, False) for table in public.tables]
    weighted = [(table, True) for table in (public.weighting.tables if public.weighting is not None else ())]
    for table, is_weighted in plain + weighted:  # as analysis.tidy.rows: the weighted tables after the plain
        heading, measure = str(title(table, public.plan.table(table.id), labels)), table.measure
        for cell, row in zip(table.cells, tidy.table_rows(table, weighted=is_weighted), strict=True):
            code = cell.measure
            named = {
                "table": heading,
                "row": str(labels.row(measure, cell.row)) if cell.row else "",
                "category": "" if code is None or table.kind == "write_ins" else str(labels.category(measure, code)),
                "by": {
                    name: [str(labels.variable(name)), str(labels.category(name, v))] for name, v in cell.by.items()
                },
            }
            out.append(row | {"labels": named})
    return out


LABEL_COLUMNS = (
    "table_title", "row_label", "category_label",
    *(f"by_{i}{s}" for i in range(1, tidy.MAX_BY + 1) for s in ("_label", "_value_label")),
)  # fmt: skip


def render_csv(release: Release, instrument: Instrument, lang: str) -> str:
    """Every cell, one row each: the release's tidy columns, then the labels in ``lang``."""
    check_instrument(release, instrument)
    buffer = io.StringIO()
    marked = release.simulated  # a first column says so on every row, as in analysis.tidy
    columns = (*((tidy.SIMULATED_COLUMN,) if marked else ()), *tidy.COLUMNS, *LABEL_COLUMNS)
    # Texts quoted, numbers not, as in analysis.tidy: no line break inside a label can split a row.
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for row in _labelled(release, instrument, lang):
        labels, by = row.pop("labels"), row.pop("by")
        flat = {tidy.SIMULATED_COLUMN: "simulated"} if marked else {}
        flat |= {k: ("" if v is None else v) for k, v in row.items()}
        flat["weighted"] = "true" if row["weighted"] else "false"  # as analysis.tidy writes it
        for i, (name, value) in enumerate(by.items(), start=1):
            flat[f"by_{i}"], flat[f"by_{i}_value"] = name, value
        flat |= {
            "table_title": labels.pop("table"),
            "row_label": labels.pop("row"),
            "category_label": labels.pop("category"),
        }
        for i, (variable, value) in enumerate(labels.pop("by").values(), start=1):
            flat[f"by_{i}_label"], flat[f"by_{i}_value_label"] = variable, value
        writer.writerow(safe_row(flat))  # labels, titles and write-ins may start like a formula
    return buffer.getvalue()


def render_json(release: Release, instrument: Instrument, lang: str) -> str:
    """The release's metadata and every cell, with labels in ``lang``."""
    check_instrument(release, instrument)
    t = Catalogue(lang)
    notice = {"notice": f"{t('simulated.title')}. {t('simulated.text')}"} if release.simulated else {}
    document = {
        **notice,
        "report": {"lang": lang, "title": str(Labels(instrument, t).text(instrument.title))},
        "release": tidy.metadata(release),
        "cells": _labelled(release, instrument, lang),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


Part = Literal["summary", "annex"]
PAGE_FORMATS = ("html", "pdf")
"""The formats a summary is written in; the others are the annex's tables as data."""


def render_release(
    release: Release,
    instrument: Instrument,
    lang: str,
    fmt: Format,
    fieldwork: str | None = None,
    *,
    part: Part = "annex",
) -> str | bytes:
    """The report of one stored release in one format: its summary, or the annex
    (every table and the method; as HTML/PDF, or its cells as CSV/JSON)."""
    if part == "summary":
        if fmt not in PAGE_FORMATS:
            from kernel.errors import InternalError  # the command refuses this as a user error first

            raise InternalError(f"a summary is written as html or pdf, not {fmt}")
        summary = render_summary(build_summary(release, instrument, lang, fieldwork))
        return render_pdf(summary) if fmt == "pdf" else summary
    if fmt == "csv":
        return render_csv(release, instrument, lang)
    if fmt == "json":
        return render_json(release, instrument, lang)
    if fmt == "xlsx":
        from reports.xlsx import render_xlsx  # openpyxl only when a workbook is asked for

        return render_xlsx(release, instrument, lang, fieldwork)
    html = render_html(build_report(release, instrument, lang, fieldwork))
    return render_pdf(html) if fmt == "pdf" else html


def render_comparison(comparison: Comparison) -> str:
    return page("compare.html.j2", comparison.t, c=comparison)
