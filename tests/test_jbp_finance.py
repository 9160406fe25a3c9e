"""kit.jbp.finance: distributor P&L, DIO/DSO/DPO, ROI, GMROI and channel stock, by hand."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.cases import load_case
from kit.jbp import (
    channel_stock,
    economics,
    longest_run,
    months,
    pnl,
    profit_model,
    stock_flow,
    stuffing,
    working_capital,
)


def ledger() -> pd.DataFrame:
    """A: three ordinary months. B: one month financed by its supplier (huge payables)."""
    a = pd.DataFrame({
        "period": pd.period_range("2025-01", periods=3, freq="M"),
        "customer_id": "A",
        "revenue": [1000.0, 1200.0, 800.0], "cogs": [900.0, 1080.0, 720.0],
        "rebates": [20.0] * 3, "warehouse": [10.0] * 3, "logistics": [20.0] * 3,
        "sales_staff": [30.0] * 3, "other_opex": [5.0] * 3,
        "inventory": [300.0, 360.0, 240.0], "receivables": [400.0, 500.0, 300.0],
        "payables": [150.0, 200.0, 100.0],
        "primary_units": [100.0, 150.0, 80.0], "secondary_units": [90.0, 100.0, 120.0],
    })
    b = pd.DataFrame({
        "period": [pd.Period("2025-01", "M")], "customer_id": "B", "revenue": [1000.0],
        "cogs": [900.0], "rebates": [0.0], "warehouse": [0.0], "logistics": [0.0],
        "sales_staff": [0.0], "other_opex": [0.0], "inventory": [10.0], "receivables": [10.0],
        "payables": [1000.0], "primary_units": [10.0], "secondary_units": [10.0],
    })
    return pd.concat([a, b], ignore_index=True)


def test_pnl_by_hand():
    p = pnl(ledger()).loc["A"]
    # revenue 1000 + 1200 + 800 = 3000; COGS 900 + 1080 + 720 = 2700; gross margin 300.
    assert p["revenue"] == 3000 and p["cogs"] == 2700 and p["gross_margin"] == 300
    # opex = 3 × (10 + 20 + 30 + 5) = 195; rebates 3 × 20 = 60 are the distributor's income.
    assert p["opex"] == 195 and p["rebates"] == 60
    # net profit = 300 + 60 − 195 = 165; net margin 165 / 3000 = 5.5 %.
    assert p["net_profit"] == 165
    assert p["net_margin_pct"] == pytest.approx(0.055)
    assert p["gross_margin_pct"] == pytest.approx(0.10)
    assert p["opex_pct"] == pytest.approx(0.065)
    assert p["months"] == 3


def test_days_cash_cycle_roi_gmroi_by_hand():
    e = economics(ledger()).loc["A"]
    # Three months are 365 × 3 / 12 = 91.25 days. Averages: inventory 300, receivables 400,
    # payables 150.
    assert e["dio"] == pytest.approx(91.25 * 300 / 2700)  # 10.14 days
    assert e["dso"] == pytest.approx(91.25 * 400 / 3000)  # 12.17 days
    assert e["dpo"] == pytest.approx(91.25 * 150 / 2700)  # 5.07 days
    # cash cycle = 91.25 × (10 + 12 − 5) / 90 = 17.24 days; rotations 365 / 17.24 = 360 / 17.
    assert e["cash_cycle"] == pytest.approx(91.25 * 17 / 90)
    assert e["rotations"] == pytest.approx(360 / 17)
    # ROI = 5.5 % × 360 / 17 = 1.1647 a year.
    assert e["roi"] == pytest.approx(0.055 * 360 / 17)
    # GMROI = gross margin annualised (300 × 12 / 3 = 1200) / avg inventory 300 = 4.
    assert e["gmroi"] == pytest.approx(4.0)


def test_one_month_is_annualised_the_same_way():
    # January alone: 365 / 12 = 30.42 days × 300 / 900 = 10.14 days of inventory.
    wc = working_capital(ledger(), "2025-01").loc["A"]
    assert wc["dio"] == pytest.approx(365 / 12 * 300 / 900)
    # The window of a year reads as the plain 365 × average / annual flow.
    twelve = ledger().iloc[[0]].loc[np.repeat(0, 12)].assign(
        period=pd.period_range("2025-01", periods=12, freq="M"))
    assert working_capital(twelve).loc["A", "dio"] == pytest.approx(365 * 300 / (12 * 900))


def test_negative_cash_cycle_gives_na_never_inf():
    e = economics(ledger()).loc["B"]
    # DIO 30.4 × 10 / 900 + DSO 30.4 × 10 / 1000 − DPO 30.4 × 1000 / 900 < 0.
    assert e["cash_cycle"] < 0
    assert math.isnan(e["rotations"]) and math.isnan(e["roi"])
    assert np.isfinite(economics(ledger()).select_dtypes("number").fillna(0)).all().all()


def test_periods_and_windows():
    q = pnl(ledger(), freq="Q")
    assert list(q.index) == [("A", "2025Q1"), ("B", "2025Q1")]
    m = pnl(ledger(), freq="M").loc["A"]
    assert list(m.index) == ["2025-01", "2025-02", "2025-03"]
    assert m["net_profit"].sum() == pytest.approx(165)
    assert list(months("2025H2").astype(str)) == [f"2025-{m:02d}" for m in range(7, 13)]
    assert list(months("2025Q3").astype(str)) == ["2025-07", "2025-08", "2025-09"]
    assert len(months("2024")) == 12 and len(months(("2025-02", "2025-05"))) == 4
    assert pnl(ledger(), ("2025-02", "2025-03")).loc["A", "revenue"] == 2000


def test_missing_optional_lines():
    bare = ledger()[["period", "customer_id", "revenue", "cogs"]]
    p = economics(bare).loc["A"]
    # No rebates and no opex booked: net profit = gross margin; no balances: days are n/a.
    assert p["net_profit"] == 300 and math.isnan(p["dio"]) and math.isnan(p["roi"])


def test_profit_model_chain():
    m = profit_model(economics(ledger()).loc["A"])
    assert m["gross_margin_pct"] + m["rebate_pct"] - m["opex_pct"] == pytest.approx(
        m["net_margin_pct"])
    assert m["net_margin_pct"] * m["rotations"] == pytest.approx(m["roi"])


def test_stock_flow_by_hand():
    f = stock_flow(ledger(), opening=50).loc["A"]
    # 50 + 100 − 90 = 60; 60 + 150 − 100 = 110; 110 + 80 − 120 = 70.
    assert list(f["closing"]) == [60, 110, 70]
    assert list(f["opening"]) == [50, 60, 110]
    assert f["ratio"].tolist() == pytest.approx([100 / 90, 1.5, 80 / 120])
    assert f["above"].tolist() == [False, True, False]
    # Estimated opening: January closes with 300 of stock at 900 / 90 = 10 a unit = 30 units,
    # so it opened with 30 − (100 − 90) = 20.
    assert stock_flow(ledger()).loc[("A", pd.Period("2025-01", "M")), "opening"] == 20
    s = channel_stock(ledger(), opening={"A": 50, "B": 0}).loc["A"]
    # Σ primary 330 / Σ secondary 310 = 1.06: not stuffing; one month above the threshold.
    assert (s["opening"], s["closing"], s["change"]) == (50, 70, 20)
    assert s["ratio"] == pytest.approx(330 / 310) and not s["stuffing"]
    assert s["months_above"] == 1


def test_longest_run():
    assert longest_run(pd.Series([True, True, False, True, True, True, False])) == 3
    assert longest_run(pd.Series([False, False])) == 0


@st.composite
def flows(draw):
    n = draw(st.integers(1, 14))
    ids = draw(st.lists(st.sampled_from(["D1", "D2", "D3"]), min_size=1, max_size=3,
                        unique=True))
    rows = []
    for cid in ids:
        for p in pd.period_range("2024-11", periods=n, freq="M"):
            rows.append({"period": p, "customer_id": cid, "revenue": 1.0, "cogs": 1.0,
                         "primary_units": float(draw(st.integers(0, 10_000))),
                         "secondary_units": float(draw(st.integers(0, 10_000)))})
    return pd.DataFrame(rows), draw(st.integers(0, 50_000))


@settings(max_examples=60, deadline=None)
@given(flows(), st.sampled_from([None, "Q", "H", "Y"]))
def test_stock_flow_identity(case, freq):
    data, opening = case
    f = stock_flow(data, opening=opening)
    # opening + primary − secondary = closing, every month ...
    assert (f["opening"] + f["primary"] - f["secondary"] == f["closing"]).all()
    # ... and each month opens with the previous month's closing.
    for _, g in f.groupby(level="customer_id"):
        assert (g["opening"].iloc[1:].to_numpy() == g["closing"].iloc[:-1].to_numpy()).all()
        assert g["opening"].iloc[0] == opening
    # The identity survives aggregation to any period.
    c = channel_stock(data, freq=freq, opening=opening)
    assert (c["opening"] + c["primary"] - c["secondary"] == c["closing"]).all()


# ---------------------------------------------------------------- the ABC case (story 3)


@pytest.fixture(scope="module")
def abc_ledger():
    return load_case("abc", ("distributor_ledger",))["distributor_ledger"]


def test_d05_stuffs_stock_in_2025_h2(abc_ledger):
    h2 = channel_stock(abc_ledger, "2025H2")
    assert h2["stuffing"].tolist() == [c == "D05" for c in h2.index]
    # D05: primary 1,043,468 / secondary 704,190 = 1.48; July to November above 1.3.
    assert h2.loc["D05", "ratio"] == pytest.approx(1_043_468 / 704_190)
    assert h2.loc["D05", "months_above"] == 5
    finding = stuffing(abc_ledger, "D05", "2025H2")
    assert finding.flag and finding.evidence["run"] == 5
    assert "D05" in finding.message
    # D05's annual DIO 2025 is 45.9 days (17.8 in 2024), as the trainer's notes say.
    assert economics(abc_ledger, "2025").loc["D05", "dio"] == pytest.approx(45.9, abs=0.05)
    assert economics(abc_ledger, "2024").loc["D05", "dio"] == pytest.approx(17.8, abs=0.05)


def test_pre_spring_festival_december_is_not_stuffing(abc_ledger):
    # Every distributor buys ahead in December 2024 (ratio up to 1.31) — one month is not
    # stuffing, and no one is flagged for 2024 H2 or for 2024 H2 + January.
    assert not channel_stock(abc_ledger, "2024H2")["stuffing"].any()
    for cid in abc_ledger["customer_id"].astype(str).unique():
        assert not stuffing(abc_ledger, cid, ("2024-10", "2025-01")).flag


def test_pharma_chain_is_financed_by_its_suppliers():
    ledger = load_case("pharma", ("distributor_ledger",))["distributor_ledger"]
    e = economics(ledger, "2025").loc["KT"]
    # Trainer notes: margin ~29 %, net ~10 %, DIO ~46, DSO ~18 (insurance), DPO ~75 days.
    assert e["gross_margin_pct"] == pytest.approx(0.29, abs=0.01)
    assert e["net_margin_pct"] == pytest.approx(0.10, abs=0.01)
    assert (e["dio"], e["dso"], e["dpo"]) == pytest.approx((46, 18, 75), abs=1)
    # 46 + 18 − 75 < 0: rotations and ROI are n/a, never infinite.
    assert e["cash_cycle"] < 0 and math.isnan(e["roi"])
