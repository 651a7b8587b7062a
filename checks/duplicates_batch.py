"""DUP across a batch: one goal text or one indicator set filed for different projects.

A goal or an indicator table copied from another project's form describes that project, not
this one. These rules see every form of the run and keep, per form, only a fingerprint of the
goal and of the indicator names, the project's name and a stub of the form for the report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from checks._text import norm, quote
from linter.nodes import Form, Goals, Span
from linter.rules import Finding, Rule

_IDENTITY_FIELDS = ("project", "department", "unit")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _stub(form: Form) -> Form:
    """The form without its table, goals and funds: enough to name it in a report."""
    return replace(
        form,
        fields=tuple(f for f in form.fields if f.key in _IDENTITY_FIELDS),
        funds=None,
        goals=Goals(),
        categories=(),
        indicators=(),
        total=None,
        grade=None,
        notes=(),
        bands=(),
        repairs=(),
    )


@dataclass(frozen=True, slots=True)
class _Seen:
    path: str
    form: Form  # a stub
    project: str
    span: Span
    preview: str


class _FirstByDigest:
    """Keeps the first form per fingerprint; a later form of another project is a copy."""

    def __init__(self, what_zh: str, what_en: str) -> None:
        self.first: dict[str, _Seen] = {}
        self.copies: list[tuple[_Seen, _Seen]] = []
        self.what_zh, self.what_en = what_zh, what_en

    def add(self, digest: str, seen: _Seen) -> None:
        first = self.first.setdefault(digest, seen)
        if first is not seen and first.project != seen.project:
            self.copies.append((first, seen))

    def finish(self) -> Iterator[tuple[str, Form | None, Finding]]:
        for first, copy in self.copies:
            where = f"{first.path}:{first.span.line}"
            yield (
                copy.path,
                copy.form,
                Finding(
                    copy.span,
                    f"项目「{quote(copy.project, 30)}」的{self.what_zh}与项目「{quote(first.project, 30)}」"
                    f"（{where}）相同：「{copy.preview}」",
                    f"the {self.what_en} of project 「{quote(copy.project, 30)}」 is the same as that of"
                    f" project 「{quote(first.project, 30)}」 ({where}): 「{copy.preview}」",
                    f"{norm(first.project)}|{norm(copy.project)}",
                ),
            )


class _GoalBatch(_FirstByDigest):
    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__("年度目标", "annual goal")
        self.min_length = int(options["min_length"])

    def see(self, path: str, form: Form) -> None:
        goal, project = form.goals.annual, form.project
        if goal is None or not project:
            return
        key = norm(goal.value)
        if len(key) >= self.min_length:
            self.add(
                _digest(key),
                _Seen(path, _stub(form), norm(project), goal.span, quote(goal.value)),
            )


class _IndicatorSetBatch(_FirstByDigest):
    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__("三级指标（全部）", "set of indicators")
        self.min_indicators = int(options["min_indicators"])

    def see(self, path: str, form: Form) -> None:
        names = sorted({norm(i.name.value) for i in form.indicators} - {""})
        if len(names) < self.min_indicators or not form.project:
            return
        first = form.indicators[0]
        preview = quote("、".join(i.name.value for i in form.indicators[:3]))
        self.add(
            _digest("\n".join(names)),
            _Seen(path, _stub(form), norm(form.project), first.name.span, preview),
        )


RULES = [
    Rule(
        code="DUP006",
        name="goal-reused-across-projects",
        summary_zh="不同项目的年度目标相同",
        summary_en="The same annual goal in different projects",
        why="A goal copied from another project's form does not describe this project; the batch is"
        " compared after normalising spaces and punctuation. Forms of the same project (a target"
        " form and its self-evaluation) may share their goal and are not reported.",
        bad="项目A 年度总目标: 有效解决机构编制紧张…; 项目B 年度总目标: 有效解决机构编制紧张…",
        good="each project's goal names its own outputs and numbers",
        policy="财预〔2021〕101号: 绩效目标应与项目内容相关（相关性）",
        severity="warning",
        options={"min_length": 20},
        batch=_GoalBatch,
    ),
    Rule(
        code="DUP007",
        name="indicator-set-reused-across-projects",
        summary_zh="不同项目的三级指标完全相同",
        summary_en="The same set of indicators in different projects",
        why="Two projects with exactly the same indicators were filled from one template without"
        " adapting it; at least one of them measures the other's work.",
        bad="项目A and 项目B: 成本节约率, 成本结构合理性, 资金拨付准确率, … (identical)",
        good="indicators that measure each project's own outputs",
        policy="财预〔2021〕101号: 指标应与项目的产出和效果对应",
        severity="warning",
        options={"min_indicators": 4},
        batch=_IndicatorSetBatch,
    ),
]
