"""eqsurvey release's guard rails through the real command: the statement of what it spends on what, the
warnings that ask first (a stale dataset, one too small for the plan, a repeat), --yes and an answered "n",
and the refusal below the minimum that nothing overrides."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from analysis import load_plan
from analysis.preview.accuracy import preview
from instruments.loader import load_instrument
from kernel.privacy_budget import PrivacyBudget
from survey.store import open_store
from tests.support.cli import Eqsurvey

PASS = "release guard tests passphrase"
ADEQUATE = 1000
"""The example plan's preview expects under half its cells suppressed at 1,000 respondents (47 %; 50.2 % at 800)."""


def _fielded(root: Path, respondents: int) -> Path:
    """A new Musterstadt project under ``root`` with keys, ``respondents`` imported and exported to data/ds.parquet."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EQSURVEY_PASSPHRASE", PASS)
        run = Eqsurvey(root)
        run("init", "proj", "--example", "musterstadt")
        run.cwd = root / "proj"
        run("keys", "init")
        run("responses", "simulate", "--n", str(respondents), "--seed", "3", "-o", "r.csv")
        assert f"stored {respondents}," in run("responses", "import", "r.csv").stdout
        run("dataset", "export", "-o", "data/ds.parquet")
        run("responses", "simulate", "--n", "30", "--seed", "4", "-o", "more.csv")  # for the tests that add them
    return root / "proj"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _fielded(tmp_path_factory.mktemp("guard"), ADEQUATE)


@pytest.fixture
def fielded(template: Path, tmp_path: Path, eqsurvey: Eqsurvey, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the 1,000-respondent project (its keys, store and dataset file) for one test."""
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    project = tmp_path / "proj"
    shutil.copytree(template, project)
    eqsurvey.cwd = project
    return project


def _budget(eqsurvey: Eqsurvey) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(eqsurvey("budget", "--json").stdout)
    return data


def _audit(project: Path) -> list[tuple[str, dict[str, Any]]]:
    store = open_store("sqlite:///data/responses.sqlite", project)
    try:
        return [(e.action, e.detail) for e in store.audit_log()]
    finally:
        store.close()


def _expected_suppressed(project: Path, respondents: int) -> str:
    """The plan preview's own figures (analysis.preview.accuracy): the mean chance of a cell to be suppressed."""
    instrument = load_instrument(project / "instrument.yaml").instrument
    plan = load_plan(project / "plan.yaml", instrument, PrivacyBudget("0.5")).plan
    cells = [c for t in preview(plan, instrument, 0.15, respondents).tables for c in t.cells]
    return f"about {sum(c.p_suppressed for c in cells) / len(cells):.0%} of the plan's {len(cells)} cells"


def _no_question(stderr: str) -> None:
    assert "warning [" not in stderr and "anyway?" not in stderr


def test_a_fresh_adequate_dataset_is_released_after_stating_the_spend_without_a_question(
    fielded: Path, eqsurvey: Eqsurvey
) -> None:
    run = eqsurvey("release", "--dataset", "data/ds.parquet")  # stdin is empty: a question would refuse
    _no_question(run.stderr)
    assert run.stdout.strip().startswith("r-")
    assert f"about to release plan musterstadt-main ({fielded / 'plan.yaml'}) on data/ds.parquet:" in run.stderr
    spend = "spend ρ = 0.15: 30% of the survey's total ρ = 0.5 and 30% of the ρ = 0.5 that remains"
    assert f"{spend} (ρ = 0.35 left after it)" in run.stderr
    assert f"respondents in the dataset: {ADEQUATE}\n" in run.stderr
    assert (
        f"with {ADEQUATE} respondent(s); the store holds {ADEQUATE} response(s) now, the latest received" in run.stderr
    )
    shown = _expected_suppressed(fielded, ADEQUATE)
    assert f"expected suppressed: {shown} under the threshold" in run.stderr
    assert float(shown.split("%")[0].split()[-1]) < 50  # the point of ADEQUATE

    # From the store: its responses, opened now (not the file's bytes, so not a repeat), and what the first spent.
    run = eqsurvey("release")
    _no_question(run.stderr)
    assert "on the responses in the store, opened now:" in run.stderr
    spend = "spend ρ = 0.15: 30% of the survey's total ρ = 0.5 and 43% of the ρ = 0.35 that remains"
    assert f"{spend} (ρ = 0.2 left after it)" in run.stderr
    assert f"respondents in the dataset: {ADEQUATE}\n" in run.stderr
    assert _budget(eqsurvey)["rho_spent"] == pytest.approx(0.3)
    # The store's responses, unchanged, are the same dataset again.
    again = eqsurvey("release", expect=1)
    assert f"warning [release-repeated] release {run.stdout.strip()} of" in again.stderr
    assert "[release-unconfirmed]" in again.stderr and _budget(eqsurvey)["rho_spent"] == pytest.approx(0.3)


def test_a_dataset_older_than_the_store_asks_first(fielded: Path, eqsurvey: Eqsurvey) -> None:
    eqsurvey("responses", "import", "more.csv")
    before = _budget(eqsurvey)

    declined = eqsurvey("release", "--dataset", "data/ds.parquet", input="n\n", expect=1)
    assert "data/ds.parquet: warning [dataset-older-than-store]" in declined.stderr
    assert f"the store holds {ADEQUATE + 30} response(s) now" in declined.stderr
    assert "at least 30 response(s) in the store are not in the dataset" in declined.stderr
    assert "export it again (eqsurvey dataset export -o FILE)" in declined.stderr
    assert "[dataset-too-small]" not in declined.stderr and "[release-repeated]" not in declined.stderr
    assert "error [release-declined] not released: the answer was no" in declined.stderr
    # No release id on stdout (typer's runner echoes the typed answer there, as a terminal would show it).
    assert declined.stdout.strip() == "n"
    assert _budget(eqsurvey) == before and before["releases"] == []
    assert not (fielded / "keys/private/dataset-mac.json").exists()  # nothing made for a release not made
    action, detail = _audit(fielded)[-1]
    assert action == "release-declined"
    assert detail == {"plan": "musterstadt-main", "reasons": ["dataset-older-than-store"], "answer": "no"}

    unasked = eqsurvey("release", "--dataset", "data/ds.parquet", expect=1)  # no terminal, no answer
    assert "[release-unconfirmed]" in unasked.stderr and "run the same command again with --yes" in unasked.stderr
    assert _budget(eqsurvey) == before
    assert _audit(fielded)[-1][1]["answer"] == "none"

    made = eqsurvey("release", "--dataset", "data/ds.parquet", "--yes")
    assert "[dataset-older-than-store]" in made.stderr and "--yes: releasing despite 1 warning(s)" in made.stderr
    assert "anyway?" not in made.stderr
    assert [r["id"] for r in _budget(eqsurvey)["releases"]] == [made.stdout.strip()]

    # Exported again, the file is as new as the store: no question.
    eqsurvey("dataset", "export", "-o", "data/new.parquet")
    _no_question(eqsurvey("release", "--dataset", "data/new.parquet").stderr)


def test_a_dataset_too_small_for_the_plan_asks_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _fielded(tmp_path, 100)
    eqsurvey = Eqsurvey(project)
    monkeypatch.setenv("EQSURVEY_PASSPHRASE", PASS)
    shown = _expected_suppressed(project, 100)

    declined = eqsurvey("release", "--dataset", "data/ds.parquet", input="n\n", expect=1)
    assert f"{project / 'plan.yaml'}: warning [dataset-too-small]" in declined.stderr
    assert f"with 100 respondents {shown} are expected to be suppressed (more than 50%)" in declined.stderr
    assert "eqsurvey plan preview --respondents N" in declined.stderr
    assert "[dataset-older-than-store]" not in declined.stderr and "[release-repeated]" not in declined.stderr
    assert "[release-declined]" in declined.stderr
    assert _budget(eqsurvey)["releases"] == []

    from_store = eqsurvey("release", expect=1)  # the same size read from the store, and no answer
    assert "[dataset-too-small]" in from_store.stderr and "[release-unconfirmed]" in from_store.stderr
    assert _budget(eqsurvey)["rho_spent"] == 0

    made = eqsurvey("release", "--dataset", "data/ds.parquet", "--yes", "--json")
    assert json.loads(made.stdout)["rho_spent"] == 0.15  # stdout stays the data; the question and warnings on stderr
    assert "respondents in the dataset: 100\n" in made.stderr
    assert [r["id"] for r in _budget(eqsurvey)["releases"]] == [json.loads(made.stdout)["id"]]


@pytest.mark.slow
def test_the_same_plan_on_the_same_dataset_asks_before_it_is_released_again(fielded: Path, eqsurvey: Eqsurvey) -> None:
    first = eqsurvey("release", "--dataset", "data/ds.parquet").stdout.strip()
    spent = _budget(eqsurvey)

    declined = eqsurvey("release", "--dataset", "data/ds.parquet", input="n\n", expect=1)
    assert "warning [release-repeated]" in declined.stderr
    assert f"release {first} of {first[2:6]}-{first[6:8]}-{first[8:10]} already measured this plan" in declined.stderr
    assert f"eqsurvey report build {first} -o report.html" in declined.stderr
    assert "[dataset-older-than-store]" not in declined.stderr and "[dataset-too-small]" not in declined.stderr
    assert _budget(eqsurvey) == spent

    # The same plan written differently (a comment) is the same plan.
    plan = fielded / "plan.yaml"
    plan.write_text("# reviewed by the advisory board\n" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    again = eqsurvey("release", "--dataset", "data/ds.parquet", input="n\n", expect=1)
    assert "[release-repeated]" in again.stderr and _budget(eqsurvey) == spent

    confirmed = eqsurvey("release", "--dataset", "data/ds.parquet", input="y\n")
    assert "[release-repeated]" in confirmed.stderr and "anyway? [y/N]" in confirmed.stderr
    second = confirmed.stdout.split()[-1]  # after the answer typer's runner echoes
    assert [r["id"] for r in _budget(eqsurvey)["releases"]] == [first, second]
    assert _budget(eqsurvey)["rho_spent"] == pytest.approx(0.3)

    # Another plan on the same dataset is no repeat.
    plan.write_text(plan.read_text(encoding="utf-8").replace("budget_share: 0.3 ", "budget_share: 0.2 "))
    other = eqsurvey("release", "--dataset", "data/ds.parquet")
    _no_question(other.stderr)
    assert "spend ρ = 0.1: 20% of the survey's total" in other.stderr


def test_below_the_minimum_a_release_is_refused_even_with_yes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _fielded(tmp_path, 5)
    eqsurvey = Eqsurvey(project)
    for args in (("--dataset", "data/ds.parquet", "--yes"), ("--yes",)):
        # From the store it refuses before the passphrase is asked for: none is set here.
        monkeypatch.delenv("EQSURVEY_PASSPHRASE", raising=False)
        refused = eqsurvey("release", *args, input="y\n", expect=1)
        assert "error [too-few-respondents] the dataset holds 5 respondent(s), fewer than the 20" in refused.stderr
        assert "suppress_below: 20" in refused.stderr and "any cell a release showed would be noise" in refused.stderr
        assert "--yes does not override this" in refused.stderr and "about to release" not in refused.stderr
    assert _budget(eqsurvey)["releases"] == [] and _budget(eqsurvey)["rho_spent"] == 0
    assert not (project / "keys/private/dataset-mac.json").exists()
    refusals = [d for a, d in _audit(project) if a == "release-refused"]
    assert refusals == [{"plan": "musterstadt-main", "reasons": ["too-few-respondents"]}] * 2


def test_the_config_can_raise_the_minimum_but_not_lower_it(fielded: Path, eqsurvey: Eqsurvey) -> None:
    config = fielded / "eqsurvey.toml"
    text = config.read_text(encoding="utf-8")
    assert "# min_respondents = 100\n" in text  # eqsurvey init says where it goes

    def minimum(value: str) -> None:
        config.write_text(text.replace("# min_respondents = 100", f"min_respondents = {value}"), encoding="utf-8")

    minimum("1200")
    refused = eqsurvey("release", "--dataset", "data/ds.parquet", "--yes", expect=1)
    assert f"holds {ADEQUATE} respondent(s), fewer than the 1200 a release needs" in refused.stderr
    assert "[analysis] min_respondents = 1200 in eqsurvey.toml" in refused.stderr

    minimum("0")
    wrong = eqsurvey("release", "--dataset", "data/ds.parquet", expect=1)
    assert "[config-value] [analysis] min_respondents must be a whole number from 1" in wrong.stderr
    config.write_text(text, encoding="utf-8")  # every command reads the whole config: `budget` too refuses a wrong one
    assert _budget(eqsurvey)["rho_spent"] == 0

    # Lower than the plan's threshold it changes nothing: the plan's 20 holds (and 1,000 clear both).
    minimum("3")
    _no_question(eqsurvey("release", "--dataset", "data/ds.parquet").stderr)


def _in_a_terminal(project: Path, args: list[str], answer: bytes) -> tuple[int, str]:
    """Run ``python -m eqsurvey ARGS`` with a pseudo-terminal as stdin, stdout and stderr; type ``answer`` when asked."""
    import fcntl
    import os
    import pty
    import select
    import subprocess
    import sys
    import termios

    main, child = pty.openpty()
    env = os.environ | {"EQSURVEY_PASSPHRASE": PASS, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        [sys.executable, "-m", "eqsurvey", "--project", str(project), *args],
        stdin=child, stdout=child, stderr=child, env=env, cwd=project, close_fds=True,
        # Its own session with the terminal as its controlling one, so that Ctrl-C reaches it as at a desk.
        start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),  # noqa: PLW1509
    )  # fmt: skip
    os.close(child)
    seen = b""

    def read() -> bytes:
        # Bounded: a command that neither writes nor ends fails the test with what it showed, not hangs the run.
        ready, _, _ = select.select([main], [], [], 120)
        assert ready, f"the command showed nothing more for 120 s: {seen.decode(errors='replace')}"
        try:
            return os.read(main, 4096)
        except OSError:  # the child closed the terminal
            return b""

    try:
        while b"[y/N]" not in seen:
            chunk = read()
            assert chunk, seen.decode(errors="replace")  # the command ended without asking
            seen += chunk
        _wait_until_reading(process.pid)
        os.write(main, answer)
        while chunk := read():
            seen += chunk
    finally:
        try:
            code = process.wait(timeout=120)
        except subprocess.TimeoutExpired:  # a hung command is ended, so that the failure above is reported
            process.kill()
            code = process.wait()
        os.close(main)
    return code, seen.decode(errors="replace")


def _wait_until_reading(pid: int) -> None:
    """Wait until the command sleeps in its read of the terminal, as a person types after the question appears:
    typed at once, Ctrl-C can reach it before it reads (CI hung on it once). Linux names the wait in wchan."""
    import time

    wchan = Path(f"/proc/{pid}/wchan")
    for _ in range(200):
        try:
            if wchan.read_text() in {"wait_woken", "n_tty_read"}:
                return
        except OSError:
            return
        time.sleep(0.05)


@pytest.mark.parametrize("answer", [b"n\r", b"\r", b"\x03"], ids=["no", "enter", "ctrl-c"])
def test_at_a_terminal_the_question_is_asked_there_and_no_is_the_default(
    fielded: Path, eqsurvey: Eqsurvey, answer: bytes
) -> None:
    eqsurvey("responses", "import", "more.csv")
    code, shown = _in_a_terminal(fielded, ["release", "--dataset", "data/ds.parquet"], answer)
    assert code == 1, shown
    assert "warning [dataset-older-than-store]" in shown and "[release-declined]" in shown
    assert "[release-unconfirmed]" not in shown and "Traceback" not in shown
    assert _budget(eqsurvey)["releases"] == []
