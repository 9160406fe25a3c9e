"""First look at a loaded sales table: what it covers and its totals.

Pure functions: canonical DataFrame in, numbers out. Sell-in and sell-out are
never added together (that would count the same goods twice).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MEASURES = ["units", "net_sales"]


def flows(sales: pd.DataFrame) -> pd.Series:
    """The flow of each row: its `kind`, or "all" when the file has no kind column."""
    if "kind" in sales:
        return sales["kind"].astype("string").fillna("unknown")
    return pd.Series("all", index=sales.index, dtype="string")


def select_flow(sales: pd.DataFrame, flow: str | None = None) -> pd.DataFrame:
    """Rows of one flow. By default sell-in when a table has both flows (the
    manufacturer's own sales); a table without a kind column is one flow and
    is returned whole."""
    mask = flow_mask(sales, flow)
    return sales if mask is None else sales[mask]


def flow_mask(sales: pd.DataFrame, flow: str | None = None) -> np.ndarray | None:
    """The rows select_flow keeps, as a boolean array; None when it keeps them all.

    Lets a caller that sums a few columns skip copying the whole table."""
    if "kind" not in sales:
        return None
    kinds = sales["kind"]
    # Compared as categories or strings alike; a missing kind is no flow.
    sell_in = (kinds == "sell_in").to_numpy(dtype=bool, na_value=False)
    if flow is None and sell_in.any() and (kinds == "sell_out").any():
        return sell_in
    if not flow:
        return None
    return sell_in if flow == "sell_in" else (kinds == flow).to_numpy(dtype=bool, na_value=False)

def coverage(sales: pd.DataFrame) -> dict[str, object]:
    """What the table spans: months, first and last month, distinct keys."""
    periods = sales["period"]
    out: dict[str, object] = {
        "rows": len(sales),
        "first_period": str(periods.min()) if len(sales) else None,
        "last_period": str(periods.max()) if len(sales) else None,
        "months": int(periods.nunique()),
        "customers": int(sales["customer_id"].nunique()),
        "skus": int(sales["sku"].nunique()),
    }
    if "outlet_id" in sales:
        out["outlets"] = int(sales["outlet_id"].nunique())
    return out


def totals_by_year(sales: pd.DataFrame) -> pd.DataFrame:
    """Units and net sales per flow and calendar year."""
    frame = sales.assign(flow=flows(sales), year=sales["period"].dt.year)
    return frame.groupby(["flow", "year"], observed=True)[MEASURES].sum().sort_index()


def monthly(sales: pd.DataFrame, by: str | None = None, measure: str = "net_sales",
            flow: str | None = None) -> pd.DataFrame:
    """Monthly totals of one measure, one column per value of `by` (or one column).

    flow: keep one flow ("sell_in" / "sell_out"); by default the sell-in flow
    when the table has both.
    """
    rows = select_flow(sales, flow)
    keys = ["period"] + ([by] if by else [])
    table = rows.groupby(keys, observed=True)[measure].sum()
    out = table.unstack(by).fillna(0.0) if by else table.to_frame(measure)
    out.columns.name = None
    return out.sort_index()
