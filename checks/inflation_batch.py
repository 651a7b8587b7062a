"""SCORE across a batch: a 主管部门 whose every self-evaluation scored full marks.

One project scoring 100 is plausible; every project of a department scoring 100 (or 优) with not
one point deducted says the department does not evaluate, it fills in. Each self-evaluation's
digest is its department and whether it deducted anything; the department is reported once, on
its first form, at the end of the batch. ``--statistics`` and the HTML report list these
departments apart (``linter.reporters.base.inflated_departments``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from checks._numbers import amount, fund_item, score_rows
from checks._text import norm, quote
from linter.parse.nodes import Form, FormInfo, FormKind, Span
from linter.rules import Finding, FormDigest, Rule

_TOP_GRADES = ("优", "优秀")


class _Scored(NamedTuple):
    department: str  # as written
    full: bool  # no point deducted anywhere, and no grade below the top


def _deducted(form: Form) -> bool:
    """Whether any scored row, or the funds' execution score, is below its weight."""
    for ind, score in score_rows(form):
        weight = ind.weight
        if weight is not None and weight.number is not None and score.number < weight.number:  # type: ignore[operator]
            return True
    if form.funds is not None:
        weight = amount(fund_item(form.funds, "annual_total", "weight"))
        score = amount(fund_item(form.funds, "annual_total", "score"))
        if weight is not None and score is not None and score.number < weight.number:  # type: ignore[operator]
            return True
    return False


def scored_digest(form: Form, options: Mapping[str, Any]) -> FormDigest | None:
    """A self-evaluation's department and whether it scored itself full marks."""
    department = form.field_text("department")
    if form.kind is not FormKind.SELF_EVALUATION or not department or not form.trusts("table"):
        return None
    if not score_rows(form):
        return None
    grade = form.grade.value.strip() if form.grade is not None else ""
    full = not _deducted(form) and (not grade or grade in _TOP_GRADES)
    return FormDigest(form.title.span, _Scored(department, full))


class _Department:
    __slots__ = ("first", "forms", "full", "name")

    def __init__(self, name: str, first: tuple[str, FormInfo, Span]) -> None:
        self.name, self.first, self.forms, self.full = name, first, 0, 0


class _Inflation:
    def __init__(self, options: Mapping[str, Any]) -> None:
        self.min_forms = int(options["min_forms"])
        self.departments: dict[str, _Department] = {}

    def see(self, path: str, form: FormInfo, digest: FormDigest) -> list[Finding]:
        scored: _Scored = digest.data
        key = norm(scored.department)
        dept = self.departments.get(key)
        if dept is None:
            dept = self.departments[key] = _Department(scored.department, (path, form, digest.span))
        dept.forms += 1
        dept.full += scored.full
        return []

    def finish(self) -> list[tuple[str, FormInfo | None, Finding]]:
        found = []
        for dept in self.departments.values():
            if dept.forms < self.min_forms or dept.full < dept.forms:
                continue
            path, form, span = dept.first
            name = quote(dept.name, 30)
            found.append(
                (
                    path,
                    form,
                    Finding(
                        span,
                        f"主管部门「{name}」的 {dept.forms} 张自评表全部满分（无一扣分），自评可能流于形式",
                        f"all {dept.forms} self-evaluations of 主管部门 「{name}」 scored full"
                        " marks with no point deducted: the self-evaluation may be a formality",
                        f"inflated:{norm(dept.name)}",
                    ),
                )
            )
        return found


RULES = [
    Rule(
        code="SCORE015",
        name="department-scores-inflated",
        summary_zh="主管部门的自评表全部满分、无一扣分",
        summary_en="Every self-evaluation of a department scored full marks",
        why="A department whose every project scored 100 (or 优) with not one point deducted is"
        " filling in its self-evaluations, not evaluating; reviewers sample such departments"
        " first. Departments with min_forms self-evaluations or more are counted (by 主管部门,"
        " compared by its words); a table whose columns were not all read is left out."
        " --statistics and the HTML report list these departments apart.",
        why_zh="一个主管部门的项目全部 100 分（或评为优）、无一扣分，说明是在填表而不是在评价；审核时应优先抽查这类部门。"
        "自评表不少于 min_forms 张的部门才计入（按主管部门的字词比较）；列未能全部读出的表不计。--statistics 和 HTML "
        "报告单独列出这些部门。",
        bad="主管部门 池州市贵池区棠溪镇人民政府: 委托业务项目 满分, 村级补助及运转经费 满分",
        good="a department whose self-evaluations deduct where targets were missed",
        policy="财预〔2020〕10号: 自评结果应客观反映绩效目标完成情况; review practice (抽查自评结果)",
        policy_zh="财预〔2020〕10号：自评结果应客观反映绩效目标完成情况；审核惯例（抽查自评结果）",
        severity="info",
        options={"min_forms": 2},
        batch=_Inflation,
        digest=scored_digest,
    ),
]
