"""Price / volume / mix bridge: why revenue moved between two periods.

For items sold in both periods (PY = base, CY = current, i = item):
  volume = (CY qty − PY qty) × PY average price
  price  = Σᵢ (CY priceᵢ − PY priceᵢ) × CY qtyᵢ
  mix    = CY total qty × Σᵢ (CY shareᵢ − PY shareᵢ) × (PY priceᵢ − PY average price)
The three sum exactly to the revenue change of those items. Items sold only
now are the "new" bar, only before the "lost" bar; revenue on items with no
positive quantity in either period (price adjustments) is "other".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.overview import select_flow
from kit.review.periods import Window
from kit.review.scorecard import segments, subset, text_index

PARTS = ("volume", "price", "mix", "new", "lost", "other")


@dataclass(frozen=True)
class Bridge:
    """Revenue at base, the six parts of its change, revenue now (all in cents)."""

    base: float
    current: float
    volume: float
    price: float
    mix: float
    new: float
    lost: float
    other: float
    items: pd.DataFrame  # per item: q0, r0, q1, r1, status, price and mix effects

    @property
    def change(self) -> float:
        return round(self.current - self.base, 2)

    def parts(self) -> pd.Series:
        return pd.Series({p: getattr(self, p) for p in PARTS})

    def steps(self) -> pd.DataFrame:
        """Waterfall rows: base, each non-zero part, current."""
        parts = self.parts()
        rows = [("base", self.base, "total")]
        rows += [(p, v, "delta") for p, v in parts.items() if v != 0 or p in ("volume", "price", "mix")]
        rows.append(("current", self.current, "total"))
        return pd.DataFrame(rows, columns=["step", "value", "kind"])


def bridge(
    sales: pd.DataFrame,
    window: Window | None = None,
    *,
    base: pd.PeriodIndex | None = None,
    current: pd.PeriodIndex | None = None,
    level: str = "sku",
    measure: str = "net_sales",
    quantity: str = "units",
    flow: str | None = None,
    where: dict | None = None,
) -> Bridge:
    """Bridge from `base` to `current` months (default: the window's last year to now)."""
    if window is not None:
        base = window.last_year if base is None else base
        current = window.current if current is None else current
    if base is None or current is None:
        raise ValueError("give a window, or both base and current months")
    if set(base) & set(current):
        raise ValueError("base and current months overlap")
    data = subset(select_flow(sales, flow), where)
    items = _items(data, level, measure, quantity, base, current)
    return _decompose(items)


def _items(data, level, measure, quantity, base, current) -> pd.DataFrame:
    data = data[data["period"].isin(list(base) + list(current))]
    side = np.where(data["period"].isin(list(current)), "1", "0")
    sums = data.groupby([segments(data, level), side], observed=True)[[quantity, measure]].sum()
    table = text_index(sums.astype("float64").unstack(fill_value=0.0))
    table.columns = [("q" if col == quantity else "r") + s for col, s in table.columns]
    for column in ("q0", "q1", "r0", "r1"):
        if column not in table:
            table[column] = 0.0
    table.index.name = level
    return table[["q0", "r0", "q1", "r1"]].astype("float64")


def _decompose(items: pd.DataFrame) -> Bridge:
    q0, r0, q1, r1 = (items[c] for c in ("q0", "r0", "q1", "r1"))
    status = np.select([(q0 > 0) & (q1 > 0), q1 > 0, q0 > 0], ["continuing", "new", "lost"],
                       default="other")
    items = items.assign(status=status, price_effect=0.0, mix_effect=0.0)
    cont = items[items["status"] == "continuing"]
    volume = 0.0
    if len(cont):
        big_q0, big_q1 = cont["q0"].sum(), cont["q1"].sum()
        p0, p1 = cont["r0"] / cont["q0"], cont["r1"] / cont["q1"]
        avg_p0 = cont["r0"].sum() / big_q0
        volume = (big_q1 - big_q0) * avg_p0
        items.loc[cont.index, "price_effect"] = (p1 - p0) * cont["q1"]
        items.loc[cont.index, "mix_effect"] = big_q1 * (cont["q1"] / big_q1 - cont["q0"] / big_q0) * (
            p0 - avg_p0)
    delta = items["r1"] - items["r0"]
    raw = {
        "volume": volume,
        "price": items["price_effect"].sum(),
        "mix": items["mix_effect"].sum(),
        "new": delta[items["status"] == "new"].sum(),
        "lost": delta[items["status"] == "lost"].sum(),
        "other": delta[items["status"] == "other"].sum(),
    }
    base, current = round(float(r0.sum()), 2), round(float(r1.sum()), 2)
    return Bridge(base=base, current=current, items=items, **to_cents(raw, current - base))


def to_cents(parts: dict[str, float], total: float) -> dict[str, float]:
    """Round parts to cents so that they still add up to the rounded total.

    Float sums drift by fractions of a cent; the leftover cents go to the
    largest part, so a bridge always reconciles to the cent.
    """
    rounded = {k: round(float(v), 2) for k, v in parts.items()}
    leftover = round(round(total, 2) - sum(rounded.values()), 2)
    if leftover:
        largest = max(rounded, key=lambda k: abs(parts[k]))
        rounded[largest] = round(rounded[largest] + leftover, 2)
    return rounded
