"""The JBP document export: hand-checked numbers in the sheets, never overwriting, and the
customer version's leak scan over every customer export (xlsx cells and HTML text)."""

import html
import math
import re
from dataclasses import fields
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from kit import fmt, i18n
from kit.cases import load_case
from kit.export import export_jbp, jbp_html, jbp_xlsx
from kit.export.document import Table
from kit.export.jbp import indicator_kind, jbp_document
from kit.jbp import (
    INTERNAL,
    VISIBILITY,
    CooperationPlan,
    PlanActivity,
    base_assumptions,
    build_jbp,
    customer_margin,
    project,
    review_activities,
    starter_plan,
    windows,
)
from kit.jbp.document import DOCUMENT_TYPES

SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2025-06", "2025-06"], freq="M"),
    "customer_id": ["D05", "D05", "D05"], "kind": ["sell_in", "sell_in", "sell_out"],
    "net_sales": [800.0, 1000.0, 900.0], "cost": [500.0, 600.0, 0.0]})


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


def small():
    plan = CooperationPlan([PlanActivity("春节订货会", "买赠", "王强", date(2026, 1, 2),
                                         date(2026, 1, 25), 4000.0, 18_000.0,
                                         margin_rate=0.4, internal_note="底价")], budget=5000.0)
    return build_jbp("D05", "2026", sales=SALES, review_window="2025", next_target=1100.0,
                     plan=plan)


def sheet_rows(path, title):
    sheet = load_workbook(path)[title]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)], sheet


def indicator(rows, label):
    found = [r for r in rows if r[1] == label]
    assert len(found) == 1, label
    return found[0][2]


def test_sheets_hold_the_hand_checked_numbers(tmp_path):
    jbp = small()
    path = jbp_xlsx(jbp, tmp_path / "jbp.xlsx")
    book = load_workbook(path)
    # The sell-in's agenda and shared objectives are slides only; its gains and ask are sheets.
    assert book.sheetnames == ["封面", "一、品牌上期生意回顾", "二、品牌下期生意计划",
                               "三、经销商上期执行回顾", "四、经销商上期财务回顾",
                               "五、经销商下期财务目标", "您的收益：联合损益与 ROI",
                               "六、经销商下期合作计划", "合作计划明细", "请您确认与下一步"]
    rows, sheet = sheet_rows(path, "一、品牌上期生意回顾")
    # sell-in 1,000 against 800 last year: +25 %; brand margin 1 − 600 / 1,000 = 40 %.
    assert indicator(rows, "进货额") == 1000 and indicator(rows, "去年同期进货额") == 800
    assert indicator(rows, "进货同比") == pytest.approx(0.25)
    assert indicator(rows, "品牌毛利率") == pytest.approx(0.4)
    yoy_row = next(i for i, r in enumerate(rows) if r[1] == "进货同比")
    assert sheet.cell(row=yoy_row + 2, column=3).number_format == "0.0%"
    rows, _ = sheet_rows(path, "二、品牌下期生意计划")
    assert indicator(rows, "下期目标") == 1100 and indicator(rows, "目标增长") == pytest.approx(0.1)
    rows, _ = sheet_rows(path, "三、经销商上期执行回顾")
    assert "活动表" in rows[0][1]  # skipped, and says why
    rows, _ = sheet_rows(path, "六、经销商下期合作计划")
    # cost 4,000 of 5,000: 1,000 left; expected ROI 18,000 × 0.4 / 4,000 = 1.8.
    assert indicator(rows, "合作费用合计") == 4000 and indicator(rows, "预算余额") == 1000
    assert indicator(rows, "预期 ROI") == pytest.approx(1.8)
    rows, sheet = sheet_rows(path, "合作计划明细")
    header = [c.value for c in sheet[1]]
    line = dict(zip(header, rows[0], strict=True))
    assert line["费用（元）"] == 4000 and line["每元费用增量"] == pytest.approx(4.5)
    assert line["品牌毛利率（内部）"] == pytest.approx(0.4) and line["内部备注"] == "底价"
    assert line["开始"].date() == date(2026, 1, 2)

    customer = jbp_xlsx(jbp, tmp_path / "customer.xlsx", version="customer")
    rows, sheet = sheet_rows(customer, "合作计划明细")
    header = [c.value for c in sheet[1]]
    assert "品牌毛利率（内部）" not in header and "内部备注" not in header
    assert dict(zip(header, rows[0], strict=True))["每元费用增量"] == pytest.approx(4.5)
    rows, _ = sheet_rows(customer, "六、经销商下期合作计划")
    assert [r[1] for r in rows if r[0] == "指标"] == ["活动个数", "合作费用合计", "预期增量",
                                                    "每元费用带来的增量"]


def test_html_formats_as_the_workbook(tmp_path):
    text = jbp_html(small(), tmp_path / "jbp.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in text
    assert ">25.0%<" in text and ">1,100<" in text and ">1.80<" in text
    i18n.set_lang("en")
    try:
        english = jbp_html(small(), tmp_path / "en.html", version="customer").read_text("utf-8")
    finally:
        i18n.set_lang("zh")
    assert "Customer version" in english and "1. The brand" in english


def test_exports_never_overwrite(tmp_path):
    jbp = small()
    first = export_jbp(jbp, tmp_path)
    assert [p.name for p in first.all()] == [
        "联合生意计划_D05_2026_内部版.xlsx", "联合生意计划_D05_2026_内部版.html",
        "联合生意计划_D05_2026_客户版.xlsx", "联合生意计划_D05_2026_客户版.html",
        "联合生意计划_D05_2026_内部版.pptx", "联合生意计划_D05_2026_客户版.pptx",
        "联合生意计划_D05_2026_内部版.pdf", "联合生意计划_D05_2026_客户版.pdf"]
    before = {p: p.read_bytes() for p in first.all()}
    jbp.plan.activities[0].cost = 4500.0
    second = export_jbp(jbp, tmp_path)
    assert all(p.name.endswith(f" (2){p.suffix}") for p in second.all())
    assert all(p.read_bytes() == data for p, data in before.items())  # untouched
    third = export_jbp(jbp, tmp_path, overwrite=True)
    assert third.internal_xlsx == first.internal_xlsx
    assert third.internal_html.read_bytes() != before[first.internal_html]


# ------------------------------------------------------------------ the leak scan


@pytest.fixture(scope="module")
def abc_jbp():
    """D05's internal JBP from the ABC case, as the workshop builds it, plus internal notes."""
    case = load_case("abc", ("sales", "targets", "distributor_ledger", "activities"))
    sales, ledger = case["sales"], case["distributor_ledger"]
    w = windows(sales)
    review = review_activities(case["activities"], sales)
    plan = starter_plan(review, "D05", w.review, customer_margin(sales, "D05", w.review),
                        budget=66_666.0)
    plan.activities.append(PlanActivity("试吃", cost=1234.5, expected_uplift=6000.0,
                                        margin_rate=0.3127, internal_note="INTERNAL-NOTE-A"))
    a = base_assumptions(ledger, "D05", w.review, growth=0.02, stock_days=18)
    jbp = build_jbp("D05", w.plan, sales=sales, review_window=w.review, next_target=8_391_900,
                    plan=plan, ledger=ledger, assumptions=a, projection=project(a),
                    activity_review_table=review, targets=case["targets"],
                    customer_name="广州粤丰商贸", diagnosis_window=w.diagnosis)
    jbp.internal_notes = "INTERNAL-NOTE-B 老板想要更高返利"
    jbp.financial_review.internal_notes = "INTERNAL-NOTE-C"
    jbp.brand_plan.internal_indicators["brand_unit_cost"] = 4.4321
    return jbp


def internal_items(jbp):
    """(part key or None, field name, value) for every non-empty internal value."""
    found = []

    def walk(obj, part):
        if isinstance(obj, list):
            for v in obj:
                walk(v, part)
            return
        if type(obj) not in DOCUMENT_TYPES:
            return
        for f in fields(obj):
            value = getattr(obj, f.name)
            key = f.name if type(obj).__name__ == "Jbp" else part
            if VISIBILITY[type(obj).__name__][f.name] == INTERNAL:
                if isinstance(value, dict):
                    found.extend((key, k, v) for k, v in value.items())
                elif isinstance(value, list):
                    found.extend((key, f.name, v) for v in value)
                elif value not in (None, ""):
                    found.append((key, f.name, value))
            else:
                walk(value, key)

    walk(jbp, None)
    # An activity's expected ROI is derived (a property), not a field: internal too.
    found += [("plan", "expected_roi", a.expected_roi) for a in jbp.plan.activities
              if not math.isnan(a.expected_roi)]
    return found


def _kind(part, name):
    if name == "margin_rate":
        return "percent"
    if name in ("expected_roi",):
        return "ratio"
    if name == "budget":
        return "money"
    kind = indicator_kind(part or "", name)
    return "count" if kind == "flag" else kind  # a challenge flag is a 0 / 1


def _pdf_text(path):
    """A PDF's text with all white space removed: the printed layout wraps lines
    anywhere (even inside a word), so needles are compared squashed too."""
    from pypdf import PdfReader

    return squash("".join(page.extract_text() for page in PdfReader(path).pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _html_text(path):
    if path.suffix == ".pdf":
        return _pdf_text(path)
    if path.suffix == ".pptx":  # every slide, table cell and note, as the reader sees them
        from pptx import Presentation

        deck = Presentation(str(path))
        shapes = [sh for slide in deck.slides for sh in slide.shapes]
        words = [sh.text_frame.text for sh in shapes if sh.has_text_frame]
        words += [c.text for sh in shapes if sh.has_table for r in sh.table.rows for c in r.cells]
        words += [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
        return "\n".join(words)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style>.*?</style>|data:image/png;base64,[A-Za-z0-9+/=]+", "", text,
                  flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", text))


def _cells(path):
    return [c.value for sheet in load_workbook(path) for row in sheet.iter_rows() for c in row
            if c.value is not None]


def test_no_customer_export_holds_an_internal_value(abc_jbp, tmp_path):
    items = internal_items(abc_jbp)
    texts = [v for _, _, v in items if isinstance(v, str)]
    numbers = [(p, n, float(v)) for p, n, v in items
               if isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(v)]
    # The internal version holds the brand's costs, margins, activity ROI, budget and notes.
    assert {"brand_cost", "brand_margin_pct", "margin_rate", "expected_roi", "roi",
            "budget", "brand_unit_cost"} <= {n for _, n, _ in numbers}
    assert any("INTERNAL-NOTE" in s for s in texts) and any("（内部）" in s for s in texts)
    files = export_jbp(abc_jbp, tmp_path)
    internal_cells, internal_text = _cells(files.internal_xlsx), _html_text(files.internal_html)
    # The internal exports do carry them (so the scan below looks for the right forms).
    assert "INTERNAL-NOTE-B 老板想要更高返利" in internal_cells
    assert "INTERNAL-NOTE-A" in internal_text and "66,666" in internal_text

    customer_files = files.customer()
    # xlsx, HTML, the deck and the PDF printed from the HTML (.ci/run installs chromium and
    # a CJK font).
    assert [p.suffix for p in customer_files] == [".xlsx", ".html", ".pptx", ".pdf"]
    assert "联合生意计划" in _pdf_text(files.customer_pdf)  # Chinese text, not boxes
    assert "INTERNAL-NOTE-A" in _pdf_text(files.internal_pdf)
    assert "66,666" in _pdf_text(files.internal_pdf)  # the internal note's number, as printed
    for path in customer_files:
        if path.suffix == ".xlsx":
            values = _cells(path)
            strings = [v for v in values if isinstance(v, str)]
            floats = [float(v) for v in values if isinstance(v, (int, float))]
            shown = [fmt.value(v, _kind(p, n)) for p, n, v in numbers]  # no text numbers
            for s in texts:
                assert not any(s in cell for cell in strings), (path.name, s)
            for part, name, value in numbers:
                if value.is_integer() and abs(value) < 100:
                    continue  # flags and counts (0, 1, 4) appear anywhere by chance
                assert not any(math.isclose(value, f, rel_tol=1e-9) for f in floats), \
                    (path.name, part, name, value)
            assert not any(s in cell for cell in strings for s in shown if len(s) > 3)
        else:
            pdf = path.suffix == ".pdf"
            text = _html_text(path)
            same = squash if pdf else (lambda x: x)
            for s in texts:
                assert same(s) not in text, (path.name, s)
            for part, name, value in numbers:
                if value.is_integer() and abs(value) < 100:
                    continue
                shown = fmt.value(value, _kind(part, name))
                if shown in internal_text:  # the form the internal version shows it in
                    assert same(shown) not in text, (path.name, part, name, shown)
        labels = "\n".join(str(v) for v in (_cells(path) if path.suffix == ".xlsx"
                                            else [_html_text(path)]))
        for word in ("内部", "品牌毛利率", "品牌成本", "品牌毛利额", "预期 ROI", "预算", "INTERNAL",
                     "底价", "压货"):
            assert (squash(word) if path.suffix == ".pdf" else word) not in labels, (path.name, word)


def test_customer_layout_lists_no_internal_row(abc_jbp):
    doc = jbp_document(abc_jbp, "customer")
    assert doc.version == "customer" and all(not s.notes for s in doc.sections)
    for section in doc.sections:
        for table in (b for b in section.blocks if isinstance(b, Table)):
            assert not any("内部" in c.label or c.internal for c in table.columns)
            if table.value_columns and section.key == "gains":  # the distributor's own P&L
                assert [row[0] for row in table.rows] == ["经销商销售收入", "净利润", "净利率",
                                                          "现金周期", "ROI"]
            elif table.value_columns:
                kinds = {row[0] for row in table.rows}
                assert kinds <= {"指标", "沟通要点", "说明"}, section.key


def test_without_a_browser_the_export_says_why_there_is_no_pdf(tmp_path, monkeypatch):
    from kit.export import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    files = export_jbp(small(), tmp_path)
    assert files.customer_pdf is None and files.internal_pdf is None
    assert "Chromium" in files.pdf_note and len(files.all()) == 6  # xlsx, html, pptx × 2
