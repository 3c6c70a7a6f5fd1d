"""``eqsurvey report changes A B``: what changed between two survey waves, with the changes' intervals.

Mounted on the report group by eqsurvey.cli. Post-processing of two stored
releases: nothing is measured and no budget is spent.
"""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from eqsurvey.commands.kit import require_project, say, user_errors, write_output
from eqsurvey.commands.report import LangOption, OutputOption


@user_errors
def changes(  # noqa: PLR0917 - typer maps each parameter to an option
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="RELEASE_A", help="A release of the earlier wave (release list).")],
    second: Annotated[str, typer.Argument(metavar="RELEASE_B", help="A release of a later wave.")],
    lang: LangOption = None,
    format_: Annotated[
        Literal["html", "pdf", "csv"] | None,
        typer.Option("--format", help="html, pdf or csv; default: from -o's suffix."),
    ] = None,
    output: OutputOption = None,
) -> None:
    """State what changed between two survey waves: each shared share or mean, the change and its 95% interval.

    The interval combines both waves' noise and sampling error (their respondents
    are different people). A change is called higher or lower only where its
    interval excludes 0; cells either wave did not show are "not shown". Worked
    out from the published figures only: no budget is spent.

    Example: eqsurvey report changes r-20261122T101500-3f9a1c r-20271122T090000-7b2e44 --lang de -o changes.html
    """
    from eqsurvey.commands.report import _format, _instrument, _language
    from eqsurvey.workflows.changes import wave_pair
    from reports.changes import build_changes, changes_csv, render_changes
    from reports.render import render_pdf

    project = require_project(ctx)
    instrument = _instrument(project)
    chosen, fmt = _language(lang, instrument), _format(format_, output, ("html", "pdf", "csv"))
    pair = wave_pair(project, instrument, first, second)
    page = build_changes(pair.first, pair.second, pair.waves, instrument, chosen, renames=pair.renames)
    if fmt == "csv":
        write_output(output, changes_csv(page))
    else:
        html = render_changes(page)
        write_output(output, render_pdf(html) if fmt == "pdf" else html)
    if output is not None:
        say(ctx, f"wrote {output}")
