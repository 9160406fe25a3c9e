"""Stage 5's questions (kit.questions.accounts) from small tables worked out by hand."""

import pandas as pd
import pytest

from kit import questions


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


def right(question, answer) -> bool:
    return question.check(answer).correct


periods = pd.period_range("2024-01", "2025-12", freq="M")
SALES = pd.DataFrame({
    "period": list(periods) * 2, "customer_id": ["A"] * 24 + ["B"] * 24, "sku": "x",
    "units": 1.0, "net_sales": [100.0] * 12 + [110.0] * 12 + [50.0] * 12 + [40.0] * 12})
PEOPLE = pd.DataFrame({
    "customer_id": ["A", "A", "B"], "name": ["王总", "李经理", "陈总"],
    "role": ["decision_maker", "coach", "decision_maker"],
    "attitude": ["supporter", "supporter", "neutral"], "influence": [5.0, 3.0, 5.0],
    "stage": ["trust", "ally", "meet"],
    "last_contact": pd.to_datetime(["2025-12-20", "2025-12-01", "2025-08-01"])})
LOG = pd.DataFrame({"date": pd.to_datetime(["2025-12-22", "2025-12-23", "2025-12-23"]),
                    "rep": ["甲", "甲", "乙"], "prospect": ["x", "y", "z"],
                    "visited": ["visit", "call", "visit"]})


def test_accounts_questions_by_hand():
    asked = {q.id: q for q in questions.accounts.questions(SALES, contacts=PEOPLE, log=LOG)}
    assert list(asked) == ["acc.single", "acc.first", "acc.response", "acc.health",
                           "acc.coverage", "acc.visits"]
    # B has one relationship beyond 认识 (陈总 at 约会): single-threaded; A has two.
    assert asked["acc.single"].choices == ("A", "B")
    assert right(asked["acc.single"], "B") and not right(asked["acc.single"], "A")
    # Alerts as of 2025-12-31: B's sales −20 % (480 vs 600): a decline, dated 12-31; B's DM
    # last seen 08-01: 152 days, fired on 08-01 + 60 = 09-30 — the first to fire.
    assert right(asked["acc.first"], "B · 距上次联系决策者的天数 · 陈总")
    assert not right(asked["acc.first"], "B · 销售额同比")
    assert right(asked["acc.response"], "两周内安排与决策者会面：请教练引荐，或由上级陪同拜访")
    # Focus: the largest account with key persons, A. Its parts: value = ½ × 100 (A is the
    # largest: contribution 100, loyalty 0.7 × 1 + 0.3 × 24/36 = 90 -> value 96) + ½ × ABC A
    # 100 = 98; growth 50 + 250 × 10 % = 75; relationship 100 × (0.3 × ¾ + 0.2 × 1) = 42.5;
    # risk 100 (no alert on A); pipeline not scored.
    value = 0.5 * (0.6 * 100 + 0.4 * 100 * (0.7 + 0.3 * 24 / 36)) + 0.5 * 100
    expected = (0.25 * value + 0.20 * 75 + 0.25 * 42.5 + 0.15 * 100) / 0.85
    assert right(asked["acc.health"], f"{expected:.1f}")
    assert not right(asked["acc.health"], f"{expected + 2:.1f}")
    assert right(asked["acc.coverage"], "42.5")
    # The log's latest week (Mon 12-22): visits x and z = 2 (y was a call).
    assert right(asked["acc.visits"], "2") and not right(asked["acc.visits"], "3")


def test_sales_only_asks_what_sales_can_answer():
    asked = [q.id for q in questions.accounts.questions(SALES)]
    # B's −20 % is the one alert; with a single response there is no response question.
    assert asked == ["acc.first", "acc.health"]


def test_every_question_has_a_dashboard_title():
    assert set(questions.accounts.TITLES) <= set(questions.TITLES)
    assert questions.title("acc.health", "en") == "Health score"


def test_the_dashboard_shows_stage5s_headline_per_trainee():
    from kit import dashboard

    records = {5: {"acc/summary": {"account": "D04", "health": 10.66, "rag": "red",
                                   "coverage": 13.75, "alerts": 5, "red": 3},
                   "exercise/acc.health": {"score": 1, "max": 1}}}
    flat = dashboard.flatten(records)
    assert flat["大客户：重点看的客户"] == "D04"
    assert flat["大客户：健康度"] == 10.66 and flat["大客户：关系覆盖"] == 13.75
    assert flat["大客户：风险预警条数"] == 5 and flat["练习：健康度"] == 1
    # A sales-only trainee has no coverage: the column is left empty, not zero.
    assert "大客户：关系覆盖" not in dashboard.flatten({5: {"acc/summary": {"coverage": None}}})
    assert {"acc.health", "acc.coverage"} <= set(dashboard.CHARTED)
