"""STR: structure and completeness, on real seed rows both ways; made-up forms where seeds lack a case."""

from __future__ import annotations

import pytest
from conftest import lines, lint_seed, lint_text, registry, seed_path
from real_forms import REAL

from linter.config import Config
from linter.engine import lint_file

SEEDS = ("000", "001", "002", "003", "004")

# made up: a small target form; header, goal and table are edited per test.
FORM = """财政项目支出绩效目标申报表
({year}年度)
项目名称\t{project}\t项目类别\t经常性项目
主管部门\t上海市某局\t实施单位\t上海市某中心
计划开始日期\t{start}\t计划完成日期\t{end}
项目资金 (元)\t项目资金总额\t100,000.00\t年度资金申请总额\t100,000.00
\t其中：财政资金\t100,000.00\t其中：当年财政拨款\t100,000.00
项目绩效目标\t项目总目标\t\t年度总体目标\t
\t{period}\t\t\t
\t\t\t开展培训2次以上，提升经办能力。
绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值
{rows}
"""
ROWS = """\t产出指标\t数量指标\t培训次数\t≥2.00(次)
\t\t时效指标\t培训完成及时率\t=100.00(%)
\t效益指标\t社会效益指标\t政策知晓率\t≥90.00(%)
\t满意度指标\t服务对象满意度指标\t培训人员满意度\t≥85.00(%)"""


def made_up(**kw: str) -> str:
    values = {
        "year": "2024",
        "project": "培训项目",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "period": "(2024年-2024年)",
        "rows": ROWS,
    }
    values.update(kw)
    return FORM.format(**values)


def seed_lines(code: str) -> dict[str, list[int]]:
    return {seed: lines(lint_seed(seed, code), code) for seed in SEEDS}


def test_made_up_form_is_clean(tmp_path):
    assert lint_text(made_up(), "STR", tmp_path) == []


def test_str001_fires_on_seed_003_empty_evaluation_date():
    diags = [d for d in lint_seed("003", "STR001") if d.code == "STR001"]
    assert [d.span.line for d in diags] == [140]
    assert "自评时间" in diags[0].zh


def test_str001_silent_on_filled_seed_forms():
    assert seed_lines("STR001") == {s: ([140] if s == "003" else []) for s in SEEDS}


def test_str001_fires_on_empty_project_name(tmp_path):
    # made up: the seeds always name their project.
    diags = lint_text(made_up(project=""), "STR001", tmp_path)
    assert lines(diags, "STR001") == [3]
    assert "项目名称" in diags[0].zh


def test_str002_fires_on_seed_000_line_37():
    diags = [d for d in lint_seed("000", "STR002") if d.code == "STR002"]
    assert [d.span.line for d in diags] == [37]
    assert "(年-年)" in diags[0].zh


def test_str002_silent_on_filled_periods_and_other_seeds():
    assert seed_lines("STR002") == {s: ([37] if s == "000" else []) for s in SEEDS}


def test_str002_fires_on_item_label_and_instruction_text(tmp_path):
    # made up: 指标2 left as a name and the template's instruction left in a target cell.
    rows = ROWS + "\n\t\t\t指标2\t结合自评情况，说明原因(200字以内)"
    assert lines(lint_text(made_up(rows=rows), "STR002", tmp_path), "STR002") == [16, 16]


def test_str003_fires_on_seed_002_line_65():
    diags = [d for d in lint_seed("002", "STR003") if d.code == "STR003"]
    assert [d.span.line for d in diags] == [65]
    assert "时效指标" in diags[0].zh and "效益指标" in diags[0].zh


def test_str003_silent_on_correct_hierarchies():
    # seed 004 puts 成本指标 under 产出指标 (older template): accepted.
    assert seed_lines("STR003") == {s: ([65] if s == "002" else []) for s in SEEDS}


def test_str004_fires_on_a_label_in_the_name_column(tmp_path):
    # made up: the seeds' labels are all in the vocabulary; 服务指标 is not, so the row shifts.
    rows = ROWS + "\n\t\t服务指标\t培训人数\t≥100人"
    assert lines(lint_text(made_up(rows=rows), "STR004", tmp_path), "STR004") == [16]


def test_str004_silent_on_seeds():
    # seed 004 line 29 names its indicator 服务对象满意度: a name, not a label.
    assert seed_lines("STR004") == {s: [] for s in SEEDS}


def test_str005_fires_on_seed_000_line_21_and_seed_003_line_121():
    assert lines(lint_seed("000", "STR005"), "STR005") == [21]
    assert lines(lint_seed("003", "STR005"), "STR005") == [121]


def test_str005_silent_on_satisfaction_in_its_place():
    # seed 001: every 满意度 row sits under 满意度指标; seed 003: 效果目标/影响力目标 accepted.
    found = seed_lines("STR005")
    assert found["001"] == [] and found["002"] == [] and found["004"] == []
    assert 28 not in found["003"] and 126 not in found["003"]


def test_str006_fires_on_seed_002_forms_without_satisfaction():
    diags = [d for d in lint_seed("002", "STR006") if d.code == "STR006"]
    assert [d.span.line for d in diags] == [17, 106]
    assert all("满意度指标" in d.zh for d in diags)


def test_str006_silent_on_complete_forms():
    found = seed_lines("STR006")
    assert found == {s: ([17, 106] if s == "002" else []) for s in SEEDS}


def test_str006_requires_cost_in_shanghai_from_2025(tmp_path):
    # made up: a 2025 Shanghai form without 成本指标; the 2024 form passes.
    assert lines(
        lint_text(
            made_up(year="2025", start="2025-01-01", end="2025-12-31", period="(2025年-2025年)"),
            "STR006",
            tmp_path,
        ),
        "STR006",
    ) == [12]
    assert lint_text(made_up(), "STR006", tmp_path) == []


def test_str007_fires_on_dates(tmp_path):
    # made up: the seeds' dates are all valid and in their year.
    text = made_up(start="2024-12-01", end="2024-02-30", period="(2023年-2023年)")
    diags = lint_text(text, "STR007", tmp_path)
    assert sorted((d.span.line, d.key) for d in diags) == [
        (5, "invalid:计划完成日期"),
        (9, "outside:项目总目标期间"),
    ]
    text = made_up(start="2024-12-01", end="2024-03-01")
    assert [d.key for d in lint_text(text, "STR007", tmp_path)] == ["order:计划开始/完成日期"]


def test_str007_silent_on_seeds():
    assert seed_lines("STR007") == {s: [] for s in SEEDS}


def test_str008_fires_once_per_form(tmp_path):
    # made up: two labels orphaned by page breaks, which no later row restates.
    rows = (
        ROWS.replace("\t效益指标\t社会效益指标", "\t\t社会效益指标")
        + "\n\n质量指标\n\n经济效益指标"
    )
    diags = lint_text(made_up(rows=rows), "STR008", tmp_path)
    assert len([d for d in diags if d.code == "STR008"]) == 1


def test_str008_silent_on_seed_damage_the_parser_repaired():
    # seed 001 (lines 25, 260) and 003 (lines 25, 57, 156) have repaired page-break damage.
    assert seed_lines("STR008") == {s: [] for s in SEEDS}


def test_str009_fires_on_unticked_grade_of_a_self_evaluation(tmp_path):
    # made up: a self-evaluation whose 评分等级 keeps the template's boxes.
    seed_text = seed_path("002").read_text(encoding="utf-8")
    text = seed_text.replace("评分等级\t\t优\t", "评分等级\t\t优□ 良□ 中□ 差□\t", 1)
    assert text != seed_text
    assert lines(lint_text(text, "STR009", tmp_path), "STR009") == [22]


def test_str009_silent_on_graded_forms_and_target_forms():
    # seed 004's 优□ 良□ 中□ 差□ is the reviewer's cell on a target form.
    assert seed_lines("STR009") == {s: [] for s in SEEDS}


def test_str006_profiles_are_configurable(tmp_path):
    # made up: a region that requires 成本指标 from 2024 on, given in the configuration.
    path = tmp_path / "form.txt"
    path.write_text(made_up(), encoding="utf-8")
    profiles = [{"name": "test", "region": "上海", "from_year": 2024, "require": ["成本指标"]}]
    config = Config(select=("STR006",), options={"STR006": {"profiles": profiles}})
    result, _ = lint_file(str(path), registry(), config)
    assert [(d.span.line, d.key) for d in result.diagnostics] == [(12, "category:成本指标")]


@pytest.mark.parametrize(
    "profile",
    [
        {"region": "北京", "from_year": 2024},  # the form is 上海's
        {"region": "上海", "from_year": 2025},  # the form is of 2024
        {"region": "上海", "to_year": 2023},
        {"region": "上海", "layouts": ["self-evaluation"]},  # the form is a target form
    ],
    ids=["other-region", "before-its-years", "after-its-years", "other-layout"],
)
def test_str006_profiles_stay_silent_outside_their_region_years_and_layouts(tmp_path, profile):
    # made up: the same form as above, each profile missing it by one of its conditions.
    path = tmp_path / "form.txt"
    path.write_text(made_up(), encoding="utf-8")
    profiles = [{"name": "test", "require": ["成本指标"], **profile}]
    config = Config(select=("STR006",), options={"STR006": {"profiles": profiles}})
    result, _ = lint_file(str(path), registry(), config)
    assert result.diagnostics == []


def real_lines(prefix: str, code: str, tmp_path) -> list[int]:
    """The lines a rule reports on one real form of tests/fixtures/real/."""
    (path,) = REAL.glob(f"{prefix}_*.txt")
    return lines(lint_text(path.read_text(encoding="utf-8"), code, tmp_path), code)


def test_str006_waives_satisfaction_for_salaries(tmp_path):
    # Sichuan's 工资性支出 self-evaluation (real, s01) sets 产出 and 效益 only, as its template does;
    # a 2023 Sichuan project of another kind (real, c02) has its 满意度 and needs it.
    assert real_lines("s01", "STR006", tmp_path) == []
    text = (REAL / "s01_sichuan-qingshen-2023-selfeval.txt").read_text(encoding="utf-8")
    renamed = text.replace("工资性支出", "培训经费")  # made up from the real form
    assert lines(lint_text(renamed, "STR006", tmp_path), "STR006") == [18]


def test_str009_only_where_the_layout_has_a_grade(tmp_path):
    # real: Sichuan's self-evaluation has no 评分等级 field at all; seed 002's has one.
    assert real_lines("s01", "STR009", tmp_path) == []
    text = (
        seed_path("002")
        .read_text(encoding="utf-8")
        .replace("评分等级\t\t优\t", "评分等级\t\t\t", 1)
    )
    assert lines(lint_text(text, "STR009", tmp_path), "STR009") == [22]


def test_str007_accepts_a_project_of_several_years(tmp_path):
    # made up: a 2024 form of a project that runs from 2023 to 2025
    text = made_up(start="2023-01-01", end="2025-12-31", period="(2023年-2025年)")
    assert lint_text(text, "STR007", tmp_path) == []
    text = made_up(start="2022-01-01", end="2023-06-30")  # ended before the form's year
    assert [d.key for d in lint_text(text, "STR007", tmp_path)] == ["outside:计划开始/完成日期"]
