"""Editing the instrument file in forms, with the file staying the source of truth.

Modules and their roles:

- ``document``: the file as a round-trip YAML document (ruamel.yaml): comments, key
  order, indentation and text styles kept; new long texts written as folded paragraphs.
- ``edits``: the edits (the survey's own texts, sections' texts, own questions and
  their options, order, skip logic, modules from the library, translations);
  ``applying``: each applied to the document; library modules' questions are refused,
  locked ones saying so.
- ``fields``: the validator's problems keyed by the form field they concern.
- ``versioning``: the version an edit needs, measured from the last version by the diff.
- ``saving``: read, edit, validate, raise the version and write atomically, refusing a
  file changed on disk since it was read; errors refuse a save, warnings do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy import lazy_exports

_PUBLIC = {
    "AddLanguage": "instruments.editing.edits",
    "AddModule": "instruments.editing.edits",
    "AddOption": "instruments.editing.edits",
    "AddQuestion": "instruments.editing.edits",
    "Edit": "instruments.editing.edits",
    "SetRowLabel": "instruments.editing.edits",
    "SetPointLabel": "instruments.editing.edits",
    "SetBounds": "instruments.editing.edits",
    "RemoveRow": "instruments.editing.edits",
    "RemovePoint": "instruments.editing.edits",
    "AddRow": "instruments.editing.edits",
    "AddPoint": "instruments.editing.edits",
    "EditResult": "instruments.editing.saving",
    "InstrumentFile": "instruments.editing.saving",
    "MoveQuestion": "instruments.editing.edits",
    "OWN_TEXTS": "instruments.editing.edits",
    "RemoveModule": "instruments.editing.edits",
    "RemoveOption": "instruments.editing.edits",
    "RemoveQuestion": "instruments.editing.edits",
    "SetCondition": "instruments.editing.edits",
    "SetOptionLabel": "instruments.editing.edits",
    "SetQuestionText": "instruments.editing.edits",
    "SetSectionText": "instruments.editing.edits",
    "SetText": "instruments.editing.edits",
    "apply_edit": "instruments.editing.applying",
    "edit_instrument": "instruments.editing.saving",
    "keyed": "instruments.editing.fields",
    "needed_version": "instruments.editing.versioning",
    "read_instrument_file": "instruments.editing.saving",
}

__all__ = [
    "OWN_TEXTS",
    "AddLanguage",
    "AddModule",
    "AddOption",
    "AddPoint",
    "AddQuestion",
    "AddRow",
    "Edit",
    "EditResult",
    "InstrumentFile",
    "MoveQuestion",
    "RemoveModule",
    "RemoveOption",
    "RemovePoint",
    "RemoveQuestion",
    "RemoveRow",
    "SetBounds",
    "SetCondition",
    "SetOptionLabel",
    "SetPointLabel",
    "SetQuestionText",
    "SetRowLabel",
    "SetSectionText",
    "SetText",
    "apply_edit",
    "edit_instrument",
    "keyed",
    "needed_version",
    "read_instrument_file",
]

if TYPE_CHECKING:  # the real types for type checkers; at run time each name is imported on first use
    from instruments.editing.applying import apply_edit
    from instruments.editing.edits import (
        OWN_TEXTS,
        AddLanguage,
        AddModule,
        AddOption,
        AddPoint,
        AddQuestion,
        AddRow,
        Edit,
        MoveQuestion,
        RemoveModule,
        RemoveOption,
        RemovePoint,
        RemoveQuestion,
        RemoveRow,
        SetBounds,
        SetCondition,
        SetOptionLabel,
        SetPointLabel,
        SetQuestionText,
        SetRowLabel,
        SetSectionText,
        SetText,
    )
    from instruments.editing.fields import (
        keyed,
    )
    from instruments.editing.saving import (
        EditResult,
        InstrumentFile,
        edit_instrument,
        read_instrument_file,
    )
    from instruments.editing.versioning import (
        needed_version,
    )
else:
    __getattr__ = lazy_exports(__name__, _PUBLIC)
