"""Which special categories of personal data (Art. 9(1) GDPR) a question's answers reveal.

The instrument marks a question ``privacy: special_category`` without naming which category.
The library's modules are known here; a question of the project's own is named by the
controller in ``[documents] special_categories``; one named by neither is listed as possibly
revealing any category, the cautious reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from instruments.model import Instrument

#: Library modules (by id) whose special-category questions reveal these categories.
LIBRARY: dict[str, tuple[str, ...]] = {
    "racialisation": ("racial_ethnic_origin",),
    "religion": ("religious_beliefs",),
    "sexual_orientation": ("sex_life_orientation",),
    "gender_identity": ("sex_life_orientation",),
    "wg_short_set": ("health",),
    # Experiences and grounds of discrimination name the ground: origin, religion, disability, sexuality.
    "discrimination_experiences": ("racial_ethnic_origin", "religious_beliefs", "health", "sex_life_orientation"),
    "discrimination_grounds": ("racial_ethnic_origin", "religious_beliefs", "health", "sex_life_orientation"),
}


@dataclass(frozen=True)
class SpecialQuestion:
    question: str
    categories: tuple[str, ...]
    """Codes of Art. 9(1); empty: not narrowed down, may reveal any."""


def special_questions(instrument: Instrument, stated: dict[str, tuple[str, ...]]) -> list[SpecialQuestion]:
    """Every special-category question, in the instrument's order, with the categories it reveals."""
    by_module = {q: module.id for module in instrument.modules for q in module.questions}
    found = []
    for question in instrument.questions():
        if question.privacy != "special_category":
            continue
        codes = stated.get(question.id) or LIBRARY.get(by_module.get(question.id, ""), ())
        found.append(SpecialQuestion(question.id, codes))
    return found
