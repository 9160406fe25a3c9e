"""Vectorised cell parsers: raw cells (text from CSV, mixed types from Excel) in,
typed values plus a mask of the cells that could not be read out.

Each parser returns ``(values, bad)`` where ``bad`` is a boolean Series that is
True only for cells that hold something unreadable; empty cells are neither
values nor bad (the caller decides whether a column may be empty).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

import numpy as np
import pandas as pd

from kit.schema import KIND_VALUES

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Serial day numbers 10000..80000 are 1927..2119: wide enough for sales data and
# far from yyyymm (190001+) numbers, so the two never get confused.
_SERIAL_MIN, _SERIAL_MAX = 10_000, 80_000

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_YM = re.compile(r"^(\d{4})\s*(?:[-/.年]|m)\s*(\d{1,2})\s*月?$")
_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_ABY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
_MON_Y = re.compile(r"^([a-z]{3,9})[-\s,]*('?\d{2}|\d{4})$")

_EMPTY = {"", "nan", "none", "null", "nat"}
# The same markers as they are spelled, so text columns need no lower-casing.
_EMPTY_SPELLINGS = sorted({v for w in _EMPTY for v in (w, w.upper(), w.capitalize())} | {"NaN", "NaT"})


def per_unique(fn):
    """Run a column parser once per distinct cell value and spread the results back.

    Exports repeat a few dozen months and a few thousand codes over hundreds of
    thousands of rows, so this turns per-cell Python work into per-value work.
    Parsers that look at the whole column (day-first dates) see the same set
    of values either way.
    """

    @functools.wraps(fn)
    def wrapper(raw: pd.Series, *args, **kwargs):
        codes, uniques = pd.factorize(raw, use_na_sentinel=False)
        results = fn(pd.Series(uniques, dtype=object), *args, **kwargs)

        def spread(out: pd.Series) -> pd.Series:
            return pd.Series(out.to_numpy()[codes], index=raw.index, dtype=out.dtype)

        return tuple(spread(r) for r in results) if isinstance(results, tuple) else spread(results)

    return wrapper


def map_unique(raw: pd.Series, fn) -> pd.Series:
    """``raw.map(fn)``, computed once per distinct value."""
    return per_unique(lambda u: u.map(fn))(raw)


def is_blank(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and np.isnan(cell):
        return True
    return isinstance(cell, str) and cell.strip().lower() in _EMPTY


def blank_mask(raw: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN, blank text)."""
    if not (raw.dtype == object or pd.api.types.is_string_dtype(raw)):
        return raw.isna()
    if len(raw) and pd.api.types.infer_dtype(raw, skipna=False) == "string":
        # All text (a CSV column): fixed-width numpy strings strip in C.
        text = np.char.strip(raw.to_numpy(dtype=str))
        return pd.Series(np.isin(text, _EMPTY_SPELLINGS), index=raw.index)
    return map_unique(raw, is_blank).astype(bool)


def _text(raw: pd.Series) -> pd.Series:
    """Cells as normalised text (full-width digits and punctuation folded)."""
    return raw.map(lambda c: unicodedata.normalize("NFKC", str(c)).strip().lower())


def _ymd_to_stamp(y: pd.Series, m: pd.Series, d: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"year": y, "month": m, "day": d}).astype("float64")
    ok = frame.notna().all(axis=1)
    out = pd.Series(pd.NaT, index=y.index, dtype="datetime64[ns]")
    if ok.any():
        out[ok] = pd.to_datetime(frame[ok].astype("int64"), errors="coerce")
    return out


@per_unique
def parse_dates(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Read dates in the forms trainees' exports use.

    Returns ``(stamps, has_day, bad)``: day-precision timestamps (the 1st for
    month-only values), whether the cell named a day, and the unreadable mask.
    Forms: 2024-01, 2024/1, 2024年1月, 2024-01-15, 2024/1/15, 2024年1月15日,
    1/15/2024 (and 15/1/2024: day-first when any value in the column has a
    first part above 12), 202401, 20240115, Excel serial numbers, Jan-2024,
    and real dates from Excel cells.
    """
    idx = raw.index
    blank = blank_mask(raw)
    stamps = pd.Series(pd.NaT, index=idx, dtype="datetime64[ns]")
    has_day = pd.Series(False, index=idx)

    is_datetime = raw.map(lambda c: isinstance(c, (dt.date, pd.Timestamp, np.datetime64)))
    if is_datetime.any():
        stamps[is_datetime] = pd.to_datetime(raw[is_datetime], errors="coerce").dt.normalize()
        has_day[is_datetime] = True

    is_number = raw.map(lambda c: isinstance(c, (int, float, np.number)) and not isinstance(c, bool))
    is_number &= ~blank
    if is_number.any():
        num = pd.to_numeric(raw[is_number], errors="coerce")
        stamps, has_day = _numbers_to_dates(num, stamps, has_day)

    rest = ~(blank | is_datetime | is_number)
    if rest.any():
        text = _text(raw[rest])
        stamps, has_day = _text_to_dates(text, stamps, has_day)

    bad = ~blank & stamps.isna()
    return stamps, has_day, bad


def _numbers_to_dates(num: pd.Series, stamps: pd.Series, has_day: pd.Series):
    whole = num.notna() & (num == num.round())
    yyyymm = whole & (num >= 190001) & (num <= 210012) & (num % 100 >= 1) & (num % 100 <= 12)
    if yyyymm.any():
        v = num[yyyymm]
        stamps[v.index] = _ymd_to_stamp(v // 100, v % 100, pd.Series(1, index=v.index))
    serial = whole & (num >= _SERIAL_MIN) & (num <= _SERIAL_MAX)
    if serial.any():
        v = num[serial]
        stamps[v.index] = EXCEL_EPOCH + pd.to_timedelta(v.astype("int64"), unit="D")
        has_day[v.index] = True
    return stamps, has_day


def _text_to_dates(text: pd.Series, stamps: pd.Series, has_day: pd.Series):
    one = pd.Series(1, index=text.index)
    todo = pd.Series(True, index=text.index)

    def take(mask: pd.Series, y, m, d, daily: bool) -> None:
        nonlocal todo
        if mask.any():
            stamps[mask[mask].index] = _ymd_to_stamp(y[mask], m[mask], d[mask])
            has_day[mask[mask].index] = daily
        todo &= ~mask

    g = text.str.extract(_YMD)
    take(g[0].notna(), g[0], g[1], g[2], True)
    g = text[todo].str.extract(_YM).reindex(text.index)
    take(g[0].notna() & todo, g[0], g[1], one, False)

    g = text[todo].str.extract(_ABY).reindex(text.index)
    hit = g[0].notna() & todo
    if hit.any():
        a, b = g[0].astype("float64"), g[1].astype("float64")
        # One column uses one convention: day-first only if some first part cannot be a month.
        day_first = bool((a[hit] > 12).any())
        month, day = (b, a) if day_first else (a, b)
        take(hit, g[2], month, day, True)

    g = text[todo].str.extract(_COMPACT).reindex(text.index)
    hit = g[0].notna() & todo
    take(hit & g[2].isna(), g[0], g[1], one, False)
    take(hit & g[2].notna(), g[0], g[1], g[2], True)

    g = text[todo].str.extract(_SERIAL).reindex(text.index)
    hit = g[0].notna() & todo
    if hit.any():
        serial = g[0][hit].astype("int64")
        ok = serial.between(_SERIAL_MIN, _SERIAL_MAX)
        stamps[ok[ok].index] = EXCEL_EPOCH + pd.to_timedelta(serial[ok], unit="D")
        has_day[ok[ok].index] = True
        todo &= ~hit

    g = text[todo].str.extract(_MON_Y).reindex(text.index)
    hit = g[0].notna() & todo
    if hit.any():
        month = g[0].map(_MONTHS)
        year = g[1].str.lstrip("'").astype("float64")
        year = year.where(year >= 100, year + 2000)
        take(hit & month.notna(), year, month, one, False)
    return stamps, has_day


def parse_periods(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Monthly periods: ``(periods, has_day, bad)``; see :func:`parse_dates`."""
    stamps, has_day, bad = parse_dates(raw)
    return stamps.dt.to_period("M"), has_day.astype(bool), bad.astype(bool)


_CURRENCY = re.compile(r"[¥$€£]|rmb|cny|元|\s")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_EURO = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d+,\d{1,2}$")
_PARENS = re.compile(r"^\((.*)\)$")


def _clean_number_text(s: str) -> str:
    s = _CURRENCY.sub("", unicodedata.normalize("NFKC", s).lower())
    m = _PARENS.match(s)
    if m:  # accounting negative: (1,234.00)
        s = "-" + m.group(1)
    if _GROUPED.match(s):
        return s.replace(",", "")
    if _EURO.match(s):
        return s.replace(".", "").replace(",", ".")
    return s


def parse_numbers(raw: pd.Series, *, percent: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers, including text like "1,234.50", "¥12,345", "(300)", "1.234,5".

    With ``percent=True`` a trailing % divides by 100 ("60%" -> 0.6).
    """
    # Plain numbers and clean numeric text in one vectorised pass (bools are not
    # numbers); only the cells it cannot read get the slower text treatment.
    all_text = len(raw) > 0 and pd.api.types.infer_dtype(raw, skipna=False) == "string"
    is_bool = False if all_text else raw.map(lambda c: isinstance(c, bool))
    values = pd.to_numeric(raw.where(~is_bool) if not all_text else raw,
                           errors="coerce").astype("float64")
    rest = values.isna()
    blank = pd.Series(False, index=raw.index)
    if rest.any():
        blank[rest] = blank_mask(raw[rest])
        todo = rest & ~blank & ~is_bool
        if todo.any():
            values[todo] = _parse_number_text(raw[todo], percent)
    bad = ~blank & (values.isna() | np.isinf(values))
    return values.where(~bad), bad


@per_unique
def _parse_number_text(raw: pd.Series, percent: bool) -> pd.Series:
    text = raw.map(lambda c: _clean_number_text(str(c)))
    pct = text.str.endswith("%") if percent else pd.Series(False, index=text.index)
    text = text.where(~pct, text.str[:-1])
    parsed = pd.to_numeric(text, errors="coerce").astype("float64")
    return parsed.where(~pct, parsed / 100)


@per_unique
def parse_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Identifiers and labels as stripped text; 10023.0 from Excel becomes "10023"."""
    blank = blank_mask(raw)

    def one(c: object) -> str:
        if isinstance(c, float) and c.is_integer():
            return str(int(c))
        if isinstance(c, (dt.datetime, pd.Timestamp)):
            return c.strftime("%Y-%m-%d")
        return str(c).strip()

    out = raw.map(one).where(~blank, None).astype("string")
    return out, pd.Series(False, index=raw.index)


@per_unique
def parse_kinds(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """sell_in / sell_out from the words exports use (进货, 零售, Sell-in …)."""
    blank = blank_mask(raw)
    mapped = _text(raw).map(KIND_VALUES)
    bad = ~blank & mapped.isna()
    return mapped.where(~blank, None).astype("string"), bad
