"""The JBP document (联合生意计划) as an Excel workbook and one self-contained HTML file,
in two versions from one plan: internal (everything) and customer (what is shared).

Both formats are laid out by :func:`kit.jbp.layout.sections`, so they hold the same
numbers; the customer version is laid out from :func:`kit.jbp.customer_version` and
never holds the brand's cost prices, internal margins, activity ROI or internal notes.
Exports never overwrite an existing file unless asked (``overwrite=True``): the new
file goes to ``name (2).xlsx`` and so on.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kit import i18n, workspace
from kit.export.pdf import PdfUnavailable, html_to_pdf
from kit.export.review import CSS, _figure_html, _sheet, _write_atomic
from kit.jbp.document import INTERNAL, Jbp, customer_version, version_label
from kit.jbp.layout import Section, format_value, sections, title

if TYPE_CHECKING:
    from matplotlib.figure import Figure

t = i18n.catalogue(
    "export.jbp",
    {
        "file": {"zh": "联合生意计划", "en": "JBP"},
        "figures": {"zh": "图表", "en": "Charts"},
        "banner.internal": {"zh": "内部版：含品牌成本、毛利、活动 ROI 和内部备注，不得发给客户。",
                            "en": "Internal version: holds the brand's costs, margins, activity "
                                  "ROI and internal notes. Never send it to the customer."},
        "banner.customer": {"zh": "客户版：可以发给客户。", "en": "Customer version: may be sent "
                                                              "to the customer."},
    },
)

EXCEL_FORMATS = {"money": "#,##0", "percent": "0.0%", "days": "0.0", "ratio": "0.00",
                 "units": "#,##0", "count": "0", "date": "yyyy-mm-dd"}
MAX_SHEET_TITLE = 31  # Excel's limit
VERSIONS = (INTERNAL, "customer")


def _document(jbp: Jbp, version: str) -> Jbp:
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, got {version!r}")
    return jbp if version == INTERNAL and jbp.version == INTERNAL else customer_version(jbp)


# ------------------------------------------------------------------ xlsx


def build_jbp_workbook(jbp: Jbp, version: str = INTERNAL):
    """One version of the JBP as an openpyxl Workbook (not yet saved): one sheet per
    section (cover, the six parts, the cooperation-plan lines)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in sections(_document(jbp, version)):
        _section_sheet(workbook, section)
    return workbook


def _section_sheet(workbook, section: Section) -> None:
    frame = section.frame
    columns = list(frame.columns)
    formats = {columns.index(c) + 1: EXCEL_FORMATS[k] for c, k in section.kinds.items()
               if k in EXCEL_FORMATS}
    widths = [min(max(len(str(c)) * 2.2, 10, _widest(frame[c])), 80) for c in columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    wrap = tuple(i + 1 for i, c in enumerate(columns) if frame[c].dtype == object)
    sheet = _sheet(workbook, section.title[:MAX_SHEET_TITLE], columns, rows, formats, widths,
                   wrap=wrap)
    if section.row_kinds and section.value_column is not None:
        column = columns.index(section.value_column) + 1
        cells = sheet.iter_rows(min_row=2, min_col=column, max_col=column)
        for (cell,), kind in zip(cells, section.row_kinds, strict=True):
            if kind in EXCEL_FORMATS:
                cell.number_format = EXCEL_FORMATS[kind]


def _widest(column: pd.Series) -> float:
    lengths = column.map(lambda v: len(str(v)) if isinstance(v, str) else 12)
    return float(lengths.max() * 1.6) if len(lengths) else 10.0


def _cell(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def jbp_xlsx(jbp: Jbp, path: str | os.PathLike[str], *, version: str = INTERNAL,
             overwrite: bool = False) -> Path:
    """Write one version as an Excel workbook; returns the path written (``name (2).xlsx``
    when the file exists and ``overwrite`` is False)."""
    workbook = build_jbp_workbook(jbp, version)
    return _write_atomic(path, overwrite, lambda tmp: workbook.save(tmp))


# ------------------------------------------------------------------ HTML


def section_html(section: Section) -> str:
    """One section as an HTML table, numbers formatted as in the workbook."""
    frame = section.frame
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for i, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            kind = (section.row_kinds[i] if section.row_kinds and column == section.value_column
                    else section.kinds.get(column))
            align = ' class="num"' if kind in EXCEL_FORMATS and kind != "date" else ""
            text = html.escape(format_value(value, kind)).replace("\n", "<br>")
            cells.append(f"<td{align}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="dataframe"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def render_jbp_html(jbp: Jbp, version: str = INTERNAL,
                    figures: Mapping[str, Figure] | None = None) -> str:
    """One version as a self-contained HTML document (inline CSS, charts as data URIs).
    ``figures`` must be fit for that version: pass the customer version only charts of
    shareable numbers."""
    doc = _document(jbp, version)
    lang = "zh-CN" if i18n.get_lang() == "zh" else "en"
    heading = html.escape(f"{title()} · {version_label(doc.version)}")
    subject = html.escape(" ".join(x for x in (doc.customer_id, doc.customer_name, doc.period)
                                   if x))
    banner = t(f"banner.{doc.version}")
    colour = "#c62828" if doc.version == INTERNAL else "#2e7d32"
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{heading} — {subject}</title>",
           f"<style>{CSS} td.num {{ text-align: right; white-space: nowrap; }}</style>",
           "</head>", "<body><main>", f"<h1>{heading}</h1>", f'<p class="meta">{subject}</p>',
           f'<p style="color:{colour};font-weight:bold">{html.escape(banner)}</p>']
    for section in sections(doc):
        out.append(f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>'
                   f"{section_html(section)}</section>")
    if figures:
        out.append(f'<section id="figures"><h2>{html.escape(t("figures"))}</h2>')
        out += [_figure_html(name, figure) for name, figure in figures.items()]
        out.append("</section>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def jbp_html(jbp: Jbp, path: str | os.PathLike[str], *, version: str = INTERNAL,
             overwrite: bool = False, figures: Mapping[str, Figure] | None = None) -> Path:
    """Write one version as one self-contained HTML file; returns the path written."""
    document = render_jbp_html(jbp, version, figures)
    return _write_atomic(path, overwrite, lambda tmp: tmp.write_text(document, encoding="utf-8"))


# ------------------------------------------------------------------ both versions


@dataclass(frozen=True)
class JbpFiles:
    """What :func:`export_jbp` wrote."""

    internal_xlsx: Path
    internal_html: Path
    customer_xlsx: Path
    customer_html: Path
    internal_pdf: Path | None = None
    customer_pdf: Path | None = None
    pdf_note: str | None = None  # why there is no PDF, when there is none

    def customer(self) -> list[Path]:
        """Everything that may go to the distributor."""
        return [p for p in (self.customer_xlsx, self.customer_html, self.customer_pdf) if p is not None]

    def all(self) -> list[Path]:
        files = [self.internal_xlsx, self.internal_html, self.customer_xlsx, self.customer_html,
                 self.internal_pdf, self.customer_pdf]
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
               overwrite: bool = False, pdf: bool = True) -> JbpFiles:
    """Both versions, xlsx and HTML (and PDF, printed from the HTML, where a Chromium
    is installed: see kit.export.pdf), into ``folder``. ``figures`` go into the internal
    HTML, ``customer_figures`` (charts of shareable numbers only) into the customer one."""
    folder = Path(folder)
    written: dict[str, object] = {}
    for version, charts in ((INTERNAL, figures), ("customer", customer_figures)):
        stem = file_stem(jbp, version)
        written[f"{version}_xlsx"] = jbp_xlsx(jbp, folder / f"{stem}.xlsx", version=version,
                                              overwrite=overwrite)
        written[f"{version}_html"] = page = jbp_html(jbp, folder / f"{stem}.html", version=version,
                                                     overwrite=overwrite, figures=charts)
        if pdf and not written.get("pdf_note"):
            try:
                written[f"{version}_pdf"] = html_to_pdf(page, folder / f"{stem}.pdf",
                                                        overwrite=overwrite)
            except PdfUnavailable as error:
                written["pdf_note"] = str(error)
    return JbpFiles(**written)


__all__ = ["EXCEL_FORMATS", "JbpFiles", "build_jbp_workbook", "export_jbp", "file_stem",
           "format_value", "jbp_html", "jbp_xlsx", "render_jbp_html", "section_html"]
