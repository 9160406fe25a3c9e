"""The `kit` command: validate prints what was loaded, mapped, ignored and rejected."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main

ROOT = Path(__file__).resolve().parents[1]


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


def test_list_sheets_of_a_missing_file_is_a_message_not_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kit", "validate", str(tmp_path / "missing.xlsx"),
                           "--list-sheets"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "找不到文件" in done.stderr and "Traceback" not in done.stderr


def test_list_sheets_of_an_xls_says_xls_not_csv(tmp_path, capsys):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert main(["validate", str(path), "--list-sheets"]) == 2
    captured = capsys.readouterr()
    assert ".xls" in captured.err and "csv" not in captured.out


def test_validate_a_folder_says_it_is_a_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "文件夹" in err and "Excel" not in err


def test_decimal_option_answers_an_ambiguous_column(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text("月份;客户;SKU;数量;销售额\n2024-01;C1;S1;1;12,34\n2024-01;C2;S1;1;1,234\n",
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "decimal=" in capsys.readouterr().err
    assert main(["validate", str(path), "--decimal", ","]) == 0
    assert "接受 2 行" in capsys.readouterr().out


def test_kit_run_with_a_missing_data_file(tmp_path, capsys):
    assert main(["run", "--data", str(tmp_path / "nope.xlsx"), "--trainee", "x", "--out", str(tmp_path)]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_kit_export_writes_every_plan_file_with_the_company_template(tmp_path):
    """`kit export`: a trainee's stage 3 plans in all formats, the deck in the template."""
    from pptx import Presentation
    from pptx.util import Inches

    template = Presentation()
    template.slide_width, template.slide_height = Inches(10), Inches(5.625)
    template.save(str(tmp_path / "公司模板.pptx"))
    data = ROOT / "datasets" / "abc" / "sales.csv.gz"
    done = subprocess.run(
        [sys.executable, "-m", "kit", "export", "--data", str(data), "--trainee", "王强",
         "--stages", "3", "--out", str(tmp_path / "out"), "--template",
         str(tmp_path / "公司模板.pptx")], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    listed = [Path(line.strip()) for line in done.stdout.splitlines() if line.startswith("  ")]
    assert sorted({p.suffix for p in listed}) == [".html", ".pdf", ".pptx", ".xlsx"]
    decks = [p for p in listed if p.suffix == ".pptx"]
    assert len(decks) == 2 and all(p.exists() for p in listed)  # internal and customer
    deck = Presentation(str(decks[0]))
    assert (deck.slide_width, deck.slide_height) == (Inches(10), Inches(5.625))


def test_a_missing_template_is_a_message(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kit", "export", "--data", "x.csv", "--trainee",
                           "a", "--template", "没有.pptx"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 2 and "没有.pptx" in done.stderr and "Traceback" not in done.stderr
