"""Importing an export and erasing a response on request, for ``eqsurvey responses`` and the console alike.

Both sides call these with their own way of showing things: the command
prints the counts and notes and draws a progress bar from ``progress``; the
console shows the importer's row-by-row problems (``report.rejected``) as a
table. Neither needs the passphrase: rows are sealed to the public key and
named by keyed pseudonyms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.errors import EqSurveyError, Location
from survey.importers.formats import ImportFormat

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from survey.intake.ingest import ImportReport

LSA_NOTE = (
    "read the responses (.lsr) in the archive; its participant table (names, e-mail addresses) and timings "
    "were not read and nothing of them is stored"
)


@dataclass
class Imported:
    """What an import did: the importer's report, the format it read, and what the person should know beyond counts."""

    report: ImportReport
    format: ImportFormat
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        r = self.report
        return (
            f"stored {r.stored}, rejected {len(r.rejected_rows)}, unchanged {r.unchanged}, "
            f"replaced {len(r.replaced_rows)}, erased earlier {r.erased}, "
            f"access code already used {len(r.code_used_rows)}"
            + (f", imported by an earlier eqsurvey {r.earlier_import}" if r.earlier_import else "")
        )


def import_responses(  # noqa: PLR0917 - the command's options, one by one
    project: Project,
    source: Path,
    fmt: ImportFormat = ImportFormat.auto,
    mapping: Path | None = None,
    ignore: frozenset[str] = frozenset(),
    structure: Path | None = None,
    *,
    simulated: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Imported:
    """Check, pseudonymise, seal and store the rows of ``source``; ``progress(n)`` is told of rows as they pass."""
    from eqsurvey.resources import project_keyring, project_store
    from instruments.loader import load_instrument
    from survey.importers.formats import detect, reader
    from survey.importers.kobo.versions import routing_for
    from survey.intake.ingest import ingest
    from survey.store.base import SIMULATED

    instrument = load_instrument(project.instrument_path).instrument
    keyring = project_keyring(project)
    public_key, secret = keyring.public_key(), keyring.pseudonym_secret()
    try:
        with source.open("rb") as handle:  # read a piece at a time: a large file is not held whole in memory
            digest = "sha256:" + hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise EqSurveyError.single(
            "unreadable", f"cannot read {source}: {exc.strerror}", "check the path", Location(file=str(source))
        ) from None
    if fmt is ImportFormat.auto:
        fmt = detect(source, mapping)
    if structure is not None and fmt is not ImportFormat.lsr:
        raise EqSurveyError.single(
            "structure-unused",
            "--structure names the columns of a LimeSurvey .lsr file; this file does not need it",
            "leave --structure out",
        )
    routing = routing_for(project.root, instrument) if fmt is ImportFormat.kobo else None
    rows = reader(fmt, instrument, source, mapping, ignore, structure=structure, routing=routing)
    store = project_store(project)
    try:
        report = ingest(
            store,
            instrument,
            public_key,
            secret,
            rows,
            digest=digest,
            source=f"{SIMULATED if simulated else 'import:'}{fmt}",
            progress=progress,
        )
        if routing is not None:  # rows of a form version not kept here: refused, counted per version
            report.rejected.extend(routing.problems())
            report.rejected_rows.update(routing.refused_rows())
        store.audit(
            "import",
            {
                "digest": digest,
                "format": str(fmt),
                "simulated": simulated,
                "stored": report.stored,
                "replaced": len(report.replaced_rows),
                "rejected": len(report.rejected_rows),
            },
        )
    finally:
        store.close()
    notes = [
        *([LSA_NOTE] if fmt is ImportFormat.lsa else []),
        *(routing.notes() if routing else []),
        *import_notes(report),
    ]
    return Imported(report, fmt, notes)


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return f"{shown} and {len(numbers) - 20} more" if len(numbers) > 20 else shown


def import_notes(report: ImportReport) -> list[str]:
    """What the person importing should know beyond the counts: which rows changed, and how rows were recognised."""
    notes = []
    if report.replaced_rows:
        notes.append(
            f"changed since they were stored: row(s) {_rows(report.replaced_rows)}; each replaced its stored"
            " response (the latest export wins; the earlier answers are deleted, their contact record is kept)"
        )
    if report.code_used_rows:
        notes.append(
            f"row(s) {_rows(report.code_used_rows)}: another response with the same access code is stored"
            " already; the first response of a code counts, these were not stored"
        )
    if report.by_answers:
        notes.append(
            f"{report.by_answers} row(s) carry no response id, so they were recognised by their answers only:"
            " two respondents with the same answers in different exports count once, and a corrected row is"
            " stored as a new response. Export with the platform's response id (LimeSurvey: id; KoboToolbox:"
            " _uuid; eqsurvey CSV: a response_id column; a mapped file: response_id: in the mapping)"
        )
    if report.earlier_import:
        notes.append(
            f"{report.earlier_import} row(s) skipped: this part of the very same file was imported by an eqsurvey"
            " that recognised files, not responses (see 'Re-importing exports' in the README)"
        )
    return notes


@dataclass(frozen=True)
class Erased:
    count: int
    carry_to_server: bool  # the analysts' side: the server still holds the response until an erasures bundle says so


CARRY_NOTE = (
    "carry the erasure to the server, which still holds the response: eqsurvey erasures bundle"
    " -o erasures.eqbundle here, then eqsurvey erasures merge erasures.eqbundle on the server"
)


def erase_response(project: Project, *, receipt: str | None = None, access_code: str | None = None) -> Erased:
    """Erase the response a receipt or an access code names (GDPR Art. 17); the audit log records that, not what."""
    from eqsurvey.resources import project_keyring, project_store
    from instruments.loader import load_instrument

    if (receipt is None) == (access_code is None):
        raise EqSurveyError.single(
            "erase-which", "an erasure needs exactly one of a receipt or an access code", "give one of the two"
        )
    instrument = load_instrument(project.instrument_path).instrument
    secret = project_keyring(project).pseudonym_secret()
    store = project_store(project)
    try:
        if receipt is not None:
            found = store.pseudonym_for_receipt(secret.receipt_hash(instrument.id, receipt))
            pseudonym, reason = (found[1] if found else None), "receipt"
        else:
            pseudonym, reason = secret.pseudonym(instrument.id, access_code or ""), "access-code"
        erased = store.erase(instrument.id, pseudonym, reason) if pseudonym else 0
        merged_from_a_server = store.merged_responses_bundles() > 0
    finally:
        store.close()
    if not erased:
        what = "receipt" if receipt is not None else "access code"
        raise EqSurveyError.single(
            "nothing-to-erase",
            f"no stored response of survey {instrument.id} matches this {what}",
            "check the code for typos; it may also have been erased already, or belong to another survey",
        )
    return Erased(erased, merged_from_a_server)
