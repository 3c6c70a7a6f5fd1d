"""The respondent information as plain text: for documents built from it and for comparing it with a page.

:func:`item_text` is one item's body as a reader sees it, whitespace collapsed: the paragraphs, then the
list's entries, each separated by one space. A page that shows the item holds exactly this text, so a test
can compare the two without knowing the page's markup. :func:`plain_text` is the whole information, headed
and with blank lines between the parts, the list's entries as "- " lines.
"""

from __future__ import annotations

from instruments.respondent_info.content import InfoItem, RespondentInfo


def _squashed(text: str) -> str:
    return " ".join(text.split())


def item_text(item: InfoItem) -> str:
    """The item's paragraphs and list entries in one line, whitespace collapsed (its heading not included)."""
    return " ".join(_squashed(part.text) for part in (*item.paragraphs, *item.points) if part.text.strip())


def plain_text(info: RespondentInfo) -> str:
    """The information and the consent statements as plain text, one block per item, ending in a newline."""
    blocks = [_squashed(info.title.text)]
    for item in info.items:
        lines = [_squashed(item.heading.text), *(_squashed(p.text) for p in item.paragraphs)]
        lines += [f"- {_squashed(p.text)}" for p in item.points]
        blocks.append("\n".join(lines))
    if info.consent:
        lines = [_squashed(info.consent_heading.text)]
        for consent in info.consent:
            if consent.intro is not None:
                lines.append(_squashed(consent.intro.text))
            lines.append(_squashed(consent.statement.text))
            lines.append(f"[ ] {_squashed(consent.yes.text)}   [ ] {_squashed(consent.no.text)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
