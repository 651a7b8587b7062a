"""The indicator table: hierarchy by label words, values by the columns' headings, repairs.

* A row's 一级/二级 labels are the leading cells whose words are in the vocabulary; the first
  other cell is the indicator's name. Labels carry down over empty merged cells.
* A 二级指标 names its 一级 (数量指标 → 产出指标). A 一级 carried down from an earlier row that
  contradicts it is page-break damage and is repaired; one written on the same row is kept, so
  that the structure checks can report it as the author's.
* Value cells are matched to the head's columns (``columns.match``); a comparator, a number and
  a unit in three columns make one value.
* Two tables side by side (实施期 and 年度) are read group by group; each indicator knows its
  period. A table with a 项目名称 column holds several projects: a row that names one starts it.
* A row that a page break cut in two (FRAGMENT) is joined to the indicator above it; a label row
  orphaned by the break (LABEL) applies to the rows after it. An empty template row (指标2, ……)
  is no indicator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from linter.parse import vocab
from linter.parse.build.columns import (
    ROW_ROLES,
    TEXT_ROLES,
    VALUE_ROLES,
    Group,
    Head,
    head_of,
    match,
)
from linter.parse.build.common import CellSpan, cell_span, lines_span, row_span
from linter.parse.lexer import Classified, column_role, is_points_only, level_of
from linter.parse.nodes import Category, Indicator, Period, Repair, Text, Value
from linter.parse.normalize import LABEL_MEMO, clean, label_key, name_text, strip_points
from linter.parse.source import Row
from linter.parse.values import comparator_of, make_value, read_value, unit_of

_AT = {name: i for i, name in enumerate(Indicator._fields)}  # a row's list index of each field
_SLOTS = {role: _AT[role] for role in (*VALUE_ROLES, *TEXT_ROLES)}  # where a column's cell goes
_NO_VALUES = (None,) * (_AT["period"] - _AT["target"])  # target … history, until read
assert Indicator._fields[:3] == ("level1", "level2", "name")
assert Indicator._fields[_AT["period"] :] == ("period", "stated_level1", "span")
_PLACEHOLDER_MAX = 6  # 指标12: and …… are short
_PLACEHOLDER = re.compile(r"^(?:指标\d{0,3}[:：.、]?|目标\d{0,3}[:：]?|[.…。·—\-]+)$")
_tuple = tuple.__new__  # named tuples without their Python-level __new__: one per row or cell


class Project(NamedTuple):
    """A project that a row of a several-project table starts, with the cells it names."""

    start: int  # index in the table's indicator rows of its first indicator
    cells: dict[str, Text]  # row role (row_project, row_unit, row_budget, row_goal) → cell


class TableResult(NamedTuple):
    indicators: list[Indicator]
    categories: list[Category]
    repairs: list[Repair]
    projects: list[Project]
    doubt: bool  # a heading no role matches, or a row whose cells found no column
    unit: str | None  # a money unit a heading names
    unknown: tuple[str, ...]  # the headings no role matches
    roles: frozenset[str]  # every role the head names (level1, level2, target, weight …)


class _Labels(NamedTuple):
    level1: str | None
    level2: str | None
    points: list[tuple[str | None, Text]]  # (level1 or None, points)


_NO_LABELS = _Labels(None, None, [])  # most rows: read only, never changed


@lru_cache(maxsize=LABEL_MEMO)
def _as_label(
    key: str, short_level2: bool = True
) -> tuple[str | None, str | None, str | None] | None:
    """(level, canonical name, points) when a key is a table label (一级/二级, 绩效指标, (20分)),
    else None; asked of the leading cells of every indicator row. Without ``short_level2`` (a
    table with no 二级 column), a 二级 written short (质量, 成本) is an indicator's name."""
    base, points = strip_points(key)
    level = level_of(key)
    if level is not None:
        if level[0] == "level2" and not short_level2 and not base.endswith("指标"):
            return None
        return (*level, points)
    if key in vocab.BLOCK_LABELS or base in vocab.BLOCK_LABELS or is_points_only(key):
        return None, None, points
    return None


def _read_labels(
    keys: Sequence[str], row: Row, start: int = 0, short_level2: bool = True
) -> tuple[_Labels, int | None]:
    """The leading label cells of a row from ``start`` and the index of its first other cell.
    A second 一级 label on a row is its 二级 (实施效果指标 | 产出指标, 满意度指标 | 满意度指标)."""
    label_cells: list[tuple[int, str | None, str | None, str | None]] = []
    first_text = None
    for i in range(start, len(keys)):
        key = keys[i]
        if not key:
            continue
        label = _as_label(key, short_level2)
        if label is None:
            first_text = i
            break
        label_cells.append((i, *label))
    if not label_cells:
        return _NO_LABELS, first_text
    levels = [level for _, level, _, _ in label_cells]
    if (
        first_text is not None
        and keys[first_text].endswith("指标")
        and "level2" not in levels
        and _unknown_level2(keys, first_text)
    ):
        label_cells.append((first_text, "level2", clean(row.texts[first_text]), None))
        first_text = next((i for i in range(first_text + 1, len(keys)) if keys[i]), None)
    level1 = level2 = None
    found_points: list[tuple[str | None, Text]] = []
    level2_follows = "level2" in levels and any(
        lv == "level2" and name != "成本指标" for _, lv, name, _ in label_cells
    )
    for i, level, name, points in label_cells:
        if name == "成本指标" and not level2_follows or level == "level1" and level1 is not None:
            level2 = name
        elif level == "level1":
            level1 = name
            if points is not None:
                found_points.append((name, Text(points, cell_span(row, i))))
        elif level == "level2":
            level2 = name
        elif points is not None:
            found_points.append((None, Text(points, cell_span(row, i))))
    return _Labels(level1, level2, found_points), first_text


class TableBuilder:
    def __init__(self, head_rows: Sequence[Classified]) -> None:
        self.head: Head = head_of(head_rows)
        name_row = next(item for item in head_rows if item.kind == "TABLE_HEAD")
        self.columns = _columns(name_row.keys)
        self.groups: tuple[Group, ...] = self.head.groups or (Group(Period.ANNUAL, ("target",)),)
        self.has_projects = "row_project" in self.head.before
        self.multi = len(self.groups) > 1
        self.slots = [tuple(_SLOTS.get(r) for r in g.roles) for g in self.groups]
        # a 二级 column of its own (else a short 二级 word is a name: 质量, 成本 in a 监控表)
        self.short_level2 = "level2" in self.head.before or self.groups[0].has_level2
        # weights between the levels (一级 | 分值 | 二级 | 分值 | 三级 …): cells are read by
        # their place from the row's end, as the head names them
        before = set(self.head.before)
        self.by_place = "weight" in before and before <= {"level1", "level2", "weight"}
        self.level1: str | None = None
        self.level2: list[str | None] = [None] * len(self.groups)
        self.rows: list[list] = []  # each an Indicator's fields in order, filled as rows come
        self.categories: list[dict] = []
        self.repairs: list[Repair] = []
        self.projects: list[Project] = []
        self.doubt = bool(self.head.unknown)
        self.pending_orphan: tuple[str, Classified] | None = None

    # -- rows ---------------------------------------------------------------------------------
    def indicator(self, item: Classified) -> None:
        start = self._project_cells(item) if self.has_projects else 0
        if start is None:
            return  # a subtotal row of a several-project table
        if self.multi:
            self._side_by_side(item)
            return
        if self.by_place:
            self._by_place(item)
            return
        labels, first_text = _read_labels(item.keys, item.row, start, self.short_level2)
        if labels is not _NO_LABELS:
            if self.level1 in vocab.SUPER:
                labels = self._under_super(labels)
            self._apply_labels(labels, item)
        if self.pending_orphan is not None:
            self._settle_orphan(labels, item)
        if first_text is not None:
            self._group_row(item, labels.level1, first_text, 0)

    def _under_super(self, labels: _Labels) -> _Labels:
        """A lone 一级 label under a 一级 that holds such labels (产出指标 under 实施效果指标) is
        the row's 二级."""
        if labels.level2 is None and labels.level1 in vocab.SUPER[self.level1]:
            return labels._replace(level1=None, level2=labels.level1)
        return labels

    def _by_place(self, item: Classified) -> None:
        """A row read by the head's places from its end: the values, the name, then the levels
        and their weights before it, right-aligned (a page drops the merged cells on the left).
        A level is named as written when the vocabulary has no word for it."""
        keys, row = item.keys, item.row
        filled = [i for i, k in enumerate(keys) if k]
        after = len(self.groups[0].roles)
        if len(filled) <= after:
            return
        name_at = filled[-after - 1]
        before = filled[: -after - 1]
        for role, i in zip(
            self.head.before[len(self.head.before) - len(before) :], before, strict=True
        ):
            if role == "level1":
                self.level1 = vocab.LEVEL1.get(strip_points(keys[i])[0], clean(item.row.texts[i]))
                self.level2[0] = None
                self._open_category(self.level1, None, row_span(row))
            elif role == "level2":
                key = strip_points(keys[i])[0]
                written = clean(item.row.texts[i])
                self.level2[0] = vocab.LEVEL2.get(key) or vocab.LEVEL1.get(key) or written
        self._group_row(item, None, name_at, 0)

    def _side_by_side(self, item: Classified) -> None:
        """A row of tables side by side: its 一级, then each group's 二级, name and values in
        their columns. A row that kept its empty cells starts its first group where the head
        does; one that lost them (a web page's text) starts at its first cell."""
        keys = item.keys
        level1_at = next((i for i, k in enumerate(keys) if k), None)
        if level1_at is None:
            return
        stated = None
        level = level_of(keys[level1_at])
        if level is not None and level[0] == "level1":
            labels, _ = _read_labels(keys[: level1_at + 1], item.row)
            self._apply_labels(labels, item)
            stated, at = labels.level1, level1_at + 1
        elif level1_at >= len(self.head.before):
            at = len(self.head.before)  # the row kept its empty 一级 cell
        else:
            at = level1_at
        for k in range(len(self.groups)):
            if at is None or at >= len(keys):
                break
            at = self._group_row(item, stated, at, k)

    def orphan(self, item: Classified) -> None:
        """A row of labels only. After a page break it may belong to the rows above or below,
        which the next row may settle; elsewhere it heads the rows below it (a merged label
        cell that an export wrote on a row of its own)."""
        labels, _ = _read_labels(item.keys, item.row, 0, self.short_level2)
        self._apply_labels(labels, item)
        label = labels.level2 or labels.level1
        if label is not None:
            self.pending_orphan = (label, item)

    def fragment(self, item: Classified) -> None:
        if not self.rows:
            self.repairs.append(
                Repair("fragment-without-row", clean(item.row.texts[0]), row_span(item.row), False)
            )
            return
        row = self.rows[-1]
        for i, key in enumerate(item.keys):
            if not key:
                continue
            if is_points_only(key):
                self._add_points(None, Text(strip_points(key)[1] or "", cell_span(item.row, i)))
                continue
            role = self._role_at(i)
            if role in TEXT_ROLES or role == "name":
                self._append_text(row, role, Text(clean(item.row.texts[i]), cell_span(item.row, i)))
            elif role in VALUE_ROLES and row[_AT[role]] is None:
                row[_AT[role]] = make_value(item.row.texts[i], cell_span(item.row, i))
        self.repairs.append(
            Repair(
                "fragment-joined",
                f"line {item.row.line} → line {row[_AT['span']].line}",
                row_span(item.row),
                True,
            )
        )

    # -- a row's cells --------------------------------------------------------------------------
    def _project_cells(self, item: Classified) -> int | None:
        """In a several-project table, the cells before the row's first label name its project:
        they stand right-aligned under the head's project columns, since a page drops the merged
        cells on their left. Returns where the row's labels start; None for a row with no label,
        a subtotal."""
        keys = item.keys
        first = next((i for i, k in enumerate(keys) if k and level_of(k) is not None), None)
        if first is None:
            return None
        pre = [i for i in range(first) if keys[i]]
        if pre:
            roles = [r for r in self.head.before if r in ROW_ROLES]
            cells = {
                role: Text(clean(item.row.texts[i]), cell_span(item.row, i))
                for role, i in zip(roles[len(roles) - len(pre) :], pre, strict=False)
            }
            if "row_project" in cells:
                self.projects.append(Project(len(self.rows), cells))
        return first

    def _group_row(self, item: Classified, stated: str | None, at: int, k: int) -> int | None:
        """One group's indicator from cell ``at`` on: its 二级 (in a side-by-side table), its
        name and values. Returns where the next group starts."""
        row = item.row
        texts = row.texts
        group = self.groups[k]
        multi = self.multi
        if multi:
            at = self._side_level2(item.keys, at, k)
        if at >= len(texts):
            return None
        roles = group.roles
        end = at + 1 + len(roles)
        if multi:
            cells: list[int | None] = [
                j if j < len(texts) and texts[j].strip() else None for j in range(at + 1, end)
            ]
        else:
            cells, whole = match(texts, at + 1, roles)
            if not whole:
                self.doubt = True
        name = name_text(texts[at])
        if not name:
            return end
        if cells.count(None) == len(cells) and _template_word(name):
            self.repairs.append(Repair("placeholder-row", name, row_span(row), True))
            return end
        level2 = self.level2[k]
        if stated is not None:
            level1 = stated
        elif level2 is None or vocab.LEVEL2_PARENT.get(level2) in (None, self.level1):
            level1 = self.level1  # carried down: most rows (``_carried_level1`` when not)
        else:
            level1 = self._carried_level1(item, k)
        # the Indicator's fields in order: level1, level2, name, target … history, period,
        # stated_level1, span (checked against Indicator._fields below); spans as CellSpans
        # made in place (``cell_span``, ``row_span``): a row makes a dozen
        fields = [
            level1,
            level2,
            _tuple(Text, (name, _tuple(CellSpan, (row, at)))),
            *_NO_VALUES,
            group.period,
            stated,
            _tuple(CellSpan, (row, None)),
        ]
        for role, slot, j in zip(roles, self.slots[k], cells, strict=True):
            if j is not None and slot is not None and fields[slot] is None:
                span = _tuple(CellSpan, (row, j))
                fields[slot] = (
                    _tuple(Text, (clean(texts[j]), span))
                    if role in TEXT_ROLES
                    else make_value(texts[j], span)
                )
        if group.composes:
            placed = {r: j for r, j in zip(roles, cells, strict=True) if j is not None}
            _compose(fields, row, placed, group.unit)
        self.rows.append(fields)
        return end

    def _side_level2(self, keys: Sequence[str], at: int, k: int) -> int:
        """In a side-by-side table, the group's own 二级 cell at ``at``, if it has one: taken,
        and the name follows it."""
        if not self.groups[k].has_level2:
            return at
        level = level_of(keys[at]) if keys[at] else None
        if level is not None:
            self.level2[k] = level[1]
        return at + 1 if level is not None or not keys[at] else at

    def _role_at(self, col: int) -> str | None:
        """The role of a column of the name row, where a fragment's cells line up; a cell right
        of the last heading belongs to the last one."""
        last = max((i for i, r in enumerate(self.columns) if r), default=None)
        return None if last is None else self.columns[min(col, last)]

    # -- helpers ------------------------------------------------------------------------------
    def _apply_labels(self, labels: _Labels, item: Classified) -> None:
        if labels.level1 is not None:
            self.level1 = labels.level1
            for k, level2 in enumerate(self.level2):
                parent = vocab.LEVEL2_PARENT.get(level2) if level2 else None
                if level2 is not None and parent not in (None, labels.level1):
                    self.level2[k] = None
                if labels.level2 is None and level2 == "成本指标" == labels.level1:
                    self.level2[k] = None
        if labels.level2 is not None:
            self.level2[0] = labels.level2
        for level1, points in labels.points:
            self._add_points(level1, points)
        if labels.level1 is not None and not labels.points:
            self._open_category(labels.level1, None, row_span(item.row))

    def _open_category(self, label: str, points: Text | None, span) -> None:
        if self.categories and self.categories[-1]["label"] == label:
            if points is not None and self.categories[-1]["points"] is None:
                self.categories[-1]["points"] = points
            return
        self.categories.append({"label": label, "points": points, "span": span})

    def _add_points(self, level1: str | None, points: Text) -> None:
        if level1 is not None:
            self._open_category(level1, points, points.span)
        elif self.categories and self.categories[-1]["points"] is None:
            self.categories[-1]["points"] = points
            self.repairs.append(Repair("points-joined", points.value, points.span, True))

    def _carried_level1(self, item: Classified, k: int) -> str | None:
        """The 一级 of a row that states none: the one carried down, unless the row's 二级 names
        another (page-break damage, repaired)."""
        level2 = self.level2[k]
        parent = vocab.LEVEL2_PARENT.get(level2) if level2 else None
        if parent is not None and parent != self.level1:
            if self.level1 is not None:
                self.repairs.append(
                    Repair(
                        "level1-inferred",
                        f"{level2} → {parent} (carried {self.level1})",
                        row_span(item.row),
                        True,
                    )
                )
            if k == 0:
                self.level1 = parent
            return parent
        return self.level1

    def _settle_orphan(self, labels: _Labels, after: Classified | None) -> None:
        """A label alone on its row, settled by the row after it. Beside a page break it may
        belong above or below: a next row that restates it settles that, one that does not
        leaves it in doubt. Elsewhere it heads the rows below (a merged label cell an export
        wrote on a row of its own), or, when the next row states another label of its level,
        it is an empty category of the template."""
        label, item = self.pending_orphan
        self.pending_orphan = None
        level = level_of(label)
        stated = labels.level2 if level is not None and level[0] == "level2" else labels.level1
        if stated is not None and stated != label:
            self.repairs.append(Repair("empty-category", label, row_span(item.row), True))
            return
        at_break = item.after_break or (after is not None and after.after_break)
        restated = label in (labels.level1, labels.level2) or not at_break
        self.repairs.append(Repair("orphan-label", label, row_span(item.row), restated))

    @staticmethod
    def _append_text(row: list, role: str, text: Text) -> None:
        previous = row[_AT[role]]
        row[_AT[role]] = (
            text if previous is None else previous._replace(value=previous.value + text.value)
        )

    # -- result -------------------------------------------------------------------------------
    def finish(self) -> TableResult:
        if self.pending_orphan is not None:
            self._settle_orphan(_NO_LABELS, None)
        indicators = [_tuple(Indicator, row) for row in self.rows]
        categories = [
            Category(
                c["label"],
                None if c["points"] is None else make_value(c["points"].value, c["points"].span),
                c["span"],
            )
            for c in self.categories
        ]
        return TableResult(
            indicators,
            categories,
            self.repairs,
            self.projects,
            self.doubt,
            self.head.unit,
            self.head.unknown,
            frozenset(
                {
                    *self.head.before,
                    *(r for g in self.groups for r in g.roles),
                    *(["level2"] if any(g.has_level2 for g in self.groups) else []),
                }
            ),
        )


_LABEL_SHAPE = re.compile(r"^[\u4e00-\u9fff、]{2,10}指标$")


def _unknown_level2(keys: Sequence[str], at: int) -> bool:
    """A cell shaped like a label (…指标) after a row's 一级, with a name after it: a 二级 the
    vocabulary does not know (社会效益效益指标), kept as written."""
    if not _LABEL_SHAPE.match(keys[at]):
        return False
    after = next((k for k in keys[at + 1 :] if k), None)
    return after is not None and read_value(after)[2] is None and not comparator_of(after)


@lru_cache(maxsize=LABEL_MEMO)
def _template_word(name: str) -> bool:
    """A name that, with no value beside it, is no indicator: a template row left empty (指标2,
    ……, 质量), or a label cut short by the end of a page (数量指, 满意)."""
    if len(name) <= _PLACEHOLDER_MAX and _PLACEHOLDER.match(name):
        return True
    key = label_key(name)
    return level_of(key) is not None or any(
        word.startswith(key) and word != key for word in (*vocab.LEVEL1, *vocab.LEVEL2)
    )


@lru_cache(maxsize=LABEL_MEMO)
def _columns(keys: tuple[str, ...]) -> tuple[str | None, ...]:
    """The role of each column of a head's name row."""
    return tuple(column_role(k) if k else None for k in keys)


def _compose(fields: list, row: Row, placed: dict[str, int], heading_unit: str | None) -> None:
    """A target written over three columns (指标性质 ≥ | 指标值 95 | 度量单位 %) as one value; the
    unit column's unit, or the one the heading names (目标值(%)), goes to the actual value
    too, when it is a bare number."""
    texts = row.texts
    op_at = next(
        (
            placed[r]
            for r in ("comparator", "direction")
            if r in placed and comparator_of(texts[placed[r]])
        ),
        None,
    )
    unit_at = placed.get("unit")
    if unit_at is not None and not unit_of(texts[unit_at]):
        unit_at = None
    for role, with_op in (("target", True), ("actual", False), ("history", False)):
        value = fields[_AT[role]]
        if value is None or not value.is_number:
            continue
        at = placed[role]
        op = texts[op_at].strip() if with_op and op_at is not None and value.op is None else ""
        unit = ""
        if value.unit is None:
            unit = texts[unit_at].strip() if unit_at is not None else heading_unit or ""
        if not op and not unit:
            continue
        text = op + clean(texts[at]) + unit
        read = read_value(text)
        if read[2] is None:
            continue
        cells = [j for j in (op_at if op else None, at, unit_at if unit else None) if j is not None]
        span = lines_span(cell_span(row, min(cells)), cell_span(row, max(cells)))
        fields[_AT[role]] = _tuple(Value, (text, *read[:1], span, *read[1:]))


def table_of(head: Sequence[Classified], rows: Sequence[tuple[str, Classified]]) -> TableResult:
    builder = TableBuilder(head)
    for kind, item in rows:
        getattr(builder, kind)(item)
    return builder.finish()
