"""Trainee data in: load → map columns → validate → canonical tables."""

from kit.data.loader import LoadResult, load
from kit.data.report import DataError, LoadReport, Problem

__all__ = ["DataError", "LoadReport", "LoadResult", "Problem", "load", "sheet_names"]


def sheet_names(source, name: str | None = None) -> list[str]:
    """The sheets of a workbook, in order (a CSV has none); a file that is
    neither (an old .xls, a zip, a binary) is a DataError saying what it is."""
    from pathlib import Path

    from kit.data import readers
    from kit.data.report import file_error

    file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
    data = readers.read_bytes(source, file)
    fmt = readers.sniff(data)
    if fmt == readers.GZIP:
        fmt = readers.sniff(readers.gunzip(data, file))
    if fmt in (readers.XLS, readers.ZIP, readers.BINARY):
        raise file_error(file, {readers.XLS: "file.xls", readers.ZIP: "file.zip"}.get(fmt, "file.binary"))
    if fmt != readers.XLSX:
        return []
    wb = readers.open_workbook(data, file)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()
