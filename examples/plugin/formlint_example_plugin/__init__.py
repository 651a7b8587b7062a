"""An example formlint plugin: a local rule (LOC001) and a reader for comma-separated exports.

Install it next to formlint (``pip install ./examples/plugin``); ``formlint rules`` then lists
LOC001 and ``formlint check`` reads ``.csv`` files. See docs/plugins.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from formlint_example_plugin.csv_reader import read_csv
from linter.hookspecs import hookimpl
from linter.parse.nodes import Form
from linter.readers.base import Reader
from linter.rules import Finding, Rule


def too_few_indicators(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A local rule: this bureau wants at least ``minimum`` 三级指标 in every form."""
    minimum = int(options["minimum"])
    count = len(form.indicators)
    if count < minimum:
        yield Finding(
            form.title.span,
            f"本表只有 {count} 个三级指标，本地要求至少 {minimum} 个",
            f"the form has {count} indicators; local rules ask for at least {minimum}",
            key=f"{form.project}:{count}",
        )


LOCAL_RULE = Rule(
    code="LOC001",
    name="too-few-indicators",
    summary_zh="三级指标数量少于本地要求",
    summary_en="Fewer indicators than the local rules ask for",
    why="Some finance bureaus require a minimum number of 三级指标 so that a project is measured from several sides.",
    bad="a self-evaluation with 4 indicators where 5 are required",
    good="at least 5 indicators across 产出, 效益 and 满意度",
    policy="an example of a bureau's own rule; not national policy",
    severity="warning",
    options={"minimum": 5},
    check=too_few_indicators,
    plugin="example",
)


@hookimpl
def formlint_rules() -> list[Rule]:
    return [LOCAL_RULE]


@hookimpl
def formlint_readers() -> list[Reader]:
    return [Reader(name="csv", suffixes=(".csv",), read=read_csv)]
