"""The JBP document: six parts, a cooperation plan, and the internal and customer versions.

One plan, two versions. Every field of every document dataclass is marked once, in
:data:`VISIBILITY`, as ``internal`` or ``shareable``; :func:`customer_version` resets the
internal fields to empty, so the customer version never holds the brand's cost prices,
internal margins (including an activity ROI, from which the margin can be worked back)
or internal notes. A test keeps VISIBILITY complete: a new field needs a decision.

Autosave: :func:`save_jbp` / :func:`load_jbp` and :func:`save_cooperation` /
:func:`load_cooperation` round-trip through :mod:`kit.workspace` (dates as ISO strings);
an unreadable file is kept as ``<name>.corrupt.json`` and a blank plan is returned with a
message, as :func:`kit.goals.load_plan` does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kit import i18n, workspace
from kit.goals.plan import Loaded
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


def to_dict(obj: Any, shareable_only: bool = False) -> Any:
    """Plain JSON-ready data (dates as ISO days); ``shareable_only`` drops internal keys."""
    if isinstance(obj, datetime):
        obj = obj.date()
    if isinstance(obj, date):
        return obj.isoformat()
    if is_dataclass(obj) and not isinstance(obj, type):
        marks = VISIBILITY[type(obj).__name__]
        return {f.name: to_dict(getattr(obj, f.name), shareable_only) for f in fields(obj)
                if not (shareable_only and marks[f.name] == INTERNAL)}
    if isinstance(obj, Mapping):
        return {str(k): to_dict(v, shareable_only) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v, shareable_only) for v in obj]
    if hasattr(obj, "item"):  # numpy scalars from pandas results
        return obj.item()
    return obj


# ------------------------------------------------------------------ autosave


class _Unreadable(ValueError):
    """The saved JSON is not a document of the expected shape."""


FORMAT_VERSION = 1


def save_jbp(name: str, jbp: Jbp, trainee: str | None = None) -> Path:
    """Autosave the whole (internal) JBP to ``<workdir>/<name>.json``."""
    return _save(name, jbp, Jbp, trainee)


def load_jbp(name: str, trainee: str | None = None) -> Loaded:
    """The JBP saved under ``name`` (``Loaded(Jbp(), None)`` when nothing is saved)."""
    return _load(name, Jbp, trainee)


def save_cooperation(name: str, plan: CooperationPlan, trainee: str | None = None) -> Path:
    """Autosave the cooperation plan (the editor's table) to ``<workdir>/<name>.json``."""
    return _save(name, plan, CooperationPlan, trainee)


def load_cooperation(name: str, trainee: str | None = None) -> Loaded:
    return _load(name, CooperationPlan, trainee)


def _save(name: str, obj: Any, cls: type, trainee: str | None) -> Path:
    if not isinstance(obj, cls):
        raise TypeError(f"expected a {cls.__name__}, not {type(obj).__name__}")
    data = {"type": cls.__name__, "version": FORMAT_VERSION, "plan": to_dict(obj)}
    json.dumps(data)  # fail before writing anything if a value cannot be saved
    return workspace.save_json(name, data, trainee=trainee)


def _load(name: str, cls: type, trainee: str | None) -> Loaded:
    return Loaded(*workspace.load_document(name, cls, _DECODERS, trainee))


def _get(d: Mapping, key: str, kind, default: Any) -> Any:
    value = d.get(key, default)
    if value is None or isinstance(value, kind):
        return default if value is None else value
    raise _Unreadable(f"{key}: {value!r}")


def _number(d: Mapping, key: str) -> float | None:
    value = d.get(key)
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise _Unreadable(f"{key}: {value!r}")


def _day(d: Mapping, key: str) -> date | None:
    value = _get(d, key, str, None)
    return None if value is None else date.fromisoformat(value)


def _numbers(d: Mapping, key: str) -> dict[str, float]:
    values = _get(d, key, dict, {})
    return {str(k): _number(values, k) for k in values}


def _texts(d: Mapping, key: str) -> list[str]:
    values = _get(d, key, list, [])
    if not all(isinstance(v, str) for v in values):
        raise _Unreadable(key)
    return list(values)


def _part(d: Any) -> Part:
    if not isinstance(d, dict):
        raise _Unreadable("part")
    return Part(_numbers(d, "indicators"), _texts(d, "talking_points"), _get(d, "notes", str, ""),
                _numbers(d, "internal_indicators"), _texts(d, "internal_points"),
                _get(d, "internal_notes", str, ""))


def _activity(d: Any) -> PlanActivity:
    if not isinstance(d, dict):
        raise _Unreadable("activity")
    text = {k: _get(d, k, str, "") for k in ("activity", "type", "owner", "kpi",
                                             "internal_note")}
    return PlanActivity(**text, start=_day(d, "start"), end=_day(d, "end"),
                        cost=_number(d, "cost"), expected_uplift=_number(d, "expected_uplift"),
                        status=_get(d, "status", str, "planned"),
                        actual_uplift=_number(d, "actual_uplift"),
                        margin_rate=_number(d, "margin_rate"))


def _cooperation(d: Mapping) -> CooperationPlan:
    return CooperationPlan([_activity(a) for a in _get(d, "activities", list, [])],
                           _number(d, "budget"))


def _jbp(d: Mapping) -> Jbp:
    text = {k: _get(d, k, str, "") for k in ("customer_id", "customer_name", "period",
                                             "internal_notes")}
    parts = {k: _part(d.get(k, {})) for k in PARTS}
    return Jbp(**text, version=_get(d, "version", str, INTERNAL), **parts,
               plan=_cooperation(_get(d, "plan", dict, {})))


_DECODERS = {Jbp: _jbp, CooperationPlan: _cooperation}


__all__ = ["DOCUMENT_TYPES", "INTERNAL", "PARTS", "SHAREABLE", "VISIBILITY", "CooperationPlan",
           "Jbp", "Part", "PlanActivity", "customer_version", "load_cooperation", "load_jbp",
           "part_title", "redact", "save_cooperation", "save_jbp", "to_dict", "version_label"]
