"""The row lexer: classifies each row by the words of its labels, for the form grammar.

Each non-blank row becomes one terminal of ``grammar/form.lark``. Blank rows are page breaks
in the PDF exports; they are not tokens, but the row after one is marked ``after_break`` so
the table builder can join a row that the break cut in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from lark import Token
from lark.lexer import Lexer

from linter.parse import vocab
from linter.parse.normalize import LABEL_MEMO, heading, label_key, strip_points
from linter.parse.source import Row

# Self-evaluation tables have this many value columns after the name or more; only there can a
# row cut by a page break be recognised as a fragment by its empty name column.
_FRAGMENT_MIN_ROLES = 3
# A cell this long that holds this many labels is a whole table run together (a flattened PDF
# or an OCR run): no row or cell of it can be told apart.
_FLAT_MIN_LEN = 120
_FLAT_MIN_LABELS = 4
_FLAT_MIN_HEADINGS = 3
_FLAT_MIN_HEAD = 12  # 一级指标二级指标三级指标
_HEAD_MIN = 3  # headings a table head names at the least (一级, 三级, 指标值)
_SUB_HEAD_MIN = 3  # cells of a row that names the sub-columns of a heading
_SUB_HEAD_LEN = 12
_SIGN_MAX = 40


class Classified(NamedTuple):
    kind: str
    row: Row
    keys: tuple[str, ...]  # label_key of every cell
    after_break: bool


@lru_cache(maxsize=LABEL_MEMO)
def level_of(key: str) -> tuple[str, str] | None:
    """("level1" or "level2", canonical name) when a key is a 一级/二级 label, with or without
    its points (``产出指标(50分)``); else None."""
    base = heading(strip_points(key)[0]).base
    if base in vocab.LEVEL1:
        return "level1", vocab.LEVEL1[base]
    if base in vocab.LEVEL2:
        return "level2", vocab.LEVEL2[base]
    return None


def is_level_label(key: str) -> bool:
    return level_of(key) is not None


@lru_cache(maxsize=LABEL_MEMO)
def is_points_only(key: str) -> bool:
    base, points = strip_points(key)
    return points is not None and base == ""


@lru_cache(maxsize=LABEL_MEMO)
def column_role(key: str) -> str | None:
    """The role of an indicator-table heading (``年度指标值`` → target), or None."""
    return vocab.TABLE_ROLES.get(heading(key).base)


@lru_cache(maxsize=LABEL_MEMO)
def label_part(key: str) -> str:
    """The label of a cell that holds a label and its value (``年度资金总额:50万``)."""
    return key.split(":", 1)[0] if ":" in key else key


@lru_cache(maxsize=LABEL_MEMO)
def fund_label(key: str) -> str | None:
    """The canonical funds row of a label (``其中:财政拨款(万元)`` → appropriation), or None."""
    return vocab.FUND_LABELS.get(heading(label_part(key)).base)


@lru_cache(maxsize=LABEL_MEMO)
def fund_column(key: str) -> str | None:
    return vocab.FUND_COLUMNS.get(heading(key).base)


@lru_cache(maxsize=LABEL_MEMO)
def field_key(key: str) -> str | None:
    return vocab.FIELDS.get(label_part(key))


def _is_funds_head_label(key: str) -> bool:
    return heading(key).base in vocab.FUNDS_HEAD


@cache
def _label_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The indicator table's headings, and the header fields' and funds' labels: a flattened
    run holds words of both."""

    def pattern(words) -> re.Pattern[str]:
        long_words = sorted((w for w in words if len(w) >= 3), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, long_words)))

    table = [w for w, role in vocab.TABLE_ROLES.items() if not role.startswith("row_")]
    header = [*vocab.FIELDS, *vocab.FUND_LABELS, *vocab.FUND_COLUMNS]
    return pattern(table), pattern([*header, *(w for w, _ in vocab.TITLE_KIND)])


def _is_flat(filled: Sequence[str]) -> bool:
    """A cell that is a form, or a table head, run together: three headings of the indicator
    table in one cell (评价指标评价内容指标名称指标说明目标值分值), or a long cell holding
    headings or a title with the labels of the header or funds."""
    if len(filled) > 2:
        return False
    longest = max(filled, key=len)
    if len(longest) < _FLAT_MIN_HEAD:
        return False
    table, header = _label_words()
    headings = set(table.findall(longest))
    if len(headings) >= _FLAT_MIN_HEADINGS:
        return True
    if len(longest) < _FLAT_MIN_LEN:
        return False
    labels = set(header.findall(longest))
    return len(labels) >= 2 and len(headings) + len(labels) >= _FLAT_MIN_LABELS


def _is_title(filled: Sequence[str]) -> bool:
    return len(filled) <= 2 and any(len(k) <= 60 and vocab.TITLE.search(k) for k in filled)


def _head_roles(keys: Sequence[str]) -> tuple[list[str], int]:
    """The indicator-table roles a row names, and how many of its filled cells are neither a
    heading nor a block label."""
    roles, others = [], 0
    for key in keys:
        if not key:
            continue
        role = column_role(key)
        if role is not None:
            roles.append(role)
        elif heading(key).base not in vocab.BLOCK_LABELS:
            others += 1
    return roles, others


_LEVEL_HEADINGS = frozenset(
    k for k, role in vocab.TABLE_ROLES.items() if role in ("level1", "level2")
)


def _head_kind(keys: Sequence[str], first: str) -> str | None:
    """TABLE_HEAD for the head of an indicator table (it names a level and the name column),
    HEAD for a row of headings only (part of a head split over rows), else None. Asked of every
    row: a row whose first cell is no heading and that names no level is let go at once."""
    if (
        _LEVEL_HEADINGS.isdisjoint(keys)
        and column_role(first) is None
        and heading(first).base not in vocab.BLOCK_LABELS
    ):
        return None
    roles, others = _head_roles(keys)
    if not roles:
        return None
    names_levels = ("level1" in roles or "level2" in roles) and "name" in roles
    if names_levels and len(roles) >= _HEAD_MIN:
        return "TABLE_HEAD"  # other headings are columns no role names (one per county, …)
    if others == 0 and (len(roles) >= 2 or roles[0] not in ("row_project", "row_unit")):
        return "HEAD"
    return None


def _is_funds(keys: Sequence[str], first: str) -> str | None:
    """FUNDS_HEAD, FUNDS or None: a funds heading or a row of column headings (no amounts among
    them), or a row of funds labels."""
    columns = sum(1 for k in keys if k and fund_column(k) is not None)
    headings_only = not any(k and k[0].isdigit() for k in keys)
    if _is_funds_head_label(first) or (columns >= 2 and headings_only):
        return (
            "FUNDS_HEAD"
            if (columns and headings_only) or len([k for k in keys if k]) == 1
            else "FUNDS"
        )
    if any(fund_label(k) is not None for k in keys if k):
        return "FUNDS"
    return None


def _is_sub_head(filled: Sequence[str]) -> bool:
    """Right under a table head, a row of short words and no value: the names of the columns
    a heading spans (区域目标值 over 新罗区 | 永定区 | 上杭县 …)."""
    return len(filled) >= _SUB_HEAD_MIN and all(
        len(k) <= _SUB_HEAD_LEN
        and not k[0].isdigit()
        and level_of(k) is None
        and k not in vocab.BLOCK_LABELS
        for k in filled
    )


def _goal_kind(keys: Sequence[str]) -> str | None:
    labels = [k for k in keys if k in vocab.GOAL_LABELS or k in vocab.GOAL_BLOCK_LABELS]
    if not labels:
        return None
    texts = [
        k for k in keys if k and k not in vocab.GOAL_LABELS and k not in vocab.GOAL_BLOCK_LABELS
    ]
    return "GOAL" if texts else "GOAL_HEAD"


def _ends_table(first: str) -> bool:
    """A row inside the table's extent that belongs to the form, not the table: a field such as
    评价结论, a goal, a signature. (A funds label may be an indicator's name: 预算执行率.)"""
    return (
        field_key(first) is not None
        or first in vocab.SIGN_LABELS
        or label_part(first) in vocab.SIGN_LABELS
        or first in vocab.GOAL_LABELS
    ) and not is_level_label(first)


class TableState(NamedTuple):
    """What the lexer remembers of the indicator table it is in: the head's name column, how
    many value columns follow it, and whether a row has come since the head. A tuple, so that
    a row's kind can be memoised with it."""

    name_col: int | None
    value_roles: int
    has_rows: bool = False

    def table_kind(self, keys: Sequence[str], after_break: bool) -> str:
        levels, texts = [], []
        for i, key in enumerate(keys):
            if not key:
                continue
            if not texts and (
                is_level_label(key) or key in vocab.BLOCK_LABELS or is_points_only(key)
            ):
                levels.append(key)
            else:
                texts.append(i)
        if not texts:
            return "LABEL"
        real_levels = [k for k in levels if is_level_label(k)]
        if (
            after_break
            and not real_levels
            and self.value_roles >= _FRAGMENT_MIN_ROLES
            and self.name_col is not None
            and (self.name_col >= len(keys) or not keys[self.name_col])
        ):
            return "FRAGMENT"
        return "IND"


@lru_cache(maxsize=LABEL_MEMO)
def _table_state(head_keys: tuple[str, ...]) -> TableState:
    """The state of a table that starts at this head (heads recur in every form of a template)."""
    roles = [column_role(k) if k else None for k in head_keys]
    name_col = next((i for i, r in enumerate(roles) if r == "name"), None)
    after = roles[name_col + 1 :] if name_col is not None else []
    return TableState(name_col, sum(1 for r in after if r))


_new = tuple.__new__  # Classified without its Python-level __new__: every row makes one


@lru_cache(maxsize=LABEL_MEMO)
def _row_keys(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The label keys of a row's cells, remembered by the row: its head, label and field rows
    recur in every form of a template (a row of values misses, at the cost of one lookup)."""
    return tuple(map(label_key, texts))


def classify(rows: Sequence[Row]) -> list[Classified]:
    """The kind of every row that holds any words; a blank row, or one of bare separators (a
    pipe table's merged row), is a page break."""
    out: list[Classified] = []
    table: TableState | None = None
    after_break = heads = False
    for row in rows:
        keys = _row_keys(row.texts)
        if not any(keys):
            after_break = bool(out)
            continue
        kind = _kind(keys, table, after_break)
        if kind in _TABLE_ROWS:
            if not table.has_rows:  # type: ignore[union-attr]
                table = table._replace(has_rows=True)  # type: ignore[union-attr]
        elif kind == "TABLE_HEAD":
            table = _table_state(keys)
        elif kind == "HEAD":
            heads = True
        else:
            table = None
        out.append(_new(Classified, (kind, row, keys, after_break)))
        after_break = False
    return _settle_heads(out) if heads else out


_TABLE_ROWS = frozenset({"IND", "LABEL", "FRAGMENT"})  # kinds only a table state gives


def _settle_heads(items: list[Classified]) -> list[Classified]:
    """A row of headings belongs to a table head only beside one; anywhere else it is text."""
    for i, item in enumerate(items):
        if item.kind != "HEAD":
            continue
        before = i > 0 and items[i - 1].kind in ("TABLE_HEAD", "HEAD")
        after = next((it.kind for it in items[i + 1 :] if it.kind != "HEAD"), None) == "TABLE_HEAD"
        if not (before or after):
            items[i] = item._replace(kind="TEXT")
    return items


@lru_cache(maxsize=LABEL_MEMO)
def _kind(keys: tuple[str, ...], table: TableState | None, after_break: bool) -> str:
    """A row's kind from its label keys; memoised, since label rows repeat in every form of a
    template (value rows do not, and simply miss)."""
    filled = [k for k in keys if k]
    first = filled[0]
    if table is not None and table.has_rows and level_of(first) is not None:
        return table.table_kind(keys, after_break)  # a row of the table under its labels
    if not vocab.NOTE_WORDS.match(first) and _is_flat(filled):
        return "FLAT"  # (a page's own numbering, 1、 2、, may start the run)
    if vocab.NOTE_START.match(first) and (table is None or len(filled) == 1):
        return "NOTE"  # (in a table, 1、肥料利用率 with its values is a row of it)
    if len(filled) <= 2 and len(first) <= _SIGN_MAX and vocab.SIGN.search(first):
        return "SIGN"  # 财政部门审核意见 (盖章): a short row, never a paragraph that quotes one
    if _is_title(filled) and (field_key(first) is None or len(filled) == 1):
        # (a label and its value is a field, even a value that ends in 自评表)
        return "NOTE" if vocab.SUMMARY_TITLE.search(first) else "TITLE"
    if len(filled) == 1 and vocab.YEAR.match(first):
        return "YEAR"
    if first in vocab.TOTAL_LABELS:
        return "TOTAL"
    if first in vocab.GRADE_LABELS:
        return "GRADE"
    head = _head_kind(keys, first)
    if head == "TABLE_HEAD":
        return head
    if first in vocab.SIGN_LABELS or label_part(first) in vocab.SIGN_LABELS:
        return "SIGN"
    if table is not None:
        if not table.has_rows and (head == "HEAD" or (head is None and _is_sub_head(filled))):
            return "HEAD"
        if not _ends_table(first):
            return table.table_kind(keys, after_break)
    if head == "HEAD":
        return head
    if field_key(first) is not None:
        return "FIELD"  # its funds labels, if any, are read with the funds (项目名称 … 年度预算 …)
    funds = _is_funds(keys, first)
    if funds is not None:
        return funds
    goal = _goal_kind(keys)
    if goal is not None:
        return goal
    if len(filled) == 1 and vocab.PERIOD.match(first):
        return "PERIOD"
    if any(field_key(k) is not None for k in filled[:2]):
        return "FIELD"
    return "TEXT"


class RowLexer(Lexer):
    """Feeds the kinds of a form's rows to Lark as tokens; ``start_pos`` indexes those rows."""

    def __init__(self, lexer_conf) -> None:  # noqa: D107 - Lark's lexer interface
        pass

    def lex(self, data: Sequence[str]) -> Iterator[Token]:
        for index, kind in enumerate(data):
            yield Token(kind, kind, index)
