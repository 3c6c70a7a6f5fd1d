"""Accessibility checks on a browser page: axe-core's violations, heading levels, the Tab order."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page


def axe_violations(page: Page, impacts: Sequence[str] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations on the page (all of its default rules) whose impact is in ``impacts``."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # ships no type information

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v.get("impact") in impacts]


def describe_violations(violations: list[dict[str, Any]], per_rule: int = 5) -> str:
    """Rule id, impact, what it asks for and the offending HTML: enough to fix without rerunning."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:per_rule]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:300]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def heading_levels(page: Page) -> list[int]:
    """Levels of the headings a screen reader lists, in document order (h1–h6 and role=heading)."""
    levels: list[int] = page.evaluate(
        """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]'))
              .filter(el => el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]'))
              .map(el => el.getAttribute('role') === 'heading'
                   ? parseInt(el.getAttribute('aria-level') || '2', 10)
                   : parseInt(el.tagName.substring(1), 10))"""
    )
    return levels


def skipped_heading_levels(levels: list[int]) -> list[str]:
    """Places where a heading goes down more than one level (h2 followed by h4); the first must be h1."""
    problems = []
    if levels and levels[0] != 1:
        problems.append(f"the first heading is h{levels[0]}, not h1")
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after}")
    return problems


# Elements a keyboard user should be able to reach, and a radio group counts once (arrow keys move
# within it): the first of its radios, or the checked one. Hidden and disabled elements do not count.
_EXPECTED_TAB_STOPS = """() => {
  const all = Array.from(document.getElementsByTagName('*'));
  const candidates = document.querySelectorAll(
    'a[href], area[href], button, input:not([type="hidden"]), select, textarea, iframe, summary, ' +
    '[tabindex], [contenteditable=""], [contenteditable="true"]');
  const groups = new Map();
  const stops = [];
  for (const el of candidates) {
    if (el.disabled || el.closest('[inert]') || el.getClientRects().length === 0) continue;
    if (getComputedStyle(el).visibility !== 'visible') continue;
    if (el.hasAttribute('tabindex') && el.tabIndex < 0) continue;
    if (el.matches('input[type="radio"]') && el.name) {
      const key = (el.form ? all.indexOf(el.form) : -1) + '/' + el.name;
      if (groups.has(key)) {
        if (el.checked) stops[groups.get(key)] = el;
        continue;
      }
      groups.set(key, stops.length);
    }
    stops.push(el);
  }
  return stops.map(el => all.indexOf(el));
}"""

_DESCRIBE = """(index) => {
  const el = document.getElementsByTagName('*')[index];
  if (!el) return '(nothing)';
  const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40);
  return '<' + el.tagName.toLowerCase() + (el.id ? ' id="' + el.id + '"' : '') +
         (el.getAttribute('href') ? ' href="' + el.getAttribute('href') + '"' : '') +
         (el.getAttribute('type') ? ' type="' + el.getAttribute('type') + '"' : '') + '> ' + text;
}"""

_ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return -1;
  return Array.from(document.getElementsByTagName('*')).indexOf(el);
}"""


@dataclass
class TabWalk:
    expected: list[int]  # element indexes in document order
    reached: list[int]  # element indexes in the order Tab focused them
    positive_tabindex: list[str]

    def describe(self, page: Page, indexes: list[int]) -> list[str]:
        return [page.evaluate(_DESCRIBE, i) for i in indexes]

    def problems(self, page: Page) -> list[str]:
        """What keyboard users miss: elements Tab never reaches, or reaches out of reading order."""
        found = [f"positive tabindex (breaks reading order): {html}" for html in self.positive_tabindex]
        missing = [i for i in self.expected if i not in self.reached]
        found += [f"Tab never reaches {d}" for d in self.describe(page, missing)]
        if not missing and self.reached != self.expected:
            at = next(n for n, (a, b) in enumerate(zip(self.reached, self.expected, strict=False)) if a != b)
            got, want = self.describe(page, [self.reached[at], self.expected[at]])
            found.append(f"Tab stop {at + 1} is {got}, expected {want} (document order)")
        return found


def walk_tab_order(page: Page) -> TabWalk:
    """Press Tab from the top of the page until focus leaves the page (or comes round again)."""
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); }")
    expected: list[int] = page.evaluate(_EXPECTED_TAB_STOPS)
    positive: list[str] = page.evaluate(
        "() => Array.from(document.querySelectorAll('[tabindex]')).filter(el => el.tabIndex > 0).map(el => el.outerHTML.slice(0, 120))"
    )
    reached: list[int] = []
    for _ in range(len(expected) + 3):
        page.keyboard.press("Tab")
        index: int = page.evaluate(_ACTIVE)
        if index < 0 or index in reached:
            break
        reached.append(index)
    return TabWalk(expected, reached, positive)
