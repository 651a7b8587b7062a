"""Every output format on the seed files, read back with the library that reads that format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import given
from hypothesis import strategies as st

from linter.cli import main
from linter.engine import Diagnostic
from linter.parse.nodes import FormInfo, Span
from linter.reporters.json_report import LineEncoder
from linter.reporters.location import native


def run(capsys, tmp_path: Path, *args: str) -> tuple[int, str]:
    code = main(["check", str(SEEDS), "--no-cache", "--jobs", "1", *args])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def reference() -> dict:
    """The json contract's view of the seed files: what every other format must agree with."""
    from linter.config import Config
    from linter.engine import lint_paths
    from linter.plugins import load_registry

    registry = load_registry()
    result = lint_paths([str(SEEDS)], registry, Config())
    return {
        "count": len(result.diagnostics),
        "codes": sorted({d.code for d in result.diagnostics}),
        "forms": sum(len(f.forms) for f in result.files),
    }


def test_seeds_have_findings(reference):
    assert reference["count"] > 20 and reference["forms"] == 29


def test_json_contract_shape(capsys, tmp_path, reference):
    code, out = run(capsys, tmp_path, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"version", "tool", "files", "diagnostics", "summary"}
    assert data["version"] == 1 and data["tool"]["name"] == "formlint"
    assert sum(f["forms"] for f in data["files"]) == 29
    assert len(data["diagnostics"]) == reference["count"]
    keys = {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "where",
        "code",
        "severity",
        "message",
        "form",
    }
    for d in data["diagnostics"]:
        assert set(d) == keys
        assert d["where"] is None  # text exports: the line and column are the file's own
        assert d["severity"] in {"error", "warning", "info"}
        assert d["line"] >= 1 and d["column"] >= 1


def test_jsonl_one_finding_per_line(capsys, tmp_path, reference):
    _, out = run(capsys, tmp_path, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == reference["count"]
    assert sorted({r["code"] for r in rows}) == reference["codes"]


def test_concise_lines(capsys, tmp_path, reference):
    _, out = run(capsys, tmp_path, "--format", "concise")
    lines = out.splitlines()
    assert len(lines) == reference["count"]
    path, line, col, rest = lines[0].split(":", 3)
    assert path.endswith(".txt") and int(line) >= 1 and int(col) >= 1
    code, severity = rest.split()[:2]
    assert code in reference["codes"] and severity.strip("[]") in {"error", "warning", "info"}


def test_sarif_structure(capsys, tmp_path, reference):
    _, out = run(capsys, tmp_path, "--format", "sarif")
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    (run_,) = sarif["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "formlint" and driver["informationUri"]
    rules = {r["id"]: r for r in driver["rules"]}
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    results = run_["results"]
    assert len(results) == reference["count"]
    fingerprints = set()
    for r in results:
        assert r["ruleId"] in rules
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in {"error", "warning", "note"}
        assert r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert "\\" not in loc["artifactLocation"]["uri"]
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        fingerprints.add((loc["artifactLocation"]["uri"], r["partialFingerprints"]["formlint/v1"]))
    assert len(fingerprints) == len(results)  # unique within a file, so no alert swallows another


def test_sarif_fingerprint_survives_lines_moving(capsys, tmp_path):
    seed = next(SEEDS.glob("000_*.txt"))
    moved = tmp_path / seed.name
    moved.write_bytes(b"\n\n\n" + seed.read_bytes())
    fps = []
    for path in (seed, moved):
        main(["check", str(path), "--no-cache", "--format", "sarif"])
        results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
        fps.append(sorted(r["partialFingerprints"]["formlint/v1"] for r in results))
        lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
        fps.append(lines)
    assert fps[0] == fps[2]  # same fingerprints
    assert fps[3] == [line + 3 for line in fps[1]]  # although every line moved


def test_github_annotations_escaped(capsys, tmp_path, reference):
    _, out = run(capsys, tmp_path, "--format", "github")
    lines = out.splitlines()
    assert len(lines) == reference["count"]
    for line in lines:
        command, rest = line.split(" ", 1)
        assert command in {"::error", "::warning", "::notice"}
        props, message = rest.split("::", 1)
        fields = dict(p.split("=", 1) for p in props.split(","))
        assert set(fields) == {"file", "line", "endLine", "col", "endColumn", "title"}
        assert int(fields["line"]) >= 1 and fields["title"] in reference["codes"]
        assert "\n" not in message and message


def test_github_escaping_rules():
    from linter.reporters.github import escape_data, escape_property

    assert escape_data("100%\r\nok") == "100%25%0D%0Aok"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_junit_suites_and_failures(capsys, tmp_path, reference):
    _, out = run(capsys, tmp_path, "--format", "junit")
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert len(suites) == 5  # one per seed file
    failures = root.findall(".//testcase/failure")
    assert len(failures) == reference["count"]
    for case in root.iter("testcase"):
        code, position = case.get("name").split(" ", 1)
        assert code in reference["codes"] and position[0].isdigit()
    assert int(root.get("failures")) == reference["count"]


def test_junit_clean_run_is_one_passing_case(capsys, tmp_path):
    clean = tmp_path / "notes.txt"
    clean.write_text("这不是表单\n", encoding="utf-8")
    main(["check", str(clean), "--no-cache", "--format", "junit", "--select", "VAG"])
    root = ET.fromstring(capsys.readouterr().out)
    cases = list(root.iter("testcase"))
    assert len(cases) == 1 and cases[0].find("failure") is None


def test_csv_has_bom_and_every_finding(capsys, tmp_path, reference):
    target = tmp_path / "report.csv"
    main(["check", str(SEEDS), "--no-cache", "--format", "csv", "--output", str(target)])
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "path",
        "line",
        "column",
        "code",
        "severity",
        "message",
        "project",
        "主管部门",
        "实施单位",
        "where",
    ]
    assert len(rows) - 1 == reference["count"]
    assert any("医疗保障局" in r[7] for r in rows[1:])
    assert all(r[3] in reference["codes"] for r in rows[1:])


def test_csv_cells_are_never_formulas():
    from linter.reporters.csv_report import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("项目") == "项目"


def test_xlsx_workbook(tmp_path, reference):
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra is not installed")
    target = tmp_path / "report.xlsx"
    assert main(["check", str(SEEDS), "--no-cache", "--format", "xlsx", "-o", str(target)]) == 1
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0].startswith("汇总") and book.sheetnames[-1].startswith("全部问题")
    everything = book[book.sheetnames[-1]]
    assert everything.max_row - 1 == reference["count"]
    family_rows = sum(book[name].max_row - 1 for name in book.sheetnames[1:-1])
    assert family_rows == reference["count"]
    for family in {c.rstrip("0123456789") for c in reference["codes"]}:
        assert any(name.startswith(family + " ") for name in book.sheetnames)
    summary = {row[0]: row[1] for row in book[book.sheetnames[0]].iter_rows(values_only=True)}
    assert summary["表单 forms"] == 29 and summary["问题 findings"] == reference["count"]


def test_xlsx_needs_output(capsys):
    assert main(["check", str(SEEDS), "--no-cache", "--format", "xlsx"]) == 2
    assert "--output" in capsys.readouterr().err


def test_rich_polish(capsys, tmp_path):
    code, out = run(capsys, tmp_path, "--no-color")
    assert code == 1
    assert "汇总: 5 文件, 29 表单" in out and "│" in out
    code, quiet = run(capsys, tmp_path, "--no-color", "--quiet")
    assert "汇总: " not in quiet and "│" in quiet


def test_rich_prints_nothing_for_clean_forms_unless_verbose(capsys, tmp_path):
    seed = next(SEEDS.glob("004_*.txt"))
    main(["check", str(seed), "--no-cache", "--no-color", "--select", "PARSE"])
    assert capsys.readouterr().out.startswith("汇总")
    main(["check", str(seed), "--no-cache", "--no-color", "--select", "PARSE", "--verbose"])
    assert "未发现问题" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["rich", "concise"])
def test_statistics_per_rule_and_department(capsys, tmp_path, reference, fmt):
    _, out = run(capsys, tmp_path, "--format", fmt, "--statistics", "--no-color")
    for code in reference["codes"]:
        assert code in out
    assert "医疗保障局" in out  # per 主管部门: several files make a batch
    assert "│" not in out  # counts, not findings


def test_statistics_refused_for_machine_formats(capsys, tmp_path):
    code, _ = run(capsys, tmp_path, "--format", "json", "--statistics")
    assert code == 2


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ['引号"与\\反斜杠', "tab\there\nnewline", "\u2028\x00\x1f", "</script>", ""]
)


@given(
    path=_TEXT,
    numbers=st.tuples(*[st.integers(0, 10**6)] * 4),
    message=_TEXT,
    form=st.none() | st.tuples(st.integers(1, 99), _TEXT, st.none() | _TEXT),
    lang=st.sampled_from(["zh", "en"]),
    where=st.none() | st.sampled_from(["项目1!D17", "'a''b'!C3", "p.2 row 5 col 1"]) | _TEXT,
)
def test_json_line_encoder_writes_what_json_dumps_writes(path, numbers, message, form, lang, where):
    """The fast encoder against the contract item encoded by json.dumps, on arbitrary text."""
    info = None if form is None else FormInfo(form[0], form[1], form[2], None, None, "target", 1)
    d = Diagnostic(path, Span(*numbers, where), "SUM001", "error", message, message[::-1], info)
    item = {
        "path": path,
        "line": numbers[0],
        "column": numbers[1],
        "end_line": numbers[2],
        "end_column": numbers[3],
        "where": native(where),
        "code": "SUM001",
        "severity": "error",
        "message": d.message(lang),
        "form": None if info is None else {"index": form[0], "title": form[1], "project": form[2]},
    }
    assert LineEncoder(lang).encode(d) == json.dumps(item, ensure_ascii=False)
