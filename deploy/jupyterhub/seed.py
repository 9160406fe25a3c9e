"""Give a trainee's home folder the workshops and the case data, never overwriting.

    python deploy/jupyterhub/seed.py HOME [--source KIT_FOLDER]

JupyterHub calls :func:`seed` before every start of a trainee's server
(``pre_spawn_hook`` in ``jupyterhub_config.py``); on Kubernetes the same file
runs as the container's ``postStart`` hook. Layout of a seeded home::

    HOME/workshops/NN_*.ipynb     the workshop notebooks
    HOME/datasets/abc|pharma|trainees/ and datasets/README.md   the case data
    HOME/我的数据/说明.md          where the trainee puts their own file (the trainer collects it)

A file that is already in the home is never touched, whatever its content: a
restart keeps every edit. A file the trainee deleted or renamed is copied
again on the next start, which is also how a trainee gets a fresh copy of a
notebook (rename theirs, restart the server). A new workshop notebook added to
the kit appears in every home on the trainee's next start.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]  # the kit checkout this file belongs to

# (folder under the kit, file pattern): what every home gets, at the same relative path.
SEEDS = (
    ("workshops", "[0-9][0-9]_*.ipynb"),
    ("datasets", "README.md"),
    ("datasets/abc", "*"),
    ("datasets/pharma", "*"),
    ("datasets/trainees", "*"),
)
MY_DATA = "我的数据"
MY_DATA_NOTE = """\
# 我的数据

把你自己的销售数据文件（Excel 或 CSV）放在这个文件夹里：在左侧文件栏打开本文件夹，
把文件拖进来即可上传。

- 文件名用你的名字，例如 `张伟_华东区.xlsx`。
- 讲师会从这里收集每位学员的文件，统一运行各阶段的笔记本，生成班级汇总。
- 在笔记本最上面的参数格里，把 `data` 改成 `"../我的数据/你的文件名.xlsx"`，然后“运行全部”。
"""


def seed(home: str | os.PathLike[str], source: str | os.PathLike[str] | None = None) -> list[Path]:
    """Copy what a home should have from `source` (the kit folder) into `home`.

    Returns the files written. Files already in `home` are left as they are.
    """
    home, source = Path(home), Path(source or KIT)
    if not (source / "workshops").is_dir():
        raise FileNotFoundError(f"{source} is not a kit folder (no workshops/ in it)")
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    for folder, pattern in SEEDS:
        for path in sorted((source / folder).glob(pattern)):
            if path.is_file() and not path.name.startswith("."):
                target = home / folder / path.name
                if _copy_new(path, target):
                    written.append(target)
    note = home / MY_DATA / "说明.md"
    note.parent.mkdir(exist_ok=True)
    with contextlib.suppress(FileExistsError), open(note, "x", encoding="utf-8") as f:
        f.write(MY_DATA_NOTE)
        written.append(note)
    return written


def _copy_new(source: Path, target: Path) -> bool:
    """Copy `source` to `target` unless `target` exists (or is a link); never overwrites.

    The copy is written beside the target and linked into place, so a crash
    never leaves a half-copied notebook that later starts would keep.
    """
    if target.exists() or target.is_symlink():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".seed-")
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, target)  # fails if the target appeared meanwhile: no overwrite
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if target.exists():
                return False
            os.replace(tmp, target)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", help="the trainee's home folder")
    parser.add_argument("--source", default=os.environ.get("KIT_SOURCE", str(KIT)),
                        help="the kit folder to copy from (default: this checkout, or $KIT_SOURCE)")
    args = parser.parse_args(argv)
    written = seed(args.home, args.source)
    print(f"{args.home}: {len(written)} file(s) added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
