"""Five-factor funnel (五维漏斗, the kit's interpretation) with exact LMDI attribution.

sales = outlet universe × numeric distribution × SKUs per buying outlet
        × units per SKU per outlet × average price

over the months of a window, counted on sell-out rows with an outlet:
numeric distribution = buying outlets / universe; SKUs per buying outlet =
distinct (outlet, sku) pairs bought / buying outlets; units per SKU per outlet
= units / pairs; average price = sales / units. A change between two windows
is attributed to the five factors by LMDI-I:
contributionₖ = L(S₁, S₀) · ln(xₖ₁ / xₖ₀), L(a, b) = (a − b) / (ln a − ln b),
which sums to S₁ − S₀ with no residual.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.overview import select_flow
from kit.review.bridge import to_cents
from kit.review.periods import Window
from kit.review.scorecard import subset

FACTORS = ("universe", "numeric_distribution", "skus_per_outlet", "units_per_sku", "avg_price")


@dataclass(frozen=True)
class Funnel:
    """Factor values in both windows and each factor's contribution to the change."""

    table: pd.DataFrame  # index FACTORS; columns base, current, growth, contribution
    base_sales: float
    current_sales: float

    @property
    def change(self) -> float:
        return round(self.current_sales - self.base_sales, 2)

    @property
    def exact(self) -> bool:
        """False when a factor is zero in a window (LMDI needs positive values)."""
        return bool(self.table["contribution"].notna().all())


def log_mean(a: float, b: float) -> float:
    """L(a, b) = (a − b) / (ln a − ln b), and a when a = b (its limit)."""
    if a <= 0 or b <= 0:
        return float("nan")
    return a if np.isclose(a, b, rtol=1e-15, atol=0) else (a - b) / (np.log(a) - np.log(b))


def factors(sales: pd.DataFrame, universe: int, months: pd.PeriodIndex,
            measure: str = "net_sales", quantity: str = "units") -> tuple[pd.Series, float]:
    """The five factors over `months`, and the sales they multiply to."""
    rows = sales[sales["period"].isin(list(months))]
    pairs = rows.groupby(["outlet_id", "sku"], observed=True)[[quantity, measure]].sum()
    pairs = pairs[pairs[quantity] > 0]
    n_pairs = len(pairs)
    buyers = pairs.index.get_level_values("outlet_id").nunique()
    units, value = float(pairs[quantity].sum()), float(pairs[measure].sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        x = pd.Series({
            "universe": float(universe),
            "numeric_distribution": buyers / universe if universe else np.nan,
            "skus_per_outlet": n_pairs / buyers if buyers else np.nan,
            "units_per_sku": units / n_pairs if n_pairs else np.nan,
            "avg_price": value / units if units else np.nan,
        })
    return x, value


def funnel(
    sales: pd.DataFrame,
    outlets: pd.DataFrame,
    window: Window,
    *,
    where: dict | None = None,
    flow: str = "sell_out",
    measure: str = "net_sales",
    quantity: str = "units",
) -> Funnel:
    """Funnel of the outlets matching `where` (e.g. {"region": "华北"}), last year vs now.

    `where` filters the outlet universe on the columns outlets have (region,
    channel, format, tier, customer_id) and the sales rows on theirs
    (category, sku, ...); sales of outlets outside the universe are left out.
    """
    if "outlet_id" not in sales:
        raise ValueError("the funnel needs sell-out rows with an outlet_id column")
    where = where or {}
    universe = subset(outlets, {k: v for k, v in where.items() if k in outlets}) if where else outlets
    rows = subset(select_flow(sales, flow), {k: v for k, v in where.items() if k in sales})
    rows = rows[rows["outlet_id"].isin(universe["outlet_id"])]
    x0, s0 = factors(rows, len(universe), window.last_year, measure, quantity)
    x1, s1 = factors(rows, len(universe), window.current, measure, quantity)
    return attribute(x0, x1, s0, s1)


def attribute(x0: pd.Series, x1: pd.Series, s0: float, s1: float) -> Funnel:
    """LMDI-I contributions of each factor to s1 − s0 (rounded to reconcile to the cent)."""
    weight = log_mean(s1, s0)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = weight * np.log(x1 / x0)
    ok = np.isfinite(raw).all() and (x0 > 0).all() and (x1 > 0).all()
    contribution = pd.Series(to_cents(raw.to_dict(), s1 - s0)) if ok else raw * np.nan
    growth = (x1 / x0 - 1).where(x0 > 0)
    table = pd.DataFrame({"base": x0, "current": x1, "growth": growth,
                          "contribution": contribution.reindex(x0.index)})
    table.index.name = "factor"
    return Funnel(table=table.loc[list(FACTORS)], base_sales=round(s0, 2), current_sales=round(s1, 2))


def funnel_by(sales: pd.DataFrame, outlets: pd.DataFrame, window: Window, by: str,
              **kwargs) -> pd.DataFrame:
    """One funnel per segment of an outlet attribute (region, channel, ...):
    base and current sales and each factor's contribution, one row per segment."""
    if by not in outlets:
        raise ValueError(f"outlets have no column {by!r}")
    where = kwargs.pop("where", None) or {}
    rows = []
    for value in sorted(outlets[by].dropna().astype(str).unique()):
        f = funnel(sales, outlets, window, where={**where, by: value}, **kwargs)
        rows.append({by: value, "base_sales": f.base_sales, "current_sales": f.current_sales,
                     "change": f.change, **f.table["contribution"].to_dict()})
    return pd.DataFrame(rows).set_index(by)
