"""The instruments package's gettext catalogues (:mod:`kernel.i18n`), one object for the whole package.

``instruments/locales/<folder>/LC_MESSAGES/instruments.po`` translate the printable
questionnaire's frame (:mod:`instruments.printable.wording`) and the skip instructions
(:mod:`instruments.expressions.describe_wording`);
English is the text in the code. One object, so each language is read and compiled once.
"""

from __future__ import annotations

from kernel.i18n import Catalogues

CATALOGUES = Catalogues("instruments")
