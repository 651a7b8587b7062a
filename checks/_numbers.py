"""Numbers as printed: rounding intervals (XBRL Calculation 1.1), money units, display.

A figure written with d decimals stands for the interval ±½·10^-d around it; a stated total and
the sum of its parts disagree only when their intervals cannot meet.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from linter.nodes import Value

MONEY_FACTOR = {
    "元": Decimal(1),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
    "千元": Decimal(1000),
}


def half_ulp(decimals: int) -> Decimal:
    return Decimal(5) * Decimal(10) ** (-decimals - 1)


def interval(number: Decimal, decimals: int) -> tuple[Decimal, Decimal]:
    h = half_ulp(decimals)
    return number - h, number + h


def sum_interval(values: Iterable[Value]) -> tuple[Decimal, Decimal]:
    lo = hi = Decimal(0)
    for v in values:
        a, b = interval(v.number, v.decimals)  # type: ignore[arg-type]
        lo, hi = lo + a, hi + b
    return lo, hi


def intervals_meet(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def sum_consistent(total: Value, parts: Iterable[Value]) -> bool:
    """True when the stated total can be the sum of the parts, given how each was rounded."""
    return intervals_meet(interval(total.number, total.decimals), sum_interval(parts))  # type: ignore[arg-type]


def fmt(number: Decimal, decimals: int = 2) -> str:
    """1838166 → 1,838,166; 258.6 with 2 decimals → 258.60."""
    q = Decimal(10) ** -decimals if decimals > 0 else Decimal(1)
    return f"{number.quantize(q):,}"


def shown(value: Value) -> str:
    """A value as the form wrote its number (thousands separators, same decimals)."""
    return fmt(value.number, value.decimals) if value.number is not None else value.text  # type: ignore[arg-type]


def to_yuan(number: Decimal, unit: str | None) -> Decimal:
    return number * MONEY_FACTOR.get(unit or "元", Decimal(1))
