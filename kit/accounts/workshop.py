"""Everything the key-account workshop shows, computed once from what the trainee brought.

The notebook (workshops/05_key_accounts.ipynb), the no-code app and the exercises all
call :func:`review`, so the same tables give the same numbers everywhere. Only sales
are required; each people table adds its parts (a sales-only file still gets the value,
growth and sales alerts of a health score, and a note on what the key-person table,
the visit record and the daily log would add).

Kit choices: the review window is the 12 months up to the last month of the sales
(a moving annual total); ``as_of`` is that month's last day unless given; the account in
focus is the one asked for, else the largest by sales among those with key persons,
else the largest by sales.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from kit.accounts import alerts as acc_alerts
from kit.accounts import care, development, health, people
from kit.accounts.value import assess_accounts
from kit.review.periods import Window


@dataclass
class AccountsReview:
    """The workshop's results; a part is None when its table was not brought."""

    as_of: pd.Timestamp
    window: Window
    assessed: pd.DataFrame
    alerts: pd.DataFrame
    parts: pd.DataFrame
    scored: pd.DataFrame
    weights: dict
    coverage: pd.DataFrame | None = None
    care: pd.DataFrame | None = None
    file: pd.DataFrame | None = None
    weekly: pd.DataFrame | None = None
    team_weekly: pd.DataFrame | None = None
    manager: pd.DataFrame | None = None
    conversion: pd.DataFrame | None = None
    missing: tuple[str, ...] = field(default_factory=tuple)
    base_alerts: pd.DataFrame | None = None  # the alerts that need no key persons
    options: dict = field(default_factory=dict)  # thresholds, cadence, owners, opportunities

    def focus(self, customer: str | None = None) -> str:
        """The account asked for, else the largest (by sales) with key persons, else the
        largest by sales."""
        if customer:
            return str(customer)
        by_sales = [str(c) for c in self.assessed.index]
        if self.coverage is not None and len(self.coverage):
            with_people = [c for c in by_sales if c in set(self.coverage.index.astype(str))]
            if with_people:
                return with_people[0]
            return str(self.coverage.index[0])
        return by_sales[0]

    @property
    def single_threaded(self) -> list[str]:
        if self.coverage is None:
            return []
        return [str(c) for c in self.coverage.index[self.coverage["single_threaded"]]]


def review(sales: pd.DataFrame, *, contacts: pd.DataFrame | None = None,
           interactions: pd.DataFrame | None = None, log: pd.DataFrame | None = None,
           targets: pd.DataFrame | None = None, ledger: pd.DataFrame | None = None,
           opportunities: pd.DataFrame | None = None, outlets: pd.DataFrame | None = None,
           as_of=None, weights: Mapping[str, float] | None = None,
           thresholds: acc_alerts.Thresholds | None = None,
           cadence: Mapping[str, int] | None = None, owners: Mapping[str, str] | None = None,
           visits_per_day: float = development.VISITS_PER_DAY) -> AccountsReview:
    """Value, coverage, alerts, health, care and the development weeks in one pass."""
    end = sales["period"].max()
    window = Window("mat", end)
    as_of = pd.Timestamp(as_of) if as_of else end.to_timestamp(how="end").normalize()
    assessed = assess_accounts(sales, window, outlets=outlets)
    base = acc_alerts.risk_alerts(as_of=as_of, sales=sales, window=window, targets=targets,
                                  ledger=ledger, opportunities=opportunities, owners=owners,
                                  thresholds=thresholds)
    w = dict(health.WEIGHTS if weights is None else weights)
    out = AccountsReview(as_of=as_of, window=window, assessed=assessed, alerts=base,
                         parts=pd.DataFrame(), scored=pd.DataFrame(), weights=w,
                         base_alerts=base,
                         options={"thresholds": thresholds, "cadence": cadence, "owners": owners,
                                  "opportunities": opportunities})
    out = with_people(out, contacts, interactions)
    if log is not None and len(log):
        out.weekly = development.weekly_rollup(log)
        out.team_weekly = development.weekly_rollup(log, by_rep=False)
        out.manager = development.manager_view(log, visits_per_day=visits_per_day)
        out.conversion = development.stage_conversion(log, by_rep=True)
    given = {"contacts": contacts is not None and len(contacts) > 0,
             "interactions": interactions is not None,
             "development_log": log is not None and len(log) > 0,
             "opportunities": opportunities is not None, "distributor_ledger": ledger is not None,
             "targets": targets is not None}
    out.missing = tuple(k for k, v in given.items() if not v)
    return out


def with_people(result: AccountsReview, contacts: pd.DataFrame | None,
                interactions: pd.DataFrame | None = None) -> AccountsReview:
    """``result`` with its people parts (coverage, people alerts, health, care, the
    customer file) worked out again for ``contacts`` — what an edit of the key-person
    table changes; the sales, ledger and pipeline parts are kept."""
    opts = result.options
    has_people = contacts is not None and len(contacts) > 0
    cover = people.coverage(contacts, as_of=result.as_of) if has_people else None
    found = result.base_alerts
    if has_people:
        mine = acc_alerts.risk_alerts(as_of=result.as_of, contacts=contacts,
                                      interactions=interactions, owners=opts.get("owners"),
                                      opportunities=None, thresholds=opts.get("thresholds"))
        owners = acc_alerts.account_owners(contacts, opts.get("opportunities"), opts.get("owners"))
        found = acc_alerts.merge_alerts(result.base_alerts, mine, owners)
    parts = health.health_parts(assessed=result.assessed, coverage=cover,
                                opportunities=opts.get("opportunities"), alerts=found,
                                as_of=result.as_of)
    out = replace(result, coverage=cover, alerts=found, parts=parts,
                  scored=health.health_score(parts, result.weights), care=None, file=None)
    if has_people:
        tiers = result.assessed["tier"].rename(index=str).to_dict()
        out.care = care.care_plan(contacts, interactions, as_of=result.as_of, tiers=tiers,
                                  cadence=opts.get("cadence"))
        out.file = care.customer_file(contacts, interactions, as_of=result.as_of,
                                      assessed=result.assessed)
    return out


def summary(result: AccountsReview, customer: str | None = None) -> dict:
    """The focus account's headline (what the cohort dashboard shows per trainee)."""
    focus = result.focus(customer)
    row = result.scored.loc[focus] if focus in result.scored.index else None
    mine = result.alerts[result.alerts["customer_id"] == focus]
    coverage = (float(result.coverage.loc[focus, "coverage"])
                if result.coverage is not None and focus in result.coverage.index else None)
    return {"account": focus,
            "health": None if row is None or pd.isna(row["score"]) else float(row["score"]),
            "rag": None if row is None else str(row["rag"]), "coverage": coverage,
            "alerts": int(len(mine)), "red": int((mine["severity"] == "red").sum()),
            "single_threaded": result.single_threaded, "missing": list(result.missing)}


__all__ = ["AccountsReview", "review", "summary", "with_people"]
