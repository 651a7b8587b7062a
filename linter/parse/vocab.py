"""The label vocabulary: how the grammar recognises a row by its words, not its column."""

from __future__ import annotations

import re

TITLE = re.compile(r"绩效目标申报表|绩效目标表|绩效自评表|绩效自我评价")
SELF_EVALUATION_TITLE = re.compile(r"自评|自我评价")
SUMMARY_TITLE = re.compile(r"汇总表$")
YEAR = re.compile(r"^\(\s*(\d{4})\s*年度?\s*\)$")
PERIOD = re.compile(r"^\(\s*(?:\d{4})?\s*年?\s*[-—~至]\s*(?:\d{4})?\s*年?\s*\)$")

# 一级指标, as in the 2021 guidance (成本 is a first level) and the older self-evaluation layout.
LEVEL1 = frozenset(
    {
        "产出指标",
        "效益指标",
        "满意度指标",
        "成本指标",
        "投入与管理",
        "产出目标",
        "效果目标",
        "影响力目标",
    }
)

# 二级指标 and the 一级指标 each belongs to. 成本指标 is ambiguous: a first level since 2021,
# a second level under 产出指标 in older templates; the row decides.
LEVEL2_PARENT: dict[str, str | None] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": None,
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}

# Words that label the indicator block itself, sometimes split over lines by a page break.
BLOCK_LABELS = frozenset({"绩效指标", "绩效", "指标", "项目绩效指标"})

TABLE_HEAD_REQUIRED = ("一级指标",)
TABLE_HEAD_NAME = frozenset({"三级指标", "指标名称"})

# Column headings of the indicator table, by role.
TABLE_ROLES: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "指标名称": "name",
    "指标目标值": "target",
    "指标值": "target",
    "年度指标值": "target",
    "年度(/项目)指标值": "target",
    "年度/项目指标值": "target",
    "目标值": "target",
    "实际完成值": "actual",
    "实际值": "actual",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "自评分": "score",
    "指标解释": "explanation",
    "偏差原因分析及改进措施": "note",
    "未完成原因分析": "note",
    "偏差原因分析": "note",
    "备注": "note",
}

FIELDS: dict[str, str] = {
    "项目名称": "project",
    "主管部门": "department",
    "主管部门及代码": "department",
    "实施单位": "unit",
    "预算单位": "unit",
    "具体实施处(科室)": "division",
    "项目类别": "category",
    "项目性质": "nature",
    "项目属性": "nature",
    "是否为经常性项目": "recurring",
    "计划开始日期": "start_date",
    "计划完成日期": "end_date",
    "项目日期": "period",
    "项目期": "period",
    "项目起止时间": "period",
    "自评时间": "evaluated_on",
    "主要绩效": "achievements",
    "主要问题": "problems",
    "改进措施": "improvements",
}

GRADE_LABELS = frozenset({"评分等级", "综合评定等级", "绩效等级", "自评等级"})
TOTAL_LABELS = frozenset({"总分", "合计", "总计"})

FUNDS_HEAD = "项目资金"
FUND_LABELS: dict[str, str] = {
    "项目资金总额": "project_total",
    "财政资金": "project_fiscal",
    "年度资金申请总额": "annual_total",
    "年度资金总额": "annual_total",
    "当年财政拨款": "appropriation",
    "本年财政拨款": "appropriation",
    "财政拨款": "appropriation",
    "上年结转资金": "carryover",
    "其他资金": "other",
    "财政专户管理资金": "special_account",
    "单位资金": "unit_funds",
    "当年预算数": "budget",
    "上年预算金额": "prior_budget",
    "预算执行数": "executed",
    "预算执行率": "execution_rate",
}
FUND_COLUMNS: dict[str, str] = {
    "年初预算数": "initial",
    "全年预算数": "adjusted",
    "调整后预算数": "adjusted",
    "全年执行数": "executed",
    "分数": "weight",
    "分值": "weight",
    "权重": "weight",
    "执行率": "rate",
    "执行率(%)": "rate",
    "得分": "score",
}

GOAL_LABELS: dict[str, str] = {
    "项目总目标": "total",
    "年度总目标": "annual",
    "年度总体目标": "annual",
    "项目年度总目标": "annual",
    "预期目标": "annual",
    "实际完成情况": "actual",
}
GOAL_BLOCK_LABELS = frozenset({"项目绩效目标", "年度总体目标"})

NOTE_START = re.compile(r"^(说明[:：]|注[:：]|\d{1,2}、)")
BAND = re.compile(
    r"(\d+(?:\.\d+)?)\s*\(含\)\s*[-—~至]\s*(\d+(?:\.\d+)?)\s*分?为\s*(不合格|不及格|优秀|良好|合格|及格|优|良|中|差)"
)
LOW_BAND = re.compile(r"(\d+(?:\.\d+)?)\s*[-—~至]\s*(\d+(?:\.\d+)?)\s*分?为\s*(不合格|差)")
