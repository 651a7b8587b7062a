"""Numbers as printed: rounding intervals (XBRL Calculation 1.1), money units, display.

A figure written with d decimals stands for the interval ±½·10^-d around it; a stated total and
the sum of its parts disagree only when their intervals cannot meet. Products and quotients of
rounded figures are intervals too, so a rate or a score computed from rounded amounts is compared
the same way. Weights are declared, not measured: callers pass them as exact intervals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from checks._form import names
from checks._memo import FORM_MEMO, per_form
from linter.parse.nodes import Form, FundItem, Funds, Indicator, Value

Interval = tuple[Decimal, Decimal]

MONEY_FACTOR = {
    "元": Decimal(1),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
    "千元": Decimal(1000),
}
HUNDRED = Decimal(100)
ZERO: Interval = (Decimal(0), Decimal(0))


@lru_cache(maxsize=64)
def half_ulp(decimals: int) -> Decimal:
    return Decimal(5) * Decimal(10) ** (-decimals - 1)


def interval(number: Decimal, decimals: int) -> Interval:
    h = half_ulp(decimals)
    return number - h, number + h


def exact(number: Decimal) -> Interval:
    return number, number


def of(value: Value) -> Interval:
    """The interval a printed value stands for (``interval`` of its number and decimals)."""
    number, h = value.number, half_ulp(value.decimals)
    return number - h, number + h  # type: ignore[operator]


def add(*parts: Interval) -> Interval:
    return sum((p[0] for p in parts), Decimal(0)), sum((p[1] for p in parts), Decimal(0))


def scale(a: Interval, factor: Decimal) -> Interval:
    lo, hi = a[0] * factor, a[1] * factor
    return (lo, hi) if lo <= hi else (hi, lo)


def mul(a: Interval, b: Interval) -> Interval:
    products = [x * y for x in a for y in b]
    return min(products), max(products)


def div(a: Interval, b: Interval) -> Interval | None:
    """a / b; None when b can be zero (the quotient is unbounded)."""
    if b[0] <= 0 <= b[1]:
        return None
    quotients = [x / y for x in a for y in b]
    return min(quotients), max(quotients)


def sum_interval(values: Iterable[Value]) -> Interval:
    return add(*(of(v) for v in values))


def intervals_meet(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def sum_consistent(total: Value, parts: Iterable[Value]) -> bool:
    """True when the stated total can be the sum of the parts, given how each was rounded."""
    return intervals_meet(of(total), sum_interval(parts))


def mid(a: Interval) -> Decimal:
    return (a[0] + a[1]) / 2


def fmt(number: Decimal, decimals: int = 2) -> str:
    """1838166 → 1,838,166; 258.6 with 2 decimals → 258.60; a number of more digits than the
    context holds (a 23-digit cost in 万元) with as many as it needs."""
    try:
        return f"{number.quantize(_quantum(decimals)):,}"
    except InvalidOperation:
        if not number.is_finite():
            return str(number)
        wide = Context(prec=max(28, number.adjusted() + decimals + 2))
        return f"{number.quantize(_quantum(decimals), context=wide):,}"


@lru_cache(maxsize=64)
def _quantum(decimals: int) -> Decimal:
    """The step ``fmt`` rounds to, 10^-decimals: the power cost a third of each ``fmt`` call, and
    the messages show a few dozen numbers per form in two languages."""
    return Decimal(10) ** -decimals if decimals > 0 else Decimal(1)


def num(number: Decimal) -> str:
    """A computed number, shown with as few decimals as it needs (at most two)."""
    text = fmt(number, 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


def shown(value: Value) -> str:
    """A value as the form wrote its number (thousands separators, same decimals)."""
    return fmt(value.number, value.decimals) if value.number is not None else value.text  # type: ignore[arg-type]


def to_yuan(number: Decimal, unit: str | None) -> Decimal:
    return number * MONEY_FACTOR.get(unit or "元", Decimal(1))


def dec(option: Any) -> Decimal:
    """A threshold from the configuration (int, float or string) as an exact Decimal."""
    try:
        return _dec(option)
    except TypeError:  # unhashable: converted as given
        return Decimal(str(option))


@lru_cache(maxsize=256, typed=True)
def _dec(option: Any) -> Decimal:
    """``dec``, remembered: the rules convert the same thresholds on every form."""
    return Decimal(str(option))


@per_form
def fund_index(funds: Funds) -> Mapping[tuple[str, str | None], FundItem]:
    """The items by (key, column), the first of each as ``Funds.get`` finds it, built once per
    funds block: the SUM and SCORE rules look up a dozen amounts each (never mutate it)."""
    return {(item.key, item.column): item for item in reversed(funds.items)}  # the first wins


def fund_item(funds: Funds, key: str, column: str | None = None) -> FundItem | None:
    """``funds.get(key, column)``, by the index."""
    return fund_index(funds).get((key, column))


def amount(item: FundItem | None) -> Value | None:
    """The item's amount when it is a number, else None (empty cell, dash)."""
    if item is None or item.amount is None or item.amount.number is None:
        return None
    return item.amount


def money_unit(form: Form) -> str | None:
    """元 or 万元 as the funds heading or the form says; None when neither says."""
    if form.funds is not None and form.funds.unit in MONEY_FACTOR:
        return form.funds.unit
    return form.money_unit if form.money_unit in MONEY_FACTOR else None


@per_form
def fund_budget(form: Form) -> tuple[FundItem, Value] | None:
    """The amount the project may spend this year: 年度资金总额, else 项目资金总额, else 当年预算数."""
    funds = form.funds
    if funds is None:
        return None
    index = fund_index(funds)
    for key, column in (
        ("annual_total", None),
        ("annual_total", "adjusted"),
        ("project_total", None),
        ("budget", None),
    ):
        item = index.get((key, column))
        value = amount(item)
        if item is not None and value is not None and value.number:
            return item, value
    return None


def money_in_yuan(value: Value, unit: str | None) -> Interval:
    """A printed money figure as an interval in 元."""
    return scale(of(value), MONEY_FACTOR.get(unit or "元", Decimal(1)))


def units_of(form: Form) -> tuple[str, ...]:
    """The money units the funds can be in: the stated one, or both 元 and 万元 when unstated."""
    unit = money_unit(form)
    return (unit,) if unit else ("元", "万元")


def option_bands(bands: Mapping[str, Any]) -> list[tuple[str, Decimal]]:
    """Configured grade bands {grade: lower bound}, highest first."""
    return sorted(((g, dec(low)) for g, low in bands.items()), key=lambda b: b[1], reverse=True)


@per_form
def form_rate(form: Form) -> tuple[Value, Interval] | None:
    """The form's overall execution rate as stated (annual total row, or 预算执行率) in %."""
    if form.funds is None:
        return None
    index = fund_index(form.funds)
    for key, column in (("annual_total", "rate"), ("execution_rate", None)):
        value = amount(index.get((key, column)))
        if value is not None:
            return value, of(value)
    return None


@per_form
def budget_row(form: Form) -> Indicator | None:
    """The older layout's 预算执行率 indicator row, scored like the funds table's 预算执行."""
    row = _budget_row(names(form))
    return None if row is None else form.indicators[row]


@lru_cache(maxsize=FORM_MEMO)
def _budget_row(names: tuple[str, ...]) -> int | None:
    """``budget_row`` by the names, remembered per list of names."""
    for row, name in enumerate(names):
        if "执行率" in name and ("预算" in name or "资金" in name):
            return row
    return None


@per_form
def score_rows(form: Form) -> tuple[tuple[Indicator, Value], ...]:
    """The rows whose score is a number, with it (the SCORE rules read them in turn; target
    forms have none)."""
    return tuple(
        (ind, score)
        for ind in form.indicators
        if (score := ind.score) is not None and score.number is not None
    )
