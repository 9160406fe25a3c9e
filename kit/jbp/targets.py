"""The distributor's next-period financial targets (JBP part 5) and the profit model's levers.

One pure function, :func:`project`, turns a small frozen set of :class:`Assumptions`
(price, volume, rebate rate, stock days, credit days …) into a projected P&L, cash cycle
and ROI with the same definitions as :mod:`kit.jbp.finance`; the scenario app moves the
assumptions with sliders and calls it on every change.

Consistency (the kit's rule): the sell-in plan, the sell-out plan and the stock target
always satisfy  sell-in = sell-out + (closing stock − opening stock).  The closing stock
target is ``stock_days`` of sell-out: sell-out × stock_days / days in the period. Sell-in
cannot be negative, so a distributor that opens with more stock than the target buys
nothing and closes above it (the stock is worked down; the identity still holds).

Projected balances: receivables = credit_days of revenue, payables = payable_days of
COGS, inventory = the average of opening and closing stock at cost. So DSO = credit_days,
DPO = payable_days, and DIO = stock_days when the period opens at the target level
(``opening_stock_units=None``, the default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd

from kit.jbp.finance import economics, select, stock_flow
from kit.review.periods import safe_ratio


@dataclass(frozen=True)
class Assumptions:
    """What the distributor's next period rests on (one period of ``months`` months)."""

    sell_out_units: float  # units the distributor sells to its outlets
    price: float  # the distributor's selling price per unit
    unit_cost: float  # what the distributor pays per unit (the brand's price to it)
    rebate_rate: float = 0.0  # rebates from the brand, as a share of purchases at cost
    opex_rate: float = 0.0  # operating costs as a share of revenue
    stock_days: float = 30.0  # target stock, in days of sell-out (DIO)
    credit_days: float = 30.0  # credit given to outlets (DSO)
    payable_days: float = 0.0  # credit the brand gives the distributor (DPO)
    opening_stock_units: float | None = None  # None: the period opens at the target stock
    months: int = 12

    @property
    def days(self) -> float:
        return 365 * self.months / 12


@dataclass(frozen=True)
class Projection:
    """The projected period: volumes, P&L, working capital and returns."""

    sell_out_units: float
    opening_stock_units: float
    closing_stock_units: float
    sell_in_units: float
    revenue: float
    cogs: float
    gross_margin: float
    purchases: float
    rebates: float
    opex: float
    net_profit: float
    gross_margin_pct: float
    net_margin_pct: float
    avg_inventory: float
    receivables: float
    payables: float
    dio: float
    dso: float
    dpo: float
    cash_cycle: float
    rotations: float
    roi: float
    gmroi: float

    @property
    def rebate_pct(self) -> float:
        return float(safe_ratio(self.rebates, self.revenue))

    @property
    def opex_pct(self) -> float:
        return float(safe_ratio(self.opex, self.revenue))

    def as_series(self) -> pd.Series:
        """The fields plus rebate_pct and opex_pct (so :func:`kit.jbp.profit_model` reads
        a projection as it reads an economics row)."""
        return pd.Series({**asdict(self), "rebate_pct": self.rebate_pct,
                          "opex_pct": self.opex_pct})


def target_stock(sell_out_units, stock_days: float, days: float):
    """Closing stock that covers ``stock_days`` of sell-out over a period of ``days`` days."""
    return np.asarray(sell_out_units, dtype="float64") * stock_days / days


def project(a: Assumptions) -> Projection:
    """The projected P&L, cash cycle and ROI of one set of assumptions (see the module doc)."""
    closing_target = float(target_stock(a.sell_out_units, a.stock_days, a.days))
    opening = closing_target if a.opening_stock_units is None else a.opening_stock_units
    sell_in = max(0.0, a.sell_out_units + closing_target - opening)
    closing = opening + sell_in - a.sell_out_units
    revenue, cogs = a.price * a.sell_out_units, a.unit_cost * a.sell_out_units
    purchases = a.unit_cost * sell_in
    rebates, opex = a.rebate_rate * purchases, a.opex_rate * revenue
    net = revenue - cogs + rebates - opex
    inventory = (opening + closing) / 2 * a.unit_cost
    receivables, payables = a.credit_days * revenue / a.days, a.payable_days * cogs / a.days
    dio = a.days * safe_ratio(inventory, cogs)
    dso = a.days * safe_ratio(receivables, revenue)
    dpo = a.days * safe_ratio(payables, cogs)
    cycle = dio + dso - dpo
    rotations = safe_ratio(365.0, cycle)
    net_pct = safe_ratio(net, revenue)
    return Projection(
        sell_out_units=a.sell_out_units, opening_stock_units=opening,
        closing_stock_units=closing, sell_in_units=sell_in, revenue=revenue, cogs=cogs,
        gross_margin=revenue - cogs, purchases=purchases, rebates=rebates, opex=opex,
        net_profit=net, gross_margin_pct=safe_ratio(revenue - cogs, revenue),
        net_margin_pct=net_pct, avg_inventory=inventory, receivables=receivables,
        payables=payables, dio=dio, dso=dso, dpo=dpo, cash_cycle=cycle, rotations=rotations,
        roi=net_pct * rotations,
        gmroi=safe_ratio((revenue - cogs) * 12 / a.months, inventory))


def stock_plan(sell_out: pd.Series, stock_days: float, opening: float) -> pd.DataFrame:
    """A month-by-month sell-in plan: each month closes at ``stock_days`` of its own
    sell-out (30.4 days a month), buying nothing while the opening stock is above that.

    Columns: sell_out, target, opening, sell_in, closing; every month satisfies
    sell_in = sell_out + closing − opening, and each month opens with the last one's close.
    """
    target = target_stock(sell_out.to_numpy(dtype="float64"), stock_days, 365 / 12)
    rows, stock = [], float(opening)
    # Month by month: a month that cannot buy (sell-in ≥ 0) hands its excess to the next.
    for out, goal in zip(sell_out.to_numpy(dtype="float64"), target, strict=True):
        buy = max(0.0, out + goal - stock)
        rows.append((out, goal, stock, buy, stock + buy - out))
        stock = stock + buy - out
    return pd.DataFrame(rows, index=sell_out.index,
                        columns=["sell_out", "target", "opening", "sell_in", "closing"])


def assumptions_from_ledger(ledger: pd.DataFrame, customer: str, window=None,
                            growth: float = 0.0, **overrides) -> Assumptions:
    """Next period's starting assumptions from a distributor's last period (the window):
    its price and unit cost per secondary unit, rebates per purchase at cost, opex rate,
    DIO / DSO / DPO as stock, credit and payable days, sell-out annualised to 12 months ×
    (1 + growth), and the last closing stock as the opening. ``overrides`` replace any field.
    """
    rows = select(ledger, window, customer)
    if rows.empty:
        raise ValueError(f"no ledger rows for {customer!r} in that window")
    e = economics(rows).loc[customer]
    secondary = float(rows["secondary_units"].sum())
    primary = float(rows["primary_units"].sum())
    unit_cost = float(safe_ratio(e["cogs"], secondary))
    closing = stock_flow(ledger).loc[customer]["closing"]
    last = closing[closing.index.isin(rows["period"])].iloc[-1]
    base = Assumptions(
        sell_out_units=float(secondary * 12 / e["months"] * (1 + growth)),
        price=float(safe_ratio(e["revenue"], secondary)), unit_cost=unit_cost,
        rebate_rate=float(safe_ratio(e["rebates"], primary * unit_cost)),
        opex_rate=float(e["opex_pct"]), stock_days=float(e["dio"]),
        credit_days=float(e["dso"]), payable_days=float(e["dpo"]),
        opening_stock_units=float(last))
    return replace(base, **overrides)


SCENARIO_LEVERS = ("price", "volume", "rebate_rate", "opex_rate", "stock_days", "credit_days",
                   "payable_days")


def adjust(a: Assumptions, price: float = 0.0, volume: float = 0.0, **levels: float
           ) -> Assumptions:
    """A scenario on top of ``a``: ``price`` and ``volume`` are changes as shares
    (0.05 = +5 % on the selling price and on sell-out units); the other levers
    (rebate_rate, opex_rate, stock_days, credit_days, payable_days) are new levels.
    The scenario app's sliders call this, so the app holds no arithmetic."""
    unknown = set(levels) - set(SCENARIO_LEVERS)
    if unknown:
        raise TypeError(f"unknown lever(s): {', '.join(sorted(unknown))}")
    return replace(a, price=a.price * (1 + price), sell_out_units=a.sell_out_units * (1 + volume),
                   **{k: float(v) for k, v in levels.items()})


DEFAULT_CHANGES: dict[str, float] = {
    "price": 0.01,  # +1 % selling price
    "sell_out_units": 0.10,  # +10 % volume
    "rebate_rate": 0.01,  # +1 point of rebate
    "opex_rate": -0.005,  # −0.5 point of opex
    "stock_days": -5.0,  # 5 days less stock
    "credit_days": -5.0,  # 5 days less credit
}
RELATIVE = {"price", "sell_out_units", "unit_cost"}  # changed by a share, the rest by points


def sensitivity(a: Assumptions, changes: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The profit model's levers: ROI, net profit and cash cycle after each change alone.

    ``changes`` maps an assumption to its change (a share for price, volume and unit cost,
    an absolute step for rates and days); index = the lever, columns: value, net_profit,
    cash_cycle, roi and their changes from the base (roi_change, profit_change).
    """
    base = project(a)
    rows = {}
    for key, step in (changes or DEFAULT_CHANGES).items():
        old = getattr(a, key)
        new = old * (1 + step) if key in RELATIVE else old + step
        p = project(replace(a, **{key: new}))
        rows[key] = {"value": new, "net_profit": p.net_profit, "cash_cycle": p.cash_cycle,
                     "roi": p.roi, "profit_change": p.net_profit - base.net_profit,
                     "roi_change": p.roi - base.roi}
    return pd.DataFrame.from_dict(rows, orient="index")


__all__ = ["DEFAULT_CHANGES", "SCENARIO_LEVERS", "Assumptions", "adjust", "Projection", "assumptions_from_ledger", "project",
           "sensitivity", "stock_plan", "target_stock"]
