"""What the LINK rules keep of a form, and how they find its partners in a batch.

A target form and its self-evaluation, or two years' forms of one project, are compared row by
row; no AST crosses a process boundary, so each form is reduced where it is checked to a
``Packed`` digest: its identity (project, unit, year, kind) as plain fields, by which partners are
found, and the rest as one marshalled ``body`` of plain values: each indicator's name, target,
weight and actual with the span a finding would point at, its budget and whether it states a
reason. A batch keeps every form's digest, but only the few with a partner are ever opened into
a ``Link`` (``opened``), so the bytes cross the pipe and sit in the batch as one object per form,
and no row is rebuilt for a form that has no partner.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
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
    """A form opened for comparison with its partner."""

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


class Packed(NamedTuple):
    """A form as a batch keeps it: the identity its partners are found by, the rest in ``body``
    (``opened`` reads it)."""

    kind: str
    legacy: bool
    project: str
    unit: str
    year: int | None
    body: bytes


_EMPTY = frozenset({"-", "—", "/"})  # as Value.is_empty


def _print(value: Value | None) -> tuple | None:
    """A value as plain values; ``Value.is_empty`` inline (two per row of every form)."""
    if value is None:
        return None
    _, text, _, op, number, _, unit = value
    if not text or text in _EMPTY:
        return None
    if number is not None:
        return (op, str(number), SYNONYMS.get(unit, unit) if unit else None, "", text)
    return (op, None, SYNONYMS.get(unit, unit) if unit else None, norm(text), text)


def _row(ind: Any) -> tuple:
    target, weight, name = ind.target, ind.weight, ind.name.value
    anchor = target if target is not None else ind.name
    number = weight.number if weight is not None else None
    return (
        norm(name),
        name,
        ind.level2 or "",
        str(ind.period),
        _print(target),
        None if number is None else str(number),
        _print(ind.actual),
        tuple(anchor.span.resolve()),
    )


def _budget(form: Form) -> tuple | None:
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
    return (
        label,
        str(value.number),
        value.decimals,
        value.text,
        units,
        tuple(value.span.resolve()),
    )


def packed(form: Form) -> Packed | None:
    """A form's digest, or None when it names no project (nothing to pair it with)."""
    project = form.project
    if not project:
        return None
    unit = form.field_text("unit") or form.field_text("department") or ""
    explains = explains_by(REASON_OPTIONS)
    goal = form.goals.annual
    body = (
        tuple(map(_row, form.indicators)),
        _budget(form),
        any(map(explains, reason_texts(form))),
        norm(goal.value) if goal is not None else "",
        tuple(goal.span.resolve()) if goal is not None else None,
    )
    return Packed(
        form.kind.value,
        form.layout == "legacy-self-evaluation",
        norm(project),
        norm(unit),
        form.year,
        marshal.dumps(body),
    )


def link_digest(form: Form, options: Mapping[str, Any]) -> FormDigest | None:
    """The digest every LINK rule takes, pointing at the form's title."""
    return _digest_of(form)


@per_form
def _digest_of(form: Form) -> FormDigest | None:
    """Made once per form and shared by the five LINK rules (one object, pickled once)."""
    data = packed(form)
    return None if data is None else FormDigest(form.title.span, data)


_new = tuple.__new__


def _opened_print(plain: tuple | None) -> Print | None:
    if plain is None:
        return None
    op, number, unit, words, text = plain
    return _new(Print, (op, None if number is None else Decimal(number), unit, words, text))


def _opened_row(plain: tuple) -> Row:
    key, name, level2, period, target, weight, actual, span = plain
    return _new(
        Row,
        (
            key,
            name,
            level2,
            period,
            _opened_print(target),
            None if weight is None else Decimal(weight),
            _opened_print(actual),
            _new(Span, span),
        ),
    )


@lru_cache(maxsize=256)
def opened(form: Packed) -> Link:
    """The Link of a packed form; the last few hundred are remembered, since a form is compared
    with each partner it has."""
    rows, budget, explained, goal, goal_span = marshal.loads(form.body)
    if budget is not None:
        label, number, decimals, text, units, span = budget
        budget = Budget(label, Decimal(number), decimals, text, tuple(units), _new(Span, span))
    return Link(
        form.kind,
        form.legacy,
        form.project,
        form.unit,
        form.year,
        tuple(map(_opened_row, rows)),
        budget,
        explained,
        goal,
        None if goal_span is None else _new(Span, goal_span),
    )


def same_unit(a: str, b: str) -> bool:
    """Two forms of one project name belong together unless both name different units (by
    their words: one may name the unit in full, the other in short)."""
    return not a or not b or a in b or b in a


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


Seen = tuple[str, FormInfo, Packed]


class Linker:
    """Keeps every form with a packed digest and compares each new one with its partners.

    ``key(form)`` is where a form is kept (None: it has no partner); ``partners(key)`` the keys
    under which the partners of a form kept there are; ``relate(new, old)`` says which of two partners a finding
    belongs to and yields it: (True, Finding) for the form just seen, reported with its file at
    once, (False, Finding) for the earlier one, reported at the end. Within a key the forms are
    kept by unit, so a common project name (公用经费 in every unit of a province) costs a look at
    each unit's name, not a comparison with each form.
    """

    def __init__(
        self,
        key: Callable[[Packed], Hashable | None],
        partners: Callable[[Any], Iterable[Hashable]],
        relate: Callable[[Seen, Seen], Iterator[tuple[bool, Finding]]],
    ) -> None:
        self.key, self.partners, self.relate = key, partners, relate
        self.seen: dict[Hashable, dict[str, list[Seen]]] = {}
        self.late: list[tuple[str, FormInfo | None, Finding]] = []

    def see(self, path: str, form: FormInfo, digest: FormDigest) -> list[Finding]:
        link: Packed = digest.data
        key = self.key(link)
        if key is None:
            return []
        new: Seen = (path, form, link)
        now = []
        for where in self.partners(key):
            for unit, olds in self.seen.get(where, {}).items():
                if not same_unit(link.unit, unit):
                    continue
                for old in olds:
                    for on_new, finding in self.relate(new, old):
                        if on_new:
                            now.append(finding)
                        else:
                            self.late.append((old[0], old[1], finding))
        self.seen.setdefault(key, {}).setdefault(link.unit, []).append(new)
        return now

    def finish(self) -> list[tuple[str, FormInfo | None, Finding]]:
        return self.late
