"""Time series of monthly totals: MAT trend, seasonality, a stated forecast with
its back-test error, and anomaly flags.

Method (the kit's, stated so a trainee can explain it): classical
ratio-to-moving-average seasonality (each month ÷ its centred 2×12 moving
average, averaged per calendar month, scaled to average 1), a straight-line
trend fitted to the deseasonalised months, forecast = trend × seasonality.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.overview import select_flow
from kit.review.scorecard import subset

METHOD = "seasonal_trend"
MIN_MONTHS = 24  # two cycles give every calendar month a seasonality ratio


def monthly_series(sales: pd.DataFrame, *, measure: str = "net_sales", flow: str | None = None,
                   where: dict | None = None) -> pd.Series:
    """Σ measure per month over the full month range (months without sales are 0)."""
    data = subset(select_flow(sales, flow), where)
    totals = data.groupby("period", observed=True)[measure].sum()
    if totals.empty:
        return totals.astype("float64")
    months = pd.period_range(totals.index.min(), totals.index.max(), freq="M")
    return totals.reindex(months, fill_value=0.0).astype("float64").rename(measure)


def mat(series: pd.Series) -> pd.Series:
    """Moving annual total: the sum of the 12 months to each month (n/a before 12)."""
    return series.rolling(12).sum()


def centred_moving_average(series: pd.Series) -> pd.Series:
    """2×12 centred moving average: month t sees t−6 … t+6, the ends at half weight."""
    ma12 = series.rolling(12).mean()
    return (ma12.shift(-5) + ma12.shift(-6)) / 2


def seasonality_index(series: pd.Series) -> pd.Series:
    """Index per calendar month (1..12), averaging 1: 1.2 = 20 % above a normal month."""
    if len(series) < MIN_MONTHS:
        raise ValueError(f"seasonality needs at least {MIN_MONTHS} months, got {len(series)}")
    ratio = series / centred_moving_average(series)
    by_month = ratio.groupby(series.index.month).mean()
    if by_month.isna().any() or len(by_month) < 12:
        raise ValueError("seasonality needs a ratio for every calendar month")
    by_month.index.name = "month"
    return by_month / by_month.mean()


@dataclass(frozen=True)
class Fit:
    """Trend × seasonality fitted to a series."""

    seasonality: pd.Series  # calendar month -> index
    intercept: float
    slope: float  # per month
    origin: pd.Period  # month 0 of the trend

    def expected(self, months: pd.PeriodIndex) -> pd.Series:
        t = np.array([(m - self.origin).n for m in months], dtype="float64")
        season = self.seasonality.reindex(months.month).to_numpy()
        return pd.Series((self.intercept + self.slope * t) * season, index=months)


def fit(series: pd.Series) -> Fit:
    season = seasonality_index(series)
    deseasonalised = series / season.reindex(series.index.month).to_numpy()
    t = np.arange(len(series), dtype="float64")
    slope, intercept = np.polyfit(t, deseasonalised.to_numpy(), 1)
    return Fit(season, float(intercept), float(slope), series.index[0])


def forecast(series: pd.Series, horizon: int = 12) -> pd.Series:
    """The next `horizon` months by trend × seasonality (METHOD)."""
    months = pd.period_range(series.index[-1] + 1, periods=horizon, freq="M")
    return fit(series).expected(months).rename("forecast")


def mape(actual: pd.Series, predicted: pd.Series) -> float:
    """Mean absolute percentage error over months with non-zero actuals."""
    mask = actual != 0
    if not mask.any():
        return float("nan")
    return float((abs(actual[mask] - predicted[mask]) / abs(actual[mask])).mean())


def backtest(series: pd.Series, holdout: int | None = None) -> pd.DataFrame:
    """Forecast the last `holdout` months from the months before them.

    Default holdout: 12 months, fewer when that would leave under MIN_MONTHS to
    fit. Returns actual, forecast and error per held-out month; MAPE of it is
    the method's back-test error.
    """
    if holdout is None:
        holdout = min(12, len(series) - MIN_MONTHS)
    if holdout < 1:
        raise ValueError(f"a back-test needs more than {MIN_MONTHS} months, got {len(series)}")
    train, test = series.iloc[:-holdout], series.iloc[-holdout:]
    predicted = fit(train).expected(test.index)
    return pd.DataFrame({"actual": test, "forecast": predicted, "error": test - predicted})


def anomalies(series: pd.Series, z: float = 3.0) -> pd.DataFrame:
    """Months far from trend × seasonality: robust z-score of actual/expected − 1
    (median and MAD, so one outlier does not hide another); flagged beyond ±z."""
    expected = fit(series).expected(series.index)
    deviation = series / expected - 1
    mad = float((deviation - deviation.median()).abs().median())
    scale = 1.4826 * mad if mad > 0 else np.nan
    score = (deviation - deviation.median()) / scale
    return pd.DataFrame({"actual": series, "expected": expected, "deviation": deviation,
                         "score": score, "flag": score.abs() > z})


@dataclass(frozen=True)
class TimeReview:
    """What a series of monthly totals supports: MAT always; seasonality,
    forecast and anomalies from MIN_MONTHS months; a back-test beyond that."""

    series: pd.Series
    mat: pd.Series
    seasonality: pd.Series | None
    forecast: pd.Series | None
    anomalies: pd.DataFrame | None
    backtest: pd.DataFrame | None

    @property
    def mape(self) -> float:
        if self.backtest is None:
            return float("nan")
        return mape(self.backtest["actual"], self.backtest["forecast"])


def time_review(series: pd.Series, horizon: int = 12) -> TimeReview:
    """Every time-series view the data allows (never an error for short data)."""
    long_enough = len(series) >= MIN_MONTHS
    return TimeReview(
        series=series,
        mat=mat(series),
        seasonality=seasonality_index(series) if long_enough else None,
        forecast=forecast(series, horizon) if long_enough else None,
        anomalies=anomalies(series) if long_enough else None,
        backtest=backtest(series) if len(series) > MIN_MONTHS else None,
    )
