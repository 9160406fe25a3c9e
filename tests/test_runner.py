"""The warm kernel (kit.runner.WarmKernel): reused notebook after notebook, each run in a
fresh namespace, with results identical to a run in a new kernel."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook

from kit import runner
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


def notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNEL}, cells=[
        nbformat.v4.new_code_cell("value = 0", metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(c) for c in cells)])
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def warm():
    kernel = runner.WarmKernel()
    yield kernel
    kernel.stop()


def test_nothing_one_run_does_reaches_the_next(tmp_path, warm):
    messy = notebook(tmp_path / "a.ipynb", """
leaked = 42
import os, kit, matplotlib
import kit.workspace
kit.set_lang("en"); kit.set_currency("USD"); kit.workspace.set_base("/tmp/elsewhere")
os.environ["TRAINEE_SECRET"] = "x"; os.chdir("/"); matplotlib.rcParams["font.size"] = 31
""")
    check = notebook(tmp_path / "b.ipynb", """
import os, matplotlib
from kit import i18n, record
record.record("t/state", {"leaked": "leaked" in globals(), "lang": i18n.get_lang(),
              "currency": i18n.get_currency(), "workdir": os.environ.get("KIT_WORKDIR", ""),
              "secret": os.environ.get("TRAINEE_SECRET", ""), "cwd": os.getcwd(),
              "font": matplotlib.rcParams["font.size"], "value": value})
""")
    runner.execute(messy, tmp_path / "a_out.ipynb", {"value": 1}, warm=warm)
    runner.execute(check, tmp_path / "b_out.ipynb", {"value": 2}, warm=warm)
    state = read_records(tmp_path / "b_out.ipynb")["t/state"]
    assert state == {"leaked": False, "lang": "zh", "currency": "CNY",
                     "workdir": os.environ.get("KIT_WORKDIR", ""), "secret": "",
                     "cwd": str(tmp_path), "font": 10.0, "value": 2}
    assert warm.runs >= 2  # one kernel, two notebooks


def test_a_failed_run_gets_a_new_kernel_and_the_next_run_works(tmp_path, warm):
    broken = notebook(tmp_path / "x.ipynb", "import os\nos._exit(1)")
    fine = notebook(tmp_path / "y.ipynb", "from kit import record\nrecord.record('t/ok', value)")
    with pytest.raises(Exception):  # noqa: B017 - a dead kernel's error, whatever papermill names it
        runner.execute(broken, tmp_path / "x_out.ipynb", {}, warm=warm)
    assert warm.km is None  # discarded
    runner.execute(fine, tmp_path / "y_out.ipynb", {"value": 7}, warm=warm)
    assert read_records(tmp_path / "y_out.ipynb")["t/ok"] == 7


def test_a_warm_run_records_and_exports_what_a_new_kernel_does(tmp_path, warm):
    params = {"data": str(ROOT / "datasets" / "trainees" / "刘洋_华北区.csv"), "trainee": "刘洋",
              "targets_file": "", "outlets_file": ""}
    stage = runner.WORKSHOPS / "01_business_review.ipynb"
    outputs = {}
    for name, kernel in (("cold", None), ("warm", warm)):
        out = tmp_path / name
        runner.execute(stage, out / stage.name, {**params, "out_dir": str(out / "work")},
                       warm=kernel)
        book = load_workbook(out / "work" / "刘洋" / "复盘报告.xlsx")
        outputs[name] = (read_records(out / stage.name),
                         [[c.value for c in row] for s in book.worksheets for row in s.iter_rows()])
    assert outputs["warm"] == outputs["cold"]


def test_a_run_saves_its_output_a_few_times_not_twice_a_cell_and_keeps_all_of_it(
        tmp_path, warm, monkeypatch):
    import papermill.engines

    writes = []
    real = papermill.engines.write_ipynb
    monkeypatch.setattr(papermill.engines, "write_ipynb",
                        lambda nb, path: writes.append(path) or real(nb, path))
    cells = [f"print({i} * 7)" for i in range(30)]
    out = runner.execute(notebook(tmp_path / "many.ipynb", *cells), tmp_path / "many_out.ipynb",
                         {}, warm=warm)
    # papermill alone writes 2 × 31 cells + 2; throttled: the start, the end, and at most
    # one every SAVE_EVERY seconds in between (30 prints take far less than that).
    assert 2 <= len(writes) <= 4
    printed = [c.outputs[0].text for c in nbformat.read(out, as_version=4).cells[1:]]
    assert printed == [f"{i * 7}\n" for i in range(30)]


def test_a_failing_run_still_saves_every_cell_up_to_the_error(tmp_path, warm):
    broken = notebook(tmp_path / "err.ipynb", "print('before')", "1 / 0", "print('after')")
    with pytest.raises(Exception, match="ZeroDivisionError"):
        runner.execute(broken, tmp_path / "err_out.ipynb", {}, warm=warm)
    cells = nbformat.read(tmp_path / "err_out.ipynb", as_version=4).cells
    outputs = {c.source: [o.output_type for o in c.outputs] for c in cells if c.cell_type == "code"}
    assert outputs["print('before')"] == ["stream"] and outputs["1 / 0"] == ["error"]
    assert outputs["print('after')"] == []


def test_a_reset_that_fails_says_why(warm):
    warm.ready(ROOT)  # started and reset
    with pytest.raises(RuntimeError, match="no_such_name"):
        warm._run("no_such_name")


def _without_ids(html: str) -> str:
    # nbconvert gives every widget view a fresh random id, one conversion to the next.
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", html)


def test_html_is_what_nbconvert_makes_while_repeated_code_cells_are_converted_once(
        tmp_path, warm):
    from nbconvert import HTMLExporter

    cells = ["print('<b>' + str(value))", "%%bash\necho $HOME", "# 注释 <script>alert(1)</script>"]
    first = runner.execute(notebook(tmp_path / "one.ipynb", *cells), tmp_path / "one_out.ipynb",
                           {"value": 1}, warm=warm)
    second = runner.execute(notebook(tmp_path / "two.ipynb", *cells), tmp_path / "two_out.ipynb",
                            {"value": 2}, warm=warm)
    sanitised = runner._html_exporter().filters["clean_html"]
    for path in (first, second):
        before = sanitised.cache_info().hits
        html = runner.to_html(path).read_text(encoding="utf-8")
        expected, _ = HTMLExporter().from_filename(str(path))
        assert _without_ids(html) == _without_ids(expected)
    # the second notebook's code cells (4 with the parameters) came from the first's
    assert sanitised.cache_info().hits - before >= 4
    assert "&lt;script&gt;" in html and "<script>alert(1)" not in html
