"""Bytes in, a raw grid out: every cell as the file holds it, rows numbered as
Excel numbers them (1-based, title and header rows counted).

The format is decided by content, not by the file name, because trainees save
workbooks under .csv names and CSVs under .xlsx names.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kit.data.report import DataError, file_error

XLSX, XLS, ZIP, GZIP, UTF16, TEXT, BINARY = "xlsx", "xls", "zip", "gzip", "utf16", "csv", "binary"
DELIMITERS = ",;\t|"
SAMPLE_LINES = 50
# A cell may be long (a pasted note); the csv module's default limit (131,072
# characters) would turn one into a traceback. Raising it is process-wide and harmless.
csv.field_size_limit(2**31 - 1)
# The line breaks pandas' C parser splits on (str.splitlines also splits on \x0b,
# \x1c, U+2028 …, which would shift every row number after one of them).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Bytes below 0x20 that text files do not hold (tab, LF and CR excluded).
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))
MAX_SHOWN = 60  # characters of a broken line quoted in its message


@dataclass
class Lines:
    """What a delimited text's rows looked like before they became a grid.

    ``fields``: the number of fields each row had (grid order), so a row with
    more or fewer fields than its header is caught rather than shifted or padded.
    ``broken``: rows the reader could not split as written, row -> (code, the line).
    """

    fields: np.ndarray
    delimiter: str
    broken: dict[int, tuple[str, str]] = field(default_factory=dict)


def read_bytes(source: str | Path | bytes, file: str) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    try:
        # Opened read-only: input files are never modified.
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise file_error(file, "file.missing") from None
    except IsADirectoryError:
        raise file_error(file, "file.directory") from None
    except PermissionError:
        raise file_error(file, "file.permission") from None
    except OSError as exc:
        raise file_error(file, "file.os_error", error=exc.strerror or exc) from None


def sniff(data: bytes) -> str:
    """The real format of a file's bytes."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return BINARY
        return XLSX if "xl/workbook.xml" in names else ZIP
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return XLS
    if data.startswith(b"\x1f\x8b"):
        return GZIP
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_order(data):
        return UTF16
    head = data[:4096]
    # A stray NUL in an otherwise plain text is a damaged row, not a binary file:
    # binary formats are full of control bytes, text has next to none.
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > max(1, len(head) // 200):
        return BINARY
    return TEXT


def utf16_order(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" for UTF-16 text saved without a BOM, else None.

    Latin letters, digits and delimiters in UTF-16 are a byte and a zero: the
    zeros fall on odd positions (little-endian) or on even ones.
    """
    head = np.frombuffer(data[: 4096 - 4096 % 2][: len(data) - len(data) % 2], dtype=np.uint8)
    if len(head) < 4:
        return None
    even, odd = (head[0::2] == 0).mean(), (head[1::2] == 0).mean()
    # Chinese characters are two non-zero bytes (but a few, like 销 U+9500, end in a zero).
    if odd > 0.2 and even < odd / 8:
        order = "utf-16-le"
    elif even > 0.2 and odd < even / 8:
        order = "utf-16-be"
    else:
        return None
    try:
        data[: len(data) - len(data) % 2].decode(order)
    except UnicodeDecodeError:
        return None
    return order


def gunzip(data: bytes, file: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zipfile.BadZipFile):
        raise file_error(file, "file.binary") from None


# ---------------------------------------------------------------- text / CSV


@dataclass
class Decoded:
    """A text file's characters, the encoding they were read with, and the rows
    written in another encoding (row -> a short description of what they are)."""

    text: str
    encoding: str
    foreign: dict[int, str] = field(default_factory=dict)


def decode(data: bytes, file: str, encoding: str | None = None) -> Decoded:
    """Text and the encoding it was read with.

    UTF-8 (with or without BOM) and UTF-16 are certain; otherwise GB18030 (a
    superset of GBK, what Chinese Windows exports) and Windows-1252 are tried,
    and when both decode, the layout of the high bytes decides. A file that
    mixes UTF-8 and GBK rows (rows pasted in from another export) is read in
    its main encoding and the other rows are named.
    """
    if encoding:
        return Decoded(_decode_as(data, encoding, file), encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError:
            return _utf8_mostly(data[3:], "utf-8-sig") or Decoded(
                _decode_as(data, "utf-8-sig", file), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_decode_as(data, "utf-16", file), "utf-16")
    order = utf16_order(data)
    if order:
        return Decoded(_decode_as(data[: len(data) - len(data) % 2], order, file), order)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if not data[:first_bad].isascii():
        # Real UTF-8 text before the first undecodable byte: UTF-8 with foreign rows?
        mixed = _utf8_mostly(data, "utf-8")
        if mixed:
            return mixed
    readable = {}
    for enc in ("gb18030", "cp1252"):
        try:
            readable[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if len(readable) == 2:
        choice = _judge_gb_or_western(data)
        if choice is None:
            raise file_error(file, "file.encoding")
    elif readable:
        (choice,) = readable
    else:
        raise file_error(file, "file.encoding")
    decoded = Decoded(readable[choice], choice)
    if choice == "gb18030":
        _name_utf8_rows(data, decoded)
    return decoded


def _utf8_mostly(data: bytes, label: str) -> Decoded | None:
    """UTF-8 text with a few rows in another encoding: those rows named, or None
    when most non-ASCII rows are not UTF-8 (then it is not a UTF-8 file)."""
    lines = data.split(b"\n")
    foreign: dict[int, str] = {}
    utf8 = 0
    out = []
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            text = line.decode("gb18030", errors="replace")
            foreign[number] = "gbk"
        out.append(text)
    if not foreign:
        return None
    if utf8 <= len(foreign):
        return None
    return Decoded("\n".join(out), label, foreign)


def _name_utf8_rows(data: bytes, decoded: Decoded) -> None:
    """Rows of a GBK file that are really UTF-8 (they decode as GBK, to nonsense).

    Such a row holds two Chinese characters in UTF-8 side by side (a lead byte
    E4–E9 and two continuation bytes, twice): found on the bytes, vectorised,
    and confirmed by the whole line decoding as UTF-8.
    """
    b = np.frombuffer(data, dtype=np.uint8)
    lead = np.flatnonzero(np.subtract(b, 0xE4, dtype=np.uint8) < 6)  # E4..E9
    lead = lead[lead + 5 < len(b)]
    if not len(lead):
        return

    def cont(at):  # a UTF-8 continuation byte, 80..BF
        return np.subtract(b[at], 0x80, dtype=np.uint8) < 0x40

    hits = lead[cont(lead + 1) & cont(lead + 2) & (np.subtract(b[lead + 3], 0xE4, dtype=np.uint8) < 6)
                & cont(lead + 4) & cont(lead + 5)]
    if not len(hits):
        return
    breaks = np.flatnonzero(b == 10)
    lines = None
    for index in np.unique(np.searchsorted(breaks, hits)).tolist():  # 0-based line numbers
        begin = int(breaks[index - 1]) + 1 if index else 0
        end = int(breaks[index]) if index < len(breaks) else len(data)
        try:
            text = data[begin:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if lines is None:
            lines = decoded.text.split("\n")
        lines[index] = text
        decoded.foreign[index + 1] = "utf-8"
    if lines is not None:
        decoded.text = "\n".join(lines)


def _judge_gb_or_western(data: bytes) -> str | None:
    """GB18030 or Windows-1252 for bytes that decode as both.

    A Chinese character in GBK is two high bytes side by side; an accented
    letter in Windows-1252 is one high byte between ASCII letters. So the share
    of high bytes that have a high neighbour tells them apart; in between, we
    do not guess.
    """
    b = np.frombuffer(data, dtype=np.uint8)
    high = b >= 0x80
    if not high.any():
        return "cp1252"
    neighbour = np.zeros_like(high)
    neighbour[1:] |= high[:-1]
    neighbour[:-1] |= high[1:]
    paired = (high & neighbour).sum() / high.sum()
    if paired >= 0.8:
        return "gb18030"
    if paired <= 0.4:
        return "cp1252"
    return None


def _decode_as(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise file_error(file, "file.bad_encoding", encoding=encoding, row=row) from None
    except LookupError:
        raise file_error(file, "file.encoding") from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits most sample lines into the same number of fields.

    Title lines above the header have a single field whatever the delimiter,
    so they do not vote.
    """
    sample = first_lines(text, SAMPLE_LINES)
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        widths = [len(r) for r in csv.reader(sample, delimiter=delim) if len(r) > 1]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if (count, width) > best_score:
            best, best_score = delim, (count, width)
    return best


def first_lines(text: str, n: int) -> list[str]:
    """The first `n` lines (within the first million characters), split as rows are."""
    head = text[:1_000_000]
    lines, start = [], 0
    for match in itertools.islice(LINE_BREAK.finditer(head), n):
        lines.append(head[start: match.start()])
        start = match.end()
    if len(lines) < n and start < len(head):
        lines.append(head[start:])
    return lines


def text_grid(data: bytes, decoded: Decoded, delimiter: str) -> tuple[pd.DataFrame, Lines]:
    """Every line of a delimited text as a row of an object grid, indexed by
    line number, and how many fields each line had.

    One physical line is one row, always: a quote that is still open at the end
    of its line is that row's problem, and the next line is read as a row of
    its own, so a stray quote can never swallow the rest of the file.
    """
    text, encoding = decoded.text, decoded.encoding
    raw = _ascii_transparent(data, decoded, delimiter)
    fields = None if raw is None or "\x00" in text else field_counts(raw, delimiter)
    if fields is not None:
        if decoded.foreign:
            data, encoding = text.encode("utf-8"), "utf-8"
        # The C parser on the bytes is ~10x faster than csv.reader, and much
        # faster than the same parser reading back from a StringIO.
        grid = pd.read_csv(
            io.BytesIO(data), encoding=encoding, sep=delimiter, header=None,
            names=range(max(int(fields.max(initial=1)), 1)), dtype=object,
            keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
        )
        if len(grid) == len(fields):
            grid.index = pd.RangeIndex(1, len(grid) + 1, name="row")
            return grid, Lines(fields, delimiter, _foreign(decoded))
    return _line_by_line(text, delimiter, decoded)


def _ascii_transparent(data: bytes, decoded: Decoded, delimiter: str) -> bytes | None:
    """The file as bytes in which the delimiter, quote and line-break bytes mean
    only themselves (UTF-8, Windows-1252, GBK except for |), or None."""
    if decoded.foreign or decoded.encoding.startswith("utf-16"):
        return None
    if decoded.encoding == "gb18030" and delimiter == "|":  # | (0x7C) can be a GBK trail byte
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.find(b"\r") >= 0 and data.count(b"\r") != data.count(b"\r\n"):
        return None  # old Mac line ends: let Python split them
    return data


def field_counts(raw: bytes, delimiter: str) -> np.ndarray | None:
    """Fields per physical line, counted on the bytes (vectorised), or None when
    the quoting is not plain (a quote inside a field, a quoted line break, an
    unclosed quote): then the file is read line by line, exactly.
    """
    b = np.frombuffer(raw, dtype=np.uint8)
    if not len(b):
        return np.zeros(0, dtype=np.int64)
    breaks = np.flatnonzero(b == 10)
    ends = breaks if b[-1] == 10 else np.append(breaks, len(b))
    delims = np.flatnonzero(b == ord(delimiter))
    fields = np.diff(np.searchsorted(delims, ends), prepend=0) + 1
    if raw.find(b'"') >= 0:
        quotes = np.flatnonzero(b == 34)
        if len(quotes) % 2 or not _plain_quotes(b, quotes, ord(delimiter)):
            return None
        if (np.searchsorted(quotes, breaks) % 2).any():  # a line break inside quotes
            return None
        # A delimiter between an opening and its closing quote is text, not a field break.
        opening, closing = quotes[0::2], quotes[1::2]
        quoted = np.searchsorted(delims, closing) - np.searchsorted(delims, opening)
        fields -= np.bincount(np.searchsorted(ends, opening), weights=quoted,
                              minlength=len(ends)).astype(np.int64)
    return fields


def _plain_quotes(b: np.ndarray, quotes: np.ndarray, delim: int) -> bool:
    """Every quote opens a field, closes one, or is half of a doubled quote."""
    opening, closing = quotes[0::2], quotes[1::2]
    escaped_open = np.zeros(len(opening), dtype=bool)  # "" inside a quoted field
    escaped_open[1:] = closing[:-1] == opening[1:] - 1
    before = b[np.maximum(opening - 1, 0)]
    opens = (opening == 0) | (before == delim) | (before == 10) | escaped_open
    escaped_close = np.zeros(len(closing), dtype=bool)
    escaped_close[:-1] = escaped_open[1:]
    after = b[np.minimum(closing + 1, len(b) - 1)]
    closes = ((closing == len(b) - 1) | (after == delim) | (after == 10) | (after == 13)
              | escaped_close)
    return bool(opens.all() and closes.all())


def _foreign(decoded: Decoded) -> dict[int, tuple[str, str]]:
    if not decoded.foreign:
        return {}
    lines = LINE_BREAK.split(decoded.text)
    return {row: (f"row.encoding.{kind}", shown(lines[row - 1]))
            for row, kind in decoded.foreign.items() if row <= len(lines)}


def _line_by_line(text: str, delimiter: str, decoded: Decoded) -> tuple[pd.DataFrame, Lines]:
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the break after the last line ends it; it starts no new one
    broken = _foreign(decoded)
    rows = []
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            broken.setdefault(number, ("row.nul", shown(line.replace("\x00", "\\0"))))
            line = line.replace("\x00", "")
        if '"' not in line:
            rows.append(line.split(delimiter) if line else [])
            continue
        try:
            rows.append(next(csv.reader([line], delimiter=delimiter, strict=True), []))
        except csv.Error as exc:
            if "end of data" in str(exc):  # the quote is still open at the end of the line
                broken.setdefault(number, ("row.quote", shown(line)))
            rows.append(next(csv.reader([line], delimiter=delimiter), []))
    fields = np.array([len(r) for r in rows], dtype=np.int64)
    return _grid(rows), Lines(fields, delimiter, broken)


def shown(line: str) -> str:
    """A cell or line as a message quotes it: cut at MAX_SHOWN characters."""
    return line if len(line) <= MAX_SHOWN else line[:MAX_SHOWN] + "…"


def _grid(rows: list) -> pd.DataFrame:
    # Title lines are short and ERP footers ragged: pad every row to the widest.
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    grid = pd.DataFrame(rows, dtype=object, columns=range(width))
    grid.index = pd.RangeIndex(1, len(grid) + 1, name="row")
    return grid


# ------------------------------------------------------------------- Excel


def open_workbook(data: bytes, file: str):
    from openpyxl import load_workbook

    try:
        # read_only streams rows; data_only gives the values Excel last computed.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise file_error(file, "file.unreadable", error=type(exc).__name__) from None


def is_table_sheet(sheet) -> bool:
    """A worksheet (a chart sheet holds no cells)."""
    return hasattr(sheet, "iter_rows")


def sheet_grid(workbook, sheet: str, file: str, max_rows: int | None = None) -> pd.DataFrame:
    try:
        ws = workbook[sheet]
        if not is_table_sheet(ws):
            raise file_error(file, "sheet.chart", sheet=sheet)
        # Exporters write a wrong <dimension> (A1:E5 over 13 rows); openpyxl would
        # stop there. Read the cells the sheet really has.
        ws.reset_dimensions()
        rows = list(ws.iter_rows(min_row=1, max_row=max_rows, values_only=True))
    except DataError:
        raise
    except Exception as exc:
        raise file_error(file, "file.unreadable", error=type(exc).__name__) from None
    return _grid(rows)


# A formula cell Excel never computed: <c><f>…</f></c> with no (or an empty) <v> after it.
_UNCOMPUTED = re.compile(rb"(?:</f>|<f[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def formulas(data: bytes, workbook, sheet: str) -> dict[tuple[int, int], str]:
    """(row, 0-based column) -> formula of the sheet's formula cells, when some
    formula has no computed value (a workbook written by a program and never
    opened in Excel); {} otherwise, without reading the sheet twice."""
    from openpyxl import load_workbook

    path = getattr(workbook[sheet], "_worksheet_path", None)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if path is None or not _UNCOMPUTED.search(z.read(path)):
                return {}
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # the data pass read this file already; this only improves a message
        return {}
    try:
        ws = book[sheet]
        ws.reset_dimensions()
        return {(cell.row, cell.column - 1): cell.value
                for row in ws.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=")}
    finally:
        book.close()
