"""UNIT: a quantitative target with no unit at all.

``≥50`` may be 50 人, 50 件 or 50 万元: the budget system refuses to save a target without its
unit, and a reviewer cannot score it. Rates, amounts and time limits have rules of their own
(UNIT001, UNIT004, UNIT005), which say what unit they need; this rule covers the rest. A unit
written in the name's closing brackets (``开展修复工程(个)``) is a unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from checks._memo import per_options
from checks._units import (
    NAME_OPTIONS,
    UNIT_CLASSES,
    kind_reader,
    plain_name,
    typed_targets,
    unit_classes,
)
from linter.parse.nodes import Form
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

_OTHER_RULES = frozenset({"rate", "money", "time"})  # UNIT001, UNIT004, UNIT005
_BRACKETED = re.compile(r"[(（]\s*([^()（）]{1,6}?)\s*[)）]$")
_SCALE = re.compile(r"^[万千百亿]")
_MEASURES = ("立方米", "公顷", "平方公里", "公斤", "千克", "株", "单", "头", "只", "户", "人")


@per_options
def _unit_in_name(options: Mapping[str, Any]) -> Callable[[str], bool]:
    """Whether a name ends with its unit in brackets: (个), (万立方米), (人)."""
    class_of = unit_classes(options)

    @lru_cache(maxsize=TEXT_MEMO)
    def named(name: str) -> bool:
        match = _BRACKETED.search(plain_name(name))
        if match is None:
            return False
        unit = match.group(1)
        bare = _SCALE.sub("", unit) or unit
        return class_of(unit) is not None or class_of(bare) is not None or bare in _MEASURES

    return named


def check_unit_missing(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A number target with no unit, in the value or the name's closing brackets."""
    kind_of = kind_reader(options)
    named = _unit_in_name(options)
    for ind, value, kind in typed_targets(form, kind_of).rows:
        if value.unit is not None or kind in _OTHER_RULES or named(ind.name.value):
            continue
        name = plain_name(ind.name.value)
        yield Finding(
            value.span,
            f"指标「{name}」的目标值「{value.text}」没有计量单位，看不出是人、件、次还是别的；"
            "应写明单位（预算系统不填单位无法保存）",
            f'indicator "{name}": target "{value.text}" has no unit, so it may count people,'
            " items or events; state the unit (the budget system will not save a target without"
            " one)",
            f"{name}={value.text}",
        )


RULES = [
    Rule(
        code="UNIT008",
        computes=("table",),
        name="unit-missing",
        summary_zh="数值目标没有计量单位",
        summary_en="A quantitative target without a unit",
        why="≥50 may be 50 people, 50 items or 50 万元; the budget system refuses to save a target"
        " without its unit, and nobody can score it. Rates, amounts and time limits are left to"
        " UNIT001, UNIT004 and UNIT005, which name the unit they need; a unit in the name's"
        " closing brackets (开展修复工程(个)) counts.",
        why_zh="≥50 可能是 50 人、50 件，也可能是 50 万元；预算系统不填单位无法保存，也无法评分。比率、金额和时限由"
        " UNIT001、UNIT004、UNIT005 检查（它们说明需要什么单位）；指标名称末尾括号中的单位（开展修复工程(个)）也算单位。",
        bad="数量指标 | 完成农村户用卫生厕所改造数量 | ≥2000",
        good="数量指标 | 完成农村户用卫生厕所改造数量 | ≥2000户",
        policy="财预〔2021〕101号 指标取值: 定量指标写明计量单位; the budget system requires a unit",
        policy_zh="财预〔2021〕101号 指标取值：定量指标写明计量单位；预算系统要求填写单位",
        severity="warning",
        options={
            "units": {cls: [] for cls in UNIT_CLASSES},
            **{key: NAME_OPTIONS[key] for key in ("rate_names", "money_names", "time_names")},
        },
        check=check_unit_missing,
    ),
]
