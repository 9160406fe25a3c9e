"""kit.goals.targets: baseline, top-down, bottom-up and the gap, by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from kit.goals.targets import Drivers, Gap, baseline, bottom_up, top_down

SEASON = np.array([1.3, 1.1, 0.9, 0.8, 0.9, 1.0, 1.1, 1.0, 0.9, 0.9, 1.0, 1.1])


def test_baseline_from_trend_and_seasonality_or_run_rate():
    idx = pd.period_range("2023-01", periods=36, freq="M")
    flat = pd.Series(1000 * SEASON[idx.month - 1], index=idx)
    # Flat at 1000 with seasonality averaging 1: next year is 12 × 1000.
    assert baseline(flat) == pytest.approx(12000)
    # Six months only: run rate 600/6 = 100 a month -> 1200 a year.
    short = pd.Series([100.0] * 6, index=pd.period_range("2025-07", periods=6, freq="M"))
    assert baseline(short) == pytest.approx(1200)


def test_top_down():
    # Market 100 M growing 5 % = 105 M; a 12 % share ambition = 12.6 M.
    assert top_down(100e6, 0.05, 0.12) == pytest.approx(12.6e6)


FUNNEL = pd.Series({"universe": 1000.0, "numeric_distribution": 0.6, "skus_per_outlet": 5.0,
                    "units_per_sku": 100.0, "avg_price": 10.0})


def test_bottom_up_applies_the_drivers():
    # Today: 1000 × .6 × 5 × 100 × 10 = 3,000,000.
    # +50 buying outlets (600 -> 650, ND .65), +4 % SKUs per outlet (5.2), rate of sale flat,
    # +3 % price (10.3): 1000 × .65 × 5.2 × 100 × 10.3 = 3,481,400.
    f = bottom_up(FUNNEL, Drivers(new_outlets=50, distribution_points=0.04, price=0.03))
    assert f.base_sales == pytest.approx(3_000_000)
    assert f.current_sales == pytest.approx(3_481_400)
    weight = (3_481_400 - 3_000_000) / (math.log(3_481_400) - math.log(3_000_000))
    assert f.table.loc["numeric_distribution", "contribution"] == pytest.approx(
        weight * math.log(0.65 / 0.6), abs=0.01)
    assert f.table.loc["units_per_sku", "contribution"] == 0
    assert f.table["contribution"].sum() == pytest.approx(481_400, abs=0.01)


def test_gap():
    gap = Gap(top_down=12.6e6, bottom_up=11.0e6)
    # 12.6 M − 11.0 M = 1.6 M still to find: 1.6 / 12.6 = 12.7 %.
    assert gap.amount == pytest.approx(1.6e6)
    assert gap.share == pytest.approx(1.6 / 12.6)
    assert math.isnan(Gap(0, 5).share)


# ---------------------------------------------------------------- one target-setting session

from kit.goals.targets import Ambition, phasing_weights, set_targets, starting_point  # noqa: E402


def _sales(rows):
    frame = pd.DataFrame(rows, columns=["period", "customer_id", "outlet_id", "sku", "units",
                                        "net_sales", "kind"])
    frame["period"] = pd.PeriodIndex(frame["period"], freq="M")
    return frame


def test_starting_point_from_outlets_and_planned_on_sell_in():
    rows = [("2025-01", "C1", "", "A", 100, 1000.0, "sell_in"),
            ("2025-06", "C1", "", "A", 100, 1200.0, "sell_in"),
            ("2025-06", "C1", "o1", "A", 10, 100.0, "sell_out"),
            ("2025-06", "C1", "o1", "B", 30, 150.0, "sell_out"),
            ("2025-06", "C1", "o2", "A", 20, 200.0, "sell_out")]
    outlets = pd.DataFrame({"outlet_id": ["o1", "o2", "o3", "o4"], "customer_id": ["C1"] * 4})
    start = starting_point(_sales(rows), outlets)
    # Planned flow = sell-in: 1000 + 1200 over the 12 months to 2025-06 (6 months of data:
    # run rate 2200 / 6 months × 12 = 4400 for the baseline).
    assert start.last_12 == pytest.approx(2200)
    assert start.baseline == pytest.approx(4400)
    assert start.unit == "outlet"
    # Funnel on sell-out: universe 4, buyers 2 (ND .5), pairs 3 (1.5 SKUs per outlet),
    # units 60 / 3 pairs = 20, price 450 / 60 = 7.5.
    assert start.funnel.to_dict() == pytest.approx({"universe": 4, "numeric_distribution": 0.5,
                                                    "skus_per_outlet": 1.5, "units_per_sku": 20,
                                                    "avg_price": 7.5})


def test_starting_point_without_outlets_counts_customers():
    rows = [("2024-03", "C1", "", "A", 10, 100.0, "sell_in"),
            ("2025-03", "C1", "", "A", 10, 110.0, "sell_in"),
            ("2025-03", "C1", "", "B", 5, 50.0, "sell_in")]
    start = starting_point(_sales(rows))
    # Universe = every customer in the file (1), buying in the 12 months to 2025-03: 1.
    # Pairs 2 → 2 SKUs per customer, units 15 / 2 = 7.5, price 160 / 15.
    assert start.unit == "customer"
    assert start.funnel["universe"] == 1 and start.funnel["skus_per_outlet"] == 2
    assert start.funnel["avg_price"] == pytest.approx(160 / 15)
    assert start.last_12 == pytest.approx(160)


def test_set_targets_infers_the_market_and_applies_the_funnel_growth_to_the_plan():
    from kit.goals.targets import Starting

    start = Starting(end=pd.Period("2025-12", "M"), last_12=2_000_000, baseline=2_100_000,
                     funnel=FUNNEL, unit="outlet")
    setting = set_targets(start, Ambition(market_growth=0.05, share_now=0.10, share_ambition=0.12),
                          Drivers(price=0.03))
    # Market = 2,000,000 / 10 % = 20,000,000; top-down = 20 M × 1.05 × 12 % = 2,520,000.
    assert setting.market == pytest.approx(20_000_000)
    assert setting.top_down == pytest.approx(2_520_000)
    # The funnel grows 3 % (price); applied to the planned 2,000,000: 2,060,000, all from price.
    assert setting.bottom_up.current_sales == pytest.approx(2_060_000)
    assert setting.bottom_up.table["contribution"].sum() == pytest.approx(60_000)
    assert setting.bottom_up.table.loc["avg_price", "contribution"] == pytest.approx(60_000)
    # Gap 2,520,000 − 2,060,000 = 460,000, 460,000 / 2,520,000 = 18.25 % of the top-down.
    assert setting.gap.amount == pytest.approx(460_000)
    assert setting.gap.share == pytest.approx(460_000 / 2_520_000)


def test_phasing_weights_by_history_length():
    three = pd.Series([5.0, 6.0, 7.0], index=pd.period_range("2025-10", periods=3, freq="M"))
    assert phasing_weights(three).tolist() == [1.0] * 12  # too short: flat
    year = pd.Series(range(1, 13), index=pd.period_range("2025-04", periods=12, freq="M"), dtype=float)
    # One year, April..March = 1..12: January weighs what January was (10), April 1.
    weights = phasing_weights(year)
    assert weights[1] == 10 and weights[4] == 1 and list(weights.index) == list(range(1, 13))
