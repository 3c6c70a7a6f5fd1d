"""The data-protection documents of a project (`eqsurvey documents`): facts gathered, files written and checked.

The facts come from the config, the instrument, the plan, the partners' reviews and the
public parts of the keys (the current key id, its suite, how many key pairs there were): no
store is opened, no response read, no secret touched. The project's state hash covers exactly
those inputs, so a document is current as long as none of them changed; ``check`` reads each
file's stamp back (HTML meta, DOCX core properties, PDF metadata) and compares.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from kernel.errors import EqSurveyError, Location

if TYPE_CHECKING:
    from eqsurvey.config import Project
    from instruments.model import Instrument
    from reports.documents import Document, ProjectFacts, Stamp

Format = Literal["html", "docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf", "html")
DEFAULT_FOLDER = "documents"
_FIX_TABLE = "add them to the [documents] table of eqsurvey.toml (a fresh `eqsurvey init` config shows each, commented)"


def _state_parts(project: Project) -> list[tuple[str, bytes]]:
    """What the documents are made from, as bytes: config, instrument, plan, reviews, public key files."""
    keys = project.keys_dir
    parts = [
        ("config", project.config_path.read_bytes()),
        ("instrument", project.instrument_path.read_bytes()),
        ("plan", project.plan_path.read_bytes()),
        ("reviews", project.reviews_path.read_bytes() if project.reviews_path.is_file() else b""),
        ("current", (keys / "current").read_bytes() if (keys / "current").is_file() else b""),
    ]
    public = keys / "public"
    if public.is_dir():
        parts += [(f"public/{p.name}", p.read_bytes()) for p in sorted(public.glob("*.json"))]
    return parts


def state_hash(project: Project, content_hash: str) -> str:
    """SHA-256 over the project's inputs to the documents, each named and length-prefixed.

    The instrument's content hash is one of them: a library module that changed with an upgrade of
    eqsurvey changes the questionnaire without changing its file.
    """
    digest = hashlib.sha256(b"eqsurvey-documents-state-v1")
    try:
        parts = _state_parts(project)
    except OSError as exc:
        raise EqSurveyError.single(
            "project-file",
            f"cannot read {exc.filename}: {exc.strerror}",
            "check that the project's instrument, plan and key files are there and readable",
            Location(file=str(exc.filename)),
        ) from None
    for name, data in [("content", content_hash.encode()), *parts]:
        for piece in (name.encode(), data):
            digest.update(len(piece).to_bytes(8, "big") + piece)
    return digest.hexdigest()


def _store_facts(project: Project) -> tuple[Literal["sqlite", "postgresql"], str]:
    url = project.store_url
    if url.startswith("sqlite:///"):
        return "sqlite", url.removeprefix("sqlite:///")
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return "postgresql", f"“{parts.path.lstrip('/') or '?'}” on {host}{port}"  # never the user or password


def gather(project: Project) -> ProjectFacts:
    """The facts about ``project`` the documents state; a user error if the config lacks what only it can say."""
    from analysis.budget import DEFAULT_DELTA, epsilon_of
    from analysis.plans.loader import load_plan
    from analysis.releases.guard import minimum
    from anonymize.keys.keyring import Keyring
    from instruments.loader import load_instrument
    from instruments.review import read_reviews, standings
    from reports.documents import BudgetFacts, KeyFacts, ProjectFacts, Statements, StoreFacts

    settings = project.config.documents
    missing = settings.missing()
    if missing:
        raise EqSurveyError.single(
            "documents-config",
            f"the documents need what only you can state: {', '.join(missing)} in [documents]",
            _FIX_TABLE,
            Location(file=str(project.config_path)),
        )
    instrument = load_instrument(project.instrument_path).instrument
    questions = instrument.question_map
    for question in settings.special_categories:
        if question not in questions:
            raise EqSurveyError.single(
                "documents-config",
                f"[documents] special_categories names {question!r}, which is not a question of {instrument.id}",
                f"use a question id of {project.settings.instrument} (e.g. one with privacy: special_category)",
                Location(file=str(project.config_path)),
            )
    total = project.total_rho
    plan = load_plan(project.plan_path, instrument, total).plan
    keyring = Keyring(project.keys_dir)
    if not keyring.exists():
        raise EqSurveyError.single(
            "no-keys",
            f"the documents state the project's sealing key, and there are no keys in {project.keys_dir}",
            "run `eqsurvey keys init` first (the documents read only the public key)",
            Location(file=str(project.keys_dir)),
        )
    public = keyring.public_key()
    release = total.share(plan.budget_share)
    releases = int(total.rho // release.rho)
    least = minimum(plan.publication, project.config.analysis.min_respondents)
    kind, where = _store_facts(project)
    if settings.legal_basis is None:  # missing() names it; this tells the type checker
        raise EqSurveyError.single("documents-config", "legal_basis is missing in [documents]", _FIX_TABLE)
    return ProjectFacts(
        project_name=project.settings.name,
        instrument=instrument,
        plan=plan,
        statements=Statements(
            legal_basis=settings.legal_basis,
            statutory_provision=settings.statutory_provision,
            dpo=settings.dpo or "",
            collector=settings.collector or "",
            key_holders=settings.key_holders or "",
            recipients=tuple(settings.recipients),
            transfers=settings.transfers or "",
            publication=settings.publication or "",
            special_categories=dict(settings.special_categories),
        ),
        keys=KeyFacts(public.key_id, public.suite.value, len(keyring.key_ids()), project.config.keys.dir),
        store=StoreFacts(kind, where),
        budget=BudgetFacts(
            total_rho=total.text,
            total_epsilon=epsilon_of(total),
            delta=DEFAULT_DELTA,
            release_rho=release.text,
            release_epsilon=epsilon_of(release),
            releases=releases,
            minimum=least.respondents,
            minimum_configured=least.configured is not None,
        ),
        access=project.config.collection.access,
        fieldwork=project.config.survey.fieldwork,
        simulated=project.config.survey.simulated,
        standings=tuple(standings([r for r in read_reviews(project.reviews_path) if r.instrument_id == instrument.id])),
        state_hash=state_hash(project, instrument.content_hash()),
    )


def file_name(kind: str, lang: str, fmt: str) -> str:
    return f"{kind}.{lang}.{fmt}"


def render(doc: Document, fmt: Format) -> bytes:
    from reports.documents.to_docx import render_docx
    from reports.documents.to_html import render_html
    from reports.documents.to_pdf import render_pdf

    if fmt == "html":
        return render_html(doc).encode("utf-8")
    if fmt == "docx":
        return render_docx(doc)
    return render_pdf(doc)


def languages_for(kind: str, instrument: Instrument, asked: list[str] | None = None) -> list[str]:
    """The languages ``kind`` is made in: the respondents' information in every language of the instrument
    (respondents read it), the officers' documents in German and English; ``asked`` narrows either."""
    from reports.documents import LANGUAGES, information

    offered = list(instrument.languages) if kind == information.KIND else list(LANGUAGES)
    return offered if asked is None else [lang for lang in asked if lang in offered]


def check_languages(instrument: Instrument, asked: list[str] | None) -> None:
    """Refuse a language no document is made in, naming those that are."""
    from reports.documents import LANGUAGES

    known = list(dict.fromkeys([*LANGUAGES, *instrument.languages]))
    wrong = [lang for lang in asked or [] if lang not in known]
    if wrong or asked == []:
        raise EqSurveyError.single(
            "bad-option",
            f"--lang {','.join(asked or [])!r}: {', '.join(wrong) or 'nothing'} is not one of {', '.join(known)}",
            f"write e.g. --lang {','.join(LANGUAGES)} (the respondents' information is made in every language "
            "of the questionnaire; the other documents in German and English)",
        )


def build(facts: ProjectFacts, kinds: list[str], langs: list[str] | None = None) -> list[Document]:
    from reports.documents import KINDS

    return [KINDS[kind](facts, lang) for kind in kinds for lang in languages_for(kind, facts.instrument, langs)]


def write_documents(
    project: Project, out: Path, langs: list[str] | None, formats: list[Format], kinds: list[str] | None = None
) -> list[Path]:
    """Every document in every language and format asked for (``langs`` None: each in its own languages,
    :func:`languages_for`), written into ``out``; the files written."""
    from reports.documents import KINDS

    facts = gather(project)
    check_languages(facts.instrument, langs)
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for doc in build(facts, kinds or list(KINDS), langs):
            for fmt in formats:
                path = out / file_name(doc.kind, doc.lang, fmt)
                path.write_bytes(render(doc, fmt))
                written.append(path)
    except OSError as exc:
        raise EqSurveyError.single(
            "cannot-write",
            f"cannot write the documents into {out}: {exc.strerror}",
            "choose a folder you can write to with --out DIR",
            Location(file=str(exc.filename or out)),
        ) from None
    return written


def read_stamp(path: Path) -> Stamp | None:
    """The stamp a document file carries, or None; read again only when the file changed (the console's
    overview asks on every load, and parsing a PDF takes tens of milliseconds)."""
    facts = path.stat()
    return _stamp_of(str(path), facts.st_mtime_ns, facts.st_size, facts.st_ino)


@lru_cache(maxsize=256)
def _stamp_of(path: str, _mtime_ns: int, _size: int, _inode: int) -> Stamp | None:
    from reports.documents import to_docx, to_html, to_pdf

    data = Path(path).read_bytes()
    if path.endswith(".html"):
        return to_html.read_stamp(data.decode("utf-8", errors="replace"))
    if path.endswith(".docx"):
        return to_docx.read_stamp(data)
    return to_pdf.read_stamp(data)


Changed = Literal["questionnaire", "settings"]
"""What changed since a stale file was made: the questionnaire's content, or the rest of the project's
state (configuration, plan, reviews, keys)."""


@dataclass(frozen=True)
class Verdict:
    """One document file (or a document with no file at all) and whether it is current."""

    path: Path
    status: Literal["current", "stale", "unreadable", "missing"]
    detail: str
    kind: str = ""
    lang: str = ""
    changed: Changed | None = None
    """Set for a stale file."""

    @property
    def ok(self) -> bool:
        return self.status == "current"

    @property
    def fmt(self) -> str | None:
        """The file's format (None for a document with no file)."""
        return None if self.status == "missing" else self.path.suffix.removeprefix(".")


Standing = Literal["current", "stale", "incomplete", "missing"]


def standing(verdicts: list[Verdict]) -> Standing:
    """The documents as a whole: all current; some file stale or unreadable; some document without any
    file (the rest current); or none made at all."""
    if all(v.status == "missing" for v in verdicts):
        return "missing"
    if any(v.status in ("stale", "unreadable") for v in verdicts):
        return "stale"
    return "incomplete" if any(v.status == "missing" for v in verdicts) else "current"


def check_documents(project: Project, out: Path, instrument: Instrument | None = None) -> list[Verdict]:
    """Each document file in ``out`` against the project's state now, and each document with no file.

    ``instrument``: the project's, when the caller has it loaded already."""
    from instruments.loader import load_instrument
    from reports.documents import KINDS, LANGUAGES, information

    if instrument is None:
        instrument = load_instrument(project.instrument_path).instrument
    content = instrument.content_hash()
    current = state_hash(project, content)
    verdicts: list[Verdict] = []
    officers = [lang for lang in LANGUAGES if lang in instrument.languages] or list(LANGUAGES)
    for kind in KINDS:
        for lang in languages_for(kind, instrument) if kind == information.KIND else officers:
            paths = [out / file_name(kind, lang, fmt) for fmt in FORMATS]
            found = [p for p in paths if p.is_file()]
            if not found:
                verdicts.append(
                    Verdict(out / file_name(kind, lang, "*"), "missing", "no file of this document", kind, lang)
                )
            for path in found:
                verdicts.append(_verdict(path, kind, lang, current, content))
    return verdicts


def _verdict(path: Path, kind: str, lang: str, current: str, content: str) -> Verdict:
    stamp = read_stamp(path)
    if stamp is None or stamp.kind != kind or stamp.lang != lang:
        return Verdict(path, "unreadable", "no eqsurvey stamp could be read from it", kind, lang)
    if stamp.state == current:
        return Verdict(path, "current", f"instrument {stamp.instrument} {stamp.version}", kind, lang)
    changed: Changed = "questionnaire" if stamp.content != content else "settings"
    what = "the instrument's content" if changed == "questionnaire" else "the configuration, plan, reviews or keys"
    return Verdict(path, "stale", f"made from an older project state ({what} changed since)", kind, lang, changed)
