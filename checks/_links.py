"""What the LINK rules keep of a form, and how they find its partners in a batch.

A target form and its self-evaluation, or two years' forms of one project, are compared row by
row; no AST crosses a process boundary, so each form is reduced where it is checked to a
``Link``: its identity (project, unit, year, kind), each indicator's name, target, weight and
actual as small tuples with the span a finding would point at, its budget and whether it states
a reason. The digest is built once per form and shared by the LINK rules (``per_form``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from checks._memo import per_form
from checks._numbers import MONEY_FACTOR, amount, fund_budget, fund_item, money_unit
from checks._reasons import REASON_OPTIONS, explains_by, reason_texts
from checks._text import norm, ratio
from checks._units import SYNONYMS
from linter.parse.nodes import Form, FormInfo, FormKind, Span, Value
from linter.rules import Finding, FormDigest

RENAMED = 0.6  # the similarity of two names under one 二级指标 that makes them one indicator
_EXECUTION = ("预算执行率", "资金执行率")


class Print(NamedTuple):
    """A value as compared: comparator, number and unit, or the words of a text."""

    op: str | None
    number: Decimal | None
    unit: str | None
    words: str
    text: str  # as written, for messages

    @classmethod
    def of(cls, value: Value | None) -> Print | None:
        if value is None or value.is_empty:
            return None
        unit = SYNONYMS.get(value.unit, value.unit) if value.unit else None
        words = "" if value.number is not None else norm(value.text)
        return cls(value.op, value.number, unit, words, value.text)

    def same(self, other: Print) -> bool:
        return (self.op, self.number, self.unit, self.words) == (
            other.op,
            other.number,
            other.unit,
            other.words,
        )


class Row(NamedTuple):
    key: str  # the name's words
    name: str
    level2: str
    period: str  # Period
    target: Print | None
    weight: Decimal | None
    actual: Print | None
    span: Span  # the target cell (the name when there is none), resolved


class Budget(NamedTuple):
    label: str
    number: Decimal
    decimals: int
    text: str
    units: tuple[str, ...]  # the money units it may be in
    span: Span

    def in_yuan(self) -> list[tuple[Decimal, Decimal]]:
        half = Decimal(5) * Decimal(10) ** (-self.decimals - 1)
        return [
            ((self.number - half) * MONEY_FACTOR[u], (self.number + half) * MONEY_FACTOR[u])
            for u in self.units
        ]

    def differs(self, other: Budget) -> bool:
        return not any(
            a[0] <= b[1] and b[0] <= a[1] for a in self.in_yuan() for b in other.in_yuan()
        )


class Link(NamedTuple):
    kind: str
    legacy: bool
    project: str  # words
    unit: str  # words of 实施单位, else 主管部门
    year: int | None
    rows: tuple[Row, ...]
    budget: Budget | None
    explained: bool  # a reason is stated for the money
    goal: str  # words of the annual goal
    goal_span: Span | None


def _row(ind: Any) -> Row:
    anchor = ind.target if ind.target is not None else ind.name
    weight = ind.weight.number if ind.weight is not None else None
    return Row(
        norm(ind.name.value),
        ind.name.value,
        ind.level2 or "",
        ind.period,  # a StrEnum: equal to its value, and pickled small
        Print.of(ind.target),
        weight,
        Print.of(ind.actual),
        anchor.span.resolve(),
    )


def _budget(form: Form) -> Budget | None:
    """The year's approved budget: a self-evaluation's 年初预算数 (else 全年预算数), a target
    form's 年度资金总额 (else its project total)."""
    if form.funds is None:
        return None
    if form.kind is FormKind.SELF_EVALUATION:
        value = amount(fund_item(form.funds, "annual_total", "initial")) or amount(
            fund_item(form.funds, "annual_total", "adjusted")
        )
        label = "年初预算数"
    else:
        found = fund_budget(form)
        value = found[1] if found else None
        label = found[0].label if found else ""
    if value is None or value.number is None:
        return None
    unit = value.unit if value.unit in MONEY_FACTOR else money_unit(form)
    units = (unit,) if unit else ("元", "万元")
    return Budget(label, value.number, value.decimals, value.text, units, value.span.resolve())


@per_form
def link_of(form: Form) -> Link | None:
    """A form's Link, or None when it names no project (nothing to pair it with)."""
    project = form.project
    if not project:
        return None
    unit = form.field_text("unit") or form.field_text("department") or ""
    explains = explains_by(REASON_OPTIONS)
    goal = form.goals.annual
    return Link(
        form.kind.value,
        form.layout == "legacy-self-evaluation",
        norm(project),
        norm(unit),
        form.year,
        tuple(map(_row, form.indicators)),
        _budget(form),
        any(map(explains, reason_texts(form))),
        norm(goal.value) if goal is not None else "",
        goal.span.resolve() if goal is not None else None,
    )


def link_digest(form: Form, options: Mapping[str, Any]) -> FormDigest | None:
    """The digest every LINK rule takes: the form's Link, pointing at its title."""
    link = link_of(form)
    return None if link is None else FormDigest(form.title.span, link)


def same_unit_of(a: Link, b: Link) -> bool:
    """Two forms of one project name belong together unless both name different units."""
    return not a.unit or not b.unit or a.unit in b.unit or b.unit in a.unit


class Matched(NamedTuple):
    pairs: list[tuple[Row, Row]]  # the same indicator (by its words, or renamed)
    renamed: list[tuple[Row, Row]]
    only_first: list[Row]
    only_second: list[Row]


def match_rows(first: Iterable[Row], second: Iterable[Row]) -> Matched:
    """The rows of two forms paired: by their words in the same period, then a leftover pair
    under one 二级指标 whose names are alike (a rename)."""
    by_key: dict[tuple[str, str], list[Row]] = {}
    for row in second:
        by_key.setdefault((row.period, row.key), []).append(row)
    pairs, left = [], []
    for row in first:
        candidates = by_key.get((row.period, row.key))
        if candidates:
            pairs.append((row, candidates.pop(0)))
        else:
            left.append(row)
    right = [row for rows in by_key.values() for row in rows]
    renamed = []
    for row in list(left):
        best = max(
            (r for r in right if r.period == row.period and r.level2 == row.level2),
            key=lambda r: ratio(row.key, r.key),
            default=None,
        )
        if best is not None and ratio(row.key, best.key) >= RENAMED:
            renamed.append((row, best))
            left.remove(row)
            right.remove(best)
    return Matched(pairs + renamed, renamed, left, right)


def is_execution_row(row: Row) -> bool:
    """The older layout's 预算执行率 row, which a self-evaluation adds to the targets."""
    return any(word in row.key for word in _EXECUTION)


Seen = tuple[str, FormInfo, Link]


_SHARED: dict = {}  # equal values of the links kept, one object each (see ``kept``)


def _one(value: Any) -> Any:
    return _SHARED.setdefault(value, value)


@per_form
def kept(link: Link) -> Link:
    """The link as a Linker keeps it: its names, labels, values and rows shared with the equal
    ones of the forms seen before. Forms of one template repeat them, and a batch keeps every
    form's link (~9 KB unshared, a few hundred bytes shared). The LINK rules see the same link
    object in a row (one digest per file, unpickled once), so it is shared once for all five."""
    rows = tuple(
        _one(
            row._replace(
                key=_one(row.key),
                name=_one(row.name),
                level2=_one(row.level2),
                target=_one(row.target),
                actual=_one(row.actual),
            )
        )
        for row in link.rows
    )
    return link._replace(rows=rows, project=_one(link.project), unit=_one(link.unit))


class Linker:
    """Keeps every form with a Link and compares each new one with those it relates to.

    ``relate(new, old)`` says which of two related forms a finding belongs to and yields it:
    (True, Finding) for the form just seen, reported with its file at once, (False, Finding) for
    the earlier one, reported at the end. Forms are kept by ``key``; most keys hold one form.
    """

    def __init__(
        self,
        key: Callable[[Link], Hashable | None],
        relate: Callable[[Seen, Seen], Iterator[tuple[bool, Finding]]],
    ) -> None:
        self.key, self.relate = key, relate
        _SHARED.clear()  # a new run: the batch checks are made before any form is seen
        self.seen: dict[Hashable, list[Seen]] = {}
        self.late: list[tuple[str, FormInfo | None, Finding]] = []

    def see(self, path: str, form: FormInfo, digest: FormDigest) -> list[Finding]:
        link = kept(digest.data)
        key = self.key(link)
        if key is None:
            return []
        new: Seen = (path, form, link)
        now = []
        for old in self.seen.get(key, ()):
            for on_new, finding in self.relate(new, old):
                if on_new:
                    now.append(finding)
                else:
                    self.late.append((old[0], old[1], finding))
        self.seen.setdefault(key, []).append(new)
        return now

    def finish(self) -> list[tuple[str, FormInfo | None, Finding]]:
        return self.late
