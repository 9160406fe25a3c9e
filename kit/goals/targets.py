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

The funnel needs outlets: with sell-out rows carrying outlet codes and an
outlet list, the factors are the outlets'. Without them (a plain customer
export) the kit reads the same five factors at customer level: the universe
is every customer in the file, "buying" a customer that bought in the last 12
months — the funnel's arithmetic is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit.overview import select_flow
from kit.review.funnel import FACTORS, Funnel, attribute, factors
from kit.review.timeseries import MIN_MONTHS, forecast, monthly_series, seasonality_index


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


def bottom_up(current: pd.Series, drivers: Drivers, sales: float | None = None) -> Funnel:
    """Next year's funnel: `current` factor values (kit.review.funnel(...).table
    ["current"]) with the drivers applied. New outlets raise numeric
    distribution (buyers / universe); the result's table holds this year
    ("base"), next year ("current") and each factor's contribution.

    ``sales``: this year's sales of the flow being planned when it is not the
    funnel's own (the funnel is read on sell-out, the plan is on sell-in):
    the funnel's growth is applied to it, and the contributions, scaled by the
    same ratio, still add up to the change exactly.
    """
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
    s0 = float(x0.prod()) if sales is None else float(sales)
    return attribute(x0, x1, s0, s0 * float(x1.prod() / x0.prod()))


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


# ================================================================== one target-setting session


@dataclass(frozen=True)
class Ambition:
    """The top-down inputs: where the market goes and the share we aim for.

    ``share_now`` is this year's market share; the market is inferred from it
    (last 12 months ÷ share), because a sales manager knows the share from
    panel data more often than the market's size in money.
    """

    market_growth: float = 0.05
    share_now: float = 0.10
    share_ambition: float = 0.11


@dataclass(frozen=True)
class Starting:
    """What this year gives the target-setting: computed once per data set."""

    end: pd.Period  # last month of the data
    last_12: float  # Σ of the 12 months to `end`
    baseline: float  # next 12 months if nothing changes
    funnel: pd.Series  # the five factors over the 12 months to `end`
    unit: str  # "outlet" or "customer": who the funnel counts


@dataclass(frozen=True)
class TargetSetting:
    """Every number of the target-setting step for one set of inputs."""

    start: Starting
    ambition: Ambition
    drivers: Drivers
    market: float  # last year's market, inferred
    top_down: float
    bottom_up: Funnel

    @property
    def gap(self) -> Gap:
        return Gap(self.top_down, self.bottom_up.current_sales)


def starting_point(sales: pd.DataFrame, outlets: pd.DataFrame | None = None, *,
                   flow: str | None = None, measure: str = "net_sales") -> Starting:
    """This year's run rate, the baseline and the funnel factors of the last 12 months."""
    rows = select_flow(sales, flow)
    series = monthly_series(rows, measure=measure)
    end = series.index[-1]
    months = pd.period_range(end - 11, end, freq="M")
    last_12 = float(series.reindex(months, fill_value=0.0).sum())
    funnel_rows, universe, unit = _funnel_basis(sales, outlets, flow)
    x, _ = factors(funnel_rows, universe, months, measure=measure)
    return Starting(end=end, last_12=last_12, baseline=baseline(series), funnel=x, unit=unit)


def _funnel_basis(sales: pd.DataFrame, outlets: pd.DataFrame | None,
                  flow: str | None) -> tuple[pd.DataFrame, int, str]:
    if outlets is not None and "outlet_id" in sales:
        out = select_flow(sales, "sell_out" if flow is None else flow)
        out = out[out["outlet_id"].isin(outlets["outlet_id"])]
        if len(out):
            return out, len(outlets), "outlet"
    rows = select_flow(sales, flow)
    rows = rows.assign(outlet_id=rows["customer_id"])
    return rows, int(rows["customer_id"].nunique()), "customer"


def set_targets(start: Starting, ambition: Ambition, drivers: Drivers) -> TargetSetting:
    """Top-down, bottom-up and the gap for one position of the sliders."""
    market = start.last_12 / ambition.share_now if ambition.share_now > 0 else float("nan")
    return TargetSetting(start=start, ambition=ambition, drivers=drivers, market=market,
                         top_down=top_down(market, ambition.market_growth, ambition.share_ambition),
                         bottom_up=bottom_up(start.funnel, drivers, start.last_12))


def phasing_weights(series: pd.Series) -> pd.Series:
    """How a year's target spreads over calendar months 1..12.

    Two years of history or more: the seasonality index (stage 1). One year:
    last year's months as they were. Less: flat (every month the same).
    """
    if len(series) >= MIN_MONTHS:
        return seasonality_index(series)
    if len(series) >= 12:
        last = series.iloc[-12:]
        return pd.Series(last.to_numpy(), index=last.index.month).sort_index().rename_axis("month")
    return pd.Series(1.0, index=pd.RangeIndex(1, 13, name="month"))
