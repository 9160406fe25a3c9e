"""kit.report (WCC-DAR draft and validation) and kit.export (HTML, xlsx) on a hand-made case."""

import base64
import re
from datetime import date, datetime
from pathlib import Path

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest

from kit import i18n
from kit.export import report_html, report_xlsx
from kit.export import review as export
from kit.report import ActionItem, WccDarReport, draft_report, validate
from kit.review import Window, bridge, funnel, scorecard

# The two-region case of test_insights (see the comment there):
#   北: 2024-06 4 of 5 outlets × 100,000 = 400,000; 2025-06 3 of 5 = 300,000; target 360,000.
#   南: 2024-06 4 outlets × 10 units × 10,000 = 400,000; 2025-06 14 units each = 560,000; target 520,000.
# Totals: 860,000 vs 800,000 last year (+60,000, +7.5 %); target 880,000 -> 97.7 %, gap 20,000.

OUTLETS = pd.DataFrame({
    "outlet_id": [f"N{i}" for i in range(1, 6)] + [f"S{i}" for i in range(1, 6)],
    "customer_id": ["D1"] * 5 + ["D2"] * 5,
    "region": ["北"] * 5 + ["南"] * 5,
})
JUNE = Window("month", "2025-06")


def _sales():
    rows = []
    for period, north, units in (("2024-06", 4, 10), ("2025-06", 3, 14)):
        rows += [(period, "sell_out", "D1", "北", f"N{i}", "A", "饮料", 10.0, 100_000.0)
                 for i in range(1, north + 1)]
        rows += [(period, "sell_out", "D2", "南", f"S{i}", "A", "饮料", float(units), units * 10_000.0)
                 for i in range(1, 5)]
    df = pd.DataFrame(rows, columns=["period", "kind", "customer_id", "region", "outlet_id", "sku",
                                     "category", "units", "net_sales"])
    df["period"] = pd.PeriodIndex(df["period"], freq="M")
    return df


SALES = _sales()
TARGETS = pd.DataFrame({"period": pd.PeriodIndex(["2025-06", "2025-06"], freq="M"),
                        "region": ["北", "南"], "net_sales": [360_000.0, 520_000.0]})


@pytest.fixture
def en():
    i18n.set_lang("en")
    try:
        yield
    finally:
        i18n.set_lang("zh")


@pytest.fixture
def report():
    return draft_report(SALES, JUNE, targets=TARGETS, outlets=OUTLETS, subject="北方大区")


def _complete(report):
    report.decision = "把南区的做法复制到北区，资源集中到流失终端的回铺上"
    report.action = [ActionItem("列出北区停止进货的终端", "王经理", date(2025, 7, 31))]
    report.result = ["9 月底北区铺货率回到 80%"]
    return report


# ---------------------------------------------------------------- draft


def test_draft_fills_what_compared_and_cause_from_the_numbers(report):
    assert report.subject == "北方大区" and report.window_label == "月度 2025-06"
    # 860,000 = 86.0 万元 vs 800,000 = 80.0 万元; 南 +160,000 most up, 北 −100,000 most down.
    assert report.what_happened == ("月度 2025-06（纯销口径）销售额 86.0 万元，去年同期 80.0 万元。\n"
                                    "区域中，南 增长最多（+16.0 万元），北 下降最多（−10.0 万元）。")
    # 860/880 = 97.7 %, gap 2.0 万元; YoY 60/800 = +7.5 %; May 2025 has no sales -> 环比 n/a;
    # peers: 南 560/520 = 107.7 %, 北 300/360 = 83.3 %; YoY 南 +40.0 %, 北 −25.0 %.
    assert report.compared_with.splitlines() == [
        "对比目标：目标 88.0 万元，达成率 97.7%，缺口 2.0 万元。",
        "对比去年：同比 +7.5%（+6.0 万元）。",
        "对比上期：环比 n/a。",
        "对比同行：2 个区域中，达成率最高的是 南（107.7%），最低的是 北（83.3%）。"
        "同比最高的是 南（+40.0%），最低的是 北（−25.0%）。",
    ]
    cause = report.cause.splitlines()
    # Bridge by SKU (one SKU at one price): volume (86 − 80) units × 10,000 = +60,000, price and mix 0.
    assert cause[0] == "价格/销量/结构桥（纯销口径）：销量 +6.0 万元，价格 0.0 万元，结构 0.0 万元，合计 +6.0 万元。"
    # Whole funnel: ND 8/10 -> 7/10, units per SKU 80/8 = 10 -> 86/7 = 12.29.
    # L(860k, 800k) = 60,000 / ln 1.075 = 829,638.43; ND 829,638.43 × ln(0.875) = −110,782.77
    # = −11.1 万元; units 829,638.43 × ln(12.2857 / 10) = +170,782.77 = +17.1 万元.
    assert cause[1] == ("五维漏斗（纯销口径）：终端总数 0.0 万元，铺货率 −11.1 万元，店均SKU数 0.0 万元，"
                        "单品单店销量 +17.1 万元，平均单价 0.0 万元，合计 +6.0 万元。")
    assert cause[2:] == ["主要发现：",
                         "1. 北 达成率 83.3%（同比 −25.0%），主要因铺货率下降 20.0 个点（80.0% → 60.0%）",
                         "2. 南 同比 +40.0%，贡献总增长的 266.7%"]
    # The trainee's sections are empty, each with a prompt.
    assert report.decision == "" and report.action == [] and report.result == []
    assert set(report.prompts) == {"decision", "action", "result"}
    assert all(report.prompts.values())


def test_draft_keeps_the_key_tables(report):
    pd.testing.assert_frame_equal(report.scorecard,
                                  scorecard(SALES, "region", JUNE, targets=TARGETS))
    pd.testing.assert_frame_equal(report.bridge, bridge(SALES, JUNE).steps())
    pd.testing.assert_frame_equal(report.funnel, funnel(SALES, OUTLETS, JUNE).table)
    assert [(c.kind, c.subject) for c in report.cards] == [("miss_target", "北"), ("growth_driver", "南")]


def test_draft_in_english(en):
    report = draft_report(SALES, JUNE, targets=TARGETS, outlets=OUTLETS)
    assert report.window_label == "Month 2025-06"
    assert report.what_happened.splitlines()[1] == (
        "Among the regions, 南 grew most (+160.0 thousand CNY) and 北 fell most (−100.0 thousand CNY).")
    assert report.compared_with.splitlines()[0] == (
        "Against target: target 880.0 thousand CNY, achievement 97.7%, gap 20.0 thousand CNY.")
    assert report.prompts["decision"].startswith("Write your decision")


def test_draft_without_outlets_or_targets():
    report = draft_report(SALES, JUNE)
    # One region only: the total, without a "most up / most down" line.
    alone = draft_report(SALES[SALES["region"] == "北"], JUNE)
    assert alone.what_happened == "月度 2025-06（纯销口径）销售额 30.0 万元，去年同期 40.0 万元。"
    assert report.funnel is None
    assert report.compared_with.splitlines()[0] == "对比目标：没有目标数据。"
    assert "五维漏斗" not in report.cause


# ---------------------------------------------------------------- validate


def test_validate_names_what_is_missing(report):
    assert validate(report) == [
        "还没有写“决定”：基于原因，写下做什么、不做什么。",
        "还没有行动：至少写一项行动，写明负责人和完成日期。",
        "还没有“结果”：至少写一个可衡量的指标和目标值，下次复盘用它来衡量。",
    ]
    report.decision = "资源集中到北区回铺"
    report.action = [ActionItem("列出流失终端"), ActionItem("", "李娜", date(2025, 8, 15)),
                     ActionItem("回访", "王经理", "下周")]
    report.result = ["铺货率明显改善", "  "]
    assert validate(report) == [
        "第 1 项行动“列出流失终端”没有负责人：写上一个人的名字。",
        "第 1 项行动“列出流失终端”没有完成日期。",
        "第 2 项行动没有写要做什么。",
        "第 3 项行动“回访”的完成日期“下周”不是一个日期。",
        "结果“铺货率明显改善”里没有数字：写明目标值（例如 3 个点、40 家），才能衡量。",
        "第 2 条结果是空的。",
    ]
    assert validate(_complete(report)) == []


def test_validate_in_english(report, en):
    report.action = [ActionItem("Call lost outlets", "", None)]
    assert validate(report) == [
        "No decision yet: given the causes, write what you will do and what you will not.",
        "Action 1 “Call lost outlets” has no owner: write one person's name.",
        "Action 1 “Call lost outlets” has no due date.",
        "No result yet: write at least one measure with a target value to check at the next review.",
    ]


def test_validate_never_raises_on_what_a_form_leaves():
    blank = WccDarReport(subject="", window_label="")
    blank.action = None
    blank.result = None
    messages = validate(blank)
    assert len(messages) == 6  # three drafted sections blank, no decision, no actions, no results
    form = WccDarReport(subject="", window_label="", what_happened="x", compared_with="x", cause="x",
                        decision="x", action=[{"what": "回访", "owner": "王经理", "due": date(2025, 9, 1)}],
                        result=["40 家"])
    assert validate(form) == []


# ---------------------------------------------------------------- HTML


def _resources(text):
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", text, flags=re.I)


def test_html_is_self_contained_with_the_six_sections(report, tmp_path):
    report = _complete(report)
    figure, ax = plt.subplots()
    ax.plot([1, 2, 3])
    path = report_html(report, tmp_path / "北区复盘.html", figures={"趋势": figure})
    plt.close(figure)
    assert path == tmp_path / "北区复盘.html"
    text = path.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text and '<html lang="zh-CN">' in text
    for heading in ("1. 发生了什么", "2. 和什么比", "3. 原因", "4. 决定", "5. 行动", "6. 结果（将衡量什么）"):
        assert f"<h2>{heading}</h2>" in text
    assert report.cards[0].headline in text
    # The action list is a table of what / owner / due.
    assert re.search(r"<th>做什么</th>\s*<th>负责人</th>\s*<th>完成日期</th>", text)
    assert re.search(r"<td>列出北区停止进货的终端</td>\s*<td>王经理</td>\s*<td>2025-07-31</td>", text)
    assert "<li>9 月底北区铺货率回到 80%</li>" in text
    # No resource is fetched from anywhere: every src / href is an embedded data URI.
    resources = _resources(text)
    assert resources and all(r.startswith("data:") for r in resources)
    assert "http://" not in text and "https://" not in text and "url(" not in text
    # The figure is a real PNG.
    png = base64.b64decode(resources[0].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "北方大区" in text and "83.3%" in text


def test_html_shows_prompts_for_empty_trainee_sections(report, tmp_path):
    text = report_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    for name in ("decision", "action", "result"):
        assert report.prompts[name] in text
    assert text.count('class="prompt"') == 3


def test_html_scorecard_formats_numbers_and_colours_the_status(report, tmp_path):
    text = report_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    # 北 300,000 of 360,000 = 83.3 %; 南 560/520 = 107.7 %; 环比 all n/a -> column dropped.
    table = text[text.index('<section id="scorecard">'):text.index('<section id="bridge">')]
    for cell in ('<td class="num">83.3%</td>', '<td class="num">107.7%</td>',
                 '<td class="num">300,000.00</td>', '<td class="num">−100,000.00</td>',
                 '<td style="background-color: #c62828; color: #ffffff; text-align: center">红</td>'):
        assert cell in table
    assert "环比" not in table


def test_html_headings_follow_the_language(report, tmp_path, en):
    text = report_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text
    assert "<h2>1. What happened</h2>" in text and "<h2>6. Result (what will be measured)</h2>" in text


def test_exports_never_overwrite(report, tmp_path):
    first = report_html(report, tmp_path / "报告.html")
    before = first.read_bytes()
    report.decision = "第二版的决定"
    second = report_html(report, tmp_path / "报告.html")
    assert second.name == "报告 (2).html"
    assert first.read_bytes() == before  # the first export is untouched
    assert "第二版的决定" in second.read_text(encoding="utf-8")
    again = report_html(report, tmp_path / "报告.html", overwrite=True)
    assert again == first and "第二版的决定" in first.read_text(encoding="utf-8")
    x1 = report_xlsx(report, tmp_path / "报告.xlsx")
    x2 = report_xlsx(report, tmp_path / "报告.xlsx")
    assert (x1.name, x2.name) == ("报告.xlsx", "报告 (2).xlsx")
    # Nothing half-written or temporary is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "报告 (2).html", "报告 (2).xlsx", "报告.html", "报告.xlsx"]


def test_a_crash_leaves_no_file(report, tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "replace", boom)
    with pytest.raises(OSError):
        report_html(report, target, overwrite=True)
    with pytest.raises(OSError):
        report_xlsx(report, tmp_path / "r.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    assert target.read_text(encoding="utf-8") == "old"


def test_exports_create_the_folder(report, tmp_path):
    path = report_xlsx(report, tmp_path / "out" / "张伟" / "报告.xlsx")
    assert path.exists() and isinstance(path, Path)


# ---------------------------------------------------------------- Excel


def test_xlsx_reads_back_with_sheets_numbers_and_formats(report, tmp_path):
    path = report_xlsx(_complete(report), tmp_path / "报告.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["报告", "记分卡", "价格销量结构桥", "五维漏斗", "洞察卡片", "依据", "行动"]
    for sheet in book.worksheets:
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), sheet.title
        assert sheet.freeze_panes in ("A2", "B2"), sheet.title
        assert sheet.column_dimensions["A"].width > 5, sheet.title

    # The report sheet: subject, period, then the six sections in order.
    sheet = book["报告"]
    column_a = [sheet.cell(r, 1).value for r in range(1, 10)]
    assert column_a == ["部分", "主题", "期间", "1. 发生了什么", "2. 和什么比", "3. 原因", "4. 决定",
                        "5. 行动", "6. 结果（将衡量什么）"]
    assert sheet["B2"].value == "北方大区"
    assert sheet["B4"].value == report.what_happened
    assert sheet["B8"].value == "1. 列出北区停止进货的终端 — 王经理 — 2025-07-31"
    assert sheet["B9"].value == "1. 9 月底北区铺货率回到 80%"

    # Scorecard: numbers as numbers. Rows: 南 (largest) then 北.
    sheet = book["记分卡"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["区域", "实际", "目标", "达成率"]
    north = {h: sheet.cell(3, i + 1) for i, h in enumerate(header)}
    assert north["区域"].value == "北"
    assert north["实际"].value == 300_000 and north["实际"].number_format == "#,##0.00"
    assert north["达成率"].value == pytest.approx(300 / 360)
    assert north["达成率"].number_format == "0.0%"
    assert north["同比"].value == pytest.approx(-0.25) and north["同比"].number_format == "0.0%"
    # May 2025 has no sales: 上期 is 0 and 环比 n/a for every row, so 环比 is not shown.
    assert north["上期"].value == 0 and "环比" not in header
    assert north["状态"].value == "红"

    # Bridge: base 800,000, volume +60,000, current 860,000.
    sheet = book["价格销量结构桥"]
    rows = [(r[0].value, r[1].value, r[1].number_format) for r in sheet.iter_rows(min_row=2)]
    assert rows[0] == ("基期", 800_000, "#,##0.00") and rows[1] == ("销量", 60_000, "#,##0.00")
    assert rows[-1] == ("本期", 860_000, "#,##0.00")

    # Funnel: ND 0.8 -> 0.7 as percentages; the contribution in money (−110,782.77, see the draft test).
    sheet = book["五维漏斗"]
    nd = [c for c in sheet[3]]
    assert nd[0].value == "铺货率"
    assert (nd[1].value, nd[2].value) == (pytest.approx(0.8), pytest.approx(0.7))
    assert nd[1].number_format == "0.0%" and nd[3].number_format == "0.0%"
    assert nd[4].value == pytest.approx(-110_782.77, abs=0.01) and nd[4].number_format == "#,##0.00"

    # Cards and their evidence.
    sheet = book["洞察卡片"]
    assert sheet["C2"].value == "北" and sheet["D2"].value == report.cards[0].headline
    assert sheet["H2"].value == pytest.approx(0.125)
    sheet = book["依据"]
    evidence = {(r[0].value, r[2].value): r[3] for r in sheet.iter_rows(min_row=2)}
    yoy = evidence[(1, "scorecard.yoy")]
    assert yoy.value == pytest.approx(-0.25) and yoy.number_format == "0.0%"
    assert evidence[(1, "scorecard.actual")].number_format == "#,##0.00"
    assert all(isinstance(c.value, (int, float)) for c in evidence.values())

    # Actions: the due date is a date cell.
    sheet = book["行动"]
    assert [c.value for c in sheet[1]] == ["序号", "做什么", "负责人", "完成日期"]
    due = sheet["D2"]
    assert due.value == datetime(2025, 7, 31) and due.number_format == "yyyy-mm-dd"
    assert (sheet["B2"].value, sheet["C2"].value) == ("列出北区停止进货的终端", "王经理")


def test_xlsx_in_english_and_without_a_funnel(tmp_path, en):
    report = draft_report(SALES, JUNE, targets=TARGETS)
    book = openpyxl.load_workbook(report_xlsx(report, tmp_path / "report.xlsx"))
    assert book.sheetnames == ["Report", "Scorecard", "Bridge", "Funnel", "Cards", "Evidence", "Actions"]
    assert book["Funnel"]["A1"].value == "No outlet data, so no funnel."
    assert book["Report"]["B7"].value.startswith("(To fill in) Write your decision")
    assert book["Actions"].max_row == 1  # only the header
