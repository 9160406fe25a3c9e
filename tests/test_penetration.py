"""kit.penetration: distribution, penetration, buyer flow, whitespace and scenario by hand.

The toy market (potential is annual; the window is 2025-01..03, 3 months):

    outlet  customer region channel potential  sell-out in the window
    O1      D1       N      超市     1200       Jan A 10u 100, Feb A 5u 50, Feb B 2u 40
    O2      D1       N      餐饮      600       (bought A in 2024-12 only: lapsed)
    O3      D2       S      超市     2400       Jan A 20u 200, Mar B 4u 80
    O4      D2       S      餐饮     1200       Feb A 0u 0 (a cancelled order: not buying)

SKU A is 饮料, B is 调味品. O1 also bought A in 2024-11.
"""

import math

import numpy as np
import pandas as pd
import pytest

from kit import i18n
from kit.penetration import (
    buyer_flow,
    buyer_status,
    distribution,
    eligibility,
    export_table,
    flow_labels,
    growth_scenario,
    penetration,
    sku_distribution,
    target_list,
    whitespace,
    whitespace_grid,
    whitespace_matrix,
)

WINDOW = pd.period_range("2025-01", "2025-03", freq="M")
BEFORE = pd.period_range("2024-10", "2024-12", freq="M")

OUTLETS = pd.DataFrame({
    "outlet_id": ["O1", "O2", "O3", "O4"],
    "customer_id": ["D1", "D1", "D2", "D2"],
    "region": ["N", "N", "S", "S"],
    "channel": ["超市", "餐饮", "超市", "餐饮"],
    "potential": [1200.0, 600.0, 2400.0, 1200.0],
}).astype({c: "category" for c in ("outlet_id", "customer_id", "region", "channel")})


def rows(*spec):
    frame = pd.DataFrame(spec, columns=["period", "kind", "customer_id", "outlet_id", "sku",
                                        "units", "net_sales"])
    frame["period"] = pd.PeriodIndex(frame["period"], freq="M")
    frame["category"] = frame["sku"].map({"A": "饮料", "B": "调味品"})
    for column in ("customer_id", "outlet_id", "sku", "category"):
        frame[column] = frame[column].astype("category")
    return frame


SALES = rows(
    ("2025-01", "sell_out", "D1", "O1", "A", 10, 100.0),
    ("2025-02", "sell_out", "D1", "O1", "A", 5, 50.0),
    ("2025-02", "sell_out", "D1", "O1", "B", 2, 40.0),
    ("2025-01", "sell_out", "D2", "O3", "A", 20, 200.0),
    ("2025-03", "sell_out", "D2", "O3", "B", 4, 80.0),
    ("2025-02", "sell_out", "D2", "O4", "A", 0, 0.0),
    ("2024-12", "sell_out", "D1", "O2", "A", 3, 30.0),
    ("2024-11", "sell_out", "D1", "O1", "A", 1, 10.0),
    ("2025-01", "sell_in", "D1", None, "A", 100, 900.0),  # sell-in never counts here
)


# ------------------------------------------------------------------ distribution


def test_numeric_and_weighted_distribution_tdp_and_skus_per_outlet():
    d = distribution(SALES, OUTLETS, WINDOW).iloc[0]
    # Stocking O1, O3 of 4 outlets: ND = 2 / 4 = 0.5 (O4's zero-unit row is no purchase).
    assert (d["universe"], d["stocking"], d["nd"]) == (4, 2, 0.5)
    # WD by potential: (1200 + 2400) / (1200 + 600 + 2400 + 1200) = 3600 / 5400.
    assert d["wd"] == pytest.approx(3600 / 5400)
    # Pairs O1-A, O1-B, O3-A, O3-B = 4 over 2 stocking outlets.
    assert d["skus_per_outlet"] == 2
    # TDP = Σ pairs' weight / total = (1200 + 1200 + 2400 + 2400) / 5400 = 1.333.
    assert d["tdp"] == pytest.approx(7200 / 5400)


def test_tdp_is_the_sum_of_sku_weighted_distribution():
    per_sku = sku_distribution(SALES, OUTLETS, WINDOW)
    # A and B are each stocked by O1 and O3: WD 3600 / 5400 each; ND 2 / 4.
    assert per_sku["wd"].tolist() == pytest.approx([2 / 3, 2 / 3])
    assert per_sku["nd"].tolist() == [0.5, 0.5]
    assert per_sku["wd"].sum() == pytest.approx(distribution(SALES, OUTLETS, WINDOW)["tdp"].iloc[0])


def test_distribution_by_region_and_category():
    by_region = distribution(SALES, OUTLETS, WINDOW, by="region")
    # N: O1 of {O1, O2} stocks, WD 1200 / 1800; S: O3 of {O3, O4}, WD 2400 / 3600.
    assert by_region["nd"].to_dict() == {"N": 0.5, "S": 0.5}
    assert by_region["wd"].tolist() == pytest.approx([2 / 3, 2 / 3])
    grid = distribution(SALES, OUTLETS, WINDOW, by="channel", product="category")["nd"]
    # 超市: both outlets bought 饮料 and 调味品; 餐饮: nobody in the window.
    assert grid.loc[("超市", "饮料")] == 1.0 and grid.loc[("餐饮", "调味品")] == 0.0


def test_weighted_distribution_by_own_sales():
    d = distribution(SALES, OUTLETS, WINDOW, weight="sales").iloc[0]
    # Only buyers have own sales, so WD over the whole range is 1 and TDP = 2 SKUs × 1.
    assert d["wd"] == 1.0 and d["tdp"] == 2.0


def test_where_filters_universe_and_products():
    d = distribution(SALES, OUTLETS, WINDOW, where={"channel": "超市", "category": "调味品"})
    # Universe O1, O3; both bought B: ND 1.0, one SKU per outlet.
    assert d[["universe", "stocking", "nd", "skus_per_outlet"]].iloc[0].tolist() == [2, 2, 1, 1]
    with pytest.raises(ValueError, match="neither"):
        distribution(SALES, OUTLETS, WINDOW, where={"colour": "red"})


# ------------------------------------------------------------------ penetration


def test_penetration_frequency_spend_and_share_of_wallet():
    p = penetration(SALES, OUTLETS, WINDOW, by="channel")
    sm = p.loc["超市"]
    # Universe O1, O3, both bought: 2 / 2.
    assert (sm["universe"], sm["buyers"], sm["penetration"]) == (2, 2, 1.0)
    # Sales 100 + 50 + 40 + 200 + 80 = 470; buying months O1 Jan, Feb; O3 Jan, Mar = 4 orders.
    assert (sm["sales"], sm["orders"], sm["frequency"]) == (470, 4, 2.0)
    assert sm["spend_per_buyer"] == 235 and sm["spend_per_order"] == 117.5
    # Potential over 3 months: (1200 + 2400) × 3 / 12 = 900; 470 / 900.
    assert sm["potential"] == 900 and sm["sales_to_potential"] == pytest.approx(470 / 900)
    assert sm["share_of_wallet"] == pytest.approx(470 / 900)
    ct = p.loc["餐饮"]
    # Nobody buys: 0 / 2; frequency n/a; potential (600 + 1200) × 3 / 12 = 450; SoW n/a.
    assert (ct["buyers"], ct["penetration"], ct["potential"]) == (0, 0.0, 450)
    assert math.isnan(ct["frequency"]) and math.isnan(ct["share_of_wallet"])


def test_customer_penetration():
    p = penetration(SALES, OUTLETS, WINDOW, unit="customer_id").iloc[0]
    # D1 buys through O1 (Jan, Feb), D2 through O3 (Jan, Mar): 2 / 2, 4 buying months.
    assert (p["universe"], p["buyers"], p["orders"], p["frequency"]) == (2, 2, 4, 2.0)
    # Buyers' potential = the whole universe's: 5400 × 3 / 12 = 1350.
    assert p["buyer_potential"] == 1350


# ------------------------------------------------------------------ buyer flow


def test_buyer_flow_retained_new_lost():
    status = buyer_status(SALES, BEFORE, WINDOW, outlets=OUTLETS)
    # Before: O1 (Nov), O2 (Dec). After: O1, O3.
    assert status["status"].to_dict() == {"O1": "retained", "O2": "lost", "O3": "new"}
    flow = buyer_flow(status).iloc[0]
    # start 2 + new 1 − lost 1 = end 2.
    assert flow.to_dict() == {"start": 2, "retained": 1, "new": 1, "lost": 1, "end": 2}
    by = buyer_flow(status, by="region")
    assert by.loc["N"].to_dict() == {"start": 2, "retained": 1, "new": 0, "lost": 1, "end": 1}
    assert status.loc["O2", "potential"] == 600  # the win-back list carries the potential
    with pytest.raises(ValueError, match="overlap"):
        buyer_status(SALES, WINDOW, WINDOW)


def test_flow_labels_switch_language():
    assert flow_labels("zh")["lost"] == "流失" and flow_labels("en")["new"] == "new"


# ------------------------------------------------------------------ whitespace


def test_eligibility_from_history_and_rules():
    ws = whitespace(SALES, OUTLETS, WINDOW)
    grid = whitespace_grid(ws)
    # 超市 outlets bought both lines; in 餐饮 only 饮料 was ever bought (O2, 2024-12).
    assert grid.loc["O1"].to_dict() == {"调味品": "bought", "饮料": "bought"}
    assert grid.loc["O2"].to_dict() == {"调味品": "not_eligible", "饮料": "not_bought"}
    assert grid.loc["O4"].to_dict() == {"调味品": "not_eligible", "饮料": "not_bought"}
    ruled = whitespace_grid(whitespace(SALES, OUTLETS, WINDOW, rules={"餐饮": ["调味品", "饮料"]}))
    assert ruled.loc["O4", "调味品"] == "not_bought"
    with pytest.raises(ValueError, match="unknown"):
        whitespace(SALES, OUTLETS, WINDOW, rules={"餐饮": ["酱油"]})


def test_a_rule_excluding_a_bought_line_leaves_its_share_na():
    # Rule: 超市 sells only 调味品. O1 and O3 (超市) bought 饮料 in the window anyway: those cells
    # stay "bought", but 超市 × 饮料 is not a listed cell, so its bought share is n/a, not 2/2.
    ws = whitespace(SALES, OUTLETS, WINDOW, rules={"超市": ["调味品"]})
    assert whitespace_grid(ws).loc["O1", "饮料"] == "bought"
    share = whitespace_matrix(ws, value="bought_share")
    assert math.isnan(share.loc["超市", "饮料"])
    # 超市 × 调味品: O1 (Feb B) and O3 (Mar B) both bought: 2 / 2.
    assert share.loc["超市", "调味品"] == 1.0


def test_eligibility_grid_directly():
    bought = pd.DataFrame({"segment": ["a"], "product": ["x"]})
    grid = eligibility(bought, ["a", "b"], ["x", "y"], rules={"b": ["y"]})
    assert grid.to_dict("index") == {"a": {"x": True, "y": False}, "b": {"x": False, "y": True}}


def test_whitespace_potential_gap_and_status():
    ws = whitespace(SALES, OUTLETS, WINDOW, mix={"饮料": 3, "调味品": 1}).set_index(
        ["outlet_id", "product"])
    # O1: 1200 × 3/12 = 300 over both lines 3:1 -> 饮料 225 (sold 150: gap 75),
    # 调味品 75 (sold 40: gap 35).
    assert ws.loc[("O1", "饮料"), ["potential", "current", "gap"]].tolist() == [225, 150, 75]
    assert ws.loc[("O1", "调味品"), ["potential", "current", "gap"]].tolist() == [75, 40, 35]
    # O2: only 饮料 is eligible, so it takes all 600 × 3/12 = 150; open share 1.
    assert ws.loc[("O2", "饮料"), ["potential", "gap", "open_share"]].tolist() == [150, 150, 1]
    assert ws.loc[("O2", "调味品"), ["potential", "gap"]].tolist() == [0, 0]
    assert ws.loc[("O2", "饮料"), "relationship"] == "lapsed"
    assert ws.loc[("O4", "饮料"), "relationship"] == "never"
    assert ws.loc[("O3", "饮料"), "relationship"] == "active"


def test_default_mix_is_the_windows_sales_mix():
    ws = whitespace(SALES, OUTLETS, WINDOW).set_index(["outlet_id", "product"])
    # Window sales: 饮料 100 + 50 + 200 = 350, 调味品 40 + 80 = 120; O3: 2400 × 3/12 = 600.
    assert ws.loc[("O3", "饮料"), "potential"] == pytest.approx(600 * 350 / 470)


def test_whitespace_matrix():
    ws = whitespace(SALES, OUTLETS, WINDOW, mix={"饮料": 3, "调味品": 1})
    gap = whitespace_matrix(ws)
    # 餐饮 × 饮料: O2 150 + O4 300; 超市 × 调味品: O1 35 + O3 (150 − 80 = 70).
    assert gap.loc["餐饮", "饮料"] == 450 and gap.loc["超市", "调味品"] == 105
    share = whitespace_matrix(ws, value="bought_share")
    assert share.loc["超市", "饮料"] == 1.0 and share.loc["餐饮", "饮料"] == 0.0
    assert math.isnan(share.loc["餐饮", "调味品"])  # nothing eligible


def test_target_list_score_and_order():
    ws = whitespace(SALES, OUTLETS, WINDOW, mix={"饮料": 3, "调味品": 1})
    targets = target_list(ws)
    # O2 饮料: 1 × 150 × 0.6 (lapsed) = 90; O4 饮料: 1 × 300 × 0.3 (never) = 90;
    # equal scores: the larger potential first.
    assert targets[["outlet_id", "score"]].values.tolist() == [["O4", 90.0], ["O2", 90.0]]
    assert targets["rank"].tolist() == [1, 2]
    warm = target_list(ws, ease={"never": 1.0})
    assert warm["score"].tolist() == [300, 90]
    per_outlet = target_list(ws, ease=pd.Series({"O2": 1.0}))
    assert per_outlet.set_index("outlet_id")["score"].to_dict() == {"O2": 150, "O4": 90}
    # Bought cells with room too: O3 饮料 gap 450 − 200 = 250 × 1.0 (active) leads.
    both = target_list(ws, statuses=("not_bought", "bought"), top=1)
    assert both[["outlet_id", "product", "score"]].values.tolist() == [["O3", "饮料", 250.0]]
    with pytest.raises(ValueError, match="ease"):
        target_list(ws, ease={"never": 2.0})


def test_target_list_exports_localised():
    targets = target_list(whitespace(SALES, OUTLETS, WINDOW))
    zh = export_table(targets, "zh")
    assert "优先得分" in zh.columns and zh["状态"].iloc[0] == "未购买（空白）"
    en = export_table(targets, "en")
    assert "priority score" in en.columns and en["relationship"].iloc[0] == "never bought"
    assert i18n.get_lang() == "zh"


# ------------------------------------------------------------------ scenario

BASE = pd.Series({"universe": 100.0, "numeric_distribution": 0.5, "skus_per_outlet": 4.0,
                  "units_per_sku": 10.0, "avg_price": 5.0})


def test_growth_scenario_by_hand():
    # Today 100 × .5 × 4 × 10 × 5 = 10,000. +10 pt penetration (.6), +10 % frequency
    # (units per SKU 11), +5 % spend (SKUs per outlet 4.2): 100 × .6 × 4.2 × 11 × 5 = 13,860.
    s = growth_scenario(BASE, penetration_points=10, frequency=0.10, spend=0.05)
    assert (s.base_sales, s.sales, s.change) == (10_000, 13_860, 3_860)
    weight = 3_860 / math.log(1.386)
    assert s.levers.loc["penetration", "contribution"] == pytest.approx(weight * math.log(1.2),
                                                                          abs=0.01)
    assert s.levers["contribution"].sum() == pytest.approx(3_860, abs=1e-6)
    # The same change on the five funnel factors.
    table = s.funnel.table
    assert table.loc["units_per_sku", "current"] == pytest.approx(11)
    assert table.loc["skus_per_outlet", "current"] == pytest.approx(4.2)
    assert table["contribution"].sum() == pytest.approx(3_860, abs=1e-6)
    assert s.lever_labels("zh")["frequency"] == "购买频次"


def test_scenario_spend_on_price_and_limits():
    s = growth_scenario(BASE, spend=0.1, spend_factor="avg_price")
    assert s.funnel.table.loc["avg_price", "current"] == pytest.approx(5.5)
    assert s.sales == pytest.approx(11_000)
    with pytest.raises(ValueError, match="100 %"):
        growth_scenario(BASE, penetration_points=60)
    with pytest.raises(ValueError, match="spend_factor"):
        growth_scenario(BASE, spend_factor="universe")
    assert np.isclose(growth_scenario(BASE).change, 0)
