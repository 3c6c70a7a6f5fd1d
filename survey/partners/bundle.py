"""The partners' bundle: links to the server, sealed notes back to the analysts, in one JSON file.

A municipality whose server is another machine carries the partners' state
both ways with one kind of file, as it carries invitations and responses:
the analysts' side writes its links (keyed hashes, never a token; revoked
ones marked) for the server to merge, and the server writes the notes
partners sent (sealed: the file holds nothing readable but ids) for the
analysts to merge into ``reviews.jsonl``. Either side merges what is new to
it: a link or a note is taken once; a revocation is never undone.

The file names its survey by a keyed tag (:meth:`~anonymize.pseudonyms.PseudonymSecret.bundle_tag`),
so a bundle of another project or survey is refused before anything is read
from it. It is JSON because it is small (a few links, a few dozen notes) and
can be looked at; every field is checked, and a bad one is named.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from anonymize.partner_notes import SealedNote
from kernel.errors import EqSurveyError, Location
from survey.partners.store import PartnerLink

FORMAT = "eqsurvey-partners-bundle"
#: Bigger than any honest bundle (notes are at most a few kilobytes each), small enough to read whole.
MAX_BYTES = 20_000_000
_HEX64 = r"^[0-9a-f]{64}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Link(_Strict):
    link_hash: Annotated[str, Field(pattern=_HEX64)]
    organisation: Annotated[str, Field(min_length=1, max_length=200)]
    instrument_version: Annotated[str, Field(min_length=1, max_length=100)]
    content_hash: Annotated[str, Field(pattern=_HEX64)]
    created_day: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    revoked: bool


class _Note(_Strict):
    note_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    key_id: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    suite: Annotated[str, Field(min_length=1, max_length=40)]
    sealed: Annotated[str, Field(min_length=1, max_length=200_000)]


class _Bundle(_Strict):
    format: Literal["eqsurvey-partners-bundle"]
    version: Literal[1]
    instrument_id: Annotated[str, Field(min_length=1, max_length=200)]
    project: Annotated[str, Field(pattern=_HEX64)]
    links: list[_Link] = Field(max_length=10_000)
    notes: list[_Note] = Field(max_length=100_000)


@dataclass(frozen=True)
class PartnersBundle:
    """What a bundle carries, read and checked."""

    instrument_id: str
    project: str
    links: list[PartnerLink]
    notes: list[SealedNote]


def bundle_text(bundle: PartnersBundle) -> str:
    body = {
        "format": FORMAT,
        "version": 1,
        "instrument_id": bundle.instrument_id,
        "project": bundle.project,
        "links": [
            {"link_hash": k.link_hash, "organisation": k.organisation, "instrument_version": k.instrument_version,
             "content_hash": k.content_hash, "created_day": k.created_day, "revoked": k.revoked}
            for k in bundle.links
        ],
        "notes": [
            {"note_id": n.note_id, "key_id": n.key_id, "suite": n.suite,
             "sealed": base64.b64encode(n.sealed).decode("ascii")}
            for n in bundle.notes
        ],
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _refused(path: Path | str, problem: str, where: str | None = None) -> EqSurveyError:
    return EqSurveyError.single(
        "partners-bundle",
        problem,
        "ask for the bundle again: it is written by eqsurvey instrument partners bundle",
        Location(file=str(path), field=where),
    )


def parse_bundle(data: bytes, path: Path | str) -> PartnersBundle:
    """A bundle from its bytes; a user error naming the first problem (and its place) if it is not one."""
    if len(data) > MAX_BYTES:
        raise _refused(path, f"the file is larger than a partners' bundle can be ({MAX_BYTES:,} bytes)")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _refused(path, "the file is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise _refused(path, "the file is not JSON") from None
    try:
        checked = _Bundle.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(the file)"
        raise _refused(path, f"{where}: {first['msg']}", where) from None
    notes = []
    for i, n in enumerate(checked.notes):
        try:
            sealed = base64.b64decode(n.sealed, validate=True)
        except (binascii.Error, ValueError):
            raise _refused(path, f"notes.{i}.sealed: not base64", f"notes.{i}.sealed") from None
        notes.append(SealedNote(n.note_id, checked.instrument_id, n.key_id, n.suite, sealed))
    links = [
        PartnerLink(k.link_hash, k.organisation, checked.instrument_id, k.instrument_version, k.content_hash,
                    k.created_day, k.revoked)
        for k in checked.links
    ]  # fmt: skip
    return PartnersBundle(checked.instrument_id, checked.project, links, notes)


def read_bundle(path: Path) -> PartnersBundle:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise EqSurveyError.single(
            "unreadable-file", f"the bundle cannot be read ({exc.strerror})", "check the path", Location(file=str(path))
        ) from None
    return parse_bundle(data, path)
