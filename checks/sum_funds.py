"""SUM: the funds table recomputed, with rounded figures compared as XBRL Calculation 1.1 does.

Totals against their parts (every layout and column), totals left empty beside filled parts,
execution rates (table rows, the older layout's 预算执行率, rates quoted in remarks) and the
预算执行 score, which is the weight times the rate and never more than the weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from checks._memo import per_form
from checks._numbers import (
    HUNDRED,
    Interval,
    add,
    amount,
    budget_row,
    div,
    exact,
    fmt,
    form_rate,
    fund_index,
    interval,
    intervals_meet,
    mid,
    money_unit,
    mul,
    num,
    of,
    shown,
)
from linter.parse.nodes import Form, FundItem, Funds, Value
from linter.rules import Finding, Rule

# total key → its parts, in the order the forms print them
SUMS: dict[str, tuple[str, ...]] = {
    "project_total": ("project_fiscal", "project_other"),
    "annual_total": (
        "appropriation",
        "local_funds",
        "carryover",
        "other",
        "special_account",
        "unit_funds",
    ),
}
MONEY_COLUMNS = (None, "initial", "adjusted", "executed")
COLUMN_ZH = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数"}
COLUMN_EN = {"initial": "initial budget", "adjusted": "adjusted budget", "executed": "executed"}
LABEL_EN = {
    "project_total": "project total",
    "project_fiscal": "fiscal funds",
    "project_other": "other funds",
    "annual_total": "annual total",
    "appropriation": "appropriation",
    "local_funds": "local funds",
    "carryover": "carry-over",
    "other": "other funds",
    "special_account": "special-account funds",
    "unit_funds": "unit funds",
}
_PART_OF = re.compile(r"^其中[:：]?")
REMARK_RATE = re.compile(
    r"执行率\s*[:：为]?\s*(\d+(?:\.\d+)?)\s*%(?:\s*\(\s*([\d,]+(?:\.\d+)?)\s*/\s*([\d,]+(?:\.\d+)?)\s*\))?"
)


def _label(item: FundItem) -> str:
    return _plain_label(item.label)


@lru_cache(maxsize=1024)
def _plain_label(label: str) -> str:
    """A funds label without 其中: and its colon, as the messages name the row."""
    return _PART_OF.sub("", label).rstrip(":：")


def _where(item: FundItem) -> tuple[str, str]:
    zh = f"（{COLUMN_ZH[item.column]}）" if item.column in COLUMN_ZH else ""
    en = f" ({COLUMN_EN[item.column]})" if item.column in COLUMN_EN else ""
    return zh, en


def _unit(form: Form) -> str:
    unit = money_unit(form)
    return f" {unit}" if unit else ""


# ((total key, column), the keys of its parts) in the order SUM001 and SUM002 report them
_TOTAL_KEYS = tuple(
    ((total_key, column), tuple((p, column) for p in part_keys))
    for total_key, part_keys in SUMS.items()
    for column in MONEY_COLUMNS
)


@per_form
def _totals(
    funds: Funds,
) -> tuple[tuple[str, str | None, FundItem, tuple[tuple[FundItem, Value | None], ...]], ...]:
    """(total key, column, total item, (part item, its amount) of each part present) of every
    total the funds have, in the order of SUMS and MONEY_COLUMNS (SUM001 and SUM002 walk them)."""
    index = fund_index(funds)
    found = []
    for key, parts in _TOTAL_KEYS:
        total_item = index.get(key)
        if total_item is not None:
            items = [(item, amount(item)) for item in map(index.get, parts) if item is not None]
            found.append((*key, total_item, tuple(items)))
    return tuple(found)


def check_fund_sums(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A stated total that cannot be the sum of its parts, column by column."""
    funds = form.funds
    if funds is None:
        return
    for total_key, column, total_item, parts in _totals(funds):
        total = amount(total_item)
        if total is None or total.number == 0:
            continue  # a total left at 0 beside its parts is SUM002's
        filled = [(item, v) for item, v in parts if v is not None]
        if not filled or sum(v.number for _, v in filled) == total.number:  # type: ignore[misc]
            continue  # the exact sum is within every rounding
        computed = add(*(of(v) for _, v in filled))  # type: ignore[arg-type]
        if intervals_meet(of(total), computed):
            continue
        zh_terms = " + ".join(f"{_label(i)} {shown(v) if v else '(空)'}" for i, v in parts)
        en_terms = " + ".join(
            f"{LABEL_EN.get(i.key, i.key)} {shown(v) if v else '(empty)'}" for i, v in parts
        )
        decimals = max(v.decimals for _, v in filled)  # type: ignore[union-attr]
        result = fmt(mid(computed), decimals)
        wzh, wen = _where(total_item)
        unit = _unit(form)
        yield Finding(
            total.span,
            f"{_label(total_item)}{wzh} {shown(total)}{unit} ≠ {zh_terms} = {result}{unit}",
            f"{LABEL_EN[total_key]}{wen} {shown(total)}{unit} ≠ {en_terms} = {result}{unit}",
            key=f"{total_key}/{column or 'amount'}",
        )


def check_missing_totals(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A total left empty or zero while its parts, or the annual request, are filled."""
    funds = form.funds
    if funds is None:
        return
    for total_key, column, total_item, parts in _totals(funds):
        total = total_item.amount
        if total is not None and total.number is not None and total.number != 0:
            continue
        evidence = [(item, v) for item, v in parts if v is not None and v.number]
        if not evidence and total_key == "project_total":
            annual = fund_index(funds).get(("annual_total", column))
            if amount(annual) is not None and amount(annual).number:  # type: ignore[union-attr]
                evidence = [(annual, amount(annual))]  # type: ignore[list-item]
        if not evidence:
            continue
        unit = _unit(form)
        state_zh = "为 0" if total is not None and total.number == 0 else "未填写"
        state_en = "is 0" if total is not None and total.number == 0 else "is empty"
        zh_ev = "、".join(f"{_label(i)} {shown(v)}{unit}" for i, v in evidence)  # type: ignore[arg-type]
        en_ev = ", ".join(f"{LABEL_EN.get(i.key, i.key)} {shown(v)}{unit}" for i, v in evidence)  # type: ignore[arg-type]
        span = total.span if total is not None and total.text else total_item.span
        wzh, wen = _where(total_item)
        yield Finding(
            span,
            f"{_label(total_item)}{wzh}{state_zh}，而{zh_ev}已填写",
            f"{LABEL_EN[total_key]}{wen} {state_en} while {en_ev} is filled in",
            key=f"{total_key}/{column or 'amount'}/missing",
        )


def rate_of(executed: Value, budget: Value) -> Interval | None:
    """执行率 in % as an interval, from the rounded amounts; None for a zero budget."""
    q = div(of(executed), of(budget))
    return None if q is None else (q[0] * HUNDRED, q[1] * HUNDRED)


def _rate_rows(funds: Funds) -> Iterator[tuple[FundItem, Value, Value, Value]]:
    """(row label item, stated rate, executed, budget) for every row that states a rate."""
    index = fund_index(funds)
    for item in funds.items:
        if item.column == "rate":
            rate = amount(item)
            executed = amount(index.get((item.key, "executed")))
            budget = amount(index.get((item.key, "adjusted")))
            if rate is not None and executed is not None and budget is not None:
                yield item, rate, executed, budget
    rate_item = index.get(("execution_rate", None))
    rate = amount(rate_item)
    if rate is None:
        return
    executed = amount(index.get(("executed", None)))
    budget = amount(index.get(("budget", None)))
    if executed is not None and budget is not None:
        yield rate_item, rate, executed, budget  # type: ignore[misc]


def check_execution_rates(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """执行率 = 全年执行数 / 全年预算数 on every row, in the legacy header and in remarks."""
    funds = form.funds
    if funds is not None:
        for item, rate, executed, budget in _rate_rows(funds):
            computed = rate_of(executed, budget)
            if computed is None or intervals_meet(of(rate), computed):
                continue
            name = _label(item) if item.key != "execution_rate" else "预算执行率"
            yield Finding(
                rate.span,
                f"{name} 执行率 {shown(rate)}% ≠ 执行数 {shown(executed)} ÷ 预算数 {shown(budget)}"
                f" = {fmt(mid(computed), 2)}%",
                f"{LABEL_EN.get(item.key, 'execution rate')}: rate {shown(rate)}% ≠ executed"
                f" {shown(executed)} ÷ budget {shown(budget)} = {fmt(mid(computed), 2)}%",
                key=f"{item.key}/rate",
            )
    row = budget_row(form)
    if row is None or row.note is None:
        return
    match = REMARK_RATE.search(row.note.value)
    if match is None:
        return
    quoted_text = match.group(1)
    quoted = Decimal(quoted_text)
    q_int = interval(quoted, _decimals(quoted_text))
    if match.group(2):
        e_text, b_text = match.group(2).replace(",", ""), match.group(3).replace(",", "")
        computed = div(
            interval(Decimal(e_text), _decimals(e_text)),
            interval(Decimal(b_text), _decimals(b_text)),
        )
        if computed is not None:
            computed = (computed[0] * HUNDRED, computed[1] * HUNDRED)
            if not intervals_meet(q_int, computed):
                yield Finding(
                    row.note.span,
                    f"备注中的执行率 {quoted_text}% ≠ {e_text} ÷ {b_text} = {fmt(mid(computed), 2)}%",
                    f"the rate {quoted_text}% in the remark ≠ {e_text} ÷ {b_text}"
                    f" = {fmt(mid(computed), 2)}%",
                    key=f"{row.name.value}/remark-rate",
                )
                return
    stated = form_rate(form)
    if stated is not None and not intervals_meet(q_int, stated[1]):
        yield Finding(
            row.note.span,
            f"备注中的执行率 {quoted_text}% 与资金表的执行率 {shown(stated[0])}% 不符",
            f"the rate {quoted_text}% in the remark disagrees with the funds table's"
            f" {shown(stated[0])}%",
            key=f"{row.name.value}/remark-rate",
        )


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _expected_score(weight: Decimal, rate: Interval) -> Interval:
    """weight × rate, capped at the weight (the rate may exceed 100%)."""
    lo, hi = mul(exact(weight), (rate[0] / HUNDRED, rate[1] / HUNDRED))
    return min(lo, weight), min(hi, weight)


def check_execution_score(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The 预算执行 score must be weight × rate, at most the weight."""
    funds = form.funds
    if funds is not None:
        index = fund_index(funds)
        rate = amount(index.get(("annual_total", "rate")))
        weight = amount(index.get(("annual_total", "weight"))) if rate is not None else None
        score = amount(index.get(("annual_total", "score"))) if weight is not None else None
        if weight is not None and rate is not None and score is not None:
            yield from _score_finding(score, weight, rate, of(rate), "预算执行")
    row = budget_row(form)
    if row is None:
        return
    stated = form_rate(form)
    if (
        stated is not None
        and row.weight is not None
        and row.weight.number is not None
        and row.score is not None
        and row.score.number is not None
    ):
        yield from _score_finding(row.score, row.weight, stated[0], stated[1], row.name.value)


def _score_finding(
    score: Value, weight: Value, rate: Value, rate_iv: Interval, name: str
) -> Iterator[Finding]:
    expected = _expected_score(weight.number, rate_iv)  # type: ignore[arg-type]
    if intervals_meet(of(score), expected) or (score.number is not None and score.number < 0):
        return
    result = num(mid(expected))
    capped = rate_iv[0] > HUNDRED
    yield Finding(
        score.span,
        f"{name} 得分 {shown(score)} ≠ 分值 {shown(weight)} × 执行率 {shown(rate)}%"
        f"{'，以分值为上限' if capped else ''} = {result}",
        f"{name} score {shown(score)} ≠ weight {shown(weight)} × rate {shown(rate)}%"
        f"{', capped at the weight' if capped else ''} = {result}",
        key=f"{name}/execution-score",
    )


RULES = (
    Rule(
        code="SUM001",
        computes=("funds",),
        why_zh="项目资金总额 = 财政资金 + 其他资金，年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（表样中有财政专户管理资金/单位资金的也计入），自评表的每一列都如此。各部分凑不出的总额是录入错误或未更新的数。舍入后的数按区间比较，所以 1,235.32 = 1,223.97 + 11.35 可以通过。",
        policy_zh="财预〔2020〕10号 表样：年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金；XBRL Calculation 1.1 舍入规则",
        name="fund-sum-mismatch",
        summary_zh="资金总额不等于各组成部分之和",
        summary_en="A funds total is not the sum of its parts",
        why="项目资金总额 = 财政资金 + 其他资金 and 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 "
        "(and 财政专户管理资金 / 单位资金 where the layout has them), in every column of a "
        "self-evaluation. A total that its parts cannot make is a typing error or a stale figure. "
        "Rounded figures are compared as intervals, so 1,235.32 = 1,223.97 + 11.35 passes.",
        bad="年度资金总额: 258.60 | 其中:当年财政拨款 208.72 | 上年结转资金 0.00 | 其他资金 0.00",
        good="年度资金总额: 258.60 | 其中:当年财政拨款 258.60 | 上年结转资金 0.00 | 其他资金 0.00",
        policy="财预〔2020〕10号 templates: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金; "
        "XBRL Calculation 1.1 rounding",
        severity="error",
        check=check_fund_sums,
    ),
    Rule(
        code="SUM002",
        computes=("funds",),
        why_zh="年度资金申请已填而总额为空（或当年拨款已填而总额为 0），审核人就不知道项目规模，后面的各项求和也无从核对。",
        policy_zh="财预〔2020〕10号 表样：资金表各金额均须填写",
        name="fund-total-missing",
        summary_zh="资金总额为空或为 0，而其组成部分已填写",
        summary_en="A funds total is empty or zero while its parts are filled",
        why="A total left empty beside a filled annual request (or 0 beside a filled appropriation) "
        "leaves the reviewer without the project's size, and every later sum is unchecked.",
        bad="项目资金总额 (空) | 年度资金申请总额 645,000.00",
        good="项目资金总额 645,000.00 | 年度资金申请总额 645,000.00",
        policy="财预〔2020〕10号 templates: every amount of the funds block is filled in",
        severity="warning",
        check=check_missing_totals,
    ),
    Rule(
        code="SUM003",
        computes=("funds",),
        why_zh="执行率 = 全年执行数 / 全年预算数（调整后预算）。表中、旧表样的预算执行率、或“执行率91% (72463.90/80000)”这样的备注中，同一行金额算不出的执行率，错报了资金花出去的比例。",
        policy_zh="财预〔2020〕10号：预算执行率 = 全年执行数 / 全年预算数；XBRL Calculation 1.1 舍入规则",
        name="execution-rate-mismatch",
        summary_zh="执行率不等于执行数 ÷ 预算数",
        summary_en="An execution rate is not executed ÷ budget",
        why="执行率 = 全年执行数 / 全年预算数 (the adjusted budget). A rate that the amounts on the "
        "same row cannot give, in the table, the older layout's 预算执行率, or a remark such as "
        "执行率91% (72463.90/80000), misstates how much of the money was spent.",
        bad="其中:当年财政拨款 | 1,235.32 | 1,223.97 | 执行率 100.00",
        good="其中:当年财政拨款 | 1,235.32 | 1,223.97 | 执行率 99.08",
        policy="财预〔2020〕10号: 预算执行率 = 全年执行数 / 全年预算数; XBRL Calculation 1.1 rounding",
        severity="error",
        check=check_execution_rates,
    ),
    Rule(
        code="SUM004",
        computes=("funds",),
        why_zh="预算执行得分是分值乘以执行率，且不超过分值。执行率 90.58% 却得满分，多报了缺少的那部分。",
        policy_zh="财预〔2020〕10号 项目支出绩效评价管理办法：预算执行率得分 = 分值 × 执行率",
        name="execution-score-mismatch",
        summary_zh="预算执行得分不等于分值 × 执行率",
        summary_en="The budget-execution score is not weight × rate",
        why="The score for budget execution is the weight times the execution rate, at most the "
        "weight. A full score at 90.58% overstates the result by the missing share.",
        bad="预算执行率 | 权重 8 | 自评分 8 (执行率 90.58%)",
        good="预算执行率 | 权重 8 | 自评分 7.25 (执行率 90.58%)",
        policy="财预〔2020〕10号 项目支出绩效评价管理办法: 预算执行率得分 = 分值 × 执行率",
        severity="error",
        check=check_execution_score,
    ),
)
