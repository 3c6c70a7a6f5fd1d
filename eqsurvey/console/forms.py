"""Reading a console form: only from a session's own page (its CSRF token), bounded, text or named uploads.

A refused post raises :class:`RefusedError`, which the console answers with a page
that says nothing was changed; handlers act only on a :class:`Form` that came
through here, so a forged or malformed post never reaches the library.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from starlette.datastructures import UploadFile
from starlette.requests import Request

from eqsurvey.console.gate import Session

CSRF_FIELD = "csrf"
PASSPHRASE_FIELD = "passphrase"  # noqa: S105 - a field's name, not a passphrase
#: More than any console form has, fewer than would cost memory to parse.
MAX_FIELDS = 2_000
#: One text field: the longest letter text or question wording the console edits.
MAX_FIELD_CHARS = 100_000
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefusedError(Exception):
    """A post the console does not act on: ``reason`` names a ``refused_*`` message of the frame."""

    def __init__(self, reason: str, status: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class Form:
    fields: dict[str, list[str]]
    files: dict[str, UploadFile] = field(default_factory=dict)

    def text(self, name: str, default: str = "") -> str:
        """The field's single value, stripped of surrounding space; ``default`` when absent."""
        values = self.fields.get(name)
        if not values:
            return default
        if len(values) != 1:
            raise RefusedError("malformed", 400)
        return values[0].strip()

    def texts(self, name: str) -> list[str]:
        return list(self.fields.get(name, []))

    def checked(self, name: str) -> bool:
        return bool(self.fields.get(name))

    def passphrase(self) -> str:
        """The passphrase typed for this step, exactly as typed: used by the caller and kept nowhere."""
        values = self.fields.pop(PASSPHRASE_FIELD, [])
        return values[0] if len(values) == 1 else ""

    def upload(self, name: str) -> UploadFile | None:
        return self.files.get(name)


async def read_form(request: Request, session: Session, *, max_files: int = 0) -> Form:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in _FORM_TYPES or (kind == "multipart/form-data" and max_files == 0):
        raise RefusedError("malformed", 415)
    try:
        data = await request.form(max_files=max_files, max_fields=MAX_FIELDS)
    except Exception as exc:  # starlette's parser: too many fields or files, a broken multipart body
        raise RefusedError("malformed", 400) from exc
    fields: dict[str, list[str]] = {}
    files: dict[str, UploadFile] = {}
    for name, value in data.multi_items():
        if isinstance(value, str):
            if len(value) > MAX_FIELD_CHARS:
                raise RefusedError("large", 413)
            fields.setdefault(name, []).append(value)
        elif name in files:
            raise RefusedError("malformed", 400)
        else:
            files[name] = value
    tokens = fields.pop(CSRF_FIELD, [])
    if len(tokens) != 1 or not hmac.compare_digest(tokens[0].encode(), session.csrf.encode()):
        for upload in files.values():
            await upload.close()
        raise RefusedError("csrf", 403)
    return Form(fields, files)
