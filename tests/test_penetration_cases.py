"""The case data's stage-4 stories surface through kit.penetration (datasets/TRAINER.md):
华北 loses distribution in 2025 (story 1), 餐饮 is whitespace (story 5), and the pharma
chain's 绍兴 stores are under-penetrated."""

import pandas as pd
import pytest

from kit.cases import load_case
from kit.penetration import (
    buyer_flow,
    buyer_status,
    distribution,
    growth_scenario,
    penetration,
    target_list,
    whitespace,
    whitespace_matrix,
)
from kit.review import Window, funnel

Y2024 = pd.period_range("2024-01", "2024-12", freq="M")
Y2025 = pd.period_range("2025-01", "2025-12", freq="M")


@pytest.fixture(scope="module")
def abc():
    tables = load_case("abc", ("sales", "outlets"))
    outlets = tables["outlets"]
    # The distributors' traditional outlets (ABC's own stores are a separate universe).
    return tables["sales"], outlets[outlets["customer_id"] != "ABC"]


@pytest.fixture(scope="module")
def pharma():
    tables = load_case("pharma", ("sales", "outlets"))
    return tables["sales"], tables["outlets"]


def test_huabei_loses_distribution_in_2025(abc):
    sales, outlets = abc
    before = distribution(sales, outlets, Y2024, by="region")["nd"]
    after = distribution(sales, outlets, Y2025, by="region")["nd"]
    # TRAINER.md: 华北 annual ND 70.2 % -> 58.4 % (351 -> 292 of 500 outlets).
    assert (before["华北"], after["华北"]) == (pytest.approx(0.702), pytest.approx(0.584))
    change = after - before
    assert change.idxmin() == "华北" and change["华北"] < -0.10
    assert change.drop("华北").abs().max() < 0.015  # the other regions hold


def test_huabei_lost_buyers_are_the_win_back_list(abc):
    sales, outlets = abc
    status = buyer_status(sales, Y2024, Y2025, outlets=outlets)
    flow = buyer_flow(status, by="region")
    # 60 华北 outlets bought in 2024 and not once in 2025; no region loses as many.
    assert flow.loc["华北", "lost"] == 60 and flow["lost"].idxmax() == "华北"
    assert (flow["start"] + flow["new"] - flow["lost"] == flow["end"]).all()
    lost = status[(status["region"] == "华北") & (status["status"] == "lost")]
    assert lost["channel"].value_counts().to_dict() == {"夫妻店": 31, "便利店": 16, "超市": 11,
                                                        "餐饮": 2}


def test_huabei_funnel_blames_distribution(abc):
    sales, outlets = abc
    f = funnel(sales, outlets, Window("mat", "2025-12"), where={"region": "华北"})
    contribution = f.table["contribution"]
    assert contribution.idxmin() == "numeric_distribution"
    # Winning back the lost ND points is the scenario's first lever.
    s = growth_scenario(f, penetration_points=11.8)
    assert s.levers.loc["penetration", "contribution"] > 0.15 * s.base_sales


def test_restaurants_are_the_penetration_gap(abc):
    sales, outlets = abc
    p = penetration(sales, outlets, Y2025, by="channel")
    # TRAINER.md: 餐饮 2025 buying 20.1 % of 363, sell-out / potential 1.6 %.
    assert p.loc["餐饮", "universe"] == 363
    assert p.loc["餐饮", "penetration"] == pytest.approx(0.201, abs=0.001)
    assert p.loc["餐饮", "sales_to_potential"] == pytest.approx(0.016, abs=0.001)
    assert p["penetration"].idxmin() == "餐饮" and p["sales_to_potential"].idxmin() == "餐饮"
    nd = distribution(sales, outlets, Y2025, by="channel", product="category")["nd"]
    # Only 2 of 363 restaurants bought 调味品 (supermarkets 83.7 %).
    assert nd.loc[("餐饮", "调味品")] == pytest.approx(2 / 363)
    assert nd.loc[("超市", "调味品")] == pytest.approx(0.837, abs=0.001)


def test_restaurant_whitespace_and_target_list(abc):
    sales, outlets = abc
    ws = whitespace(sales, outlets, Y2025)
    gap = whitespace_matrix(ws).sum(axis=1)
    potential = whitespace_matrix(ws, value="potential").sum(axis=1)
    # Every channel's cells add up to its potential (65,288,407 for 餐饮) ...
    assert potential["餐饮"] == pytest.approx(65_288_407)
    # ... and 餐饮's is nearly all whitespace (≈ 64.3 M of 65.3 M), the highest open share.
    assert gap["餐饮"] == pytest.approx(64_252_894, rel=0.005)
    assert (gap / potential).idxmax() == "餐饮"
    bought = whitespace_matrix(ws, value="bought_share")
    assert bought.loc["餐饮", "调味品"] < 0.01 and bought.loc["超市", "调味品"] > 0.8
    top = target_list(ws, top=100)
    assert top["channel"].value_counts().idxmax() == "餐饮"
    assert top["score"].is_monotonic_decreasing


def test_shaoxing_stores_are_under_penetrated(pharma):
    sales, outlets = pharma
    p = penetration(sales, outlets, Y2025, by="region")
    # TRAINER.md: sell-out / potential 杭州 40.5 %, 宁波 42.7 %, 绍兴 21.5 %.
    assert p["sales_to_potential"].round(3).to_dict() == {"宁波": 0.427, "杭州": 0.405,
                                                          "绍兴": 0.215}
    d = distribution(sales, outlets, Y2025, by="region")
    # 8.5 SKUs on sale per 绍兴 store against 13.0 in 杭州.
    assert d.loc["绍兴", "skus_per_outlet"] == pytest.approx(8.5, abs=0.05)
    lipids = distribution(sales, outlets, Y2025, by="region", where={"category": "血脂"})["nd"]
    assert lipids["绍兴"] == pytest.approx(6 / 18) and lipids["杭州"] == 1.0
