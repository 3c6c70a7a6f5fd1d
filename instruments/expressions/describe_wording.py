"""The wording of plain-language skip instructions (:mod:`.describe`): English, German, Easy German.

German Easy Language (Leichte Sprache, ``de-x-ls``) follows the rules of the Netzwerk Leichte
Sprache and DIN SPEC 33429, as the web form's Easy German does (``survey/web/messages_easy.py``).
Its fragments are main clauses with the verb second ("Sie haben bei Frage 3 „Ja“ angekreuzt"),
not the verb-final subordinate clauses of "Nur wenn …", and the condition is asked as a question
followed by what to do: "Sie haben bei Frage 3 „Ja“ angekreuzt? Dann beantworten Sie das. Sonst
lassen Sie das weg." :func:`.describe.describe_condition` writes the first letter in capitals,
as a clause may begin with a lower-case word ("die Zahl von Ihren Kreuzen …").
"""

from __future__ import annotations

# Wording by key: (English, German, Easy German). All columns are filled by construction, so no key
# is ever missing in one language; a new language is a new column plus an entry in LANGUAGES.
# The printable page puts a full stop after a whole instruction ("only_if", "always", "never").
WORDING: dict[str, tuple[str, str, str]] = {
    "only_if": (
        "Only if {clause}",
        "Nur wenn {clause}",
        "{clause}? Dann beantworten Sie das. Sonst lassen Sie das weg",
    ),
    "always": ("Always", "Immer", "Beantworten Sie das immer"),
    "never": ("Never", "Nie", "Lassen Sie das immer weg"),
    "in_every_case": ("in every case", "in jedem Fall", "das stimmt immer"),
    "in_no_case": ("in no case", "in keinem Fall", "das stimmt nie"),
    # Typographic quotes of each language: English “…”, German „…“ (as Duden and DIN 5008 write them).
    "quote": ("“{text}”", "„{text}“", "„{text}“"),
    "question": ("question {n}", "Frage {n}", "Frage {n}"),
    "question_row": ("question {n} ({row})", "Frage {n} ({row})", "Frage {n} in der Zeile „{row}“"),
    "unknown_question": ("question “{id}”", "Frage „{id}“", "Frage „{id}“"),
    "answered_with": (
        "you answered {labels} to {q}",
        "Sie bei {q} {labels} angekreuzt haben",
        "Sie haben bei {q} {labels} angekreuzt",
    ),
    "answered_other": (
        "you gave an answer other than {labels} to {q}",
        "Sie bei {q} etwas anderes als {labels} angekreuzt haben",
        "Sie haben bei {q} eine andere Antwort als {labels} angekreuzt",
    ),
    "ticked": (
        "you ticked {labels} at {q}",
        "Sie bei {q} {labels} angekreuzt haben",
        "Sie haben bei {q} {labels} angekreuzt",
    ),
    "any_row": (
        "you answered {labels} in at least one row of {q}",
        "Sie bei {q} in mindestens einer Zeile {labels} angekreuzt haben",
        "Sie haben bei {q} mindestens 1 Mal {labels} angekreuzt",
    ),
    "some_rows": (
        "you answered {labels} in at least one of the rows {rows} of {q}",
        "Sie bei {q} in mindestens einer der Zeilen {rows} {labels} angekreuzt haben",
        "Sie haben bei {q} in den Zeilen {rows} mindestens 1 Mal {labels} angekreuzt",
    ),
    "answered_without": (
        "you answered {q} without ticking {labels}",
        "Sie {q} beantwortet, aber {labels} nicht angekreuzt haben",
        "Sie haben {q} beantwortet, aber {labels} nicht angekreuzt",
    ),
    "not_ticked": (
        "you did not tick {labels} at {q}",
        "Sie bei {q} {labels} nicht angekreuzt haben",
        "Sie haben bei {q} {labels} nicht angekreuzt",
    ),
    "answered": ("you answered {q}", "Sie {q} beantwortet haben", "Sie haben {q} beantwortet"),
    "not_answered": ("you did not answer {q}", "Sie {q} nicht beantwortet haben", "Sie haben {q} nicht beantwortet"),
    "consent_given": (
        "you gave your consent at {q}",
        "Sie bei {q} Ihre Einwilligung gegeben haben",
        "Sie haben bei {q} zugestimmt",
    ),
    "consent_refused": (
        "you did not give your consent at {q}",
        "Sie bei {q} Ihre Einwilligung nicht gegeben haben",
        "Sie haben bei {q} nicht zugestimmt",
    ),
    "applies": ("{label} applies to you", "{label} auf Sie zutrifft", "{label} passt zu Ihnen"),
    "not_applies": ("{label} does not apply to you", "{label} nicht auf Sie zutrifft", "{label} passt nicht zu Ihnen"),
    "in_group": (
        "you are in the group {labels} of {label}",
        "Sie bei {label} zur Gruppe {labels} gehören",
        "Sie gehören bei {label} zu der Gruppe {labels}",
    ),
    "other_group": (
        "you are in a group of {label} other than {labels}",
        "Sie bei {label} zu einer anderen Gruppe als {labels} gehören",
        "Sie gehören bei {label} zu einer anderen Gruppe als {labels}",
    ),
    "your_answer": ("your answer to {q}", "Ihre Antwort bei {q}", "Ihre Antwort bei {q}"),
    "count_of": (
        "the number of answers you ticked at {q}",
        "die Zahl der Antworten, die Sie bei {q} angekreuzt haben",
        "die Zahl von Ihren Kreuzen bei {q}",
    ),
    "ticked_count": (
        "you ticked {qty} at {q}",
        "Sie bei {q} {qty} angekreuzt haben",
        "Sie haben bei {q} {qty} angekreuzt",
    ),
    "noun_one": ("answer", "Antwort", "Antwort"),
    "noun_many": ("answers", "Antworten", "Antworten"),
    "qty_==": ("exactly {v} {noun}", "genau {v} {noun}", "genau {v} {noun}"),
    "qty_!=": (
        "a number of {many} other than {v}",
        "eine andere Anzahl als {v} {many}",
        "mehr oder weniger als {v} {many}",
    ),
    "qty_<": ("fewer than {v} {noun}", "weniger als {v} {noun}", "weniger als {v} {noun}"),
    "qty_<=": ("at most {v} {noun}", "höchstens {v} {noun}", "höchstens {v} {noun}"),
    "qty_>": ("more than {v} {noun}", "mehr als {v} {noun}", "mehr als {v} {noun}"),
    "qty_>=": ("at least {v} {noun}", "mindestens {v} {noun}", "mindestens {v} {noun}"),
    "cmp_==": ("{s} is {v}", "{s} {v} ist", "{s} ist {v}"),
    "cmp_!=": ("{s} is not {v}", "{s} nicht {v} ist", "{s} ist nicht {v}"),
    "cmp_<": ("{s} is less than {v}", "{s} kleiner als {v} ist", "{s} ist kleiner als {v}"),
    "cmp_<=": ("{s} is at most {v}", "{s} höchstens {v} ist", "{s} ist höchstens {v}"),
    "cmp_>": ("{s} is more than {v}", "{s} größer als {v} ist", "{s} ist größer als {v}"),
    "cmp_>=": ("{s} is at least {v}", "{s} mindestens {v} ist", "{s} ist mindestens {v}"),
    "in": ("{s} is one of {vs}", "{s} einer der Werte {vs} ist", "{s} ist {vs}"),
    "not_in": ("{s} is none of {vs}", "{s} keiner der Werte {vs} ist", "{s} ist etwas anderes als {vs}"),
    "and": ("and", "und", "und"),
    "or": ("or", "oder", "oder"),
    "yes": ("Yes", "Ja", "Ja"),
    "no": ("No", "Nein", "Nein"),
    "decimal": (".", ",", ","),
    "fallback": ("the condition {code} holds", "die Bedingung {code} erfüllt ist", "die Bedingung {code} stimmt"),
}
LANGUAGES = ("en", "de", "de-x-ls")
MESSAGES = {lang: {key: words[i] for key, words in WORDING.items()} for i, lang in enumerate(LANGUAGES)}
