"""The indicator table: hierarchy by label words, values by the head's roles, page-break repairs.

* A row's 一级/二级 labels are the leading cells whose words are in the vocabulary; the first
  other cell is the indicator's name. Labels carry down over empty merged cells.
* A 二级指标 names its 一级 (数量指标 → 产出指标). A 一级 carried down from an earlier row that
  contradicts it is page-break damage and is repaired; one written on the same row is kept, so
  that the structure checks can report it as the author's.
* Value cells: in target tables (one or two value columns) the next filled cells after the name,
  whatever their column; in self-evaluation tables the cells at the head's offsets from the name.
* A row that a page break cut in two (FRAGMENT) is joined to the indicator above it; a label row
  orphaned by the break (LABEL) applies to the rows after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from linter.parse import vocab
from linter.parse.build.common import cell_span, row_span
from linter.parse.lexer import Classified, is_points_only
from linter.parse.nodes import Category, Indicator, Repair, Text, Value
from linter.parse.normalize import LABEL_MEMO, clean, name_text, strip_points
from linter.parse.source import Row
from linter.parse.values import make_value

_TEXT_ROLES = {"explanation", "note"}
_VALUE_ROLES = {"target", "actual", "weight", "score"}
_CELL_ROLES = (
    _TEXT_ROLES | _VALUE_ROLES
)  # a head's 一级/二级 heading after the name is no cell of ours
_POSITIONAL_MIN_ROLES = 3
_AT = {name: i for i, name in enumerate(Indicator._fields)}  # a row's list index of each field
_NO_VALUES = (None,) * (_AT["stated_level1"] - _AT["target"])  # target … note, until read
# ``TableBuilder.indicator`` writes a row as a list literal in this field order: a field added
# to Indicator must be added there too, or every indicator would be built misaligned.
assert Indicator._fields[:4] == ("level1", "level2", "name", "target")
assert Indicator._fields[_AT["stated_level1"] :] == ("stated_level1", "span")
_tuple = tuple.__new__  # named tuples without their Python-level __new__: one per row or cell


class _Head(NamedTuple):
    roles: list[str | None]  # role of each head column
    name_col: int | None
    after_name: list[str]  # roles after the name column, in order

    @classmethod
    def of(cls, item: Classified) -> _Head:
        roles = [vocab.TABLE_ROLES.get(k) for k in item.keys]
        name_col = next((i for i, r in enumerate(roles) if r == "name"), None)
        after = (
            [r for r in roles[name_col + 1 :] if r in _CELL_ROLES]
            if name_col is not None
            else ["target"]
        )
        return cls(roles, name_col, after or ["target"])

    @property
    def positional(self) -> bool:
        return len(self.after_name) >= _POSITIONAL_MIN_ROLES

    def role_at(self, col: int) -> str | None:
        """The role of a head column; a cell right of the last heading belongs to the last one."""
        last = max((i for i, r in enumerate(self.roles) if r), default=None)
        return None if last is None else self.roles[min(col, last)]


class _Labels(NamedTuple):
    level1: str | None
    level2: str | None
    points: list[tuple[str | None, Text]]  # (level1 or None, points)


_NO_LABELS = _Labels(None, None, [])  # most rows: read only, never changed


@lru_cache(maxsize=LABEL_MEMO)
def _as_label(key: str) -> tuple[str, str | None] | None:
    """(label, points) when a cell's key is a table label (一级/二级, 绩效指标, (20分)), else None;
    asked of the leading cells of every indicator row."""
    base, points = strip_points(key)
    if (
        base in vocab.LEVEL1
        or base in vocab.LEVEL2_PARENT
        or key in vocab.BLOCK_LABELS
        or is_points_only(key)
    ):
        return base, points
    return None


def _read_labels(item: Classified) -> tuple[_Labels, int | None]:
    """The leading label cells of a row and the index of its first other cell."""
    label_cells: list[tuple[int, str, str | None]] = []
    first_text = None
    for i, key in enumerate(item.keys):
        if not key:
            continue
        label = _as_label(key)
        if label is None:
            first_text = i
            break
        label_cells.append((i, *label))
    if not label_cells:
        return _NO_LABELS, first_text
    level1 = level2 = None
    found_points: list[tuple[str | None, Text]] = []
    level2_follows = [b for _, b, _ in label_cells if b in vocab.LEVEL2_PARENT and b != "成本指标"]
    for i, base, points in label_cells:
        if base == "成本指标" and not level2_follows:
            level2 = base
        elif base in vocab.LEVEL1:
            level1 = base
            if points is not None:
                found_points.append((base, Text(points, cell_span(item.row, i))))
        elif base in vocab.LEVEL2_PARENT:
            level2 = base
        elif points is not None:
            found_points.append((None, Text(points, cell_span(item.row, i))))
    return _Labels(level1, level2, found_points), first_text


def _cell_value(role: str, row: Row, i: int) -> Text | Value:
    if role in _TEXT_ROLES:
        return _tuple(Text, (clean(row.texts[i]), cell_span(row, i)))
    return make_value(row.texts[i], cell_span(row, i))


class TableBuilder:
    def __init__(self, head: Classified) -> None:
        self.head = _Head.of(head)
        self.positional = self.head.positional
        self.level1: str | None = None
        self.level2: str | None = None
        self.rows: list[list] = []  # each an Indicator's fields in order, filled as rows come
        self.categories: list[dict] = []
        self.repairs: list[Repair] = []
        self.pending_orphan: tuple[str, Classified] | None = None

    # -- rows ---------------------------------------------------------------------------------
    def indicator(self, item: Classified) -> None:
        labels, first_text = _read_labels(item)
        if labels is not _NO_LABELS:
            self._apply_labels(labels, item)
        if self.pending_orphan is not None:
            self._settle_orphan(labels)
        if first_text is None:
            return
        stated = labels.level1
        level1 = stated if stated is not None else self._carried_level1(item)
        name = _tuple(
            Text, (name_text(item.row.texts[first_text]), cell_span(item.row, first_text))
        )
        row = [level1, self.level2, name, *_NO_VALUES, stated, row_span(item.row)]  # field order
        self._values(item, first_text, row)
        self.rows.append(row)

    def orphan(self, item: Classified) -> None:
        labels, _ = _read_labels(item)
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
            role = self.head.role_at(i)
            if role in _TEXT_ROLES or role == "name":
                self._append_text(row, role, Text(clean(item.row.texts[i]), cell_span(item.row, i)))
            elif role in _VALUE_ROLES and row[_AT[role]] is None:
                row[_AT[role]] = make_value(item.row.texts[i], cell_span(item.row, i))
        self.repairs.append(
            Repair(
                "fragment-joined",
                f"line {item.row.line} → line {row[_AT['span']].line}",
                row_span(item.row),
                True,
            )
        )

    # -- helpers ------------------------------------------------------------------------------
    def _apply_labels(self, labels: _Labels, item: Classified) -> None:
        if labels.level1 is not None:
            self.level1 = labels.level1
            if self.level2 is not None and vocab.LEVEL2_PARENT.get(self.level2) not in (
                None,
                labels.level1,
            ):
                self.level2 = None
            if labels.level2 is None and self.level2 == "成本指标" and labels.level1 == "成本指标":
                self.level2 = None
        if labels.level2 is not None:
            self.level2 = labels.level2
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

    def _carried_level1(self, item: Classified) -> str | None:
        """The 一级 of a row that states none: the one carried down, unless the row's 二级 names
        another (page-break damage, repaired)."""
        parent = vocab.LEVEL2_PARENT.get(self.level2) if self.level2 else None
        if parent is not None and parent != self.level1:
            if self.level1 is not None:
                self.repairs.append(
                    Repair(
                        "level1-inferred",
                        f"{self.level2} → {parent} (carried {self.level1})",
                        row_span(item.row),
                        True,
                    )
                )
            self.level1 = parent
        return self.level1

    def _settle_orphan(self, labels: _Labels) -> None:
        label, item = self.pending_orphan
        restated = label in (labels.level1, labels.level2)
        self.repairs.append(Repair("orphan-label", label, row_span(item.row), restated))
        self.pending_orphan = None

    def _values(self, item: Classified, name_at: int, row: list) -> None:
        """The row's value cells into ``row`` by role: at the head's offsets from the name
        (positional), or the next filled cells in the head's order."""
        texts = item.row.texts
        if self.positional:
            for j, role in enumerate(self.head.after_name, name_at + 1):
                if j < len(texts) and texts[j].strip():
                    row[_AT[role]] = _cell_value(role, item.row, j)
            return
        roles = iter(self.head.after_name)
        for j in range(name_at + 1, len(texts)):
            if not texts[j].strip():
                continue
            role = next(roles, None)
            if role is None:
                break
            row[_AT[role]] = _cell_value(role, item.row, j)

    @staticmethod
    def _append_text(row: list, role: str, text: Text) -> None:
        previous = row[_AT[role]]
        row[_AT[role]] = (
            text if previous is None else previous._replace(value=previous.value + text.value)
        )

    # -- result -------------------------------------------------------------------------------
    def finish(self) -> tuple[list[Indicator], list[Category], list[Repair]]:
        if self.pending_orphan is not None:
            label, item = self.pending_orphan
            self.repairs.append(Repair("orphan-label", label, row_span(item.row), False))
        indicators = [_tuple(Indicator, row) for row in self.rows]
        categories = [
            Category(
                c["label"],
                None if c["points"] is None else make_value(c["points"].value, c["points"].span),
                c["span"],
            )
            for c in self.categories
        ]
        return indicators, categories, self.repairs


def table_of(
    head: Classified, rows: Sequence[tuple[str, Classified]]
) -> tuple[list[Indicator], list[Category], list[Repair]]:
    builder = TableBuilder(head)
    for kind, item in rows:
        getattr(builder, kind)(item)
    return builder.finish()
