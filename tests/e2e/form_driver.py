"""A respondent in Chromium: the survey form served by real uvicorn, answered with mouse or keyboard, then opened.

Answers are given as the instrument's codes (question id -> code, codes, text, or row -> code for a
matrix). The driver turns a code into what a respondent sees, the choice's label in the page's
language, and finds the element by its role and accessible name, so a label that does not reach
its tick box (or belongs to another box) fails the walk.
"""

from __future__ import annotations

import functools
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import pytest
import uvicorn

from anonymize.keys.keyring import Keyring
from instruments.loader import load_instrument
from instruments.printable.page import QuestionView, questionnaire_view
from survey.store import open_store
from tests.support.browser import OfflinePage
from tests.support.cli import Eqsurvey
from tests.support.web_form import PASS, stored

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page
    from starlette.types import ASGIApp

Answer = str | list[str] | dict[str, str]
Plan = Mapping[str, Answer]

# The frame's wording, written out here rather than imported, so a wrong translation fails a test.
BUTTONS = {
    "de": {"start": "Befragung beginnen", "next": "Weiter", "back": "Zurück", "submit": "Antworten absenden"},
    "en": {"start": "Start the survey", "next": "Next", "back": "Back", "submit": "Send my answers"},
    "tr": {"start": "Ankete başla", "next": "İleri", "back": "Geri", "submit": "Yanıtlarımı gönder"},
    "ar": {"start": "ابدأ الاستبيان", "next": "التالي", "back": "السابق", "submit": "أرسل إجاباتي"},
    "ru": {"start": "Начать опрос", "next": "Далее", "back": "Назад", "submit": "Отправить ответы"},
    "uk": {"start": "Почати опитування", "next": "Далі", "back": "Назад", "submit": "Надіслати відповіді"},
    "fa": {"start": "شروع نظرسنجی", "next": "بعدی", "back": "قبلی", "submit": "ارسال پاسخ\u200cهای من"},
}
TITLES = {
    "de": {"finish": "Bereit zum Absenden", "thanks": "Vielen Dank für Ihre Teilnahme!"},
    "en": {"finish": "Ready to send", "thanks": "Thank you for taking part!"},
    "tr": {"finish": "Göndermeye hazır", "thanks": "Katıldığınız için teşekkür ederiz!"},
    "ar": {"finish": "جاهز للإرسال", "thanks": "شكرًا لمشاركتك!"},
    "ru": {"finish": "Всё готово к отправке", "thanks": "Спасибо за участие!"},
    "uk": {"finish": "Усе готово до надсилання", "thanks": "Дякуємо за участь!"},
    "fa": {"finish": "آماده\u200cی ارسال", "thanks": "از مشارکت شما سپاسگزاریم!"},
}
LANGUAGE_NAMES = {
    **{"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية"},
    **{"ru": "Русский", "uk": "Українська", "fa": "فارسی"},
}
MUSTERSTADT = Path(__file__).parents[2] / "examples/musterstadt/instrument.yaml"
_RECEIPT = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4})+")

# The answers a page holds, read back in the plan's shape (matrix rows as "question:row" radio groups).
_VALUES = """() => {
  const out = {};
  for (const fs of document.querySelectorAll('fieldset.question')) {
    const q = fs.id.slice(2);
    for (const el of fs.querySelectorAll('input, textarea')) {
      if (el.type === 'radio' && el.checked && el.name.includes(':')) (out[q] ??= {})[el.name.split(':')[1]] = el.value;
      else if (el.type === 'radio' && el.checked) out[q] = el.value;
      else if (el.type === 'checkbox' && el.checked && el.name === q) (out[q] ??= []).push(el.value);
      else if ((el.tagName === 'TEXTAREA' || el.type === 'text') && el.value) out[q] = el.value;
    }
  }
  return out;
}"""
_FOCUSED = """() => { const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', value: el.value || '',
          checked: !!el.checked}; }"""


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """``app`` under a real uvicorn server on a free loopback port (in a thread); its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY by asyncio
    listener.bind(("127.0.0.1", 0))  # bound here and handed over: no race for the port
    port = int(listener.getsockname()[1])
    config = uvicorn.Config(app, access_log=False, log_config=None, lifespan="on", server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def new_project(root: Path, instrument: Path | None = None) -> Path:
    """``eqsurvey init proj --example musterstadt`` and ``eqsurvey keys init``, as a user would.

    With ``instrument``, that file replaces the example's questionnaire first, as a user edits it.
    """
    eqsurvey = Eqsurvey(root)
    eqsurvey("init", "proj", "--example", "musterstadt")
    eqsurvey.cwd = root / "proj"
    if instrument is not None:
        (eqsurvey.cwd / "instrument.yaml").write_bytes(instrument.read_bytes())
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", PASS)
        eqsurvey("keys", "init")
    return eqsurvey.cwd


def stored_answers(project: Path, survey_id: str, receipt: str) -> dict[str, object]:
    """The one response the receipt code stands for, opened with the analysts' private key."""
    secret = Keyring(project / "keys").pseudonym_secret()
    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        found = store.pseudonym_for_receipt(secret.receipt_hash(survey_id, receipt))
    finally:
        store.close()
    assert found is not None, f"no response is stored under the receipt {receipt}"
    matches = [answers for pseudonym, answers in stored(project, survey_id) if pseudonym == found[1]]
    assert len(matches) == 1, matches
    return matches[0]


def assert_stayed_home(offline: OfflinePage, *bases: str) -> None:
    """Nothing left the machine, and all the browser asked the servers for was their pages and stylesheet."""
    assert offline.blocked == []
    assert [u for u in offline.requests if not u.startswith(tuple(b + "/" for b in bases))] == []
    assert {urlsplit(u).path for u in offline.requests} <= {"/", "/form", "/static/form.css", "/no-such-page"}


@functools.cache
def _views(path: Path) -> dict[str, dict[str, QuestionView]]:
    """The instrument's questions as the printable questionnaire shows them, by language and question id."""
    instrument = load_instrument(path).instrument
    return {
        lang: {q.id: q for s in questionnaire_view(instrument, lang).sections for q in s.questions}
        for lang in instrument.languages
    }


@dataclass
class FormDriver:
    page: Page
    base: str
    lang: str
    seen: list[list[str]] = field(default_factory=list)  # question ids of every question page shown, in order
    answered: set[str] = field(default_factory=set)
    instrument: Path = MUSTERSTADT  # the served project's instrument, whose labels the driver looks for

    def __post_init__(self) -> None:
        self.page.set_default_timeout(5000)  # pages come from this machine: a missing element fails fast
        self.views = _views(self.instrument)

    # --- looking --------------------------------------------------------------------------------------

    def words(self, key: str) -> str:
        return {**BUTTONS[self.lang], **TITLES[self.lang]}[key]

    def html_lang(self) -> str | None:
        return self.page.locator("html").get_attribute("lang")

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text().strip()

    def question_ids(self) -> list[str]:
        ids: list[str] = self.page.locator("fieldset.question").evaluate_all("all => all.map(fs => fs.id)")
        return [i.removeprefix("q-") for i in ids]

    def values(self) -> dict[str, Any]:
        """What the page's fields hold now, in the plan's shape (needs the page's JavaScript)."""
        found: dict[str, Any] = self.page.evaluate(_VALUES)
        return found

    def receipt(self) -> str:
        assert self.heading() == self.words("thanks")
        text = self.page.locator(".receipt").inner_text().strip()
        assert _RECEIPT.fullmatch(text), text
        return text

    # --- with the mouse -------------------------------------------------------------------------------

    def open(self, path: str = "") -> None:
        self.page.goto(f"{self.base}/{path or '?lang=' + self.lang}")

    def press(self, key: str) -> None:
        """Click the button labelled with the frame's word ``key`` (start, next, back, submit)."""
        self.page.get_by_role("button", name=self.words(key), exact=True).click()
        self.page.wait_for_load_state()

    def switch_language(self, lang: str) -> None:
        self.page.get_by_role("navigation").get_by_role("button", name=LANGUAGE_NAMES[lang]).click()
        self.page.wait_for_load_state()
        self.lang = lang

    def choice(self, question: str, code: str, row: str = "") -> Locator:
        """The tick box of ``code`` (in ``row`` of a matrix), found by role and the label shown for it."""
        view = self.views[self.lang][question]
        label = next(c.label for c in view.choices if c.code == code)
        if row:
            label = next(r.label for r in view.rows if r.code == row) + ": " + label
        # A scale point's number may stand before the label, an exclusive option's note after it.
        name = re.compile(r"^(?:\d+ )?" + re.escape(label) + r"(?: \(.+\))?$")
        role: Literal["radio", "checkbox"] = "radio" if view.input == "radio" else "checkbox"
        box = self.page.locator(f"fieldset#q-{question}").get_by_role(role, name=name)
        assert box.get_attribute("value") == code, f"{question}: the box labelled {label!r} is not {code!r}"
        return box

    def answer(self, question: str, value: Answer) -> None:
        view = self.views[self.lang][question]
        if isinstance(value, dict):
            for row, code in value.items():
                self.choice(question, code, row).check()
        elif view.input:
            for code in [value] if isinstance(value, str) else value:
                self.choice(question, code).check()
        else:
            assert isinstance(value, str)
            self.page.locator(f"fieldset#q-{question}").get_by_role("textbox").fill(value)

    def fill(self, plan: Plan) -> list[str]:
        """Answer the questions on this page that the plan has; the page's question ids."""
        assert self.html_lang() == self.lang
        ids = self.question_ids()
        for question in ids:
            if question in plan:
                self.answer(question, plan[question])
                self.answered.add(question)
        return ids

    def walk(self, plan: Plan, check: Callable[[str], None] = lambda _: None) -> str:
        """From the page shown to the thank-you page, answering as planned; the receipt code.

        ``check`` looks at each page first (given a name for it in messages).
        """
        if self.question_ids() == [] and self.heading() != self.words("finish"):
            check("welcome")
            self.press("start")
        while self.heading() != self.words("finish"):
            assert len(self.seen) < 30, "the form goes round in circles"
            check(f"page {len(self.seen) + 1}: {self.heading()}")
            self.seen.append(self.fill(plan))
            self.press("next")
        check("ready to send")
        assert self.answered == set(plan), f"never asked: {set(plan) - self.answered}"
        self.press("submit")
        check("thank you")
        return self.receipt()

    # --- with the keyboard only -----------------------------------------------------------------------

    def focused(self) -> dict[str, Any]:
        active: dict[str, Any] = self.page.evaluate(_FOCUSED)
        return active

    def key(self, key: str) -> dict[str, Any]:
        self.page.keyboard.press(key)
        return self.focused()

    def tab_to(self, *, button: str = "", field: str = "", backwards: bool = False) -> None:
        """Tab (or Shift+Tab) until the button with value ``button`` or the field named ``field`` has focus."""
        for _ in range(200):
            el = self.key("Shift+Tab" if backwards else "Tab")
            if (el["tag"] == "button" and el["value"] == button) or (field and el["name"] == field):
                return
        pytest.fail(f"Tab never reaches {button or field}")

    def enter(self) -> None:
        """Enter on the focused button: the browser sends the form."""
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def type_page(self, plan: Plan) -> None:
        """Answer this page with Tab, arrow keys, Space and typing, then Enter on "next"."""
        ids = self.question_ids()
        radios: dict[str, str] = {}
        boxes: set[tuple[str, str]] = set()
        texts: dict[str, str] = {}
        for question, value in ((q, plan[q]) for q in ids if q in plan):
            view = self.views[self.lang][question]
            if isinstance(value, dict):
                radios |= {f"{question}:{row}": code for row, code in value.items()}
            elif view.input == "radio" and isinstance(value, str):
                radios[question] = value
            elif view.input == "checkbox":
                boxes |= {(question, code) for code in value}
            else:
                assert isinstance(value, str)
                texts[question] = value
        todo = set(radios) | boxes | set(texts)
        for _ in range(400):
            el = self.key("Tab")
            if el["tag"] == "button" and el["value"] == "next":
                break
            name, value = el["name"], el["value"]
            if el["type"] == "radio" and name in radios:
                for _ in range(20):  # arrow keys move within the group and tick as they go
                    if el["value"] == radios[name]:
                        break
                    el = self.key("ArrowDown")
                if not el["checked"]:
                    el = self.key("Space")
                assert el["value"] == radios[name] and el["checked"], el
                todo.discard(name)
            elif el["type"] == "checkbox" and (name, value) in boxes:
                if not el["checked"]:
                    assert self.key("Space")["checked"], el
                todo.discard((name, value))
            elif el["tag"] == "textarea" and name in texts:
                self.page.keyboard.type(texts[name])
                todo.discard(name)
        assert el["value"] == "next", "Tab never reached the next button"
        assert not todo, f"Tab never reached {todo}"
        self.seen.append(ids)
        self.answered |= {q for q in ids if q in plan}
        self.enter()
