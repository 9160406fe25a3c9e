"""The workshop notebooks as nbval runs them (``--nbval-lax``: every cell must run
without error; outputs are not compared, since they hold the trainee's own numbers),
on a copy of workshops/ beside the case data, so nothing is written into the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_workshop_notebook_runs_under_nbval(tmp_path):
    shutil.copytree(ROOT / "workshops", tmp_path / "workshops",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    os.symlink(ROOT / "datasets", tmp_path / "datasets")
    notebooks = sorted(str(p) for p in (tmp_path / "workshops").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) >= 5
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
         "--nbval-cell-timeout=600", "--rootdir", str(tmp_path), *notebooks],
        capture_output=True, text=True, cwd=tmp_path / "workshops",
        env={**os.environ, "KIT_WORKDIR": str(tmp_path / "work")})
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " failed" not in done.stdout and " passed" in done.stdout
    assert (tmp_path / "work").is_dir()  # the notebooks' out_dir: the copy's, not the repo's
