"""Checks a finance-bureau reviewer applies to one form (issue 18): each fires on a real row of
tests/fixtures (real/ or seeds/) and is silent on a correct real form. Where no collected form
has the defect, a form is written here and marked ``# made up``."""

from __future__ import annotations

from conftest import FIXTURES, TARGET_HEAD, lines, lint_text, registry, seed_path

from linter.config import Config
from linter.engine import lint_file, lint_paths

REAL = FIXTURES / "real"


def lint_real(name: str, code: str, **options) -> list:
    """A rule's findings on a real fixture (file name without directory), with its options."""
    path = REAL / name if (REAL / name).exists() else seed_path(name)
    config = Config(select=(code,), options={code: options} if options else {})
    result, _ = lint_file(str(path), registry(), config)
    return [d for d in result.diagnostics if d.code == code]


def made_up_target(rows: str, head: str = TARGET_HEAD) -> str:
    return head + rows


# STR010 input-as-output


def test_str010_fires_on_budget_execution_under_outputs():
    (a, b) = lint_real("a05_guangdong-dongguan-2019-target.txt", "STR010")  # annual and term
    assert a.span.line == b.span.line == 15
    assert "「年度预算执行率」（预算执行）" in a.zh and "产出指标/预算控制指标" in a.zh


def test_str010_fires_on_money_counted_as_an_output():
    found = lint_real("s03_hebei-langfang-2019-selfeval.txt", "STR010")
    assert [(d.span.line, "资金金额" in d.zh) for d in found] == [(17, True)]


def test_str010_reads_no_input_in_an_aside():
    # seed 001 line 40: (包括重大合同、重要政府采购、重大资金使用等) is an example, not the subject
    assert 40 not in lines(lint_real("001", "STR010"), "STR010")


def test_str010_silent_on_a_form_with_outputs_only():
    assert lint_real("c08_anhui-jinzhai-2021-target.txt", "STR010") == []


# STR011 cost-category-holds-output


def test_str011_fires_on_counts_under_social_cost():
    found = lint_real("001", "STR011")
    assert [d.span.line for d in found] == [22, 23, 24]
    assert "组织法治培训计划完成数」≥1.00(次)是产出" in found[0].zh


def test_str011_silent_on_a_cost_that_is_not_a_count():
    # d03: 生态环境成本 rows are effects (提升博物馆绿化水平), not counts
    assert lint_real("d03_gansu-jiayuguan-2023-target.txt", "STR011") == []


# VAG009 cost-not-ceiling


def test_vag009_fires_on_a_cost_floor():
    (d,) = lint_real("004", "VAG009")
    assert d.span.line == 23 and "≥1元" in d.zh and "≤1元" in d.zh


def test_vag009_fires_on_a_real_floor_in_yuan():
    (d,) = lint_real("b10_neimenggu-wuchuan-2021-target.txt", "VAG009")
    assert d.span.line == 27 and "≥1050元" in d.zh


def test_vag009_silent_on_a_cost_ceiling():
    assert lint_real("s04_anhui-chizhou-tangxi-2022-selfeval-weituo.txt", "VAG009") == []


# SUM009 cost-items-over-funds


def test_sum009_fires_when_cost_items_exceed_the_funds(tmp_path):
    # made up: two cost ceilings, 30 + 8 = 38 万元, over the 35 万元 of the funds
    rows = "成本指标\t经济成本指标\t材料费用\t≤30万元\n\t\t人工费用\t≤8万元\n"
    (d,) = lint_text(made_up_target(rows), "SUM009", tmp_path)
    assert d.span.line == 11 and "= 38 万元" in d.zh and "35 万元" in d.zh


def test_sum009_takes_the_largest_cost_as_the_total_of_the_others(tmp_path):
    # made up: 项目总成本 ≤35 beside its parts 30 + 5: nothing is added twice
    rows = (
        "成本指标\t经济成本指标\t项目总成本\t≤35万元\n\t\t材料费用\t≤30万元\n\t\t人工费用\t≤5万元\n"
    )
    assert lint_text(made_up_target(rows), "SUM009", tmp_path) == []


def test_sum009_silent_on_the_real_corpus():
    result = lint_paths([str(REAL)], registry(), Config(select=("SUM009",)))
    assert [d for d in result.diagnostics if d.code == "SUM009"] == []


# UNIT008 unit-missing


def test_unit008_fires_on_counts_without_a_unit():
    found = lint_real("c11_anhui-jinzhai-2023-dept-selfeval.txt", "UNIT008")
    assert [d.span.line for d in found] == [19, 20, 21, 22]
    assert "「≥2000」没有计量单位" in found[2].zh


def test_unit008_takes_a_unit_in_the_name_brackets():
    # 开展修复工程(个) | ≥1: the unit is in the name
    assert lint_real("a07_fujian-xiuyu-2025-target.txt", "UNIT008") == []


def test_unit008_leaves_rates_to_unit001():
    # s03 line 20: 指标1工程完工率 | 100, a rate without %: UNIT001's finding, not this rule's
    name = "s03_hebei-langfang-2019-selfeval.txt"
    assert 20 in lines(lint_real(name, "UNIT001"), "UNIT001")
    assert 20 not in lines(lint_real(name, "UNIT008"), "UNIT008")


# SUM010 budget-adjusted-unexplained


def test_sum010_fires_on_a_raise_with_only_the_template_note():
    (d,) = lint_real("s01_sichuan-qingshen-2023-selfeval.txt", "SUM010")
    assert d.span.line == 12 and "238.93 调整为 251.89（追加 12.96）" in d.zh


def test_sum010_silent_when_the_reason_cell_gives_one(tmp_path):
    # made up: s01 with its 原因 cell saying why the budget was raised
    text = (REAL / "s01_sichuan-qingshen-2023-selfeval.txt").read_text(encoding="utf-8")
    head, _, rest = text.partition("1.预算执行率=")
    text = head + "年中调资追加人员工资12.96万元\n" + rest.partition("\n")[2]
    assert lint_text(text, "SUM010", tmp_path) == []


def test_sum010_silent_where_the_template_asks_no_reason():
    assert lint_real("002", "SUM010") == []  # Shanghai's table has no 原因 column


# SCORE012 far-exceeded-full-marks


def test_score012_fires_on_full_marks_for_a_target_far_exceeded():
    found = lint_real("002", "SCORE012")
    assert [d.span.line for d in found] == [85, 127]
    assert "10.85 倍" in found[1].zh and "满分 20.00/20.00" in found[1].zh


def test_score012_limited_to_its_regions():
    assert lint_real("002", "SCORE012", regions=["四川"]) == []


def test_score012_silent_on_targets_met_without_excess():
    assert lint_real("c10_yunnan-linxiang-2023-selfeval.txt", "SCORE012") == []


# SCORE013 category-weights-off-framework


def test_score013_fires_on_a_form_that_breaks_its_own_stated_framework():
    (d,) = lint_real("c02_sichuan-zhongjiang-2022-selfeval.txt", "SCORE013")
    assert d.span.line == 15 and "产出指标 70、效益指标 20" in d.zh and "产出指标 50" in d.zh


def test_score013_silent_on_the_framework():
    assert lint_real("s03_hebei-langfang-2019-selfeval.txt", "SCORE013") == []  # 10/50/30/10


def test_score013_accepts_the_redistribution_without_satisfaction():
    assert lint_real("s01_sichuan-qingshen-2023-selfeval.txt", "SCORE013") == []  # 10/60/30


# SCORE014 target-weights-not-full


def test_score014_fires_on_weights_short_of_the_full_points(tmp_path):
    # made up: a target form with weights 40 + 30 = 70
    head = TARGET_HEAD.replace("三级指标\t指标目标值", "三级指标\t指标目标值\t分值")
    rows = (
        "产出指标\t数量指标\t培训次数\t≥2次\t40\n效益指标\t社会效益指标\t参训人员合格率\t≥90%\t30\n"
    )
    (d,) = lint_text(made_up_target(rows, head), "SCORE014", tmp_path)
    assert d.span.line == 11 and "40 + 30 = 70" in d.zh


def test_score014_silent_on_sichuans_90():
    found = lint_real("c06_sichuan-jingyan-mata-2023-target.txt", "SCORE014")
    assert all(d.form.index == 2 for d in found)  # form 2 is cut short by the excerpt


# VAG010 target-below-history


def test_vag010_fires_on_a_target_below_the_forms_own_history(tmp_path):
    # made up: no collected form with a 历史值 column is readable (d06 lost its cells)
    head = TARGET_HEAD.replace("三级指标\t指标目标值", "三级指标\t历史值\t指标目标值")
    rows = "产出指标\t数量指标\t受理件数\t5800件\t≥4000件\n\t质量指标\t审核正确率\t98%\t≥99%\n"
    (d,) = lint_text(made_up_target(rows, head), "VAG010", tmp_path)
    assert d.span.line == 11 and "≥4000件 低于本表所列历史值/上年实际 5800件" in d.zh


def test_vag010_silent_without_a_history_column():
    assert lint_real("002", "VAG010") == []


# SCORE006 le_formula


def _missed_ceiling() -> str:
    # made up: seed 002 form 1, 审核正确率 turned into a ceiling ≤5.00(%) missed at 8.00(%), 12.50
    rows = seed_path("002").read_text(encoding="utf-8").splitlines()[:22]
    cells = rows[17].split("\t")
    cells[3], cells[4], cells[6] = "≤5.00(%)", "8.00(%)", "12.50"
    rows[17] = "\t".join(cells)
    return "\n".join(rows) + "\n"


def test_score006_deviation_formula_by_default(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text(_missed_ceiling(), encoding="utf-8")
    result, _ = lint_file(str(path), registry(), Config(select=("SCORE006",)))
    (d,) = result.diagnostics
    assert "20.00 × 40% = 8" in d.zh


def test_score006_ratio_formula_as_an_option(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text(_missed_ceiling(), encoding="utf-8")
    config = Config(select=("SCORE006",), options={"SCORE006": {"le_formula": "ratio"}})
    result, _ = lint_file(str(path), registry(), config)
    assert result.diagnostics == []  # 20 × 5/8 = 12.5


# STR002 template numbering left in names


def test_str002_fires_on_numbering_left_before_a_name():
    found = lint_real("s03_hebei-langfang-2019-selfeval.txt", "STR002")
    assert found[0].span.line == 17 and "「指标1」未替换：「指标1工程资金金额」" in found[0].zh


def test_str002_silent_on_numbering_with_a_separator():
    # a08: 指标1:新建道路, whose 指标1: the reader strips
    assert lint_real("a08_chongqing-zhongxian-tujing-2021-selfeval.txt", "STR002") == []
