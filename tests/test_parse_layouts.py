"""Forms of every region's layout: a form never dies on one row, kinds and titles by their words,
columns by their headings, two periods kept apart, and a clear word when a layout cannot be read.

The real forms these points come from are in tests/fixtures/real/ (each file's expectations are
tested in test_real_forms.py); the forms written out here are made up, to show one point each.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import lines, lint_text
from real_forms import REAL

from linter.parse.parser import _shape, parse_rows
from linter.readers.text import read_text


def parse_text(text: str):
    return parse_rows(read_text("form.txt", text.encode("utf-8")))


def parse_real(prefix: str):
    (path,) = REAL.glob(f"{prefix}_*.txt")
    return parse_rows(read_text(str(path), path.read_bytes()))


# made up: a county target form with every row that once cost a whole form: a 合计 row of an
# allocation table, a year line of its own, a funds head right after the fields, approval rows
STRAYS = """项目支出绩效目标表
(   2023年度)
项目名称\t乡村道路养护
主管部门\t县交通运输局\t实施单位\t县公路养护中心
项目资金(万元)\t年度资金总额:\t30
\t其中:财政拨款\t30
分项\t金额
路面修补\t20
合计\t30
年度目标\t完成乡村道路养护120公里。
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t养护里程\t≥120公里
满意度指标\t服务对象满意度指标\t群众满意度\t≥90%
审核意见 (盖章)
填表人:\t张三
"""


def test_stray_rows_lose_no_form():
    doc = parse_text(STRAYS)
    assert [p.code for p in doc.problems] == []
    (form,) = doc.forms
    assert (form.project, form.year, form.money_unit) == ("乡村道路养护", 2023, "万元")
    assert [i.name.value for i in form.indicators] == ["养护里程", "群众满意度"]
    assert form.total is None  # the allocation table's 合计 is no total of the form
    assert any("合计" in n.value for n in form.notes)


def test_a_row_the_grammar_rejects_is_skipped_not_the_form():
    tree, skipped = _shape(("TITLE", "FIELD", "TITLE", "TABLE_HEAD", "IND"))
    assert skipped == (2,)
    assert [c.data for c in tree.children[1:]] == ["field", "table"]


@pytest.mark.parametrize(
    ("title", "kind", "scope", "layout"),
    [
        ("项目支出绩效目标表", "target", "project", "project-target"),
        ("项目支出绩效目标申报表", "target", "project", "project-target"),
        (
            "2023年云雾土家族乡加工园配套设施建设项目支出绩效目标审批表",
            "target",
            "project",
            "project-target",
        ),
        ("东莞市财政项目支出绩效目标批复表", "target", "project", "project-target"),
        ("项目具体目标表", "target", "project", "project-target"),
        ("绩效目标自评表(2022年度)", "self_evaluation", "project", "self-evaluation"),
        ("2020年度县级专项资金绩效目标自评表", "self_evaluation", "project", "self-evaluation"),
        ("部门整体支出绩效目标表", "target", "department", "department-wide"),
        ("部门整体支出绩效自评表", "self_evaluation", "department", "department-wide"),
        ("生猪调出大县奖励资金区域绩效目标表", "target", "region", "regional-target"),
        ("专项转移支付绩效目标表(2023年度)", "target", "region", "regional-target"),
        ("中央、市级专项转移支付绩效目标自评表", "self_evaluation", "project", "self-evaluation"),
        ("黄石市项目支出绩效监控表", "monitoring", "project", "monitoring"),
        ("項目支出績效自評表", "self_evaluation", "project", "self-evaluation"),
    ],
)
def test_kinds_and_scopes_by_the_words_of_the_title(title, kind, scope, layout):
    # made up: each title over the same two rows
    (form,) = parse_text(f"{title}\n项目名称\t培训\n一级指标\t二级指标\t三级指标\t指标值\n").forms
    assert (form.kind.value, form.scope.value, form.layout) == (kind, scope, layout)


def test_forms_without_a_title_start_at_their_fields_or_their_table():
    doc = parse_real("s02")  # the tail of one form (from its table) and the head of the next
    assert [f.title.value for f in doc.forms] == ["", "部门预算项目支出绩效自评表(2023年度)"]
    assert doc.forms[0].project is None and doc.forms[1].project.endswith("补助资金项目")
    # made up: two untitled forms, each starting at its 项目名称
    text = (
        "项目名称\t甲\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训次数\t≥2次\n"
    )
    assert [f.project for f in parse_text(text + text.replace("甲", "乙")).forms] == ["甲", "乙"]


def test_several_projects_in_one_table_are_split():
    forms = parse_real("c06").forms
    assert [f.project for f in forms] == ["村组干部报酬", "基层组织活动经费"]
    assert [f.funds.items[0].amount.number for f in forms] == [
        Decimal("3309840.00"),
        Decimal("660000.00"),
    ]
    assert [len(f.indicators) for f in forms] == [8, 5]
    assert forms[0].goals.annual.value == "按时发放村组干部报酬"


def test_traditional_characters_are_read_as_simplified_labels():
    (form,) = parse_real("c03").forms
    assert form.kind.value == "self_evaluation" and form.money_unit == "万元"
    assert {i.level1 for i in form.indicators} == {"产出指标", "效益指标", "满意度指标"}


# made up: a self-evaluation whose columns are in their own order, under headings of several
# regions: comparator, value and unit in three cells; 完成值 with no unit; a history column
COLUMNS = """项目支出绩效自评表(2023年度)
项目名称\t培训
一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t全年完成值\t权重\t得分\t上年度实际水平\t评分标准
产出指标\t数量指标\t培训人次\t≥\t500\t人次\t520\t30\t30\t480\t完成即得分
产出指标\t质量指标\t考核合格率\t=\t100\t%\t98\t20\t19\t\t按比例得分
"""


def test_columns_are_named_by_their_headings():
    (form,) = parse_text(COLUMNS).forms
    first, second = form.indicators
    assert (first.target.op, first.target.number, first.target.unit) == (">=", Decimal(500), "人次")
    assert first.target.text == "≥500人次"
    assert (first.actual.number, first.actual.unit) == (Decimal(520), "人次")
    assert (first.weight.number, first.score.number) == (Decimal(30), Decimal(30))
    assert (first.history.number, first.explanation.value) == (Decimal(480), "完成即得分")
    assert second.target.text == "=100%" and second.history is None
    assert form.doubts == frozenset({"form"})  # no 总分: the form stops early


def test_a_heading_with_a_unit_gives_it_to_the_values():
    # made up: the unit only in the heading
    text = "项目支出绩效目标表\n项目名称\t培训\n一级指标\t二级指标\t三级指标\t目标值(%)\n产出指标\t质量指标\t合格率\t≥95\n"
    (form,) = parse_text(text).forms
    assert form.indicators[0].target.text == "≥95%" and form.indicators[0].target.unit == "%"


def test_cells_a_web_page_dropped_are_matched_by_what_they_hold():
    (form,) = parse_real("c04").forms
    breakdown = next(i for i in form.indicators if i.name.value == "其中桃树种植面积")
    assert (breakdown.target.text, breakdown.actual.text) == ("1.5亩", "1.5亩")
    assert breakdown.weight is None and breakdown.score is None


def test_side_by_side_tables_give_each_indicator_its_period():
    (form,) = parse_real("a05").forms
    term = [i.name.value for i in form.indicators if i.period == "term"]
    annual = [i.name.value for i in form.indicators if i.period == "annual"]
    assert term[:5] == annual and len(term) == 6


def test_the_same_indicator_in_both_periods_is_no_duplicate(tmp_path):
    (path,) = REAL.glob("a05_*.txt")
    diags = lint_text(path.read_text(encoding="utf-8"), "DUP001,DUP002", tmp_path)
    assert [d.code for d in diags] == []


def test_unknown_headings_are_named_and_their_table_not_computed(tmp_path):
    doc = parse_real("a07")
    (problem,) = doc.problems
    assert problem.code == "PARSE008" and "笏石街道办" in problem.zh
    assert "table" in doc.forms[0].doubts
    (path,) = REAL.glob("a07_*.txt")
    codes = {d.code for d in lint_text(path.read_text(encoding="utf-8"), "ALL", tmp_path)}
    assert not any(c.startswith(("SCORE", "SUM")) for c in codes)


@pytest.mark.parametrize("prefix", ["s09", "s10", "b04", "d01"])
def test_a_table_run_together_gets_one_finding_and_nothing_else(prefix, tmp_path):
    (path,) = REAL.glob(f"{prefix}_*.txt")
    diags = lint_text(path.read_text(encoding="utf-8"), "ALL", tmp_path)
    assert [d.code for d in diags] == ["PARSE009"]


def test_a_title_and_nothing_else_earns_no_flood(tmp_path):
    # made up: a form cut after its title and fields, then the next form
    text = "项目支出绩效目标表\n(2023年度)\n" + STRAYS
    diags = lint_text(text, "STR001", tmp_path)
    assert lines(diags, "STR001") == []
