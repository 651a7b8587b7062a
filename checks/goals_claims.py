"""Helper of the GOAL checks (no rules): what a goal text promises in numbers: ``开展2次培训``, ``约30000本``.

Each claim is a count with its comparator and the words it counts (the object): the text
after the count word up to the next claim, or, when nothing follows (``培训6次以上``), the
text before it. Quoted names (“一次办结”) and ordinals (第2次) are not claims; a per-item count
(各2次) states no total and is skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from linter.parse.values import chinese_number

_COUNT = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(?P<wan>万)?\s*"
    r"(?P<unit>人次|次|场|期|批|轮|届|人|名|位|个|家|所|户|件|本|册|份|张|条|项|篇|台|套|处)"
    r"(?P<suf>及以上|以上|以下|以内|左右|余|多)?"
)
_NOT_COUNT_AFTER = re.compile(r"^(?:性|工作日|月|小时|百分点|以来)")
_CLAUSE = re.compile(r"[，,；;。：:、\n]")
_QUOTED = re.compile(r"“[^”]{0,30}”|\"[^\"]{0,30}\"|「[^」]{0,30}」")
_NOT_OBJECT = re.compile(r"\W|和|及|与")  # what does not count as the words of an object
_DIGITS = re.compile(r"\d")
# Words before a count and the comparator they make; the negated ones first, since 不超过
# holds 超过 and 不多于 holds 多于.
_BEFORE_OP = (
    ("不超过", "<="),
    ("不多于", "<="),
    ("不高于", "<="),
    ("不大于", "<="),
    ("控制在", "<="),
    ("不少于", ">="),
    ("不低于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("少于", "<"),
    ("低于", "<"),
    ("小于", "<"),
    ("超过", ">"),
    ("多于", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("约", "~"),
    ("近", "~"),
)
_SUFFIX_OP = {
    "及以上": ">=",
    "以上": ">=",
    "余": ">=",
    "多": ">=",
    "以下": "<=",
    "以内": "<=",
    "左右": "~",
}


class Claim(NamedTuple):
    text: str  # the clause as written
    number: Decimal
    op: str  # = >= > <= ~
    unit: str
    obj: str  # the words it counts


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _op(before: str, suffix: str | None) -> str:
    if suffix:
        return _SUFFIX_OP[suffix]
    near = before[-6:]
    return next((op for word, op in _BEFORE_OP if word in near), "=")


def claims(goal: str) -> list[Claim]:
    """The counts a goal text promises, in order."""
    text = _QUOTED.sub(_blank, goal)
    out: list[Claim] = []
    for part in _CLAUSE.split(text):
        matches = [
            m
            for m in _COUNT.finditer(part)
            if not _NOT_COUNT_AFTER.match(part[m.end() :])
            and not part[: m.start()].endswith(("第", "各"))
            and (m.group("num")[0].isdigit() or chinese_number(m.group("num")) is not None)
        ]
        for k, m in enumerate(matches):
            prev_end = matches[k - 1].end() if k else 0
            next_start = matches[k + 1].start() if k + 1 < len(matches) else len(part)
            after = part[m.end() : next_start].lstrip("的")
            before = part[prev_end : m.start()]
            obj = after if len(_NOT_OBJECT.sub("", after)) >= 2 else before
            raw = m.group("num")
            number = Decimal(raw) if raw[0].isdigit() else Decimal(chinese_number(raw) or 0)
            if m.group("wan"):
                number *= 10000
            out.append(
                Claim(
                    part.strip(),
                    number,
                    _op(before, m.group("suf")),
                    m.group("unit"),
                    _DIGITS.sub("", obj).strip(),
                )
            )
    return out
