"""UNIT: units that do not fit the indicator, the actual value or the funds.

The indicator's name says what it measures (…率 a share, …次数 events, …人数 people, …经费 money,
…时限 time); the unit of its value must be of that class (checks/_units.py). Only values the
grammar read as numbers are checked: text targets are the VAG family's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from checks._memo import per_options
from checks._numbers import MONEY_FACTOR, fmt, shown, to_yuan
from checks._units import (
    COUNT_KINDS,
    NAME_OPTIONS,
    UNIT_CLASSES,
    actual_numbers,
    cell_key,
    kind_reader,
    number_targets,
    plain_name,
    same_unit,
    typed_targets,
    unit_class,
    unit_classes,
)
from linter.parse.nodes import Form, FormKind, Indicator, Value
from linter.rules import Finding, Rule

_CLASS_ZH = {
    "percent": "百分比",
    "events": "次数类",
    "people": "人数类",
    "things": "物品类",
    "money": "金额",
    "time": "时间",
    "frequency": "频率",
    "measure": "计量",
    "scale": "数量级",
}


def _units_option() -> dict[str, list[str]]:
    return {cls: [] for cls in UNIT_CLASSES}


def _describe(value: Value, options: Mapping[str, Any]) -> tuple[str, str]:
    """How the unit is described in a message: （次数类单位「次」） / (the events unit "次")."""
    if value.unit is None:
        return "没有单位", "has no unit"
    cls = unit_class(value.unit, options)
    if cls is None:
        return f"单位是「{value.unit}」", f'is in "{value.unit}"'
    return (
        f"单位是{_CLASS_ZH.get(cls, cls)}单位「{value.unit}」",
        f'is in the {cls} unit "{value.unit}"',
    )


def _finding(
    indicator: Indicator, value: Value, zh_tail: str, en_tail: str, options: Mapping[str, Any]
) -> Finding:
    name, text = plain_name(indicator.name.value), value.text
    zh_unit, en_unit = _describe(value, options)
    return Finding(
        value.span,
        f"指标「{name}」的目标值「{text}」{zh_unit}，{zh_tail}",
        f'indicator "{name}": target "{text}" {en_unit}; {en_tail}',
        cell_key(indicator, text),
    )


@per_options
def _readers(
    options: Mapping[str, Any],
) -> tuple[Callable[[str], str | None], Callable[[str | None], str | None]]:
    """A UNIT rule's reader of indicator kinds and of unit classes, for its options."""
    return kind_reader(options), unit_classes(options)


def _kind_needs_unit(
    kinds: frozenset[str], fits: Callable[[str | None], bool], zh_tail: str, en_tail: str
) -> Callable[[Form, Mapping[str, Any]], Iterator[Finding]]:
    """A check: indicators of these kinds (by their names) whose value's unit class does not fit."""

    def check(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
        kind_of, class_of = _readers(options)
        typed = typed_targets(form, kind_of)
        if kinds.isdisjoint(typed.kinds):
            return
        for indicator, value, kind in typed.rows:
            if kind in kinds and not fits(class_of(value.unit)):
                yield _finding(indicator, value, zh_tail, en_tail, options)

    return check


# UNIT001: a rate in a count unit or without %, so it measures something else.
check_rate_unit = _kind_needs_unit(
    frozenset({"rate"}),
    lambda cls: cls == "percent",
    "而比率应以百分比（%）表示；若要数次数，请改指标名称（如“…次数”）",
    'a rate is a percentage (%); if it counts events, rename it (e.g. "…次数")',
)

# UNIT002: a count in % or money, so its name and value disagree.
check_count_unit = _kind_needs_unit(
    frozenset(COUNT_KINDS),
    lambda cls: cls not in ("percent", "money"),
    "而数量指标应以计数单位表示（次、场、人、个、件 …）；若要考核比率，请改指标名称（如“…完成率”）",
    "a count is in a count unit (次, 场, 人, 个, 件 …); if it is a rate, rename it "
    '(e.g. "…完成率")',
)

# UNIT004: an amount without 元 / 万元, readable at two scales 10,000 apart.
check_money_unit = _kind_needs_unit(
    frozenset({"money"}),
    lambda cls: cls == "money",
    "而金额指标应写明货币单位（元或万元）",
    "an amount needs a money unit (元 or 万元)",
)

# UNIT005: a time limit without a time unit (hours? days?).
check_time_unit = _kind_needs_unit(
    frozenset({"time"}),
    lambda cls: cls == "time",
    "而时间、时限指标应写明时间单位（天、工作日、小时、月 …）",
    "a time or time limit needs a time unit (天, 工作日, 小时, 月 …)",
)


# UNIT003 --------------------------------------------------------------------------------------

_WRONG_KIND = {
    # indicator kind → (unit classes that count something else, zh, en)
    "event_count": (
        ("people",),
        "“次数”计的是活动，“人次”计的是人",
        "a number of times counts events, person-times count people",
    ),
    "people_count": (
        ("things",),
        "人数应以人、名、位或人次计",
        "people are counted in 人, 名, 位 or 人次",
    ),
}


def check_count_kind(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """UNIT003: events counted in people, or people counted like things."""
    kind_of, class_of = _readers(options)
    typed = typed_targets(form, kind_of)
    if _WRONG_KIND.keys().isdisjoint(typed.kinds):
        return
    for indicator, value, kind in typed.rows:
        if kind not in _WRONG_KIND:
            continue
        wrong, zh, en = _WRONG_KIND[kind]
        if class_of(value.unit) not in wrong:
            continue
        yield _finding(
            indicator, value, f"计数对象不一致：{zh}", f"it counts the wrong thing: {en}", options
        )


# UNIT006 --------------------------------------------------------------------------------------


def check_actual_unit(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """UNIT006: an actual value that cannot be scored against its target's unit."""
    if form.kind is not FormKind.SELF_EVALUATION:
        return
    for indicator, actual in actual_numbers(form):
        target = indicator.target
        if target is None or target.number is None:
            continue
        if target.unit is None or actual.unit is None or same_unit(target.unit, actual.unit):
            continue
        name = plain_name(indicator.name.value)
        if target.unit in MONEY_FACTOR and actual.unit in MONEY_FACTOR:
            zh_tail, en_tail = (
                "须换算后才能比较，应统一单位",
                "they must be converted to compare; use one unit",
            )
        else:
            zh_tail, en_tail = (
                "二者计量的不是同一事物，无法比较",
                "they measure different things and cannot be compared",
            )
        yield Finding(
            actual.span,
            f"指标「{name}」的实际完成值「{actual.text}」单位是「{actual.unit}」，"
            f"与年度指标值「{target.text}」的单位「{target.unit}」不同，{zh_tail}",
            f'indicator "{name}": actual value "{actual.text}" is in "{actual.unit}" but the '
            f'target "{target.text}" is in "{target.unit}"; {en_tail}',
            cell_key(indicator, f"{target.text}→{actual.text}"),
        )


# UNIT007 --------------------------------------------------------------------------------------


def _fund_amounts(form: Form) -> Iterator[Decimal]:
    if form.funds is None:
        return
    for item in form.funds.items:
        amount = item.amount
        if item.column not in ("weight", "rate", "score") and amount is not None and amount.number:
            yield amount.number


def check_money_scale(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """UNIT007: 元 written for 万元 or the reverse, judged against the funds."""
    funds_unit = form.money_unit or (form.funds.unit if form.funds else None)
    if funds_unit not in MONEY_FACTOR or next(_fund_amounts(form), None) is None:
        return
    factor = Decimal(options["factor"])
    amounts: list[Decimal] = []
    for indicator, value in number_targets(form):
        if value.unit not in MONEY_FACTOR or value.op in (">=", ">"):
            continue  # a floor (每人每年经费 ≥1元) is not a share of the funds
        if not amounts:  # listed for the first amount in money
            amounts = list(_fund_amounts(form))
            total = max(amounts)
            total_yuan = to_yuan(total, funds_unit)
        amount_yuan = to_yuan(value.number, value.unit)  # type: ignore[arg-type]
        same_digits = value.unit != funds_unit and value.number in amounts
        too_large = amount_yuan > total_yuan * factor
        if not (same_digits or too_large):
            continue
        name, text = plain_name(indicator.name.value), value.text
        funds = f"{fmt(total, 2)}{funds_unit}"
        if same_digits:
            zh = (
                f"指标「{name}」的目标值「{text}」与项目资金数字相同，但单位是「{value.unit}」"
                f"而资金以「{funds_unit}」计（{funds}）：元与万元混用？"
            )
            en = (
                f'indicator "{name}": target "{text}" has the same digits as the funds but is in '
                f'"{value.unit}" while the funds are in "{funds_unit}" ({funds}): 元 and 万元 mixed up?'
            )
        else:
            zh = (
                f"指标「{name}」的目标值「{text}」折合{fmt(amount_yuan, 0)}元，超过项目资金"
                f"（{funds}）的{options['factor']}倍：元与万元混用？"
            )
            en = (
                f'indicator "{name}": target "{text}" is {fmt(amount_yuan, 0)} 元, more than '
                f"{options['factor']} times the funds ({funds}): 元 and 万元 mixed up?"
            )
        yield Finding(value.span, zh, en, cell_key(indicator, shown(value) + value.unit))


def _names(*keys: str) -> dict[str, Any]:
    return {key: NAME_OPTIONS[key] for key in keys}


RULES = (
    Rule(
        code="UNIT001",
        why_zh="比率（…率、比例、覆盖率、满意度）是比例，应以 % 表示；投诉率 ≤5.00(次) 或完成率 ≥1.00(次) 是用比率的名称计量次数，两者都无法评分。",
        policy_zh="比率（…率、覆盖率、比例）以 % 表示（财预〔2021〕101号 指标取值）",
        name="rate-not-percent",
        summary_zh="比率指标不以百分比表示",
        summary_en="A rate that is not a percentage",
        why="A rate (…率, 比例, 覆盖率, 满意度) is a share and is written in %; 投诉率 ≤5.00(次) or "
        "完成率 ≥1.00(次) measures a count under a rate's name, so neither can be scored.",
        bad="管理人员投诉率 | ≤5.00(次);  宣传工作完成率 | ≥1.00(次)",
        good="管理人员投诉率 | ≤5.00(%);  宣传工作完成次数 | ≥1.00(次)",
        policy="A rate (…率, 覆盖率, 比例) is in % (财预〔2021〕101号 指标取值)",
        severity="error",
        options={"units": _units_option(), **_names("rate_names", "not_rate_names")},
        check=check_rate_unit,
    ),
    Rule(
        code="UNIT002",
        why_zh="数量（…数、次数、人数、数量）应以计数单位表示；以 % 或元表示的数量计量的不是它名称所说的东西。",
        policy_zh="数量以计数单位表示：次、场、期、人、人次、个、件 …（财预〔2021〕101号 指标取值）",
        name="count-not-count-unit",
        summary_zh="数量指标以百分比或金额表示",
        summary_en="A count in % or in money",
        why="A count (…数, 次数, 人数, 数量) is in a count unit; a count in % or 元 measures something "
        "else than its name says.",
        bad="培训计划完成数 | =100.00(%)",
        good="培训计划完成数 | ≥2.00(次);  培训计划完成率 | =100.00(%)",
        policy="A count is in a count unit: 次, 场, 期, 人, 人次, 个, 件 … (财预〔2021〕101号 指标取值)",
        severity="error",
        options={
            "units": _units_option(),
            **_names("count_names", "not_count_names", "event_count_names", "people_count_names"),
        },
        check=check_count_unit,
    ),
    Rule(
        code="UNIT003",
        why_zh="开展专家咨询次数 ≥3.00(人次) 把咨询次数和参加人数混在一起；以“个”计人等于把人当成物。参与人数用“人次”是常见做法，可以通过。",
        policy_zh="次数用人次、人数用个，混淆了两种东西（审核惯例）",
        name="count-kind-mismatch",
        summary_zh="计数单位与计数对象不符（次数用人次、人数用个）",
        summary_en="A count in the wrong kind of count unit (次数 in 人次, people in 个)",
        why="开展专家咨询次数 ≥3.00(人次) mixes consultations with the people attending them; people "
        "counted in 个 are counted like things. 人次 for a number of people (参与人数) is common "
        "practice and passes.",
        bad="开展专家咨询次数 | ≥3.00(人次);  保障司勤人员数量 | =2.00(个)",
        good="开展专家咨询次数 | ≥3.00(次);  保障司勤人员数量 | =2.00(人)",
        policy="次数 in 人次, or a count of people in 个, mixes two different things (review practice)",
        severity="warning",
        options={"units": _units_option(), **_names("event_count_names", "people_count_names")},
        check=check_count_kind,
    ),
    Rule(
        code="UNIT004",
        why_zh="成本或金额（…经费、费用、资金、收费标准）是钱；没有元或万元，可能被读大或读小一万倍。",
        policy_zh="成本指标是金额（元、万元）（财预〔2021〕101号 成本指标）",
        name="money-unit",
        summary_zh="金额指标没有货币单位或单位不是货币",
        summary_en="An amount without a money unit, or in a non-money unit",
        why="A cost or an amount (…经费, 费用, 资金, 收费标准) is money; without 元 or 万元 it can be "
        "read ten thousand times too large or too small.",
        bad="培训经费 | ≤3.5;  业务经费 | ≤35(次)",
        good="培训经费 | ≤3.50(万元)",
        policy="Cost indicators are money (元, 万元) (财预〔2021〕101号 成本指标)",
        severity="warning",
        options={"units": _units_option(), **_names("money_names", "not_money_names")},
        check=check_money_unit,
    ),
    Rule(
        code="UNIT005",
        why_zh="故障响应时间 ≤2 可能是小时也可能是天；时限需要天、工作日、小时或月。",
        policy_zh="时效指标是期限或及时率（财预〔2021〕101号 时效指标）",
        name="time-unit",
        summary_zh="时间、时限指标没有时间单位",
        summary_en="A time or time limit without a time unit",
        why="故障响应时间 ≤2 may be hours or days; a time limit needs 天, 工作日, 小时 or 月.",
        bad="故障响应时间 | ≤2;  办结时限 | ≤5(%)",
        good="故障响应时间 | ≤2(小时);  办结时限 | ≤5(工作日)",
        policy="时效指标 are a deadline or a timeliness rate (财预〔2021〕101号 时效指标)",
        severity="warning",
        options={"units": _units_option(), **_names("time_names")},
        check=check_time_unit,
    ),
    Rule(
        code="UNIT006",
        computes=("table",),
        why_zh="自评表按目标值给实际值评分；6000(件) 对 ≥5600(人)，或 3.2(万元) 对 ≤32000(元)，按所写的无法比较。",
        policy_zh="自评评分比较实际值与目标值（财预〔2020〕10号）",
        name="actual-unit-mismatch",
        summary_zh="实际完成值与年度指标值单位不同",
        summary_en="The actual value is in another unit than its target",
        why="A self-evaluation scores the actual value against the target; 6000(件) against ≥5600(人) "
        "or 3.2(万元) against ≤32000(元) cannot be compared as written.",
        bad="报销审核案件量 | ≥5600.00(件) | 6000.00(人)",
        good="报销审核案件量 | ≥5600.00(件) | 6000.00(件)",
        policy="Self-evaluation scoring compares actual with target (财预〔2020〕10号)",
        severity="error",
        check=check_actual_unit,
    ),
    Rule(
        code="UNIT007",
        why_zh="资金按标题所写以元或万元为单位；成本指标把资金的数字写成另一单位（≤35元 对 35万元），或超过资金上千倍，是单位写错了。",
        policy_zh="比较前换算元与万元；成本上限不能超过项目资金（财预〔2021〕101号 成本指标）",
        name="money-scale-mismatch",
        summary_zh="金额指标与项目资金元、万元混用",
        summary_en="元 and 万元 mixed up between an amount and the funds",
        why="Funds are in 元 or 万元 as the heading says; a cost indicator with the funds' digits in "
        "the other unit (≤35元 against 35万元), or one that exceeds the funds a thousandfold, was "
        "written in the wrong unit.",
        bad="项目资金(万元) 35 … 业务经费费用 | ≤35元",
        good="项目资金(万元) 35 … 业务经费费用 | ≤35万元",
        policy="Convert 元 and 万元 before comparing; a cost ceiling cannot exceed the funds "
        "(财预〔2021〕101号 成本指标)",
        severity="warning",
        options={"factor": 1000},
        check=check_money_scale,
    ),
)
