"""The indicator table's columns, named by their headings, and a row's cells matched to them.

A head may be one row, or several: a page or a web page's text broke it over lines (one heading
a line), or an upper row spans sub-columns (年度指标值 over 指标性质 | 指标值 | 度量单位). The rows
are read in order into one list of roles; an upper row's value headings that the name row does
not repeat come after the name row's.

A head with two name columns holds two tables side by side: the 实施期 (中期, 长期) one and the 年度
one. Each is a group with its own period; a heading's note says which (``指标值(长期)``,
``实施周期指标值``), and two groups with no word of their period are the central template's
实施期 then 年度.

Cells are matched to the roles after the name by position first, as the text export keeps
empty cells. A web page's text drops empty cells or moves them to the end of the row, so when
a cell lands on a column it cannot fill (a unit in 分值, a comparator in 指标值), the row's filled
cells are matched to the roles by what each can hold, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from linter.parse import vocab
from linter.parse.lexer import Classified, column_role, is_points_only
from linter.parse.nodes import Period
from linter.parse.normalize import LABEL_MEMO, TEXT_MEMO, heading, strip_points
from linter.parse.values import comparator_of, read_value, unit_of

VALUE_ROLES = frozenset({"target", "actual", "weight", "score", "history"})
TEXT_ROLES = frozenset({"explanation", "note"})
ROW_ROLES = ("row_unit", "row_project", "row_budget", "row_goal")  # several projects, one table
UNKNOWN = "?"  # a heading no role names: its cells are kept out of every other column
_LEADING = frozenset({"level1", "level2", *ROW_ROLES})
_DIRECTIONS = frozenset({"正向", "反向", "正向指标", "反向指标", "中性", "是/否"})


class Group(NamedTuple):
    """One set of 二级 | 三级 | values columns: the 年度 table, or the 实施期 one beside it."""

    period: Period
    roles: tuple[str, ...]  # the roles after the name, in order
    has_level2: bool = False  # a 二级 column of its own before the name
    composes: bool = False  # a value written over columns (指标性质 | 指标值 | 度量单位)
    unit: str | None = None  # the unit the value's heading names: 目标值(%), 金额(万元)


_COMPOSED = frozenset({"comparator", "unit", "direction"})


class Head(NamedTuple):
    before: tuple[str, ...]  # roles before the first group: row_* and level1
    groups: tuple[Group, ...]
    unknown: tuple[str, ...]  # the headings no role matches, as written
    unit: str | None  # a money unit one of the headings names


@lru_cache(maxsize=LABEL_MEMO)
def role_and_period(key: str) -> tuple[str | None, Period | None]:
    """A heading's role, and the period its words name: ``指标值(长期)``, ``实施周期指标值``,
    ``年度指标值`` (read as the plain 指标值 of the year's table)."""
    head = heading(strip_points(key)[0])
    period = next((_period(note) for note in head.notes if _period(note)), None)
    role = vocab.TABLE_ROLES.get(head.base)
    if role is None:
        for word, named in vocab.PERIOD_WORDS.items():
            if head.base.startswith(word) and head.base != word:
                role = vocab.TABLE_ROLES.get(head.base[len(word) :])
                if role is not None:
                    period = period or Period(named)
                    break
    return role, period


def _period(note: str) -> Period | None:
    named = next((p for word, p in vocab.PERIOD_WORDS.items() if word in note), None)
    return None if named is None else Period(named)


def head_of(rows: Sequence[Classified]) -> Head:
    """The columns of a table whose head is ``rows`` (HEAD rows around one TABLE_HEAD); the
    forms of a template share their head, which is read once."""
    return _head(tuple((item.kind, item.keys) for item in rows))


@lru_cache(maxsize=LABEL_MEMO)
def _head(rows: tuple[tuple[str, tuple[str, ...]], ...]) -> Head:
    name_at = next(i for i, (kind, _) in enumerate(rows) if kind == "TABLE_HEAD")
    cells: list[_Column] = []
    upper: list[_Column] = []
    unknown: list[str] = []
    unit = None
    for i, (_, keys) in enumerate(rows):
        read = _read_head_row(keys, unknown)
        unit = unit or next((u for u in map(_money_unit, keys) if u), None)
        if i < name_at and any(c.role not in _LEADING for c in read):
            upper.extend(read)  # an upper row spanning the name row's sub-columns
        else:
            cells.extend(read)
        if i == name_at:
            present = {c.role for c in cells}
            cells.extend(c for c in upper if c.role not in present)
    if "row_project" not in {c.role for c in cells}:  # 年度目标, 单位名称 without projects
        cells = [c for c in cells if c.role not in ROW_ROLES]
    return _grouped(cells, tuple(unknown), unit)


class _Column(NamedTuple):
    role: str
    period: Period | None = None
    unit: str | None = None  # a unit in the heading's brackets


def _read_head_row(keys: Sequence[str], unknown: list[str]) -> list[_Column]:
    read = []
    for key in keys:
        if not key or is_points_only(key):
            continue
        role, period = role_and_period(key)
        if role is not None:
            read.append(_Column(role, period, heading(key).unit))
        elif heading(strip_points(key)[0]).base not in vocab.BLOCK_LABELS:
            unknown.append(key)
            read.append(_Column(UNKNOWN))
    return read


def _money_unit(key: str) -> str | None:
    unit = heading(key).unit
    return unit if unit in ("元", "万元") and column_role(key) is None else None


def _grouped(cells: list[_Column], unknown: tuple[str, ...], unit: str | None) -> Head:
    names = [i for i, c in enumerate(cells) if c.role == "name"]
    if not names:
        return Head(tuple(c.role for c in cells), (), unknown, unit)
    starts = [n - 1 if n > 0 and cells[n - 1].role == "level2" else n for n in names]
    before = tuple(c.role for c in cells[: starts[0]])
    groups = []
    for k, (start, name) in enumerate(zip(starts, names, strict=True)):
        end = starts[k + 1] if k + 1 < len(starts) else len(cells)
        part = cells[start:end]
        named = next((c.period for c in part if c.period is not None), None)
        value_unit = next((c.unit for c in part if c.unit and c.role in VALUE_ROLES), None)
        roles = tuple(c.role for c in cells[name + 1 : end])
        if "target" not in roles and UNKNOWN in roles:  # one column per county: the first
            at = roles.index(UNKNOWN)
            roles = (*roles[:at], "target", *roles[at + 1 :])
        period = named or _default_period(k, len(names))
        composes = not _COMPOSED.isdisjoint(roles) or value_unit is not None
        groups.append(Group(period, roles, start < name, composes, value_unit))
    return Head(before, tuple(groups), unknown, unit)


def _default_period(k: int, count: int) -> Period:
    """Side-by-side tables with no word of their period: the central template's 实施期, then 年度."""
    return Period.TERM if count > 1 and k < count - 1 else Period.ANNUAL


# -- matching a row's cells to the roles ------------------------------------------------------


@lru_cache(maxsize=TEXT_MEMO)
def _fit(role: str, raw: str) -> float | None:
    """How well a cell fits a column (higher is better); None when it cannot be that column's."""
    text, op, number, _, unit = read_value(raw)
    dash = text in ("-", "—", "/", "／", "——")
    if role in ("comparator", "direction"):  # templates swap these two columns' headings
        right, other = (comparator_of(raw), text in _DIRECTIONS)
        right, other = (right, other) if role == "comparator" else (other, right)
        return 3.0 if right else 2.5 if other else None
    if role == "unit":
        return 3.0 if unit_of(raw) else None
    if comparator_of(raw):
        return None  # a bare comparator is no value
    if role in ("weight", "score"):
        if number is not None and op is None and unit in (None, "分"):
            return 2.0
        return 0.5 if dash else None
    if role == "money":
        if number is not None and op is None and unit in (None, "元", "万元", "万"):
            return 2.0
        return 0.5 if dash else None
    if role == "rate":
        if number is not None and op is None:
            return 2.5 if unit == "%" else 1.0 if unit is None else None
        return 0.5 if dash else None
    if role in ("target", "actual", "history"):
        if number is None:
            return 1.0
        return 2.0 if (op or unit) else 1.5
    if role in TEXT_ROLES:
        return 0.2 if number is not None else 1.0
    return 0.1  # UNKNOWN, or a role the table does not read


_DROP = -3.0  # a filled cell with no column to take it
_LENIENT = frozenset({"target", "actual", "history", "note", "explanation", UNKNOWN})
_OP_MAX = 8  # no comparator is written longer (大于或等于 with spaces)


def match(texts: Sequence[str], start: int, roles: Sequence[str]) -> tuple[list[int | None], bool]:
    """For each role, the index of its cell among ``texts[start:]`` (None when it has none), and
    whether every filled cell found a column it can hold. By position when that fits (the text
    export keeps empty cells); else, when the filled cells are as many as the roles or there is
    one role, in order (a cell shifted past an empty one); else by what each cell can hold."""
    n = len(roles)
    placed: list[int | None] = [None] * n
    filled = []
    by_place = True
    for j in range(start, len(texts)):
        text = texts[j]
        if not text or text.isspace():
            continue
        filled.append(j)
        if not by_place:
            continue
        offset = j - start
        if offset >= n:
            by_place = False
            continue
        role = roles[offset]  # _can_hold, inline: asked of every filled cell of every row
        if (
            len(text) > _OP_MAX or not comparator_of(text)
            if role in _LENIENT
            else _fit(role, text) is not None
        ):
            placed[offset] = j
        else:
            by_place = False
    if by_place:
        return placed, True
    if len(filled) == n and all(
        _can_hold(role, texts[j]) for j, role in zip(filled, roles, strict=True)
    ):
        return filled, True
    return _by_content(texts, start, roles)


def _can_hold(role: str, text: str) -> bool:
    """Whether a cell can be a column's: a lenient column takes anything but a bare comparator,
    which is short."""
    if role in _LENIENT:
        return len(text) > _OP_MAX or not comparator_of(text)
    return _fit(role, text) is not None


def _by_content(
    texts: Sequence[str], start: int, roles: Sequence[str]
) -> tuple[list[int | None], bool]:
    """The best order-keeping match of the filled cells to the roles (each role takes at most one
    cell; a cell may be left out at a cost), by dynamic programming over cells and roles."""
    cells = [j for j in range(start, len(texts)) if texts[j].strip()]
    n, m = len(cells), len(roles)
    neg = float("-inf")
    # best[i][k]: the best score of matching the first i cells within the first k roles
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int, bool]]] = [[(0, 0, False)] * (m + 1) for _ in range(n + 1)]
    for k in range(m + 1):
        best[0][k] = 0.0
    for i in range(1, n + 1):
        raw = texts[cells[i - 1]]
        for k in range(m + 1):
            score, back = best[i - 1][k] + _DROP, (i - 1, k, False)
            if k > 0:
                if best[i][k - 1] > score:
                    score, back = best[i][k - 1], (i, k - 1, False)
                fit = _fit(roles[k - 1], raw)
                if fit is not None and best[i - 1][k - 1] + fit > score:
                    score, back = best[i - 1][k - 1] + fit, (i - 1, k - 1, True)
            best[i][k], step[i][k] = score, back
    placed: list[int | None] = [None] * m
    whole = True
    i, k = n, m
    while i > 0:
        pi, pk, took = step[i][k]
        if took:
            placed[k - 1] = cells[i - 1]
        elif pi == i - 1:
            whole = False  # a cell left out
        i, k = pi, pk
    return placed, whole and not _guessed(texts, roles, placed)


def _guessed(texts: Sequence[str], roles: Sequence[str], placed: list[int | None]) -> bool:
    """Whether the match had to choose: a column left empty beside a cell that could have
    filled it as well (年初预算数 | 全年预算数 with one amount; 10 as 执行数 or 分值)."""
    for k, j in enumerate(placed):
        if j is not None:
            continue
        for near in (k - 1, k + 1):
            cell = placed[near] if 0 <= near < len(placed) else None
            if cell is not None and _fit(roles[k], texts[cell]) is not None:
                return True
    return False
