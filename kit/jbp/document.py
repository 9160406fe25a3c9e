"""The JBP document: six parts, a cooperation plan, and the internal and customer versions.

One plan, two versions. Every field of every document dataclass is marked once, in
:data:`VISIBILITY`, as ``internal`` or ``shareable``; :func:`customer_version` resets the
internal fields to empty, so the customer version never holds the brand's cost prices,
internal margins (including an activity ROI, from which the margin can be worked back)
or internal notes. A test keeps VISIBILITY complete: a new field needs a decision.

The dataclasses are saved by :func:`kit.workspace.save` (one codec for every autosave);
nothing here touches a file.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from datetime import date
from typing import Any

from kit import i18n
from kit.review.periods import safe_ratio

t = i18n.catalogue(
    "jbp.document",
    {
        "part.brand_review": {"zh": "一、品牌上期生意回顾", "en": "1. The brand's last-period review"},
        "part.brand_plan": {"zh": "二、品牌下期生意计划", "en": "2. The brand's next-period plan"},
        "part.execution_review": {"zh": "三、经销商上期执行回顾",
                                  "en": "3. The distributor's last-period execution review"},
        "part.financial_review": {"zh": "四、经销商上期财务回顾",
                                  "en": "4. The distributor's last-period financial review"},
        "part.financial_targets": {"zh": "五、经销商下期财务目标",
                                   "en": "5. The distributor's next-period financial targets"},
        "part.cooperation": {"zh": "六、经销商下期合作计划",
                             "en": "6. The distributor's next-period cooperation plan"},
        "version.internal": {"zh": "内部版", "en": "internal version"},
        "version.customer": {"zh": "客户版", "en": "customer version"},
    },
)

PARTS = ("brand_review", "brand_plan", "execution_review", "financial_review",
         "financial_targets", "cooperation")
INTERNAL, SHAREABLE = "internal", "shareable"


@dataclass
class Part:
    """One of the six parts: numbers, talking points and notes, shareable and internal."""

    indicators: dict[str, float] = field(default_factory=dict)
    talking_points: list[str] = field(default_factory=list)
    notes: str = ""
    internal_indicators: dict[str, float] = field(default_factory=dict)
    internal_points: list[str] = field(default_factory=list)
    internal_notes: str = ""


@dataclass
class PlanActivity:
    """A cooperation-plan line. ``margin_rate`` is the brand's margin on the uplift."""

    activity: str = ""
    type: str = ""
    owner: str = ""
    start: date | None = None
    end: date | None = None
    cost: float | None = None
    expected_uplift: float | None = None
    kpi: str = ""
    status: str = "planned"
    actual_uplift: float | None = None
    margin_rate: float | None = None
    internal_note: str = ""

    @property
    def uplift_per_cost(self) -> float:
        """Expected uplift per yuan spent (shareable: it does not reveal the margin)."""
        return float(safe_ratio(_num(self.expected_uplift), _num(self.cost)))

    @property
    def expected_roi(self) -> float:
        """Expected uplift × margin rate / cost (n/a without a margin rate: customer version)."""
        return float(safe_ratio(_num(self.expected_uplift) * _num(self.margin_rate),
                                _num(self.cost)))


@dataclass
class CooperationPlan:
    activities: list[PlanActivity] = field(default_factory=list)
    budget: float | None = None

    @property
    def total_cost(self) -> float:
        return float(sum(a.cost or 0.0 for a in self.activities))

    @property
    def expected_uplift(self) -> float:
        return float(sum(a.expected_uplift or 0.0 for a in self.activities))

    @property
    def uplift_per_cost(self) -> float:
        """Expected uplift per yuan of the whole plan (n/a without cost)."""
        return float(safe_ratio(self.expected_uplift, self.total_cost))

    @property
    def remaining(self) -> float:
        """Budget − total cost (negative: over budget; n/a without a budget)."""
        return float("nan") if self.budget is None else self.budget - self.total_cost

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.total_cost > self.budget


@dataclass
class Jbp:
    customer_id: str = ""
    customer_name: str = ""
    period: str = ""  # the plan's period, e.g. "2026"
    version: str = INTERNAL
    brand_review: Part = field(default_factory=Part)
    brand_plan: Part = field(default_factory=Part)
    execution_review: Part = field(default_factory=Part)
    financial_review: Part = field(default_factory=Part)
    financial_targets: Part = field(default_factory=Part)
    cooperation: Part = field(default_factory=Part)
    plan: CooperationPlan = field(default_factory=CooperationPlan)
    internal_notes: str = ""

    def parts(self) -> list[tuple[str, Part]]:
        return [(key, getattr(self, key)) for key in PARTS]


# The one place that says what may leave the company.
VISIBILITY: dict[str, dict[str, str]] = {
    "Part": {"indicators": SHAREABLE, "talking_points": SHAREABLE, "notes": SHAREABLE,
             "internal_indicators": INTERNAL, "internal_points": INTERNAL,
             "internal_notes": INTERNAL},
    "PlanActivity": {"activity": SHAREABLE, "type": SHAREABLE, "owner": SHAREABLE,
                     "start": SHAREABLE, "end": SHAREABLE, "cost": SHAREABLE,
                     "expected_uplift": SHAREABLE, "kpi": SHAREABLE, "status": SHAREABLE,
                     "actual_uplift": SHAREABLE, "margin_rate": INTERNAL,
                     "internal_note": INTERNAL},
    "CooperationPlan": {"activities": SHAREABLE, "budget": INTERNAL},
    "Jbp": {"customer_id": SHAREABLE, "customer_name": SHAREABLE, "period": SHAREABLE,
            "version": SHAREABLE, **dict.fromkeys(PARTS, SHAREABLE), "plan": SHAREABLE,
            "internal_notes": INTERNAL},
}
DOCUMENT_TYPES = (Part, PlanActivity, CooperationPlan, Jbp)


def part_title(key: str) -> str:
    return t(f"part.{key}")


def version_label(version: str) -> str:
    return t(f"version.{version}")


def _num(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def _empty(f) -> Any:
    return f.default_factory() if f.default_factory is not MISSING else f.default


def redact(obj: Any) -> Any:
    """A copy of ``obj`` with every internal field (VISIBILITY) back at its empty default."""
    if is_dataclass(obj) and not isinstance(obj, type):
        marks = VISIBILITY[type(obj).__name__]
        return replace(obj, **{f.name: _empty(f) if marks[f.name] == INTERNAL
                               else redact(getattr(obj, f.name)) for f in fields(obj)})
    if isinstance(obj, list):
        return [redact(v) for v in obj]
    if isinstance(obj, dict):
        return {k: redact(v) for k, v in obj.items()}
    return obj


def customer_version(jbp: Jbp) -> Jbp:
    """The version for the distributor: internal fields emptied, ``version="customer"``."""
    return replace(redact(jbp), version="customer")



__all__ = ["DOCUMENT_TYPES", "INTERNAL", "PARTS", "SHAREABLE", "VISIBILITY", "CooperationPlan",
           "Jbp", "Part", "PlanActivity", "customer_version", "part_title", "redact",
           "version_label"]
