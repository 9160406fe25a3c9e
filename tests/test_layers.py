"""The layers of docs/architecture.md hold: import contracts (import-linter, configured in
pyproject.toml), no I/O in the domain, and domain imports that stay cheap."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ("review", "goals", "jbp", "penetration", "accounts", "overview.py", "insights.py",
          "report.py", "annual.py", "figures.py")
# Calls that read or write files or print (names no pure code uses for anything else);
# the I/O modules themselves (os, json, ...) are caught at their import.
IO_CALLS = {"open", "print", "input", "read_text", "write_text", "read_bytes", "write_bytes",
            "mkdir", "unlink", "touch", "to_csv", "to_excel", "to_parquet", "read_csv",
            "read_excel", "read_parquet", "savefig"}
IO_MODULES = {"os", "shutil", "tempfile", "subprocess", "json", "pickle", "socket", "urllib",
              "requests", "pathlib", "sqlite3"}


def domain_files() -> list[Path]:
    files = []
    for name in DOMAIN:
        path = ROOT / "kit" / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def test_import_contracts_are_kept():
    done = subprocess.run([str(Path(sys.executable).parent / "lint-imports"),
                           "--config", str(ROOT / "pyproject.toml")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def io_problems(path: Path) -> list[str]:
    """Where a module imports an I/O module or calls an I/O function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            found += [f"line {node.lineno}: imports {n}" for n in names
                      if n and n.split(".")[0] in IO_MODULES]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in IO_CALLS:
                found.append(f"line {node.lineno}: calls {name}()")
    return found


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_does_no_io(path):
    assert not io_problems(path), f"{path.relative_to(ROOT)} does I/O: {io_problems(path)}"


def test_the_io_check_can_fail(tmp_path):
    """The scan finds what it looks for (a guard against a check that cannot fail)."""
    bad = tmp_path / "bad.py"
    bad.write_text("import json\n\ndef f(p):\n    print(p)\n    return open(p).read()\n")
    assert io_problems(bad) == ["line 1: imports json", "line 4: calls print()",
                                "line 5: calls open()"]


@pytest.mark.parametrize("package", ["kit", "kit.review", "kit.goals", "kit.jbp", "kit.penetration",
                                     "kit.accounts", "kit.insights", "kit.report", "kit.annual",
                                     "kit.data"])
def test_domain_imports_draw_nothing(package):
    """Importing the analysis never loads matplotlib or widgets (nor rewrites rcParams)."""
    code = (f"import sys, {package}\n"
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'ipydatagrid', 'openpyxl') "
            "if m in sys.modules]\n"
            "print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"import {package} loaded {done.stdout.strip()}"
