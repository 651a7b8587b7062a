"""What a self-evaluation must explain: a budget changed during the year, a target far exceeded.

Sichuan's template gives the funds table a 原因 column and notes that 年中发生预算调整的（追加
或调减），应单独说明理由; a column holding only that note explains nothing. Guidance says a
target that the actual exceeds many times over was set too low and should not earn full marks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checks._numbers import amount, dec, fund_item, intervals_meet, num, of, shown
from checks._reasons import REASON_OPTIONS, explains_by, reason_texts
from checks.score_rows import far_exceeded
from checks.structure_table import region_text
from linter.parse.nodes import Form, FormKind
from linter.rules import Finding, Rule


def check_budget_adjusted(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """年初预算数 ≠ 调整后预算数 and no reason stated where the template asks for one."""
    if form.kind is not FormKind.SELF_EVALUATION or form.funds is None:
        return
    initial = amount(fund_item(form.funds, "annual_total", "initial"))
    adjusted = amount(fund_item(form.funds, "annual_total", "adjusted"))
    if initial is None or adjusted is None or intervals_meet(of(initial), of(adjusted)):
        return
    has_column = fund_item(form.funds, "annual_total", "note") is not None
    if options["only_where_asked"] and not has_column:
        return
    explains = explains_by(options)
    if any(map(explains, reason_texts(form))):
        return
    change = adjusted.number - initial.number  # type: ignore[operator]
    way_zh, way_en = ("追加", "raised") if change > 0 else ("调减", "cut")
    yield Finding(
        adjusted.span,
        f"年初预算数 {shown(initial)} 调整为 {shown(adjusted)}（{way_zh} {num(abs(change))}），"
        "表中未说明调整理由",
        f"the budget was {way_en} from {shown(initial)} to {shown(adjusted)}"
        f" ({num(abs(change))}) and the form gives no reason",
        "budget/adjusted",
    )


def check_far_exceeded_full_marks(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A target exceeded many times over that still earned its full weight."""
    regions = options["regions"]
    if regions and not any(r in region_text(form) for r in regions):
        return
    for ind, t, a, ratio in far_exceeded(form, dec(options["factor"])):
        w, s = ind.weight, ind.score
        if w is None or s is None or w.number is None or s.number is None or w.number <= 0:
            continue
        if s.number < w.number:
            continue
        yield Finding(
            s.span,
            f"「{ind.name.value}」实际 {a.text} 是目标 {t.text} 的 {num(ratio)} 倍，目标定得过低，"
            f"却得满分 {shown(s)}/{shown(w)}",
            f"'{ind.name.value}' actual {a.text} is {num(ratio)} times its target {t.text}: the"
            f" target was set too low, yet it scored full marks {shown(s)}/{shown(w)}",
            key=f"{ind.name.value}/far-exceeded-full",
        )


RULES = [
    Rule(
        code="SUM010",
        computes=("funds",),
        name="budget-adjusted-unexplained",
        summary_zh="年初预算与调整后预算不同，未说明理由",
        summary_en="The budget changed during the year without a stated reason",
        why="A budget raised or cut during the year (年初预算数 ≠ 调整后预算数) changes what the"
        " targets were set against; Sichuan's template gives the funds table a 原因 column and"
        " requires a reason for every 追加 or 调减. By default only forms whose template has that"
        " column are checked (only_where_asked); a cell holding only the template's instruction"
        " (instructions) is no reason.",
        why_zh="年中追加或调减预算（年初预算数 ≠ 调整后预算数）改变了目标所依据的资金；四川的表样在资金表中设有“原因”栏，"
        "要求对每次追加或调减单独说明理由。默认只检查表样中有该栏的表（only_where_asked）；只有模板说明文字（instructions）"
        "的单元格不算说明理由。",
        bad="总额 | 年初预算 238.93 | 调整后预算数 251.89 | … | 原因: 1.预算执行率=…2.年中发生预算调整的…应单独说明理由",
        good="总额 | 年初预算 238.93 | 调整后预算数 251.89 | … | 原因: 年中调资追加人员工资 12.96 万元",
        policy="四川省部门预算项目支出绩效自评表 填报说明: 年中发生预算调整的（追加或调减），应单独说明理由",
        policy_zh="四川省部门预算项目支出绩效自评表填报说明：年中发生预算调整的（追加或调减），应单独说明理由",
        severity="warning",
        options={
            "only_where_asked": True,
            **REASON_OPTIONS,
        },
        check=check_budget_adjusted,
    ),
    Rule(
        code="SCORE012",
        computes=("table",),
        name="far-exceeded-full-marks",
        summary_zh="实际值数倍于目标值，仍得满分",
        summary_en="A target exceeded many times over still earns full marks",
        why="A target the actual exceeds factor times or more was set too low, and guidance says it"
        " should not earn full marks; SCORE011 points the target out as a hint, this rule warns"
        " when the row still took its whole weight. Option regions limits it to the regions"
        " whose rules say so (a word of the title, department or unit; empty: everywhere).",
        why_zh="实际值达到目标值 factor 倍以上，说明目标定得过低，按规定不应得满分；SCORE011 只作提示，本规则在该行仍拿满"
        "分值时给出警告。选项 regions 将其限于有此规定的地区（标题、主管部门或实施单位中的字词；为空则处处适用）。",
        bad="补助人数 | ≥660.00(人) | 7160.00(人) | 20.00 | 20.00",
        good="补助人数 | ≥7000.00(人) | 7160.00(人) | 20.00 | 20.00",
        policy="财预〔2020〕10号 and 财预〔2021〕101号: 指标值应科学合理、具有挑战性; a target set"
        " too low does not earn full marks",
        policy_zh="财预〔2020〕10号和财预〔2021〕101号：指标值应科学合理、具有挑战性；目标定得过低不得满分",
        severity="warning",
        options={"factor": 3, "regions": []},
        check=check_far_exceeded_full_marks,
    ),
]
