"""kit.accounts properties: every score within its bounds, shares adding up to 100 %,
and the ABC case's concentration story (TRAINER.md story 6) in the portfolio."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.accounts import (
    TIERS,
    KeyAccountCheck,
    OpportunityAssessment,
    abc_measure,
    account_abc,
    account_metrics,
    account_scores,
    assess_accounts,
    forecast,
    portfolio,
    rfm,
    stage_conversion,
    top_share,
)
from kit.cases import load_case
from kit.review import Window

MONTHS = pd.period_range("2024-01", periods=24, freq="M")
rows = st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D", "E"]), st.integers(0, 23),
                          st.integers(-3, 50), st.floats(-100, 1e5)), min_size=1, max_size=60)


def sales_from(spec):
    frame = pd.DataFrame(spec, columns=["customer_id", "month", "units", "net_sales"])
    frame["period"] = MONTHS[frame.pop("month").to_numpy()]
    frame["customer_id"] = frame["customer_id"].astype("category")
    return frame


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.lists(st.floats(0, 1), min_size=5, max_size=5))
def test_scores_stay_within_0_and_100(spec, overdue):
    sales = sales_from(spec)
    metrics = account_metrics(sales, Window("mat", "2025-12"),
                              overdue=pd.Series(overdue, index=list("ABCDE")))
    scores = portfolio(account_scores(metrics))
    for column in ("contribution", "loyalty", "growth", "risk", "value"):
        assert scores[column].dropna().between(0, 100 + 1e-9).all(), column
    assert set(scores["tier"]) <= set(TIERS)
    positive = metrics["sales"].clip(lower=0)
    if (metrics["sales"] >= 0).all() and positive.sum() > 0:
        assert metrics["share"].sum() == pytest.approx(1.0)  # shares add up to 100 %


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.lists(st.floats(0, 1), min_size=60, max_size=60))
def test_margin_abc_reconciles_to_sales_minus_cost(spec, cost_rates):
    sales = sales_from(spec)
    sales["cost"] = sales["net_sales"] * cost_rates[:len(sales)]
    table = account_abc(sales, measure="gross_margin")
    # Σ class values = Σ (net sales − cost) over every row; A/B/C cover every account.
    assert table["value"].sum() == pytest.approx((sales["net_sales"] - sales["cost"]).sum(),
                                                 abs=1e-6)
    assert set(table.index) == set(sales["customer_id"].astype(str))
    if (table["value"] > 0).all():
        assert table["share"].sum() == pytest.approx(1.0)  # shares add up to 100 %
    assert abc_measure(sales) == "gross_margin"
    assert abc_measure(sales.assign(cost=float("nan"))) == "net_sales"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_rfm_scores_are_quintiles(spec):
    r = rfm(sales_from(spec))
    for column in ("r", "f", "m"):
        assert r[column].between(1, 5).all()
    assert r["rfm_score"].between(3, 15).all()


@settings(max_examples=200, deadline=None)
@given(*[st.integers(0, 5)] * 6)
def test_assessment_and_checklist_scores_are_bounded(a, b, c, d, e, f):
    o = OpportunityAssessment(need=a, timeline=b, budget=c, competition=d, decision_process=e,
                              evaluation_priorities=f)
    assert 0 <= o.score <= 100 and o.table()["points"].sum() == pytest.approx(o.score)
    check = KeyAccountCheck(fit=a, centralised=bool(b % 2), recurring=c / 5)
    assert 0 <= check.score <= 100


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.floats(0, 1e6)), min_size=1, max_size=30))
def test_forecast_within_the_pipeline_and_conversion_bounded(deals):
    opps = pd.DataFrame(deals, columns=["stage", "amount"])
    assert -1e-6 <= forecast(opps) <= opps["amount"].sum() + 1e-6
    conversion = stage_conversion(opps)["conversion_to_next"].dropna()
    assert conversion.between(0, 1).all()


# ------------------------------------------------------------------ the ABC case


@pytest.fixture(scope="module")
def abc():
    tables = load_case("abc", ("sales", "outlets"))
    return tables["sales"], tables["outlets"]


def test_abc_is_strategic_but_a_concentration_risk(abc):
    sales, outlets = abc
    a = assess_accounts(sales, Window("mat", "2025-12"), outlets=outlets)
    # TRAINER.md story 6: ABC is 48.8 % of the brand's 2025 sell-in -> concentration risk.
    assert a.loc["ABC", "share"] == pytest.approx(0.488, abs=0.001)
    assert a.loc["ABC", "tier"] == "strategic" and a.loc["ABC", "high_risk"]
    assert a.loc["ABC", "abc"] == "A"
    # Story 1: D04 (天津恒信) declines most among the distributors.
    distributors = a.drop(index="ABC")
    assert distributors["yoy"].idxmin() == "D04"
    assert distributors["risk"].idxmax() == "D04"
    table = account_abc(sales, Window("mat", "2025-12").current)
    assert table["share"].sum() == pytest.approx(1.0)
    # 80/20: the top 20 % of accounts (2 of 9) hold 58 % of sell-in.
    assert top_share(table) == pytest.approx(0.581, abs=0.001)
    # The case's sell-in has a cost on every row, so the course's 80/20 is on gross margin;
    # its Σ is Σ (net sales − cost) of the 2025 sell-in, computed here from the rows.
    year = Window("mat", "2025-12").current
    assert abc_measure(sales, year) == "gross_margin"
    margin = account_abc(sales, year, measure="gross_margin")
    rows_2025 = sales[(sales["kind"] == "sell_in") & sales["period"].isin(list(year))]
    assert margin["value"].sum() == pytest.approx((rows_2025["net_sales"] - rows_2025["cost"]).sum())
    assert margin["share"].sum() == pytest.approx(1.0) and margin.index[0] == "ABC"
