"""The funds block, in its two shapes.

* Label/amount pairs (target forms, the older self-evaluation): each label takes the next filled
  cell before the next label, or the amount written in its own cell (``年度资金总额:50万``).
  A block may hold two groups side by side, the project's (项目资金总额, 中期, 实施期) and the
  year's (年度资金总额): a row with two labels gives the first to the project and the second to
  the year; a lone label goes by its words (当年财政拨款 is the year's), or by its column. A
  block with one group is the year's, whatever its total is called (资金总额, 总额).
* A column table (self-evaluation, monitoring): ``年初预算数 | 全年预算数 | 全年执行数 | 分值 |
  执行率 | 得分`` named by the head's headings; the amounts after a row's label are matched to
  those columns by position, or by what each can hold when a web page dropped the empty ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from linter.parse import vocab
from linter.parse.build.columns import match
from linter.parse.build.common import cell_span, lines_span, next_filled, row_span
from linter.parse.lexer import Classified, fund_column, fund_label, label_part
from linter.parse.nodes import FundItem, Funds, Value
from linter.parse.normalize import LABEL_MEMO, clean, heading
from linter.parse.values import make_value

_PROJECT_GROUP = {"project_total", "project_fiscal", "project_other"}
_TOTALS = frozenset({"project_total", "annual_total"})
_AS_PROJECT = {
    "annual_total": "project_total",
    "appropriation": "project_fiscal",
    "other": "project_other",
}
_AS_ANNUAL = {project: annual for annual, project in _AS_PROJECT.items()}
_ANNUAL_WORDS = ("当年", "本年", "年度")
_MONEY_UNITS = ("元", "万元")
# How each funds column's cells are matched by what they hold (``columns.match``).
_FIT = {
    "initial": "money",
    "adjusted": "money",
    "executed": "money",
    "forecast": "money",
    "rate": "rate",
    "weight": "weight",
    "score": "score",
    "note": "note",
    "source": "note",
}


@lru_cache(maxsize=LABEL_MEMO)
def _label(key: str) -> tuple[str | None, str | None]:
    """(canonical fund key or None, the money unit its heading names); asked of every cell."""
    return fund_label(key), heading(label_part(key)).unit


def funds_of(items: Sequence[Classified]) -> tuple[Funds, bool]:
    """The funds, and whether every amount found a column."""
    unit: str | None = None
    columns: list[str] = []
    out: list[FundItem] = []
    whole = True
    two_groups = _has_two_groups(items)
    group: str | None = None  # the group of the last total that stood alone on its row
    for item in items:
        unit = unit or _head_unit(item.keys)
        if item.kind == "FUNDS_HEAD":
            found = [c for c in map(fund_column, item.keys) if c]
            columns = found if len(found) >= 2 else columns
            continue
        if columns:
            found, row_whole = _column_items(item, columns)
            whole = whole and row_whole
        else:
            found = _pair_items(item, two_groups, group)
            if len(found) == 1 and found[0].key in _TOTALS:
                group = found[0].key
        out.extend(found)
        unit = unit or next((u for _, u in map(_label, item.keys) if u in _MONEY_UNITS), None)
    unit = unit or _amount_unit(out)
    span = lines_span(row_span(items[0].row), row_span(items[-1].row))
    keys = [(item.key, item.column) for item in out]
    whole = whole and len(set(keys)) == len(keys)  # a row the model has no place for
    return Funds(unit=unit, items=tuple(out), span=span), whole


def _head_unit(keys: Sequence[str]) -> str | None:
    for key in keys:
        if (
            key
            and heading(key).unit in _MONEY_UNITS
            and (heading(key).base in vocab.FUNDS_HEAD or fund_column(key))
        ):
            return heading(key).unit
    return None


def _amount_unit(items: Sequence[FundItem]) -> str | None:
    """The money unit the amounts carry themselves (``10000万元``, ``50万``)."""
    for item in items:
        unit = item.amount.unit if item.amount is not None else None
        if unit in _MONEY_UNITS:
            return unit
        if unit == "万":
            return "万元"
    return None


def _has_two_groups(items: Sequence[Classified]) -> bool:
    """Whether the block has a project group beside the year's: both totals, or a project
    label."""
    keys = {_label(k)[0] for item in items for k in item.keys if k}
    if "annual_total" in keys and "project_total" in keys:
        return True
    return bool(keys & {"project_fiscal", "project_other"}) and "annual_total" in keys


def _column_items(item: Classified, columns: list[str]) -> tuple[list[FundItem], bool]:
    row = item.row
    for i, key in enumerate(item.keys):
        canonical, _ = _label(key) if key else (None, None)
        if canonical is None:
            continue
        canonical = _AS_ANNUAL.get(canonical, canonical)
        label = clean(row.texts[i]).rstrip(":：")
        cells, whole = match(row.texts, i + 1, [_FIT[c] for c in columns])
        found = []
        for column, j in zip(columns, cells, strict=True):
            if j is None:
                continue
            amount = make_value(row.texts[j], cell_span(row, j))
            found.append(
                FundItem(canonical, label, column, None if amount.is_empty else amount, amount.span)
            )
        return found, whole
    return [], True


def _pair_items(item: Classified, two_groups: bool, group: str | None) -> list[FundItem]:
    row, texts, keys = item.row, item.row.texts, item.keys
    labelled = [(i, _label(k)[0]) for i, k in enumerate(keys) if k and _label(k)[0]]
    found: list[FundItem] = []
    for n, (i, canonical) in enumerate(labelled):
        canonical = _group_key(canonical, keys[i], n, len(labelled), two_groups, group)
        stop = labelled[n + 1][0] if n + 1 < len(labelled) else len(texts)  # the next label
        amount, span = _amount(row, i, stop)
        found.append(FundItem(canonical, _label_text(texts[i]), None, amount, span))
    return found


def _group_key(
    canonical: str, key: str, n: int, count: int, two_groups: bool, group: str | None
) -> str:
    """A label's key in its group: with two groups, the first of two labels in a row is the
    project's; a lone part belongs to the total standing alone above it (项目总预算 … 当年年度
    预算 / 其中:财政资金), or else goes by its words; with one group, every label is the
    year's."""
    if not two_groups:
        return _AS_ANNUAL.get(canonical, canonical)
    if count == 1 and group is not None and canonical not in _TOTALS:
        mapping = _AS_PROJECT if group == "project_total" else _AS_ANNUAL
        return mapping.get(canonical, canonical)
    if canonical in _PROJECT_GROUP or canonical not in _AS_PROJECT:
        return canonical
    project = count == 2 and n == 0 and not key.startswith(_ANNUAL_WORDS)
    return _AS_PROJECT[canonical] if project else canonical


def _amount(row, i: int, stop: int) -> tuple[Value | None, object]:
    """The amount of the label in cell ``i``: written in the same cell after a colon, or the
    next filled cell before ``stop``; else the empty cell beside it, where the number belongs."""
    rest = _after_label(clean(row.texts[i]))
    if rest:
        amount = make_value(rest, cell_span(row, i))
        return (None if amount.is_empty else amount), amount.span
    j = next_filled(row.texts, i + 1, stop)
    if j is None:
        return None, cell_span(row, i + 1 if i + 1 < stop else i)
    amount = _leading_amount(row.texts[j], cell_span(row, j))
    return (None if amount.is_empty else amount), amount.span


def _leading_amount(raw: str, span) -> Value:
    """A cell's amount, also when a breakdown in brackets follows it (``854万(建设400万元…)``)."""
    amount = make_value(raw, span)
    if amount.number is None and "(" in clean(raw):
        lead = make_value(clean(raw).split("(", 1)[0], span)
        if lead.number is not None:
            return lead
    return amount


@lru_cache(maxsize=LABEL_MEMO)
def _after_label(text: str) -> str:
    """What a cell holds after its label and colon (``年度资金总额:50万`` → ``50万``)."""
    head, sep, rest = text.replace("：", ":").rpartition(":")
    return rest.strip() if sep and fund_label(head.replace(" ", "")) else ""


@lru_cache(maxsize=LABEL_MEMO)
def _label_text(text: str) -> str:
    label = clean(text)
    rest = _after_label(label)
    return label[: -len(rest)].rstrip(" :：") if rest else label.rstrip(":：")
