"""STR, dates: invalid dates, a start after its end, dates outside the year the form is for.

A 2024 form whose project runs 2023-01-01 to 2023-12-31, or a self-evaluation dated before
the year it evaluates, was copied from another year's form and not updated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from checks._form import fields_by_key
from linter.parse.nodes import Field, Form, FormKind, Text
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

_TOKEN = re.compile(
    r"(?<!\d)(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?(?!\d)"
    r"|(?<!\d)(\d{4})(\d{2})(\d{2})?(?!\d)"
)


_DAY = timedelta(days=1)


class _Invalid(ValueError):
    pass


def _bounds(m: re.Match[str]) -> tuple[date, date]:
    """The first and last day a date token can mean: 2021 → the year, 2021-03 → March."""
    year = int(m.group(1) or m.group(4))
    month_s, day_s = (m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6))
    try:
        if month_s is None:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(month_s)
        if day_s is None:
            first = date(year, month, 1)  # a month outside 1–12 is a ValueError here
            # the day before the next month begins (calendar would cost start-up ~3 ms)
            last = date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - _DAY
            return first, last
        day = date(year, month, int(day_s))
        return day, day
    except ValueError as exc:
        raise _Invalid(m.group(0)) from exc


def _dates(text: str) -> list[tuple[date, date]]:
    return [_bounds(m) for m in _TOKEN.finditer(text)]


def _finding(text: Text, zh: str, en: str, key: str) -> Finding:
    return Finding(text.span, zh, en, key)


@lru_cache(maxsize=TEXT_MEMO)
def _parsed(text: str) -> tuple[tuple[date, date], ...] | str:
    """The dates a text names, or the token that is no date; remembered per text."""
    try:
        return tuple(_dates(text))
    except _Invalid as exc:
        return str(exc)


def _read(text: Text | None, label: str) -> tuple[tuple[tuple[date, date], ...], Finding | None]:
    if text is None:
        return (), None
    parsed = _parsed(text.value)
    if not isinstance(parsed, str):
        return parsed, None
    return (), _finding(
        text,
        f"{label}「{text.value}」不是有效日期（{parsed}）",
        f"{label} 「{text.value}」 is not a valid date ({parsed})",
        f"invalid:{label}",
    )


@lru_cache(maxsize=256)
def _year(year: int) -> tuple[date, date]:
    """The first and the last day of a year."""
    return date(year, 1, 1), date(year, 12, 31)


def _outside(form: Form, text: Text, label: str, first: date, last: date) -> Finding | None:
    if form.year is None:
        return None
    new_year, new_year_eve = _year(form.year)
    if last >= new_year and first <= new_year_eve:
        return None
    return _finding(
        text,
        f"{label}「{text.value}」不在本表所属的{form.year}年度内",
        f"{label} 「{text.value}」 lies outside the form's year {form.year}",
        f"outside:{label}",
    )


def _order(text: Text, label: str, start: date, end: date) -> Finding | None:
    if start <= end:
        return None
    return _finding(
        text,
        f"{label}的开始日期晚于结束日期（{start.isoformat()} > {end.isoformat()}）",
        f"{label}: the start ({start.isoformat()}) is after the end ({end.isoformat()})",
        f"order:{label}",
    )


def check_dates(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Dates must be real, in order, and about the year the form is for."""
    fields = fields_by_key(form)
    start_field, end_field = fields.get("start_date"), fields.get("end_date")
    if start_field is not None or end_field is not None:
        yield from _planned(form, start_field, end_field)
    periods = [(form.goals.period, "项目总目标期间")]
    period_field = fields.get("period")
    if period_field is not None:
        periods.append((period_field.value, period_field.label))
    for text, label in periods:
        if text is None:
            continue
        dates, bad = _read(text, label)
        if bad is not None:
            yield bad
        if len(dates) != 2:
            continue
        found = _order(text, label, dates[0][0], dates[1][1]) or _outside(
            form, text, label, dates[0][0], dates[1][1]
        )
        if found is not None:
            yield found
    max_years_after = int(options["max_years_after"])
    evaluated = fields.get("evaluated_on")
    if evaluated is not None and evaluated.value is not None:
        yield from _evaluated(form, evaluated.value, max_years_after)


def _planned(form: Form, start_field: Field | None, end_field: Field | None) -> Iterator[Finding]:
    """计划开始日期 and 计划完成日期: valid, in order, and a plan that overlaps the form's year (a
    project of several years starts before it or ends after it)."""
    start_text = start_field.value if start_field else None
    end_text = end_field.value if end_field else None
    start, bad_start = _read(start_text, "计划开始日期")
    end, bad_end = _read(end_text, "计划完成日期")
    yield from (f for f in (bad_start, bad_end) if f is not None)
    if start and end and end_text is not None:
        found = _order(end_text, "计划开始/完成日期", start[0][0], end[0][1]) or _outside(
            form, end_text, "计划开始/完成日期", start[0][0], end[0][1]
        )
        if found is not None:
            yield found
        return
    if form.year is None:
        return
    new_year, new_year_eve = _year(form.year)
    if start and start_text is not None and start[0][0] > new_year_eve:
        yield _outside(form, start_text, "计划开始日期", start[0][0], start[0][1])
    if end and end_text is not None and end[0][1] < new_year:
        yield _outside(form, end_text, "计划完成日期", end[0][0], end[0][1])


def _evaluated(form: Form, text: Text, max_years_after: int) -> Iterator[Finding]:
    dates, bad = _read(text, "自评时间")
    if bad is not None:
        yield bad
    if not dates or form.year is None or form.kind is not FormKind.SELF_EVALUATION:
        return
    day = dates[0][0]
    if date(form.year, 1, 1) <= day <= date(form.year + max_years_after, 12, 31):
        return
    yield _finding(
        text,
        f"自评时间「{text.value}」与所评价的{form.year}年度不符",
        f"自评时间 「{text.value}」 does not fit the evaluated year {form.year}",
        "outside:自评时间",
    )


RULES = [
    Rule(
        code="STR007",
        why_zh="照抄去年的日期、开始晚于结束、2021-02-30 这样的日期，说明表头没有为本表填写。项目期间必须与表单年度重叠；自评日期在被评价年度内，或至多晚 max_years_after 年。",
        policy_zh="预算绩效目标申报表 填报说明：计划开始/完成日期按项目实际填写",
        name="bad-date",
        summary_zh="日期无效、顺序颠倒或不在表单年度内",
        summary_en="A date that is invalid, out of order, or outside the form's year",
        why="Dates copied from last year's form, a start after the end, or 2021-02-30 show that the"
        " header was not filled in for this form. A project period must overlap the form's year;"
        " a self-evaluation is dated within the evaluated year or up to max_years_after years later.",
        bad="(2024年度) 计划开始日期 2023-01-01 | 计划完成日期 2023-12-31",
        good="(2024年度) 计划开始日期 2024-01-01 | 计划完成日期 2024-12-31",
        policy="预算绩效目标申报表 填报说明: 计划开始/完成日期按项目实际填写",
        severity="warning",
        options={"max_years_after": 1},
        check=check_dates,
    ),
]
