"""Stage 2 on a large catalogue: the five-dimension split plan and the split app.

    cd benchmarks && ../.venv/bin/python bench_stage2.py [--skus 2000] [--customers 300] [--repeat 3]

Generates (seeded, in memory) a retail-like export: 24 months of sell-in to
`customers` stores in 4 regions and 3 channels, `skus` SKUs, each listed at one
to three stores and sold there in about a quarter of the months (about 12,000
rows in the last 12 months, the split's history, like the real export of
10,000 rows and 1,900 SKUs that took 7 s). The split runs region → channel →
customer → SKU, as kit.goals.default_levels picks for a file without a
category column.

Timed, best of --repeat:
  split plan  kit.goals.split_plan (the cells with growth flags, and the months)
  baseline    the straightforward split it replaced, in reference_split.py: one pandas
              group-by and one largest-remainder split per parent cell, growth
              flags row by row; checked equal to the kit's first (bit for bit)
  split app   opening kit.widgets.targets_app.SplitApp on the same plan
  changes     each control change a trainee makes in the app (total, rule,
              view, parent, page, a typed target, unlock): the whole update
              the trainee waits for (split, grid, autosave)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import numpy as np
import pandas as pd
from reference_split import ref_decompose, ref_flag_growth

from kit import goals, review
from kit.goals.decompose import SplitPlan, by_month

# --------------------------------------------------------------------------- the data


def catalogue(skus: int = 2000, customers: int = 300, months: int = 24, seed: int = 22) -> pd.DataFrame:
    """A seeded retail-like sell-in table, keys as kit.data.load hands them (category)."""
    rng = np.random.default_rng(seed)
    regions, channels = np.array(["华东", "华北", "华南", "西南"]), np.array(["KA", "便利店", "电商"])
    store_region = rng.choice(len(regions), customers)
    store_channel = rng.choice(len(channels), customers)
    listed = [(c, s) for s in range(skus) for c in rng.choice(customers, rng.integers(1, 4), replace=False)]
    store, sku = np.array(listed).T
    period = pd.period_range("2024-01", periods=months, freq="M")
    season = 1 + 0.3 * np.sin(np.arange(months) / 12 * 2 * np.pi)
    sold = rng.random((len(store), months)) < 0.25
    row, month = np.nonzero(sold)
    units = rng.poisson(20 * season[month]) + 1.0
    price = rng.uniform(5, 80, skus)[sku[row]]
    frame = pd.DataFrame({
        "period": period[month],
        "region": pd.Categorical(regions[store_region[store[row]]]),
        "channel": pd.Categorical(channels[store_channel[store[row]]]),
        "customer_id": pd.Categorical([f"S{c:04d}" for c in store[row]]),
        "sku": pd.Categorical([f"SKU{s:05d}" for s in sku[row]]),
        "units": units,
        "net_sales": (units * price * rng.uniform(0.9, 1.1, len(row))).round(2),
    })
    return frame.sort_values(["period", "customer_id", "sku"], ignore_index=True)


# --------------------------------------------------------------------------- the baseline


def baseline_split_plan(plan, history, seasonality):
    cells = ref_decompose(plan.total, history, plan.levels, locks=plan.locks)
    return ref_flag_growth(cells), by_month(plan.total, seasonality, plan.year,
                                                 locks=plan.month_locks)


# --------------------------------------------------------------------------- timing


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def changes(app):
    """(label, action) pairs a trainee makes in the split app."""
    from kit.widgets.targets_app import t as label

    target = label("col.target")
    first_customer = app.plan.levels.index("customer_id")
    yield "total -> +5 %", lambda: setattr(app.total, "value", app.total.value * 1.05)
    yield "view -> SKU", lambda: setattr(app.view, "value", "sku")
    yield "page -> 3", lambda: setattr(app.page, "value", 3)
    yield "view -> customer", lambda: setattr(app.view, "value", app.plan.levels[first_customer])
    yield "parent -> first", lambda: setattr(app.parent, "value", app.parent.options[1][1])
    yield "type a target", lambda: app._on_cell({"row": 0, "column": target, "value": str(
        int(app.grid.data[target].iloc[0] * 1.2))})
    yield "view -> SKU (in it)", lambda: setattr(app.view, "value", "sku")
    yield "unlock all", lambda: app.unlock()
    yield "view -> month", lambda: setattr(app.view, "value", "month")
    yield "total -> back", lambda: setattr(app.total, "value", app.total.value / 1.05)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skus", type=int, default=2000)
    ap.add_argument("--customers", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    os.environ["KIT_WORKDIR"] = tempfile.mkdtemp(prefix="kit-bench-")
    from kit.widgets.targets_app import SplitApp

    sales = catalogue(args.skus, args.customers)
    history = goals.last_twelve_months(sales)
    levels = goals.default_levels(sales.columns)
    monthly = review.monthly_series(sales)
    seasonality = goals.phasing_weights(monthly)
    plan = SplitPlan(total=round(float(history["net_sales"].sum()) * 1.1), levels=levels, year=2026)
    cells, months = goals.split_plan(plan, history, seasonality)
    ref_cells, ref_months = baseline_split_plan(plan, history, seasonality)
    pd.testing.assert_frame_equal(cells, ref_cells, check_exact=True)
    pd.testing.assert_series_equal(months, ref_months, check_exact=True)
    print(f"{len(sales):,} rows, {sales['sku'].nunique():,} SKUs, {sales['customer_id'].nunique()} "
          f"customers; history {len(history):,} rows; {' → '.join(levels)}: {len(cells):,} cells "
          f"({(cells['depth'] < len(levels)).sum()} parents); results agree")

    kit_s = best(lambda: goals.split_plan(plan, history, seasonality), args.repeat)
    ref_s = best(lambda: baseline_split_plan(plan, history, seasonality), max(1, args.repeat - 2))
    app_s = best(lambda: SplitApp(plan, history, seasonality, last_year_months=monthly,
                                  trainee=f"bench{time.perf_counter_ns()}"), args.repeat)
    print(f"\nbest of {args.repeat}, seconds (baseline: best of {max(1, args.repeat - 2)})")
    print(f"{'split plan':<28}{kit_s:>8.3f}   baseline {ref_s:.3f}   baseline/kit {ref_s / kit_s:.0f}x")
    print(f"{'split app opened':<28}{app_s:>8.3f}   (the baseline split alone took {ref_s:.3f})")

    app = SplitApp(plan, history, seasonality, last_year_months=monthly, trainee="bench-changes")
    print(f"\n{'control change':<28}{'ms':>8}")
    times = []
    for label, action in changes(app):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
        print(f"{label:<28}{times[-1]:>8.0f}")
    print(f"{'median':<28}{statistics.median(times):>8.0f}\n{'max':<28}{max(times):>8.0f}")
    print(f"each change: the whole update (split, grid page, autosave); before, each recomputed "
          f"the baseline split ({ref_s * 1000:.0f} ms) and drew every cell")


if __name__ == "__main__":
    main()
