"""The customer portrait (客户画像): who the account is, from its data and its people, on
one page.

From the sales data (over a review window, the seller's flow): **size** (sales and share
of all accounts), **growth** (YoY), **mix** (the largest categories' shares), **buying
pattern** (months with purchases, average month, the peak month, regularity = 1 − the
coefficient of variation of monthly sales, at least 0) and **value** (tier, 80/20 class
and current value from the value assessment). From the key persons: the **decision
process** (who holds each role, top of the reporting lines first) and the key persons'
**preferences** (behaviour type and pain) — the material's 决策者的背景、偏好、决策流程.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kit.accounts.people import ROLES, is_active, org_chart
from kit.overview import select_flow
from kit.review.periods import Window, ratio_change, safe_ratio


@dataclass
class Portrait:
    """One account on one page. Numbers are raw (money in the data's currency)."""

    customer_id: str
    name: str = ""
    sales: float = float("nan")
    share: float = float("nan")
    yoy: float = float("nan")
    mix: pd.Series = field(default_factory=lambda: pd.Series(dtype="float64"))
    mix_by: str = ""
    buying_months: int = 0
    window_months: int = 0
    average_month: float = float("nan")
    peak_month: str = ""
    regularity: float = float("nan")
    tier: str = ""
    abc: str = ""
    value: float = float("nan")
    decision: pd.DataFrame = field(default_factory=pd.DataFrame)
    people: int = 0
    top: str = ""  # the person at the top of the reporting lines


def _mix_column(sales: pd.DataFrame) -> str:
    return next((c for c in ("category", "brand", "sku") if c in sales), "")


def portrait(customer: str, *, sales: pd.DataFrame | None = None, window: Window | None = None,
             assessed: pd.DataFrame | None = None, contacts: pd.DataFrame | None = None,
             as_of=None, flow: str | None = None, top_mix: int = 5) -> Portrait:
    """The portrait of ``customer`` from whatever of its data there is."""
    out = Portrait(str(customer))
    if sales is not None and window is not None:
        _from_sales(out, sales, window, flow, top_mix)
    if assessed is not None and str(customer) in assessed.index.astype(str):
        row = assessed.rename(index=str).loc[str(customer)]
        out.tier, out.abc = str(row.get("tier", "")), str(row.get("abc", ""))
        out.value = float(row.get("value", np.nan))
    if contacts is not None:
        _from_people(out, contacts, as_of)
    return out


def _from_sales(out: Portrait, sales: pd.DataFrame, window: Window, flow, top_mix) -> None:
    rows = select_flow(sales, flow)
    keys = rows["customer_id"].astype(str)
    mine = rows[keys == out.customer_id]
    if "customer_name" in mine and mine["customer_name"].notna().any():
        out.name = str(mine["customer_name"].dropna().iloc[0])
    current = list(window.current)
    in_window = rows[rows["period"].isin(current)]
    now = mine[mine["period"].isin(current)]
    before = mine[mine["period"].isin(list(window.last_year))]
    out.sales = float(now["net_sales"].sum())
    out.share = float(safe_ratio(out.sales, in_window["net_sales"].sum()))
    out.yoy = float(ratio_change(out.sales, float(before["net_sales"].sum())))
    out.mix_by = _mix_column(now)
    if out.mix_by and out.sales:
        mix = now.groupby(now[out.mix_by].astype(str))["net_sales"].sum() / out.sales
        out.mix = mix.sort_values(ascending=False, kind="stable").head(top_mix)
    monthly = now.groupby("period")["net_sales"].sum().reindex(current, fill_value=0.0)
    out.window_months = len(current)
    out.buying_months = int((monthly > 0).sum())
    out.average_month = float(monthly.mean()) if len(monthly) else float("nan")
    if out.buying_months:
        out.peak_month = str(monthly.idxmax())
        spread = float(monthly.std(ddof=0) / monthly.mean()) if monthly.mean() > 0 else np.nan
        out.regularity = max(0.0, 1.0 - spread)


def _from_people(out: Portrait, contacts: pd.DataFrame, as_of) -> None:
    mine = contacts[(contacts["customer_id"].astype(str) == out.customer_id)
                    & is_active(contacts, as_of)]
    out.people = len(mine)
    if mine.empty:
        return
    chart = org_chart(mine, out.customer_id)
    out.top = chart.roots[0] if chart.roots else ""
    rank = {r: i for i, r in enumerate(ROLES)}
    cols = [c for c in ("name", "title", "role", "attitude", "influence", "stage", "style",
                        "pain") if c in mine]
    table = mine[cols].assign(_r=mine["role"].astype("string").map(rank),
                              _d=[chart.depth(str(n)) if str(n) in chart.manager else 0
                                  for n in mine["name"]])
    out.decision = (table.sort_values(["_r", "_d", "name"], kind="stable")
                    .drop(columns=["_r", "_d"]).reset_index(drop=True))


__all__ = ["Portrait", "portrait"]
