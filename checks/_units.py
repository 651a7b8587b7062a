"""Unit classes and indicator kinds, shared by the VAG and UNIT checks.

A unit belongs to a class (percent, events, people, things, money, time, frequency …); an indicator's
name says which class its value should be in (…率 in percent, …次数 in events, …经费 in money).
Both are tables, so that configuration can extend them through the rules' options: a rule option
``units`` maps a class to extra units, and options such as ``rate_names`` replace the name endings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from checks._memo import per_form, per_form_with, per_options
from linter.parse.nodes import Form, Indicator, Value
from linter.parse.normalize import TEXT_MEMO

UNIT_CLASSES: dict[str, tuple[str, ...]] = {
    "percent": ("%", "‰"),
    "events": ("次", "次数", "场", "期", "批", "轮", "届", "万次"),
    "people": ("人", "人次", "位", "名", "户", "户次", "万人", "万人次"),
    "things": (
        "个",
        "件",
        "张",
        "本",
        "份",
        "台",
        "条",
        "项",
        "所",
        "家",
        "篇",
        "辆",
        "套",
        "类",
        "册",
        "部",
        "间",
        "处",
        "座",
        "万份",
        "万册",
        "万张",
        "万本",
        "万件",
    ),
    "money": ("元", "万元", "亿元", "千元"),
    "time": ("天", "日", "月", "个月", "年", "周", "小时", "分钟", "工作日", "个工作日"),
    "frequency": ("次/周", "次/月", "次/年", "次/日", "次/天"),
    "measure": (
        "平方米",
        "公里",
        "千米",
        "米",
        "亩",
        "吨",
        "kg",
        "KB",
        "MB",
        "GB",
        "TB",
        "km",
        "m",
    ),
    "scale": ("万",),
}

# Units that mean the same thing, written differently: compared after this mapping.
SYNONYMS: dict[str, str] = {"日": "天", "个工作日": "工作日", "个月": "月", "次/天": "次/日"}

# Name endings of each indicator kind, tried in the order of KIND_ORDER. A name is matched after
# removing spaces and a trailing 指标 (满意率指标 → 满意率). ``not_*`` endings exclude a kind.
NAME_OPTIONS: dict[str, list[str]] = {
    "rate_names": ["率", "比例", "比率", "占比", "满意度"],
    "not_rate_names": ["频率", "效率", "速率", "功率", "汇率"],
    "time_names": ["时间", "时限", "时长", "期限", "周期", "天数", "工期", "用时", "耗时"],
    "frequency_names": ["频率", "频次"],
    "money_names": [
        "经费",
        "费用",
        "资金",
        "金额",
        "成本",
        "费",
        "价格",
        "单价",
        "收费标准",
        "补助标准",
        "补贴标准",
        "资助标准",
        "预算",
        "预算数",
        "执行数",
        "决算数",
        "支出",
        "投资",
        "造价",
        "工资",
    ],
    "not_money_names": ["缴费", "付费", "消费", "免费"],
    "event_count_names": ["次数", "场次", "场数", "期数", "批次", "轮次"],
    "people_count_names": [
        "人数",
        "人次",
        "人员数",
        "人员数量",
        "雇员数",
        "雇员数量",
        "员工数",
        "员工数量",
        "学员数",
        "对象数",
        "对象数量",
    ],
    "count_names": ["数", "数量", "个数", "件数", "量"],
    "not_count_names": [
        "指数",
        "系数",
        "倍数",
        "分数",
        "质量",
        "流量",
        "容量",
        "含量",
        "重量",
        "能量",
        "力量",
        "总量",
        "存量",
        "增量",
    ],
}

KIND_ORDER = ("rate", "time", "frequency", "money", "event_count", "people_count", "count")
COUNT_KINDS = frozenset({"event_count", "people_count", "count"})

# 一级指标 whose indicators are benefits or satisfaction (2021 template and the older layout).
BENEFIT_LEVEL1 = frozenset({"效益指标", "满意度指标", "效果目标", "影响力目标"})


@per_form
def number_targets(form: Form) -> tuple[tuple[Indicator, Value], ...]:
    """The indicators whose target the grammar read as a number, with it (once per form: the
    UNIT and VAG rules walk them in turn)."""
    return tuple(
        (ind, target)
        for ind in form.indicators
        if (target := ind.target) is not None and target.number is not None
    )


@per_form
def actual_numbers(form: Form) -> tuple[tuple[Indicator, Value], ...]:
    """The indicators whose actual value is a number, with it (none on target forms)."""
    return tuple(
        (ind, actual)
        for ind in form.indicators
        if (actual := ind.actual) is not None and actual.number is not None
    )


class TypedTargets(NamedTuple):
    """The number targets with their indicator's kind, and the kinds among them."""

    kinds: frozenset[str | None]
    rows: tuple[tuple[Indicator, Value, str | None], ...]


@per_form_with
def typed_targets(form: Form, kind_of: Callable[[str], str | None]) -> TypedTargets:
    """``number_targets`` with each indicator's kind by ``kind_of`` (a ``kind_reader``), once
    per form for the UNIT rules that share the reader; most forms have none of the kinds a
    rule checks."""
    rows = [(ind, value, _kind_in_place(ind, kind_of)) for ind, value in number_targets(form)]
    return TypedTargets(frozenset([kind for _, _, kind in rows]), tuple(rows))


_MONEY_COSTS = frozenset({"成本指标", "经济成本指标"})  # (社会/生态环境成本 are not money)


def _kind_in_place(ind: Indicator, kind_of: Callable[[str], str | None]) -> str | None:
    """An indicator's kind by its name; a count under a cost category (成本控制数 under 经济成本
    指标) is an amount of money, as its category says."""
    kind = kind_of(ind.name.value)
    if kind in COUNT_KINDS and ind.level2 in _MONEY_COSTS:
        return "money"
    return kind


@per_form
def text_targets(form: Form) -> tuple[tuple[Indicator, Value], ...]:
    """The indicators whose target is text (no number read), with it."""
    return tuple(
        (ind, target)
        for ind in form.indicators
        if (target := ind.target) is not None and target.number is None
    )


def unit_table(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """unit → class: the built-in table, extended by a rule's ``units`` option."""
    table = {unit: cls for cls, units in UNIT_CLASSES.items() for unit in units}
    for cls, units in (extra or {}).items():
        for unit in units:
            table[unit] = cls
    return table


def unit_class(unit: str | None, options: Mapping[str, Any]) -> str | None:
    """The class of a unit as the rule's options extend the table; None for no or unknown unit."""
    if unit is None:
        return None
    return _units_of(options.get("units")).get(unit)


@per_options
def unit_classes(options: Mapping[str, Any]) -> Callable[[str | None], str | None]:
    """``unit_class`` for one rule's options, its table looked up once (at the first unit, as
    ``unit_class`` would)."""
    table: Mapping[str, str] | None = None

    def class_of(unit: str | None) -> str | None:
        nonlocal table
        if unit is None:
            return None
        if table is None:
            table = _units_of(options.get("units"))
        return table.get(unit)

    return class_of


def _units_of(extra: Mapping[str, Sequence[str]] | None) -> Mapping[str, str]:
    """``unit_table(extra)``, built once per distinct ``units`` option rather than per value."""
    if not extra or all(units == [] for _, units in extra.items()):
        return _unit_table_of(())  # the rules' default: no unit added to any class
    try:
        key = tuple((cls, tuple(units)) for cls, units in (extra or {}).items())
        return _unit_table_of(key)
    except TypeError:  # units that are not lists of strings: the table as given, uncached
        return unit_table(extra)


@lru_cache(maxsize=32)
def _unit_table_of(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Mapping[str, str]:
    """The unit table for a ``units`` option frozen into a key (shared: never mutate it)."""
    return unit_table({cls: list(units) for cls, units in key})


def same_unit(a: str, b: str) -> bool:
    return SYNONYMS.get(a, a) == SYNONYMS.get(b, b)


@lru_cache(maxsize=TEXT_MEMO)
def plain_name(name: str) -> str:
    """The name as its ending is read: no spaces, no trailing 指标 or punctuation."""
    text = "".join(name.split()).rstrip("。.:：;；,，")
    if text.endswith("指标") and len(text) > 2:
        text = text[:-2]
    return text


def indicator_kind(name: str, options: Mapping[str, Any]) -> str | None:
    """rate, time, frequency, money, event_count, people_count, count, or None (情况, 性 …).

    The name endings come from the rule's options, falling back to NAME_OPTIONS. A check that
    reads many names takes ``kind_reader(options)`` once instead.
    """
    return kind_reader(options)(name)


_KIND_OPTIONS = tuple(f"{kind}_names" for kind in KIND_ORDER) + (
    "not_rate_names",
    "not_money_names",
    "not_count_names",
)
_KIND_SET = frozenset(_KIND_OPTIONS)


@per_options
def kind_reader(options: Mapping[str, Any]) -> Callable[[str], str | None]:
    """``indicator_kind`` for one set of options, remembering each name's kind.

    Building the ending lists from the options cost more than the rest of a UNIT or VAG rule,
    and a form's names recur across forms, so readers are shared by equal options.
    """
    if all(options[k] is NAME_OPTIONS[k] for k in _KIND_SET.intersection(options)):
        return _kind_reader(())  # the built-in endings, as absent options give them
    try:
        key = tuple((k, tuple(options[k])) for k in _KIND_OPTIONS if k in options)
        return _kind_reader(key)
    except TypeError:  # an option that is not a list of strings: read as given, uncached
        endings = _endings(options)
        return lambda name: _kind_of(plain_name(name), endings)


@lru_cache(maxsize=32)
def _kind_reader(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Callable[[str], str | None]:
    endings = _endings(dict(key))

    @lru_cache(maxsize=TEXT_MEMO)
    def read(name: str) -> str | None:
        return _kind_of(plain_name(name), endings)

    return read


Endings = tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]


def _endings(options: Mapping[str, Any]) -> Endings:
    """(kind, its name endings, the endings that exclude it) in KIND_ORDER, as the options give
    them (falling back to NAME_OPTIONS): tuples, for ``str.endswith`` to try all at once."""

    def names(key: str) -> tuple[str, ...]:
        return tuple(options.get(key, NAME_OPTIONS[key]))

    excluded = {kind: names(f"not_{kind}_names") for kind in ("rate", "money", "count")}
    return tuple((kind, names(f"{kind}_names"), excluded.get(kind, ())) for kind in KIND_ORDER)


def _kind_of(text: str, endings: Endings) -> str | None:
    """The kind of a plain name (``plain_name``), by its ending."""
    for kind, wanted, excluded in endings:
        if text.endswith(wanted) and not text.endswith(excluded):
            return kind
    return None


def is_benefit(indicator: Indicator) -> bool:
    """效益 or 满意度 indicators, by their 一级指标 (or the 二级 label's parent when 一级 is lost)."""
    return benefit_labels(indicator.level1, indicator.level2)


def benefit_labels(level1: str | None, level2: str | None) -> bool:
    """``is_benefit`` by the labels themselves."""
    if level1 in BENEFIT_LEVEL1:
        return True
    return (level2 or "").replace(" ", "").endswith(("效益指标", "满意度指标", "可持续影响指标"))


def cell_key(indicator: Indicator, text: str) -> str:
    """A stable description of a finding: the indicator's name and the value as written."""
    return f"{plain_name(indicator.name.value)}={text}"
