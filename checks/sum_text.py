"""SUM: amounts written in the goals and the cost indicators, recomputed and held against the funds.

Itemised amounts with a 合计 add up; a count times a unit price gives the product the text states;
the cost these imply fits the project's funds; a cost ceiling is not above the funds and is in the
funds' money unit. Amounts are converted to 元 before any comparison, and rounded figures are
compared as intervals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from checks._form import names
from checks._memo import per_form
from checks._numbers import (
    MONEY_FACTOR,
    Interval,
    add,
    exact,
    fund_budget,
    interval,
    intervals_meet,
    mid,
    money_in_yuan,
    mul,
    num,
    of,
    scale,
    shown,
    units_of,
)
from checks._units import number_targets, text_targets
from linter.parse.nodes import Form, Indicator, Span, Value
from linter.parse.normalize import LABEL_MEMO, TEXT_MEMO
from linter.rules import Finding, Rule

AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|千元|元)"
MONEY = re.compile(AMOUNT)
TOTAL = re.compile(r"(?:合计|共计|总计|总金额|总额)\s*[:：为]?\s*" + AMOUNT)
MEASURE = "条个人台次件份套家所项场期本张间处辆"
PER = re.compile(rf"每([{MEASURE}])[^\d，,；;。]{{0,8}}?" + AMOUNT)
CLAUSE_BREAK = re.compile(r"[。；;]|目标\s*\d+\s*[:：]")
SENTENCE_BREAK = re.compile(r"。|目标\s*\d+\s*[:：]")
COUNT_SUFFIX = re.compile(r"(?:数量|个数|总数|数)$")
ITEM_PREFIX = re.compile(r"^(?:指标\s*\d+\s*[:：])")


class Product(NamedTuple):
    """count × unit price, as the text or the indicator table gives it (price in 元)."""

    count: Decimal
    price: Interval
    span: Span

    @property
    def cost(self) -> Interval:
        return mul(exact(self.count), self.price)

    def zh(self) -> str:
        return f"{num(self.count)} × {num(mid(self.price))} 元"


class Breakdown(NamedTuple):
    """A 合计 in text with the amounts before it (items) or a count × unit price (product)."""

    total: Interval
    total_text: str
    items: tuple[tuple[Interval, str], ...]
    product: Product | None
    span: Span


def _number(text: str) -> tuple[Decimal, int]:
    clean = text.replace(",", "")
    return Decimal(clean), len(clean.split(".")[1]) if "." in clean else 0


def _money(number_text: str, unit: str) -> Interval:
    n, d = _number(number_text)
    return scale(interval(n, d), MONEY_FACTOR[unit])


def _start(text: str, end: int, breaks: re.Pattern[str], floor: int = 0) -> int:
    start = floor
    for m in breaks.finditer(text, floor, end):
        start = m.end()
    return start


def _product_in(text: str, start: int, end: int) -> tuple[Decimal, Interval] | None:
    """(count, unit price in 元) written between ``start`` and ``end``: 11条 … 每条15000元."""
    per = None
    for m in PER.finditer(text, start, end):
        per = m
    if per is None:
        return None
    counts = list(re.finditer(rf"(\d+)\s*{per.group(1)}", text[start : per.start()]))
    if not counts:
        return None
    return Decimal(counts[-1].group(1)), _money(per.group(2), per.group(3))


_Stated = tuple[Interval, str, tuple[tuple[Interval, str], ...], tuple[Decimal, Interval] | None]


@lru_cache(maxsize=LABEL_MEMO)
def _stated_totals(text: str) -> tuple[_Stated, ...]:
    """(total, as written, amounts before it, count × price before it) of every 合计 in a text;
    remembered, since goals and target texts recur across forms."""
    found = []
    previous = 0
    for m in TOTAL.finditer(text):
        start = _start(text, m.start(), SENTENCE_BREAK, previous)
        items = tuple(
            (_money(a.group(1), a.group(2)), f"{a.group(1)}{a.group(2)}")
            for a in MONEY.finditer(text, start, m.start())
        )
        found.append(
            (
                _money(m.group(1), m.group(2)),
                f"{m.group(1)}{m.group(2)}",
                items,
                _product_in(text, start, m.start()),
            )
        )
        previous = m.end()
    return tuple(found)


def _stated(form: Form) -> Iterator[tuple[_Stated, Span]]:
    """Each 合计 stated in the goals and the text targets, with the span of its text."""
    goals = form.goals
    for text in (goals.total, goals.annual):
        if text is not None:
            for stated in _stated_totals(text.value):
                yield stated, text.span
    for _, target in text_targets(form):
        if target.text:
            for stated in _stated_totals(target.text):
                yield stated, target.span


@per_form
def breakdowns(form: Form) -> tuple[Breakdown, ...]:
    """Every 合计 the form's texts state, with what they claim to add up (SUM005-007 ask for them
    in turn: once per form)."""
    return tuple(
        Breakdown(
            total,
            total_text,
            items,
            None if product is None else Product(product[0], product[1], span),
            span,
        )
        for (total, total_text, items, product), span in _stated(form)
    )


@lru_cache(maxsize=TEXT_MEMO)
def _subject(name: str) -> str:
    return ITEM_PREFIX.sub("", name).strip()


def indicator_products(form: Form) -> list[Product]:
    """Cost rows priced 每条/每个 … paired with the quantity row that counts the same thing."""
    if not any("每" in name for name in names(form)):
        return []  # no row is priced, and quantities alone make no product
    counts: list[tuple[str, Decimal]] = []
    prices: list[tuple[str, Value]] = []
    for ind in form.indicators:
        t = ind.target
        if t is None or t.number is None or t.op not in (None, "="):
            continue
        name = _subject(ind.name.value)
        if t.unit in MONEY_FACTOR and "每" in name and is_cost(ind):
            prices.append((name.split("每")[0], t))
        elif t.unit and t.unit not in MONEY_FACTOR and t.unit != "%" and t.decimals == 0:
            subject = COUNT_SUFFIX.sub("", name)
            if len(subject) >= 2:
                counts.append((subject, t.number))
    products = []
    for owner, price in prices:
        for subject, count in counts:
            if len(owner) >= 2 and (subject in owner or owner in subject):
                products.append(
                    Product(
                        count,
                        money_in_yuan(price, price.unit),
                        price.span,
                    )
                )
                break
    return products


def is_cost(ind: Indicator) -> bool:
    return "成本" in (ind.level1 or "") or "成本" in (ind.level2 or "")


def yuan(iv: Interval) -> str:
    return f"{num(mid(iv))} 元"


def wan(iv: Interval) -> str:
    return f"{num(mid(iv) / MONEY_FACTOR['万元'])} 万元"


def check_itemised(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The amounts listed before a 合计 add up to it."""
    for b in breakdowns(form):
        if b.product is not None or len(b.items) < 2:
            continue
        computed = add(*(iv for iv, _ in b.items))
        if intervals_meet(b.total, computed):
            continue
        terms = " + ".join(text for _, text in b.items)
        yield Finding(
            b.span,
            f"分项金额之和 {terms} = {yuan(computed)}，与所写合计 {b.total_text} 不符",
            f"the itemised amounts {terms} add up to {yuan(computed)}, not the stated total"
            f" {b.total_text}",
            key=f"itemised/{b.total_text}",
        )


def check_products(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A stated 合计 that is not the count times the unit price before it."""
    for b in breakdowns(form):
        p = b.product
        if p is None or intervals_meet(b.total, p.cost):
            continue
        yield Finding(
            b.span,
            f"数量 × 单价 {p.zh()} = {yuan(p.cost)}，与所写合计 {b.total_text} 不符",
            f"count × unit price {p.zh()} = {yuan(p.cost)}, not the stated total {b.total_text}",
            key=f"product/{b.total_text}",
        )


def exceeds(cost: Interval, budget: Value, units: tuple[str, ...]) -> bool:
    return all(cost[0] > money_in_yuan(budget, u)[1] for u in units)


def _differs(cost: Interval, budget: Value, units: tuple[str, ...]) -> bool:
    return not any(intervals_meet(cost, money_in_yuan(budget, u)) for u in units)


def check_breakdown_vs_funds(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The cost the texts imply must fit the funds: a 合计 equals them, products stay within."""
    found = fund_budget(form)
    if found is None:
        return
    item, budget = found
    stated = breakdowns(form)
    priced = [b.product for b in stated if b.product] + indicator_products(form)
    if not stated and not priced:
        return
    units = units_of(form)
    budget_text = f"{shown(budget)} {units[0]}" if len(units) == 1 else shown(budget)
    label = item.label.rstrip(":：")
    for b in stated:
        if b.product is None and len(b.items) >= 2 and _differs(b.total, budget, units):
            yield Finding(
                budget.span,
                f"{label} {budget_text} 与分项合计 {b.total_text} ({wan(b.total)}) 不符",
                f"the funds {budget_text} disagree with the itemised total {b.total_text}"
                f" ({wan(b.total)})",
                key=f"breakdown/{b.total_text}",
            )
    products: dict[tuple[Decimal, Interval], Product] = {}
    for p in priced:
        products.setdefault((p.count, p.price), p)
    if not products:
        return
    cost = add(*(p.cost for p in products.values()))
    if exceeds(cost, budget, units):
        terms = " + ".join(p.zh() for p in products.values())
        yield Finding(
            budget.span,
            f"{label} {budget_text} < 按数量 × 单价计算的成本 {terms} = {yuan(cost)} = {wan(cost)}",
            f"the funds {budget_text} < the cost from count × unit price {terms} = {yuan(cost)}"
            f" = {wan(cost)}",
            key="products/funds",
        )


def check_cost_ceilings(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A cost ceiling above the project's funds, or in another money unit without conversion."""
    found = fund_budget(form)
    if found is None:
        return
    _, budget = found
    units = units_of(form)
    for ind, t in number_targets(form):
        if (
            t.unit not in MONEY_FACTOR
            or t.op in (">=", ">")
            or not is_cost(ind)
            or "每" in ind.name.value
        ):
            continue
        cost = money_in_yuan(t, t.unit)
        name = _subject(ind.name.value)
        if len(units) == 1 and t.unit != units[0] and intervals_meet(of(t), of(budget)):
            yield Finding(
                t.span,
                f"成本指标「{name}」{t.text} 与项目资金 {shown(budget)} {units[0]} 数字相同而单位不同，"
                f"未换算（{shown(budget)} {units[0]} = {yuan(money_in_yuan(budget, units[0]))}）",
                f"cost indicator '{name}' {t.text} repeats the funds' figure {shown(budget)}"
                f" {units[0]} in another unit without converting it",
                key=f"{name}/unit",
            )
        elif exceeds(cost, budget, units):
            yield Finding(
                t.span,
                f"成本指标「{name}」{t.text} = {yuan(cost)} 超过项目资金 {shown(budget)} {units[-1]}"
                f" = {yuan(money_in_yuan(budget, units[-1]))}",
                f"cost indicator '{name}' {t.text} = {yuan(cost)} exceeds the funds"
                f" {shown(budget)} {units[-1]} = {yuan(money_in_yuan(budget, units[-1]))}",
                key=f"{name}/ceiling",
            )


RULES = (
    Rule(
        code="SUM005",
        why_zh="列出各项金额和合计的目标或指标是申报人自己的成本明细；各项凑不出合计时，其中必有一项是错的。",
        policy_zh="审核标准“适当性”（资金与目标相匹配）；算术",
        name="itemised-sum-mismatch",
        summary_zh="文字中的分项金额之和不等于所写合计",
        summary_en="Amounts itemised in text do not add up to the stated total",
        why="A goal or indicator that lists amounts and a 合计 is the applicant's own cost "
        "breakdown; when the items do not make the total, one of them is wrong.",
        bad="专技雇员10人，1358280元；保安2人，132000元；文职3人，347886元，合计1900000元",
        good="专技雇员10人，1358280元；保安2人，132000元；文职3人，347886元，合计1838166元",
        policy="review criterion 适当性 (the money fits the goal); arithmetic",
        severity="error",
        check=check_itemised,
    ),
    Rule(
        code="SUM006",
        why_zh="给出数量、单价和总额的文字（11条 × 每条15000元 = 165000元）自带算式；乘积错了就错报了成本。",
        policy_zh="审核标准“适当性”（资金与目标相匹配）；算术",
        name="unit-price-product-mismatch",
        summary_zh="数量 × 单价不等于所写合计",
        summary_en="Count × unit price is not the stated total",
        why="A text that gives a count, a unit price and their total (11条 × 每条15000元 = 165000元) "
        "states its own arithmetic; a wrong product misstates the cost.",
        bad="租用11条专线, 每条年租费15000元, 合计156000元",
        good="租用11条专线, 每条年租费15000元, 合计165000元",
        policy="review criterion 适当性 (the money fits the goal); arithmetic",
        severity="error",
        check=check_products,
    ),
    Rule(
        code="SUM007",
        computes=("funds", "table"),
        why_zh="分项合计应等于项目资金，目标和成本指标中的数量乘单价不能超过项目资金。低于项目资金的部分明细不报告。",
        policy_zh="审核标准“适当性”：资金与目标相匹配；成本指标不超过项目资金",
        name="breakdown-vs-funds",
        summary_zh="文字或成本指标推算的成本与项目资金不符",
        summary_en="The cost implied by the text or the cost indicators does not fit the funds",
        why="An itemised 合计 should equal the project's funds, and the counts times the unit "
        "prices in the goal and the cost indicators cannot exceed them. Partial breakdowns below "
        "the funds are not reported.",
        bad="年度资金总额 48 万元; 11条 × 15000元 + 136个村卫生室 × 2400元 = 491,400 元",
        good="年度资金总额 49.14 万元 with the same counts and prices",
        policy="review criterion 适当性: 资金与目标相匹配; 成本指标 within the funds",
        severity="warning",
        check=check_breakdown_vs_funds,
    ),
    Rule(
        code="SUM008",
        computes=("funds", "table"),
        why_zh="成本指标“≤ X”限定项目支出；上限高于项目资金等于没有限定，而把资金数按另一单位照抄（35 万元写成 ≤35元）会差一万倍。",
        policy_zh="成本指标是金额，成本上限不能超过项目资金（财预〔2021〕101号）",
        name="cost-ceiling-over-funds",
        summary_zh="成本指标上限超过项目资金或单位未换算",
        summary_en="A cost ceiling exceeds the funds or is in another unit without conversion",
        why="A cost indicator `≤ X` bounds the project's spending; a bound above the funds bounds "
        "nothing, and the funds' figure copied in another unit (35 万元 written as ≤35元) is off "
        "by a factor of ten thousand.",
        bad="项目资金 (万元) 35 | 业务经费费用 ≤350万元",
        good="项目资金 (万元) 35 | 业务经费费用 ≤35万元",
        policy="Cost indicators are money and a cost ceiling cannot exceed the project's funds "
        "(财预〔2021〕101号)",
        severity="error",
        check=check_cost_ceilings,
    ),
)
