#!/usr/bin/env python
"""Generate the bundled case data of the workshop kit.

Two cases and the trainee files derived from them:

* ``abc/``      禾味食品 (HeWei Foods) selling to the key account ABC 零售 and through
                eight distributors to ~2,000 traditional outlets, 2023-01..2025-12.
* ``pharma/``   华康制药 selling chronic-disease drugs to the pharmacy chain
                康泰大药房 (KT), 2024-01..2025-12.
* ``trainees/`` five files "as trainees really send them" (title rows, GBK, 万元,
                Excel serial dates, an xlsx saved as .csv, a notes sheet, a few bad rows).

Everything is seeded: running the script twice gives byte-identical files
(gzip and xlsx timestamps are pinned). The stories hidden in the data are
documented for trainers only in ``TRAINER.md``; ``story_check.py`` prints the
numbers that prove them. The model lives in the ``casegen`` package beside
this script; the files' columns come from ``kit/schema.py``, so run it in the
kit's environment (``make venv``).

Usage::

    python datasets/generate.py                      # rewrite datasets/abc, pharma, trainees
    python datasets/generate.py --scale 40 --out out/bench   # ~10M-row sales.csv for benchmarks
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casegen.abc_case import build_abc
from casegen.bench import write_bench
from casegen.files import write_abc, write_pharma
from casegen.pharma_case import build_pharma
from casegen.trainees import write_trainees
from people import write_people

HERE = Path(__file__).resolve().parent


def generate_all(root: Path = HERE) -> dict[str, int]:
    abc = build_abc()
    write_abc(abc, root / "abc")
    pharma = build_pharma()
    write_pharma(pharma, root / "pharma")
    counts = write_trainees(abc, pharma, root / "trainees")
    write_people(root)  # contacts, interactions, daily log, 赵敏's file (datasets/people.py)
    print(f"abc: {len(abc.sales):,} sales rows; pharma: {len(pharma.sales):,} sales rows")
    for name, n in counts.items():
        print(f"trainees/{name}: {n:,} data rows")
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, help="write a ~scale x 250,000-row ABC-shaped sales.csv instead")
    ap.add_argument("--out", type=Path, default=None,
                    help="output folder (default: datasets/ for the cases; "
                         "<repo>/out/bench, git-ignored, for --scale)")
    args = ap.parse_args(argv)
    if args.scale:
        path, n = write_bench(args.scale, args.out or HERE.parent / "out" / "bench")
        print(f"{path}: {n:,} rows")
    else:
        generate_all(args.out or HERE)


if __name__ == "__main__":
    main()
