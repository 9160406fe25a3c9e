"""kit.overview: what a loaded sales table covers, with hand-computed totals."""

import pandas as pd
import pytest

from kit import overview


@pytest.fixture
def sales():
    return pd.DataFrame(
        {
            "period": pd.PeriodIndex(["2024-01", "2024-01", "2024-02", "2025-01", "2025-01"], freq="M"),
            "kind": ["sell_in", "sell_out", "sell_in", "sell_in", "sell_out"],
            "customer_id": ["A", "A", "B", "A", "C"],
            "sku": ["s1", "s1", "s2", "s1", "s3"],
            "region": ["东", "东", "西", "东", "西"],
            "units": [10.0, 8.0, 5.0, 12.0, 3.0],
            "net_sales": [100.0, 96.0, 55.5, 130.0, 40.0],
        }
    )


def test_coverage(sales):
    assert overview.coverage(sales) == {
        "rows": 5, "first_period": "2024-01", "last_period": "2025-01",
        "months": 3,  # 2024-01, 2024-02, 2025-01
        "customers": 3, "skus": 3,
    }


def test_totals_by_year_never_adds_sell_in_to_sell_out(sales):
    totals = overview.totals_by_year(sales)
    # sell_in 2024: 10 + 5 = 15 units, 100 + 55.5 = 155.5; sell_in 2025: 12 units, 130.
    assert totals.loc[("sell_in", 2024)].tolist() == [15.0, 155.5]
    assert totals.loc[("sell_in", 2025)].tolist() == [12.0, 130.0]
    # sell_out 2024: 8 units, 96; 2025: 3 units, 40.
    assert totals.loc[("sell_out", 2024)].tolist() == [8.0, 96.0]
    assert totals.loc[("sell_out", 2025)].tolist() == [3.0, 40.0]
    assert len(totals) == 4


def test_totals_without_kind_column(sales):
    totals = overview.totals_by_year(sales.drop(columns="kind"))
    # 2024: 100 + 96 + 55.5 = 251.5; 2025: 130 + 40 = 170.
    assert totals["net_sales"].tolist() == [251.5, 170.0]
    assert totals.index.get_level_values(0).unique().tolist() == ["all"]


def test_monthly_defaults_to_sell_in_and_splits_by_dimension(sales):
    by_region = overview.monthly(sales, by="region")
    # sell_in only: 2024-01 东 100; 2024-02 西 55.5; 2025-01 东 130.
    assert by_region.loc[pd.Period("2024-01"), "东"] == 100.0
    assert by_region.loc[pd.Period("2024-01"), "西"] == 0.0
    assert by_region.loc[pd.Period("2024-02"), "西"] == 55.5
    assert by_region.loc[pd.Period("2025-01")].tolist() == [130.0, 0.0]
    out = overview.monthly(sales, flow="sell_out")
    assert out["net_sales"].tolist() == [96.0, 40.0]


def test_select_flow(sales):
    assert len(overview.select_flow(sales)) == 3  # both flows present: sell-in by default
    assert len(overview.select_flow(sales, "sell_out")) == 2
    # No kind column: the file is one flow, whatever is asked for.
    assert len(overview.select_flow(sales.drop(columns="kind"), "sell_out")) == 5
