"""Property tests: whatever a trainee sends, the loader answers with a table or a DataError."""

import csv
import io
import math
import re
import string

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kit.data import DataError, load
from kit.schema import TABLES

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


def physical_lines(data: bytes) -> list[str]:
    lines = re.split(r"\r\n|\r|\n", data.decode("utf-8"))
    return lines[:-1] if lines and lines[-1] == "" else lines


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
    # Every row below the header is accepted, rejected, left out or blank: none disappears.
    # A CSV's rows are its physical lines (a line break inside quotes makes two).
    total_rows = titles + 1 + len(rows) if fmt == "xlsx" else len(physical_lines(data))
    below = total_rows - report.header_row
    counted = (report.rows_accepted + len(report.rejected_rows) + len(report.skipped)
               + report.blank_rows)
    if fmt == "xlsx":  # openpyxl does not store trailing empty rows
        assert counted <= below
    else:
        assert counted == below
    assert set(result.data.index).isdisjoint(report.rejected_rows)
    event(f"loaded {len(result.data) > 0}")
    required = TABLES[report.table].required
    for column in ("units", "net_sales"):
        if column in result.data:  # accepted numbers are real numbers (or empty where allowed)
            values = result.data[column]
            assert (values.map(math.isfinite) | (values.isna() & (column not in required))).all()


# ---------------------------------------------------------------- injected faults

CLEAN = st.tuples(st.sampled_from(["2024-01", "2024/3/15", "2024年5月"]),
                  st.sampled_from(["C1", "C2", "华东顺达"]), st.sampled_from(["S1", "饮料A"]),
                  st.integers(0, 500), st.integers(-10**6, 10**9))  # the amount in fen
FAULTS = ["extra field", "stray quote", "quote at line start", "blank line", "total row",
          "unlabelled total", "missing field"]
LINE = st.one_of(CLEAN.map(lambda c: ("clean", c)), st.tuples(st.sampled_from(FAULTS), CLEAN))


def faulty_csv(items, title: bool) -> tuple[bytes, dict[int, int]]:
    """A CSV of clean rows and injected faults; returns it and {row: fen} of the clean rows."""
    lines = (["销售明细 2024"] if title else []) + ["月份,客户编码,产品编码,数量,销售额"]
    clean: dict[int, int] = {}
    for kind, (period, customer, sku, units, fen) in items:
        amount = f"{fen / 100:.2f}"
        if kind == "clean":
            clean[len(lines) + 1] = fen
            lines.append(f"{period},{customer},{sku},{units},{amount}")
        elif kind == "extra field":  # an unquoted thousands comma: 1,234.56
            lines.append(f"{period},{customer},{sku},{units},{(abs(fen) + 100_000) / 100:,.2f}")
        elif kind == "stray quote":
            lines.append(f'{period},"{customer},{sku},{units},{amount}')
        elif kind == "quote at line start":
            lines.append(f'"{period},{customer},{sku},{units},{amount}')
        elif kind == "blank line":
            lines.append("")
        elif kind == "total row":
            lines.append(f"合计,,,{units},{sum(clean.values()) / 100:.2f}")
        elif kind == "unlabelled total":
            lines.append(f",,,{units},{sum(clean.values()) / 100:.2f}")
        else:
            lines.append(f"{period},{customer},{sku},{units}")
    return ("\n".join(lines) + "\n").encode("utf-8"), clean


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=30), st.booleans())
def test_injected_faults_lose_nothing_and_add_nothing(items, title):
    data, clean = faulty_csv(items, title)
    result = load(data, name="faults.csv", errors="report")
    report = result.report
    # Rows in (physical lines below the header) = accepted + rejected + skipped (+ blank).
    below = len(physical_lines(data)) - report.header_row
    assert report.header_row == 1 + title
    assert (report.rows_accepted + len(report.rejected_rows) + len(report.skipped)
            + report.blank_rows) == below
    # Exactly the clean rows are accepted, and their amounts add up to the cent.
    assert list(result.data.index) == sorted(clean)
    assert abs(result.data["net_sales"].sum() - sum(clean.values()) / 100) < 0.005
    event(f"faults {sum(kind != 'clean' for kind, _ in items) > 0}")
