"""``[documents]`` of ``eqsurvey.toml``: what only the controller can state, for the data-protection documents.

The legal provisions, the data protection officer, who runs the collecting
server and who holds the analysts' key, recipients, transfers and the
publication schedule are the municipality's choices and facts, not eqsurvey's:
the documents (``eqsurvey documents``) print them as written here. A text is
either one string (printed in every language) or a table of languages,
``{ de = "…", en = "…" }``. Checked with the rest of the file by
:mod:`eqsurvey.config`; what needs the instrument (that a question named in
``special_categories`` exists) is checked when the documents are made.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

LEGAL_BASES = ("consent", "public_interest", "research")
"""Art. 9(2)(a) GDPR, Art. 9(2)(g), Art. 9(2)(j)."""
ART9_CATEGORIES = (
    "racial_ethnic_origin",
    "political_opinions",
    "religious_beliefs",
    "trade_union",
    "genetic",
    "biometric",
    "health",
    "sex_life_orientation",
)
"""The special categories of personal data of Art. 9(1) GDPR, by a short code."""
MAX_TEXT = 4000
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXAMPLE = 'e.g. dpo = "Data protection officer, datenschutz@example.org" or dpo = { de = "…", en = "…" }'


def _refuse(problem: str, fix: str) -> PydanticCustomError:
    return PydanticCustomError("config-value", "{problem}", {"problem": problem, "fix": fix})


def _text_value(key: str, value: object) -> str | dict[str, str]:
    where = f"[documents] {key}"
    if isinstance(value, str):
        if not value.strip() or len(value) > MAX_TEXT:
            raise _refuse(f"{where} is empty or longer than {MAX_TEXT:,} characters", _EXAMPLE.replace("dpo", key))
        return value
    if isinstance(value, dict) and value:
        for lang, text in value.items():
            if not _LANG.fullmatch(lang):
                raise _refuse(f"{where} has {lang!r}, which is not a language tag", "name languages as de, en, tr …")
            if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
                raise _refuse(
                    f"{where}.{lang} must be a text of 1 to {MAX_TEXT:,} characters", _EXAMPLE.replace("dpo", key)
                )
        return dict(value)
    raise _refuse(
        f"{where} must be a text or a table of texts by language, not {value!r}", _EXAMPLE.replace("dpo", key)
    )


def _text(key: str) -> Any:
    return PlainValidator(lambda value: None if value is None else _text_value(key, value))


def _texts(key: str) -> Any:
    def check(value: object) -> list[str | dict[str, str]]:
        if not isinstance(value, list) or not value:
            raise _refuse(
                f"[documents] {key} must be a list of texts, not {value!r}",
                f'e.g. {key} = ["Statistics office of the city (analysis)"]',
            )
        return [_text_value(f"{key}[{i}]", item) for i, item in enumerate(value)]

    return PlainValidator(check)


def _legal_basis(value: object) -> str:
    if value not in LEGAL_BASES:
        raise _refuse(
            f"[documents] legal_basis = {value!r} is not one of {', '.join(LEGAL_BASES)}",
            'write legal_basis = "consent" (Art. 9(2)(a) GDPR), "public_interest" (Art. 9(2)(g)) '
            'or "research" (Art. 9(2)(j), statistics and research)',
        )
    return str(value)


def _special_categories(value: object) -> dict[str, tuple[str, ...]]:
    fix = f'e.g. special_categories = {{ my_question = ["racial_ethnic_origin"] }}; codes: {", ".join(ART9_CATEGORIES)}'
    if not isinstance(value, dict):
        raise _refuse(f"[documents] special_categories must be a table of question ids, not {value!r}", fix)
    found: dict[str, tuple[str, ...]] = {}
    for question, codes in value.items():
        if not _IDENTIFIER.fullmatch(question):
            raise _refuse(f"[documents] special_categories: {question!r} is not a question id", fix)
        if not isinstance(codes, list) or not codes or any(c not in ART9_CATEGORIES for c in codes):
            raise _refuse(
                f"[documents] special_categories.{question} must list codes of Art. 9(1) GDPR, not {codes!r}", fix
            )
        found[question] = tuple(dict.fromkeys(codes))
    return found


class DocumentsSettings(BaseModel):
    """``[documents]``: the controller's statements for the data-protection documents."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    legal_basis: Annotated[Literal["consent", "public_interest", "research"] | None, PlainValidator(_legal_basis)] = (
        None
    )
    statutory_provision: Annotated[str | dict[str, str] | None, _text("statutory_provision")] = None
    """The national or Land provision with Art. 9(2)(g) or (j), e.g. BDSG §22 or §27; not needed for consent."""
    dpo: Annotated[str | dict[str, str] | None, _text("dpo")] = None
    collector: Annotated[str | dict[str, str] | None, _text("collector")] = None
    """Who runs the collecting server (it holds the public key and the pseudonym secret)."""
    key_holders: Annotated[str | dict[str, str] | None, _text("key_holders")] = None
    """Who holds the analysts' private key and its passphrase."""
    recipients: Annotated[list[str | dict[str, str]], _texts("recipients")] = []
    transfers: Annotated[str | dict[str, str] | None, _text("transfers")] = None
    publication: Annotated[str | dict[str, str] | None, _text("publication")] = None
    """When and where results are published (the methods note's schedule)."""
    special_categories: Annotated[dict[str, tuple[str, ...]], PlainValidator(_special_categories)] = {}

    @model_validator(mode="after")
    def _provision_for_statute(self) -> DocumentsSettings:
        if self.legal_basis in ("public_interest", "research") and self.statutory_provision is None:
            raise _refuse(
                f'[documents] legal_basis = "{self.legal_basis}" needs statutory_provision, the law that allows it',
                'e.g. statutory_provision = "§ 27 BDSG" or the provision of your Land\'s data protection act',
            )
        return self

    REQUIRED: ClassVar[tuple[str, ...]] = (
        "legal_basis",
        "dpo",
        "collector",
        "key_holders",
        "recipients",
        "transfers",
        "publication",
    )
    """What ``eqsurvey documents`` needs; the rest of eqsurvey works without any of it."""

    def missing(self) -> list[str]:
        return [key for key in self.REQUIRED if not getattr(self, key)]
