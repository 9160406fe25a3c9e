"""A cohort run against a sequential papermill loop and the kernel-start floor.

    .venv/bin/python benchmarks/bench_cohort.py [--trainees 30] [--jobs N]

Builds N trainee files (the sample files in datasets/trainees/, cycled and
renamed) and runs every stage notebook for each, three ways, in this one run:

- kit cohort: `kit.cohort.cohort` with `--jobs` workers (default: the cores), each
  worker running its notebooks in one warm kernel (kit.runner.WarmKernel);
- kit cohort, cold kernels: the same with $KIT_COLD_KERNELS=1, a new kernel for every
  notebook (the path before warm kernels);
- sequential: a plain loop of `papermill.execute_notebook` over the same
  notebooks and parameters, one after another (what a trainer would script);
- floor: kernel start time × notebooks ÷ cores, with the kernel start
  measured here as the median papermill run of a one-cell notebook;
- cells floor: the seconds the notebooks' own cells took in the warm cohort (papermill's
  timing of each cell, summed) ÷ cores: what no pool can go below without making the
  stages' own work cheaper.

Prints each wall time and the ratios. Outputs go to out/bench/cohort/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from pathlib import Path

import nbformat
import papermill

from kit import cohort

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench" / "cohort"


def make_trainees(n: int, folder: Path) -> list[Path]:
    samples = sorted((ROOT / "datasets" / "trainees").iterdir())
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        source = samples[i % len(samples)]
        suffix = "".join(source.suffixes)
        target = folder / f"学员{i + 1:02d}_{source.stem}{suffix}"
        shutil.copy(source, target)
        files.append(target)
    return files


def kernel_start(repeats: int = 3) -> float:
    """Median seconds for papermill to run a one-cell notebook: kernel start and stop."""
    empty = OUT / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")],
                                            metadata={"kernelspec": {"name": "python3",
                                                                     "display_name": "Python 3",
                                                                     "language": "python"}}), empty)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        papermill.execute_notebook(str(empty), str(OUT / "empty.out.ipynb"), progress_bar=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_cells(out: Path) -> float:
    """Median seconds of the stage notebooks' import cell (the one importing kit), as
    papermill timed it in the executed notebooks under ``out``."""
    times = []
    for path in out.glob("*/[0-9][0-9]_*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "\nimport kit\n" in f"\n{cell.source}":
                times.append(cell.metadata.get("papermill", {}).get("duration") or 0.0)
                break
    return statistics.median(times) if times else float("nan")


def cell_seconds(out: Path) -> float:
    """The seconds all cells of the executed stage notebooks under ``out`` took, summed."""
    return sum(cell.metadata.get("papermill", {}).get("duration") or 0.0
               for path in out.glob("*/[0-9][0-9]_*.ipynb")
               for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")


def sequential(files: list[Path], out: Path) -> float:
    start = time.perf_counter()
    for path, (trainee, folder) in cohort.folder_names(files).items():
        for stage in cohort.stages():
            params = cohort.parameters(stage, path, trainee, out / folder / "work", "zh")
            (out / folder).mkdir(parents=True, exist_ok=True)
            try:
                papermill.execute_notebook(str(stage.notebook), str(out / folder / stage.notebook.name),
                                           parameters=params, cwd=str(stage.notebook.parent),
                                           progress_bar=False)
            except papermill.PapermillExecutionError:
                pass  # same work as the cohort, which also carries on
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--no-sequential", action="store_true",
                        help="leave out the sequential loop (the slowest of the three)")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    jobs = args.jobs or cores
    shutil.rmtree(OUT, ignore_errors=True)
    files = make_trainees(args.trainees, OUT / "in")
    notebooks = len(files) * len(cohort.stages())
    print(f"{len(files)} trainees × {len(cohort.stages())} stages = {notebooks} notebooks; "
          f"{cores} cores, {jobs} jobs")

    boot = kernel_start()
    floor = boot * notebooks / cores
    start = time.perf_counter()
    results = cohort.cohort(OUT / "in", OUT / "kit", jobs=jobs)
    kit_time = time.perf_counter() - start
    failed = sum(not r.ok for r in results)
    os.environ[cohort.COLD_VAR] = "1"
    start = time.perf_counter()
    cohort.cohort(OUT / "in", OUT / "cold", jobs=jobs)
    cold_time = time.perf_counter() - start
    del os.environ[cohort.COLD_VAR]
    seq_time = sequential(files, OUT / "sequential") if not args.no_sequential else float("nan")

    print(f"kernel start (median of 3): {boot:.2f} s")
    print(f"floor = kernel start × {notebooks} / {cores} cores: {floor:.0f} s")
    print(f"kit cohort --jobs {jobs}, warm kernels: {kit_time:.0f} s "
          f"({failed} trainees with a failed stage) = {kit_time / floor:.2f}× the floor")
    cells = cell_seconds(OUT / "kit") / cores
    print(f"cells floor = the warm cohort's cells {cells * cores:.0f} s / {cores} cores: "
          f"{cells:.0f} s = {cells / floor:.2f}× the floor; the warm cohort is "
          f"{kit_time / cells:.2f}× the cells floor")
    print(f"kit cohort --jobs {jobs}, cold kernels: {cold_time:.0f} s "
          f"= {cold_time / floor:.2f}× the floor; warm is {cold_time / kit_time:.2f}× faster")
    print(f"import cell, median: warm {import_cells(OUT / 'kit'):.2f} s, "
          f"cold {import_cells(OUT / 'cold'):.2f} s")
    print(f"sequential papermill loop: {seq_time:.0f} s "
          f"(warm cohort {seq_time / kit_time:.2f}× faster)")


if __name__ == "__main__":
    main()
