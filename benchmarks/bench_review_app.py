"""Time per click in the stage-1 review app on a large sales file.

    cd benchmarks && ../.venv/bin/python bench_review_app.py [--scale 40]

Loads (with kit.data.load, as a trainee's notebook does) the ABC-shaped file
of about scale x 250,000 rows (default 40: about 10M rows; built by
bench_loader.py's helper, cached under out/bench/), opens the review app, and
times a fixed sequence of changes (dimension, window, end month, drill-down,
back up): each time is the full update the trainee waits for (recompute,
scorecard table, autosave). Baselines, measured in the same run after each
click: the same review computed from the app's whole monthly cube of the flow
(what a click read before the per-dimension roll-ups) and from the raw rows.
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
from kit.overview import select_flow
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
    ap.add_argument("--scale", type=float, default=40)
    args = ap.parse_args(argv)
    os.environ["KIT_WORKDIR"] = tempfile.mkdtemp(prefix="kit-bench-")
    clean, _ = bench_files(args.scale)
    sales = load(clean).data
    targets = cases.load_case("abc", ("targets",))["targets"]
    start = time.perf_counter()
    app = ReviewApp(sales, targets=targets, trainee="bench")
    opened = time.perf_counter() - start
    flow_cube = select_flow(app.cube, app.state.flow).drop(columns="kind", errors="ignore")
    print(f"{len(sales):,} rows; cube {len(app.cube):,} rows ({len(flow_cube):,} of the flow "
          f"{app.state.flow}); app opened in {opened:.1f} s")
    print(f"{'click':<26}{'app ms':>9}{'cube ms':>10}{'raw rows ms':>13}{'cube/app':>10}{'raw/app':>9}")
    times: dict[str, list[float]] = {"app": [], "cube": [], "raw": []}
    for label, action in clicks(app):
        run = {"app": action,
               "cube": lambda: compute(flow_cube, app.state, targets),  # the same review, whole cube
               "raw": lambda: compute(sales, app.state, targets)}  # ... and on the raw rows
        for name, fn in run.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
        app_ms, cube_ms, raw_ms = (times[n][-1] for n in ("app", "cube", "raw"))
        print(f"{label:<26}{app_ms:>9.0f}{cube_ms:>10.0f}{raw_ms:>13.0f}{cube_ms / app_ms:>9.1f}x"
              f"{raw_ms / app_ms:>8.1f}x")
    median = {n: statistics.median(v) for n, v in times.items()}
    print(f"{'median':<26}{median['app']:>9.0f}{median['cube']:>10.0f}{median['raw']:>13.0f}"
          f"{median['cube'] / median['app']:>9.1f}x{median['raw'] / median['app']:>8.1f}x")
    print(f"{'max':<26}{max(times['app']):>9.0f}{max(times['cube']):>10.0f}{max(times['raw']):>13.0f}")
    print("app: the whole update (recompute, table, autosave); cube, raw rows: the recompute only")


if __name__ == "__main__":
    main()
