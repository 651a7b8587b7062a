"""DUP: duplicates and copied text, on real seed rows both ways; batch rules across files."""

from __future__ import annotations

from conftest import lines, lint_seed, lint_text, registry, seed_path

from checks._text import measure
from linter.config import Config
from linter.engine import lint_paths

# made up: a small target form whose table is edited per test.
FORM = """财政项目支出绩效目标申报表
(2024年度)
项目名称\t{project}\t项目类别\t经常性项目
主管部门\t上海市某局\t实施单位\t上海市某中心
计划开始日期\t2024-01-01\t计划完成日期\t2024-12-31
项目资金 (元)\t项目资金总额\t100,000.00\t年度资金申请总额\t100,000.00
\t其中：财政资金\t100,000.00\t其中：当年财政拨款\t100,000.00
项目绩效目标\t项目总目标\t\t年度总体目标\t
\t\t\t{goal}
绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值
{rows}
"""
ROWS = """\t产出指标\t数量指标\t培训次数\t≥2.00(次)
\t\t质量指标\t培训覆盖率\t=100.00(%)
\t\t时效指标\t培训完成及时率\t=100.00(%)
\t效益指标\t社会效益指标\t政策知晓率\t≥90.00(%)
\t满意度指标\t服务对象满意度指标\t培训人员满意度\t≥85.00(%)"""


def made_up(project: str = "培训项目", goal: str = "开展培训2次以上。", rows: str = ROWS) -> str:
    return FORM.format(project=project, goal=goal, rows=rows)


def test_dup001_fires_on_a_repeated_row(tmp_path):
    # made up: the seeds repeat no indicator verbatim; the copy differs only in spacing/punctuation.
    rows = ROWS + "\n\t\t\t培训 完成及时率。\t=100.00(%)"
    diags = lint_text(made_up(rows=rows), "DUP001", tmp_path)
    assert lines(diags, "DUP001") == [16]
    assert "第13行" in diags[0].zh


def test_dup001_silent_on_seeds():
    for seed in ("000", "001", "002", "003", "004"):
        assert lines(lint_seed(seed, "DUP001"), "DUP001") == []


def test_dup002_fires_on_seed_001_line_231():
    diags = [d for d in lint_seed("001", "DUP002") if d.code == "DUP002"]
    assert [d.span.line for d in diags] == [231]
    assert "医保信息化建设工作相关咨询完成及时率" in diags[0].zh
    assert "第229行" in diags[0].zh


def test_dup002_does_not_pair_shared_prefixes_in_seed_001_form_11():
    # 医药价格和招标采购… (lines 344-357): one subject measured as 次数, 及时性, 完成率, 准确性.
    assert [ln for ln in lines(lint_seed("001", "DUP002"), "DUP002") if 327 <= ln <= 363] == []
    assert measure("医药价格和招标采购政策解读和推行培训次数")[1] == "count"
    assert measure("医药价格和招标采购政策解读和推行培训及时性")[1] == "timeliness"


def test_dup002_silent_on_other_seeds():
    for seed in ("000", "002", "003", "004"):
        assert lines(lint_seed(seed, "DUP002"), "DUP002") == []
    # seed 001 form 12: 基金监管宣传活动完成率 vs 基金监管宣传月系列活动相关工作完成率 differ.
    assert 383 not in lines(lint_seed("001", "DUP002"), "DUP002")


def test_dup003_fires_on_seed_002_forms_2_3_5():
    assert lines(lint_seed("002", "DUP003"), "DUP003") == [36, 57, 104]


def test_dup003_silent_where_the_actual_says_more():
    # form 1 (line 15) adds 全年…足额; form 4 (line 83) and form 6 (line 125) report other text.
    assert not {15, 83, 125} & set(lines(lint_seed("002", "DUP003"), "DUP003"))


def test_dup004_fires_on_seed_003_form_4():
    diags = [d for d in lint_seed("003", "DUP004") if d.code == "DUP004"]
    assert [d.span.line for d in diags] == [109]
    assert "第106行" in diags[0].zh


def test_dup004_silent_on_real_achievements():
    assert not {11, 45, 76, 142} & set(lines(lint_seed("003", "DUP004"), "DUP004"))


def test_dup005_fires_on_seed_003_line_92():
    diags = [d for d in lint_seed("003", "DUP005") if d.code == "DUP005"]
    assert 92 in [d.span.line for d in diags]
    assert "政策知晓率" in next(d.zh for d in diags if d.span.line == 92)


def test_dup005_silent_on_the_standard_explanations():
    # 投入与管理 rows repeat the same explanations in every form, but never twice in one form.
    found = lines(lint_seed("003", "DUP005"), "DUP005")
    assert found == [29, 92]  # 29: 5个工作日内完成支付 explained as 改善报销流程 (line 27's)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dup006_and_dup007_fire_across_projects(tmp_path):
    # made up: the same goal and indicators filed for two projects, in two files.
    a = _write(
        tmp_path,
        "a.txt",
        made_up(
            project="培训项目",
            goal="开展医保政策培训2次以上，提升基层经办人员的业务能力和服务水平。",
        ),
    )
    b = _write(
        tmp_path,
        "b.txt",
        made_up(
            project="宣传项目",
            goal="开展医保政策培训2次以上，提升基层经办人员的业务能力和服务水平。",
        ),
    )
    result = lint_paths([a, b], registry(), Config(select=("DUP006", "DUP007")))
    found = sorted((d.path[-5:], d.code, d.span.line) for d in result.diagnostics)
    assert found == [("b.txt", "DUP006", 9), ("b.txt", "DUP007", 11)]
    assert all(d.form is not None and d.form.project == "宣传项目" for d in result.diagnostics)


def test_dup006_and_dup007_silent_on_the_seed_batch():
    seeds = str(seed_path("000").parent)
    result = lint_paths([seeds], registry(), Config(select=("DUP006", "DUP007")))
    assert result.diagnostics == []


def test_dup006_silent_for_the_same_project(tmp_path):
    # made up: one project's form twice (a resubmission) is not a copy from another project.
    a = _write(
        tmp_path,
        "a.txt",
        made_up(goal="开展医保政策培训2次以上，提升基层经办人员的业务能力和服务水平。"),
    )
    b = _write(
        tmp_path,
        "b.txt",
        made_up(goal="开展医保政策培训2次以上，提升基层经办人员的业务能力和服务水平。"),
    )
    result = lint_paths([a, b], registry(), Config(select=("DUP",)))
    assert [d.code for d in result.diagnostics] == []


def test_dup006_copies_name_the_first_form_and_share_one_message(tmp_path):
    # made up: one goal filed by three projects, the second of them twice.
    goal = "开展医保政策培训2次以上，提升基层经办人员的业务能力和服务水平。"
    projects = {"a": "培训项目", "b": "宣传项目", "c": "宣传项目", "d": "管理项目"}
    paths = [
        _write(tmp_path, f"{n}.txt", made_up(project=p, goal=goal)) for n, p in projects.items()
    ]
    result = lint_paths(paths, registry(), Config(select=("DUP006",)))
    b, c, d = result.diagnostics
    assert [x.path[-5:] for x in (b, c, d)] == ["b.txt", "c.txt", "d.txt"]
    assert all(f"a.txt:9）相同：「{goal}」" in x.zh for x in (b, c, d))
    assert (b.key, d.key) == ("培训项目|宣传项目", "培训项目|管理项目")
    assert b.zh is c.zh and b.en is c.en  # a batch of copies holds one message per project


GOAL = "开展医保政策培训2次以上，提升基层经办人员的业务能力和服务水平。"


def _two_projects(tmp_path, first: str, second: str) -> list[str]:
    # made up: one goal and one indicator set filed for two projects
    return [
        _write(tmp_path, "a.txt", made_up(project=first, goal=GOAL)),
        _write(tmp_path, "b.txt", made_up(project=second, goal=GOAL)),
    ]


def test_dup006_and_dup007_allow_salary_projects_by_default(tmp_path):
    paths = _two_projects(tmp_path, "教育局工资性支出", "卫健局工资性支出")
    result = lint_paths(paths, registry(), Config(select=("DUP006", "DUP007")))
    assert result.diagnostics == []


def test_dup007_allows_a_prescribed_indicator_set(tmp_path):
    paths = _two_projects(tmp_path, "培训项目", "宣传项目")
    prescribed = [
        "培训次数",
        "培训覆盖率",
        "培训完成及时率",
        "政策知晓率",
        "培训人员满意度",
        "资金到位率",
    ]
    config = Config(
        select=("DUP007",),
        options={"DUP007": {"allow": [{"name": "县定", "indicators": prescribed}]}},
    )
    assert lint_paths(paths, registry(), config).diagnostics == []
    unlisted = Config(
        select=("DUP007",), options={"DUP007": {"allow": [{"indicators": prescribed[:3]}]}}
    )
    assert [d.code for d in lint_paths(paths, registry(), unlisted).diagnostics] == ["DUP007"]


def test_dup006_allows_a_prescribed_goal(tmp_path):
    paths = _two_projects(tmp_path, "培训项目", "宣传项目")
    config = Config(select=("DUP006",), options={"DUP006": {"allow": [{"goals": [GOAL]}]}})
    assert lint_paths(paths, registry(), config).diagnostics == []
