"""VAG: a target less demanding than what the project already achieved.

A form with a 历史值 / 上年度实际水平 column states last year's result beside this year's target;
a ≥ target below it (or a ≤ target above it) plans to do worse than before, which any result
meets. The same comparison across two years' forms of a project is LINK004.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Protocol

from checks._text import quote
from checks._units import same_unit
from linter.parse.nodes import Form
from linter.rules import Finding, Rule

WAY_ZH = {"below": "低于", "above": "高于"}


class _Number(Protocol):
    op: str | None
    number: Decimal | None
    unit: str | None


def laxer(target: _Number | None, achieved: _Number | None) -> str | None:
    """How a target asks less than a result already achieved, both numbers in one unit:
    "below" for a ≥ target under it, "above" for a ≤ target over it; None otherwise."""
    if target is None or achieved is None or target.number is None or achieved.number is None:
        return None
    if target.unit != achieved.unit and (
        target.unit is None or achieved.unit is None or not same_unit(target.unit, achieved.unit)
    ):
        return None
    if target.op in (">=", ">") and target.number < achieved.number:
        return "below"
    if target.op in ("<=", "<") and target.number > achieved.number:
        return "above"
    return None


def check_below_history(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A target under the form's own 历史值 (or a ceiling over it)."""
    for ind in form.indicators:
        t, h = ind.target, ind.history
        way = laxer(t, h)
        if way is None:
            continue
        yield Finding(
            t.span,  # type: ignore[union-attr]
            f"「{quote(ind.name.value)}」目标 {t.text} {WAY_ZH[way]}本表所列历史值/上年实际 {h.text}："  # type: ignore[union-attr]
            "目标比已达到的水平还低，任何结果都能达成",
            f"「{quote(ind.name.value)}」 target {t.text} is {way} the form's own 历史值 / last"
            f" year's result {h.text}: it asks less than was already achieved",
            f"{ind.name.value}|history",
        )


RULES = [
    Rule(
        code="VAG010",
        computes=("table",),
        name="target-below-history",
        summary_zh="目标值低于本表所列的历史值或上年实际水平",
        summary_en="A target below the form's own 历史值 or last year's result",
        why="A 历史值 / 上年度实际水平 column states what the project already achieved; a ≥ target"
        " below it (or a ≤ target above it) plans to do worse and is met by any result. Only"
        " numbers in the same unit are compared.",
        why_zh="历史值/上年度实际水平一栏写明项目已经达到的水平；低于它的 ≥ 目标（或高于它的 ≤ 目标）计划比过去做得差，"
        "任何结果都能达成。只比较单位相同的数值。",
        bad="受理件数 | 历史值 5800件 | 指标值 ≥4000件",
        good="受理件数 | 历史值 5800件 | 指标值 ≥6000件",
        policy="财预〔2021〕101号: 指标值参考历史标准设定，应具有一定挑战性",
        policy_zh="财预〔2021〕101号：指标值参考历史标准设定，应具有一定挑战性",
        severity="warning",
        check=check_below_history,
    ),
]
