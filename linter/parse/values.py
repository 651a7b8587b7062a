"""Cell values as the value grammar (``grammar/value.lark``) reads them, kept exact as Decimal.

The grammar is small and regular: ``op? number unit? suffix?``. Its shape is compiled, from the
grammar's own terminals, into one regular expression that reads a cell in a few µs; Lark's
parser would build a lexer for each of its states on first use (~10 ms a process) and take ~35
µs a cell. A full match reads exactly what Lark's parse reads, and a text Lark accepts always
matches in full; tests check both against Lark's parse of generated and real cells.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache

from linter.parse.grammar import value_parser
from linter.parse.nodes import Span, Value
from linter.parse.normalize import TEXT_MEMO, clean

_OPS = {
    ">=": ">=",
    "≥": ">=",
    "≧": ">=",
    "<=": "<=",
    "≤": "<=",
    "≦": "<=",
    "=": "=",
    "═": "=",
    "﹦": "=",
    "‹=": "<=",
    "›=": ">=",
    "=<": "<=",
    "=>": ">=",
    "≯": "<=",
    "≮": ">=",
    ">": ">",
    "<": "<",
    "≠": "!=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "大于等于": ">=",
    "大于或等于": ">=",
    "达到": ">=",
    "不超过": "<=",
    "不高于": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "小于等于": "<=",
    "小于或等于": "<=",
    "控制在": "<=",
    "大于": ">",
    "多于": ">",
    "高于": ">",
    "超过": ">",
    "小于": "<",
    "低于": "<",
    "少于": "<",
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
_UNIT_ALIASES = {"百分比": "%"}


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


def _decimal(token: str) -> tuple[Decimal, int]:
    """A DECIMAL token's exact number and the decimals written."""
    text = token.replace(",", "").replace("−", "-")
    return Decimal(text), (len(text.split(".")[1]) if "." in text else 0)


_DASH = re.compile(r"^[-—/\\]+$")


@cache
def _shape() -> re.Pattern[str]:
    """The grammar's ``start`` as one regular expression made of its own terminals. Within a
    parser state the terminals never overlap, and a shorter match of any of them leaves a
    character no later terminal can take (the one exception, CNUM's 千 before a UNIT 千米 or
    千元, leaves a 米 or 元 that UNIT takes as well), so the match is the token sequence of Lark's
    contextual lexer. Spaces may stand wherever the grammar's ``%ignore " "`` lets them (the
    text is cleaned: none leads or trails)."""
    t = {term.name: term.pattern.to_regexp() for term in value_parser().terminals}
    return re.compile(
        rf"(?:(?P<op>{t['OP']}|{t['WORD_OP']}) *)?"
        rf"(?:(?P<decimal>{t['DECIMAL']})|(?P<chinese>{t['CNUM']}))"
        rf"(?: *(?P<bracket>\( *)?(?P<unit>{t['UNIT']})(?(bracket) *\)))?"  # UNIT compiled once
        rf"(?: *(?P<suffix>{t['SUFFIX_OP']}))?"
    )


def read_shape(text: str) -> tuple[str | None, Decimal | None, int, str | None] | None:
    """(op, number, decimals, unit) when ``text`` has the grammar's shape, else None; the first
    comparator counts, whether written before the number or after it (以上). A numeral that
    does not read as a number (十十) gives no number."""
    m = _shape().fullmatch(text)
    if m is None:
        return None
    op = m["op"] or m["suffix"]
    if m["decimal"] is not None:
        number, decimals = _decimal(m["decimal"])
    else:
        n = chinese_number(m["chinese"])
        number, decimals = (None if n is None else Decimal(n)), 0
    unit = m["unit"]
    return (_OPS[op] if op else None), number, decimals, _UNIT_ALIASES.get(unit, unit)


@lru_cache(maxsize=TEXT_MEMO)
def read_value(raw: str) -> tuple[str, str | None, Decimal | None, int, str | None]:
    """(text, op, number, decimals, unit) for one cell; number is None for qualitative text."""
    text = clean(raw)
    if not text or len(text) > _MAX_LEN or _DASH.match(text):
        return text, None, None, 0, None
    read = read_shape(text)
    if read is None or read[1] is None:
        return text, None, None, 0, None
    return (text, *read)


@lru_cache(maxsize=TEXT_MEMO)
def comparator_of(raw: str) -> str | None:
    """The comparator a cell holds and nothing else (``≥``, ``﹦``, ``不低于``), as in a 指标性质
    or 计算符号 column; None for any other cell."""
    text = clean(raw).replace(" ", "")
    return _OPS.get(text) if text and len(text) <= 5 else None


@lru_cache(maxsize=TEXT_MEMO)
def unit_of(raw: str) -> str | None:
    """The unit a cell holds and nothing else (``%``, ``人次``, ``万元/人``), as in a 度量单位
    column; None for any other cell."""
    text = clean(raw)
    if not text or len(text) > 8 or any(ch.isdigit() for ch in text):
        return None
    read = read_shape("1" + text)
    return None if read is None or read[0] is not None else read[3]


def make_value(raw: str, span: Span) -> Value:
    text, op, number, decimals, unit = read_value(raw)
    return tuple.__new__(Value, (raw, text, span, op, number, decimals, unit))  # one per cell
