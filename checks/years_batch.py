"""LINK, one project's forms of consecutive years: targets below last year's result, copies.

A project filed year after year (经常性项目) shows its progress: this year's target should ask at
least what last year's self-evaluation reports as achieved, and a goal or a table of targets
copied unchanged from last year's form was not set for this year. Forms are linked by project
name (its words, without a year such as 2023年) and unit; findings are on the later year's form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from checks._links import Link, Linker, Packed, Seen, link_digest, match_rows, opened
from checks._numbers import num
from checks._text import quote
from checks.history import WAY_ZH, laxer
from linter.parse.nodes import FormKind
from linter.rules import Finding, Rule

_YEAR = re.compile(r"(?:19|20)\d{2}年?度?")
Compare = Callable[[str, Link, Link, Mapping[str, Any]], Iterator[Finding]]


def _project_key(link: Packed) -> tuple[str, int] | None:
    if link.year is None or link.legacy:
        return None
    project = _YEAR.sub("", link.project)
    return (project, link.year) if project else None


def _next_to(key: tuple[str, int]) -> tuple[tuple[str, int], ...]:
    """The project's forms of the year before and the year after."""
    project, year = key
    return ((project, year - 1), (project, year + 1))


def _consecutive(compare: Compare) -> Callable[[Mapping[str, Any]], Linker]:
    """A batch check that finds a form's previous year and compares them with
    ``compare(where last year's form is, last year, this year, options)``."""

    def factory(options: Mapping[str, Any]) -> Linker:
        def relate(new: Seen, old: Seen) -> Iterator[tuple[bool, Finding]]:
            on_new = new[2].year > old[2].year  # type: ignore[operator]
            last, this = (old, new) if on_new else (new, old)
            for finding in compare(last[0], opened(last[2]), opened(this[2]), options):
                yield on_new, finding

        return Linker(_project_key, _next_to, relate)

    return factory


def below_last_year(
    path: str, last: Link, this: Link, options: Mapping[str, Any]
) -> Iterator[Finding]:
    """This year's targets against the actual values last year's self-evaluation reports."""
    if last.kind != FormKind.SELF_EVALUATION.value:
        return
    for done, planned in match_rows(last.rows, this.rows).pairs:
        a, t = done.actual, planned.target
        way = laxer(t, a)
        if way is None:
            continue
        yield Finding(
            planned.span,
            f"「{quote(planned.name)}」{this.year}年目标 {t.text} {WAY_ZH[way]}{last.year}年自评表"  # type: ignore[union-attr]
            f"（{path}:{done.span.line}）的实际完成值 {a.text}：目标比已达到的水平还低",
            f"'{quote(planned.name)}': the {this.year} target {t.text} is {way} the {last.year}"
            f" actual {a.text} ({path}:{done.span.line}): it asks less than was achieved",
            f"{planned.key}|below-last-year",
        )


def copied(path: str, last: Link, this: Link, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The goal, or the whole table of names and targets, as last year's form planned them (a
    self-evaluation's 预期目标 and targets are its year's plan too)."""
    long_enough = len(this.goal) >= int(options["min_length"])
    if this.goal_span is not None and long_enough and this.goal == last.goal:
        yield Finding(
            this.goal_span,
            f"{this.year}年的年度目标与{last.year}年的表（{path}）逐字相同，未按本年度更新",
            f"the {this.year} annual goal is word for word the {last.year} form's ({path}):"
            " it was not set for this year",
            "copied/goal",
        )
    rows = {(r.key, r.target) for r in this.rows if r.period == "annual"}
    if len(rows) >= int(options["min_indicators"]) and rows == {
        (r.key, r.target) for r in last.rows if r.period == "annual"
    }:
        yield Finding(
            this.rows[0].span,
            f"{this.year}年的 {num(len(rows))} 个指标及其目标值与{last.year}年的表（{path}）完全相同，"
            "未按本年度更新",
            f"the {this.year} form's {len(rows)} indicators and targets are exactly the"
            f" {last.year} form's ({path}): none was set for this year",
            "copied/indicators",
        )


_LINKING = (
    "Forms are linked by project name (without a year such as 2023年) and unit, in consecutive"
    " years, anywhere in the batch; the finding is on the later year's form."
)
_LINKING_ZH = "按项目名称（去掉“2023年”这样的年份）和实施单位，在整批表单中找相邻年度的表；问题标在后一年的表上。"

RULES = [
    Rule(
        code="LINK004",
        name="target-below-last-year",
        summary_zh="目标值低于上年自评表的实际完成值",
        summary_en="A target below the actual value of last year's self-evaluation",
        why="Last year's self-evaluation states what the project achieved; a ≥ target below it (or"
        " a ≤ target above it) plans to do worse and is met without effort. Indicators are"
        " matched by their words; only numbers in the same unit are compared. The same check"
        " within one form's 历史值 column is VAG010. " + _LINKING,
        why_zh="上年自评表写明了项目已经达到的水平；低于它的 ≥ 目标（或高于它的 ≤ 目标）计划比上年做得差，不费力就能达成。"
        "指标按字词匹配，只比较单位相同的数值。同一张表内的历史值一栏由 VAG010 检查。"
        + _LINKING_ZH,
        bad="2024年自评: 医疗费报销审核案件量 | ≥5600件 | 实际 6000件;  2025年申报: … | ≥5000件",
        good="2025年申报: 医疗费报销审核案件量 | ≥6000件",
        policy="财预〔2021〕101号: 指标值参考历史标准，应具有一定挑战性",
        policy_zh="财预〔2021〕101号：指标值参考历史标准设定，应具有一定挑战性",
        severity="warning",
        batch=_consecutive(below_last_year),
        digest=link_digest,
    ),
    Rule(
        code="LINK005",
        name="copied-from-last-year",
        summary_zh="年度目标或全部指标与上年的表逐字相同",
        summary_en="The goal or the whole table copied unchanged from last year's form",
        why="A recurring project's goal and targets are set each year from last year's results; a"
        " goal word for word last year's (min_length characters or more), or every indicator"
        " with the same target (min_indicators or more), was copied forward without review."
        " A self-evaluation's 预期目标 and targets are its year's plan, so it is compared with the"
        " next year's target form. " + _LINKING,
        why_zh="经常性项目每年应根据上年结果设定目标；年度目标与上年逐字相同（不少于 min_length 字），或全部指标及目标值与"
        "上年相同（不少于 min_indicators 个），说明是照抄上年、未经重新审视。只比较同类表单。"
        + _LINKING_ZH,
        bad="2024年、2025年申报表: 年度总目标 按时发放非编人员工资,保证非编人员待遇 (identical)",
        good="2025年申报表: 年度总目标 按时足额发放 12 名非编人员工资,审核案件量达到 6000 件",
        policy="财预〔2020〕10号 and 财预〔2021〕101号: 绩效目标应根据年度工作任务合理设定",
        policy_zh="财预〔2020〕10号和财预〔2021〕101号：绩效目标应根据年度工作任务合理设定",
        severity="warning",
        options={"min_length": 10, "min_indicators": 4},
        batch=_consecutive(copied),
        digest=link_digest,
    ),
]
