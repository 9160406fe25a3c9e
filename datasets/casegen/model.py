"""The model both cases share: seeded streams, the calendar, prices, demand
shapes, the sales rows and the replenishment rule that turns sell-out into sell-in.

Money is carried as integer cents until the files are written (`files.py`).
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

SEED = 20260105

# Chinese New Year: shoppers stock up in the three weeks before it, and
# traditional trade slows in the holiday week after it. Its date moves between
# January and February, which is exactly what makes Jan/Feb comparisons tricky.
CNY_DATES = {
    2022: dt.date(2022, 2, 1), 2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17),
}


def rng_for(name: str) -> np.random.Generator:
    """An independent, stable random stream per component.

    Seeding each table/story from (SEED, name) means tuning one story does not
    reshuffle every other table.
    """
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Calendar:
    periods: pd.PeriodIndex

    @property
    def n(self) -> int:
        return len(self.periods)

    @property
    def labels(self) -> np.ndarray:
        return np.array([str(p) for p in self.periods], dtype=object)

    @property
    def year(self) -> np.ndarray:
        return np.asarray(self.periods.year)

    @property
    def moy(self) -> np.ndarray:
        return np.asarray(self.periods.month)

    @property
    def days(self) -> np.ndarray:
        return np.asarray(self.periods.days_in_month)

    def index_of(self, label: str) -> int:
        return int(np.flatnonzero(self.labels == label)[0])


def calendar(start: str, end: str) -> Calendar:
    return Calendar(pd.period_range(start, end, freq="M"))


def window_weights(cal: Calendar, start: dt.date, end: dt.date) -> np.ndarray:
    """Share of each month's days that fall inside [start, end]."""
    w = np.zeros(cal.n)
    for i, p in enumerate(cal.periods):
        first = dt.date(p.year, p.month, 1)
        last = dt.date(p.year, p.month, int(p.days_in_month))
        lo, hi = max(first, start), min(last, end)
        if lo <= hi:
            w[i] = ((hi - lo).days + 1) / p.days_in_month
    return w


def cny_factor(cal: Calendar, pre_lift: float, post_dip: float,
               pre_days: int = 21, post_days: int = 7) -> np.ndarray:
    """Monthly demand multiplier from the New Year shopping window.

    Daily demand is (1 + pre_lift) in the `pre_days` before CNY and
    (1 - post_dip) in the `post_days` from CNY on; the monthly factor is the
    mean over the month's days, so the peak lands in January or February
    depending on the year.
    """
    f = np.ones(cal.n)
    pos = {(p.year, p.month): i for i, p in enumerate(cal.periods)}
    for cny in CNY_DATES.values():
        for d in range(1, pre_days + 1):
            day = cny - dt.timedelta(days=d)
            i = pos.get((day.year, day.month))
            if i is not None:
                f[i] += pre_lift / cal.days[i]
        for d in range(post_days):
            day = cny + dt.timedelta(days=d)
            i = pos.get((day.year, day.month))
            if i is not None:
                f[i] -= post_dip / cal.days[i]
    return f


def lognormal_noise(rng: np.random.Generator, sigma: float, size) -> np.ndarray:
    """Multiplicative noise with mean 1."""
    return rng.lognormal(-sigma * sigma / 2, sigma, size=size)


def cents(x: np.ndarray) -> np.ndarray:
    """Money is carried as integer cents so that every sum reconciles exactly."""
    return np.rint(np.asarray(x, dtype=float) * 100).astype(np.int64)


def allocate(total: int, share: np.ndarray) -> np.ndarray:
    """Split an integer total by shares with largest-remainder rounding (sums exactly)."""
    share = np.asarray(share, dtype=float) / np.sum(share)
    raw = total * share
    base = np.floor(raw).astype(np.int64)
    rest = total - base.sum()
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return base


# --------------------------------------------------------------------------- catalog


@dataclass
class Catalog:
    """Products plus their month-by-month prices.

    `base_price` (the first year's list price) converts a value weight into
    units, so a later price rise does not by itself cut units; volume response
    to price is modelled explicitly (see `beverage_price_story`).
    """

    df: pd.DataFrame  # sku, sku_name, brand, category, case_pack, weight, launch, delist
    categories: list[str]
    cat_idx: np.ndarray  # (K,)
    list_price: np.ndarray  # (K, M) brand list price per unit
    unit_cost: np.ndarray  # (K, M) brand cost per unit
    retail_price: np.ndarray  # (K, M) shelf price at the key account / pharmacy
    avail: np.ndarray  # (K, M) sku on sale in that month
    base_price: np.ndarray  # (K,)

    @property
    def k(self) -> int:
        return len(self.df)


# How a case lists its products: sku, name, brand, category, first-year list
# price, cost ratio, value weight (share of demand), case pack.
PRODUCT_SPEC = ["sku", "sku_name", "brand", "category", "price0", "cost_ratio", "weight", "case_pack"]


def retail_round(p: np.ndarray) -> np.ndarray:
    """Shelf prices end in .x0 or .x9 the way Chinese retailers price."""
    p = np.asarray(p, dtype=float)
    up = np.ceil(p * 10) / 10
    return np.where(p >= 10, up - 0.01 * (np.floor(up) == up), up).round(2)


# --------------------------------------------------------------------------- pricing


def purchase_prices(cal: Calendar, cat: Catalog, discounts: dict[str, float], rng) -> dict[str, np.ndarray]:
    """(K, M) net price per unit each customer pays the brand.

    List price less the customer's off-invoice discount, less occasional
    trade deals (1-3 % on a category for a month).
    """
    out = {}
    ncat = len(cat.categories)
    for cid, disc in discounts.items():
        deal = np.where(rng.random((ncat, cal.n)) < 0.25, rng.uniform(0.01, 0.03, (ncat, cal.n)), 0.0)
        out[cid] = cat.list_price * (1 - disc) * (1 - deal[cat.cat_idx])
    return out


# --------------------------------------------------------------------------- sell-out


def demand_trend(cal: Calendar, cat: Catalog, growth: np.ndarray | float) -> np.ndarray:
    """(E, K, M)-broadcastable trend: yearly growth plus the 2025 beverage volume loss.

    Story 2: after the 2025 price rise beverage demand drops ~14 % against
    trend, so beverage units fall ~10 % while revenue stays roughly flat.
    """
    t = np.arange(cal.n) / 12.0
    g = np.asarray(growth, dtype=float).reshape(-1, 1, 1)
    trend = (1 + g) ** t[None, None, :]
    bev = (np.asarray(cat.categories)[cat.cat_idx] == "饮料")[None, :, None]
    elastic = np.where(bev & (cal.year >= 2025)[None, None, :], 0.855, 1.0)
    return trend * elastic


def season_matrix(cal: Calendar, cat: Catalog, season: dict, cny_lift: dict, post_dip: float) -> np.ndarray:
    """(K, M) seasonality per sku: category month shape times the CNY window."""
    out = np.zeros((cat.k, cal.n))
    for c, name in enumerate(cat.categories):
        f = np.asarray(season[name])[cal.moy - 1] * cny_factor(cal, cny_lift[name], post_dip)
        out[cat.cat_idx == c] = f
    return out


def season_next_ratio(cal: Calendar, cat: Catalog, season: dict, cny_lift: dict, post_dip: float) -> np.ndarray:
    """(K,) seasonality of the month after the horizon relative to the last month."""
    ext = calendar(str(cal.periods[0]), str(cal.periods[-1] + 1))
    m = season_matrix(ext, cat, season, cny_lift, post_dip)
    return m[:, -1] / m[:, -2]


def sales_frame(cal: Calendar, cat: Catalog, kind: str, customer_id, customer_name, region, channel,
                outlet_id, k, m, units, gross, net, cost) -> pd.DataFrame:
    n = len(k)

    def col(v):
        return np.full(n, v, dtype=object) if np.isscalar(v) else np.asarray(v, dtype=object)

    return pd.DataFrame({
        "period": cal.labels[m], "kind": kind, "customer_id": col(customer_id),
        "customer_name": col(customer_name), "region": col(region), "channel": col(channel),
        "outlet_id": col(outlet_id), "sku": cat.df["sku"].to_numpy()[k],
        "brand": cat.df["brand"].to_numpy()[k], "category": cat.df["category"].to_numpy()[k],
        "units": units.astype(np.int64), "gross_sales": gross, "net_sales": net, "cost": cost,
        "_m": m, "_k": k,
    })


# --------------------------------------------------------------------------- sell-in


def replenish(sec: np.ndarray, cover: float, case_pack: np.ndarray, after: np.ndarray, rng,
              noise: float = 0.15, push: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Derive shipments (primary) from sell-out (secondary) with a stock-cover rule.

    Each month the customer orders enough full cases to cover this month's
    sell-out plus `cover` months of its (imperfect) forecast of next month;
    `after` (K,) is the forecast for the month after the horizon, so the
    last December is stocked for the coming New Year like the others.
    Where `push[t]` > 0 the brand instead ships push[t] x sell-out (stuffing).
    Returns (primary units, month-end stock units), both (K, M).
    Closing stock = opening + primary - secondary holds by construction.
    """
    k_n, m_n = sec.shape
    nxt = np.concatenate([sec[:, 1:], np.asarray(after, dtype=float).reshape(-1, 1)], axis=1).astype(float)
    desired = cover * nxt * lognormal_noise(rng, noise, (k_n, m_n))
    stock = np.rint(cover * sec[:, 0] * lognormal_noise(rng, noise, k_n))
    primary = np.zeros((k_n, m_n), dtype=np.int64)
    closing = np.zeros((k_n, m_n), dtype=np.int64)
    for t in range(m_n):
        if push is not None and push[t] > 0:
            need = sec[:, t] * push[t] * lognormal_noise(rng, 0.06, k_n)
        else:
            need = np.maximum(sec[:, t] + desired[:, t] - stock, 0.0)
        primary[:, t] = (np.ceil(need / case_pack) * case_pack).astype(np.int64)
        stock = stock + primary[:, t] - sec[:, t]
        closing[:, t] = stock
    return primary, closing


def next_month_demand(sec: np.ndarray, season_next: np.ndarray) -> np.ndarray:
    """Forecast of the month after the horizon: last month x seasonal ratio."""
    return sec[:, -1] * season_next


def units_cube(df: pd.DataFrame, k_n: int, m_n: int) -> np.ndarray:
    cube = np.zeros((k_n, m_n), dtype=np.int64)
    np.add.at(cube, (df["_k"].to_numpy(), df["_m"].to_numpy()), df["units"].to_numpy())
    return cube


def sell_in_frame(cal: Calendar, cat: Catalog, primary: np.ndarray, cid: str, cname: str,
                  region: str, channel: str, price: np.ndarray) -> pd.DataFrame:
    k, m = np.nonzero(primary)
    units = primary[k, m]
    gross = cents(units * cat.list_price[k, m])
    net = cents(units * price[k, m])
    cost = cents(units * cat.unit_cost[k, m])
    return sales_frame(cal, cat, "sell_in", cid, cname, region, channel, "", k, m, units, gross, net, cost)
