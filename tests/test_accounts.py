"""kit.accounts: value scores, tiers, ABC, RFM, the identification checklist and the
pipeline, worked out by hand."""

import math

import pandas as pd
import pytest

from kit import i18n
from kit.accounts import (
    KeyAccountCheck,
    OpportunityAssessment,
    abc_measure,
    account_abc,
    account_metrics,
    account_scores,
    assess_accounts,
    forecast,
    pipeline_ageing,
    portfolio,
    quintile,
    recurring_share,
    rfm,
    score_labels,
    stage_conversion,
    stage_keys,
    stage_nodes,
    top_share,
    weighted_pipeline,
    with_margin,
)
from kit.review import Window

WINDOW = Window("quarter", "2025-03")  # 2025-01..03, last year 2024-01..03


def frame(spec, columns):
    out = pd.DataFrame(spec, columns=columns)
    out["period"] = pd.PeriodIndex(out["period"], freq="M")
    return out


# Sell-in (X grows, Y declines 25 %, Z is new) and the sell-out of X's and Y's outlets.
SALES = frame([
    ("2024-01", "sell_in", "X", None, 10, 100.0),
    ("2024-02", "sell_in", "X", None, 10, 100.0),
    ("2024-03", "sell_in", "X", None, 10, 100.0),
    ("2025-01", "sell_in", "X", None, 20, 250.0),
    ("2025-03", "sell_in", "X", None, 20, 200.0),
    ("2024-03", "sell_in", "Y", None, 20, 200.0),
    ("2025-02", "sell_in", "Y", None, 15, 150.0),
    ("2025-01", "sell_in", "Z", None, 10, 100.0),
    ("2025-02", "sell_in", "Z", None, 10, 100.0),
    ("2025-03", "sell_in", "Z", None, 10, 100.0),
    ("2025-02", "sell_out", "X", "x1", 5, 100.0),
    ("2025-02", "sell_out", "Y", "y1", 5, 200.0),
], ["period", "kind", "customer_id", "outlet_id", "units", "net_sales"])
OUTLETS = pd.DataFrame({"outlet_id": ["x1", "y1"], "customer_id": ["X", "Y"],
                        "potential": [1200.0, 2400.0]})


def test_account_metrics():
    m = account_metrics(SALES, WINDOW, outlets=OUTLETS)
    # Sell-in by default: X 250 + 200 = 450 (LY 300, +50 %), Y 150 (LY 200, −25 %), Z 300.
    assert m["sales"].to_dict() == {"X": 450, "Y": 150, "Z": 300}
    assert m.loc["X", "yoy"] == 0.5 and m.loc["Y", "yoy"] == -0.25
    assert math.isnan(m.loc["Z", "yoy"])  # no last year: n/a, never ±inf
    # Shares of 900: 1/2, 1/6, 1/3.
    assert m["share"].tolist() == pytest.approx([0.5, 1 / 6, 1 / 3])
    # X bought in Jan and Mar; first purchase 2024-01 -> tenure 2024-01..2025-03 = 15 months.
    assert m.loc["X", ["buying_months", "tenure_months"]].tolist() == [2, 15]
    assert m.loc["Y", ["buying_months", "tenure_months"]].tolist() == [1, 13]
    # X's outlet: 1200 × 3 / 12 = 300 potential, sold 100 -> headroom 200; Y: 600 − 200 = 400.
    assert m.loc["X", ["potential", "current", "headroom"]].tolist() == [300, 100, 200]
    assert m.loc["Y", "headroom"] == 400 and math.isnan(m.loc["Z", "headroom"])


def test_scores_by_hand():
    s = account_scores(account_metrics(SALES, WINDOW, outlets=OUTLETS))
    # Contribution = 100 × sales / 450.
    assert s["contribution"].tolist() == pytest.approx([100, 100 / 3, 200 / 3])
    # Loyalty X = 100 × (0.7 × 2/3 + 0.3 × 15/36) = 59.17; Y = 100 × (0.7/3 + 0.3 × 13/36)
    # = 34.17; Z = 100 × (0.7 × 1 + 0.3 × 3/36) = 72.5.
    assert s["loyalty"].tolist() == pytest.approx([59.1667, 34.1667, 72.5], abs=1e-4)
    # Growth = 100 × headroom / 400: X 50, Y 100, Z n/a.
    assert s.loc["X", "growth"] == 50 and s.loc["Y", "growth"] == 100
    assert math.isnan(s.loc["Z", "growth"])
    # Risk = the worst signal: X concentration 0.5 / 0.3 -> 1 = 100; Y decline 0.25 / 0.5 = 0.5,
    # concentration (1/6) / 0.3 = 0.556 -> 55.6; Z (1/3) / 0.3 -> 100.
    assert s["risk"].tolist() == pytest.approx([100, 100 / 1.8, 100])
    relaxed = account_scores(account_metrics(SALES, WINDOW), concentration_cap=1.0)
    # With a 100 % cap: X 50, Y max(0.5, 1/6) = 50, Z 33.3.
    assert relaxed["risk"].tolist() == pytest.approx([50, 50, 100 / 3])


def test_overdue_counts_where_given():
    m = account_metrics(SALES, WINDOW, overdue=pd.Series({"Z": 0.4}))
    s = account_scores(m, concentration_cap=1.0)
    # Z: max(decline 0, concentration 1/3, overdue 0.4) = 40.
    assert s.loc["Z", "risk"] == pytest.approx(40)


def test_portfolio_tiers():
    p = portfolio(account_scores(account_metrics(SALES, WINDOW, outlets=OUTLETS)), lang="zh")
    # Value = 0.6 × contribution + 0.4 × loyalty: X 60 + 23.67 = 83.67; Y 20 + 13.67 = 33.67;
    # Z 40 + 29 = 69.
    assert p["value"].tolist() == pytest.approx([83.6667, 33.6667, 69.0], abs=1e-4)
    # X: value and growth ≥ 50 -> strategic; Y: growth only -> potential;
    # Z: value only (growth unknown) -> key.
    assert p["tier"].to_dict() == {"X": "strategic", "Y": "potential", "Z": "key"}
    assert p["tier_label"].to_dict() == {"X": "战略客户", "Y": "潜力客户", "Z": "重点客户"}
    assert p["high_risk"].to_dict() == {"X": True, "Y": False, "Z": True}
    low = portfolio(pd.DataFrame({"contribution": [10.0], "loyalty": [20.0], "growth": [5.0],
                                  "risk": [0.0]}), lang="en")
    assert low["tier_label"].iloc[0] == "maintain"


def test_assess_accounts_adds_abc():
    a = assess_accounts(SALES, WINDOW, outlets=OUTLETS)
    # X 450 / 900 = 50 % (A); Z starts at 50 % < 80 % (A); Y starts at 83 % < 95 % (B).
    assert a["abc"].to_dict() == {"X": "A", "Z": "A", "Y": "B"}
    assert list(a.index) == ["X", "Z", "Y"]
    assert account_abc(SALES, WINDOW.current)["class"].tolist() == ["A", "A", "B"]


# Sell-in with cost: P sells most but earns least; the 80/20 on profit ranks Q first.
COSTED = frame([
    ("2025-01", "sell_in", "P", None, 60, 600.0, 540.0),
    ("2025-02", "sell_in", "Q", None, 30, 300.0, 150.0),
    ("2025-03", "sell_in", "R", None, 10, 100.0, 10.0),
    ("2025-03", "sell_out", "P", "p1", 10, 400.0, 100.0),
    ("2024-03", "sell_in", "R", None, 10, 100.0, None),  # outside the window: no matter
], ["period", "kind", "customer_id", "outlet_id", "units", "net_sales", "cost"])


def test_abc_on_gross_margin_by_hand():
    # Margins: P 600 − 540 = 60, Q 300 − 150 = 150, R 100 − 10 = 90; Σ 300.
    margin = account_abc(COSTED, WINDOW.current, measure="gross_margin")
    assert list(margin.index) == ["Q", "R", "P"]
    assert margin["value"].tolist() == [150, 90, 60]
    assert margin["share"].tolist() == pytest.approx([0.5, 0.3, 0.2])
    # Q starts at 0 % (A), R at 50 % (A), P at 80 % (not below 80 %: B).
    assert margin["class"].tolist() == ["A", "A", "B"]
    # By revenue the order is P 600 (A, from 0 %), Q 300 (A, from 60 %), R 100 (B, from 90 %).
    revenue = account_abc(COSTED, WINDOW.current)
    assert list(revenue.index) == ["P", "Q", "R"] and revenue["class"].tolist() == ["A", "A", "B"]
    # The top third (⌈3 × 1/3⌉ = 1 account) holds 150 / 300 of the margin, 600 / 1000 of sales.
    assert top_share(margin, 1 / 3) == pytest.approx(0.5)
    assert top_share(revenue, 1 / 3) == pytest.approx(0.6)


def test_abc_measure_is_margin_only_where_every_row_has_our_cost():
    window = WINDOW.current
    assert abc_measure(COSTED, window) == "gross_margin"  # both flows: sell-in by default
    # A missing cost in scope, no cost column, or the customer's sell-out: revenue.
    assert abc_measure(COSTED, None) == "net_sales"  # 2024-03 has no cost
    assert abc_measure(COSTED.drop(columns="cost"), window) == "net_sales"
    assert abc_measure(COSTED, window, flow="sell_out") == "net_sales"
    assert abc_measure(COSTED.iloc[:0], window) == "net_sales"  # nothing to rank
    own = COSTED.drop(columns="kind").iloc[:3]  # one flow, no kind column: our own sales
    assert abc_measure(own, window) == "gross_margin"


def test_assess_accounts_classes_on_margin_where_there_is_cost():
    a = assess_accounts(COSTED, WINDOW)
    # Scores stay on sales (P 600 is the largest), the ABC class is the margin one: P is B.
    assert a.index[0] == "P" and a.loc["P", "contribution"] == 100
    assert a["abc"].to_dict() == {"P": "B", "Q": "A", "R": "A"}


def test_with_margin_adds_a_column_and_leaves_the_input():
    before = COSTED.copy()
    out = with_margin(COSTED)
    assert out["gross_margin"].tolist()[:4] == [60, 150, 90, 300]
    pd.testing.assert_frame_equal(COSTED, before)
    with pytest.raises(ValueError, match="cost"):
        with_margin(SALES)


def test_score_labels():
    assert score_labels("zh")["loyalty"] == "忠诚度"
    assert score_labels("en")["strategic"] == "strategic"


# ------------------------------------------------------------------ RFM

ORDERS = frame(
    [("2025-06", "A", 100.0)] * 3 + [("2025-05", "B", 100.0)] + [("2025-03", "C", 50.0)] * 2
    + [("2025-01", "D", 20.0)] * 5 + [("2024-12", "E", 200.0)] * 4,
    ["period", "customer_id", "net_sales"])


def test_rfm_by_hand():
    r = rfm(ORDERS, as_of="2025-06", orders_by=None)  # rows as orders
    # Recency (months): A 0, B 1, C 3, D 5, E 6 -> R 5, 4, 3, 2, 1.
    assert r["recency"].tolist() == [0, 1, 3, 5, 6]
    assert r["r"].tolist() == [5, 4, 3, 2, 1]
    # Frequency (rows): 3, 1, 2, 5, 4 -> F = ⌈5 × rank / 5⌉ = the rank.
    assert r["f"].tolist() == [3, 1, 2, 5, 4]
    # Monetary: 300, 100, 100, 100, 800; the three 100s tie at rank 3 -> M 4, 3, 3, 3, 5.
    assert r["monetary"].tolist() == [300, 100, 100, 100, 800]
    assert r["m"].tolist() == [4, 3, 3, 3, 5]
    assert r.loc["A", "rfm"] == "534" and r.loc["A", "rfm_score"] == 12
    # The default, orders as distinct buying months: each customer bought in one month,
    # so all tie at rank 5 -> F 5 for everyone.
    months = rfm(ORDERS, as_of="2025-06")
    assert months["frequency"].tolist() == [1] * 5 and months["f"].tolist() == [5] * 5


def test_quintiles_of_ten():
    # Ranks 1..10 -> ⌈5 × rank / 10⌉ = 1, 1, 2, 2, 3, 3, 4, 4, 5, 5.
    assert quintile(pd.Series(range(10))).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


# ------------------------------------------------------------------ identification


def test_key_account_checklist():
    check = KeyAccountCheck("ABC", fit=4, centralised=True, recurring=0.5)
    # 40 × 4/5 + 30 × 1 + 30 × (0.5 / 0.75) = 32 + 30 + 20 = 82.
    assert check.score == pytest.approx(82) and check.verdict == "key_account"
    assert check.table("zh")["points"].sum() == pytest.approx(82)
    assert check.table("zh").loc["centralised", "item"] == "集中采购"
    partial = KeyAccountCheck("D04", fit=2)
    # Only fit answered: 40 × 2/5 = 16.
    assert partial.score == pytest.approx(16) and partial.verdict == "not_key"
    assert partial.missing == ["centralised", "recurring"]
    assert "未回答" in partial.summary("zh") and "not answered" in partial.summary("en")
    with pytest.raises(ValueError):
        KeyAccountCheck(fit=6)


def test_recurring_share_from_data():
    share = recurring_share(SALES, WINDOW.current)
    # Sell-in months of 3: X 2, Y 1, Z 3.
    assert share.to_dict() == pytest.approx({"X": 2 / 3, "Y": 1 / 3, "Z": 1.0})


# ------------------------------------------------------------------ pipeline

OPPS = pd.DataFrame({
    "opportunity_id": [f"P{i}" for i in range(1, 8)],
    "customer_id": ["A", "B", "C", "D", "E", "F", "G"],
    "stage": ["客户开发", "立项", "提案", "4", "negotiation", "工程实施", "提案"],
    "amount": [100.0, 200.0, 400.0, 1000.0, 500.0, 300.0, 100.0],
    "probability": [None, None, 50, None, None, None, None],
    "expected_close": pd.to_datetime(["2025-07-31", "2025-06-15", "2025-04-30", "2025-01-31",
                                      None, "2025-03-31", "2025-05-31"]),
    "status": ["open"] * 6 + ["lost"],
})


def test_weighted_forecast():
    # 100 × .10 + 200 × .25 + 400 × 50 % (its own) + 1000 × .60 + 500 × .80 + 300 × 1
    # + the lost deal × 0 = 10 + 50 + 200 + 600 + 400 + 300 = 1,560.
    assert forecast(OPPS) == pytest.approx(1560)
    table = weighted_pipeline(OPPS)
    assert table["weighted"].tolist() == pytest.approx([10, 50, 200, 600, 400, 300])
    assert table["deals"].tolist() == [1, 1, 2, 1, 1, 1]
    assert table["label"].tolist()[3] == "招投标"
    # Without the deal's own probability: proposal 400 × .40 = 160.
    assert forecast(OPPS, use_row_probability=False) == pytest.approx(1520)
    # Probabilities are a parameter: tender at 50 % -> 1,560 − 100.
    assert forecast(OPPS, {"tender": 0.5}) == pytest.approx(1460)


def test_stage_names_in_any_form():
    keys = stage_keys(pd.Series(["客户开发", "Tender", "6", 3, "商务谈判"]))
    assert keys.tolist() == ["development", "tender", "implementation", "proposal",
                             "negotiation"]
    with pytest.raises(ValueError, match="unknown pipeline stage"):
        stage_keys(pd.Series(["签约"]))


def test_stage_nodes_follow_the_course_material():
    nodes = stage_nodes("zh")
    assert list(nodes) == ["development", "initiation", "proposal", "tender", "negotiation",
                           "implementation"]
    # 立项's node is the seller's own pre-sales registration; the proposal's is the relationship.
    assert nodes["initiation"].startswith("售前立项")
    assert nodes["proposal"] == "有效的客户关系推进"
    assert nodes["tender"] == "投标或议标"
    assert stage_nodes("en")["initiation"].startswith("pre-sales registration")
    # The English stage name, and the one earlier versions used, both read as 立项.
    assert stage_keys(pd.Series(["pre-sales registration", "Project initiation"])).tolist() == [
        "initiation", "initiation"]


def test_stage_conversion():
    c = stage_conversion(OPPS)
    # At stage: 1, 1, 2, 1, 1, 1; reached (at or beyond): 7, 6, 5, 3, 2, 1.
    assert c["reached"].tolist() == [7, 6, 5, 3, 2, 1]
    assert c["conversion_to_next"].tolist()[:5] == pytest.approx([6 / 7, 5 / 6, 3 / 5, 2 / 3,
                                                                  1 / 2])
    assert math.isnan(c["conversion_to_next"].iloc[-1])
    assert c["share_of_first"].iloc[-1] == pytest.approx(1 / 7)


def test_ageing():
    a = pipeline_ageing(OPPS, "2025-06-30", lang="en").set_index("opportunity_id")
    # Open deals before 工程实施 (P6 signed, P7 lost are out): days from expected close.
    assert a["days_late"].dropna().to_dict() == {"P1": -31, "P2": 15, "P3": 61, "P4": 150}
    assert a["age"].to_dict() == {"P1": "not_due", "P2": "0_30", "P3": "31_90",
                                  "P4": "over_90", "P5": "no_date"}
    assert a.loc["P4", "age_label"] == "over 90 days late"


def test_opportunity_assessment():
    o = OpportunityAssessment("P4", need=5, timeline=4, budget=3, competition=2,
                              decision_process=4, evaluation_priorities=5)
    # 100 × (.25 × 5/5 + .15 × 4/5 + .20 × 3/5 + .15 × 2/5 + .15 × 4/5 + .10 × 5/5)
    # = 25 + 12 + 12 + 6 + 12 + 10 = 77 -> pursue.
    assert o.score == pytest.approx(77) and o.verdict == "pursue"
    table = o.table("zh")
    assert table["points"].sum() == pytest.approx(77)
    assert table.loc["budget", "criterion"] == "预算"
    assert OpportunityAssessment(need=2, budget=2).verdict == "drop"
    with pytest.raises(ValueError):
        OpportunityAssessment(need=7)
    assert i18n.get_lang() == "zh"
