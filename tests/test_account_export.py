"""The key-account plan as a Document: its parts, what is internal, the customer version
(no internal section, column or note in the document, the workbook, the HTML or the deck), files
that never overwrite; and a sheet holding a wide and a narrow table."""

import html
import zipfile

import openpyxl
import pandas as pd
import pytest

from kit import account_views as av
from kit import accounts
from kit.export import AccountPlan, account_plan_document, export_account_plan
from kit.export.document import Column, Document, Section, Table
from kit.export.xlsx import write_xlsx

periods = pd.period_range("2024-01", "2025-12", freq="M")
SALES = pd.DataFrame({
    "period": list(periods) * 2, "customer_id": ["A"] * 24 + ["B"] * 24,
    "customer_name": ["甲公司"] * 24 + ["乙公司"] * 24, "sku": "x", "category": "饮料",
    "units": 1.0, "net_sales": [100.0] * 12 + [110.0] * 12 + [50.0] * 12 + [40.0] * 12})
PEOPLE = pd.DataFrame({
    "customer_id": ["A", "A"], "name": ["王总", "李经理"], "title": ["总经理", "采购经理"],
    "role": ["decision_maker", "coach"], "attitude": ["supporter", "opponent"],
    "influence": [5.0, 3.0], "stage": ["trust", "ally"], "reports_to": [None, "王总"],
    "owner": ["张", "张"], "last_contact": pd.to_datetime(["2025-12-20", "2025-09-01"]),
    "pain": ["利润下滑", "报表太多"], "notes": ["秘密：在看竞品", None]})
SECRETS = ("反对", "秘密：在看竞品", "利润下滑", "教练", "健康度", "信赖")


@pytest.fixture(scope="module")
def plan():
    r = accounts.workshop.review(SALES, contacts=PEOPLE, as_of="2025-12-31")
    return AccountPlan(
        customer_id="A", as_of=r.as_of,
        portrait=accounts.customer_portrait("A", sales=SALES, window=r.window,
                                            assessed=r.assessed, contacts=PEOPLE, as_of=r.as_of),
        contacts=PEOPLE, health=r.scored.loc[["A"]], weights=r.weights,
        alerts=r.alerts[r.alerts["customer_id"] == "A"], rules=accounts.rule_book(),
        care=r.care[r.care["customer_id"] == "A"], services=("technical", "training"),
        survey=accounts.SatisfactionSurvey("A", scores={"product": 5, "delivery": 4,
                                                        "service": 3, "support": 4, "terms": 2}))


def test_the_internal_plan_has_every_part(plan):
    doc = account_plan_document(plan)
    assert [s.key for s in doc.sections] == ["portrait", "decision", "people", "health",
                                             "alerts", "care"]
    assert doc.title == "大客户关系计划" and doc.subject == "A 甲公司"
    assert [s.internal for s in doc.sections] == [True, True, False, True, True, False]
    people = doc.sections[2].blocks[0]
    hidden = [c.label for c in people.columns if c.internal]
    assert hidden == ["角色", "态度", "影响力", "阶段", "行为类型", "痛点", "价值主张", "备注"]
    health = doc.sections[3].blocks
    assert health[1].lines[0].startswith("权重：价值 25%、成长 20%、关系覆盖 25%、管道 15%、风险 15%")
    survey = doc.sections[-1].blocks[-1]
    # (5 − 1 + 4 − 1 + 3 − 1 + 4 − 1 + 2 − 1) / 4 / 5 items = 13 / 20 -> 65
    assert survey.title == "满意度指数：65.0（一般）"


def test_the_customer_version_holds_nothing_internal(plan, tmp_path):
    doc = account_plan_document(plan, "customer")
    assert [s.key for s in doc.sections] == ["people", "care"]
    assert all(not c.internal for s in doc.sections for b in s.blocks
               if isinstance(b, Table) for c in b.columns)
    files = export_account_plan(plan, tmp_path, formats=("xlsx", "html", "pptx"))
    assert sorted(p.suffix for p in files.customer.all()) == [".html", ".pptx", ".xlsx"]
    for path in files.customer.all():
        text = file_text(path)
        for secret in SECRETS:
            assert secret not in text, (path.name, secret)
        assert "王总" in text and "总经理" in text, path.name
    assert "客户版" in file_text(files.customer.paths["html"])
    inside = file_text(files.internal.paths["pptx"])
    assert "秘密：在看竞品" in inside and "内部版" in inside
    again = export_account_plan(plan, tmp_path, formats=("xlsx",))  # never overwrites the first
    assert again.internal.paths["xlsx"].name == "大客户关系计划_A_内部版 (2).xlsx"


def file_text(path) -> str:
    """A file's words: every member of an Office file (character references resolved, as
    openpyxl writes Chinese as &#…;), or the page."""
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8")
    with zipfile.ZipFile(path) as z:
        return "\n".join(html.unescape(z.read(name).decode("utf-8", "replace"))
                         for name in z.namelist())


def test_a_sheet_with_a_wide_then_a_narrow_table(tmp_path):
    wide = Table([Column(f"c{i}", "count") for i in range(5)], [[1, 2, 3, 4, 5]])
    narrow = Table([Column("x"), Column("y", "percent")], [["a", 0.5]], title="窄表")
    path = write_xlsx(Document("t", "T", sections=[Section("s", "S", [wide, narrow])]),
                      tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["S"]
    rows = [tuple(c for c in r if c is not None) for r in ws.iter_rows(values_only=True)]
    assert ("a", 0.5) in rows
    cell = next(c for r in ws.iter_rows() for c in r if c.value == 0.5)
    assert cell.number_format == "0.0%"


def test_views_keep_kinds_for_every_column(plan):
    frame = av.people_table(PEOPLE)
    assert set(frame.attrs["kinds"]) == set(frame.columns)
    assert frame.attrs["kinds"]["最近联系日期"] == "date"
    shown = av.show(av.people_table(PEOPLE)).to_html()
    assert "2025-12-20" in shown and "决策者" in shown
