"""Screenshots of the web form and pages of the printable questionnaire in one language, to look at by hand.

    python scripts/form_screenshots.py --lang ar --out /tmp/form-ar [--width 390]

A throwaway project with the small questionnaire in six languages (tests/fixtures/multilingual) is
served on a loopback port; Debian's Chromium walks it (welcome page, each page of questions with a
few answers ticked and a write-in typed, ready to send, thank you) and captures each page whole as
form-NN.png. The printable questionnaire is rendered to questionnaire.pdf by `eqsurvey instrument
render`, and its pages to questionnaire-N.png with pdftoppm where poppler-utils is installed.
Right-to-left languages (ar, fa) are where this is most worth a look: mirrored layout, Arabic shaping.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eqsurvey.workflows.form_app import create_app  # noqa: E402
from survey.web import LimitSettings  # noqa: E402
from tests.e2e.form_driver import FormDriver, serving  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402

INSTRUMENT = ROOT / "tests" / "fixtures" / "multilingual" / "instrument.yaml"
PASSPHRASE = "five quiet words for the screenshots"  # noqa: S105 - made up for the run
ANSWERS = {"consent": "yes", "years_here": "under_5", "home_lang": ["arabic", "other"]}
WRITE_INS = {"home_lang_other": "Tigrinya ትግርኛ", "origin_words": "سورية وألمانية / Syrian and German"}


def _eqsurvey(cwd: Path, *args: str) -> None:
    env = {**os.environ, "EQSURVEY_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=env, check=True, capture_output=True)  # noqa: S603 - our own command


def _form(project: Path, lang: str, out: Path, width: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots: list[Path] = []
    limits = LimitSettings(requests_per_minute=0, submissions_per_hour=0, attempts_per_code=0)
    with serving(create_app(project, access="open", limits=limits)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        form = FormDriver(page, base, lang, instrument=INSTRUMENT)

        def shoot(_: str) -> None:
            for question, text in WRITE_INS.items():
                box = page.locator(f"textarea[name={question}]")
                if box.count():
                    box.fill(text)
            shots.append(out / f"form-{len(shots) + 1:02d}.png")
            page.screenshot(path=str(shots[-1]), full_page=True)

        form.open()
        form.walk({**ANSWERS, **WRITE_INS}, shoot)
        browser.close()
    return shots


def _printable(project: Path, lang: str, out: Path) -> list[Path]:
    pdf = out / "questionnaire.pdf"
    _eqsurvey(project, "instrument", "render", "--lang", lang, "-o", str(pdf))
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm not found (apt-get install poppler-utils): only the PDF was written", file=sys.stderr)
        return [pdf]
    subprocess.run([pdftoppm, "-r", "80", "-png", str(pdf), str(out / "questionnaire")], check=True)  # noqa: S603 - fixed tool, our file
    return [pdf, *sorted(out.glob("questionnaire-*.png"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="ar", help="one of the questionnaire's languages: en, tr, ar, ru, uk, fa")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files (created)")
    parser.add_argument("--width", type=int, default=1024, help="browser width in CSS pixels (390: a phone)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        _eqsurvey(Path(folder), "init", "proj", "--example", "musterstadt")
        project = Path(folder) / "proj"
        shutil.copy(INSTRUMENT, project / "instrument.yaml")
        _eqsurvey(project, "keys", "init")
        written = _form(project, args.lang, args.out, args.width) + _printable(project, args.lang, args.out)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
