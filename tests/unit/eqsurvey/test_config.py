"""eqsurvey.toml as one typed model: every table's keys, their defaults, and a clear error for each wrong value."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eqsurvey.config import (
    DEFAULT_STORE_URL,
    KNOWN_TABLES,
    Project,
    ProjectConfig,
    load_project,
    locate_project,
    parse_config,
)
from kernel.errors import ProjectError
from kernel.privacy_budget import PrivacyBudget

HEAD = '[project]\nname = "Musterstadt"\n'


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "eqsurvey.toml").write_text(HEAD + text, encoding="utf-8")
    return tmp_path


def _refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ProjectError) as caught:
        load_project(_config(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.where.file == str(tmp_path / "eqsurvey.toml"), "the error names the file"
    return caught.value.render()


def test_a_config_with_only_a_name_has_every_default(tmp_path: Path) -> None:
    project = load_project(_config(tmp_path, ""))
    config = project.config
    assert config.project.instrument == "instrument.yaml" and config.project.plan == "plan.yaml"
    assert (config.survey.simulated, config.survey.fieldwork) == (False, None)
    assert project.store_url == DEFAULT_STORE_URL
    assert project.keys_dir == tmp_path.resolve() / "keys"
    assert config.dataset.k_anonymity == 5
    assert project.total_rho == PrivacyBudget("0.5") and config.analysis.min_respondents is None
    assert config.collection.access is None
    assert set(ProjectConfig.model_fields) == KNOWN_TABLES


def test_every_table_is_read_into_its_section(tmp_path: Path) -> None:
    project = load_project(
        _config(
            tmp_path,
            'instrument = "q.yaml"\nplan = "p.yaml"\n'
            '[survey]\nsimulated = true\nfieldwork = "May to June 2026"\n'
            '[store]\nurl = "postgresql://me@db/survey"\n'
            '[keys]\ndir = "secrets"\n'
            "[dataset]\nk_anonymity = 10\n"
            "[analysis]\ntotal_rho = 0.1\nmin_respondents = 100\n"
            '[collection]\naccess = "invitations"\n'
            "[reports]\n",
        )
    )
    config = project.config
    assert project.instrument_path == tmp_path.resolve() / "q.yaml" and project.plan_path.name == "p.yaml"
    assert config.survey.simulated and config.survey.fieldwork == "May to June 2026"
    assert project.store_url == "postgresql://me@db/survey" and project.keys_dir.name == "secrets"
    assert config.dataset.k_anonymity == 10
    assert project.total_rho == PrivacyBudget("0.1") and config.analysis.min_respondents == 100
    assert config.collection.access == "invitations"


@given(st.one_of(st.floats(min_value=1e-300, max_value=1000), st.integers(min_value=1, max_value=1000)))
def test_any_total_budget_up_to_the_most_is_the_budget_written(rho: float) -> None:
    config = parse_config(f"{HEAD}[analysis]\ntotal_rho = {rho!r}\n", Path("eqsurvey.toml"))
    assert config.analysis.total_rho == PrivacyBudget(rho)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[analysis]\ntotal_rho = "lots"\n', "[analysis] total_rho must be a positive number up to 1000, not 'lots'"),
        ("[analysis]\ntotal_rho = 0\n", "total_rho must be a positive number up to 1000, not 0"),
        ("[analysis]\ntotal_rho = -0.5\n", "not -0.5"),
        ("[analysis]\ntotal_rho = nan\n", "not nan"),
        ("[analysis]\ntotal_rho = inf\n", "not inf"),
        ("[analysis]\ntotal_rho = 1e308\n", "total_rho must be a positive number up to 1000, not 1e+308"),
        ("[analysis]\ntotal_rho = true\n", "not True"),
        ("[analysis]\nmin_respondents = 0\n", "[analysis] min_respondents must be a whole number from 1 to"),
        ("[analysis]\nmin_respondents = 2.5\n", "not 2.5"),
        ("[analysis]\nmin_respondents = -3\n", "not -3"),
        ("[analysis]\nmin_respondents = true\n", "not True"),
        ('[analysis]\nmin_respondents = "100"\n', "not '100'"),
        ("[analysis]\nmin_respondents = 10_000_001\n", "from 1 to 10,000,000, not 10000001"),
        ("[dataset]\nk_anonymity = 1\n", "[dataset] k_anonymity must be a whole number of at least 2"),
        ("[dataset]\nk_anonymity = true\n", "k_anonymity must be a whole number of at least 2, not True"),
        ('[survey]\nsimulated = "yes"\n', "[survey] simulated must be true or false, not 'yes'"),
        ("[survey]\nfieldwork = 2026\n", "[survey] fieldwork must be text, not 2026"),
        ("[store]\nurl = 5\n", "[store] url must be text"),
        ("[keys]\ndir = []\n", "[keys] dir must be text"),
        ('[collection]\naccess = "everyone"\n', "[collection] access = 'everyone' is not one of invitations, open"),
    ],
)
def test_a_wrong_value_names_the_file_the_table_the_key_and_the_fix(tmp_path: Path, text: str, expected: str) -> None:
    message = _refused(tmp_path, text)
    assert expected in message
    assert "fix: " in message and "eqsurvey.toml" in message


def test_a_key_no_table_has_is_refused_not_ignored(tmp_path: Path) -> None:
    # A typo would otherwise leave the default in force: here, a budget of 0.5 instead of the one meant.
    message = _refused(tmp_path, "[analysis]\ntotal_rh = 0.1\n")
    assert "[analysis] has no key total_rh" in message and "use only: total_rho, min_respondents" in message
    assert "[reports] has no key title" in _refused(tmp_path, "[reports]\ntitle = 1\n")


def test_an_unknown_table_or_a_table_that_is_not_one_is_refused(tmp_path: Path) -> None:
    message = _refused(tmp_path, "[analysys]\ntotal_rho = 0.1\n")
    assert "unknown table(s) analysys" in message and "use only: analysis, collection" in message
    assert "[project] has no key store" in _refused(tmp_path, 'store = "sqlite:///x.sqlite"\n')  # under [project]
    (tmp_path / "eqsurvey.toml").write_text('store = "sqlite:///x.sqlite"\n' + HEAD, encoding="utf-8")
    with pytest.raises(ProjectError, match=r"store must be a table \(\[store\]\)"):
        load_project(tmp_path)


def test_the_project_table_names_the_project(tmp_path: Path) -> None:
    (tmp_path / "eqsurvey.toml").write_text("[project]\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"\[project\] name: Field required"):
        load_project(tmp_path)


def test_a_config_that_is_not_toml_says_so(tmp_path: Path) -> None:
    (tmp_path / "eqsurvey.toml").write_text("[project\nname = 1", encoding="utf-8")
    with pytest.raises(ProjectError, match="is not valid TOML") as caught:
        load_project(tmp_path)
    assert caught.value.problems[0].code == "config-syntax"


def test_a_project_is_found_from_below_and_a_folder_without_one_is_named(tmp_path: Path) -> None:
    _config(tmp_path, "")
    (tmp_path / "a" / "b").mkdir(parents=True)
    found = locate_project(None, tmp_path / "a" / "b")
    assert isinstance(found, Project) and found.root == tmp_path.resolve()
    with pytest.raises(ProjectError, match="is not an eqsurvey project"):
        locate_project(tmp_path / "a", tmp_path)


def test_the_web_form_gets_its_project_as_values_from_the_config(tmp_path: Path) -> None:
    from eqsurvey.workflows.form_app import form_project

    project = load_project(
        _config(tmp_path, '[survey]\nsimulated = true\n[collection]\naccess = "invitations"\n[keys]\ndir = "k"\n')
    )
    form = form_project(project)
    assert form.simulated and form.by_invitation and not form.shared_store
    assert form.keys_dir == tmp_path.resolve() / "k" and form.config_path == tmp_path.resolve() / "eqsurvey.toml"
    assert not form_project(load_project(_config(tmp_path, ""))).by_invitation


def test_by_invitation_is_written_into_a_config_that_does_not_say(tmp_path: Path) -> None:
    from eqsurvey.collection_access import record_by_invitation

    assert record_by_invitation(load_project(_config(tmp_path, "")))
    assert load_project(tmp_path).config.collection.access == "invitations"
    assert not record_by_invitation(load_project(tmp_path)), "written once"
    assert not record_by_invitation(load_project(_config(tmp_path, "[collection]\n"))), "a [collection] says something"
