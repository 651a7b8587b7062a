"""The funds block, in its two shapes.

* Label/amount pairs (target forms, the older self-evaluation): each label takes the next filled
  cell before the next label. 其他资金 appears once per group; two in a row are the project group's
  and the annual group's, in that order.
* A column table (self-evaluation): ``年初预算数 | 全年预算数 | 全年执行数 | 分数 | 执行率 | 得分``;
  the amounts after a row's label map to those columns in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from linter.parse import vocab
from linter.parse.build.common import cell_span, lines_span, next_filled, row_span
from linter.parse.lexer import Classified
from linter.parse.nodes import FundItem, Funds
from linter.parse.normalize import LABEL_MEMO, clean, strip_unit
from linter.parse.values import make_value

_PROJECT_GROUP = {"project_total", "project_fiscal"}


@lru_cache(maxsize=LABEL_MEMO)
def _fund_label(key: str) -> tuple[str | None, str | None]:
    """(canonical fund key or None, unit); asked of every cell of every funds row."""
    base, unit = strip_unit(key)
    return vocab.FUND_LABELS.get(base), unit


def funds_of(items: Sequence[Classified]) -> Funds:
    unit: str | None = None
    columns: list[str] = []
    out: list[FundItem] = []
    has_project_group = any(
        _fund_label(k)[0] in _PROJECT_GROUP for it in items for k in it.keys if k
    )
    for item in items:
        for key in item.keys:
            if vocab.FUNDS_HEAD in key:  # a substring test first: most keys are not the heading
                base, u = strip_unit(key)
                if base == vocab.FUNDS_HEAD and u in {"元", "万元"}:
                    unit = u
        if item.kind == "FUNDS_HEAD":
            columns = [
                vocab.FUND_COLUMNS[strip_unit(k)[0]]
                for k in item.keys
                if k and strip_unit(k)[0] in vocab.FUND_COLUMNS
            ]
            continue
        if columns:
            out.extend(_column_items(item, columns))
        else:
            found, label_unit = _pair_items(item, has_project_group)
            out.extend(found)
            unit = unit or label_unit
    span = lines_span(row_span(items[0].row), row_span(items[-1].row))
    return Funds(unit=unit, items=tuple(out), span=span)


def _column_items(item: Classified, columns: list[str]) -> list[FundItem]:
    row = item.row
    for i, key in enumerate(item.keys):
        canonical, _ = _fund_label(key)
        if canonical is None:
            continue
        label = clean(row.texts[i]).rstrip(":：")
        found = []
        for offset, column in enumerate(columns):
            j = i + 1 + offset
            if j >= len(row.texts):
                break
            span = cell_span(row, j)
            amount = make_value(row.texts[j], span)
            found.append(
                FundItem(canonical, label, column, None if amount.is_empty else amount, span)
            )
        return found
    return []


def _pair_items(item: Classified, has_project_group: bool) -> tuple[list[FundItem], str | None]:
    row, texts, keys = item.row, item.row.texts, item.keys
    labelled = [(i, *label) for i, label in enumerate(map(_fund_label, keys)) if label[0]]
    others = [i for i, canonical, _ in labelled if canonical == "other"]
    found: list[FundItem] = []
    money_unit = None
    for n, (i, canonical, unit) in enumerate(labelled):
        if (
            canonical == "other"
            and has_project_group
            and (len(others) == 2 and i == others[0] or _row_is_project(labelled))
        ):
            canonical = "project_other"
        if unit in {"元", "万元"}:
            money_unit = money_unit or unit
        stop = labelled[n + 1][0] if n + 1 < len(labelled) else len(texts)  # the next label
        j = next_filled(texts, i + 1, stop)
        if j is None:
            # no amount: point at the empty cell beside the label, where the number belongs
            amount, span = None, cell_span(row, i + 1 if i + 1 < stop else i)
        else:
            span = cell_span(row, j)
            amount = make_value(texts[j], span)
            if amount.is_empty:
                amount = None
        found.append(FundItem(canonical, clean(texts[i]).rstrip(":："), None, amount, span))
    return found, money_unit


def _row_is_project(labelled: list) -> bool:
    """A row whose only labels are the project group's and one 其他资金."""
    kinds = {canonical for _, canonical, _ in labelled}
    return kinds <= _PROJECT_GROUP | {"other"} and bool(kinds & _PROJECT_GROUP)
