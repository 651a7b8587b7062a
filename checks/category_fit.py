"""STR, what an indicator measures against the category it sits in.

Money spent and staff in place are inputs: under 产出 or 效益 they report that the budget was
used, not what it produced ("投入不能作为绩效目标"). 社会成本 and 生态环境成本 describe the harm a
project does to society or the environment; a count of training sessions under them is an output
filed as a cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from checks._memo import per_options
from checks._text import quote
from checks._units import COUNT_KINDS, kind_reader, plain_name
from linter.parse.nodes import Form
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

_COST_LEVEL2 = ("社会成本指标", "生态环境成本指标")
_ASIDE = re.compile(
    r"[(（][^()（）]*[)）]"
)  # (包括重大合同、…重大资金使用等): an example, not the subject


class _InputReader(NamedTuple):
    categories: frozenset[str]
    not_under: frozenset[str]
    find: Callable[[str], str | None]  # the part of a name that names an input, or None


@per_options
def _input_reader(options: Mapping[str, Any]) -> _InputReader:
    """STR010's settings, read once per run; names are read once per text."""
    pattern = re.compile("|".join(f"(?:{p})" for p in options["names"]))

    @lru_cache(maxsize=TEXT_MEMO)
    def find(name: str) -> str | None:
        match = pattern.search(_ASIDE.sub("", plain_name(name)))
        return match.group(0) if match else None

    return _InputReader(frozenset(options["categories"]), frozenset(options["not_under"]), find)


def check_input_as_output(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """资金到位率, 预算执行率, 工作经费金额 … under 产出 or 效益: an input filed as a result."""
    categories, not_under, find = _input_reader(options)
    for ind in form.indicators:
        if ind.level1 not in categories or ind.level2 in not_under:
            continue
        found = find(ind.name.value)
        if found is None:
            continue
        where = f"{ind.level1}/{ind.level2}" if ind.level2 else ind.level1
        yield Finding(
            ind.name.span,
            f"「{quote(ind.name.value)}」（{found}）衡量的是资金或人员投入，却放在「{where}」下；"
            "投入不能作为绩效目标，应改为该笔资金的产出或效果",
            f"「{quote(ind.name.value)}」 ({found}) measures money or staff put in, yet sits under"
            f" {where}: inputs are not performance targets; state what the money produced",
            f"{ind.level1}|{plain_name(ind.name.value)}",
        )


def check_cost_holds_output(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A count or completion rate under 社会成本 / 生态环境成本: an output filed as a cost."""
    kind_of = kind_reader(options)
    endings = tuple(options["output_endings"])
    for ind in form.indicators:
        if ind.level2 not in _COST_LEVEL2:
            continue
        name = plain_name(ind.name.value)
        if kind_of(name) not in COUNT_KINDS and not name.endswith(endings):
            continue
        target = ind.target.text if ind.target is not None else ""
        yield Finding(
            ind.name.span,
            f"「{ind.level2}」下的「{quote(ind.name.value)}」{target}是产出（数量或完成情况），"
            f"不是成本；{ind.level2}应描述项目对社会或生态环境造成的负面影响或代价",
            f"「{quote(ind.name.value)}」 {target} under {ind.level2} is an output (a count or"
            " completion), not a cost: this category describes the harm or burden the project"
            " puts on society or the environment",
            f"{ind.level2}|{name}",
        )


RULES = [
    Rule(
        code="STR010",
        name="input-as-output",
        summary_zh="投入类指标（资金到位率、预算执行率、经费金额）放在产出或效益下",
        summary_en="An input (money or staff put in) filed under outputs or outcomes",
        why="Money reaching the project, the budget being spent or staff being in place are"
        " inputs: under 产出 or 效益 they score the spending itself instead of what it"
        " produced. 成本指标 rows are money by design and are not reported; the names are"
        " configurable regular expressions (names), read without spaces.",
        why_zh="资金到位、预算执行、人员到位都是投入：放在产出或效益下，考核的是花钱本身而不是花钱的结果。"
        "成本指标本来就是金额，不报告；名称匹配的正则表达式可配置（names），比较时去掉空格。",
        bad="产出指标 | 时效指标 | 资金拨付完成及时率 | =100%;  数量指标 | 指标1工程资金金额 | 43.2",
        good="产出指标 | 数量指标 | 改造供暖面积 | ≥3000平方米 (and the money under 成本指标)",
        policy="财预〔2021〕101号 and review practice: 投入不能作为绩效目标 (inputs are not outputs)",
        policy_zh="财预〔2021〕101号及审核惯例：投入不能作为绩效目标",
        severity="warning",
        options={
            "names": [
                r"(?:资金|经费|预算|拨款)\S{0,4}?(?:到位|执行|使用|拨付|支付|支出)",
                r"(?:资金|经费)(?:金额|总额|数额)$",
                r"人员到位",
            ],
            "categories": ["产出指标", "效益指标", "产出目标", "效果目标", "影响力目标"],
            "not_under": ["成本指标"],
        },
        check=check_input_as_output,
    ),
    Rule(
        code="STR011",
        name="cost-category-holds-output",
        summary_zh="社会成本或生态环境成本指标下填的是产出",
        summary_en="An output filed under 社会成本 or 生态环境成本",
        why="社会成本 and 生态环境成本 describe the negative effects a project has on society or the"
        " environment (disruption, emissions, land taken); a count of sessions or a completion"
        " rate there is an output filed as a cost, and the real cost is left unstated. Counts"
        " are read from the name's ending, like the UNIT rules; option output_endings adds"
        " completion endings.",
        why_zh="社会成本和生态环境成本描述项目对社会或生态环境的负面影响（干扰、排放、占地）；在这里填培训次数或完成率，"
        "是把产出当成成本填写，真正的成本却没有说明。数量按名称词尾识别（同 UNIT 规则）；选项 output_endings 增加完成类词尾。",
        bad="成本指标 | 社会成本指标 | 组织法治培训计划完成数 | ≥1.00(次)",
        good="成本指标 | 社会成本指标 | 施工期间道路临时封闭天数 | ≤15天",
        policy="财预〔2021〕101号: 社会成本指标、生态环境成本指标反映项目对社会、生态环境造成的负面影响",
        policy_zh="财预〔2021〕101号：社会成本指标、生态环境成本指标反映项目对社会、生态环境造成的负面影响",
        severity="warning",
        options={"output_endings": ["完成率", "完成情况", "覆盖率", "合格率", "及时率"]},
        check=check_cost_holds_output,
    ),
]
