"""Wording of the record of processing activities (Art. 30(1) GDPR)."""

from __future__ import annotations

from kernel.i18n import Msg

TITLE = Msg("record.title", "Record of processing activities (Art. 30(1) GDPR)")
NAME = Msg("record.name", "Processing activity")
SURVEY = Msg("record.survey", "Survey “{title}” (instrument {instrument}, version {version}).")
FIELDWORK = Msg("record.fieldwork", "Fieldwork: {fieldwork}.")
SIMULATED = Msg(
    "record.simulated",
    "This project is marked as a demonstration ([survey] simulated = true): its form collects nothing real.",
)
CONTROLLER = Msg("record.controller", "Controller and contact (Art. 30(1)(a))")
CONTROLLER_IS = Msg("record.controller_is", "Controller:")
CONTACT_IS = Msg("record.contact_is", "Contact for the survey:")
DPO_IS = Msg("record.dpo_is", "Data protection officer:")
PURPOSES = Msg("record.purposes", "Purposes of the processing (Art. 30(1)(b))")
BASIS = Msg("record.basis", "Legal basis")
SUBJECTS = Msg("record.subjects", "Categories of data subjects (Art. 30(1)(c))")
PARTNERS = Msg(
    "record.partners",
    "Partner organisations that review the questionnaire: the organisation’s name, its decision and comments "
    "(organisations so far: {count}).",
)
DATA = Msg("record.data", "Categories of personal data (Art. 30(1)(c))")
DATA_INTRO = Msg(
    "record.data_intro",
    "The questionnaire has {questions} questions. By their privacy class in the instrument:",
)
DATA_CAPTION = Msg("record.data_caption", "Questions by privacy class")
COL_CLASS = Msg("record.col_class", "Privacy class")
COL_COUNT = Msg("record.col_count", "Questions")
COL_IDS = Msg("record.col_ids", "Question ids")
SPECIAL = Msg("record.special", "Special categories of personal data (Art. 9(1) GDPR)")
SPECIAL_CAPTION = Msg("record.special_caption", "Questions whose answers reveal special categories")
COL_QUESTION = Msg("record.col_question", "Question")
COL_CATEGORIES = Msg("record.col_categories", "Special categories")
NO_SPECIAL = Msg("record.no_special", "No question of the instrument is classed as a special category.")
TECHNICAL = Msg(
    "record.technical",
    "With each answer the store keeps a keyed pseudonym, the instrument’s id and version and the day of arrival.",
)
RECIPIENTS = Msg("record.recipients", "Recipients (Art. 30(1)(d))")
TRANSFERS = Msg("record.transfers", "Transfers to third countries (Art. 30(1)(e))")
RETENTION = Msg("record.retention", "Time limits for erasure (Art. 30(1)(f))")
MEASURES = Msg("record.measures", "Technical and organisational measures (Art. 30(1)(g), Art. 32)")
