"""What a rule is, and what a check gives back.

A rule declares its code (family prefix + three digits), name, family, default severity, whether it
is on by default, its options with their defaults, and its documentation. Its ``check`` takes one
Form and the rule's effective options and yields Findings; a batch rule has ``batch`` instead, a
factory of a BatchCheck, and ``digest``, which takes what the batch check needs from one form
(in the worker that checked it); the BatchCheck sees every digest of the run and reports at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from linter.parse.nodes import Form, FormInfo, Span

CODE = re.compile(r"^[A-Z]{2,6}\d{3}$")
SEVERITIES = ("error", "warning", "info")
FAMILIES = {
    "PARSE": ("解析", "parsing"),
    "SUM": ("金额计算", "arithmetic"),
    "SCORE": ("评分", "scores"),
    "VAG": ("目标含糊", "vague targets"),
    "UNIT": ("单位", "units"),
    "DUP": ("重复", "duplicates"),
    "STR": ("结构", "structure"),
    "GOAL": ("目标与指标", "goals against indicators"),
}


class Finding(NamedTuple):
    """One defect a check found: where, and what, in Chinese and English, with the numbers."""

    span: Span
    zh: str
    en: str
    key: str = ""  # what the finding is about (indicator name, value): keeps fingerprints stable


class FormDigest(NamedTuple):
    """What a batch rule keeps of one form: where a finding would point, and small picklable data
    (a hash, a name). Taken in the worker that checked the form; the AST itself never travels."""

    span: Span
    data: Any


class BatchCheck(Protocol):
    """Sees every digest of the run in input order. ``see`` returns the findings on the form just
    seen that the forms before it already decide (the second copy of a goal): they are reported
    with that form's file, so a run keeps no finding for later. ``finish`` returns the rest,
    (path, form, Finding), reported after every file."""

    def see(self, path: str, form: FormInfo, digest: FormDigest) -> Iterable[Finding] | None: ...

    def finish(self) -> Iterable[tuple[str, FormInfo | None, Finding]]: ...


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary_zh: str
    summary_en: str
    why: str
    bad: str
    good: str
    policy: str
    severity: str = "warning"
    enabled: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)
    check: Callable[[Form, Mapping[str, Any]], Iterable[Finding]] | None = None
    batch: Callable[[Mapping[str, Any]], BatchCheck] | None = None
    digest: Callable[[Form, Mapping[str, Any]], FormDigest | None] | None = None
    plugin: str = "builtin"
    engine: bool = False  # reported by the engine itself (PARSE): no check function

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")

    def validate(self) -> None:
        if not CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} is not a family prefix and three digits")
        if self.severity not in SEVERITIES:
            raise ValueError(
                f"rule {self.code}: severity {self.severity!r} is not one of {SEVERITIES}"
            )
        if not self.engine and (self.check is None) == (self.batch is None):
            raise ValueError(f"rule {self.code}: give exactly one of check and batch")
        if (self.batch is None) != (self.digest is None):
            raise ValueError(
                f"rule {self.code}: a batch rule needs digest, and only a batch rule has one"
            )


PARSE_RULES = (
    Rule(
        code="PARSE001",
        name="unreadable-file",
        summary_zh="文件无法读取",
        summary_en="The file cannot be read",
        why="A file that cannot be decoded or opened is not checked at all; the batch must say so.",
        bad="a .txt file in an unknown encoding, a corrupt .xlsx",
        good="UTF-8, UTF-16 with BOM or GB18030 text; a workbook that opens",
        policy="formlint conventions: unreadable input exits 2",
        severity="error",
        engine=True,
    ),
    Rule(
        code="PARSE002",
        name="form-structure",
        summary_zh="表单结构无法解析",
        summary_en="The form's structure does not parse",
        why="Rows out of their place (an indicator before the table head) mean the checks cannot trust the form.",
        bad="an indicator row before 一级指标/二级指标/三级指标",
        good="title, header fields, funds, goals, indicator table, totals",
        policy="the templates of 财预〔2020〕10号 and local forms",
        severity="error",
        engine=True,
    ),
    Rule(
        code="PARSE003",
        name="no-form",
        summary_zh="文件中没有表单",
        summary_en="No form in the file",
        why="A file given to formlint that holds no recognisable form is probably the wrong file.",
        bad="a text file without a 绩效目标申报表 / 绩效自评表 title",
        good="a file whose forms start with their title line",
        policy="formlint conventions",
        severity="error",
        engine=True,
    ),
    Rule(
        code="PARSE004",
        name="check-crashed",
        summary_zh="检查规则运行出错",
        summary_en="A check raised an error",
        why="A check that fails must not hide the other findings; it is reported and the run exits 2.",
        bad="a plugin rule that raises on an unusual form",
        good="every check runs to the end",
        policy="formlint conventions: internal errors exit 2",
        severity="error",
        engine=True,
    ),
    Rule(
        code="PARSE006",
        name="file-not-linted",
        summary_zh="文件未被检查（类型不支持，或链接指向被检查目录之外）",
        summary_en="A file was not linted (unsupported type, or a link out of the linted tree)",
        why=(
            "A directory scan that passed over a form in a format it cannot read would report a "
            "clean run for a form nobody checked. Every file it does not lint is listed and "
            "fails the run, until it is read or excluded (exclude / extend-exclude)."
        ),
        bad="a 表单/ folder holding 项目.png next to the forms, with no extend-exclude",
        good='extend-exclude = ["*.png"] in [tool.formlint], or the form saved as .xlsx',
        policy="formlint conventions: nothing is skipped in silence",
        severity="error",
        engine=True,
    ),
)
