"""The trainer's `kit cohort` over the whole class on the hub.

    python deploy/jupyterhub/class_cohort.py [--root /srv/kit-class] [kit cohort options]

Collects the data file each trainee put in ``homes/<user>/我的数据/`` into
``cohort/学员数据/`` (named after the user, so the dashboard shows one row per
trainee) and runs ``kit cohort`` on it into ``cohort/out/``: the dashboard is
``cohort/out/dashboard.html``. Options after the root (``--stages 1,2``,
``--jobs 2``, ``--force``, ``--lang en``) go to ``kit cohort`` unchanged.

Trainees' files are only read. The collected folder is rebuilt on every run, so
a file a trainee replaced is picked up; ``kit cohort`` skips stages whose
inputs did not change, so a second run only does what is new.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kit.cohort import DATA_SUFFIXES

MY_DATA = "我的数据"  # the same folder name seed.py creates
COLLECTED = "学员数据"


def data_files(home: Path) -> list[Path]:
    folder = home / MY_DATA
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$"))
                  and p.name.lower().endswith(DATA_SUFFIXES))


def _suffix(path: Path) -> str:
    return ".csv.gz" if path.name.lower().endswith(".csv.gz") else path.suffix


def _stem(path: Path) -> str:
    return path.name[: -len(_suffix(path))]


def collect(root: Path) -> tuple[Path, list[str], list[str]]:
    """Copy every trainee's data file(s) into ``cohort/学员数据/``.

    One file gives ``<user>.<ext>``; several give ``<user>_<file name>.<ext>`` each.
    Returns the folder, the users collected and the users with no data file.
    """
    target = root / "cohort" / COLLECTED
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    found, missing = [], []
    for home in sorted(p for p in (root / "homes").iterdir() if p.is_dir()):
        files = data_files(home)
        if not files:
            missing.append(home.name)
            continue
        found.append(home.name)
        for path in files:
            name = home.name if len(files) == 1 else f"{home.name}_{_stem(path)}"
            shutil.copyfile(path, target / f"{name}{_suffix(path)}")
    return target, found, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kit cohort over every trainee's 我的数据 folder")
    parser.add_argument("--root", default=os.environ.get("KIT_CLASS_ROOT", "/srv/kit-class"),
                        help="the class folder (default $KIT_CLASS_ROOT or /srv/kit-class)")
    args, cohort_options = parser.parse_known_args(argv)
    root = Path(args.root).resolve()  # kit cohort hands data paths to notebooks run elsewhere
    if not (root / "homes").is_dir():
        print(f"{root} has no homes/ folder: is this the class folder (KIT_CLASS_ROOT)?",
              file=sys.stderr)
        return 2
    folder, found, missing = collect(root)
    print(f"collected {len(found)} trainee(s) into {folder}")
    if missing:
        print(f"no data file in {MY_DATA}/ yet: {', '.join(missing)}")
    if not found:
        return 1
    out = root / "cohort" / "out"
    command = [sys.executable, "-m", "kit", "cohort", str(folder), "--out", str(out), *cohort_options]
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
