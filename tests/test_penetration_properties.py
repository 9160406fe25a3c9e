"""kit.penetration properties on arbitrary small markets: the buyer-flow identity,
ratios within bounds, and cell potentials that add up to each outlet's potential."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.penetration import (
    buyer_flow,
    buyer_status,
    distribution,
    growth_scenario,
    penetration,
    whitespace,
)

OUTLET_IDS = [f"O{i}" for i in range(6)]
MONTHS = pd.period_range("2025-01", periods=6, freq="M")

sale = st.tuples(st.sampled_from(OUTLET_IDS), st.integers(0, 5), st.sampled_from("ABC"),
                 st.integers(-2, 20))
markets = st.tuples(
    st.lists(sale, min_size=1, max_size=40),
    st.lists(st.sampled_from(["x", "y"]), min_size=6, max_size=6),
    st.lists(st.floats(0, 1e6), min_size=6, max_size=6),
)


def build(market):
    spec, channels, potentials = market
    outlets = pd.DataFrame({"outlet_id": OUTLET_IDS, "customer_id": ["D1", "D1", "D1", "D2",
                                                                     "D2", "D2"],
                            "channel": channels, "potential": potentials})
    sales = pd.DataFrame(spec, columns=["outlet_id", "month", "sku", "units"])
    sales["period"] = MONTHS[sales.pop("month").to_numpy()]
    sales["net_sales"] = sales["units"] * 2.5
    sales["category"] = sales["sku"].map({"A": "c1", "B": "c1", "C": "c2"})
    sales["customer_id"] = sales["outlet_id"].map(dict(zip(OUTLET_IDS, outlets["customer_id"],
                                                           strict=True)))
    for frame in (sales, outlets):
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].astype("category")
    return sales, outlets


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markets)
def test_buyer_flow_identity(market):
    sales, outlets = build(market)
    status = buyer_status(sales, MONTHS[:3], MONTHS[3:], outlets=outlets)
    for by in (None, "channel"):
        flow = buyer_flow(status, by=by)
        assert (flow["start"] + flow["new"] - flow["lost"] == flow["end"]).all()
        assert (flow["retained"] <= np.minimum(flow["start"], flow["end"])).all()
    customers = buyer_flow(buyer_status(sales, MONTHS[:3], MONTHS[3:], unit="customer_id"))
    assert (customers["start"] + customers["new"] - customers["lost"] == customers["end"]).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markets)
def test_ratios_stay_within_bounds(market):
    sales, outlets = build(market)
    d = distribution(sales, outlets, MONTHS, by="channel", product="category")
    for column in ("nd", "wd"):
        assert d[column].dropna().between(0, 1).all()
    assert (d["tdp"].dropna() >= 0).all()
    p = penetration(sales, outlets, MONTHS, by="channel")
    assert p["penetration"].between(0, 1).all()
    assert (p["buyers"] <= p["universe"]).all()
    assert (p["frequency"].dropna().between(1, len(MONTHS))).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markets)
def test_cell_potentials_add_up_to_the_outlet(market):
    sales, outlets = build(market)
    ws = whitespace(sales, outlets, MONTHS[3:])
    if ws.empty:
        return
    eligible = ws[ws["status"] != "not_eligible"]
    per_outlet = eligible.groupby("outlet_id")["potential"].sum()
    expected = outlets.set_index(outlets["outlet_id"].astype(str))["potential"] * 3 / 12
    assert per_outlet.to_numpy() == pytest.approx(expected.reindex(per_outlet.index).to_numpy())
    assert (ws["gap"] >= 0).all() and (ws["gap"] <= ws["potential"] + 1e-9).all()
    assert set(ws["status"]) <= {"bought", "not_bought", "not_eligible"}


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 0.9), st.floats(-10, 10), st.floats(-0.5, 1), st.floats(-0.5, 1),
       st.sampled_from(["skus_per_outlet", "units_per_sku", "avg_price"]))
def test_scenario_contributions_add_up(nd, points, frequency, spend, factor):
    base = pd.Series({"universe": 500.0, "numeric_distribution": nd, "skus_per_outlet": 6.0,
                      "units_per_sku": 40.0, "avg_price": 8.0})
    if not 0 < nd + points / 100 <= 1:
        return
    s = growth_scenario(base, penetration_points=points, frequency=frequency, spend=spend,
                        spend_factor=factor)
    assert s.levers["contribution"].sum() == pytest.approx(s.change, abs=0.011)
    assert s.funnel.table["contribution"].sum() == pytest.approx(s.change, abs=0.011)
