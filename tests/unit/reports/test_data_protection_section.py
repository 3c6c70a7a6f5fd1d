"""The report's data protection section states the legal basis neutrally; the respondents' rights are the
form's, never the report's."""

from __future__ import annotations

import re

import pytest

from reports.render import render_release
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.html import parse
from tests.unit.reports.releases import release, typed

LEGAL_BASIS = {
    "de": "Ausdrückliche Einwilligung der Befragten nach Art. 9 Abs. 2 lit. a DSGVO.",
    "en": "Explicit consent of the respondents under Art. 9(2)(a) GDPR.",
}
RIGHTS = {
    "de": "Sie können Ihre Einwilligung jederzeit widerrufen.",
    "en": "You can withdraw your consent at any time.",
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_shows_the_legal_basis_and_not_the_rights(lang: str) -> None:
    instrument = INSTRUMENT.model_copy(update={"legal_basis": LEGAL_BASIS, "rights": RIGHTS})
    out = render_release(typed(release()), instrument, lang, "html", fieldwork="Mai 2026")
    assert isinstance(out, str)
    text = " ".join(parse(out).find("body").text.split())
    heading = {"de": "Datenschutz", "en": "Data protection"}[lang]
    section = text[text.index(heading) :]
    assert LEGAL_BASIS[lang] in section
    assert RIGHTS[lang] not in text
    assert not re.search(r"\bSie können\b|\bYou can withdraw\b", text)
