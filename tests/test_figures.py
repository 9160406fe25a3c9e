"""kit.figures: the figures a trainee quotes, and whether the data hold them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit import fmt, i18n
from kit.figures import Fact, matches, quoted_figures, unmatched, with_points


def values(text: str) -> list[tuple[str, float]]:
    return [(f.kind, round(f.value, 6)) for f in quoted_figures(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("达成率约 78%，同比 −15.7%", [("ratio", 0.78), ("ratio", 0.157)]),
    ("铺货率下降 11.2 个点（71.8% → 60.6%）", [("points", 0.112), ("ratio", 0.718),
                                         ("ratio", 0.606)]),
    ("价格 +215 万元、销量 −295.3 万元", [("money", 2_150_000.0), ("money", 2_953_000.0)]),
    ("合计 1.2 亿元，去年 9,000 万", [("money", 120_000_000.0), ("money", 90_000_000.0)]),
    ("缺口 42,830,123 元", [("money", 42_830_123.0)]),
    ("３个百分点", [("points", 0.03)]),  # full-width digits typed with a Chinese input method
    ("net sales CNY 1,234.5 thousand, down 3.2 points", [("money", 1_234_500.0),
                                                         ("points", 0.032)]),
    ("2025 年 1–12 月，5 个区域，第一点", []),  # dates, counts and words are not figures
])
def test_quoted_figures(text, expected):
    assert values(text) == expected


def test_a_figure_matches_a_fact_as_rounded_when_written():
    facts = [Fact("yoy", -0.15734, "ratio"), Fact("gap", 2_847_000.4, "money")]
    # 15.7 % stands for 15.65 %–15.75 %: the fact's −15.734 % is in, 15.8 % is not.
    assert matches(quoted_figures("同比 −15.7%")[0], facts)
    assert not matches(quoted_figures("同比 −15.8%")[0], facts)
    # 16 % stands for 15.5 %–16.5 %; the sign is the sentence's business ("下降 16%").
    assert matches(quoted_figures("下降 16%")[0], facts)
    # 284.7 万 = 2,847,000 ± 500; a ratio figure never matches a money fact.
    assert matches(quoted_figures("缺口 284.7 万元")[0], facts)
    assert not matches(quoted_figures("缺口 285.7 万元")[0], facts)
    assert not matches(quoted_figures("284.7%")[0], facts)


def test_about_widens_the_match_to_two_percent():
    facts = [Fact("ach", 0.783, "ratio")]
    # 77 % alone stands for 76.5–77.5 %: 78.3 % is out; "约 77%" allows 2 % of 77 % = 1.54 points.
    assert not matches(quoted_figures("77%")[0], facts)
    assert matches(quoted_figures("约 77%")[0], facts)
    assert not matches(quoted_figures("约 75%")[0], facts)  # 75 ± 1.5 misses 78.3


def test_unmatched_and_points_from_pairs():
    facts = with_points([Fact("nd.base", 0.718, "ratio"), Fact("nd.current", 0.606, "ratio")])
    # 0.606 − 0.718 = −0.112: "11.2 个点" is the pair's change in points.
    assert [f.name for f in facts][-1] == "nd.points"
    assert unmatched("铺货率下降 11.2 个点（71.8% → 60.6%）", facts) == []
    assert [f.text for f in unmatched("下降 12.2 个点，71.8% → 61.6%", facts)] == ["12.2 个点",
                                                                              "61.6%"]


def test_money_in_english_reads_the_dataset_currency():
    i18n.set_currency("USD")
    try:
        assert values("USD 12.5 thousand") == [("money", 12_500.0)]
        assert values("12.5 万美元") == [("money", 125_000.0)]
    finally:
        i18n.set_currency(None)


@given(st.floats(min_value=-5, max_value=5, allow_nan=False), st.integers(0, 2))
def test_a_percentage_written_by_the_kit_always_matches_its_fact(value, decimals):
    fact = Fact("x", value, "ratio")
    assert matches(quoted_figures(fmt.percent(value, decimals))[0], [fact])


@given(st.floats(min_value=1, max_value=1e10, allow_nan=False))
def test_an_amount_written_by_the_kit_always_matches_its_fact(value):
    fact = Fact("x", value, "money")
    assert matches(quoted_figures(fmt.money(value, unit=True))[0], [fact])  # "123.5 万元"
