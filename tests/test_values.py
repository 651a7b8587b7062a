"""The value grammar reads what real cells hold, keeps numbers exact and counts their decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from lark.exceptions import LarkError

from linter.parse.grammar import value_parser
from linter.parse.normalize import clean
from linter.parse.values import (
    _OPS,
    _UNIT_ALIASES,
    _decimal,
    chinese_number,
    comparator_of,
    read_shape,
    read_value,
    unit_of,
)


@pytest.mark.parametrize(
    ("cell", "op", "number", "decimals", "unit"),
    [
        ("≥85.00(%)", ">=", "85.00", 2, "%"),
        ("=100.00 (%)", "=", "100.00", 2, "%"),
        ("≥200人", ">=", "200", 0, "人"),
        ("≥2.00(次/周)", ">=", "2.00", 2, "次/周"),
        ("≤35万元", "<=", "35", 0, "万元"),
        ("31.7万", None, "31.7", 1, "万"),
        (">=85%", ">=", "85", 0, "%"),
        ("<=0.05%", "<=", "0.05", 2, "%"),
        ("≧90%", ">=", "90", 0, "%"),
        ("═100%", "=", "100", 0, "%"),
        ("不低于90%", ">=", "90", 0, "%"),
        ("不超过5次", "<=", "5", 0, "次"),
        ("6次以上", ">=", "6", 0, "次"),
        ("3天以内", "<=", "3", 0, "天"),
        ("两次", None, "2", 0, "次"),
        ("二十八场", None, "28", 0, "场"),
        ("1,838,166", None, "1838166", 0, None),
        ("3,315.64", None, "3315.64", 2, None),
        ("6000.00(件)", None, "6000.00", 2, "件"),
        ("≥40000.00 (张)", ">=", "40000.00", 2, "张"),
        ("≥48.00(人次)", ">=", "48.00", 2, "人次"),
        ("９０．５％", None, "90.5", 1, "%"),
        ("5.5", None, "5.5", 1, None),
        ("-1.00", None, "-1.00", 2, None),
        ("−2", None, "-2", 0, None),
    ],
)
def test_quantitative_cells(cell, op, number, decimals, unit):
    text, got_op, got_number, got_decimals, got_unit = read_value(cell)
    assert (got_op, got_number, got_decimals, got_unit) == (op, Decimal(number), decimals, unit)


@pytest.mark.parametrize(
    "cell",
    [
        "及时",
        "工作计划",
        "效果显著",
        "参保人满意率达到100%=0",
        "通过宣讲，居民对医保的政策达到一定的了解程度。",
        "全部发放到位",
        "=2021年度内用工完成",
        "-",
        "",
        "优□ 良□ 中□ 差□",
        "1年期",
        "达成指标",
    ],
)
def test_qualitative_cells_have_no_number(cell):
    text, op, number, decimals, unit = read_value(cell)
    assert number is None and op is None


def test_qualitative_text_is_kept_cleaned():
    assert read_value("  有所\n提升 ")[0] == "有所 提升"
    assert read_value("<p>完善</p>")[0] == "完善"


@pytest.mark.parametrize(
    ("text", "value"),
    [("两", 2), ("十", 10), ("十二", 12), ("二十八", 28), ("三百零五", 305), ("一千", 1000)],
)
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value


def lark_reading(text: str) -> tuple | None:
    """What Lark's parse of the value grammar reads: (op, number, decimals, unit), or None when
    the grammar rejects the text. The reference the compiled shape is held to."""
    try:
        tree = value_parser().parse(text)
    except LarkError:
        return None
    op = unit = None
    number, decimals = None, 0
    for part in tree.children:
        token = str(part.children[0])
        if part.data in ("op", "suffix"):
            op = op or _OPS[token]
        elif part.data == "unit":
            unit = _UNIT_ALIASES.get(token, token)
        elif part.data == "chinese":
            n = chinese_number(token)
            number = None if n is None else Decimal(n)
        else:
            number, decimals = _decimal(token)
    return op, number, decimals, unit


_PIECES = st.sampled_from(
    [">=", "≥", "≤", "=", "<", "≠", "不低于", "大于等于", "大于", "约", "达到", "以上", "及以上",
     "以内", "以下", "1", "0", "85", "85.00", "1,234", "1,234.5", ",", ".", "-", "−", "%", "‰",
     "次", "人次", "万人次", "万", "万元", "元", "次/周", "个工作日", "km", "m", "(", ")", " ",
     "两", "十", "三百", "千", "千米", "千元", "米", "零", "了解", "及时", "天", "以", "上", "5",
     "12", "年", "度"]
)  # fmt: skip


@settings(max_examples=2000)
@given(st.lists(_PIECES, min_size=1, max_size=7).map("".join))
def test_the_compiled_shape_reads_what_the_grammar_reads(pieces):
    """Lark accepts a text exactly when the shape matches it in full, and reads the same."""
    text = clean(pieces)
    assert read_shape(text) == lark_reading(text)


def test_the_compiled_shape_reads_every_seed_cell_as_the_grammar_does():
    cells = {
        clean(cell)
        for seed in SEEDS.glob("*.txt")
        for line in seed.read_text(encoding="utf-8").splitlines()
        for cell in line.split("\t")
    }
    assert len(cells) > 300
    assert [c for c in sorted(cells) if read_shape(c) != lark_reading(c)] == []


def test_the_shape_takes_digits_and_numerals_and_leaves_words():
    assert read_shape("≥85.00(%)") == (">=", Decimal("85.00"), 2, "%")
    assert read_shape("6次以上") == (">=", Decimal("6"), 0, "次")
    assert read_shape("1,838,166") == (None, Decimal("1838166"), 0, None)
    assert read_shape("两次") == (None, Decimal("2"), 0, "次")
    assert read_shape("三千米") == (None, Decimal("3000"), 0, "米")
    assert read_shape("及时") is None
    assert read_shape("=2021年度内用工完成") is None


@pytest.mark.parametrize(
    ("cell", "op", "number", "unit"),
    [
        ("≤500元/人", "<=", "500", "元/人"),
        ("≤0.8万元/场", "<=", "0.8", "万元/场"),
        ("≤475元/亩", "<=", "475", "元/亩"),
        ("≥90百分比", ">=", "90", "%"),
        ("≥4.5分", ">=", "4.5", "分"),
        ("≥80M", ">=", "80", "M"),
        ("‹=6962人", "<=", "6962", "人"),
        ("﹦100", "=", "100", None),
        ("控制在5%以内", "<=", "5", "%"),
        ("490元/平米", None, "490", "元/平米"),
    ],
)
def test_compound_units_and_look_alike_comparators(cell, op, number, unit):
    """Cells of the real forms (tests/fixtures/real): per-unit costs, 百分比 for %, the
    comparators of other fonts and of OCR."""
    _, got_op, got_number, _, got_unit = read_value(cell)
    assert (got_op, got_number, got_unit) == (op, Decimal(number), unit)


@pytest.mark.parametrize(("cell", "op"), [("≥", ">="), ("﹦", "="), ("不低于", ">="), ("%", None)])
def test_a_comparator_cell_alone(cell, op):
    assert comparator_of(cell) == op


@pytest.mark.parametrize(
    ("cell", "unit"),
    [("%", "%"), ("人次", "人次"), ("万元/人", "万元/人"), ("及时", None), ("2%", None)],
)
def test_a_unit_cell_alone(cell, unit):
    assert unit_of(cell) == unit
