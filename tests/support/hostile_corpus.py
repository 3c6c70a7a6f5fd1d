"""The hostile corpus (tests/fixtures/hostile/) and the real commands each file goes through.

Every case runs ``python -m eqsurvey …`` in a new process under an address-space
cap, in a copy of a project with real keys, and records its exit code,
messages, wall time and peak memory. The integration test asserts on each
outcome; ``benchmarks/hostile_bench.py`` prints the worst figures.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.hostile_files import CORPUS, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_INSTRUMENT = ROOT / "examples" / "musterstadt" / "instrument.yaml"
#: Address space a command may take. The ordinary commands of the cases need
#: under 300 MiB (the integration test checks that they pass under this cap).
MEMORY_CAP = 512 << 20
#: Wall time a command may take, start-up (about half a second) included.
TIME_LIMIT = 10.0


@dataclass(frozen=True)
class Case:
    """A corpus file, the command that reads it, and the error code it must end in.

    ``place`` is where the file goes in the project (``{key_id}`` is the
    current key's id); without it, the command gets the file's path.
    """

    file: str
    command: tuple[str, ...]
    code: str
    place: str | None = None

    @property
    def name(self) -> str:
        mapped = "-mapped" if "--mapping" in self.command else ""
        return f"{self.file}:{self.command[0]}-{self.command[1]}{mapped}"


PRIVATE = "keys/private/{key_id}.json"
ROTATE = ("keys", "rotate")
IMPORT = ("instrument", "import", "{file}", "-o", "out.yaml")
MAPPING = ("responses", "mapping", "{file}")
MAPPED_IMPORT = ("responses", "import", "{file}", "--mapping", "ignore-all.yaml")

CASES = (
    Case("instrument-laughs.yaml", ("instrument", "validate", "{file}"), "yaml-aliases"),
    Case("instrument-alias-loop.yaml", ("instrument", "validate", "{file}"), "yaml-aliases"),
    Case("instrument-dense.yaml", ("instrument", "validate", "{file}"), "yaml-size"),
    Case("plan-laughs.yaml", ("plan", "validate", "{file}", "--instrument", str(EXAMPLE_INSTRUMENT)), "yaml-aliases"),
    Case("mapping-laughs.yaml", ("responses", "import", "responses.csv", "--mapping", "{file}"), "yaml-aliases"),
    *(
        Case(f"xlsx-{name}.xlsx", command, code)
        for name, code in (
            ("bomb", "archive-size"),
            ("ratio", "archive-ratio"),
            ("entries", "archive-entries"),
            ("lying-size", "archive-damaged"),
            ("wide-rows", "sheet-size"),
            ("far-row", "sheet-size"),
            ("broken-xml", "unreadable-xlsx"),
            ("missing-string", "unreadable-xlsx"),
            ("encrypted-entry", "archive-encrypted"),
        )
        for command in (IMPORT, MAPPING, MAPPED_IMPORT)
        # drafting a mapping reads the header (and choice columns) only, which these sheets have in order
        if command != MAPPING or name not in ("wide-rows", "far-row")
    ),
    *(
        Case(f"lsa-{name}.lsa", command, code)
        for name, code in (
            ("bomb", "archive-size"),
            ("ratio", "archive-ratio"),
            ("entries", "archive-entries"),
            ("lying-size", "archive-damaged"),
            ("traversal", "lsa-entry"),
            ("nested", "lsa-entry"),
            ("laughs", "hostile-xml"),
        )
        for command in (IMPORT, ("responses", "import", "{file}"))
    ),
    *(
        Case(f"private-key-{name}.json", ROTATE, code, PRIVATE)
        for name, code in (
            ("p-100000", "key-file"),
            ("n-2-30", "key-file"),
            ("r-2-20", "key-file"),
            ("no-salt", "key-file"),
            ("short-nonce", "key-file"),
            ("long-number", "key-file"),
            ("deep", "key-file"),
            ("huge", "file-too-large"),
        )
    ),
    Case("public-key-deep.json", ("keys", "list"), "key-file", "keys/public/{key_id}.json"),
    Case(
        "pseudonym-secret-deep.json", ("responses", "import", "responses.csv"), "key-file", "keys/pseudonym-secret.json"
    ),
    Case("current-outside-keys.txt", ("keys", "list"), "key-file", "keys/current"),
    Case("reviews-deep.jsonl", ("instrument", "review"), "review-record", "reviews.jsonl"),
    Case("release-deep.json", ("report", "compare", "{file}", "{file}"), "release-file"),
)


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stderr: str
    seconds: float
    peak_mib: float
    timed_out: bool
    named: str
    """The path the messages must name: the corpus file, or where it was placed in the project."""


def environment() -> dict[str, str]:
    # Without coverage's subprocess variable, should anyone measure child processes: the time and
    # memory measured here must be the command's own, not a tracer's.
    env = {k: v for k, v in os.environ.items() if k not in {"EQSURVEY_DEBUG", "COVERAGE_PROCESS_CONFIG"}}
    env["PYTHONPATH"] = str(ROOT)  # this checkout, whatever is installed
    env["EQSURVEY_PASSPHRASE"] = PASSPHRASE
    return env


def make_keyed_project(folder: Path) -> Path:
    """A project from the Musterstadt example with real keys (full scrypt cost), a small responses file,
    and a mapping for the corpus's workbooks (whose header is 'type', 'name')."""
    for args in (("init", "project", "--example", "musterstadt"), ("keys", "init")):
        cwd = folder if args[0] == "init" else folder / "project"
        subprocess.run(
            [sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=environment(), check=True, capture_output=True
        )
    project = folder / "project"
    (project / "responses.csv").write_text("ms_district\nnord\n", encoding="utf-8")
    (project / "ignore-all.yaml").write_text("instrument: musterstadt-2026\nignore: [type, name]\n", encoding="utf-8")
    return project


def run(
    case: Case, project: Path, corpus: Path = CORPUS, memory_cap: int = MEMORY_CAP, time_limit: float = TIME_LIMIT
) -> Outcome:
    """Run one case, its file taken from ``corpus``, in a fresh copy of ``project`` (see :func:`make_keyed_project`)."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "project"
        shutil.copytree(project, work)
        source = corpus / case.file
        named = str(source)
        if case.place is not None:
            key_id = (work / "keys" / "current").read_text(encoding="utf-8").strip()
            target = work / case.place.format(key_id=key_id)
            shutil.copyfile(source, target)
            named = str(target)
        args = [a.format(file=source) for a in case.command]
        return _measured([sys.executable, "-m", "eqsurvey", *args], work, memory_cap, time_limit, named)


def run_command(args: list[str], cwd: Path, memory_cap: int = MEMORY_CAP) -> Outcome:
    """Any eqsurvey command under the same cap and limit (for the ordinary commands the cap must let through)."""
    return _measured([sys.executable, "-m", "eqsurvey", *args], cwd, memory_cap, TIME_LIMIT, "")


CAPPED_CHILD = Path(__file__).with_name("capped_child.py")


def _measured(argv: list[str], cwd: Path, memory_cap: int, time_limit: float, named: str) -> Outcome:
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # Through a small middle process, so the command's peak memory is its own (see tests/support/capped_child.py).
        process = subprocess.Popen(
            [sys.executable, str(CAPPED_CHILD), str(write_end), str(memory_cap), *argv],
            cwd=cwd, env=environment(), stdout=out, stderr=err, pass_fds=(write_end,), start_new_session=True,
        )  # fmt: skip
        os.close(write_end)
        killer = threading.Timer(time_limit, lambda: os.killpg(process.pid, signal.SIGKILL))
        killer.start()
        try:
            with os.fdopen(read_end, encoding="utf-8") as report:
                outcome = report.read()
            process.wait()
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    found = json.loads(outcome) if outcome else {"returncode": -signal.SIGKILL, "maxrss_kib": 0}
    return Outcome(
        returncode=found["returncode"],
        stderr=stderr,
        seconds=seconds,
        peak_mib=found["maxrss_kib"] / 1024,  # kilobytes on Linux
        timed_out=found["returncode"] == -signal.SIGKILL or process.returncode == -signal.SIGKILL,
        named=named,
    )
