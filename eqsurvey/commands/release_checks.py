"""``eqsurvey release audit`` and ``release verify``: checks of stored releases.

``audit`` plays the reader who wants suppressed cells back from the published
figures (see :mod:`analysis.audit`); ``verify`` checks a release against a
dataset by its keyed MAC (see :mod:`anonymize.dataset_mac`: a release never
holds a plain fingerprint). Mounted on the ``release`` group by ``eqsurvey.cli``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eqsurvey.commands.kit import require_project, say, user_errors
from eqsurvey.workflows.release import release_store, stored_release
from eqsurvey.workflows.release_dataset import dataset_frame
from kernel.errors import EqSurveyError

if TYPE_CHECKING:
    from analysis.audit import Audit


@user_errors
def verify(
    ctx: typer.Context,
    release_id: Annotated[str, typer.Argument(metavar="ID", help="The release's id (see release list).")],
    dataset: Annotated[
        Path | None,
        typer.Option(help="Analysis dataset (Parquet from eqsurvey dataset export); default: open the store."),
    ] = None,
) -> None:
    """Check that a stored release was made from this dataset (a file, or the responses in the store now).

    Example: eqsurvey release verify r-20261122T101500-3f9a1c --dataset data/dataset.parquet
    """
    import hmac

    from eqsurvey.resources import project_keyring
    from instruments.loader import load_instrument

    project = require_project(ctx)
    release = stored_release(project, release_id)
    instrument = load_instrument(project.instrument_path).instrument
    store = release_store(project)
    try:
        _, digest = dataset_frame(ctx, project, store, instrument, dataset)
    finally:
        store.close()
    named = release.dataset_mac
    if named.startswith("sha256:"):  # made before the MAC: a plain fingerprint, kept only in the store
        same = hmac.compare_digest(named, digest)
    else:
        same = project_keyring(project).dataset_mac_key(create=False).matches(named, digest)
    source = str(dataset) if dataset is not None else "the responses in the store"
    if not same:
        raise EqSurveyError.single(
            "dataset-differs",
            f"release {release_id} was not made from {source}",
            "give the dataset file the release was made from (--dataset), or without --dataset check against the"
            " store: responses added or erased since then change the dataset",
        )
    typer.echo(f"release {release_id} was made from {source}")


@user_errors
def audit(
    ctx: typer.Context,
    release_ids: Annotated[
        list[str],
        typer.Argument(metavar="ID", help="One or more stored releases (see release list), audited together."),
    ],
    as_printed: Annotated[
        bool,
        typer.Option("--as-printed", help="Trust published figures only to the digits reports print (whole counts)."),
    ] = False,
    width: Annotated[
        float | None,
        typer.Option(
            "--width",
            min=0,
            help="The protection range in respondents a hidden cell's implied interval must keep"
            " (default: each release's suppress_below).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Work out what a reader can tell about every suppressed cell from the figures a release publishes.

    Each suppressed count cell gets the smallest and largest value that the
    shown counts, bases, shares and the margins tables share allow; a cell is
    disclosed when that interval is narrower than the protection range. Exits
    1 when any cell is disclosed.

    Example: eqsurvey release audit r-20261122T101500-3f9a1c --json
    """
    from analysis.audit import Protection, Reading
    from analysis.audit import audit as run_audit

    project = require_project(ctx)
    releases = [stored_release(project, rid) for rid in dict.fromkeys(release_ids)]
    found = run_audit(
        [(r.release_id, r.body) for r in releases],
        Reading.printed() if as_printed else Reading.exact(),
        Protection(width) if width is not None else None,
    )
    if as_json:
        typer.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_audit(found)
    say(ctx, f"audited {found.suppressed} suppressed cell(s) in {found.seconds:.1f} s")
    if found.disclosed:
        raise EqSurveyError.single(
            "release-discloses",
            f"{found.disclosed} of {found.suppressed} suppressed cells can be narrowed by published figures to an"
            " interval smaller than their protection range",
            "do not publish these releases as they are: each release is protected on its own when it is made"
            " (secondary suppression), so this follows from releases made before that, from auditing them"
            " together with --width larger than they were made for, or from a changed release",
        )


def _print_audit(found: Audit) -> None:
    for table in found.tables:
        typer.echo(
            f"{table.release} {table.table}: {len(table.cells)} suppressed, {len(table.disclosed)} disclosed"
            f" (protection range {table.protection.width:g})"
        )
        for cell in table.disclosed:
            typer.echo(f"  {cell.cell.label}: {max(cell.low, 0):.2f} … {cell.high:.2f}")
