"""documents check's verdicts as the console reads them: each file's document, language and format, what
changed since a stale file was made, and the documents' standing as a whole."""

from __future__ import annotations

from pathlib import Path

from eqsurvey.workflows.documents import check_documents, standing, write_documents
from reports.documents import KINDS
from tests.support.documents import edit, example_project


def test_standing_follows_the_files_and_a_stale_file_says_what_changed(tmp_path: Path) -> None:
    project = example_project(tmp_path / "proj")
    out = project.root / "documents"
    nothing = check_documents(project, out)
    assert standing(nothing) == "missing"
    assert {(v.kind, v.lang, v.fmt) for v in nothing} == {(k, lang, None) for k in KINDS for lang in ("de", "en")}

    write_documents(project, out, ["de"], ["html"], kinds=["record"])
    some = check_documents(project, out)
    assert standing(some) == "incomplete"
    assert [(v.kind, v.lang, v.fmt, v.status) for v in some if v.status != "missing"] == [
        ("record", "de", "html", "current")
    ]

    write_documents(project, out, None, ["html"])
    assert standing(check_documents(project, out)) == "current"

    edit(
        project.root / "instrument.yaml",
        "Stabsstelle Gleichstellung und Vielfalt, Telefon",
        "Stabsstelle Vielfalt, Telefon",
    )
    after_questionnaire = check_documents(project, out)
    assert standing(after_questionnaire) == "stale"
    assert {v.changed for v in after_questionnaire} == {"questionnaire"}

    write_documents(project, out, None, ["html"])
    edit(project.config_path, "im ersten Quartal 2027", "im zweiten Quartal 2027")
    after_settings = check_documents(project, out)
    assert {(v.status, v.changed) for v in after_settings} == {("stale", "settings")}
