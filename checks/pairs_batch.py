"""LINK, a target form against its self-evaluation: the approved targets are the ones scored.

财预〔2015〕88号 第28–29条: targets are not changed once approved, and the self-evaluation fills
in actual values against the year-start targets. The two forms of one project and year are
linked anywhere in a batch (project name and unit compared by their words, so spacing and
full-width forms do not matter); the self-evaluation is then held to the target form row by row.
Findings are on the self-evaluation, whichever of the two comes first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from checks._links import (
    Link,
    Linker,
    Packed,
    Row,
    Seen,
    is_execution_row,
    link_digest,
    match_rows,
    opened,
)
from checks._numbers import num
from checks._text import quote
from linter.parse.nodes import FormKind
from linter.rules import Finding, Rule

_TARGET, _SELF = FormKind.TARGET.value, FormKind.SELF_EVALUATION.value
Compare = Callable[[str, Link, Link], Iterator[Finding]]


def _pair_key(link: Packed) -> tuple[str, int, str] | None:
    if link.year is None or link.legacy or link.kind not in (_TARGET, _SELF):
        return None
    return link.project, link.year, link.kind


def _other_kind(key: tuple[str, int, str]) -> tuple[tuple[str, int, str]]:
    """A target form's partner is its year's self-evaluation, and the other way round."""
    project, year, kind = key
    return ((project, year, _SELF if kind == _TARGET else _TARGET),)


def _pairing(compare: Compare) -> Callable[[Mapping[str, Any]], Linker]:
    """A batch check that finds each target form's self-evaluation and compares them with
    ``compare(where the target form is, target, self-evaluation)``."""

    def relate(new: Seen, old: Seen) -> Iterator[tuple[bool, Finding]]:
        on_new = new[2].kind == _SELF
        target, own = (old, new) if on_new else (new, old)
        for finding in compare(target[0], opened(target[2]), opened(own[2])):
            yield on_new, finding

    return lambda options: Linker(_pair_key, _other_kind, relate)


def _where(path: str, row: Row) -> str:
    return f"{path}:{row.span.line}"


def changed(path: str, target: Link, own: Link) -> Iterator[Finding]:
    """Every approved indicator whose target, weight or name the self-evaluation changed."""
    matched = match_rows(target.rows, own.rows)
    for approved, scored in matched.renamed:
        yield Finding(
            scored.span,
            f"申报表（{_where(path, approved)}）批复的指标「{quote(approved.name)}」在自评表中"
            f"改名为「{quote(scored.name)}」",
            f"the approved indicator 「{quote(approved.name)}」 ({_where(path, approved)}) is"
            f" renamed 「{quote(scored.name)}」 in the self-evaluation",
            f"{approved.key}|renamed",
        )
    for approved, scored in matched.pairs:
        a, s = approved.target, scored.target
        if a is not None and s is not None and not a.same(s):
            yield Finding(
                scored.span,
                f"「{quote(scored.name)}」申报表（{_where(path, approved)}）批复的目标 {a.text}，"
                f"自评表改为 {s.text}",
                f"'{quote(scored.name)}': the target form ({_where(path, approved)}) approved"
                f" {a.text}; the self-evaluation changed it to {s.text}",
                f"{approved.key}|target",
            )
        w, v = approved.weight, scored.weight
        if w is not None and v is not None and w != v:
            yield Finding(
                scored.span,
                f"「{quote(scored.name)}」申报表（{_where(path, approved)}）的分值 {num(w)}，"
                f"自评表改为 {num(v)}",
                f"'{quote(scored.name)}': weight {num(w)} on the target form"
                f" ({_where(path, approved)}), {num(v)} in the self-evaluation",
                f"{approved.key}|weight",
            )


def dropped_or_added(path: str, target: Link, own: Link) -> Iterator[Finding]:
    """Approved indicators the self-evaluation leaves out, and ones it adds."""
    annual = [r for r in target.rows if r.period == "annual"]
    matched = match_rows(annual, [r for r in own.rows if r.period == "annual"])
    anchor = own.rows[0].span if own.rows else own.goal_span
    if anchor is None:
        return
    for row in matched.only_first:
        target_text = row.target.text if row.target else ""
        yield Finding(
            anchor,
            f"申报表（{_where(path, row)}）批复的指标「{quote(row.name)}」{target_text}"
            "在自评表中被删去",
            f"the approved indicator 「{quote(row.name)}」 {target_text} ({_where(path, row)})"
            " is left out of the self-evaluation",
            f"{row.key}|dropped",
        )
    for row in matched.only_second:
        if is_execution_row(row):
            continue
        yield Finding(
            row.span,
            f"自评表新增了申报表（{path}）没有批复的指标「{quote(row.name)}」",
            f"the self-evaluation adds 「{quote(row.name)}」, which the target form ({path})"
            " did not approve",
            f"{row.key}|added",
        )


def budget_differs(path: str, target: Link, own: Link) -> Iterator[Finding]:
    """A self-evaluation's budget other than the approved one, with no reason stated."""
    a, s = target.budget, own.budget
    if a is None or s is None or own.explained or not a.differs(s):
        return
    yield Finding(
        s.span,
        f"自评表{s.label} {s.text} 与申报表（{path}:{a.span.line}）的{a.label} {a.text} 不同，"
        "表中未说明原因",
        f"the self-evaluation's {s.label} {s.text} differs from the target form's {a.label}"
        f" {a.text} ({path}:{a.span.line}) and no reason is stated",
        "budget/approved",
    )


_PAIRING = (
    "Forms are linked by project name, year and unit (compared by their words) anywhere in the"
    " batch; the finding is on the self-evaluation."
)
_PAIRING_ZH = "按项目名称、年度和实施单位（按字词比较）在整批表单中配对；问题标在自评表上。"
_POLICY = "财预〔2015〕88号 第28–29条: 绩效目标一经批复不得随意调整; 自评对照年初绩效目标"
_POLICY_ZH = "财预〔2015〕88号 第28–29条：绩效目标批复后一般不予调整；自评对照年初设定的绩效目标"

RULES = [
    Rule(
        code="LINK001",
        name="target-changed-after-approval",
        summary_zh="自评表改动了申报表批复的目标值、分值或指标名称",
        summary_en="The self-evaluation changed an approved target, weight or indicator name",
        why="A self-evaluation scores the year against the targets that were approved; one that"
        " lowers them (≥5600件 → ≥4000件) and then scores 100 hides a shortfall. Every indicator"
        " whose target (comparator, number, unit, or text), weight or name differs from the"
        " target form's is reported; a name is taken as changed when a leftover row under the"
        " same 二级指标 is alike (similarity 0.6). " + _PAIRING,
        why_zh="自评应对照批复的目标打分；把目标调低（≥5600件 → ≥4000件）再自评 100 分，掩盖了差距。目标值（比较符、数值、"
        "单位或文字）、分值或名称与申报表不同的指标都会报告；同一二级指标下剩余的相似行（相似度 0.6）视为改了名称。"
        + _PAIRING_ZH,
        bad="申报表: 受理件数 | ≥5600件;  自评表: 受理件数 | ≥4000件 | 实际 4200件 | 满分",
        good="自评表: 受理件数 | ≥5600件 | 实际 4200件 | 得分按完成比例",
        policy=_POLICY,
        policy_zh=_POLICY_ZH,
        severity="warning",
        batch=_pairing(changed),
        digest=link_digest,
    ),
    Rule(
        code="LINK002",
        name="indicator-dropped-or-added",
        summary_zh="自评表删去了批复的指标，或新增了未批复的指标",
        summary_en="The self-evaluation drops an approved indicator or adds one",
        why="An approved indicator left out of the self-evaluation is a target nobody is scored"
        " against; one added is scored without having been approved. The year's table is"
        " compared; the 预算执行率 row a self-evaluation adds is not an added indicator. "
        + _PAIRING,
        why_zh="批复的指标在自评表中被删去，就没有人对照它打分；新增的指标未经批复就参与评分。比较的是年度指标表；"
        "自评表加上的预算执行率行不算新增指标。" + _PAIRING_ZH,
        bad="申报表: 办结时限 | ≤5日;  自评表: (no 办结时限 row)",
        good="自评表: 办结时限 | ≤5日 | 实际 6日 | 扣分并说明原因",
        policy=_POLICY,
        policy_zh=_POLICY_ZH,
        severity="warning",
        batch=_pairing(dropped_or_added),
        digest=link_digest,
    ),
    Rule(
        code="LINK003",
        name="budget-differs-from-target-form",
        summary_zh="自评表的预算与申报表不同，未说明原因",
        summary_en="The self-evaluation's budget differs from the target form's, with no reason",
        why="The year-start budget of a self-evaluation (年初预算数, else 全年预算数) is the"
        " approved one (年度资金总额 of the target form); a different figure with no reason in"
        " the funds' 原因, 主要问题 or notes means the targets were scored against other money."
        " 元 and 万元 are converted and rounding allowed for. " + _PAIRING,
        why_zh="自评表的年初预算数（没有时取全年预算数）就是批复的预算（申报表的年度资金总额）；数额不同、又没有在资金“原因”、"
        "主要问题或备注中说明，说明是按另一笔资金给目标打分。元与万元换算后比较，并允许舍入。"
        + _PAIRING_ZH,
        bad="申报表: 年度资金总额 35 (万元);  自评表: 年初预算数 32.4 (万元), no reason",
        good="自评表: 年初预算数 35 | 全年预算数 32.4 | 原因: 年中调减 2.6 万元",
        policy=_POLICY,
        policy_zh=_POLICY_ZH,
        severity="warning",
        batch=_pairing(budget_differs),
        digest=link_digest,
    ),
]
