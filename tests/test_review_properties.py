"""Invariants of the review maths, on arbitrary data (hypothesis)."""

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.review import Window, bridge, pareto, ratio_change, scorecard
from kit.review.funnel import FACTORS, attribute

MONTHS = ["2024-01", "2024-02", "2025-01", "2025-02"]
row = st.tuples(
    st.sampled_from(MONTHS),
    st.sampled_from(["东", "西", "南", "北"]),
    st.sampled_from(["s1", "s2", "s3", "s4", "s5"]),
    st.integers(-5, 60),
    st.decimals(-500, 5000, places=2).map(float),
)
sales_tables = st.lists(row, min_size=1, max_size=60).map(
    lambda rows: pd.DataFrame(rows, columns=["period", "region", "sku", "units", "net_sales"]).assign(
        period=lambda d: pd.PeriodIndex(d["period"], freq="M")))
WINDOW = Window("ytd", "2025-02")


@settings(max_examples=200, deadline=None)
@given(sales_tables)
def test_bridge_parts_sum_to_the_change_to_the_cent(sales):
    b = bridge(sales, WINDOW)
    cents = round(sum(b.parts()) * 100)
    assert cents == round(b.current * 100) - round(b.base * 100)
    ly = sales[sales["period"].isin(WINDOW.last_year)]["net_sales"].sum()
    cy = sales[sales["period"].isin(WINDOW.current)]["net_sales"].sum()
    assert (b.base, b.current) == (round(ly, 2), round(cy, 2))


# Realistic factor ranges: universe, ND, SKUs per outlet, units per SKU, price.
# Sales then stay below ~1e11 元, where float64 still resolves a cent.
funnel_factors = st.tuples(st.integers(1, 5000).map(float), st.floats(0.001, 1.0),
                           st.floats(1.0, 50.0), st.floats(0.1, 1000.0), st.floats(0.1, 500.0))


@settings(max_examples=300, deadline=None)
@given(funnel_factors, funnel_factors)
def test_lmdi_contributions_sum_to_the_change(x0, x1):
    x0, x1 = pd.Series(x0), pd.Series(x1)
    s0, s1 = float(np.prod(x0)), float(np.prod(x1))
    f = attribute(x0.set_axis(FACTORS), x1.set_axis(FACTORS), s0, s1)
    assert math.isclose(f.table["contribution"].sum(), round(s1 - s0, 2), abs_tol=0.006)


@settings(max_examples=150, deadline=None)
@given(sales_tables)
def test_scorecard_shares_and_contributions_reconcile(sales):
    card = scorecard(sales, "region", WINDOW)
    total = scorecard(sales, None, WINDOW).iloc[0]
    assert math.isclose(card["actual"].sum(), total["actual"], abs_tol=1e-6)
    assert math.isclose(card["change"].sum(), total["change"], abs_tol=1e-6)
    if total["actual"] != 0:
        assert math.isclose(card["share"].sum(), 1.0, abs_tol=1e-9)
    if abs(total["change"]) > 1e-6:
        assert math.isclose(card["contribution"].sum(), 1.0, abs_tol=1e-6)
    assert not np.isinf(card[["yoy", "achievement", "mom"]].to_numpy(dtype=float)).any()


@settings(max_examples=300)
@given(st.floats(-1e9, 1e9), st.floats(-1e9, 1e9))
def test_yoy_is_na_when_the_base_is_not_positive_and_never_inf(current, base):
    out = ratio_change(current, base)
    assert not math.isinf(out)
    if base <= 0:
        assert math.isnan(out)
    elif base >= 1e-6:  # any real money base gives a number
        assert math.isclose(out, (current - base) / base, rel_tol=1e-12)


@settings(max_examples=150, deadline=None)
@given(sales_tables)
def test_pareto_shares_sum_to_one_and_classes_are_ordered(sales):
    positive = sales.assign(net_sales=sales["net_sales"].abs() + 1)
    table = pareto(positive, "sku")
    assert math.isclose(table["share"].sum(), 1.0, abs_tol=1e-9)
    order = {"A": 0, "B": 1, "C": 2}
    ranks = table["class"].map(order).tolist()
    assert ranks == sorted(ranks) and ranks[0] == 0
