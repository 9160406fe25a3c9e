"""The stage-1 WCC-DAR report (生意复盘报告) as a Document, and its files.

:func:`report_document` lays the report out once; the writers turn it into one
self-contained HTML page, an Excel workbook (the report, scorecard, bridge,
funnel, cards, evidence and actions sheets), a PDF or slides. Exports never
overwrite silently: an existing file is kept and the export goes to
``name (2).html`` and so on unless ``overwrite=True``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kit import fmt, i18n, labels
from kit.export.document import Chart, Column, Document, Section, Table, Text, only
from kit.export.html import render, write_html
from kit.export.xlsx import workbook, write_xlsx
from kit.insights import FACTOR_KINDS as _FACTOR_KINDS
from kit.insights import PROBLEM_KINDS, evidence_kind
from kit.report import SECTIONS, WccDarReport, section_title
from kit.report import t as report_t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MONEY_COLUMNS = ("actual", "target", "last_year", "previous", "change")
RATIO_COLUMNS = ("achievement", "yoy", "mom", "share", "contribution")
SCORECARD_COLUMNS = ("actual", "target", "achievement", "last_year", "yoy", "previous", "mom",
                     "change", "share", "contribution", "rag")
SCREEN = only("html", "pdf", "pptx")  # read as headed paragraphs and cards
SHEET = only("xlsx")  # read as a table

t = i18n.catalogue(
    "export",
    {
        "subject": {"zh": "主题", "en": "Subject"},
        "to_fill": {"zh": "待填写", "en": "To fill in"},
        "cards": {"zh": "洞察卡片", "en": "Insight cards"},
        "figures": {"zh": "图表", "en": "Charts"},
        "scorecard": {"zh": "记分卡", "en": "Scorecard"},
        "bridge": {"zh": "价格/销量/结构桥", "en": "Price / volume / mix bridge"},
        "funnel": {"zh": "五维漏斗", "en": "Five-factor funnel"},
        "no_funnel": {"zh": "没有终端数据，没有五维漏斗。", "en": "No outlet data, so no funnel."},
        "sheet.report": {"zh": "报告", "en": "Report"},
        "sheet.bridge": {"zh": "价格销量结构桥", "en": "Bridge"},
        "sheet.funnel": {"zh": "五维漏斗", "en": "Funnel"},
        "sheet.cards": {"zh": "洞察卡片", "en": "Cards"},
        "sheet.evidence": {"zh": "依据", "en": "Evidence"},
        "sheet.actions": {"zh": "行动", "en": "Actions"},
        "col.section": {"zh": "部分", "en": "Section"},
        "col.what": {"zh": "做什么", "en": "What"},
        "col.due": {"zh": "完成日期", "en": "Due"},
        "col.subject": {"zh": "对象", "en": "Subject"},
        "col.headline": {"zh": "一句话", "en": "Headline"},
        "col.action": {"zh": "行动提示", "en": "Action prompt"},
        "col.severity": {"zh": "重要度（占去年销售额）", "en": "Severity (share of last year's sales)"},
        "col.card": {"zh": "卡片", "en": "Card"},
        "col.name": {"zh": "指标", "en": "Measure"},
        "col.step": {"zh": "步骤", "en": "Step"},
        "col.factor": {"zh": "因素", "en": "Factor"},
        "col.growth": {"zh": "变化率", "en": "Growth"},
        "col.contribution": {"zh": "贡献", "en": "Contribution"},
        "kind.miss_target": {"zh": "未达目标", "en": "Missed target"},
        "kind.decline_driver": {"zh": "下滑", "en": "Decline"},
        "kind.price_masks_volume": {"zh": "涨价掩盖销量下滑", "en": "Price hides volume loss"},
        "kind.growth_driver": {"zh": "增长来源", "en": "Growth driver"},
        "kind.concentration": {"zh": "集中度", "en": "Concentration"},
        "kind.anomaly": {"zh": "异常月份", "en": "Unusual month"},
        "no_actions": {"zh": "（还没有行动）", "en": "(no actions yet)"},
    },
)


def evidence_text(evidence: Mapping[str, float]) -> str:
    """Card evidence as a reader sees it: "同比 +6.5%；实际 4,283.0 万元" ..."""
    items = []
    for name, value in evidence.items():
        kind = evidence_kind(name)
        shown = (fmt.percent(value) if kind == "percent" else
                 fmt.money(value, unit=True) if kind == "cents" else fmt.number(value, 2))
        last = name.rsplit(".", 1)[-1]
        items.append(f"{labels.measure(last) if labels.has(f'measure.{last}') else name} {shown}")
    return "；".join(items)


# ------------------------------------------------------------------ tables


def scorecard_table(table: pd.DataFrame) -> Table:
    """A kit.review.scorecard table: money in yuan with cents, ratios in %, RAG coloured."""
    # A window with no previous period (YTD) has no 环比: those columns are all n/a.
    columns = [c for c in SCORECARD_COLUMNS if c in table
               and not (c in ("previous", "mom") and table[c].isna().all())]
    kinds = ["cents" if c in MONEY_COLUMNS else "percent" if c in RATIO_COLUMNS else "rag"
             for c in columns]
    corner = "" if table.index.name is None else labels.column(table.index.name)
    head = [Column(corner)] + [Column(labels.measure(c), k) for c, k in zip(columns, kinds,
                                                                             strict=True)]
    rows = [[labels.word("total") if key == "total" and table.index.name == "total" else str(key),
             *(row[c] for c in columns)] for key, row in table.iterrows()]
    return Table(head, rows, title=t("scorecard"), freeze=1)


def bridge_table(steps: pd.DataFrame) -> Table:
    return Table([Column(t("col.step")), Column(labels.with_unit(labels.column("amount")), "cents")],
                 [[labels.step(s), v] for s, v in zip(steps["step"], steps["value"], strict=True)],
                 title=t("bridge"))


def funnel_table(table: pd.DataFrame) -> Table:
    columns = [Column(t("col.factor")), Column(labels.measure("last_year"), "number"),
               Column(labels.step("current"), "number"), Column(t("col.growth"), "percent"),
               Column(labels.with_unit(t("col.contribution")), "cents")]
    rows = [[labels.factor(f), r["base"], r["current"], r["growth"], r["contribution"]]
            for f, r in table.iterrows()]
    return Table(columns, rows, title=t("funnel"),
                 row_kinds=[_FACTOR_KINDS.get(str(f), "ratio") for f in table.index],
                 value_columns=(1, 2))


def _actions(report: WccDarReport, media=None) -> Table:
    columns = [Column(labels.word("number"), "count"), Column(t("col.what")),
               Column(labels.column("owner")), Column(t("col.due"), "date")]
    rows = [[n, _get(a, "what") or "", _get(a, "owner") or "", _get(a, "due")]
            for n, a in enumerate(report.action or [], start=1)]
    return Table(columns, rows, media=media)


def _get(item: object, name: str) -> object:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


# ------------------------------------------------------------------ the document


def report_document(report: WccDarReport, figures: Mapping[str, Figure] | None = None) -> Document:
    """The report laid out for every format."""
    sections = [Section("report", t("sheet.report"), [_report_sheet(report)])]
    sections += [Section(name, f"{i}. {section_title(name)}", _section_blocks(report, name))
                 for i, name in enumerate(SECTIONS, start=1)]
    if report.scorecard is not None:
        sections.append(Section("scorecard", t("scorecard"), [scorecard_table(report.scorecard),
                                                              Text(labels.word("money_note"), "note",
                                                                   media=SCREEN)]))
    if report.bridge is not None:
        sections.append(Section("bridge", t("bridge"), [bridge_table(report.bridge)],
                                sheet=t("sheet.bridge")))
    sections.append(Section("funnel", t("funnel"), [
        funnel_table(report.funnel) if report.funnel is not None else Text(t("no_funnel"))],
        sheet=t("sheet.funnel")))
    sections.append(Section("cards", t("cards"), _card_blocks(report), sheet=t("sheet.cards")))
    sections.append(Section("evidence", t("sheet.evidence"), [_evidence_table(report)]))
    sections.append(Section("actions", t("sheet.actions"), [_actions(report, media=SHEET)]))
    if figures:
        sections.append(Section("figures", t("figures"),
                                [Chart(str(name), fig) for name, fig in figures.items()]))
    return Document("wccdar", report_t("title"), report.subject, report.window_label, sections)


def _report_sheet(report: WccDarReport) -> Table:
    rows = [[t("subject"), report.subject], [labels.word("period"), report.window_label]]
    rows += [[f"{i}. {section_title(name)}", _section_text(report, name)]
             for i, name in enumerate(SECTIONS, start=1)]
    return Table([Column(t("col.section")), Column(labels.word("content"))], rows, media=SHEET)


def _section_blocks(report: WccDarReport, name: str) -> list:
    prompt = (report.prompts or {}).get(name, "")
    pending = Text(prompt, "prompt", heading=t("to_fill"), media=SCREEN)
    if name == "action":
        if report.action:
            return [_actions(report, media=SCREEN)]
        return [pending if prompt else Text(t("no_actions"), media=SCREEN)]
    if name == "result":
        results = [str(r) for r in (report.result or []) if str(r).strip()]
        return [Text(results, "bullets", media=SCREEN)] if results else [pending]
    text = getattr(report, name) or ""
    return [Text(text, media=SCREEN)] if text.strip() else [pending]


def _section_text(report: WccDarReport, name: str) -> str:
    prompt = (report.prompts or {}).get(name, "")
    pending = f"（{t('to_fill')}）{prompt}" if i18n.get_lang() == "zh" else f"({t('to_fill')}) {prompt}"
    if name == "action":
        lines = [" — ".join(x for x in (f"{n}. {_get(a, 'what') or ''}", str(_get(a, "owner") or ""),
                                         fmt.day(_get(a, "due"))) if x)
                 for n, a in enumerate(report.action or [], start=1)]
        return "\n".join(lines) if lines else pending
    if name == "result":
        results = [str(r) for r in (report.result or []) if str(r).strip()]
        return "\n".join(f"{n}. {r}" for n, r in enumerate(results, start=1)) if results else pending
    text = getattr(report, name) or ""
    return text if text.strip() else pending


def _card_blocks(report: WccDarReport) -> list:
    colon = "：" if i18n.get_lang() == "zh" else ": "
    blocks = [Text([f"{labels.word(k)}{colon}{getattr(card, k)}"
                    for k in ("understanding", "insight", "action")],
                   "problem" if card.kind in PROBLEM_KINDS else "card", heading=card.headline,
                   media=SCREEN) for card in report.cards]
    columns = [Column(labels.word("number"), "count"), Column(labels.column("kind")),
               Column(t("col.subject")), Column(t("col.headline")),
               Column(labels.word("understanding")), Column(labels.word("insight")),
               Column(t("col.action")), Column(t("col.severity"), "percent")]
    rows = [[n, t(f"kind.{c.kind}"), c.subject, c.headline, c.understanding, c.insight, c.action,
             c.severity] for n, c in enumerate(report.cards, start=1)]
    return [*blocks, Table(columns, rows, media=SHEET)]


def _evidence_table(report: WccDarReport) -> Table:
    rows = [[n, c.subject, name, value] for n, c in enumerate(report.cards, start=1)
            for name, value in c.evidence.items()]
    columns = [Column(t("col.card"), "count"), Column(t("col.subject")), Column(t("col.name")),
               Column(labels.word("value"), "number")]
    return Table(columns, rows, row_kinds=[evidence_kind(r[2]) for r in rows], value_columns=(3,),
                 media=SHEET)


# ------------------------------------------------------------------ files


def render_html(report: WccDarReport, figures: Mapping[str, Figure] | None = None) -> str:
    """The report as one self-contained HTML document (inline CSS, images as data URIs)."""
    return render(report_document(report, figures))


def report_html(report: WccDarReport, path: str | os.PathLike[str], *, overwrite: bool = False,
                figures: Mapping[str, Figure] | None = None) -> Path:
    """Write the report as one self-contained HTML file; returns the path written.

    An existing file is never replaced unless `overwrite`: the export then goes
    to ``name (2).html``. `figures`: titled matplotlib figures, embedded as PNG.
    """
    return write_html(report_document(report, figures), path, overwrite=overwrite)


def build_workbook(report: WccDarReport):
    """The report as an openpyxl Workbook (not yet saved)."""
    return workbook(report_document(report))


def report_xlsx(report: WccDarReport, path: str | os.PathLike[str], *,
                overwrite: bool = False) -> Path:
    """Write the report as an Excel workbook; returns the path written.

    Sheets: the report (six sections), cards, evidence, scorecard, bridge, funnel,
    actions. Numbers stay numbers with a number format; an existing file is never
    replaced unless `overwrite`.
    """
    return write_xlsx(report_document(report), path, overwrite=overwrite)


__all__ = ["bridge_table", "build_workbook", "evidence_kind", "evidence_text", "funnel_table",
           "render_html", "report_document", "report_html", "report_xlsx", "scorecard_table"]
