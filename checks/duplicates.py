"""DUP: the same indicator twice, near-duplicates, and text copied from one cell into another.

Reviewers count each indicator once; a repeated or copied one inflates the table without
measuring anything more, and a 实际完成情况 that repeats the 预期目标 reports nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from checks._form import field as form_field
from checks._form import name_keys, names
from checks._memo import FORM_MEMO
from checks._text import may_reach, measure, norm, quote, ratio
from linter.parse.nodes import Form, FormKind, Indicator, Period, Text
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule


def _line(ind: Indicator) -> int:
    return ind.name.span.line


@lru_cache(maxsize=FORM_MEMO)
def _repeats(keys: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(row, first row with the same words) of every row that repeats an earlier one, among a
    form's name keys; remembered, since the forms of one template share them."""
    seen: dict[str, int] = {}
    return tuple(
        (row, first)
        for row, key in enumerate(keys)
        if key and (first := seen.setdefault(key, row)) != row
    )


def _period_keys(form: Form, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The name keys, told apart by period where a form has a 实施期 table beside the 年度 one:
    the same indicator in both is no duplicate."""
    if all(ind.period is Period.ANNUAL for ind in form.indicators):
        return keys
    return tuple(k and f"{ind.period}|{k}" for ind, k in zip(form.indicators, keys, strict=True))


def check_duplicate(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Two rows with the same words: one of them is a copy left in by mistake."""
    inds, keys = form.indicators, name_keys(form)
    for row, first_row in _repeats(_period_keys(form, keys)):
        ind, first, key = inds[row], inds[first_row], keys[row]
        if first is ind:
            continue  # the very same row twice
        yield Finding(
            ind.name.span,
            f"三级指标「{quote(ind.name.value)}」与第{_line(first)}行的指标重复",
            f"indicator 「{quote(ind.name.value)}」 repeats the one on line {_line(first)}",
            key,
        )


@lru_cache(maxsize=TEXT_MEMO)
def _near(a: str, b: str, threshold: float, min_len: int) -> float | None:
    """The similarity of two subjects when it reaches ``threshold``, else None; remembered,
    since the same pairs of names meet in form after form."""
    if min(len(a), len(b)) < min_len or not may_reach(a, b, threshold):
        return None
    score = ratio(a, b)
    return score if score >= threshold else None


@lru_cache(maxsize=FORM_MEMO)
def _near_duplicates(
    names: tuple[str, ...], threshold: float, min_len: int
) -> tuple[tuple[int, int, float], ...]:
    """(row, earlier row, similarity) of every row that measures what an earlier one measures,
    among a form's indicator names; remembered, since the forms of one template share them."""
    # earlier rows by class of measure: rows that measure differently never pair
    earlier: dict[str, list[tuple[int, str, str]]] = {}
    found = []
    for row, name in enumerate(names):
        key = norm(name)
        subject, kind = measure(name)
        same_kind = earlier.setdefault(kind, [])
        for other, other_key, other_subject in same_kind:
            if key == other_key:
                continue
            a, b = (subject, other_subject) if kind else (key, other_key)
            score = _near(a, b, threshold, min_len)
            if score is not None:
                found.append((row, other, score))
                break
        same_kind.append((row, key, subject))
    return tuple(found)


def check_near_duplicate(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The same subject measured the same way under two wordings (及时率 / 及时性)."""
    threshold = float(options["threshold"])
    min_len = int(options["min_subject_length"])
    inds, all_names = form.indicators, names(form)
    for rows in _rows_by_period(form):
        subset = tuple(all_names[r] for r in rows)
        for row, earlier, score in _near_duplicates(subset, threshold, min_len):
            yield _near_finding(inds[rows[row]], inds[rows[earlier]], score)


def _rows_by_period(form: Form) -> list[tuple[int, ...]]:
    """The rows of each period's table (one table in most forms)."""
    periods: dict[Period, list[int]] = {}
    for row, ind in enumerate(form.indicators):
        periods.setdefault(ind.period, []).append(row)
    return [tuple(rows) for rows in periods.values()]


def _near_finding(ind: Indicator, other: Indicator, score: float) -> Finding:
    return Finding(
        ind.name.span,
        f"三级指标「{quote(ind.name.value)}」与第{_line(other)}行的「{quote(other.name.value)}」"
        f"衡量同一内容（相似度 {score:.2f}），应合并为一个指标",
        f"indicator 「{quote(ind.name.value)}」 measures the same as 「{quote(other.name.value)}」"
        f" on line {_line(other)} (similarity {score:.2f}); keep one",
        f"{norm(other.name.value)}|{norm(ind.name.value)}",
    )


def check_actual_copies_goal(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """实际完成情况 that repeats 预期目标 word for word says nothing about what was done."""
    goal, actual = form.goals.annual, form.goals.actual
    if form.kind is not FormKind.SELF_EVALUATION or goal is None or actual is None:
        return
    key = norm(actual.value)
    if len(key) >= int(options["min_length"]) and key == norm(goal.value):
        yield Finding(
            actual.span,
            f"实际完成情况与预期目标逐字相同（「{quote(actual.value)}」），未说明实际完成了什么",
            f"实际完成情况 repeats the 预期目标 word for word (「{quote(actual.value)}」): "
            "it does not say what was achieved",
            key[:60],
        )


@lru_cache(maxsize=TEXT_MEMO)
def _similar(a: str, b: str, threshold: float) -> float | None:
    """``ratio(a, b)`` when it reaches ``threshold``, else None; remembered, since the same
    主要绩效 and goal meet in form after form."""
    if not may_reach(a, b, threshold):
        return None
    score = ratio(a, b)
    return score if score >= threshold else None


def check_achievements_copy_goal(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """主要绩效 copied from the goal restates the plan instead of reporting results."""
    field = form_field(form, "achievements")
    if field is None or field.value is None:
        return
    text = field.value
    key = norm(text.value)
    if len(key) < int(options["min_length"]):
        return
    for label, goal in (("项目年度总目标", form.goals.annual), ("项目总目标", form.goals.total)):
        if goal is None:
            continue
        score = _similar(key, norm(goal.value), float(options["threshold"]))
        if score is not None:
            yield Finding(
                text.span,
                f"主要绩效照抄了{label}（第{goal.span.line}行，相似度 {score:.2f}）：「{quote(text.value)}」",
                f"主要绩效 copies the {label} on line {goal.span.line} (similarity {score:.2f}): "
                f"「{quote(text.value)}」",
                key[:60],
            )
            return


def check_explanation_reused(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """One 指标解释 under two different indicators explains at most one of them."""
    min_len = int(options["min_length"])
    seen: dict[str, tuple[Indicator, Text]] = {}
    for ind in form.indicators:
        if ind.explanation is None:
            continue
        key = norm(ind.explanation.value)
        if len(key) < min_len:
            continue
        if key not in seen:
            seen[key] = (ind, ind.explanation)
            continue
        first, _ = seen[key]
        if norm(first.name.value) == norm(ind.name.value):
            continue
        yield Finding(
            ind.explanation.span,
            f"指标「{quote(ind.name.value)}」的指标解释「{quote(ind.explanation.value)}」照搬了第"
            f"{_line(first)}行「{quote(first.name.value)}」的解释，未说明本指标",
            f"the 指标解释 of 「{quote(ind.name.value)}」 (「{quote(ind.explanation.value)}」) is copied "
            f"from 「{quote(first.name.value)}」 on line {_line(first)}: it does not explain this indicator",
            f"{norm(ind.name.value)}|{key[:40]}",
        )


RULES = [
    Rule(
        code="DUP001",
        why_zh="重复的指标把同一件事计了两次，通常是误复制的行；比较时忽略空格和标点。",
        policy_zh="财预〔2021〕101号：指标应当全面、精简，避免重复设置",
        name="duplicate-indicator",
        summary_zh="同一表内三级指标重复",
        summary_en="The same indicator twice in a form",
        why="A repeated indicator counts the same thing twice and usually is a row copied by mistake;"
        " spaces and punctuation are ignored when comparing.",
        bad="时效指标 | 内审工作完成及时率 … 内审工作完成及时率",
        good="each indicator once",
        policy="财预〔2021〕101号: 指标应当全面、精简，避免重复设置",
        severity="warning",
        check=check_duplicate,
    ),
    Rule(
        code="DUP002",
        why_zh="两个指标的主体（去掉及时率/及时性、完成数/次数等计量词尾后的名称）几乎相同且计量方式相同，即为近似重复。前缀相同但计量不同的名称（…培训次数、…培训及时性）不配对，因为计量不同。",
        policy_zh="财预〔2021〕101号：同一事项不重复设置指标",
        name="near-duplicate-indicator",
        summary_zh="两个三级指标衡量同一内容",
        summary_en="Two indicators measure the same thing under different wordings",
        why="An indicator is a near-duplicate when its subject (the name without its measuring"
        " ending such as 及时率/及时性, 完成数/次数) is nearly the same as another's and both measure"
        " the same way. Names that share a long prefix but measure different things (…培训次数,"
        " …培训及时性) do not pair, because their measures differ.",
        bad="医保信息化建设工作相关咨询完成及时率 | 医保信息化建设工作相关咨询及时性",
        good="医保信息化建设工作相关咨询完成及时率 (once)",
        policy="财预〔2021〕101号: 同一事项不重复设置指标",
        severity="warning",
        options={"threshold": 0.9, "min_subject_length": 4},
        check=check_near_duplicate,
    ),
    Rule(
        code="DUP003",
        why_zh="自评表要写实际完成了什么；照抄预期目标就看不出是否完成。",
        policy_zh="财预〔2020〕10号 附件：自评表按实际完成情况填报",
        name="actual-copies-goal",
        summary_zh="实际完成情况照抄预期目标",
        summary_en="实际完成情况 is the 预期目标 word for word",
        why="A self-evaluation must say what was achieved; repeating the goal hides whether it was.",
        bad="预期目标: 提高…管理质量 | 实际完成情况: 提高…管理质量",
        good="实际完成情况: 全年完成档案数字化3236件，审核正确率98%",
        policy="财预〔2020〕10号 附件: 自评表按实际完成情况填报",
        severity="warning",
        options={"min_length": 10},
        check=check_actual_copies_goal,
    ),
    Rule(
        code="DUP004",
        why_zh="主要绩效应报告结果；照抄目标（包括“项目年度目标”的措辞）等于什么也没报告。文本规范化后按相似度阈值比较。",
        policy_zh="上海市项目绩效自我评价表填报说明：主要绩效填写实际取得的绩效",
        name="achievements-copy-goal",
        summary_zh="主要绩效照抄项目年度总目标",
        summary_en="主要绩效 copies the project's annual goal",
        why="主要绩效 reports results; a copy of the goal (including its 项目年度目标 wording) reports"
        " none. Texts are compared after normalising, with a similarity threshold.",
        bad="主要绩效: 项目总目标：通过对窗口人员…的统一规范管理…",
        good="主要绩效: 窗口工作效率100%，有效投诉率低于0.05%",
        policy="上海市项目绩效自我评价表填报说明: 主要绩效填写实际取得的绩效",
        severity="warning",
        options={"threshold": 0.9, "min_length": 10},
        check=check_achievements_copy_goal,
    ),
    Rule(
        code="DUP005",
        why_zh="从上一行照搬的指标解释说的是另一个指标，审核人无法知道本指标如何计量。",
        policy_zh="财预〔2020〕10号：指标解释说明指标的含义和计算方法",
        name="explanation-reused",
        summary_zh="指标解释被另一个指标照搬",
        summary_en="One 指标解释 reused for a different indicator",
        why="An explanation copied from the row above describes the other indicator; the reviewer"
        " cannot tell how this one is measured.",
        bad="政策知晓率: 考察参保人政策知晓率是否≥90% | 有效投诉率: 考察参保人政策知晓率是否≥90%",
        good="有效投诉率: 考察有效投诉率是否<0.05%",
        policy="财预〔2020〕10号: 指标解释说明指标的含义和计算方法",
        severity="warning",
        options={"min_length": 6},
        check=check_explanation_reused,
    ),
]
