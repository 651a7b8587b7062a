"""SCORE rules on real seed rows: each fires on the defective rows and stays silent on the right ones.

Where the seeds lack a case, a seed form is copied with one cell changed (marked ``# made up``).
"""

from __future__ import annotations

from conftest import lines, lint_seed, lint_text, registry, seed_path
from real_forms import REAL

from linter.config import Config
from linter.engine import lint_file

SEEDS = ("000", "001", "002", "003", "004")


def variant(prefix: str, first: int, last: int, edits: dict[int, tuple[int, str]]) -> str:
    """Lines first..last of a seed with, on the given lines, the TAB-separated cell replaced."""
    rows = seed_path(prefix).read_text(encoding="utf-8").splitlines()[first - 1 : last]
    for line, (cell, new) in edits.items():
        cells = rows[line - first].split("\t")
        cells[cell] = new
        rows[line - first] = "\t".join(cells)
    return "\n".join(rows) + "\n"


def only(diags, code):
    return [d for d in diags if d.code == code]


def silent_on_seeds(code: str) -> None:
    for prefix in SEEDS:
        assert lines(lint_seed(prefix, code), code) == [], prefix


# SCORE001 score-out-of-range


def test_score001_fires_on_a_score_above_its_weight(tmp_path):
    # made up: seed 002 form 1, 医疗费报销审核案件量 scored 22.00 of 20.00
    text = variant("002", 1, 22, {17: (6, "22.00")})
    (d,) = only(lint_text(text, "SCORE001", tmp_path), "SCORE001")
    assert d.span.line == 17 and "22.00 > 分值 20.00" in d.zh


def test_score001_fires_on_a_negative_score(tmp_path):
    # made up: seed 002 form 1, 医疗费报销审核案件量 scored -1.00
    text = variant("002", 1, 22, {17: (6, "-1.00")})
    (d,) = only(lint_text(text, "SCORE001", tmp_path), "SCORE001")
    assert d.span.line == 17 and "-1.00" in d.zh


def test_score001_silent_on_the_seeds():
    silent_on_seeds("SCORE001")


# SCORE002 total-mismatch


def test_score002_fires_on_a_total_the_rows_cannot_make(tmp_path):
    # made up: seed 002 form 1 with 总分 99.00 → 100.00 (10 + 20 + 19 + 20 + 30 = 99)
    text = variant("002", 1, 22, {21: (6, "100.00")})
    (d,) = only(lint_text(text, "SCORE002", tmp_path), "SCORE002")
    assert d.span.line == 21 and "10.00 + 20.00 + 19.00 + 20.00 + 30.00 = 99" in d.zh


def test_score002_silent_on_seed_totals_counting_the_funds_score():
    silent_on_seeds("SCORE002")


# SCORE003 weights-not-full


def test_score003_fires_when_weights_do_not_make_100(tmp_path):
    # made up: seed 003 form 1 with 邮汇业务计划完成率 weighted 12 instead of 14
    text = variant("003", 1, 35, {22: (3, "12")})
    (d,) = only(lint_text(text, "SCORE003", tmp_path), "SCORE003")
    assert d.span.line == 31 and "= 98 ≠ 100" in d.zh


def test_score003_silent_on_the_seeds():
    silent_on_seeds("SCORE003")


# SCORE004 category-points-mismatch


def test_score004_fires_on_seed_003_form_5_headings():
    diags = lint_seed("003", "SCORE004")
    assert lines(diags, "SCORE004") == [156, 160]
    assert "产出目标 (34分)" in diags[0].zh and "14 + 10 + 10 + 10 = 44" in diags[0].zh
    assert "影响力目标 (15分)" in diags[1].zh and diags[1].zh.endswith("5")


def test_score004_silent_on_the_headings_of_forms_1_to_4():
    assert all(line >= 134 for line in lines(lint_seed("003", "SCORE004"), "SCORE004"))


# SCORE005 grade-mismatch


def test_score005_fires_by_the_forms_own_bands(tmp_path):
    # made up: seed 003 form 1 graded 良好 with 97 points (its 说明: 90(含)-100分为优秀)
    text = variant("003", 1, 35, {10: (1, "良好")})
    (d,) = only(lint_text(text, "SCORE005", tmp_path), "SCORE005")
    assert d.span.line == 10 and "97" in d.zh and "优秀 90(含)–100" in d.zh


def test_score005_fires_by_the_default_bands(tmp_path):
    # made up: seed 002 form 1 graded 良 with 99 points and no bands of its own
    text = variant("002", 1, 22, {22: (2, "良")})
    (d,) = only(lint_text(text, "SCORE005", tmp_path), "SCORE005")
    assert d.span.line == 22 and "99.00" in d.zh and "优 ≥ 90" in d.zh


def test_score005_silent_on_the_seeds_and_on_unticked_boxes():
    silent_on_seeds("SCORE005")


# SCORE006 score-vs-achievement


def test_score006_fires_on_seed_002_lines_18_and_60():
    diags = lint_seed("002", "SCORE006")
    assert lines(diags, "SCORE006") == [18, 60]
    assert "19.00 < 分值 20.00" in diags[0].zh
    assert "46266.00" in diags[1].zh and "10.00 × 41.34% = 4.13" in diags[1].zh


def test_score006_fires_on_a_qualitative_score_below_its_band(tmp_path):
    # made up: seed 002 form 1, 达成指标 scored 10.00 of 20.00 (达成 earns 16-20)
    text = variant("002", 1, 22, {19: (6, "10.00")})
    diags = only(lint_text(text, "SCORE006", tmp_path), "SCORE006")
    assert [d.span.line for d in diags] == [18, 19] and "16–20" in diags[1].zh


def test_score006_silent_on_met_targets_with_full_marks():
    assert lines(lint_seed("002", "SCORE006"), "SCORE006") == [18, 60]
    assert lines(lint_seed("003", "SCORE006"), "SCORE006") == []


# SCORE007 deduction-unexplained


def test_score007_fires_on_remarks_that_explain_nothing():
    diags = lint_seed("003", "SCORE007")
    assert lines(diags, "SCORE007") == [16, 18, 61, 63]
    assert "6 − 5.5 = 0.5" in diags[0].zh and "资金使用合规" in diags[0].zh


def test_score007_fires_on_an_empty_deviation_note(tmp_path):
    # made up: seed 002 form 1 with the note of line 18 removed
    text = variant("002", 1, 22, {18: (7, "")})
    (d,) = only(lint_text(text, "SCORE007", tmp_path), "SCORE007")
    assert d.span.line == 18 and "没有说明原因" in d.zh


def test_score007_silent_where_deductions_are_explained():
    assert lines(lint_seed("002", "SCORE007"), "SCORE007") == []
    assert not {20, 83, 87, 116} & set(lines(lint_seed("003", "SCORE007"), "SCORE007"))


# SCORE008 full-score-contradicted


def test_score008_fires_on_seed_003_line_30():
    diags = lint_seed("003", "SCORE008")
    assert lines(diags, "SCORE008") == [30]
    assert "15/15" in diags[0].zh and "尚未建立" in diags[0].zh


def test_score008_silent_on_remarks_that_deny_a_problem():
    # 未有延时邮寄现象 (line 26) and 未发生相关投诉 (line 92) are not contradictions
    assert lines(lint_seed("003", "SCORE008"), "SCORE008") == [30]
    assert lines(lint_seed("002", "SCORE008"), "SCORE008") == []


# SCORE009 self-evaluation-unfilled


def test_score009_fires_on_a_row_without_actual_or_score(tmp_path):
    # made up: seed 002 form 1 with line 17's 实际完成值 and 得分 left empty
    text = variant("002", 1, 22, {17: (4, ""), 18: (6, "")})
    diags = only(lint_text(text, "SCORE009", tmp_path), "SCORE009")
    assert [d.span.line for d in diags] == [17, 18]
    assert "≥5600.00(件)" in diags[0].zh and "20.00" in diags[1].zh


def test_score009_silent_on_filled_self_evaluations_and_target_forms():
    silent_on_seeds("SCORE009")


# SCORE010 low-execution-unexplained


def test_score010_fires_on_a_low_rate_without_a_reason(tmp_path):
    # made up: seed 003 form 1 with 60,000.00 spent of 80,000.00 (75.00%)
    text = variant("003", 1, 35, {7: (1, "60,000.00"), 17: (5, "执行率75% (60000/80000)")}).replace(
        "90.58%", "75.00%"
    )
    (d,) = only(lint_text(text, "SCORE010", tmp_path), "SCORE010")
    assert d.span.line == 7 and "75.00%" in d.zh and "90%" in d.zh


def test_score010_silent_when_the_remark_gives_a_reason(tmp_path):
    # made up: as above, with the reason in the 预算执行率 remark
    text = variant(
        "003", 1, 35, {7: (1, "60,000.00"), 17: (5, "执行率75%，因部分邮费合同款尚未支付")}
    ).replace("90.58%", "75.00%")
    assert only(lint_text(text, "SCORE010", tmp_path), "SCORE010") == []


def test_score010_silent_on_the_seeds():
    silent_on_seeds("SCORE010")


# SCORE011 target-far-exceeded


def test_score011_fires_on_seed_002_lines_85_and_127():
    diags = lint_seed("002", "SCORE011")
    assert lines(diags, "SCORE011") == [85, 127]
    assert "4.65 倍" in diags[0].zh and "10.85 倍" in diags[1].zh
    assert all(d.severity == "info" for d in diags)


def test_score011_silent_below_the_factor():
    # 200 against ≥80 (line 106) is 2.5 times: under the default factor 3
    assert 106 not in lines(lint_seed("002", "SCORE011"), "SCORE011")


def test_score011_factor_is_an_option():
    config = Config(select=("SCORE011",), options={"SCORE011": {"factor": 2}})
    result, _ = lint_file(str(seed_path("002")), registry(), config)
    assert 106 in lines(result.diagnostics, "SCORE011")


def real_codes(prefix: str, select: str, tmp_path) -> list[tuple[int, str]]:
    """(line, code) of what the selected rules report on one real form of tests/fixtures/real/."""
    (path,) = REAL.glob(f"{prefix}_*.txt")
    diags = lint_text(path.read_text(encoding="utf-8"), select, tmp_path)
    return sorted((d.span.line, d.code) for d in diags)


def test_score003_leaves_target_forms_alone(tmp_path):
    # real: a Sichuan target table gives 90 points to its indicators; the self-evaluation adds
    # the 10 of 预算执行率
    assert real_codes("c06", "SCORE003", tmp_path) == []


def test_score003_fires_on_a_self_evaluation_whose_weights_overrun(tmp_path):
    # real: 产出 70 + 效益 20 + 满意度 10 beside 预算执行率 10, under a 总分 of 100
    assert real_codes("c02", "SCORE003", tmp_path) == [(26, "SCORE003")]


def test_score001_needs_weights_to_miss_one(tmp_path):
    # real: a Yunnan table scores its rows with no 分值 column at all
    assert real_codes("c12", "SCORE001", tmp_path) == []


def test_totals_of_a_cut_self_evaluation_are_not_checked(tmp_path):
    # real: the page ends inside the 满意度 block, before 总分: its 10 points are not there
    totals = {"SCORE002", "SCORE003", "SCORE004"}
    assert [code for _, code in real_codes("s04", "SCORE", tmp_path) if code in totals] == []
