"""What penetration is measured on: the buying units, their universe and the windows.

A trainee brings whatever they have, so the kit decides the basis once
(kit interpretation, stated in the workshop):

- **outlets file** and sales with an `outlet_id`: the unit is the outlet, the
  universe is the outlets file (outlets that never bought count), the rows are
  the sell-out rows (all rows when the file has no `kind`);
- **no outlets file, sales with an `outlet_id`**: the unit is the outlet, the
  universe is every outlet that appears in the sales (so penetration reads
  "share of the outlets we have ever served that bought in the window");
- **neither**: the unit is the customer (`outlet_id` := `customer_id`) and the
  universe is every customer in the file, as the stage-2 funnel does.

Every later function gets ``basis.rows`` and ``basis.universe`` with
``flow=None``: the flow was chosen here.

Windows: *current* = the last ``months`` months of the data (12 by default,
fewer when the file is shorter); *before* = the same number of months right
before it, as far as the data reach (empty when the file starts inside the
current window); plus each calendar year the data cover in full.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit.overview import select_flow
from kit.penetration.labels import t
from kit.review.funnel import factors

SEGMENTS = ("region", "channel", "format", "tier")
UNITS = ("outlet", "customer")


@dataclass(frozen=True)
class Basis:
    """Rows (one flow, each with an outlet_id), the universe and what they stand for."""

    rows: pd.DataFrame
    universe: pd.DataFrame  # outlet_id, customer_id, segment columns, potential if known
    unit: str  # "outlet" or "customer"
    source: str  # "outlets" (an outlets file), "sales_outlets" or "sales_customers"

    @property
    def segments(self) -> tuple[str, ...]:
        """The segment columns the universe has (with at least one value)."""
        return tuple(c for c in SEGMENTS if c in self.universe and self.universe[c].notna().any())

    @property
    def has_potential(self) -> bool:
        return "potential" in self.universe and bool(self.universe["potential"].notna().any())

    @property
    def months(self) -> pd.PeriodIndex:
        """Every month from the first to the last of the rows."""
        periods = self.rows["period"]
        return pd.period_range(periods.min(), periods.max(), freq="M")

    def window(self, months: int = 12, end=None) -> pd.PeriodIndex:
        """The current window: the last `months` months up to `end` (default: the last month)."""
        last = pd.Period(end, "M") if end else self.months[-1]
        first = max(last - (months - 1), self.months[0])
        return pd.period_range(first, last, freq="M")

    def before(self, months: int = 12, end=None) -> pd.PeriodIndex:
        """The same length right before the current window, within the data (maybe empty)."""
        current = self.window(months, end)
        first = max(current[0] - len(current), self.months[0])
        return pd.period_range(first, current[0] - 1, freq="M")

    def windows(self, months: int = 12, end=None) -> dict[str, pd.PeriodIndex]:
        """Named windows for a period dropdown: current, before (if any), full calendar years."""
        out = {"current": self.window(months, end)}
        before = self.before(months, end)
        if len(before):
            out["before"] = before
        have = set(self.months)
        for year in sorted({p.year for p in have}):
            year_months = pd.period_range(f"{year}-01", f"{year}-12", freq="M")
            if set(year_months) <= have:
                out[str(year)] = year_months
        return out

    def window_label(self, key: str, months: int = 12, end=None, lang: str | None = None) -> str:
        """A dropdown label for a window key ("current", "before" or a year)."""
        span = self.windows(months, end)[key]
        if key in ("current", "before"):
            return t(f"window.{key}", lang, first=str(span[0]), last=str(span[-1]))
        return t("window.year", lang, year=key)

    @property
    def weight(self) -> str:
        """The WD weight: the outlets' potential when known, else their own sales."""
        return "potential" if self.has_potential else "sales"

    @property
    def first_segment(self) -> str | None:
        """The first segment column the universe has (region, channel, format, tier)."""
        return self.segments[0] if self.segments else None

    @property
    def whitespace_by(self) -> str | None:
        """The segment eligibility is decided on: channel when it splits the universe
        (what fits a channel), else the first segment that does, else the first one."""
        splitting = [c for c in self.segments if self.universe[c].nunique() > 1]
        if "channel" in splitting:
            return "channel"
        return splitting[0] if splitting else self.first_segment

    def last_day(self, months: int = 12, end=None) -> str:
        """The last day of the current window (YYYY-MM-DD): the pipeline's as-of date."""
        return str(self.window(months, end)[-1].end_time.date())

    def funnel_factors(self, periods) -> pd.Series:
        """The five funnel factors of the window (the scenario's starting point)."""
        return factors(self.rows, len(self.universe), pd.PeriodIndex(periods))[0]

    def note(self, lang: str | None = None) -> str:
        """One sentence saying what the universe is (shown above the results)."""
        return t(f"basis.{self.source}", lang, n=len(self.universe))


def basis(sales: pd.DataFrame, outlets: pd.DataFrame | None = None, *,
          flow: str | None = None) -> Basis:
    """Decide the unit, universe and rows (see the module doc)."""
    has_outlets = "outlet_id" in sales and bool(sales["outlet_id"].notna().any())
    if has_outlets:
        rows = _outlet_rows(sales, flow)
        if outlets is not None and len(outlets):
            known = rows["outlet_id"].astype("string").isin(outlets["outlet_id"].astype("string"))
            if known.any():
                return Basis(rows, _text_keys(outlets.drop_duplicates("outlet_id")), "outlet",
                             "outlets")
        return Basis(rows, _universe_from(rows, "outlet_id"), "outlet", "sales_outlets")
    rows = select_flow(sales, flow)
    rows = rows.assign(outlet_id=rows["customer_id"])
    return Basis(rows, _universe_from(rows, "customer_id"), "customer", "sales_customers")


def _outlet_rows(sales: pd.DataFrame, flow: str | None) -> pd.DataFrame:
    """Sell-out rows with an outlet (the flow asked for, else sell-out when there is any)."""
    if flow is None and "kind" in sales and (sales["kind"] == "sell_out").any():
        flow = "sell_out"
    rows = select_flow(sales, flow)
    return rows[rows["outlet_id"].notna()]


def _universe_from(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per unit seen in the rows, its attributes as of its last month."""
    columns = ["outlet_id", "customer_id", *[c for c in ("outlet_name", "customer_name", *SEGMENTS)
                                              if c in rows]]
    last = rows.sort_values("period", kind="stable").drop_duplicates(key, keep="last")
    out = last.assign(outlet_id=last[key])[list(dict.fromkeys(columns))]
    return _text_keys(out.sort_values("outlet_id").reset_index(drop=True))


def _text_keys(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    for column in out.columns:
        if column != "potential":
            out[column] = out[column].astype("string")
    return out


def product_column(sales: pd.DataFrame) -> str:
    """The product-line column for the whitespace: category, else brand, else sku."""
    for column in ("category", "brand"):
        if column in sales and sales[column].notna().any():
            return column
    return "sku"
