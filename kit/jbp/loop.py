"""The JBP closed loop (一个闭环、四个流程, kit interpretation): assess → plan → execute → review.

The review step is quarterly plan-vs-actual tracking; what it finds (quarters behind or
far ahead of plan, the gap left) is the input of the next assessment. "Far ahead" counts:
a quarter well above plan (D05's sell-in in 2025 H2) is a question, not a success.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit import i18n
from kit.jbp.finance import bucket
from kit.review.periods import safe_ratio

t = i18n.catalogue(
    "jbp.loop",
    {
        "stage.assess": {"zh": "评估", "en": "assess"},
        "stage.plan": {"zh": "计划", "en": "plan"},
        "stage.execute": {"zh": "执行", "en": "execute"},
        "stage.review": {"zh": "回顾", "en": "review"},
        "status.behind": {"zh": "落后", "en": "behind"},
        "status.on_track": {"zh": "正常", "en": "on track"},
        "status.ahead": {"zh": "超前", "en": "ahead"},
        "status.n/a": {"zh": "无计划", "en": "no plan"},
        "note.behind": {
            "zh": "{name}：{n} 个季度落后于计划，累计达成 {achievement:.0%}，缺口 {gap:,.0f}。"
                  "下一轮评估先找原因。",
            "en": "{name}: {n} quarter(s) behind plan, {achievement:.0%} achieved overall, a gap "
                  "of {gap:,.0f}. Start the next assessment with the cause.",
        },
        "note.ahead": {
            "zh": "{name}：{n} 个季度大幅超出计划，累计达成 {achievement:.0%}。"
                  "下一轮评估先确认是真实需求还是压货。",
            "en": "{name}: {n} quarter(s) far ahead of plan, {achievement:.0%} achieved overall. "
                  "Check first whether it is real demand or stuffing.",
        },
        "note.on_track": {
            "zh": "{name}：按计划进行，累计达成 {achievement:.0%}。",
            "en": "{name}: on plan, {achievement:.0%} achieved overall.",
        },
    },
)

LOOP = ("assess", "plan", "execute", "review")
STATUSES = ("behind", "on_track", "ahead", "n/a")


def stage_label(stage: str) -> str:
    return t(f"stage.{stage}")


def next_stage(stage: str) -> str:
    """The stage after ``stage``; review leads back to assess (the loop closes)."""
    return LOOP[(LOOP.index(stage) + 1) % len(LOOP)]


def _sums(frame: pd.DataFrame, by: str, measure: str, freq: str) -> pd.Series:
    keys = frame[by].astype(str)
    return frame.groupby([keys, bucket(frame["period"], freq)])[measure].sum()


def plan_vs_actual(plan: pd.DataFrame, actual: pd.DataFrame, measure: str = "net_sales",
                   by: str = "customer_id", freq: str = "Q", tolerance: float = 0.05,
                   ahead_at: float = 1.2) -> pd.DataFrame:
    """Plan and actual of ``measure`` per ``by`` × period of ``freq`` (both tables monthly).

    Columns: plan, actual, gap = actual − plan, achievement = actual / plan (n/a without a
    plan), status: behind below 1 − tolerance, ahead from ``ahead_at`` (far above plan), else
    on_track. Only periods that have a plan are judged; actuals without a plan show n/a.
    """
    table = pd.concat({"plan": _sums(plan, by, measure, freq),
                       "actual": _sums(actual, by, measure, freq)}, axis=1)
    table.index.names = [by, "period"]
    table = table[table["plan"].notna()].fillna({"actual": 0.0})
    table["gap"] = table["actual"] - table["plan"]
    table["achievement"] = safe_ratio(table["actual"], table["plan"])
    a = table["achievement"]
    table["status"] = np.select([a.isna(), a < 1 - tolerance, a >= ahead_at],
                                ["n/a", "behind", "ahead"], default="on_track")
    return table


def next_assessment(tracking: pd.DataFrame) -> pd.DataFrame:
    """What the review hands to the next assessment, one row per key: quarters behind and
    ahead, overall achievement, the gap left, the last period's status, and a note."""
    by = tracking.index.names[0]
    g = tracking.groupby(level=by)
    out = pd.DataFrame({
        "periods": g.size(),
        "behind": g["status"].apply(lambda s: int((s == "behind").sum())),
        "ahead": g["status"].apply(lambda s: int((s == "ahead").sum())),
        "plan": g["plan"].sum(), "actual": g["actual"].sum(),
        "last_status": g["status"].last(),
    })
    out["achievement"] = safe_ratio(out["actual"], out["plan"])
    out["gap"] = out["actual"] - out["plan"]
    out["note"] = [_note(key, row) for key, row in out.iterrows()]
    return out


def _note(key, row) -> str:
    # Far ahead is checked first: stuffing hides behind an early shortfall being made up.
    if row["ahead"]:
        return t("note.ahead", name=key, n=int(row["ahead"]), achievement=row["achievement"])
    if row["behind"]:
        return t("note.behind", name=key, n=int(row["behind"]), achievement=row["achievement"],
                 gap=-row["gap"])
    return t("note.on_track", name=key, achievement=row["achievement"])


def status_label(status: str) -> str:
    return t(f"status.{status}")


__all__ = ["LOOP", "STATUSES", "next_assessment", "next_stage", "plan_vs_actual",
           "stage_label", "status_label"]
