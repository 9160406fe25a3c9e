"""Risk alerts (风险预警): an indicator, a threshold and a response for each risk, in one table.

The course material defines an alert as an indicator with a threshold that, once
crossed, starts a response. The kit's rule book (:func:`rule_book`, thresholds in
:class:`Thresholds`) gathers what other stages already flag and the people risks:

| rule | indicator | fires when (default) | from |
|---|---|---|---|
| scorecard_red | achievement of target | below 95 % (the scorecard's red) | sales, targets |
| sales_decline | sales YoY | −10 % or worse | sales |
| stuffing | sell-in / sell-out units | above 1.3 three months running | ledger |
| receivables | DSO of the latest month | above 30 days (credit terms) | ledger |
| stalled_deal | days past a deal's close date | more than 90 | opportunities |
| dm_silent | days since any decision maker was contacted | more than 60 | contacts, visits |
| champion_left | a supporter who left, not replaced | no supporter at 约会+ in the role | contacts |
| opponent_influence | an opponent's influence | 4 or more | contacts |
| single_threaded | people beyond a first acquaintance | one or none | contacts |

Each alert names its customer, what it is about (``subject``: a person or a deal), the
value, the day it fired (``since``: the window's last day for sales and ledger rules, the
day the run reached its third month for stuffing, the close date + 90 days for a stalled
deal, the last contact + 60 days for a silent decision maker, the day a supporter left,
the last contact with an opponent, ``as_of`` for a single thread), its severity, its
owner (the person's or the deal's owner; for account-level rules the account owner:
``owners`` when given, else the owner named most often on its people, else on its deals)
and its response. The table is in firing order, earliest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit import fmt, labels
from kit.accounts.labels import t
from kit.accounts.people import STAGE_POINTS, coverage, is_active, last_contacts
from kit.accounts.pipeline import pipeline_ageing
from kit.jbp.finance import economics, stock_flow
from kit.review.periods import Window
from kit.review.scorecard import scorecard

RULES = ("scorecard_red", "sales_decline", "stuffing", "receivables", "stalled_deal",
         "dm_silent", "champion_left", "opponent_influence", "single_threaded")
SEVERITY = {"scorecard_red": "red", "sales_decline": "amber", "stuffing": "red",
            "receivables": "amber", "stalled_deal": "red", "dm_silent": "red",
            "champion_left": "red", "opponent_influence": "amber", "single_threaded": "amber"}
COLUMNS = ("customer_id", "rule", "severity", "subject", "value", "since", "detail", "owner",
           "indicator", "threshold", "response")


@dataclass(frozen=True)
class Thresholds:
    """Where each rule fires (see the module doc)."""

    achievement: float = 0.95
    decline: float = -0.10
    stuffing_ratio: float = 1.3
    stuffing_months: int = 3
    credit_days: float = 30.0
    stalled_days: int = 90
    silent_days: int = 60
    influence: int = 4
    engaged: int = 1


def threshold_text(rule: str, th: Thresholds, lang: str | None = None) -> str:
    value = {
        "scorecard_red": fmt.percent(th.achievement, 0), "sales_decline": fmt.percent(-th.decline, 0),
        "stuffing": fmt.ratio(th.stuffing_ratio, 1), "receivables": fmt.count(th.credit_days),
        "stalled_deal": fmt.count(th.stalled_days), "dm_silent": fmt.count(th.silent_days),
        "champion_left": "", "opponent_influence": fmt.count(th.influence),
        "single_threaded": fmt.count(th.engaged)}[rule]
    return t(f"alert.{rule}.threshold", lang, value=value, months=th.stuffing_months)


def rule_book(thresholds: Thresholds | None = None, lang: str | None = None) -> pd.DataFrame:
    """The rules as the material defines an alert: indicator, threshold, response, severity."""
    th = thresholds or Thresholds()
    return pd.DataFrame([{"indicator": t(f"alert.{r}", lang), "threshold": threshold_text(r, th, lang),
                          "response": t(f"alert.{r}.response", lang), "severity": SEVERITY[r]}
                         for r in RULES], index=pd.Index(RULES, name="rule"))


def account_owners(contacts: pd.DataFrame | None = None,
                   opportunities: pd.DataFrame | None = None,
                   owners: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each account's owner: ``owners`` first, else the owner named most often on its
    people, else on its deals (ties: the first in the table)."""
    found: dict[str, str] = {}
    for table in (opportunities, contacts):  # contacts last: they win over deals
        if table is None or "owner" not in table:
            continue
        rows = table[["customer_id", "owner"]].dropna().astype(str)
        for cid, group in rows.groupby("customer_id", sort=False):
            found[cid] = group["owner"].value_counts(sort=True).index[0]
    return {**found, **{str(k): str(v) for k, v in (owners or {}).items()}}


def _month_end(period) -> pd.Timestamp:
    """The last day of a month (a Period or its "2025-11" label)."""
    return pd.Period(period, "M").to_timestamp(how="end").normalize()


def _alert(cid, rule, subject, value, since, detail, owner) -> dict:
    return {"customer_id": str(cid), "rule": rule, "severity": SEVERITY[rule], "subject": subject,
            "value": value, "since": since, "detail": detail, "owner": owner}


def sales_alerts(sales: pd.DataFrame, window: Window, targets: pd.DataFrame | None,
                 th: Thresholds, lang: str | None) -> list[dict]:
    """scorecard_red (with targets) and sales_decline, per customer over the window."""
    table = scorecard(sales, "customer_id", window, targets=targets,
                      rag=(th.achievement, max(th.achievement, 1.0)))
    since = _month_end(window.end)
    out = []
    for cid, row in table.iterrows():
        if targets is not None and row["rag"] == "red":
            out.append(_alert(cid, "scorecard_red", "", float(row["achievement"]), since,
                              t("detail.achievement", lang, value=fmt.percent(row["achievement"])),
                              None))
        if pd.notna(row["yoy"]) and row["yoy"] <= th.decline:
            out.append(_alert(cid, "sales_decline", "", float(row["yoy"]), since,
                              t("detail.yoy", lang, value=fmt.percent(row["yoy"], sign=True)),
                              None))
    return out


def _first_run(flags, months: int) -> int | None:
    """The position where a run of True first reaches ``months`` in a row (None: never)."""
    run = 0
    for i, flag in enumerate(flags):
        run = run + 1 if flag else 0
        if run == months:
            return i
    return None


def ledger_alerts(ledger: pd.DataFrame, window: Window, th: Thresholds,
                  lang: str | None) -> list[dict]:
    """stuffing (a run of months above the ratio inside the window) and receivables (the
    window's last month's DSO above the credit terms, since the first month of that run)."""
    months = set(window.current)
    flow = stock_flow(ledger, threshold=th.stuffing_ratio).reset_index()
    flow = flow[flow["period"].isin(months)]
    out = []
    for cid, rows in flow.groupby("customer_id", sort=True):
        above, ratios, periods = rows["above"].to_numpy(), rows["ratio"].to_numpy(), list(rows["period"])
        fired = _first_run(above, th.stuffing_months)
        if fired is None:
            continue
        start, end = fired - th.stuffing_months + 1, fired
        while end + 1 < len(above) and above[end + 1]:
            end += 1
        length, peak = end - start + 1, float(np.max(ratios[start:end + 1]))
        out.append(_alert(cid, "stuffing", "", float(length), _month_end(periods[fired]),
                          t("detail.stuffing", lang, months=length, value=fmt.ratio(peak)), None))
    monthly = economics(ledger, list(window.current), freq="M").reset_index()
    for cid, rows in monthly.groupby("customer_id", sort=True):
        rows = rows.sort_values("period")
        above = (rows["dso"] > th.credit_days).to_numpy()
        if not len(above) or not above[-1]:
            continue
        first = len(above) - 1
        while first > 0 and above[first - 1]:
            first -= 1
        dso = float(rows["dso"].iloc[-1])
        out.append(_alert(cid, "receivables", "", dso, _month_end(rows["period"].iloc[first]),
                          t("detail.dso", lang, value=fmt.number(dso)), None))
    return out


def deal_alerts(opportunities: pd.DataFrame, as_of, th: Thresholds,
                lang: str | None) -> list[dict]:
    """stalled_deal: open deals more than ``stalled_days`` past their expected close."""
    ageing = pipeline_ageing(opportunities, as_of)
    late = ageing[ageing["days_late"] > th.stalled_days]
    out = []
    for _, row in late.iterrows():
        deal = str(row["opportunity_id"])
        since = pd.Timestamp(row["expected_close"]) + pd.Timedelta(days=th.stalled_days)
        owner = str(row["owner"]) if "owner" in row and pd.notna(row["owner"]) else None
        out.append(_alert(row["customer_id"], "stalled_deal", deal, float(row["days_late"]), since,
                          t("detail.late", lang, deal=deal, value=fmt.count(row["days_late"])),
                          owner))
    return out


def people_alerts(contacts: pd.DataFrame, interactions: pd.DataFrame | None, as_of,
                  th: Thresholds, lang: str | None) -> list[dict]:
    """dm_silent, champion_left, opponent_influence and single_threaded."""
    as_of = pd.Timestamp(as_of)
    people = contacts.assign(_last=last_contacts(contacts, interactions),
                             _active=is_active(contacts, as_of),
                             _cid=contacts["customer_id"].astype("string"))
    attitude, stage = _words(people, "attitude"), _words(people, "stage")
    out = []
    for cid, group in people.groupby("_cid", sort=True):
        active = group[group["_active"]]
        dms = active[active["role"].astype("string") == "decision_maker"]
        if len(dms):
            latest = dms["_last"].max()
            if pd.isna(latest):
                name = str(dms["name"].iloc[0])
                out.append(_alert(cid, "dm_silent", name, np.nan, pd.NaT,
                                  t("detail.never", lang, name=name), _owner(dms.iloc[0])))
            elif (as_of - latest).days > th.silent_days:
                row = dms.loc[dms["_last"].idxmax()]
                days = (as_of - latest).days
                out.append(_alert(cid, "dm_silent", str(row["name"]), float(days),
                                  latest + pd.Timedelta(days=th.silent_days),
                                  t("detail.silent", lang, name=row["name"], value=fmt.count(days)),
                                  _owner(row)))
        left = group[~group["_active"] & (attitude[group.index] == "supporter")]
        for _, row in left.iterrows():
            same = active[(active["role"] == row["role"]) & (attitude[active.index] == "supporter")
                          & (stage[active.index].map(STAGE_POINTS).astype("float64").fillna(0)
                             >= STAGE_POINTS["meet"])]
            if same.empty:
                role = labels.choice("contacts", "role", row["role"], lang)
                out.append(_alert(cid, "champion_left", str(row["name"]), np.nan,
                                  pd.Timestamp(row["left_on"]),
                                  t("detail.left", lang, name=row["name"], role=role),
                                  _owner(row)))
        if "influence" in active:
            strong = active[(attitude[active.index] == "opponent")
                            & (active["influence"] >= th.influence)]
            for _, row in strong.iterrows():
                role = labels.choice("contacts", "role", row["role"], lang)
                since = row["_last"] if pd.notna(row["_last"]) else as_of
                out.append(_alert(cid, "opponent_influence", str(row["name"]),
                                  float(row["influence"]), since,
                                  t("detail.opponent", lang, name=row["name"], role=role,
                                    value=fmt.count(row["influence"])), _owner(row)))
    cover = coverage(contacts, as_of=as_of)
    for cid, row in cover[cover["engaged"] <= th.engaged].iterrows():
        out.append(_alert(cid, "single_threaded", "", float(row["engaged"]), as_of.normalize(),
                          t("detail.engaged", lang, value=fmt.count(row["engaged"])), None))
    return out


def _words(table: pd.DataFrame, column: str) -> pd.Series:
    if column in table:
        return table[column].astype("string")
    return pd.Series(pd.NA, index=table.index, dtype="string")


def _owner(row: pd.Series) -> str | None:
    owner = row.get("owner")
    return None if owner is None or pd.isna(owner) else str(owner)


def risk_alerts(*, as_of, sales: pd.DataFrame | None = None, window: Window | None = None,
                targets: pd.DataFrame | None = None, ledger: pd.DataFrame | None = None,
                opportunities: pd.DataFrame | None = None, contacts: pd.DataFrame | None = None,
                interactions: pd.DataFrame | None = None, owners: Mapping[str, str] | None = None,
                thresholds: Thresholds | None = None, lang: str | None = None) -> pd.DataFrame:
    """Every alert the given tables can fire, earliest first (see the module doc); rules
    whose data is missing are not evaluated."""
    th = thresholds or Thresholds()
    found: list[dict] = []
    if sales is not None and window is not None:
        found += sales_alerts(sales, window, targets, th, lang)
    if ledger is not None and window is not None:
        found += ledger_alerts(ledger, window, th, lang)
    if opportunities is not None:
        found += deal_alerts(opportunities, as_of, th, lang)
    if contacts is not None and len(contacts):
        found += people_alerts(contacts, interactions, as_of, th, lang)
    out = pd.DataFrame(found, columns=list(COLUMNS[:8]))
    return _finish(out, account_owners(contacts, opportunities, owners), th, lang)


def _finish(out: pd.DataFrame, owner_of: Mapping[str, str], th: Thresholds,
            lang: str | None) -> pd.DataFrame:
    """Owners filled in, the rule's words added, in firing order."""
    out = out[list(COLUMNS[:8])].copy()
    out["since"] = pd.to_datetime(out["since"])
    out["owner"] = [o if isinstance(o, str) and o else owner_of.get(c, "")
                    for o, c in zip(out["owner"], out["customer_id"], strict=True)]
    out["indicator"] = [t(f"alert.{r}", lang) for r in out["rule"]]
    out["threshold"] = [threshold_text(r, th, lang) for r in out["rule"]]
    out["response"] = [t(f"alert.{r}.response", lang) for r in out["rule"]]
    order = out["severity"].map({"red": 0, "amber": 1})
    out = out.assign(_o=order).sort_values(["since", "_o", "customer_id", "rule"],
                                           na_position="last", kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)


def merge_alerts(first: pd.DataFrame, second: pd.DataFrame, owners: Mapping[str, str],
                 thresholds: Thresholds | None = None, lang: str | None = None) -> pd.DataFrame:
    """Two alert tables as one, in firing order, account owners as ``owners`` says."""
    both = pd.concat([first, second], ignore_index=True) if len(first) else second.copy()
    return _finish(both, owners, thresholds or Thresholds(), lang)


def alert_counts(alerts: pd.DataFrame) -> pd.DataFrame:
    """Red and amber alerts per customer."""
    counts = alerts.groupby(["customer_id", "severity"]).size().unstack(fill_value=0)
    return counts.reindex(columns=["red", "amber"], fill_value=0)


__all__ = ["COLUMNS", "RULES", "SEVERITY", "Thresholds", "account_owners",
           "alert_counts", "merge_alerts", "risk_alerts", "rule_book", "threshold_text"]
