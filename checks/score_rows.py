"""SCORE: each scored row against what the form itself says about it.

The score follows from target and actual (≥, ≤, = formulas; qualitative 达成 bands), a deduction
is explained, a full score is not contradicted by its own remark, no row is left unfilled, a low
execution rate has a reason, and an actual far over its target is flagged as a target set too low.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from checks._form import field_text
from checks._memo import per_form
from checks._numbers import budget_row, dec, form_rate, num, of, score_rows, shown
from checks._units import actual_numbers
from linter.parse.nodes import Form, FormKind, Indicator, Value
from linter.rules import Finding, Rule

MONEY_WORDS = ("执行", "资金", "预算", "支付", "支出", "经费", "结余")
QUALITATIVE = (("未达成", "0", "0.6"), ("部分达成", "0.6", "0.8"), ("达成", "0.8", "1"))


def _empty(v: Value | None) -> bool:
    return v is None or v.is_empty


def _units_match(a: Value, b: Value) -> bool:
    return a.unit is None or b.unit is None or a.unit == b.unit


LE_FORMULAS = ("deviation", "ratio")


def expected_share(
    op: str | None, target: Decimal, actual: Decimal, le_formula: str = "deviation"
) -> tuple[bool, Decimal]:
    """(met, expected share of the weight) by the common formulas of the domain notes; a missed
    ≤ target loses its overshoot (``deviation``: 1 − (B − A)/A) or scores A/B (``ratio``), as
    the region's template says."""
    if op in (">=", ">"):
        met = actual >= target
        return met, Decimal(1) if met or target <= 0 else max(actual / target, Decimal(0))
    if op in ("<=", "<"):
        met = actual <= target
        if met or target <= 0:
            return met, Decimal(1) if met else Decimal(0)
        if le_formula == "ratio":
            return met, target / actual
        return met, max(Decimal(1) - (actual - target) / target, Decimal(0))
    met = actual == target
    if met or target <= 0 or actual <= 0:
        return met, Decimal(1) if met else Decimal(0)
    return met, min(actual / target, target / actual)


@per_form
def _scored(form: Form) -> tuple[tuple[Indicator, Value, Value, bool], ...]:
    """The rows with a positive weight and a score, with them and whether the score is full
    (score ≥ weight): SCORE006-008 read them in turn."""
    return tuple(
        (ind, weight, score, score.number >= weight.number)  # type: ignore[operator]
        for ind, score in score_rows(form)
        if (weight := ind.weight) is not None and weight.number is not None and weight.number > 0
    )


def check_achievement(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A deduction on a met target, a near-full score on a missed one, qualitative bands."""
    tolerance = dec(options["tolerance"])
    le_formula = options["le_formula"]
    if le_formula not in LE_FORMULAS:
        raise ValueError(f"SCORE006 le_formula must be one of {LE_FORMULAS}, not {le_formula!r}")
    for ind, w, s, full in _scored(form):
        t, a = ind.target, ind.actual
        if t is None or a is None:
            continue
        name = ind.name.value
        if t.number is not None and a.number is not None and _units_match(t, a):
            met, share = expected_share(t.op, t.number, a.number, le_formula)  # type: ignore[arg-type]
            if met:
                # of(s) lies above s: a score of the full weight or more cannot be below it
                if full or of(s)[1] >= w.number:  # type: ignore[operator]
                    continue
                yield Finding(
                    s.span,
                    f"「{name}」目标 {t.text} 已达成（实际 {a.text}），却扣分：得分 {shown(s)} < 分值"
                    f" {shown(w)}",
                    f"'{name}' met its target {t.text} (actual {a.text}) yet lost points: score"
                    f" {shown(s)} < weight {shown(w)}",
                    key=f"{name}/met-deducted",
                )
                continue
            expected = w.number * share  # type: ignore[operator]
            if s.number > expected + tolerance * w.number:  # type: ignore[operator]
                yield Finding(
                    s.span,
                    f"「{name}」目标 {t.text} 未达成（实际 {a.text}），得分 {shown(s)} 高于按完成比例"
                    f"计算的 {shown(w)} × {num(share * 100)}% = {num(expected)}",
                    f"'{name}' missed its target {t.text} (actual {a.text}) but scored {shown(s)},"
                    f" above {shown(w)} × {num(share * 100)}% = {num(expected)}",
                    key=f"{name}/missed-full",
                )
        elif a.number is None and a.text:
            for word, low, high in QUALITATIVE:
                if word in a.text:
                    lo, hi = w.number * dec(low), w.number * dec(high)  # type: ignore[operator]
                    if word == "达成":
                        lo = w.number * dec(options["qualitative_min"])  # type: ignore[operator]
                    if not lo <= s.number <= hi:  # type: ignore[operator]
                        yield Finding(
                            s.span,
                            f"「{name}」实际完成「{a.text}」应得 {num(lo)}–{num(hi)} 分，自评 {shown(s)}",
                            f"'{name}' actual '{a.text}' earns {num(lo)}–{num(hi)} points, scored"
                            f" {shown(s)}",
                            key=f"{name}/qualitative",
                        )
                    break


def _explains(note: str | None, form: Form, words: list[str]) -> bool:
    if not note:
        return False
    if form.layout != "legacy-self-evaluation":
        return True
    return any(w in note for w in words)


def check_deduction_explained(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A deduction needs a reason in 偏差原因分析 / 备注."""
    words = list(options["shortfall_words"])
    for ind, w, s, full in _scored(form):
        if full:
            continue
        note = ind.note.value if ind.note is not None else None
        if _explains(note, form, words):
            continue
        what_zh = f"备注「{note}」未说明扣分原因" if note else "没有说明原因"
        what_en = f"the remark '{note}' gives no reason" if note else "no reason is given"
        yield Finding(
            s.span,
            f"「{ind.name.value}」扣分 {shown(w)} − {shown(s)} = {num(w.number - s.number)}，{what_zh}",  # type: ignore[operator]
            f"'{ind.name.value}' lost {num(w.number - s.number)} of {shown(w)} points;"  # type: ignore[operator]
            f" {what_en}",
            key=f"{ind.name.value}/unexplained",
        )


def check_full_score_contradicted(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Full marks beside a remark that says the thing was not done."""
    phrases = list(options["negations"])
    for ind, w, s, full in _scored(form):
        if not full or ind.note is None:
            continue
        hit = next(filter(ind.note.value.__contains__, phrases), None)  # the first phrase in it
        if hit is None:
            continue
        yield Finding(
            s.span,
            f"「{ind.name.value}」满分 {shown(s)}/{shown(w)}，但备注称「{ind.note.value}」",
            f"'{ind.name.value}' has full marks {shown(s)}/{shown(w)} but its remark says"
            f" '{ind.note.value}' ({hit}: not done)",
            key=f"{ind.name.value}/contradicted",
        )


def check_unfilled(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A self-evaluation row with no actual value or no score."""
    if form.kind is not FormKind.SELF_EVALUATION:
        return
    has_actual_column = any(ind.actual is not None for ind in form.indicators)
    for ind in form.indicators:
        name = ind.name.value
        if has_actual_column and _empty(ind.actual) and not _empty(ind.target):
            span = ind.actual.span if ind.actual is not None else ind.name.span
            yield Finding(
                span,
                f"「{name}」有目标 {ind.target.text} 但未填实际完成值",  # type: ignore[union-attr]
                f"'{name}' has a target {ind.target.text} but no actual value",  # type: ignore[union-attr]
                key=f"{name}/no-actual",
            )
        if (weight := ind.weight) is not None and weight.number is not None and _empty(ind.score):
            span = ind.score.span if ind.score is not None else ind.name.span
            yield Finding(
                span,
                f"「{name}」分值 {shown(ind.weight)} 但未评分",  # type: ignore[arg-type]
                f"'{name}' has a weight {shown(ind.weight)} but no score",  # type: ignore[arg-type]
                key=f"{name}/no-score",
            )


def check_low_execution(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An execution rate below the line (90% by default) with no reason given for the money."""
    stated = form_rate(form)
    if stated is None:
        return
    rate, _ = stated
    threshold = dec(options["threshold"])
    if rate.number >= threshold:  # type: ignore[operator]
        return
    texts = [ind.note.value for ind in form.indicators if ind.note is not None]
    texts += [n.value for n in form.notes]
    problems = field_text(form, "problems")
    if problems:
        texts.append(problems)
    row = budget_row(form)
    if row is not None and row.note is not None:
        texts.append(row.note.value)
    money = [t for t in texts if any(m in t for m in MONEY_WORDS)]
    if any(w in t for t in money for w in options["reason_words"]):
        return
    yield Finding(
        rate.span,
        f"预算执行率 {shown(rate)}% 低于 {num(threshold)}%，表中未说明原因",
        f"budget execution {shown(rate)}% is below {num(threshold)}% and the form gives no reason",
        key="execution/low",
    )


def far_exceeded(form: Form, factor: Decimal) -> Iterator[tuple[Indicator, Value, Value, Decimal]]:
    """(indicator, target, actual, actual / target) of every ≥ target the actual exceeds
    ``factor`` times or more, in the same unit (a percentage cannot be exceeded so)."""
    for ind, a in actual_numbers(form):
        t = ind.target
        if t is None or t.number is None or t.op not in (">=", ">") or t.number <= 0:
            continue
        if t.unit == "%" or not _units_match(t, a):  # type: ignore[arg-type]
            continue
        ratio = a.number / t.number  # type: ignore[union-attr, operator]
        if ratio >= factor:
            yield ind, t, a, ratio


def check_far_exceeded(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """An actual many times over a ≥ target: the target was set too low."""
    factor = dec(options["factor"])
    for ind, t, a, ratio in far_exceeded(form, factor):
        yield Finding(
            a.span,  # type: ignore[union-attr]
            f"「{ind.name.value}」实际 {a.text} 是目标 {t.text} 的 {num(ratio)} 倍"  # type: ignore[union-attr]
            f"（≥ {num(factor)} 倍），目标可能定得过低",
            f"'{ind.name.value}' actual {a.text} is {num(ratio)} times the target {t.text}"  # type: ignore[union-attr]
            f" (≥ {num(factor)}×): the target was probably set too low",
            key=f"{ind.name.value}/far-exceeded",
        )


RULES = (
    Rule(
        code="SCORE006",
        computes=("table",),
        why_zh='目标 A、实际 B、分值 w：≥A 时 B ≥ A 得满分，否则 w × B/A；≤A 时 B ≤ A 得满分，否则 w × (1 − (B − A)/A)，或按选项 le_formula = "ratio" 取 w × A/B（不少地区表样采用此公式）；=A 时 B = A 得满分。目标已达成却扣分，或严重未达成却近乎满分，都与表单自己的数字矛盾。定性的达成得 w 的 80–100%，部分达成 60–80%，未达成 0–60%。',
        policy_zh="财预〔2020〕10号 项目支出绩效评价管理办法及各地常用评分公式",
        name="score-vs-achievement",
        summary_zh="得分与目标完成情况不符",
        summary_en="The score does not follow from target and actual",
        why="With target A, actual B and weight w: ≥A scores full when B ≥ A, else w × B/A; ≤A full "
        'when B ≤ A, else w × (1 − (B − A)/A), or w × A/B with option le_formula = "ratio" (the '
        "formula of many regional templates); =A full when B = A. A deduction on a met target, "
        "or a near-full score on a badly missed one, contradicts the form's own numbers. "
        "Qualitative 达成 earns 80–100% of w, 部分达成 60–80%, 未达成 0–60%.",
        bad="≥111906.00(人) | 46266.00(人) | 分值 10.00 | 得分 9.00",
        good="≥111906.00(人) | 46266.00(人) | 分值 10.00 | 得分 4.13",
        policy="财预〔2020〕10号 项目支出绩效评价管理办法 and common regional scoring formulas",
        severity="warning",
        options={"tolerance": 0.1, "qualitative_min": 0.8, "le_formula": "deviation"},
        check=check_achievement,
    ),
    Rule(
        code="SCORE007",
        computes=("table",),
        why_zh="得分低于分值必须在偏差原因分析/未完成原因分析/备注中说明。旧表样的备注栏填的是佐证材料，只有写明不足（shortfall_words）的备注才算说明原因。",
        policy_zh="财预〔2020〕10号：偏差原因分析及改进措施",
        name="deduction-unexplained",
        summary_zh="扣分未说明原因",
        summary_en="A deduction without an explanation",
        why="A score below the weight must be explained in 偏差原因分析 / 未完成原因分析 / 备注. In "
        "the older layout the 备注 column holds evidence, so a remark counts as a reason only "
        "when it names a shortfall (shortfall_words).",
        bad="资金使用的合规性 | 6 | 5.5 | 资金使用合规",
        good="资金使用的合规性 | 6 | 5.5 | 个别报销凭证不完整",
        policy="财预〔2020〕10号: 偏差原因分析及改进措施",
        severity="warning",
        options={
            "shortfall_words": [
                "未",
                "不",
                "没有",
                "尚",
                "基本",
                "但",
                "部分",
                "偏差",
                "原因",
                "欠",
                "有待",
                "加强",
                "提升",
                "改进",
                "问题",
                "缺",
                "差距",
                "低于",
            ]
        },
        check=check_deduction_explained,
    ),
    Rule(
        code="SCORE008",
        computes=("table",),
        why_zh="某行得满分而备注说事情没做（尚未建立…），夸大了结果；备注是表单自己的证据。",
        policy_zh="财预〔2020〕10号：自评结果应与实际完成情况相符",
        name="full-score-contradicted",
        summary_zh="满分但备注称未完成",
        summary_en="Full marks that the row's own remark contradicts",
        why="A row scored in full whose remark says the thing was not done (尚未建立…) overstates "
        "the result; the remark is the form's own evidence.",
        bad="建立健全机制 | 15 | 15 | 尚未建立对邮寄业务的定期反馈制度。",
        good="建立健全机制 | 15 | 10 | 尚未建立对邮寄业务的定期反馈制度。",
        policy="财预〔2020〕10号: 自评结果应与实际完成情况相符",
        severity="warning",
        options={
            "negations": [
                "尚未",
                "未建立",
                "未完成",
                "未达到",
                "未达成",
                "未能",
                "未落实",
                "未实现",
                "没有完成",
                "没有建立",
                "不到位",
                "不够",
                "有待",
                "欠缺",
                "缺少",
            ]
        },
        check=check_full_score_contradicted,
    ),
    Rule(
        code="SCORE009",
        computes=("table",),
        why_zh="自评就是把每个目标与实际完成情况比较；没有实际值或得分的行没有被评价。",
        policy_zh="财预〔2020〕10号 绩效自评表",
        name="self-evaluation-unfilled",
        summary_zh="自评表有未填写的实际值或得分",
        summary_en="A self-evaluation row without an actual value or a score",
        why="A self-evaluation is the comparison of each target with what was achieved; a row "
        "without its actual value or its score has not been evaluated.",
        bad="补助人数 | ≥660.00(人) | (空) | 20.00 | (空)",
        good="补助人数 | ≥660.00(人) | 7160.00(人) | 20.00 | 20.00",
        policy="财预〔2020〕10号 绩效自评表",
        severity="warning",
        check=check_unfilled,
    ),
    Rule(
        code="SCORE010",
        computes=("funds",),
        why_zh="许多地区要求执行率低于 90% 时说明原因；表单应在备注或问题中写明资金为何没有花出去（结余、延迟支付 …）。",
        policy_zh="各地规定：执行率低于 90% 须说明原因（阈值可配置）",
        name="low-execution-unexplained",
        summary_zh="预算执行率偏低且未说明原因",
        summary_en="A low budget execution rate without a reason",
        why="Many regions require a reason when the execution rate is below 90%; the form should "
        "say why the money was not spent (结余, 延迟支付 …) somewhere in its remarks or problems.",
        bad="预算执行率 75.00% with no remark",
        good="预算执行率 75.00% | 主要问题: 因采购延迟，部分合同款未支付",
        policy="local rules: 执行率低于 90% 须说明原因 (threshold configurable)",
        severity="warning",
        options={
            "threshold": 90,
            "reason_words": [
                "原因",
                "由于",
                "因",
                "结余",
                "节约",
                "延迟",
                "推迟",
                "未支付",
                "未到",
                "尚未",
                "调整",
                "减少",
            ],
        },
        check=check_low_execution,
    ),
    Rule(
        code="SCORE011",
        computes=("table",),
        why_zh="实际值数倍于目标值，说明目标定得过低；按规定这样的目标不应得满分。这是提示，不是错误。",
        policy_zh="财预〔2020〕10号和财预〔2021〕101号：指标值应科学合理、具有挑战性",
        name="target-far-exceeded",
        summary_zh="实际值远超目标值，目标可能定得过低",
        summary_en="An actual value many times over its target",
        why="A target that the actual exceeds many times over was set too low; guidance says such "
        "a target should not earn full marks. A hint, not an error.",
        bad="彩色宣传页发放数量 | ≥40000.00 (张) | 186000.00 (张)",
        good="彩色宣传页发放数量 | ≥180000.00 (张) | 186000.00 (张)",
        policy="财预〔2020〕10号 and 财预〔2021〕101号: 指标值应科学合理、具有挑战性",
        severity="info",
        options={"factor": 3},
        check=check_far_exceeded,
    ),
)
