"""Key-account value assessment (大客户价值评估), the kit's stated formulas.

Per account over a review window (kit.review.Window: current and last year):

- **contribution** = 100 × the account's sales / the largest account's sales;
- **loyalty** = 100 × (0.7 × buying months / window months
  + 0.3 × min(tenure months / 36, 1)); tenure = months from the first month
  with a purchase in the data to the window's end, inclusive;
- **growth potential** = 100 × headroom / the largest headroom, headroom =
  max(potential − current, 0): potential is the annual `potential` of the
  account's outlets × window months / 12 and current their sell-out in the
  window (the same value terms); n/a where no potential is known;
- **risk** = 100 × the largest of the signals that exist, each 0–1 (the
  worst signal decides: one severe risk is not averaged away by calm ones):
  decline = min(max(−YoY, 0) / 50 %, 1) (a halving or worse is full risk; no
  last year, no decline signal); concentration = min(share of total / 30 %, 1)
  (dependence on one account); overdue = the overdue share of receivables,
  where the trainee supplies it (the case data have none);
- **current value** = 0.6 × contribution + 0.4 × loyalty;
- **tiers**: value ≥ 50 and growth ≥ 50 → strategic; value ≥ 50 → key;
  growth ≥ 50 → potential; otherwise maintain (unknown growth counts as below
  50). Risk ≥ 60 is a separate flag, it never moves a tier.

ABC / 80-20 reuse :func:`kit.review.pareto.pareto`. The course material states the
80/20 rule on profit (80 % of the profit, not of the revenue, comes from 20 % of the
customers), so :func:`abc_measure` ranks by **gross margin** = net sales − cost where
every row in scope carries a cost and is the seller's own sales, and by net sales
otherwise (a sell-out row's cost is the customer's purchase price: its margin is the
customer's, not ours). RFM: recency = months from
the last order to `as_of`, frequency = orders (each sales row, or distinct
`orders_by` keys), monetary = Σ sales; each scored 1–5 by quintile:
score = ⌈5 × rank / n⌉, rank ascending with ties at their highest rank
(recency ranked on −months, so the most recent scores 5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.accounts.labels import t
from kit.overview import select_flow
from kit.review.pareto import pareto
from kit.review.periods import Window, ratio_change, safe_ratio
from kit.review.scorecard import text_index

TIERS = ("strategic", "key", "potential", "maintain")
SCORES = ("contribution", "loyalty", "growth", "risk")
MARGIN = "gross_margin"


def monthly(sales: pd.DataFrame, by: str, measure: str, quantity: str) -> pd.DataFrame:
    """Σ measure and units per account × month, account keys as text."""
    grouped = sales.groupby([by, "period"], observed=True)[[measure, quantity]].sum().reset_index()
    grouped[by] = grouped[by].astype("string")
    return grouped


def account_metrics(sales: pd.DataFrame, window: Window, *, by: str = "customer_id",
                    flow: str | None = None, outlets: pd.DataFrame | None = None,
                    overdue: pd.Series | None = None, measure: str = "net_sales",
                    quantity: str = "units") -> pd.DataFrame:
    """The raw numbers behind the scores, one row per account with sales in the
    window or its last year (flow: sell-in by default when a table has both)."""
    rows = monthly(select_flow(sales, flow), by, measure, quantity)
    rows = rows[rows["period"] <= window.end]
    cur = rows[rows["period"].isin(list(window.current))]
    ly = rows[rows["period"].isin(list(window.last_year))]
    out = pd.DataFrame({"sales": cur.groupby(by)[measure].sum(),
                        "last_year": ly.groupby(by)[measure].sum()}).fillna(0.0)
    bought = rows[rows[quantity] > 0]
    out["buying_months"] = bought[bought["period"].isin(list(window.current))].groupby(by).size()
    out["window_months"] = len(window.current)
    first = bought.groupby(by)["period"].min()
    out["tenure_months"] = [(window.end - p).n + 1 if pd.notna(p) else 0
                            for p in first.reindex(out.index)]
    out["buying_months"] = out["buying_months"].fillna(0).astype(int)
    out["yoy"] = ratio_change(out["sales"], out["last_year"])
    out["share"] = safe_ratio(out["sales"], out["sales"].sum())
    out = out.join(headroom(sales, window, outlets, by, measure))
    out["overdue"] = overdue.rename(index=str).reindex(out.index) if overdue is not None else np.nan
    out.index.name = by
    return out


def headroom(sales: pd.DataFrame, window: Window, outlets: pd.DataFrame | None, by: str,
             measure: str) -> pd.DataFrame:
    """potential (window share of the annual potential of the account's outlets),
    current sell-out of those outlets, and headroom = max(potential − current, 0)."""
    columns = ["potential", "current", "headroom"]
    if outlets is None or "potential" not in outlets or by not in outlets:
        return pd.DataFrame(columns=columns, dtype="float64")
    owner = outlets.assign(key=outlets[by].astype("string"), oid=outlets["outlet_id"].astype(str))
    potential = owner.groupby("key")["potential"].sum() * len(window.current) / 12
    rows = select_flow(sales, "sell_out")
    rows = rows[rows["period"].isin(list(window.current))]
    per_outlet = text_index(rows.groupby("outlet_id", observed=True)[measure].sum().to_frame())
    owner["current"] = owner["oid"].map(per_outlet[measure]).fillna(0.0)
    current = owner.groupby("key")["current"].sum()
    out = pd.DataFrame({"potential": potential, "current": current})
    out["headroom"] = (out["potential"] - out["current"]).clip(lower=0)
    return out


def account_scores(metrics: pd.DataFrame, *, tenure_cap: int = 36,
                   loyalty_weights: tuple[float, float] = (0.7, 0.3), decline_cap: float = 0.5,
                   concentration_cap: float = 0.3) -> pd.DataFrame:
    """contribution, loyalty, growth and risk, each 0–100 (see the module doc)."""
    m = metrics
    regular, tenure = loyalty_weights
    out = pd.DataFrame(index=m.index)
    out["contribution"] = 100 * safe_ratio(m["sales"].clip(lower=0), m["sales"].max())
    out["loyalty"] = 100 * (regular * safe_ratio(m["buying_months"], m["window_months"])
                            + tenure * np.minimum(m["tenure_months"] / tenure_cap, 1.0))
    head = m["headroom"] if "headroom" in m else pd.Series(np.nan, index=m.index)
    out["growth"] = 100 * safe_ratio(head, head.max()) if head.max() > 0 else head * 0.0
    out["risk"] = 100 * risk_signals(m, decline_cap, concentration_cap).max(axis=1)
    return out.fillna({"contribution": 0.0, "loyalty": 0.0})


def risk_signals(m: pd.DataFrame, decline_cap: float, concentration_cap: float) -> pd.DataFrame:
    """Each risk signal 0–1; an overdue share only where one is given (NaN is skipped)."""
    decline = (-m["yoy"]).clip(lower=0).fillna(0.0) / decline_cap
    signals = pd.DataFrame({
        "decline": decline.clip(upper=1.0),
        "concentration": (m["share"].fillna(0.0) / concentration_cap).clip(0.0, 1.0),
    })
    if "overdue" in m:
        signals["overdue"] = m["overdue"].clip(0.0, 1.0)
    return signals


def portfolio(scores: pd.DataFrame, *, value_weights: tuple[float, float] = (0.6, 0.4),
              threshold: float = 50.0, risk_flag: float = 60.0, lang: str | None = None
              ) -> pd.DataFrame:
    """The portfolio matrix: value (x) against growth potential (y), tier and risk flag."""
    out = scores.copy()
    out["value"] = value_weights[0] * out["contribution"] + value_weights[1] * out["loyalty"]
    high_value = out["value"] >= threshold
    high_growth = out["growth"].fillna(-1) >= threshold
    out["tier"] = np.select([high_value & high_growth, high_value, high_growth],
                            ["strategic", "key", "potential"], default="maintain")
    out["tier_label"] = out["tier"].map(lambda k: t(f"tier.{k}", lang))
    out["high_risk"] = out["risk"] >= risk_flag
    return out


def assess_accounts(sales: pd.DataFrame, window: Window, *, by: str = "customer_id",
                    flow: str | None = None, outlets: pd.DataFrame | None = None,
                    overdue: pd.Series | None = None, measure: str = "net_sales",
                    lang: str | None = None) -> pd.DataFrame:
    """Metrics, the four scores, value, tier, risk flag and ABC class in one table.

    The ABC class follows the course's 80/20: on gross margin where the rows have a cost
    (:func:`abc_measure`), on `measure` otherwise; the scores stay on `measure`."""
    metrics = account_metrics(sales, window, by=by, flow=flow, outlets=outlets,
                              overdue=overdue, measure=measure)
    out = metrics.join(portfolio(account_scores(metrics), lang=lang))
    basis = abc_measure(sales, window.current, flow=flow) if measure == "net_sales" else measure
    classes = account_abc(sales, window.current, by=by, flow=flow, measure=basis)["class"]
    out["abc"] = classes.rename(index=str).reindex(out.index).fillna("C")
    return out.sort_values("sales", ascending=False, kind="stable")


def abc_measure(sales: pd.DataFrame, periods=None, *, flow: str | None = None) -> str:
    """What the 80/20 ranks by: "gross_margin" where the rows in scope (the flow and
    periods :func:`account_abc` would use) all carry a cost and none is sell-out;
    "net_sales" otherwise (no cost column, a missing cost, or the customer's sell-out)."""
    rows = select_flow(sales, flow)
    if periods is not None:
        rows = rows[rows["period"].isin(list(periods))]
    if "cost" not in rows or rows.empty or rows["cost"].isna().any():
        return "net_sales"
    if "kind" in rows and (rows["kind"] == "sell_out").to_numpy(dtype=bool, na_value=False).any():
        return "net_sales"
    return MARGIN


def with_margin(sales: pd.DataFrame) -> pd.DataFrame:
    """The sales rows with gross_margin = net_sales − cost (the input is not changed)."""
    if "cost" not in sales:
        raise ValueError("gross margin needs a cost column (成本) in the sales data")
    return sales.assign(**{MARGIN: sales["net_sales"] - sales["cost"]})


def account_abc(sales: pd.DataFrame, periods=None, *, by: str = "customer_id",
                flow: str | None = None, measure: str = "net_sales", a: float = 0.8,
                b: float = 0.95) -> pd.DataFrame:
    """ABC classes of accounts: kit.review.pareto over `by` (A to 80 %, B to 95 %).

    ``measure="gross_margin"`` ranks by net sales − cost; pass
    ``measure=abc_measure(sales, periods, flow=flow)`` for the course's rule (profit
    where the data have it, revenue where not).
    """
    if measure == MARGIN:
        sales = with_margin(sales)
    return pareto(sales, by, periods, measure=measure, a=a, b=b, flow=flow)


def top_share(table: pd.DataFrame, top: float = 0.2) -> float:
    """The 80/20 check: share of value from the top `top` of items (⌈n × top⌉ of them),
    from a pareto table."""
    n = int(np.ceil(len(table) * top - 1e-9))
    total = table["value"].sum()
    return float(table["value"].iloc[:n].sum() / total) if total > 0 else float("nan")


def quintile(values: pd.Series) -> pd.Series:
    """1–5 by rank: ⌈5 × rank / n⌉, ties at their highest rank (integer arithmetic)."""
    n = len(values)
    rank = values.rank(method="max").astype(int)
    return ((5 * rank + n - 1) // n).astype(int)


def rfm(sales: pd.DataFrame, *, as_of=None, by: str = "customer_id", periods=None,
        flow: str | None = None, measure: str = "net_sales",
        orders_by: tuple[str, ...] | None = ("period",)) -> pd.DataFrame:
    """Recency (months), frequency (orders), monetary (Σ sales) and their 1–5 scores.

    An order is a distinct ``orders_by`` value per account: by default a buying
    month (the canonical sales table is monthly, and one month's SKU lines are
    one purchase, as elsewhere in the kit); ``orders_by=None`` counts rows.
    """
    data = select_flow(sales, flow)
    if periods is not None:
        data = data[data["period"].isin(list(periods))]
    as_of = pd.Period(as_of, "M") if as_of is not None else data["period"].max()
    data = data[data["period"] <= as_of]
    keys = data[by].astype("string")
    last = data.groupby(keys)["period"].max()
    orders = (data.assign(_k=keys).drop_duplicates(["_k", *orders_by]).groupby("_k").size()
              if orders_by else keys.value_counts())
    out = pd.DataFrame({"recency": [(as_of - p).n for p in last], "frequency":
                        orders.reindex(last.index).to_numpy(),
                        "monetary": data.groupby(keys)[measure].sum().reindex(last.index)
                        .to_numpy()}, index=last.index)
    out["r"] = quintile(-out["recency"])
    out["f"] = quintile(out["frequency"])
    out["m"] = quintile(out["monetary"])
    out["rfm"] = out["r"].astype(str) + out["f"].astype(str) + out["m"].astype(str)
    out["rfm_score"] = out["r"] + out["f"] + out["m"]
    out.index.name = by
    return out


def score_labels(lang: str | None = None) -> dict[str, str]:
    """Localised names of the four scores, value and the tiers."""
    keys = [f"score.{k}" for k in (*SCORES, "value")] + [f"tier.{k}" for k in TIERS]
    return {k.split(".", 1)[1]: t(k, lang) for k in keys}
