"""An imported KoboToolbox form keeps, as its source_version, the version id its submissions carry."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from instruments.xlsform.importer import import_form

FIXTURES = Path(__file__).parents[2] / "fixtures" / "kobo_versions"
FORMPACK = Path(__file__).resolve().parents[2] / "fixtures" / "thirdparty" / "formpack" / "tests" / "fixtures"
ASSET: dict[str, Any] = json.loads((FIXTURES / "asset-v1.json").read_text(encoding="utf-8"))
DEPLOYED = ASSET["deployed_version_id"]


def _asset(tmp_path: Path, **change: Any) -> Path:
    data = copy.deepcopy(ASSET)
    for key, value in change.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    data["content"]["survey"] = [r for r in data["content"]["survey"] if r["name"] != "__version__"]
    path = tmp_path / "asset.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_deployed_version_id_is_the_source_version(tmp_path: Path) -> None:
    # The asset's own version_id may be a newer draft; submissions carry the deployed one.
    path = _asset(tmp_path, version_id="vDraftNotDeployedYet1")
    instrument = import_form(path).instrument
    assert instrument.source_version == DEPLOYED and instrument.version == f"1.0.0+{DEPLOYED}"


def test_the_version_id_serves_when_nothing_was_deployed(tmp_path: Path) -> None:
    path = _asset(tmp_path, deployed_version_id=None, version_id="vOnlyDraft")
    assert import_form(path).instrument.source_version == "vOnlyDraft"


def test_the_deployed_id_wins_over_the_settings_version(tmp_path: Path) -> None:
    data = copy.deepcopy(ASSET)
    data["content"]["settings"] = {"version": "2.0.0"}
    (tmp_path / "asset.json").write_text(json.dumps(data), encoding="utf-8")
    assert import_form(tmp_path / "asset.json").instrument.source_version == DEPLOYED


def test_an_asset_without_version_ids_keeps_its_version_key(tmp_path: Path) -> None:
    path = _asset(tmp_path, deployed_version_id=None, version_id=None, version="fcv1")
    instrument = import_form(path).instrument
    assert (instrument.version, instrument.source_version) == ("1.0.0+fcv1", "fcv1")


def test_formpack_fixture_keeps_the_version_its_submissions_name() -> None:
    path = FORMPACK / "dietary_needs" / "v1.json"
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == "dietv1"
    assert import_form(path).instrument.source_version == "dietv1"


def test_the_version_calculate_of_a_downloaded_xlsform_is_the_source_version(tmp_path: Path) -> None:
    # KoboToolbox's XLSForm download: settings version "N (date)", the id in a __version__ calculate.
    form = (
        "| survey |\n"
        "| | type | name | label | calculation |\n"
        "| | select_one yn | smoker | Do you smoke? | |\n"
        "| | calculate | __version__ | | 'vAbC123dEf' |\n"
        "| choices |\n"
        "| | list_name | name | label |\n"
        "| | yn | yes | Yes |\n"
        "| | yn | no | No |\n"
        "| settings |\n"
        "| | form_id | version |\n"
        "| | smoking | 3 (2024-03-01 12:00:00) |\n"
    )
    (tmp_path / "form.md").write_text(form, encoding="utf-8")
    result = import_form(tmp_path / "form.md")
    assert result.instrument.source_version == "vAbC123dEf"
    assert result.instrument.version == "1.0.0+vAbC123dEf"
    assert "__version__" not in " ".join(n.problem for n in result.notes if n.code == "unsupported-type")
    assert "smoker" in result.instrument.question_map


def test_a_version_calculate_that_is_no_literal_is_not_taken(tmp_path: Path) -> None:
    form = (
        "| survey |\n"
        "| | type | name | label | calculation |\n"
        "| | text | remark | Remark | |\n"
        "| | calculate | __version__ | | concat('v', '1') |\n"
        "| settings |\n"
        "| | form_id | version |\n"
        "| | remarks | 4 |\n"
    )
    (tmp_path / "form.md").write_text(form, encoding="utf-8")
    instrument = import_form(tmp_path / "form.md").instrument
    assert (instrument.version, instrument.source_version) == ("4.0.0", "4")
