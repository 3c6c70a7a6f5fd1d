"""The data-protection documents of a project: a plain document model, its content and its three formats.

- ``facts``: :class:`ProjectFacts`, what the documents say about a project, gathered by the
  composition root (:mod:`eqsurvey.workflows.documents`) from config, instrument, plan, reviews
  and public keys; never a response, never a secret.
- ``model``: :class:`Document` and its blocks (headings, paragraphs, lists, tables), each in a language.
- ``stamp``: :class:`Stamp`, the instrument and project state a document was made from.
- ``writing``: :class:`Writer`, the catalogue's wording (gettext domain ``documents``) and the numbers.
- ``categories``: which Art. 9(1) categories a question reveals; ``measures``: the technical and
  organisational measures as configured.
- Content, one module per document: ``record`` (Art. 30(1) record of processing activities),
  ``annex`` (the technical annex for the data protection officer), ``dpia`` (input for the data protection
  impact assessment, Art. 35(7)), ``methods`` (the methods note for the council and the partners).
- Renderers: ``to_html`` (Jinja2), ``to_docx`` (python-docx), ``to_pdf`` (WeasyPrint, PDF/UA-1);
  each also reads its stamp back.
- ``messages``: the wording, English in the code, German in ``locales/de``.

A new document (e.g. the respondents' information under Art. 13) is a module with
``build(facts, lang) -> Document`` built with a :class:`Writer`, its wording in ``messages/``
and an entry in :data:`KINDS`; the command, the three formats, the stamp and ``documents check``
then cover it.
"""

from __future__ import annotations

from collections.abc import Callable

from reports.documents import annex, dpia, information, methods, record
from reports.documents.facts import BudgetFacts, KeyFacts, ProjectFacts, Statements, StoreFacts
from reports.documents.model import Document
from reports.documents.stamp import Stamp
from reports.documents.writing import LANGUAGES

KINDS: dict[str, Callable[[ProjectFacts, str], Document]] = {
    "record": record.build,
    "annex": annex.build,
    "dpia": dpia.build,
    "methods": methods.build,
    information.KIND: information.build,
}
"""Every document, by its name in files, in the order they are made."""

__all__ = [
    "KINDS",
    "LANGUAGES",
    "BudgetFacts",
    "Document",
    "KeyFacts",
    "ProjectFacts",
    "Stamp",
    "Statements",
    "StoreFacts",
]
