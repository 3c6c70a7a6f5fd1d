"""``eqsurvey demo``: the whole pipeline on the bundled Musterstadt example, in under a minute.

It runs the real commands one after the other, in this process, in a new
project folder: create the project, make keys, simulate respondents, import
them (pseudonymise, seal, store), open the analysis dataset, preview the
plan's accuracy, release, and render the reports (a summary and its table
annex, each in HTML and PDF, German and English). What each step printed
stays visible; the report paths go to stdout at the end.

The simulated respondents follow the reference shares of a German city
(``survey/simulation/populations/germany_city.yaml``: published figures with their
sources, and stated assumptions), so that the demo's report reads like a
plausible survey. They are imported as simulated (``responses import
--simulated``) and the project says ``[survey] simulated = true``, so the
form, the dataset, the release and every report say that the data are
simulated. Its key passphrase is made up for the run and kept nowhere: the demo's
keys protect synthetic answers only.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Annotated

import typer

from eqsurvey.commands.kit import say, user_errors
from eqsurvey.workflows.demo_steps import Steps
from kernel.errors import EqSurveyError

DEFAULT_DIR = Path("eqsurvey-demo")
RESPONDENTS = 5000


def _simulate(project: Path, respondents: int, seed: int) -> Path:
    from eqsurvey.commands.kit import write_output
    from instruments.loader import load_instrument
    from survey.simulation.csv_columns import csv_blocks
    from survey.simulation.population import load_population
    from survey.simulation.simulator import Settings, simulate_columns

    instrument = load_instrument(project / "instrument.yaml").instrument
    target = project / "responses.csv"
    simulated = simulate_columns(instrument, respondents, seed, Settings(population=load_population()))
    write_output(target, csv_blocks(instrument, simulated))
    return target


#: Appended to the demo project's configuration: the form shows on every page that answers are not real.
DEMO_CONFIG = """
[survey]
# This is eqsurvey's demo project: its responses are simulated. The web form
# (eqsurvey serve) says so on every page while this is true.
simulated = true
"""


def _declare_simulated(root: Path) -> None:
    from eqsurvey.config import CONFIG_NAME

    with (root / CONFIG_NAME).open("a", encoding="utf-8") as config:
        config.write(DEMO_CONFIG)


@user_errors
def demo(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder to create the demo project in (must not exist).")] = (
        DEFAULT_DIR
    ),
    respondents: Annotated[int, typer.Option("--n", min=100, help="How many synthetic respondents.")] = RESPONDENTS,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the synthetic respondents.")] = 1,
) -> None:
    """Run the whole pipeline on the Musterstadt example and write its reports: a demo of eqsurvey.

    Example: eqsurvey demo ./eqsurvey-demo
    """
    if directory.exists() and not directory.is_dir():
        raise EqSurveyError.single(
            "demo-folder", f"{directory} is a file, not a folder", "give a new folder for the demo project"
        )
    if directory.exists() and any(directory.iterdir()):
        raise EqSurveyError.single(
            "demo-folder", f"{directory} exists and is not empty", "give a new folder, or remove the old demo"
        )
    started = time.perf_counter()
    previous = os.environ.get("EQSURVEY_PASSPHRASE")
    os.environ["EQSURVEY_PASSPHRASE"] = previous or secrets.token_urlsafe(24)
    try:
        root = directory.resolve()
        outputs = _pipeline(Steps(ctx, 8, root), root, respondents, seed)
    finally:
        if previous is None:
            os.environ.pop("EQSURVEY_PASSPHRASE", None)
    say(ctx, f"demo finished in {time.perf_counter() - started:.1f} s")
    for path in outputs:
        typer.echo(str(path))


def _pipeline(steps: Steps, root: Path, respondents: int, seed: int) -> list[Path]:
    run = steps.run
    with steps.step(1, "create the project from the Musterstadt example"):
        run("init", str(root), "--example", "musterstadt")
        _declare_simulated(root)
    at = ("--project", str(root))
    with steps.step(2, "make the analysts' keys (the passphrase of this demo is kept nowhere)"):
        run(*at, "keys", "init")
    with steps.step(3, f"simulate {respondents} respondents"):
        source = _simulate(root, respondents, seed)
    with steps.step(4, "import them: check, pseudonymise, seal and store each response"):
        run(*at, "responses", "import", "--simulated", str(source))
    dataset = root / "data" / "dataset.parquet"
    with steps.step(5, "open the sealed responses into the analysis dataset"):
        run(*at, "dataset", "export", "-o", str(dataset))
    with steps.step(6, "preview the plan's accuracy for this many respondents (preview.json)"):
        run(*at, "plan", "preview", "--respondents", str(respondents), "--json", output=root / "preview.json")
    with steps.step(7, "release the plan's tables under differential privacy (release.json)"):
        made = root / "release.json"
        # A fresh dataset and the project's first release: only the size warning can apply, at the size asked for.
        run(*at, "release", "--dataset", str(dataset), "--json", "--yes", output=made)
        release_id = str(json.loads(made.read_text(encoding="utf-8"))["id"])
    outputs = []
    with steps.step(8, "write the reports: summary and table annex, HTML and PDF, German and English"):
        for lang in ("de", "en"):
            for part, name in (("summary", "summary"), ("annex", "report")):
                for fmt in ("html", "pdf"):
                    path = root / "reports" / f"{name}-{lang}.{fmt}"
                    args = ("build", release_id, "--part", part, "--lang", lang, "--format", fmt, "-o", str(path))
                    run(*at, "report", *args)
                    outputs.append(path)
    return outputs
