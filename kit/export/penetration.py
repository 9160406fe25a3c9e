"""The stage-4 target list, "客户渗透目标名单", as an Excel workbook to take into the JBP.

Sheets: the prioritised target list (kit.penetration.target_list, localised by
export_table), the whitespace by segment, the growth scenario's levers and,
when there is a pipeline, the weighted pipeline by stage. Never overwrites an
existing file unless asked (``overwrite=True``): the export goes to
``name (2).xlsx`` and so on, written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from kit import i18n
from kit.export.review import _sheet, _write_atomic
from kit.penetration import Scenario, export_table
from kit.penetration.labels import t as pen_t

t = i18n.catalogue(
    "export_penetration",
    {
        "sheet.targets": {"zh": "优先目标名单", "en": "Target list"},
        "sheet.segments": {"zh": "空白点汇总", "en": "Whitespace by segment"},
        "sheet.scenario": {"zh": "增长情景", "en": "Growth scenario"},
        "sheet.pipeline": {"zh": "销售管道", "en": "Pipeline"},
        "col.segment": {"zh": "细分", "en": "Segment"},
        "col.potential": {"zh": "潜力（元）", "en": "Potential (CNY)"},
        "col.current": {"zh": "现有销售（元）", "en": "Current sales (CNY)"},
        "col.gap": {"zh": "空白金额（元）", "en": "Whitespace (CNY)"},
        "col.open_share": {"zh": "空白占比", "en": "Open share"},
        "col.whitespace_cells": {"zh": "空白格子数", "en": "Whitespace cells"},
        "col.lever": {"zh": "杠杆", "en": "Lever"},
        "col.base": {"zh": "今天", "en": "Today"},
        "col.scenario": {"zh": "情景", "en": "Scenario"},
        "col.contribution": {"zh": "对销售额的贡献（元）", "en": "Contribution to sales (CNY)"},
        "col.stage": {"zh": "阶段", "en": "Stage"},
        "col.deals": {"zh": "商机数", "en": "Deals"},
        "col.amount": {"zh": "商机金额（元）", "en": "Amount (CNY)"},
        "col.probability": {"zh": "阶段赢率", "en": "Stage probability"},
        "col.weighted": {"zh": "加权金额（元）", "en": "Weighted (CNY)"},
        "scenario.sales": {"zh": "销售额（元）", "en": "Sales (CNY)"},
        "note": {"zh": "说明", "en": "Note"},
    },
)

MONEY, PERCENT, NUMBER = "#,##0", "0.0%", "#,##0.00"


def target_list_xlsx(targets: pd.DataFrame, path: str | os.PathLike[str], *,
                     segments: pd.DataFrame | None = None, scenario: Scenario | None = None,
                     pipeline: pd.DataFrame | None = None, overwrite: bool = False) -> Path:
    """Write the target list (and the optional parts) as a workbook; returns the path
    written (``name (2).xlsx`` when the file exists and `overwrite` is False)."""
    workbook = build_target_workbook(targets, segments=segments, scenario=scenario,
                                     pipeline=pipeline)
    return _write_atomic(path, overwrite, lambda tmp: workbook.save(tmp))


def build_target_workbook(targets: pd.DataFrame, *, segments: pd.DataFrame | None = None,
                          scenario: Scenario | None = None, pipeline: pd.DataFrame | None = None):
    """The workbook (not yet saved): one sheet per part."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    table = export_table(targets)
    formats = {}
    for key, fmt in (("potential", MONEY), ("current", MONEY), ("gap", MONEY),
                     ("open_share", PERCENT), ("ease", NUMBER), ("score", MONEY)):
        name = pen_t(f"col.{key}")
        if name in table:
            formats[list(table.columns).index(name) + 1] = fmt
    sheet = _sheet(workbook, t("sheet.targets"), list(table.columns),
                   table.itertuples(index=False), formats,
                   widths=[min(max(len(str(c)) * 2.2, 10), 40) for c in table.columns])
    sheet.append([])
    sheet.append([t("note"), pen_t("score.note")])

    if segments is not None:
        rows = [[str(i), r["potential"], r["current"], r["gap"], r["open_share"],
                 int(r["whitespace_cells"])] for i, r in segments.iterrows()]
        _sheet(workbook, t("sheet.segments"),
               [t(f"col.{c}") for c in ("segment", "potential", "current", "gap", "open_share",
                                        "whitespace_cells")],
               rows, {2: MONEY, 3: MONEY, 4: MONEY, 5: PERCENT}, widths=[16, 16, 16, 16, 12, 12])

    if scenario is not None:
        levers = scenario.levers
        rows = [[pen_t(f"lever.{k}"), r["base"], r["scenario"], r["contribution"]]
                for k, r in levers.iterrows()]
        rows += [[t("scenario.sales"), scenario.base_sales, scenario.sales, scenario.change]]
        _sheet(workbook, t("sheet.scenario"),
               [t("col.lever"), t("col.base"), t("col.scenario"), t("col.contribution")], rows,
               {2: "0.0000", 3: "0.0000", 4: MONEY}, widths=[18, 16, 16, 22])

    if pipeline is not None:
        rows = [[r["label"], int(r["deals"]), r["amount"], r["probability"], r["weighted"]]
                for _, r in pipeline.iterrows()]
        _sheet(workbook, t("sheet.pipeline"),
               [t(f"col.{c}") for c in ("stage", "deals", "amount", "probability", "weighted")],
               rows, {3: MONEY, 4: PERCENT, 5: MONEY}, widths=[14, 10, 16, 14, 16])
    return workbook


__all__ = ["build_target_workbook", "target_list_xlsx"]
