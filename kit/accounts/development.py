"""Customer development management (客户开发管理): strategy, competitors, resources, and
the daily log rolled up into the weekly summary and the manager's view.

The course material's four angles — strategy, competition, resources, execution — as
data. The three strategies and when each fits (:data:`STRATEGIES`,
:func:`suggest_strategy`), the competitor checklist (:class:`CompetitorCheck`), the
resources to prepare (:data:`RESOURCES`), and the execution: reps fill in the daily
canvassing report (客户扫街日报, the canonical ``development_log``: date, rep, prospect,
visited / called / not reached, stage reached, competitor seen, need found, next
action) and the weekly summary (客户开发调查阶段周总结) is derived from it, never
typed twice.

Kit definitions:

- a **week** runs Monday to Sunday and is named by its Monday;
- **visits** = rows marked visited (拜访), **calls** = rows marked called, **contacts** =
  both; rows without a mark count as visits (a canvassing row is a visit unless it says
  otherwise);
- a **new prospect** is one seen for the first time in the whole log (counted in the
  week and for the rep of that first row), so the weeks' new prospects add up to the
  log's prospects;
- a prospect's **stage** in a period is the furthest stage its rows reached (初次接触 →
  需求确认 → 有意向 → 洽谈条件 → 签约); ``reached_<stage>`` counts prospects at that stage
  or beyond, so conversion k → k+1 = reached(k+1) / reached(k);
- **competitor sightings** = rows naming a competitor (several names in one cell, split
  on 、 , ; /, each counted);
- the **manager view** flags a rep below ``visits_per_day`` visits a working day in the
  latest week (default 5, the kit's), a rep without a new prospect that week, and the
  prospects whose latest row has no next action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from kit import i18n
from kit.accounts.labels import t

STRATEGIES = ("two_step", "follow", "pull")
COMPETITOR_ITEMS = ("policy", "range", "channels", "density", "prices", "display", "network")
RESOURCES = ("policy", "materials", "training", "reports")
DEV_STAGES = ("first_contact", "need", "intent", "negotiation", "signed")
VISITS_PER_DAY = 5.0
_SPLIT = re.compile(r"[、,，;；/]+")


def suggest_strategy(*, strong_differentiated: bool, reference_company: bool,
                     new_to_industry: bool) -> list[str]:
    """The strategies that fit, best first (kit reading of the material): a strong maker
    with a clearly different product pulls from the consumer; with a reference company
    (a competitor or the leader) to follow, follow it; a maker new to the industry goes
    in two steps. Nothing fits clearly: two steps, the cautious default."""
    fits = []
    if strong_differentiated:
        fits.append("pull")
    if reference_company:
        fits.append("follow")
    if new_to_industry or not fits:
        fits.append("two_step")
    return fits


def strategy_table(lang: str | None = None) -> pd.DataFrame:
    return pd.DataFrame([{"strategy": t(f"strategy.{k}", lang),
                          "fits": t(f"strategy.{k}.fits", lang)} for k in STRATEGIES],
                        index=pd.Index(STRATEGIES, name="key"))


@dataclass
class CompetitorCheck:
    """What we know of one competitor, item by item (the material's checklist)."""

    competitor: str = ""
    answers: dict[str, str] = field(default_factory=lambda: dict.fromkeys(COMPETITOR_ITEMS, ""))

    @property
    def missing(self) -> list[str]:
        return [k for k in COMPETITOR_ITEMS if not str(self.answers.get(k) or "").strip()]

    @property
    def completeness(self) -> float:
        return 1 - len(self.missing) / len(COMPETITOR_ITEMS)

    def table(self, lang: str | None = None) -> pd.DataFrame:
        return pd.DataFrame([{"item": t(f"competitor.{k}", lang),
                              "answer": str(self.answers.get(k) or "")} for k in COMPETITOR_ITEMS],
                            index=pd.Index(COMPETITOR_ITEMS, name="key"))


def resource_names(lang: str | None = None) -> dict[str, str]:
    return {k: t(f"resource.{k}", lang) for k in RESOURCES}


def week_of(dates: pd.Series) -> pd.Series:
    """The Monday of each date's week."""
    days = pd.to_datetime(dates).dt.normalize()
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def _prepared(log: pd.DataFrame) -> pd.DataFrame:
    visited = (log["visited"].astype("string") if "visited" in log
               else pd.Series(pd.NA, index=log.index, dtype="string"))
    stage = (log["stage"].astype("string") if "stage" in log
             else pd.Series(pd.NA, index=log.index, dtype="string"))
    out = pd.DataFrame({
        "date": pd.to_datetime(log["date"]).dt.normalize(), "rep": log["rep"].astype(str),
        "prospect": log["prospect"].astype(str).str.strip(),
        "visit": visited.isna() | (visited == "visit"), "call": visited == "call",
        "level": stage.map({s: i for i, s in enumerate(DEV_STAGES)}).astype("float64"),
        "sightings": competitor_names(log).map(len),
        "need": _filled(log, "need"), "next": _filled(log, "next_action")}, index=log.index)
    out["call"] = out["call"].fillna(False).astype(bool)
    out["visit"] = out["visit"].fillna(False).astype(bool)
    out["week"] = week_of(out["date"])
    first = out.sort_values(["date"], kind="stable").drop_duplicates("prospect")
    out["new"] = False
    out.loc[first.index, "new"] = True
    return out


def _filled(log: pd.DataFrame, column: str) -> pd.Series:
    if column not in log:
        return pd.Series(False, index=log.index)
    text = log[column].astype("string").str.strip()
    return (text.notna() & (text != "")).fillna(False).astype(bool)


def competitor_names(log: pd.DataFrame) -> pd.Series:
    """Each row's competitors as a list (split on 、 , ; /)."""
    if "competitor" not in log:
        return pd.Series([[] for _ in range(len(log))], index=log.index, dtype=object)
    return log["competitor"].astype("string").map(
        lambda s: [] if pd.isna(s) else [p.strip() for p in _SPLIT.split(s) if p.strip()])


def _rollup(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = rows.groupby(keys, sort=True)
    out = pd.DataFrame({
        "rows": g.size(), "visits": g["visit"].sum(), "calls": g["call"].sum(),
        "prospects": g["prospect"].nunique(), "new_prospects": g["new"].sum(),
        "needs": g["need"].sum(), "sightings": g["sightings"].sum(),
        "no_next_action": g["next"].apply(lambda s: int((~s).sum()))})
    out["contacts"] = out["visits"] + out["calls"]
    furthest = rows.groupby([*keys, "prospect"])["level"].max()
    for i, stage in enumerate(DEV_STAGES):
        reached = (furthest >= i).groupby(level=list(range(len(keys)))).sum()
        out[f"reached_{stage}"] = reached.reindex(out.index).fillna(0).astype(int)
    columns = ["rows", "visits", "calls", "contacts", "prospects", "new_prospects",
               *[f"reached_{s}" for s in DEV_STAGES], "needs", "sightings", "no_next_action"]
    return out[columns].astype(int)


def weekly_rollup(log: pd.DataFrame, *, by_rep: bool = True) -> pd.DataFrame:
    """The weekly summary (周总结) per rep and week (``by_rep=False``: the team per week)."""
    rows = _prepared(log)
    return _rollup(rows, ["rep", "week"] if by_rep else ["week"])


def stage_conversion(log: pd.DataFrame, *, by_rep: bool = False) -> pd.DataFrame:
    """Prospects that reached each stage (furthest over the whole log) and the
    conversion to the next stage."""
    rows = _prepared(log)
    keys = ["rep"] if by_rep else []
    furthest = rows.groupby([*keys, "prospect"])["level"].max()
    frames = {}
    for i, stage in enumerate(DEV_STAGES):
        reached = furthest >= i
        frames[stage] = (reached.groupby(level=0).sum() if by_rep else pd.Series(
            {"all": int(reached.sum())}))
    reached = pd.DataFrame(frames).astype(int)
    conversion = pd.DataFrame({
        DEV_STAGES[i]: reached[DEV_STAGES[i + 1]] / reached[DEV_STAGES[i]].where(
            reached[DEV_STAGES[i]] > 0) for i in range(len(DEV_STAGES) - 1)})
    return pd.concat({"reached": reached, "conversion": conversion}, axis=1)


def sightings(log: pd.DataFrame, *, by: str | None = "rep") -> pd.DataFrame:
    """Competitor sightings: rows naming each competitor (per ``by`` when given)."""
    names = competitor_names(log)
    exploded = pd.DataFrame({"competitor": names, "key": log[by].astype(str) if by else "all"}
                            ).explode("competitor").dropna()
    if exploded.empty:
        return pd.DataFrame()
    table = exploded.groupby(["competitor", "key"]).size().unstack(fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    return table if by else table["all"].to_frame("sightings")


def working_days(week: pd.Timestamp, dates: pd.Series) -> int:
    """Monday–Friday days of a week, but only up to the latest date logged in it."""
    last = dates.max()
    days = pd.bdate_range(week, min(week + pd.Timedelta(days=6), last))
    return max(len(days), 1)


def manager_view(log: pd.DataFrame, *, visits_per_day: float = VISITS_PER_DAY,
                 week: pd.Timestamp | None = None, lang: str | None = None) -> pd.DataFrame:
    """Per rep in the latest week (or ``week``): visits, visits a working day, new
    prospects, prospects at 有意向 or beyond, sightings, prospects left without a next
    action (their latest row over the whole log has none), and the flags."""
    rows = _prepared(log)
    week = rows["week"].max() if week is None else pd.Timestamp(week)
    this = rows[rows["week"] == week]
    weekly = _rollup(this, ["rep"]) if len(this) else pd.DataFrame()
    latest = rows.sort_values("date", kind="stable").groupby("prospect").tail(1)
    open_ = latest[~latest["next"] & (latest["level"] < len(DEV_STAGES) - 1)]
    no_next = open_.groupby("rep").size()
    reps = sorted(rows["rep"].unique())
    days = working_days(week, rows.loc[rows["week"] == week, "date"]) if len(this) else 5
    out = pd.DataFrame(index=pd.Index(reps, name="rep"))
    for column in ("visits", "new_prospects", "reached_intent", "sightings"):
        out[column] = (weekly[column] if len(weekly) else pd.Series(dtype=int)).reindex(
            out.index).fillna(0).astype(int)
    out["visits_per_day"] = out["visits"] / days
    out["no_next_action"] = no_next.reindex(out.index).fillna(0).astype(int)
    flags = []
    for _, row in out.iterrows():
        found = []
        if row["visits_per_day"] < visits_per_day:
            found.append(t("manager.low_activity", lang))
        if row["new_prospects"] == 0:
            found.append(t("manager.no_new", lang))
        if row["no_next_action"]:
            found.append(t("manager.no_next", lang, n=int(row["no_next_action"])))
        flags.append(("；" if (lang or i18n.get_lang()) == "zh" else "; ").join(found))
    out["flags"] = flags
    out.attrs["week"] = week
    out.attrs["working_days"] = days
    return out


__all__ = ["COMPETITOR_ITEMS", "DEV_STAGES", "RESOURCES", "STRATEGIES", "VISITS_PER_DAY",
           "CompetitorCheck", "competitor_names", "manager_view", "resource_names", "sightings",
           "stage_conversion", "strategy_table", "suggest_strategy", "week_of", "weekly_rollup",
           "working_days"]
