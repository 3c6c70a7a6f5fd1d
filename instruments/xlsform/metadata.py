"""What an imported form says about itself, for :mod:`.xlsform_import`.

The instrument's id and version (settings sheet; KoboToolbox's ``__version__`` calculate names the
version id its submissions carry, and wins), its title, purpose,
controller, legal basis, retention and contact (the ``eqsurvey-about``
group; placeholders and a note when a foreign form does not state them),
the library modules it uses (``eqsurvey_modules``) and its own wording of
"prefer not to say" (``eqsurvey_texts``). Sheets and settings eqsurvey does
not read are noted, and so is a "prefer not to say" choice worded otherwise
than the instrument words it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from instruments.importing import PLACEHOLDER, brief
from instruments.model import Instrument, is_semver
from instruments.text import DECLINED
from instruments.xlsform.columns import (
    CASES_SHEET,
    DECLINED_TEXT,
    EQ_MINUTES,
    META_TEXTS,
    MODULES_SHEET,
    OPTIONAL_META_TEXTS,
    TEXTS_SHEET,
)
from instruments.xlsform.questions import yes
from instruments.xlsform.reading import SHEETS
from instruments.xlsform.survey_sheet import SurveyReader

__all__ = ["PLACEHOLDER", "declined_labels", "identity", "leftover_sheets", "modules", "semantic_version"]

#: The calculate KoboToolbox adds to a deployed form; its value is the version id every submission carries.
VERSION_CALCULATE = "__version__"
_SETTINGS = ("form_title", "form_id", "version", "default_language", "allow_choice_duplicates", EQ_MINUTES)


def semantic_version(given: str) -> str:
    """The instrument version for a form's own version string; different strings never give the same version.

    A semantic version stays as it is; a whole number N (without leading
    zeros) becomes N.0.0; anything else (KoboToolbox's ``fcv1``, a date) is
    kept as SemVer build metadata of 1.0.0, with a digest of the original
    where characters had to be replaced.
    """
    if not given:
        return "1.0.0"
    if is_semver(given):
        return given
    if given.isascii() and given.isdigit() and (given == "0" or not given.startswith("0")):
        return f"{given}.0.0"
    build = re.sub(r"[^0-9A-Za-z-]+", "-", given).strip("-")[:60] or "v"
    if build != given:
        build += "." + hashlib.sha256(given.encode("utf-8")).hexdigest()[:10]
    return f"1.0.0+{build}"


def leftover_sheets(r: SurveyReader) -> None:
    """Note the sheets and settings eqsurvey does not read."""
    for key, sheet in r.form.sheets.items():
        if key not in (*SHEETS, MODULES_SHEET, CASES_SHEET, TEXTS_SHEET) and sheet.rows:
            r.ctx.note(
                "dropped-sheet",
                None,
                f"sheet '{sheet.name}' was not imported",
                "eqsurvey reads the survey, choices and settings sheets",
            )
    extra = [f"{k} = {brief(v)!r}" for k, v in r.settings.items() if k not in _SETTINGS]
    if extra:
        r.ctx.note(
            "dropped-setting",
            None,
            f"settings not imported: {'; '.join(extra)}",
            "eqsurvey keeps the form id, version, title and default language only",
        )


def identity(r: SurveyReader) -> dict[str, Any]:
    """The instrument's id, version, languages and the texts about it, from the settings and the about group."""
    settings, default = r.settings, r.ctx.default
    raw_id = settings.get("form_id", "").strip() or Path(r.ctx.source).stem
    iid = re.sub(r"[^a-z0-9_-]+", "-", raw_id.lower()).lstrip("-_")[:80] or "imported-form"
    if iid != raw_id:
        r.ctx.note(
            "renamed",
            None,
            f"the form id '{raw_id}' is not a valid instrument id; it is now '{iid}'",
            "set form_id in the settings sheet to lower-case letters, digits, '-' and '_'",
        )
    given = _carried_version(r) or settings.get("version", "").strip()
    version = semantic_version(given)
    if given and version != given:
        r.ctx.note(
            "version",
            None,
            f"version '{given}' is not a semantic version; the instrument's version is {version} "
            f"and source_version keeps '{given}'",
            "keep both: stored answers name the version they were collected under; "
            "see the README's section on form versions",
        )
    meta = r.meta
    missing = [key for key in META_TEXTS if key not in meta]
    if missing:
        r.ctx.note(
            "missing-metadata",
            None,
            f"the form does not state its {', '.join(missing)}; eqsurvey wrote '{PLACEHOLDER}'",
            "fill them in before collecting any answer: respondents "
            "must learn the purpose, controller, legal basis, retention and contact",
        )
    title = meta.get("title") or {default: settings.get("form_title") or raw_id}
    texts = {key: meta.get(key) or {default: PLACEHOLDER} for key in META_TEXTS}
    data: dict[str, Any] = {
        "id": iid,
        "version": version,
        **({"source_version": given[:200]} if given and version != given else {}),
        "title": title,
        "languages": r.ctx.langs,
        "default_language": default,
        **texts,
        **{key: meta[key] for key in OPTIONAL_META_TEXTS if meta.get(key)},
    }
    minutes = settings.get(EQ_MINUTES, "").strip()
    if minutes:
        # A number the instrument's own check then holds to its bounds; anything else is named here.
        if minutes.isdigit():
            data["estimated_minutes"] = int(minutes)
        else:
            r.ctx.note(
                "dropped-setting",
                None,
                f"setting {EQ_MINUTES} = {brief(minutes)!r} is not a whole number of minutes and was not imported",
                "write the minutes most respondents need as a whole number, e.g. 15",
            )
    own = _own_texts(r).get(DECLINED_TEXT)
    if own is not None:
        data["prefer_not_to_say_label"] = own
    return data


def _carried_version(r: SurveyReader) -> str | None:
    """The literal of a ``__version__`` calculate: KoboToolbox's deployed version id, which submissions carry.

    KoboToolbox adds it to every form it deploys (and to the XLSForm it downloads), while the settings'
    version there reads "3 (2024-03-01 12:00:00)": the calculate names the version submissions name.
    """
    for raw in r.form.sheet("survey").rows:
        row = r.ctx.normal(raw)
        if row.get("name").strip() == VERSION_CALCULATE and row.get("type").strip().lower() == "calculate":
            found = re.fullmatch(r"\s*(['\"])([^'\"]+)\1\s*", row.get("calculation"))
            return found.group(2).strip() if found else None
    return None


def _own_texts(r: SurveyReader) -> dict[str, dict[str, str]]:
    """The eqsurvey_texts sheet: wording eqsurvey would otherwise supply itself, by name."""
    found: dict[str, dict[str, str]] = {}
    for raw in r.form.sheet(TEXTS_SHEET).rows:
        row = r.ctx.normal(raw)
        name = row.get("name").strip()
        if name != DECLINED_TEXT:
            r.ctx.note(
                "dropped-text",
                row,
                f"row '{name}' of sheet {TEXTS_SHEET} was not imported",
                f"eqsurvey reads the row '{DECLINED_TEXT}' there (name it so, or delete the row)",
                sheet=TEXTS_SHEET,
            )
            continue
        found[name] = r.ctx.text(row, "label")
        r.ctx.leftover(row, name, {"name", "label"})
    return found


def declined_labels(r: SurveyReader, instrument: Instrument) -> None:
    """Note each list whose 'prefer not to say' reads otherwise than the instrument's wording."""
    for list_name, row in r.ctx.declined_rows.items():
        text = r.ctx.text(row, "label")
        differ = [f"{lang}: '{t}'" for lang, t in text.items() if t != instrument.declined_label(lang)]
        if differ:
            wording = ", ".join(f"{lang}: '{instrument.declined_label(lang)}'" for lang in text)
            r.ctx.note(
                "declined-label",
                row,
                f"the label of '{DECLINED}' in list '{list_name}' ({', '.join(differ)}) was not imported; "
                f"eqsurvey words it the same for every question ({wording})",
                f"to keep your wording, write it in a sheet {TEXTS_SHEET} (columns name, label::…; "
                f"row name {DECLINED_TEXT}), or as prefer_not_to_say_label in the instrument",
                sheet="choices",
            )


def modules(r: SurveyReader) -> list[dict[str, Any]]:
    """The library modules the form uses (its eqsurvey_modules sheet)."""
    modules = []
    for raw in r.form.sheet(MODULES_SHEET).rows:
        row = r.ctx.normal(raw)
        source = {k: row.get(k) for k in ("citation", "url", "notes") if row.get(k)}
        modules.append(
            {
                "id": row.get("id"),
                "version": row.get("version"),
                "title": r.ctx.complete(r.ctx.text(row, "title"), row, "module title", row.get("id")),
                "source": source,
                "locked": bool(yes(row.get("locked"))),
                "questions": row.get("questions").split(),
                "derived": row.get("derived").split(),
            }
        )
    return modules
