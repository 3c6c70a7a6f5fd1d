"""The information for respondents (GDPR Art. 13) and the consent text, from one source for every medium.

- ``content``: :func:`respondent_info` builds a :class:`RespondentInfo` (title, :class:`InfoItem` s in the
  order of :data:`ITEM_KEYS`, :class:`ConsentStatement` s) of an instrument in one of its languages; every
  :class:`Text` carries the language it is written in.
- ``plain``: the information as plain text (:func:`plain_text`), one item's body as a line
  (:func:`item_text`).
- ``wording``: the headings and eqsurvey's own statements, translated in the ``instruments`` catalogues.

The web form's welcome page, the printable questionnaire's facts and the data protection documents all
render these items, so what respondents read online and what the documents print is the same text.
"""

from instruments.respondent_info.content import (
    ITEM_KEYS,
    ConsentStatement,
    InfoItem,
    RespondentInfo,
    Text,
    respondent_info,
)
from instruments.respondent_info.plain import item_text, plain_text

__all__ = [
    "ITEM_KEYS",
    "ConsentStatement",
    "InfoItem",
    "RespondentInfo",
    "Text",
    "item_text",
    "plain_text",
    "respondent_info",
]
