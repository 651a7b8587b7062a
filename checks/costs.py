"""Cost indicators: a cost is a ceiling, and the itemised costs fit within the funds.

``项目总成本 ≥90万元`` promises to spend at least 90 万元, which any overspend meets; a cost
indicator bounds spending from above. Itemised cost ceilings (材料费 ≤…, 人工费 ≤…) that add up
to more than the project's funds cannot all hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checks._numbers import (
    MONEY_FACTOR,
    Interval,
    add,
    fund_budget,
    intervals_meet,
    money_in_yuan,
    shown,
    units_of,
)
from checks._text import quote
from checks._units import number_targets, plain_name
from checks.sum_text import exceeds, is_cost, wan, yuan
from linter.parse.nodes import Form, Indicator, Period, Value
from linter.rules import Finding, Rule

_FLOOR = (">=", ">")
_STATED_COST = (None, "<=", "<", "=")
_TOTAL_WORDS = ("总", "合计")


def _money_cost(ind: Indicator, value: Value) -> bool:
    return value.unit in MONEY_FACTOR and is_cost(ind)


def check_cost_floor(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A cost indicator in money written as a floor (≥, >)."""
    for ind, t in number_targets(form):
        if t.op not in _FLOOR or not _money_cost(ind, t):
            continue
        ceiling = t.text.replace("≥", "≤").replace(">=", "≤").replace(">", "<")
        yield Finding(
            t.span,
            f"成本指标「{quote(ind.name.value)}」写成下限 {t.text}：成本越高越“达标”；"
            f"成本指标应是上限（如 {ceiling}）",
            f"cost indicator 「{quote(ind.name.value)}」 is a floor {t.text}: spending more meets"
            f" it better; a cost is a ceiling (e.g. {ceiling})",
            f"{plain_name(ind.name.value)}={t.text}",
        )


def _one_is_their_total(items: list[tuple[Indicator, Value, Interval]]) -> bool:
    """Whether the largest cost is the total of the others (项目总成本 beside its parts): it
    can hold them all and says it is a total, or is their sum. It is then held against the
    funds by SUM008, and the rows are not added up."""
    largest = max(items, key=lambda item: item[2][1])
    rest = add(*(item[2] for item in items if item is not largest))
    named = any(word in largest[0].name.value for word in _TOTAL_WORDS)
    return (named and largest[2][1] >= rest[0]) or intervals_meet(largest[2], rest)


def check_cost_items_over_funds(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The year's itemised cost ceilings add up to more than the funds."""
    found = fund_budget(form)
    if found is None:
        return
    _, budget = found
    per_unit = tuple(options["per_unit_words"])
    items = [
        (ind, t, money_in_yuan(t, t.unit))
        for ind, t in number_targets(form)
        if ind.period is Period.ANNUAL
        and t.op in _STATED_COST
        and _money_cost(ind, t)
        and not any(w in ind.name.value for w in per_unit)
    ]
    if len(items) < 2 or _one_is_their_total(items):
        return
    cost = add(*(c for _, _, c in items))
    units = units_of(form)
    if not exceeds(cost, budget, units):
        return
    terms = " + ".join(f"{quote(plain_name(ind.name.value), 12)} {t.text}" for ind, t, _ in items)
    funds = f"{shown(budget)} {units[-1]}"
    yield Finding(
        items[0][1].span,
        f"各项成本指标之和 {terms} = {wan(cost)}，超过项目资金 {funds}",
        f"the cost indicators {terms} add up to {yuan(cost)} = {wan(cost)}, more than the funds"
        f" {funds}",
        "costs/over-funds",
    )


RULES = [
    Rule(
        code="VAG009",
        computes=("table",),
        name="cost-not-ceiling",
        summary_zh="成本指标写成下限（≥）",
        summary_en="A cost indicator written as a floor (≥)",
        why="A cost indicator bounds what the project may spend: 项目总成本 ≥90万元 is met by any"
        " overspend and never by a saving. Only money targets (元, 万元) under a 成本 category are"
        " read; a saving rate (成本节约率 ≥5%) is a floor by nature and is not reported.",
        why_zh="成本指标限定项目可以花多少钱：项目总成本 ≥90万元 任何超支都能达成，节约反而不达标。只检查成本类别下以金额"
        "（元、万元）表示的目标；节约率（成本节约率 ≥5%）本来就是下限，不报告。",
        bad="成本指标 | 经济成本指标 | 参保居民每人每年工作经费 | ≥1元",
        good="成本指标 | 经济成本指标 | 项目总成本 | ≤90万元",
        policy="财预〔2021〕101号: 成本指标反映预期提供的产出所需的成本 (a ceiling on cost)",
        policy_zh="财预〔2021〕101号：成本指标反映预期提供产出所需的成本（成本上限）",
        severity="warning",
        check=check_cost_floor,
    ),
    Rule(
        code="SUM009",
        computes=("table", "funds"),
        name="cost-items-over-funds",
        summary_zh="各项成本指标之和超过项目资金",
        summary_en="The itemised cost indicators add up to more than the funds",
        why="Cost ceilings that add up to more than the year's funds cannot all be spent, so at"
        " least one is overstated. Per-unit prices (per_unit_words: 每, 单价, 标准 …) are left"
        " out, and when the largest cost is the others' total (项目总成本 beside its parts: it says"
        " 总 or 合计 and can hold them, or it is their sum) nothing is added; 元 and 万元 are converted and the rounding of"
        " each figure allowed for.",
        why_zh="各项成本上限之和超过当年资金，说明至少有一项写多了。单价（per_unit_words：每、单价、标准 …）不计入；"
        "最大的一项是其余各项的合计时（项目总成本与其分项：名称含“总”或“合计”且能容下其余各项，或恰为其余各项之和），不再相加；元与万元换算后比较，并允许各数的舍入。",
        bad="年度资金总额 20 万元 | 材料费 ≤15万元 | 人工费 ≤8万元",
        good="年度资金总额 20 万元 | 材料费 ≤12万元 | 人工费 ≤8万元",
        policy="review criterion 适当性: 成本指标 within the funds (财预〔2021〕101号)",
        policy_zh="审核标准“适当性”：成本指标不超过项目资金（财预〔2021〕101号）",
        severity="warning",
        options={"per_unit_words": ["每", "单价", "标准", "人均", "亩均", "/"]},
        check=check_cost_items_over_funds,
    ),
]
