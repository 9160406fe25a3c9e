"""Trainee data in: load → map columns → validate → canonical tables."""

from kit.data.loader import LoadResult, load
from kit.data.report import DataError, LoadReport, Problem

__all__ = ["DataError", "LoadReport", "LoadResult", "Problem", "load", "sheet_names"]


def sheet_names(source, name: str | None = None) -> list[str]:
    """The sheets of a workbook, in order (a CSV has none)."""
    from pathlib import Path

    from kit.data import readers

    file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
    data = readers.read_bytes(source, file)
    if readers.sniff(data) != readers.XLSX:
        return []
    wb = readers.open_workbook(data, file)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()
