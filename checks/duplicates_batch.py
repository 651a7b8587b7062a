"""DUP across a batch: one goal text or one indicator set filed for different projects.

A goal or an indicator table copied from another project's form describes that project, not
this one. Each form's digest (taken where the form is checked) is a fingerprint of its goal or
its indicator names, the project's name and a short preview; the batch check compares digests.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from checks._memo import per_options
from checks._text import norm, quote
from linter.parse.nodes import Form, FormInfo
from linter.rules import Finding, FormDigest, Rule

# Sets a bureau prescribes to every project of a kind: a salary project's forms (工资性支出) are
# filled from one set of indicators and one goal by rule, not by copying another project's form.
PRESCRIBED = [
    {"name": "salaries", "project": "工资性支出|工资福利|人员经费|人员工资|社保缴费|基本支出"},
]


class _Print(NamedTuple):
    fingerprint: str
    project: str  # normalised
    preview: str


def _fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class _Allowed(NamedTuple):
    """What a rule's ``allow`` profiles exempt: projects by name, goals and indicator sets."""

    project: Callable[[str], bool]
    goals: frozenset[str]  # normalised
    indicator_sets: tuple[frozenset[str], ...]  # normalised names; a subset of one is exempt


@per_options
def _allowed(options: Mapping[str, Any]) -> _Allowed:
    """The ``allow`` profiles of DUP006 / DUP007, read once per run: each may name a project
    pattern (a regular expression), prescribed goals, or a prescribed set of indicators."""
    patterns = [p["project"] for p in options["allow"] if p.get("project")]
    project = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    goals = frozenset(norm(g) for p in options["allow"] for g in p.get("goals", ()))
    sets = tuple(
        frozenset(norm(n) for n in p["indicators"]) for p in options["allow"] if p.get("indicators")
    )
    return _Allowed(
        (lambda name: project.search(name) is not None) if project else (lambda name: False),
        goals,
        sets,
    )


def goal_digest(form: Form, options: Mapping[str, Any]) -> FormDigest | None:
    goal, project = form.goals.annual, form.project
    if goal is None or not project:
        return None
    key = norm(goal.value)
    if len(key) < int(options["min_length"]):
        return None
    allowed = _allowed(options)
    if key in allowed.goals or allowed.project(project):
        return None
    return FormDigest(goal.span, _Print(_fingerprint(key), norm(project), quote(goal.value)))


def indicator_set_digest(form: Form, options: Mapping[str, Any]) -> FormDigest | None:
    names = sorted({norm(i.name.value) for i in form.indicators} - {""})
    if len(names) < int(options["min_indicators"]) or not form.project:
        return None
    allowed = _allowed(options)
    if allowed.project(form.project) or any(s.issuperset(names) for s in allowed.indicator_sets):
        return None
    preview = quote("、".join(i.name.value for i in form.indicators[:3]))
    return FormDigest(
        form.indicators[0].name.span,
        _Print(_fingerprint("\n".join(names)), norm(form.project), preview),
    )


class _First(NamedTuple):
    where: str  # path:line of the first form with a fingerprint
    project: str  # normalised


class _Message(NamedTuple):
    zh: str
    en: str
    key: str


class _FirstByPrint:
    """Keeps the first form per fingerprint; a later form of another project is a copy, reported
    as it is seen (the first form is known by then), so nothing is kept per copy.

    A batch often holds many copies of a few texts (one template filed by many projects): a
    copy's message depends only on the first form, the copy's project and its preview, and is
    made once for the copies sharing them.
    """

    def __init__(self, what_zh: str, what_en: str) -> None:
        self.first: dict[str, _First] = {}
        self.messages: dict[tuple[str, str, str], _Message] = {}
        self.what_zh, self.what_en = what_zh, what_en

    def see(self, path: str, form: FormInfo, digest: FormDigest) -> list[Finding]:
        copy: _Print = digest.data
        first = self.first.get(copy.fingerprint)
        if first is None:
            self.first[copy.fingerprint] = _First(f"{path}:{digest.span.line}", copy.project)
        elif first.project != copy.project:
            return [Finding(digest.span, *self._message(first, copy))]
        return []

    def _message(self, first: _First, copy: _Print) -> _Message:
        key = (copy.fingerprint, copy.project, copy.preview)
        message = self.messages.get(key)
        if message is None:
            message = self.messages[key] = self._describe(first, copy)
        return message

    def _describe(self, first: _First, copy: _Print) -> _Message:
        a, b = quote(first.project, 30), quote(copy.project, 30)
        return _Message(
            f"项目「{b}」的{self.what_zh}与项目「{a}」（{first.where}）相同：「{copy.preview}」",
            f"the {self.what_en} of project 「{b}」 is the same as that of project 「{a}」"
            f" ({first.where}): 「{copy.preview}」",
            f"{first.project}|{copy.project}",
        )

    def finish(self) -> list[tuple[str, FormInfo | None, Finding]]:
        return []  # every copy was reported as it was seen


class _GoalBatch(_FirstByPrint):
    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__("年度目标", "annual goal")


class _IndicatorSetBatch(_FirstByPrint):
    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__("三级指标（全部）", "set of indicators")


RULES = [
    Rule(
        code="DUP006",
        why_zh="从别的项目表中照搬的目标并不描述本项目；整批表单在规范空格和标点后比较。同一项目的表单（申报表与其自评表）可以目标相同，不报告；财政部门统一规定的目标也不报告：选项 allow 列出规则档，按项目名称（正则表达式，默认为工资性支出类项目）或统一规定的目标文字豁免。",
        policy_zh="财预〔2021〕101号：绩效目标应与项目内容相关（相关性）",
        name="goal-reused-across-projects",
        summary_zh="不同项目的年度目标相同",
        summary_en="The same annual goal in different projects",
        why="A goal copied from another project's form does not describe this project; the batch is"
        " compared after normalising spaces and punctuation. Forms of the same project (a target"
        " form and its self-evaluation) may share their goal and are not reported, nor are goals a"
        " bureau prescribes: option allow lists profiles of a project pattern (salaries,"
        " 工资性支出, by default) or of prescribed goal texts.",
        bad="项目A 年度总目标: 有效解决机构编制紧张…; 项目B 年度总目标: 有效解决机构编制紧张…",
        good="each project's goal names its own outputs and numbers",
        policy="财预〔2021〕101号: 绩效目标应与项目内容相关（相关性）",
        severity="warning",
        options={"min_length": 20, "allow": PRESCRIBED},
        batch=_GoalBatch,
        digest=goal_digest,
    ),
    Rule(
        code="DUP007",
        why_zh="两个项目的指标完全相同，说明用同一模板填写而未加修改；至少有一个项目衡量的是另一个项目的工作。财政部门为某类项目统一规定的指标不报告：选项 allow 列出规则档，按项目名称（正则表达式，默认为工资性支出类项目）或统一规定的指标集合（表中指标全部属于该集合即豁免）豁免。",
        policy_zh="财预〔2021〕101号：指标应与项目的产出和效果对应",
        name="indicator-set-reused-across-projects",
        summary_zh="不同项目的三级指标完全相同",
        summary_en="The same set of indicators in different projects",
        why="Two projects with exactly the same indicators were filled from one template without"
        " adapting it; at least one of them measures the other's work. Sets a bureau prescribes"
        " to every project of a kind are not reported: option allow lists profiles of a project"
        " pattern (salaries, 工资性支出, by default) or of a prescribed set of indicators (a form"
        " whose indicators all belong to the set is exempt).",
        bad="项目A and 项目B: 成本节约率, 成本结构合理性, 资金拨付准确率, … (identical)",
        good="indicators that measure each project's own outputs",
        policy="财预〔2021〕101号: 指标应与项目的产出和效果对应",
        severity="warning",
        options={"min_indicators": 4, "allow": PRESCRIBED},
        batch=_IndicatorSetBatch,
        digest=indicator_set_digest,
    ),
]
