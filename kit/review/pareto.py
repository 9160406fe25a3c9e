"""ABC / Pareto (80/20): which few customers or products make most of the value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.review.rows import group_sums, in_periods, keep, key_codes, text


def pareto(
    sales: pd.DataFrame,
    by: str,
    periods: pd.PeriodIndex | None = None,
    *,
    measure: str = "net_sales",
    a: float = 0.8,
    b: float = 0.95,
    flow: str | None = None,
    where: dict | None = None,
) -> pd.DataFrame:
    """Segments ranked by value with share, cumulative share and class A/B/C.

    The kit's definition: class A is the items needed to reach `a` (80 %) of the
    total, counted from the largest (the item that crosses 80 % is A); B the
    further items needed to reach `b` (95 %); C the rest. A segment's class
    depends only on the cumulative share *before* it, so the largest item is
    always A.
    """
    if not 0 < a <= b <= 1:
        raise ValueError("need 0 < a <= b <= 1")
    rows = keep(sales, flow, where)
    at, _ = in_periods(sales["period"], rows, None if periods is None else [pd.unique(pd.Index(periods))])
    segment, labels = key_codes(sales, by, at)
    (present,), sums = group_sums(sales, [measure], at, [(segment, len(labels))])
    values = pd.Series(sums[measure].array, index=text(labels[present]))
    values = values.sort_values(ascending=False, kind="stable")
    total = values.sum()
    share = values / total if total > 0 else values * np.nan
    cum = share.cumsum()
    before = cum - share
    klass = np.select([before < a, before < b], ["A", "B"], default="C")
    out = pd.DataFrame({"value": values, "share": share, "cum_share": cum, "class": klass})
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out.index.name = by
    return out


def class_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per class: how many segments, what share of them, what share of value."""
    grouped = table.groupby("class")
    out = pd.DataFrame({"count": grouped.size(), "value": grouped["value"].sum()})
    out["count_share"] = out["count"] / out["count"].sum()
    out["value_share"] = out["value"] / out["value"].sum()
    return out.reindex(["A", "B", "C"]).fillna(0).astype({"count": int})
