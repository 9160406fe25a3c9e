"""Target setting: where the numbers come from (the kit's definitions).

baseline  — next year if nothing changes: stage 1's trend × seasonality
            forecast summed over 12 months (with under 24 months of history:
            the last 12 months, i.e. the run rate).
top-down  — the market: last year's market × (1 + market growth) × share ambition.
bottom-up — the funnel drivers: this year's five funnel factors with the
            trainee's changes (new buying outlets, distribution points per
            outlet, rate of sale, price); sales = their product, and the
            change from this year is attributed to each driver by LMDI.
gap       — top-down − bottom-up: what the plan still has to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit.review.funnel import FACTORS, Funnel, attribute
from kit.review.timeseries import MIN_MONTHS, forecast


def baseline(series: pd.Series, horizon: int = 12) -> float:
    """Σ of the next `horizon` months by trend × seasonality, or the run rate
    (Σ of the last 12 months, scaled to the horizon) for shorter histories."""
    if len(series) >= MIN_MONTHS:
        return float(forecast(series, horizon).sum())
    last = series.iloc[-12:]
    return float(last.sum() / len(last) * horizon) if len(last) else 0.0


def top_down(market_last_year: float, market_growth: float, share_ambition: float) -> float:
    """Next year's market × the share we aim for."""
    return market_last_year * (1 + market_growth) * share_ambition


@dataclass(frozen=True)
class Drivers:
    """The trainee's levers, as changes to this year's funnel."""

    new_outlets: float = 0.0  # more buying outlets (count)
    distribution_points: float = 0.0  # change in SKUs per buying outlet (e.g. 0.05 = +5 %)
    rate_of_sale: float = 0.0  # change in units per SKU per outlet
    price: float = 0.0  # change in average price
    universe_growth: float = 0.0  # change in the outlet universe (new outlets opening)


def bottom_up(current: pd.Series, drivers: Drivers) -> Funnel:
    """Next year's funnel: `current` factor values (kit.review.funnel(...).table
    ["current"]) with the drivers applied. New outlets raise numeric
    distribution (buyers / universe); the result's table holds this year
    ("base"), next year ("current") and each factor's contribution."""
    x0 = current.reindex(list(FACTORS)).astype("float64")
    universe = x0["universe"] * (1 + drivers.universe_growth)
    buyers = x0["universe"] * x0["numeric_distribution"] + drivers.new_outlets
    x1 = pd.Series({
        "universe": universe,
        "numeric_distribution": buyers / universe if universe else float("nan"),
        "skus_per_outlet": x0["skus_per_outlet"] * (1 + drivers.distribution_points),
        "units_per_sku": x0["units_per_sku"] * (1 + drivers.rate_of_sale),
        "avg_price": x0["avg_price"] * (1 + drivers.price),
    })
    return attribute(x0, x1, float(x0.prod()), float(x1.prod()))


@dataclass(frozen=True)
class Gap:
    top_down: float
    bottom_up: float

    @property
    def amount(self) -> float:
        """What the plan still has to find (negative: the drivers exceed the ambition)."""
        return self.top_down - self.bottom_up

    @property
    def share(self) -> float:
        """The gap as a share of the top-down target (n/a without one)."""
        return self.amount / self.top_down if self.top_down > 0 else float("nan")
