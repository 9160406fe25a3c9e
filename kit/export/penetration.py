"""The stage-4 target list, "客户渗透目标名单", as a Document and a workbook to take into
the JBP.

Parts: the prioritised target list (kit.penetration.target_list, localised by
export_table), the whitespace by segment, the growth scenario's levers and, when
there is a pipeline, the weighted pipeline by stage. Never overwrites an existing
file unless asked (``overwrite=True``): the export goes to ``name (2).xlsx`` and so
on, written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from kit import i18n, labels
from kit.export.document import Column, Document, Section, Table, Text
from kit.export.html import write_html
from kit.export.xlsx import workbook, write_xlsx
from kit.penetration import Scenario, export_table
from kit.penetration.labels import t as pen_t

t = i18n.catalogue(
    "export_penetration",
    {
        "title": {"zh": "客户渗透目标名单", "en": "Customer penetration target list"},
        "sheet.targets": {"zh": "优先目标名单", "en": "Target list"},
        "sheet.segments": {"zh": "空白点汇总", "en": "Whitespace by segment"},
        "sheet.scenario": {"zh": "增长情景", "en": "Growth scenario"},
        "sheet.pipeline": {"zh": "销售管道", "en": "Pipeline"},
        "col.whitespace_cells": {"zh": "空白格子数", "en": "Whitespace cells"},
        "col.lever": {"zh": "杠杆", "en": "Lever"},
        "col.scenario": {"zh": "情景", "en": "Scenario"},
        "col.contribution": {"zh": "对销售额的贡献", "en": "Contribution to sales"},
        "col.deals": {"zh": "商机数", "en": "Deals"},
        "col.probability": {"zh": "阶段赢率", "en": "Stage probability"},
        "col.weighted": {"zh": "加权金额", "en": "Weighted"},
    },
)
_TARGET_KINDS = {"potential": "money", "current": "money", "gap": "money",
                 "open_share": "percent", "ease": "ratio", "score": "money", "rank": "count"}


def target_list_document(targets: pd.DataFrame, *, segments: pd.DataFrame | None = None,
                         scenario: Scenario | None = None, pipeline: pd.DataFrame | None = None,
                         subject: str = "") -> Document:
    """The target list and its optional parts, one section each."""
    table = export_table(targets)
    kinds = {pen_t(f"col.{k}"): kind for k, kind in _TARGET_KINDS.items()}
    sections = [Section("targets", t("sheet.targets"), [
        Table.from_frame(table, kinds), Text(pen_t("score.note"), "note",
                                             heading=labels.word("note"))])]
    if segments is not None:
        columns = [Column(labels.word("segment")), Column(pen_t("col.potential"), "money"),
                   Column(pen_t("col.current"), "money"), Column(pen_t("col.gap"), "money"),
                   Column(pen_t("col.open_share"), "percent"),
                   Column(t("col.whitespace_cells"), "count")]
        rows = [[str(i), r["potential"], r["current"], r["gap"], r["open_share"],
                 int(r["whitespace_cells"])] for i, r in segments.iterrows()]
        sections.append(Section("segments", t("sheet.segments"), [Table(columns, rows)]))
    if scenario is not None:
        rows = [[pen_t(f"lever.{k}"), r["base"], r["scenario"], r["contribution"]]
                for k, r in scenario.levers.iterrows()]
        rows.append([labels.column("net_sales", unit=True), scenario.base_sales, scenario.sales,
                     scenario.change])
        columns = [Column(t("col.lever")), Column(labels.word("today"), "number"),
                   Column(t("col.scenario"), "number"),
                   Column(labels.with_unit(t("col.contribution")), "money")]
        sections.append(Section("scenario", t("sheet.scenario"), [Table(columns, rows)]))
    if pipeline is not None:
        rows = [[r["label"], int(r["deals"]), r["amount"], r["probability"], r["weighted"]]
                for _, r in pipeline.iterrows()]
        columns = [Column(labels.column("stage")), Column(t("col.deals"), "count"),
                   Column(labels.column("amount", unit=True), "money"),
                   Column(t("col.probability"), "percent"),
                   Column(labels.with_unit(t("col.weighted")), "money")]
        sections.append(Section("pipeline", t("sheet.pipeline"), [Table(columns, rows)]))
    return Document("target_list", t("title"), subject, sections=sections)


def build_target_workbook(targets: pd.DataFrame, **parts):
    """The workbook (not yet saved): one sheet per part."""
    return workbook(target_list_document(targets, **parts))


def target_list_xlsx(targets: pd.DataFrame, path: str | os.PathLike[str], *,
                     overwrite: bool = False, **parts) -> Path:
    """Write the target list (and the optional parts: ``segments``, ``scenario``,
    ``pipeline``) as a workbook; returns the path written (``name (2).xlsx`` when the
    file exists and `overwrite` is False)."""
    return write_xlsx(target_list_document(targets, **parts), path, overwrite=overwrite)


def target_list_html(targets: pd.DataFrame, path: str | os.PathLike[str], *,
                     overwrite: bool = False, **parts) -> Path:
    """The same as one self-contained HTML page."""
    return write_html(target_list_document(targets, **parts), path, overwrite=overwrite)


__all__ = ["build_target_workbook", "target_list_document", "target_list_html",
           "target_list_xlsx"]
