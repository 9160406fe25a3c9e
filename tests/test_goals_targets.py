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
