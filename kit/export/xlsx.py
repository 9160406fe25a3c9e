"""A Document as an Excel workbook: one sheet per section (or per ``Section.sheet``).

On a sheet, blocks follow each other with a blank row between: a table as a bold
header row and its rows (numbers stay numbers, each cell with the number format
of its kind), a text as one row (its heading in bold, then the text). Charts are
left to the HTML, PDF and slides. Text that a spreadsheet would evaluate is
stored as text (:func:`kit.export.files.spreadsheet_text`).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from kit import fmt
from kit.export.document import Document, Table, Text, for_medium
from kit.export.files import spreadsheet_text, write_atomic
from kit.style import rag_colours

MAX_SHEET_TITLE = 31  # Excel's limit
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet name
MAX_WIDTH = 80


def workbook(doc: Document):
    """The document as an openpyxl Workbook (not yet saved)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "kit"
    book.properties.title = doc.title
    book.properties.subject = doc.subject
    sheets: dict[str, list] = {}
    for section in doc.sections:
        blocks = [b for b in section.blocks if for_medium(b, "xlsx") and not _is_chart(b)]
        if blocks:
            sheets.setdefault(section.sheet or section.title, []).extend(blocks)
    names: set[str] = set()
    for title, blocks in sheets.items():
        _write_sheet(book.create_sheet(_sheet_name(title, names)), blocks)
    if not book.worksheets:  # a workbook needs one sheet
        book.create_sheet(_sheet_name(doc.title, names)).append([doc.title])
    return book


def write_xlsx(doc: Document, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the document as an xlsx file; returns the path written (``name (2).xlsx``
    when the file exists and ``overwrite`` is False)."""
    book = workbook(doc)
    return write_atomic(path, overwrite, lambda tmp: book.save(tmp))


def _is_chart(block) -> bool:
    return not isinstance(block, (Table, Text))


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _FORBIDDEN.sub("", title).strip("' ")[:MAX_SHEET_TITLE] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: MAX_SHEET_TITLE - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_sheet(sheet, blocks: list) -> None:
    from openpyxl.styles import Alignment, Font

    widths: dict[int, float] = {}
    first = blocks[0]
    for i, block in enumerate(blocks):
        if i:
            sheet.append([])
        if isinstance(block, Table):
            _write_table(sheet, block, widths, titled=i > 0 and bool(block.title))
        else:
            row = ([block.heading, "\n".join(block.lines)] if block.heading
                   else ["\n".join(block.lines)])
            sheet.append([spreadsheet_text(v) for v in row])
            cells = sheet[sheet.max_row]
            cells[0].font = Font(bold=bool(block.heading))
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            _widen(widths, [len(block.heading) * 2.2 + 2 if block.heading else 0,
                            min(max(len(line) for line in block.lines or [""]) * 1.8, MAX_WIDTH)])
    if isinstance(first, Table):
        sheet.freeze_panes = sheet.cell(2, first.freeze + 1).coordinate
    from openpyxl.utils import get_column_letter

    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 8)


def _write_table(sheet, table: Table, widths: dict[int, float], *, titled: bool) -> None:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font

    if titled:
        sheet.append([spreadsheet_text(table.title)])
        sheet[sheet.max_row][0].font = Font(bold=True)
    sheet.append([spreadsheet_text(c.label) for c in table.columns])
    # A row reads as wide as the sheet: only this table's cells are styled.
    for cell in sheet[sheet.max_row][:len(table.columns)]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    # Cells styled before they are appended: reading back the row just written
    # (sheet[sheet.max_row]) scans every cell of the sheet, once per row.
    for r, row in enumerate(table.rows):
        sheet.append([_styled(Cell(sheet, value=_cell(fmt.value(v, "rag") if table.kind(r, c) == "rag"
                                                      else v)), table.kind(r, c), v)
                      for c, v in enumerate(row)])
    for c, column in enumerate(table.columns, start=1):
        values = [row[c - 1] for row in table.rows]
        longest = max((len(str(v)) * (1.6 if isinstance(v, str) else 1.0) for v in values
                       if v is not None), default=0)
        _widen(widths, {c: min(max(len(column.label) * 2.2, 10, longest + 2), MAX_WIDTH)})


def _styled(cell, kind: str, raw: object):
    from openpyxl.styles import Alignment, Font, PatternFill

    if kind == "rag":
        background, colour = rag_colours(raw)
        cell.fill = PatternFill("solid", fgColor=background[1:])
        cell.font = Font(color=colour[1:])
        cell.alignment = Alignment(horizontal="center")
    elif kind in fmt.EXCEL_FORMATS and not isinstance(cell.value, str):
        cell.number_format = fmt.EXCEL_FORMATS[kind]
    elif isinstance(cell.value, str):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _widen(widths: dict[int, float], new) -> None:
    items = new.items() if isinstance(new, dict) else enumerate(new, start=1)
    for column, width in items:
        widths[column] = max(widths.get(column, 0), width)


def _cell(value: object) -> object:
    if value is None or isinstance(value, (bool, date)):
        return value
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, (int, float)):
        return None if fmt.is_missing(value) else value
    if fmt.is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else str(value)


__all__ = ["MAX_SHEET_TITLE", "workbook", "write_xlsx"]
