"""A document as one self-contained, accessible HTML page (Jinja2, autoescaped).

The page's language is the document's (``<html lang>``), text in another language carries its
own ``lang``; headings keep the document's structure, tables have captions and header cells. The
stamp is the ``keywords`` meta, which WeasyPrint also writes into the PDF's metadata.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from kernel.i18n import text_direction
from reports.documents.model import Document, xml_safe
from reports.documents.stamp import Stamp

STAMP_META = "keywords"


def _clean(value: object) -> object:
    # Markup is already HTML (attributes, the style sheet); everything else is text from the document.
    return xml_safe(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("reports.documents", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_clean,
    )


@cache
def _css() -> str:
    return (resources.files("reports.documents") / "templates" / "document.css").read_text(encoding="utf-8")


def render_html(doc: Document) -> str:
    return _environment().get_template("document.html.j2").render(doc=doc, css=_css(), direction=text_direction)


def read_stamp(html: str) -> Stamp | None:
    """The stamp of a page written by :func:`render_html` (its keywords meta), or None."""
    from html.parser import HTMLParser

    found: list[str] = []

    class _Meta(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if tag == "meta" and values.get("name") == STAMP_META and values.get("content"):
                found.append(values["content"] or "")

    _Meta().feed(html)
    return Stamp.parse(found[0]) if found else None
