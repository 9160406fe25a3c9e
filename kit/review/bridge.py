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

from kit.review.periods import Window
from kit.review.rows import group_sums, in_periods, keep, key_codes, text

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
    rows = keep(sales, flow, where)
    return _decompose(_items(sales, rows, level, measure, quantity, base, current))


def _items(sales, rows, level, measure, quantity, base, current) -> pd.DataFrame:
    """q0, r0, q1, r1 per item: Σ quantity and measure in the base and current months."""
    at, side = in_periods(sales["period"], rows, [base, current])
    item, labels = key_codes(sales, level, at)
    (item_of, side_of), sums = group_sums(sales, [quantity, measure], at, [(item, len(labels)), (side, 2)])
    items = np.unique(item_of)
    at = np.searchsorted(items, item_of)
    values = np.zeros((len(items), 4))  # q0 r0 q1 r1; an item not sold on a side has 0 there
    values[at, 2 * side_of] = sums[quantity].to_numpy(dtype="float64")
    values[at, 2 * side_of + 1] = sums[measure].to_numpy(dtype="float64")
    return pd.DataFrame(values, index=text(labels[items]).rename(level),
                        columns=["q0", "r0", "q1", "r1"])


def _decompose(items: pd.DataFrame) -> Bridge:
    # On the columns' arrays: the same arithmetic as on the Series, without their overhead
    # (np.nansum adds up as Series.sum does).
    q0, r0, q1, r1 = (items[c].to_numpy() for c in ("q0", "r0", "q1", "r1"))
    continuing = (q0 > 0) & (q1 > 0)
    status = np.select([continuing, q1 > 0, q0 > 0], ["continuing", "new", "lost"], default="other")
    price, mix = np.zeros(len(items)), np.zeros(len(items))
    volume = 0.0
    if continuing.any():
        c0, c1, cr0, cr1 = q0[continuing], q1[continuing], r0[continuing], r1[continuing]
        big_q0, big_q1 = np.nansum(c0), np.nansum(c1)
        p0, p1 = cr0 / c0, cr1 / c1
        avg_p0 = np.nansum(cr0) / big_q0
        volume = (big_q1 - big_q0) * avg_p0
        price[continuing] = (p1 - p0) * c1
        mix[continuing] = big_q1 * (c1 / big_q1 - c0 / big_q0) * (p0 - avg_p0)
    delta = r1 - r0
    raw = {"volume": volume, "price": np.nansum(price), "mix": np.nansum(mix),
           **{part: np.nansum(delta[status == part]) for part in ("new", "lost", "other")}}
    base, current = round(float(np.nansum(r0)), 2), round(float(np.nansum(r1)), 2)
    items = items.assign(status=status, price_effect=price, mix_effect=mix)
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
