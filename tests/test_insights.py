"""kit.insights: UIA cards on small cases whose numbers are worked out by hand."""

import pandas as pd
import pytest

from kit import fmt, i18n
from kit.insights import (
    Card,
    anomaly_cards,
    concentration_cards,
    growth_cards,
    price_volume_cards,
    review_cards,
    segment_cards,
)
from kit.review import Window, anomalies, bridge, funnel, monthly_series, pareto, scorecard

COLUMNS = ["period", "kind", "customer_id", "customer_name", "region", "outlet_id", "sku",
           "category", "units", "net_sales"]


def frame(rows, columns):
    df = pd.DataFrame(rows, columns=columns)
    df["period"] = pd.PeriodIndex(df["period"], freq="M")
    return df




# ---------------------------------------------------------------- the two-region case
#
# Outlets: 北 N1..N5 (distributor D1), 南 S1..S5 (distributor D2): a universe of 5 each.
# One SKU "A" (饮料) at 10,000 元 a unit; every buying outlet buys 1 SKU.
#   2024-06  北: N1..N4 buy 10 units = 100,000 each -> 400,000   南: S1..S4 10 units -> 400,000
#   2025-06  北: N1..N3 buy 10 units                -> 300,000   南: S1..S4 14 units -> 560,000
# Targets 2025-06: 北 360,000, 南 520,000.
# So 北 lost one buying outlet: numeric distribution 4/5 = 80 % -> 3/5 = 60 % (−20 points),
# and nothing else moved; 南 kept its outlets and sold 14 instead of 10 units per SKU.

OUTLETS = pd.DataFrame({
    "outlet_id": [f"N{i}" for i in range(1, 6)] + [f"S{i}" for i in range(1, 6)],
    "customer_id": ["D1"] * 5 + ["D2"] * 5,
    "region": ["北"] * 5 + ["南"] * 5,
})


def _two_regions():
    rows = []
    for period, north, south_units in (("2024-06", 4, 10), ("2025-06", 3, 14)):
        rows += [(period, "sell_out", "D1", "北方商贸", "北", f"N{i}", "A", "饮料", 10.0, 100_000.0)
                 for i in range(1, north + 1)]
        rows += [(period, "sell_out", "D2", "南方商贸", "南", f"S{i}", "A", "饮料", float(south_units),
                  south_units * 10_000.0) for i in range(1, 5)]
    return frame(rows, COLUMNS)


SALES = _two_regions()
TARGETS = frame([("2025-06", "北", 360_000.0), ("2025-06", "南", 520_000.0)],
                ["period", "region", "net_sales"])
JUNE = Window("month", "2025-06")


def test_the_case_is_what_the_comment_says():
    card = scorecard(SALES, "region", JUNE, targets=TARGETS)
    assert card.loc["北", ["actual", "last_year", "target"]].tolist() == [300_000, 400_000, 360_000]
    assert card.loc["南", ["actual", "last_year", "target"]].tolist() == [560_000, 400_000, 520_000]


def test_region_below_target_names_distribution_as_driver():
    cards = segment_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS)
    # Only 北 is below target (300,000 / 360,000 = 83.3 %); 南 is at 560/520 = 107.7 %.
    assert [(c.kind, c.subject) for c in cards] == [("miss_target", "北")]
    north = cards[0]
    # YoY (300,000 − 400,000) / 400,000 = −25.0 %; ND 80 % -> 60 % = 20.0 points.
    assert north.headline == "北 达成率 83.3%（同比 −25.0%），主要因铺货率下降 20.0 个点（80.0% → 60.0%）"
    # 300,000 元 = 30.0 万元; target 36.0 万元, gap 6.0 万元; last year 40.0 万元, change −10.0 万元;
    # achievement 83.3 % vs 南 107.7 % -> second of two regions.
    assert north.understanding == (
        "北（纯销口径）销售额 30.0 万元；目标 36.0 万元，达成率 83.3%，缺口 6.0 万元；"
        "去年同期 40.0 万元，同比 −25.0%（−10.0 万元）；达成率在 2 个区域中排第 2。")
    # Funnel: only ND moved, so its LMDI contribution is the whole change:
    # L(300k, 400k) · ln(0.6 / 0.8) = (−100,000 / ln 0.75) · ln 0.75 = −100,000 = −10.0 万元, 100 % of the drag.
    assert north.insight == (
        "五维漏斗（纯销口径）：北销售额从 40.0 万元 变为 30.0 万元（−10.0 万元）；"
        "拖累最大的是铺货率下降 20.0 个点（80.0% → 60.0%），影响 −10.0 万元，占全部负向影响的 100.0%。")
    assert north.action == "和北的经销商一起排查停止进货的终端，制定回铺计划（负责人？完成日期？）"
    assert north.line == north.headline + " → 行动：" + north.action
    # Severity: max(gap 60,000, decline 100,000) / last-year total 800,000 = 0.125.
    assert north.severity == pytest.approx(0.125)


def test_region_card_in_english(en):
    north = segment_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS)[0]
    assert north.lang == "en"
    assert north.headline == ("北: achievement 83.3% (YoY −25.0%), mainly because numeric "
                              "distribution fell 20.0 points (80.0% → 60.0%)")
    # 300,000 CNY = 300.0 thousand CNY.
    assert north.understanding == (
        "北 (sell-out) net sales 300.0 thousand CNY; target 360.0 thousand CNY, achievement 83.3%, "
        "gap 60.0 thousand CNY; last year 400.0 thousand CNY, YoY −25.0% (−100.0 thousand CNY); "
        "achievement ranks 2 of 2 regions.")
    assert "worth −100.0 thousand CNY, 100.0% of all negative effects." in north.insight
    assert north.action.endswith("(owner? due date?)")
    assert north.line.startswith(north.headline + " → Action: With the 北 distributors")


def test_card_text_stays_in_the_language_it_was_made_in():
    north = segment_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS)[0]
    i18n.set_lang("en")
    try:
        assert " → 行动：" in north.line and north.text().splitlines()[1].startswith("理解：")
    finally:
        i18n.set_lang("zh")


def test_evidence_equals_the_kit_review_numbers():
    north = segment_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS)[0]
    card = scorecard(SALES, "region", JUNE, targets=TARGETS).loc["北"]
    result = funnel(SALES, OUTLETS, JUNE, where={"region": "北"})
    ev = north.evidence
    for name in ("actual", "target", "achievement", "last_year", "yoy", "change"):
        assert ev[f"scorecard.{name}"] == card[name]
    for column in ("base", "current", "growth", "contribution"):
        assert ev[f"funnel.numeric_distribution.{column}"] == result.table.loc[
            "numeric_distribution", column]
    assert ev["funnel.change"] == result.change
    # … and the kit.review numbers are the hand-computed ones.
    assert ev["scorecard.yoy"] == pytest.approx(-0.25)
    assert ev["scorecard.achievement"] == pytest.approx(300 / 360)
    assert (ev["funnel.numeric_distribution.base"], ev["funnel.numeric_distribution.current"]) == (
        pytest.approx(0.8), pytest.approx(0.6))
    assert ev["funnel.numeric_distribution.contribution"] == pytest.approx(-100_000)
    assert all(isinstance(v, float) for v in ev.values())


def test_decline_card_without_targets_reads_like_the_brief():
    # No targets: 北 is flagged by its YoY (−25 % < 0) instead.
    cards = segment_cards(SALES, JUNE, outlets=OUTLETS)
    assert [(c.kind, c.subject) for c in cards] == [("decline_driver", "北")]
    assert cards[0].headline == "北 同比 −25.0%，主要因铺货率下降 20.0 个点（80.0% → 60.0%）"
    assert "目标" not in cards[0].understanding
    # Severity without a target: the decline 100,000 / 800,000.
    assert cards[0].severity == pytest.approx(0.125)


def test_segment_thresholds_are_parameters():
    # 83.3 % is not below 80 %, and −25 % is not below −30 %: nothing to report.
    assert segment_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS, min_achievement=0.8,
                         max_yoy=-0.3) == []
    # Asking for 110 % flags 南 (107.7 %) too.
    cards = segment_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS, min_achievement=1.1)
    assert [c.subject for c in cards] == ["南", "北"]  # scorecard order: largest actual first
    # 南's funnel only rose (units per SKU +40 %), so no factor is named as the drag.
    south = cards[0]
    assert south.headline == "南 达成率 107.7%（同比 +40.0%）"
    assert south.insight == ("五维漏斗（纯销口径）：南销售额从 40.0 万元 变为 56.0 万元（+16.0 万元），"
                             "五个因素都没有下降；缺口不在终端表现上。")
    assert south.action.startswith("把南按客户、SKU 逐层下钻")


def test_segment_card_without_outlets_prompts_a_drill_down():
    north = segment_cards(SALES, JUNE, targets=TARGETS)[0]
    assert north.headline == "北 达成率 83.3%（同比 −25.0%）"
    assert north.insight == "没有北的终端数据，无法用五维漏斗分解原因。"
    assert north.action == "把北按客户、SKU 逐层下钻，找出缺口集中在哪里（负责人？完成日期？）"
    assert not any(k.startswith("funnel.") for k in north.evidence)


def test_growth_driver():
    cards = growth_cards(SALES, JUNE, outlets=OUTLETS)
    assert [(c.kind, c.subject) for c in cards] == [("growth_driver", "南")]  # 北 shrank
    south = cards[0]
    # 南 +160,000 (+40.0 %) of a total change +60,000: contribution 160/60 = 266.7 %.
    assert south.headline == "南 同比 +40.0%，贡献总增长的 266.7%"
    assert south.understanding == (
        "南（纯销口径）销售额 56.0 万元，去年同期 40.0 万元，同比 +40.0%，增长 16.0 万元；"
        "贡献了总增长的 266.7%（超过 100%：其他区域合计下降）。")
    # Its funnel: only units per SKU per outlet moved, 10 -> 14 (+40.0 %), worth all +160,000.
    assert south.insight == (
        "五维漏斗（纯销口径）：南的增长主要因为单品单店销量上升 40.0%（10.0 → 14.0），贡献 +16.0 万元。")
    assert south.evidence["scorecard.contribution"] == pytest.approx(160 / 60)
    assert south.evidence["funnel.units_per_sku.contribution"] == pytest.approx(160_000)
    # Severity: 0.5 × 160,000 / 800,000 = 0.1.
    assert south.severity == pytest.approx(0.1)
    assert growth_cards(SALES, JUNE, min_yoy=0.5) == []  # +40 % is not above 50 %
    # One region alone is the whole business: no peers to copy from, no card.
    assert growth_cards(SALES[SALES["region"] == "南"], JUNE) == []


def test_review_cards_sorted_by_severity_and_limited():
    cards = review_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS)
    # 北 0.125 > 南 0.1; no price rise, two customers only (no concentration), 13 months
    # (too few for anomalies).
    assert [(c.kind, c.subject) for c in cards] == [("miss_target", "北"), ("growth_driver", "南")]
    assert [c.kind for c in review_cards(SALES, JUNE, targets=TARGETS, outlets=OUTLETS, limit=1)] == [
        "miss_target"]
    with pytest.raises(ValueError, match="channel"):
        review_cards(SALES, JUNE, by="channel")


# ---------------------------------------------------------------- price hides volume
#
# SKU A (饮料): 2024-06 100 units for 1,000,000 (10,000 each); 2025-06 80 units at 12,000 = 960,000.
# SKU B (零食): 50 units for 1,000,000 (20,000 each) both years.
# 饮料 alone: volume (80 − 100) × 10,000 = −200,000; price (12,000 − 10,000) × 80 = +160,000;
# mix 0 (one SKU). Sales −40,000 = −4.0 %; units −20.0 %; price offsets 160/200 = 80.0 % of the loss.

PRICE_SALES = frame(
    [("2024-06", "C1", "A", "饮料", 100.0, 1_000_000.0), ("2025-06", "C1", "A", "饮料", 80.0, 960_000.0),
     ("2024-06", "C1", "B", "零食", 50.0, 1_000_000.0), ("2025-06", "C1", "B", "零食", 50.0, 1_000_000.0)],
    ["period", "customer_id", "sku", "category", "units", "net_sales"],
)


def test_price_masks_volume_by_category():
    cards = price_volume_cards(PRICE_SALES, JUNE)
    assert [(c.kind, c.subject) for c in cards] == [("price_masks_volume", "饮料")]  # 零食 is flat
    card = cards[0]
    assert card.headline == "饮料 涨价掩盖了销量下滑：价格 +16.0 万元，销量 −20.0 万元"
    assert card.understanding == "饮料销售额从 100.0 万元 变为 96.0 万元（−4.0%），销售数量 −20.0%。"
    assert card.insight.startswith(
        "价格/销量/结构桥：价格带来 +16.0 万元，销量造成 −20.0 万元，涨价抵消了 80.0% 的销量损失。")
    assert card.action.endswith("（负责人？完成日期？）")
    result = bridge(PRICE_SALES, JUNE, where={"category": "饮料"})
    assert card.evidence["bridge.volume"] == result.volume == -200_000
    assert card.evidence["bridge.price"] == result.price == 160_000
    assert card.evidence["bridge.price_offset"] == pytest.approx(0.8)
    # Severity: the hidden loss 200,000 / last-year total 2,000,000.
    assert card.severity == pytest.approx(0.1)


def test_price_masks_volume_in_english(en):
    card = price_volume_cards(PRICE_SALES, JUNE)[0]
    assert card.headline == ("饮料: a price rise hides a volume loss: price +160.0 thousand CNY, "
                             "volume −200.0 thousand CNY")
    assert card.understanding == ("饮料 net sales went from 1,000.0 thousand CNY to 960.0 thousand "
                                  "CNY (−4.0%); units −20.0%.")


def test_price_masks_volume_for_the_whole_business():
    # Both SKUs: PY avg price 2,000,000 / 150 = 13,333.33; volume (130 − 150) × 13,333.33 = −266,666.67;
    # price +160,000 (only A changed price); mix 130 × [(80/130 − 100/150)(10,000 − 13,333.33)
    # + (50/130 − 50/150)(20,000 − 13,333.33)] = +66,666.67; the three add to −40,000.
    card = price_volume_cards(PRICE_SALES, JUNE, by=None)[0]
    assert card.subject == "整体"
    assert card.evidence["bridge.mix"] == pytest.approx(66_666.67)
    # 160,000 / 266,666.67 = 60.0 %.
    assert card.headline == "整体 涨价掩盖了销量下滑：价格 +16.0 万元，销量 −26.7 万元"
    assert "涨价抵消了 60.0% 的销量损失" in card.insight


def test_price_volume_thresholds_are_parameters():
    assert price_volume_cards(PRICE_SALES, JUNE, min_offset=0.9) == []  # offsets only 80 %
    assert price_volume_cards(PRICE_SALES, JUNE, min_volume_drop=0.25) == []  # loss is 20 %
    with pytest.raises(ValueError):
        price_volume_cards(PRICE_SALES, JUNE, by="brand")


# ---------------------------------------------------------------- concentration
#
# Five customers in 2025-06: 650k, 200k, 80k, 40k, 30k of 1,000,000.
# Top 3 = 930k = 93.0 %; the largest 65.0 %. Shares before each: 0, .65, .85, .93, .97
# -> A (before < 80 %): 甲, 乙 (together 85.0 %); B: 丙, 丁; C: 戊.

CONC_SALES = frame(
    [("2025-06", c, n, v) for c, n, v in zip(
        ["C1", "C2", "C3", "C4", "C5"], ["甲超市", "乙商贸", "丙便利", "丁食品", "戊餐饮"],
        [650_000.0, 200_000.0, 80_000.0, 40_000.0, 30_000.0], strict=True)],
    ["period", "customer_id", "customer_name", "net_sales"],
)


def test_concentration():
    cards = concentration_cards(CONC_SALES, JUNE)
    assert len(cards) == 1
    card = cards[0]
    assert card.headline == "前 3 名客户占销售额的 93.0%"
    assert card.understanding == ("2025-06，前 3 名客户（甲超市、乙商贸、丙便利）占销售额的 93.0%；"
                                  "最大的 甲超市 一家占 65.0%。")
    assert card.insight.startswith("2 个客户（共 5 个）构成 A 类，合计占 85.0%。")
    table = pareto(CONC_SALES, "customer_id", JUNE.current)
    assert card.evidence["pareto.top_share"] == pytest.approx(table["share"].iloc[:3].sum())
    assert card.evidence["pareto.top_share"] == pytest.approx(0.93)
    assert card.evidence["pareto.class_a_count"] == 2
    # Severity 0.1 × (0.93 − 0.5) = 0.043.
    assert card.severity == pytest.approx(0.043)


def test_concentration_thresholds_are_parameters(en):
    assert concentration_cards(CONC_SALES, JUNE, min_share=0.95) == []
    assert concentration_cards(CONC_SALES, JUNE, top=5) == []  # the top 5 are everyone
    card = concentration_cards(CONC_SALES, JUNE, top=2)[0]
    # Top 2: 850k = 85.0 %.
    assert card.headline == "The top 2 customers make 85.0% of net sales"
    assert "Give every class-A customer an owner" in card.action


# ---------------------------------------------------------------- anomalies
#
# 36 months of about 1,000,000 (±1 % wiggle, + 0.3 % × (i mod 5)) with June 2025 (i = 29) × 1.5:
# 1,000,000 × (1 − 0.01 + 0.003 × 4) × 1.5 = 1,503,000 = 150.3 万元.

def _anomaly_sales():
    months = pd.period_range("2023-01", "2025-12", freq="M")
    values = [1_000_000 * (1 + 0.01 * (-1) ** i + 0.003 * (i % 5)) for i in range(36)]
    values[29] *= 1.5
    return pd.DataFrame({"period": months, "customer_id": "C1", "sku": "A", "units": 1.0,
                         "net_sales": values})


def test_anomalous_month_in_the_window():
    sales = _anomaly_sales()
    cards = anomaly_cards(sales, Window("ytd", "2025-12"))
    assert [(c.kind, c.subject) for c in cards] == [("anomaly", "2025-06")]
    card = cards[0]
    row = anomalies(monthly_series(sales)).loc[pd.Period("2025-06", "M")]
    assert card.evidence == {"anomalies.actual": row["actual"], "anomalies.expected": row["expected"],
                             "anomalies.deviation": row["deviation"], "anomalies.score": row["score"]}
    assert row["actual"] == pytest.approx(1_503_000)
    assert card.understanding.startswith("2025-06销售额 150.3 万元，按趋势 × 季节性预计 ")
    assert f"偏离 {fmt.percent(row['deviation'], sign=True)}" in card.understanding
    assert card.headline == f"2025-06 销售额偏离常态 {fmt.percent(row['deviation'], sign=True)}"
    assert row["deviation"] > 0.1 and card.severity > 0


def test_anomalies_outside_the_window_or_below_z_are_not_cards():
    sales = _anomaly_sales()
    assert anomaly_cards(sales, Window("ytd", "2025-05")) == []
    assert anomaly_cards(sales, Window("ytd", "2025-12"), z=1000) == []
    assert anomaly_cards(SALES, JUNE) == []  # 13 months: too few to fit a seasonality


# ---------------------------------------------------------------- formats


def test_card_is_frozen():
    card = Card("anomaly", "2025-06", "u", "i", "a")
    with pytest.raises(AttributeError):
        card.subject = "x"


# ---------------------------------------------------------------- the ABC case


@pytest.fixture(scope="module")
def abc():
    from kit import cases

    return cases.load_case("abc", ("sales", "targets", "outlets"))


def test_abc_finds_huabei_and_its_distribution_loss(abc):
    cards = review_cards(abc["sales"], Window("ytd", "2025-12"), targets=abc["targets"],
                         outlets=abc["outlets"])
    regions = [c for c in cards if c.kind in ("miss_target", "decline_driver")]
    weakest = regions[0]
    assert weakest.subject == "华北"
    assert weakest.kind == "miss_target"
    # Its funnel's most negative factor is numeric distribution.
    contribution = funnel(abc["sales"], abc["outlets"], Window("ytd", "2025-12"),
                          where={"region": "华北"}).table["contribution"]
    assert contribution.idxmin() == "numeric_distribution"
    assert "主要因铺货率下降" in weakest.headline
    assert weakest.evidence["funnel.numeric_distribution.contribution"] == contribution.min()
    assert weakest.action.startswith("和华北的经销商一起排查停止进货的终端")
    # The case's price story surfaces too: the 饮料 price rise hides a volume loss.
    assert ("price_masks_volume", "饮料") in [(c.kind, c.subject) for c in cards]
