"""The command line: exit codes, the json contract, selection, configuration errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import seed_path

from linter.cli import main

SEED = str(seed_path("000"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_has_the_documented_shape(capsys):
    code, out, _ = run(capsys, "check", SEED, "--format", "json", "--select", "ALL")
    report = json.loads(out)
    assert set(report) == {"version", "tool", "files", "diagnostics", "summary"}
    assert report["version"] == 1 and report["tool"]["name"] == "formlint"
    assert report["files"] == [{"path": SEED, "forms": 4}]
    for d in report["diagnostics"]:
        assert set(d) == {
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
        assert d["severity"] in {"error", "warning", "info"} and d["line"] >= 1 and d["column"] >= 1
        assert set(d["form"]) == {"index", "title", "project"}
    assert code == (1 if report["diagnostics"] else 0)


def test_parse_json_lists_forms_with_their_indicators(capsys):
    code, out, _ = run(capsys, "parse", "--format", "json", str(seed_path("003")))
    forms = json.loads(out)["files"][0]["forms"]
    assert code == 0 and len(forms) == 5
    form = forms[0]
    for key in (
        "kind",
        "title",
        "year",
        "line",
        "end_line",
        "project",
        "unit",
        "fields",
        "funds",
        "goals",
        "indicators",
    ):
        assert key in form
    first = form["indicators"][0]
    assert {"level1", "level2", "name", "target", "actual", "weight", "score", "line"} <= set(first)
    assert (first["level1"], first["name"], first["weight"]["number"], first["line"]) == (
        "投入与管理",
        "资金使用的合规性",
        "6",
        16,
    )


def test_parse_tree_is_readable(capsys):
    code, out, _ = run(capsys, "parse", str(seed_path("002")))
    assert code == 0 and "效益指标 / 时效指标" in out and "65: 医疗救助给付及时率" in out


def test_missing_file_exits_2_with_a_clear_message(capsys, tmp_path):
    code, out, _ = run(capsys, "check", str(tmp_path / "nope.txt"), "--format", "json")
    report = json.loads(out)
    assert code == 2
    assert report["diagnostics"][0]["code"] == "PARSE001"
    assert "nope.txt" in report["diagnostics"][0]["path"]


def test_one_bad_file_does_not_stop_the_others(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02garbage")
    code, out, _ = run(capsys, "check", str(bad), SEED, "--format", "json", "--select", "PARSE")
    report = json.loads(out)
    assert code == 2
    assert [f["forms"] for f in report["files"]] == [0, 4]


def test_file_without_a_form_is_a_parse_finding(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\t第一项\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "json", "--lang", "en")
    report = json.loads(out)
    assert code == 1
    assert (
        report["diagnostics"][0]["code"] == "PARSE003"
        and "no form found" in report["diagnostics"][0]["message"]
    )


def test_a_stray_row_loses_no_form(capsys, tmp_path):
    text = seed_path("000").read_text(encoding="utf-8")
    damaged = text.replace(
        "(2021年度)", "(2021年度)\n\t\t\t\n(2021年度)", 1
    )  # made up: a second year line, which once cost the whole form
    path = tmp_path / "damaged.txt"
    path.write_text(damaged, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "json", "--select", "PARSE")
    report = json.loads(out)
    assert code == 0 and report["diagnostics"] == []
    assert report["files"][0]["forms"] == 4


def test_unknown_rule_code_is_a_usage_error(capsys):
    code, _, err = run(capsys, "check", SEED, "--select", "NOPE999")
    assert code == 2 and "NOPE999" in err and "Traceback" not in err


def test_unknown_format_is_a_usage_error(capsys):
    code, _, err = run(capsys, "check", SEED, "--format", "yaml")
    assert code == 2 and "yaml" in err


def test_bad_option_is_argparse_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "--fail-on", "fatal"])
    assert info.value.code == 2


def test_a_command_builds_only_its_own_options_but_usage_names_them_all(capsys):
    code = "import sys; from linter.cli import main; main(['formats']); print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "'linter.commands.formats'" in loaded and "'linter.commands.annotate'" not in loaded
    with pytest.raises(SystemExit):
        main(["formats", "--bogus"])
    assert "{check,parse,rules,rule,formats,annotate,export,clean,serve}" in capsys.readouterr().err


def test_exit_zero_fail_on_and_severity_from_config(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n", encoding="utf-8")
    assert run(capsys, "check", str(path))[0] == 1
    assert run(capsys, "check", str(path), "--exit-zero")[0] == 0
    (tmp_path / "formlint.toml").write_text('[severity]\nPARSE003 = "info"\n', encoding="utf-8")
    assert run(capsys, "check", str(path))[0] == 0
    assert run(capsys, "check", str(path), "--fail-on", "info")[0] == 1


def test_config_found_upward_in_pyproject(capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.formlint]\nignore = ["PARSE003"]\n', encoding="utf-8"
    )
    sub = tmp_path / "forms" / "2024"
    sub.mkdir(parents=True)
    (sub / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    assert run(capsys, "check", str(sub))[0] == 0


def test_per_file_ignores(capsys, tmp_path):
    (tmp_path / ".formlint.toml").write_text(
        '[per-file-ignores]\n"drafts/*" = ["PARSE003"]\n', encoding="utf-8"
    )
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text("草稿\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("草稿\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    assert code == 1
    assert [d["path"].endswith("b.txt") for d in json.loads(out)["diagnostics"]] == [True]


def test_per_file_ignores_apply_to_form_rules_file_by_file(capsys, tmp_path):
    """The same real seed twice in one run: VAG001 is ignored under drafts/ only."""
    (tmp_path / ".formlint.toml").write_text(
        '[per-file-ignores]\n"drafts/*" = ["VAG001"]\n', encoding="utf-8"
    )
    (tmp_path / "drafts").mkdir()
    data = seed_path("000").read_bytes()
    for name in ("a.txt", "drafts/b.txt", "z.txt"):
        (tmp_path / name).write_bytes(data)
    _, out, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    vag001 = [d["path"] for d in json.loads(out)["diagnostics"] if d["code"] == "VAG001"]
    assert sorted({os.path.basename(p) for p in vag001}) == ["a.txt", "z.txt"]
    assert len(vag001) == 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('selct = ["SUM"]\n', "unknown key(s) selct"),
        ('select = ["SUMM"]\n', "unknown rule code or prefix 'SUMM'"),
        ('[severity]\nPARSE003 = "fatal"\n', "must be one of"),
        ("[options.PARSE003]\nfoo = 1\n", "has no option(s) foo"),
        ('lang = "fr"\n', "lang must be one of"),
        ("select = [\n", "formlint.toml"),
    ],
)
def test_configuration_errors_are_clear(capsys, tmp_path, content, message):
    (tmp_path / "formlint.toml").write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "check", SEED, "--config", str(tmp_path / "formlint.toml"))
    assert code == 2 and message in err and "Traceback" not in err


def test_rules_and_rule_docs(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "PARSE001" in out
    code, out, _ = run(capsys, "rule", "parse002", "--lang", "en")
    assert (
        code == 0
        and out.startswith("PARSE002 row-out-of-place")
        and "Why:" in out
        and "Bad:" in out
    )
    code, _, err = run(capsys, "rule", "XYZ123")
    assert code == 2 and "XYZ123" in err


def test_rich_report_marks_the_cell(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\t第一项\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--no-color")
    assert code == 1
    assert "1:1 PARSE003" in out and "会议纪要 │ 第一项" in out


def test_stdin_is_read_with_dash(capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed_path("004").read_bytes())))
    code, out, _ = run(capsys, "check", "-", "--format", "json", "--select", "PARSE")
    assert json.loads(out)["files"] == [{"path": "-", "forms": 2}]
    assert code == 0


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_output_that_is_an_input_is_refused(capsys, tmp_path, link):
    form = tmp_path / "form.txt"
    form.write_bytes(seed_path("000").read_bytes())
    before = form.read_bytes()
    target = {"same": form, "symlink": tmp_path / "s.txt", "hardlink": tmp_path / "h.json"}[link]
    if link == "symlink":
        target.symlink_to(form)
    elif link == "hardlink":
        os.link(form, target)
    assert main(["check", str(form), "--no-cache", "--format", "json", "-o", str(target)]) == 2
    assert "never writes over an input" in capsys.readouterr().err
    assert form.read_bytes() == before
