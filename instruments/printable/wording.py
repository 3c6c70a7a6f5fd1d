"""The printable questionnaire's own wording in English and German (Easy German: :mod:`.render_easy`).

Every language has the same keys and placeholders; :func:`.render.ui_messages` picks one.
"""

from __future__ import annotations

from instruments.printable.wording_easy import EASY_GERMAN_UI

UI: dict[str, dict[str, str]] = {
    "en": {
        "purpose": "Purpose",
        "controller": "Responsible body (controller)",
        "legal_basis": "Legal basis",
        "rights": "Your rights",
        "retention": "How long the answers are kept",
        "contact": "Contact",
        "duration": "Time needed",
        "duration_text": "About {n} minutes.",
        "duration_one": "About one minute.",
        "voluntary": "Taking part is voluntary",
        "voluntary_text": "You decide whether to take part. All questions are voluntary: you may leave out any "
        "question you do not want to answer.",
        "voluntary_declined": "You can also tick “{declined}”.",
        "voluntary_required": "You decide whether to take part. All questions except those marked “required” are "
        "voluntary: you may leave the others out, but the marked ones must be answered for your questionnaire to "
        "be used.",
        "required": "required",
        "tick_one": "Tick one answer.",
        "tick_all": "Tick all that apply.",
        "tick_all_max": "Tick all that apply (at most {n}).",
        "exclusive": "tick only on its own",
        "tick_scale": "Tick one point of the scale.",
        "tick_rows": "Tick one answer in each row.",
        "whole_number": "Write a whole number from {min} to {max}.",
        "any_number": "Write a number from {min} to {max}.",
        "your_answer": "Your answer",
        "text_limit": "At most {n} characters.",
        "self_description": "Describe yourself in your own words.",
        "consent_yes": "Yes, I agree",
        "consent_no": "No",
        "instrument": "Questionnaire {id}, version {version}, content fingerprint {hash}",
        "language": "Language: {name}",
        "modules": "Question modules used and their sources",
        "locked": "wording fixed by the source",
    },
    "de": {
        "purpose": "Zweck der Befragung",
        "controller": "Verantwortliche Stelle",
        "legal_basis": "Rechtsgrundlage",
        "rights": "Ihre Rechte",
        "retention": "Wie lange die Antworten aufbewahrt werden",
        "contact": "Kontakt",
        "duration": "Zeitbedarf",
        "duration_text": "Etwa {n} Minuten.",
        "duration_one": "Etwa eine Minute.",
        "voluntary": "Die Teilnahme ist freiwillig",
        "voluntary_text": "Sie entscheiden, ob Sie teilnehmen. Alle Fragen sind freiwillig: Jede Frage, die Sie "
        "nicht beantworten möchten, können Sie auslassen.",
        "voluntary_declined": "Sie können auch „{declined}“ ankreuzen.",
        "voluntary_required": "Sie entscheiden, ob Sie teilnehmen. Alle Fragen außer den als „Pflichtangabe“ "
        "markierten sind freiwillig: Die übrigen können Sie auslassen, die markierten müssen beantwortet sein, "
        "damit Ihr Fragebogen ausgewertet werden kann.",
        "required": "Pflichtangabe",
        "tick_one": "Bitte kreuzen Sie eine Antwort an.",
        "tick_all": "Bitte kreuzen Sie alles Zutreffende an.",
        "tick_all_max": "Bitte kreuzen Sie alles Zutreffende an (höchstens {n}).",
        "exclusive": "nur allein ankreuzen",
        "tick_scale": "Bitte kreuzen Sie einen Punkt der Skala an.",
        "tick_rows": "Bitte kreuzen Sie in jeder Zeile eine Antwort an.",
        "whole_number": "Bitte tragen Sie eine ganze Zahl von {min} bis {max} ein.",
        "any_number": "Bitte tragen Sie eine Zahl von {min} bis {max} ein.",
        "your_answer": "Ihre Antwort",
        "text_limit": "Höchstens {n} Zeichen.",
        "self_description": "Beschreiben Sie sich mit Ihren eigenen Worten.",
        "consent_yes": "Ja, ich willige ein",
        "consent_no": "Nein",
        "instrument": "Fragebogen {id}, Version {version}, Inhalts-Prüfsumme {hash}",
        "language": "Sprache: {name}",
        "modules": "Verwendete Fragenmodule und ihre Quellen",
        "locked": "Wortlaut von der Quelle festgelegt",
    },
    "de-x-ls": EASY_GERMAN_UI,  # German Easy Language (Leichte Sprache), in its own module
}
