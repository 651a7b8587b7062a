"""SUM rules on real seed rows: each fires on the defective rows and stays silent on the right ones.

Where the seeds lack a case, a seed form is copied with one cell changed (marked ``# made up``).
"""

from __future__ import annotations

from decimal import Decimal

from conftest import lines, lint_seed, lint_text, seed_path
from hypothesis import given
from hypothesis import strategies as st
from real_forms import REAL

from checks._numbers import div, interval, intervals_meet, sum_consistent
from linter.parse.nodes import Span, Value

SEEDS = ("000", "001", "002", "003", "004")


def variant(prefix: str, first: int, last: int, edits: dict[int, tuple[str, str]]) -> str:
    """Lines first..last of a seed with, on the given lines, `old` replaced by `new`."""
    rows = seed_path(prefix).read_text(encoding="utf-8").splitlines()[first - 1 : last]
    for line, (old, new) in edits.items():
        row = rows[line - first]
        assert old in row, (line, old)
        rows[line - first] = row.replace(old, new)
    return "\n".join(rows) + "\n"


def only(diags, code):
    return [d for d in diags if d.code == code]


# SUM001 fund-sum-mismatch


def test_sum001_fires_on_a_total_its_parts_cannot_make(tmp_path):
    # made up: seed 002 form 1 with 当年财政拨款 (年初预算数) 258.60 → 208.72
    text = variant("002", 1, 22, {11: ("258.60", "208.72")})
    (d,) = only(lint_text(text, "SUM001", tmp_path), "SUM001")
    assert d.span.line == 10
    assert "258.60" in d.zh and "208.72" in d.zh and "= 208.72" in d.zh
    assert "年初预算数" in d.zh and "initial budget" in d.en


def test_sum001_silent_on_every_fund_block_of_the_seeds():
    for prefix in SEEDS:
        assert lines(lint_seed(prefix, "SUM001"), "SUM001") == [], prefix


# SUM002 fund-total-missing


def test_sum002_fires_on_empty_project_totals_of_seed_001():
    diags = lint_seed("001", "SUM002")
    found = lines(diags, "SUM002")
    assert found[:3] == [12, 54, 81] and len(found) == 12
    assert "645,000.00" in only(diags, "SUM002")[0].zh


def test_sum002_fires_on_a_zero_total_beside_a_filled_appropriation(tmp_path):
    # made up: seed 004 form 1 with 年度资金总额 0 and 财政拨款 90
    text = variant("004", 1, 30, {10: ("35", "0"), 11: ("35", "90")})
    (d,) = only(lint_text(text, "SUM002", tmp_path), "SUM002")
    assert d.span.line == 10 and "为 0" in d.zh and "90" in d.zh


def test_sum002_silent_where_totals_are_filled():
    for prefix in ("000", "002", "003", "004"):
        assert lines(lint_seed(prefix, "SUM002"), "SUM002") == [], prefix


# SUM003 execution-rate-mismatch


def test_sum003_fires_on_a_wrong_row_rate(tmp_path):
    # made up: seed 002 form 6 with 当年财政拨款's rate 99.08 → 100.00
    text = variant("002", 113, 133, {121: ("99.08", "100.00")})
    (d,) = only(lint_text(text, "SUM003", tmp_path), "SUM003")
    assert d.span.line == 9  # line 121 of the seed is line 9 of the excerpt
    assert "1,223.97" in d.zh and "1,235.32" in d.zh and "99.08%" in d.zh


def test_sum003_fires_on_a_wrong_rate_in_a_remark(tmp_path):
    # made up: seed 003 form 1 with the remark's 执行率91% → 95%
    text = variant("003", 1, 35, {17: ("执行率91%", "执行率95%")})
    (d,) = only(lint_text(text, "SUM003", tmp_path), "SUM003")
    assert d.span.line == 17 and "95%" in d.zh and "90.58%" in d.zh and "72463.90" in d.zh


def test_sum003_silent_on_rounded_rates_that_fit():
    # 99.08 against 1,223.97/1,235.32 (seed 002), 91% and 90.58% against 72463.90/80000 (seed 003)
    for prefix in SEEDS:
        assert lines(lint_seed(prefix, "SUM003"), "SUM003") == [], prefix


# SUM004 execution-score-mismatch


def test_sum004_fires_on_full_marks_at_90_58_percent():
    diags = lint_seed("003", "SUM004")
    assert lines(diags, "SUM004") == [17]
    assert "8 × 执行率 90.58% = 7.25" in diags[0].zh


def test_sum004_silent_on_the_funds_table_scores_of_seed_002():
    assert lines(lint_seed("002", "SUM004"), "SUM004") == []


# SUM005 itemised-sum-mismatch


def test_sum005_fires_when_items_do_not_make_the_total(tmp_path):
    # made up: seed 000 form 4 with 合计1838166元 → 合计1900000元
    text = variant("000", 67, 90, {85: ("合计1838166元", "合计1900000元")})
    (d,) = only(lint_text(text, "SUM005", tmp_path), "SUM005")
    assert d.span.line == 19  # seed line 85
    assert "1358280元 + 132000元 + 347886元 = 1,838,166 元" in d.zh and "1900000元" in d.zh


def test_sum005_silent_on_seed_000_form_4_which_adds_up():
    assert lines(lint_seed("000", "SUM005"), "SUM005") == []


# SUM006 unit-price-product-mismatch


def test_sum006_fires_on_a_wrong_product(tmp_path):
    # made up: seed 004 form 2 with 合计165000元 → 合计156000元
    text = variant("004", 32, 57, {42: ("合计165000元", "合计156000元")})
    (d,) = only(lint_text(text, "SUM006", tmp_path), "SUM006")
    assert d.span.line == 11 and "11 × 15,000 元 = 165,000 元" in d.zh and "156000元" in d.zh


def test_sum006_silent_on_11_lines_at_15000_making_165000():
    assert lines(lint_seed("004", "SUM006"), "SUM006") == []


# SUM007 breakdown-vs-funds


def test_sum007_fires_on_seed_004_form_2_with_the_arithmetic():
    diags = lint_seed("004", "SUM007")
    assert lines(diags, "SUM007") == [39]
    msg = diags[0].zh
    assert (
        "48 万元" in msg and "136 × 2,400 元" in msg and "491,400 元" in msg and "49.14 万元" in msg
    )


def test_sum007_fires_when_an_itemised_total_is_not_the_funds(tmp_path):
    # made up: seed 000 form 4 with the funds 1,838,166 → 2,000,000
    text = variant("000", 67, 90, {74: ("1,838,166", "2,000,000")})
    diags = only(lint_text(text, "SUM007", tmp_path), "SUM007")
    assert [d.span.line for d in diags] == [8] and "1838166元" in diags[0].zh


def test_sum007_silent_where_the_breakdown_fits():
    assert lines(lint_seed("000", "SUM007"), "SUM007") == []
    assert 10 not in lines(lint_seed("004", "SUM007"), "SUM007")


# SUM008 cost-ceiling-over-funds


def test_sum008_fires_on_a_ceiling_above_the_funds(tmp_path):
    # made up: seed 004 form 1 with 业务经费费用 ≤35万元 → ≤350万元
    text = variant("004", 1, 30, {22: ("≤35万元", "≤350万元")})
    (d,) = only(lint_text(text, "SUM008", tmp_path), "SUM008")
    assert d.span.line == 22 and "3,500,000 元" in d.zh and "350,000 元" in d.zh


def test_sum008_fires_on_an_unconverted_unit(tmp_path):
    # made up: seed 004 form 1 with 业务经费费用 ≤35万元 → ≤35元 (the funds are 35 万元)
    text = variant("004", 1, 30, {22: ("≤35万元", "≤35元")})
    (d,) = only(lint_text(text, "SUM008", tmp_path), "SUM008")
    assert d.span.line == 22 and "未换算" in d.zh


def test_sum008_silent_on_a_ceiling_equal_to_the_funds():
    assert lines(lint_seed("004", "SUM008"), "SUM008") == []


# the interval arithmetic

DECIMALS = st.integers(min_value=0, max_value=3)
AMOUNTS = st.decimals(min_value=0, max_value=10**7, places=4, allow_nan=False)


def _value(number: Decimal, decimals: int) -> Value:
    q = number.quantize(Decimal(10) ** -decimals)
    return Value(raw=str(q), text=str(q), span=Span(1, 1, 1, 2), number=q, decimals=decimals)


@given(st.lists(AMOUNTS, min_size=1, max_size=6), DECIMALS)
def test_rounded_parts_always_meet_their_rounded_total(parts, decimals):
    total = _value(sum(parts, Decimal(0)), decimals)
    assert sum_consistent(total, [_value(p, decimals) for p in parts])


@given(AMOUNTS, AMOUNTS, DECIMALS)
def test_a_rounded_rate_always_meets_the_quotient_of_rounded_amounts(executed, budget, decimals):
    e, b = _value(executed, 2), _value(budget, 2)
    q = div(interval(e.number, 2), interval(b.number, 2))
    if q is None or budget == 0:
        return
    rate = (executed / budget * 100).quantize(Decimal(10) ** -decimals)
    assert intervals_meet(interval(rate, decimals), (q[0] * 100, q[1] * 100))


def test_a_total_left_at_zero_is_sum002s_not_sum001s(tmp_path):
    # real: 年度资金总额 0 | 0 | 0 above 本年财政拨款 90 | 89.974 | 89.974
    (path,) = REAL.glob("s04_*.txt")
    diags = lint_text(path.read_text(encoding="utf-8"), "SUM", tmp_path)
    assert sorted({d.code for d in diags}) == ["SUM002"]


def test_funds_read_with_a_guess_are_not_summed(tmp_path):
    # real: a web page dropped one of six funds cells (32.4 | 31.69 | 10 | 97.80% | 9): which
    # column each amount belongs to cannot be told, so no rate is computed from them
    (path,) = REAL.glob("c10_*.txt")
    diags = lint_text(path.read_text(encoding="utf-8"), "SUM", tmp_path)
    assert [d.code for d in diags] == []
