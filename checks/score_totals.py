"""SCORE: the score sheet's own arithmetic.

Scores stay within their weights, 总分 is the sum of the rows (with the 预算执行 score the funds
table carries in the newer layout), weights make 100, a category heading's points are its rows'
weights, and the grade is the one the total earns by the form's bands or the default ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from checks._memo import per_form
from checks._numbers import (
    Interval,
    amount,
    dec,
    fund_item,
    intervals_meet,
    mid,
    num,
    of,
    option_bands,
    score_rows,
    shown,
)
from linter.parse.nodes import Form, FormKind, Value
from linter.rules import Finding, Rule

GRADE_WORDS = {
    "优秀": "优",
    "优": "优",
    "良好": "良",
    "良": "良",
    "合格": "中",
    "及格": "中",
    "中": "中",
    "不合格": "差",
    "不及格": "差",
    "差": "差",
}
GRADE = re.compile("|".join(sorted(GRADE_WORDS, key=len, reverse=True)))


def _funds_cell(form: Form, column: str) -> Value | None:
    return None if form.funds is None else amount(fund_item(form.funds, "annual_total", column))


def _parts(form: Form, attr: str) -> tuple[Value, ...]:
    """Every row's weight or score, the funds table's 预算执行 first."""
    return _weights(form) if attr == "weight" else _scores(form)


def _with_funds_cell(form: Form, column: str, rows: list[Value]) -> tuple[Value, ...]:
    cell = _funds_cell(form, column)
    return tuple(rows) if cell is None else (cell, *rows)


@per_form
def _weights(form: Form) -> tuple[Value, ...]:
    """The weights, once per form (SCORE002 and SCORE003 add them up)."""
    rows = [
        weight
        for ind in form.indicators
        if (weight := ind.weight) is not None and weight.number is not None
    ]
    return _with_funds_cell(form, "weight", rows)


@per_form
def _scores(form: Form) -> tuple[Value, ...]:
    return _with_funds_cell(form, "score", [s for _, s in score_rows(form)])


def _sum(values: tuple[Value, ...]) -> Interval:
    """Weights and scores are assigned, not measured: their sum is exact."""
    total = sum((v.number for v in values), Decimal(0))  # type: ignore[misc]
    return total, total


def check_score_range(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A score above its weight, below zero, or on a row that has no weight (in a table that
    gives weights: some templates score without them)."""
    weighted = "weight" in form.columns
    for ind, s in score_rows(form):
        w, name = ind.weight, ind.name.value
        if s.number < 0:
            yield Finding(
                s.span,
                f"「{name}」得分 {shown(s)} 为负数",
                f"'{name}' score {shown(s)} is negative",
                key=f"{name}/negative",
            )
        elif (w is None or w.number is None) and weighted:
            yield Finding(
                s.span,
                f"「{name}」有得分 {shown(s)} 但没有分值",
                f"'{name}' has a score {shown(s)} but no weight",
                key=f"{name}/no-weight",
            )
        elif w is not None and w.number is not None and s.number > w.number:
            yield Finding(
                s.span,
                f"「{name}」得分 {shown(s)} > 分值 {shown(w)}",
                f"'{name}' score {shown(s)} > weight {shown(w)}",
                key=f"{name}/over-weight",
            )


def check_totals(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """总分 / 合计 equals the sum of the weights and of the scores."""
    if form.total is None:
        return
    for attr, zh, en in (("weight", "分值", "weights"), ("score", "得分", "scores")):
        stated = getattr(form.total, attr)
        parts = _parts(form, attr)
        if stated is None or stated.number is None or not parts:
            continue
        computed = _sum(parts)  # only the stated total may have been rounded
        if intervals_meet(of(stated), computed):
            continue
        terms = " + ".join(map(shown, parts))
        yield Finding(
            stated.span,
            f"{zh}合计 {shown(stated)} ≠ 各行{zh}之和 {terms} = {num(mid(computed))}",
            f"total of {en} {shown(stated)} ≠ the rows' {en} {terms} = {num(mid(computed))}",
            key=f"total/{attr}",
        )


def check_weights_100(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The weights of a self-evaluation add up to the full points (100). (A target form's
    weights leave out the 预算执行率 points the self-evaluation adds: Sichuan's give 90.)"""
    if form.kind is not FormKind.SELF_EVALUATION:
        return
    parts = _parts(form, "weight")
    if not parts:
        return
    full = dec(options["full_points"])
    computed = sum((v.number for v in parts), Decimal(0))  # type: ignore[misc]
    if computed == full:
        return
    stated = form.total.weight if form.total is not None else None
    span = stated.span if stated is not None and stated.number is not None else parts[0].span
    terms = " + ".join(map(shown, parts))
    yield Finding(
        span,
        f"各行分值之和 {terms} = {num(computed)} ≠ {num(full)}",
        f"the weights {terms} add up to {num(computed)}, not {num(full)}",
        key="weights/full",
    )


def _weights_by_level1(form: Form) -> dict[str | None, list[Value]]:
    """The rows' weights under each 一级指标, in the order of the rows."""
    by_level1: dict[str | None, list[Value]] = {}
    for ind in form.indicators:
        weight = ind.weight
        if weight is not None and weight.number is not None:
            by_level1.setdefault(ind.level1, []).append(weight)
    return by_level1


def check_category_points(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A heading's points (产出目标 (34分)) equal the sum of its rows' weights."""
    weights = None
    for cat in form.categories:
        points = cat.points
        if points is None or points.number is None:
            continue
        if weights is None:
            weights = _weights_by_level1(form)
        rows = weights.get(cat.label)
        if not rows:
            continue
        computed = sum((w.number for w in rows), Decimal(0))  # type: ignore[misc]
        if computed == points.number:
            continue
        terms = " + ".join(shown(w) for w in rows)
        if len(rows) > 1:
            terms += f" = {num(computed)}"
        yield Finding(
            points.span,
            f"{cat.label} ({shown(points)}分) ≠ 其下各行分值之和 {terms}",
            f"{cat.label} announces {shown(points)} points but its rows' weights are {terms}",
            key=f"{cat.label}/points",
        )


def _grade_for(form: Form, total: Decimal, options: Mapping[str, Any]) -> tuple[str, str] | None:
    """(canonical grade, how it was found) for a total, by the form's bands, else the default."""
    bands = sorted(form.bands, key=lambda b: b.low, reverse=True)
    if bands:
        for band in bands:
            if total >= band.low:
                return GRADE_WORDS.get(band.grade, band.grade), (
                    f"{band.grade} {num(band.low)}(含)–{num(band.high)}"
                )
        return None
    for grade, low in option_bands(options["bands"]):
        if total >= low:
            return GRADE_WORDS.get(grade, grade), f"{grade} ≥ {num(low)}"
    return None


def check_grade(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """评分等级 / 绩效等级 is the grade 总分 earns."""
    if form.grade is None or not form.grade.value or form.total is None or form.total.score is None:
        return
    total = form.total.score
    if total.number is None:
        return
    words = GRADE.findall(form.grade.value)
    if len(words) != 1 or "□" in form.grade.value or "checkbox" in form.grade.value:
        return
    expected = _grade_for(form, total.number, options)
    if expected is None or GRADE_WORDS[words[0]] == expected[0]:
        return
    source_zh = "表内说明" if form.bands else "默认等级"
    source_en = "the form's own bands" if form.bands else "the default bands"
    yield Finding(
        form.grade.span,
        f"等级「{form.grade.value}」与总分 {shown(total)} 不符：按{source_zh}应为 {expected[1]}",
        f"grade '{form.grade.value}' does not match the total {shown(total)}: by {source_en}"
        f" it is {expected[1]}",
        key="grade",
    )


RULES = (
    Rule(
        code="SCORE001",
        computes=("table",),
        why_zh="得分是该行分值的一部分：不能超过分值、不能为负，也不能出现在没有分值的行。",
        policy_zh="财预〔2020〕10号 项目支出绩效评价管理办法：得分不超过分值",
        name="score-out-of-range",
        summary_zh="得分超过分值、为负数或没有分值",
        summary_en="A score above its weight, negative, or on a row without a weight",
        why="A score is a share of the row's weight: it cannot exceed it, be negative, or exist "
        "where the row has no weight.",
        bad="医疗费报销审核案件量 | 分值 20.00 | 得分 22.00",
        good="医疗费报销审核案件量 | 分值 20.00 | 得分 20.00",
        policy="财预〔2020〕10号 项目支出绩效评价管理办法: 得分不超过分值",
        severity="error",
        check=check_score_range,
    ),
    Rule(
        code="SCORE002",
        computes=("table", "funds", "form"),
        why_zh="总分/合计是各行之和（包括新表样放在资金表中的预算执行分值和得分）；各行凑不出的合计是手工改过或未更新的数。",
        policy_zh="财预〔2020〕10号 表样；各行精确求和（分值是分配的，不是测量的），所写合计允许其自身的舍入",
        name="total-mismatch",
        summary_zh="总分不等于各行分值或得分之和",
        summary_en="The total is not the sum of the weights or of the scores",
        why="总分 / 合计 is the sum of the rows, counting the 预算执行 weight and score that the "
        "newer layout puts in the funds table; a total that the rows cannot make was edited "
        "by hand or left stale.",
        bad="分值 10 (资金) + 20 + 20 + 20 + 30, 得分 10 + 20 + 19 + 20 + 30 | 总分 100.00 | 100.00",
        good="… | 总分 100.00 | 99.00",
        policy="财预〔2020〕10号 templates; the rows are summed exactly (points are assigned, not "
        "measured), the stated total allows for its own rounding",
        severity="error",
        check=check_totals,
    ),
    Rule(
        code="SCORE003",
        computes=("table", "funds", "form"),
        why_zh="自评表分配 100 分（默认预算执行 10、产出 50、效益 30、满意度 10）；分值之和不是 100 时，各项得分都失去可比性。",
        policy_zh="财预〔2020〕10号：满分 100 分",
        name="weights-not-full",
        summary_zh="分值之和不等于满分 100",
        summary_en="The weights do not add up to the full 100 points",
        why="A self-evaluation distributes 100 points (预算执行 10, 产出 50, 效益 30, 满意度 10 by "
        "default); weights that add up to something else make every score incomparable.",
        bad="分值 10 + 20 + 20 + 30 = 80",
        good="分值 10 + 20 + 20 + 20 + 30 = 100",
        policy="财预〔2020〕10号: 满分 100 分",
        severity="error",
        options={"full_points": 100},
        check=check_weights_100,
    ),
    Rule(
        code="SCORE004",
        computes=("table", "form"),
        why_zh="“产出目标（34分）”这样的标题说明其下各行的分值之和；各行合计 44 分时，说明调整了分值却没改标题（或相反）。",
        policy_zh="旧版自评表样（投入与管理 36、产出 34、效果 15、影响力 15）",
        name="category-points-mismatch",
        summary_zh="一级指标标题的分数不等于其下各行分值之和",
        summary_en="A category heading's points are not the sum of its rows' weights",
        why="A heading such as 产出目标 (34分) announces how many points its rows carry; when the "
        "rows carry 44, the weights were moved without updating the heading (or the reverse).",
        bad="产出目标 (34分) with rows 14 + 10 + 10 + 10",
        good="产出目标 (34分) with rows 14 + 10 + 10",
        policy="the older self-evaluation layout (投入与管理 36, 产出 34, 效果 15, 影响力 15)",
        severity="error",
        check=check_category_points,
    ),
    Rule(
        code="SCORE005",
        why_zh="等级由总分决定：按表单“说明”中给出的分档，否则按默认分档（可配置）。高于总分所在档次的等级夸大了结果。",
        policy_zh="全国默认：优 ≥ 90，良 80–89，中 60–79，差 < 60；以表单自己的说明为准",
        name="grade-mismatch",
        summary_zh="评分等级与总分不符",
        summary_en="The grade does not match the total score",
        why="The grade follows from the total: by the bands the form states in its 说明, or else "
        "by the default bands (configurable). A grade above the total's band overstates the result.",
        bad="总分 85 | 评分等级 优",
        good="总分 85 | 评分等级 良",
        policy="national default 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60; the form's own 说明 wins",
        severity="error",
        options={"bands": {"优": 90, "良": 80, "中": 60, "差": 0}},
        check=check_grade,
    ),
)
