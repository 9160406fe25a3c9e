"""Results as tables a trainee reads: localised labels and number formats, no arithmetic."""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from kit import fmt, i18n, labels

t = i18n.catalogue(
    "views",
    {
        "rows": {"zh": "数据行数", "en": "Rows"},
        "first_period": {"zh": "起始月份", "en": "First month"},
        "last_period": {"zh": "截止月份", "en": "Last month"},
        "months": {"zh": "月份数", "en": "Months"},
        "customers": {"zh": "客户数", "en": "Customers"},
        "skus": {"zh": "产品数 (SKU)", "en": "Products (SKU)"},
        "outlets": {"zh": "门店数", "en": "Outlets"},
        "year": {"zh": "年份", "en": "Year"},
        "unknown": {"zh": "未注明", "en": "Not stated"},
        "window_caption": {
            "zh": "复盘期间：{label}（去年同期 {base}）；细分维度：{by}",
            "en": "Review period: {label} (last year {base}); segments by {by}",
        },
        "mape_caption": {
            "zh": "预测方法：季节指数 × 线性趋势；回测误差 (MAPE)：{mape}",
            "en": "Forecast method: seasonality index × linear trend; back-test error (MAPE): {mape}",
        },
        "class": {"zh": "类别", "en": "Class"},
        "count": {"zh": "个数", "en": "Count"},
        "count_share": {"zh": "个数占比", "en": "Share of count"},
        "value_share": {"zh": "销售额占比", "en": "Share of sales"},
        "base_sales": {"zh": "去年同期（{CUR}）", "en": "Last year ({CUR})"},
        "current_sales": {"zh": "本期（{CUR}）", "en": "This period ({CUR})"},
        "change": {"zh": "变化（{CUR}）", "en": "Change ({CUR})"},
        "no_backtest": {
            "zh": "n/a（回测需要 24 个月以上的数据）",
            "en": "n/a (a back-test needs more than 24 months)",
        },
        "no_funnel": {
            "zh": "这份数据没有门店编码或没有门店清单，无法计算五维漏斗。",
            "en": "This data has no outlet codes or no outlet list, so the funnel cannot be computed.",
        },
        "short_series": {
            "zh": "数据只有 {months} 个月；季节性和预测需要至少 24 个月，这里只显示月度趋势。",
            "en": "The data covers {months} months; seasonality and forecast need at least 24, so only the monthly trend is shown.",
        },
        "up": {"zh": "增加", "en": "raised"},
        "down": {"zh": "减少", "en": "lowered"},
        "flat": {"zh": "没有影响", "en": "no effect"},
        "no_cards": {"zh": "没有突出的发现。", "en": "Nothing stands out."},
        "no_rejections": {
            "zh": "没有被拒绝的行：每一行数据都已载入。",
            "en": "No rejected rows: every data row was loaded.",
        },
    },
)


def coverage_table(coverage: dict) -> pd.DataFrame:
    """kit.overview.coverage as a two-column table."""
    index = pd.Index([t(k) for k in coverage], name=labels.word("item"))
    return pd.DataFrame({labels.word("value"): [_fmt(v) for v in coverage.values()]}, index=index)


def totals_table(totals: pd.DataFrame) -> pd.DataFrame:
    """kit.overview.totals_by_year with readable flow names and thousands separators."""
    out = totals.reset_index()
    out["flow"] = out["flow"].map(labels.flow)
    out["units"] = out["units"].map(fmt.count)
    out["net_sales"] = out["net_sales"].map(lambda v: fmt.number(v, 2))
    names = {"flow": labels.column("kind"), "year": t("year"), "units": labels.column("units"),
             "net_sales": labels.column("net_sales", unit=True)}
    return out.rename(columns=names).set_index([names["flow"], names["year"]])


def class_summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """kit.review.class_summary with readable labels and percentages."""
    out = summary.copy()
    out["value"] = out["value"].map(fmt.amount)
    for column in ("count_share", "value_share"):
        out[column] = out[column].map(fmt.percent)
    out.index.name = t("class")
    return out.rename(columns={c: labels.column("net_sales", unit=True) if c == "value" else t(c)
                               for c in out.columns})


def funnel_by_table(table: pd.DataFrame) -> pd.DataFrame:
    """kit.review.funnel_by: each factor's contribution in whole yuan."""
    out = table.map(fmt.amount)
    out.index.name = labels.column(table.index.name)
    return out.rename(columns={c: t(c) if c == "change" else labels.factor(c) for c in out.columns})


def months_table(series: pd.Series, months: int = 12) -> pd.DataFrame:
    """The last ``months`` months of a monthly series (kit.review.monthly_series), to the
    cent, for reading or summing by hand."""
    tail = series.tail(months)
    return pd.DataFrame({labels.column("net_sales", unit=True): [fmt.number(v, 2) for v in tail]},
                        index=pd.Index([str(p) for p in tail.index], name=labels.column("period")))


def rejected(report) -> pd.DataFrame | str:
    """The rejection list of a load report, or a plain sentence when there is none."""
    if not report.problems:
        return t("no_rejections")
    table = report.rejected()
    return table.set_index(table.columns[0])


DIMENSIONS = ("region", "channel", "customer_id", "category", "sku")


def first_dimension(sales: pd.DataFrame) -> str:
    """The broadest segment column a table has (region before customer before sku)."""
    return next(d for d in DIMENSIONS if d in sales)


def window_caption(window, by: str) -> str:
    base = window.last_year
    base_label = str(base[0]) if len(base) == 1 else f"{base[0]}–{base[-1]}"
    return t("window_caption", label=window.label, base=base_label, by=labels.column(by))


def mape_caption(value: float) -> str:
    return t("mape_caption", mape=t("no_backtest") if fmt.is_missing(value) else fmt.percent(value))


def time_review(review) -> tuple[object, str]:
    """The chart and caption for a kit.review.TimeReview: seasonality and
    forecast when the data allows, else the monthly trend with a note."""
    from kit import charts

    if review.seasonality is None:
        figure = charts.trend(review.series.to_frame())
        return figure, t("short_series", months=len(review.series))
    figure = charts.seasonality_chart(review.series, review.seasonality, forecast=review.forecast,
                                      flags=review.anomalies["flag"])
    return figure, mape_caption(review.mape)


def note(key: str, **fields: object) -> str:
    return t(key, **fields)


def direction(value: float) -> str:
    """The word for a change's sign (an exercise answer, in the kit language)."""
    return t("up") if value > 0 else t("down") if value < 0 else t("flat")


def directions() -> tuple[str, ...]:
    return (t("up"), t("down"), t("flat"))


def card_html(card) -> str:
    """One UIA insight card (its text is already in the kit language)."""
    return (
        '<div style="border-left:4px solid #1f5fa8;padding:4px 10px;margin:8px 0">'
        f"<b>{escape(card.subject)}</b><br>"
        f"<b>{labels.word('understanding')}：</b>{escape(card.understanding)}<br>"
        f"<b>{labels.word('insight')}：</b>{escape(card.insight)}<br>"
        f"<b>{labels.word('action')}：</b>{escape(card.action)}</div>"
    )


def cards(items) -> HTML:
    """Insight cards for a notebook cell."""
    return HTML("".join(card_html(c) for c in items) or f"<p>{t('no_cards')}</p>")


def _fmt(value: object) -> str:
    return fmt.count(value) if isinstance(value, int) else str(value)
