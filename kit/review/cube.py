"""A monthly cube: the sales table summed to month × the review keys.

Every review function only sums over months and keys, so running them on the
cube gives the same numbers as on the raw rows, much faster: the review app
builds it once per data file and then answers each click from it (and from
roll-ups of it to fewer keys, built the same way).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.review.rows import group_sums

KEYS = ("kind", "region", "channel", "customer_id", "customer_name", "category", "brand", "sku")
MEASURES = ("units", "net_sales", "gross_sales", "cost")


def monthly_cube(sales: pd.DataFrame, keys: tuple[str, ...] = KEYS,
                 measures: tuple[str, ...] = MEASURES, *,
                 rows: np.ndarray | None = None) -> pd.DataFrame:
    """Σ `measures` per month and combination of the `keys` the table has (a
    missing key is a value of its own), as a group-by on them gives it; of
    the `rows` (a mask) only, when given."""
    columns = ["period", *(k for k in keys if k in sales)]
    measures = [m for m in measures if m in sales]
    at = None if rows is None else np.flatnonzero(rows)
    codes = [_codes(sales[c], at) for c in columns]
    groups, sums = group_sums(sales, measures, np.arange(len(sales)) if at is None else at,
                              [(c, len(values) + 1) for c, values in codes])
    cube = {c: _values(sales[c], values, found) for c, (_, values), found
            in zip(columns, codes, groups, strict=True)}
    return pd.DataFrame({**cube, **{m: sums[m].array for m in measures}})


def _codes(column: pd.Series, at: np.ndarray | None) -> tuple[np.ndarray, object]:
    """The code of the value at each position `at` (None: every row), numbered
    in sorted order (a category column: the categories' order), a missing
    value last (one past the values); and the values."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.array.codes if at is None else column.array.codes.take(at)
        n = len(column.array.categories)
        return np.where(codes < 0, n, codes), column.array.categories
    if isinstance(column.dtype, pd.PeriodDtype) and not column.hasnans:
        # Months as their distance from the first: no hashing (months absent are never used).
        ordinals = column.array.asi8 if at is None else column.array.asi8.take(at)
        if len(ordinals):
            first, last = int(ordinals.min()), int(ordinals.max())
            freq = column.dtype.freq
            months = pd.period_range(pd.Period(ordinal=first, freq=freq),
                                     pd.Period(ordinal=last, freq=freq), freq=freq)
            return ordinals - first, months
    codes, values = pd.factorize(column if at is None else column.iloc[at], sort=True)
    return np.where(codes < 0, len(values), codes), values


def _values(column: pd.Series, values, codes: np.ndarray):
    """The column's values for `codes`, in the column's own dtype."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(np.where(codes == len(values), -1, codes), dtype=column.dtype)
    found = values.take(np.where(codes == len(values), -1, codes), allow_fill=True, fill_value=np.nan)
    return pd.array(found, dtype=column.dtype)
