"""GOAL, money: an amount the goal text states for the project against the funds block.

``安排2023年工作经费35万元`` must be the 35 万元 of the funds; a goal that states another total
was written for another budget. Per-unit prices (每条年租费15000元, 每人不低于1元), parts
(其中…) and subtotals (合计) are not the project's total and are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from checks._memo import per_options
from checks._text import quote
from linter.parse.nodes import Form, FundItem, Value
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

_FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10**8)}
_CLAUSE = re.compile(r"[，,；;。\n]")
_UNCOMPARED_COLUMNS = {"weight", "rate", "score"}
_UNCOMPARED_KEYS = {"execution_rate"}


@lru_cache(maxsize=32)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        rf"(?:{'|'.join(map(re.escape, words))})\s*(?:为|是|共|共计|:|：)?\s*"
        r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|千元|元)"
    )


def _half(number: str) -> Decimal:
    decimals = len(number.split(".")[1]) if "." in number else 0
    return Decimal(5) * Decimal(10) ** (-decimals - 1)


def _compared(form: Form) -> Iterator[tuple[FundItem, Value]]:
    """The funds items, with their amounts, that the goal's money is compared with."""
    if form.funds is None:
        return
    for item in form.funds.items:
        amount = item.amount
        if (
            amount is not None
            and amount.number is not None
            and item.key not in _UNCOMPARED_KEYS
            and item.column not in _UNCOMPARED_COLUMNS
            and amount.unit != "%"
        ):
            yield item, amount


def _fund_figures(
    form: Form, compared: list[tuple[FundItem, Value]]
) -> list[tuple[Decimal, Decimal, str]]:
    """(value in 元, rounding half-width in 元, text) of every amount, in each plausible unit."""
    funds_unit = form.funds.unit if form.funds is not None else None
    units = [funds_unit or form.money_unit] if (funds_unit or form.money_unit) else ["元", "万元"]
    out = []
    for item, amount in compared:
        for unit in units:
            factor = _FACTOR.get(amount.unit or unit or "元", Decimal(1))
            half = Decimal(5) * Decimal(10) ** (-amount.decimals - 1)
            out.append((amount.number * factor, half * factor, f"{item.label} {amount.text}{unit}"))  # type: ignore[operator]
    return out


@lru_cache(maxsize=TEXT_MEMO)
def _amounts(
    goal: str, words: tuple[str, ...], skip: tuple[str, ...]
) -> tuple[tuple[str, str, str], ...]:
    """(clause, number as written, unit) of every amount a goal states after a money word, not
    after a per-unit or part word; remembered, since goals recur across forms."""
    pattern = _pattern(words)
    return tuple(
        (clause, m.group("num"), m.group("unit"))
        for clause in _CLAUSE.split(goal)
        for m in pattern.finditer(clause)
        if not any(word in clause[: m.start()] for word in skip)
    )


@per_options
def _words(options: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """GOAL002's money words, words before a part, and words of a total."""
    return (
        tuple(options["money_words"]),
        tuple(options["not_totals"]),
        tuple(options["total_words"]),
    )


def check_goal_money(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The project's total as the goal states it must be one of the funds' amounts."""
    goal = form.goals.annual
    if goal is None or next(_compared(form), None) is None:
        return
    words, skip, totals = _words(options)
    amounts = _amounts(goal.value, words, skip)
    if not amounts:
        return
    figures = _fund_figures(form, list(_compared(form)))
    top = max(value + half for value, half, _ in figures)
    for clause, number, unit in amounts:
        raw = number.replace(",", "")
        factor = _FACTOR[unit]
        value, half = Decimal(raw) * factor, _half(raw) * factor
        if any(abs(value - v) <= half + h for v, h, _ in figures):
            continue
        if value - half <= top and not any(word in clause for word in totals):
            continue
        funds = "、".join(dict.fromkeys(text for _, _, text in figures[:4]))
        yield Finding(
            goal.span,
            f"年度目标写明「{quote(clause.strip())}」（{number}{unit}），与项目资金不符（{funds}）",
            f"the goal states 「{quote(clause.strip())}」 ({number}{unit}),"
            f" which matches none of the funds ({funds})",
            f"{raw}{unit}",
        )


RULES = [
    Rule(
        code="GOAL002",
        computes=("funds",),
        why_zh="目标中写明的项目资金（安排…经费35万元）必须是资金表中的某个金额，按元比较并允许舍入。单价或部分金额之后的数（选项 not_totals）不比较；金额超过所有资金数，或所在分句说明是总额（选项 total_words）时报告。",
        policy_zh="财预〔2021〕101号（适当性：资金与目标匹配）；绩效目标审核",
        name="goal-money-contradicts-funds",
        summary_zh="目标中的金额与项目资金不符",
        summary_en="An amount in the goal contradicts the funds",
        why="The project's money as the goal states it (安排…经费35万元) must be one of the amounts of"
        " the funds block, compared in 元 with rounding. Amounts after a per-unit or part word"
        " (option not_totals) are skipped; an amount is reported when it exceeds every fund figure"
        " or its clause says it is the total (option total_words).",
        bad="目标: 安排2023年工作经费45万元 | 年度资金总额 35 (万元)",
        good="目标: 安排2023年工作经费35万元 | 年度资金总额 35 (万元)",
        policy="财预〔2021〕101号 (适当性: 资金与目标匹配); 绩效目标审核",
        severity="warning",
        options={
            "money_words": ["经费", "资金", "预算", "拨款", "总额", "投资", "投入"],
            "not_totals": ["每", "人均", "单价", "标准", "其中", "合计"],
            "total_words": ["安排", "总额", "总计", "共计", "全年", "项目经费", "总经费"],
        },
        check=check_goal_money,
    ),
]
