"""Rules across forms (issue 18): a target form against its self-evaluation (LINK001-003), one
project's consecutive years (LINK004-005), departments whose self-evaluations all scored full
(SCORE015, and its place in --statistics and the HTML report).

No collected target form has its self-evaluation in tests/fixtures, nor a project two years in a
row: each pair here is one real form and a form made from it, marked ``# made up``.
"""

from __future__ import annotations

import shutil

from conftest import FIXTURES, registry, seed_path

from linter.cli import main
from linter.config import Config
from linter.engine import lint_paths

REAL = FIXTURES / "real"
TARGET = REAL / "c08_anhui-jinzhai-2021-target.txt"  # 物业管理, 2021, 1125 万元

# made up from the real target form c08: its self-evaluation with four approved targets changed
# (8个 → 6个, ≤1125万元 → ≤1000万元, ≥95% → ≥80%, ≥90% → ≥80%), the 生态效益 row left out,
# the budget 1125 → 1000 with no reason, and a full score. The project name carries a
# full-width space, as copies do.
SELF_EVALUATION = """项目支出绩效自评表
(2021年度)
项目名称\t物业\u3000管理
主管部门\t县财政局\t实施单位\t安徽金寨经济开发区管理委员会
项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
年度资金总额:\t{budget}\t{budget}\t{budget}\t10\t100%\t10
年度总体目标\t预期目标\t实际完成情况
\t目标1:维护辖区各安置小区安全巡逻、环境卫生及物业日常管理\t完成辖区安置小区物业管理
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
产出指标\t数量指标\t指标1:安置小区物业费\t{count}\t{count}\t15\t15\t
质量指标\t指标1:完成开发区工委、管委下达的安置小区物业费清算任务,指导小区物业开展文明创建等工作。\t房屋设备、设施的管理到位,环境卫生整洁,车辆停放有序\t达成\t15\t15\t
时效指标\t指标1:按时保质完成开发区安置小区物业管理工作\t2021年全年\t2021年全年\t10\t10\t
成本指标\t指标1:项目总成本(≤**万元)\t{cost}\t{budget}万元\t10\t10\t
效益指标\t经济效益指标\t指标1:清算8个安置小区本年度物业费和历史的遗留物业费(≥**%)。\t{settled}\t96%\t10\t10\t
社会效益指标\t指标1:改善安置小区群众生活质量,提升安置小区生活水平。助力全县文明城市创建。\t显著改善\t达成\t5\t5\t
{ecology}可持续影响指标\t指标1:持续提供人力物力保障,解决居民群众生产生活问题\t持续保障\t达成\t10\t10\t
满意度指标\t服务对象满意度指标\t指标1:小区居民满意度(≥**%)\t{satisfied}\t92%\t10\t10\t
总分\t100\t100
评分等级\t优
"""
LOWERED = {
    "budget": "1000",
    "count": "6个",
    "cost": "≤1000万元",
    "settled": "≥80%",
    "satisfied": "≥80%",
    "ecology": "",
}
FAITHFUL = {
    "budget": "1125",
    "count": "8个",
    "cost": "≤1125万元",
    "settled": "≥95%",
    "satisfied": "≥90%",
    "ecology": "生态效益指标\t指标1:优化安置小区生活环境,提高居民生活质量,营造安全舒适的居住环境。"
    "\t显著提高\t达成\t5\t5\t\n",
}


def pair(tmp_path, values, first="target"):
    target = tmp_path / "a-target.txt"
    shutil.copy(TARGET, target)
    own = tmp_path / "b-self.txt"
    own.write_text(SELF_EVALUATION.format(**values), encoding="utf-8")
    return [str(target), str(own)] if first == "target" else [str(own), str(target)]


def run(paths, select):
    result = lint_paths(paths, registry(), Config(select=(select,)))
    return [d for d in result.diagnostics if d.code.startswith(select)]


def test_link001_reports_every_approved_target_the_self_evaluation_lowered(tmp_path):
    found = run(pair(tmp_path, LOWERED), "LINK001")
    assert [(d.path[-10:], d.span.line) for d in found] == [
        ("b-self.txt", 10),
        ("b-self.txt", 13),
        ("b-self.txt", 14),
        ("b-self.txt", 17),
    ]
    assert "批复的目标 8个，自评表改为 6个" in found[0].zh
    assert "a-target.txt:15" in found[0].zh
    assert "approved ≥90%; the self-evaluation changed it to ≥80%" in found[3].en


def test_link001_pairs_whichever_form_comes_first(tmp_path):
    first = run(pair(tmp_path, LOWERED), "LINK001")
    later = run(pair(tmp_path, LOWERED, first="self"), "LINK001")
    assert [(d.path, d.span.line, d.zh) for d in later] == [
        (d.path, d.span.line, d.zh) for d in first
    ]


def test_link002_reports_the_approved_indicator_left_out(tmp_path):
    (d,) = run(pair(tmp_path, LOWERED), "LINK002")
    assert d.path.endswith("b-self.txt") and "营造安全舒适的居住环境" in d.zh and "被删去" in d.zh


def test_link003_reports_a_budget_other_than_the_approved_one(tmp_path):
    (d,) = run(pair(tmp_path, LOWERED), "LINK003")
    assert d.span.line == 6 and "年初预算数 1000" in d.zh and "年度资金总额 1125" in d.zh


def test_link_rules_silent_on_a_faithful_self_evaluation(tmp_path):
    assert run(pair(tmp_path, FAITHFUL), "LINK") == []


def test_link_rules_silent_on_another_years_form(tmp_path):
    paths = pair(tmp_path, LOWERED)
    own = tmp_path / "b-self.txt"
    own.write_text(own.read_text(encoding="utf-8").replace("2021年度", "2022年度"), "utf-8")
    assert run(paths, "LINK00") == []


def test_link_pairs_a_unit_named_in_short(tmp_path):
    paths = pair(tmp_path, LOWERED)
    own = tmp_path / "b-self.txt"
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace("安徽金寨经济开发区管理委员会", "金寨经济开发区"), "utf-8")
    assert len(run(paths, "LINK001")) == 4


def test_link_rules_silent_on_another_units_form(tmp_path):
    paths = pair(tmp_path, LOWERED)
    own = tmp_path / "b-self.txt"
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace("安徽金寨经济开发区管理委员会", "金寨县住房和城乡建设局"), "utf-8")
    assert run(paths, "LINK00") == []


def test_link_finds_the_pair_among_many_units_with_the_project_name(tmp_path):
    """A project name every unit uses: the pair is found and no other unit's form is paired
    (the forms are kept by unit, so this costs a look at each unit's name)."""
    paths = pair(tmp_path, LOWERED)
    own = (tmp_path / "b-self.txt").read_text(encoding="utf-8")
    for n in range(40):  # made up: the same self-evaluation from 40 other units
        other = tmp_path / f"c-{n:02d}.txt"
        other.write_text(own.replace("安徽金寨经济开发区管理委员会", f"第{n}号单位"), "utf-8")
        paths.append(str(other))
    found = run(paths, "LINK001")
    assert {d.path for d in found} == {str(tmp_path / "b-self.txt")} and len(found) == 4


def test_link_rules_silent_on_the_collected_corpus():
    result = lint_paths(
        [str(REAL), str(seed_path("000").parent)], registry(), Config(select=("LINK",))
    )
    assert [d for d in result.diagnostics if d.code.startswith("LINK")] == []


# LINK004 / LINK005: made up from the real seed 002 form 1 (2024 self-evaluation, 编外人员工作经费,
# 医疗费报销审核案件量 ≥5600件, actual 6000件): the 2025 target form of the same project.
NEXT_YEAR = """财政项目支出绩效目标申报表
(2025年度)
项目名称\t编外人员工作经费\t项目类别\t经常性项目
主管部门\t上海市松江区医疗保障局\t实施单位\t上海市松江区医疗保险事务中心
计划开始日期\t2025-01-01\t计划完成日期\t2025-12-31
项目资金 (万元)\t项目资金总额\t218.72\t年度资金申请总额\t218.72
\t其中：财政资金\t218.72\t其中：当年财政拨款\t218.72
项目绩效目标\t项目总目标\t\t年度总目标
\t\t\t{goal}
绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值
\t产出指标\t数量指标\t医疗费报销审核案件量\t{cases}
\t\t质量指标\t医疗费报销申请审核正确率\t=100.00(%)
\t\t时效指标\t医疗费报销申请审核办结时限\t≤5(工作日)
\t效益指标\t社会效益指标\t提升医疗费报销工作效率\t提升
"""


def years(tmp_path, goal, cases):
    last = tmp_path / "2024.txt"
    rows = seed_path("002").read_text(encoding="utf-8").splitlines()[:22]
    last.write_text("\n".join(rows) + "\n", encoding="utf-8")
    this = tmp_path / "2025.txt"
    this.write_text(NEXT_YEAR.format(goal=goal, cases=cases), encoding="utf-8")
    return [str(this), str(last)]


def test_link004_fires_on_a_target_below_last_years_actual(tmp_path):
    (d,) = run(years(tmp_path, "按时发放12名非编人员工资", "≥5000.00(件)"), "LINK004")
    assert d.path.endswith("2025.txt") and d.span.line == 11
    assert "2025年目标 ≥5000.00(件) 低于2024年自评表" in d.zh and "6000.00(件)" in d.zh


def test_link004_silent_on_a_target_at_last_years_result(tmp_path):
    assert run(years(tmp_path, "按时发放12名非编人员工资", "≥6000.00(件)"), "LINK004") == []


def test_link005_fires_on_a_goal_copied_from_last_year(tmp_path):
    (d,) = run(years(tmp_path, "按时发放非编人员工资,保证非编人员待遇", "≥6000.00(件)"), "LINK005")
    assert d.path.endswith("2025.txt") and d.span.line == 9 and "逐字相同" in d.zh


def test_link005_silent_on_a_form_two_years_later(tmp_path):
    paths = years(tmp_path, "按时发放非编人员工资,保证非编人员待遇", "≥6000.00(件)")
    later = tmp_path / "2025.txt"
    later.write_text(later.read_text(encoding="utf-8").replace("2025", "2026"), "utf-8")
    assert run(paths, "LINK00") == []


def test_link005_silent_on_a_goal_set_for_the_year(tmp_path):
    assert (
        run(years(tmp_path, "按时发放12名非编人员工资,审核案件6000件", "≥6000.00(件)"), "LINK005")
        == []
    )


# SCORE015 department-scores-inflated


INFLATED = [
    "c04_anhui-xiaoxian-zhangzhuangzhai-2023-selfeval.txt",
    "c05_anhui-xiaoxian-yanglou-2023-selfeval.txt",
]


def test_score015_fires_on_a_department_whose_every_form_scored_full():
    (d,) = run([str(REAL / n) for n in INFLATED], "SCORE015")
    assert d.path.endswith(INFLATED[0]) and "「县农业农村局」的 2 张自评表全部满分" in d.zh


def test_score015_silent_when_a_form_deducts():
    # seed 002: six 上海市松江区医疗保障局 forms, two of them 99
    assert run([str(seed_path("002"))], "SCORE015") == []


def test_statistics_list_the_inflated_departments(capsys):
    code = main(
        [
            "check",
            *(str(REAL / n) for n in INFLATED),
            "--select",
            "SCORE015",
            "--statistics",
            "--format",
            "concise",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0  # info does not fail the run
    assert "自评全部满分的主管部门:" in out and "县农业农村局: 主管部门「县农业农村局」" in out


def test_html_report_lists_the_inflated_departments(tmp_path):
    report = tmp_path / "r.html"
    argv = ["check", *(str(REAL / n) for n in INFLATED), "--select", "SCORE015", "--format", "html"]
    main([*argv, "-o", str(report)])
    html = report.read_text(encoding="utf-8")
    assert '<section id="inflated">' in html and "<b>县农业农村局</b>" in html
