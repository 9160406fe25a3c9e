"""kit.jbp.activities: activity ROI and payback, by hand and on the ABC case (story 4)."""

import math

import pandas as pd
import pytest

from kit.cases import load_case
from kit.jbp import (
    activities_payback,
    activity_review,
    by_type,
    infer_category,
    margin_rates,
    not_paying_back,
)


def activities() -> pd.DataFrame:
    return pd.DataFrame({
        "activity": ["X 乳品买赠", "X 堆头陈列", "Y 新品进场"],
        "type": ["买赠", "陈列", "新品"],
        "customer_id": ["X", "X", "Y"],
        "owner": ["刘洋", "张伟", "王强"],
        "start": pd.to_datetime(["2025-06-15", "2025-06-01", "2025-09-01"]),
        "end": pd.to_datetime(["2025-07-31", "2025-06-30", "2025-09-30"]),
        "cost": [1000.0, 500.0, 800.0],
        "expected_uplift": [5000.0, 2000.0, 4000.0],
        "actual_uplift": [3000.0, 2500.0, None],
        "kpi": ["乳品 +25%", "陈列达标", "铺市率 90%"],
    })


def sales() -> pd.DataFrame:
    return pd.DataFrame({
        "period": pd.PeriodIndex(["2025-06", "2025-07", "2025-06", "2025-06", "2025-06"],
                                 freq="M"),
        "kind": ["sell_in", "sell_in", "sell_in", "sell_out", "sell_in"],
        "customer_id": ["X", "X", "X", "X", "Z"],
        "category": ["乳品", "乳品", "饮料", "饮料", "乳品"],
        "net_sales": [1000.0, 1000.0, 2000.0, 9999.0, 10.0],
        "cost": [700.0, 600.0, 1000.0, 1.0, 9.0],
    })


def test_roi_and_payback_by_hand():
    r = activity_review(activities(), margin_rate=0.3).set_index("activity")
    x = r.loc["X 乳品买赠"]
    # Incremental gross profit = 3000 × 30 % = 900; ROI = 900 / 1000 = 0.9 < 1: not paid back.
    assert x["actual_profit"] == pytest.approx(900)
    assert x["roi"] == pytest.approx(0.9) and not x["paid_back"]
    assert x["net_return"] == pytest.approx(-100)
    # Expected: 5000 × 30 % / 1000 = 1.5; uplift achieved 3000 / 5000 = 60 %.
    assert x["expected_roi"] == pytest.approx(1.5)
    assert x["uplift_achievement"] == pytest.approx(0.6)
    # 2500 × 30 % / 500 = 1.5: paid back.
    assert r.loc["X 堆头陈列", "roi"] == pytest.approx(1.5) and r.loc["X 堆头陈列", "paid_back"]
    # No actual uplift yet: no ROI and no verdict.
    y = r.loc["Y 新品进场"]
    assert math.isnan(y["roi"]) and pd.isna(y["paid_back"])


def test_margin_rate_is_required():
    with pytest.raises(ValueError, match="margin_rate"):
        activity_review(activities())
    assert activity_review(activities().assign(margin_rate=0.5))["roi"].iloc[0] == \
        pytest.approx(1.5)


def test_margin_rates_by_hand():
    a = activities()
    assert infer_category(a, ["乳品", "饮料"]).tolist() == ["乳品", None, None]
    rates = margin_rates(a, sales())
    # 乳品 at X in June and July (sell-in only): 1 − (700 + 600) / (1000 + 1000) = 35 %.
    assert rates.iloc[0] == pytest.approx(0.35)
    # No category named: all of X's June sell-in, 1 − (700 + 1000) / (1000 + 2000) = 43.3 %.
    assert rates.iloc[1] == pytest.approx(1 - 1700 / 3000)
    # Y has no sales in September: n/a.
    assert math.isnan(rates.iloc[2])


def test_summary_by_type():
    r = activity_review(activities(), margin_rate=0.3)
    s = by_type(r)
    assert s.loc["买赠", "activities"] == 1 and s.loc["买赠", "paid_back"] == 0
    # 陈列: 750 of profit on 500 of cost = ROI 1.5.
    assert s.loc["陈列", "roi"] == pytest.approx(1.5)
    assert not_paying_back(r)["activity"].tolist() == ["X 乳品买赠"]


# ---------------------------------------------------------------- the ABC case (story 4)


@pytest.fixture(scope="module")
def abc():
    data = load_case("abc", ("sales", "activities"))
    acts = data["activities"]
    return activity_review(acts, margin_rates(acts, data["sales"]))


def test_the_promotion_that_did_not_pay_back(abc):
    failed = not_paying_back(abc)
    # One activity of 26: the 2025 dairy summer gift-with-purchase, ROI 0.28.
    assert len(abc) == 26 and failed["activity"].astype(str).tolist() == ["2025 乳品夏季买赠（华北、华中）"]
    row = failed.iloc[0]
    assert row["margin_rate"] == pytest.approx(0.295, abs=0.001)
    assert row["roi"] == pytest.approx(0.28, abs=0.005)
    assert row["actual_profit"] == pytest.approx(5001.93, abs=1)
    # The rest pay back, from 1.13 (D04 beverage display) to 2.55 (2025 Spring Festival).
    rest = abc[abc["paid_back"].eq(True)]
    assert rest["roi"].min() == pytest.approx(1.13, abs=0.005)
    assert rest["roi"].max() == pytest.approx(2.55, abs=0.005)
    assert abc["cost"].sum() == pytest.approx(326_915.31)
    finding = activities_payback(abc, "ABC", "2025")
    assert finding.flag and finding.evidence["failed"] == 1


def test_pharma_programme_pays_back_and_the_shaoxing_display_does_not():
    data = load_case("pharma", ("sales", "activities"))
    r = activity_review(data["activities"], margin_rates(data["activities"], data["sales"]))
    roi = r.set_index(r["activity"].astype(str))["roi"]
    assert roi["糖友关爱计划（患者教育 + 随访）"] == pytest.approx(2.15, abs=0.01)
    assert not_paying_back(r)["activity"].astype(str).tolist() == ["2025 绍兴门店调脂陈列"]
    assert roi["2025 绍兴门店调脂陈列"] == pytest.approx(0.59, abs=0.01)
