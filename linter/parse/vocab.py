"""The label vocabulary: how the grammar recognises a row by its words, not its column.

The words live in data, ``grammar/vocabulary.tsv`` (one line a role: block, role, labels), so
that a new region's heading is a line there. This module reads it once, into the lookups the
lexer and the builders use; the patterns that are shapes rather than words stay here.
"""

from __future__ import annotations

import re
from collections import defaultdict

from linter.parse.grammar import grammar_dir


def _load() -> dict[str, list[tuple[str, str]]]:
    """block → [(role, label)], in file order."""
    blocks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    path = grammar_dir() / "vocabulary.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        block, role, *labels = line.split("\t")
        blocks[block].extend((role, label) for label in labels)
    return blocks


_LINES = _load()


def _words(block: str) -> dict[str, str]:
    """{label: role} of a block; the first line that names a label wins."""
    found: dict[str, str] = {}
    for role, label in _LINES[block]:
        found.setdefault(label, role)
    return found


_WORDS = {block: _words(block) for block in _LINES}

# Titles: the words of a form's title, the kind of form each names, and its scope.
TITLE_KIND: tuple[tuple[str, str], ...] = tuple(_WORDS["title-kind"].items())
TITLE_SCOPE: tuple[tuple[str, str], ...] = tuple(_WORDS["title-scope"].items())
TITLE = re.compile("|".join(map(re.escape, sorted(_WORDS["title-kind"], key=len, reverse=True))))
SUMMARY_TITLE = re.compile(r"汇总表$")
YEAR = re.compile(r"^\(?\s*(\d{4})\s*\)?\s*年度?\s*\)?$")
PERIOD = re.compile(r"^\(\s*(?:\d{4})?\s*年?\s*[-—~至]\s*(?:\d{4})?\s*年?\s*\)$")
UNIT_LINE = re.compile(r"(?:金额|资金)?单位[:：]\s*(万元|元)")

FIELDS: dict[str, str] = _WORDS["field"]
IDENTITY_FIELDS = frozenset({"project", "department_name"})  # a form's own name

FUNDS_HEAD = frozenset(_WORDS["funds-head"])
FUND_LABELS: dict[str, str] = _WORDS["funds-row"]
FUND_COLUMNS: dict[str, str] = _WORDS["funds-column"]

GOAL_LABELS: dict[str, str] = _WORDS["goal"]
GOAL_BLOCK_LABELS = frozenset(_WORDS["goal-block"])

BLOCK_LABELS = frozenset(_WORDS["table-block"])
TABLE_ROLES: dict[str, str] = _WORDS["column"]
PERIOD_WORDS: dict[str, str] = _WORDS["period"]

# 一级指标 and 二级指标: every way of writing one, to its canonical name; each 二级's 一级.
LEVEL1: dict[str, str] = _WORDS["level1"]
LEVEL2: dict[str, str] = _WORDS["level2"]
LEVEL2_PARENT: dict[str, str | None] = {
    level2: None if parent == "-" else parent for level2, parent in _LINES["parent"]
}

# 一级指标 whose 二级 are first levels elsewhere (实施效果指标: 产出指标, 效益指标, 满意度指标).
SUPER: dict[str, frozenset[str]] = {}
for _super, _child in _LINES["super"]:
    SUPER[_super] = SUPER.get(_super, frozenset()) | {_child}

TOTAL_LABELS = frozenset(_WORDS["total"])
GRADE_LABELS = frozenset(_WORDS["grade"])
SIGN_LABELS = frozenset(_WORDS["sign"])
# An approval or signature row by its shape: 财政部门支出股室初审意见 (盖章), 单位公章.
SIGN = re.compile(r"(?:审核|审批|初审|复审|复核|审查)意见|盖章|签字|签章|公章")

NOTE_START = re.compile(r"^(说明[:：]|注[:：]|\d{1,2}、)")
NOTE_WORDS = re.compile(r"^(说明|注)[:：]")
BAND = re.compile(
    r"(\d+(?:\.\d+)?)\s*\(含\)\s*[-—~至]\s*(\d+(?:\.\d+)?)\s*分?为\s*(不合格|不及格|优秀|良好|合格|及格|优|良|中|差)"
)
LOW_BAND = re.compile(r"(\d+(?:\.\d+)?)\s*[-—~至]\s*(\d+(?:\.\d+)?)\s*分?为\s*(不合格|差)")
