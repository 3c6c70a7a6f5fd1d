"""eqsurvey release export --for-pooling and report pool through the real commands, on three towns' projects.

Each town is the Musterstadt example with the small plan of tests/fixtures/report_languages, its own
simulated, sealed responses and one release; the towns' files are pooled from the first town's project.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.cli import Eqsurvey
from tests.support.released_example import released_languages

PASS = "pool tests passphrase"
TOWNS = ((120, 1), (300, 2), (500, 3))

pytestmark = pytest.mark.slow  # the module fixture runs the whole pipeline once per town


@dataclass(frozen=True)
class Towns:
    runners: list[Eqsurvey]
    releases: list[str]
    files: list[Path]
    plain: list[Path]


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> Towns:
    root = tmp_path_factory.mktemp("pool")
    runners, releases, files, plain = [], [], [], []
    for i, (n, seed) in enumerate(TOWNS):
        (root / f"town{i}").mkdir()
        eqsurvey, release = released_languages(root / f"town{i}", PASS, n=n, seed=seed)
        file = root / f"town{i}.pool.json"
        run = eqsurvey("release", "export", release, "--for-pooling", "-o", str(file))
        assert "coordinator only" in run.stderr + run.stdout
        public = root / f"town{i}.json"
        public.write_text(eqsurvey("release", "show", release, "--json").stdout, encoding="utf-8")
        runners.append(eqsurvey)
        releases.append(release)
        files.append(file)
        plain.append(public)
    return Towns(runners, releases, files, plain)


def test_a_contribution_holds_the_public_release_and_the_hidden_values_only(towns: Towns) -> None:
    document = json.loads(towns.files[0].read_text(encoding="utf-8"))
    assert stat.S_IMODE(towns.files[0].stat().st_mode) == 0o600
    assert document["eqsurvey_pool_contribution"]["format"] == 1
    assert (
        "not for publication" in document["eqsurvey_pool_contribution"]["notice"]
        or "never published" in (document["eqsurvey_pool_contribution"]["notice"])
    )
    release = document["release"]
    assert release["id"] == towns.releases[0]
    assert "dataset" not in release and "pooling" not in release
    assert document["hidden"], "a town of 120 hides cells"
    public = json.loads(towns.plain[0].read_text(encoding="utf-8"))
    assert "pooling" not in public


def test_report_pool_writes_the_regional_tables(towns: Towns) -> None:
    eqsurvey = towns.runners[0]
    out = towns.files[0].parent / "region.html"
    eqsurvey("report", "pool", *map(str, towns.files), "--lang", "en", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "Regional tables from 3 releases" in html
    for release in towns.releases:
        assert release in html
    assert "do not add up" in html
    german = eqsurvey("report", "pool", *map(str, towns.files), "--lang", "de").stdout
    assert "Regionale Tabellen" in german and "nicht addiert" in german
    assert "not pooled" not in html and "means weighted by their respondents" in html
    pooled = json.loads(eqsurvey("report", "pool", *map(str, towns.files), "--format", "json").stdout)
    assert [c["release"] for c in pooled["contributors"]] == towns.releases
    assert pooled["method"] == "inverse_variance" and pooled["not_pooled"] == []
    # The mean table is pooled: a cell any town hides is hidden; one every town shows is the towns' means weighted
    # by their n (tests/unit/analysis/test_pool_means.py shows such cells; these simulated towns may hide each).
    means = {t["id"]: t for t in pooled["tables"] if t["kind"] == "mean"}
    assert means, "the plan's mean table is in the pool"
    for table_id, table in means.items():
        alone = [{json.dumps(c["by"], sort_keys=True): c for c in _table(f, table_id)["cells"]} for f in towns.files]
        for cell in table["cells"]:
            key = json.dumps(cell["by"], sort_keys=True)
            if any(town[key]["status"] == "suppressed" for town in alone):
                assert cell["status"] == "suppressed" and "estimate" not in cell
                continue
            total = sum(town[key]["n"] for town in alone)
            assert cell["n"] == pytest.approx(total)
            assert cell["estimate"] == pytest.approx(sum(t[key]["n"] * t[key]["estimate"] for t in alone) / total)
    workbook = out.with_suffix(".xlsx")
    eqsurvey("report", "pool", *map(str, towns.files), "--lang", "de", "-o", str(workbook))
    sheets = openpyxl.load_workbook(workbook).sheetnames
    assert len(sheets) == 2 + len(pooled["tables"]) and sheets[1] == "Beteiligte Veröffentlichungen"
    csv = eqsurvey("report", "pool", *map(str, towns.files), "--format", "csv").stdout
    assert csv.splitlines()[0].startswith('"table"')


def _table(file: Path, table_id: str) -> dict[str, Any]:
    release = json.loads(file.read_text(encoding="utf-8"))["release"]
    table: dict[str, Any] = next(t for t in release["tables"] if t["id"] == table_id)
    return table


def test_a_plain_release_file_is_pooled_with_its_hidden_cells_unknown(towns: Towns) -> None:
    eqsurvey = towns.runners[0]
    files = [str(towns.plain[0]), *map(str, towns.files[1:])]
    html = eqsurvey("report", "pool", *files, "--lang", "en").stdout
    assert "gave only their public release" in html


def test_files_that_cannot_be_pooled_are_told_with_the_file(towns: Towns, tmp_path: Path) -> None:
    eqsurvey = towns.runners[0]
    one = eqsurvey("report", "pool", str(towns.files[0]), expect=1)
    assert "at least two" in one.stderr and "Traceback" not in one.stderr
    twice = eqsurvey("report", "pool", str(towns.files[0]), str(towns.files[0]), expect=1)
    assert "already in the pool" in twice.stderr
    broken = tmp_path / "broken.pool.json"
    broken.write_text('{"eqsurvey_pool_contribution": {"format": 1}, "release": {"id": 3}', encoding="utf-8")
    run = eqsurvey("report", "pool", str(towns.files[0]), str(broken), expect=1)
    assert "broken.pool.json" in run.stderr and "not JSON" in run.stderr
    forged = json.loads(towns.files[0].read_text(encoding="utf-8"))
    table, shown = next(
        (t["id"], c)
        for t in forged["release"]["tables"]
        if t["kind"] == "counts"
        for c in t["cells"]
        if c["status"] != "suppressed"
    )
    cell = {"row": shown.get("row"), "measure": shown["measure"], "by": shown["by"], "value": 1}
    forged["hidden"][table] = [*forged["hidden"].get(table, []), cell]
    changed = tmp_path / "changed.pool.json"
    changed.write_text(json.dumps(forged), encoding="utf-8")
    run = eqsurvey("report", "pool", str(changed), str(towns.files[1]), expect=1)
    assert "changed.pool.json" in run.stderr and "does not hide" in run.stderr


def test_shares_weighted_by_the_towns_populations(towns: Towns, tmp_path: Path) -> None:
    eqsurvey = towns.runners[0]
    populations = tmp_path / "populations.csv"
    rows = "\n".join(f"{r},{(i + 1) * 25_000}" for i, r in enumerate(towns.releases))
    populations.write_text(f"# Landesamt für Statistik, 31.12.2025\nrelease,population\n{rows}\n", encoding="utf-8")
    files = list(map(str, towns.files))
    weighted = json.loads(
        eqsurvey("report", "pool", *files, "--populations", str(populations), "--format", "json").stdout
    )
    plain = json.loads(eqsurvey("report", "pool", *files, "--format", "json").stdout)
    assert weighted["method"] == "population_weighted" and plain["method"] == "inverse_variance"
    assert weighted["populations"]["source"] == "Landesamt für Statistik, 31.12.2025"
    # Counts and what is hidden stay the pool's; shares are the towns' shares weighted by population, where
    # every town shows the share.
    for ours, theirs in zip(weighted["tables"], plain["tables"], strict=True):
        for a, b in zip(ours["cells"], theirs["cells"], strict=True):
            assert (a["status"], a.get("n")) == (b["status"], b.get("n"))
    html = eqsurvey("report", "pool", *files, "--populations", str(populations), "--lang", "de").stdout
    assert "gewichtet nach ihrer Einwohnerzahl" in html and "Landesamt für Statistik" in html
    populations.write_text("release,population\n" + rows + "\n", encoding="utf-8")
    run = eqsurvey("report", "pool", *files, "--populations", str(populations), expect=1)
    assert (
        "populations.csv" in run.stderr and "does not name its source" in run.stderr and "Traceback" not in run.stderr
    )
