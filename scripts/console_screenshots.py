"""Screenshots of the console's main screens for the README (run by hand; writes docs/console-*.png).

    python scripts/console_screenshots.py

A throwaway Musterstadt project is made with the real commands (keys, 800 simulated
responses, an opened dataset, a release, a partner's review link), the console is served on a
loopback port and opened through its one-time link in Debian's Chromium, and each screen is
captured in German at 1,100 × 800 (the page's top, as a person first sees it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.console_driver import console_server  # noqa: E402
from tests.support.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402

PASSPHRASE = "five quiet words for the screenshots"  # noqa: S105 - made up for the run
SCREENS = {
    "console-overview.png": "/",
    "console-questionnaire.png": "/questionnaire",
    "console-codesign.png": "/codesign",
    "console-plan.png": "/plan?respondents=1200",
    "console-release.png": "/release",
}


def _eqsurvey(cwd: Path, *args: str) -> None:
    env = {**os.environ, "EQSURVEY_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=env, check=True, capture_output=True)  # noqa: S603 - our own command


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        _eqsurvey(Path(folder), "init", "musterstadt", "--example", "musterstadt")
        project = Path(folder) / "musterstadt"
        for step in (
            ("keys", "init"),
            ("instrument", "partners", "invite", "Migrationsbeirat", "--url", "https://umfrage.musterstadt.de"),
            ("instrument", "review", "--by", "Antidiskriminierungsverein", "--approve"),
            ("responses", "simulate", "--n", "800", "--seed", "1", "-o", "responses.csv"),
            ("responses", "import", "--simulated", "responses.csv"),
            ("dataset", "export", "-o", "data/dataset.parquet"),
            ("release", "--dataset", "data/dataset.parquet", "--yes"),
        ):
            _eqsurvey(project, *step)
        with console_server(project) as served, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="de-DE")
            page.goto(served.link)
            page.goto(f"{served.base}/language/de?back=/")
            for name, path in SCREENS.items():
                page.goto(served.base + path)
                page.screenshot(path=str(ROOT / "docs" / name))
                print(f"docs/{name}: {path}")
            browser.close()


if __name__ == "__main__":
    main()
