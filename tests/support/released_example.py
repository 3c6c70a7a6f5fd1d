"""The Musterstadt example released once through the real commands: where the report tests start.

Each report test module (browser widths, charts, tables, summary, annex, workbook) needs a real
release of the example: a project, keys, simulated responses sealed on import, and one release of
its plan. Made here once per module fixture, so the tests agree on what "the example's release" is.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.cli import Eqsurvey


def released_example(
    root: Path, passphrase: str, *, n: int = 600, seed: int = 3, simulated: bool = False
) -> tuple[Eqsurvey, str]:
    """A project ``root/proj`` made from the Musterstadt example with ``n`` simulated responses (imported as
    simulated when ``simulated``: the reports then carry the notice), and the id of one release of its plan.
    The runner returned works in the project's folder."""
    eqsurvey = Eqsurvey(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", passphrase)
        eqsurvey("init", "proj", "--example", "musterstadt")
        eqsurvey.cwd = root / "proj"
        eqsurvey("keys", "init")
        eqsurvey("responses", "simulate", "--n", str(n), "--seed", str(seed), "-o", "r.csv")
        marked = ("--simulated",) if simulated else ()
        assert f"stored {n}, rejected 0" in eqsurvey("responses", "import", *marked, "r.csv").stdout
        release = json.loads(eqsurvey("release", "--json", "--yes").stdout)["id"]
    return eqsurvey, str(release)


#: A small instrument and plan with texts in German, English, Turkish, Arabic, Russian, Ukrainian and Persian.
LANGUAGES_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report_languages"


def released_languages(root: Path, passphrase: str, *, n: int = 600, seed: int = 3) -> tuple[Eqsurvey, str]:
    """As :func:`released_example`, with the project's instrument and plan replaced by those of
    ``tests/fixtures/report_languages`` (texts in seven languages); ``n`` simulated responses, one release."""
    eqsurvey = Eqsurvey(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", passphrase)
        eqsurvey("init", "proj", "--example", "musterstadt")
        eqsurvey.cwd = root / "proj"
        for name in ("instrument.yaml", "plan.yaml"):
            shutil.copy(LANGUAGES_FIXTURE / name, eqsurvey.cwd / name)
        eqsurvey("keys", "init")
        eqsurvey("responses", "simulate", "--n", str(n), "--seed", str(seed), "-o", "r.csv")
        assert f"stored {n}, rejected 0" in eqsurvey("responses", "import", "--simulated", "r.csv").stdout
        release = json.loads(eqsurvey("release", "--json", "--yes").stdout)["id"]
    return eqsurvey, str(release)


def html_reports(
    eqsurvey: Eqsurvey, release: str, languages: tuple[str, ...] | list[str], *options: str, stem: str = "report"
) -> dict[str, Path]:
    """``report build RELEASE --format html`` in each language (with ``options``, e.g. ``--part summary``)."""
    built = {}
    for lang in languages:
        built[lang] = eqsurvey.cwd / f"{stem}-{lang}.html"
        eqsurvey("report", "build", release, "--lang", lang, "--format", "html", *options, "-o", built[lang].name)
    return built
