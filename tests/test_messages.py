"""Messages say what the user in front of them can do, in the run's language: the rule docs in
Chinese, PARSE005 for a text export, the supported file types, and an empty run."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TARGET_HEAD, lint_text, registry

from linter.cli import main
from linter.docs import rule_text

INDICATOR = "\t产出指标\t数量指标\t培训次数\t≥2(次)\n"


@pytest.mark.parametrize("code", sorted(registry().rules))
def test_every_rule_is_documented_in_chinese(code):
    rule = registry().rules[code]
    assert rule.why_zh and rule.policy_zh
    text = rule_text(rule, "zh")
    assert f"原因: {rule.why_zh}" in text and f"依据: {rule.policy_zh}" in text
    assert "Why:" not in text and "Policy:" not in text
    assert f"Why: {rule.why}" in rule_text(rule, "en")


def test_parse005_in_a_text_export_asks_for_the_values_again(tmp_path: Path):
    text = TARGET_HEAD.replace("项目资金总额\t35", "项目资金总额\t=SUM(C7:C8)") + INDICATOR
    (finding,) = [d for d in lint_text(text, "PARSE005", tmp_path) if d.code == "PARSE005"]
    assert "=SUM(C7:C8)" in finding.zh and "导出" in finding.zh and "Excel" not in finding.zh
    assert "export" in finding.en and "Excel" not in finding.en


def test_unsupported_type_names_the_supported_ones(tmp_path: Path, capsys):
    odd = tmp_path / "form.odt"
    odd.write_bytes(b"x")
    # a file no reader takes is listed as not linted (PARSE006), which fails the run
    assert main(["check", str(odd), "--no-cache", "--format", "concise"]) == 1
    out = capsys.readouterr().out
    assert "PARSE006" in out and "不支持的文件类型 .odt，未检查（支持：.txt, .tsv, .xlsx" in out


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "没有找到可检查的文件"), ("en", "no files to check found")]
)
def test_an_empty_run_says_it_found_no_files(tmp_path: Path, capsys, lang, words):
    assert main(["check", str(tmp_path), "--no-cache", "--lang", lang]) == 0
    err = capsys.readouterr().err
    assert words in err and ".xlsx" in err
    main(["check", str(tmp_path), "--no-cache", "--quiet"])
    assert capsys.readouterr().err == ""
