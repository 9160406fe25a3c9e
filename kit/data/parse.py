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
from dataclasses import dataclass

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
    # 20240115 typed as a number: the same date its text form is.
    yyyymmdd = whole & (num >= 19000101) & (num <= 21001231)
    if yyyymmdd.any():
        v = num[yyyymmdd]
        stamps[v.index] = _ymd_to_stamp(v // 10000, v // 100 % 100, v % 100)
        has_day[v.index] = stamps[v.index].notna()
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
_PARENS = re.compile(r"^\((.*)\)$")
# How a comma reads: only as a decimal comma (12,34 and 1.234,5), only as a thousands
# separator (1,234.5 and 1,234,567), or either way (1,234 is 1234 or 1.234).
_DECIMAL_ONLY = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d+,(\d{1,2}|\d{4,})$"
                           r"|^[+-]?\d{4,},\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d+,\d+$")


def _clean_number_text(s: str) -> str:
    s = _CURRENCY.sub("", unicodedata.normalize("NFKC", s).lower())
    m = _PARENS.match(s)
    return "-" + m.group(1) if m else s  # accounting negative: (1,234.00)


@dataclass(frozen=True)
class Ambiguous:
    """A column whose commas read both ways: a cell of each kind, to show."""

    decimal_comma: str
    thousands: str


def _decimal_mark(texts: list[str], grouped: list[bool], uniques) -> str | Ambiguous:
    """The decimal mark of a column's (cleaned) number texts, decided once for
    the whole column: "." unless some cell reads only with a decimal comma
    (12,34 or 1.234,5); then "," — or, when other cells read with thousands
    commas (1,234.50, or 1,234, which reads either way), ambiguous."""
    comma_only = next((i for i, (text, g) in enumerate(zip(texts, grouped, strict=True))
                       if not g and "," in text and _DECIMAL_ONLY.match(text)), None)
    if comma_only is None:
        return "."
    thousands = next((i for i, g in enumerate(grouped) if g), None)
    if thousands is None:
        return ","
    return Ambiguous(decimal_comma=str(uniques[comma_only]), thousands=str(uniques[thousands]))


def parse_numbers(raw: pd.Series, *, percent: bool = False,
                  decimal: str | None = None) -> tuple[pd.Series, pd.Series, str | Ambiguous]:
    """Numbers, including text like "1,234.50", "¥12,345", "(300)", "1.234,5".

    Returns ``(values, bad, mark)``. The decimal mark is ``decimal`` when given,
    else decided for the whole column, never per cell (see :func:`_decimal_mark`);
    when the column is ambiguous, ``mark`` says so and its comma cells are bad.
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
    mark: str | Ambiguous = decimal or "."
    if rest.any():
        blank[rest] = blank_mask(raw[rest])
        todo = rest & ~blank & ~is_bool
        if todo.any():
            # Once per distinct text: exports repeat the same amounts and codes.
            codes, uniques = pd.factorize(raw[todo], use_na_sentinel=False)
            texts = [_clean_number_text(str(c)) for c in uniques]
            grouped = [bool(_GROUPED.match(text)) for text in texts]
            mark = decimal or _decimal_mark(texts, grouped, uniques)
            parsed = _number_text(texts, grouped, percent, mark)
            values[todo] = parsed[codes]
    bad = ~blank & (values.isna() | np.isinf(values))
    return values.where(~bad), bad, mark


def _number_text(texts: list[str], grouped: list[bool], percent: bool,
                 mark: str | Ambiguous) -> np.ndarray:
    out = []
    for text, is_grouped in zip(texts, grouped, strict=True):
        if mark == "," and _DECIMAL.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif mark == "." and is_grouped:
            text = text.replace(",", "")
        out.append(text)
    parsed = pd.to_numeric(pd.Series(out, dtype=object), errors="coerce").to_numpy(dtype="float64")
    if percent:
        pct = np.array([t.endswith("%") for t in out], dtype=bool)
        if pct.any():
            parsed[pct] = pd.to_numeric(pd.Series([t[:-1] for t in np.array(out, dtype=object)[pct]]),
                                        errors="coerce").to_numpy(dtype="float64") / 100
    return parsed


# What exports write for "no value" in a code or name column: not a code.
PLACEHOLDERS = frozenset({"n/a", "#n/a", "na", "-", "--", "—", "——", "–", "/", "?", "？", "无",
                          "#null!", "#value!", "#ref!", "#div/0!", "#name?", "#num!"})
# What an xlsx cell cannot hold (openpyxl refuses it on export): C0 controls but tab, LF, CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@per_unique
def parse_text(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Identifiers and labels as stripped text; 10023.0 from Excel becomes "10023".

    Returns ``(text, placeholder, cleaned)``: placeholders such as N/A or "-"
    become empty (and are flagged, so a required code can say what it held);
    control characters are removed (and flagged, so the report says where).
    """
    blank = blank_mask(raw)

    def one(c: object) -> str:
        if isinstance(c, float) and c.is_integer():
            return str(int(c))
        if isinstance(c, (dt.datetime, pd.Timestamp)):
            return c.strftime("%Y-%m-%d")
        return str(c).strip()

    text = raw.map(one)
    cleaned = ~blank & text.str.contains(_CONTROL)
    if cleaned.any():
        text[cleaned] = text[cleaned].str.replace(_CONTROL, "", regex=True).str.strip()
    placeholder = ~blank & text.map(lambda v: unicodedata.normalize("NFKC", v).lower() in PLACEHOLDERS)
    empty = blank | placeholder | (text == "")
    return text.where(~empty, None).astype("string"), placeholder, cleaned


@per_unique
def parse_kinds(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """sell_in / sell_out from the words exports use (进货, 零售, Sell-in …)."""
    blank = blank_mask(raw)
    mapped = _text(raw).map(KIND_VALUES)
    bad = ~blank & mapped.isna()
    return mapped.where(~blank, None).astype("string"), bad
