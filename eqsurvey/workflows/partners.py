"""Community partners' review links: invite, revoke, list, carry both ways, and take in their notes.

The functions the command ``eqsurvey instrument partners …``
(:mod:`eqsurvey.commands.partners`) and the console both call. Links are made
wherever the pseudonym secret is (the analysts' computer or the server): the
token is shown once, in the link, and only its keyed hash is kept in the
partners' file (``data/partners.sqlite``, :mod:`survey.partners.store`). The
server (``eqsurvey serve``) shows the review pages and stores partners' notes
sealed to the analysts' public key; it never holds the private key. On one
machine, :func:`receive` opens the notes from the partners' file; with two,
:func:`write_bundle` / :func:`merge_bundle` carry links to the server and the
sealed notes back (:mod:`survey.partners.bundle`). Opened notes are appended to
``reviews.jsonl`` as review records, each once (by the note's id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.errors import EqSurveyError, Location

if TYPE_CHECKING:
    from anonymize.keys.pair import PrivateKey
    from eqsurvey.config import Project
    from instruments.model import Instrument
    from instruments.review import Review
    from survey.partners.bundle import PartnersBundle
    from survey.partners.store import PartnerLink, PartnerStore
    from survey.web.review import PlannedTables

#: Where ``eqsurvey serve`` listens unless told otherwise; links name the address partners reach.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
MAX_ORGANISATION = 200


def partners_path(project: Project) -> Path:
    return project.root / "data" / "partners.sqlite"


def _instrument(project: Project) -> Instrument:
    from instruments.loader import load_instrument

    return load_instrument(project.instrument_path).instrument


def _store(project: Project) -> PartnerStore:
    from survey.partners.store import PartnerStore

    return PartnerStore(partners_path(project))


def organisation_name(text: str) -> str:
    """The organisation's name as given, checked: 1 to 200 characters, no control characters."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_ORGANISATION or any(not c.isprintable() for c in name):
        raise EqSurveyError.single(
            "organisation-name",
            f"'{name[:40]}' is not an organisation's name: 1 to {MAX_ORGANISATION} printable characters",
            'give the organisation\'s name as it should appear in reports, e.g. "Migrationsbeirat"',
            Location(field="organisation"),
        )
    return name


def review_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/review/{token}"


@dataclass(frozen=True)
class Invited:
    link: PartnerLink
    url: str
    """The link with its token: shown once, stored nowhere."""


def invite(project: Project, organisation: str, base_url: str = DEFAULT_BASE_URL) -> Invited:
    """A new review link for ``organisation``, bound to the instrument's version and content hash; the
    organisation's earlier open link for the survey stops working."""
    from anonymize.partner_notes import new_partner_token
    from eqsurvey.resources import project_keyring
    from survey.partners.store import PartnerLink, today

    name = organisation_name(organisation)
    if not base_url.startswith(("http://", "https://")):
        raise EqSurveyError.single(
            "review-url",
            f"'{base_url}' is not a web address",
            "give the server's address, e.g. https://umfrage.example.de",
        )
    instrument = _instrument(project)
    secret = project_keyring(project).pseudonym_secret()
    token = new_partner_token()
    link = PartnerLink(
        secret.partner_link_hash(instrument.id, token), name, instrument.id, instrument.version,
        instrument.content_hash(), today(), False,
    )  # fmt: skip
    with _store(project) as store:
        store.add_link(link)
    return Invited(link, review_url(base_url, token))


def revoke(project: Project, organisation: str) -> int:
    """Revoke the organisation's open links; a user error if it has none."""
    name = organisation_name(organisation)
    instrument = _instrument(project)
    with _store(project) as store:
        revoked = store.revoke(name, instrument.id)
        known = sorted({k.organisation for k in store.links(instrument.id) if not k.revoked})
    if not revoked:
        raise EqSurveyError.single(
            "no-partner-link",
            f"'{name}' has no open review link for {instrument.id}",
            f"open links: {', '.join(known)}" if known else "see eqsurvey instrument partners list",
        )
    return revoked


def partner_links(project: Project, instrument: Instrument | None = None) -> list[PartnerLink]:
    """The survey's links, oldest first (``instrument``: the project's, if the caller has it read already)."""
    if not partners_path(project).exists():
        return []
    survey = (instrument or _instrument(project)).id
    with _store(project) as store:
        return store.links(survey)


def bundle_of(project: Project) -> tuple[str, int, int]:
    """The partners' bundle's text (links and sealed notes), and how many of each it holds."""
    from eqsurvey.resources import project_keyring
    from survey.partners.bundle import PartnersBundle, bundle_text

    instrument = _instrument(project)
    tag = project_keyring(project).pseudonym_secret().bundle_tag(instrument.id)
    with _store(project) as store:
        bundle = PartnersBundle(instrument.id, tag, store.links(instrument.id), store.notes(instrument.id))
    return bundle_text(bundle), len(bundle.links), len(bundle.notes)


def write_bundle(project: Project, output: Path) -> tuple[int, int]:
    """Write the partners' bundle (links and sealed notes) to ``output``; how many of each it holds."""
    from eqsurvey.commands.kit import write_private_output

    text, links, notes = bundle_of(project)
    write_private_output(output, text)
    return links, notes


@dataclass(frozen=True)
class Merged:
    links: int
    notes: int


def merge_bundle(project: Project, file: Path) -> Merged:
    """Take in a partners' bundle file of this project's survey: new links, revocations, sealed notes."""
    from survey.partners.bundle import read_bundle

    return _merge(project, read_bundle(file), str(file))


def merge_bundle_data(project: Project, data: bytes, name: str) -> Merged:
    """:func:`merge_bundle` for a bundle's bytes (an upload named ``name``)."""
    from survey.partners.bundle import parse_bundle

    return _merge(project, parse_bundle(data, name), name)


def _merge(project: Project, bundle: PartnersBundle, name: str) -> Merged:
    from eqsurvey.resources import project_keyring

    instrument = _instrument(project)
    tag = project_keyring(project).pseudonym_secret().bundle_tag(instrument.id)
    if bundle.instrument_id != instrument.id or bundle.project != tag:
        raise EqSurveyError.single(
            "partners-bundle",
            f"the bundle is of another project or survey ({bundle.instrument_id}), not of {instrument.id} here",
            "merge it into the project it was written from; nothing was merged",
            Location(file=name),
        )
    with _store(project) as store:
        return Merged(store.merge_links(bundle.links), store.merge_notes(bundle.notes))


def unreceived(project: Project, instrument: Instrument | None = None) -> int:
    """How many sealed notes in the partners' file are not yet in ``reviews.jsonl``."""
    from instruments.review import read_reviews

    if not partners_path(project).exists():
        return 0
    survey = (instrument or _instrument(project)).id
    have = {r.note for r in read_reviews(project.reviews_path) if r.note}
    with _store(project) as store:
        return sum(1 for n in store.notes(survey) if n.note_id not in have)


def receive(project: Project, keys: list[PrivateKey]) -> list[Review]:
    """Open the partners' notes not yet in ``reviews.jsonl`` and append them as review records (oldest first)."""
    from anonymize.partner_notes import open_note
    from instruments.review import Review, append_review, read_reviews

    if not partners_path(project).exists():
        return []
    instrument = _instrument(project)
    have = {r.note for r in read_reviews(project.reviews_path) if r.note}
    with _store(project) as store:
        sealed = [n for n in store.notes(instrument.id) if n.note_id not in have]
    opened: list[Review] = []
    for note in sealed:
        where = Location(file=str(partners_path(project)), field=f"note {note.note_id}")
        content = open_note(keys, note, where)
        try:
            record = Review.model_validate({**content, "note": note.note_id})
        except ValueError:
            raise EqSurveyError.single(
                "sealed-damaged", "a partner's note does not hold a review", "ask for the bundle again", where
            ) from None
        opened.append(record)
    opened.sort(key=lambda r: r.at)
    for record in opened:  # every note opened before any is written: a bad one leaves the file as it was
        append_review(project.reviews_path, record)
    return opened


def planned_tables(project: Project) -> PlannedTablesSource:
    return PlannedTablesSource(project)


class PlannedTablesSource:
    """The project's plan in plain words per language, for the review pages; read once, when first asked."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._cache: dict[str, PlannedTables | None] = {}

    def __call__(self, lang: str) -> PlannedTables | None:
        if lang not in self._cache:
            self._cache[lang] = self._words(lang)
        return self._cache[lang]

    def _words(self, lang: str) -> PlannedTables | None:
        from analysis import load_plan
        from reports.plan_words import plan_words
        from survey.web.review import PlannedTables

        instrument = _instrument(self._project)
        try:
            plan = load_plan(self._project.plan_path, instrument, self._project.total_rho).plan
        except EqSurveyError:  # no plan yet, or one that does not check: the page says none is planned
            return None
        words = plan_words(plan, instrument, lang)
        return PlannedTables(words.lang, words.rules, words.tables)


def as_json(links: list[PartnerLink]) -> str:
    return json.dumps(
        [
            {"organisation": k.organisation, "version": k.instrument_version, "content_hash": k.content_hash,
             "created": k.created_day, "revoked": k.revoked}
            for k in links
        ],
        ensure_ascii=False, indent=2,
    )  # fmt: skip
