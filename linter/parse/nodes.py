"""The typed, immutable AST that checks walk.

Every node carries a Span into the original file so that a finding can point at the exact cell.
Columns are 1-based; ``end_col`` is exclusive (the column after the last character), as in SARIF.

Nodes are named tuples: a batch builds millions of them, and a named tuple is built, pickled and
unpickled several times faster than a frozen dataclass, and its class costs little to create at
start-up. Like the dataclasses they replace, they are immutable and compared by value.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple


class Span(NamedTuple):
    """Where a node is. A named tuple, because every cell of every form gets one."""

    line: int
    col: int
    end_line: int
    end_col: int
    where: str | None = None  # native location from the reader, e.g. "项目1!D17" or "p.2 row 5"

    def resolve(self) -> Span:
        """This span as plain numbers. The builders give nodes spans that work out their columns
        only when asked (``linter.parse.build.common.CellSpan``); a finding's span is resolved where
        it leaves the checks."""
        return self

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.col,
            "end_line": self.end_line,
            "end_column": self.end_col,
        }


class Text(NamedTuple):
    """A piece of free text from one cell (or several cells joined after a page break)."""

    value: str
    span: Span


class Value(NamedTuple):
    """A parsed cell value: comparator, exact number, how many decimals were written, unit."""

    raw: str
    text: str
    span: Span
    op: str | None = None
    number: Decimal | None = None
    decimals: int = 0
    unit: str | None = None

    @property
    def is_number(self) -> bool:
        return self.number is not None

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_empty(self) -> bool:
        return not self.text or self.text in {"-", "—", "/"}

    def to_dict(self) -> dict:
        return {
            "op": self.op,
            "number": None if self.number is None else str(self.number),
            "unit": self.unit,
            "text": self.text,
        }


class FormKind(StrEnum):
    TARGET = "target"  # 绩效目标申报表
    SELF_EVALUATION = "self_evaluation"  # 绩效自评表 / 项目绩效自我评价
    MONITORING = "monitoring"  # 绩效运行监控表: targets and the progress made so far


class Scope(StrEnum):
    """What a form is about: one project, a department's whole spending, or a transfer payment
    to a region. The department-wide form is keyed by 部门, not 项目."""

    PROJECT = "project"
    DEPARTMENT = "department"
    REGION = "region"


class Period(StrEnum):
    """Which table an indicator or amount belongs to: the year's, or the whole 实施期's."""

    ANNUAL = "annual"
    TERM = "term"


class Field(NamedTuple):
    key: str  # canonical key, e.g. "project", "department"
    label: str  # the label as written, cleaned
    value: Text | None
    span: Span  # the label cell


class FundItem(NamedTuple):
    """One amount of the funds block.

    ``key`` is canonical (``annual_total``, ``appropriation``, ...); ``column`` names the
    self-evaluation column (``initial``, ``adjusted``, ``executed``, ``rate``, ``weight``,
    ``score``) or is None on target forms.
    """

    key: str
    label: str
    column: str | None
    amount: Value | None
    span: Span


class Funds(NamedTuple):
    unit: str | None  # "元", "万元" or None when the heading does not say
    items: tuple[FundItem, ...]
    span: Span

    def get(self, key: str, column: str | None = None) -> FundItem | None:
        for item in self.items:
            if item.key == key and item.column == column:
                return item
        return None


class Goals(NamedTuple):
    total: Text | None = None  # 项目总目标
    annual: Text | None = None  # 年度总目标 / 年度总体目标 / 预期目标
    actual: Text | None = None  # 实际完成情况 (self-evaluation)
    period: Text | None = None  # e.g. (2021年-2021年)


class Category(NamedTuple):
    """A 一级指标 heading as written, with the points it announces (``产出目标 (34分)``)."""

    label: str
    points: Value | None
    span: Span


class Indicator(NamedTuple):
    level1: str | None
    level2: str | None
    name: Text
    target: Value | None = None
    actual: Value | None = None
    weight: Value | None = None
    score: Value | None = None
    explanation: Text | None = None  # 指标解释 / 评分标准 / 指标值说明
    note: Text | None = None  # 偏差原因分析及改进措施 / 备注
    history: Value | None = None  # 历史值 / 上年度实际水平
    period: Period = Period.ANNUAL  # the 年度 table, or the 实施期 (中期, 长期) one
    stated_level1: str | None = None  # the 一级 label written on this very row, if any
    span: Span | None = None  # the whole row

    def to_dict(self) -> dict:
        def val(v: Value | None) -> dict | None:
            return None if v is None else v.to_dict()

        return {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name.value,
            "target": val(self.target),
            "actual": val(self.actual),
            "weight": val(self.weight),
            "score": val(self.score),
            "explanation": None if self.explanation is None else self.explanation.value,
            "note": None if self.note is None else self.note.value,
            "history": val(self.history),
            "period": self.period.value,
            "line": self.name.span.line,
        }


class Total(NamedTuple):
    weight: Value | None
    score: Value | None
    span: Span


class Band(NamedTuple):
    """A grade band the form states itself: ``90(含)-100分为优秀``."""

    grade: str
    low: Decimal
    high: Decimal
    span: Span


class Repair(NamedTuple):
    """Page-break damage the parser met: repaired (``repaired=True``) or only noticed."""

    kind: str
    detail: str
    span: Span
    repaired: bool


class Form(NamedTuple):
    index: int  # 1-based position in the file
    kind: FormKind
    layout: str
    title: Text  # empty for a form that starts at its fields or its table
    year: int | None
    span: Span  # from the title line to the last line of the form
    money_unit: str | None = None
    fields: tuple[Field, ...] = ()
    funds: Funds | None = None
    goals: Goals = Goals()
    categories: tuple[Category, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    total: Total | None = None
    grade: Text | None = None
    notes: tuple[Text, ...] = ()
    bands: tuple[Band, ...] = ()
    repairs: tuple[Repair, ...] = ()
    scope: Scope = Scope.PROJECT
    # What the reading leaves in doubt: "table" or "funds" when a column could not be read by
    # its heading, "form" when only a part of a form is there (no title and no 项目名称)
    doubts: frozenset[str] = frozenset()
    # The columns its indicator table's head names, by role (level2, target, weight …): what a
    # layout has, so that a rule does not ask for a 二级 or a 分值 where the template has none
    columns: frozenset[str] = frozenset()

    def field(self, key: str) -> Field | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None

    def field_text(self, key: str) -> str | None:
        f = self.field(key)
        return f.value.value if f is not None and f.value is not None else None

    @property
    def project(self) -> str | None:
        """The form's own name: its project, or the department of a department-wide form."""
        return self.field_text("project") or self.field_text("department_name")

    def trusts(self, block: str) -> bool:
        """Whether every column of a block ("funds", "table") was read by its heading; the
        arithmetic rules check only what was."""
        return block not in self.doubts


class ParseProblem(NamedTuple):
    """A part of the file the grammar could not read; becomes a PARSE diagnostic."""

    code: str
    zh: str
    en: str
    span: Span


class Document(NamedTuple):
    path: str
    lines: tuple[str, ...]  # the normalised rows, TAB-joined; line numbers index into this
    forms: tuple[Form, ...]
    problems: tuple[ParseProblem, ...] = ()


class FormInfo(NamedTuple):
    """A form's identity, small enough to travel with every finding and between processes."""

    index: int
    title: str
    project: str | None
    department: str | None
    unit: str | None
    kind: str
    line: int

    @classmethod
    def of(cls, form: Form) -> FormInfo:
        return cls(
            form.index,
            form.title.value,
            form.project,
            form.field_text("department"),
            form.field_text("unit"),
            form.kind.value,
            form.span.line,
        )

    def to_dict(self) -> dict:
        return {"index": self.index, "title": self.title, "project": self.project}
