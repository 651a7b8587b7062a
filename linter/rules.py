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
    "LINK": ("跨表核对", "across forms: target and self-evaluation, year over year"),
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
    why_zh: str = ""  # the documentation in Chinese, for --lang zh; English when not given
    policy_zh: str = ""
    enabled: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)
    check: Callable[[Form, Mapping[str, Any]], Iterable[Finding]] | None = None
    batch: Callable[[Mapping[str, Any]], BatchCheck] | None = None
    digest: Callable[[Form, Mapping[str, Any]], FormDigest | None] | None = None
    plugin: str = "builtin"
    engine: bool = False  # reported by the engine itself (PARSE): no check function
    # The parts of a form whose numbers the rule computes with ("table", "funds", and "form" for
    # totals over the whole form): it is not run on a form that doubts one (Form.doubts), so that
    # a misread column or a fragment of a form gives no false error.
    computes: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")

    def why_in(self, lang: str) -> str:
        return self.why_zh or self.why if lang == "zh" else self.why

    def policy_in(self, lang: str) -> str:
        return self.policy_zh or self.policy if lang == "zh" else self.policy

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
        why_zh="无法解码或打开的文件根本没有被检查；整批检查必须说明这一点。",
        policy_zh="formlint 约定：无法读取的输入以退出码 2 结束",
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
        name="row-out-of-place",
        summary_zh="表单中有不在应有位置的行，已跳过",
        summary_en="A row out of its place in the form, skipped",
        why="A row the form's structure does not expect where it stands (an indicator row before"
        " the table head, a stray heading) is skipped and named, so that the rest of the form is"
        " still read and checked; the skipped row itself is not.",
        why_zh="表单结构不应出现在此处的行（如表头之前的指标行）会被跳过并指明，表单其余部分照常读取和检查；被跳过的行本身不检查。",
        policy_zh="财预〔2020〕10号的表样及各地表样",
        bad="an indicator row before 一级指标/二级指标/三级指标",
        good="title, header fields, funds, goals, indicator table, totals",
        policy="the templates of 财预〔2020〕10号 and local forms",
        severity="warning",
        engine=True,
    ),
    Rule(
        code="PARSE003",
        why_zh="交给 formlint 的文件里没有可识别的表单，多半是文件选错了。",
        policy_zh="formlint 约定",
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
        code="PARSE008",
        name="columns-not-read",
        summary_zh="表头有无法识别的列，该表不作计算检查",
        summary_en="A table's columns could not all be read; its arithmetic is not checked",
        why="A heading no role matches, or cells that fit no column, mean the weights, scores or"
        " amounts may have been read from the wrong column. Sums and scores of that table are not"
        " checked rather than reported falsely; the heading is named, so that it can be added to"
        " the vocabulary (grammar/vocabulary.tsv).",
        bad="一级指标 | 二级指标 | 三级指标 | 笏石街道办 | 埭头镇",
        good="一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 | 得分",
        policy="formlint conventions: a false error costs more than a missed warning",
        why_zh="表头有无法识别的列，或单元格对应不到任何列，说明分值、得分或金额可能读错了列。该表的合计和得分不作检查，"
        "以免误报；无法识别的表头会被指明，可加入词表（grammar/vocabulary.tsv）。",
        policy_zh="formlint 约定：误报错误的代价高于漏报警告",
        severity="info",
        engine=True,
    ),
    Rule(
        code="PARSE009",
        name="layout-unreadable",
        summary_zh="表格被压成整段文字，无法读取",
        summary_en="The table is run together into text and cannot be read",
        why="A PDF flattened without its table structure, or an OCR run, has no cells or rows:"
        " nothing can be checked, and the file says so once instead of a flood of findings.",
        why_zh="去掉了表格结构的 PDF 或 OCR 文字没有单元格和行：无法检查任何内容，文件只报告一次，而不是大量误报。",
        policy_zh="formlint 约定",
        bad="财政项目支出绩效自评表 (2022 年度) 项目名称 主管部门 年初预算数 全年预算数 … in one line",
        good="the original workbook, document or text export with its cells",
        policy="formlint conventions",
        severity="warning",
        engine=True,
    ),
    Rule(
        code="PARSE004",
        why_zh="某项检查出错不能掩盖其他问题；出错会被报告，运行以退出码 2 结束。",
        policy_zh="formlint 约定：内部错误以退出码 2 结束",
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
        why_zh="目录扫描若悄悄跳过读不了的表单，就会把没人检查过的表单报告为通过。未检查的每个文件都会列出并使检查失败，"
        "直到它能被读取或被排除（exclude / extend-exclude）。",
        policy_zh="formlint 约定：不悄悄跳过任何文件",
        severity="error",
        engine=True,
    ),
)
