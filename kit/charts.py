"""Charts from results: one house style, Chinese that renders on any machine.

The CJK font comes from the project's own dependency (mpl-font ships Noto Sans
CJK SC), never from the machine, so a fresh venv draws Chinese without tofu.
"""

from __future__ import annotations

import importlib.resources
from html import escape
from typing import TYPE_CHECKING

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, PercentFormatter

from kit import fmt, i18n, labels
from kit.style import CLASS_COLOURS, DOWN, NEUTRAL, PALETTE, UP, rag_colours

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from kit.review import Bridge, Funnel

CJK_FAMILY = "Noto Sans CJK SC"
_FONT_FILES = ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf")
MONEY_COLUMNS = ("actual", "target", "last_year", "previous", "change")
RATIO_COLUMNS = ("achievement", "yoy", "mom", "share", "contribution")
NA = fmt.NA

t = i18n.catalogue(
    "charts",
    {
        "trend.title": {"zh": "月度销售额趋势", "en": "Monthly net sales"},
        "trend.ylabel": {"zh": "销售额（{MUNIT}）", "en": "Net sales ({MUNIT})"},
        "axis.month": {"zh": "月份", "en": "Month"},
        # waterfall (price / volume / mix bridge)
        "waterfall.title": {"zh": "销售额变化桥图（销量 / 价格 / 结构）",
                            "en": "Net sales bridge: volume, price and mix"},
        "waterfall.zoom": {"zh": "注：纵轴从 {start} {MUNIT}起，未从 0 开始",
                           "en": "Note: the axis starts at {start} {MUNIT}, not at zero"},
        # pareto
        "pareto.title": {"zh": "ABC 分析（二八法则）", "en": "ABC analysis (80/20 rule)"},
        "pareto.class": {"zh": "{k} 类", "en": "Class {k}"},
        "pareto.cum": {"zh": "累计占比", "en": "Cumulative share"},
        "pareto.cum_axis": {"zh": "累计占比（%）", "en": "Cumulative share (%)"},
        "pareto.limit": {"zh": "{k} 类截止于 {pct}", "en": "Class {k} ends at {pct}"},
        "pareto.all": {"zh": "{dim}（共 {total} 个，按金额从大到小）",
                       "en": "{dim} (all {total}, largest first)"},
        "pareto.top": {"zh": "{dim}（前 {n} 个，共 {total} 个，按金额从大到小）",
                       "en": "{dim} (top {n} of {total}, largest first)"},
        # scorecard columns, status and dimensions
        "scorecard.caption": {"zh": "金额单位：{CUR}；n/a 表示无法计算（无目标或基数 ≤ 0）",
                              "en": "Money in {CUR}; n/a: cannot be computed (no target, or base ≤ 0)"},
        # seasonality
        "season.title": {"zh": "月度销售额、趋势与季节性", "en": "Monthly net sales, trend and seasonality"},
        "season.actual": {"zh": "月度销售额", "en": "Monthly net sales"},
        "season.trend": {"zh": "趋势（滚动12个月 ÷ 12）", "en": "Trend (MAT ÷ 12)"},
        "season.forecast": {"zh": "预测", "en": "Forecast"},
        "season.flag": {"zh": "异常月份", "en": "Anomaly"},
        "season.index": {"zh": "季节性指数", "en": "Seasonality index"},
        "season.normal": {"zh": "1.0 = 正常月份", "en": "1.0 = a normal month"},
        # five-factor funnel
        "funnel.title": {"zh": "五维漏斗：销售额变化 {change} {MUNIT}",
                         "en": "Five-factor funnel: net sales change {change} {MUNIT}"},
        "funnel.xlabel": {"zh": "对销售额变化的贡献（{MUNIT}）",
                          "en": "Contribution to the change ({MUNIT})"},
        "funnel.label": {"zh": "{value} 万（{growth}）", "en": "{value}k ({growth})"},
        # stage 2: targets, decomposition, phasing
        "target.title": {"zh": "明年目标：自上而下 vs 自下而上", "en": "Next year: top-down vs bottom-up"},
        "target.last_12": {"zh": "近12个月实际", "en": "Last 12 months"},
        "target.baseline": {"zh": "基线（不做改变）", "en": "Baseline (no change)"},
        "target.bottom_up": {"zh": "自下而上（驱动因素）", "en": "Bottom-up (drivers)"},
        "target.top_down": {"zh": "自上而下（市场 × 份额）", "en": "Top-down (market × share)"},
        "target.gap": {"zh": "缺口 {gap} {MUNIT}（{share}）", "en": "Gap {gap} {MUNIT} ({share})"},
        "target.surplus": {"zh": "超出 {gap} {MUNIT}（{share}）", "en": "Above by {gap} {MUNIT} ({share})"},
        "split.title": {"zh": "目标分解：{dim}", "en": "Target split by {dim}"},
        "split.target": {"zh": "明年目标", "en": "Target"},
        "split.last_year": {"zh": "去年实际", "en": "Last year"},
        "split.flag": {"zh": "⚠ 增长与整体不一致", "en": "⚠ growth out of line"},
        "phasing.title": {"zh": "{year} 年月度目标（按季节性分摊）",
                          "en": "{year} monthly targets (phased by seasonality)"},
        # ---- stage 3: JBP
        "jbp.model.title": {"zh": "经销商利润模型：ROI = 净利率 × 资金周转次数",
                            "en": "Distributor profit model: ROI = net margin × rotations"},
        "jbp.model.margins": {"zh": "每 100 {CUR}销售收入（%）", "en": "Per 100 {CUR} of revenue (%)"},
        "jbp.model.days": {"zh": "天数", "en": "Days"},
        "jbp.model.gross": {"zh": "毛利", "en": "Gross margin"},
        "jbp.model.rebates": {"zh": "+返利", "en": "+ rebates"},
        "jbp.model.opex": {"zh": "−费用", "en": "− opex"},
        "jbp.model.net": {"zh": "=净利", "en": "= net margin"},
        "jbp.model.dio": {"zh": "库存天数", "en": "DIO"},
        "jbp.model.dso": {"zh": "+应收天数", "en": "+ DSO"},
        "jbp.model.dpo": {"zh": "−应付天数", "en": "− DPO"},
        "jbp.model.cycle": {"zh": "=现金周期", "en": "= cash cycle"},
        "jbp.model.roi": {"zh": "ROI {roi}（净利率 {net} × 周转 {rot} 次/年）",
                          "en": "ROI {roi} (net margin {net} × {rot} rotations a year)"},
        "jbp.model.no_roi": {"zh": "现金周期 ≤ 0：经销商用上游的钱做生意，ROI 无意义（n/a）",
                             "en": "Cash cycle ≤ 0: suppliers finance the distributor, so ROI "
                                   "is n/a"},
        "jbp.stock.title": {"zh": "{customer} 月度进货、出货与渠道库存",
                            "en": "{customer}: monthly sell-in, sell-out and channel stock"},
        "jbp.stock.primary": {"zh": "进货（件）", "en": "Sell-in (units)"},
        "jbp.stock.secondary": {"zh": "出货（件）", "en": "Sell-out (units)"},
        "jbp.stock.closing": {"zh": "期末库存（件，右轴）", "en": "Closing stock (units, right)"},
        "jbp.stock.above": {"zh": "进/出比 > {threshold}", "en": "Ratio above {threshold}"},
        "jbp.stock.units": {"zh": "件", "en": "Units"},
        "jbp.stack.title": {"zh": "不同分销模式下，每 {price} {CUR}消费者价格的分配",
                            "en": "Where each {price} of consumer price goes, by route"},
        "jbp.stack.axis": {"zh": "{CUR}", "en": "{CUR}"},
        "jbp.roi.title": {"zh": "活动 ROI（增量毛利 ÷ 费用；≥ 1 回本）",
                          "en": "Activity ROI (incremental margin ÷ cost; ≥ 1 pays back)"},
        "jbp.roi.line": {"zh": "回本线 1.0", "en": "Payback 1.0"},
        # ---- stage 4: penetration and key accounts
    "pen.title": {"zh": "客户渗透率：按{dim}", "en": "Penetration by {dim}"},
    "pen.penetration": {"zh": "渗透率（购买客户 / 客户宇宙）", "en": "Penetration (buyers / universe)"},
    "pen.sales_to_potential": {"zh": "销售额 / 潜力", "en": "Sales / potential"},
    "pen.label": {"zh": "{pct}（{buyers}/{universe}）", "en": "{pct} ({buyers}/{universe})"},
    "ws.title": {"zh": "空白点矩阵：{dim} × 产品线（{what}）", "en": "Whitespace: {dim} × product line ({what})"},
    "ws.gap": {"zh": "空白金额，{MUNIT}", "en": "whitespace, {MUNIT}"},
    "ws.bought_share": {"zh": "已购买占比", "en": "share bought"},
    "ws.product": {"zh": "产品线", "en": "Product line"},
    "flow.title": {"zh": "购买客户的流动：{before} → {after}", "en": "Buyer flow: {before} → {after}"},
    "flow.count": {"zh": "客户数", "en": "Buyers"},
    "portfolio.title": {"zh": "大客户组合矩阵：当前价值 × 成长潜力",
                        "en": "Account portfolio: current value × growth potential"},
    "portfolio.value": {"zh": "当前价值（0–100）", "en": "Current value (0–100)"},
    "portfolio.growth": {"zh": "成长潜力（0–100）", "en": "Growth potential (0–100)"},
    "portfolio.no_growth": {"zh": "没有潜力数据：成长潜力记为 0",
                            "en": "No potential data: growth potential shown as 0"},
    "portfolio.risk": {"zh": "红圈 = 高风险", "en": "red ring = high risk"},
    "pipeline.title": {"zh": "销售管道：加权预测 {total} {MUNIT}", "en": "Pipeline: weighted forecast {total} {MUNIT}"},
    "pipeline.amount": {"zh": "商机金额", "en": "Deal amount"},
    "pipeline.weighted": {"zh": "加权金额（× 赢率）", "en": "Weighted (× probability)"},
    "pipeline.label": {"zh": "{n} 个 · {amount} 万", "en": "{n} deals · {amount}k"},
    "scenario.title": {"zh": "增长情景：销售额 {base} → {sales} {MUNIT}", "en": "Growth scenario: {base} → {sales} {MUNIT}"},
    "scenario.base": {"zh": "今天", "en": "Today"},
    "scenario.sales": {"zh": "情景", "en": "Scenario"},
    },
)


def font_paths() -> list[str]:
    base = importlib.resources.files("mpl_font") / "fonts" / "noto"
    return [str(base / name) for name in _FONT_FILES]


def setup() -> None:
    """Register the CJK font and the house style (idempotent)."""
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in font_paths():
        if path not in known:
            font_manager.fontManager.addfont(path)
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": True,  # Noto Sans CJK draws U+2212, the kit's minus sign
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#dddddd",
            "axes.titleweight": "bold",
            "axes.titlesize": 13,
            "figure.figsize": (9, 4.2),
            "figure.dpi": 100,
            "savefig.bbox": "tight",
            "legend.frameon": False,
        }
    )


def money_axis(ax, axis: str = "y", label: str | None = None) -> None:
    """Money ticks in 万元 (zh) or thousands (en): the unit a sales manager reads.

    The data stay in yuan; only the tick labels are scaled.
    """
    divisor = i18n.display_scale()
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v / divisor, 0)))
    target.set_label_text(label or t("trend.ylabel"))


def _sign_colour(value: float) -> str:
    return UP if value > 0 else DOWN if value < 0 else NEUTRAL


def trend(monthly: pd.DataFrame, title: str | None = None) -> Figure:
    """Line chart of monthly totals, one line per column (see kit.overview.monthly)."""
    fig, ax = plt.subplots()
    x = monthly.index.to_timestamp() if isinstance(monthly.index, pd.PeriodIndex) else monthly.index
    for column in monthly.columns:
        ax.plot(x, monthly[column], label=str(column), linewidth=2)
    ax.set_title(title or t("trend.title"))
    ax.set_xlabel(t("axis.month"))
    money_axis(ax)
    if len(monthly.columns) > 1:
        # Outside the plot area: a legend on top of the lines hides the data.
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.autofmt_xdate()
    plt.close(fig)  # returned to the caller; not left open in pyplot's registry
    return fig


def waterfall(bridge: Bridge, title: str | None = None, *, zoom: bool = True) -> Figure:
    """Price / volume / mix bridge as a waterfall (from kit.review.bridge).

    Base and current are full bars (neutral); each step of ``bridge.steps()``
    floats from the running level: bottom = level before it, height = the
    step's value in yuan (negative heights point down), green up, red down.
    Labels are in 万 (zh) / thousands (en) with one decimal.
    zoom: when the steps are small next to the totals, the axis starts just
    below the lowest level (said in a note under the chart) so the steps are
    readable; zoom=False always starts at zero.
    """
    steps = bridge.steps()
    fig, ax = plt.subplots(layout="constrained")
    x = list(range(len(steps)))
    bottoms, heights, colours, texts, levels = [], [], [], [], []
    level = 0.0
    for step in steps.itertuples():
        if step.kind == "total":
            bottoms.append(0.0)
            colours.append(NEUTRAL)
            texts.append(fmt.money(step.value))
            level = step.value
        else:
            bottoms.append(level)
            colours.append(_sign_colour(step.value))
            texts.append(fmt.money(step.value, sign=True))
            level += step.value  # layout: where the next floating bar starts
        heights.append(step.value)
        levels.append(level)
    bars = ax.bar(x, heights, bottom=bottoms, color=colours, width=0.6, zorder=2)
    ax.bar_label(bars, labels=texts, padding=3, fontsize=9)
    # Thin connectors: from the end of one bar to the start of the next.
    ax.hlines(levels[:-1], [i + 0.3 for i in x[:-1]], [i - 0.3 for i in x[1:]],
              colors="#555555", linewidth=0.8, zorder=1)
    ax.set_xticks(x, [labels.step(s) for s in steps["step"]])
    ax.set_title(title or t("waterfall.title"))
    money_axis(ax)
    low, high = min(levels), max(levels)  # every bar starts and ends on a level
    span = high - low
    if zoom and low > 0 and span < 0.5 * high:
        start = _nice_floor(max(low - 0.6 * span, 0.0), i18n.display_scale())
        ax.set_ylim(start, high + 0.2 * span)
        ax.set_xlabel(t("waterfall.zoom", start=fmt.number(start / i18n.display_scale(), 0)),
                      fontsize=8, color="#666666", loc="left")
    else:
        ax.margins(y=0.12)
    plt.close(fig)
    return fig


def _nice_floor(value: float, unit: int) -> float:
    """A round number of display units at or below `value` (an axis limit, not a result)."""
    step = unit * 10 ** max(len(f"{int(value // unit)}") - 2, 0)
    return float(value // step * step)


def pareto_chart(table: pd.DataFrame, title: str | None = None, top: int = 30) -> Figure:
    """ABC chart of a kit.review.pareto table: value bars coloured by class,
    cumulative share on a right-hand % axis.

    The dashed class limits are read from the table (the largest cum_share of
    class A, and of class B), so they always agree with the classes drawn,
    whatever a / b thresholds pareto() was called with. Only the first `top`
    segments are drawn; the limit lines still come from the whole table.
    """
    shown = table.sort_values("rank").head(top)
    fig, ax = plt.subplots(layout="constrained")
    x = list(range(len(shown)))
    ax.bar(x, shown["value"], color=[CLASS_COLOURS[k] for k in shown["class"]], zorder=2)
    many = len(shown) > 12
    ax.set_xticks(x, [str(v) for v in shown.index], rotation=90 if many else 0,
                  fontsize=8 if many else 10)
    ax.set_xlim(-0.6, len(shown) - 0.4)
    money_axis(ax)
    dim = labels.column(table.index.name)
    ax.set_xlabel(t("pareto.all", dim=dim, total=len(table)) if len(shown) == len(table)
                  else t("pareto.top", dim=dim, n=len(shown), total=len(table)))
    ax.set_title(title or t("pareto.title"))

    ax2 = ax.twinx()
    ax2.grid(False)
    ax2.plot(x, shown["cum_share"], color="#333333", marker="o", markersize=3, linewidth=1.5)
    ax2.set_ylim(0, 1.05)
    ax2.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax2.set_ylabel(t("pareto.cum_axis"))
    ax2.spines["right"].set_visible(True)

    handles = [Patch(color=CLASS_COLOURS[k], label=t("pareto.class", k=k))
               for k in ("A", "B", "C") if (table["class"] == k).any()]
    handles.append(Line2D([], [], color="#333333", marker="o", markersize=3,
                          label=t("pareto.cum")))
    for k, colour in (("A", CLASS_COLOURS["A"]), ("B", CLASS_COLOURS["B"])):
        members = table.loc[table["class"] == k, "cum_share"]
        if len(members) and round(float(members.max()), 6) < 1:  # no line at 100 %: nothing after
            limit = float(members.max())
            ax2.axhline(limit, color=colour, linestyle="--", linewidth=1)
            handles.append(Line2D([], [], color=colour, linestyle="--",
                                  label=t("pareto.limit", k=k, pct=fmt.percent(limit))))
    fig.legend(handles=handles, loc="outside right center", fontsize=9)
    plt.close(fig)
    return fig


def scorecard_table(table: pd.DataFrame) -> Styler:
    """A kit.review.scorecard table as a Styler a trainee reads.

    Localised headers, money with thousands separators (whole yuan), ratios as
    percentages with one decimal, n/a for what cannot be computed, the status
    (RAG) as a coloured cell. 上期 / 环比 are hidden when they are all n/a
    (a YTD window has no 环比). `.data` keeps the numbers.
    """
    data = table.copy()
    index_name = data.index.name
    data.index.name = labels.column(index_name) if index_name is not None else None
    money_cols = [c for c in MONEY_COLUMNS if c in data]
    ratio_cols = [c for c in RATIO_COLUMNS if c in data]
    styler = data.style
    styler = styler.format(fmt.amount, subset=money_cols)
    styler = styler.format(fmt.percent, subset=ratio_cols)
    if "rag" in data:
        styler = styler.format(lambda v: labels.rag(v),
                               subset=["rag"])
        styler = styler.map(_rag_css, subset=["rag"])
    styler = styler.format_index(labels.measure,
                                 axis=1)
    if index_name == "total":
        styler = styler.format_index(lambda v: labels.word("total") if v == "total" else str(v), axis=0)
    empty = [c for c in ("previous", "mom") if c in data and data[c].isna().all()]
    if empty:
        styler = styler.hide(subset=empty, axis="columns")
    styler = styler.set_properties(subset=money_cols + ratio_cols, **{"text-align": "right"})
    styler = styler.set_caption(t("scorecard.caption"))
    return styler.set_table_styles([
        {"selector": "td", "props": "padding: 2px 8px;"},
        {"selector": "th.col_heading", "props": "text-align: center;"},
        {"selector": "caption", "props": "caption-side: bottom; color: #666666; font-size: 85%;"},
    ])


def scorecard_html(table: pd.DataFrame) -> str:
    """The same table as scorecard_table, as plain HTML built directly.

    The review app redraws the scorecard on every click; the Styler's template
    rendering costs ~100 ms for a few dozen rows, this a few milliseconds.
    """
    hidden = {c for c in ("previous", "mom") if c in table and table[c].isna().all()}
    columns = [c for c in table.columns if c not in hidden]
    index_name = table.index.name

    def cell(column: str, value: object) -> str:
        if column == "rag":
            label = escape(labels.rag(value))
            return f'<td style="{_rag_css(value)}">{label}</td>'
        if column in MONEY_COLUMNS:
            text = fmt.amount(value)
        elif column in RATIO_COLUMNS:
            text = fmt.percent(value)
        else:
            text = escape(str(value))
        return f'<td style="text-align: right; padding: 2px 8px">{text}</td>'

    def label(value: object) -> str:
        return labels.word("total") if index_name == "total" and value == "total" else escape(str(value))

    head = "".join(
        f'<th style="text-align: center">{escape(labels.measure(c))}</th>'
        for c in columns)
    corner = escape(labels.column(index_name)) if index_name is not None else ""
    body = "".join(
        f"<tr><th>{label(key)}</th>{''.join(cell(c, row[c]) for c in columns)}</tr>"
        for key, row in table[columns].iterrows())
    return (f'<table class="kit-scorecard"><thead><tr><th>{corner}</th>{head}</tr></thead>'
            f"<tbody>{body}</tbody><caption style=\"caption-side: bottom; color: #666666; "
            f'font-size: 85%">{t("scorecard.caption")}</caption></table>')


def _rag_css(value: object) -> str:
    background, text = rag_colours(value)
    return f"background-color: {background}; color: {text}; text-align: center;"


def seasonality_chart(series: pd.Series, index: pd.Series, title: str | None = None, *,
                      forecast: pd.Series | None = None,
                      flags: pd.Series | None = None) -> Figure:
    """Top: the monthly series (kit.review.monthly_series) with its trend, the
    moving annual total ÷ 12 (kit.review.mat, shown as a monthly average), an
    optional forecast (kit.review.forecast, dashed) and anomaly months (the
    boolean `flag` column of kit.review.anomalies) as red dots. Bottom: the
    seasonality index (kit.review.seasonality_index) per calendar month, with a
    line at 1.0 (a normal month).
    """
    from kit.review.timeseries import mat

    fig, (top, bottom) = plt.subplots(2, 1, layout="constrained",
                                      gridspec_kw={"height_ratios": [3, 2]})
    when = _timestamps(series.index)
    top.plot(when, series, color=PALETTE[0], linewidth=2, label=t("season.actual"))
    trend_line = mat(series) / 12  # MAT in monthly units, so it sits on the same axis
    top.plot(when, trend_line, color=PALETTE[1], linewidth=1.5, label=t("season.trend"))
    if forecast is not None and len(forecast):
        top.plot(_timestamps(forecast.index), forecast, color=PALETTE[0], linewidth=1.5,
                 linestyle="--", label=t("season.forecast"))
    if flags is not None:
        flagged = flags.reindex(series.index, fill_value=False).astype(bool)
        if flagged.any():
            top.scatter(when[flagged.to_numpy()], series[flagged], color=DOWN, s=36, zorder=3,
                        label=t("season.flag"))
    top.set_title(title or t("season.title"))
    money_axis(top)
    top.yaxis.label.set_fontsize(9)
    # Half-yearly labels, quarterly minor ticks: monthly "2024-04" labels collide at this width.
    top.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    top.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    top.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    top.tick_params(axis="x", labelsize=8)
    top.tick_params(axis="y", labelsize=8)

    months = list(index.index)
    bottom.bar(range(len(months)), index, color=PALETTE[0], alpha=0.8, width=0.6, zorder=2,
               label=t("season.index"))
    bottom.axhline(1.0, color="#333333", linewidth=1, linestyle="--", zorder=3,
                   label=t("season.normal"))
    bottom.set_xticks(range(len(months)), [labels.month(m) for m in months], fontsize=8)
    bottom.tick_params(axis="y", labelsize=8)
    bottom.set_ylabel(t("season.index"), fontsize=9)
    low = min(float(index.min()), 1.0)
    high = max(float(index.max()), 1.0)
    span = max(high - low, 0.1)  # a flat index still gets a readable axis around 1.0
    bottom.set_ylim(max(low - 0.5 * span, 0.0), high + 0.15 * span)
    bottom.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.2f}"))
    handles = top.get_legend_handles_labels()[0] + bottom.get_legend_handles_labels()[0]
    fig.legend(handles=handles, loc="outside right center", fontsize=8)
    plt.close(fig)
    return fig


def _timestamps(index: pd.Index) -> pd.Index:
    return index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index


def funnel_chart(funnel: Funnel, title: str | None = None) -> Figure:
    """Five-factor funnel (kit.review.funnel): one horizontal bar per factor's
    contribution to the change (green up, red down), labelled with the
    contribution in 万 / thousands and the factor's own growth in %. The title
    always states the total change; a custom title is followed by it.
    """
    table = funnel.table
    contribution = table["contribution"]
    fig, ax = plt.subplots(layout="constrained")
    y = list(range(len(table)))
    widths = contribution.fillna(0.0)  # not exact (a zero factor): no bar, label n/a
    bars = ax.barh(y, widths, color=[_sign_colour(v) for v in widths], height=0.6, zorder=2)
    texts = [t("funnel.label", value=fmt.money(c, sign=True), growth=fmt.percent(g, sign=True))
              if pd.notna(c) else NA
              for c, g in zip(contribution, table["growth"], strict=True)]
    ax.bar_label(bars, labels=texts, padding=4, fontsize=9)
    ax.set_yticks(y, [labels.factor(f) for f in table.index])
    ax.invert_yaxis()  # the funnel reads top-down: universe first, price last
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    money_axis(ax, axis="x", label=t("funnel.xlabel"))
    ax.margins(x=0.3)
    headline = t("funnel.title", change=fmt.money(funnel.change, sign=True))
    ax.set_title(f"{title}\n{headline}" if title else headline)
    plt.close(fig)
    return fig


def target_chart(setting) -> Figure:
    """Last 12 months, baseline, bottom-up and top-down side by side
    (kit.goals.TargetSetting), the gap between the last two annotated."""
    keys = ("last_12", "baseline", "bottom_up", "top_down")
    values = [setting.start.last_12, setting.start.baseline, setting.bottom_up.current_sales,
              setting.top_down]
    fig, ax = plt.subplots(layout="constrained")
    bars = ax.bar(range(4), values, color=[NEUTRAL, NEUTRAL, "#4C72B0", "#DD8452"], width=0.6,
                  zorder=2)
    ax.bar_label(bars, labels=[fmt.money(v) for v in values], padding=3, fontsize=9)
    ax.set_xticks(range(4), [t(f"target.{k}") for k in keys], fontsize=9)
    gap = setting.gap
    if pd.notna(gap.amount):
        key = "target.gap" if gap.amount >= 0 else "target.surplus"
        ax.set_xlabel(t(key, gap=fmt.money(abs(gap.amount)), share=fmt.percent(abs(gap.share))),
                      color=DOWN if gap.amount > 0 else UP)
    ax.set_title(t("target.title"))
    money_axis(ax)
    ax.margins(y=0.15)
    plt.close(fig)
    return fig


def split_chart(cells: pd.DataFrame, dimension: str) -> Figure:
    """One level of a decomposition (kit.goals.level + flag_growth): target vs
    last year per segment; flagged segments' labels carry a warning sign."""
    names = cells[dimension].astype(str).tolist()
    fig, ax = plt.subplots(layout="constrained", figsize=(7, max(2.5, 0.45 * len(names) + 1)))
    y = np.arange(len(names))
    ax.barh(y + 0.2, cells["last_year"], height=0.4, color=NEUTRAL, label=t("split.last_year"))
    bars = ax.barh(y - 0.2, cells["target"], height=0.4, color="#4C72B0", label=t("split.target"))
    flags = cells["flag"] if "flag" in cells else pd.Series(False, index=cells.index)
    growth = cells["growth"] if "growth" in cells else pd.Series(np.nan, index=cells.index)
    ax.bar_label(bars, padding=3, fontsize=8,
                 labels=[f"{fmt.money(v)} ({fmt.percent(g, sign=True)}){' ⚠' if f else ''}"
                         for v, g, f in zip(cells["target"], growth, flags, strict=True)])
    ax.set_yticks(y, [f"⚠ {n}" if f else n for n, f in zip(names, flags, strict=True)])
    ax.invert_yaxis()
    money_axis(ax, axis="x")
    ax.margins(x=0.35)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(t("split.title", dim=labels.column(dimension)))
    if flags.any():
        ax.set_xlabel(t("split.flag"), color=DOWN, fontsize=8, loc="left")
    plt.close(fig)
    return fig


def phasing_chart(months: pd.Series, last_year: pd.Series | None = None) -> Figure:
    """Monthly targets (kit.goals.by_month) as bars, last year's months as a line."""
    fig, ax = plt.subplots(layout="constrained")
    texts = [labels.month(p.month) for p in months.index]
    ax.bar(range(12), months.to_numpy(), color="#4C72B0", width=0.6, label=t("split.target"),
           zorder=2)
    if last_year is not None and len(last_year):
        ly = last_year.reindex(months.index - 12)
        ax.plot(range(12), ly.to_numpy(), color=NEUTRAL, marker="o", label=t("split.last_year"))
        ax.legend(fontsize=8)
    ax.set_xticks(range(12), texts, fontsize=8)
    ax.set_title(t("phasing.title", year=months.index[0].year))
    money_axis(ax)
    plt.close(fig)
    return fig



# ---- stage 3: JBP


def _pct_points(value: float) -> float:
    return float("nan") if pd.isna(value) else float(value) * 100


def jbp_model_chart(model: pd.Series) -> Figure:
    """The distributor profit model (kit.jbp.profit_model of an economics row or of a
    projection): the margin chain per 100 of revenue, and the days making the cash cycle;
    the title carries ROI = net margin × rotations (n/a when the cash cycle is ≤ 0)."""
    fig, (left, right) = plt.subplots(1, 2, layout="constrained", figsize=(9, 3.8))
    steps = [("gross", model["gross_margin_pct"]), ("rebates", model["rebate_pct"]),
             ("opex", -model["opex_pct"]), ("net", model["net_margin_pct"])]
    _chain(left, [(t(f"jbp.model.{k}"), _pct_points(v)) for k, v in steps], "{:.1f}")
    left.set_ylabel(t("jbp.model.margins"))
    days = [("dio", model["dio"]), ("dso", model["dso"]), ("dpo", -model["dpo"]),
            ("cycle", model["cash_cycle"])]
    _chain(right, [(t(f"jbp.model.{k}"), float(v)) for k, v in days], "{:.0f}")
    right.set_ylabel(t("jbp.model.days"))
    fig.suptitle(t("jbp.model.title"), fontweight="bold")
    if pd.isna(model["roi"]):
        right.set_xlabel(t("jbp.model.no_roi"), fontsize=9, color=DOWN)
    else:
        right.set_xlabel(t("jbp.model.roi", roi=fmt.percent(model["roi"]),
                          net=fmt.percent(model["net_margin_pct"]), rot=fmt.number(model["rotations"])),
                        fontsize=9)
    plt.close(fig)
    return fig


def _chain(ax, steps: list[tuple[str, float]], pattern: str) -> None:
    """Steps of a chain as floating bars; the last step is the total from zero."""
    level, texts = 0.0, []
    for i, (label, value) in enumerate(steps):
        value = 0.0 if pd.isna(value) else value
        last = i == len(steps) - 1
        bottom = 0.0 if last or i == 0 else level
        colour = NEUTRAL if last or i == 0 else (UP if value >= 0 else DOWN)
        ax.bar(i, value, bottom=bottom, color=colour, width=0.6, zorder=2)
        ax.text(i, bottom + value, pattern.format(value), ha="center",
                va="bottom" if value >= 0 else "top", fontsize=9)
        level = value if i == 0 else level + value
        texts.append(label)
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xticks(range(len(steps)), texts, fontsize=9)
    ax.margins(y=0.2)


def jbp_stock_chart(flow: pd.DataFrame, customer: str = "",
                    threshold: float | None = None) -> Figure:
    """One distributor's monthly stock flow (kit.jbp.stock_flow(...).loc[customer]):
    sell-in and sell-out bars, closing stock as a line; months whose sell-in / sell-out
    ratio is above the threshold are shaded."""
    fig, ax = plt.subplots(layout="constrained")
    x = np.arange(len(flow))
    texts = [str(p) for p in flow.index]
    if "above" in flow:
        for i in np.flatnonzero(flow["above"].to_numpy(dtype=bool)):
            ax.axvspan(i - 0.5, i + 0.5, color="#fde0dc", zorder=0)
    ax.bar(x - 0.2, flow["primary"], width=0.4, color=PALETTE[1], label=t("jbp.stock.primary"),
           zorder=2)
    ax.bar(x + 0.2, flow["secondary"], width=0.4, color=PALETTE[0],
           label=t("jbp.stock.secondary"), zorder=2)
    right = ax.twinx()
    right.plot(x, flow["closing"], color=DOWN, marker="o", markersize=3,
               label=t("jbp.stock.closing"))
    right.grid(False)
    right.spines["right"].set_visible(True)
    step = max(1, len(texts) // 12)
    ax.set_xticks(x[::step], texts[::step], rotation=45, fontsize=8)
    ax.set_ylabel(t("jbp.stock.units"))
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    names = ax.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
    if "above" in flow and flow["above"].any():
        handles.append(Patch(color="#fde0dc"))
        names.append(t("jbp.stock.above", threshold=threshold if threshold is not None else 1.3))
    ax.legend(handles, names, fontsize=8, loc="upper left")
    ax.set_title(t("jbp.stock.title", customer=customer))
    plt.close(fig)
    return fig


def jbp_stack_chart(stack: pd.DataFrame, price: float) -> Figure:
    """Route-to-market margin stack (kit.jbp.margin_stack): one bar per route, one colour
    per layer, adding up to the consumer price."""
    from kit.jbp.rtm import LAYERS, ROUTES, layer_label

    texts = {r.key: r.label for r in ROUTES}
    fig, ax = plt.subplots(layout="constrained", figsize=(9, 3.4))
    y = np.arange(len(stack))
    left = np.zeros(len(stack))
    for i, layer in enumerate(LAYERS):
        values = stack[layer].to_numpy(dtype=float)
        bars = ax.barh(y, values, left=left, color=PALETTE[i % len(PALETTE)],
                       label=layer_label(layer), zorder=2)
        ax.bar_label(bars, labels=[fmt.number(v) if v > 0 else "" for v in values],
                     label_type="center", fontsize=8, color="#ffffff")
        left += values
    ax.set_yticks(y, [texts.get(k, str(k)) for k in stack.index], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(t("jbp.stack.axis"))
    ax.legend(fontsize=8, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax.set_title(t("jbp.stack.title", price=f"{price:g}"))
    plt.close(fig)
    return fig


def jbp_roi_chart(review: pd.DataFrame, top: int = 30) -> Figure:
    """Activity ROI (kit.jbp.activity_review), lowest first; the ones below the payback
    line in red. Internal: ROI carries the brand's margin."""
    rows = review.dropna(subset=["roi"]).sort_values("roi").head(top)
    fig, ax = plt.subplots(layout="constrained", figsize=(9, max(2.5, 0.3 * len(rows) + 1)))
    y = np.arange(len(rows))
    colours = [DOWN if r < 1 else UP for r in rows["roi"]]
    bars = ax.barh(y, rows["roi"], color=colours, zorder=2)
    ax.bar_label(bars, labels=[fmt.ratio(v) for v in rows["roi"]], padding=3, fontsize=8)
    ax.axvline(1.0, color="#555555", linestyle="--", linewidth=1, label=t("jbp.roi.line"))
    ax.set_yticks(y, rows["activity"].astype(str).tolist(), fontsize=8)
    ax.grid(axis="x")
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(t("jbp.roi.title"))
    plt.close(fig)
    return fig


# ---- stage 4: penetration and key accounts


def heat_colour(value: float, vmax: float = 1.0, *, reverse: bool = False) -> str:
    """A hex colour for a heat value 0..vmax (white → deep orange; grey for n/a);
    `reverse` makes small values dark (e.g. a low share bought)."""
    if pd.isna(value) or vmax <= 0:
        return "#eeeeee"
    level = min(max(value / vmax, 0.0), 1.0)
    rgba = plt.get_cmap("Oranges")(0.08 + 0.8 * (1 - level if reverse else level))
    return matplotlib.colors.to_hex(rgba)


def penetration_chart(table: pd.DataFrame, by: str) -> Figure:
    """Penetration per segment (kit.penetration.penetration) as bars labelled
    "pct (buyers/universe)"; sales / potential as a second bar where known."""
    names = [str(i) for i in table.index]
    fig, ax = plt.subplots(layout="constrained", figsize=(8, max(2.5, 0.5 * len(names) + 1.2)))
    y = np.arange(len(names))
    has_potential = table["sales_to_potential"].notna().any()
    height = 0.4 if has_potential else 0.6
    bars = ax.barh(y - (0.2 if has_potential else 0), table["penetration"], height=height,
                   color=PALETTE[0], label=t("pen.penetration"), zorder=2)
    ax.bar_label(bars, padding=3, fontsize=8, labels=[
        t("pen.label", pct=fmt.percent(p), buyers=f"{b:,}", universe=f"{u:,}")
        for p, b, u in zip(table["penetration"], table["buyers"], table["universe"], strict=True)])
    if has_potential:
        second = ax.barh(y + 0.2, table["sales_to_potential"].fillna(0.0), height=height,
                         color=PALETTE[1], label=t("pen.sales_to_potential"), zorder=2)
        ax.bar_label(second, padding=3, fontsize=8,
                     labels=[fmt.percent(v) for v in table["sales_to_potential"]])
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlim(0, 1.15)
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(t("pen.title", dim=labels.column(by)))
    plt.close(fig)
    return fig


def whitespace_heatmap(matrix: pd.DataFrame, by: str | None, value: str = "gap") -> Figure:
    """Segment × product line (kit.penetration.whitespace_matrix) as a heatmap:
    whitespace in 万 / thousands, or the share of eligible cells bought."""
    data = matrix.to_numpy(dtype="float64")
    shown = data / i18n.display_scale() if value == "gap" else data
    fig, ax = plt.subplots(layout="constrained",
                           figsize=(max(5, 1.1 * matrix.shape[1] + 2), max(2.5, 0.5 * len(matrix) + 1.2)))
    ax.imshow(np.nan_to_num(shown, nan=0.0), cmap="Oranges", aspect="auto")
    top = np.nanmax(shown) if np.isfinite(shown).any() else 0.0
    for (i, j), v in np.ndenumerate(shown):
        text = fmt.number(v, 0) if value == "gap" else fmt.percent(v)
        ax.text(j, i, text, ha="center", va="center", fontsize=8,
                color="white" if top and v > 0.6 * top else "#212121")
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], fontsize=9)
    ax.set_yticks(range(len(matrix)), [str(i) for i in matrix.index], fontsize=9)
    ax.grid(False)
    ax.set_xlabel(t("ws.product"))
    ax.set_title(t("ws.title", dim=labels.column(by or "total"), what=t(f"ws.{value}")))
    plt.close(fig)
    return fig


def buyer_flow_chart(flow: pd.DataFrame, before: str, after: str) -> Figure:
    """Buyers at start, retained, new, lost and at end per segment (kit.penetration.buyer_flow)."""
    keys = ("start", "retained", "new", "lost", "end")
    colours = {"start": NEUTRAL, "retained": PALETTE[0], "new": UP, "lost": DOWN, "end": NEUTRAL}
    names = [str(i) for i in flow.index]
    fig, ax = plt.subplots(layout="constrained", figsize=(max(6, 1.6 * len(names) + 2), 4))
    x = np.arange(len(names))
    width = 0.8 / len(keys)
    from kit.penetration.labels import t as pen_t

    for k, key in enumerate(keys):
        bars = ax.bar(x + (k - 2) * width, flow[key], width=width, color=colours[key],
                      label=pen_t(f"flow.{key}"), zorder=2)
        ax.bar_label(bars, padding=2, fontsize=7)
    ax.set_xticks(x, names)
    ax.set_ylabel(t("flow.count"))
    ax.legend(fontsize=8, ncols=5, loc="upper center", bbox_to_anchor=(0.5, -0.08))
    ax.set_title(t("flow.title", before=before, after=after))
    plt.close(fig)
    return fig


TIER_COLOURS = {"strategic": PALETTE[3], "key": PALETTE[0], "potential": PALETTE[2],
                "maintain": NEUTRAL}


def portfolio_chart(table: pd.DataFrame, threshold: float = 50.0, label_top: int = 12) -> Figure:
    """The portfolio matrix (kit.accounts.portfolio / assess_accounts): value (x)
    against growth potential (y), coloured by tier, high risk ringed in red."""
    from kit.accounts.labels import t as acc_t

    growth = table["growth"].fillna(0.0)
    fig, ax = plt.subplots(layout="constrained", figsize=(7, 5.5))
    for tier, colour in TIER_COLOURS.items():
        part = table["tier"] == tier
        if part.any():
            ax.scatter(table.loc[part, "value"], growth[part], s=60, color=colour, zorder=3,
                       label=acc_t(f"tier.{tier}"))
    risky = table["high_risk"].astype(bool)
    if risky.any():
        ax.scatter(table.loc[risky, "value"], growth[risky], s=170, facecolors="none",
                   edgecolors=DOWN, linewidths=1.5, zorder=4, label=t("portfolio.risk"))
    order = table.sort_values("value", ascending=False).index[:label_top]
    for key in order:
        ax.annotate(str(key), (table.loc[key, "value"], growth[key]), fontsize=8,
                    xytext=(4, 4), textcoords="offset points")
    ax.axvline(threshold, color="#888888", linewidth=0.8, linestyle="--")
    ax.axhline(threshold, color="#888888", linewidth=0.8, linestyle="--")
    ax.set_xlim(-2, 105)
    ax.set_ylim(-2, 105)
    ax.grid(axis="x", color="#dddddd")
    ax.set_xlabel(t("portfolio.value"))
    ax.set_ylabel(t("portfolio.growth"))
    ax.legend(fontsize=8, loc="upper left")
    title = t("portfolio.title")
    ax.set_title(title if table["growth"].notna().any() else f"{title}\n{t('portfolio.no_growth')}")
    plt.close(fig)
    return fig


def pipeline_chart(stages: pd.DataFrame) -> Figure:
    """The six stages (kit.accounts.weighted_pipeline): deal amount and weighted
    amount per stage as a funnel of horizontal bars, the forecast in the title."""
    fig, ax = plt.subplots(layout="constrained", figsize=(8, 4))
    y = np.arange(len(stages))
    ax.barh(y, stages["amount"], height=0.7, color="#c9d6e8", label=t("pipeline.amount"), zorder=2)
    bars = ax.barh(y, stages["weighted"], height=0.4, color=PALETTE[0],
                   label=t("pipeline.weighted"), zorder=3)
    ax.bar_label(bars, padding=3, fontsize=8, labels=[
        t("pipeline.label", n=n, amount=fmt.money(a)) for n, a in zip(stages["deals"], stages["amount"],
                                                                   strict=True)])
    ax.set_yticks(y, stages["label"].tolist())
    ax.invert_yaxis()
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    money_axis(ax, axis="x")
    ax.margins(x=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(t("pipeline.title", total=fmt.money(stages["weighted"].sum())))
    plt.close(fig)
    return fig


def scenario_chart(scenario) -> Figure:
    """The growth scenario (kit.penetration.Scenario) as a bridge: today's sales,
    each lever's contribution, the scenario's sales."""
    from kit.penetration.labels import t as pen_t

    levers = scenario.levers["contribution"]
    names = [t("scenario.base")] + [pen_t(f"lever.{k}") for k in levers.index] + [t("scenario.sales")]
    fig, ax = plt.subplots(layout="constrained", figsize=(8, 4))
    running = scenario.base_sales
    ax.bar(0, scenario.base_sales, color=NEUTRAL, width=0.6, zorder=2)
    for i, value in enumerate(levers, start=1):
        ax.bar(i, value, bottom=running if value >= 0 else running + value, width=0.6,
               color=_sign_colour(value), zorder=2)
        ax.text(i, max(running, running + value), fmt.money(value, sign=True), ha="center",
                va="bottom", fontsize=8)
        running += value
    ax.bar(len(names) - 1, scenario.sales, color=PALETTE[0], width=0.6, zorder=2)
    for i, v in ((0, scenario.base_sales), (len(names) - 1, scenario.sales)):
        ax.text(i, v, fmt.money(v), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(names)), names)
    low = min(scenario.base_sales, scenario.sales)
    ax.set_ylim(max(0.0, low - 4 * max(abs(levers).max(), 1.0)), None)
    money_axis(ax)
    ax.set_title(t("scenario.title", base=fmt.money(scenario.base_sales), sales=fmt.money(scenario.sales)))
    plt.close(fig)
    return fig


setup()
