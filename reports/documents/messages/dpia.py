"""Wording of the input for the data protection impact assessment (Art. 35(7) GDPR)."""

from __future__ import annotations

from kernel.i18n import Msg

TITLE = Msg("dpia.title", "Input for the data protection impact assessment (Art. 35(7) GDPR)")
INTRO = Msg(
    "dpia.intro",
    "The survey processes special categories of personal data of people who may be in vulnerable situations, so "
    "a data protection impact assessment is usually needed before it starts. This document gives "
    "the controller the parts of it that follow from the project; the assessment itself is the controller’s.",
)
DESCRIPTION = Msg("dpia.description", "Systematic description of the processing (Art. 35(7)(a))")
NATURE = Msg(
    "dpia.nature",
    "Nature: an online questionnaire (questions: {questions}; languages: {languages}), answered by "
    "self-identification; questions about special categories of personal data: {special}. Answers are encrypted "
    "as they arrive and opened only by the analysts, who publish aggregated tables protected by differential "
    "privacy.",
)
SCOPE = Msg(
    "dpia.scope",
    "Scope: tables per release of the analysis plan “{plan}”: {tables}; releases the privacy budget allows: "
    "{releases}.",
)
CONTEXT = Msg("dpia.context", "Context: who can take part.")
PURPOSE = Msg("dpia.purpose", "Purpose:")
NECESSITY = Msg("dpia.necessity", "Necessity and proportionality (Art. 35(7)(b))")
VOLUNTARY = Msg(
    "dpia.voluntary",
    "Participation is voluntary: {optional} of the {questions} questions may be left unanswered, and {declinable} "
    "offer “prefer not to say”.",
)
MINIMISATION = Msg(
    "dpia.minimisation",
    "Data minimisation: nothing is published but aggregated, noisy tables; the analysts open individual answers "
    "only on their own computer; contact details and invitations cannot be linked to answers.",
)
STORAGE_LIMIT = Msg("dpia.storage_limit", "Storage limitation, as stated to respondents:")
RIGHTS = Msg("dpia.rights", "Rights of respondents, as stated to them:")
PARTICIPATION = Msg(
    "dpia.participation",
    "Views of data subjects (Art. 35(9)): partner organisations with a recorded position on the questionnaire: "
    "{count}; of them approving its present content: {approved}.",
)
NO_PARTICIPATION = Msg(
    "dpia.no_participation",
    "Views of data subjects (Art. 35(9)): no partner organisation has yet recorded a review of the questionnaire "
    "(“eqsurvey instrument review” records them).",
)
RISKS = Msg("dpia.risks", "Risks to respondents and the measures that address them (Art. 35(7)(c) and (d))")
RISKS_NOTE = Msg(
    "dpia.risks_note",
    "The likelihood is eqsurvey’s estimate with the measures as configured; the controller confirms or corrects "
    "it for its own context.",
)
RISKS_CAPTION = Msg("dpia.risks_caption", "Risks, likelihood and measures")
COL_RISK = Msg("dpia.col_risk", "Risk")
COL_LIKELIHOOD = Msg("dpia.col_likelihood", "Likelihood")
COL_MEASURE = Msg("dpia.col_measure", "Measure in this project")
LOW = Msg("dpia.low", "low")
MEDIUM = Msg("dpia.medium", "medium")
CONTEXT_DEPENDENT = Msg("dpia.context_dependent", "depends on the local context; for the controller to assess")
RISK_REIDENT = Msg("dpia.risk.reident", "Re-identification of a respondent from published figures")
REIDENT_HIGH_EPSILON = Msg(
    "dpia.reident_high_epsilon",
    "the total budget is above ε = {conventional}, the usual upper bound",
)
RISK_LINKAGE = Msg("dpia.risk.linkage", "Linkage of contact details or invitation letters to answers")
LINKAGE_MEASURE = Msg(
    "dpia.linkage_measure",
    "Contacts are encrypted one by one and kept in a random order; invitations record only whether they were "
    "used; web answers carry random pseudonyms. Attacks on the store’s files find no more links than chance.",
)
RISK_SMALL = Msg("dpia.risk.small", "Disclosure of small groups (e.g. few people of one origin in one district)")
SMALL_BELOW = Msg(
    "dpia.small_below",
    "the plan hides cells below {suppress} respondents, fewer than the 20 of published practice (FRA)",
)
RISK_ANALYSTS = Msg("dpia.risk.analysts", "Re-identification by the analysts, who see individual answers")
ANALYSTS_MEASURE = Msg(
    "dpia.analysts_measure",
    "Only the key holders ({holders}) can open answers, with the passphrase; answers carry pseudonyms, no code, "
    "address or contact; every export of the dataset is in the audit log.",
)
RISK_COERCION = Msg(
    "dpia.risk.coercion",
    "Coercion: someone (a partner, a family member, an employer) makes a person answer or show their answers",
)
COERCION_MEASURE = Msg(
    "dpia.coercion_measure",
    "Answers cannot be looked up once sent, by anyone at the city either; questions can be skipped; a "
    "respondent can have their answer erased with the receipt code.",
)
RISK_BREACH = Msg("dpia.risk.breach", "Breach of the collecting server")
RISK_KEY = Msg("dpia.risk.key", "Loss or theft of the private key")
KEY_MEASURE = Msg(
    "dpia.key_measure",
    "The private key file is encrypted under a passphrase with scrypt, which makes guessing slow; it never "
    "leaves the analysts’ computer. Without a backup of it, the answers cannot be opened at all.",
)
PROVISIONS = Msg("dpia.provisions", "Legal provisions chosen by the controller")
ART89 = Msg(
    "dpia.art89",
    "Safeguards under Art. 89(1) GDPR in this project: pseudonymisation, encryption on arrival, publication of "
    "aggregated figures only, and differential privacy with a fixed total budget.",
)
REMAINS = Msg("dpia.remains", "What remains for the controller to assess")
REMAINS_ITEMS = (
    Msg(
        "dpia.remains.basis",
        "Whether the chosen legal basis holds: for consent, that it is freely given (take particular care where "
        "respondents depend on the city, e.g. its own staff); for a statutory basis, that its conditions are met.",
    ),
    Msg("dpia.remains.dpo", "The advice of the data protection officer (Art. 35(2) GDPR), documented."),
    Msg(
        "dpia.remains.context",
        "The risks of the local context: how small the groups asked about are in the municipality, and the risk of "
        "coercion.",
    ),
    Msg(
        "dpia.remains.operator",
        "The security of the server and of the analysts’ computers (updates, access, encrypted disks, backups and "
        "their deletion), and a contract under Art. 28 GDPR with any processor who runs them.",
    ),
    Msg(
        "dpia.remains.residual",
        "The residual risk, and whether the supervisory authority must be consulted before the processing "
        "(Art. 36 GDPR).",
    ),
)
