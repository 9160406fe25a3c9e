"""The JBP document laid out for reading: localised tables with a kind per value.

:func:`sections` turns one :class:`~kit.jbp.document.Jbp` into the document's sections
(a cover, the six parts, the cooperation-plan lines), each a small table whose values
carry a kind (money, percent, days, ratio, units, count, flag, date, text), so the xlsx
and the HTML exports show the same numbers formatted the same way.

The customer layout is built from :func:`~kit.jbp.document.customer_version` and never
lists an internal field: internal indicators, points and notes, the activities' margin
rate, expected ROI and internal notes, and the budget are simply not there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kit import i18n
from kit.jbp.diagnostics import CHALLENGES, challenge_name
from kit.jbp.document import INTERNAL, PARTS, Jbp, customer_version, part_title, version_label
from kit.jbp.parts import t as parts_t

t = i18n.catalogue(
    "jbp.layout",
    {
        "title": {"zh": "联合生意计划（JBP）", "en": "Joint business plan (JBP)"},
        "section.cover": {"zh": "封面", "en": "Cover"},
        "section.activities": {"zh": "合作计划明细", "en": "Cooperation plan lines"},
        "col.kind": {"zh": "类别", "en": "Kind"},
        "col.item": {"zh": "项目", "en": "Item"},
        "col.value": {"zh": "数值", "en": "Value"},
        "row.indicator": {"zh": "指标", "en": "Indicator"},
        "row.point": {"zh": "沟通要点", "en": "Talking point"},
        "row.note": {"zh": "说明", "en": "Note"},
        "row.internal_indicator": {"zh": "指标（内部）", "en": "Indicator (internal)"},
        "row.internal_point": {"zh": "要点（内部）", "en": "Point (internal)"},
        "row.internal_note": {"zh": "备注（内部）", "en": "Note (internal)"},
        "cover.customer_id": {"zh": "客户编码", "en": "Customer code"},
        "cover.customer_name": {"zh": "客户名称", "en": "Customer"},
        "cover.period": {"zh": "计划期间", "en": "Plan period"},
        "cover.version": {"zh": "版本", "en": "Version"},
        "cover.internal_notes": {"zh": "内部备注", "en": "Internal notes"},
        "cover.money": {"zh": "金额单位", "en": "Money"},
        "cover.money_value": {"zh": "元；n/a 表示无法计算", "en": "CNY; n/a: cannot be computed"},
        "cover.confidential": {"zh": "保密级别", "en": "Confidentiality"},
        "cover.internal_only": {"zh": "仅限公司内部，不得发给客户", "en": "Internal only: never send "
                                                                       "to the customer"},
        "cover.shareable": {"zh": "可与客户分享", "en": "May be shared with the customer"},
        "col.activity": {"zh": "活动", "en": "Activity"},
        "col.type": {"zh": "类型", "en": "Type"},
        "col.owner": {"zh": "负责人", "en": "Owner"},
        "col.start": {"zh": "开始", "en": "Start"},
        "col.end": {"zh": "结束", "en": "End"},
        "col.cost": {"zh": "费用（元）", "en": "Cost (CNY)"},
        "col.expected_uplift": {"zh": "预期增量（元）", "en": "Expected uplift (CNY)"},
        "col.uplift_per_cost": {"zh": "每元费用增量", "en": "Uplift per yuan"},
        "col.kpi": {"zh": "KPI", "en": "KPI"},
        "col.status": {"zh": "状态", "en": "Status"},
        "col.margin_rate": {"zh": "品牌毛利率（内部）", "en": "Brand margin (internal)"},
        "col.expected_roi": {"zh": "预期 ROI（内部）", "en": "Expected ROI (internal)"},
        "col.internal_note": {"zh": "内部备注", "en": "Internal note"},
        "no_activities": {"zh": "（还没有活动）", "en": "(no activities yet)"},
        "yes": {"zh": "是", "en": "yes"},
        "no": {"zh": "否", "en": "no"},
        "status.planned": {"zh": "计划中", "en": "planned"},
        "col.customer": {"zh": "客户", "en": "Customer"},
        "review.activity": {"zh": "活动", "en": "Activity"},
        "review.customer_id": {"zh": "客户", "en": "Customer"},
        "review.cost": {"zh": "费用（元）", "en": "Cost (CNY)"},
        "review.expected_uplift": {"zh": "预期增量（元）", "en": "Expected uplift (CNY)"},
        "review.actual_uplift": {"zh": "实际增量（元）", "en": "Actual uplift (CNY)"},
        "review.margin_rate": {"zh": "品牌毛利率", "en": "Brand margin"},
        "review.actual_profit": {"zh": "增量毛利（元）", "en": "Incremental margin (CNY)"},
        "review.roi": {"zh": "ROI", "en": "ROI"},
        "review.paid_back": {"zh": "回本", "en": "Paid back"},
    },
)

KINDS = ("money", "percent", "days", "ratio", "units", "count", "flag", "date", "text")
_MONEY = ("sell_in", "sell_in_ly", "sell_out", "sell_out_ly", "target", "brand_cost",
          "next_target", "last_actual", "brand_gross_profit", "cost", "expected_uplift",
          "actual_uplift", "revenue", "net_profit", "total_cost", "budget", "remaining")
_PERCENT = ("sell_in_yoy", "sell_out_yoy", "achievement", "brand_margin_pct", "growth",
            "uplift_achievement", "gross_margin_pct", "net_margin_pct", "roi", "rebate_pct",
            "opex_pct")
_DAYS = ("dio", "dso", "dpo", "cash_cycle")
_RATIO = ("uplift_per_cost", "stock_ratio", "gmroi", "rotations", "expected_roi")
_UNITS = ("stock_change", "sell_out_units", "sell_in_units", "opening_stock_units",
          "closing_stock_units")
_COUNT = ("activities", "paid_back")
KIND_OF: dict[str, str] = {
    **dict.fromkeys(_MONEY, "money"), **dict.fromkeys(_PERCENT, "percent"),
    **dict.fromkeys(_DAYS, "days"), **dict.fromkeys(_RATIO, "ratio"),
    **dict.fromkeys(_UNITS, "units"), **dict.fromkeys(_COUNT, "count"),
    **{f"flag_{c}": "flag" for c in CHALLENGES},
}
# An activity ROI is incremental margin per yuan (1.0 = paid back), not a rate of return.
PART_KINDS = {("execution_review", "roi"): "ratio"}
PLAN_COLUMNS = ("activity", "type", "owner", "start", "end", "cost", "expected_uplift",
                "uplift_per_cost", "kpi", "status")
INTERNAL_PLAN_COLUMNS = ("margin_rate", "expected_roi", "internal_note")
PLAN_KINDS = {"start": "date", "end": "date", "cost": "money", "expected_uplift": "money",
              "uplift_per_cost": "ratio", "margin_rate": "percent", "expected_roi": "ratio"}


@dataclass
class Section:
    """One section of the document: a table, a kind per column and optionally per row
    (``row_kinds`` gives the kind of the value column row by row)."""

    key: str
    title: str
    frame: pd.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)
    row_kinds: list[str] | None = None
    value_column: str | None = None  # the column row_kinds applies to


def title() -> str:
    return t("title")


def indicator_name(key: str) -> str:
    """An indicator's label: the parts catalogue's, a challenge's name for a flag."""
    if key.startswith("flag_") and key[5:] in CHALLENGES:
        return challenge_name(key[5:])
    return parts_t(f"ind.{key}") if f"ind.{key}" in i18n.registry()["jbp.parts"] else key


def indicator_kind(part: str, key: str) -> str:
    return PART_KINDS.get((part, key), KIND_OF.get(key, "ratio"))


def sections(jbp: Jbp, internal: bool | None = None) -> list[Section]:
    """The document's sections in order. ``internal=False`` (or a customer-version
    ``jbp``) lays out the customer version, built from :func:`customer_version`."""
    internal = jbp.version == INTERNAL if internal is None else internal
    doc = jbp if internal else customer_version(jbp)
    out = [_cover(doc, internal)]
    out += [_part(doc, key, internal) for key in PARTS]
    out.append(_activities(doc, internal))
    return out


def _cover(jbp: Jbp, internal: bool) -> Section:
    rows = [("customer_id", jbp.customer_id), ("customer_name", jbp.customer_name),
            ("period", jbp.period), ("version", version_label(INTERNAL if internal
                                                               else "customer")),
            ("confidential", t("cover.internal_only" if internal else "cover.shareable")),
            ("money", t("cover.money_value"))]
    if internal and jbp.internal_notes:
        rows.append(("internal_notes", jbp.internal_notes))
    frame = pd.DataFrame({t("col.item"): [t(f"cover.{k}") for k, _ in rows],
                          t("col.value"): [v for _, v in rows]})
    return Section("cover", t("section.cover"), frame)


def _part(jbp: Jbp, key: str, internal: bool) -> Section:
    part = getattr(jbp, key)
    rows: list[tuple[str, str, object, str]] = []  # kind label, item, value, value kind
    for name, value in part.indicators.items():
        rows.append((t("row.indicator"), indicator_name(name), *_value(key, name, value)))
    rows += [(t("row.point"), text, None, "text") for text in part.talking_points]
    if part.notes:
        rows.append((t("row.note"), part.notes, None, "text"))
    if internal:
        for name, value in part.internal_indicators.items():
            rows.append((t("row.internal_indicator"), indicator_name(name),
                         *_value(key, name, value)))
        rows += [(t("row.internal_point"), text, None, "text") for text in part.internal_points]
        if part.internal_notes:
            rows.append((t("row.internal_note"), part.internal_notes, None, "text"))
    frame = pd.DataFrame(rows, columns=[t("col.kind"), t("col.item"), t("col.value"), "_kind"])
    return Section(key, part_title(key), frame.drop(columns="_kind"),
                   row_kinds=frame["_kind"].tolist(), value_column=t("col.value"))


def _value(part: str, name: str, value: float) -> tuple[object, str]:
    kind = indicator_kind(part, name)
    if kind == "flag":
        return t("yes") if value else t("no"), "text"
    return value, kind


def _activities(jbp: Jbp, internal: bool) -> Section:
    columns = PLAN_COLUMNS + (INTERNAL_PLAN_COLUMNS if internal else ())
    rows = []
    for a in jbp.plan.activities:
        values = {"activity": a.activity, "type": a.type, "owner": a.owner, "start": a.start,
                  "end": a.end, "cost": a.cost, "expected_uplift": a.expected_uplift,
                  "uplift_per_cost": a.uplift_per_cost, "kpi": a.kpi,
                  "status": t("status.planned") if a.status == "planned" else a.status,
                  "margin_rate": a.margin_rate, "expected_roi": a.expected_roi,
                  "internal_note": a.internal_note}
        rows.append([_clean(values[c]) for c in columns])
    labels = [t(f"col.{c}") for c in columns]
    frame = pd.DataFrame(rows, columns=labels)
    if not rows:
        frame = pd.DataFrame([[t("no_activities")] + [None] * (len(labels) - 1)],
                             columns=labels)
    kinds = {t(f"col.{c}"): PLAN_KINDS[c] for c in columns if c in PLAN_KINDS}
    return Section("activities", t("section.activities"), frame, kinds)


def _clean(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


def format_value(value: object, kind: str | None) -> str:
    """A value as the HTML shows it (the workbook's number formats, as text)."""
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return "" if kind in (None, "text", "date") else "n/a"
    if kind in ("money", "units"):
        return f"{value:,.0f}"
    if kind == "percent":
        return f"{value:.1%}"
    if kind == "days":
        return f"{value:,.1f}"
    if kind == "ratio":
        return f"{value:,.2f}"
    if kind == "count":
        return f"{value:,.0f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


VIEW_COLUMNS = ("revenue", "gross_margin_pct", "rebate_pct", "opex_pct", "net_margin_pct",
                "net_profit", "dio", "dso", "dpo", "cash_cycle", "rotations", "roi", "gmroi")
REVIEW_VIEW = ("activity", "customer_id", "cost", "expected_uplift", "actual_uplift",
               "margin_rate", "actual_profit", "roi", "paid_back")


def economics_view(economics: pd.DataFrame, columns=VIEW_COLUMNS) -> pd.DataFrame:
    """kit.jbp.economics as a reader sees it: localised headers, values formatted."""
    rows = economics[[c for c in columns if c in economics]]
    return pd.DataFrame({indicator_name(c): [format_value(v, indicator_kind("financial_review", c))
                                             for v in rows[c]] for c in rows},
                        index=pd.Index(rows.index.astype(str), name=t("col.customer")))


def review_view(review: pd.DataFrame) -> pd.DataFrame:
    """kit.jbp.activity_review as a reader sees it (internal: it shows margin and ROI),
    lowest ROI first."""
    rows = review.sort_values("roi", na_position="last")
    kinds = {"cost": "money", "expected_uplift": "money", "actual_uplift": "money",
             "margin_rate": "percent", "actual_profit": "money", "roi": "ratio"}
    out = {}
    for c in REVIEW_VIEW:
        if c == "paid_back":
            values = [t("yes") if v is True else t("no") if v is False else ""
                      for v in rows[c].astype(object).where(rows[c].notna(), None)]
        else:
            values = [format_value(v, kinds.get(c, "text")) for v in rows[c]]
        out[t(f"review.{c}")] = values
    return pd.DataFrame(out)


__all__ = ["KINDS", "KIND_OF", "Section", "economics_view", "format_value", "indicator_kind",
           "indicator_name", "review_view", "sections", "title"]
