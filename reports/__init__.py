"""reports: stored releases as accessible, bilingual publications (HTML, PDF, CSV/JSON, XLSX).

A report is rendered from one stored release and the instrument; it never
re-runs the analysis or draws noise. Modules, subpackages and their roles:

- ``content``: release + instrument + language → the report's content (summary,
  one section per table, methodology), with ``tables`` (a table's rows,
  columns, flags and notes), ``summary.findings`` (the largest gaps between groups as
  sentences with their uncertainty, only from sound comparisons),
  ``participation`` (who took part, each group's size from figures the release
  publishes) and ``method`` (methodology and data protection, the privacy
  budget in words and numbers, secondary suppression where a release has it).
- ``labels``: variable and category labels from the instrument; status codes
  and booleans in the catalogue's words.
- ``catalogue`` (+ ``locales/<lang>/LC_MESSAGES/reports.po``): every sentence
  of a report through the ``reports`` gettext domain (the English text and its
  key are in the code, ``Msg``; the longer modules keep theirs beside them in
  ``method_wording``, ``table_wording``, ``summary.wording`` and
  ``preview.wording``; ``page_words`` declares the templates' ones);
  ``numbers``: numbers and dates as CLDR has each language write them (Babel).
- ``charts`` (package): ``choice``, which chart suits which table, and its text alternative;
  ``spec``: dot charts with intervals (symbols, legend, ticks: groups by colour and shape,
  hollow = uncertain, each reading aid explained once); ``markup`` (+
  ``templates/_chart.html.j2``, ``charts.css``): a chart as HTML at its final size,
  reflowing from phone to A4.
- ``render`` (+ ``templates/``): HTML via Jinja2 (self-contained, no requests),
  PDF via WeasyPrint, CSV/JSON via :mod:`analysis.tidy` with labels.
- ``xlsx``: the tables as an Excel workbook (openpyxl), a worksheet per table
  with the report's labels, statuses and notes, and no cell a formula.
- ``compare``: several releases side by side on the indicators they share.
- ``weighting``: a calibrated release's weighted tables (after the plain ones) and what weighting
  corrects and cannot, the margins' source, the design effect and trimming, in plain words.
- ``changes``: what changed between two survey waves, each change with its interval (no budget spent).
- ``pool`` (package; + ``templates/pool.html.j2``): a regional pool of several towns' releases
  (:mod:`analysis.pooling`) as a report: contributors, method and the pooled tables.
- ``summary`` (package; + ``templates/summary.html.j2``): ``summary.content``, release +
  instrument + language → the summary report's content (a few pages in plain words: key
  findings with their uncertainty said in words, a few charts, who took
  part, what protects the respondents), with ``summary.plain`` (shares as "about 1
  in 4", ranges rounded outwards, a scale's ends in words); the full report
  (``content``) is its table annex.
- ``review``: the community review a release records, in the words every report states it;
  ``plan_words``: an analysis plan in plain words for partners who review it.
- ``letter_text`` and ``letters`` (+ ``templates/letters.html.j2``, ``letters.css``): invitation
  letters, the municipality's text read and checked, then laid out once per access code as
  one PDF (codes come in as strings; which codes exist is the composition root's business).
- ``preview`` (package): ``page`` and ``text``: ``eqsurvey plan preview`` in the reader's
  language (verdicts, labels, JSON with codes and labels).

The ``eqsurvey report`` and ``eqsurvey plan preview`` commands are in the composition root
(``eqsurvey/commands/report.py``, ``plan_preview.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy import lazy_exports

_PUBLIC = {
    "Report": "reports.content",
    "build_report": "reports.content",
    "build_comparison": "reports.compare",
    "render_release": "reports.render",
    "render_comparison": "reports.render",
    "render_html": "reports.render",
    "render_pdf": "reports.render",
    "Summary": "reports.summary.content",
    "build_summary": "reports.summary.content",
    "render_summary": "reports.render",
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
    from reports.compare import build_comparison
    from reports.content import Report, build_report
    from reports.render import render_comparison, render_html, render_pdf, render_release, render_summary
    from reports.summary.content import Summary, build_summary
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
