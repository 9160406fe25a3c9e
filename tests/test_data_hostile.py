"""Hostile input (issue 18): every file that used to lose rows or give wrong numbers
without a word is now a correct load or a DataError naming the row and the column.

Each fixture is built in the test; each expectation is computed by hand in a comment.
"""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference

from kit import i18n
from kit.data import DataError, load

HEADER = ["月份", "客户编码", "产品编码", "数量", "销售额"]


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_lang("zh")
    yield
    i18n.set_lang("zh")


def write(tmp_path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def xlsx(sheets: dict[str, list[list]], hidden=(), charts=()) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    for name in charts:  # a chart sheet, as Excel makes one: a chart of the first sheet
        chart = BarChart()
        chart.add_data(Reference(wb.worksheets[0], min_col=5, min_row=1, max_row=2))
        wb.create_chartsheet(name).add_chart(chart)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def found(problems):
    return [(p.row, p.letter, p.column, p.value, p.code) for p in problems]


# ------------------------------------------------- 1. a row with extra or missing fields


def test_an_unquoted_thousands_comma_is_a_row_problem_not_a_shifted_number(tmp_path):
    path = write(tmp_path, "s.csv", lines(
        ",".join(HEADER),
        "2024-01,C1,S1,10,100.50",
        "2024-01,C1,S1,10,1,234",  # row 3: 1,234 unquoted -> 6 fields under 5 headers
        "2024-02,C2,S2,3,30",
    ))
    with pytest.raises(DataError) as err:
        load(path)
    (problem,) = err.value.problems
    assert (problem.row, problem.code, problem.value) == (3, "expect.fields", "2024-01,C1,S1,10,1,234")
    assert "第 3 行" in str(err.value) and "6 个字段，表头只有 5 个" in str(err.value)
    result = load(path, errors="report")
    assert list(result.data.index) == [2, 4]
    assert round(result.data["net_sales"].sum(), 2) == 130.50  # 100.50 + 30, not + 1


def test_a_row_with_fewer_fields_than_the_header_is_a_row_problem(tmp_path):
    path = write(tmp_path, "s.csv", lines(",".join(HEADER), "2024-01,C1,S1,10,100", "2024-02,C2,S2,3"))
    result = load(path, errors="report")
    assert found(result.report.problems) == [(3, None, None, "2024-02,C2,S2,3", "expect.fields_short")]
    assert result.data["net_sales"].tolist() == [100.0]


def test_a_trailing_empty_header_lets_rows_stop_before_it(tmp_path):
    # Header "…,销售额," has 6 fields, its last one unnamed: rows of 5 or 6 fields are both sound.
    path = write(tmp_path, "s.csv", lines(",".join(HEADER) + ",", "2024-01,C1,S1,1,10", "2024-01,C1,S1,1,20,"))
    assert load(path).data["net_sales"].tolist() == [10.0, 20.0]


# ------------------------------------------------- 2. an unbalanced quote


def thousand_rows() -> tuple[list[str], float]:
    rows = [",".join(HEADER)]
    total = 0.0
    for i in range(2, 1002):  # rows 2..1001: 1,000 data rows, sales i + 0.25
        rows.append(f"2024-01,C{i},S1,1,{i}.25")
        total += i + 0.25
    return rows, total


def test_a_stray_quote_costs_its_own_row_only(tmp_path):
    rows, total = thousand_rows()
    rows[10] = '2024-01,"C11,S1,1,11.25'  # row 11: the quote never closes
    path = write(tmp_path, "s.csv", "\n".join(rows) + "\n")
    result = load(path, errors="report")
    report = result.report
    assert found(report.problems) == [(11, None, None, '2024-01,"C11,S1,1,11.25', "row.quote")]
    # Every line is accounted for: 1,000 below the header = 999 accepted + 1 rejected.
    assert report.rows_accepted == 999 and report.rejected_rows == [11]
    assert report.rows_accepted + len(report.rejected_rows) + len(report.skipped) + report.blank_rows == 1000
    # Σ i for i = 2..1001 is 1001 × 1002 / 2 − 1 = 501,500, plus 1,000 × 0.25: 501,750;
    # without row 11 (11.25): 501,738.75.
    assert total == 501_750.0
    assert round(result.data["net_sales"].sum(), 2) == 501_738.75
    with pytest.raises(DataError, match="第 11 行"):
        load(path)


def test_a_quote_inside_a_field_is_text(tmp_path):
    path = write(tmp_path, "s.csv", lines(",".join(HEADER), '2024-01,C"1,S1,1,5', "2024-01,C2,S1,1,7"))
    df = load(path).data
    assert df["customer_id"].tolist() == ['C"1', "C2"] and df["net_sales"].sum() == 12.0


def test_quoted_amounts_with_commas_still_load_fast_and_right(tmp_path):
    path = write(tmp_path, "s.csv", lines(",".join(HEADER), '2024-01,C1,S1,1,"1,234.50"',
                                          '2024-01,"C,2",S1,1,"2,000"'))
    df = load(path).data
    assert df["net_sales"].tolist() == [1234.5, 2000.0] and df["customer_id"].tolist() == ["C1", "C,2"]


# ------------------------------------------------- 3. a wrong <dimension> in an xlsx


def test_a_wrong_dimension_does_not_truncate_the_sheet(tmp_path):
    rows = [HEADER] + [["2024-01", f"C{i}", "S1", 1, i] for i in range(2, 14)]  # rows 2..13
    data = xlsx({"数据": rows})
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:E5"/>', body)
                assert n == 1  # the premise: the exporter's wrong claim is in the file
            dst.writestr(item, body)
    df = load(write(tmp_path, "w.xlsx", buf.getvalue())).data
    assert len(df) == 12 and df["net_sales"].sum() == sum(range(2, 14))  # 2 + … + 13 = 90


# ------------------------------------------------- 4. 万元 wherever exporters write it


@pytest.mark.parametrize("header", ["销售额(单位:万元)", "销售额(万元,含税)", "销售额(万)", "销售额/万元",
                                    "销售额（单位：万元）", "销售额_万元"])
def test_wan_yuan_in_the_header(tmp_path, header):
    quoted = f'"{header}"'  # a header with a comma in it is quoted, as Excel writes it
    path = write(tmp_path, "s.csv", lines(",".join(HEADER[:4] + [quoted]), "2024-01,C1,S1,1,1.2345",
                                          "2024-01,C2,S1,1,3"))
    result = load(path)
    # 1.2345 万元 = 12,345 元; 3 万元 = 30,000 元.
    assert result.data["net_sales"].tolist() == [12_345.0, 30_000.0]
    assert result.report.units == {"net_sales": "万元 → 元 (×10,000)"}


def test_wan_yuan_in_a_title_row_above_the_header(tmp_path):
    path = write(tmp_path, "s.csv", lines("华东区销售明细", "单位：万元", ",".join(HEADER), "2024-01,C1,S1,1,2.5"))
    result = load(path)
    assert result.data["net_sales"].tolist() == [25_000.0]  # 2.5 × 10,000
    assert result.report.units["net_sales"].startswith("万元 → 元") and "第 2 行" in result.report.units["net_sales"]


def test_a_units_row_under_the_header(tmp_path):
    path = write(tmp_path, "s.csv", lines(",".join(HEADER), ",,,箱,万元", "2024-01,C1,S1,2,1.5", "2024-02,C1,S1,3,0.25"))
    result = load(path)
    # 1.5 万元 = 15,000 元; 0.25 万元 = 2,500 元; Σ 17,500.
    assert result.data["net_sales"].tolist() == [15_000.0, 2_500.0]
    assert found(result.report.skipped) == [(2, None, None, "箱、万元", "skip.units_row")]
    report = result.report
    assert report.rows_accepted + len(report.skipped) + report.blank_rows + len(report.rejected_rows) == 3


def test_the_mapping_the_kit_suggests_keeps_the_unit(tmp_path):
    path = write(tmp_path, "s.csv", lines("月份,客户编码,产品编码,数量,销售额/万元", "2024-01,C1,S1,1,0.5"))
    assert load(path, mapping={"销售额/万元": "net_sales"}).data["net_sales"].tolist() == [5_000.0]


@pytest.mark.parametrize("header, unit", [("销售额(亿元)", "亿元"), ("Sales (USD)", "USD"),
                                          ("销售额(万元/千元)", "万元 / 千元")])
def test_a_unit_the_kit_cannot_read_stops_and_asks(tmp_path, header, unit):
    path = write(tmp_path, "s.csv", lines(",".join(HEADER[:4] + [header]), "2024-01,C1,S1,1,1.5"))
    with pytest.raises(DataError) as err:
        load(path, errors="report")
    (p,) = err.value.problems
    assert (p.row, p.letter, p.column, p.code) == (1, "E", header, "unit.unreadable")
    assert f"金额单位“{unit}”无法识别" in str(err.value) and "units=" in str(err.value)
    # The trainee answers; the answer is applied: 1.5 万元 = 15,000 元.
    assert load(path, units="万元").data["net_sales"].tolist() == [15_000.0]


def test_an_unreadable_unit_in_a_title_row_asks_too(tmp_path):
    path = write(tmp_path, "s.csv", lines("单位：亿元", ",".join(HEADER), "2024-01,C1,S1,1,1"))
    with pytest.raises(DataError) as err:
        load(path)
    assert (err.value.problems[0].row, err.value.problems[0].code) == (1, "unit.unreadable")


# ------------------------------------------------- 5. hidden and chart sheets


def test_a_hidden_sheet_is_never_chosen_automatically_and_the_note_says_so(tmp_path):
    old = [HEADER, ["2023-01", "C1", "S1", 1, 999]]
    new = [HEADER, ["2024-01", "C1", "S1", 1, 10], ["2024-02", "C1", "S1", 1, 20]]
    path = write(tmp_path, "w.xlsx", xlsx({"旧数据": old, "数据": new}, hidden={"旧数据"}))
    result = load(path)
    assert result.report.sheet == "数据" and result.data["net_sales"].sum() == 30.0
    assert any("隐藏" in n and "旧数据" in n for n in result.report.notes)
    # Asked for by name, the hidden sheet is read, and the report says it is hidden.
    chosen = load(path, sheet="旧数据")
    assert chosen.data["net_sales"].tolist() == [999.0] and any("隐藏" in n for n in chosen.report.notes)


def test_data_only_in_a_hidden_sheet_is_explained(tmp_path):
    path = write(tmp_path, "w.xlsx", xlsx({"旧数据": [HEADER, ["2024-01", "C", "S", 1, 1]],
                                           "说明": [["备注"]]}, hidden={"旧数据"}))
    with pytest.raises(DataError, match="隐藏的工作表“旧数据”像是数据"):
        load(path)


def test_a_chart_sheet_is_skipped_not_refused(tmp_path):
    path = write(tmp_path, "w.xlsx", xlsx({"数据": [HEADER, ["2024-01", "C", "S", 1, 7]]}, charts=["图表"]))
    result = load(path)
    assert result.report.sheet == "数据" and result.data["net_sales"].tolist() == [7.0]
    with pytest.raises(DataError, match="“图表”是图表工作表"):
        load(path, sheet="图表")


# ------------------------------------------------- 6. total rows


@pytest.mark.parametrize("label", ["全部客户合计", "合计", "小计", "总计", "汇总", "累计", "本月合计",
                                   "华东 汇总", "Total", "Grand Total", "合计：", " 小计（华东） ",
                                   "TOTAL:", "Sub-total"])
def test_total_rows_are_recognised_by_their_label_and_left_out(tmp_path, label):
    rows = [HEADER + ["客户名称"], ["2024-01", "C1", "S1", 1, 100, "甲"], ["2024-01", "C2", "S1", 2, 50, "乙"],
            ["2024-01", "ALL", "ALL", 3, 150, label]]
    result = load(write(tmp_path, "w.xlsx", xlsx({"s": rows})))  # the default errors="raise" loads it
    assert result.data["net_sales"].sum() == 150.0  # 100 + 50, the total row not added again
    assert found(result.report.skipped) == [(4, "F", "客户名称", label.strip(), "skip.total_row")]
    assert "合计行" in result.report.summary()


def test_a_total_row_without_a_label_is_recognised_by_its_value(tmp_path):
    rows = [HEADER, ["2024-01", "C1", "S1", 1, 100.10], ["2024-01", "C2", "S2", 2, 50.05],
            ["", "", "", 3, 150.15],  # row 4: 1 + 2 units, 100.10 + 50.05 = 150.15
            ["2024-02", "C1", "S1", 4, 10]]
    result = load(write(tmp_path, "s.xlsx", xlsx({"s": rows})))
    assert found(result.report.skipped) == [(4, None, None, None, "skip.total_value")]
    assert round(result.data["net_sales"].sum(), 2) == 160.15  # 100.10 + 50.05 + 10


def test_subtotals_and_a_grand_total_by_value(tmp_path):
    rows = [HEADER, ["2024-01", "C1", "S1", 1, 10], ["2024-01", "C2", "S1", 1, 20],
            ["2024-01", "", "", 2, 30],  # row 4: subtotal of rows 2-3
            ["2024-01", "C3", "S1", 1, 5], ["2024-01", "C4", "S1", 2, 7],
            ["2024-01", "", "", 3, 12],  # row 7: subtotal of rows 5-6
            ["", "", "", 5, 42]]  # row 8: grand total 10 + 20 + 5 + 7
    result = load(write(tmp_path, "s.xlsx", xlsx({"s": rows})))
    assert [p.row for p in result.report.skipped] == [4, 7, 8]
    assert result.data["net_sales"].sum() == 42.0


def test_a_data_row_that_happens_to_equal_the_sum_above_is_kept(tmp_path):
    rows = [HEADER, ["2024-01", "C1", "S1", 1, 10], ["2024-01", "C2", "S1", 1, 10],
            ["2024-01", "C3", "S1", 2, 20]]  # its keys are filled: a data row, not a total
    assert load(write(tmp_path, "s.xlsx", xlsx({"s": rows}))).data["net_sales"].sum() == 40.0


# ------------------------------------------------- 7. decimal commas


def test_ambiguous_decimal_commas_stop_and_ask(tmp_path):
    path = write(tmp_path, "s.csv", lines(";".join(HEADER), "2024-01;C1;S1;1;12,34", "2024-01;C2;S1;1;1,234"))
    with pytest.raises(DataError) as err:
        load(path, errors="report")
    (p,) = err.value.problems
    assert (p.row, p.letter, p.column, p.code) == (2, "E", "销售额", "decimal.ambiguous")
    assert "decimal=" in str(err.value)
    # Answered: with decimal commas 12.34 + 1.234 = 13.574; with thousands commas 12,34 is no number.
    assert load(path, decimal=",").data["net_sales"].tolist() == [12.34, 1.234]
    result = load(path, decimal=".", errors="report")
    assert result.data["net_sales"].tolist() == [1234.0]
    assert found(result.report.problems) == [(2, "E", "销售额", "12,34", "expect.number")]


def test_a_column_of_decimal_commas_is_read_as_one(tmp_path):
    path = write(tmp_path, "s.csv", lines(";".join(HEADER), "2024-01;C1;S1;1;12,34", "2024-01;C2;S1;1;1.234,5"))
    assert load(path).data["net_sales"].tolist() == [12.34, 1234.5]


# ------------------------------------------------- tracebacks and wrong advice


def test_a_cell_longer_than_the_csv_module_allows(tmp_path):
    note = "长" * 200_000
    path = write(tmp_path, "s.csv", lines(",".join(HEADER + ["备注"]), f"2024-01,C1,S1,1,5,{note}",
                                          '2024-01,"C2",S1,1,6,x'))
    assert load(path).data["net_sales"].sum() == 11.0


def test_a_folder_and_an_unreadable_file_are_not_excel_advice(tmp_path, monkeypatch):
    with pytest.raises(DataError) as err:
        load(tmp_path)
    assert "文件夹" in str(err.value) and "Excel" not in str(err.value)
    path = write(tmp_path, "s.csv", lines(",".join(HEADER)))

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DataError) as err:
        load(path)
    assert "没有读取这个文件的权限" in str(err.value) and "Excel" not in str(err.value)


def test_one_nul_byte_names_its_row(tmp_path):
    data = lines(",".join(HEADER), "2024-01,C1,S1,1,5", "2024-01,C\x002,S1,1,6", "2024-01,C3,S1,1,7").encode()
    result = load(write(tmp_path, "s.csv", data), errors="report")
    assert [(p.row, p.code) for p in result.report.problems] == [(3, "row.nul")]
    assert result.data["net_sales"].tolist() == [5.0, 7.0]


def test_utf16_without_a_bom(tmp_path):
    text = lines("\t".join(HEADER), "2024-01\t华东\tS1\t1\t5")
    df = load(write(tmp_path, "s.txt", text.encode("utf-16-le"))).data
    assert df["customer_id"].tolist() == ["华东"] and df["net_sales"].tolist() == [5.0]


def test_utf8_file_with_gbk_rows_names_them(tmp_path):
    good = lines(",".join(HEADER), "2024-01,华东顺达,S1,1,5", "2024-01,华南,S1,1,6").encode("utf-8")
    data = good + "2024-02,北方商贸,S1,1,7\n".encode("gbk") + "2024-02,西部,S1,1,8\n".encode()
    result = load(write(tmp_path, "s.csv", data), errors="report")
    assert [(p.row, p.code) for p in result.report.problems] == [(4, "row.encoding.gbk")]
    assert result.data["customer_id"].tolist() == ["华东顺达", "华南", "西部"]


def test_gbk_file_with_utf8_rows_names_them(tmp_path):
    good = lines(",".join(HEADER), "2024-01,华东顺达,S1,1,5", "2024-01,华南商贸,S1,1,6").encode("gbk")
    data = good + "2024-02,北方商贸,S1,1,7\n".encode() + "2024-02,西部大区,S1,1,8\n".encode("gbk")
    result = load(write(tmp_path, "s.csv", data), errors="report")
    assert result.report.encoding == "gb18030"
    assert [(p.row, p.code) for p in result.report.problems] == [(4, "row.encoding.utf-8")]
    assert result.data["customer_id"].tolist() == ["华东顺达", "华南商贸", "西部大区"]


def test_formulas_never_computed_say_so(tmp_path):
    rows = [HEADER, ["2024-01", "C1", "S1", 2, "=D2*10"], ["2024-01", "C2", "S1", 3, "=D3*10"]]
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "w.xlsx", xlsx({"s": rows})))
    assert found(err.value.problems) == [(2, "E", "销售额", "=D2*10", "expect.formula"),
                                         (3, "E", "销售额", "=D3*10", "expect.formula")]
    assert "从未重新计算" in str(err.value) and "WPS" in str(err.value)


def test_a_numeric_yyyymmdd_in_a_workbook_is_a_date(tmp_path):
    rows = [HEADER, [20240115, "C1", "S1", 1, 1], ["20240215", "C1", "S1", 1, 1]]
    df = load(write(tmp_path, "w.xlsx", xlsx({"s": rows}))).data
    assert [str(p) for p in df["period"]] == ["2024-01", "2024-02"]


@pytest.mark.parametrize("marker", ["N/A", "-", "—", "#N/A", "null"])
def test_placeholders_are_no_codes(tmp_path, marker):
    path = write(tmp_path, "s.csv", lines(",".join(HEADER + ["客户名称"]), f"2024-01,{marker},S1,1,5,甲",
                                          f"2024-01,C2,S1,1,6,{marker}"))
    result = load(path, errors="report")
    (p,) = result.report.problems
    assert (p.row, p.letter, p.column) == (2, "B", "客户编码")
    assert p.code == ("expect.value" if marker == "null" else "expect.placeholder")
    # In a column that may be empty, the placeholder is simply empty.
    assert result.data["customer_name"].isna().tolist() == [True]


def test_a_control_character_is_cleaned_at_load_and_the_export_works(tmp_path):
    path = write(tmp_path, "s.csv", lines(",".join(HEADER + ["客户名称"]), "2024-01,C1,S1,1,5,华东\x01顺达"))
    result = load(path)
    assert result.data["customer_name"].tolist() == ["华东顺达"]
    assert any("控制字符" in n and "2F" in n for n in result.report.notes)
    wb = openpyxl.Workbook()
    wb.active.append(list(result.data.astype(str).iloc[0]))  # IllegalCharacterError before
    wb.save(tmp_path / "out.xlsx")


# ------------------------------------------------- the report adds up


def test_every_row_below_the_header_is_accepted_rejected_skipped_or_blank(tmp_path):
    path = write(tmp_path, "s.csv", lines(
        ",".join(HEADER),
        "2024-01,C1,S1,1,10",
        "",  # blank
        "2024-01,C1,S1,1,1,5",  # extra field
        '2024-01,"C2,S1,1,5',  # stray quote
        "合计,,,1,10",  # total
        "2024-01,C3,S1,x,5",  # bad number
    ))
    r = load(path, errors="report").report
    assert (r.rows_accepted, r.rejected_rows, [p.row for p in r.skipped], r.blank_rows) == (1, [4, 5, 7], [6], 1)
    assert "读取 5 行数据：接受 1 行，拒绝 3 行，排除 1 行" in r.summary()
    assert pd.Series(r.counts()).loc[["rows_accepted", "rows_rejected", "rows_skipped", "blank_rows"]].sum() == 6
