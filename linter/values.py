"""Cell values through the value grammar (``grammar/value.lark``), kept exact as Decimal."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from linter.grammar import value_parser
from linter.nodes import Span, Value
from linter.normalize import TEXT_MEMO, clean

if TYPE_CHECKING:
    from lark import Tree

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


def _decimal(token: str) -> tuple[Decimal, int]:
    """A DECIMAL token's exact number and the decimals written."""
    text = token.replace(",", "").replace("−", "-")
    return Decimal(text), (len(text.split(".")[1]) if "." in text else 0)


def _number(part: Tree) -> tuple[Decimal | None, int]:
    """The number of a ``decimal`` or ``chinese`` subtree, with the decimals written."""
    token = str(part.children[0])
    if part.data == "chinese":
        n = chinese_number(token)
        return (None if n is None else Decimal(n)), 0
    return _decimal(token)


def _read_tree(tree: Tree) -> tuple[str | None, tuple[Decimal | None, int] | None, str | None]:
    """(op, (number, decimals), unit) from the parse tree of ``start``; the first comparator
    counts, whether written before the number or after it (以上)."""
    op = unit = number = None
    for part in tree.children:
        kind = part.data
        if kind in ("op", "suffix"):
            op = op or _OPS[str(part.children[0])]
        elif kind == "unit":
            unit = str(part.children[0])
        else:
            number = _number(part)
    return op, number, unit


_DASH = re.compile(r"^[-—/\\]+$")


@cache
def _digits_shape() -> re.Pattern[str]:
    """The grammar's ``start`` for numbers written in digits, as one regular expression made of
    the grammar's own terminals: ``op? DECIMAL unit? suffix?``. A full match reads exactly what
    the Lark parse reads (the terminals of one parser state never overlap, and a shorter match
    of any of them leaves a character no later terminal can take; tests compare the two), in a
    few µs instead of ~35: amounts are mostly unique, so each one is read once. Numbers in words
    (两次) and anything else go to Lark."""
    t = {term.name: term.pattern.to_regexp() for term in value_parser().terminals}
    return re.compile(
        rf"(?:(?P<op>{t['OP']}|{t['WORD_OP']}) *)?(?P<number>{t['DECIMAL']})"
        rf"(?: *(?P<bracket>\( *)?(?P<unit>{t['UNIT']})(?(bracket) *\)))?"  # UNIT compiled once
        rf"(?: *(?P<suffix>{t['SUFFIX_OP']}))?"
    )


@cache
def _numeral() -> re.Pattern[str]:
    """A character that starts a number: every DECIMAL holds a digit, and CNUM is a class of
    numeral characters. A text without one is qualitative (及时, 合理)."""
    cnum = next(t for t in value_parser().terminals if t.name == "CNUM").pattern.to_regexp()
    return re.compile(rf"\d|{cnum}")


def _read_digits(text: str) -> tuple[str | None, tuple[Decimal, int], str | None] | None:
    """(op, (number, decimals), unit) when ``text`` has the digits shape, else None."""
    m = _digits_shape().fullmatch(text)
    if m is None:
        return None
    op = m["op"] or m["suffix"]
    return (_OPS[op] if op else None), _decimal(m["number"]), m["unit"]


@lru_cache(maxsize=TEXT_MEMO)
def read_value(raw: str) -> tuple[str, str | None, Decimal | None, int, str | None]:
    """(text, op, number, decimals, unit) for one cell; number is None for qualitative text."""
    text = clean(raw)
    if not text or len(text) > _MAX_LEN or _DASH.match(text):
        return text, None, None, 0, None
    read = _read_digits(text)
    if read is not None:
        op, (number, decimals), unit = read
        return text, op, number, decimals, unit
    if not _numeral().search(text):  # no number can be read: no need to ask Lark
        return text, None, None, 0, None
    return (text, *_read_with_lark(text))


def _read_with_lark(text: str) -> tuple[str | None, Decimal | None, int, str | None]:
    """(op, number, decimals, unit) by the value grammar; no number for qualitative text."""
    from lark.exceptions import LarkError  # here: a run the cache answers never imports Lark

    try:
        tree = value_parser().parse(text)
    except LarkError:
        return None, None, 0, None
    op, number, unit = _read_tree(tree)
    if number is None or number[0] is None:
        return None, None, 0, None
    return op, number[0], number[1], unit


def make_value(raw: str, span: Span) -> Value:
    text, op, number, decimals, unit = read_value(raw)
    return tuple.__new__(Value, (raw, text, span, op, number, decimals, unit))  # one per cell
