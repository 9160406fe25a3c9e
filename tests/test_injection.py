"""Exports cannot be turned against their readers: whatever a trainee or a data file types
is stored as text in a workbook (never a formula), quoted and neutralised in a CSV, and
escaped in HTML. Real payloads go into every typed field of every plan."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from kit import export
from kit.export.document import Column, Document, Section, Table, Text
from kit.export.files import csv_text, spreadsheet_text
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
from kit.jbp import CooperationPlan, PlanActivity, build_jbp
from kit.report import ActionItem, draft_report
from kit.review import Window

PAYLOADS = ('=HYPERLINK("http://evil.example","点我")', "=cmd|' /C calc'!A0", "+SUM(1)", "@x",
            "-2+3", "\t=1+1", "\r=1+1", '<script>alert("x")</script>')
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


def test_spreadsheet_text_by_hand():
    assert spreadsheet_text("=1+1") == "'=1+1" and spreadsheet_text("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_text("华东") == "华东" and spreadsheet_text(-5) == -5  # numbers stay
    assert spreadsheet_text("a=b") == "a=b"  # only a leading sign is a formula
    rows = list(csv.reader(io.StringIO(csv_text([["名字", "金额"], ["=1+1", 12.5]])[1:])))
    assert rows == [["名字", "金额"], ["'=1+1", "12.5"]]


def cells(path):
    """(sheet, coordinate, value, data type) of every cell of a workbook."""
    book = load_workbook(path)
    return [(s.title, c.coordinate, c.value, c.data_type) for s in book.worksheets
            for row in s.iter_rows() for c in row if c.value is not None]


def assert_safe_workbook(path):
    found = cells(path)
    assert not [c for c in found if c[3] == "f"], path.name  # no formula cell at all
    texts = [c[2] for c in found if isinstance(c[2], str)]
    assert not [t for t in texts if t.startswith(FORMULA)], path.name
    with zipfile.ZipFile(path) as z:  # no formula element anywhere in the sheets
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist()
                       if n.startswith("xl/worksheets/"))
    return texts


def assert_escaped(path):
    page = path.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def payload_plans():
    """Every plan with a payload in each field a trainee or a data file types."""
    p = iter(PAYLOADS * 4)
    sales = pd.DataFrame({
        "period": pd.PeriodIndex(["2024-06", "2024-06", "2025-06", "2025-06"], freq="M"),
        "region": [next(p), "南", next(p), "南"], "customer_id": ["C1", "C2", "C1", "C2"],
        "sku": ["A", next(p), "A", "B"], "units": [10, 5, 12, 6],
        "net_sales": [100.0, 50.0, 130.0, 40.0]})
    sales["region"] = sales["region"].astype("category")
    report = draft_report(sales, Window("month", "2025-06"), by="region", subject=next(p))
    report.decision = next(p)
    report.action = [ActionItem(next(p), next(p), date(2025, 7, 31))]
    report.result = [next(p)]
    start = Starting(end=pd.Period("2025-12", "M"), last_12=1200.0, baseline=1260.0,
                     funnel=pd.Series({"universe": 1000.0, "numeric_distribution": 0.6,
                                       "skus_per_outlet": 5.0, "units_per_sku": 100.0,
                                       "avg_price": 10.0}), unit="outlet")
    history = pd.DataFrame({"region": [next(p), "S"], "net_sales": [300.0, 900.0]})
    cells_, months = split_plan(SplitPlan(total=1440, levels=["region"], year=2026), history,
                                pd.Series(1.0, index=range(1, 13)))
    goal = GoalPlan(next(p), set_targets(start, Ambition(), Drivers()),
                    Checklist(baseline=next(p), risks=next(p)),
                    Swot([SwotEntry(next(p), "S"), SwotEntry(next(p), "T", source=next(p))]),
                    Ogsm(next(p), [Goal(next(p), 1, next(p), date(2026, 12, 31))],
                         [Strategy(next(p), "place", [Measure(next(p), 5, next(p))])]),
                    cells_, months, ["region"])
    jbp = build_jbp("D05", "2026", sales=pd.DataFrame({
        "period": pd.PeriodIndex(["2024-06", "2025-06"], freq="M"), "customer_id": ["D05"] * 2,
        "kind": ["sell_in"] * 2, "net_sales": [800.0, 1000.0], "cost": [500.0, 600.0]}),
        review_window="2025", next_target=1100.0,
        plan=CooperationPlan([PlanActivity(next(p), next(p), next(p), date(2026, 1, 2),
                                           date(2026, 1, 25), 4000.0, 18_000.0, kpi=next(p),
                                           internal_note=next(p))]),
        customer_name=next(p))
    jbp.internal_notes = next(p)
    targets = pd.DataFrame({"rank": [1], "outlet_id": [next(p)], "outlet_name": [next(p)],
                            "customer_id": ["C1"], "product": [next(p)], "status": ["not_bought"],
                            "relationship": ["never"], "potential": [100.0], "current": [0.0],
                            "gap": [100.0], "open_share": [1.0], "ease": [0.3], "score": [30.0]})
    return {"review": export.report_document(report), "goals": export.goal_plan_document(goal),
            "jbp": export.jbp_document(jbp), "jbp_customer": export.jbp_document(jbp, "customer"),
            "targets": export.target_list_document(targets, subject=next(p))}


@pytest.mark.parametrize("plan", ["review", "goals", "jbp", "jbp_customer", "targets"])
def test_no_payload_becomes_a_formula_or_markup(plan, tmp_path):
    doc = payload_plans()[plan]
    written = export.write_all(doc, tmp_path, plan, formats=("xlsx", "html", "pptx"))
    texts = assert_safe_workbook(written.paths["xlsx"])
    # The payloads are there, as the text that was typed (behind the apostrophe).
    assert any(t[:1] == "'" and t[1:].startswith(FORMULA) for t in texts)
    if any("<script>" in str(v) for _, b in doc.blocks() for v in getattr(b, "rows", [[]])[0]):
        assert_escaped(written.paths["html"])
    assert "<script>" not in written.paths["html"].read_text(encoding="utf-8")


def test_the_cohort_summary_is_safe_in_excel_and_csv(tmp_path):
    from kit import dashboard

    table = pd.DataFrame({"学员": list(PAYLOADS[:4]), "数据文件": ["a.xlsx"] * 4,
                          "复盘：本期销售额（元）": [1.0, 2.0, 3.0, -4.0]})
    rows = [list(table.columns)] + table.values.tolist()
    (tmp_path / "summary.csv").write_text(csv_text(rows), encoding="utf-8")
    read = list(csv.reader(io.StringIO((tmp_path / "summary.csv").read_text("utf-8")[1:])))
    assert [r[0] for r in read[1:]] == ["'" + x for x in PAYLOADS[:4]]
    assert read[4][2] == "-4.0"  # numbers stay numbers
    doc = Document("d", "学员", sections=[Section("s", "学员", [Table.from_frame(table)])])
    export.write_all(doc, tmp_path, "summary", formats=("xlsx",))
    assert_safe_workbook(tmp_path / "summary.xlsx")
    assert dashboard.csv_text is csv_text  # the dashboard writes through the same function


def test_a_text_block_and_a_title_are_neutralised_too(tmp_path):
    doc = Document("t", "=1+1", "=2+2", sections=[
        Section("s", "@sheet", [Text("=HYPERLINK(1)", heading="+x"),
                                Table([Column("=col")], [["-1"]], title="=title")])])
    written = export.write_all(doc, tmp_path, "t", formats=("xlsx",))
    texts = assert_safe_workbook(written.paths["xlsx"])
    assert {"'=HYPERLINK(1)", "'+x", "'=col", "'-1"} <= set(texts)
