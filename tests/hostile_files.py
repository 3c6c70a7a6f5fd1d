"""Builders of hostile files: workbooks and zip archives made to mislead, YAML aliases, key files.

The committed corpus in ``tests/fixtures/hostile/`` was written by
:func:`write_corpus` (``python -m tests.hostile_files``); unit tests use the
builders directly, with sizes of their own.
"""

from __future__ import annotations

import itertools
import json
import struct
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "fixtures" / "hostile"
PASSPHRASE = "five random words for the test"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
        '<sheets><sheet name="survey" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}
_WHEN = (2026, 1, 1, 0, 0, 0)

#: A header row of an XLSForm survey sheet, as shared strings 0 and 1.
HEADER_ROW = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
HEADER_STRINGS = b"<si><t>type</t></si><si><t>name</t></si>"


def sheet_xml(rows: Iterable[bytes]) -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def strings_xml(items: Iterable[bytes]) -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'.encode()
    yield from items
    yield b"</sst>"


def write_xlsx(
    path: Path,
    rows: Iterable[bytes] = (HEADER_ROW,),
    strings: Iterable[bytes] = (HEADER_STRINGS,),
    *,
    parts: dict[str, str] | None = None,
    sheet: Iterable[bytes] | None = None,
    shared: Iterable[bytes] | None = None,
    padding_entries: int = 0,
) -> Path:
    """A minimal workbook: one sheet 'survey' of ``rows`` with shared ``strings``, written chunk by chunk.

    ``sheet`` and ``shared`` replace the whole XML of those parts (for XML that does not parse);
    ``padding_entries`` adds that many empty files to the archive.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in (parts or _PARTS).items():
            archive.writestr(_info(name), text)
        for name, chunks in (
            ("xl/worksheets/sheet1.xml", sheet if sheet is not None else sheet_xml(rows)),
            ("xl/sharedStrings.xml", shared if shared is not None else strings_xml(strings)),
        ):
            with archive.open(_info(name), "w") as stream:
                for chunk in chunks:
                    stream.write(chunk)
        for i in range(padding_entries):
            archive.writestr(_info(f"customXml/item{i}.xml"), "")
    return path


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _WHEN)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def repeated(piece: bytes, total: int) -> Iterable[bytes]:
    """``total`` bytes of ``piece`` over and over, a megabyte at a time."""
    block = piece * ((1 << 20) // len(piece))
    for _ in range(total // len(block)):
        yield block


def patch_directory(path: Path, name: str, **fields: int) -> None:
    """Rewrite fields of one entry's record in the archive's central directory, in place.

    Fields: ``file_size`` (the unpacked size it states), ``flag_bits``, ``compress_type``.
    The entry's data and local header stay as written: the directory then lies.
    """
    offsets = {"flag_bits": (8, "<H"), "compress_type": (10, "<H"), "file_size": (24, "<I")}
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        at = archive.start_dir
    while True:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        extra_length, comment_length = struct.unpack_from("<HH", data, at + 30)
        if data[at + 46 : at + 46 + name_length].decode() == name:
            break
        at += 46 + name_length + extra_length + comment_length
    for field, value in fields.items():
        offset, form = offsets[field]
        struct.pack_into(form, data, at + offset, value)
    path.write_bytes(bytes(data))


def laughs(levels: int = 9) -> str:
    """Anchors ``a`` … of nine aliases each to the one before: the last stands for 9**levels values."""
    names = [chr(ord("a") + i) for i in range(levels)]
    lines = [f"x_{names[0]}: &{names[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"x_{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in itertools.pairwise(names)]
    return "\n".join(lines) + "\n"


def key_file_edit(text: str, edit: Callable[[dict[str, Any]], object]) -> str:
    data = json.loads(text)
    edit(data)
    return json.dumps(data, indent=2) + "\n"


_INSTRUMENT = """\
id: hostile
version: 1.0.0
title: {de: Feindlich, en: Hostile}
languages: [de, en]
default_language: de
purpose: {de: Zweck, en: Purpose}
controller: {de: Stadt, en: City}
legal_basis: {de: Einwilligung, en: Consent}
retention: {de: Zwei Jahre, en: Two years}
contact: {de: daten@stadt.example, en: daten@stadt.example}
sections:
  - id: main
    title: {de: Fragen, en: Questions}
    questions:
      - {id: q, type: text, label: {de: Frage, en: Question}}
"""
_PLAN = """\
id: hostile-plan
instrument: musterstadt-2026
budget_share: 0.3
tables:
  - id: t
    label: {de: T, en: T}
    kind: counts
    measure: discr_any_12m
    by: [gender_group]
"""


def _yaml_files() -> dict[str, str]:
    sections = _INSTRUMENT[_INSTRUMENT.index("sections:") :]
    return {
        "instrument-laughs.yaml": laughs()
        + _INSTRUMENT.replace("title: {de: Feindlich, en: Hostile}", "title: *i")
        .replace("languages: [de, en]", "languages: *i")
        .replace(sections, "sections: *i\n"),
        "instrument-alias-loop.yaml": _INSTRUMENT.replace(
            sections,
            "sections: &s\n  - id: main\n    title: {de: Fragen, en: Questions}\n    questions: *s\n",
        ),
        "plan-laughs.yaml": laughs()
        + _PLAN.replace("by: [gender_group]", "by: *h\n    reference: *g").replace("tables:\n", "tables:\n  - *i\n"),
        "mapping-laughs.yaml": laughs() + "instrument: musterstadt-2026\nignore: *i\n",
        "instrument-dense.yaml": _INSTRUMENT.replace(sections, "sections: [" + "{}, " * 60_000 + "{}]\n"),
    }


def _workbooks(folder: Path) -> None:
    a = b"A"
    bomb = [b"<si><t>", *repeated(a, 1 << 30), b"</t></si>", HEADER_STRINGS]
    write_xlsx(folder / "xlsx-bomb.xlsx", [HEADER_ROW.replace(b">0<", b">1<", 1)], bomb)
    write_xlsx(folder / "xlsx-ratio.xlsx", strings=[HEADER_STRINGS, b"<si><t>", *repeated(a, 4 << 20), b"</t></si>"])
    write_xlsx(folder / "xlsx-entries.xlsx", padding_entries=1500)
    lying = write_xlsx(
        folder / "xlsx-lying-size.xlsx", strings=[HEADER_STRINGS, b"<si><t>", *repeated(a, 100 << 20), b"</t></si>"]
    )
    patch_directory(lying, "xl/sharedStrings.xml", file_size=1024)
    wide = [b'<row r="%d"><c r="XFD%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(2, 20_002)]
    write_xlsx(folder / "xlsx-wide-rows.xlsx", [HEADER_ROW, *wide])
    write_xlsx(folder / "xlsx-far-row.xlsx", [HEADER_ROW, b'<row r="999999999"><c r="A999999999"><v>1</v></c></row>'])
    write_xlsx(folder / "xlsx-broken-xml.xlsx", sheet=[b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c'])
    write_xlsx(folder / "xlsx-missing-string.xlsx", [b'<row r="1"><c r="A1" t="s"><v>99</v></c></row>'])
    encrypted = write_xlsx(folder / "xlsx-encrypted-entry.xlsx")
    patch_directory(encrypted, "xl/workbook.xml", flag_bits=1)


def write_lsa(path: Path, entries: dict[str, Iterable[bytes]]) -> Path:
    """A LimeSurvey survey archive (.lsa) holding ``entries``, each written from its chunks."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, chunks in entries.items():
            with archive.open(_info(name), "w") as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return path


def _archives(folder: Path) -> None:
    """LimeSurvey survey archives: a zip bomb, tight packing, many entries, a lying directory, odd entry names."""
    structure = (
        Path(__file__).resolve().parent / "fixtures" / "limesurvey" / "conditions_survey_123456.lss"
    ).read_bytes()
    rows = b"<row><id><![CDATA[1]]></id></row>"
    bomb = write_lsa(folder / "lsa-bomb.lsa", {"survey_1.lss": [structure], "survey_1_responses.lsr": [rows]})
    patch_directory(bomb, "survey_1_responses.lsr", file_size=(1 << 32) - 1)
    write_lsa(
        folder / "lsa-ratio.lsa", {"survey_1.lss": [structure], "survey_1_responses.lsr": repeated(b"A", 8 << 20)}
    )
    write_lsa(folder / "lsa-entries.lsa", {f"survey_{i}.lss": [b""] for i in range(50)})
    lying = write_lsa(
        folder / "lsa-lying-size.lsa", {"survey_1.lss": [structure], "survey_1_responses.lsr": [rows * 4000]}
    )
    patch_directory(lying, "survey_1_responses.lsr", file_size=64)
    write_lsa(folder / "lsa-traversal.lsa", {"../../survey_1.lss": [structure]})
    write_lsa(folder / "lsa-nested.lsa", {"survey_1.lss": [structure], "survey_1.zip": [b"PK\x03\x04"]})
    laughs_xml = (
        b'<?xml version="1.0"?><!DOCTYPE document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType>&b;</document>"
    )
    write_lsa(folder / "lsa-laughs.lsa", {"survey_1.lss": [laughs_xml]})


def _key_files(folder: Path) -> None:
    from anonymize.keys.pair import PrivateKey

    key = PrivateKey.generate()
    private = key.encrypt(PASSPHRASE, scrypt_n=2**10)
    edits: dict[str, Callable[[dict[str, Any]], object]] = {
        "private-key-p-100000.json": lambda d: d["kdf"].update(p=100_000),
        "private-key-n-2-30.json": lambda d: d["kdf"].update(n=2**30),
        "private-key-r-2-20.json": lambda d: d["kdf"].update(r=2**20),
        "private-key-no-salt.json": lambda d: d["kdf"].pop("salt"),
        "private-key-short-nonce.json": lambda d: d.update(nonce="AAAA"),
    }
    for name, edit in edits.items():
        (folder / name).write_text(key_file_edit(private, edit), encoding="utf-8")
    digits = "9" * 5000
    (folder / "private-key-long-number.json").write_text(
        private.replace('"n": 1024', f'"n": {digits}'), encoding="utf-8"
    )
    (folder / "private-key-deep.json").write_text("[" * 60_000, encoding="utf-8")
    (folder / "private-key-huge.json").write_text(private[:-2] + " " * 100_000 + "}\n", encoding="utf-8")
    (folder / "public-key-deep.json").write_text('{"format": ' + "[" * 60_000, encoding="utf-8")
    (folder / "pseudonym-secret-deep.json").write_text("[" * 60_000, encoding="utf-8")
    (folder / "current-outside-keys.txt").write_text("../../../../etc/hostname\n", encoding="utf-8")


def _project_files(folder: Path) -> None:
    (folder / "reviews-deep.jsonl").write_text("[" * 60_000 + "\n", encoding="utf-8")
    (folder / "release-deep.json").write_text('{"id": ' + "[" * 60_000, encoding="utf-8")


def write_corpus(folder: Path = CORPUS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in _yaml_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    _workbooks(folder)
    _archives(folder)
    _key_files(folder)
    _project_files(folder)


if __name__ == "__main__":
    write_corpus()
