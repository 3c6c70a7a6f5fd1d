"""The wording of plain-language skip instructions (:mod:`.describe`), in English and German."""

from __future__ import annotations

# Wording by key: (English, German). Both columns are filled by construction, so no key is ever
# missing in one language; a new language is a new column plus an entry in LANGUAGES.
WORDING: dict[str, tuple[str, str]] = {
    "only_if": ("Only if {clause}", "Nur wenn {clause}"),
    "always": ("Always", "Immer"),
    "never": ("Never", "Nie"),
    "in_every_case": ("in every case", "in jedem Fall"),
    "in_no_case": ("in no case", "in keinem Fall"),
    "question": ("question {n}", "Frage {n}"),
    "question_row": ("question {n} ({row})", "Frage {n} ({row})"),
    "unknown_question": ("question '{id}'", "Frage '{id}'"),
    "answered_with": ("you answered {labels} to {q}", "Sie bei {q} {labels} angekreuzt haben"),
    "answered_other": (
        "you gave an answer other than {labels} to {q}",
        "Sie bei {q} etwas anderes als {labels} angekreuzt haben",
    ),
    "ticked": ("you ticked {labels} at {q}", "Sie bei {q} {labels} angekreuzt haben"),
    "any_row": (
        "you answered {labels} in at least one row of {q}",
        "Sie bei {q} in mindestens einer Zeile {labels} angekreuzt haben",
    ),
    "some_rows": (
        "you answered {labels} in at least one of the rows {rows} of {q}",
        "Sie bei {q} in mindestens einer der Zeilen {rows} {labels} angekreuzt haben",
    ),
    "answered_without": (
        "you answered {q} without ticking {labels}",
        "Sie {q} beantwortet, aber {labels} nicht angekreuzt haben",
    ),
    "not_ticked": ("you did not tick {labels} at {q}", "Sie bei {q} {labels} nicht angekreuzt haben"),
    "answered": ("you answered {q}", "Sie {q} beantwortet haben"),
    "not_answered": ("you did not answer {q}", "Sie {q} nicht beantwortet haben"),
    "consent_given": ("you gave your consent at {q}", "Sie bei {q} Ihre Einwilligung gegeben haben"),
    "consent_refused": ("you did not give your consent at {q}", "Sie bei {q} Ihre Einwilligung nicht gegeben haben"),
    "applies": ("{label} applies to you", "{label} auf Sie zutrifft"),
    "not_applies": ("{label} does not apply to you", "{label} nicht auf Sie zutrifft"),
    "in_group": ("you are in the group {labels} of {label}", "Sie bei {label} zur Gruppe {labels} gehören"),
    "other_group": (
        "you are in a group of {label} other than {labels}",
        "Sie bei {label} zu einer anderen Gruppe als {labels} gehören",
    ),
    "your_answer": ("your answer to {q}", "Ihre Antwort bei {q}"),
    "count_of": ("the number of answers you ticked at {q}", "die Zahl der Antworten, die Sie bei {q} angekreuzt haben"),
    "ticked_count": ("you ticked {qty} at {q}", "Sie bei {q} {qty} angekreuzt haben"),
    "noun_one": ("answer", "Antwort"),
    "noun_many": ("answers", "Antworten"),
    "qty_==": ("exactly {v} {noun}", "genau {v} {noun}"),
    "qty_!=": ("a number of {many} other than {v}", "eine andere Anzahl als {v} {many}"),
    "qty_<": ("fewer than {v} {noun}", "weniger als {v} {noun}"),
    "qty_<=": ("at most {v} {noun}", "höchstens {v} {noun}"),
    "qty_>": ("more than {v} {noun}", "mehr als {v} {noun}"),
    "qty_>=": ("at least {v} {noun}", "mindestens {v} {noun}"),
    "cmp_==": ("{s} is {v}", "{s} {v} ist"),
    "cmp_!=": ("{s} is not {v}", "{s} nicht {v} ist"),
    "cmp_<": ("{s} is less than {v}", "{s} kleiner als {v} ist"),
    "cmp_<=": ("{s} is at most {v}", "{s} höchstens {v} ist"),
    "cmp_>": ("{s} is more than {v}", "{s} größer als {v} ist"),
    "cmp_>=": ("{s} is at least {v}", "{s} mindestens {v} ist"),
    "in": ("{s} is one of {vs}", "{s} einer der Werte {vs} ist"),
    "not_in": ("{s} is none of {vs}", "{s} keiner der Werte {vs} ist"),
    "and": ("and", "und"),
    "or": ("or", "oder"),
    "yes": ("Yes", "Ja"),
    "no": ("No", "Nein"),
    "decimal": (".", ","),
    "fallback": ("the condition {code} holds", "die Bedingung {code} erfüllt ist"),
}
LANGUAGES = ("en", "de")
MESSAGES = {lang: {key: words[i] for key, words in WORDING.items()} for i, lang in enumerate(LANGUAGES)}
