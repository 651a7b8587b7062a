"""A spreadsheet cell's value as the text export shows it: ``72,000`` for 72000 under ``#,##0``,
``85%`` for 0.85 under ``0%``, a date as ``2021-01-01``.

The checks read what an author sees; a raw 0.85 where the sheet shows 85% would be a different
value to the value grammar. Only the parts of Excel's number formats that forms use are
rendered: sections, percent, decimals, thousands separators and literal text; anything else falls
back to the General format.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"([^"]*)"|\\(.)')
_PADDING = re.compile(r"[_*].")
_NUMBER_PART = re.compile(r"[#0?,.]*[0#?][#0?,.]*")


def display(value: object, number_format: str | None) -> str:
    """The text a cell shows for its (cached) value under its number format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        return _number(value, number_format or "General")
    return str(value)


def _general(value: int | float) -> str:
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:.15g}"


def _number(value: int | float, number_format: str) -> str:
    sections = _split_sections(number_format)
    section = sections[0]
    if value < 0 and len(sections) > 1:
        section, value = sections[1], -value
    section = _BRACKETS.sub("", section)
    section = _PADDING.sub("", section)
    literal = _QUOTED.sub(lambda m: "\x00" + (m.group(1) or m.group(2) or "") + "\x00", section)
    if literal.strip().lower() in ("general", "@", ""):
        return _general(value)
    plain = re.sub(r"\x00[^\x00]*\x00", "", literal)
    match = _NUMBER_PART.search(plain)
    if match is None:
        return _general(value)
    pattern = match.group(0)
    percent = plain.count("%")
    number = Decimal(repr(value)) * (Decimal(100) ** percent)
    decimals = len(pattern.split(".", 1)[1]) if "." in pattern else 0
    integer_part = pattern.split(".", 1)[0]
    while integer_part.endswith(","):  # trailing commas scale by a thousand each
        integer_part = integer_part[:-1]
        number /= 1000
    try:
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than a Decimal context holds (1e300 in a cell)
        return _general(value)
    text = f"{rounded:,f}" if "," in integer_part else f"{rounded:f}"
    if integer_part.strip(",").startswith("#") and text.startswith(("0.", "-0.")):
        text = text.replace("0.", ".", 1)
    head, _, tail = literal.partition(pattern) if pattern in literal else (literal, "", "")
    return _unquote(head) + text + _unquote(tail)


def _unquote(part: str) -> str:
    return part.replace("\x00", "")


def _split_sections(number_format: str) -> list[str]:
    sections, current, quoted = [], [], False
    for ch in number_format:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return sections
