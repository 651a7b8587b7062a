"""GOAL: counts and money in the goal text against indicators and funds, on real seed rows both ways."""

from __future__ import annotations

from decimal import Decimal

from conftest import lines, lint_seed, lint_text, seed_form, seed_path

from checks.goals import _best, _candidates, _goal_claims
from checks.goals_claims import claims

SEEDS = ("000", "001", "002", "003", "004")


def matches(prefix: str, index: int) -> dict[str, int]:
    """Each claim of a seed form's goal → the line of the indicator it was matched to."""
    form = seed_form(prefix, index)
    out = {}
    for _, claim in _goal_claims(form):
        best = _best(claim, _candidates(form, claim), 1.0)
        if best is not None:
            out[claim.text] = best.name.span.line
    return out


def test_claims_read_count_words_comparators_and_chinese_numerals():
    found = [(c.op, c.number, c.unit) for c in claims("举办各类培训6次以上，开展两次政策咨询")]
    assert found == [(">=", 6, "次"), ("=", 2, "次")]
    assert [(c.op, c.number, c.unit) for c in claims("发放医疗宣传手册约30000本")] == [
        ("~", 30000, "本")
    ]
    assert claims("有效完成与“一次办结”相关的业务") == []  # a quoted name, not a count
    assert claims("召开医用耗材和诊疗项目各2次的纳保咨询会议") == []  # per item: no total
    assert claims("预计2023年参保人数为31.7万人")[0].number == Decimal("317000")


def test_goal001_fires_on_seed_001_form_10():
    diags = [d for d in lint_seed("001", "GOAL001") if d.code == "GOAL001"]
    assert [d.span.line for d in diags] == [309]
    assert "开展2次向外省市医保部门学习的交流调研" in diags[0].zh
    assert ">2.00(次)" in diags[0].zh


def test_goal001_silent_on_agreeing_goals():
    assert {s: lines(lint_seed(s, "GOAL001"), "GOAL001") for s in SEEDS} == {
        s: ([309] if s == "001" else []) for s in SEEDS
    }


def test_goal_claims_match_the_indicator_that_counts_the_same_thing():
    # seed 001 form 2: 培训2次以上 ↔ 各类干部培训计划完成数 ≥2.00(次) (agrees).
    assert matches("001", 2) == {
        "开展各类干部培训2次以上": 63,
        "购买人事相关书籍和材料等1次": 64,
    }
    # seed 001 form 11: the shared prefix 医药价格和招标采购 does not decide the match.
    assert matches("001", 11) == {
        "开展两次医药价格和招标采购政策解读和推行培训": 344,
        "一次医药价格和招标采购课题研究": 345,
        "两次医疗服务价格政策咨询": 346,
    }
    # seed 004: 31.7万人 ↔ 31.7万; 11个 ↔ 11个; 136个 ↔ 136个.
    assert matches("004", 1) == {"预计2023年参保人数为31.7万人": 15}
    assert set(matches("004", 2).values()) == {44, 45}


def test_goal001_fires_on_a_chinese_numeral(tmp_path):
    # made up: 两次 promised, at least three targeted.
    text = seed_path("004").read_text(encoding="utf-8")
    text = text.replace("预计2023年参保人数为31.7万人", "开展两次基层医保干部医保政策能力培训班")
    text = text.replace(
        "开展基层医保干部医保政策能力培训班人数\t≥200人",
        "开展基层医保干部医保政策能力培训班次数\t≥3次",
    )
    assert lines(lint_text(text, "GOAL001", tmp_path), "GOAL001") == [16]


def test_goal002_silent_when_the_goal_money_matches_the_funds():
    # seed 004 form 1: 安排2023年工作经费35万元 against 35 (万元).
    assert {s: lines(lint_seed(s, "GOAL002"), "GOAL002") for s in SEEDS} == {s: [] for s in SEEDS}


def test_goal002_fires_when_the_goal_states_another_total(tmp_path):
    # made up: seed 004 form 1 with 45万元 in the goal; the funds stay 35 万元.
    text = seed_path("004").read_text(encoding="utf-8").replace("工作经费35万元", "工作经费45万元")
    diags = [d for d in lint_text(text, "GOAL002", tmp_path) if d.code == "GOAL002"]
    assert [d.span.line for d in diags] == [13]
    assert "45万元" in diags[0].zh


def test_goal003_fires_on_seed_000_form_3_and_seed_001_form_9():
    diags = [d for d in lint_seed("000", "GOAL003") if d.code == "GOAL003"]
    assert [d.span.line for d in diags] == [59, 59, 59]
    text = " ".join(d.zh for d in diags)
    assert "28场" in text and "30000本" in text and "1400份" in text and "全部发放到位" in text
    assert lines(lint_seed("001", "GOAL003"), "GOAL003") == [278]  # 开展1次年度考核


def test_goal003_silent_where_an_indicator_counts_the_promise():
    found = {s: lines(lint_seed(s, "GOAL003"), "GOAL003") for s in SEEDS}
    assert found["002"] == [] and found["003"] == [] and found["004"] == []
    # seed 001: forms 2, 3, 4, 8, 10, 11 state counts that their indicators measure.
    assert not {59, 86, 124, 249, 305, 339} & set(found["001"])


def test_goal001_reads_a_ceiling_in_the_goal(tmp_path):
    # made up: 不超过2次 promised and ≤2次 targeted agree; it was once read as >2次.
    text = seed_path("004").read_text(encoding="utf-8")
    text = text.replace("预计2023年参保人数为31.7万人", "全年业务中断不超过2次")
    text = text.replace("开展基层医保干部医保政策能力培训班人数\t≥200人", "业务中断次数\t≤2次")
    assert lines(lint_text(text, "GOAL001", tmp_path), "GOAL001") == []
    assert [(c.op, c.number) for c in claims("全年业务中断不超过2次")] == [("<=", 2)]
    assert [c.op for c in claims("控制在5次以内，故障少于2次")] == ["<=", "<"]
