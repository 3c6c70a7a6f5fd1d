"""KoboToolbox's JSON form assets (formpack's ``content``) read as XLSForm sheets.

Translated columns are arrays, one entry per name in ``content.translations``;
they become one column per language (``label::Deutsch (de)``), as an XLSForm
spreadsheet writes them. The asset's id, title and deployed version are kept
as settings, since every submission names that version.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from instruments.xlsform.sheets import SHEETS, FormSheets, Sheet, SheetRow, cell_text
from instruments.xlsform.sheets import form_error as _fail

__all__ = ["read_json"]


def _kobo_cells(
    item: dict[str, Any], translated: set[str], translations: list[str | None], *, where: str, source: str, number: int
) -> dict[str, object]:
    cells: dict[str, object] = {}
    for key, value in item.items():
        if key.startswith("$"):
            continue  # KoboToolbox's own bookkeeping ($kuid, $xpath, ...); $autoname is used below
        if key in translated and isinstance(value, list):
            if len(value) != len(translations) or any(isinstance(v, (list, dict)) for v in value):
                raise _fail(
                    source,
                    "json-shape",
                    f"'{key}' of item {number} of {where} is not one text per translation "
                    f"({len(translations)}: {', '.join(t or '(default)' for t in translations)})",
                    f"give '{key}' as a list of {len(translations)} texts, null where a translation is missing",
                    row=number,
                )
            for lang, text in zip(translations, value, strict=True):
                cells[f"{key}::{lang}" if lang else key] = text
        else:
            cells[key] = value
    if "name" not in cells and isinstance(item.get("$autoname"), str):
        cells["name"] = item["$autoname"]
    listed = cells.pop("select_from_list_name", None)
    if listed and isinstance(cells.get("type"), str):
        cells["type"] = f"{cells['type']} {cell_text(listed)}"
    # KoboToolbox's form builder writes "or specify other" as a flag beside the type; XLSForm as a word in it.
    other = cells.pop("_or_other", None)
    if (other is True or cell_text(other).strip().lower() in ("true", "yes", "1")) and isinstance(
        cells.get("type"), str
    ):
        cells["type"] = f"{cells['type']} or_other"
    return cells


def _json_sheet(name: str, items: object, translated: set[str], translations: list[str | None], source: str) -> Sheet:
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise _fail(source, "json-shape", f"content.{name} is not a list of rows", f"give {name} as a list of objects")
    columns: list[str] = []
    rows: list[SheetRow] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise _fail(
                source,
                "json-shape",
                f"item {number} of content.{name} is not an object",
                "write each row as {…}",
                row=number,
            )
        found = _kobo_cells(item, translated, translations, where=f"content.{name}", source=source, number=number)
        cells = {k: text for k, v in found.items() if (text := cell_text(v))}
        columns += [k for k in cells if k not in columns]
        if cells:
            rows.append(SheetRow(number, cells))
    return Sheet(name, columns, rows)


def _kobo_languages(content: dict[str, Any], source: str) -> tuple[list[str | None], set[str]]:
    """The language of each entry of a translated column, and which columns are translated."""
    raw = content.get("translations") or [None]
    if not isinstance(raw, list) or not all(t is None or isinstance(t, str) for t in raw):
        raise _fail(
            source,
            "json-shape",
            "content.translations is not a list of language names",
            'write it as ["English (en)", "Deutsch (de)"], with null for a column without a language',
        )
    translations = [(t.strip() or None) if t else None for t in raw]
    twice = sorted({t or "(default)" for t in translations if translations.count(t) > 1})
    if twice:
        raise _fail(
            source,
            "json-shape",
            f"content.translations names {', '.join(twice)} more than once",
            "list each language once",
        )
    translated = content.get("translated") or ["label", "hint"]
    if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
        raise _fail(
            source,
            "json-shape",
            "content.translated is not a list of column names",
            'write it as ["label", "hint"]: the columns that hold one text per translation',
        )
    return translations, set(translated)


def read_json(path: Path, text: str) -> FormSheets:
    source = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            source,
            "json-syntax",
            f"this is not valid JSON: {exc.msg}",
            "check brackets, commas and quotes",
            line=exc.lineno,
        ) from None
    except RecursionError:
        raise _fail(
            source, "json-shape", "this JSON nests too deeply to be a form", "export the form from KoboToolbox again"
        ) from None
    content = data.get("content", data) if isinstance(data, dict) else None
    if not isinstance(content, dict):
        raise _fail(
            source,
            "json-shape",
            "this JSON has no form content",
            "export the form from KoboToolbox as JSON, with content.survey and content.choices",
        )
    translations, translated = _kobo_languages(content, source)
    sheets = {
        name: _json_sheet(name, content[name], translated, translations, source) for name in SHEETS if name in content
    }
    if isinstance(data, dict):
        # A KoboToolbox asset keeps its id, title and version beside the content. Its deployed version's id
        # is what every submission carries in __version__ (formpack's fixtures call it `version`); KoboToolbox
        # writes it over the settings' version when deploying, so it wins over that too.
        deployed = data.get("deployed_version_id") or data.get("version_id")
        outside = {
            "form_id": data.get("id_string") or data.get("uid"),
            "form_title": data.get("name"),
            "version": deployed or data.get("version"),
        }
        # KoboToolbox shows a form in its first translation unless told otherwise.
        outside["default_language"] = translations[0]
        settings = sheets.get("settings") or Sheet("settings", [], [SheetRow(0, {})])
        cells = settings.rows[0].cells if settings.rows else {}
        for key, value in outside.items():
            given = key in cells and not (key == "version" and isinstance(deployed, str) and deployed.strip())
            if not given and isinstance(value, str) and value.strip():
                if key not in cells:
                    settings.columns.append(key)
                cells[key] = value
        if cells:
            sheets["settings"] = Sheet(
                "settings", settings.columns, [SheetRow(settings.rows[0].number if settings.rows else 0, cells)]
            )
    return FormSheets(source, sheets, list(sheets))
