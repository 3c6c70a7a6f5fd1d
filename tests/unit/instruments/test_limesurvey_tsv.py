"""Reading LimeSurvey's tab-separated survey export: any survey written as LimeSurvey writes it reads back whole."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.limesurvey.sources import limesurvey_kind
from instruments.limesurvey.tsv import parse_tsv
from kernel.errors import InstrumentError
from tests.limesurvey_files import TSV_FIELDS

# LimeSurvey takes line breaks out of texts; anything else (tabs, quotes, a leading '=') may be in them, except a
# leading "'=", which the format cannot tell from its own guard.
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n") | st.sampled_from("\t\"'=")
).filter(lambda t: not t.startswith("'="))
codes = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,9}", fullmatch=True)


@st.composite
def surveys(draw: st.DrawFn) -> dict[str, object]:
    langs = draw(st.lists(st.sampled_from(["en", "de", "fr"]), min_size=1, max_size=2, unique=True))
    titles = draw(st.lists(codes, min_size=1, max_size=5, unique_by=str.lower))
    groups: list[list[dict[str, object]]] = [[] for _ in range(draw(st.integers(1, 3)))]
    for n, title in enumerate(titles):
        question: dict[str, object] = {
            "title": title,
            "type": draw(st.sampled_from("LMSNF")),
            "mandatory": draw(st.sampled_from("YNS")),
            "text": {lang: draw(texts) for lang in langs},
            "subs": draw(st.lists(codes, max_size=3, unique=True)),
            "answers": draw(st.lists(codes, max_size=3, unique=True)),
            "conditions": draw(st.lists(st.tuples(st.sampled_from(["==", "!=", ">"]), codes), max_size=2)),
        }
        groups[n % len(groups)].append(question)
    return {"langs": langs, "groups": groups, "title": draw(texts)}


def write(survey: dict[str, object]) -> str:
    langs: list[str] = survey["langs"]  # type: ignore[assignment]
    groups: list[list[dict[str, object]]] = survey["groups"]  # type: ignore[assignment]
    rows = [{"class": "S", "name": "sid", "text": "555"}, {"class": "S", "name": "language", "text": langs[0]}]
    rows.append({"class": "S", "name": "additional_languages", "text": " ".join(langs[1:])})
    rows += [
        {"class": "SL", "name": "surveyls_title", "text": str(survey["title"]), "language": lang} for lang in langs
    ]
    qid = 1000
    for first, lang in enumerate(langs):
        for n, questions in enumerate(groups):
            rows.append({"id": str(n + 1), "class": "G", "name": f"Group {n}", "language": lang})
            for q in questions:
                qid += 1
                text: dict[str, str] = q["text"]  # type: ignore[assignment]
                rows.append({"id": str(qid), "class": "Q", "type/scale": str(q["type"]), "name": str(q["title"]),
                             "text": text[lang], "language": lang, "mandatory": str(q["mandatory"])})  # fmt: skip
                for method, value in q["conditions"] if first == 0 else []:  # type: ignore[attr-defined]
                    rows.append({"class": "C", "type/scale": "1", "related_id": "1", "name": "555X1X1",
                                 "relevance": method, "text": value})  # fmt: skip
                rows += [{"class": "SQ", "name": s, "text": f"{s} {lang}", "language": lang} for s in q["subs"]]  # type: ignore[attr-defined]
                rows += [{"class": "A", "name": a, "text": f"{a}!", "language": lang} for a in q["answers"]]  # type: ignore[attr-defined]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(TSV_FIELDS)
    for r in rows:
        # LimeSurvey's guard against spreadsheet formulas: a quote before a leading '='.
        writer.writerow(["'" + v if v.startswith("=") else v for v in (r.get(f, "") for f in TSV_FIELDS)])
    return out.getvalue()


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(surveys())
def test_what_limesurvey_writes_reads_back(survey: dict[str, object]) -> None:
    read = parse_tsv(write(survey), "s.txt")
    langs: list[str] = survey["langs"]  # type: ignore[assignment]
    assert read.sid == "555" and read.languages == langs and read.default_language == langs[0]
    assert read.settings["surveyls_title"] == {lang: survey["title"] for lang in langs}
    groups: list[list[dict[str, object]]] = survey["groups"]  # type: ignore[assignment]
    assert len(read.groups) == len(groups)
    conditions = iter(read.conditions)
    for group, written in zip(read.groups, groups, strict=True):
        assert [q.title for q in group.questions] == [q["title"] for q in written]
        for q, w in zip(group.questions, written, strict=True):
            assert (q.type, q.mandatory, q.text) == (w["type"], w["mandatory"], w["text"])
            assert [s.title for s in q.subquestions] == w["subs"]
            assert all(s.text == {lang: f"{s.title} {lang}" for lang in langs} for s in q.subquestions)
            assert [a.code for a in q.answers] == w["answers"]
            for method, value in w["conditions"]:  # type: ignore[attr-defined]
                c = next(conditions)
                assert (c.qid, c.method, c.value, c.cfieldname, c.doubt) == (q.qid, method, value, "555X1X1", "")
    assert next(conditions, None) is None


def test_broken_files_are_refused_with_the_line() -> None:
    with pytest.raises(InstrumentError) as info:
        parse_tsv("a\tb\n1\t2\n", "s.txt")
    assert "class" in info.value.problems[0].problem
    heading = "\t".join(TSV_FIELDS)
    with pytest.raises(InstrumentError) as info:
        parse_tsv(f"{heading}\n\t\tQ\tL\tQ1\n", "s.txt")
    assert info.value.problems[0].where.line == 2 and "before any group" in info.value.problems[0].problem
    with pytest.raises(InstrumentError) as info:
        parse_tsv(f"{heading}\n\t\tG\t\tG1\n\t\tXX\n", "s.txt")
    assert "'XX' is unknown" in info.value.problems[0].problem
    with pytest.raises(InstrumentError) as info:
        parse_tsv(f"{heading}\n\t\tG\t\tG1\n" + "\t" * 20 + "\n\t\tQ\tL\tQ1" + "\t" * 30 + "x\n", "s.txt")
    assert "more than the" in info.value.problems[0].problem


def test_a_text_file_is_limesurveys_only_with_its_heading(tmp_path: Path) -> None:
    ours = tmp_path / "survey.txt"
    ours.write_text("\t".join(TSV_FIELDS) + "\n", encoding="utf-8")
    other = tmp_path / "notes.txt"
    other.write_text("type\tname\tlabel\n", encoding="utf-8")
    assert limesurvey_kind(ours) == "tsv" and limesurvey_kind(other) is None
