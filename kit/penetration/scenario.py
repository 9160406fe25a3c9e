"""Growth scenario: penetration +x points, frequency +y %, spend +z % → sales.

Kit interpretation, tied to the five-factor funnel of :mod:`kit.review.funnel`
(sales = universe × numeric distribution × SKUs per buying outlet × units per
SKU per outlet × average price):

- penetration +x points raises numeric distribution (buying outlets /
  universe) by x / 100;
- frequency +y % (more buying months per buyer, same range) raises units per
  SKU per outlet by y;
- spend +z % per order raises the funnel factor named by `spend_factor`:
  SKUs per buying outlet by default (a wider basket), or units per SKU
  (bigger drops) or average price.

So scenario sales = base sales × (ND₁ / ND₀) × (1 + y) × (1 + z). The change
is attributed to the three levers and to the five funnel factors by the same
LMDI-I weights the review uses, so both add up to the change with no residual.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.penetration.labels import t
from kit.review.bridge import to_cents
from kit.review.funnel import FACTORS, Funnel, attribute, log_mean
from kit.review.periods import ratio_change

LEVERS = ("penetration", "frequency", "spend")
SPEND_FACTORS = ("skus_per_outlet", "units_per_sku", "avg_price")


@dataclass(frozen=True)
class Scenario:
    """The levers' base and scenario values and sales effect, and the funnel behind them."""

    levers: pd.DataFrame  # index LEVERS; columns base, scenario, ratio, contribution
    funnel: Funnel  # base = today, current = the scenario

    @property
    def base_sales(self) -> float:
        return self.funnel.base_sales

    @property
    def sales(self) -> float:
        return self.funnel.current_sales

    @property
    def change(self) -> float:
        return self.funnel.change

    @property
    def growth(self) -> float:
        """Scenario sales / today's − 1 (n/a when today's sales are not positive)."""
        return float(ratio_change(self.sales, self.base_sales))

    def lever_labels(self, lang: str | None = None) -> dict[str, str]:
        return {k: t(f"lever.{k}", lang) for k in LEVERS}


def penetration_room(base: Funnel | pd.Series) -> float:
    """Points of numeric distribution left before 100 % (the slider's upper end)."""
    x0 = base.table["current"] if isinstance(base, Funnel) else base
    return float(max(0.0, 100 * (1 - x0["numeric_distribution"])))


def feasible_points(base: Funnel | pd.Series, points: float) -> float:
    """`points` of penetration, capped so numeric distribution stays at or below 100 %."""
    return float(min(points, penetration_room(base)))


def growth_scenario(base: Funnel | pd.Series, *, penetration_points: float = 0.0,
                    frequency: float = 0.0, spend: float = 0.0,
                    spend_factor: str = "skus_per_outlet") -> Scenario:
    """Apply the three levers to today's funnel (a Funnel: its current window).

    `penetration_points` in points (3 = +3 pt of ND); `frequency` and `spend`
    as fractions (0.05 = +5 %).
    """
    if spend_factor not in SPEND_FACTORS:
        raise ValueError(f"spend_factor must be one of {SPEND_FACTORS}")
    x0 = (base.table["current"] if isinstance(base, Funnel) else base)
    x0 = x0.reindex(list(FACTORS)).astype("float64")
    if not (x0 > 0).all():
        raise ValueError("the base funnel needs every factor above zero")
    nd1 = x0["numeric_distribution"] + penetration_points / 100
    if not 0 < nd1 <= 1:
        raise ValueError(f"penetration would be {nd1:.1%}; it must stay within (0 %, 100 %]")
    if frequency <= -1 or spend <= -1:
        raise ValueError("frequency and spend changes must be above −100 %")
    x1 = x0.copy()
    x1["numeric_distribution"] = nd1
    x1["units_per_sku"] *= 1 + frequency
    x1[spend_factor] *= 1 + spend
    s0, s1 = float(x0.prod()), float(x1.prod())
    ratios = pd.Series({"penetration": nd1 / x0["numeric_distribution"],
                        "frequency": 1 + frequency, "spend": 1 + spend})
    levers = pd.DataFrame({
        "base": [x0["numeric_distribution"], 1.0, 1.0],
        "scenario": [nd1, 1 + frequency, 1 + spend],
        "ratio": ratios,
        "contribution": pd.Series(to_cents((log_mean(s1, s0) * np.log(ratios)).to_dict(),
                                           s1 - s0)),
    }, index=list(LEVERS))
    levers.index.name = "lever"
    return Scenario(levers=levers, funnel=attribute(x0, x1, s0, s1))
