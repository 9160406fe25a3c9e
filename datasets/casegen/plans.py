"""What the commercial side adds on top of the sales rows: past activities and
the uplift they produced, sell-in targets, and each customer's monthly ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from casegen.model import Calendar, Catalog, allocate, cents, lognormal_noise, window_weights

# --------------------------------------------------------------------------- activities


@dataclass
class ActivitySpec:
    """A past promotion. `bump` lifts the scoped demand inside the window; the
    lift actually realised is measured from the generated rows, and the cost is
    set so that actual_uplift x gross margin / cost equals `roi`."""

    activity: str
    type: str
    customer_id: str
    category: str | None
    start: str
    end: str
    bump: float
    roi: float
    owner: str
    kpi: str
    where: dict = field(default_factory=dict)  # outlet attribute -> allowed values
    ramp: int = 0  # months to reach the full bump (programmes that build up)
    expect: float = 1.1  # expected_uplift / actual_uplift as planned


@dataclass
class Lift:
    """Where one activity lifted demand: flat cell indices and the lift there."""

    spec: ActivitySpec
    cells: np.ndarray
    lift: np.ndarray


def activity_lifts(specs: list[ActivitySpec], cal: Calendar, cat: Catalog, ent: pd.DataFrame,
                   o: np.ndarray, k: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, list[Lift]]:
    """Demand multiplier for each generated cell (o, k, m) from all activities."""
    mult = np.ones(len(o))
    lifts = []
    for spec in specs:
        w = window_weights(cal, dt.date.fromisoformat(spec.start), dt.date.fromisoformat(spec.end))
        if spec.ramp:
            since = np.arange(cal.n) - int(np.flatnonzero(w > 0)[0])
            w = np.where(w > 0, w * np.minimum(1.0, (since + 1) / spec.ramp), 0.0)
        in_scope = np.array(ent["customer_id"] == spec.customer_id, dtype=bool)
        for col, allowed in spec.where.items():
            in_scope &= np.array(ent[col].isin(allowed), dtype=bool)
        sel = in_scope[o] & (w[m] > 0)
        if spec.category is not None:
            sel &= np.asarray(cat.categories)[cat.cat_idx[k]] == spec.category
        cells = np.flatnonzero(sel)
        lift = spec.bump * w[m[cells]]
        mult[cells] += lift
        lifts.append(Lift(spec, cells, lift))
    return mult, lifts


def realised_uplift(lifts: list[Lift], mult: np.ndarray, units: np.ndarray, k: np.ndarray,
                    m: np.ndarray, price_in: dict[str, np.ndarray]) -> dict[str, float]:
    """Incremental brand net sales (sell-in value) each activity produced.

    The extra units in a lifted cell are units x lift / multiplier; they are
    valued at the customer's purchase price, i.e. as the brand's net sales.
    """
    out = {}
    for lf in lifts:
        c = lf.cells
        extra = units[c] * lf.lift / mult[c]
        out[lf.spec.activity] = float(np.sum(extra * price_in[lf.spec.customer_id][k[c], m[c]]))
    return out


def activities_frame(specs: list[ActivitySpec], uplift: dict, sales: pd.DataFrame, rng) -> pd.DataFrame:
    """Past activities with cost set from realised uplift and the intended payback.

    Gross margin is the brand's margin on that customer's category sell-in in
    the activity months - what a trainee would compute from sales.
    """
    si = sales[sales["kind"] == "sell_in"]
    rows = []
    for s in specs:
        months = pd.period_range(s.start[:7], s.end[:7], freq="M").astype(str)
        sel = si[(si["customer_id"] == s.customer_id) & si["period"].isin(months)]
        if s.category:
            sel = sel[sel["category"] == s.category]
        gm = 1 - sel["cost"].sum() / sel["net_sales"].sum()
        actual = round(uplift[s.activity], 2)
        cost = round(actual * gm / s.roi * float(rng.uniform(0.97, 1.03)), 2)
        expected = round(actual * s.expect * float(lognormal_noise(rng, 0.12, 1)[0]), -2)
        rows.append({"activity": s.activity, "type": s.type, "customer_id": s.customer_id,
                     "owner": s.owner, "start": s.start, "end": s.end, "cost": cost,
                     "expected_uplift": expected, "actual_uplift": actual, "kpi": s.kpi,
                     "status": "完成"})
    return pd.DataFrame(rows).sort_values(["start", "customer_id"], ignore_index=True)


# --------------------------------------------------------------------------- targets


def sell_in_yuan(sales: pd.DataFrame) -> pd.DataFrame:
    """The sell-in rows with net sales in 元, the unit plans are set in."""
    sell_in = sales[sales["kind"] == "sell_in"]
    return sell_in.assign(net_sales=sell_in["net_sales"] / 100)


def make_targets(cal: Calendar, sell_in: pd.DataFrame, years: list[int], growth, rng,
                 price_change: dict | None = None) -> pd.DataFrame:
    """Monthly sell-in targets per region x customer x category.

    Annual target = last year's actual x (1 + plan growth), rounded to 100 元
    the way plans are; phased by a blend of last year's month shares for that
    customer-category and the category as a whole. Because phasing uses last
    year's calendar, the moving CNY makes Jan/Feb achievement swing.
    """
    si = sell_in.assign(year=sell_in["period"].str[:4].astype(int),
                        moy=sell_in["period"].str[5:7].astype(int))
    keys = ["region", "customer_id", "category"]
    frames = []
    for y in years:
        base = si[si["year"] == y - 1]
        if base.empty:
            continue
        annual = base.groupby(keys, as_index=False)[["net_sales", "units"]].sum()
        g = np.array([growth(y, r.customer_id, r.category, r.region) for r in annual.itertuples()])
        g = g + rng.normal(0, 0.018, len(g))
        # Plans are set in round hundreds of 元; kept in cents from here on.
        annual["target"] = (np.round(annual["net_sales"] * (1 + g) / 100) * 100 * 100).astype(np.int64)
        price_py = annual["net_sales"] / annual["units"]
        pc = (price_change or {}).get(y, {})
        annual["price"] = price_py * (1 + annual["category"].map(pc).fillna(0.0).astype(float))
        own = base.groupby(keys + ["moy"])["net_sales"].sum().unstack("moy").reindex(columns=range(1, 13)).fillna(0)
        own = own.div(own.sum(axis=1), axis=0)
        catm = base.groupby(["category", "moy"])["net_sales"].sum().unstack("moy").reindex(columns=range(1, 13)).fillna(0)
        catm = catm.div(catm.sum(axis=1), axis=0)
        for r in annual.itertuples():
            share = 0.7 * own.loc[(r.region, r.customer_id, r.category)].to_numpy() + 0.3 * catm.loc[r.category].to_numpy()
            month_cents = allocate(int(r.target), share)
            units = np.rint(month_cents / 100 / r.price).astype(np.int64)
            frames.append(pd.DataFrame({
                "period": [f"{y}-{mo:02d}" for mo in range(1, 13)], "region": r.region,
                "customer_id": r.customer_id, "category": r.category,
                "net_sales": month_cents, "units": units}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["period", "region", "customer_id", "category"], ignore_index=True)


# --------------------------------------------------------------------------- ledger


@dataclass
class LedgerInputs:
    """What a customer's monthly P&L is built from (all per month, cents/units)."""

    revenue: np.ndarray
    cogs: np.ndarray
    purchases: np.ndarray  # sell-in net sales
    primary_units: np.ndarray
    secondary_units: np.ndarray
    inventory: np.ndarray  # month-end stock at cost
    orders: np.ndarray  # outlet-orders (drops) in the month


def ledger_inputs(sales: pd.DataFrame, cid: str, stock: np.ndarray, price: np.ndarray, m_n: int) -> LedgerInputs:
    so = sales[(sales["kind"] == "sell_out") & (sales["customer_id"] == cid)]
    si = sales[(sales["kind"] == "sell_in") & (sales["customer_id"] == cid)]

    def by_month(df, col):
        return np.bincount(df["_m"].to_numpy(), weights=df[col].to_numpy(), minlength=m_n)

    orders = so.groupby("_m")["outlet_id"].nunique().reindex(range(m_n), fill_value=0).to_numpy()
    return LedgerInputs(
        revenue=by_month(so, "net_sales").astype(np.int64), cogs=by_month(so, "cost").astype(np.int64),
        purchases=by_month(si, "net_sales").astype(np.int64),
        primary_units=by_month(si, "units").astype(np.int64),
        secondary_units=by_month(so, "units").astype(np.int64),
        inventory=cents((stock * price).sum(axis=0)), orders=orders)


def ledger_frame(cal: Calendar, cid: str, li: LedgerInputs, rebates: np.ndarray, opex: dict,
                 receivables: np.ndarray, payables: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "period": cal.labels, "customer_id": cid, "revenue": li.revenue, "cogs": li.cogs,
        "rebates": rebates, **opex, "inventory": li.inventory, "receivables": receivables,
        "payables": payables, "primary_units": li.primary_units, "secondary_units": li.secondary_units,
    })


def quarterly_bonus(cal: Calendar, purchases: np.ndarray, target: np.ndarray, rate: float) -> np.ndarray:
    """Bonus rebate booked in a quarter's last month if its sell-in reached target."""
    out = np.zeros(cal.n)
    for q0 in range(0, cal.n, 3):
        q = slice(q0, q0 + 3)
        if target[q].sum() > 0 and purchases[q].sum() >= target[q].sum():
            out[q0 + 2] = rate * purchases[q].sum()
    return out
