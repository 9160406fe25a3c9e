"""Steps 3 and 4 of the customer business plan (客户生意计划五步法), as the trainee fills them in.

The course material puts them so: step 3 develops the strategy from the customer's
vision and goals and the key business drivers (KBD) — the factors that drive *both*
sides' business, in line with the market trend and the resources at hand; step 4
screens options (several, brainstormed, then evaluated and ranked) and turns the
chosen ones into an action plan with start and end dates and an owner.

Plain dataclasses, saved by :func:`kit.workspace.save`; the check is in
:mod:`kit.questions.goals`. The screening's yardstick is the kit's: expected impact,
cost, return per yuan (impact ÷ cost) and a feasibility judgement with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kit import i18n
from kit.review.periods import safe_ratio

t = i18n.catalogue(
    "business_plan",
    {
        "feasibility.high": {"zh": "高", "en": "high"},
        "feasibility.medium": {"zh": "中", "en": "medium"},
        "feasibility.low": {"zh": "低", "en": "low"},
    },
)

FEASIBILITY = ("high", "medium", "low")


@dataclass
class KeyDriver:
    """A KBD: what it is, what it does for our business and for the customer's, why it
    fits the market trend and what resources it takes."""

    name: str = ""
    ours: str = ""
    theirs: str = ""
    trend: str = ""
    resources: str = ""


@dataclass
class Option:
    """A candidate course of action for step 4's screening."""

    text: str = ""
    driver: str = ""  # the KBD it serves (a KeyDriver's name)
    impact: float | None = None  # expected uplift, in the dataset's currency
    cost: float | None = None
    feasibility: str = ""  # one of FEASIBILITY
    reason: str = ""  # why it is chosen or dropped
    chosen: bool = False

    @property
    def return_per_cost(self) -> float:
        """Expected uplift per unit of cost (n/a without both, or at no cost)."""
        if self.impact is None or self.cost is None:
            return float("nan")
        return float(safe_ratio(self.impact, self.cost))


@dataclass
class ActionStep:
    """A line of the action plan: what, who, from when to when, how it is measured, and
    which chosen option it carries out."""

    what: str = ""
    owner: str = ""
    start: date | None = None
    end: date | None = None
    measure: str = ""
    option: str = ""


@dataclass
class BusinessPlan:
    """Steps 3 and 4 for one customer."""

    customer: str = ""
    vision: str = ""  # the customer's vision and goals
    drivers: list[KeyDriver] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    actions: list[ActionStep] = field(default_factory=list)

    @property
    def chosen(self) -> list[Option]:
        return [o for o in self.options if o.chosen]


def feasibility_label(key: str) -> str:
    return t(f"feasibility.{key}") if key in FEASIBILITY else key


__all__ = ["FEASIBILITY", "ActionStep", "BusinessPlan", "KeyDriver", "Option",
           "feasibility_label"]
