"""The stage-2 plan, "我的业务目标计划", as an Excel workbook (one formatted
sheet per part) and one self-contained HTML file (tables and charts).

Both are laid out by kit.goals.document.parts, so they hold the same numbers.
Exports never overwrite an existing file unless asked (``overwrite=True``).
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kit import i18n
from kit.export.review import CSS, _figure_html, _sheet, _write_atomic
from kit.goals.document import GoalPlan, Part, parts, title

if TYPE_CHECKING:
    from matplotlib.figure import Figure

EXCEL_FORMATS = {"money": "#,##0", "percent": "0.0%", "number": "#,##0.####", "date": "yyyy-mm-dd"}
MAX_SHEET_TITLE = 31  # Excel's limit


def build_goal_workbook(plan: GoalPlan):
    """The plan as an openpyxl Workbook (not yet saved): one sheet per part."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for part in parts(plan):
        _part_sheet(workbook, part)
    return workbook


def _part_sheet(workbook, part: Part) -> None:
    frame = part.frame
    columns = list(frame.columns)
    formats = {columns.index(c) + 1: EXCEL_FORMATS[k] for c, k in part.kinds.items() if k in EXCEL_FORMATS}
    widths = [min(max(len(str(c)) * 2.2, 10, _widest(frame[c])), 70) for c in columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    wrap = tuple(i + 1 for i, c in enumerate(columns) if frame[c].dtype == object)
    sheet = _sheet(workbook, part.title[:MAX_SHEET_TITLE], columns, rows, formats, widths, wrap=wrap)
    if part.row_kinds:
        for (cell,), kind in zip(sheet.iter_rows(min_row=2, min_col=len(columns), max_col=len(columns)),
                                 part.row_kinds, strict=True):
            cell.number_format = EXCEL_FORMATS[kind]


def _widest(column: pd.Series) -> float:
    lengths = column.map(lambda v: len(str(v)) if isinstance(v, str) else 12)
    return float(lengths.max() * 1.6) if len(lengths) else 10.0


def _cell(value: object) -> object:
    if isinstance(value, pd.Period):
        return str(value)
    return value


def goal_plan_xlsx(plan: GoalPlan, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the plan as an Excel workbook; returns the path written (``name (2).xlsx``
    when the file exists and `overwrite` is False)."""
    workbook = build_goal_workbook(plan)
    return _write_atomic(path, overwrite, lambda tmp: workbook.save(tmp))


# ------------------------------------------------------------------ HTML


def _format(value: object, kind: str | None) -> str:
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return "" if kind in (None, "text", "date") else "n/a"
    if kind == "money":
        return f"{value:,.0f}"
    if kind == "percent":
        return f"{value:.1%}"
    if kind == "number" and isinstance(value, (int, float)):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def part_html(part: Part) -> str:
    """One part as an HTML table, numbers formatted as in the workbook."""
    frame = part.frame
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for i, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for j, (column, value) in enumerate(zip(frame.columns, row, strict=True)):
            kind = (part.row_kinds[i] if part.row_kinds and j == len(frame.columns) - 1
                    else part.kinds.get(column))
            align = ' class="num"' if kind in ("money", "percent", "number") else ""
            cells.append(f"<td{align}>{html.escape(_format(value, kind))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="dataframe"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def render_goal_html(plan: GoalPlan, figures: Mapping[str, Figure] | None = None) -> str:
    """The plan as one self-contained HTML document (inline CSS, charts as data URIs)."""
    lang = "zh-CN" if i18n.get_lang() == "zh" else "en"
    heading = html.escape(title())
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{heading} — {html.escape(plan.subject)}</title>",
           f"<style>{CSS} td.num {{ text-align: right; white-space: nowrap; }}</style>",
           "</head>", "<body><main>", f"<h1>{heading}</h1>",
           f'<p class="meta">{html.escape(plan.subject)}</p>']
    for part in parts(plan):
        out.append(f'<section id="{part.key}"><h2>{html.escape(part.title)}</h2>{part_html(part)}</section>')
    if figures:
        out.append('<section id="figures">')
        out += [_figure_html(name, figure) for name, figure in figures.items()]
        out.append("</section>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def goal_plan_html(plan: GoalPlan, path: str | os.PathLike[str], *, overwrite: bool = False,
                   figures: Mapping[str, Figure] | None = None) -> Path:
    """Write the plan as one self-contained HTML file; returns the path written."""
    document = render_goal_html(plan, figures)
    return _write_atomic(path, overwrite, lambda tmp: tmp.write_text(document, encoding="utf-8"))
