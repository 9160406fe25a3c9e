"""Time per click in the stage-1 review app on a large sales file.

    .venv/bin/python benchmarks/bench_review_app.py [--scale 4]

Loads the ABC-shaped file of about scale x 250,000 rows (built by
bench_loader.py's helper, cached under out/bench/), opens the review app, and
times a fixed sequence of changes (dimension, window, end month, drill-down,
back up): each time is the full update the trainee waits for (recompute,
scorecard table, autosave). Baseline, measured in the same run: the same
review computed on the raw rows instead of the app's monthly cube.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from bench_loader import bench_files

from kit import cases
from kit.data import load
from kit.widgets.review_app import ReviewApp, compute


def clicks(app: ReviewApp):
    """(label, action) pairs a trainee would make."""
    yield "dimension -> category", lambda: setattr(app.by, "value", "category")
    yield "dimension -> customer", lambda: setattr(app.by, "value", "customer_id")
    yield "dimension -> region", lambda: setattr(app.by, "value", "region")
    yield "window -> MAT", lambda: setattr(app.window, "value", "mat")
    yield "window -> quarter", lambda: setattr(app.window, "value", "quarter")
    yield "end month -> previous", lambda: setattr(app.end, "value", app.months[-2])
    yield "drill into first region", lambda: setattr(app.drill, "value", app.drill.options[1][1])
    yield "back up", lambda: app.up.click()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=4)
    args = ap.parse_args(argv)
    os.environ["KIT_WORKDIR"] = tempfile.mkdtemp(prefix="kit-bench-")
    clean, _ = bench_files(args.scale)
    sales = load(clean).data
    targets = cases.load_case("abc", ("targets",))["targets"]
    start = time.perf_counter()
    app = ReviewApp(sales, targets=targets, trainee="bench")
    opened = time.perf_counter() - start
    print(f"{len(sales):,} rows; cube {len(app.cube):,} rows; app opened in {opened:.2f} s")
    print(f"{'click':<26}{'app ms':>9}{'raw rows ms':>13}{'raw/app':>9}")
    app_times, raw_times = [], []
    for label, action in clicks(app):
        start = time.perf_counter()
        action()
        app_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        compute(sales, app.state, targets)  # the same review without the cube
        raw_ms = (time.perf_counter() - start) * 1000
        app_times.append(app_ms)
        raw_times.append(raw_ms)
        print(f"{label:<26}{app_ms:>9.0f}{raw_ms:>13.0f}{raw_ms / app_ms:>8.1f}x")
    print(f"{'median':<26}{statistics.median(app_times):>9.0f}{statistics.median(raw_times):>13.0f}"
          f"{statistics.median(raw_times) / statistics.median(app_times):>8.1f}x")
    print(f"{'max':<26}{max(app_times):>9.0f}{max(raw_times):>13.0f}")


if __name__ == "__main__":
    main()
