"""The form's own wording in German Easy Language (Leichte Sprache, language tag ``de-x-ls``).

The same messages as the German catalogue in :mod:`.messages`, with the same
keys and placeholders and the same meaning, written by the rules of the
Netzwerk Leichte Sprache and DIN SPEC 33429: short sentences with one statement
each, active voice ("Wir haben nichts gespeichert."), no Genitiv, no Konjunktiv,
no abbreviations, common words, hard words explained where they are used, long
compound words split with a Mediopunkt ("Zugangs·code"), the reader addressed
as "Sie", and numbers written as digits ("1 Mal"). "Wir" is the survey team.

Not yet checked by a test reader group (Prüfgruppe) of people with learning
difficulties; that check belongs before a survey goes out in Leichte Sprache.
"""

from __future__ import annotations

EASY_GERMAN = {
    "privacy_title": "Datenschutz und Ihre Rechte",
    "simulated_banner": "Achtung: Das ist nur eine Vorführung. Die Ergebnisse sind ausgedacht. "
    "Sie kommen nicht von echten Menschen. Schreiben Sie bitte nichts Echtes über sich.",
    "withdraw": "So nehmen Sie Ihre Teilnahme zurück",
    "withdraw_text": "Sie schicken Ihre Antworten ab. Danach bekommen Sie einen Quittungs·code. "
    "Mit diesem Code können Sie Ihre Antworten löschen lassen. Dafür müssen Sie Ihren Namen nicht sagen. "
    "Schicken Sie den Code an die Kontakt·adresse. Die Kontakt·adresse steht oben auf dieser Seite.",
    "cookie_note": "Diese Seite speichert ein Sicherheits·cookie in Ihrem Browser. "
    "Ein Cookie ist eine kleine Datei. Ein Browser ist das Programm für Internet·seiten. "
    "Sie schließen den Browser. Dann ist das Cookie nicht mehr gültig. "
    "Wir speichern nicht die Adresse von Ihrem Gerät im Internet. Diese Adresse heißt IP-Adresse. "
    "Ihre Antworten sind noch nicht fertig? Dann speichern wir die Antworten nicht auf dem Server. "
    "Der Server ist der Computer von dieser Befragung.",
    "start": "Befragung anfangen",
    "next": "Weiter",
    "back": "Zurück",
    "submit": "Antworten abschicken",
    "languages": "Sprache",
    "part": "Teil {n} von {total}",
    "continued": "(geht weiter)",
    "lead_question": "Die nächste Frage gehört zu Frage {n}:",
    "lead_answer": "Ihre Antwort war:",
    "errors_title": "Bitte prüfen Sie Ihre Antworten",
    "error_prefix": "Fehler",
    "question_n": "Frage {n}",
    "finish_title": "Sie können Ihre Antworten jetzt abschicken",
    "finish_text": "Sie haben jetzt alle Fragen für Sie gesehen. "
    "Drücken Sie auf den Knopf „Antworten abschicken“. Dann speichern wir Ihre Antworten verschlüsselt. "
    "Verschlüsselt heißt: in einer Geheim·schrift. Danach können Sie Ihre Antworten nicht mehr ändern.",
    "thanks_title": "Vielen Dank für Ihr Mitmachen!",
    "thanks_text": "Wir haben Ihre Antworten verschlüsselt gespeichert. "
    "Verschlüsselt heißt: in einer Geheim·schrift. Nur mit einem geheimen Schlüssel kann man die Antworten lesen.",
    "receipt": "Ihr Quittungs·code",
    "receipt_text": "Schreiben Sie diesen Code auf. Oder drucken Sie diese Seite aus. "
    "Wir zeigen Ihnen den Code nur 1 Mal. Sie wollen Ihre Antworten löschen lassen? "
    "Dann melden Sie sich mit dem Code hier:",
    "no_consent_title": "Ohne Ihre Zustimmung können Sie nicht mitmachen",
    "no_consent_text": "Sie haben nicht zugestimmt. Deshalb speichern wir Ihre Antworten nicht. "
    "Wir haben nichts gespeichert. Sie wollen doch mitmachen? Dann gehen Sie zurück.",
    "bad_title": "Wir können das Formular nicht bearbeiten",
    "bad_text": "Das Formular ist nicht vollständig bei uns angekommen. Oder das Formular war verändert. "
    "Wir haben nichts gespeichert. Bitte fangen Sie die Befragung neu an.",
    "expired_title": "Ihre Zeit für das Formular ist abgelaufen",
    "expired_text": "Wir schützen Ihre Daten. Deshalb speichern wir unfertige Antworten nicht auf dem Server. "
    "Unfertig heißt: Sie haben die Antworten noch nicht abgeschickt. "
    "Unfertige Antworten gelten nur eine bestimmte Zeit. Diese Zeit ist jetzt vorbei. "
    "Wir haben nichts gespeichert. Bitte fangen Sie neu an.",
    "cookie_title": "Die Sicherheits·prüfung hat nicht geklappt",
    "cookie_text": "Sie müssen das Formular auf dieser Internet·seite abschicken. "
    "Dabei muss das Sicherheits·cookie von dieser Seite mitkommen. Ein Cookie ist eine kleine Datei. "
    "Bitte erlauben Sie Cookies für diese Seite. Dann fangen Sie neu an. Wir haben nichts gespeichert.",
    "large_title": "Zu viele Daten",
    "large_text": "Das Formular hat zu viele Daten geschickt. Keine Antwort braucht so viele Daten. "
    "Wir haben nichts gespeichert.",
    "used_title": "Schon abgeschickt",
    "used_text": "Sie haben diese Antworten schon abgeschickt. Wir haben die Antworten schon gespeichert. "
    "Wir haben nichts 2 Mal gespeichert.",
    "not_found_title": "Wir finden diese Seite nicht",
    "not_found_text": "Diese Seite gibt es nicht.",
    "restart": "Zur Start·seite",
    "required": "Bitte beantworten Sie diese Frage.",
    "declined_alone": "„{declined}“ dürfen Sie nur allein ankreuzen. Kreuzen Sie nur „{declined}“ an. "
    "Oder kreuzen Sie nur die anderen Antworten an.",
    "exclusive": "„{label}“ dürfen Sie nur allein ankreuzen. Kreuzen Sie nur „{label}“ an. "
    "Oder kreuzen Sie nur die anderen Antworten an.",
    "too_many": "Bitte kreuzen Sie nicht mehr als {n} Antworten an.",
    "range": "Bitte schreiben Sie eine Zahl von {min} bis {max}.",
    "whole": "Bitte schreiben Sie eine ganze Zahl. Eine ganze Zahl hat kein Komma.",
    "not_number": "Bitte schreiben Sie die Zahl mit Ziffern. Ziffern sind die Zeichen 0 bis 9. "
    "Zum Beispiel: {example}.",
    "too_long": "Ihre Antwort ist zu lang. Bitte schreiben Sie nicht mehr als {n} Zeichen. "
    "Ein Zeichen ist zum Beispiel ein Buchstabe oder ein Leer·zeichen.",
    "text_and_declined": "Bitte schreiben Sie eine Antwort. Oder kreuzen Sie „{declined}“ an. Machen Sie nicht beides.",
    "invalid": "Diese Antwort können wir nicht annehmen.",
    "code_label": "Zugangs·code aus Ihrem Einladungs·brief",
    "code_hint": "Der Code hat 16 Zeichen. Das sind Buchstaben und Zahlen. Zum Beispiel: K7QX-M9DR-4HTP-W3FJ. "
    "Sie können Leer·zeichen und Binde·striche mitschreiben. Sie können sie auch weglassen.",
    "code_ok": "Wir haben Ihren Zugangs·code erkannt. Sie können den Code nur 1 Mal benutzen.",
    "code_missing": "Bitte schreiben Sie den Zugangs·code in das Feld. Der Code steht in Ihrem Einladungs·brief.",
    "code_form": "Das ist kein Zugangs·code. Ein Zugangs·code hat 16 Buchstaben und Zahlen. "
    "Zum Beispiel: K7QX-M9DR-4HTP-W3FJ.",
    "code_unknown": "Dieser Code gehört zu keiner Einladung für diese Befragung. Bitte prüfen Sie den Code. "
    "Vielleicht ist ein Tipp·fehler im Code.",
    "code_used_title": "Jemand hat diese Einladung schon benutzt",
    "code_used_text": "Jemand hat mit diesem Zugangs·code schon Antworten abgeschickt. "
    "Mit jeder Einladung kann man nur 1 Mal antworten. Wir haben jetzt nichts gespeichert. "
    "Sie haben selbst keine Antworten abgeschickt? Dann melden Sie sich bitte bei dem Befragungs·team.",
    "code_used_contact": "So erreichen Sie das Befragungs·team:",
    "code_unknown_title": "Wir kennen diesen Zugangs·code nicht",
    "code_unknown_text": "Dieser Zugangs·code gehört zu keiner Einladung für diese Befragung. "
    "Wir haben nichts gespeichert.",
    "slow_title": "Zu viele Versuche",
    "slow_text": "In kurzer Zeit sind zu viele Anfragen gekommen. Bitte warten Sie ein paar Minuten. "
    "Dann versuchen Sie es wieder. Wir haben nichts gespeichert.",
    "busy_title": "Bitte versuchen Sie es in 1 Minute wieder",
    "busy_text": "Der Server hat gerade zu viel Arbeit. Der Server ist der Computer von dieser Befragung. "
    "Deshalb haben wir Ihre Antworten nicht gespeichert. Bitte warten Sie 1 Minute. Dann versuchen Sie es wieder.",
    "busy_kept": "Ihre Antworten sind nicht verloren. Gehen Sie zurück. Warten Sie 1 Minute. "
    "Dann schicken Sie die Antworten wieder ab.",
    "failed_title": "Es gibt einen Fehler",
    "failed_text": "Auf dem Server gibt es einen Fehler. Der Server ist der Computer von dieser Befragung. "
    "Deshalb haben wir Ihre Antworten nicht gespeichert. Bitte versuchen Sie es später wieder. "
    "Der Fehler kommt wieder? Dann melden Sie sich bitte bei dem Befragungs·team.",
    "failed_kept": "Ihre Antworten sind nicht verloren. Gehen Sie zurück. Dann versuchen Sie es wieder.",
}
