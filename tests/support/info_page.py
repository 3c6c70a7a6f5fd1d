"""What a page shows of the information for respondents: the text of each ``id="info-KEY"`` element.

Read with the standard library's HTML parser, so entities are decoded as a browser decodes them and a
text that escaped its element (an unescaped ``<``) would show up in the wrong place or not at all.
"""

from __future__ import annotations

from html.parser import HTMLParser

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


class _InfoText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {}
        self.attributes: dict[str, list[dict[str, str]]] = {}
        self._open: list[tuple[str, str | None]] = []  # tag, the info key it opened (if it did)

    def _collecting(self) -> list[str]:
        return [key for _, key in self._open if key is not None]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for collecting in self._collecting():
            self.attributes[collecting].append({"tag": tag, **values})
        if tag in _VOID:
            return
        ident = values.get("id", "")
        key = ident.removeprefix("info-").replace("-", "_") if ident.startswith("info-") else None
        if key is not None:
            assert key not in self.found, f"two elements show the item {key}"
            self.found[key] = []
            self.attributes[key] = [{"tag": tag, **values}]
        self._open.append((tag, key))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # Pop to the matching tag: HTML lets some end tags be left out (</p>, </li>), ours never do.
        while self._open:
            opened, _ = self._open.pop()
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        for key in self._collecting():
            self.found[key].append(data)


def shown_items(html: str) -> dict[str, str]:
    """Each item's text as the page shows it, whitespace collapsed, by item key (``legal_basis``)."""
    parser = _InfoText()
    parser.feed(html)
    parser.close()
    return {key: " ".join("".join(parts).split()) for key, parts in parser.found.items()}


def item_elements(html: str) -> dict[str, list[dict[str, str]]]:
    """Each item's elements (the item's own first) as their tag and attributes, by item key."""
    parser = _InfoText()
    parser.feed(html)
    parser.close()
    return parser.attributes
