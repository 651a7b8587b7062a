"""UNIT: units that do not fit the indicator, the actual value or the funds, on real seed rows both
ways, and made-up forms where the seeds lack a case. Line numbers are those of the seed files."""

from __future__ import annotations

from conftest import (
    TARGET_HEAD,
    lines,
    lint_seed,
    lint_text,
    registry,
    seed_document,
    seed_form,
    seed_path,
)
from real_forms import REAL

from checks._units import indicator_kind, unit_table
from linter.config import Config
from linter.engine import lint_file

SELF_HEAD = """财政项目支出绩效自评表
(2024年度)
项目名称\t\t测试项目
主管部门\t测试局\t\t实施单位\t测试中心
项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分
\t年度资金总额:\t28.00\t27.79\t27.79\t10.00\t100.00\t10.00
\t其中:当年财政拨款\t28.00\t27.79\t27.79\t-\t100.00\t-
年度总体目标\t预期目标\t\t\t实际完成情况
\t提高知晓率。\t\t\t提高了知晓率。
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
"""
FIRST_ROW = 11  # the line of the first indicator row in both made-up forms


def target_form(*rows: str) -> str:
    """A target form (funds 35 万元) whose rows are 一级 / 二级 / 三级 / 指标值."""
    return TARGET_HEAD + "".join(f"\t{row}\n" for row in rows)


def self_form(*rows: str) -> str:
    """A self-evaluation (funds in 万元) whose rows are 一级 / 二级 / 三级 / 目标 / 实际 / 分值 / 得分."""
    return SELF_HEAD + "".join(f"{row}\n" for row in rows)


# the unit table and the indicator kinds -------------------------------------------------------


def test_indicator_kinds_of_seed_names():
    kinds = {
        "管理人员投诉率": "rate",
        "满意率指标": "rate",
        "微信公众号公开信息频率": "frequency",
        "开展专家咨询次数": "event_count",
        "医保统计和信息工作政策研究会议参与人数": "people_count",
        "保障司勤人员数量": "people_count",
        "政策研究课题计划完成数": "count",
        "医疗费报销审核案件量": "count",
        "业务经费费用": "money",
        "村卫生室每条网络专线每年收费标准": "money",
        "故障响应时间": "time",
        "法治培训覆盖情况": None,
        "成本结构合理性": None,
        "少儿学生基本医疗保障辅助工作完成质量": None,
        "工作效率": None,
    }
    assert {name: indicator_kind(name, {}) for name in kinds} == kinds


def test_unit_table_is_extended_by_configuration():
    assert unit_table()["个"] == "things"
    assert unit_table({"people": ["个"], "things": ["批次"]})["个"] == "people"
    assert unit_table({"things": ["批次"]})["批次"] == "things"


# UNIT001 rate-not-percent ----------------------------------------------------------------------


def test_unit001_fires_on_rates_in_ci():
    # 99 宣传工作完成率 ≥1.00(次); 101 管理人员投诉率 ≤5.00(次); 285 服务投诉率 ≤5.00(次)
    assert lines(lint_seed("001", "UNIT001"), "UNIT001") == [99, 101, 285]


def test_unit001_silent_on_percentages_and_frequencies():
    found = lines(lint_seed("001", "UNIT001"), "UNIT001")
    assert not {45, 98, 100, 109, 110, 129} & set(found)  # ≥85.00(%) …, 频率 ≥2.00(次/周)
    for seed in ("000", "002", "004"):
        assert lines(lint_seed(seed, "UNIT001"), "UNIT001") == []


def test_unit001_rate_without_percent_sign(tmp_path):
    # made up: a rate written as a bare number has no % either
    text = target_form("产出指标\t质量指标\t验收合格率\t≥95", "\t\t差错率\t≤1%")
    assert lines(lint_text(text, "UNIT001", tmp_path), "UNIT001") == [FIRST_ROW]


# UNIT002 count-not-count-unit ------------------------------------------------------------------


def test_unit002_silent_on_seed_counts():
    # ≥2.00(次), =13.00(期), ≥1.00(场), ≥48.00(人次), ≥5600.00(件), ≥200人, 11个 …
    for seed in ("000", "001", "002", "004"):
        assert lines(lint_seed(seed, "UNIT002"), "UNIT002") == []


def test_unit002_count_in_percent_or_money(tmp_path):
    # made up: a 完成数 in %, a 人数 in 元; a 完成数 in 次 passes
    text = target_form(
        "产出指标\t数量指标\t培训计划完成数\t=100.00(%)",
        "\t\t补助人数\t≥3000(元)",
        "\t\t检查完成数\t≥2(次)",
    )
    assert lines(lint_text(text, "UNIT002", tmp_path), "UNIT002") == [FIRST_ROW, FIRST_ROW + 1]


# UNIT003 count-kind-mismatch -------------------------------------------------------------------


def test_unit003_fires_on_ci_in_renci_and_people_in_ge():
    # 28 开展专家咨询次数 ≥3.00(人次); 283 保障司勤人员数量 =2.00(个)
    assert lines(lint_seed("001", "UNIT003"), "UNIT003") == [28, 283]


def test_unit003_silent_on_common_practice():
    found = lines(lint_seed("001", "UNIT003"), "UNIT003")
    # 218 参与人数 ≥48.00(人次); 23 法律顾问数量 =4.00(位); 221/344/346/347 次数 in 次
    assert not {23, 31, 218, 221, 344, 346, 347} & set(found)
    for seed in ("002", "004"):  # 人数 in 人, 数量 in 个 for things
        assert lines(lint_seed(seed, "UNIT003"), "UNIT003") == []


def test_unit003_configuration_moves_ge_to_people(tmp_path):
    # a region that counts people in 个 can say so; the finding on line 283 goes away
    config = Config(select=("UNIT003",), options={"UNIT003": {"units": {"people": ["个"]}}})
    result, _ = lint_file(str(seed_path("001")), registry(), config)
    assert lines(result.diagnostics, "UNIT003") == [28]


# UNIT004 money-unit ----------------------------------------------------------------------------


def test_unit004_silent_on_seed_amounts():
    # 004: ≤35万元, ≥1元 (每人每年工作经费), 2400元 / 15000元 (收费标准)
    for seed in ("000", "001", "002", "004"):
        assert lines(lint_seed(seed, "UNIT004"), "UNIT004") == []


def test_unit004_amount_without_money_unit(tmp_path):
    # made up: an amount without a unit or in 次 fires; one in 万元 passes
    text = target_form(
        "成本指标\t经济成本指标\t培训经费\t≤3.5",
        "\t\t印刷费用\t≤2(次)",
        "\t\t宣传经费\t≤3.50(万元)",
    )
    assert lines(lint_text(text, "UNIT004", tmp_path), "UNIT004") == [FIRST_ROW, FIRST_ROW + 1]


# UNIT005 time-unit -----------------------------------------------------------------------------


def test_unit005_silent_on_seeds():
    # 000 line 42 故障响应时间 = 工作计划 is text (VAG001), not a number without a unit
    for seed in ("000", "001", "002", "004"):
        assert lines(lint_seed(seed, "UNIT005"), "UNIT005") == []


def test_unit005_time_limit_without_time_unit(tmp_path):
    # made up: ≤2 and ≤5(%) are no time limits; ≤2(小时) and 时限有效率 in % pass
    text = target_form(
        "产出指标\t时效指标\t故障响应时间\t≤2",
        "\t\t办结时限\t≤5(%)",
        "\t\t咨询答复时间\t≤2(小时)",
        "\t\t时限有效率\t=100%",
    )
    assert lines(lint_text(text, "UNIT005", tmp_path), "UNIT005") == [FIRST_ROW, FIRST_ROW + 1]


# UNIT006 actual-unit-mismatch ------------------------------------------------------------------


def test_unit006_silent_on_seed_self_evaluations():
    # 002: 件 against 件, 人 against 人, (%) against (%), 及时 against 达成指标
    assert lines(lint_seed("002", "UNIT006"), "UNIT006") == []
    assert seed_form("002", 1).indicators[0].actual is not None


def test_unit006_actual_in_another_unit(tmp_path):
    # made up: 人 against 件 and 元 against 万元 fire; 日 against 天 is the same unit
    text = self_form(
        "产出指标\t数量指标\t报销审核案件量\t≥5600.00(件)\t6000.00(人)\t20.00\t20.00\t",
        "\t质量指标\t审核正确率\t=100.00(%)\t100.00(%)\t20.00\t20.00\t",
        "\t时效指标\t办结时限\t≤5(天)\t4(日)\t20.00\t20.00\t",
        "\t成本指标\t宣传经费\t≤27.79(万元)\t277900(元)\t20.00\t20.00\t",
    )
    assert lines(lint_text(text, "UNIT006", tmp_path), "UNIT006") == [FIRST_ROW, FIRST_ROW + 3]


# UNIT007 money-scale-mismatch ------------------------------------------------------------------


def test_unit007_silent_on_seed_amounts():
    # 004 form 1: funds 35 万元 and 业务经费费用 ≤35万元; ≥1元 and 2400元 are per-unit prices
    for seed in ("000", "001", "002", "003", "004"):
        assert lines(lint_seed(seed, "UNIT007"), "UNIT007") == []


def test_unit007_yuan_against_wan_yuan(tmp_path):
    # made up: funds 35 万元; ≤35元 has the funds' digits in the other unit, ≤350000万元 is
    # ten thousand times the funds; ≤350000元 and a per-person floor ≥1元 pass
    text = target_form(
        "成本指标\t经济成本指标\t业务经费费用\t≤35元",
        "\t\t培训经费\t≤350000万元",
        "\t\t办公经费\t≤350000元",
        "\t\t每人每年工作经费\t≥1元",
    )
    assert lines(lint_text(text, "UNIT007", tmp_path), "UNIT007") == [FIRST_ROW, FIRST_ROW + 1]


def test_unit_messages_name_the_cell():
    (diag,) = [d for d in lint_seed("001", "UNIT003") if d.span.line == 283]
    assert "保障司勤人员数量" in diag.zh and "=2.00(个)" in diag.zh
    assert "保障司勤人员数量" in diag.en and "个" in diag.en
    assert diag.key == "保障司勤人员数量==2.00(个)"
    row = seed_document("001").lines[282]
    assert row[diag.span.col - 1 : diag.span.end_col - 1] == "=2.00(个)"  # the target cell


def test_unit002_leaves_a_count_under_economic_cost_alone(tmp_path):
    # real: Sichuan's 经济成本指标 | 成本控制数 | ≤ | 30 | 万元: an amount, as its category says
    (path,) = REAL.glob("s02_*.txt")
    diags = lint_text(path.read_text(encoding="utf-8"), "UNIT002", tmp_path)
    assert lines(diags, "UNIT002") == []
    # made up from it: the same count under 数量指标 is a count in 万元
    text = path.read_text(encoding="utf-8").replace(
        "产出指标\t经济成本指标\t成本控制数", "产出指标\t数量指标\t成本控制数"
    )
    assert lines(lint_text(text, "UNIT002", tmp_path), "UNIT002") == [6]
