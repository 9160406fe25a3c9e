"""Sums over part of a large sales table, reading only the columns summed.

Each review function sums a measure or two over some rows (one flow, a
drill-down, the months of two windows) per segment. Filtering the table first
copies every column of every kept row, which on 10M rows costs more than the
sums. Here the kept rows are found from the key columns' integer codes (a
category column's own codes; the period's month numbers), only the summed
columns are taken at those rows, and each row's group is a code: the
combination of its keys' codes.

pandas adds up each group's rows in table order whatever the codes are, so
these sums are bit for bit those of filtering first and grouping by the key
columns (tests/test_review_rows.py checks it on random tables).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kit.overview import flow_mask

TOTAL = "total"
BLANK = "—"  # segment key missing in the data (e.g. no region on a row)
NUMBERS = 2**62  # combinations of key codes are numbered in int64


def isin(column: pd.Series, values) -> np.ndarray:
    """``column.isin(values)`` as a boolean array; a category column is tested
    once per category instead of once per row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        # The extra False is where code −1 (a missing key) lands: it matches nothing.
        hit = np.append(column.array.categories.isin(values), False)
        return hit[column.array.codes]
    return column.isin(values).to_numpy(dtype=bool)


def where_mask(frame: pd.DataFrame, where: dict | None) -> np.ndarray | None:
    """Rows matching every `column: value(s)` of `where`, compared as text; None
    when the frame lacks one of those columns."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in (where or {}).items():
        if column not in frame:
            return None
        values = [str(v) for v in (value if isinstance(value, (list, tuple, set)) else [value])]
        column_values = frame[column]
        if not (isinstance(column_values.dtype, pd.CategoricalDtype)
                or pd.api.types.is_string_dtype(column_values)):
            column_values = column_values.astype("string")
        mask &= isin(column_values, values)
    return mask


def keep(sales: pd.DataFrame, flow: str | None, where: dict | None) -> np.ndarray | None:
    """The rows ``subset(select_flow(sales, flow), where)`` keeps, as a mask
    (None: every row). ValueError when the table lacks a column of `where`."""
    flows = flow_mask(sales, flow)
    if not where:
        return flows
    mask = where_mask(sales, where)
    if mask is None:
        raise ValueError(f"the data lacks a column of {sorted(where)}")
    return mask if flows is None else mask & flows


def in_periods(period: pd.Series, rows: np.ndarray | None,
               periods: Sequence[Sequence] | None) -> tuple[np.ndarray, np.ndarray | None]:
    """The positions of the `rows` (a mask; None: all) whose month is in one of
    `periods` (disjoint sets of months), and the number of the set each is in.
    ``periods=None``: every month, no set numbers."""
    if periods is None:
        return (np.arange(len(period)) if rows is None else np.flatnonzero(rows)), None
    if rows is None or np.count_nonzero(rows) > len(rows) // 4:
        # Most rows count: number every row's month, then keep the rows in a set.
        codes = period_codes(period, None, periods)
        at = np.flatnonzero(codes >= 0 if rows is None else rows & (codes >= 0))
        return at, codes.take(at)
    at = np.flatnonzero(rows)  # a few rows (one flow, a drill-down): only theirs
    codes = period_codes(period, at, periods)
    inside = codes >= 0
    return at[inside], codes[inside]


def period_codes(period: pd.Series, at: np.ndarray | None, periods: Sequence[Sequence]) -> np.ndarray:
    """The number of the set of months (in `periods`) each row's month is in,
    −1 for none: for the rows at positions `at`, or all rows (``at=None``)."""
    months = [m for group in periods for m in group]
    number = np.repeat(np.arange(len(periods)), [len(group) for group in periods])
    index = pd.Index(months)
    if months and isinstance(period.dtype, pd.PeriodDtype) and index.dtype == period.dtype:
        # Month ordinals through a look-up table over the months' span: both ends
        # of the table are −1, and take(mode="clip") sends every other month there.
        wanted = index.asi8
        low = int(wanted.min()) - 1
        table = np.full(int(wanted.max()) - low + 2, -1, dtype=np.int16 if len(periods) < 2**15 else np.intp)
        table[wanted - low] = number
        ordinals = period.array.asi8
        offsets = ordinals - low if at is None else np.subtract(ordinals.take(at), low)
        return table.take(offsets, mode="clip")
    values = period if at is None else period.iloc[at]
    codes = np.full(len(values), -1, dtype=np.intp)
    for month, n in zip(months, number, strict=True):  # other dtypes: isin's own matching
        codes[values.isin([month]).to_numpy(dtype=bool)] = n
    return codes


def key_codes(frame: pd.DataFrame, by: str | None, at: np.ndarray, *,
              text: bool = True) -> tuple[np.ndarray, pd.Index]:
    """The code of column `by`'s value at each position `at`, and each code's
    key, numbered in the order a group-by on the column sorts.

    text=True: segment keys, compared as text ("10" sorts before "9"), a missing
    key is the segment "—", ``by=None`` one segment "total". text=False: the
    values as they are, a missing key −1 (a group-by drops the row).
    """
    if by is None:
        return np.zeros(len(at), dtype=np.int8), pd.Index([TOTAL])
    if by not in frame:
        raise ValueError(f"the data has no column {by!r}")
    column = frame[by]
    if isinstance(column.dtype, pd.CategoricalDtype):
        # The categories' own codes: a group-by on a category column sorts by them too.
        codes = column.array.codes.take(at)
        labels = column.array.categories
        if text and (codes < 0).any():
            codes = np.where(codes < 0, len(labels), codes.astype(np.intp))
            labels = labels.astype(object).append(pd.Index([BLANK], dtype=object))
        return codes, labels
    keys = column.iloc[at]
    if text:
        keys = keys.astype("string").fillna(BLANK)
    codes, uniques = pd.factorize(keys, sort=True)
    return codes, pd.Index(uniques)


def text(keys: pd.Index) -> pd.Index:
    """Segment labels as text, whatever the key dtype was."""
    return pd.Index([str(v) for v in keys], dtype="string")


def group_sums(frame: pd.DataFrame, columns: Sequence[str], at: np.ndarray,
               keys: Sequence[tuple[np.ndarray, int]]) -> tuple[tuple[np.ndarray, ...], pd.DataFrame]:
    """Σ of `columns` over the rows at positions `at`, per combination of key
    codes that occurs, in the order a group-by on the key columns sorts them.

    keys: (code per position, number of codes) for each key, in the group-by's
    order; a code −1 is a missing key, whose row is in no group (as a group-by
    drops it) but still among the rows pandas is given. Returns each group's
    key codes (one array per key) and the sums (one row per group).
    """
    missing = np.zeros(len(at), dtype=bool)
    combined, size = np.zeros(len(at), dtype=np.int64), 1
    for codes, n in keys:
        if size > NUMBERS // max(n, 1):  # renumber the combinations seen so far (in order)
            _, combined = np.unique(combined, return_inverse=True)
            size = int(combined.max(initial=0)) + 1
        if (codes < 0).any():
            missing |= codes < 0
            codes = np.where(codes < 0, 0, codes)
        combined = combined * n + codes
        size *= n
    counted = ~missing if missing.any() else slice(None)
    combined[missing] = 0  # numbered as any row, then left out
    if not missing.any() and len(combined) and (combined[1:] >= combined[:-1]).all():
        # Rows in group order (tables often come sorted): number the groups as they start.
        start = np.r_[True, combined[1:] != combined[:-1]]
        member = np.flatnonzero(start)  # a row of each group, for its key codes
        size = len(member)
        combined = np.repeat(np.arange(size), np.diff(member, append=len(combined)))
    else:
        if size <= max(len(at), 1):
            # Number the combinations that occur through a table over all of them.
            seen = np.flatnonzero(np.bincount(combined[counted], minlength=size))
            number = np.zeros(max(size, 1), dtype=np.intp)  # a key with no values: every row missing
            number[seen] = np.arange(len(seen))
            combined, size = number.take(combined), len(seen)
        else:
            _, found = np.unique(combined[counted], return_inverse=True)
            combined[counted] = found
            size = int(found.max(initial=-1)) + 1
        member = np.empty(size, dtype=np.intp)
        member[combined[counted]] = np.flatnonzero(~missing)
    combined[missing] = -1
    # The same group numbers as a group-by's, so pandas adds up each group the same way.
    by = pd.Categorical.from_codes(combined, categories=pd.RangeIndex(size))
    sums = taken(frame, columns, at).groupby(by, observed=False).sum().reset_index(drop=True)
    return tuple(np.asarray(codes).take(member) for codes, _ in keys), sums


def taken(frame: pd.DataFrame, columns: Sequence[str], at: np.ndarray) -> pd.DataFrame:
    """The `columns` at positions `at`: copied once, straight into one block when
    they share a numpy dtype (the frame pandas would build, without stacking)."""
    dtypes = {frame[c].dtype for c in columns}
    dtype = dtypes.pop() if len(dtypes) == 1 else None
    if not isinstance(dtype, np.dtype):
        return pd.DataFrame({c: frame[c].array.take(at) for c in columns}, copy=False)
    block = np.empty((len(columns), len(at)), dtype=dtype)
    for row, column in zip(block, columns, strict=True):
        np.take(frame[column].to_numpy(), at, out=row, mode="clip")  # "raise" would buffer
    return pd.DataFrame(block.T, columns=list(columns), copy=False)
