"""VAG: targets that measure nothing — placeholders, words where a number is due, vacuous numbers.

A target is a promise that a reviewer can check a year later: a comparator, a number and a unit
(≥85.00(%)), or a graded judgement where no number is possible. Each rule here finds one way a
target fails that; where two could apply to the same cell, the more specific one reports it
(a placeholder is not also reported as text instead of a number).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from checks._memo import MESSAGE_MEMO, per_form_with, per_options
from checks._units import (
    COUNT_KINDS,
    NAME_OPTIONS,
    benefit_labels,
    cell_key,
    is_benefit,
    kind_reader,
    number_targets,
    plain_name,
    text_targets,
)
from linter.parse.nodes import Form, Indicator, Value
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

PLACEHOLDERS = [
    "工作计划",
    "按计划",
    "按计划完成",
    "按工作计划",
    "按工作计划完成",
    "按年度计划",
    "行业标准",
    "按行业标准",
    "国家标准",
    "按标准",
    "按要求",
    "按要求完成",
    "按规定",
    "按相关规定",
    "详见附件",
    "见附件",
    "待定",
    "暂定",
    "同上",
    "略",
    "无",
    "暂无",
    "/",
    "-",
    "—",
    "——",
    "--",
]
PLACEHOLDER_PREFIXES = ["参照", "详见", "见附", "同上"]
# 无 is a target (zero) where the indicator counts something that should not happen.
ZERO_MEANING_NAMES = ["投诉", "事故", "差错", "故障", "违规", "违纪", "泄密", "纠纷", "失误"]
TIMELY_WORDS = ["及时", "按时", "准时", "如期", "适时", "尽快", "即时"]
UNMEASURABLE_WORDS = [
    "提升",
    "提高",
    "增强",
    "加强",
    "增加",
    "改善",
    "优化",
    "促进",
    "推动",
    "推进",
    "减轻",
    "降低",
    "减少",
    "缓解",
    "明显",
    "显著",
    "有效",
    "稳步",
    "逐步",
    "逐年",
    "进一步",
    "不断",
    "持续",
    "完善",
    "健全",
    "大幅",
    "一定",
]
GRADED = [
    "达成",
    "部分达成",
    "未达成",
    "达成指标",
    "达成年度指标",
    "部分达成年度指标",
    "未达成年度指标",
    "好",
    "较好",
    "一般",
    "较差",
    "差",
    "优",
    "良",
    "中",
    "优秀",
    "良好",
    "合格",
    "不合格",
]
GROWTH_NAMES = [
    "增长率",
    "增幅",
    "增速",
    "提升率",
    "提高率",
    "增长",
    "同比",
    "环比",
    "比上年",
    "超额",
]
SAVING_NAMES = ["节约率", "节省率", "节支率", "压减率", "压缩率", "降低率", "下降率"]

_DIGIT = re.compile(r"\d")
_GARBLED = re.compile(r"[\d%％]\s*(?:=|＝|═|≥|≤|>=|<=|>|<)\s*\d|(?:≥|≤|＝|═)\s*[=≥≤<>＝]")
_TRIM = "。.，,；;：: "
_NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})  # the built-in name endings
_HUNDRED = Decimal(100)


def _text(value: Value) -> str:
    return value.text.strip(_TRIM)


def _name(indicator: Indicator) -> str:
    return plain_name(indicator.name.value)


def _placeholder_text(written: str, name: str, options: Mapping[str, Any]) -> bool:
    """工作计划, 行业标准, 按要求, 参照…, /, — as a text target of the indicator ``name``: a
    reference to somewhere else, not a value."""
    text = written.strip(_TRIM) or written
    if not text:
        return False
    zero = options.get("zero_meaning_names", ZERO_MEANING_NAMES)
    if text in ("无", "暂无") and any(w in name for w in zero):
        return False
    words = options.get("words", PLACEHOLDERS)
    return text in words or text.startswith(tuple(options.get("prefixes", PLACEHOLDER_PREFIXES)))


def _bare_timely_text(written: str, options: Mapping[str, Any]) -> bool:
    """及时, 及时完成, 按时公开 as a text target: a timeliness word without a deadline or a rate."""
    text = written.strip(_TRIM)
    return (
        bool(text)
        and len(text) <= options.get("max_length", 8)
        and text.startswith(tuple(options.get("words", TIMELY_WORDS)))
        and not _DIGIT.search(text)
    )


@lru_cache(maxsize=TEXT_MEMO)
def _garbled_text(text: str) -> bool:
    """A value (with no number read) glued to another comparator: 参保人满意率达到100%=0, ≥=90%."""
    return _GARBLED.search(text) is not None


@lru_cache(maxsize=TEXT_MEMO)
def _claimed(text: str, name: str) -> bool:
    """A text target that VAG001, VAG003 or VAG006 reports (by their default words): placeholder,
    bare 及时, garbled. VAG002 and VAG008 leave it to them. Remembered per target and name."""
    return _placeholder_text(text, name, {}) or _bare_timely_text(text, {}) or _garbled_text(text)


@lru_cache(maxsize=32)
def _first_word(words: tuple[str, ...]) -> Callable[[str], str | None]:
    """The first of ``words`` that a text contains, remembered per text, for one set of words."""

    @lru_cache(maxsize=TEXT_MEMO)
    def first(text: str) -> str | None:
        return next((w for w in words if w in text), None)

    return first


def _needs_number(indicator: Indicator, kind_of: Callable[[str], str | None]) -> str | None:
    kind = kind_of(indicator.name.value)
    if kind in ("rate", "money", "time") or kind in COUNT_KINDS:
        return kind
    if (indicator.level2 or "").replace(" ", "") == "数量指标":
        return "count"
    return None


@per_form_with
def _text_needs(
    form: Form, kind_of: Callable[[str], str | None]
) -> tuple[tuple[Indicator, Value, str | None], ...]:
    """The text targets with the kind of number each needs (``_needs_number``), once per form
    for VAG002 and VAG008 (which share the built-in reader unless configured otherwise)."""
    return tuple((ind, value, _needs_number(ind, kind_of)) for ind, value in text_targets(form))


# VAG001 ---------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _placeholder_test(
    words: tuple[str, ...], prefixes: tuple[str, ...], zero: tuple[str, ...]
) -> Callable[[str, str], bool]:
    """``_placeholder_text`` for one set of options, remembered per target and name."""
    options = {"words": words, "prefixes": prefixes, "zero_meaning_names": zero}

    @lru_cache(maxsize=TEXT_MEMO)
    def test(text: str, name: str) -> bool:
        return _placeholder_text(text, name, options)

    return test


@per_options
def _placeholder_test_of(options: Mapping[str, Any]) -> Callable[[str, str], bool]:
    return _placeholder_test(
        tuple(options.get("words", PLACEHOLDERS)),
        tuple(options.get("prefixes", PLACEHOLDER_PREFIXES)),
        tuple(options.get("zero_meaning_names", ZERO_MEANING_NAMES)),
    )


@lru_cache(maxsize=MESSAGE_MEMO)
def _target_message(name: str, text: str, zh: str, en: str) -> tuple[str, str, str]:
    """A finding on an indicator's target: the messages (the target, then what is wrong with
    it) and the key, made once per name, target and reason, which recur form after form."""
    name = plain_name(name)
    return (
        f"指标「{name}」的目标值「{text}」{zh}",
        f'indicator "{name}": target "{text}" {en}',
        f"{name}={text}",
    )


_PLACEHOLDER = (
    "是占位语，不是可考核的目标值；应写明比较符、数值和单位（如 ≥95.00(%)）",
    "is a placeholder, not a target; state a comparator, a number and a unit (e.g. ≥95.00(%))",
)


def check_placeholder(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG001: a reference to a plan or a standard instead of the target itself."""
    test = _placeholder_test_of(options)
    for indicator, value in text_targets(form):
        if test(value.text, indicator.name.value):
            yield Finding(
                value.span, *_target_message(indicator.name.value, value.text, *_PLACEHOLDER)
            )


# VAG002 ---------------------------------------------------------------------------------------

_EXPECTED = {
    "rate": ("百分比（如 ≥95.00(%)）", "a percentage (e.g. ≥95.00(%))"),
    "money": ("金额（如 ≤35.00(万元)）", "an amount (e.g. ≤35.00(万元))"),
    "time": ("时限（如 ≤5(工作日)）或截止日期", "a time limit (e.g. ≤5(工作日)) or a deadline"),
    "count": ("数量（如 ≥2.00(次)）", "a count (e.g. ≥2.00(次))"),
}


def check_text_for_number(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG002: a rate, count, amount or time limit answered with words."""
    for indicator, value, kind in _text_needs(form, kind_reader(options)):
        text = value.text
        if (
            kind is None
            or not text
            or _claimed(text, indicator.name.value)
            or (is_benefit(indicator) and _text(value) in GRADED)
        ):
            continue
        found = _text_for_number_message(indicator.name.value, text, kind)
        if found is not None:
            yield Finding(value.span, *found)


@lru_cache(maxsize=MESSAGE_MEMO)
def _text_for_number_message(name: str, text: str, kind: str) -> tuple[str, str, str] | None:
    """VAG002's messages and key for a target of a kind that needs a number, or None for a
    deadline written in words (在3季度前完成); remembered per name, target and kind."""
    has_digit = bool(_DIGIT.search(text))
    if kind == "time" and has_digit:
        return None
    zh_want, en_want = _EXPECTED["count" if kind in COUNT_KINDS else kind]
    name = plain_name(name)
    if has_digit:
        zh = f"指标「{name}」的目标值「{text}」把数值写在文字里，无法按目标值考核；应只写{zh_want}"
        en = f'indicator "{name}": target "{text}" buries its number in prose; write only {en_want}'
    else:
        zh = f"指标「{name}」需要数值目标，却写了文字「{text}」；应写{zh_want}"
        en = f'indicator "{name}" needs a number but its target is the text "{text}"; write {en_want}'
    return zh, en, f"{name}={text}"


# VAG003 ---------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _timely_test(words: tuple[str, ...], max_length: int) -> Callable[[str], bool]:
    """``_bare_timely_text`` for one set of options, remembered per target."""
    options = {"words": words, "max_length": max_length}
    return lru_cache(maxsize=TEXT_MEMO)(lambda text: _bare_timely_text(text, options))


@per_options
def _timely_test_of(options: Mapping[str, Any]) -> Callable[[str], bool]:
    return _timely_test(tuple(options.get("words", TIMELY_WORDS)), options.get("max_length", 8))


_BARE = (
    "没有时限或比率，无法考核；应写完成时限（如 ≤5(工作日)、12月31日前）或及时率（如 =100.00(%)）",
    "states no deadline or rate and cannot be checked; write a time limit (e.g. ≤5(工作日), by "
    "31 December) or a timeliness rate (e.g. =100.00(%))",
)


def check_bare_timely(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG003: 及时 and its kin, which every result satisfies."""
    test = _timely_test_of(options)
    for indicator, value in text_targets(form):
        if test(value.text):
            yield Finding(value.span, *_target_message(indicator.name.value, value.text, *_BARE))


# VAG004 ---------------------------------------------------------------------------------------


_ALWAYS_MET = {  # by whether the target is a floor of zero, else a ceiling of 100%
    True: (
        "必然达成（任何结果都不低于零），不构成目标；应写出实际要达到的水平",
        "is always met (no result is below zero) and sets no target; state the level to be reached",
    ),
    False: (
        "必然达成（百分比不会超过100%），不构成目标；应写出实际要达到的水平",
        "is always met (a percentage cannot exceed 100%) and sets no target; state the level to "
        "be reached",
    ),
}


def check_always_met(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG004: ≥0 and ≤100% targets, met whatever happens."""
    for indicator, value in number_targets(form):
        op, number = value.op, value.number
        floor = op == ">=" and number <= 0
        if not floor and not (op == "<=" and value.unit == "%" and number >= _HUNDRED):
            continue
        yield Finding(
            value.span, *_target_message(indicator.name.value, value.text, *_ALWAYS_MET[floor])
        )


# VAG005 ---------------------------------------------------------------------------------------


@per_options
def _impossible_names(options: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """VAG005's names that may exceed 100% and its saving names."""
    return (
        tuple(options.get("may_exceed_100_names", GROWTH_NAMES)),
        tuple(options.get("saving_names", SAVING_NAMES)),
    )


def check_impossible(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG005: percentages above 100% and full savings, which no result can meet."""
    growth, saving = _impossible_names(options)
    for indicator, value in number_targets(form):
        if value.unit != "%" or value.number < _HUNDRED:  # type: ignore[operator]
            continue  # every case below is at least 100%
        name, text, number, op = _name(indicator), value.text, value.number, value.op
        full_saving = name.endswith(saving) and op in ("=", ">=", ">", None)
        over = op == ">" or (op in (">=", "=", None) and number > _HUNDRED)
        pointless = op == ">=" and number == _HUNDRED
        if not (full_saving or over or pointless) or any(w in name for w in growth):
            continue
        if full_saving:
            zh = f"指标「{name}」的目标值「{text}」不可能达成：节约100%意味着不花一分钱；应写实际可节约的比例"
            en = (
                f'indicator "{name}": target "{text}" is impossible: saving 100% means spending '
                "nothing; state the saving that can really be made"
            )
        elif over:
            zh = f"指标「{name}」的目标值「{text}」不可能达成：百分比不能超过100%"
            en = f'indicator "{name}": target "{text}" is impossible: a percentage cannot exceed 100%'
        else:
            zh = f"指标「{name}」的目标值「{text}」中的“≥”没有意义：百分比最多为100%，应写 =100%"
            en = (
                f'indicator "{name}": target "{text}": "≥" means nothing here, a percentage is at '
                "most 100%; write =100%"
            )
        yield Finding(value.span, zh, en, cell_key(indicator, text))


# VAG006 ---------------------------------------------------------------------------------------


def check_garbled(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG006: values broken by export or typing (达到100%=0), in targets and actuals."""
    for indicator in form.indicators:
        target, actual = indicator.target, indicator.actual
        if target is not None and target.number is None and _garbled_text(target.text):
            yield _garbled(indicator, target, "目标值", "target")
        if actual is not None and actual.number is None and _garbled_text(actual.text):
            yield _garbled(indicator, actual, "实际完成值", "actual value")


def _garbled(indicator: Indicator, value: Value, zh_role: str, en_role: str) -> Finding:
    name, text = _name(indicator), value.text
    return Finding(
        value.span,
        f"指标「{name}」的{zh_role}「{text}」残缺或粘连（一个数值后又跟比较符和数字），无法读出目标",
        f'indicator "{name}": {en_role} "{text}" is garbled (a value followed by another '
        "comparator and number) and cannot be read",
        cell_key(indicator, text),
    )


# VAG007 ---------------------------------------------------------------------------------------


def check_no_comparator(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG007: a number without ≥ ≤ =, which the scoring cannot read one way."""
    for indicator, value in number_targets(form):
        if value.op is None:
            text = value.text
            yield Finding(
                value.span,
                *_target_message(
                    indicator.name.value,
                    text,
                    f"没有比较符，不知是“不低于”“不高于”还是“等于”；应写如 ≥{text} 或 ={text}",
                    'has no comparator, so "at least", "at most" and "exactly" are all possible '
                    f"readings; write e.g. ≥{text} or ={text}",
                ),
            )


# VAG008 ---------------------------------------------------------------------------------------


_UnmeasurableTest = Callable[[str, str, str | None, str | None], tuple[str, str, str] | None]


@per_options
def _unmeasurable_test(options: Mapping[str, Any]) -> _UnmeasurableTest:
    return _unmeasurable_test_of(
        tuple(options.get("words", UNMEASURABLE_WORDS)), frozenset(options.get("graded", GRADED))
    )


@lru_cache(maxsize=32)
def _unmeasurable_test_of(words: tuple[str, ...], graded: frozenset[str]) -> _UnmeasurableTest:
    """VAG008's verdict on a target (as written) of a name under its labels: its messages and
    key, or None. Remembered per target, name and labels, which recur across forms."""
    first_word = _first_word(words)

    @lru_cache(maxsize=TEXT_MEMO)
    def test(
        written: str, name: str, level1: str | None, level2: str | None
    ) -> tuple[str, str, str] | None:
        text = written.strip(_TRIM)
        if (
            not text
            or text in graded
            or not benefit_labels(level1, level2)
            or _claimed(written, name)
            or (word := first_word(text)) is None
        ):
            return None
        return _target_message(
            name,
            written,
            f"只有“{word}”这样的方向或程度词，无法考核；"
            "应写可比较的数值（如 ≥90.00(%)）或分级表述（达成/部分达成/未达成）",
            f'is only a word of direction or degree ("{word}") and cannot be checked; write a '
            "number to compare (e.g. ≥90.00(%)) or a graded statement (达成 / 部分达成 / 未达成)",
        )

    return test


def check_unmeasurable(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """VAG008: benefit wording that says which way, never how far (with the built-in endings:
    its words apply where no number is needed)."""
    test = _unmeasurable_test(options)
    for ind, value, needs in _text_needs(form, kind_reader(_NO_OPTIONS)):
        if needs is None and (found := test(value.text, ind.name.value, ind.level1, ind.level2)):
            yield Finding(value.span, *found)


RULES = (
    Rule(
        code="VAG001",
        why_zh="“工作计划”或“行业标准”指向别处而没有给出目标；一年后谁也说不清是否达成。",
        policy_zh="财预〔2021〕101号：目标值尽可能量化；工作计划、按计划、行业标准、按要求、详见附件等占位语不是目标值",
        name="placeholder-target",
        summary_zh="目标值是占位语（工作计划、行业标准、按要求、/ …）",
        summary_en="The target is a placeholder (工作计划, 行业标准, 按要求, / …)",
        why="工作计划 or 行业标准 points somewhere else instead of stating a target; nobody can say "
        "a year later whether it was met.",
        bad="故障响应时间 | 工作计划;  受益者满意度 | 行业标准;  网络畅通度 | /",
        good="故障响应时间 | ≤2(小时);  受益者满意度 | ≥90.00(%)",
        policy="财预〔2021〕101号: targets are quantified wherever possible; placeholders such as "
        "工作计划, 按计划, 行业标准, 按要求, 详见附件 are not targets",
        severity="error",
        options={
            "words": PLACEHOLDERS,
            "prefixes": PLACEHOLDER_PREFIXES,
            "zero_meaning_names": ZERO_MEANING_NAMES,
        },
        check=check_placeholder,
    ),
    Rule(
        code="VAG002",
        why_zh="比率、数量、金额或时限要用数字计量；“全部发放到位”这样的句子或埋在文字里的数字无法与实际值比较。",
        policy_zh="财预〔2021〕101号：数量指标、比率和成本指标取定量值；只有无法量化时才用定性表述",
        name="text-instead-of-number",
        summary_zh="需要数值的指标写了文字",
        summary_en="An indicator that needs a number has text instead",
        why="A rate, a count, an amount or a time limit is measured by a number; a sentence such as "
        "全部发放到位 or a number buried in prose cannot be compared with the actual value.",
        bad="宣传册发放数 (数量指标) | 全部发放到位;  各街镇宣传覆盖率 | 保证每个街镇都进行至少一次宣讲",
        good="宣传册发放数 | ≥30000(本);  各街镇宣传覆盖率 | =100.00(%)",
        policy="财预〔2021〕101号: 数量指标, rates and cost indicators take quantitative values; "
        "qualitative wording only where a number is impossible",
        severity="warning",
        options={
            k: NAME_OPTIONS[k]
            for k in (
                "rate_names",
                "not_rate_names",
                "time_names",
                "money_names",
                "not_money_names",
                "count_names",
                "not_count_names",
            )
        },
        check=check_text_for_number,
    ),
    Rule(
        code="VAG003",
        why_zh="及时/及时完成/及时公开既没有期限也没有比率；任何结果都可以说是及时的。",
        policy_zh="财预〔2021〕101号：时效指标写明期限或及时率；单写“及时”衡量不了任何东西",
        name="bare-timeliness",
        summary_zh="时效目标只写“及时”",
        summary_en="A timeliness target that only says 及时",
        why="及时 / 及时完成 / 及时公开 names no deadline and no rate; every result can be called timely.",
        bad="研究课题完成及时性 | 及时;  软件维护升级及时性 | 及时完成",
        good="研究课题完成及时率 | =100.00(%);  软件维护升级 | 故障后≤2(个工作日)内完成",
        policy="财预〔2021〕101号: 时效指标 state a deadline or a timeliness rate; the bare word 及时 "
        "measures nothing",
        severity="warning",
        options={"words": TIMELY_WORDS, "max_length": 8},
        check=check_bare_timely,
    ),
    Rule(
        code="VAG004",
        why_zh="成本节约率 ≥0.00(%) 或投诉率 ≤100% 无论结果如何都能达成，指标不衡量任何东西就能得满分。",
        policy_zh="空洞目标：成本节约率 ≥0.00(%) 必然达成（审核惯例；财预〔2021〕101号 关于成本指标）",
        name="always-met-target",
        summary_zh="目标值必然达成（≥0、≤100%）",
        summary_en="The target is always met (≥0, ≤100%)",
        why="成本节约率 ≥0.00(%) or 投诉率 ≤100% is met by any result at all, so the indicator scores "
        "full marks without measuring anything.",
        bad="成本节约率 | ≥0.00(%)",
        good="成本节约率 | ≥5.00(%)  (or, if no saving is planned, an amount: 培训费 ≤2.00(万元))",
        policy="Vacuous targets: 成本节约率 ≥0.00(%) is always met (review practice, "
        "财预〔2021〕101号 on cost indicators)",
        severity="warning",
        check=check_always_met,
    ),
    Rule(
        code="VAG005",
        why_zh="比率不能超过 100%：≥100% 只能是 =100%，>100% 永远达不到，节约率 100% 意味着一分钱不花。",
        policy_zh="比率（…率、覆盖率、比例）以 % 表示且不超过 100%（财预〔2021〕101号 指标取值）",
        name="impossible-percentage",
        summary_zh="百分比目标超过100%或不可能达成",
        summary_en="A percentage target above 100% or otherwise impossible",
        why="A rate cannot exceed 100%: ≥100% can only mean =100%, >100% can never be met, and a "
        "saving rate of 100% means spending nothing.",
        bad="法治培训参与率 | ≥100.00(%);  政务公开相关人力成本节约率 | =100.00(%)",
        good="法治培训参与率 | =100.00(%);  人力成本节约率 | ≥5.00(%)",
        policy="A rate (…率, 覆盖率, 比例) is in % and cannot exceed 100% (财预〔2021〕101号 指标取值)",
        severity="warning",
        options={"may_exceed_100_names": GROWTH_NAMES, "saving_names": SAVING_NAMES},
        check=check_impossible,
    ),
    Rule(
        code="VAG006",
        why_zh="数值后面又跟着比较符和数字（达到100%=0），是导出损坏或录入失误；目标值根本读不出来。",
        policy_zh="目标值由比较符、数值和单位组成（财预〔2021〕101号 指标取值）",
        name="garbled-value",
        summary_zh="数值残缺或粘连",
        summary_en="A garbled value",
        why="A value followed by another comparator and number (达到100%=0) is a broken export or a "
        "typing slip; the target cannot be read at all.",
        bad="工作效率 | 按时完成工作，参保人满意率达到100%=0",
        good="参保人满意率 | =100.00(%)",
        policy="Targets are a comparator, a number and a unit (财预〔2021〕101号 指标取值)",
        severity="error",
        check=check_garbled,
    ),
    Rule(
        code="VAG007",
        why_zh="31.7万或100%没有说明实际值应至少、至多还是恰好等于它，而三者的评分公式各不相同。",
        policy_zh="目标值带比较符（≥ ≤ = > <，或不低于/不超过 …）；自评得分取决于它（财预〔2020〕10号）",
        name="no-comparator",
        summary_zh="数值目标没有比较符",
        summary_en="A numeric target without a comparator",
        why="31.7万 or 100% does not say whether the actual value must be at least, at most or "
        "exactly that, and the scoring formula differs for each.",
        bad="2023年缴费期内参保人数 | 31.7万;  结算率 | 100%",
        good="2023年缴费期内参保人数 | ≥31.7(万人);  结算率 | =100%",
        policy="Targets carry a comparator (≥ ≤ = > <, or 不低于 / 不超过 …); the self-evaluation "
        "score depends on it (财预〔2020〕10号)",
        severity="info",
        check=check_no_comparator,
    ),
    Rule(
        code="VAG008",
        why_zh="提升、有所提升、效果显著、逐年完善只说了方向没说程度，任何结果都算达成。分级表述（达成/部分达成/未达成；好/较好/一般/较差/差）和可判真假的状态（合规、全覆盖、正常运行）可以通过。",
        policy_zh="常见做法而非成文规定：许多审核人对效益指标接受这类词语，但财预〔2021〕101号要求量化或分级的值",
        name="unmeasurable-wording",
        summary_zh="效益、满意度目标只有方向或程度词（提升、效果显著 …）",
        summary_en="A benefit or satisfaction target that is only a word of direction or degree",
        why="提升, 有所提升, 效果显著, 逐年完善 say which way things should move but not how far, so any "
        "result meets them. Graded statements (达成 / 部分达成 / 未达成; 好 / 较好 / 一般 / 较差 / 差) "
        "and states that are true or false (合规, 全覆盖, 正常运行) pass.",
        bad="数据安全水平提升情况 | 提升;  长效管理机制建设情况 | 建立健全;  … | 效果显著",
        good="数据安全事件发生次数 | =0(次);  长效管理机制建设情况 | 达成 / 部分达成 / 未达成",
        policy="Common practice, not a written rule: many reviewers accept such words for 效益 "
        "indicators, but 财预〔2021〕101号 asks for quantified or graded values",
        severity="warning",
        options={"words": UNMEASURABLE_WORDS, "graded": GRADED},
        check=check_unmeasurable,
    ),
)
