"""kit.review: every function on a case whose answer is worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from kit.review import (
    Window,
    backtest,
    bridge,
    class_summary,
    forecast,
    funnel,
    funnel_by,
    mape,
    mat,
    pareto,
    ratio_change,
    scorecard,
    seasonality_index,
)
from kit.review import anomalies as find_anomalies
from kit.review.funnel import log_mean


def frame(rows, columns):
    df = pd.DataFrame(rows, columns=columns)
    df["period"] = pd.PeriodIndex(df["period"], freq="M")
    return df


# ------------------------------------------------------------------ windows


def test_windows():
    q = Window("quarter", "2025-05")
    assert [str(p) for p in q.current] == ["2025-04", "2025-05"]  # quarter to date
    assert [str(p) for p in q.last_year] == ["2024-04", "2024-05"]
    assert [str(p) for p in q.previous] == ["2025-01", "2025-02"]
    m = Window("mat", "2025-12")
    assert (str(m.current[0]), str(m.current[-1])) == ("2025-01", "2025-12")
    assert (str(m.previous[0]), str(m.previous[-1])) == ("2024-12", "2025-11")
    assert len(Window("ytd", "2025-03").current) == 3
    assert len(Window("ytd", "2025-03").previous) == 0  # YTD has no 环比
    assert Window("month", "2025-03").label == "2025-03"
    with pytest.raises(ValueError):
        Window("week", "2025-03")


def test_ratio_change_is_na_for_zero_or_negative_base():
    # (12 − 10) / 10 = 0.2; base 0 and base −5 are n/a, never ±inf.
    out = ratio_change([12, 10, 10], [10, 0, -5])
    assert out[0] == pytest.approx(0.2)
    assert np.isnan(out[1]) and np.isnan(out[2])
    assert np.isnan(ratio_change(5, 0))


# ---------------------------------------------------------------- scorecard

SALES = frame(
    [
        ("2024-01", "东", 100.0), ("2024-02", "东", 50.0), ("2025-01", "东", 120.0), ("2025-02", "东", 60.0),
        ("2024-01", "西", 80.0), ("2024-02", "西", 20.0), ("2025-01", "西", 50.0), ("2025-02", "西", 40.0),
        ("2025-02", "南", 30.0),
    ],
    ["period", "region", "net_sales"],
)
TARGETS = frame(
    [("2025-01", "东", 90.0), ("2025-02", "东", 90.0), ("2025-01", "西", 50.0), ("2025-02", "西", 50.0)],
    ["period", "region", "net_sales"],
)


def test_scorecard_ytd_by_region():
    card = scorecard(SALES, "region", Window("ytd", "2025-02"), targets=TARGETS)
    # 东: 120 + 60 = 180 vs last year 100 + 50 = 150; target 90 + 90 = 180.
    east = card.loc["东"]
    assert (east["actual"], east["last_year"], east["target"]) == (180.0, 150.0, 180.0)
    assert east["achievement"] == 1.0 and east["rag"] == "green"
    assert east["yoy"] == pytest.approx(30 / 150)  # = 0.2
    # 西: 50 + 40 = 90 vs 80 + 20 = 100 -> yoy −0.1; target 100 -> 90 % -> red (< 95 %).
    west = card.loc["西"]
    assert west["yoy"] == pytest.approx(-0.1) and west["achievement"] == pytest.approx(0.9)
    assert west["rag"] == "red"
    # 南: new this year, base 0 -> yoy n/a; no target -> RAG n/a.
    south = card.loc["南"]
    assert np.isnan(south["yoy"]) and south["rag"] == "n/a"
    # Total 300 vs 250: change 50. Contribution 东 30/50, 西 −10/50, 南 30/50; shares 180/300 …
    assert card["contribution"].to_dict() == pytest.approx({"东": 0.6, "西": -0.2, "南": 0.6})
    assert card["share"].to_dict() == pytest.approx({"东": 0.6, "西": 0.3, "南": 0.1})
    assert list(card.index) == ["东", "西", "南"]  # largest first
    assert card["mom"].isna().all()  # YTD: no 环比


def test_scorecard_month_window_mom_and_rag_thresholds():
    card = scorecard(SALES, "region", Window("month", "2025-02"), targets=TARGETS, rag=(0.7, 1.0))
    # 东 Feb 2025 60 vs Jan 120: mom = (60 − 120)/120 = −0.5; vs Feb 2024 50: yoy 0.2.
    assert card.loc["东", "mom"] == pytest.approx(-0.5)
    assert card.loc["东", "yoy"] == pytest.approx(0.2)
    # 西 Feb: 40 / target 50 = 0.8 -> amber when amber starts at 70 %.
    assert card.loc["西", "rag"] == "amber"


def test_scorecard_total_and_drill_down():
    total = scorecard(SALES, None, Window("ytd", "2025-02"), targets=TARGETS)
    # 180 + 90 + 30 = 300; targets 180 + 100 = 280 -> achievement 300/280.
    assert total.loc["total", "actual"] == 300.0
    assert total.loc["total", "achievement"] == pytest.approx(300 / 280)
    east = scorecard(SALES, "region", Window("ytd", "2025-02"), where={"region": "东"})
    assert list(east.index) == ["东"] and east.loc["东", "share"] == 1.0


def test_scorecard_without_targets_for_a_dimension():
    sales = SALES.assign(sku=["a", "a", "a", "a", "b", "b", "b", "b", "c"])
    card = scorecard(sales, "sku", Window("ytd", "2025-02"), targets=TARGETS)
    assert card["target"].isna().all() and (card["rag"] == "n/a").all()


# ------------------------------------------------------------------- pareto


def test_pareto_classes():
    sales = frame([("2025-01", c, v) for c, v in zip("ABCDE", [50, 30, 10, 6, 4], strict=True)],
                  ["period", "customer_id", "net_sales"])
    table = pareto(sales, "customer_id")
    # Cumulative shares .5 .8 .9 .96 1; shares before each item 0 .5 .8 .9 .96:
    # A while the share before is < 80 %, B while < 95 %, C after.
    assert table["cum_share"].round(2).tolist() == [0.5, 0.8, 0.9, 0.96, 1.0]
    assert table["class"].tolist() == ["A", "A", "B", "B", "C"]
    summary = class_summary(table)
    assert summary["count"].tolist() == [2, 2, 1]
    assert summary["value_share"].round(2).tolist() == [0.8, 0.16, 0.04]


# ------------------------------------------------------------------- bridge

BRIDGE_SALES = frame(
    [
        ("2024-01", "x", 10, 100.0), ("2024-01", "y", 10, 50.0), ("2024-01", "z", 5, 20.0),
        ("2025-01", "x", 12, 132.0), ("2025-01", "y", 6, 30.0), ("2025-01", "w", 3, 45.0),
    ],
    ["period", "sku", "units", "net_sales"],
)


def test_bridge_hand_computed():
    b = bridge(BRIDGE_SALES, Window("month", "2025-01"))
    # Continuing x, y: PY qty 20, CY qty 18, PY revenue 150 -> PY average price 7.5.
    # volume = (18 − 20) × 7.5 = −15
    # price  = (11 − 10) × 12 + (5 − 5) × 6 = 12
    # mix    = 18 × [(12/18 − 1/2)(10 − 7.5) + (6/18 − 1/2)(5 − 7.5)] = 18 × 5/6 = 15
    # new w = +45, lost z = −20; base 170, current 207, change 37.
    assert (b.volume, b.price, b.mix, b.new, b.lost, b.other) == (-15.0, 12.0, 15.0, 45.0, -20.0, 0.0)
    assert (b.base, b.current, b.change) == (170.0, 207.0, 37.0)
    assert b.items.loc["w", "status"] == "new" and b.items.loc["z", "status"] == "lost"
    steps = b.steps()
    assert steps["step"].tolist() == ["base", "volume", "price", "mix", "new", "lost", "current"]


def test_bridge_price_only_and_overlap_refused():
    sales = frame([("2024-01", "x", 10, 100.0), ("2025-01", "x", 10, 120.0)],
                  ["period", "sku", "units", "net_sales"])
    b = bridge(sales, Window("month", "2025-01"))
    # Same volume, price 10 -> 12: the whole +20 is price.
    assert (b.volume, b.price, b.mix) == (0.0, 20.0, 0.0)
    with pytest.raises(ValueError):
        bridge(sales, base=pd.period_range("2024-01", "2025-01", freq="M"),
               current=pd.period_range("2025-01", "2025-01", freq="M"))


# ------------------------------------------------------------------- funnel

OUTLETS = pd.DataFrame({"outlet_id": ["o1", "o2", "o3", "o4", "o5"],
                        "region": ["北", "北", "北", "南", "南"]})
FUNNEL_SALES = frame(
    [
        ("2024-01", "o1", "s1", 2, 20.0), ("2024-01", "o1", "s2", 1, 10.0),
        ("2024-01", "o2", "s1", 3, 30.0), ("2024-01", "o3", "s1", 1, 10.0),
        ("2025-01", "o1", "s1", 4, 48.0), ("2025-01", "o2", "s1", 2, 24.0),
    ],
    ["period", "outlet_id", "sku", "units", "net_sales"],
)


def test_funnel_factors_and_lmdi_by_hand():
    f = funnel(FUNNEL_SALES, OUTLETS, Window("month", "2025-01"))
    t = f.table
    # Base: 3 of 5 outlets buy (ND .6), 4 outlet-SKU pairs (4/3 per outlet),
    # 7 units (1.75 per pair), 70 元 (10 per unit): 5 × .6 × 4/3 × 1.75 × 10 = 70.
    assert t["base"].tolist() == pytest.approx([5, 0.6, 4 / 3, 1.75, 10])
    # Now: 2 buy (.4), 2 pairs (1), 6 units (3), 72 元 (12): 5 × .4 × 1 × 3 × 12 = 72.
    assert t["current"].tolist() == pytest.approx([5, 0.4, 1, 3, 12])
    weight = (72 - 70) / (math.log(72) - math.log(70))  # L(72, 70) ≈ 70.996
    expected = [0.0, weight * math.log(0.4 / 0.6), weight * math.log(1 / (4 / 3)),
                weight * math.log(3 / 1.75), weight * math.log(12 / 10)]
    assert t["contribution"].tolist() == pytest.approx(expected, abs=0.01)
    assert t["contribution"].sum() == pytest.approx(2.0, abs=1e-9)  # 72 − 70, no residual
    assert f.exact and f.change == 2.0


def test_funnel_by_region_and_missing_outlets():
    table = funnel_by(FUNNEL_SALES, OUTLETS, Window("month", "2025-01"), "region")
    # 南 (o4, o5) never buys: no sales in either window, so LMDI is undefined (n/a).
    assert table.loc["北", "change"] == 2.0
    assert np.isnan(table.loc["南", "numeric_distribution"])
    with pytest.raises(ValueError, match="outlet_id"):
        funnel(FUNNEL_SALES.drop(columns="outlet_id"), OUTLETS, Window("month", "2025-01"))


def test_log_mean():
    assert log_mean(5.0, 5.0) == 5.0
    assert log_mean(math.e, 1.0) == pytest.approx(math.e - 1)  # (e − 1) / (1 − 0)
    assert math.isnan(log_mean(0.0, 1.0))


# -------------------------------------------------------------- time series

SEASON = np.array([1.3, 1.1, 0.9, 0.8, 0.9, 1.0, 1.1, 1.0, 0.9, 0.9, 1.0, 1.1])  # mean 1


def seasonal_series(level=1000.0, months=36, start="2023-01"):
    idx = pd.period_range(start, periods=months, freq="M")
    return pd.Series(level * SEASON[idx.month - 1], index=idx)


def test_mat_and_seasonality_of_a_flat_seasonal_series():
    s = seasonal_series()
    # A level of 1000 with a seasonal pattern averaging 1: every 12-month total is 12,000.
    assert mat(s).iloc[11:].tolist() == pytest.approx([12000.0] * 25)
    assert mat(s).iloc[:11].isna().all()
    # The 2×12 centred average of level × season is the level, so the ratios are the pattern.
    assert seasonality_index(s).tolist() == pytest.approx(SEASON.tolist())


def test_forecast_and_backtest_are_exact_on_a_clean_pattern():
    s = seasonal_series()
    # Deseasonalised it is flat at 1000, so the trend is flat and the forecast is 1000 × pattern.
    assert forecast(s, 3).tolist() == pytest.approx([1300.0, 1100.0, 900.0])
    test = backtest(s)
    assert len(test) == 12 and mape(test["actual"], test["forecast"]) == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ValueError):
        seasonality_index(s.iloc[:20])


def test_mape():
    # |100 − 110| / 100 = .1, |200 − 180| / 200 = .1; the zero month is skipped: mean .1.
    actual, predicted = pd.Series([100.0, 200.0, 0.0]), pd.Series([110.0, 180.0, 5.0])
    assert mape(actual, predicted) == pytest.approx(0.1)


def test_anomaly_flags_the_spike():
    s = seasonal_series() * (1 + 0.01 * (-1) ** np.arange(36))  # ±1 % noise
    s.iloc[20] *= 1.4  # a 40 % spike in 2024-09
    table = find_anomalies(s)
    assert table["flag"].iloc[20]
    assert table["score"].idxmax() == s.index[20]
    # Not the full 40 %: the spike also lifts its own calendar month's seasonality
    # (averaged over three Septembers) and the trend, so part of it looks "normal".
    assert table["deviation"].iloc[20] == table["deviation"].max() > 0.1


# --------------------------------------------------------------------- cube


def test_cube_keeps_totals_and_review_results():
    from kit.review.cube import monthly_cube

    sales = BRIDGE_SALES.assign(region=["东", "东", "西", "东", "西", "西"])
    doubled = pd.concat([sales, sales])  # two rows per key: the cube sums them
    cube = monthly_cube(doubled)
    assert len(cube) == 6
    # Totals survive: units 2 × (10 + 10 + 5 + 12 + 6 + 3) = 92.
    assert cube["units"].sum() == 92
    w = Window("month", "2025-01")
    assert bridge(cube, w).parts().tolist() == bridge(doubled, w).parts().tolist()
    pd.testing.assert_frame_equal(scorecard(cube, "region", w), scorecard(doubled, "region", w))


def test_time_review_uses_what_the_data_allows():
    from kit.review import time_review

    full = time_review(seasonal_series(months=36))
    assert full.seasonality is not None and len(full.backtest) == 12
    assert full.mape == pytest.approx(0.0, abs=1e-9)
    # Exactly 24 months: seasonality and forecast, but nothing left to back-test on.
    two_years = time_review(seasonal_series(months=24))
    assert two_years.seasonality is not None and two_years.backtest is None
    assert np.isnan(two_years.mape)
    # Three months: only the moving total (n/a throughout) and the series itself.
    short = time_review(seasonal_series(months=3))
    assert short.seasonality is None and short.forecast is None and short.mat.isna().all()
