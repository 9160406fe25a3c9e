"""kit.jbp.targets and kit.jbp.rtm: projected P&L and ROI, consistent targets, margin stack."""

import math
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.cases import load_case
from kit.jbp import (
    ROUTES,
    Assumptions,
    assumptions_from_ledger,
    margin_stack,
    project,
    sensitivity,
    stack_shares,
    stock_plan,
)

BASE = Assumptions(sell_out_units=36_500, price=10.0, unit_cost=8.0, rebate_rate=0.02,
                   opex_rate=0.05, stock_days=30, credit_days=20, payable_days=15)


def test_projection_by_hand():
    p = project(BASE)
    # Target stock = 36,500 × 30 / 365 = 3,000 units; opening at target, so sell-in = sell-out.
    assert p.closing_stock_units == pytest.approx(3000) and p.sell_in_units == pytest.approx(36_500)
    # revenue 365,000; COGS 292,000; gross margin 73,000; rebates 2 % × 292,000 = 5,840;
    # opex 5 % × 365,000 = 18,250; net = 73,000 + 5,840 − 18,250 = 60,590 (16.6 %).
    assert (p.revenue, p.cogs, p.gross_margin) == pytest.approx((365_000, 292_000, 73_000))
    assert p.rebates == pytest.approx(5840) and p.opex == pytest.approx(18_250)
    assert p.net_profit == pytest.approx(60_590) and p.net_margin_pct == pytest.approx(0.166)
    # Stock 3,000 × 8 = 24,000 at cost: DIO 365 × 24,000 / 292,000 = 30 = stock days.
    assert (p.dio, p.dso, p.dpo) == pytest.approx((30, 20, 15))
    # cash cycle 30 + 20 − 15 = 35 days; ROI = 16.6 % × 365 / 35 = 1.731.
    assert p.cash_cycle == pytest.approx(35)
    assert p.roi == pytest.approx(0.166 * 365 / 35)
    # GMROI = 73,000 / 24,000 = 3.04.
    assert p.gmroi == pytest.approx(73_000 / 24_000)


def test_opening_above_target_is_worked_down():
    # Opening 5,000: sell-in = 36,500 + 3,000 − 5,000 = 34,500; rebates 2 % × 34,500 × 8 = 5,520.
    p = project(replace(BASE, opening_stock_units=5000))
    assert p.sell_in_units == pytest.approx(34_500) and p.rebates == pytest.approx(5520)
    # Average stock (5,000 + 3,000) / 2 × 8 = 32,000: DIO 365 × 32,000 / 292,000 = 40 days.
    assert p.dio == pytest.approx(40)
    # Opening 50,000 is more than the year sells: buy nothing, close at 13,500.
    big = project(replace(BASE, opening_stock_units=50_000))
    assert big.sell_in_units == 0 and big.closing_stock_units == pytest.approx(13_500)


def test_cash_cycle_at_or_below_zero_gives_na():
    p = project(replace(BASE, payable_days=60))
    assert p.cash_cycle == pytest.approx(-10) and math.isnan(p.roi) and math.isnan(p.rotations)


def test_stock_plan_by_hand():
    plan = stock_plan(pd.Series([100.0, 120.0, 90.0]), stock_days=365 / 12, opening=400)
    # A month's cover is one month's sell-out: targets 100, 120, 90. Opening 400 is too much:
    # buy nothing until the stock falls to target (400 → 300 → 180 → 90).
    assert plan["sell_in"].tolist() == pytest.approx([0, 0, 0])
    assert plan["closing"].tolist() == pytest.approx([300, 180, 90])
    plan = stock_plan(pd.Series([100.0, 120.0]), stock_days=365 / 12, opening=50)
    # 100 + 100 − 50 = 150; then 120 + 120 − 100 = 140.
    assert plan["sell_in"].tolist() == pytest.approx([150, 140])


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 1e6), st.floats(0.5, 100), st.floats(0, 120), st.floats(0, 365),
       st.one_of(st.none(), st.floats(0, 2e6)), st.integers(1, 12))
def test_targets_are_consistent(volume, price, stock_days, credit_days, opening, n):
    a = Assumptions(sell_out_units=volume, price=price, unit_cost=price * 0.9, rebate_rate=0.02,
                    opex_rate=0.05, stock_days=stock_days, credit_days=credit_days,
                    payable_days=10, opening_stock_units=opening, months=n)
    p = project(a)
    # sell-in = sell-out + (closing − opening), never negative.
    assert p.sell_in_units == pytest.approx(
        p.sell_out_units + p.closing_stock_units - p.opening_stock_units, abs=1e-6)
    assert p.sell_in_units >= 0
    target = volume * stock_days / (365 * n / 12)
    assert p.closing_stock_units >= target - 1e-6
    assert not any(map(math.isinf, p.as_series()))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e5), min_size=1, max_size=24), st.floats(0, 90),
       st.floats(0, 1e6))
def test_monthly_stock_plan_is_consistent(sell_out, stock_days, opening):
    plan = stock_plan(pd.Series(sell_out), stock_days, opening)
    assert (plan["sell_in"] >= 0).all()
    diff = plan["sell_out"] + plan["closing"] - plan["opening"] - plan["sell_in"]
    assert diff.abs().max() <= 1e-6 * max(1.0, opening, max(sell_out))
    assert (plan["opening"].iloc[1:].to_numpy() == plan["closing"].iloc[:-1].to_numpy()).all()
    assert (plan["closing"] >= plan["target"] - 1e-6).all()


def test_sensitivity_moves_roi_the_right_way():
    s = sensitivity(BASE)
    assert (s.loc[["price", "rebate_rate", "opex_rate", "stock_days", "credit_days"],
                  "roi_change"] > 0).all()
    # +1 % price on 36,500 units at 10 = +3,650 of revenue, less 5 % opex on it = +3,467.5.
    assert s.loc["price", "profit_change"] == pytest.approx(3650 * 0.95)


def test_assumptions_from_the_abc_ledger():
    ledger = load_case("abc", ("distributor_ledger",))["distributor_ledger"]
    a = assumptions_from_ledger(ledger, "D05", "2025")
    # The 2025 year again: the same days, and a lot of stock to work down in 2026.
    assert a.stock_days == pytest.approx(45.94, abs=0.01)
    assert a.opening_stock_units > a.sell_out_units * 18 / 365 * 3
    p = project(replace(a, stock_days=18))
    assert p.sell_in_units < p.sell_out_units  # D05 buys less than it sells in 2026
    with pytest.raises(ValueError):
        assumptions_from_ledger(ledger, "ABC", "2025")


def test_margin_stack_by_hand():
    stack = margin_stack(10.0)
    d = stack.loc["distributor"]
    # Retailer 25 % of 10 = 2.5; distributor 10 % of 7.5 = 0.75; brand invoices 6.75, spends
    # 5 % of it (0.3375) to serve the route and keeps 6.4125.
    assert (d["retailer"], d["distributor"], d["brand_price"]) == pytest.approx((2.5, 0.75, 6.75))
    assert d["brand_net"] == pytest.approx(6.4125)
    layers = ["retailer", "wholesaler", "distributor", "cost_to_serve", "brand_net"]
    assert stack[layers].sum(axis=1).tolist() == pytest.approx([10.0] * len(ROUTES))
    assert stack_shares(stack).sum(axis=1).tolist() == pytest.approx([1.0] * len(ROUTES))
    assert stack.loc["direct", "distributor"] == 0 and stack.loc["wholesaler", "wholesaler"] > 0
