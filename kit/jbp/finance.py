"""Distributor economics from the ledger (JBP part 4): P&L, working capital, ROI, stock flow.

Pure functions over the canonical ``distributor_ledger`` table (period × customer_id).
Flows (revenue, COGS, rebates, opex lines, units) are summed over a window; balances
(inventory, receivables, payables: month-end values) are averaged over the window's
months. The kit's definitions (design brief §4):

- gross margin = revenue − COGS; opex = warehouse + logistics + sales_staff + other_opex;
  net profit = gross margin + rebates − opex (rebates are the brand's payments to the
  distributor, i.e. the distributor's income). Margins are shares of revenue.
- A window of ``n`` months covers ``365 × n / 12`` days, so a flow is annualised by
  ``12 / n``:  DIO = 365 × avg inventory / (COGS × 12 / n), DSO = 365 × avg receivables /
  (revenue × 12 / n), DPO = 365 × avg payables / (COGS × 12 / n). For a year this is the
  plain 365 × average / annual flow; for one month it is 30.4 × balance / monthly flow.
- cash cycle = DIO + DSO − DPO; rotations = 365 / cash cycle per year (n/a when the cash
  cycle ≤ 0: the distributor is financed by its suppliers and the ratio means nothing);
  ROI = net margin × rotations (annual). GMROI = annualised gross margin / avg inventory
  (at cost). Every ratio with a denominator ≤ 0 is n/a (NaN), never ±inf.
- Channel stock (units): closing = opening + primary (sell-in) − secondary (sell-out).
  primary/secondary ratio = Σ primary / Σ secondary; above ``threshold`` (default 1.3)
  the period is flagged as stuffing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from kit.review.periods import Window, safe_ratio

OPEX = ("warehouse", "logistics", "sales_staff", "other_opex")
FLOWS = ("revenue", "cogs", "rebates", *OPEX)
BALANCES = ("inventory", "receivables", "payables")
UNITS = ("primary_units", "secondary_units")
FREQS = ("M", "Q", "H", "Y")
STUFFING_THRESHOLD = 1.3
KEY = "customer_id"

PNL_COLUMNS = ("revenue", "cogs", "gross_margin", "rebates", *OPEX, "opex", "net_profit",
               "gross_margin_pct", "rebate_pct", "opex_pct", "net_margin_pct", "months")
WC_COLUMNS = ("avg_inventory", "avg_receivables", "avg_payables", "dio", "dso", "dpo",
              "cash_cycle", "rotations")


# ------------------------------------------------------------------ windows


def months(spec=None) -> pd.PeriodIndex | None:
    """The months of a window spec; None means all months.

    Accepts "2025" (a year), "2025H2" (a half), "2025Q3" (a quarter), "2025-07" (a
    month), a ``(start, end)`` pair of months, a :class:`kit.review.Window`, or any
    iterable of months.
    """
    if spec is None:
        return None
    if isinstance(spec, Window):
        return spec.current
    if isinstance(spec, str):
        return _months_of(spec)
    if isinstance(spec, tuple) and len(spec) == 2 and _is_month_pair(spec):
        return pd.period_range(spec[0], spec[1], freq="M")
    return pd.PeriodIndex(list(spec), freq="M")


def _is_month_pair(spec: tuple) -> bool:
    # A tuple of two months is always read as a (start, end) range; pass a list to
    # name two separate months.
    return all(isinstance(x, str | pd.Period) for x in spec)


def _months_of(text: str) -> pd.PeriodIndex:
    text = text.strip().upper()
    if len(text) == 4 and text.isdigit():
        return pd.period_range(f"{text}-01", f"{text}-12", freq="M")
    if len(text) == 6 and text[4] == "H" and text[5] in "12":
        first = 1 if text[5] == "1" else 7
        return pd.period_range(f"{text[:4]}-{first:02d}", periods=6, freq="M")
    if len(text) == 6 and text[4] == "Q" and text[5] in "1234":
        return pd.period_range(pd.Period(text, freq="Q").asfreq("M", "s"), periods=3, freq="M")
    return pd.PeriodIndex([pd.Period(text, freq="M")])


def bucket(periods: pd.Series, freq: str | None) -> pd.Series:
    """Label each month with its period of ``freq``: "2025-07", "2025Q3", "2025H2", "2025";
    None puts every month in one bucket "all"."""
    if freq is None:
        return pd.Series("all", index=periods.index)
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS} or None, got {freq!r}")
    p = pd.PeriodIndex(periods, freq="M")
    year = pd.Series(p.year.astype(str), index=periods.index)
    if freq == "M":
        return pd.Series(p.astype(str), index=periods.index)
    if freq == "Q":
        return year + "Q" + pd.Series(p.quarter.astype(str), index=periods.index)
    if freq == "H":
        return year + "H" + pd.Series(np.where(p.month <= 6, "1", "2"), index=periods.index)
    return year


def select(ledger: pd.DataFrame, window=None, customer: str | Iterable[str] | None = None
           ) -> pd.DataFrame:
    """The ledger rows of the window's months (and of ``customer``, one id or several)."""
    rows = ledger
    wanted = months(window)
    if wanted is not None:
        rows = rows[pd.PeriodIndex(rows["period"], freq="M").isin(wanted)]
    if customer is not None:
        ids = [customer] if isinstance(customer, str) else list(customer)
        rows = rows[rows[KEY].astype(str).isin(ids)]
    return rows


# ------------------------------------------------------------------ aggregation


def _frame(ledger: pd.DataFrame) -> pd.DataFrame:
    """Text keys and every optional column present: an absent rebate or opex line counts as
    zero (nothing booked), absent balances and units are unknown (NaN)."""
    data = ledger.copy()
    data[KEY] = data[KEY].astype(str)
    for col in FLOWS:
        if col not in data:
            data[col] = 0.0
    for col in (*BALANCES, *UNITS):
        if col not in data:
            data[col] = np.nan
    return data


def _grouped(ledger: pd.DataFrame, window, freq: str | None) -> pd.DataFrame:
    data = _frame(select(ledger, window))
    data["bucket"] = bucket(data["period"], freq)
    groups = data.groupby([KEY, "bucket"], sort=True)
    sums = groups[list(FLOWS + UNITS)].sum(min_count=1)
    sums[list(FLOWS)] = sums[list(FLOWS)].fillna(0.0)
    means = groups[list(BALANCES)].mean().add_prefix("avg_")
    out = sums.join(means)
    out["months"] = groups["period"].nunique()
    out.index.names = [KEY, "period"]
    return out if freq is not None else out.droplevel("period")


def pnl(ledger: pd.DataFrame, window=None, freq: str | None = None) -> pd.DataFrame:
    """The distributor P&L per distributor (and per period of ``freq``) over the window.

    Columns: revenue, cogs, gross_margin, rebates, the opex lines, opex, net_profit, the
    margins as shares of revenue (gross_margin_pct, rebate_pct, opex_pct, net_margin_pct;
    n/a without revenue) and the number of months.
    """
    g = _grouped(ledger, window, freq)
    return _pnl(g)[list(PNL_COLUMNS)]


def _pnl(g: pd.DataFrame) -> pd.DataFrame:
    g = g.copy()
    g["gross_margin"] = g["revenue"] - g["cogs"]
    g["opex"] = g[list(OPEX)].sum(axis=1)
    g["net_profit"] = g["gross_margin"] + g["rebates"] - g["opex"]
    for col, base in (("gross_margin_pct", "gross_margin"), ("rebate_pct", "rebates"),
                      ("opex_pct", "opex"), ("net_margin_pct", "net_profit")):
        g[col] = safe_ratio(g[base], g["revenue"])
    return g


def _working_capital(g: pd.DataFrame) -> pd.DataFrame:
    g = g.copy()
    days = 365 * g["months"] / 12  # the window's length in days
    g["dio"] = days * safe_ratio(g["avg_inventory"], g["cogs"])
    g["dso"] = days * safe_ratio(g["avg_receivables"], g["revenue"])
    g["dpo"] = days * safe_ratio(g["avg_payables"], g["cogs"])
    g["cash_cycle"] = g["dio"] + g["dso"] - g["dpo"]
    g["rotations"] = safe_ratio(365.0, g["cash_cycle"])
    return g


def working_capital(ledger: pd.DataFrame, window=None, freq: str | None = None) -> pd.DataFrame:
    """Average balances, DIO, DSO, DPO (days), cash cycle and rotations per year."""
    return _working_capital(_grouped(ledger, window, freq))[list(WC_COLUMNS)]


def economics(ledger: pd.DataFrame, window=None, freq: str | None = None) -> pd.DataFrame:
    """P&L, working capital, ROI and GMROI in one table (the part-4 financial review).

    roi = net_margin_pct × rotations; gmroi = gross margin × 12 / months / avg inventory.
    """
    g = _working_capital(_pnl(_grouped(ledger, window, freq)))
    g["roi"] = g["net_margin_pct"] * g["rotations"]
    g["gmroi"] = safe_ratio(g["gross_margin"] * 12 / g["months"], g["avg_inventory"])
    return g[list(PNL_COLUMNS + WC_COLUMNS) + ["roi", "gmroi"]]


def profit_model(row: pd.Series | Mapping) -> pd.Series:
    """The distributor profit model of one economics row, as its chain of drivers:
    gross margin % + rebate % − opex % = net margin %; 365 / (DIO + DSO − DPO) = rotations;
    net margin % × rotations = ROI."""
    keys = ("gross_margin_pct", "rebate_pct", "opex_pct", "net_margin_pct", "dio", "dso", "dpo",
            "cash_cycle", "rotations", "roi")
    return pd.Series({k: float(row[k]) for k in keys})


# ------------------------------------------------------------------ channel stock


def stock_flow(ledger: pd.DataFrame, opening: float | Mapping[str, float] | None = None,
               threshold: float = STUFFING_THRESHOLD) -> pd.DataFrame:
    """Monthly channel stock in units per distributor: opening + primary − secondary = closing.

    The ledger holds stock only as money, so the first month's opening units are
    ``opening`` (one number, or one per distributor) or else estimated as that month's
    closing inventory ÷ unit cost (COGS / secondary units) less its net flow (0 when it
    cannot be estimated). Later months open with the previous closing. ``ratio`` =
    primary / secondary, ``above`` = ratio > threshold.
    """
    data = _frame(ledger).sort_values([KEY, "period"])
    out = pd.DataFrame({KEY: data[KEY], "period": data["period"],
                        "primary": data["primary_units"].fillna(0.0),
                        "secondary": data["secondary_units"].fillna(0.0)}, index=data.index)
    net = out["primary"] - out["secondary"]
    first = ~out[KEY].duplicated()
    start = _first_opening(data[first], net[first], opening)
    out["closing"] = out[KEY].map(start) + net.groupby(out[KEY]).cumsum()
    out["opening"] = out["closing"] - net
    out["ratio"] = safe_ratio(out["primary"], out["secondary"])
    out["above"] = out["ratio"] > threshold
    return out.set_index([KEY, "period"])[["opening", "primary", "secondary", "closing",
                                           "ratio", "above"]]


def _first_opening(first: pd.DataFrame, net: pd.Series, opening) -> pd.Series:
    ids = first[KEY]
    if isinstance(opening, Mapping):
        return pd.Series([float(opening.get(i, 0.0)) for i in ids], index=ids.values)
    if opening is not None:
        return pd.Series(float(opening), index=ids.values)
    unit_cost = safe_ratio(first["cogs"], first["secondary_units"])
    units = safe_ratio(first["inventory"], unit_cost) - net.to_numpy()
    return pd.Series(np.nan_to_num(np.round(units), nan=0.0), index=ids.values)


def channel_stock(ledger: pd.DataFrame, window=None, freq: str | None = None,
                  opening: float | Mapping[str, float] | None = None,
                  threshold: float = STUFFING_THRESHOLD) -> pd.DataFrame:
    """Channel stock per distributor (and per period of ``freq``) over the window.

    opening = the first month's opening, closing = the last month's closing, primary and
    secondary summed (so opening + primary − secondary = closing still holds),
    ratio = Σ primary / Σ secondary, stuffing = ratio > threshold, months_above = months
    whose own ratio is above the threshold.
    """
    flow = stock_flow(ledger, opening, threshold).reset_index()
    wanted = months(window)
    if wanted is not None:  # the flow runs over all months so openings carry over
        flow = flow[pd.PeriodIndex(flow["period"], freq="M").isin(wanted)]
    flow["bucket"] = bucket(flow["period"], freq)
    g = flow.groupby([KEY, "bucket"], sort=True).agg(
        opening=("opening", "first"), primary=("primary", "sum"),
        secondary=("secondary", "sum"), closing=("closing", "last"),
        months_above=("above", "sum"))
    g["change"] = g["closing"] - g["opening"]
    g["ratio"] = safe_ratio(g["primary"], g["secondary"])
    g["stuffing"] = g["ratio"] > threshold
    g.index.names = [KEY, "period"]
    cols = ["opening", "primary", "secondary", "closing", "change", "ratio", "stuffing",
            "months_above"]
    return g[cols] if freq is not None else g[cols].droplevel("period")


def longest_run(flags: pd.Series) -> int:
    """The longest run of consecutive True values (months in a row above the threshold)."""
    values = flags.fillna(False).astype(bool).to_numpy()
    if not values.any():
        return 0
    # Run ids change at every False; counting Trues per id gives each run's length.
    ids = np.cumsum(~values)
    return int(pd.Series(values).groupby(ids).sum().max())


__all__ = [
    "BALANCES", "FLOWS", "FREQS", "OPEX", "STUFFING_THRESHOLD", "UNITS", "bucket",
    "channel_stock", "economics", "longest_run", "months", "pnl", "profit_model", "select",
    "stock_flow", "working_capital",
]
