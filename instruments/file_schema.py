"""The JSON Schema of the instrument file format itself, for editors.

Point an editor's YAML language server at it (``# yaml-language-server:
$schema=instrument.schema.json``) to get completion and checks while writing
an instrument. It is the resolved model's schema, plus ``use:`` module
references inside a section's question list.
"""

from __future__ import annotations

from typing import Any

from instruments.model import Instrument

_MODULE_USE = {
    "type": "object",
    "title": "Module reference",
    "description": "Insert the questions of a library module, e.g. use: wg_short_set@1",
    "properties": {"use": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*@\d+$"}},
    "required": ["use"],
    "additionalProperties": False,
}


def instrument_file_schema() -> dict[str, Any]:
    schema = Instrument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "eqsurvey instrument"
    defs = schema["$defs"]
    defs["ModuleUse"] = _MODULE_USE
    questions = defs["Section"]["properties"]["questions"]
    items = questions["items"]
    # A discriminated union becomes oneOf + discriminator; a module reference has
    # no 'type', so it is offered beside the union rather than inside it.
    questions["items"] = {"anyOf": [items, {"$ref": "#/$defs/ModuleUse"}]}
    defs.pop("Instrument", None)
    return schema
