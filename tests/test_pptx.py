"""The plans as PowerPoint decks (python-pptx reads them back): the JBP sell-in deck's
slides, native tables, pictures with alt text, Chinese in the East Asian font, speaker
notes in the internal deck only, and a company template's size and layouts."""

from __future__ import annotations

from datetime import date

import matplotlib
import pandas as pd
import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from kit import export
from kit.export.pptx import FONT, write_pptx
from kit.jbp import CooperationPlan, PlanActivity, build_jbp

matplotlib.use("Agg")

SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2025-06", "2025-06"], freq="M"),
    "customer_id": ["D05", "D05", "D05"], "kind": ["sell_in", "sell_in", "sell_out"],
    "net_sales": [800.0, 1000.0, 900.0], "cost": [500.0, 600.0, 0.0]})


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


def small_jbp():
    plan = CooperationPlan([
        PlanActivity("冰柜陈列", "陈列", "李娜", date(2026, 3, 1), date(2026, 5, 31), 2000.0, 9000.0),
        PlanActivity("春节订货会", "买赠", "王强", date(2026, 1, 2), date(2026, 1, 25), 4000.0,
                     18_000.0, margin_rate=0.4)], budget=5000.0)
    return build_jbp("D05", "2026", sales=SALES, review_window="2025", next_target=1100.0,
                     plan=plan, customer_name="广州粤丰商贸")


def titles(deck) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in deck.slides]


def texts(slide) -> str:
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(found)


def test_the_sell_in_deck(tmp_path):
    files = export.export_jbp(small_jbp(), tmp_path, pdf=False)
    deck = Presentation(str(files.internal_pptx))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    names = titles(deck)
    assert names[0] == "联合生意计划（JBP） · 内部版"
    for expected in ("今天的议程", "我们的共同目标", "一、品牌上期生意回顾", "二、品牌下期生意计划",
                     "三、经销商上期执行回顾", "四、经销商上期财务回顾", "五、经销商下期财务目标",
                     "您的收益：联合损益与 ROI", "六、经销商下期合作计划", "合作计划明细",
                     "请您确认与下一步"):
        assert expected in names, expected
    slide = dict(zip(names, deck.slides, strict=True))
    # Target 1,100 against 1,000 last period: up 10.0 %; two lines, cost 6,000, uplift 27,000.
    objectives = texts(slide["我们的共同目标"])
    assert "1,100" in objectives and "增长 10.0%" in objectives
    assert "2 项合作活动" in objectives and "6,000" in objectives and "27,000" in objectives
    ask = texts(slide["请您确认与下一步"])
    # Next steps by start date: 春节订货会 (2026-01-02) before 冰柜陈列 (2026-03-01).
    assert ask.index("2026-01-02 起：春节订货会（负责人：王强）") < ask.index("2026-03-01 起：冰柜陈列")
    lines = slide["合作计划明细"]
    (table,) = [s.table for s in lines.shapes if s.has_table]  # a native table
    assert [c.text for c in table.rows[0].cells][:3] == ["活动", "类型", "负责人"]
    assert [c.text for c in table.rows[1].cells][:3] == ["冰柜陈列", "陈列", "李娜"]
    # Speaker notes carry the part's talking points (internal deck).
    notes = slide["一、品牌上期生意回顾"].notes_slide.notes_text_frame.text
    assert "上期进货 1,000 元" in notes and "（内部）" in notes


def test_every_run_has_the_east_asian_font(tmp_path):
    path = write_pptx(export.jbp_document(small_jbp(), "customer"), tmp_path / "c.pptx")
    deck = Presentation(str(path))
    runs = [r for s in deck.slides for sh in s.shapes for r in _runs(sh) if r.text.strip()]
    assert len(runs) > 20
    for run in runs:
        ea = run._r.find(qn("a:rPr")).find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == FONT, run.text
    assert not any(s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in deck.slides)


def _runs(shape):
    frames = [shape.text_frame] if shape.has_text_frame else []
    if shape.has_table:
        frames += [c.text_frame for row in shape.table.rows for c in row.cells]
    return [r for f in frames for p in f.paragraphs for r in p.runs]


def test_charts_are_pictures_with_alt_text(tmp_path):
    from matplotlib.figure import Figure

    figure = Figure()
    figure.add_subplot().bar(["a", "b"], [1, 2])
    doc = export.jbp_document(small_jbp(), figures={"进货与出货": figure})
    deck = Presentation(str(write_pptx(doc, tmp_path / "d.pptx")))
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 1
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == "进货与出货"


def test_long_tables_continue_on_further_slides(tmp_path):
    from kit.export.document import Column, Document, Section, Table

    rows = [[f"第 {i} 行", float(i)] for i in range(30)]
    doc = Document("t", "长表", sections=[Section("s", "明细", [Table([Column("项目"),
                                                                   Column("金额", "money")],
                                                                  rows)])])
    deck = Presentation(str(write_pptx(doc, tmp_path / "t.pptx")))
    # 30 rows, 12 a slide: 12 + 12 + 6 on three slides after the title slide.
    assert titles(deck) == ["长表", "明细", "明细（2/3）", "明细（3/3）"]
    counts = [len(sh.table.rows) - 1 for s in list(deck.slides)[1:] for sh in s.shapes if sh.has_table]
    assert counts == [12, 12, 6]


def test_a_very_long_table_shows_its_first_rows_and_says_where_the_rest_is(tmp_path):
    from kit.export.document import Column, Document, Section, Table
    from kit.export.pptx import MAX_ROW_SLIDES, ROWS_PER_SLIDE

    rows = [[f"门店{i}", float(i)] for i in range(100)]
    doc = Document("t", "名单", sections=[Section("s", "目标名单", [Table([Column("门店"),
                                                                     Column("缺口", "money")],
                                                                    rows)])])
    deck = Presentation(str(write_pptx(doc, tmp_path / "t.pptx")))
    slides = list(deck.slides)[1:]
    # 5 slides of 12 rows = the first 60 of 100 (门店0 … 门店59); 100 − 60 = 40 left for Excel.
    assert (MAX_ROW_SLIDES, ROWS_PER_SLIDE) == (5, 12) and len(slides) == 5
    shown = [sh.table.cell(r, 0).text for s in slides for sh in s.shapes if sh.has_table
             for r in range(1, len(sh.table.rows))]
    assert shown == [f"门店{i}" for i in range(60)]
    notes = [sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame and "40" in sh.text_frame.text]
    assert notes == ["另有 40 行没有放进幻灯片；完整的表在 Excel 和 HTML 版本里。"]


def test_wide_tables_continue_their_columns_on_further_slides(tmp_path):
    from kit.export.document import Column, Document, Section, Table

    columns = [Column("客户")] + [Column(f"第{j}列", "count") for j in range(1, 12)]
    rows = [[f"客户{i}", *range(i * 100 + 1, i * 100 + 12)] for i in range(3)]
    doc = Document("t", "宽表", sections=[Section("s", "明细", [Table(columns, rows)])])
    deck = Presentation(str(write_pptx(doc, tmp_path / "t.pptx")))
    # 12 columns, 8 a slide: 客户 + 第1–7列, then 客户 + 第8–11列 (the row's name repeated).
    assert titles(deck) == ["宽表", "明细", "明细（2/2）"]
    grids = [sh.table for s in list(deck.slides)[1:] for sh in s.shapes if sh.has_table]
    headers = [[c.text for c in g.rows[0].cells] for g in grids]
    assert headers == [["客户", *(f"第{j}列" for j in range(1, 8))],
                       ["客户", *(f"第{j}列" for j in range(8, 12))]]
    assert [c.text for c in grids[1].rows[3].cells] == ["客户2", "208", "209", "210", "211"]


def test_a_company_template_lends_its_size_and_layouts(tmp_path):
    template = Presentation()
    template.slide_width, template.slide_height = Inches(10), Inches(5.625)
    template.slides.add_slide(template.slide_layouts[1]).shapes.title.text = "公司示例页"
    template.save(str(tmp_path / "公司模板.pptx"))
    path = write_pptx(export.jbp_document(small_jbp()), tmp_path / "deck.pptx",
                      template=tmp_path / "公司模板.pptx")
    deck = Presentation(str(path))
    assert (deck.slide_width, deck.slide_height) == (Inches(10), Inches(5.625))
    assert "公司示例页" not in titles(deck)  # the template's own slides are not kept
    assert deck.slides[0].slide_layout.name == "Title Slide"
    assert deck.slides[1].slide_layout.name == "Title Only"


def test_the_review_report_deck(tmp_path):
    from kit.report import draft_report
    from kit.review import Window

    sales = pd.DataFrame({"period": pd.PeriodIndex(["2024-06", "2025-06"], freq="M"),
                          "region": ["北", "北"], "customer_id": ["C1", "C1"], "sku": ["A", "A"],
                          "units": [10, 12], "net_sales": [100.0, 132.0]})
    report = draft_report(sales, Window("month", "2025-06"), by="region", subject="北方大区")
    deck = Presentation(str(write_pptx(export.report_document(report), tmp_path / "r.pptx")))
    names = titles(deck)
    assert names[:3] == ["生意复盘报告（WCC-DAR）", "1. 发生了什么", "2. 和什么比"]
    assert "6. 结果（将衡量什么）" in names and "记分卡" in names
    assert "待填写" in texts(dict(zip(names, deck.slides, strict=True))["4. 决定"])
