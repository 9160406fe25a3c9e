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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.review.bridge import to_cents
from kit.review.periods import Window
from kit.review.rows import group_sums, in_periods, isin, keep, key_codes
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
    return window_factors(sales, None, universe, [months], measure, quantity)[0]


def window_factors(sales: pd.DataFrame, rows: np.ndarray | None, universe: int,
                   windows: Sequence[pd.PeriodIndex], measure: str = "net_sales",
                   quantity: str = "units") -> list[tuple[pd.Series, float]]:
    """factors() for each of several disjoint windows (`rows`: a mask of the rows
    to count, default all)."""
    months = [m for window in windows for m in window]
    if len(set(months)) < len(months):
        raise ValueError("the windows overlap")
    at, side = in_periods(sales["period"], rows, windows)
    out = []
    for s in range(len(windows)):
        here = at[side == s]
        outlet, outlets = key_codes(sales, "outlet_id", here, text=False)
        sku, skus = key_codes(sales, "sku", here, text=False)
        # The (outlet, sku) pairs of this window with units bought, in a group-by's order
        # (a row without an outlet or a sku is in none).
        (outlet_of, _), sums = group_sums(sales, [quantity, measure], here,
                                          [(outlet, len(outlets)), (sku, len(skus))])
        bought = (sums[quantity] > 0).to_numpy()
        pairs = sums[bought]
        buyers = np.count_nonzero(np.diff(outlet_of[bought], prepend=-1))  # pairs come by outlet
        out.append(_factors(universe, len(pairs), buyers,
                            float(pairs[quantity].sum()), float(pairs[measure].sum())))
    return out


def _factors(universe: int, n_pairs: int, buyers: int, units: float,
             value: float) -> tuple[pd.Series, float]:
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
    rows = keep(sales, flow, {k: v for k, v in where.items() if k in sales})
    in_universe = isin(sales["outlet_id"], universe["outlet_id"])
    rows = in_universe if rows is None else rows & in_universe
    (x0, s0), (x1, s1) = window_factors(sales, rows, len(universe),
                                        [window.last_year, window.current], measure, quantity)
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
