"""The machine formats as their consumers read them: GitLab's Code Quality schema, the SARIF
2.1.0 schema with its formats checked (``uri-reference``), the strict JUnit schema and GitLab's
keying of test cases, and the native location (sheet and cell, page, table cell) of a finding in
a workbook, document or PDF in every format.

The files sit in a folder named with Chinese, spaces, ``#`` and ``%``, and one more lies outside
the working directory, as they do in a bureau's shared drive.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import FIXTURES, seed_path
from formats import seed_lines, write_docx, write_pdf, write_xlsx

from linter.cli import main
from linter.reporters.location import native

SCHEMAS = FIXTURES / "schemas"
FOLDER = "表单 #1 100%"
FORMATS = ("json", "jsonl", "csv", "sarif", "gitlab", "junit", "github", "concise")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("consumers")
    forms = root / FOLDER
    forms.mkdir()
    lines = seed_lines(seed_path("000"))
    shutil.copy(seed_path("000"), forms / "闵行 2021.txt")
    write_xlsx(lines, forms / "闵行 2021.xlsx")
    write_docx(lines, forms / "闵行 2021.docx")
    write_pdf(lines, forms / "闵行 2021.pdf")
    outside = tmp_path_factory.mktemp("elsewhere") / "外部 表#2.txt"
    shutil.copy(seed_path("001"), outside)
    return root, outside


def _run(root: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(root)
    try:
        from contextlib import redirect_stdout

        with redirect_stdout(out):
            code = main(["check", *args, "--no-cache", "--jobs", "1"])
    finally:
        os.chdir(here)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def reports(tree) -> dict[str, str]:
    root, outside = tree
    outputs = {}
    for fmt in FORMATS:
        code, outputs[fmt] = _run(root, ".", str(outside), "--format", fmt)
        assert code == 1, fmt
    return outputs


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_gitlab_report_is_valid_for_gitlab(reports):
    from jsonschema import Draft7Validator

    issues = json.loads(reports["gitlab"])
    findings = json.loads(reports["json"])["diagnostics"]
    assert isinstance(issues, list) and len(issues) == len(findings) > 20
    validator = Draft7Validator(_schema("gitlab-codeclimate.json"))
    for issue in issues:
        assert not list(validator.iter_errors(issue)), issue
        # what GitLab's docs add to its validator: a check name and one of its five severities
        assert issue["check_name"] and issue["severity"] in {"info", "minor", "major"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab shows each once
    paths = {i["location"]["path"] for i in issues}
    assert f"{FOLDER}/闵行 2021.xlsx" in paths  # relative to the repository, not encoded


def test_gitlab_fingerprints_survive_rows_moving(tmp_path):
    moved = tmp_path / "moved"
    moved.mkdir()
    (tmp_path / "form.txt").write_bytes(seed_path("000").read_bytes())
    (moved / "form.txt").write_bytes(b"\n\n\n" + seed_path("000").read_bytes())
    before = json.loads(_run(tmp_path, "form.txt", "--format", "gitlab")[1])
    after = json.loads(_run(moved, "form.txt", "--format", "gitlab")[1])
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] + 3 for i in before] == [
        i["location"]["lines"]["begin"] for i in after
    ]


def _sarif_validator():
    from jsonschema import Draft4Validator, FormatChecker

    return Draft4Validator(_schema("sarif-2.1.0-rtm.5.json"), format_checker=FormatChecker())


def test_sarif_is_valid_with_its_formats_checked(reports, tree):
    root, outside = tree
    sarif = json.loads(reports["sarif"])
    validator = _sarif_validator()
    assert not [e.message for e in validator.iter_errors(sarif)]
    (run,) = sarif["runs"]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == root.resolve().as_uri() + "/"
    files = set()
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        uri = artifact["uri"]
        assert uri.isascii() and " " not in uri and "#" not in uri
        if "uriBaseId" in artifact:
            assert artifact["uriBaseId"] == "%SRCROOT%"
            files.add(Path(root, unquote(uri, errors="strict")))
        else:  # outside the working directory: an absolute file URI, never ../../
            assert urlparse(uri).scheme == "file" and ".." not in uri
            files.add(Path(unquote(urlparse(uri).path, errors="strict")))
    assert outside in files and all(f.is_file() for f in files)
    assert {f.suffix for f in files} == {".txt", ".xlsx", ".docx", ".pdf"}


def test_the_format_check_would_catch_raw_paths(reports):
    """The check above can fail: the raw path of before is not a uri-reference."""
    sarif = json.loads(reports["sarif"])
    artifact = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    artifact["artifactLocation"]["uri"] = f"{FOLDER}/闵行 2021.txt"
    errors = [e.message for e in _sarif_validator().iter_errors(sarif)]
    assert errors and "uri-reference" in errors[0]


def test_sarif_regions_only_in_text_artifacts(reports):
    for result in json.loads(reports["sarif"])["runs"][0]["results"]:
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        if uri.endswith(".txt"):
            assert location["physicalLocation"]["region"]["startLine"] >= 1
            assert "logicalLocations" not in location
            continue
        assert "region" not in location["physicalLocation"]  # SARIF: none in a binary artifact
        (logical,) = location["logicalLocations"]
        assert logical["kind"] in {"cell", "paragraph", "line"}
        assert location["properties"]["label"] == logical["fullyQualifiedName"]
        assert f"({logical['fullyQualifiedName']})" in result["message"]["text"]


def test_sarif_execution_fails_when_a_file_cannot_be_read(tmp_path):
    (tmp_path / "form.txt").write_bytes(seed_path("000").read_bytes())
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04broken")
    code, out = _run(tmp_path, ".", "--format", "sarif")
    (invocation,) = json.loads(out)["runs"][0]["invocations"]
    assert code == 2 and invocation["executionSuccessful"] is False
    _, clean = _run(tmp_path, "form.txt", "--format", "sarif")
    assert json.loads(clean)["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_junit_names_are_unique_for_gitlab_and_valid_for_the_strict_schema(reports, tree):
    from lxml import etree

    root = ET.fromstring(reports["junit"])
    cases = list(root.iter("testcase"))
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == len(json.loads(reports["json"])["diagnostics"])
    # GitLab keys a case by suite, classname and name: every finding must be its own key
    keys = {(s.get("name"), c.get("classname"), c.get("name")) for s in root for c in s}
    assert len(keys) == len(cases)
    assert any(c.get("name") == "VAG001 项目2!E16" for c in cases)
    assert all(c.get("file") == c.get("classname") for c in cases)  # GitLab links the file
    assert all(c.get("line") is None for c in cases)

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))
    strict = etree.fromstring(reports["junit"].encode("utf-8"))
    assert not schema.validate(strict)  # testcase@file, which GitLab reads, and nothing else:
    for case in strict.iter("testcase"):
        del case.attrib["file"]
    assert schema.validate(strict), schema.error_log


def _xlsx_finding(items: list[dict]) -> dict:
    (item,) = [
        d
        for d in items
        if d["code"] == "VAG001"
        and d["path"].endswith(".xlsx")
        and "维护计划完成率" in d["message"]
    ]
    return item


def test_every_format_carries_the_native_location(reports):
    finding = _xlsx_finding(json.loads(reports["json"])["diagnostics"])
    assert finding["where"] == {"label": "项目2!E16", "sheet": "项目2", "cell": "E16"}
    assert _xlsx_finding([json.loads(x) for x in reports["jsonl"].splitlines()]) == finding
    rows = list(csv.DictReader(io.StringIO(reports["csv"].lstrip("\ufeff"))))
    assert any(r["where"] == "项目2!E16" and r["code"] == "VAG001" for r in rows)
    results = json.loads(reports["sarif"])["runs"][0]["results"]
    assert any(
        r["locations"][0].get("properties", {}).get("cell") == "E16"
        and r["locations"][0]["properties"]["sheet"] == "项目2"
        for r in results
    )
    gitlab = json.loads(reports["gitlab"])
    assert any(i["description"].endswith("(项目2!E16)") for i in gitlab)
    for fmt in ("github", "concise"):
        assert "(项目2!E16)" in reports[fmt], fmt
    github = [x for x in reports["github"].splitlines() if "项目2!E16" in x]
    assert github and all(",line=" not in x for x in github)  # no line of a binary file

    wheres = [d["where"] for d in json.loads(reports["json"])["diagnostics"]]
    docx = [w for w in wheres if w and "table" in w]
    pdf = [w for w in wheres if w and "page" in w]
    assert docx and all({"row", "column"} <= set(w) for w in docx)
    assert pdf and all(w["page"] >= 1 and w["row"] >= 1 for w in pdf)
    text = [d for d in json.loads(reports["json"])["diagnostics"] if d["path"].endswith(".txt")]
    assert text and all(d["where"] is None for d in text)


def test_xlsx_report_has_the_location_and_prints_sensibly(tmp_path, tree):
    openpyxl = pytest.importorskip("openpyxl")
    root, _ = tree
    target = tmp_path / "report.xlsx"
    code, _ = _run(root, ".", "--format", "xlsx", "-o", str(target))
    assert code == 1
    book = openpyxl.load_workbook(target)
    everything = book[book.sheetnames[-1]]
    header = [c.value for c in everything[1]]
    assert header[-1] == "位置"
    assert "项目2!E16" in [row[-1] for row in everything.iter_rows(min_row=2, values_only=True)]
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert everything.print_title_rows == "$1:$1"


@pytest.mark.parametrize(
    ("where", "parts"),
    [
        ("项目1!D17", {"sheet": "项目1", "cell": "D17"}),
        ("'My ''Q1'' sheet'!AB120", {"sheet": "My 'Q1' sheet", "cell": "AB120"}),
        ("p.2 row 5", {"page": 2, "row": 5}),
        ("p.3 row 7 col 4", {"page": 3, "row": 7, "column": 4}),
        ("table 1 row 2 col 3", {"table": 1, "row": 2, "column": 3}),
        ("table 1 row 2 col 3 > table 2 row 1 col 1", {"table": 2, "row": 1, "column": 1}),
        ("paragraph 12", {"paragraph": 12}),
        ("somewhere a plugin says", {}),
    ],
)
def test_native_location_parts(where, parts):
    assert native(where) == {"label": where, **parts}
    assert native(None) is None
