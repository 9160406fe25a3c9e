"""The five distributor-management challenges (经销商管理五大难题), diagnosed from the data.

Kit interpretation (the course names five common challenges; the kit's wording):

1. stuffing — stock stuffing (压货): the window's primary/secondary ratio is above the
   threshold (1.3) AND at least ``min_months`` (3) months in a row are above it. One high
   month is not stuffing: December before the Spring Festival is stock-building.
2. slow_stock — slow rotation (库存周转慢): DIO above ``max_dio`` days, or, without a
   limit, above ``peer_factor`` (1.5) × the median DIO of all distributors in the window.
3. slow_payment — slow collection (回款慢、账期长): DSO above the credit terms
   (``credit_days``, 30).
4. low_profit — the distributor does not earn enough (经销商不赚钱): net margin below
   ``min_net_margin`` (2.5 %).
5. activities — activities that do not pay back (活动不回本): at least one of the
   distributor's activities in the window has ROI < 1.

Each diagnostic returns a :class:`Finding`: a flag plus the numbers behind it (evidence),
so a trainee sees why, and the talking points can quote them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from kit import i18n
from kit.jbp.finance import (
    STUFFING_THRESHOLD,
    channel_stock,
    economics,
    longest_run,
    months,
    select,
    stock_flow,
)

t = i18n.catalogue(
    "jbp.diagnostics",
    {
        "name.stuffing": {"zh": "压货", "en": "stock stuffing"},
        "name.slow_stock": {"zh": "库存周转慢", "en": "slow stock rotation"},
        "name.slow_payment": {"zh": "回款慢、账期长", "en": "slow collection, long credit"},
        "name.low_profit": {"zh": "经销商不赚钱", "en": "the distributor does not earn enough"},
        "name.activities": {"zh": "活动不回本", "en": "activities that do not pay back"},
        "yes.stuffing": {
            "zh": "{customer} 压货：进/出比 {ratio:.2f}（高于 {threshold:.2f}），连续 {run} 个月偏高，"
                  "渠道库存增加 {change:,.0f} 件。",
            "en": "{customer} is stuffing stock: primary/secondary {ratio:.2f} (above "
                  "{threshold:.2f}), {run} months in a row, channel stock up {change:,.0f} units.",
        },
        "no.stuffing": {
            "zh": "{customer} 没有压货迹象：进/出比 {ratio:.2f}，最长连续偏高 {run} 个月。",
            "en": "{customer} shows no stuffing: primary/secondary {ratio:.2f}, at most {run} "
                  "month(s) in a row above the threshold.",
        },
        "yes.slow_stock": {
            "zh": "{customer} 库存周转慢：库存天数 {dio:.0f} 天，基准 {limit:.0f} 天。",
            "en": "{customer} turns stock slowly: {dio:.0f} days of inventory against a "
                  "benchmark of {limit:.0f}.",
        },
        "no.slow_stock": {
            "zh": "{customer} 库存周转正常：库存天数 {dio:.0f} 天，基准 {limit:.0f} 天。",
            "en": "{customer} turns stock normally: {dio:.0f} days of inventory against a "
                  "benchmark of {limit:.0f}.",
        },
        "yes.slow_payment": {
            "zh": "{customer} 回款慢：应收天数 {dso:.0f} 天，超过账期 {credit_days:.0f} 天。",
            "en": "{customer} collects slowly: {dso:.0f} days of receivables, beyond the "
                  "{credit_days:.0f}-day terms.",
        },
        "no.slow_payment": {
            "zh": "{customer} 回款正常：应收天数 {dso:.0f} 天，账期 {credit_days:.0f} 天。",
            "en": "{customer} collects on time: {dso:.0f} days of receivables, terms "
                  "{credit_days:.0f} days.",
        },
        "yes.low_profit": {
            "zh": "{customer} 不赚钱：净利率 {net_margin:.1%}，低于 {minimum:.1%}；ROI {roi_text}。",
            "en": "{customer} does not earn enough: net margin {net_margin:.1%}, below "
                  "{minimum:.1%}; ROI {roi_text}.",
        },
        "no.low_profit": {
            "zh": "{customer} 盈利正常：净利率 {net_margin:.1%}；ROI {roi_text}。",
            "en": "{customer} earns enough: net margin {net_margin:.1%}; ROI {roi_text}.",
        },
        "yes.activities": {
            "zh": "{customer} 有 {failed} 个活动不回本（共 {count} 个），最低 ROI {worst:.2f}。",
            "en": "{customer} has {failed} activit(ies) that did not pay back (of {count}); "
                  "the worst ROI is {worst:.2f}.",
        },
        "no.activities": {
            "zh": "{customer} 的 {count} 个活动都回本了。",
            "en": "All {count} of {customer}'s activities paid back.",
        },
    },
)

CHALLENGES = ("stuffing", "slow_stock", "slow_payment", "low_profit", "activities")


@dataclass(frozen=True)
class Finding:
    """One challenge for one distributor: flagged or not, and the numbers behind it."""

    key: str  # one of CHALLENGES
    customer_id: str
    flag: bool
    evidence: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return t(f"name.{self.key}")

    @property
    def message(self) -> str:
        """The verdict in a sentence, in the kit language when read."""
        fields = dict(self.evidence)
        if "roi" in fields:  # n/a when the cash cycle is not positive (pharma: DPO > DIO + DSO)
            roi = fields["roi"]
            fields["roi_text"] = "n/a" if roi is None or math.isnan(roi) else f"{roi:.0%}"
        return t(f"{'yes' if self.flag else 'no'}.{self.key}", customer=self.customer_id,
                 **fields)


def _row(table: pd.DataFrame, customer: str) -> pd.Series:
    if customer not in table.index:
        raise ValueError(f"{customer!r} has no ledger rows in that window; "
                         f"distributors there: {', '.join(map(str, table.index))}")
    return table.loc[customer]


def stuffing(ledger: pd.DataFrame, customer: str, window=None,
             threshold: float = STUFFING_THRESHOLD, min_months: int = 3) -> Finding:
    """Challenge 1: a high primary/secondary ratio sustained for ``min_months`` months."""
    stock = _row(channel_stock(ledger, window, threshold=threshold), customer)
    flow = stock_flow(ledger, threshold=threshold).loc[customer]
    inside = select(ledger, window, customer)["period"]
    run = longest_run(flow.loc[flow.index.isin(inside), "above"])
    flag = bool(stock["ratio"] > threshold and run >= min_months)
    return Finding("stuffing", customer, flag, {
        "ratio": float(stock["ratio"]), "threshold": threshold, "run": run,
        "change": float(stock["change"]), "closing": float(stock["closing"])})


def slow_stock(ledger: pd.DataFrame, customer: str, window=None, max_dio: float | None = None,
               peer_factor: float = 1.5) -> Finding:
    """Challenge 2: DIO above a limit (or above peer_factor × the peers' median DIO)."""
    e = economics(ledger, window)
    limit = max_dio if max_dio is not None else peer_factor * float(e["dio"].median())
    dio = float(_row(e, customer)["dio"])
    return Finding("slow_stock", customer, bool(dio > limit), {
        "dio": dio, "limit": limit, "peer_median": float(e["dio"].median())})


def slow_payment(ledger: pd.DataFrame, customer: str, window=None,
                 credit_days: float = 30.0) -> Finding:
    """Challenge 3: DSO beyond the credit terms."""
    dso = float(_row(economics(ledger, window), customer)["dso"])
    return Finding("slow_payment", customer, bool(dso > credit_days), {
        "dso": dso, "credit_days": credit_days, "overdue_days": max(0.0, dso - credit_days)})


def low_profit(ledger: pd.DataFrame, customer: str, window=None,
               min_net_margin: float = 0.025) -> Finding:
    """Challenge 4: net margin below the minimum a distributor needs to stay engaged."""
    row = _row(economics(ledger, window), customer)
    margin = float(row["net_margin_pct"])
    return Finding("low_profit", customer, bool(margin < min_net_margin), {
        "net_margin": margin, "minimum": min_net_margin, "roi": float(row["roi"]),
        "net_profit": float(row["net_profit"])})


def activities_payback(review: pd.DataFrame, customer: str, window=None) -> Finding:
    """Challenge 5: the customer's activities (a kit.jbp.activity_review table) that ended in
    the window and did not pay back."""
    rows = review[review["customer_id"].astype(str) == customer]
    if window is not None:
        ended = pd.PeriodIndex(pd.to_datetime(rows["end"]), freq="M")
        rows = rows[ended.isin(months(window))]
    failed = rows[rows["paid_back"].eq(False).fillna(False)]
    return Finding("activities", customer, bool(len(failed)), {
        "count": len(rows), "failed": len(failed),
        "worst": float(rows["roi"].min()) if len(rows) else float("nan"),
        "lost": float(-failed["net_return"].sum())})


def challenges(ledger: pd.DataFrame, customer: str, window=None,
               review: pd.DataFrame | None = None, **limits) -> list[Finding]:
    """The five challenges for one distributor; ``limits`` go to the diagnostic that takes
    them (threshold, min_months, max_dio, peer_factor, credit_days, min_net_margin).
    Without an activity review the fifth challenge is left out."""
    def pick(*names):
        return {k: limits[k] for k in names if k in limits}

    found = [
        stuffing(ledger, customer, window, **pick("threshold", "min_months")),
        slow_stock(ledger, customer, window, **pick("max_dio", "peer_factor")),
        slow_payment(ledger, customer, window, **pick("credit_days")),
        low_profit(ledger, customer, window, **pick("min_net_margin")),
    ]
    if review is not None:
        found.append(activities_payback(review, customer, window))
    return found


def challenge_table(ledger: pd.DataFrame, window=None, review: pd.DataFrame | None = None,
                    **limits) -> pd.DataFrame:
    """Every distributor × challenge: True where flagged (the class's overview)."""
    ids = sorted(select(ledger, window)["customer_id"].astype(str).unique())
    rows = {c: {f.key: f.flag for f in challenges(ledger, c, window, review, **limits)}
            for c in ids}
    return pd.DataFrame.from_dict(rows, orient="index")


def challenge_name(key: str) -> str:
    return t(f"name.{key}")


__all__ = ["CHALLENGES", "Finding", "activities_payback", "challenge_name", "challenge_table",
           "challenges", "low_profit", "slow_payment", "slow_stock", "stuffing"]
