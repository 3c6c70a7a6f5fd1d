"""Wording of the technical annex for the data protection officer."""

from __future__ import annotations

from kernel.i18n import Msg

TITLE = Msg("annex.title", "Technical annex for the data protection officer")
INTRO = Msg(
    "annex.intro",
    "This annex explains in plain words how the survey “{title}” keeps answers apart from the people who gave "
    "them, with the figures the project is configured with.",
)
STORED = Msg("annex.stored", "What is stored where, and in what form")
STORED_CAPTION = Msg("annex.stored_caption", "Data and keys of the survey")
COL_WHAT = Msg("annex.col_what", "What")
COL_WHERE = Msg("annex.col_where", "Where")
COL_FORM = Msg("annex.col_form", "In what form")
ANSWERS = Msg("annex.answers", "Answers")
ANSWERS_WHERE = Msg(
    "annex.answers_where", "On the collecting server, in {store}; after transfer also in the analysts’ store"
)
ANSWERS_FORM = Msg(
    "annex.answers_form",
    "Encrypted to key {key_id} ({suite_short}); beside it only a pseudonym, the instrument version and the day of arrival",
)
CODES = Msg("annex.codes", "Invitation codes, erasure receipts")
CODES_FORM = Msg("annex.codes_form", "Keyed hashes only (HMAC-SHA256); of an invitation only whether it was used")
CONTACTS = Msg("annex.contacts", "Contact details, if the questionnaire asks for them")
CONTACTS_FORM = Msg(
    "annex.contacts_form", "Each encrypted on its own, in a random order, without a day or a link to answers"
)
STORE_ITSELF = Msg("annex.store_itself", "The store")
PUBLIC_KEY = Msg("annex.public_key", "Public key")
PUBLIC_WHERE = Msg("annex.public_where", "{folder}/public/ on the collecting server and with the analysts")
PUBLIC_FORM = Msg("annex.public_form", "Public; it can only encrypt")
PRIVATE_KEY = Msg("annex.private_key", "Private key")
PRIVATE_WHERE = Msg("annex.private_where", "{folder}/private/ on the analysts’ computer only")
PRIVATE_FORM = Msg(
    "annex.private_form", "Encrypted under a passphrase (scrypt, AES-256-GCM); file readable by its owner only"
)
SECRET = Msg("annex.secret", "Pseudonym secret")
SECRET_WHERE = Msg(
    "annex.secret_where", "{folder}/pseudonym-secret.json on the collecting server and with the analysts"
)
SECRET_FORM = Msg("annex.secret_form", "32 random bytes; file readable by its owner only")
DATASET = Msg("annex.dataset", "Analysis dataset")
DATASET_WHERE = Msg("annex.dataset_where", "The analysts’ computer, only when they export it")
DATASET_FORM = Msg(
    "annex.dataset_form", "Opened answers, one row per respondent, without codes or contacts; each export is logged"
)
RELEASES = Msg("annex.releases", "Releases and the budget ledger")
RELEASES_WHERE = Msg("annex.releases_where", "The analysts’ ledger beside their store")
RELEASES_FORM = Msg("annex.releases_form", "Noisy aggregated tables only; the budget spent by each")
WHO = Msg("annex.who", "Who can open what")
WHO_COLLECTOR = Msg(
    "annex.who_collector",
    "The collecting server ({collector}) receives answers and encrypts them at once. It can count how many "
    "answers arrived on which day and which invitation codes were used, but it cannot read any answer: it never "
    "holds the private key.",
)
WHO_ANALYSTS = Msg(
    "annex.who_analysts",
    "The analysts ({holders}) can open the answers with the private key and its passphrase, and only on their "
    "own computer. They see answers under pseudonyms; no contact detail and no invitation letter is linked to "
    "an answer.",
)
WHO_PUBLIC = Msg(
    "annex.who_public",
    "Everyone else, the council and the public included, sees only the published tables: aggregated, with noise, "
    "small groups hidden.",
)
ATTACKER = Msg("annex.attacker", "What someone holding the server learns")
ATTACKER_TEXT = Msg(
    "annex.attacker_text",
    "Someone who takes a full copy of the collecting server (its store, the public key and the pseudonym secret) "
    "learns how many people answered and on which days, and which invitation codes were used. Without the "
    "private key they read no answer and no contact detail. Even with it they cannot tell which contact record "
    "or which invitation letter belongs to which answer: nothing stored links them, neither order, nor day, nor "
    "a shared key (the project’s tests attack the store’s files for such links and find no more than chance). "
    "With the pseudonym secret and an access code they can find the answer imported under that code, as a "
    "respondent who asks for erasure can.",
)
ATTACKER_LIMITS = Msg(
    "annex.attacker_limits",
    "What this does not cover: a copy taken while a write is under way shows that write; on PostgreSQL, the "
    "server’s own write-ahead log and backups keep earlier copies of rows; freed disk blocks keep old data "
    "unless the store lies on an encrypted file system.",
)
ERASURE = Msg("annex.erasure", "How erasure works, and what remains in backups")
BACKUPS = Msg(
    "annex.backups",
    "Erasure reaches every file of the store, not copies outside it: backups, replicas, WAL archives of "
    "PostgreSQL and copies of the server’s disk keep what they held. Keep backups only as long as the retention "
    "period stated to respondents allows, expire them on schedule, and after restoring a backup erase again "
    "what was erased since.",
)
RETENTION = Msg("annex.retention", "Retention as stated to respondents:")
BUDGET = Msg("annex.budget", "How the privacy budget bounds what any release reveals")
BUDGET_MEANING = Msg(
    "annex.budget_meaning",
    "Differential privacy bounds how much any published figure can depend on one person’s answers. With the "
    "total of ε = {epsilon} at δ = {delta}, whoever reads every release, with any other knowledge, can raise "
    "the odds of any guess about one respondent by at most a factor of {factor} (e to the power of ε), except "
    "with a probability of δ. This holds for all releases together, because the ledger refuses any release "
    "that would spend more than the total.",
)
