"""kit.data.load: one test per rule of the loader (issue #2, section 2)."""

import csv
import datetime as dt
import hashlib
import io

import openpyxl
import pandas as pd
import pytest

from kit import i18n
from kit.data import DataError, load, sheet_names

HEADER = ["月份", "客户编码", "产品编码", "数量", "销售额"]
ROWS = [["2024-01", "C1", "S1", "10", "100.50"], ["2024-02", "C2", "S2", "3", "30"]]


def csv_bytes(rows, encoding="utf-8", sep=",", newline="\n") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=newline).writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_lang("zh")
    yield
    i18n.set_lang("zh")


# ------------------------------------------------------------------ formats


def test_clean_csv_gives_canonical_table_indexed_by_excel_row(tmp_path):
    result = load(write(tmp_path, "s.csv", csv_bytes([HEADER, *ROWS])))
    df = result.data
    assert list(df.columns) == ["period", "customer_id", "sku", "units", "net_sales"]
    # Header is row 1, so the two data rows are rows 2 and 3 as Excel shows them.
    assert list(df.index) == [2, 3]
    assert str(df["period"].dtype) == "period[M]"
    assert df["net_sales"].tolist() == [100.5, 30.0]
    assert result.report.rows_read == 2 and result.report.rows_accepted == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_chinese_csv_encodings_are_detected(tmp_path, encoding):
    rows = [HEADER, ["2024-01", "华东顺达商贸", "饮料A", "1", "9.9"]] * 1
    result = load(write(tmp_path, "s.csv", csv_bytes(rows, encoding)))
    assert result.data["customer_id"].iloc[0] == "华东顺达商贸"
    assert result.report.encoding in {"utf-8", "utf-8-sig", "gb18030"}


def test_windows_1252_csv_is_detected(tmp_path):
    rows = [["Order Date", "Customer ID", "Item Code", "Qty", "Sales"],
            ["2024-01", "Café Müller", "S1", "1", "5"],
            ["2024-02", "Señora García", "S1", "2", "7"]]
    result = load(write(tmp_path, "s.csv", csv_bytes(rows, "cp1252")))
    assert result.report.encoding == "cp1252"
    assert result.data["customer_id"].tolist() == ["Café Müller", "Señora García"]


def test_windows_1252_that_also_decodes_as_gb18030(tmp_path):
    # ñ+o, í+a and ü+l are valid GB18030 byte pairs, so both decodings succeed;
    # the accented letters stand alone between ASCII letters, which is Western text.
    rows = [["Order Date", "Customer ID", "Item Code", "Qty", "Sales"],
            ["2024-01", "Señora García", "S1", "1", "5"], ["2024-02", "Müller", "S1", "2", "7"]]
    data = csv_bytes(rows, "cp1252")
    data.decode("gb18030")  # the premise: this does not raise
    result = load(write(tmp_path, "s.csv", data))
    assert result.data["customer_id"].tolist() == ["Señora García", "Müller"]


def test_utf16_tab_separated_excel_unicode_text(tmp_path):
    data = csv_bytes([HEADER, *ROWS], "utf-16", sep="\t")
    result = load(write(tmp_path, "s.txt", data))
    assert result.data["units"].tolist() == [10.0, 3.0]


def test_semicolon_delimited_csv(tmp_path):
    result = load(write(tmp_path, "s.csv", csv_bytes([HEADER, *ROWS], sep=";")))
    assert result.data["sku"].tolist() == ["S1", "S2"]


def test_undecidable_encoding_names_the_choices(tmp_path):
    # 0x81 is undefined in Windows-1252 and 0x81 0x20 is not a GB18030 sequence.
    data = b"month,customer,sku,units,sales\n2024-01,\x81 ,S1,1,2\n"
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "s.csv", data))
    assert 'encoding="gb18030"' in str(err.value) and 'encoding="cp1252"' in str(err.value)


def test_explicit_encoding_that_does_not_fit_names_the_row(tmp_path):
    ascii_header = ["month", "customer", "sku", "qty", "sales"]
    data = csv_bytes([ascii_header, *ROWS, ["2024-03", "客户", "S", "1", "1"]], "gbk")
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "s.csv", data), encoding="utf-8")
    assert "第 4 行" in str(err.value)


def test_xlsx_saved_under_csv_name_loads_by_content(tmp_path):
    path = write(tmp_path, "export.csv", xlsx_bytes({"Sheet1": [HEADER, *ROWS]}))
    result = load(path)
    assert result.report.format == "xlsx"
    assert len(result.data) == 2
    assert any(".csv" in n and "xlsx" in n for n in result.report.notes)


def test_csv_saved_under_xlsx_name_loads_by_content(tmp_path):
    result = load(write(tmp_path, "export.xlsx", csv_bytes([HEADER, *ROWS])))
    assert result.report.format == "csv" and len(result.data) == 2


def test_gzip_csv_loads(tmp_path):
    import gzip

    result = load(write(tmp_path, "s.csv.gz", gzip.compress(csv_bytes([HEADER, *ROWS]))))
    assert result.report.format == "csv (gzip)" and len(result.data) == 2


@pytest.mark.parametrize(
    "data, phrase",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为” .xlsx"),
        (b"\x00\x01\x02binary\x00", "无法识别的文件格式"),
        (b"", "文件是空的"),
    ],
)
def test_unsupported_files_are_explained(tmp_path, data, phrase):
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "x.xlsx", data))
    assert phrase in str(err.value)


def test_zip_that_is_not_a_workbook_is_explained(tmp_path):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hi")
    with pytest.raises(DataError, match="压缩包"):
        load(write(tmp_path, "x.xlsx", buf.getvalue()))


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="找不到文件"):
        load(tmp_path / "nope.xlsx")


# ------------------------------------------------------------------ sheets


def test_sheet_by_name_and_list_of_sheets(tmp_path):
    path = write(tmp_path, "w.xlsx", xlsx_bytes({"说明": [["notes"]], "数据": [HEADER, *ROWS]}))
    assert sheet_names(path) == ["说明", "数据"]
    assert load(path, sheet="数据").report.sheet == "数据"


def test_unknown_sheet_lists_the_sheets(tmp_path):
    path = write(tmp_path, "w.xlsx", xlsx_bytes({"说明": [["notes"]], "数据": [HEADER, *ROWS]}))
    with pytest.raises(DataError) as err:
        load(path, sheet="Sheet1")
    assert "说明, 数据" in str(err.value)


def test_data_sheet_behind_a_notes_sheet_is_chosen(tmp_path):
    path = write(tmp_path, "w.xlsx", xlsx_bytes({"备注": [["本表说明"], ["单位：元"]],
                                                  "数据": [HEADER, *ROWS]}))
    result = load(path)
    assert result.report.sheet == "数据" and len(result.data) == 2


def test_no_sheet_looks_like_data(tmp_path):
    path = write(tmp_path, "w.xlsx", xlsx_bytes({"a": [["x"]], "b": [["y", "z"]]}))
    with pytest.raises(DataError) as err:
        load(path)
    assert "a, b" in str(err.value) and "sheet=" in str(err.value)


# ------------------------------------------------------------ header rows


def test_title_and_notes_above_the_header_are_skipped(tmp_path):
    rows = [["华东区 2024 年进货明细"], ["导出时间：2026-01-05"], [], HEADER, *ROWS]
    result = load(write(tmp_path, "w.xlsx", xlsx_bytes({"明细": rows})))
    assert result.report.header_row == 4
    assert list(result.data.index) == [5, 6]


def test_title_line_above_csv_header(tmp_path):
    rows = [["销售明细 2024"], HEADER, *ROWS]
    result = load(write(tmp_path, "s.csv", csv_bytes(rows)))
    assert result.report.header_row == 2 and list(result.data.index) == [3, 4]


def test_header_row_option_overrides_detection(tmp_path):
    # Row 1 looks like a header too (it names 月份/客户); the user says the real one is row 2.
    rows = [["月份", "客户", "说明"], HEADER, *ROWS]
    result = load(write(tmp_path, "s.csv", csv_bytes(rows)), header_row=2)
    assert result.report.header_row == 2 and len(result.data) == 2


def test_no_header_found_says_what_was_looked_for(tmp_path):
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "s.csv", csv_bytes([["a", "b"], ["1", "2"]])))
    assert "header_row=" in str(err.value) and "net_sales" in str(err.value)


# ----------------------------------------------------------------- mapping


def test_english_aliases(tmp_path):
    rows = [["Order Date", "Customer ID", "Item Code", "Qty", "Sales", "Region"],
            ["2024-01-15", "C1", "S1", "2", "20", "East"]]
    result = load(write(tmp_path, "s.csv", csv_bytes(rows)))
    assert result.report.mapped == {
        "period": "Order Date", "customer_id": "Customer ID", "sku": "Item Code",
        "units": "Qty", "net_sales": "Sales", "region": "Region",
    }


def test_user_mapping_and_ignored_columns_are_reported(tmp_path):
    rows = [["月份", "客户编码", "产品编码", "数量", "开票额", "业务员"],
            ["2024-01", "C1", "S1", "1", "10", "张三"]]
    result = load(write(tmp_path, "s.csv", csv_bytes(rows)), mapping={"开票额": "net_sales"})
    assert result.report.mapped["net_sales"] == "开票额"
    assert result.report.ignored == ["业务员"]
    assert result.data["net_sales"].tolist() == [10.0]


def test_mapping_to_a_column_the_table_does_not_have(tmp_path):
    with pytest.raises(DataError, match="不是 sales 表的列"):
        load(write(tmp_path, "s.csv", csv_bytes([HEADER, *ROWS])), mapping={"销售额": "revenue"})


def test_mapping_from_a_header_that_is_absent(tmp_path):
    with pytest.raises(DataError, match="开票额"):
        load(write(tmp_path, "s.csv", csv_bytes([HEADER, *ROWS])), mapping={"开票额": "net_sales"})


def test_missing_required_column_names_it_and_suggests(tmp_path):
    rows = [["月份", "客户编码", "产品编码", "数量", "销售额度"], ["2024-01", "C1", "S1", "1", "1"]]
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "s.csv", csv_bytes(rows)))
    msg = str(err.value)
    assert "第 1 行" in msg and "net_sales" in msg and "“销售额度”是不是 net_sales" in msg
    problem = err.value.problems[0]
    assert problem.row == 1


def test_two_headers_for_one_column_keep_the_first_and_say_so(tmp_path):
    rows = [["日期", "月份", "客户", "SKU", "数量", "销售额"], ["2024-01-05", "2024-02", "C", "S", "1", "1"]]
    result = load(write(tmp_path, "s.csv", csv_bytes(rows)))
    assert str(result.data["period"].iloc[0]) == "2024-01"
    assert "月份" in result.report.ignored
    assert any("日期" in n and "月份" in n for n in result.report.notes)


def test_table_is_judged_from_headers(tmp_path):
    rows = [["门店编码", "客户编码", "渠道"], ["O1", "D01", "餐饮"]]
    result = load(write(tmp_path, "o.csv", csv_bytes(rows)), table=None)
    assert result.report.table == "outlets"
    assert result.data["channel"].tolist() == ["餐饮"]


# ------------------------------------------------------------------ periods


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2024-01", "2024-01"), ("2024/1/15", "2024-01"), ("1/15/2024", "2024-01"),
        ("45292", "2024-01"),  # Excel serial: 1899-12-30 + 45292 days = 2024-01-01
        ("2024年1月", "2024-01"), ("2024年3月15日", "2024-03"), ("202406", "2024-06"),
        ("20240715", "2024-07"), ("Aug-2024", "2024-08"), ("2024.09", "2024-09"),
        ("2024-10-15 00:00:00", "2024-10"), ("２０２４－１１", "2024-11"),
    ],
)
def test_period_forms(tmp_path, cell, expected):
    rows = [HEADER, [cell, "C", "S", "1", "1"]]
    assert str(load(write(tmp_path, "s.csv", csv_bytes(rows))).data["period"].iloc[0]) == expected


def test_excel_dates_and_serial_numbers_in_cells(tmp_path):
    rows = [HEADER, [dt.datetime(2024, 5, 1), "C", "S", 1, 1], [45444, "C", "S", 1, 1]]
    df = load(write(tmp_path, "w.xlsx", xlsx_bytes({"s": rows}))).data
    # 45444 = 45292 + 152 days (Jan 31 + Feb 29 + Mar 31 + Apr 30 + May 31 = 152) -> 2024-06-01.
    assert [str(p) for p in df["period"]] == ["2024-05", "2024-06"]


def test_day_first_dates_when_a_first_part_cannot_be_a_month(tmp_path):
    rows = [HEADER, ["5/3/2024", "C", "S", "1", "1"], ["25/3/2024", "C", "S", "1", "1"]]
    df = load(write(tmp_path, "s.csv", csv_bytes(rows))).data
    assert [str(p) for p in df["period"]] == ["2024-03", "2024-03"]


def test_daily_rows_roll_up_to_months_when_asked(tmp_path):
    rows = [HEADER, ["2024/1/3", "C", "S", "1", "10"], ["2024/1/20", "C", "S", "2", "20.5"],
            ["2024/2/1", "C", "S", "4", "40"], ["2024/1/9", "C", "T", "1", "1"]]
    path = write(tmp_path, "s.csv", csv_bytes(rows))
    kept = load(path)
    assert len(kept.data) == 4 and any("rollup=True" in n for n in kept.report.notes)
    rolled = load(path, rollup=True).data.set_index(["period", "sku"])
    # C/S in January: 1 + 2 = 3 units and 10 + 20.5 = 30.5.
    jan = rolled.loc[(pd.Period("2024-01"), "S")]
    assert (jan["units"], jan["net_sales"]) == (3.0, 30.5)
    assert len(rolled) == 3


# ------------------------------------------------------------------ numbers


def test_numbers_stored_as_text_with_separators_and_symbols(tmp_path):
    rows = [HEADER, ["2024-01", "C", "S", "1,200", "¥12,345.60"], ["2024-01", "C", "S", " 3 ", "(50)"],
            ["2024-01", "C", "S", "１２", "1 000"]]
    df = load(write(tmp_path, "s.csv", csv_bytes(rows))).data
    assert df["units"].tolist() == [1200.0, 3.0, 12.0]
    assert df["net_sales"].tolist() == [12345.6, -50.0, 1000.0]


@pytest.mark.parametrize("header, factor", [("销售额(万元)", 10_000), ("销售额（千元）", 1_000),
                                            ("金额(元)", 1)])
def test_money_unit_in_header(tmp_path, header, factor):
    rows = [["月份", "客户", "SKU", "数量", header], ["2024-01", "C", "S", "1", "1.2345"]]
    df = load(write(tmp_path, "s.csv", csv_bytes(rows))).data
    assert df["net_sales"].iloc[0] == pytest.approx(1.2345 * factor)


def test_declared_units_option(tmp_path):
    path = write(tmp_path, "s.csv", csv_bytes([HEADER, *ROWS]))
    # 100.50 万元 = 1,005,000 元; 30 万元 = 300,000 元.
    result = load(path, units="万元")
    assert result.data["net_sales"].tolist() == [1_005_000.0, 300_000.0]
    assert result.report.units == {"net_sales": "万元 → 元 (×10,000)"}
    with pytest.raises(DataError, match="不认识的金额单位"):
        load(path, units="亿元")


# ---------------------------------------------------------------- bad rows


def bad_workbook(tmp_path):
    rows = [
        ["华东区进货明细"], HEADER,
        ["2024-01", "C1", "S1", "10", "100"],  # row 3 good
        ["2024-01", "C1", "S1", "n/a", "100"],  # row 4: D 数量
        ["2024-13", "", "S1", "1", "abc"],  # row 5: A 月份, B 客户编码 (empty), E 销售额
        [None, None, None, None, None],  # row 6 blank
        ["2024-02", "C2", "S2", "2", "20"],  # row 7 good
        ["合计", None, None, "13", "220"],  # row 8 total
    ]
    return write(tmp_path, "张伟.xlsx", xlsx_bytes({"明细": rows}))


def test_every_problem_is_named_by_row_and_column(tmp_path):
    with pytest.raises(DataError) as err:
        load(bad_workbook(tmp_path))
    found = [(p.row, p.letter, p.column, p.value, p.code) for p in err.value.problems]
    assert found == [
        (4, "D", "数量", "n/a", "expect.number"),
        (5, "A", "月份", "2024-13", "expect.period"),
        (5, "B", "客户编码", None, "expect.value"),
        (5, "E", "销售额", "abc", "expect.number"),
    ]
    msg = str(err.value)
    assert "张伟.xlsx › 工作表“明细” › 第 4 行 › D 列“数量” › 值“n/a” — 应为数字" in msg
    assert "发现 4 个问题" in msg
    # The 合计 row is no problem: it is left out, and the report says so.
    skipped = [(p.row, p.letter, p.column, p.value, p.code) for p in err.value.report.skipped]
    assert skipped == [(8, "A", "月份", "合计", "skip.total_row")]


def test_report_mode_keeps_good_rows_and_lists_every_other_row(tmp_path):
    result = load(bad_workbook(tmp_path), errors="report")
    report = result.report
    assert list(result.data.index) == [3, 7]
    assert report.rejected_rows == [4, 5]
    assert [p.row for p in report.skipped] == [8]
    # Nothing disappears: 6 rows below the header = 2 accepted + 2 rejected + 1 total + 1 blank.
    assert report.rows_accepted + len(report.rejected_rows) + len(report.skipped) + report.blank_rows == 6
    assert report.rejected().shape == (4, 4)


def test_problem_limit_in_message_but_all_in_error(tmp_path):
    rows = [HEADER] + [["2024-01", "C", "S", "x", "1"]] * 30
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "s.csv", csv_bytes(rows)))
    assert len(err.value.problems) == 30
    assert "另有 10 个问题未列出" in str(err.value)


def test_messages_follow_the_language_switch(tmp_path):
    i18n.set_lang("en")
    with pytest.raises(DataError) as err:
        load(bad_workbook(tmp_path))
    assert '张伟.xlsx › sheet "明细" › row 4 › column D "数量" › value "n/a" — expected a number' in str(
        err.value
    )


def test_unknown_kind_value_is_rejected(tmp_path):
    rows = [HEADER + ["类型"], ["2024-01", "C", "S", "1", "1", "进货"], ["2024-01", "C", "S", "1", "1", "退货"]]
    with pytest.raises(DataError) as err:
        load(write(tmp_path, "s.csv", csv_bytes(rows)))
    (p,) = err.value.problems
    assert (p.row, p.letter, p.value) == (3, "F", "退货")


# ------------------------------------------------------------- input kept


def test_input_files_are_never_modified(tmp_path):
    path = bad_workbook(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    load(path, errors="report")
    with pytest.raises(DataError):
        load(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime


def test_a_target_row_without_any_measure_is_rejected(tmp_path):
    # targets need net_sales or units on every row: row 3 has neither, so it is rejected
    # at the first measure column present (C, 销售额); row 2 keeps its blank units.
    path = tmp_path / "目标.csv"
    path.write_text("月份,区域,销售额,数量\n2026-01,华北,1000,\n2026-02,华北,,\n", encoding="utf-8")
    result = load(path, "targets", errors="report")
    assert result.data.index.tolist() == [2]
    (problem,) = result.report.problems
    assert (problem.row, problem.column, problem.letter) == (3, "销售额", "C")
