"""Cleaning cell text: full-width forms, HTML remnants, whitespace, (必填) markers, 指标1: prefixes,
traditional characters; and a heading's bracketed notes (its unit, points, period)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")
_REQUIRED = re.compile(r"\(必填[^)]{0,20}\)")
_ITEM_PREFIX = re.compile(r"^指标\d{1,3}[:.、]")
_NUMBERING = re.compile(r"^\d{1,2}\.(?!\d)")  # 1.项目年度目标完成情况
_MARKS = re.compile(r"[*★☆]|^#")  # required-field and key-indicator marks (一*级 from OCR too)
_PINYIN = re.compile(r"\([a-zü\u00e0-\u01dc]{1,7}\)")  # a reading glossed after a character
# (20分), and a range of points: (0-20)分, (40-50分)
_POINTS = re.compile(
    r"\((\d+(?:\.\d+)?)分\)|\((\d+(?:\.\d+)?-\d+(?:\.\d+)?)\)分|\((\d+(?:\.\d+)?-\d+(?:\.\d+)?)分\)"
)
_NOTE = re.compile(r"\(([^()]{0,24})\)")
_NOTE_POINTS = re.compile(r"^(\d+(?:\.\d+)?)分$")
_NOTE_UNITS = frozenset({"元", "万元", "%"})


# Full-width ASCII to ASCII (digits, letters, brackets, %), keeping the Chinese sentence
# punctuation ，；：！？ as the author wrote it.
_HALF_WIDTH = {
    cp: cp - 0xFEE0
    for cp in range(0xFF01, 0xFF5F)
    if cp not in (0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F)
}
_HALF_WIDTH[0x3000] = 0x20

# Memo sizes: the labels of a template recur in every form and stay in an LRU memo of a few
# thousand texts; unique values pass through. Larger memos only grow memory with the batch
# (65,536 entries took ~8 MB more at 8,000 forms than at 2,000).
TEXT_MEMO = 4096
LABEL_MEMO = 4096


@lru_cache(maxsize=TEXT_MEMO)
def clean(text: str) -> str:
    """Readable text: full-width digits and brackets made ASCII, no tags, single spaces."""
    text = text.translate(_HALF_WIDTH)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=TEXT_MEMO)
def label_key(text: str) -> str:
    """The words of a label: no whitespace, no (必填…) marker, no 指标1: prefix, no trailing colon,
    no * or ★ mark, simplified characters."""
    key = _SPACE.sub("", unicodedata.normalize("NFKC", clean(text)))
    if "(" in key:
        key = _REQUIRED.sub("", key)
        key = _PINYIN.sub("", key)
    key = _NUMBERING.sub("", _ITEM_PREFIX.sub("", _MARKS.sub("", key)))
    if key.startswith("其中:"):
        key = key[3:]
    return simplified(key.rstrip(":"))


def simplified(key: str) -> str:
    """Traditional characters as simplified, by OpenCC; loaded only for a key with a character
    outside GB 2312, which simplified labels never have."""
    if key.isascii():
        return key
    try:
        key.encode("gb2312")
    except UnicodeEncodeError:
        return _converter()(key)
    return key


@cache
def _converter():
    try:
        import opencc
    except ImportError:  # reading traditional forms needs the package; without it, keys stay
        return str
    return opencc.OpenCC("t2s").convert


class Heading(NamedTuple):
    """A column heading without its bracketed notes: ``分值(10分)`` is 分值 with 10 points."""

    base: str
    unit: str | None = None
    points: str | None = None
    notes: tuple[str, ...] = ()


@lru_cache(maxsize=LABEL_MEMO)
def heading(key: str) -> Heading:
    """A label key split into its words and the notes in brackets: a money unit, points, and
    any other note (``长期``, ``B/A``); a heading with no brackets is its own base."""
    if "(" not in key:
        return Heading(key)
    unit = points = None
    notes = []
    for note in _NOTE.findall(key):
        if note in _NOTE_UNITS:
            unit = note
        elif m := _NOTE_POINTS.match(note):
            points = m.group(1)
        elif note:
            notes.append(note)
    return Heading(_NOTE.sub("", key), unit, points, tuple(notes))


@lru_cache(maxsize=LABEL_MEMO)
def strip_points(key: str) -> tuple[str, str | None]:
    """Split a heading such as ``产出目标(34分)`` into the label and the points ("34")."""
    m = _POINTS.search(key)
    if not m:
        return key, None
    return (key[: m.start()] + key[m.end() :]), m.group(1) or m.group(2) or m.group(3)


@lru_cache(maxsize=TEXT_MEMO)
def name_text(text: str) -> str:
    """An indicator name as shown: cleaned, without a 指标1: prefix; remembered, as the names of
    a template recur in every form."""
    return _ITEM_PREFIX.sub("", clean(text)).strip()
