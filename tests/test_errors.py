"""Every kit error is a KitError, and a KitError reaches a person as its message: in a
notebook (no traceback, the cell still fails), in the app and from the kit command."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import nbformat
from nbclient import NotebookClient

import kit
from kit.errors import KitError, message


def kit_modules():
    for module in pkgutil.walk_packages(kit.__path__, "kit."):
        if module.name != "kit.__main__":
            yield importlib.import_module(module.name)


def test_every_error_the_kit_defines_is_a_kit_error():
    defined = {cls for module in kit_modules() for _, cls in inspect.getmembers(module, inspect.isclass)
               if issubclass(cls, BaseException) and cls.__module__.startswith("kit.")}
    assert {c.__name__ for c in defined} >= {"KitError", "DataError", "DecompositionError",
                                             "PdfUnavailable", "Unreadable"}
    assert all(issubclass(cls, KitError) for cls in defined), [c for c in defined
                                                               if not issubclass(c, KitError)]


def test_message_is_the_text_of_a_kit_error_and_names_anything_else():
    assert message(KitError("文件缺少“销售额”列")) == "文件缺少“销售额”列"
    assert message(ZeroDivisionError("division by zero")) == "ZeroDivisionError: division by zero"


def test_a_kit_error_in_a_notebook_shows_its_message_not_a_traceback(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import kit\nfrom kit.data import load"),
        nbformat.v4.new_code_cell("load('没有这个文件.xlsx')"),
        nbformat.v4.new_code_cell("1 / 0"),
    ])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    (kit_error,) = nb.cells[1].outputs
    assert kit_error.output_type == "error" and kit_error.ename == "DataError"  # the cell fails
    shown = "\n".join(kit_error.traceback)
    assert "没有这个文件.xlsx" in shown
    assert "Traceback" not in shown and "File " not in shown and "loader.py" not in shown
    (bug,) = nb.cells[2].outputs  # a bug keeps its traceback
    assert bug.ename == "ZeroDivisionError" and len(bug.traceback) > 1


def test_the_kit_command_prints_the_message_and_exits_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kit", "validate", str(tmp_path / "没有.xlsx")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert "没有.xlsx" in done.stderr and "Traceback" not in done.stderr
