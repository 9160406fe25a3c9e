"""Stage-1 review charts: bars where the numbers say, colours by sign, labels in zh and en.

Expected values are worked out by hand in each test (money labels: 万 in
Chinese, thousands in English, one decimal).
"""

import io
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba

from kit import cases, charts, i18n
from kit.review import (
    FACTORS,
    Bridge,
    Funnel,
    Window,
    anomalies,
    bridge,
    forecast,
    funnel,
    monthly_series,
    pareto,
    scorecard,
    seasonality_index,
)

GREEN, RED, GREY = to_rgba(charts.UP), to_rgba(charts.DOWN), to_rgba(charts.NEUTRAL)


@pytest.fixture
def en():
    i18n.set_lang("en")
    yield
    i18n.set_lang("zh")


@pytest.fixture(scope="module")
def abc():
    data = cases.load_case("abc")
    return data, Window("ytd", "2025-12")


def png_warnings(fig) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


def bar_labels(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


# ---------------------------------------------------------------- waterfall

def tiny_sales() -> pd.DataFrame:
    """Two months a year apart. In yuan:
    A  base 10 units for 1,000,000 (100,000 each) → now 12 units for 1,320,000 (110,000 each)
    B  base 10 units for 2,000,000 (200,000 each) → now  8 units for 1,600,000 (same price)
    C  base  5 units for   500,000 → not sold now (lost)
    D  not sold before → now 2 units for 600,000 (new)
    Continuing items: 20 units both years, base average price 150,000, so
    volume = (20 − 20) × 150,000 = 0
    price  = (110,000 − 100,000) × 12 + 0 × 8 = 120,000
    mix    = 20 × [(12/20 − 10/20)(100,000 − 150,000) + (8/20 − 10/20)(200,000 − 150,000)]
           = 20 × (−5,000 − 5,000) = −200,000
    new = +600,000, lost = −500,000; base 3,500,000 → current 3,520,000.
    """
    rows = [
        ("2024-01", "A", 10, 1_000_000), ("2024-01", "B", 10, 2_000_000),
        ("2024-01", "C", 5, 500_000),
        ("2025-01", "A", 12, 1_320_000), ("2025-01", "B", 8, 1_600_000),
        ("2025-01", "D", 2, 600_000),
    ]
    frame = pd.DataFrame(rows, columns=["period", "sku", "units", "net_sales"])
    frame["period"] = pd.PeriodIndex(frame["period"], freq="M")
    frame["customer_id"] = "K1"
    frame["units"] = frame["units"].astype("float64")
    frame["net_sales"] = frame["net_sales"].astype("float64")
    return frame


def tiny_bridge() -> Bridge:
    return bridge(tiny_sales(), base=pd.period_range("2024-01", periods=1, freq="M"),
                  current=pd.period_range("2025-01", periods=1, freq="M"))


def test_waterfall_bars_float_from_the_running_level():
    fig = charts.waterfall(tiny_bridge())
    ax = fig.axes[0]
    bars = ax.patches
    assert len(bars) == 7  # base, volume, price, mix, new, lost, current ("other" is zero: no bar)
    heights = [b.get_height() for b in bars]
    bottoms = [b.get_y() for b in bars]
    assert heights == pytest.approx([3_500_000, 0, 120_000, -200_000, 600_000, -500_000, 3_520_000])
    assert bottoms == pytest.approx([0, 3_500_000, 3_500_000, 3_620_000, 3_420_000, 4_020_000, 0])
    assert [b.get_facecolor() for b in bars] == [GREY, GREY, GREEN, RED, GREEN, RED, GREY]
    assert [x.get_text() for x in ax.get_xticklabels()] == [
        "基期", "销量", "价格", "结构", "新品", "流失产品", "本期"]
    # 万 with one decimal; increases signed, zero not.
    assert bar_labels(ax) == ["350.0", "0.0", "+12.0", "−20.0", "+60.0", "−50.0", "352.0"]
    assert ax.get_title() == "销售额变化桥图（销量 / 价格 / 结构）"
    assert ax.get_ylabel() == "销售额（万元）"
    assert ax.yaxis.get_major_formatter()(3_500_000, 0) == "350"


def test_waterfall_connectors_join_each_bar_to_the_next():
    ax = charts.waterfall(tiny_bridge()).axes[0]
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = lines.get_segments()
    assert len(segments) == 6
    levels = [3_500_000, 3_500_000, 3_620_000, 3_420_000, 4_020_000, 3_520_000]
    for i, (seg, level) in enumerate(zip(segments, levels, strict=True)):
        (x0, y0), (x1, y1) = seg
        assert y0 == pytest.approx(level) and y1 == pytest.approx(level)
        assert x0 == pytest.approx(i + 0.3) and x1 == pytest.approx(i + 0.7)  # bar edge to edge


def test_waterfall_zoom_is_stated_and_can_be_switched_off():
    ax = charts.waterfall(tiny_bridge()).axes[0]
    # Levels run 342–402 万; the axis starts at a round 300 万 and says so.
    assert ax.get_ylim()[0] == pytest.approx(3_000_000)
    assert ax.get_xlabel() == "注：纵轴从 300 万元起，未从 0 开始"
    flat = charts.waterfall(tiny_bridge(), zoom=False).axes[0]
    assert flat.get_ylim()[0] == 0 and flat.get_xlabel() == ""


def test_waterfall_other_step_and_english(en):
    b = Bridge(base=100_000.0, current=130_000.0, volume=10_000.0, price=0.0, mix=0.0, new=0.0,
               lost=0.0, other=20_000.0, items=pd.DataFrame())
    fig = charts.waterfall(b, title="Custom")
    ax = fig.axes[0]
    assert [x.get_text() for x in ax.get_xticklabels()] == [
        "Base", "Volume", "Price", "Mix", "Other", "Current"]
    assert bar_labels(ax) == ["100.0", "+10.0", "0.0", "0.0", "+20.0", "130.0"]  # thousands
    assert ax.get_title() == "Custom"
    assert ax.get_ylabel() == "Net sales (thousand CNY)"
    assert not png_warnings(fig)


def test_waterfall_abc_case_reconciles(abc):
    data, window = abc
    b = bridge(data["sales"], window)
    steps = b.steps()
    fig = charts.waterfall(b)
    bars = fig.axes[0].patches
    assert len(bars) == len(steps)
    assert [p.get_height() for p in bars] == pytest.approx(list(steps["value"]))
    last_delta = bars[-2]
    assert last_delta.get_y() + last_delta.get_height() == pytest.approx(b.current, abs=0.01)
    for p, v in zip(bars[1:-1], steps["value"][1:-1], strict=True):
        assert p.get_facecolor() == (GREEN if v > 0 else RED)
    assert bar_labels(fig.axes[0])[0] == f"{b.base / 10_000:,.1f}"
    assert not png_warnings(fig)


# ---------------------------------------------------------------- pareto

def tiny_pareto() -> pd.DataFrame:
    """Customers worth 50, 30, 10, 6, 4 万 (total 100): cumulative 50 %, 80 %, 90 %, 96 %, 100 %.
    Class by the share before each: 0, 50 % → A; 80 %, 90 % → B; 96 % → C."""
    frame = pd.DataFrame({
        "period": pd.PeriodIndex(["2025-01"] * 5, freq="M"),
        "customer_id": ["甲", "乙", "丙", "丁", "戊"],
        "net_sales": [500_000.0, 300_000.0, 100_000.0, 60_000.0, 40_000.0],
    })
    return pareto(frame, "customer_id")


def test_pareto_bars_classes_line_and_limits():
    table = tiny_pareto()
    fig = charts.pareto_chart(table)
    ax, ax2 = fig.axes
    assert [p.get_height() for p in ax.patches] == pytest.approx([500_000, 300_000, 100_000,
                                                                  60_000, 40_000])
    blue, orange, grey = (to_rgba(charts.CLASS_COLOURS[k]) for k in "ABC")
    assert [p.get_facecolor() for p in ax.patches] == [blue, blue, orange, orange, grey]
    assert [x.get_text() for x in ax.get_xticklabels()] == ["甲", "乙", "丙", "丁", "戊"]
    cum, limit_a, limit_b = ax2.lines
    assert list(cum.get_ydata()) == pytest.approx([0.5, 0.8, 0.9, 0.96, 1.0])
    assert list(limit_a.get_ydata()) == pytest.approx([0.8, 0.8])
    assert list(limit_b.get_ydata()) == pytest.approx([0.96, 0.96])
    assert limit_a.get_linestyle() == "--" and limit_b.get_linestyle() == "--"
    assert ax2.yaxis.get_major_formatter()(0.8, 0) == "80%"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["A 类", "B 类", "C 类", "累计占比", "A 类截止于 80.0%", "B 类截止于 96.0%"]
    assert ax.get_xlabel() == "客户（共 5 个，按金额从大到小）"
    assert ax.get_title() == "ABC 分析（二八法则）"
    assert not png_warnings(fig)


def test_pareto_top_cuts_the_bars_not_the_limits(en):
    fig = charts.pareto_chart(tiny_pareto(), title="Who matters", top=3)
    ax, ax2 = fig.axes
    assert len(ax.patches) == 3
    assert [line.get_ydata()[0] for line in ax2.lines[1:]] == pytest.approx([0.8, 0.96])
    assert ax.get_xlabel() == "Customer (top 3 of 5, largest first)"
    assert ax.get_title() == "Who matters"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == "Class A" and legend[-1] == "Class B ends at 96.0%"


def test_pareto_no_limit_line_at_100_percent():
    frame = pd.DataFrame({
        "period": pd.PeriodIndex(["2025-01"] * 5, freq="M"),
        "customer_id": ["甲", "乙", "丙", "丁", "戊"],
        "net_sales": [500_000.0, 300_000.0, 100_000.0, 60_000.0, 40_000.0],
    })
    table = pareto(frame, "customer_id", b=1.0)  # A, A, B, B, B: class B ends at 100 %
    fig = charts.pareto_chart(table)
    assert len(fig.axes[1].lines) == 2  # the cumulative line and the A limit only
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["A 类", "B 类", "累计占比", "A 类截止于 80.0%"]


def test_pareto_abc_case(abc):
    data, window = abc
    table = pareto(data["sales"], "sku", window.current)
    fig = charts.pareto_chart(table)
    ax, ax2 = fig.axes
    assert len(ax.patches) == 30 < len(table)
    assert [p.get_height() for p in ax.patches] == pytest.approx(list(table["value"][:30]))
    limit_a = table.loc[table["class"] == "A", "cum_share"].max()
    assert ax2.lines[1].get_ydata()[0] == pytest.approx(limit_a)
    assert not png_warnings(fig)


# ---------------------------------------------------------------- scorecard table

def css_of(html: str) -> dict[str, str]:
    """Cell id → its CSS declarations, from the Styler's <style> block."""
    rules = {}
    for selectors, props in re.findall(r"([^{}]+)\{([^}]*)\}", html.split("</style>")[0]):
        for selector in selectors.split(","):
            rules[selector.strip().lstrip("#")] = rules.get(selector.strip().lstrip("#"), "") + props
    return rules


def cell_ids(html: str, text: str) -> list[str]:
    return re.findall(r'<td id="(\w+)" class="data[^"]*" >' + re.escape(text) + "</td>", html)


def hand_scorecard() -> pd.DataFrame:
    nan = np.nan
    table = pd.DataFrame(
        {
            "actual": [1_234_567.8, 500_000.0, 300_000.0],
            "target": [1_200_000.0, 520_000.0, nan],
            "achievement": [1_234_567.8 / 1_200_000, 500_000 / 520_000, nan],
            "last_year": [1_000_000.0, 600_000.0, 0.0],
            "yoy": [0.2345678, -1 / 6, nan],
            "previous": [nan, nan, nan],
            "mom": [nan, nan, nan],
            "change": [234_567.8, -100_000.0, 300_000.0],
            "share": [0.6, 0.25, 0.15],
            "contribution": [1.25, -0.5, 0.25],
            "rag": ["green", "amber", "n/a"],
        },
        index=pd.Index(["华东", "华北", "西区"], name="region"),
    )
    return table


def test_scorecard_table_formats_and_colours():
    html = charts.scorecard_table(hand_scorecard()).to_html()
    for header in ("实际", "目标", "达成率", "去年同期", "同比", "同比变化", "占比", "增长贡献", "状态"):
        assert f">{header}</th>" in html
    assert "上期" not in html and "环比" not in html  # all n/a (a YTD window): hidden
    assert ">区域</th>" in html
    for text in ("1,234,568", "1,200,000", "234,568", "−100,000",  # whole yuan, separators
                 "102.9%", "96.2%", "23.5%", "−16.7%", "60.0%", "125.0%", "−50.0%"):
        assert f" >{text}</td>" in html, text
    assert len(cell_ids(html, "n/a")) == 3  # 西区: no target, no achievement, no 同比 (base 0)
    css = css_of(html)
    (green,) = cell_ids(html, "绿")
    (amber,) = cell_ids(html, "黄")
    (none,) = cell_ids(html, "无目标")
    assert "background-color: #2e7d32" in css[green] and "color: #ffffff" in css[green]
    assert "background-color: #f9a825" in css[amber] and "color: #212121" in css[amber]
    assert "#2e7d32" not in css[none] and "#c62828" not in css[none]


def test_scorecard_table_red_english_and_total(en):
    table = hand_scorecard().iloc[[1]].assign(rag="red", previous=480_000.0, mom=1 / 24)
    table.index = pd.Index(["total"], name="total")
    html = charts.scorecard_table(table).to_html()
    (red,) = cell_ids(html, "Red")
    assert "background-color: #c62828" in css_of(html)[red]
    for header in ("Actual", "Achievement", "YoY", "Previous", "MoM", "Status"):
        assert f">{header}</th>" in html  # 上期 / 环比 shown when they have values
    assert " >480,000</td>" in html and " >4.2%</td>" in html
    assert html.count(">Total</th>") == 2  # index name and the row


def test_scorecard_table_abc_case(abc):
    data, window = abc
    ytd = scorecard(data["sales"], "customer_id", window, targets=data["targets"])
    html = charts.scorecard_table(ytd).to_html()
    assert "环比" not in html and ">客户</th>" in html
    first = ytd.iloc[0]
    assert f" >{first['actual']:,.0f}</td>" in html
    assert f" >{first['achievement'] * 100:.1f}%</td>" in html
    styler = charts.scorecard_table(ytd)
    assert styler.data["actual"].tolist() == ytd["actual"].tolist()  # numbers kept
    month = scorecard(data["sales"], "region", Window("month", "2025-12"), targets=data["targets"])
    assert ">环比</th>" in charts.scorecard_table(month).to_html()


# ---------------------------------------------------------------- seasonality

def ramp() -> pd.Series:
    """24 months of 1,000, 2,000, …, 24,000 plus 3,000 every December. MAT ÷ 12
    at month 12 is (78,000 + 3,000) / 12 = 6,750; at month 24 it is
    (222,000 + 3,000) / 12 = 18,750."""
    months = pd.period_range("2023-01", periods=24, freq="M")
    values = np.arange(1, 25) * 1_000.0 + np.where(months.month == 12, 3_000.0, 0.0)
    return pd.Series(values, index=months)


def test_seasonality_chart_panels():
    series = ramp()
    index = seasonality_index(series)
    flags = pd.Series(False, index=series.index)
    flags.iloc[[2, 20]] = True
    ahead = pd.Series([30_000.0, 31_000.0, 32_000.0],
                      index=pd.period_range("2025-01", periods=3, freq="M"))
    fig = charts.seasonality_chart(series, index, forecast=ahead, flags=flags)
    top, bottom = fig.axes[:2]
    actual, trend, dashed = top.lines
    assert list(actual.get_ydata()) == list(series)
    y = np.asarray(trend.get_ydata(), dtype="float64")
    assert np.isnan(y[:11]).all()
    assert y[11] == pytest.approx(6_750) and y[23] == pytest.approx(18_750)
    assert dashed.get_linestyle() == "--" and list(dashed.get_ydata()) == [30_000, 31_000, 32_000]
    (dots,) = [c for c in top.collections if isinstance(c, PathCollection)]
    assert [p[1] for p in dots.get_offsets()] == [3_000, 21_000]
    assert to_rgba(charts.DOWN) == tuple(dots.get_facecolor()[0])
    assert [p.get_height() for p in bottom.patches] == pytest.approx(list(index))
    assert index[12] > 1.05  # the December bump shows as a tall bar, not a flat row of 1.0
    assert [x.get_text() for x in bottom.get_xticklabels()] == [f"{m}月" for m in range(1, 13)]
    assert any(list(line.get_ydata()) == [1.0, 1.0] for line in bottom.lines)
    assert top.get_title() == "月度销售额、趋势与季节性"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["月度销售额", "趋势（滚动12个月 ÷ 12）", "预测", "异常月份", "1.0 = 正常月份",
                      "季节性指数"]
    assert not png_warnings(fig)


def test_seasonality_chart_without_extras_and_english(en):
    series = ramp()
    fig = charts.seasonality_chart(series, seasonality_index(series), title="Trend")
    top, bottom = fig.axes[:2]
    assert len(top.lines) == 2 and not top.collections
    assert top.get_title() == "Trend"
    assert [x.get_text() for x in bottom.get_xticklabels()][:3] == ["Jan", "Feb", "Mar"]


def test_seasonality_chart_abc_case(abc):
    data, _ = abc
    series = monthly_series(data["sales"])
    flags = anomalies(series)["flag"]
    fig = charts.seasonality_chart(series, seasonality_index(series), forecast=forecast(series),
                                   flags=flags)
    top, bottom = fig.axes[:2]
    assert len(bottom.patches) == 12
    (dots,) = [c for c in top.collections if isinstance(c, PathCollection)]
    assert len(dots.get_offsets()) == int(flags.sum())
    assert not png_warnings(fig)


# ---------------------------------------------------------------- funnel

def hand_funnel(contribution=(0.0, 180_000.0, -30_000.0, -220_000.0, 110_000.0)) -> Funnel:
    """Contributions sum to +40,000 (1,000,000 → 1,040,000)."""
    table = pd.DataFrame(
        {"base": [100, 0.5, 4, 10, 5], "current": [100, 0.6, 3.8, 8, 5.5],
         "growth": [0.0, 0.2, -0.05, -0.2, 0.1], "contribution": list(contribution)},
        index=pd.Index(FACTORS, name="factor"))
    return Funnel(table=table, base_sales=1_000_000.0, current_sales=1_040_000.0)


def test_funnel_chart_bars_labels_title():
    fig = charts.funnel_chart(hand_funnel())
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == pytest.approx([0, 180_000, -30_000, -220_000,
                                                                 110_000])
    assert [p.get_facecolor() for p in ax.patches] == [GREY, GREEN, RED, RED, GREEN]
    assert [x.get_text() for x in ax.get_yticklabels()] == [
        "终端总数", "铺货率", "店均SKU数", "单品单店销量", "平均单价"]
    assert ax.yaxis_inverted()  # universe on top
    assert bar_labels(ax) == ["0.0 万（0.0%）", "+18.0 万（+20.0%）", "−3.0 万（−5.0%）",
                              "−22.0 万（−20.0%）", "+11.0 万（+10.0%）"]
    assert ax.get_title() == "五维漏斗：销售额变化 +4.0 万元"
    assert ax.get_xlabel() == "对销售额变化的贡献（万元）"
    assert ax.xaxis.get_major_formatter()(180_000, 0) == "18"
    assert not png_warnings(fig)


def test_funnel_chart_english_custom_title_and_not_exact(en):
    fig = charts.funnel_chart(hand_funnel(), title="East")
    ax = fig.axes[0]
    assert ax.get_title() == "East\nFive-factor funnel: net sales change +40.0 thousand CNY"
    assert bar_labels(ax)[1] == "+180.0k (+20.0%)"
    assert [x.get_text() for x in ax.get_yticklabels()][-1] == "Average price"
    broken = charts.funnel_chart(hand_funnel(contribution=[np.nan] * 5)).axes[0]
    assert [p.get_width() for p in broken.patches] == [0] * 5
    assert bar_labels(broken) == ["n/a"] * 5


def test_funnel_chart_abc_case(abc):
    data, window = abc
    f = funnel(data["sales"], data["outlets"], window)
    fig = charts.funnel_chart(f)
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == pytest.approx(list(f.table["contribution"]))
    assert ax.get_title() == f"五维漏斗：销售额变化 {f.change / 10_000:+,.1f} 万元"
    assert not png_warnings(fig)


# ---------------------------------------------------------------- all charts

def test_every_chart_is_closed_and_renders_in_both_languages(abc):
    import matplotlib.pyplot as plt

    data, window = abc
    sales = data["sales"]
    series = monthly_series(sales)
    before = plt.get_fignums()
    for lang in ("zh", "en"):
        i18n.set_lang(lang)
        try:
            figs = [
                charts.waterfall(bridge(sales, window)),
                charts.pareto_chart(pareto(sales, "customer_id", window.current)),
                charts.seasonality_chart(series, seasonality_index(series)),
                charts.funnel_chart(funnel(sales, data["outlets"], window)),
            ]
        finally:
            i18n.set_lang("zh")
        for fig in figs:
            assert tuple(fig.get_size_inches()) == (9, 4.2)
            assert not png_warnings(fig)
    assert plt.get_fignums() == before


def test_scorecard_html_matches_the_styler_cells():
    import re

    table = pd.DataFrame(
        {"actual": [1234567.4, 50.0], "target": [1000000.0, float("nan")], "achievement": [1.2345674, float("nan")],
         "last_year": [1000000.0, 0.0], "yoy": [0.2345674, float("nan")], "previous": [float("nan")] * 2,
         "mom": [float("nan")] * 2, "change": [234567.4, 50.0], "share": [0.99995951, 0.00004049],
         "contribution": [0.99978688, 0.00021312], "rag": ["green", "n/a"]},
        index=pd.Index(["华东", "<西>"], name="region"))
    html = charts.scorecard_html(table)
    # 1,234,567.4 shows as whole yuan; 1.2345674 as 123.5 %; the all-n/a 上期/环比 are hidden.
    assert "1,234,567" in html and "123.5%" in html and "23.5%" in html
    assert "上期" not in html and "环比" not in html and "区域" in html
    assert "#2e7d32" in html and "n/a" in html
    assert "&lt;西&gt;" in html  # segment names are escaped
    assert len(re.findall("<tr>", html)) == 3  # header + two rows
