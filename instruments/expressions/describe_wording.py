"""The wording of plain-language skip instructions (:mod:`instruments.expressions.describe`), in English as the code states it.

Translations: the ``instruments`` catalogues (:mod:`instruments.catalogues`; German in ``de``, German Easy
Language, ``de-x-ls``, in ``de@easy``, whose header says how its instructions are phrased).
The printable page puts a full stop after a whole instruction ("only_if", "always", "never").
"""

from __future__ import annotations

from kernel.i18n import Msg

# "quote" holds each language's typographic quotes (English “…”, German „…“ as Duden and DIN 5008
# write them). Numbers in conditions are written by CLDR (kernel.i18n.NumberFormat.plain).
WORDING: tuple[Msg, ...] = (
    Msg("only_if", "Only if {clause}"),
    Msg("always", "Always"),
    Msg("never", "Never"),
    Msg("in_every_case", "in every case"),
    Msg("in_no_case", "in no case"),
    Msg("quote", "“{text}”"),
    Msg("question", "question {n}"),
    Msg("question_row", "question {n} ({row})"),
    Msg("unknown_question", "question “{id}”"),
    Msg("answered_with", "you answered {labels} to {q}"),
    Msg("answered_other", "you gave an answer other than {labels} to {q}"),
    Msg("ticked", "you ticked {labels} at {q}"),
    Msg("any_row", "you answered {labels} in at least one row of {q}"),
    Msg("some_rows", "you answered {labels} in at least one of the rows {rows} of {q}"),
    Msg("answered_without", "you answered {q} without ticking {labels}"),
    Msg("not_ticked", "you did not tick {labels} at {q}"),
    Msg("answered", "you answered {q}"),
    Msg("not_answered", "you did not answer {q}"),
    Msg("consent_given", "you gave your consent at {q}"),
    Msg("consent_refused", "you did not give your consent at {q}"),
    Msg("applies", "{label} applies to you"),
    Msg("not_applies", "{label} does not apply to you"),
    Msg("in_group", "you are in the group {labels} of {label}"),
    Msg("other_group", "you are in a group of {label} other than {labels}"),
    Msg("your_answer", "your answer to {q}"),
    Msg("count_of", "the number of answers you ticked at {q}"),
    Msg("ticked_count", "you ticked {qty} at {q}"),
    Msg("noun_one", "answer"),
    Msg("noun_many", "answers"),
    Msg("qty_==", "exactly {v} {noun}"),
    Msg("qty_!=", "a number of {many} other than {v}"),
    Msg("qty_<", "fewer than {v} {noun}"),
    Msg("qty_<=", "at most {v} {noun}"),
    Msg("qty_>", "more than {v} {noun}"),
    Msg("qty_>=", "at least {v} {noun}"),
    Msg("cmp_==", "{s} is {v}"),
    Msg("cmp_!=", "{s} is not {v}"),
    Msg("cmp_<", "{s} is less than {v}"),
    Msg("cmp_<=", "{s} is at most {v}"),
    Msg("cmp_>", "{s} is more than {v}"),
    Msg("cmp_>=", "{s} is at least {v}"),
    Msg("in", "{s} is one of {vs}"),
    Msg("not_in", "{s} is none of {vs}"),
    Msg("and", "and"),
    Msg("or", "or"),
    Msg("yes", "Yes"),
    Msg("no", "No"),
    Msg("fallback", "the condition {code} holds"),
)
