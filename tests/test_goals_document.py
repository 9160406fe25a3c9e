"""The stage-2 plan (kit.goals.GoalPlan) laid out as a document and exported (kit.export.goals)."""

from datetime import date

import openpyxl
import pandas as pd
import pytest

from kit import export
from kit.export.goals import goal_plan_document
from kit.goals import (
    Ambition,
    Checklist,
    Drivers,
    Goal,
    GoalPlan,
    Measure,
    Ogsm,
    SplitPlan,
    Strategy,
    Swot,
    SwotEntry,
    set_targets,
    split_plan,
)
from kit.goals.targets import Starting

FUNNEL = pd.Series({"universe": 1000.0, "numeric_distribution": 0.6, "skus_per_outlet": 5.0,
                    "units_per_sku": 100.0, "avg_price": 10.0})


def make_plan() -> GoalPlan:
    start = Starting(end=pd.Period("2025-12", "M"), last_12=1200.0, baseline=1260.0, funnel=FUNNEL,
                     unit="outlet")
    # Market 1200 / 10 % = 12,000; top-down 12,000 × 1.1 × 11 % = 1452; bottom-up flat 1200.
    setting = set_targets(start, Ambition(0.10, 0.10, 0.11), Drivers())
    history = pd.DataFrame({"region": ["N", "S"], "net_sales": [300.0, 900.0]})
    plan = SplitPlan(total=1440, levels=["region"], year=2026)
    cells, months = split_plan(plan, history, pd.Series(1.0, index=range(1, 13)))
    monthly = pd.Series(100.0, index=pd.period_range("2025-01", periods=12, freq="M"))
    ogsm = Ogsm("成为华北第一", [Goal("销售额", 1440, "元", date(2026, 12, 31), "revenue")],
                [Strategy("扩大铺货", "place", [Measure("新增门店", 50, "家", date(2026, 6, 30), "coverage")])])
    swot = Swot([SwotEntry("华东增长", "S", {"scorecard.yoy": 0.065}), SwotEntry("铺货下降", "W")])
    return GoalPlan("张伟", setting, Checklist(baseline="1200 元"), swot, ogsm, cells, months,
                    ["region"], monthly)


def test_parts_hold_the_hand_computed_numbers():
    doc = {s.key: s.blocks[0] for s in goal_plan_document(make_plan()).sections}
    assert list(doc) == ["targets", "drivers", "questions", "swot", "ogsm", "months", "split", "todo"]
    values = doc["targets"].frame().iloc[:, 1].tolist()
    # last 12, baseline, market, growth, share now, ambition, top-down, bottom-up, gap, gap share,
    # annual: gap = 1452 − 1200 = 252, 252 / 1452 = 17.36 %.
    assert values == pytest.approx([1200, 1260, 12_000, 0.10, 0.10, 0.11, 1452, 1200, 252,
                                    252 / 1452, 1440])
    assert doc["targets"].row_kinds[3] == "percent" and doc["targets"].row_kinds[0] == "money"
    months = doc["months"].frame()
    # 1440 flat over 12 months = 120 each, last year 100: growth +20 %.
    assert months.iloc[:, 2].tolist() == [120] * 12 and months.iloc[:, 3].tolist() == pytest.approx([0.2] * 12)
    split = doc["split"].frame()
    # 1440 split 300:900 = 360 / 1080; N grows 20 %, as does S.
    assert split.iloc[:, 3].tolist() == [360, 1080]
    ogsm = doc["ogsm"].frame()
    assert ogsm.iloc[:, 0].tolist() == ["O", "G", "S", "M"] and ogsm.iloc[3, 1] == "M1.1"
    assert "同比 6.5%" in doc["swot"].frame().iloc[0, 3]
    # Four core questions unanswered; the OGSM is complete.
    assert len(doc["todo"].frame()) == 4


def test_xlsx_has_one_formatted_sheet_per_part_and_never_overwrites(tmp_path):
    plan = make_plan()
    first = export.goal_plan_xlsx(plan, tmp_path / "我的业务目标计划.xlsx")
    second = export.goal_plan_xlsx(plan, tmp_path / "我的业务目标计划.xlsx")
    assert first.name == "我的业务目标计划.xlsx" and second.name == "我的业务目标计划 (2).xlsx"
    book = openpyxl.load_workbook(first)
    assert len(book.sheetnames) == 8 and book.sheetnames[0] == "一、目标设定"
    targets = book["一、目标设定"]
    assert targets["B2"].value == 1200 and targets["B2"].number_format == "#,##0"
    assert targets["B5"].number_format == "0.0%"
    months = book["六、目标分解：月度"]
    assert months["C2"].value == 120 and months["D2"].number_format == "0.0%"
    ogsm = book["五、OGSM"]
    assert ogsm["F3"].value.date() == date(2026, 12, 31)


def test_html_is_self_contained_with_formatted_numbers(tmp_path):
    path = export.goal_plan_html(make_plan(), tmp_path / "plan.html")
    text = path.read_text(encoding="utf-8")
    assert "我的业务目标计划" in text and "1,452" in text and "17.4%" in text
    assert "http://" not in text and "https://" not in text
    again = export.goal_plan_html(make_plan(), tmp_path / "plan.html")
    assert again.name == "plan (2).html" and path.read_text(encoding="utf-8") == text


def test_the_goal_plan_deck_and_pdf(tmp_path):
    from pptx import Presentation

    written = export.write_all(goal_plan_document(make_plan()), tmp_path, "plan",
                               formats=("pptx", "pdf"))
    deck = Presentation(str(written.paths["pptx"]))
    names = [s.shapes.title.text for s in deck.slides]
    assert names[0] == "我的业务目标计划" and names[1:3] == ["一、目标设定", "二、自下而上的驱动因素"]
    assert "八、待完善" in names
    # The headline table on slide 2: the top-down target 1,452 (see the first test).
    table = next(sh.table for sh in deck.slides[1].shapes if sh.has_table)
    assert "1,452" in [row.cells[1].text for row in table.rows]
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(written.paths["pdf"]).pages)
    assert "我的业务目标计划" in text and "1,452" in text
