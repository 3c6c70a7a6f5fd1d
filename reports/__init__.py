"""reports: stored releases as accessible, bilingual publications (HTML, PDF, CSV/JSON, XLSX).

A report is rendered from one stored release and the instrument; it never
re-runs the analysis or draws noise. Modules and their roles:

- ``content``: release + instrument + language → the report's content (summary,
  one section per table, methodology), with ``tables`` (a table's rows,
  columns, flags and notes), ``findings`` (the largest gaps between groups as
  sentences with their uncertainty, only from sound comparisons),
  ``participation`` (who took part, each group's size from figures the release
  publishes) and ``method`` (methodology and data protection, the privacy
  budget in words and numbers, secondary suppression where a release has it).
- ``labels``: variable and category labels from the instrument; status codes
  and booleans in the catalogue's words.
- ``catalogue`` (+ ``locales/<lang>/LC_MESSAGES/reports.po``): every sentence
  of a report through the ``reports`` gettext domain (the English text and its
  key are in the code, ``Msg``; the longer modules keep theirs beside them in
  ``method_wording``, ``summary_wording``, ``table_wording`` and
  ``preview_wording``; ``page_words`` declares the templates' ones);
  ``numbers``: numbers and dates as CLDR has each language write them (Babel).
- ``figures``: which chart suits which table, and its text alternative;
  ``charts``: dot charts with intervals (symbols, legend, ticks: groups by
  colour and shape, hollow = uncertain, each reading aid explained once);
  ``chart_markup`` (+ ``templates/_chart.html.j2``, ``charts.css``): a chart
  as HTML at its final size, reflowing from phone to A4.
- ``render`` (+ ``templates/``): HTML via Jinja2 (self-contained, no requests),
  PDF via WeasyPrint, CSV/JSON via :mod:`analysis.tidy` with labels.
- ``xlsx``: the tables as an Excel workbook (openpyxl), a worksheet per table
  with the report's labels, statuses and notes, and no cell a formula.
- ``compare``: several releases side by side on the indicators they share.
- ``summary`` (+ ``templates/summary.html.j2``): release + instrument +
  language → the summary report's content (a few pages in plain words: key
  findings with their uncertainty said in words, a few charts, who took
  part, what protects the respondents), with ``plain`` (shares as "about 1
  in 4", ranges rounded outwards, a scale's ends in words); the full report
  (``content``) is its table annex.
- ``cli``: the ``eqsurvey report`` command group (adapter).
- ``plan_preview``, ``preview_text`` and ``preview_cli``: ``eqsurvey plan preview`` in the
  reader's language (verdicts, labels, JSON with codes and labels); the
  ``eqsurvey`` command mounts it on the ``plan`` group, since ``analysis``
  may not import the labels and catalogue that live here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from instruments.lazy import lazy_exports

_PUBLIC = {
    "Report": "content",
    "build_report": "content",
    "build_comparison": "compare",
    "render_release": "render",
    "render_comparison": "render",
    "render_html": "render",
    "render_pdf": "render",
    "Summary": "summary",
    "build_summary": "summary",
    "render_summary": "render",
}

__all__ = [
    "Report",
    "Summary",
    "build_comparison",
    "build_report",
    "build_summary",
    "render_comparison",
    "render_html",
    "render_pdf",
    "render_release",
    "render_summary",
]

if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from .compare import build_comparison
    from .content import Report, build_report
    from .render import render_comparison, render_html, render_pdf, render_release, render_summary
    from .summary import Summary, build_summary
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
