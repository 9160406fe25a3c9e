"""The JBP (联合生意计划) as a Document, in two versions from one plan, and its files.

:func:`jbp_document` lays a :class:`kit.jbp.Jbp` out as a cover, the six parts and
the cooperation-plan lines, each value with its kind (money, percent, days, ratio,
units, count, date, text). The customer version is laid out from
:func:`kit.jbp.customer_version` (internal fields already emptied) *and* the layout
marks every internal row and column, which :func:`kit.export.document.customer_version`
drops again: the customer files never hold the brand's cost prices, internal
margins, activity ROI, budget or internal notes.

Exports never overwrite an existing file unless asked (``overwrite=True``): the new
file goes to ``name (2).xlsx`` and so on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kit import fmt, i18n, labels, workspace
from kit.export.document import Chart, Column, Document, Section, Table, Text, only
from kit.export.document import customer_version as public_document
from kit.export.formats import chosen_formats
from kit.export.html import render, write_html
from kit.export.pdf import PdfUnavailable, html_to_pdf
from kit.export.pptx import write_pptx
from kit.export.xlsx import workbook, write_xlsx
from kit.jbp.diagnostics import CHALLENGES, challenge_name
from kit.jbp.document import INTERNAL, PARTS, Jbp, customer_version, part_title, version_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

t = i18n.catalogue(
    "jbp.layout",
    {
        "title": {"zh": "联合生意计划（JBP）", "en": "Joint business plan (JBP)"},
        "file": {"zh": "联合生意计划", "en": "JBP"},
        "figures": {"zh": "图表", "en": "Charts"},
        "banner.internal": {"zh": "内部版：含品牌成本、毛利、活动 ROI 和内部备注，不得发给客户。",
                            "en": "Internal version: holds the brand's costs, margins, activity "
                                  "ROI and internal notes. Never send it to the customer."},
        "banner.customer": {"zh": "客户版：可以发给客户。", "en": "Customer version: may be sent "
                                                              "to the customer."},
        "section.cover": {"zh": "封面", "en": "Cover"},
        "section.activities": {"zh": "合作计划明细", "en": "Cooperation plan lines"},
        "col.kind": {"zh": "类别", "en": "Kind"},
        "row.indicator": {"zh": "指标", "en": "Indicator"},
        "row.point": {"zh": "沟通要点", "en": "Talking point"},
        "row.internal_indicator": {"zh": "指标（内部）", "en": "Indicator (internal)"},
        "row.internal_point": {"zh": "要点（内部）", "en": "Point (internal)"},
        "row.internal_note": {"zh": "备注（内部）", "en": "Note (internal)"},
        "cover.customer_id": {"zh": "客户编码", "en": "Customer code"},
        "cover.period": {"zh": "计划期间", "en": "Plan period"},
        "cover.version": {"zh": "版本", "en": "Version"},
        "cover.internal_notes": {"zh": "内部备注", "en": "Internal notes"},
        "cover.money": {"zh": "金额单位", "en": "Money"},
        "cover.money_value": {"zh": "{CUR}；n/a 表示无法计算", "en": "{CUR}; n/a: cannot be computed"},
        "cover.confidential": {"zh": "保密级别", "en": "Confidentiality"},
        "cover.internal_only": {"zh": "仅限公司内部，不得发给客户", "en": "Internal only: never send "
                                                                       "to the customer"},
        "cover.shareable": {"zh": "可与客户分享", "en": "May be shared with the customer"},
        "col.cost": {"zh": "费用（{CUR}）", "en": "Cost ({CUR})"},
        "col.uplift_per_cost": {"zh": "每元费用增量", "en": "Uplift per yuan"},
        "col.margin_rate": {"zh": "品牌毛利率（内部）", "en": "Brand margin (internal)"},
        "col.expected_roi": {"zh": "预期 ROI（内部）", "en": "Expected ROI (internal)"},
        "col.internal_note": {"zh": "内部备注", "en": "Internal note"},
        "no_activities": {"zh": "（还没有活动）", "en": "(no activities yet)"},
        # the sell-in meeting (卖入): agenda, shared objectives, what the customer gains, the ask
        "section.agenda": {"zh": "今天的议程", "en": "Today's agenda"},
        "section.objectives": {"zh": "我们的共同目标", "en": "Our shared objectives"},
        "section.gains": {"zh": "您的收益：联合损益与 ROI", "en": "What you gain: joint P&L and ROI"},
        "section.ask": {"zh": "请您确认与下一步", "en": "What we ask, and next steps"},
        "col.last": {"zh": "上期", "en": "Last period"},
        "col.next": {"zh": "下期计划", "en": "Next period"},
        "col.change": {"zh": "变化", "en": "Change"},
        "obj.ours": {"zh": "双方进货目标：{target} {CUR}（比上期{change}）",
                     "en": "Our joint sell-in target: {CUR} {target} ({change} on last period)"},
        "obj.yours": {"zh": "您的下期净利润 {net} {CUR}，资金回报率（ROI）{roi}",
                      "en": "Your next-period net profit {CUR} {net}, return on your money (ROI) {roi}"},
        "obj.plan": {"zh": "{n} 项合作活动，投入 {cost} {CUR}，预期增量 {uplift} {CUR}",
                     "en": "{n} joint activities, {CUR} {cost} invested, {CUR} {uplift} of expected "
                           "uplift"},
        "up": {"zh": "增长 {pct}", "en": "up {pct}"},
        "down": {"zh": "下降 {pct}", "en": "down {pct}"},
        "level": {"zh": "持平", "en": "level"},
        "ask.target": {"zh": "确认下期进货目标 {target} {CUR}", "en": "Agree next period's sell-in "
                                                                  "target of {CUR} {target}"},
        "ask.plan": {"zh": "确认合作计划：{n} 项活动的排期、负责人和 KPI",
                     "en": "Agree the cooperation plan: dates, owners and KPIs of {n} activities"},
        "ask.review": {"zh": "约定按季度一起回顾计划与实际（闭环：评估 → 计划 → 执行 → 回顾）",
                       "en": "Agree to review plan against actual together every quarter (the "
                             "loop: assess → plan → execute → review)"},
        "next.title": {"zh": "下一步", "en": "Next steps"},
        "next.item": {"zh": "{start} 起：{activity}（负责人：{owner}）",
                      "en": "From {start}: {activity} (owner: {owner})"},
        "status.planned": {"zh": "计划中", "en": "planned"},
        "review.margin_rate": {"zh": "品牌毛利率", "en": "Brand margin"},
        "review.actual_profit": {"zh": "增量毛利", "en": "Incremental margin"},
        "review.roi": {"zh": "ROI", "en": "ROI"},
        "review.paid_back": {"zh": "回本", "en": "Paid back"},
    },
)

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
VERSIONS = (INTERNAL, "customer")
SLIDES = only("pptx")


def title() -> str:
    return t("title")


def indicator_name(key: str) -> str:
    """An indicator's label: the parts catalogue's, a challenge's name for a flag."""
    if key.startswith("flag_") and key[5:] in CHALLENGES:
        return challenge_name(key[5:])
    return i18n.text("jbp.parts", f"ind.{key}", default=key)


def indicator_kind(part: str, key: str) -> str:
    return PART_KINDS.get((part, key), KIND_OF.get(key, "ratio"))


def _plan_label(column: str) -> str:
    if i18n.has("jbp.layout", f"col.{column}"):
        return t(f"col.{column}")
    return labels.column(column, unit=column in ("cost", "expected_uplift"))


# ------------------------------------------------------------------ the document


def jbp_document(jbp: Jbp, version: str = INTERNAL,
                 figures: Mapping[str, Figure] | None = None) -> Document:
    """One version of the JBP laid out for every format. ``figures`` must be fit for that
    version: pass the customer version only charts of shareable numbers."""
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, got {version!r}")
    internal = version == INTERNAL and jbp.version == INTERNAL
    plan = jbp if internal else customer_version(jbp)
    parts = [_part(plan, key) for key in PARTS]
    sections = [_cover(plan, internal), _agenda(parts), _objectives(plan)]
    sections += parts[:5] + [_gains(plan)] + parts[5:]
    sections += [_activities(plan), _ask(plan)]
    if figures:
        sections.append(Section("figures", t("figures"),
                                [Chart(str(name), fig) for name, fig in figures.items()]))
    subject = " ".join(x for x in (plan.customer_id, plan.customer_name, plan.period) if x)
    doc = Document("jbp", f"{title()} · {version_label(INTERNAL)}", subject, sections=sections,
                   version=INTERNAL, banner=t("banner.internal"))
    if internal:
        return doc
    return public_document(doc, banner=t("banner.customer"),
                           title=f"{title()} · {version_label('customer')}")


def _cover(jbp: Jbp, internal: bool) -> Section:
    rows = [[t("cover.customer_id"), jbp.customer_id],
            [labels.column("customer_name"), jbp.customer_name],
            [t("cover.period"), jbp.period],
            [t("cover.version"), version_label(INTERNAL if internal else "customer")],
            [t("cover.confidential"), t("cover.internal_only" if internal else "cover.shareable")],
            [t("cover.money"), t("cover.money_value")]]
    if jbp.internal_notes:
        rows.append([t("cover.internal_notes"), jbp.internal_notes])
    hidden = [i == 6 for i in range(len(rows))]
    return Section("cover", t("section.cover"), [
        Table([Column(labels.word("item")), Column(labels.word("value"))], rows,
              internal_rows=hidden)])


def _part(jbp: Jbp, key: str) -> Section:
    part = getattr(jbp, key)
    rows: list[tuple[str, str, object, str, bool]] = []  # kind, item, value, value kind, internal
    for name, value in part.indicators.items():
        rows.append((t("row.indicator"), indicator_name(name), *_value(key, name, value), False))
    rows += [(t("row.point"), text, None, "text", False) for text in part.talking_points]
    if part.notes:
        rows.append((labels.word("note"), part.notes, None, "text", False))
    for name, value in part.internal_indicators.items():
        rows.append((t("row.internal_indicator"), indicator_name(name), *_value(key, name, value),
                     True))
    rows += [(t("row.internal_point"), text, None, "text", True) for text in part.internal_points]
    if part.internal_notes:
        rows.append((t("row.internal_note"), part.internal_notes, None, "text", True))
    table = Table([Column(t("col.kind")), Column(labels.word("item")),
                   Column(labels.word("value"), "number")],
                  [[k, item, value] for k, item, value, _, _ in rows],
                  row_kinds=[kind for *_, kind, _ in rows], value_columns=(2,),
                  internal_rows=[hidden for *_, hidden in rows])
    notes = list(part.talking_points) + list(part.internal_points)
    return Section(key, part_title(key), [table], notes=notes)


def _agenda(parts: list[Section]) -> Section:
    """The meeting's running order (slides only: the documents have their own contents)."""
    items = [s.title for s in parts] + [t("section.gains"), t("section.ask")]
    return Section("agenda", t("section.agenda"), [Text(items, "bullets", media=SLIDES)])


def _change(growth: float) -> str:
    if fmt.is_missing(growth):
        return fmt.NA
    if round(growth, 3) == 0:
        return t("level")
    return t("up" if growth > 0 else "down", pct=fmt.percent(abs(growth)))


def _objectives(jbp: Jbp) -> Section:
    """Both sides' goals on one slide: the sell-in target, the distributor's profit and ROI,
    the plan's size (slides only: the parts themselves hold these numbers)."""
    plan_ind, targets = jbp.brand_plan.indicators, jbp.financial_targets.indicators
    lines = []
    if "next_target" in plan_ind:
        lines.append(t("obj.ours", target=fmt.amount(plan_ind["next_target"]),
                       change=_change(plan_ind.get("growth", float("nan")))))
    if "net_profit" in targets:
        lines.append(t("obj.yours", net=fmt.amount(targets["net_profit"]),
                       roi=fmt.percent(targets.get("roi"))))
    p = jbp.plan
    lines.append(t("obj.plan", n=len(p.activities), cost=fmt.amount(p.total_cost),
                   uplift=fmt.amount(p.expected_uplift)))
    return Section("objectives", t("section.objectives"), [Text(lines, "bullets", media=SLIDES)])


GAIN_ROWS = ("revenue", "net_profit", "net_margin_pct", "cash_cycle", "roi")


def _gains(jbp: Jbp) -> Section:
    """The distributor's own P&L, last period against the plan: what the customer gains."""
    before, after = jbp.financial_review.indicators, jbp.financial_targets.indicators
    rows = [[indicator_name(k), before.get(k), after.get(k),
             after.get(k, float("nan")) - before.get(k, float("nan"))]
            for k in GAIN_ROWS if k in before or k in after]
    kinds = [indicator_kind("financial_targets", k) for k in GAIN_ROWS if k in before or k in after]
    if not rows:
        notes = jbp.financial_targets.notes or jbp.financial_review.notes
        return Section("gains", t("section.gains"), [Text(notes or t("no_activities"))])
    table = Table([Column(labels.word("item")), Column(t("col.last"), "number"),
                   Column(t("col.next"), "number"), Column(t("col.change"), "number")],
                  rows, row_kinds=kinds, value_columns=(1, 2, 3))
    return Section("gains", t("section.gains"), [table])


def _ask(jbp: Jbp) -> Section:
    """What the meeting asks the customer to agree, and the first steps with their owners."""
    asks = []
    if "next_target" in jbp.brand_plan.indicators:
        asks.append(t("ask.target", target=fmt.amount(jbp.brand_plan.indicators["next_target"])))
    if jbp.plan.activities:
        asks.append(t("ask.plan", n=len(jbp.plan.activities)))
    asks.append(t("ask.review"))
    dated = sorted((a for a in jbp.plan.activities if a.start), key=lambda a: a.start)[:5]
    steps = [t("next.item", start=fmt.day(a.start), activity=a.activity, owner=a.owner or "—")
             for a in dated]
    blocks = [Text(asks, "bullets")]
    if steps:
        blocks.append(Text(steps, "bullets", heading=t("next.title")))
    return Section("ask", t("section.ask"), blocks)


def _value(part: str, name: str, value: float) -> tuple[object, str]:
    kind = indicator_kind(part, name)
    if kind == "flag":
        return labels.word("yes") if value else labels.word("no"), "text"
    return value, kind


def _activities(jbp: Jbp) -> Section:
    columns = [Column(_plan_label(c), PLAN_KINDS.get(c, "text"), c in INTERNAL_PLAN_COLUMNS)
               for c in PLAN_COLUMNS + INTERNAL_PLAN_COLUMNS]
    rows = []
    for a in jbp.plan.activities:
        values = {"activity": a.activity, "type": a.type, "owner": a.owner, "start": a.start,
                  "end": a.end, "cost": a.cost, "expected_uplift": a.expected_uplift,
                  "uplift_per_cost": a.uplift_per_cost, "kpi": a.kpi,
                  "status": t("status.planned") if a.status == "planned" else a.status,
                  "margin_rate": a.margin_rate, "expected_roi": a.expected_roi,
                  "internal_note": a.internal_note}
        rows.append([None if fmt.is_missing(values[c]) else values[c]
                     for c in PLAN_COLUMNS + INTERNAL_PLAN_COLUMNS])
    if not rows:
        rows = [[t("no_activities")] + [None] * (len(columns) - 1)]
    return Section("activities", t("section.activities"), [Table(columns, rows)])


# ------------------------------------------------------------------ views in the notebook

VIEW_COLUMNS = ("revenue", "gross_margin_pct", "rebate_pct", "opex_pct", "net_margin_pct",
                "net_profit", "dio", "dso", "dpo", "cash_cycle", "rotations", "roi", "gmroi")
REVIEW_VIEW = ("activity", "customer_id", "cost", "expected_uplift", "actual_uplift",
               "margin_rate", "actual_profit", "roi", "paid_back")
_REVIEW_KINDS = {"cost": "money", "expected_uplift": "money", "actual_uplift": "money",
                 "margin_rate": "percent", "actual_profit": "money", "roi": "ratio"}


def economics_view(economics: pd.DataFrame, columns=VIEW_COLUMNS) -> pd.DataFrame:
    """kit.jbp.economics as a reader sees it: localised headers, values formatted."""
    rows = economics[[c for c in columns if c in economics]]
    return pd.DataFrame({indicator_name(c): [fmt.value(v, indicator_kind("financial_review", c))
                                             for v in rows[c]] for c in rows},
                        index=pd.Index(rows.index.astype(str), name=labels.column("customer_id")))


def review_view(review: pd.DataFrame) -> pd.DataFrame:
    """kit.jbp.activity_review as a reader sees it (internal: it shows margin and ROI),
    lowest ROI first."""
    rows = review.sort_values("roi", na_position="last")
    out = {}
    for c in REVIEW_VIEW:
        if c == "paid_back":
            values = [labels.word("yes") if v is True else labels.word("no") if v is False else ""
                      for v in rows[c].astype(object).where(rows[c].notna(), None)]
        else:
            values = [fmt.value(v, _REVIEW_KINDS.get(c, "text")) for v in rows[c]]
        label = (t(f"review.{c}") if i18n.has("jbp.layout", f"review.{c}")
                 else labels.column(c, unit=c in _REVIEW_KINDS and _REVIEW_KINDS[c] == "money"))
        if c == "actual_profit":
            label = labels.with_unit(label)
        out[label] = values
    return pd.DataFrame(out)


# ------------------------------------------------------------------ files


def build_jbp_workbook(jbp: Jbp, version: str = INTERNAL):
    """One version of the JBP as an openpyxl Workbook (not yet saved)."""
    return workbook(jbp_document(jbp, version))


def jbp_xlsx(jbp: Jbp, path: str | os.PathLike[str], *, version: str = INTERNAL,
             overwrite: bool = False) -> Path:
    """Write one version as an Excel workbook; returns the path written (``name (2).xlsx``
    when the file exists and ``overwrite`` is False)."""
    return write_xlsx(jbp_document(jbp, version), path, overwrite=overwrite)


def render_jbp_html(jbp: Jbp, version: str = INTERNAL,
                    figures: Mapping[str, Figure] | None = None) -> str:
    """One version as a self-contained HTML document (inline CSS, charts as data URIs)."""
    return render(jbp_document(jbp, version, figures))


def jbp_html(jbp: Jbp, path: str | os.PathLike[str], *, version: str = INTERNAL,
             overwrite: bool = False, figures: Mapping[str, Figure] | None = None) -> Path:
    """Write one version as one self-contained HTML file; returns the path written."""
    return write_html(jbp_document(jbp, version, figures), path, overwrite=overwrite)


@dataclass(frozen=True)
class JbpFiles:
    """What :func:`export_jbp` wrote."""

    internal_xlsx: Path
    internal_html: Path
    customer_xlsx: Path
    customer_html: Path
    internal_pptx: Path | None = None
    customer_pptx: Path | None = None
    internal_pdf: Path | None = None
    customer_pdf: Path | None = None
    pdf_note: str | None = None  # why there is no PDF, when there is none

    def customer(self) -> list[Path]:
        """Everything that may go to the distributor."""
        return [p for p in (self.customer_xlsx, self.customer_html, self.customer_pptx,
                            self.customer_pdf) if p is not None]

    def all(self) -> list[Path]:
        files = [self.internal_xlsx, self.internal_html, self.customer_xlsx, self.customer_html,
                 self.internal_pptx, self.customer_pptx, self.internal_pdf, self.customer_pdf]
        return [p for p in files if p is not None]

    def names(self) -> list[str]:
        return [p.name for p in self.all()]


def file_stem(jbp: Jbp, version: str) -> str:
    """联合生意计划_D05_2026_客户版 (a safe file name in the kit language)."""
    parts = [t("file"), jbp.customer_id, jbp.period, version_label(version)]
    return workspace.safe_name("_".join(p for p in parts if p).replace(" ", "_"))


def export_jbp(jbp: Jbp, folder: str | os.PathLike[str], *,
               figures: Mapping[str, Figure] | None = None,
               customer_figures: Mapping[str, Figure] | None = None,
               overwrite: bool = False, pdf: bool | None = None,
               template: str | os.PathLike[str] | None = None) -> JbpFiles:
    """Both versions as xlsx, HTML and the sell-in deck (pptx; ``template``: the company's
    own .pptx), and PDF, printed from the HTML, where a Chromium is installed (see
    kit.export.pdf), into ``folder``. ``figures`` go into the internal files,
    ``customer_figures`` (charts of shareable numbers only) into the customer ones.
    ``pdf=None``: as :func:`kit.export.formats.chosen_formats` says (a cohort may skip it)."""
    folder = Path(folder)
    pdf = "pdf" in chosen_formats() if pdf is None else pdf
    written: dict[str, object] = {}
    for version, charts in ((INTERNAL, figures), ("customer", customer_figures)):
        stem = file_stem(jbp, version)
        doc = jbp_document(jbp, version, charts)
        written[f"{version}_xlsx"] = write_xlsx(doc, folder / f"{stem}.xlsx", overwrite=overwrite)
        written[f"{version}_html"] = page = write_html(doc, folder / f"{stem}.html",
                                                       overwrite=overwrite)
        written[f"{version}_pptx"] = write_pptx(doc, folder / f"{stem}.pptx", overwrite=overwrite,
                                                template=template)
        if pdf and not written.get("pdf_note"):
            try:
                written[f"{version}_pdf"] = html_to_pdf(page, folder / f"{stem}.pdf",
                                                        overwrite=overwrite)
            except PdfUnavailable as error:
                written["pdf_note"] = str(error)
    return JbpFiles(**written)


__all__ = ["KIND_OF", "JbpFiles", "build_jbp_workbook", "economics_view", "export_jbp",
           "file_stem", "indicator_kind", "indicator_name", "jbp_document", "jbp_html", "jbp_xlsx",
           "render_jbp_html", "review_view", "title"]
