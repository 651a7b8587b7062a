"""STR, the indicator table: hierarchy, missing categories, page-break damage left unrepaired.

The hierarchy is the one of 财预〔2020〕10号 / 财预〔2021〕101号 (``linter.parse.vocab.LEVEL2_PARENT``):
a 时效指标 is an output, so it cannot sit under 效益指标. The 一级 label is judged as the author
wrote it on the row (``stated_level1``); labels the parser carried over a page break are its own
inference and are not reported.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from checks._form import field_text, name_keys, names
from checks._memo import FORM_MEMO
from checks._text import norm, quote
from linter.parse import vocab
from linter.parse.nodes import Form, Indicator, Span
from linter.parse.normalize import TEXT_MEMO
from linter.rules import Finding, Rule

LEGACY = "legacy-self-evaluation"
_SATISFACTION = re.compile(r"满意(?:度|率)(?!调查|测评)")
_LABEL_LIKE = re.compile(r"^[\u4e00-\u9fff]{1,6}指标$")
_LABEL_WORDS = {norm(w) for w in (*vocab.LEVEL1, *vocab.LEVEL2_PARENT)}
_LEVEL1 = operator.attrgetter("level1")
_LEVEL2 = operator.attrgetter("level2")


def _row(ind: Indicator) -> Span:
    return ind.span or ind.name.span


def check_wrong_parent(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A 二级指标 written under a 一级指标 it does not belong to."""
    for ind in form.indicators:
        stated, level2 = ind.stated_level1, ind.level2
        if stated is None or level2 is None or level2 not in vocab.LEVEL2_PARENT:
            continue
        parent = vocab.LEVEL2_PARENT[level2]
        allowed = {parent} if parent is not None else set(options["cost_parents"])
        if stated in allowed:
            continue
        belongs = "、".join(sorted(allowed))
        yield Finding(
            _row(ind),
            f"二级指标「{level2}」写在一级指标「{stated}」下，应属于「{belongs}」"
            f"（三级指标「{quote(ind.name.value)}」）",
            f"二级指标 {level2} is written under 一级指标 {stated}; it belongs under {belongs}"
            f" (indicator 「{quote(ind.name.value)}」)",
            f"{stated}>{level2}|{norm(ind.name.value)}",
        )


def check_unknown_label(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A row without a recognised 二级指标, or whose 三级 name is itself a label."""
    if form.layout == LEGACY:
        return
    if not _label_like(names(form)) and (
        None not in map(_LEVEL2, form.indicators) or "level2" not in form.columns
    ):
        return  # every row has its 二级指标 (or the layout has none) and no name looks like a label
    shifted = not form.trusts("table")  # cells that fit no column: a row may have shifted
    for ind, key in zip(form.indicators, name_keys(form), strict=True):
        name = ind.name.value
        target_is_text = ind.target is not None and ind.target.number is None
        if key in _LABEL_WORDS or ((target_is_text or shifted) and _LABEL_LIKE.match(name)):
            zh = f"三级指标位置上是分类标签「{name}」，该行的标签未被识别，指标错位"
            en = f"the indicator name 「{name}」 is a category label: the row's labels are unknown or shifted"
        elif ind.level2 is None and "level2" in form.columns:
            zh = f"三级指标「{quote(name)}」没有可识别的二级指标"
            en = f"indicator 「{quote(name)}」 has no recognised 二级指标"
        else:
            continue
        yield Finding(ind.name.span, zh, en, key)


@lru_cache(maxsize=FORM_MEMO)
def _label_like(names: tuple[str, ...]) -> bool:
    """Whether a name of the list is a category label (by its words, or by its shape); names
    recur as whole lists across a template's forms."""
    return any(norm(name) in _LABEL_WORDS or _LABEL_LIKE.match(name) for name in names)


@lru_cache(maxsize=TEXT_MEMO)
def _is_satisfaction(name: str) -> bool:
    return _SATISFACTION.search(name) is not None


@lru_cache(maxsize=FORM_MEMO)
def _satisfaction_rows(names: tuple[str, ...]) -> tuple[int, ...]:
    """The rows of a list of names that measure satisfaction, remembered per list."""
    return tuple(row for row, name in enumerate(names) if _is_satisfaction(name))


def check_satisfaction_placement(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Satisfaction measures the service's users: it belongs under 满意度指标."""
    legacy = form.layout == LEGACY
    inds = form.indicators
    for row in _satisfaction_rows(names(form)):
        ind = inds[row]
        if ind.level1 is None:
            continue
        if legacy:
            if ind.level1 not in options["legacy_not_allowed"]:
                continue
            home = options["legacy_home"]
        elif ind.level1 == "满意度指标":
            continue
        else:
            home = "满意度指标"
        yield Finding(
            ind.name.span,
            f"满意度类指标「{quote(ind.name.value)}」放在「{ind.level1}」下，应归入「{home}」",
            f"satisfaction indicator 「{quote(ind.name.value)}」 is under {ind.level1}; it belongs"
            f" under {home}",
            norm(ind.name.value),
        )


def region_text(form: Form) -> str:
    """The title, 主管部门 and 实施单位 together, where a profile looks for its region."""
    parts = [form.title.value] + [field_text(form, k) or "" for k in ("department", "unit")]
    return " ".join(parts)


def profile_applies(profile: Mapping[str, Any], form: Form) -> bool:
    """Whether the form's layout, year and region are the profile's; the region last, as its
    text is built from three cells and most forms are out of a region profile's years."""
    layouts = profile.get("layouts")
    if layouts and form.layout not in layouts:
        return False
    low, high = profile.get("from_year"), profile.get("to_year")
    if low is not None or high is not None:
        if form.year is None:
            return False
        if (low is not None and form.year < low) or (high is not None and form.year > high):
            return False
    region = profile.get("region")
    if region and region not in region_text(form):
        return False
    project = profile.get("project")
    return not project or re.search(project, form.project or "") is not None


def check_missing_category(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The categories the form's profile (layout, region, year) requires, one finding each."""
    if not form.indicators:
        return
    present = {*map(_LEVEL1, form.indicators), *map(_LEVEL2, form.indicators)}
    required: dict[str, str] = {}
    waived: set[str] = set()
    for profile in options["profiles"]:
        if profile_applies(profile, form):
            for label in profile.get("require", ()):
                required.setdefault(label, profile.get("name", ""))
            waived.update(profile.get("waive", ()))
    for label, profile_name in required.items():
        if label in present or label in waived:
            continue
        span = form.categories[0].span if form.categories else _row(form.indicators[0])
        yield Finding(
            span,
            f"指标表缺少「{label}」（规则：{profile_name}）",
            f"the indicator table has no {label} (profile: {profile_name})",
            f"category:{label}",
        )


def check_unrepaired_damage(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Damage the parser could not repair, once per form: the rows around it may be misread."""
    damage = [r for r in form.repairs if not r.repaired]
    if not damage:
        return
    where = "、".join(f"第{r.span.line}行（{r.kind}: {quote(r.detail, 20)}）" for r in damage)
    where_en = ", ".join(f"line {r.span.line} ({r.kind}: {quote(r.detail, 20)})" for r in damage)
    yield Finding(
        damage[0].span,
        f"分页造成的表格错位无法自动修复，共{len(damage)}处：{where}；请核对这些行的归属",
        f"{len(damage)} piece(s) of page-break damage could not be repaired: {where_en};"
        " check which rows they belong to",
        "damage",
    )


RULES = [
    Rule(
        code="STR003",
        why_zh="每个二级指标属于一个一级指标（数量/质量/时效 → 产出，社会效益 → 效益 …）；放在效益指标下的时效指标会计入错误的类别。成本指标可以在产出指标下（旧表样），也可以是一级指标（2021 年起）：选项 cost_parents。",
        policy_zh="财预〔2020〕10号 附件；财预〔2021〕101号 指标体系",
        name="level2-under-wrong-level1",
        summary_zh="二级指标所属一级指标错误",
        summary_en="A 二级指标 under the wrong 一级指标",
        why="Each 二级指标 belongs to one 一级指标 (数量/质量/时效 → 产出, 社会效益 → 效益 …); a"
        " 时效指标 under 效益指标 is scored in the wrong category. 成本指标 may sit under 产出指标"
        " (older templates) or be a 一级指标 (since 2021): option cost_parents.",
        bad="效益指标 | 时效指标 | 医疗救助给付及时率",
        good="产出指标 | 时效指标 | 医疗救助给付及时率",
        policy="财预〔2020〕10号 附件; 财预〔2021〕101号 指标体系",
        severity="warning",
        options={"cost_parents": ["产出指标", "成本指标"]},
        check=check_wrong_parent,
    ),
    Rule(
        code="STR004",
        why_zh="缺少二级指标的行，或三级指标名称是分类标签（数量指标、社会效益）的行，说明单元格错位或标签不在官方用语之内。",
        policy_zh="财预〔2020〕10号 附件 指标体系",
        name="unknown-label",
        summary_zh="指标行的分类标签无法识别",
        summary_en="An indicator row with an unknown or missing label",
        why="A row whose 二级指标 is missing, or whose 三级 name is a category label (数量指标,"
        " 社会效益), has shifted cells or a label outside the official vocabulary.",
        bad="产出指标 | | 培训次数 | ≥2次  (no 二级指标)",
        good="产出指标 | 数量指标 | 培训次数 | ≥2次",
        policy="财预〔2020〕10号 附件 指标体系",
        severity="warning",
        check=check_unknown_label,
    ),
    Rule(
        code="STR005",
        why_zh="满意度衡量服务对象的评价，有自己的一级指标和分值；计入效益会同时扭曲两者。旧表样没有这一类别；在旧表样中，满意度指标不得放在选项 legacy_not_allowed 所列的类别下。",
        policy_zh="财预〔2020〕10号：满意度指标反映服务对象对项目实施效果的满意程度",
        name="satisfaction-outside-category",
        summary_zh="满意度指标未放在满意度指标类别下",
        summary_en="A satisfaction indicator outside 满意度指标",
        why="满意度 measures the service's users and has its own 一级指标 and weight; counted as"
        " 效益 it distorts both. The older layout has no such category; there a satisfaction"
        " indicator must not sit under the categories of option legacy_not_allowed.",
        bad="效益指标 | 社会效益指标 | 满意率指标 | >=85%",
        good="满意度指标 | 服务对象满意度指标 | 服务对象满意率 | ≥85%",
        policy="财预〔2020〕10号: 满意度指标反映服务对象对项目实施效果的满意程度",
        severity="warning",
        options={"legacy_not_allowed": ["投入与管理", "产出目标"], "legacy_home": "效果目标"},
        check=check_satisfaction_placement,
    ),
    Rule(
        code="STR006",
        computes=("form",),
        why_zh="每张表都需要产出和效益指标；全国表样要求满意度指标；规定要求时还需要成本指标（中央部门的表自 2022 年起，依据财预〔2021〕101号；上海自 2025 年起）。规则档按表样、地区（标题、主管部门或实施单位中的字词）、年度和项目（项目名称的正则表达式）匹配，每个匹配的档加上它要求的类别、去掉它豁免的类别：工资性支出项目向本单位人员发放工资，没有可评价满意度的服务对象，四川的表样也不为其设满意度指标。",
        policy_zh="财预〔2020〕10号（产出50/效益30/满意度10）；财预〔2021〕101号；上海市2025年市级项目绩效目标编报指引（原则上设置成本指标）",
        name="missing-category",
        summary_zh="缺少必设的指标类别",
        summary_en="A required indicator category is missing",
        why="Every form needs output and outcome indicators; satisfaction is required by the national"
        " templates; a cost indicator is required where the rules say so (central departments' forms"
        " from 2022, after 财预〔2021〕101号; Shanghai from 2025). Profiles match by layout, region (a word of the title, department or unit), year"
        " and project (a regular expression on its name); every matching profile adds what it"
        " requires and removes what it waives: a salary project (工资性支出) pays staff and has no"
        " service object to be satisfied, and Sichuan's template sets no 满意度 for it.",
        bad="产出指标 … 效益指标 … (no 满意度指标)",
        good="产出指标 … 效益指标 … 满意度指标 | 服务对象满意度指标 | … ≥90%",
        policy="财预〔2020〕10号 (产出50/效益30/满意度10); 财预〔2021〕101号; 上海市2025年市级项目"
        "绩效目标编报指引 (原则上设置成本指标)",
        severity="warning",
        options={
            "profiles": [
                {
                    "name": "national",
                    "layouts": ["project-target", "department-target", "self-evaluation"],
                    "require": ["产出指标", "效益指标", "满意度指标"],
                },
                {
                    "name": "legacy",
                    "layouts": [LEGACY],
                    "require": ["产出目标", "效果目标"],
                },
                {
                    "name": "salaries",
                    "project": "工资性支出|工资福利|人员经费|人员工资|社保缴费|基本支出",
                    "waive": ["满意度指标"],
                },
                {
                    "name": "central-2022",
                    "layouts": ["project-target", "department-target", "self-evaluation"],
                    "region": "中央",
                    "from_year": 2022,
                    "require": ["成本指标"],
                },
                {
                    "name": "shanghai-2025",
                    "layouts": ["project-target", "department-target", "self-evaluation"],
                    "region": "上海",
                    "from_year": 2025,
                    "require": ["成本指标"],
                },
            ]
        },
        check=check_missing_category,
    ),
    Rule(
        code="STR008",
        why_zh="解析器已修复的损坏（分页后重复的标签、被拆开的行）不是作者的错，不报告；无法修复的损坏意味着某些行可能被读到错误的标签下，因此每张表报告一次。",
        policy_zh="formlint 约定：检查可能误读表单时要说明",
        name="unrepaired-page-break",
        summary_zh="分页造成的表格损坏无法修复",
        summary_en="Page-break damage the parser could not repair",
        why="Damage the parser repaired (orphaned labels restated, split rows joined) is not the"
        " author's error and is not reported; damage it could not repair means rows may be read"
        " under the wrong label, so it is reported once per form.",
        bad="a 二级 label alone on a line at a page break, never restated",
        good="a clean export, or labels repeated after the break",
        policy="formlint conventions: say when the checks may have misread a form",
        severity="warning",
        check=check_unrepaired_damage,
    ),
]
