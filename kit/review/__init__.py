"""Stage 1 — business review (生意复盘洞察): pure analysis functions.

Canonical tables in, DataFrames and dataclasses out; no I/O, no widgets.
`USES` maps the five reasons to review (design brief / course) to the
functions that answer each.
"""

from kit.review.bridge import Bridge, bridge
from kit.review.funnel import FACTORS, Funnel, funnel, funnel_by
from kit.review.pareto import class_summary, pareto
from kit.review.periods import WINDOWS, Window, latest_window, ratio_change, safe_ratio
from kit.review.scorecard import scorecard
from kit.review.timeseries import (
    anomalies,
    backtest,
    forecast,
    mape,
    mat,
    monthly_series,
    seasonality_index,
    time_review,
)

USES: dict[str, tuple[str, ...]] = {
    "forecast": ("mat", "seasonality_index", "forecast", "backtest", "time_review"),
    "monitor": ("scorecard", "anomalies"),
    "evaluate": ("scorecard",),
    "diagnose": ("bridge", "funnel", "funnel_by"),
    "explore": ("pareto", "class_summary", "scorecard"),
}

__all__ = [
    "FACTORS", "USES", "WINDOWS", "Bridge", "Funnel", "Window", "anomalies", "backtest", "bridge",
    "class_summary", "forecast", "funnel", "funnel_by", "latest_window", "mape", "mat",
    "monthly_series", "pareto", "ratio_change", "safe_ratio", "scorecard", "seasonality_index",
    "time_review",
]
