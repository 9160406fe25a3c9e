"""Cooperation activities, plan vs actual (JBP part 3): cost, uplift, ROI, payback.

The kit's definition (the same as the trainer's story check):

- incremental gross profit = uplift (incremental sales) × the brand's gross margin rate;
- ROI = incremental gross profit / cost; the activity **pays back** when ROI ≥ 1, i.e.
  the extra margin it earned covers what it cost. (ROI − 1 is the net return per yuan.)
- expected_roi uses the expected uplift, roi the actual one; an activity with no actual
  uplift yet has roi n/a and no payback verdict.
- The margin rate of an activity is the brand's sell-in gross margin (1 − cost / net
  sales) of that customer in the activity's months, in the category the activity names
  (in its title or KPI) when it names exactly one, else over all categories
  (:func:`margin_rates`). Any other rate can be passed instead.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kit.review.periods import safe_ratio

REVIEW_COLUMNS = (
    "activity", "type", "customer_id", "owner", "start", "end", "cost", "expected_uplift",
    "actual_uplift", "uplift_achievement", "margin_rate", "expected_profit", "actual_profit",
    "expected_roi", "roi", "net_return", "paid_back",
)
PAYBACK_ROI = 1.0


def infer_category(activities: pd.DataFrame, categories: Iterable[str]) -> pd.Series:
    """The one category each activity names in its title or KPI, else NA."""
    names = [str(c) for c in categories]
    text = activities["activity"].astype(str) + " " + \
        activities.get("kpi", pd.Series("", index=activities.index)).astype(str)
    # One boolean column per category; a row naming exactly one gets it.
    hits = pd.DataFrame({c: text.str.contains(c, regex=False) for c in names},
                        index=activities.index)
    one = hits.sum(axis=1) == 1
    found = hits.idxmax(axis=1) if names else pd.Series(pd.NA, index=activities.index)
    return found.astype("object").where(one, None)


def margin_rates(activities: pd.DataFrame, sales: pd.DataFrame,
                 products: pd.DataFrame | None = None) -> pd.Series:
    """The brand's sell-in gross margin rate behind each activity (see the module doc).

    ``sales`` needs ``cost`` and (or ``products`` to supply) ``category``; sell-out rows
    are ignored. Activities without sales in their months get n/a.
    """
    rows = sales
    if "kind" in rows:
        rows = rows[rows["kind"].astype(str) == "sell_in"]
    if "category" not in rows and products is not None:
        rows = rows.assign(category=rows["sku"].astype(str).map(
            products.set_index(products["sku"].astype(str))["category"]))
    cube = (rows.assign(customer_id=rows["customer_id"].astype(str),
                        category=rows["category"].astype(str))
            .groupby(["customer_id", "category", "period"], observed=True)[["net_sales", "cost"]]
            .sum().reset_index())
    lines = _activity_months(activities)
    lines["named"] = lines["row"].map(infer_category(activities, cube["category"].unique()))
    hits = lines.merge(cube, on=["customer_id", "period"])
    overall = hits.groupby("row")[["net_sales", "cost"]].sum()
    named = hits[hits["category"] == hits["named"]].groupby("row")[["net_sales", "cost"]].sum()
    rate = _rate(named).reindex(activities.index)
    return rate.fillna(_rate(overall).reindex(activities.index)).rename("margin_rate")


def _rate(sums: pd.DataFrame) -> pd.Series:
    return pd.Series(1 - safe_ratio(sums["cost"], sums["net_sales"]), index=sums.index)


def _activity_months(activities: pd.DataFrame) -> pd.DataFrame:
    """One row per activity and month it ran (start to end, both months included)."""
    start = pd.PeriodIndex(pd.to_datetime(activities["start"]), freq="M")
    end = pd.PeriodIndex(pd.to_datetime(activities["end"]), freq="M")
    spans = [pd.period_range(s, e, freq="M") for s, e in zip(start, end, strict=True)]
    return pd.DataFrame({
        "row": np.repeat(activities.index.to_numpy(), [len(s) for s in spans]),
        "customer_id": np.repeat(activities["customer_id"].astype(str).to_numpy(),
                                 [len(s) for s in spans]),
        "period": pd.PeriodIndex([p for s in spans for p in s], freq="M"),
    })


def activity_review(activities: pd.DataFrame, margin_rate=None) -> pd.DataFrame:
    """Each activity with its uplift achievement, incremental profit, ROI and payback.

    ``margin_rate``: one rate for all, a Series aligned with ``activities`` (e.g. from
    :func:`margin_rates`), or None to use the table's own ``margin_rate`` column.
    """
    out = activities.copy()
    if margin_rate is not None:
        out["margin_rate"] = margin_rate
    elif "margin_rate" not in out:
        raise ValueError("activity_review needs a margin_rate (a number, a Series, or a "
                         "margin_rate column); kit.jbp.margin_rates computes one from sales")
    for col in ("type", "customer_id", "owner", "start", "end", "expected_uplift",
                "actual_uplift"):
        if col not in out:
            out[col] = np.nan
    out["uplift_achievement"] = safe_ratio(out["actual_uplift"], out["expected_uplift"])
    out["expected_profit"] = out["expected_uplift"] * out["margin_rate"]
    out["actual_profit"] = out["actual_uplift"] * out["margin_rate"]
    out["expected_roi"] = safe_ratio(out["expected_profit"], out["cost"])
    out["roi"] = safe_ratio(out["actual_profit"], out["cost"])
    out["net_return"] = out["actual_profit"] - out["cost"]
    out["paid_back"] = pd.array(np.where(out["roi"].isna(), None, out["roi"] >= PAYBACK_ROI),
                                dtype="boolean")
    return out[list(REVIEW_COLUMNS)]


def not_paying_back(review: pd.DataFrame) -> pd.DataFrame:
    """The activities that did not pay back, worst ROI first."""
    return review[review["paid_back"].eq(False).fillna(False)].sort_values("roi")


def by_type(review: pd.DataFrame, by: str = "type") -> pd.DataFrame:
    """Activities summed per ``by`` (type, customer_id, owner): count, cost, uplifts,
    incremental profit, ROI = Σ profit / Σ cost, and how many paid back."""
    g = review.assign(**{by: review[by].astype(str)}).groupby(by, sort=True)
    out = g.agg(activities=("activity", "size"), cost=("cost", "sum"),
                expected_uplift=("expected_uplift", "sum"), actual_uplift=("actual_uplift", "sum"),
                actual_profit=("actual_profit", "sum"), paid_back=("paid_back", "sum"))
    out["roi"] = safe_ratio(out["actual_profit"], out["cost"])
    out["paid_back"] = out["paid_back"].astype("int64")
    return out.sort_values("roi", ascending=False)


__all__ = ["PAYBACK_ROI", "REVIEW_COLUMNS", "activity_review", "by_type", "infer_category",
           "margin_rates", "not_paying_back"]
