"""The sample trainee files load as trainees send them, bad rows named exactly.

Each file exercises one kind of mess (see datasets/README.md); the deliberate
bad rows are listed in datasets/TRAINER.md.
"""

from pathlib import Path

import pytest

from kit.data import DataError, load

TRAINEES = Path(__file__).resolve().parents[1] / "datasets" / "trainees"


def problems(name, **kwargs):
    result = load(TRAINEES / name, errors="report", **kwargs)
    return result, [(p.row, p.letter, p.column, p.value, p.code) for p in result.report.problems]


def test_zhang_wei_title_rows_wan_yuan_notes_sheet_and_total_row():
    result, found = problems("张伟_华东区.xlsx")
    report = result.report
    assert report.sheet == "销售明细" and report.header_row == 4
    assert report.units == {"net_sales": "万元 → 元 (×10,000)"}
    # Nothing is rejected; the 合计 row, the last row of the sheet, is left out and listed.
    last_row = report.header_row + report.rows_read + report.blank_rows
    assert found == []
    assert [(p.row, p.letter, p.column, p.value, p.code) for p in report.skipped] == [
        (last_row, "A", "月份", "合计", "skip.total_row")]
    assert set(result.data["customer_id"]) == {"D01", "D02"}


def test_li_na_gbk_csv_with_text_numbers_and_daily_dates():
    result, found = problems("李娜_华南区.csv")
    assert result.report.encoding == "gb18030"
    assert found == [
        (12, "H", "销售金额", "#N/A", "expect.number"),
        (25, "A", "日期", "2025/13/01", "expect.period"),
        (40, "E", "商品编码", None, "expect.value"),
    ]
    rolled = load(TRAINEES / "李娜_华南区.csv", errors="report", rollup=True).data
    assert len(rolled) < len(result.data)
    # Rolling up moves no money: the monthly sums equal the daily rows' sum.
    assert rolled["net_sales"].sum() == pytest.approx(result.data["net_sales"].sum(), abs=0.01)


def test_wang_qiang_english_headers_serial_dates_and_bad_rows():
    result, found = problems("王强_经销商.xlsx")
    assert found == [
        (8, "F", "Qty", "n/a", "expect.number"),
        (15, "B", "Customer ID", None, "expect.value"),
        (23, "A", "Order Date", "2024-02-30", "expect.period"),
    ]
    assert str(result.data["period"].min()) == "2024-01" and str(result.data["period"].max()) == "2025-12"
    with pytest.raises(DataError) as err:
        load(TRAINEES / "王强_经销商.xlsx")
    assert len(err.value.problems) == 3


def test_liu_yang_workbook_saved_as_csv():
    result, found = problems("刘洋_华北区.csv")
    assert found == []
    assert result.report.format == "xlsx"
    assert any("xlsx" in n for n in result.report.notes)
    assert {str(p) for p in result.data["period"]} >= {"2024-01", "2025-12"}


def test_chen_jing_pharma_notes_sheet_first_and_thousand_yuan():
    result, found = problems("陈静_医药连锁.xlsx")
    assert result.report.sheet == "数据" and result.report.header_row == 2
    assert result.report.units == {"net_sales": "千元 → 元 (×1,000)"}
    assert found == [(10, "H", "销售额（千元）", None, "expect.value")]
