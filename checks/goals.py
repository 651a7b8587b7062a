"""GOAL: counts the goal text promises against the indicators that should measure them.

Reviewers check relevance (相关性): a goal that promises ``开展2次…交流调研`` needs an indicator
that counts those events, with a target the promise satisfies. A claim is matched to the count
indicator sharing the most key terms with its object, each shared term weighted by how few
candidate indicators contain it, so that a long prefix every indicator shares
(``医药价格和招标采购…``) does not decide the match.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from checks._memo import FORM_MEMO, MESSAGE_MEMO, per_form, per_form_with
from checks._numbers import dec
from checks._text import bigrams, norm, quote
from checks._units import text_targets
from checks.goals_claims import Claim, claims
from linter.parse.nodes import Form, Indicator, Period, Text, Value
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

STOP = (
    "开展",
    "完成",
    "相关",
    "工作",
    "计划",
    "各类",
    "进行",
    "组织",
    "年度",
    "年内",
    "全年",
    "至少",
    "以上",
    "情况",
    "举办",
    "召开",
    "实现",
    "确保",
    "保证",
    "提高",
    "提升",
    "加强",
    "推进",
    "落实",
    "做好",
    "预计",
    "租用",
    "的",
    "和",
    "及",
    "与",
    "等",
    "为",
    "向",
)
_CLASSES = {
    "events": {"次", "场", "期", "批", "轮", "届", "人次"},
    "people": {"人", "名", "位", "人次"},
    "things": {"个", "件", "本", "册", "份", "张", "条", "项", "篇", "台", "套", "处"},
    "places": {"个", "家", "所", "户", "处"},
}
_INF = Decimal("Infinity")


@lru_cache(maxsize=1024)
def _classes(unit: str) -> frozenset[str]:
    return frozenset(name for name, units in _CLASSES.items() if unit in units)


def _count_of(value: Value | None) -> tuple[Decimal, str] | None:
    """The number of a count target, in units of one (31.7万 → 317000), and its unit."""
    if value is None or value.number is None or value.unit is None or "/" in value.unit:
        return None
    unit, number = value.unit, value.number
    if unit.startswith("万"):
        unit, number = unit[1:] or "人", number * 10000
    return (number, unit) if _classes(unit) else None


def _interval(
    op: str | None, n: Decimal, tolerance: Decimal
) -> tuple[Decimal, bool, Decimal, bool]:
    """(low, low included, high, high included) of the values a comparator and number allow."""
    if op == ">=":
        return n, True, _INF, False
    if op == ">":
        return n, False, _INF, False
    if op == "<=":
        return -_INF, False, n, True
    if op == "<":
        return -_INF, False, n, False
    if op == "~":
        return n * (1 - tolerance), True, n * (1 + tolerance), True
    return n, True, n, True


def _disjoint(a: tuple, b: tuple) -> bool:
    return _before(a, b) or _before(b, a)


def _before(x: tuple, y: tuple) -> bool:
    """Whether the interval x lies wholly below y."""
    return x[2] < y[0] or (x[2] == y[0] and not (x[3] and y[1]))


@lru_cache(maxsize=TEXT_MEMO)
def _claims_of(goal: str) -> tuple[Claim, ...]:
    """``claims`` remembered per goal text: goals recur across a department's forms."""
    return tuple(claims(goal))


@lru_cache(maxsize=TEXT_MEMO)
def _terms(text: str) -> frozenset[str]:
    """The key terms (bigrams without stop words) of an indicator name or a claim's object."""
    return frozenset(bigrams(text, STOP))


@per_form
def _goal_claims(form: Form) -> tuple[tuple[Text, Claim], ...]:
    """The claims of the annual and total goals, each once (GOAL001 and GOAL003 read them)."""
    goals = form.goals
    annual, total = goals.annual, goals.total
    found = _claims_of_goals(
        None if annual is None else annual.value, None if total is None else total.value
    )
    return tuple(((annual, total)[k], claim) for k, claim in found)  # type: ignore[misc]


@lru_cache(maxsize=TEXT_MEMO)
def _claims_of_goals(annual: str | None, total: str | None) -> tuple[tuple[int, Claim], ...]:
    """(0 for the annual goal, 1 for the total one; claim) of each claim, the first time it is
    made; remembered per pair of goal texts."""
    seen: set[tuple[str, Decimal]] = set()
    out = []
    for k, goal in enumerate((annual, total)):
        if goal is None:
            continue
        for claim in _claims_of(goal):
            if (claim.text, claim.number) not in seen:
                seen.add((claim.text, claim.number))
                out.append((k, claim))
    return tuple(out)


def _best(claim: Claim, candidates: list[Indicator], min_score: float) -> Indicator | None:
    """The candidate sharing the most key terms with the claim's object, rarer terms weighing more."""
    first: dict[int, int] = {}
    rows = tuple(first.setdefault(id(i), k) for k, i in enumerate(candidates))
    names = tuple(i.name.value for i in candidates)
    best = _best_row(claim.obj, names, rows, min_score)
    return None if best is None else candidates[best]


@lru_cache(maxsize=FORM_MEMO)
def _best_row(
    obj: str, names: tuple[str, ...], rows: tuple[int, ...], min_score: float
) -> int | None:
    """``_best`` by the candidates' names; ``rows`` gives, for each, the first candidate that is
    the same row (a row counts once in how many candidates share a term). Remembered: a goal
    meets the same indicator names in form after form."""
    terms = [_terms(name) for name in names]
    wanted = _terms(obj)
    df: dict[str, int] = {}
    for k, grams in enumerate(terms):
        if rows[k] == k:
            for g in grams & wanted:
                df[g] = df.get(g, 0) + 1
    scored = [sum(1 / df[g] for g in grams & wanted) for grams in terms]
    best = max(range(len(scored)), key=scored.__getitem__, default=None)
    return best if best is not None and scored[best] >= min_score else None


@per_form
def _counted(form: Form) -> tuple[tuple[Indicator, frozenset[str]], ...]:
    """The indicators whose target is a count, with its unit's classes (once per form)."""
    out = []
    for ind in form.indicators:
        target = ind.target
        if target is None or target.number is None or target.unit is None:
            continue
        classes = _count_classes(target.unit)
        if classes:
            out.append((ind, classes))
    return tuple(out)


@lru_cache(maxsize=1024)
def _count_classes(unit: str) -> frozenset[str]:
    """What a count target's unit counts (万人 counts people, as ``_count_of`` reads it); empty
    for a unit that is no count."""
    if "/" in unit:
        return frozenset()
    if unit.startswith("万"):
        unit = unit[1:] or "人"
    return _classes(unit)


def _matching(
    counted: tuple[tuple[Indicator, frozenset[str]], ...], claim: Claim
) -> list[Indicator]:
    """The counted indicators whose unit counts what the claim's unit counts."""
    wanted = _classes(claim.unit)
    return [ind for ind, classes in counted if classes & wanted]


def _candidates(form: Form, claim: Claim) -> list[Indicator]:
    return _matching(_counted(form), claim)


_OP_SHOWN = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "~": "约"}


def _amount(claim: Claim) -> str:
    return f"{_OP_SHOWN[claim.op]}{claim.number.normalize():f}{claim.unit}"


def _claim_zh(claim: Claim) -> str:
    return f"「{quote(claim.text)}」（{_amount(claim)}）"


@per_form_with
def _measured(form: Form, min_score: float) -> tuple[tuple[Text, Claim, Indicator | None], ...]:
    """Each claim of the goals with the count indicator that measures it, if any (``_best``);
    once per form for GOAL001 and GOAL003. A form with a 实施期 table beside the 年度 one
    measures the 年度 goal by the year's indicators and the 项目总目标 by the 实施期 ones."""
    counted = _counted(form)
    by_period = {ind.period for ind, _ in counted}
    annual = form.goals.annual
    measured = []
    for goal, claim in _goal_claims(form):
        pool = counted
        if len(by_period) > 1:
            period = Period.ANNUAL if goal is annual else Period.TERM
            pool = tuple(pair for pair in counted if pair[0].period is period)
        measured.append((goal, claim, _best(claim, _matching(pool, claim), min_score)))
    return tuple(measured)


def check_contradiction(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A count promised in the goal that the matching indicator's target excludes."""
    tolerance = dec(options["approx_tolerance"])
    if not _goal_claims(form):
        return
    for _, claim, ind in _measured(form, float(options["min_score"])):
        if ind is None or (target := ind.target) is None:
            continue
        number, _ = _count_of(target) or (Decimal(0), "")
        promised = _interval(claim.op, claim.number, tolerance)
        allowed = _interval(target.op, number, tolerance)
        if _disjoint(promised, allowed):
            yield Finding(target.span, *_contradiction(claim, ind.name.value, target.text))


@lru_cache(maxsize=MESSAGE_MEMO)
def _contradiction(claim: Claim, name: str, target: str) -> tuple[str, str, str]:
    """GOAL001's messages and key (the same goals meet the same indicators form after form)."""
    return (
        f"年度目标写明{_claim_zh(claim)}，但指标「{quote(name)}」的目标值为「{target}」，两者互相矛盾",
        f"the goal promises 「{quote(claim.text)}」 ({_amount(claim)}) but indicator 「{quote(name)}」"
        f" targets 「{target}」: they contradict each other",
        f"{norm(claim.text)}|{norm(name)}",
    )


def check_unmeasured(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A count promised in the goal that no count indicator measures."""
    min_score = float(options["min_score"])
    if not _goal_claims(form):
        return
    texts = None
    for goal, claim, measured in _measured(form, min_score):
        if measured is not None:
            continue
        if texts is None:
            texts = [ind for ind, _ in text_targets(form)]
        near = _best(claim, texts, min_score)
        zh_near = en_near = ""
        if near is not None and near.target is not None:
            zh_near = f"；指标「{quote(near.name.value)}」只写了「{quote(near.target.text, 20)}」"
            en_near = f"; indicator 「{quote(near.name.value)}」 only says 「{quote(near.target.text, 20)}」"
        yield Finding(
            goal.span,
            f"年度目标写明{_claim_zh(claim)}，但没有以数量衡量它的指标{zh_near}",
            f"the goal promises 「{quote(claim.text)}」 ({_amount(claim)}) but no indicator counts it{en_near}",
            norm(claim.text),
        )


RULES = [
    Rule(
        code="GOAL001",
        why_zh="目标中承诺的数量（开展2次…）必须满足计量同一事项的指标的目标值；“恰好两次”不是“两次以上”。以上/至少按 ≥ 理解，约/左右按 ± approx_tolerance。按共有的关键词（min_score，越少见的词权重越高）在计数单位相容（次/场、人/名、个/件/本 …）的指标中匹配。",
        policy_zh="财预〔2021〕101号（相关性：指标与目标对应）；绩效目标审核（目标中的数量在指标中体现）",
        name="goal-count-contradicts-indicator",
        summary_zh="目标中的数量与对应指标的目标值矛盾",
        summary_en="A count in the goal contradicts its indicator's target",
        why="The number the goal promises (开展2次…) must satisfy the target of the indicator that"
        " counts the same thing; exactly two is not more than two. 以上/至少 read as ≥, 约/左右 as"
        " ± approx_tolerance. Claims are matched by shared key terms (min_score, rarer terms weigh"
        " more) among indicators in a compatible count unit (次/场, 人/名, 个/件/本 …).",
        bad="目标: 开展2次向外省市医保部门学习的交流调研 | 跨省调研交流的完成数 >2.00(次)",
        good="目标: 开展各类干部培训2次以上 | 各类干部培训计划完成数 ≥2.00(次)",
        policy="财预〔2021〕101号 (相关性: 指标与目标对应); 绩效目标审核 (目标中的数量在指标中体现)",
        severity="warning",
        options={"min_score": 1.0, "approx_tolerance": 0.1},
        check=check_contradiction,
    ),
    Rule(
        code="GOAL003",
        why_zh="目标承诺的数量（28场培训、约30000本宣传册）若没有数量指标来计量，就无法评价；以文字作答的指标（全部发放到位）不算计量。",
        policy_zh="绩效目标审核：目标中的数量应在指标中体现（完整性、相关性）",
        name="goal-count-without-indicator",
        summary_zh="目标中承诺的数量没有对应的数量指标",
        summary_en="A count promised in the goal has no indicator",
        why="A count the goal promises (28场培训, 约30000本宣传册) that no count indicator measures"
        " cannot be evaluated; an indicator answered with text (全部发放到位) does not count it.",
        bad="目标: 开展医疗政策培训会议28场 | 宣传册发放数 = 全部发放到位",
        good="目标: …培训会议28场 | 医疗政策培训会议场次 ≥28场",
        policy="绩效目标审核: 目标中的数量应在指标中体现 (完整性、相关性)",
        severity="info",
        options={"min_score": 1.0},
        check=check_unmeasured,
    ),
]
