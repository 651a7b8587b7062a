"""One form's parse tree to its Form nodes: dispatches each block to its builder.

A form is one node, except a table that holds several projects (a 项目名称 column): each project
becomes a form of its own, sharing the title and header fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lark import Token, Tree

from linter.parse import vocab
from linter.parse.build.closing import grade_of, notes_of, total_of
from linter.parse.build.common import cell_span, lines_span, row_span
from linter.parse.build.fields import fields_of
from linter.parse.build.funds import funds_of
from linter.parse.build.goals import goals_of
from linter.parse.build.table import TableResult, table_of
from linter.parse.lexer import Classified, fund_label
from linter.parse.nodes import (
    Field,
    Form,
    FormKind,
    FundItem,
    Funds,
    Goals,
    ParseProblem,
    Scope,
    Text,
)
from linter.parse.normalize import clean, simplified
from linter.parse.values import make_value

_LAYOUTS = (
    ("项目绩效自我评价", "legacy-self-evaluation"),
    ("部门项目支出预算绩效目标申报表", "department-target"),
)
_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年")
_SHOWN = 5  # unknown headings named in one finding
_SELF_EVALUATION_ROLES = frozenset({"actual", "score"})


def build_forms(
    tree: Tree, rows: Sequence[Classified], titled: bool, index: int
) -> tuple[list[Form], list[ParseProblem]]:
    """The forms of one segment (one, or one per project of a several-project table) and the
    problems its builders met."""
    titles = [rows[t.start_pos] for t in tree.children if isinstance(t, Token)]
    parts = _Parts()
    for child in tree.children:
        if isinstance(child, Tree):
            _build_part(child, rows, parts)
    title = _title(titles, rows[0])
    funds, funds_whole = funds_of(parts.funds) if parts.funds else (None, True)
    if funds is not None and funds.unit is None and parts.unit is not None:
        funds = funds._replace(unit=parts.unit)
    words = simplified(title.value)  # a title in traditional characters names its kind alike
    kind = _kind(words, parts, funds)
    scope = _scope(words, parts.fields, kind)
    doubts = [] if funds_whole else ["funds"]
    if not titled and not any(f.key in vocab.IDENTITY_FIELDS for f in parts.fields):
        doubts.append("form")  # a part of a form: no title, no 项目名称
    elif kind is FormKind.SELF_EVALUATION and parts.tables and parts.total is None:
        doubts.append("form")  # a self-evaluation that stops before its 总分: it was cut
    problems = [] if funds_whole else [_misread_funds(parts.funds[0])]
    if any(t.doubt for t in parts.tables):
        doubts.append("table")
        problems.extend(
            _misread_table(head, t)
            for head, t in zip(parts.heads, parts.tables, strict=True)
            if t.doubt
        )
    form = Form(
        index=index,
        kind=kind,
        layout=_layout(words, kind, scope),
        title=title,
        year=parts.year or _year_in(title.value),
        span=lines_span(row_span(rows[0].row), row_span(rows[-1].row)),
        money_unit=funds.unit if funds is not None else parts.unit,
        fields=tuple(parts.fields),
        funds=funds,
        goals=goals_of(parts.goals) if parts.goals else Goals(),
        categories=tuple(c for t in parts.tables for c in t.categories),
        indicators=tuple(i for t in parts.tables for i in t.indicators),
        total=parts.total,
        grade=parts.grade,
        notes=tuple(parts.notes),
        bands=tuple(parts.bands),
        repairs=tuple(r for t in parts.tables for r in t.repairs),
        scope=scope,
        doubts=frozenset(doubts),
        columns=frozenset(r for t in parts.tables for r in t.roles),
    )
    projects = [t for t in parts.tables if t.projects]
    if projects:
        return _per_project(form, projects[0], index), problems
    return [form], problems


class _Parts:
    """What a form's blocks give, gathered in the order they come."""

    def __init__(self) -> None:
        self.fields: list[Field] = []
        self.notes: list[Text] = []
        self.bands: list = []
        self.funds: list[Classified] = []
        self.goals: list[Classified] = []
        self.tables: list[TableResult] = []
        self.heads: list[Classified] = []
        self.total = None
        self.grade: Text | None = None
        self.year: int | None = None
        self.unit: str | None = None  # 金额单位:元 written above or beside the tables


def _build_part(node: Tree, rows: Sequence[Classified], parts: _Parts) -> None:
    kind = str(node.data)  # a plain str: a rule's name is a Token, whose == is Python code
    if kind == "table":
        items = [rows[t.start_pos] for t in node.children if isinstance(t, Token)]
        head = [item for item in items if item.kind in ("TABLE_HEAD", "HEAD")]
        body = [
            (str(sub.data), rows[sub.children[0].start_pos])
            for sub in node.children
            if isinstance(sub, Tree)
        ]
        parts.tables.append(table_of(head, body))
        parts.heads.append(next(item for item in head if item.kind == "TABLE_HEAD"))
        return
    items = [rows[t.start_pos] for t in node.children if isinstance(t, Token)]
    if kind == "field":
        parts.fields.extend(fields_of(items[0]))
        if any(k and fund_label(k) for k in items[0].keys):
            parts.funds.append(items[0])
    elif kind == "funds":
        parts.funds.extend(items)
    elif kind == "goals":
        parts.goals.extend(items)
    elif kind == "total" and parts.tables:
        has_weight = any("weight" in t.roles for t in parts.tables)
        parts.total = total_of(items[0], has_weight)
    elif kind == "grade":
        parts.grade = grade_of(items[0])
    elif kind == "year":
        m = vocab.YEAR.match(next(k for k in items[0].keys if k))
        parts.year = parts.year or (int(m.group(1)) if m else None)
    elif kind == "notes":
        notes, bands = notes_of(items)
        parts.notes.extend(notes)
        parts.bands.extend(bands)
    else:  # text, sign, a total before any table (an allocation table's 合计)
        parts.notes.extend(notes_of(items)[0])
        for item in items:
            m = vocab.UNIT_LINE.search(" ".join(item.keys))
            parts.unit = parts.unit or (m.group(1) if m else None)


def _title(titles: Sequence[Classified], first: Classified) -> Text:
    """The title, joined from the lines a page broke it over; empty for an untitled form."""
    if not titles:
        return Text("", row_span(first.row))
    texts = [clean(t) for item in titles for t in item.row.texts if t.strip()]
    row = titles[0].row
    at = next(i for i, text in enumerate(row.texts) if text.strip())
    return Text("".join(texts), cell_span(row, at))


def _year_in(title: str) -> int | None:
    m = _YEAR_IN_TITLE.search(title)
    return int(m.group(1)) if m else None


def _kind(title: str, parts: _Parts, funds: Funds | None) -> FormKind:
    """By the title's words; an untitled form is a self-evaluation when it reports actual values
    or scores, or spending in its funds."""
    if title:
        for word, kind in vocab.TITLE_KIND:
            if word in title:
                return FormKind(kind)
    roles = {r for t in parts.tables for r in t.roles}
    spent = funds is not None and any(i.column == "executed" for i in funds.items)
    return FormKind.SELF_EVALUATION if roles & _SELF_EVALUATION_ROLES or spent else FormKind.TARGET


def _scope(title: str, fields: Sequence[Field], kind: FormKind) -> Scope:
    """By the title's words, or the fields: a target form that names the finance bureaus a
    transfer passes through is a region's; one keyed by 部门 alone is a department's."""
    keys = {f.key for f in fields}
    for word, scope in vocab.TITLE_SCOPE:
        if word in title and (scope != Scope.REGION or kind is FormKind.TARGET):
            return Scope(scope)
    if kind is FormKind.TARGET and keys & {"recipient", "finance_department"}:
        return Scope.REGION
    if "department_name" in keys and "project" not in keys:
        return Scope.DEPARTMENT
    return Scope.PROJECT


def _layout(title: str, kind: FormKind, scope: Scope) -> str:
    named = next((name for words, name in _LAYOUTS if words in title), None)
    if named is not None:
        return named
    if kind is FormKind.MONITORING:
        return "monitoring"
    if scope is Scope.DEPARTMENT:
        return "department-wide"
    if scope is Scope.REGION:
        return "regional-target"
    return "self-evaluation" if kind is FormKind.SELF_EVALUATION else "project-target"


def _misread_table(head: Classified, table: TableResult) -> ParseProblem:
    if table.unknown:
        shown = table.unknown[:_SHOWN]
        more = len(table.unknown) - len(shown)
        names = "、".join(f"「{k}」" for k in shown) + (
            f"等 {len(table.unknown)} 个" if more else ""
        )
        names_en = ", ".join(f"「{k}」" for k in shown) + (f" and {more} more" if more else "")
        return ParseProblem(
            "PARSE008",
            f"指标表表头{names}无法识别：该表的分值、得分等列不作计算检查",
            f"the indicator table's heading(s) {names_en} are unknown: its weights and scores"
            " are not checked",
            row_span(head.row),
        )
    return ParseProblem(
        "PARSE008",
        "指标表有单元格无法对应到表头的列：该表的分值、得分等列不作计算检查",
        "cells of the indicator table fit none of its columns: its weights and scores are not"
        " checked",
        row_span(head.row),
    )


def _misread_funds(first: Classified) -> ParseProblem:
    return ParseProblem(
        "PARSE008",
        "项目资金表有金额无法对应到表头的列：资金合计和执行率不作计算检查",
        "amounts of the funds table fit none of its columns: its sums and rates are not checked",
        row_span(first.row),
    )


def _per_project(form: Form, table: TableResult, index: int) -> list[Form]:
    """One form per project of a several-project table: its indicators, and the 项目名称,
    单位名称, 预算数 and 年度目标 its first row names."""
    forms = []
    projects = table.projects
    for n, project in enumerate(projects):
        start = 0 if n == 0 else project.start
        end = projects[n + 1].start if n + 1 < len(projects) else len(table.indicators)
        indicators = table.indicators[start:end]
        cells = project.cells
        fields = [f for f in form.fields if f.key not in ("project", "unit")]
        fields.append(_cell_field("project", "项目名称", cells["row_project"]))
        if "row_unit" in cells:
            fields.append(_cell_field("unit", "单位名称", cells["row_unit"]))
        budget = cells.get("row_budget")
        funds = form.funds
        if budget is not None:
            amount = make_value(budget.value, budget.span)
            unit = table.unit or form.money_unit
            funds = Funds(
                unit, (FundItem("annual_total", "预算数", None, amount, budget.span),), budget.span
            )
        goal = cells.get("row_goal")
        last = indicators[-1].span if indicators else cells["row_project"].span
        forms.append(
            form._replace(
                index=index + n,
                span=lines_span(cells["row_project"].span, last),
                fields=tuple(fields),
                funds=funds,
                money_unit=funds.unit if funds is not None else form.money_unit,
                goals=Goals(annual=goal) if goal is not None else form.goals,
                categories=(),
                indicators=tuple(indicators),
                repairs=(),
            )
        )
    return forms


def _cell_field(key: str, label: str, cell: Text) -> Field:
    return Field(key, label, cell, cell.span)
