"""The `kit` command: validate prints what was loaded, mapped, ignored and rejected."""

import csv
import io
import subprocess
import sys

import pytest

from kit.cli import main


def write_csv(path, rows):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def messy(tmp_path):
    return write_csv(tmp_path / "销售.csv", [
        ["月份", "客户编码", "产品编码", "数量", "开票额", "业务员"],
        ["2024-01", "C1", "S1", "2", "20", "张三"],
        ["2024-02", "C1", "S1", "x", "30", "张三"],
    ])


def test_validate_reports_mapping_ignored_and_rejected(messy, capsys):
    code = main(["validate", str(messy), "--map", "开票额=net_sales"])
    out = capsys.readouterr().out
    assert code == 1  # rows were rejected
    assert "开票额 → net_sales" in out
    assert "未使用的列： 业务员" in out
    assert "读取 2 行数据：接受 1 行，拒绝 1 行" in out
    assert "第 3 行 › D 列“数量” › 值“x” — 应为数字" in out


def test_validate_clean_file_exits_zero_in_english(tmp_path, capsys):
    path = write_csv(tmp_path / "ok.csv", [["Order Date", "Customer ID", "Item Code", "Qty", "Sales"],
                                           ["2024-01-05", "C1", "S1", "1", "9.5"]])
    assert main(["--lang", "en", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 data rows read: 1 accepted, 0 rejected" in out
    from kit import i18n

    i18n.set_lang("zh")


def test_validate_structural_error_exits_two(messy, capsys):
    assert main(["validate", str(messy)]) == 2  # no net_sales column without the mapping
    assert "net_sales" in capsys.readouterr().err


def test_bad_map_argument_is_explained(messy):
    with pytest.raises(SystemExit, match="原列名=canonical"):
        main(["validate", str(messy), "--map", "开票额"])


def test_list_sheets(tmp_path, capsys):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.create_sheet("数据")
    wb.save(tmp_path / "w.xlsx")
    assert main(["validate", str(tmp_path / "w.xlsx"), "--list-sheets"]) == 0
    assert capsys.readouterr().out.split() == ["说明", "数据"]


def test_python_dash_m_kit_runs(messy):
    out = subprocess.run([sys.executable, "-m", "kit", "validate", str(messy), "--map",
                          "开票额=net_sales"], capture_output=True, text=True)
    assert out.returncode == 1 and "开票额 → net_sales" in out.stdout


def test_table_auto_judges_from_headers(tmp_path, capsys):
    path = write_csv(tmp_path / "o.csv", [["门店编码", "客户编码", "渠道"], ["O1", "D01", "餐饮"]])
    assert main(["validate", str(path), "--table", "auto"]) == 0
    assert "数据表：outlets" in capsys.readouterr().out
