"""Property tests: whatever a trainee sends, the loader answers with a table or a DataError."""

import csv
import io
import math
import string

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kit.data import DataError, load

HEADERS = ["月份", "日期", "客户", "客户编码", "SKU", "产品编码", "数量", "销售额", "销售额(万元)",
           "Order Date", "Customer ID", "Qty", "Sales", "类型", "区域", "备注", "", "合计"]

cell = st.one_of(
    st.none(),
    st.integers(-10**9, 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["2024-01", "2024/1/15", "45292", "2024年1月", "n/a", "#N/A", "合计", "1,234.5",
                     "¥12", "(3)", "进货", "零售", "", " ", "2024-13", "2024-02-30"]),
    st.text(alphabet=string.printable + "中文客户销售额，（）万元", max_size=12),
)
ALIASES = [["月份", "日期", "Order Date", "2024年"], ["客户", "客户编码", "Customer ID"],
           ["SKU", "产品编码", "Item Code"], ["数量", "Qty", "件数"], ["销售额", "Sales", "销售额(万元)"]]
GOOD = [st.sampled_from(["2024-01", "2024/1/15", "45292", "2024年1月", 202403]),
        st.sampled_from(["C1", "华东顺达", 10023]), st.sampled_from(["S1", "饮料A", 7]),
        st.one_of(st.integers(-50, 500), st.sampled_from(["1,200", " 3 "])),
        st.one_of(st.floats(-1e6, 1e6), st.sampled_from(["¥12,345.6", "(300)"]))]

header = st.one_of(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
    st.tuples(*[st.sampled_from(a) for a in ALIASES], st.lists(st.sampled_from(HEADERS), max_size=2))
    .map(lambda t: [*t[:5], *t[5]]),
)
row = st.one_of(st.lists(cell, min_size=0, max_size=7), st.tuples(*GOOD).map(list),
                st.tuples(*GOOD, cell).map(list))
table = st.tuples(header, st.lists(row, max_size=25), st.integers(0, 3))


def to_csv(header, rows, titles) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    for i in range(titles):
        w.writerow([f"标题 {i}"])
    w.writerow(header)
    w.writerows(["" if c is None else c for c in r] for r in rows)
    return buf.getvalue().encode("utf-8")


def to_xlsx(header, rows, titles) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(titles):
        ws.append([f"标题 {i}"])
    ws.append(header)
    for r in rows:
        # Excel itself cannot hold NaN/inf or control characters; a trainee file never has them.
        ws.append([None if isinstance(c, float) and c != c or c in (float("inf"), float("-inf"))
                   else ("".join(ch for ch in c if ch.isprintable()) if isinstance(c, str) else c)
                   for c in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_a_table_or_a_data_error(data):
    try:
        load(data, name="upload.csv", errors="report")
    except DataError as err:
        assert err.problems and str(err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table, st.sampled_from(["csv", "xlsx"]), st.sampled_from([None, "sales"]))
def test_arbitrary_tables_account_for_every_row(spec, fmt, kind):
    header, rows, titles = spec
    data = to_csv(*spec) if fmt == "csv" else to_xlsx(*spec)
    try:
        result = load(data, kind, name=f"t.{fmt}", errors="report")
    except DataError as err:
        assert err.problems
        return
    report = result.report
    assert report.header_row is not None
    # Every row below the header is accepted, rejected or blank: none disappears.
    total_rows = titles + 1 + len(rows)
    below = total_rows - report.header_row
    if fmt == "xlsx":  # openpyxl does not store trailing empty rows
        assert report.rows_accepted + len(report.rejected_rows) + report.blank_rows <= below
    else:
        assert report.rows_accepted + len(report.rejected_rows) + report.blank_rows == below
    assert set(result.data.index).isdisjoint(report.rejected_rows)
    event(f"loaded {len(result.data) > 0}")
    for column in ("units", "net_sales"):
        if column in result.data:  # accepted numbers are real numbers
            assert result.data[column].map(math.isfinite).all()
