"""Cutting a file's rows into forms, before the grammar sees any.

A form starts at its title. Published forms often have none (a page that starts at 项目名称, a
table cut from a longer document, the next project's block after the last one's table), so a
form also starts at the first row that belongs to one: its header fields, funds, goals or
indicator table; and a second 项目名称 after a form's own, or after its table, starts the next.
A title split over two or three lines is one title. Rows before the first form are its
preamble: a covering notice, 附件1, the page's own text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from linter.parse import vocab
from linter.parse.lexer import Classified, field_key
from linter.parse.normalize import LABEL_MEMO

_OPENS = frozenset({"FIELD", "FUNDS_HEAD", "FUNDS", "GOAL_HEAD", "GOAL", "TABLE_HEAD", "HEAD"})
_HEADER_ONLY = frozenset({"TITLE", "YEAR"})  # a title's lines before its parts
_NO_PARTS = frozenset({"TITLE", "YEAR", "TEXT", "NOTE", "SIGN"})  # rows that make no form
_TITLE_LINES = 2  # single-cell lines just above a title that are its first lines
_TITLE_LINE_MIN = 8  # shorter lines above a title are labels such as 附件1, not its words


class Segment(NamedTuple):
    rows: list[Classified]
    titled: bool


def segments(items: Sequence[Classified]) -> Iterator[Segment]:
    """The rows of each form, in order; preamble rows and flattened runs are left out."""
    current: list[Classified] | None = None
    titled = has_table = False
    names: frozenset[str] = frozenset()  # the identity fields (项目名称, 部门名称) given so far
    preamble: list[Classified] = []
    for item in items:
        kind = item.kind
        if kind == "FLAT":
            if current is not None and all(it.kind in _NO_PARTS for it in current):
                current = None  # a title over a table run together: nothing of it can be read
            continue
        starts = False
        if kind == "TITLE":
            starts = current is None or not all(it.kind in _HEADER_ONLY for it in current)
        elif kind == "FIELD" and (named := _names(item)):
            starts = current is None or has_table or not names.isdisjoint(named)
        elif current is None and kind in _OPENS:
            starts = True
        if starts:
            if current:
                yield Segment(current, titled)
            titled = kind == "TITLE"
            current = _title_lines(preamble, item) if titled else []
            preamble = []
            has_table = False
            names = frozenset()
        if current is None:
            preamble.append(item)
            continue
        current.append(item)
        if kind == "FIELD":
            names |= _names(item)
        has_table = has_table or kind == "TABLE_HEAD"
    if current:
        yield Segment(current, titled)


def _names(item: Classified) -> frozenset[str]:
    """The identity fields (项目名称, 部门名称) a row of fields gives."""
    return _identity(item.keys)


@lru_cache(maxsize=LABEL_MEMO)
def _identity(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key for k in keys if k and (key := field_key(k)) in vocab.IDENTITY_FIELDS)


def _title_lines(preamble: list[Classified], title: Classified) -> list[Classified]:
    """The one-cell text lines right above a title, with no blank line between: a long title
    that the page broke over lines (安徽省2023年以工代赈…工程 / 中央预算内投资计划绩效目标表)."""
    lines: list[Classified] = []
    below = title
    for item in reversed(preamble[-_TITLE_LINES:]):
        if below.after_break or item.kind != "TEXT" or not _title_like(item):
            break
        lines.insert(0, item._replace(kind="TITLE"))
        below = item
    return lines


def _title_like(item: Classified) -> bool:
    filled = [k for k in item.keys if k]
    return (
        len(filled) == 1
        and len(filled[0]) >= _TITLE_LINE_MIN
        and not filled[0].startswith(("附件", "附表"))
        and ":" not in filled[0]
        and not filled[0].endswith("。")
    )
