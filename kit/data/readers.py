"""Bytes in, a raw grid out: every cell as the file holds it, rows numbered as
Excel numbers them (1-based, title and header rows counted).

The format is decided by content, not by the file name, because trainees save
workbooks under .csv names and CSVs under .xlsx names.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from kit.data.report import DataError, file_error

XLSX, XLS, ZIP, GZIP, UTF16, TEXT, BINARY = "xlsx", "xls", "zip", "gzip", "utf16", "csv", "binary"
DELIMITERS = ",;\t|"
SAMPLE_LINES = 50


def read_bytes(source: str | Path | bytes, file: str) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    try:
        # Opened read-only: input files are never modified.
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise file_error(file, "file.missing") from None
    except OSError as exc:
        raise file_error(file, "file.unreadable", error=exc.strerror or exc) from None


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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return UTF16
    if b"\x00" in data[:4096]:
        return BINARY
    return TEXT


def gunzip(data: bytes, file: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zipfile.BadZipFile):
        raise file_error(file, "file.binary") from None


# ---------------------------------------------------------------- text / CSV


def decode(data: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """Text and the encoding it was read with.

    UTF-8 (with or without BOM) and UTF-16 are certain; otherwise GB18030 (a
    superset of GBK, what Chinese Windows exports) and Windows-1252 are tried,
    and when both decode, the layout of the high bytes decides.
    """
    if encoding:
        return _decode_as(data, encoding, file), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(data, "utf-8-sig", file), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(data, "utf-16", file), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
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
        return readable[choice], choice
    if readable:
        (enc, text), = readable.items()
        return text, enc
    raise file_error(file, "file.encoding")


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
    sample = text[:1_000_000].splitlines()[:SAMPLE_LINES]
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        widths = [len(r) for r in csv.reader(sample, delimiter=delim) if len(r) > 1]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if (count, width) > best_score:
            best, best_score = delim, (count, width)
    return best


def text_grid(data: bytes, text: str, encoding: str, delimiter: str, file: str) -> pd.DataFrame:
    """All records of a delimited text as an object grid indexed by row number.

    `text` is `data` decoded with `encoding` (already checked to decode).
    """
    sample = list(csv.reader(text[:1_000_000].splitlines()[:SAMPLE_LINES], delimiter=delimiter))
    width = max((len(r) for r in sample), default=1)
    try:
        # The C parser on the bytes is ~10x faster than csv.reader, and much
        # faster than the same parser reading back from a StringIO.
        grid = pd.read_csv(
            io.BytesIO(data), encoding=encoding, sep=delimiter, header=None, names=range(width),
            dtype=object,
            keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        # Ragged rows wider than the sample: read them all with the csv module.
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error:  # e.g. a NUL byte deep inside: not a text table after all
            raise file_error(file, "file.binary") from None
        return _grid(rows)
    grid.index = pd.RangeIndex(1, len(grid) + 1, name="row")
    return grid


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


def sheet_grid(workbook, sheet: str, file: str, max_rows: int | None = None) -> pd.DataFrame:
    try:
        ws = workbook[sheet]
        rows = list(ws.iter_rows(min_row=1, max_row=max_rows, values_only=True))
    except DataError:
        raise
    except Exception as exc:
        raise file_error(file, "file.unreadable", error=type(exc).__name__) from None
    return _grid(rows)
