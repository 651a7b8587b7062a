"""The row lexer: classifies each row by the words of its labels, for the form grammar.

Each non-blank row becomes one terminal of ``grammar/form.lark``. Blank rows are page breaks
in the PDF exports; they are not tokens, but the row after one is marked ``after_break`` so
the table builder can join a row that the break cut in two.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from lark import Token
from lark.lexer import Lexer

from linter.parse import vocab
from linter.parse.normalize import LABEL_MEMO, label_key, strip_points, strip_unit
from linter.parse.source import Row

# Self-evaluation tables have this many value columns after the name or more; only there can a
# row cut by a page break be recognised as a fragment by its empty name column.
_FRAGMENT_MIN_ROLES = 3


class Classified(NamedTuple):
    kind: str
    row: Row
    keys: tuple[str, ...]  # label_key of every cell
    after_break: bool


@lru_cache(maxsize=LABEL_MEMO)
def is_level_label(key: str) -> bool:
    base, _ = strip_points(key)
    return base in vocab.LEVEL1 or base in vocab.LEVEL2_PARENT


@lru_cache(maxsize=LABEL_MEMO)
def is_points_only(key: str) -> bool:
    base, points = strip_points(key)
    return points is not None and base == ""


def _is_title(filled: Sequence[str]) -> bool:
    return len(filled) <= 2 and any(len(k) <= 40 and vocab.TITLE.search(k) for k in filled)


def _is_table_head(keys: Sequence[str]) -> bool:
    present = set(keys)
    return "一级指标" in present and bool(present & vocab.TABLE_HEAD_NAME)


def _fund_key(key: str) -> str:
    return strip_unit(key)[0]


def _is_funds(keys: Sequence[str], first: str) -> bool:
    return _fund_key(first) == vocab.FUNDS_HEAD or any(
        _fund_key(k) in vocab.FUND_LABELS for k in keys if k
    )


def _goal_kind(keys: Sequence[str]) -> str | None:
    labels = [k for k in keys if k in vocab.GOAL_LABELS or k in vocab.GOAL_BLOCK_LABELS]
    if not labels:
        return None
    texts = [
        k for k in keys if k and k not in vocab.GOAL_LABELS and k not in vocab.GOAL_BLOCK_LABELS
    ]
    return "GOAL" if texts else "GOAL_HEAD"


class TableState(NamedTuple):
    """What the lexer remembers of the indicator table it is in: the head's name column and how
    many value columns follow it. A tuple, so that a row's kind can be memoised with it."""

    name_col: int | None
    value_roles: int

    @classmethod
    def of(cls, head_keys: Sequence[str]) -> TableState:
        roles = [vocab.TABLE_ROLES.get(k) for k in head_keys]
        name_col = next((i for i, r in enumerate(roles) if r == "name"), None)
        after = roles[name_col + 1 :] if name_col is not None else []
        return cls(name_col, sum(1 for r in after if r))

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


_new = tuple.__new__  # Classified without its Python-level __new__: every row makes one


def classify(rows: Sequence[Row], lines: Sequence[str]) -> list[Classified]:
    """The kind of every non-blank row; ``lines`` are the rows' TAB-joined texts."""
    out: list[Classified] = []
    table: TableState | None = None
    after_break = False
    for row in rows:
        line = lines[row.line - 1]
        if not line or line.isspace():  # blank, as ``not line.strip()`` without copying the line
            after_break = bool(out)
            continue
        keys = tuple(map(label_key, row.texts))
        kind = _kind(keys, table, after_break)
        item = _new(Classified, (kind, row, keys, after_break))
        if kind == "TABLE_HEAD":
            table = TableState.of(keys)
        elif kind in _TABLE_ENDS:
            table = None
        out.append(item)
        after_break = False
    return out


_TABLE_ENDS = frozenset({"TITLE", "TOTAL", "GRADE", "NOTE"})


@lru_cache(maxsize=LABEL_MEMO)
def _kind(keys: tuple[str, ...], table: TableState | None, after_break: bool) -> str:
    """A row's kind from its label keys; memoised, since label rows repeat in every form of a
    template (value rows do not, and simply miss)."""
    filled = [k for k in keys if k]
    first = filled[0] if filled else ""  # "" for a row of bare colons or markers
    if _is_title(filled):
        return "NOTE" if vocab.SUMMARY_TITLE.search(first) else "TITLE"
    if len(filled) == 1 and vocab.YEAR.match(first):
        return "YEAR"
    if first in vocab.TOTAL_LABELS:
        return "TOTAL"
    if first in vocab.GRADE_LABELS:
        return "GRADE"
    if _is_table_head(keys):
        return "TABLE_HEAD"
    if vocab.NOTE_START.match(first):
        return "NOTE"
    if table is not None:
        return table.table_kind(keys, after_break)
    if _is_funds(keys, first):
        return (
            "FUNDS_HEAD" if any(_fund_key(k) in vocab.FUND_COLUMNS for k in keys if k) else "FUNDS"
        )
    goal = _goal_kind(keys)
    if goal is not None:
        return goal
    if len(filled) == 1 and vocab.PERIOD.match(first):
        return "PERIOD"
    if first in vocab.FIELDS:
        return "FIELD"
    return "TEXT"


class RowLexer(Lexer):
    """Feeds the kinds of a form's rows to Lark as tokens; ``start_pos`` indexes those rows."""

    def __init__(self, lexer_conf) -> None:  # noqa: D107 - Lark's lexer interface
        pass

    def lex(self, data: Sequence[str]) -> Iterator[Token]:
        for index, kind in enumerate(data):
            yield Token(kind, kind, index)
