"""Results as tables a trainee reads: localised labels and number formats, no arithmetic."""

from __future__ import annotations

import pandas as pd

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


def rejected(report) -> pd.DataFrame | str:
    """The rejection list of a load report, or a plain sentence when there is none."""
    if not report.problems:
        return t("no_rejections")
    table = report.rejected()
    return table.set_index(table.columns[0])


def _fmt(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)
