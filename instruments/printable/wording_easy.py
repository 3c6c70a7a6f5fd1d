"""The printable questionnaire's own wording in German Easy Language (Leichte Sprache, tag ``de-x-ls``).

The same keys and placeholders as the German and English page wording in
:mod:`.render_wording`, with the same meaning, written by the rules of the Netzwerk
Leichte Sprache and DIN SPEC 33429: short sentences with one statement each,
active voice, no Genitiv, no Konjunktiv, no abbreviations, common words, hard
words explained where they are used, long compound words split with a
Mediopunkt ("Frage·bogen"), numbers written as digits ("1 Antwort") and the
reader addressed as "Sie". "Wir" is the survey team.

The words follow the web form's Easy German (``survey/web/messages_easy.py``):
"ankreuzen", "mitmachen", "zustimmen", "Kontakt·adresse", and the explanations
of a whole number and of a character. The web form shows this wording too:
its question pages take their instructions from the printable questionnaire.

Not yet checked by a test reader group (Prüfgruppe) of people with learning
difficulties; that check belongs before a survey goes out in Leichte Sprache.
"""

from __future__ import annotations

EASY_GERMAN_UI: dict[str, str] = {
    "purpose": "Warum machen wir diese Befragung?",
    "controller": "Wer ist für Ihre Daten verantwortlich?",
    "legal_basis": "Warum dürfen wir Ihre Daten benutzen?",
    "rights": "Welche Rechte haben Sie?",
    "retention": "Wie lange bewahren wir Ihre Antworten auf?",
    "contact": "Kontakt·adresse",
    "duration": "Wie lange dauert die Befragung?",
    "duration_text": "Ungefähr {n} Minuten.",
    "duration_one": "Ungefähr 1 Minute.",
    "voluntary": "Mitmachen ist freiwillig",
    "voluntary_text": "Freiwillig heißt: Sie entscheiden selbst. Sie müssen nicht mitmachen. "
    "Sie wollen eine Frage nicht beantworten? Dann lassen Sie die Frage weg.",
    "voluntary_declined": "Sie können auch „{declined}“ ankreuzen.",
    "voluntary_required": "Freiwillig heißt: Sie entscheiden selbst. Sie müssen nicht mitmachen. "
    "Manche Fragen sind Pflicht·fragen. Bei diesen Fragen steht: Pflicht·frage. "
    "Diese Fragen müssen Sie beantworten. Sonst können wir Ihren Frage·bogen nicht benutzen. "
    "Die anderen Fragen können Sie weg·lassen.",
    "required": "Pflicht·frage",
    "tick_one": "Bitte kreuzen Sie nur 1 Antwort an.",
    "tick_all": "Sie können mehrere Antworten ankreuzen. Kreuzen Sie alle passenden Antworten an.",
    "tick_all_max": "Kreuzen Sie alle passenden Antworten an. Sie können höchstens so viele Antworten ankreuzen: {n}.",
    "exclusive": "diese Antwort nur allein ankreuzen",
    "tick_scale": "Bitte kreuzen Sie nur 1 Antwort in der Reihe an.",
    "tick_rows": "Bitte kreuzen Sie in jeder Zeile nur 1 Antwort an.",
    "whole_number": "Bitte schreiben Sie eine ganze Zahl von {min} bis {max}. Eine ganze Zahl hat kein Komma.",
    "any_number": "Bitte schreiben Sie eine Zahl von {min} bis {max}.",
    "your_answer": "Ihre Antwort",
    "text_limit": "Sie können höchstens {n} Zeichen schreiben. "
    "Ein Zeichen ist zum Beispiel ein Buchstabe oder ein Leer·zeichen.",
    "self_description": "Beschreiben Sie sich selbst. Benutzen Sie dafür Ihre eigenen Worte.",
    "consent_yes": "Ja, ich stimme zu",
    "consent_no": "Nein, ich stimme nicht zu",
    "instrument": "Frage·bogen: {id}. Version: {version}. Prüf·code für den Inhalt: {hash}.",
    "language": "Sprache: {name}",
    "modules": "Frage·gruppen in diesem Frage·bogen und ihre Quellen",
    "locked": "die Wörter sind genau wie in der Quelle",
}
