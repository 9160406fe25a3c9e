"""The stage-2 plan, "我的业务目标计划" (my business goal plan), as a Document and its files.

:func:`goal_plan_document` lays a :class:`kit.goals.GoalPlan` out as eight parts,
each a table with a kind per column (the workbook has one sheet per part, the
HTML page one section per part, then the charts). Exports never overwrite an
existing file unless asked (``overwrite=True``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kit import i18n, labels
from kit.export.document import Chart, Column, Document, Section, Table
from kit.export.html import render, write_html
from kit.export.review import evidence_text
from kit.export.xlsx import workbook, write_xlsx
from kit.goals.goal_plan import GoalPlan, still_to_do
from kit.goals.plan import (
    CORE_QUESTIONS,
    GOAL_TYPES,
    QUADRANTS,
    Checklist,
    Ogsm,
    Swot,
    level_label,
    pillar_label,
    quadrant_label,
    tows_prompts,
)
from kit.goals.targets import TargetSetting
from kit.review.periods import safe_ratio

if TYPE_CHECKING:
    from matplotlib.figure import Figure

t = i18n.catalogue(
    "goal_document",
    {
        "title": {"zh": "我的业务目标计划", "en": "My business goal plan"},
        "part.targets": {"zh": "一、目标设定", "en": "1. Targets"},
        "part.drivers": {"zh": "二、自下而上的驱动因素", "en": "2. Bottom-up drivers"},
        "part.questions": {"zh": "三、五个核心问题", "en": "3. The five core questions"},
        "part.swot": {"zh": "四、SWOT 与 TOWS", "en": "4. SWOT and TOWS"},
        "part.ogsm": {"zh": "五、OGSM", "en": "5. OGSM"},
        "part.months": {"zh": "六、目标分解：月度", "en": "6. Split by month"},
        "part.split": {"zh": "七、目标分解：维度", "en": "7. Split by dimension"},
        "part.todo": {"zh": "八、待完善", "en": "8. Still to do"},
        "part.figures": {"zh": "图表", "en": "Charts"},
        "col.factor": {"zh": "因素", "en": "Factor"},
        "col.now": {"zh": "近12个月", "en": "Last 12 months"},
        "col.next": {"zh": "明年", "en": "Next year"},
        "col.growth": {"zh": "变化", "en": "Change"},
        "col.contribution": {"zh": "对销售额的贡献", "en": "Contribution"},
        "col.question": {"zh": "问题", "en": "Question"},
        "col.answer": {"zh": "回答", "en": "Answer"},
        "col.quadrant": {"zh": "象限", "en": "Quadrant"},
        "col.evidence": {"zh": "数据依据", "en": "Evidence"},
        "col.part": {"zh": "层级", "en": "Part"},
        "col.target": {"zh": "目标值", "en": "Target"},
        "col.kind": {"zh": "类型 / 4P / 层级", "en": "Type / 4P / level"},
        "col.flag": {"zh": "提示", "en": "Check"},
        "col.todo": {"zh": "还需要完善", "en": "Still to do"},
        "item.last_12": {"zh": "近12个月实际", "en": "Last 12 months"},
        "item.baseline": {"zh": "基线：不做改变的明年", "en": "Baseline: next year unchanged"},
        "item.market": {"zh": "市场规模（按当前份额推算）", "en": "Market (inferred from share)"},
        "item.market_growth": {"zh": "市场增长率", "en": "Market growth"},
        "item.share_now": {"zh": "当前市场份额", "en": "Market share now"},
        "item.share_ambition": {"zh": "目标市场份额", "en": "Share ambition"},
        "item.top_down": {"zh": "自上而下目标", "en": "Top-down target"},
        "item.bottom_up": {"zh": "自下而上目标", "en": "Bottom-up target"},
        "item.gap": {"zh": "缺口 = 自上而下 − 自下而上", "en": "Gap = top-down − bottom-up"},
        "item.gap_share": {"zh": "缺口占自上而下目标", "en": "Gap as a share of top-down"},
        "item.annual": {"zh": "分解的年度目标", "en": "Annual target split"},
        "flag.out": {"zh": "增长与上级不一致", "en": "Growth out of line"},
        "flag.new": {"zh": "去年无销售", "en": "No sales last year"},
        "tows": {"zh": "TOWS 提示", "en": "TOWS prompt"},
        "done": {"zh": "计划完整，没有待完善的项目。", "en": "The plan is complete."},
    },
)
PARTS = ("targets", "drivers", "questions", "swot", "ogsm", "months", "split", "todo")
# Headline numbers of the plan: (item, kind). Money items carry the currency in their label.
TARGET_ITEMS = (("last_12", "money"), ("baseline", "money"), ("market", "money"),
                ("market_growth", "percent"), ("share_now", "percent"),
                ("share_ambition", "percent"), ("top_down", "money"), ("bottom_up", "money"),
                ("gap", "money"), ("gap_share", "percent"), ("annual", "money"))


def title() -> str:
    return t("title")


def item_label(key: str) -> str:
    """A headline item's label; money items say their currency (自上而下目标（元）)."""
    kind = dict(TARGET_ITEMS)[key]
    return labels.with_unit(t(f"item.{key}")) if kind == "money" else t(f"item.{key}")


def goal_plan_document(plan: GoalPlan, figures: Mapping[str, Figure] | None = None) -> Document:
    """The plan laid out as its eight parts (and the charts, when given)."""
    tables = [_targets(plan), _drivers(plan.setting), _questions(plan.checklist), _swot(plan.swot),
              _ogsm(plan.ogsm), _months(plan), _split(plan), _todo(plan)]
    sections = [Section(key, t(f"part.{key}"), [table]) for key, table in zip(PARTS, tables,
                                                                               strict=True)]
    if figures:
        sections.append(Section("figures", t("part.figures"),
                                [Chart(str(name), fig) for name, fig in figures.items()]))
    return Document("goal_plan", title(), plan.subject, sections=sections)


def _column(label: str, kind: str = "text") -> Column:
    return Column(labels.with_unit(label) if kind == "money" else label, kind)


def _targets(plan: GoalPlan) -> Table:
    s = plan.setting
    values = {"last_12": s.start.last_12, "baseline": s.start.baseline, "market": s.market,
              "market_growth": s.ambition.market_growth, "share_now": s.ambition.share_now,
              "share_ambition": s.ambition.share_ambition, "top_down": s.top_down,
              "bottom_up": s.bottom_up.current_sales, "gap": s.gap.amount, "gap_share": s.gap.share,
              "annual": float(plan.months.sum())}
    rows = [[item_label(k), values[k]] for k, _ in TARGET_ITEMS]
    return Table([Column(labels.word("item")), Column(labels.word("value"), "number")], rows,
                 row_kinds=[kind for _, kind in TARGET_ITEMS], value_columns=(1,))


def _drivers(setting: TargetSetting) -> Table:
    table = setting.bottom_up.table
    columns = [_column(t("col.factor")), _column(t("col.now"), "number"),
               _column(t("col.next"), "number"), _column(t("col.growth"), "percent"),
               _column(t("col.contribution"), "money")]
    rows = [[labels.factor(f), r["base"], r["current"], r["growth"], r["contribution"]]
            for f, r in table.iterrows()]
    return Table(columns, rows)


def _questions(checklist: Checklist) -> Table:
    rows = [[q.number, q.text, getattr(checklist, q.key)] for q in CORE_QUESTIONS.values()]
    return Table([_column(labels.word("number"), "count"), _column(t("col.question")),
                  _column(t("col.answer"))], rows)


def _swot(swot: Swot) -> Table:
    rows = []
    for q in QUADRANTS:
        for i, entry in enumerate(swot.quadrant(q), start=1):
            rows.append([quadrant_label(q), f"{q}{i}", entry.text, evidence_text(entry.evidence)])
    for pair, prompts in tows_prompts(swot).items():
        rows += [[t("tows"), pair, prompt, ""] for prompt in prompts]
    return Table([_column(t("col.quadrant")), _column(labels.word("number")),
                  _column(labels.word("content")), _column(t("col.evidence"))], rows)


def _ogsm(ogsm: Ogsm) -> Table:
    rows = [["O", "", ogsm.objective, None, "", None, ""]]
    for i, g in enumerate(ogsm.goals, start=1):
        kind = GOAL_TYPES[g.goal_type].label if g.goal_type in GOAL_TYPES else ""
        rows.append(["G", f"G{i}", g.name, g.value, g.unit, g.due, kind])
    for i, s in enumerate(ogsm.strategies, start=1):
        rows.append(["S", f"S{i}", s.text, None, "", None, pillar_label(s.pillar) if s.pillar else ""])
        for j, m in enumerate(s.measures, start=1):
            rows.append(["M", f"M{i}.{j}", m.name, m.target, m.unit, m.due, level_label(m.level)])
    columns = [_column(t("col.part")), _column(labels.word("number")),
               _column(labels.word("content")), _column(t("col.target"), "number"),
               _column(labels.word("unit")), _column(labels.word("date"), "date"),
               _column(t("col.kind"))]
    return Table(columns, rows)


def _months(plan: GoalPlan) -> Table:
    history = plan.monthly_history if plan.monthly_history is not None else pd.Series(dtype=float)
    last_year = history.reindex(plan.months.index - 12).to_numpy()
    growth = safe_ratio(plan.months.to_numpy() - last_year, last_year)
    rows = [[str(p), ly, target, g] for p, ly, target, g in
            zip(plan.months.index, last_year, plan.months.to_numpy(), growth, strict=True)]
    return Table([_column(labels.column("period")),
                  _column(labels.word("last_year_actual"), "money"),
                  _column(t("col.target"), "money"), _column(t("col.growth"), "percent")], rows)


def _split(plan: GoalPlan) -> Table:
    cells = plan.cells
    keys = [cells[k].fillna("").astype(str).tolist() for k in plan.levels]
    flags = [t("flag.new") if ly <= 0 else t("flag.out") if f else ""
             for ly, f in zip(cells["last_year"], cells["flag"], strict=True)]
    rows = [[*names, depth, ly, target, growth, flag] for *names, depth, ly, target, growth, flag in
            zip(*keys, cells["depth"], cells["last_year"], cells["target"], cells["growth"], flags,
                strict=True)]
    columns = [_column(labels.column(k)) for k in plan.levels]
    columns += [_column(t("col.part"), "count"), _column(labels.word("last_year_actual"), "money"),
                _column(t("col.target"), "money"), _column(t("col.growth"), "percent"),
                _column(t("col.flag"))]
    return Table(columns, rows)


def _todo(plan: GoalPlan) -> Table:
    return Table([_column(t("col.todo"))], [[item] for item in still_to_do(plan) or [t("done")]])


# ------------------------------------------------------------------ files


def build_goal_workbook(plan: GoalPlan):
    """The plan as an openpyxl Workbook (not yet saved): one sheet per part."""
    return workbook(goal_plan_document(plan))


def goal_plan_xlsx(plan: GoalPlan, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the plan as an Excel workbook; returns the path written (``name (2).xlsx``
    when the file exists and `overwrite` is False)."""
    return write_xlsx(goal_plan_document(plan), path, overwrite=overwrite)


def render_goal_html(plan: GoalPlan, figures: Mapping[str, Figure] | None = None) -> str:
    """The plan as one self-contained HTML document (inline CSS, charts as data URIs)."""
    return render(goal_plan_document(plan, figures))


def goal_plan_html(plan: GoalPlan, path: str | os.PathLike[str], *, overwrite: bool = False,
                   figures: Mapping[str, Figure] | None = None) -> Path:
    """Write the plan as one self-contained HTML file; returns the path written."""
    return write_html(goal_plan_document(plan, figures), path, overwrite=overwrite)


__all__ = ["PARTS", "build_goal_workbook", "goal_plan_document", "goal_plan_html",
           "goal_plan_xlsx", "item_label", "render_goal_html", "title"]
