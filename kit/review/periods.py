"""Review windows: which months are "now", "last year" and "the period before"."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

WINDOWS = ("month", "quarter", "ytd", "mat")


@dataclass(frozen=True)
class Window:
    """A review window ending at `end` (a month).

    month: that month. quarter: the quarter to date. ytd: January to `end`.
    mat: the 12 months to `end` (moving annual total, 滚动12个月).
    ``last_year`` is the same months a year earlier (同比 base); ``previous``
    is the window of the same kind just before (环比 base: the month, quarter
    or MAT before); YTD has no 环比.
    """

    kind: str
    end: pd.Period

    def __post_init__(self) -> None:
        if self.kind not in WINDOWS:
            raise ValueError(f"window must be one of {WINDOWS}, got {self.kind!r}")
        object.__setattr__(self, "end", pd.Period(self.end, freq="M"))

    @property
    def current(self) -> pd.PeriodIndex:
        end = self.end
        if self.kind == "month":
            start = end
        elif self.kind == "quarter":
            start = end - (end.month - 1) % 3
        elif self.kind == "ytd":
            start = end - (end.month - 1)
        else:
            start = end - 11
        return pd.period_range(start, end, freq="M")

    @property
    def last_year(self) -> pd.PeriodIndex:
        return self.current - 12

    @property
    def previous(self) -> pd.PeriodIndex:
        step = {"month": 1, "quarter": 3, "mat": 1}.get(self.kind)
        return self.current - step if step else pd.PeriodIndex([], freq="M")

    @property
    def label(self) -> str:
        first, last = self.current[0], self.current[-1]
        return str(last) if first == last else f"{first}–{last}"


def latest_window(sales: pd.DataFrame, kind: str = "ytd") -> Window:
    """The window of `kind` ending at the last month in the data."""
    return Window(kind, sales["period"].max())


def ratio_change(current, base):
    """(current − base) / base, with n/a (NaN) where base ≤ 0: never ±inf.

    Works on scalars and arrays alike.
    """
    current = np.asarray(current, dtype="float64")
    base = np.asarray(base, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.where(base > 0, (current - base) / np.where(base > 0, base, 1.0), np.nan)
    out = np.where(np.isfinite(out), out, np.nan)  # a near-zero base must not give ±inf
    return out if out.ndim else float(out)


def safe_ratio(numerator, denominator):
    """numerator / denominator, n/a (NaN) where the denominator ≤ 0."""
    numerator = np.asarray(numerator, dtype="float64")
    denominator = np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0),
                       np.nan)
    out = np.where(np.isfinite(out), out, np.nan)
    return out if out.ndim else float(out)
