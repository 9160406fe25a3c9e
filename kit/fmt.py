"""One way to write a number for a reader: money, percent, points, counts, ratios, days, dates.

Every view, chart, card, widget and export formats through here, so the same
value reads the same everywhere:

- the minus sign is "−" (U+2212, which the bundled CJK font draws); a value that
  rounds to zero has no sign;
- a missing value (None, NaN, ±inf) is "n/a";
- money in running text and charts is shown in the display unit of the
  language (万元 in Chinese, thousand CNY in English, in the dataset's currency,
  see :func:`kit.i18n.set_currency`); tables show whole currency units.

A table column carries a *kind* (:data:`KINDS`); :func:`value` writes a cell of
that kind as text and :data:`EXCEL_FORMATS` gives the workbook's number format
for it, so an HTML table and an xlsx sheet of the same data agree. A ``rag``
column holds RAG statuses (green / amber / red / n/a), shown by their label.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

from kit import i18n, labels

MINUS = "\u2212"
NA = "n/a"
KINDS = ("money", "cents", "percent", "ratio", "days", "count", "number", "units", "date", "text",
         "rag")
EXCEL_FORMATS = {
    "money": "#,##0", "cents": "#,##0.00", "percent": "0.0%", "ratio": "#,##0.00",
    "days": "#,##0.0", "count": "#,##0", "number": "#,##0.####", "units": "#,##0",
    "date": "yyyy-mm-dd",
}
NUMERIC_KINDS = frozenset(EXCEL_FORMATS) - {"date"}


def is_missing(value: object) -> bool:
    """None, NaN, NaT and ±inf: nothing a reader can be shown as a number."""
    if value is None:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not math.isfinite(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is not one missing value
        return False


def _signed(body: str, value: float, sign: bool) -> str:
    """``body`` (the magnitude, formatted) with "−" for negatives and, when `sign`,
    "+" for positives, unless it reads as zero."""
    if not any(c in "123456789" for c in body):
        return body
    if value < 0:
        return MINUS + body
    return "+" + body if sign else body


def number(value: object, decimals: int = 1, *, sign: bool = False) -> str:
    """1234.56 -> "1,234.6"; −3 -> "−3.0"."""
    if is_missing(value):
        return NA
    v = float(value)
    return _signed(f"{abs(v):,.{decimals}f}", v, sign)


def money(value: object, *, scale: int | None = None, decimals: int = 1, sign: bool = False,
          unit: bool = False) -> str:
    """An amount in the display unit: 1,234,567 -> "123.5" (zh, 万) or "1,234.6" (en,
    thousands); ``unit=True`` adds the unit ("123.5 万元", "1,234.6 thousand CNY").
    ``scale=1`` shows whole currency units."""
    scale = i18n.display_scale() if scale is None else scale
    text = NA if is_missing(value) else number(float(value) / scale, decimals, sign=sign)
    if unit and text != NA:
        return f"{text} {i18n.money_unit(scale)}"
    return text


def amount(value: object, *, sign: bool = False) -> str:
    """Whole currency units with separators: 1234567.4 -> "1,234,567"."""
    return money(value, scale=1, decimals=0, sign=sign)


def percent(value: object, decimals: int = 1, *, sign: bool = False) -> str:
    """A ratio as a percentage: 0.163 -> "16.3%", −0.163 -> "−16.3%"."""
    if is_missing(value):
        return NA
    return number(float(value) * 100, decimals, sign=sign) + "%"


def points(value: object, decimals: int = 1, *, sign: bool = False) -> str:
    """A change of a ratio in percentage points: −0.12 -> "−12.0"."""
    return NA if is_missing(value) else number(float(value) * 100, decimals, sign=sign)


def count(value: object) -> str:
    """A whole number: 1234 -> "1,234"."""
    return number(value, 0)


def ratio(value: object, decimals: int = 2) -> str:
    """A multiple such as an ROI or an index: 1.234 -> "1.23"."""
    return number(value, decimals)


def day(value: object) -> str:
    """A date as ISO text (a datetime keeps its day); "" when missing."""
    if is_missing(value):
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, date) else str(value)


def value(item: object, kind: str | None) -> str:
    """A table cell of ``kind`` (see :data:`KINDS`) as text, the way the workbook's
    number format shows it."""
    if kind in (None, "text"):
        return "" if is_missing(item) else str(item)
    if kind == "rag":
        return labels.rag(item)
    if kind == "date":
        return day(item)
    if isinstance(item, str):
        return item
    if is_missing(item):
        return NA
    if kind in ("money", "units", "count"):
        return number(item, 0)
    if kind == "cents":
        return number(item, 2)
    if kind == "percent":
        return percent(item)
    if kind == "ratio":
        return ratio(item)
    if kind == "days":
        return number(item, 1)
    if kind == "number":
        v = float(item)
        return number(v, 0) if abs(v) >= 1e4 or v == int(v) else f"{v:,.4g}".replace("-", MINUS)
    raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")


__all__ = ["EXCEL_FORMATS", "KINDS", "MINUS", "NA", "NUMERIC_KINDS", "amount", "count", "day",
           "is_missing", "money", "number", "percent", "points", "ratio", "value"]
