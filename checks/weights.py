"""SCORE: a self-evaluation's points per category against the framework its rules set.

财预〔2020〕10号 sets 预算执行率 10, 产出 50, 效益 30, 满意度 10 in principle; regions restate it
in their notes (Sichuan: 一级指标分值统一设置为…). A form without 满意度 gives its 10 points to 产出
or 效益. Profiles (layout, region, years, as STR006 reads them) say which framework applies;
the last profile that matches wins, so a regional variant listed after the national one replaces it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from checks._numbers import amount, budget_row, fund_item, num
from checks.structure_table import profile_applies
from linter.parse.nodes import Form, FormKind, Period, Span
from linter.rules import Finding, Rule

EXECUTION = "预算执行率"
SATISFACTION = "满意度指标"


def _execution_weight(form: Form) -> Decimal | None:
    """The 预算执行率 points: the funds table's 分值, or the older layout's row."""
    if form.funds is not None:
        cell = amount(fund_item(form.funds, "annual_total", "weight"))
        if cell is not None:
            return cell.number
    row = budget_row(form)
    if row is not None and row.weight is not None:
        return row.weight.number
    return None


def _category_points(
    form: Form, merge: Mapping[str, str]
) -> tuple[dict[str, Decimal], dict[str, Span]]:
    """Each 一级指标's weights added up (the year's table only), and where each starts."""
    points: dict[str, Decimal] = {}
    where: dict[str, Span] = {}
    skip = budget_row(form)
    for ind in form.indicators:
        w = ind.weight
        if ind is skip or ind.period is not Period.ANNUAL or w is None or w.number is None:
            continue
        category = merge.get(ind.level1 or "", ind.level1 or "")
        points[category] = points.get(category, Decimal(0)) + w.number
        where.setdefault(category, ind.span or ind.name.span)
    execution = _execution_weight(form)
    if execution is not None:
        points[EXECUTION] = execution
    return points, where


def _shown(points: Mapping[str, Any]) -> str:
    return "、".join(f"{k} {num(Decimal(str(v)))}" for k, v in points.items())


def check_category_weights(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The points of each category are the framework's (or one of its redistributions)."""
    if form.kind is not FormKind.SELF_EVALUATION:
        return
    profile = None
    for candidate in options["profiles"]:
        if profile_applies(candidate, form):
            profile = candidate
    if profile is None:
        return
    points, where = _category_points(form, options["merge"])
    if not points.keys() - {EXECUTION}:
        return
    frameworks = [profile["weights"]]
    if SATISFACTION not in points:
        frameworks = list(profile.get("without_satisfaction", ())) or frameworks
    if any(_fits(points, framework) for framework in frameworks):
        return
    framework = frameworks[0]
    wrong = next(
        (c for c in framework if c in points and Decimal(str(framework[c])) != points[c]), None
    )
    span = where.get(wrong or "") or next(iter(where.values()), form.title.span)
    shown, wanted = _shown(points), " 或 ".join(_shown(f) for f in frameworks)
    yield Finding(
        span,
        f"各类指标分值 {shown}，不符合规定的 {wanted}（规则：{profile.get('name', '')}）",
        f"the categories carry {shown}, not the framework's "
        f"{' or '.join(_shown(f) for f in frameworks)} (profile: {profile.get('name', '')})",
        f"framework:{profile.get('name', '')}",
    )


def _fits(points: Mapping[str, Decimal], framework: Mapping[str, Any]) -> bool:
    """Whether the form's points are the framework's: every category the form has, at the
    framework's points, and no category the framework does not name."""
    if not points.keys() <= framework.keys():
        return False
    return all(Decimal(str(framework[c])) == p for c, p in points.items())


def check_target_weights(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A target form that carries weights gives them all out: 100, or 90 where the execution
    rate's 10 are added at self-evaluation (Sichuan)."""
    if form.kind is not FormKind.TARGET:
        return
    weights = [
        ind.weight
        for ind in form.indicators
        if ind.period is Period.ANNUAL and ind.weight is not None and ind.weight.number is not None
    ]
    if not weights:
        return
    total = sum((w.number for w in weights), Decimal(0))  # type: ignore[misc]
    allowed = [Decimal(str(t)) for t in options["totals"]]
    if total in allowed:
        return
    terms = " + ".join(w.text for w in weights)  # type: ignore[union-attr]
    wanted = " 或 ".join(map(num, allowed))
    yield Finding(
        weights[0].span,  # type: ignore[union-attr]
        f"申报表各指标分值之和 {terms} = {num(total)}，应为 {wanted}",
        f"the target form's weights {terms} add up to {num(total)}, not"
        f" {' or '.join(map(num, allowed))}",
        "weights/target",
    )


NATIONAL = {EXECUTION: 10, "产出指标": 50, "效益指标": 30, SATISFACTION: 10}

RULES = [
    Rule(
        code="SCORE013",
        computes=("table", "form"),
        name="category-weights-off-framework",
        summary_zh="各类指标分值不符合规定的分值框架",
        summary_en="The categories' points differ from the framework the rules set",
        why="The points per category are set by the rules, not by each project: 预算执行率 10, 产出"
        " 50, 效益 30, 满意度 10 in principle, and a form without 满意度 gives its 10 points to"
        " 产出 or 效益. A form that moves points to the category it scores best in inflates its"
        " total. Profiles (layouts, region, from_year, to_year) give the framework"
        " (weights) and its redistributions (without_satisfaction); the last matching profile"
        " wins, so a regional variant goes after the national one. Option merge counts a"
        " category under another (成本指标 is part of 产出's points).",
        why_zh="各类指标的分值由规定确定，而不是由各项目自定：原则上预算执行率 10、产出 50、效益 30、满意度 10，"
        "未设满意度指标的，其 10 分并入产出或效益。把分值挪到自己得分最高的类别会抬高总分。规则档（layouts、region、"
        "from_year、to_year）给出分值框架（weights）及其调整方案（without_satisfaction）；以最后一个匹配的档为准，"
        "地区方案应排在全国方案之后。选项 merge 把一个类别计入另一类别（成本指标计入产出的分值）。",
        bad="产出指标(70分) | 效益指标(20分) | 满意度指标(10分) | 预算执行率 10",
        good="产出指标(50分) | 效益指标(30分) | 满意度指标(10分) | 预算执行率 10",
        policy="财预〔2020〕10号 附件 (原则上预算执行率 10%、产出 50%、效益 30%、满意度 10%); regional"
        " notes such as Sichuan's 一级指标分值统一设置为…",
        policy_zh="财预〔2020〕10号 附件（原则上预算执行率10%、产出50%、效益30%、服务对象满意度10%）；"
        "各地说明，如四川“一级指标分值统一设置为…”",
        severity="warning",
        options={
            "profiles": [
                {
                    "name": "national",
                    "layouts": ["self-evaluation"],
                    "weights": NATIONAL,
                    "without_satisfaction": [
                        {EXECUTION: 10, "产出指标": 60, "效益指标": 30},
                        {EXECUTION: 10, "产出指标": 50, "效益指标": 40},
                    ],
                }
            ],
            "merge": {"成本指标": "产出指标"},
        },
        check=check_category_weights,
    ),
    Rule(
        code="SCORE014",
        computes=("table", "form"),
        name="target-weights-not-full",
        summary_zh="申报表的指标分值之和不是满分",
        summary_en="A target form's weights do not add up to the full points",
        why="Where a target form carries weights (Sichuan, Chongqing and the 2021 central"
        " templates) they are the self-evaluation's points set in advance, and must give out"
        " all of them: 100, or 90 where the 10 points of the execution rate are added at"
        " self-evaluation (option totals). A table cut short or weights left from another"
        " project's form add up to something else.",
        why_zh="申报表带分值时（四川、重庆及 2021 年中央表样），这些分值就是事先确定的自评分值，必须分配完：100 分，"
        "或在自评时另加预算执行率 10 分的地区为 90 分（选项 totals）。表格不完整或沿用别的项目的分值，合计就不是满分。",
        bad="效益指标 10 + 产出指标 20 + 10 + … = 60",
        good="产出指标 40 + 效益指标 40 + 满意度指标 10 = 90 (+ 预算执行率 10 at self-evaluation)",
        policy="财预〔2020〕10号: 满分 100 分; Sichuan's 部门预算项目绩效目标申报表 (绩效指标 90 分)",
        policy_zh="财预〔2020〕10号：满分 100 分；四川部门预算项目绩效目标申报表（绩效指标 90 分）",
        severity="warning",
        options={"totals": [100, 90]},
        check=check_target_weights,
    ),
]
