"""``or_other``: a choice question's "Other" option and the text question that keeps what was written.

pyxform turns ``select_one list or_other`` (KoboToolbox: ``"_or_other": true``)
into the list plus an option ``other`` and a text field ``NAME_other`` asked
when ``other`` is picked; exports then carry the written text in the column
``NAME_other``. eqsurvey does the same, so those answers are accepted and
their text kept.

The form gives no wording for either, so eqsurvey words them itself, but only
in the languages it has words for (:mod:`instruments.option_defaults`, whose
gettext catalogues hold them; a tag is matched exactly). For any other language of
the form the text is left missing, which ``eqsurvey instrument translations``
then lists, rather than English passed off as a translation. Only the default
language, which every text needs, falls back to another language's words,
with a note.
"""

from __future__ import annotations

from typing import Any

from instruments.expressions import syntax as ex
from instruments.option_defaults import OTHER_OPTION, OTHER_SPECIFY, languages, text_in
from instruments.xlsform.questions import Context
from instruments.xlsform.reading import SheetRow
from kernel.i18n import Msg

__all__ = ["other_question"]


def _worded(ctx: Context, row: SheetRow, msg: Msg, what: str) -> dict[str, str]:
    text = {lang: text_in(msg, lang) for lang in ctx.langs if lang in languages()}
    if ctx.default in text:
        return text
    return ctx.complete(text, row, what, "other")


def other_question(ctx: Context, row: SheetRow, q: dict[str, Any]) -> dict[str, Any]:
    """Add the option ``other`` to ``q`` (unless its list has one) and return the text question beside it."""
    name = row.get("name")
    if "other" not in {o["code"] for o in q["options"]}:
        q["options"].append(
            {"code": "other", "label": _worded(ctx, row, OTHER_OPTION, f"the option 'other' of '{name}'")}
        )
    oid = ctx.identifier(f"{name}_other", None)
    ctx.fields[f"{name}_other"] = ex.Ref(oid)
    missing = [lang for lang in ctx.langs if lang not in languages()]
    ctx.note(
        "or-other",
        row,
        f"'or other' became option 'other' and the text question '{oid}'"
        + (f"; their {', '.join(missing)} wording is missing" if missing else ""),
        "check the new question"
        + (" and translate them (eqsurvey instrument translations lists them)" if missing else ""),
        q["id"],
    )
    return {
        "id": oid,
        "type": "text",
        "label": _worded(ctx, row, OTHER_SPECIFY, f"the text question '{oid}'"),
        "relevant": f"selected({q['id']}, 'other')",
        "prefer_not_to_say": False,
        # What people write beside a category says as much as the category itself.
        "privacy": q.get("privacy", "other"),
    }
