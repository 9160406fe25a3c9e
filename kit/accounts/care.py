"""Relationship care (关系维护): return visits by tier, the customer file, satisfaction.

The course material asks for regular return visits, a customer file (客户档案),
value-added services beyond the contract and a satisfaction index with weighted items.
Kit definitions:

- **cadence**: an account's key persons (the decision maker, the coach, anyone of
  influence 4 or 5) are to be met again within the tier's days: strategic 30, key 45,
  potential 60, maintain 90; everyone else within twice that (parameters; an account
  that is not assessed, such as a prospect, counts as potential);
- **next due** = last contact + cadence; **overdue days** = as_of − next due when
  positive; status ``overdue``, ``due`` (within 7 days), ``ok``, or ``never`` (no contact
  on record: due now);
- **file completeness** = share of the key fields filled in over an account's people
  (title, role, attitude, influence, stage, reports_to, owner, last_contact, pain,
  value_proposition);
- **satisfaction index** = 100 × Σ weight × (score − 1) / 4 ÷ Σ weight over the items
  answered (scores 1–5); ≥ 80 satisfied, ≥ 60 so-so, below at risk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kit.accounts.labels import t
from kit.accounts.people import is_active, last_contacts

CADENCE_DAYS = {"strategic": 30, "key": 45, "potential": 60, "maintain": 90}
OTHERS_FACTOR = 2  # people who are not key persons: twice the tier's days
KEY_ROLES = ("decision_maker", "coach")
KEY_INFLUENCE = 4
DUE_SOON_DAYS = 7
FILE_FIELDS = ("title", "role", "attitude", "influence", "stage", "reports_to", "owner",
               "last_contact", "pain", "value_proposition")
SURVEY_ITEMS = ("product", "delivery", "service", "support", "terms")
SURVEY_BANDS = (80.0, 60.0)
SERVICES = ("technical", "training", "insight", "joint_marketing")
STATUSES = ("overdue", "never", "due", "ok")


def care_plan(contacts: pd.DataFrame, interactions: pd.DataFrame | None = None, *, as_of,
              tiers: Mapping[str, str] | None = None,
              cadence: Mapping[str, int] | None = None,
              default_tier: str = "potential") -> pd.DataFrame:
    """One row per active person: tier, cadence, last contact, next due, overdue days
    and status, most urgent first."""
    days = {**CADENCE_DAYS, **(cadence or {})}
    as_of = pd.Timestamp(as_of).normalize()
    active = is_active(contacts, as_of)
    people = contacts[active]
    last = last_contacts(contacts, interactions)[active]
    cid = people["customer_id"].astype(str)
    given = {str(k): str(v) for k, v in (tiers or {}).items()}
    tier = cid.map(lambda c: given.get(c, default_tier))
    every = tier.map(days).astype("int64") * np.where(is_key_person(people), 1, OTHERS_FACTOR)
    due = last + pd.to_timedelta(every, unit="D")
    due = due.where(last.notna(), as_of)
    late = (as_of - due).dt.days
    status = np.select([last.isna(), late > 0, late >= -DUE_SOON_DAYS],
                       ["never", "overdue", "due"], default="ok")
    out = pd.DataFrame({
        "customer_id": cid, "name": people["name"].astype(str),
        "role": people["role"].astype("string"), "owner": people["owner"].astype("string")
        if "owner" in people else pd.NA,
        "tier": tier, "cadence_days": every, "last_contact": last, "next_due": due,
        "overdue_days": late.clip(lower=0).where(last.notna()), "status": status})
    out["status_label"] = out["status"].map(lambda s: t(f"care.{s}"))
    rank = out["status"].map({s: i for i, s in enumerate(STATUSES)})
    return (out.assign(_r=rank).sort_values(["_r", "next_due", "customer_id", "name"],
                                            kind="stable").drop(columns="_r"))


def is_key_person(contacts: pd.DataFrame) -> pd.Series:
    """The decision maker, the coach and anyone of influence 4 or more."""
    role = contacts["role"].astype("string").isin(KEY_ROLES).fillna(False)
    if "influence" in contacts:
        role = role | (contacts["influence"] >= KEY_INFLUENCE).fillna(False)
    return role.astype(bool)


def care_summary(plan: pd.DataFrame) -> pd.DataFrame:
    """Per account: people, overdue, never visited, the next visit due."""
    g = plan.groupby("customer_id", sort=True)
    return pd.DataFrame({"people": g.size(),
                         "overdue": g["status"].apply(lambda s: int((s == "overdue").sum())),
                         "never": g["status"].apply(lambda s: int((s == "never").sum())),
                         "next_due": g["next_due"].min()})


def file_completeness(contacts: pd.DataFrame) -> pd.Series:
    """Per account: the share of FILE_FIELDS filled in over its people (a column the
    table lacks counts as empty)."""
    filled = pd.DataFrame({f: contacts[f].notna() & (contacts[f].astype("string").str.strip()
                                                     != "").fillna(False)
                           if f in contacts else False for f in FILE_FIELDS},
                          index=contacts.index)
    per_person = filled.sum(axis=1) / len(FILE_FIELDS)
    return per_person.groupby(contacts["customer_id"].astype(str)).mean().rename("completeness")


def customer_file(contacts: pd.DataFrame, interactions: pd.DataFrame | None = None, *, as_of,
                  assessed: pd.DataFrame | None = None) -> pd.DataFrame:
    """The customer file (客户档案) per account: tier and ABC class (when assessed),
    people on file, the latest contact, open next steps (next date on or after as_of) and
    the file's completeness."""
    as_of = pd.Timestamp(as_of).normalize()
    cid = contacts["customer_id"].astype(str)
    out = pd.DataFrame({"people": cid.value_counts()}).sort_index()
    out["latest_contact"] = last_contacts(contacts, interactions).groupby(cid).max()
    if interactions is not None and "next_date" in interactions:
        nxt = pd.to_datetime(interactions["next_date"], errors="coerce")
        open_ = interactions[nxt >= as_of]
        out["open_next_steps"] = open_.groupby(open_["customer_id"].astype(str)).size()
        out["open_next_steps"] = out["open_next_steps"].fillna(0).astype(int)
    out["completeness"] = file_completeness(contacts)
    if assessed is not None:
        frame = assessed.rename(index=str)
        for column in ("tier", "abc", "sales"):
            if column in frame:
                out[column] = frame[column].reindex(out.index)
    out.index.name = "customer_id"
    return out


@dataclass
class SatisfactionSurvey:
    """One account's satisfaction survey: each item scored 1–5 (None: not asked)."""

    customer_id: str = ""
    scores: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(SURVEY_ITEMS))
    weights: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SURVEY_ITEMS, 1.0))

    def __post_init__(self) -> None:
        bad = [k for k, v in self.scores.items() if v is not None and not 1 <= v <= 5]
        if bad:
            raise ValueError(f"scores are 1–5: {bad}")
        if set(self.weights) != set(self.scores) or any(w < 0 for w in self.weights.values()):
            raise ValueError("every item needs a weight, none negative")

    @property
    def index(self) -> float:
        """100 × Σ w (score − 1)/4 ÷ Σ w over the answered items; NaN when none is."""
        answered = {k: v for k, v in self.scores.items() if v is not None}
        total = sum(self.weights[k] for k in answered)
        if not answered or total <= 0:
            return float("nan")
        return 100 * sum(self.weights[k] * (v - 1) / 4 for k, v in answered.items()) / total

    @property
    def band(self) -> str:
        value = self.index
        if np.isnan(value):
            return "n/a"
        satisfied, neutral = SURVEY_BANDS
        return "satisfied" if value >= satisfied else "neutral" if value >= neutral else "at_risk"

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """Item, score, weight and points (points add up to the index)."""
        answered = [k for k, v in self.scores.items() if v is not None]
        total = sum(self.weights[k] for k in answered) or float("nan")
        return pd.DataFrame([{
            "item": t(f"survey.{k}", lang), "score": self.scores[k], "weight": self.weights[k],
            "points": (100 * self.weights[k] * (self.scores[k] - 1) / 4 / total
                       if self.scores[k] is not None else np.nan)} for k in self.scores],
            index=pd.Index(list(self.scores), name="key"))


def cadence_text(cadence: Mapping[str, int] | None = None, lang: str | None = None) -> str:
    """The return-visit cadence in a sentence."""
    days = {**CADENCE_DAYS, **(cadence or {})}
    return t("care.cadence", lang, strategic=days["strategic"], key_days=days["key"],
             potential=days["potential"], maintain=days["maintain"])


def service_names(lang: str | None = None) -> dict[str, str]:
    """The value-added services the material lists, in words."""
    return {k: t(f"service.{k}", lang) for k in SERVICES}


__all__ = ["CADENCE_DAYS", "FILE_FIELDS", "KEY_INFLUENCE", "KEY_ROLES", "OTHERS_FACTOR", "SERVICES", "STATUSES", "SURVEY_BANDS", "SURVEY_ITEMS",
           "SatisfactionSurvey", "cadence_text", "care_plan", "care_summary", "customer_file",
           "file_completeness", "is_key_person", "service_names"]
