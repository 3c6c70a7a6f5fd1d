"""The form's own wording (buttons, pages, messages next to fields) in German and English.

Question wording comes from the instrument; this is only the frame around it.
German Easy Language (Leichte Sprache, ``de-x-ls``) has its own catalogue in :mod:`.messages_easy`.
A language eqsurvey has no frame wording for gets English, marked with
``lang="en"`` where it is shown (WCAG 3.1.2), as the printable page does.
"""

from __future__ import annotations

from survey.web.messages_easy import EASY_GERMAN

_EN = {
    "privacy_title": "Data protection and your rights",
    "simulated_banner": "Demonstration only: this is eqsurvey's demo survey. Its results are computed from simulated "
    "answers, not from real people. Please do not enter real personal information.",
    "withdraw": "How to withdraw",
    "withdraw_text": "After sending your answers you get a receipt code. With it you can have your answers deleted "
    "without giving your name: send it to the contact above.",
    "cookie_note": "This page sets one security cookie, which expires when you close the browser. "
    "Your IP address is not stored, and unfinished answers are not stored on the server.",
    "start": "Start the survey",
    "next": "Next",
    "back": "Back",
    "submit": "Send my answers",
    "languages": "Language",
    "part": "Part {n} of {total}",
    "continued": "(continued)",
    "lead_question": "About question {n}:",
    "lead_answer": "Your answer:",
    "errors_title": "Please check your answers",
    "error_prefix": "Error",
    "question_n": "Question {n}",
    "finish_title": "Ready to send",
    "finish_text": "You have seen every question that applies to you. “Send my answers” stores your answers "
    "encrypted; after that they cannot be changed.",
    "thanks_title": "Thank you for taking part!",
    "thanks_text": "Your answers have been stored, encrypted.",
    "receipt": "Your receipt code",
    "receipt_text": "Write this code down or print this page; it is shown only once. If you want your answers "
    "deleted, give this code to:",
    "no_consent_title": "No participation without consent",
    "no_consent_text": "You did not give your consent, so your answers will not be stored. Nothing has been "
    "stored. If you change your mind, go back.",
    "bad_title": "This request cannot be processed",
    "bad_text": "The form arrived incomplete or altered. Nothing was stored. Please start the survey again.",
    "expired_title": "Your session has expired",
    "expired_text": "To protect your privacy, unfinished answers are not kept on the server, and they expire "
    "after a while. Nothing was stored. Please start again.",
    "cookie_title": "Security check failed",
    "cookie_text": "The form must be sent from this site with its security cookie. Please allow cookies for this "
    "site and start again. Nothing was stored.",
    "large_title": "Too much data",
    "large_text": "The form sent more data than any answer needs. Nothing was stored.",
    "used_title": "Already sent",
    "used_text": "These answers have already been sent and stored. Nothing was stored twice.",
    "not_found_title": "Page not found",
    "not_found_text": "There is no such page.",
    "restart": "Go to the start page",
    "required": "Please answer this question.",
    "declined_alone": "Tick “{declined}” on its own, or the other answers.",
    "exclusive": "Tick “{label}” on its own, or the other answers.",
    "too_many": "Tick at most {n} answers.",
    "range": "Enter a number from {min} to {max}.",
    "whole": "Enter a whole number.",
    "not_number": "Enter a number in digits, e.g. {example}.",
    "too_long": "Shorten your answer to at most {n} characters.",
    "text_and_declined": "Write an answer or tick “{declined}”, not both.",
    "invalid": "This answer is not valid.",
    "code_label": "Access code from your invitation letter",
    "code_hint": "16 letters and digits, for example K7QX-M9DR-4HTP-W3FJ. Spaces and dashes do not matter.",
    "code_ok": "Your access code has been recognised. It can be used once.",
    "code_missing": "Please enter the access code from your invitation letter.",
    "code_form": "This is not an access code. A code has 16 letters and digits, for example K7QX-M9DR-4HTP-W3FJ.",
    "code_unknown": "This code is not one of this survey's invitations. Please check it for typos.",
    "code_used_title": "This invitation has already been used",
    "code_used_text": "Answers have already been sent with this access code, and each invitation can answer once. "
    "Nothing was stored now. If you did not send answers yourself, please contact the survey team.",
    "code_used_contact": "The survey team can be reached here:",
    "code_unknown_title": "Access code not recognised",
    "code_unknown_text": "This access code is not one of this survey's invitations. Nothing was stored.",
    "slow_title": "Too many attempts",
    "slow_text": "Too many requests came in a short time. Please wait a few minutes and try again. Nothing was stored.",
    "busy_title": "Please try again in a minute",
    "busy_text": "The survey's server is very busy right now, so your answers were not stored. "
    "Please try again in a minute.",
    "busy_kept": "What you entered is kept: go back, wait a minute and send it again.",
    "failed_title": "Something went wrong",
    "failed_text": "An error occurred on the server, so your answers were not stored. Please try again later; "
    "if it happens again, please tell the survey team.",
    "failed_kept": "What you entered is kept: go back to try again.",
}

_DE = {
    "privacy_title": "Datenschutz und Ihre Rechte",
    "simulated_banner": "Nur zur Vorführung: Dies ist die Demo-Befragung von eqsurvey. Ihre Ergebnisse werden aus "
    "simulierten Antworten berechnet, nicht aus Angaben echter Menschen. Bitte machen Sie keine echten persönlichen "
    "Angaben.",
    "withdraw": "Wie Sie Ihre Teilnahme widerrufen",
    "withdraw_text": "Nach dem Absenden erhalten Sie einen Quittungscode. Damit können Sie Ihre Antworten löschen "
    "lassen, ohne Ihren Namen zu nennen: Senden Sie ihn an die oben genannte Kontaktstelle.",
    "cookie_note": "Diese Seite setzt ein Sicherheits-Cookie, das beim Schließen des Browsers verfällt. "
    "Ihre IP-Adresse wird nicht gespeichert, unfertige Antworten werden nicht auf dem Server gespeichert.",
    "start": "Befragung beginnen",
    "next": "Weiter",
    "back": "Zurück",
    "submit": "Antworten absenden",
    "languages": "Sprache",
    "part": "Teil {n} von {total}",
    "continued": "(Fortsetzung)",
    "lead_question": "Zu Frage {n}:",
    "lead_answer": "Ihre Antwort:",
    "errors_title": "Bitte prüfen Sie Ihre Angaben",
    "error_prefix": "Fehler",
    "question_n": "Frage {n}",
    "finish_title": "Bereit zum Absenden",
    "finish_text": "Sie haben alle Fragen gesehen, die für Sie gelten. Mit „Antworten absenden“ werden Ihre "
    "Antworten verschlüsselt gespeichert; danach können Sie sie nicht mehr ändern.",
    "thanks_title": "Vielen Dank für Ihre Teilnahme!",
    "thanks_text": "Ihre Antworten wurden verschlüsselt gespeichert.",
    "receipt": "Ihr Quittungscode",
    "receipt_text": "Notieren Sie diesen Code oder drucken Sie diese Seite aus; er wird nur einmal angezeigt. "
    "Wenn Ihre Antworten gelöscht werden sollen, nennen Sie den Code:",
    "no_consent_title": "Ohne Einwilligung keine Teilnahme",
    "no_consent_text": "Sie haben nicht eingewilligt, deshalb werden Ihre Antworten nicht gespeichert. Es wurde "
    "nichts gespeichert. Wenn Sie es sich anders überlegen, gehen Sie zurück.",
    "bad_title": "Diese Anfrage kann nicht verarbeitet werden",
    "bad_text": "Das Formular kam unvollständig oder verändert an. Es wurde nichts gespeichert. Bitte beginnen "
    "Sie die Befragung neu.",
    "expired_title": "Ihre Sitzung ist abgelaufen",
    "expired_text": "Zum Schutz Ihrer Daten werden unfertige Antworten nicht auf dem Server gespeichert und "
    "verfallen nach einer Weile. Es wurde nichts gespeichert. Bitte beginnen Sie neu.",
    "cookie_title": "Sicherheitsprüfung fehlgeschlagen",
    "cookie_text": "Das Formular muss von dieser Seite mit ihrem Sicherheits-Cookie gesendet werden. Bitte "
    "erlauben Sie Cookies für diese Seite und beginnen Sie neu. Es wurde nichts gespeichert.",
    "large_title": "Zu viele Daten",
    "large_text": "Das Formular hat mehr Daten gesendet, als eine Antwort braucht. Es wurde nichts gespeichert.",
    "used_title": "Bereits abgesendet",
    "used_text": "Diese Antworten wurden bereits abgesendet und gespeichert. Es wurde nichts doppelt gespeichert.",
    "not_found_title": "Seite nicht gefunden",
    "not_found_text": "Diese Seite gibt es nicht.",
    "restart": "Zur Startseite",
    "required": "Bitte beantworten Sie diese Frage.",
    "declined_alone": "Bitte kreuzen Sie „{declined}“ allein an oder die anderen Antworten.",
    "exclusive": "Bitte kreuzen Sie „{label}“ allein an oder die anderen Antworten.",
    "too_many": "Bitte kreuzen Sie höchstens {n} Antworten an.",
    "range": "Bitte geben Sie eine Zahl von {min} bis {max} ein.",
    "whole": "Bitte geben Sie eine ganze Zahl ein.",
    "not_number": "Bitte geben Sie eine Zahl in Ziffern ein, z. B. {example}.",
    "too_long": "Bitte kürzen Sie Ihre Antwort auf höchstens {n} Zeichen.",
    "text_and_declined": "Bitte schreiben Sie eine Antwort oder kreuzen Sie „{declined}“ an, nicht beides.",
    "invalid": "Diese Antwort ist nicht gültig.",
    "code_label": "Zugangscode aus Ihrem Einladungsschreiben",
    "code_hint": "16 Buchstaben und Ziffern, zum Beispiel K7QX-M9DR-4HTP-W3FJ. Leerzeichen und Bindestriche "
    "spielen keine Rolle.",
    "code_ok": "Ihr Zugangscode wurde erkannt. Er kann einmal verwendet werden.",
    "code_missing": "Bitte geben Sie den Zugangscode aus Ihrem Einladungsschreiben ein.",
    "code_form": "Das ist kein Zugangscode. Ein Code hat 16 Buchstaben und Ziffern, zum Beispiel K7QX-M9DR-4HTP-W3FJ.",
    "code_unknown": "Dieser Code gehört zu keiner Einladung dieser Befragung. Bitte prüfen Sie ihn auf Tippfehler.",
    "code_used_title": "Diese Einladung wurde bereits verwendet",
    "code_used_text": "Mit diesem Zugangscode wurden bereits Antworten abgesendet; jede Einladung kann einmal "
    "antworten. Jetzt wurde nichts gespeichert. Wenn Sie selbst keine Antworten abgesendet haben, wenden Sie sich "
    "bitte an das Befragungsteam.",
    "code_used_contact": "So erreichen Sie das Befragungsteam:",
    "code_unknown_title": "Zugangscode nicht erkannt",
    "code_unknown_text": "Dieser Zugangscode gehört zu keiner Einladung dieser Befragung. Es wurde nichts gespeichert.",
    "slow_title": "Zu viele Versuche",
    "slow_text": "In kurzer Zeit kamen zu viele Anfragen. Bitte warten Sie einige Minuten und versuchen Sie es dann "
    "erneut. Es wurde nichts gespeichert.",
    "busy_title": "Bitte versuchen Sie es in einer Minute erneut",
    "busy_text": "Der Server der Befragung ist gerade stark ausgelastet, deshalb wurden Ihre Antworten nicht "
    "gespeichert. Bitte versuchen Sie es in einer Minute erneut.",
    "busy_kept": "Ihre Eingaben bleiben erhalten: Gehen Sie zurück, warten Sie eine Minute und senden Sie sie erneut ab.",
    "failed_title": "Etwas ist schiefgegangen",
    "failed_text": "Auf dem Server ist ein Fehler aufgetreten, deshalb wurden Ihre Antworten nicht gespeichert. Bitte "
    "versuchen Sie es später erneut; wenn es wieder geschieht, wenden Sie sich bitte an das Befragungsteam.",
    "failed_kept": "Ihre Eingaben bleiben erhalten: Gehen Sie zurück, um es erneut zu versuchen.",
}

_MESSAGES = {"en": _EN, "de": _DE, "de-x-ls": EASY_GERMAN}


def wording_language(lang: str) -> str:
    """The language the frame is shown in for a page in ``lang``: its own, its base language, else English."""
    base = lang.split("-", maxsplit=1)[0]
    return lang if lang in _MESSAGES else base if base in _MESSAGES else "en"


def wording(lang: str) -> dict[str, str]:
    return _MESSAGES[wording_language(lang)]
