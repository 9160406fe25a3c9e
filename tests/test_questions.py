"""kit.questions: each stage's questions from raw inputs, answered by hand-computed values;
the notebook and the no-code app ask the same ones; every question has a dashboard name."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import exercises, questions
from kit.data import load
from kit.overview import coverage
from kit.review import Window


def right(question, answer) -> bool:
    return question.check(answer).correct


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


# ---------------------------------------------------------------- start


def test_start_questions_from_the_load(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("月份,客户,产品编码,销量,销售额\n2025-01,C1,A,1,10\n2025-03,C1,A,1,10\n"
                    "2025-04,C1,A,x,10\n", encoding="utf-8")
    result = load(path, errors="report")
    months, rejected = questions.start.questions(result.report, coverage(result.data))
    # Accepted rows cover 2025-01 and 2025-03 (two months); row 4 ("x" units) is rejected.
    assert right(months, "2") and not right(months, "3")
    assert right(rejected, "1") and not right(rejected, "0")


# ---------------------------------------------------------------- review

REVIEW = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2024-06", "2025-06", "2025-06", "2025-06"], freq="M"),
    "region": ["N", "S", "N", "S", "W"], "customer_id": ["C1", "C2", "C1", "C2", "C3"],
    "sku": ["A"] * 5, "units": [10, 20, 12, 18, 1],
    "net_sales": [100.0, 200.0, 132.0, 180.0, 10.0]})


def test_review_questions_by_hand():
    top, price, a_class, yoy, mat = questions.review.questions(REVIEW, Window("month", "2025-06"),
                                                              "region")
    # Change 322 − 300 = +22: N +32, S −20, W +10, so N contributes most.
    assert right(top, "N") and not right(top, "W")
    # Price: (322 / 31 − 300 / 30) × 31 units = 322 − 310 = +12 > 0, so price raised sales.
    assert right(price, "增加") and not right(price, "减少")
    # ABC on 2025-06: S 180 (55.9 %), N 132 (before it 55.9 % < 80 %: A), W (before 96.9 %: C).
    assert right(a_class, "2") and not right(a_class, "3")
    # YoY: (322 − 300) / 300 = 7.33 %.
    assert right(yoy, "7.3%") and right(yoy, "0.0733") and not right(yoy, "22")
    # MAT to 2025-06: the 12 months 2024-07 … 2025-06 hold only 2025-06's 322.
    assert right(mat, "322") and not right(mat, "622")
    # Two years of months are too few for a back-test: no MAPE question.
    assert [q.id for q in (top, price, a_class, yoy, mat)] == [
        k for k in questions.review.TITLES if k not in ("review.mape", "review.wccdar",
                                                        "review.uia")]


# ---------------------------------------------------------------- goals


def goals_sales() -> pd.DataFrame:
    """Two years of N 100 and S 300 a month, each December double."""
    months = pd.period_range("2024-01", "2025-12", freq="M")
    rows = [(p, region, value * (2 if p.month == 12 else 1))
            for p in months for region, value in (("N", 100.0), ("S", 300.0))]
    frame = pd.DataFrame(rows, columns=["period", "region", "net_sales"])
    frame["customer_id"] = frame["region"].map({"N": "C1", "S": "C2"})
    frame["sku"], frame["units"] = "A", frame["net_sales"] / 10
    return frame


def test_goals_questions_by_hand():
    gap, largest, peak = questions.goals.questions(goals_sales())
    # Last 12 months: N 11 × 100 + 200 = 1,300, S 11 × 300 + 600 = 3,900, total 5,200.
    # Top-down (defaults: market +5 %, share 10 % → 11 %): 5,200 / 0.10 × 1.05 × 0.11 = 6,006.
    # Bottom-up with no driver moved = 5,200: gap 806.
    assert right(gap, "806") and not right(gap, "700")
    # 6,006 split 1,300 : 3,900 by last year: S gets 4,504.5.
    assert right(largest, "S") and not right(largest, "N")
    # Phased by the seasonality of two years: December is double.
    assert right(peak, "2026-12") and not right(peak, "2026-01")



# ---------------------------------------------------------------- JBP

JBP_SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2025-06", "2025-06"], freq="M"),
    "customer_id": ["D05", "D05", "D05"], "kind": ["sell_in", "sell_in", "sell_out"],
    "net_sales": [800.0, 1000.0, 900.0], "cost": [500.0, 600.0, 0.0]})


def test_jbp_questions_from_sales_only():
    asked = questions.jbp.questions(JBP_SALES, growth=0.1)
    assert [q.id for q in asked] == ["jbp.sell_in_yoy", "jbp.target_growth"]
    # 1,000 / 800 − 1 = 25 %; no targets file: next target = 1,000 × 1.1, growth 10 %.
    assert right(asked[0], "25%") and not right(asked[0], "20%")
    assert right(asked[1], "10%") and not right(asked[1], "25%")


# ---------------------------------------------------------------- penetration

OUTLETS = pd.DataFrame({
    "outlet_id": ["O1", "O2", "O3", "O4"], "customer_id": ["D1", "D1", "D2", "D2"],
    "region": ["N", "N", "S", "S"], "channel": ["超市", "超市", "餐饮", "餐饮"],
    "potential": [1200.0, 2400.0, 1200.0, 2400.0]})
PEN_SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2025-01", "2025-02", "2025-01", "2025-02", "2025-01"], freq="M"),
    "kind": ["sell_out"] * 5, "customer_id": ["D1", "D1", "D1", "D2", "D1"],
    "outlet_id": ["O1", "O1", "O2", "O3", "O1"], "sku": ["A", "A", "A", "B", "B"],
    "category": ["饮料", "饮料", "饮料", "调味品", "调味品"], "units": [10, 10, 5, 4, 2],
    "net_sales": [100.0, 100.0, 50.0, 40.0, 20.0]})
OPPS = pd.DataFrame({
    "opportunity_id": ["A", "B", "C", "D"], "customer_id": ["K1", "K2", "K3", "K4"],
    "stage": ["招投标", "提案", "工程实施", "商务谈判"], "amount": [1000.0, 500.0, 200.0, 300.0],
    "status": ["进行中", "进行中", "赢单", "丢单"]})


def test_penetration_questions_over_two_months():
    asked = questions.penetration.questions(PEN_SALES, OUTLETS, OPPS, window_months=2)
    lowest, open_share, buyers, scenario, forecast = asked
    # N: O1 and O2 bought (2 of 2); S: only O3 (1 of 2): S is lowest.
    assert right(lowest, "S") and not right(lowest, "N")
    assert open_share.id == "pen.whitespace" and right(open_share, "餐饮")
    # No window before January: the buyers question (O1, O2, O3 = 3) instead of lost.
    assert right(buyers, "3") and not right(buyers, "4")
    # 3 of 4 outlets buy (75 %); +5 points: 310 × 0.80 / 0.75 = 330.67.
    assert right(scenario, "330.67") and not right(scenario, "310")
    # Stage defaults: tender 1000 × 0.6 + proposal 500 × 0.4 + implementation 200 × 1.0
    # + lost 0 = 1,000.
    assert right(forecast, "1000") and not right(forecast, "1100")


def test_penetration_questions_with_an_earlier_window():
    asked = questions.penetration.questions(PEN_SALES, OUTLETS, window_months=1, end="2025-02")
    lost = next(q for q in asked if q.id == "pen.lost")
    # January buyers O1, O2; February O1, O3: O2 is lost.
    assert right(lost, "1") and not right(lost, "2")
    assert "pen.forecast" not in [q.id for q in asked]  # no opportunities, no question


# ---------------------------------------------------------------- one set, everywhere


def test_every_question_has_a_dashboard_name_in_both_languages():
    ids = set()
    for module in questions.MODULES:
        assert module.TITLES, module.__name__
        ids |= set(module.TITLES)
    assert ids == set(questions.TITLES)
    assert questions.title("review.a_class") == "A 类个数"
    assert questions.title("review.a_class", "en") == "Class A count"
    assert questions.title("not.a.question") == "not.a.question"


def test_the_app_asks_what_the_notebook_asks():
    """The stage-1 app's exercise tab and notebook 01 (window "ytd", the last month, the
    first dimension) ask the same questions of the same data."""
    from kit.views import first_dimension
    from kit.widgets.review_app import ReviewApp

    app = ReviewApp(REVIEW, trainee="张伟")
    notebook = questions.review.questions(REVIEW, Window("ytd", REVIEW["period"].max()),
                                          first_dimension(REVIEW))
    assert [(q.id, q.prompt, q.choices) for q in app.questions] == \
        [(q.id, q.prompt, q.choices) for q in notebook]
    assert isinstance(app.questions[0], exercises.Question)
