"""Buyer flow between two windows: retained, new and lost buyers.

A unit (outlet or customer) is a buyer of a window when its rows there add up
to more than zero units. Between a *before* and an *after* window:
retained = buyers of both, new = buyers of after only, lost = buyers of
before only, so start + new − lost = end always holds (start = buyers before,
end = buyers after). The lost list, sorted by potential, is the win-back list.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.penetration.distribution import outlet_sums, split_where, universe, window_rows
from kit.penetration.labels import t

FLOWS = ("retained", "new", "lost")


def buyer_status(sales: pd.DataFrame, before, after, *, outlets: pd.DataFrame | None = None,
                 unit: str = "outlet_id", where: dict | None = None,
                 flow: str | None = "sell_out", measure: str = "net_sales",
                 quantity: str = "units") -> pd.DataFrame:
    """One row per unit that bought in either window: sales before and after,
    status (retained / new / lost) and, with `outlets`, the outlet's attributes
    (only units of the outlet universe count then)."""
    if set(before) & set(after):
        raise ValueError("the before and after windows overlap")
    on_outlets, on_sales = split_where(where, outlets if outlets is not None else sales, sales)
    rows = window_rows(sales, None, flow=flow, where=on_sales)
    rows = rows[rows["period"].isin(list(before) + list(after))]
    sums = outlet_sums(rows, ["period"] if unit == "outlet_id" else ["period", unit],
                       measure, quantity)
    sums["unit"] = sums[unit]
    if outlets is not None:
        uni = universe(outlets, on_outlets)
        sums = sums[sums["outlet_id"].isin(uni["outlet_id"])]
    sums[["units", "sales"]] = sums[["units", "sales"]].astype("float64")
    sums["window"] = np.where(sums["period"].isin(list(after)), "after", "before")
    wide = sums.pivot_table(index="unit", columns="window", values=["units", "sales"],
                            aggfunc="sum", fill_value=0.0)
    table = pd.DataFrame(index=wide.index)
    for side in ("before", "after"):
        table[f"sales_{side}"] = wide.get(("sales", side), 0.0)
        table[f"bought_{side}"] = wide.get(("units", side), 0.0) > 0
    table = table[table["bought_before"] | table["bought_after"]]
    table["status"] = np.select([table["bought_before"] & table["bought_after"],
                                 table["bought_after"]], ["retained", "new"], default="lost")
    table.index.name = unit
    if outlets is not None and unit == "outlet_id":
        table = table.join(uni.set_index("outlet_id").drop(columns="segment"))
    return table


def buyer_flow(status: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """start, retained, new, lost, end per segment of `by` (a column of `status`)."""
    keys = status[by].fillna("—") if by else pd.Series("total", index=status.index)
    counts = pd.crosstab(keys, status["status"]).reindex(columns=list(FLOWS), fill_value=0)
    counts.columns.name = None
    out = pd.DataFrame({
        "start": counts["retained"] + counts["lost"],
        "retained": counts["retained"],
        "new": counts["new"],
        "lost": counts["lost"],
        "end": counts["retained"] + counts["new"],
    })
    out.index.name = by or "segment"
    return out


def flow_labels(lang: str | None = None) -> dict[str, str]:
    """Localised names of the flow columns (start, retained, new, lost, end)."""
    return {key: t(f"flow.{key}", lang) for key in ("start", *FLOWS, "end")}
