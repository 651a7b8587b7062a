"""VAG: vague and vacuous targets, on real seed rows both ways, and made-up forms where the seeds
lack a case. Line numbers are those of the seed files (tests/fixtures/seeds)."""

from __future__ import annotations

from conftest import TARGET_HEAD as HEAD
from conftest import lines, lint_seed, lint_text

FIRST_ROW = 11  # the line of the first indicator row in a made-up form


def made_up(*rows: str) -> str:
    """A target form whose indicator rows are 一级 / 二级 / 三级 / 指标值, TAB-separated."""
    return HEAD + "".join(f"\t{row}\n" for row in rows)


# VAG001 placeholder-target ---------------------------------------------------------------------


def test_vag001_fires_on_the_network_project_of_seed_000():
    # 000 form 2 is targeted at 工作计划 and 行业标准 throughout
    assert lines(lint_seed("000", "VAG001"), "VAG001") == [40, 41, 42, 43, 44]


def test_vag001_silent_on_correct_rows():
    found = lines(lint_seed("000", "VAG001"), "VAG001")
    assert not set(found) & set(range(18, 24))  # form 1: =100%, >=85%, <=0.05%
    assert lines(lint_seed("001", "VAG001"), "VAG001") == []
    assert lines(lint_seed("002", "VAG001"), "VAG001") == []


def test_vag001_prefix_dash_and_zero_meaning(tmp_path):
    # made up: 参照… and — are placeholders; 无 for a count of complaints means zero and passes
    text = made_up(
        "产出指标\t质量指标\t设备验收合格率\t参照国家标准",
        "\t\t网络畅通率\t—",
        "\t\t有效投诉次数\t无",
        "\t\t系统可用率\t无",
    )
    assert lines(lint_text(text, "VAG001", tmp_path), "VAG001") == [11, 12, 14]


# VAG002 text-instead-of-number -----------------------------------------------------------------


def test_vag002_fires_on_text_for_counts_rates_and_amounts():
    # 61 数量指标 全部发放到位; 62/64/65 rates answered with sentences; 82 numbers in prose;
    # 85 执行率 as a list of amounts; 86 完成工作量 as a sentence; 90 满意率达到100% in prose
    assert lines(lint_seed("000", "VAG002"), "VAG002") == [61, 62, 64, 65, 82, 85, 86, 90]


def test_vag002_silent_on_deadlines_quality_text_and_cost_judgements():
    found = lines(lint_seed("000", "VAG002"), "VAG002")
    assert 63 not in found  # 宣传及时性: 在3季度前完成宣讲 is a deadline
    assert 84 not in found  # 时效: =2021年度内用工完成
    assert 87 not in found  # garbled: VAG006 reports it
    assert {40, 41, 42} & set(found) == set()  # placeholders: VAG001 reports them
    # seed 001: 成本结构合理性 = 合理 (a judgement, not an amount), 质量 达标, 效益 wording
    assert lines(lint_seed("001", "VAG002"), "VAG002") == []


def test_vag002_cost_without_amount_and_graded_satisfaction(tmp_path):
    # made up: a cost indicator answered with text fires; a graded satisfaction answer passes
    text = made_up(
        "成本指标\t经济成本指标\t培训经费\t控制在预算内",
        "\t\t成本结构合理性\t合理",
        "满意度指标\t服务对象满意度指标\t培训人员满意度\t较好",
    )
    assert lines(lint_text(text, "VAG002", tmp_path), "VAG002") == [FIRST_ROW]


# VAG003 bare-timeliness ------------------------------------------------------------------------


def test_vag003_fires_on_bare_jishi():
    expected = [33, 34, 35, 36, 37, 38, 39, 103, 104, 227, 228, 229, 230, 231]
    expected += [353, 354, 355, 356, 357, 388]
    assert lines(lint_seed("001", "VAG003"), "VAG003") == expected
    assert lines(lint_seed("002", "VAG003"), "VAG003") == [19, 108, 129]


def test_vag003_silent_on_timeliness_rates_and_deadlines():
    found = lines(lint_seed("001", "VAG003"), "VAG003")
    for line in (66, 67, 133, 135, 163, 164, 192, 257, 389, 390):  # 及时率 =100.00(%)
        assert line not in found
    assert lines(lint_seed("000", "VAG003"), "VAG003") == []  # 在3季度前完成宣讲 passes


# VAG004 always-met-target ----------------------------------------------------------------------


def test_vag004_fires_on_saving_rate_at_least_zero():
    assert lines(lint_seed("001", "VAG004"), "VAG004") == [
        *(19, 21, 62, 89, 90, 157, 184, 215, 216, 252, 281, 282, 307, 341, 343, 379)
    ]


def test_vag004_silent_on_real_floors_and_ceilings():
    found = lines(lint_seed("001", "VAG004"), "VAG004")
    assert not {22, 23, 24, 45, 65, 101, 102} & set(found)  # ≥1.00(次), ≤1.00(次), ≥85%
    assert lines(lint_seed("000", "VAG004"), "VAG004") == []  # <=0.05%
    assert lines(lint_seed("004", "VAG004"), "VAG004") == []


def test_vag004_ceiling_of_a_percentage(tmp_path):
    # made up: ≤100% on a complaint rate is always met; ≤5% is a target
    text = made_up("产出指标\t质量指标\t投诉率\t≤100%", "\t\t差错率\t≤5%")
    assert lines(lint_text(text, "VAG004", tmp_path), "VAG004") == [FIRST_ROW]


# VAG005 impossible-percentage ------------------------------------------------------------------


def test_vag005_fires_on_at_least_100_percent_and_full_saving():
    # 30/131 参与率 ≥100%; 40/41 ≥100% on 效益 rows; 127 人力成本节约率 =100%
    assert lines(lint_seed("001", "VAG005"), "VAG005") == [30, 40, 41, 127, 131]


def test_vag005_silent_on_exactly_100_percent():
    found = lines(lint_seed("001", "VAG005"), "VAG005")
    assert not {27, 32, 98, 100, 132, 159} & set(found)  # =100.00(%)
    assert lines(lint_seed("002", "VAG005"), "VAG005") == []
    assert lines(lint_seed("004", "VAG005"), "VAG005") == []  # 100% (VAG007's business)


def test_vag005_above_100_and_growth_rates(tmp_path):
    # made up: >100% is impossible; a growth rate may exceed 100%
    text = made_up("产出指标\t质量指标\t验收合格率\t>100%", "\t\t业务量增长率\t≥120%")
    assert lines(lint_text(text, "VAG005", tmp_path), "VAG005") == [FIRST_ROW]


# VAG006 garbled-value --------------------------------------------------------------------------


def test_vag006_fires_on_garbled_value():
    assert lines(lint_seed("000", "VAG006"), "VAG006") == [87]  # 参保人满意率达到100%=0


def test_vag006_silent_on_readable_values():
    assert 90 not in lines(lint_seed("000", "VAG006"), "VAG006")  # 参保人满意率达到100%
    for seed in ("001", "002", "004"):
        assert lines(lint_seed(seed, "VAG006"), "VAG006") == []


# VAG007 no-comparator --------------------------------------------------------------------------


def test_vag007_fires_on_bare_numbers():
    # 31.7万, 100%, 11个, 2400元: at least, at most or exactly?
    expected = [15, 18, 21, 44, 45, 46, 47, 48, 49, 50, 51, 52]
    assert lines(lint_seed("004", "VAG007"), "VAG007") == expected


def test_vag007_silent_on_targets_with_comparators():
    found = lines(lint_seed("004", "VAG007"), "VAG007")
    assert not {16, 17, 19, 20, 22, 23, 29, 56} & set(found)
    assert lines(lint_seed("001", "VAG007"), "VAG007") == []
    assert lines(lint_seed("002", "VAG007"), "VAG007") == []  # actual values carry no comparator


def test_vag007_is_info():
    assert {d.severity for d in lint_seed("004", "VAG007")} == {"info"}


# VAG008 unmeasurable-wording -------------------------------------------------------------------


def test_vag008_fires_on_direction_words_in_benefits():
    found = lines(lint_seed("001", "VAG008"), "VAG008")
    for line in (42, 105, 106, 107, 108, 136, 137, 232, 322, 391):  # 提升, 逐年完善, 有所增加 …
        assert line in found
    assert lines(lint_seed("004", "VAG008"), "VAG008") == [24, 25, 26, 27, 28, 53, 54, 55]
    assert lines(lint_seed("002", "VAG008"), "VAG008") == [20, 40, 66, 87, 109]


def test_vag008_silent_on_states_and_outside_benefits():
    found = lines(lint_seed("001", "VAG008"), "VAG008")
    # 合规, 专业且稳定, 保障, 全覆盖, 正常运行, 稳定 are states that are true or false
    assert not {43, 68, 69, 166, 197, 287, 360, 361} & set(found)
    # 成本结构合理性 = 合理 is not a benefit; 质量 有效 (351) is not a benefit either
    assert not {20, 61, 88, 126, 158, 185, 351} & set(found)
    assert 130 not in lines(lint_seed("002", "VAG008"), "VAG008")  # 保障


def test_vag008_graded_answers_pass(tmp_path):
    # made up: graded statements pass, 稳步提升 does not
    text = made_up(
        "效益指标\t社会效益指标\t医保政策知晓情况\t较好",
        "\t\t长效管理机制建设情况\t部分达成",
        "\t\t队伍建设情况\t稳步提升",
    )
    assert lines(lint_text(text, "VAG008", tmp_path), "VAG008") == [FIRST_ROW + 2]


def test_no_vag_finding_on_he_li():
    # 成本结构合理性 = 合理: a yes/no judgement against the budget breakdown, accepted
    found = {d.span.line for d in lint_seed("001", "VAG")}
    assert not {20, 61, 88, 126, 158, 185, 251, 280, 308, 342, 380} & found
