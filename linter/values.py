"""Cell values through the value grammar (``grammar/value.lark``), kept exact as Decimal."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from lark import Transformer
from lark.exceptions import LarkError

from linter.grammar import value_parser
from linter.nodes import Span, Value
from linter.normalize import clean

_OPS = {
    ">=": ">=",
    "≥": ">=",
    "≧": ">=",
    "<=": "<=",
    "≤": "<=",
    "≦": "<=",
    "=": "=",
    "═": "=",
    ">": ">",
    "<": "<",
    "≠": "!=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "大于等于": ">=",
    "达到": ">=",
    "不超过": "<=",
    "不高于": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "小于等于": "<=",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "小于": "<",
    "低于": "<",
    "约": "~",
    "以上": ">=",
    "及以上": ">=",
    "以内": "<=",
    "及以内": "<=",
    "以下": "<=",
}
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_POWERS = {"十": 10, "百": 100, "千": 1000}
_MAX_LEN = 200  # a longer cell is prose, never a single value


def chinese_number(text: str) -> int | None:
    """两 → 2, 十二 → 12, 二十八 → 28, 三百零五 → 305; None when it is not a numeral."""
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _POWERS:
            total += (1 if digit is None else digit) * _POWERS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


class _ToValue(Transformer):
    def start(self, items):
        op = unit = None
        number = None
        for item in items:
            if isinstance(item, tuple) and item[0] == "op":
                op = op or item[1]
            elif isinstance(item, tuple) and item[0] == "unit":
                unit = item[1]
            elif isinstance(item, tuple) and item[0] == "number":
                number = item[1:]
        return op, number, unit

    def op(self, items):
        return ("op", _OPS[str(items[0])])

    def suffix(self, items):
        return ("op", _OPS[str(items[0])])

    def unit(self, items):
        return ("unit", str(items[0]))

    def decimal(self, items):
        text = str(items[0]).replace(",", "").replace("−", "-")
        decimals = len(text.split(".")[1]) if "." in text else 0
        return ("number", Decimal(text), decimals)

    def chinese(self, items):
        n = chinese_number(str(items[0]))
        return ("number", None if n is None else Decimal(n), 0)


_TRANSFORMER = _ToValue()
_DASH = re.compile(r"^[-—/\\]+$")


@lru_cache(maxsize=65536)
def read_value(raw: str) -> tuple[str, str | None, Decimal | None, int, str | None]:
    """(text, op, number, decimals, unit) for one cell; number is None for qualitative text."""
    text = clean(raw)
    if not text or len(text) > _MAX_LEN or _DASH.match(text):
        return text, None, None, 0, None
    try:
        tree = value_parser().parse(text)
    except LarkError:
        return text, None, None, 0, None
    op, number, unit = _TRANSFORMER.transform(tree)
    if number is None or number[0] is None:
        return text, None, None, 0, None
    return text, op, number[0], number[1], unit


def make_value(raw: str, span: Span) -> Value:
    text, op, number, decimals, unit = read_value(raw)
    return Value(raw=raw, text=text, span=span, op=op, number=number, decimals=decimals, unit=unit)
