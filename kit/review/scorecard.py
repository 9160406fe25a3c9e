"""The scorecard: actual, target, last year, achievement, 同比, 环比, share,
contribution to growth and a RAG status per segment of one dimension."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.review.periods import Window, ratio_change, safe_ratio
from kit.review.rows import BLANK, TOTAL, group_sums, in_periods, keep, key_codes, text, where_mask

RAG_DEFAULT = (0.95, 1.0)  # amber from 95 % achievement, green from 100 %
COLUMNS = ["actual", "target", "achievement", "last_year", "yoy", "previous", "mom", "change",
           "share", "contribution", "rag"]


def subset(frame: pd.DataFrame, where: dict | None) -> pd.DataFrame | None:
    """Rows matching every `column: value(s)` of `where`; None when the frame
    lacks one of those columns (e.g. targets set by region, filtered by sku)."""
    if not where:
        return frame
    mask = where_mask(frame, where)
    return None if mask is None else frame[mask]


def segments(frame: pd.DataFrame, by: str | None) -> pd.Series:
    """The segment key of each row: the `by` value as text, or "total"."""
    if by is None:
        return pd.Series(TOTAL, index=frame.index, dtype="category")
    if by not in frame:
        raise ValueError(f"the data has no column {by!r}")
    keys = frame[by]
    if isinstance(keys.dtype, pd.CategoricalDtype):
        # Group on the codes (fast); results are re-labelled as text afterwards.
        if keys.hasnans:
            keys = keys.cat.add_categories([BLANK]).fillna(BLANK)
        return keys
    return keys.astype("string").fillna(BLANK)


def text_index(frame):
    """Segment labels as text, whatever the key dtype was."""
    frame.index = pd.Index([str(v) for v in frame.index], dtype="string", name=frame.index.name)
    return frame


def window_sums(frame: pd.DataFrame, by: str | None, measure: str,
                periods: dict[str, pd.PeriodIndex], rows: np.ndarray | None = None) -> pd.DataFrame:
    """Σ measure per segment for each named set of months, from one pass over
    the table (`rows`: a mask of the rows to count, default all)."""
    months = sorted(set().union(*(set(p) for p in periods.values())))
    at, month = in_periods(frame["period"], rows, [[m] for m in months])
    segment, labels = key_codes(frame, by, at)
    (segment_of, month_of), sums = group_sums(frame, [measure], at,
                                              [(segment, len(labels)), (month, len(months))])
    # Σ per segment and month, then per window over its months: the additions of a
    # group-by on (segment, period) followed by one on the segment.
    monthly = pd.Series(sums[measure].array, index=pd.MultiIndex.from_arrays([segment_of, month_of]))
    position = {m: i for i, m in enumerate(months)}
    out = {name: monthly[np.isin(month_of, [position[m] for m in window])].groupby(level=0).sum()
           for name, window in periods.items()}
    table = pd.DataFrame(out).fillna(0.0)
    table.index = text(labels[table.index])
    return table


def share_of(values: pd.Series, total: float) -> pd.Series:
    """values / total, n/a when the total is zero (a share or a contribution)."""
    return values / total if total != 0 else values * np.nan


def rag_status(achievement: pd.Series, rag: tuple[float, float] = RAG_DEFAULT) -> pd.Series:
    amber_at, green_at = rag
    if amber_at > green_at:
        raise ValueError("rag=(amber_at, green_at) needs amber_at <= green_at")
    status = np.select([achievement >= green_at, achievement >= amber_at, achievement.notna()],
                       ["green", "amber", "red"], default="n/a")
    return pd.Series(status, index=achievement.index)


def scorecard(
    sales: pd.DataFrame,
    by: str | None,
    window: Window,
    *,
    measure: str = "net_sales",
    targets: pd.DataFrame | None = None,
    flow: str | None = None,
    where: dict | None = None,
    rag: tuple[float, float] = RAG_DEFAULT,
) -> pd.DataFrame:
    """One row per segment of `by` (or one "total" row when by is None).

    actual / last_year / previous: Σ measure over the window, the same months a
    year earlier, and the window before. achievement = actual / target;
    yoy = (actual − last_year) / last_year; mom = (actual − previous) / previous
    (n/a where the base ≤ 0); change = actual − last_year; share = actual / Σ actual;
    contribution = change / Σ change (sums to 100 %). rag: green from
    achievement ≥ rag[1], amber from ≥ rag[0], red below, n/a without a target.
    where: filter first, e.g. {"region": "华东"} to drill down.
    """
    rows = keep(sales, flow, where)
    periods = {"actual": window.current, "last_year": window.last_year}
    if len(window.previous):
        periods["previous"] = window.previous
    table = window_sums(sales, by, measure, periods, rows)
    if "previous" not in table:
        table["previous"] = np.nan
    table["target"] = _targets(targets, by, window, measure, where).reindex(table.index)

    table["achievement"] = safe_ratio(table["actual"], table["target"])
    table["yoy"] = ratio_change(table["actual"], table["last_year"])
    table["mom"] = ratio_change(table["actual"], table["previous"])
    table["change"] = table["actual"] - table["last_year"]
    table["share"] = share_of(table["actual"], table["actual"].sum())
    table["contribution"] = share_of(table["change"], table["change"].sum())
    table["rag"] = rag_status(table["achievement"], rag)
    table.index.name = by or TOTAL
    return table[COLUMNS].sort_values("actual", ascending=False)


def _targets(targets, by, window, measure, where) -> pd.Series:
    if targets is None or measure not in targets or (by is not None and by not in targets):
        return pd.Series(dtype="float64")
    rows = subset(targets, where)
    if rows is None:
        return pd.Series(dtype="float64")
    rows = rows[rows["period"].isin(window.current)]
    return text_index(rows.groupby(segments(rows, by), observed=True)[measure].sum(min_count=1)
                      .to_frame())[measure]
