"""Results as tables a trainee reads: localised labels and number formats, no arithmetic."""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from kit import i18n

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
        "item": {"zh": "项目", "en": "Item"},
        "value": {"zh": "数值", "en": "Value"},
        "flow": {"zh": "流向", "en": "Flow"},
        "year": {"zh": "年份", "en": "Year"},
        "units": {"zh": "数量", "en": "Units"},
        "net_sales": {"zh": "销售额（元）", "en": "Net sales (CNY)"},
        "sell_in": {"zh": "进货 (sell-in)", "en": "Sell-in"},
        "sell_out": {"zh": "零售/动销 (sell-out)", "en": "Sell-out"},
        "all": {"zh": "全部", "en": "All"},
        "unknown": {"zh": "未注明", "en": "Not stated"},
        "total": {"zh": "合计", "en": "Total"},
        "region": {"zh": "区域", "en": "region"},
        "channel": {"zh": "渠道", "en": "channel"},
        "customer_id": {"zh": "客户", "en": "customer"},
        "category": {"zh": "品类", "en": "category"},
        "sku": {"zh": "产品", "en": "product"},
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
        "class_value": {"zh": "销售额（元）", "en": "Net sales (CNY)"},
        "count_share": {"zh": "个数占比", "en": "Share of count"},
        "value_share": {"zh": "销售额占比", "en": "Share of sales"},
        "base_sales": {"zh": "去年同期（元）", "en": "Last year (CNY)"},
        "current_sales": {"zh": "本期（元）", "en": "This period (CNY)"},
        "change": {"zh": "变化（元）", "en": "Change (CNY)"},
        "universe": {"zh": "终端总数", "en": "Outlet universe"},
        "numeric_distribution": {"zh": "铺货率", "en": "Numeric distribution"},
        "skus_per_outlet": {"zh": "店均SKU数", "en": "SKUs per outlet"},
        "units_per_sku": {"zh": "单品单店销量", "en": "Units per SKU per outlet"},
        "avg_price": {"zh": "平均单价", "en": "Average price"},
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
        "understanding": {"zh": "理解", "en": "Understanding"},
        "insight": {"zh": "洞察", "en": "Insight"},
        "action": {"zh": "行动", "en": "Action"},
        "no_cards": {"zh": "没有突出的发现。", "en": "Nothing stands out."},
        "no_rejections": {
            "zh": "没有被拒绝的行：每一行数据都已载入。",
            "en": "No rejected rows: every data row was loaded.",
        },
    },
)


def coverage_table(coverage: dict) -> pd.DataFrame:
    """kit.overview.coverage as a two-column table."""
    index = pd.Index([t(k) for k in coverage], name=t("item"))
    return pd.DataFrame({t("value"): [_fmt(v) for v in coverage.values()]}, index=index)


def totals_table(totals: pd.DataFrame) -> pd.DataFrame:
    """kit.overview.totals_by_year with readable flow names and thousands separators."""
    out = totals.reset_index()
    out["flow"] = out["flow"].map(t)
    out["units"] = out["units"].map(lambda v: f"{v:,.0f}")
    out["net_sales"] = out["net_sales"].map(lambda v: f"{v:,.2f}")
    return out.rename(columns={c: t(c) for c in out.columns}).set_index([t("flow"), t("year")])


def class_summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """kit.review.class_summary with readable labels and percentages."""
    out = summary.copy()
    out["value"] = out["value"].map(lambda v: f"{v:,.0f}")
    for column in ("count_share", "value_share"):
        out[column] = out[column].map(lambda v: f"{v:.1%}")
    out.index.name = t("class")
    return out.rename(columns={c: t("class_value" if c == "value" else c) for c in out.columns})


def funnel_by_table(table: pd.DataFrame) -> pd.DataFrame:
    """kit.review.funnel_by: each factor's contribution in whole yuan."""
    out = table.map(lambda v: "n/a" if v != v else f"{v:,.0f}")
    out.index.name = t(table.index.name) if table.index.name in DIMENSIONS else table.index.name
    return out.rename(columns={c: t(c) for c in out.columns})


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
    return t("window_caption", label=window.label, base=base_label, by=t(by))


def mape_caption(value: float) -> str:
    return t("mape_caption", mape=t("no_backtest") if value != value else f"{value:.1%}")


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
        f"<b>{t('understanding')}：</b>{escape(card.understanding)}<br>"
        f"<b>{t('insight')}：</b>{escape(card.insight)}<br>"
        f"<b>{t('action')}：</b>{escape(card.action)}</div>"
    )


def cards(items) -> HTML:
    """Insight cards for a notebook cell."""
    return HTML("".join(card_html(c) for c in items) or f"<p>{t('no_cards')}</p>")


def _fmt(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)
