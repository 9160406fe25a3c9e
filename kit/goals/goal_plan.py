"""The stage-2 plan, "我的业务目标计划": everything the workshop produces for one trainee.

A plain record of the plan's parts; :mod:`kit.export.goals` lays it out for reading
and writes its files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit.goals.plan import Checklist, Ogsm, Swot, unanswered, validate
from kit.goals.targets import TargetSetting


@dataclass
class GoalPlan:
    """Everything the stage-2 workshop produces for one trainee."""

    subject: str
    setting: TargetSetting
    checklist: Checklist
    swot: Swot
    ogsm: Ogsm
    cells: pd.DataFrame  # kit.goals.split_plan's cells (flagged)
    months: pd.Series  # kit.goals.split_plan's months
    levels: list[str]
    monthly_history: pd.Series | None = None  # kit.review.monthly_series, for last year's months


def still_to_do(plan: GoalPlan) -> list[str]:
    """What the plan still lacks: unanswered core questions, then OGSM problems."""
    return unanswered(plan.checklist) + [str(p) for p in validate(plan.ogsm)]


__all__ = ["GoalPlan", "still_to_do"]
