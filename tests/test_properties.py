"""No input text makes the reader, the value grammar or the document parser raise."""

from __future__ import annotations

from conftest import seed_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.parse.parser import parse_rows
from linter.parse.source import ReadError
from linter.parse.values import read_value
from linter.readers.text import read_text

SEED_LINES = [
    line
    for p in ("000", "001", "002", "003", "004")
    for line in seed_path(p).read_text(encoding="utf-8").split("\n")
]
CELL_WORDS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "产出指标",
    "数量指标",
    "成本指标",
    "合计",
    "总分",
    "项目资金",
    "年度资金总额:",
    "其他资金",
    "(34分)",
    "绩效",
    "指标",
    "说明：",
    "评分等级",
    "≥85.00(%)",
    "及时",
    "(2024年度)",
    "财政项目支出绩效自评表",
    "项目名称",
    "预期目标",
    "实际完成情况",
    "",
    "",
    "",
]

cells = st.one_of(st.sampled_from(CELL_WORDS), st.text(max_size=12))
rows = st.lists(cells, max_size=9).map("\t".join)
seed_rows = st.sampled_from(SEED_LINES)
documents = st.lists(st.one_of(seed_rows, rows, st.just("")), max_size=80).map("\n".join)
quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_bytes(data: bytes) -> None:
    try:
        source = read_text("fuzz.txt", data)
    except ReadError:
        return
    document = parse_rows(source)
    for form in document.forms:
        for indicator in form.indicators:
            assert indicator.name.span.line >= 1


@quick
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    _parse_bytes(data)


@quick
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text):
    _parse_bytes(text.encode("utf-8"))


@quick
@given(documents)
def test_shuffled_and_mutated_form_rows_never_raise(text):
    _parse_bytes(text.encode("utf-8"))


@quick
@given(st.text(max_size=60))
def test_value_grammar_never_raises(text):
    cleaned, op, number, decimals, unit = read_value(text)
    if number is None:
        assert (op, unit, decimals) == (None, None, 0)
