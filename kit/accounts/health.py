"""Account health score (客户健康度): five weighted parts, each 0–100, and a RAG band.

Kit definitions (the course material asks for a value assessment, the 80/20 rule,
relationship work, the pipeline and risk alerts; combining them into one score is the
kit's):

- **value** = ½ × current value (the value assessment: 60 % contribution + 40 %
  loyalty) + ½ × the 80/20 class points (A 100, B 50, C 0);
- **growth** = 50 + 250 × YoY, kept within 0–100 (−20 % or worse 0, flat 50, +20 % or
  better 100);
- **relationship** = the decision roles' coverage (:func:`kit.accounts.people.coverage`);
  0 for an account with nobody in a key-person table that lists other accounts;
- **pipeline** = 100 × the weighted amount of open deals not past their expected close ÷
  the weighted amount of all open deals (open: not lost, before 工程实施);
- **risk** = 100 − 30 × red alerts − 15 × amber alerts, at least 0.

health = Σ weight × part ÷ Σ weight over the parts the data allow (a part without data
is left out, never guessed, and listed in ``missing``); default weights value 25 %,
growth 20 %, relationship 25 %, pipeline 15 %, risk 15 %. Bands: ≥ 70 green, ≥ 50 amber,
below red.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kit.accounts.alerts import alert_counts
from kit.accounts.pipeline import deal_probabilities, is_lost, pipeline_ageing, stage_keys

PARTS = ("value", "growth", "relationship", "pipeline", "risk")
WEIGHTS = {"value": 0.25, "growth": 0.20, "relationship": 0.25, "pipeline": 0.15, "risk": 0.15}
BANDS = (70.0, 50.0)  # green from, amber from
ABC_POINTS = {"A": 100.0, "B": 50.0, "C": 0.0}
PENALTY = {"red": 30.0, "amber": 15.0}


def value_part(assessed: pd.DataFrame) -> pd.Series:
    """½ × current value + ½ × the ABC class points, per account."""
    points = assessed["abc"].map(ABC_POINTS).astype("float64")
    return 0.5 * assessed["value"].astype("float64") + 0.5 * points


def growth_part(yoy: pd.Series) -> pd.Series:
    """50 + 250 × YoY within 0–100; NaN where there is no last year."""
    return (50 + 250 * yoy.astype("float64")).clip(0, 100)


def pipeline_part(opportunities: pd.DataFrame, as_of) -> pd.Series:
    """Per customer with open deals: 100 × weighted on time ÷ weighted open."""
    keys = stage_keys(opportunities["stage"])
    open_ = ((keys != "implementation").to_numpy() & ~is_lost(opportunities))
    deals = opportunities[open_]
    if deals.empty:
        return pd.Series(dtype="float64")
    weighted = deals["amount"].astype("float64") * deal_probabilities(deals)
    late = pipeline_ageing(deals, as_of)["days_late"].reindex(deals.index) > 0
    frame = pd.DataFrame({"customer_id": deals["customer_id"].astype(str).to_numpy(),
                          "all": weighted.to_numpy(), "on_time": weighted.where(~late, 0.0)})
    sums = frame.groupby("customer_id")[["all", "on_time"]].sum()
    return (100 * sums["on_time"] / sums["all"].where(sums["all"] > 0)).rename("pipeline")


def risk_part(alerts: pd.DataFrame, customers) -> pd.Series:
    """100 − 30 per red alert − 15 per amber one (at least 0), for each customer."""
    counts = alert_counts(alerts).reindex(list(customers), fill_value=0)
    penalty = PENALTY["red"] * counts["red"] + PENALTY["amber"] * counts["amber"]
    return (100 - penalty).clip(lower=0).astype("float64")


def health_parts(*, assessed: pd.DataFrame | None = None, coverage: pd.DataFrame | None = None,
                 contacts_given: bool | None = None, opportunities: pd.DataFrame | None = None,
                 alerts: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """The five parts per account (NaN where the data do not allow a part). Accounts:
    those assessed, those with people, those with open deals. ``contacts_given``: a
    key-person table was supplied (default: ``coverage`` is not None), so an account
    missing from it scores 0 on relationship."""
    customers: list[str] = []
    for index in (None if assessed is None else assessed.index,
                  None if coverage is None else coverage.index):
        if index is not None:
            customers += [str(c) for c in index if str(c) not in customers]
    pipe = pipeline_part(opportunities, as_of) if opportunities is not None else None
    if pipe is not None:
        customers += [c for c in pipe.index if c not in customers]
    out = pd.DataFrame(index=pd.Index(customers, name="customer_id"), columns=list(PARTS),
                       dtype="float64")
    if assessed is not None:
        frame = assessed.rename(index=str)
        out["value"] = value_part(frame).reindex(out.index)
        out["growth"] = growth_part(frame["yoy"]).reindex(out.index)
    if coverage is not None:
        have_table = coverage is not None if contacts_given is None else contacts_given
        cover = coverage["coverage"].rename(index=str).reindex(out.index)
        out["relationship"] = cover.fillna(0.0) if have_table else cover
    if pipe is not None:
        out["pipeline"] = pipe.reindex(out.index)
    if alerts is not None:
        out["risk"] = risk_part(alerts, out.index)
    return out


def health_score(parts: pd.DataFrame, weights: Mapping[str, float] | None = None,
           bands: tuple[float, float] = BANDS) -> pd.DataFrame:
    """``parts`` with the weighted score, its RAG band and the parts left out."""
    w = dict(WEIGHTS if weights is None else weights)
    if set(w) != set(PARTS) or any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise ValueError(f"weights need every part of {PARTS}, none negative, a positive sum")
    green, amber = bands
    values = parts[list(PARTS)].astype("float64")
    weight = pd.DataFrame({p: np.where(values[p].notna(), w[p], 0.0) for p in PARTS},
                          index=parts.index)
    total = weight.sum(axis=1)
    out = parts.copy()
    out["score"] = (values.fillna(0.0) * weight).sum(axis=1) / total.where(total > 0)
    out["rag"] = np.select([out["score"] >= green, out["score"] >= amber, out["score"].notna()],
                           ["green", "amber", "red"], default="n/a")
    out["missing"] = [tuple(p for p in PARTS if pd.isna(row[p])) for _, row in values.iterrows()]
    return out


def contributions(scored: pd.DataFrame, weights: Mapping[str, float] | None = None
                  ) -> pd.DataFrame:
    """Each part's points in the score (weight share × part); they add up to the score."""
    w = dict(WEIGHTS if weights is None else weights)
    values = scored[list(PARTS)].astype("float64")
    weight = pd.DataFrame({p: np.where(values[p].notna(), w[p], 0.0) for p in PARTS},
                          index=scored.index)
    share = weight.div(weight.sum(axis=1).where(lambda s: s > 0), axis=0)
    return values.fillna(0.0) * share


__all__ = ["ABC_POINTS", "BANDS", "PARTS", "PENALTY", "WEIGHTS", "contributions", "growth_part",
           "health_parts", "health_score", "pipeline_part", "risk_part", "value_part"]
