"""Writing export files safely: atomically, never over a file silently, and with
nothing a spreadsheet would run.

A value typed by a trainee or read from a data file can start with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return; Excel and WPS read such a cell as a
formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). OWASP's advice is followed:
such text is stored with a leading apostrophe, as text. Numbers stay numbers.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from kit.workspace import file_mode, safe_export_path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """``value`` fit for a spreadsheet cell: text that a spreadsheet would evaluate is
    prefixed with an apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text (UTF-8 with BOM for Excel), every formula-like text neutralised
    and quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else spreadsheet_text(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def write_atomic(path: str | os.PathLike[str], overwrite: bool,
                 write: Callable[[Path], None]) -> Path:
    """Write through a temporary file beside the target, then move it into place, so a
    crash never leaves half a file; an existing file is kept (the export goes to
    ``name (2).ext``) unless ``overwrite``. Returns the path written."""
    target = safe_export_path(path, overwrite=overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, file_mode())  # mkstemp makes it owner-only
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    return write_atomic(path, overwrite, lambda tmp: tmp.write_text(text, encoding="utf-8"))


__all__ = ["FORMULA_STARTS", "csv_text", "spreadsheet_text", "write_atomic", "write_text"]
