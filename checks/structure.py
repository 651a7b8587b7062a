"""STR, completeness: required parts left empty, template text left in, a grade never chosen.

Reviewers check completeness (完整性) before anything else: a form without its project name,
funds, goal or indicators cannot be reviewed, and template text (``(年-年)``, ``指标2``,
``……``, ``(200字以内)``) shows that a part was never filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from checks._form import fields_by_key
from checks._memo import per_options
from checks._text import quote
from linter.parse.nodes import Field, Form, FormKind, Span
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

_FIELD_NAMES = {
    "project": "项目名称",
    "department": "主管部门",
    "unit": "实施单位",
    "evaluated_on": "自评时间",
    "start_date": "计划开始日期",
    "end_date": "计划完成日期",
    "period": "项目期",
}


def _empty_field(form: Form, field: Field | None, key: str) -> Finding:
    """A required field that is missing (None) or empty."""
    if field is None:
        name = _FIELD_NAMES.get(key, key)
        return Finding(
            form.title.span,
            f"表单缺少必填项「{name}」",
            f"the form has no {name} ({key}) at all",
            f"field:{key}",
        )
    return Finding(
        field.span,
        f"必填项「{field.label}」为空",
        f"required field {field.label} ({key}) is empty",
        f"field:{key}",
    )


def _is_blank(field: Field) -> bool:
    return field.value is None or not field.value.value.strip()


@per_options
def _keys_to_check(options: Mapping[str, Any]) -> Callable[[str], tuple[tuple[str, ...], ...]]:
    """STR001's fields for a layout: those it requires, and those it requires where labelled."""
    by_layout: Mapping[str, list[str]] = options["fields"]
    if_labelled = options["fields_if_labelled"]

    @lru_cache(maxsize=32)
    def of_layout(layout: str) -> tuple[tuple[str, ...], ...]:
        required = [*by_layout.get("*", ()), *by_layout.get(layout, ())]
        return tuple(dict.fromkeys(required)), tuple(k for k in if_labelled if k not in required)

    return of_layout


def check_required(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Project, department, unit, funds, annual goal, indicators; 自评时间 where labelled."""
    required, if_labelled = _keys_to_check(options)(form.layout)
    fields = fields_by_key(form)
    for key in required:
        field = fields.get(key)
        if field is None or _is_blank(field):
            yield _empty_field(form, field, key)
    for key in if_labelled:
        field = fields.get(key)
        if field is not None and _is_blank(field):
            yield _empty_field(form, field, key)
    funds = form.funds
    if funds is None or not any(i.amount is not None and i.amount.is_number for i in funds.items):
        span = funds.span if funds is not None else form.title.span
        yield Finding(span, "项目资金未填写金额", "the funds block has no amount", "funds")
    annual = form.goals.annual
    if annual is None or not annual.value.strip():
        yield Finding(
            form.title.span,
            "年度总目标（年度绩效目标）未填写",
            "the annual goal (年度总目标) is not filled in",
            "goal:annual",
        )
    if not form.indicators:
        yield Finding(
            form.title.span, "表单没有任何绩效指标", "the form has no indicator", "indicators"
        )


def _placeholders(
    form: Form, in_anywhere: Callable[[str], str | None], in_name: Callable[[str], str | None]
) -> Iterator[tuple[str, str, str, Span]]:
    """(role, placeholder, text, span) of every cell template text was left in. Only hits are
    yielded: a form has forty cells and almost never a placeholder."""
    for text in form.goals:  # total, annual, actual, period
        if text is not None and (found := in_anywhere(text.value)) is not None:
            yield "goal", found, text.value, text.span
    for field in form.fields:
        text = field.value
        if text is not None and (found := in_anywhere(text.value)) is not None:
            yield "field", found, text.value, text.span
    for ind in form.indicators:
        if (found := in_name(ind.name.value)) is not None:
            yield "name", found, ind.name.value, ind.name.span
        for value in (ind.target, ind.actual):
            if (
                value is not None
                and value.number is None
                and (found := in_anywhere(value.text)) is not None
            ):
                yield "value", found, value.text, value.span
        for text in (ind.explanation, ind.note):
            if text is not None and (found := in_anywhere(text.value)) is not None:
                yield "text", found, text.value, text.span


@per_options
def _finders(
    options: Mapping[str, Any],
) -> tuple[Callable[[str], str | None], Callable[[str], str | None]]:
    """STR002's finders of template text: in any cell, and in an indicator's name."""
    anywhere = tuple(options["patterns"])
    return (
        _placeholder_finder(anywhere),
        _placeholder_finder(anywhere + tuple(options["name_patterns"])),
    )


def check_placeholders(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Template text that the author never replaced."""
    in_anywhere, in_name = _finders(options)
    for role, found, text, span in _placeholders(form, in_anywhere, in_name):
        yield Finding(
            span,
            f"模板占位内容「{found}」未替换：「{quote(text)}」",
            f"template placeholder 「{found}」 left in: 「{quote(text)}」",
            f"{role}:{found}",
        )


@lru_cache(maxsize=32)
def _placeholder_finder(patterns: tuple[str, ...]) -> Callable[[str], str | None]:
    """What the first of ``patterns`` (in order) matches in a text, or None.

    Compiled once per set of patterns, and remembered per text: names and template sentences
    recur from form to form, and six searches of every cell were most of this rule's cost.
    """
    compiled = [re.compile(p) for p in patterns]

    @lru_cache(maxsize=TEXT_MEMO)
    def find(text: str) -> str | None:
        for pattern in compiled:
            match = pattern.search(text)
            if match:
                return match.group(0)
        return None

    return find


_TICK = re.compile(r"[☑☒✓✔√■●▣]|\[x\]", re.IGNORECASE)
_GRADE_WORDS = re.compile(r"优秀?|良好?|中等?|合格|差")


def check_grade_unfilled(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A self-evaluation states its own grade; an empty cell or unticked boxes state none."""
    if form.kind.value not in options["kinds"]:
        return
    grade = form.grade
    if grade is None:
        return  # the layout has no grade field (Sichuan's self-evaluation states none)
    if not grade.value:
        yield Finding(
            grade.span, "评分等级未填写", "the grade (评分等级) is not filled in", "grade:empty"
        )
        return
    if len(_GRADE_WORDS.findall(grade.value)) >= 2 and not _TICK.search(grade.value):
        yield Finding(
            grade.span,
            f"评分等级只保留了模板选项「{grade.value}」，未勾选任何等级",
            f"the grade shows the template's options 「{grade.value}」 with none ticked",
            "grade:unticked",
        )


RULES = [
    Rule(
        code="STR001",
        computes=("form",),
        why_zh="没有项目名称、主管部门、实施单位、资金、年度目标和至少一个指标，表单就无法审核；表样中有“自评时间”和日期标签的，这些也必须填写。各表样必填哪些字段可配置。",
        policy_zh="财预〔2020〕10号 附件（绩效自评表）；财政项目支出绩效目标申报表 填报要求（完整性）",
        name="required-part-empty",
        summary_zh="必填内容为空",
        summary_en="A required part of the form is empty",
        why="Without project name, department, implementing unit, funds, annual goal and at least one"
        " indicator a form cannot be reviewed; 自评时间 and the dates are required wherever the"
        " layout has their label. Which fields a layout requires is configurable.",
        bad="自评时间： | (empty)",
        good="自评时间： | 2020-06-30",
        policy="财预〔2020〕10号 附件 (绩效自评表); 财政项目支出绩效目标申报表 填报要求 (完整性)",
        severity="warning",
        options={
            "fields": {
                "*": ["project", "unit"],
                "project-target": ["department"],
                "department-target": ["department"],
                "self-evaluation": ["department"],
            },
            "fields_if_labelled": ["department", "evaluated_on", "start_date", "end_date"],
        },
        check=check_required,
    ),
    Rule(
        code="STR002",
        why_zh="(年-年)、指标2、…… 或填表说明这样的模板文字说明单元格从未填写；留在指标名称前的模板编号（指标1工程资金金额）说明照模板填写时没有删去编号。匹配的模式是可配置的正则表达式。",
        policy_zh="预算绩效目标申报表 填报说明（完整性）",
        name="template-placeholder",
        summary_zh="模板占位内容未替换",
        summary_en="Template placeholder text left in",
        why="Template text such as (年-年), 指标2, …… or fill-in instructions means the cell was"
        " never filled; a template's numbering left before a name (指标1工程资金金额) was never"
        " deleted. The patterns are configurable regular expressions.",
        bad="项目总目标 | (年-年)",
        good="项目总目标 | (2021年-2021年)",
        policy="预算绩效目标申报表 填报说明 (完整性)",
        severity="warning",
        options={
            "patterns": [
                r"\(\s*年\s*[-—~至]\s*年\s*\)",
                r"……|\.{3,}",
                r"\(?\d+\s*字以内\)?",
                r"结合[^，。]{0,10}情况[,，]\s*说明",
                r"请(?:填写|选择|输入|根据)",
                r"[X×]{2,}",
            ],
            "name_patterns": [
                r"^指标\s*\d+$",
                r"^三级指标$",
                r"^(?:指标|目标)\s*\d{1,2}(?=[\u4e00-\u9fff])",
            ],
        },
        check=check_placeholders,
    ),
    Rule(
        code="STR009",
        computes=("form",),
        why_zh="自评表要给自己评等级（优/良/中/差）；空单元格或模板中未勾选的方框（优□ 良□ 中□ 差□）没有给出等级。申报表的综合评定等级由审核人填写，默认不检查（选项 kinds）。",
        policy_zh="财预〔2020〕10号：自评结果分为优、良、中、差",
        name="grade-unfilled",
        summary_zh="自评表未填写评分等级",
        summary_en="A self-evaluation leaves its grade unfilled",
        why="A self-evaluation grades itself (优/良/中/差); an empty cell or the template's unticked"
        " boxes (优□ 良□ 中□ 差□) state no grade. On target forms the 综合评定等级 is the"
        " reviewer's to fill, so they are not checked by default (option kinds).",
        bad="评分等级 | 优□ 良□ 中□ 差□",
        good="评分等级 | 优",
        policy="财预〔2020〕10号: 自评结果分为优、良、中、差",
        severity="warning",
        options={"kinds": [FormKind.SELF_EVALUATION.value]},
        check=check_grade_unfilled,
    ),
]
