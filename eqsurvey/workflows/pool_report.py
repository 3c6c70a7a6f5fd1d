"""``eqsurvey report pool``: towns' release files read, pooled (:mod:`analysis.pooling`) and rendered.

Contribution files come from ``eqsurvey release export ID --for-pooling`` in each
town's project; plain release files (``release show ID --json``) are taken too,
their hidden cells unknown. Files are read whole but bounded: a release file of
a plan eqsurvey accepts is far below :data:`LIMIT`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from instruments.model import Instrument
from kernel.errors import EqSurveyError
from kernel.files import read_text

LIMIT = 64 * 1024 * 1024
PoolFormat = Literal["html", "pdf", "csv", "json", "xlsx"]


def pool_report(
    paths: Sequence[Path], instrument: Instrument, lang: str, fmt: PoolFormat, populations: Path | None = None
) -> str | bytes:
    """The pooled report of the files in ``fmt`` (a user error naming the file for any that cannot be pooled);
    ``populations``: a CSV of the towns' populations, to weight the shares by them."""
    from analysis.pooling.pool import pool
    from analysis.pooling.populations import read_populations
    from analysis.pooling.sources import read_contribution
    from reports.pool.content import (
        build_pool_report,
        check_pool_instrument,
        pool_csv,
        pool_json,
        render_pool_html,
    )

    towns = [
        read_contribution(read_text(path, EqSurveyError, LIMIT, "give a release file eqsurvey wrote"), str(path))
        for path in paths
    ]
    weights = read_populations(populations, [t.release.id for t in towns]) if populations is not None else None
    pooled = pool(towns, instrument, weights)
    if fmt == "csv":
        check_pool_instrument(pooled, instrument)
        return pool_csv(pooled)
    if fmt == "json":
        check_pool_instrument(pooled, instrument)
        return pool_json(pooled)
    report = build_pool_report(pooled, instrument, lang)
    if fmt == "xlsx":
        from reports.xlsx.pool import render_pool_xlsx

        return render_pool_xlsx(report)
    html = render_pool_html(report)
    if fmt == "pdf":
        from reports.render import render_pdf

        return render_pdf(html)
    return html
