"""How far the stage-1 review (kit.review) is from DuckDB on the same aggregates.

    .venv/bin/python benchmarks/bench_review.py [--scale 40] [--repeat 3]

Needs DuckDB: `pip install -e .[bench]`.

Builds (once, under out/bench/scale-N/, the same file bench_loader.py uses) an
ABC-shaped sales.csv of about scale x 250,000 rows and reads it ONCE with
pandas (period Period[M]; text keys pandas "string"; units and money float64).
Loading is not part of this benchmark (see bench_loader.py); it is done with
pandas.read_csv because kit.data.load takes about a minute for 10M rows. A
second, shallow copy of that frame holds every text column as `category`
(period stays Period[M]): those are the dtypes kit.data.load hands to the
review, so the "cat" columns are the kit as trainees run it; "str" shows what
the same code costs on plain string keys.

What is timed, on all rows, window YTD 2025-12 (base: YTD 2024-12):
  scorecard  kit.review.scorecard by region, by channel and by category, with
             targets from datasets/abc/targets.csv (region and category match
             columns of the bench file; channel has no targets, so none).
             The case's targets are for the case, not this file: the
             achievement figures mean nothing, but the lookup is exercised.
  bridge     kit.review.bridge at SKU level (sell-in, the default flow).
  funnel     kit.review.funnel on sell-out rows. generate.py writes no outlets
             table for the bench file, so the universe is every distinct
             outlet_id on a sell-out row (all 36 months), built before timing.
Baseline, measured in the same run: DuckDB SQL computing the same sums from
the same in-memory frame (registered, not copied; its period column is handed
over as the int64 month ordinals Period[M] stores, since DuckDB cannot read
pandas' Period type): per-segment sums for the window and last year, per-SKU
q0/r0/q1/r1, and per window the (outlet, sku) pairs with units > 0, buying
outlets, units and sales. DuckDB uses both cores; pandas one. The DuckDB side
returns the aggregates only; kit.review also derives ratios, RAG, the bridge
decomposition and LMDI from them (microseconds on these few rows).

Before timing, DuckDB's numbers are checked against kit.review's (money to the
cent, counts exactly) on both frames, and "results agree" is printed.
Prints the best of --repeat runs per part and for the total (best sum of one
run's parts; the four variants take turns within each run), the ratios pandas /
DuckDB on the same frame, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from kit.cases import load_case
from kit.review import Window, bridge, funnel, scorecard

try:
    import duckdb
except ImportError:  # pragma: no cover - told to the user
    sys.exit("bench_review.py needs DuckDB: pip install -e .[bench]")

ROOT = Path(__file__).resolve().parents[1]
TEXT = ["period", "kind", "customer_id", "customer_name", "region", "channel", "outlet_id", "sku",
        "brand", "category"]
MEASURES = ["units", "gross_sales", "net_sales", "cost"]
DIMENSIONS = ("region", "channel", "category")
WINDOW = Window("ytd", "2025-12")
PARTS = ("scorecard", "bridge", "funnel")
CENT = 0.005  # two amounts agree to the cent when they differ by less than half a cent


def sales_file(scale: float) -> Path:
    """The bench file, generated once (the path bench_loader.py uses too)."""
    folder = ROOT / "out" / "bench" / f"scale-{scale:g}"
    path = folder / "sales.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "datasets" / "generate.py"), "--scale", str(scale),
                        "--out", str(folder)], check=True)
    return path


def read_canonical(path: Path) -> pd.DataFrame:
    """The file in kit.data.load's dtypes (without its parsing, checks and report)."""
    df = pd.read_csv(path, dtype={c: "string" for c in TEXT} | {c: "float64" for c in MEASURES},
                     keep_default_na=False, na_values=[""])
    codes, months = pd.factorize(df["period"])
    df["period"] = pd.PeriodIndex(np.asarray(months, dtype=object), freq="M").take(codes)
    return df


def with_categories(df: pd.DataFrame) -> pd.DataFrame:
    """The same rows with every text key as `category` (period and measures shared)."""
    out = df.copy(deep=False)
    for column in TEXT[1:]:
        out[column] = df[column].astype("category")
    return out


def outlets_of(df: pd.DataFrame) -> pd.DataFrame:
    """A minimal outlets table: each outlet_id seen on a sell-out row, with its customer."""
    rows = df.loc[(df["kind"] == "sell_out").fillna(False) & df["outlet_id"].notna(),
                  ["outlet_id", "customer_id", "region", "channel"]]
    return rows.drop_duplicates("outlet_id").reset_index(drop=True).astype("string")


def targets_frame() -> pd.DataFrame:
    return load_case("abc", ("targets",))["targets"]


# --------------------------------------------------------------------------- kit.review


def kit_parts(sales, outlets, targets) -> dict:
    return {
        "scorecard": lambda: {by: scorecard(sales, by, WINDOW, targets=targets) for by in DIMENSIONS},
        "bridge": lambda: bridge(sales, WINDOW),
        "funnel": lambda: funnel(sales, outlets, WINDOW),
    }


# --------------------------------------------------------------------------- DuckDB


def months_sql(months: pd.PeriodIndex) -> str:
    return "(" + ", ".join(str(int(o)) for o in months.asi8) + ")"


def duck_view(df: pd.DataFrame) -> pd.DataFrame:
    """The columns the SQL reads, sharing the frame's memory; period as its month ordinals."""
    cols = {c: df[c] for c in ("kind", "outlet_id", "sku", "units", "net_sales", *DIMENSIONS)}
    cols["period"] = pd.Series(df["period"].array.asi8, index=df.index, copy=False)
    return pd.DataFrame(cols, copy=False)


def duck_parts(con) -> dict:
    cur, ly = months_sql(WINDOW.current), months_sql(WINDOW.last_year)
    both = months_sql(WINDOW.current.append(WINDOW.last_year))
    # kit.review's default flow for scorecard and bridge: sell-in, since the file has both flows.
    sell_in = f"coalesce(CAST(kind AS VARCHAR), 'unknown') = 'sell_in' AND period IN {both}"

    def score(by: str) -> str:
        return f"""
            SELECT coalesce(CAST({by} AS VARCHAR), '—') AS segment,
                   coalesce(sum(net_sales) FILTER (WHERE period IN {cur}), 0) AS actual,
                   coalesce(sum(net_sales) FILTER (WHERE period IN {ly}), 0) AS last_year
            FROM sales WHERE {sell_in} GROUP BY ALL"""

    bridge_sql = f"""
        SELECT coalesce(CAST(sku AS VARCHAR), '—') AS sku,
               coalesce(sum(units) FILTER (WHERE period IN {ly}), 0) AS q0,
               coalesce(sum(net_sales) FILTER (WHERE period IN {ly}), 0) AS r0,
               coalesce(sum(units) FILTER (WHERE period IN {cur}), 0) AS q1,
               coalesce(sum(net_sales) FILTER (WHERE period IN {cur}), 0) AS r1
        FROM sales WHERE {sell_in} GROUP BY ALL"""
    funnel_sql = f"""
        WITH pairs AS (
            SELECT period IN {cur} AS now, outlet_id, sku,
                   sum(units) AS units, sum(net_sales) AS value
            FROM sales
            WHERE coalesce(CAST(kind AS VARCHAR), 'unknown') = 'sell_out' AND period IN {both}
              AND CAST(outlet_id AS VARCHAR) IN (SELECT outlet_id FROM outlets)
            GROUP BY ALL HAVING sum(units) > 0)
        SELECT now, count(*) AS pairs, count(DISTINCT outlet_id) AS buyers,
               sum(units) AS units, sum(value) AS value
        FROM pairs GROUP BY now"""
    return {
        "scorecard": lambda: {by: con.execute(score(by)).df() for by in DIMENSIONS},
        "bridge": lambda: con.execute(bridge_sql).df(),
        "funnel": lambda: con.execute(funnel_sql).df(),
    }


def connect(df: pd.DataFrame, outlets: pd.DataFrame):
    con = duckdb.connect()
    con.register("sales", duck_view(df))
    con.register("outlets", pd.DataFrame({"outlet_id": outlets["outlet_id"].astype(object)}))
    return con


# --------------------------------------------------------------------------- checks


def money_agrees(a, b) -> bool:
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    return a.shape == b.shape and bool(np.all(np.abs(a - b) < CENT))


def check(kit: dict, duck: dict, universe: int, label: str) -> None:
    problems = []
    for by, table in kit["scorecard"].items():
        d = duck["scorecard"][by].set_index("segment").reindex(table.index)
        if len(d) != len(duck["scorecard"][by]) or not (
                money_agrees(table["actual"], d["actual"])
                and money_agrees(table["last_year"], d["last_year"])):
            problems.append(f"scorecard by {by}")
    items = kit["bridge"].items
    d = duck["bridge"].set_index("sku").reindex(items.index)
    if len(d) != len(duck["bridge"]) or not all(money_agrees(items[c], d[c]) for c in ("q0", "r0", "q1", "r1")):
        problems.append("bridge items")
    f = kit["funnel"]
    for column, now, sales in (("base", False, f.base_sales), ("current", True, f.current_sales)):
        row = duck["funnel"].set_index("now").loc[now]
        x = f.table[column]
        buyers, pairs = round(x["numeric_distribution"] * universe), round(x["skus_per_outlet"] * x[
            "numeric_distribution"] * universe)
        if (buyers, pairs) != (row["buyers"], row["pairs"]) or not money_agrees(sales, row["value"]) \
                or not np.isclose(x["units_per_sku"] * pairs, row["units"], rtol=1e-12, atol=0):
            problems.append(f"funnel {column}")
    if problems:
        sys.exit(f"{label}: DuckDB and kit.review disagree on: {', '.join(problems)}")


# --------------------------------------------------------------------------- timing


def best(variants: dict[str, dict], repeat: int) -> dict[str, dict[str, float]]:
    """Best seconds per variant and part. Variants take turns within each round, so
    a slow spell on a shared machine hits all of them, not one."""
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in variants}
    for _ in range(repeat):
        for label, parts in variants.items():
            run = {}
            for name in PARTS:
                gc.collect()
                start = time.perf_counter()
                parts[name]()
                run[name] = time.perf_counter() - start
            runs[label].append(run)
    out = {}
    for label, rs in runs.items():
        out[label] = {name: min(r[name] for r in rs) for name in PARTS}
        out[label]["total"] = min(sum(r.values()) for r in rs)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    path = sales_file(args.scale)
    start = time.perf_counter()
    text = read_canonical(path)
    cats = with_categories(text)
    outlets, targets = outlets_of(text), targets_frame()
    print(f"{path.relative_to(ROOT)}: {len(text):,} rows, {len(outlets):,} outlets; "
          f"read in {time.perf_counter() - start:.0f} s (not timed below)")

    con = connect(text, outlets)
    con_cat = connect(cats, outlets)
    duck, duck_cat = duck_parts(con), duck_parts(con_cat)
    kit_text, kit_cat = kit_parts(text, outlets, targets), kit_parts(cats, outlets, targets)
    results = {label: {name: fn() for name, fn in parts.items()} for label, parts in
               (("kit str", kit_text), ("kit cat", kit_cat), ("duck str", duck), ("duck cat", duck_cat))}
    for kit, dk in (("kit str", "duck str"), ("kit cat", "duck str"), ("kit cat", "duck cat")):
        check(results[kit], results[dk], len(outlets), f"{kit} vs {dk}")
    del results
    print("results agree")

    times = best({"pandas str": kit_text, "pandas cat": kit_cat, "duckdb str": duck,
                  "duckdb cat": duck_cat}, args.repeat)
    print(f"\nbest of {args.repeat}, seconds; window {WINDOW.label} vs a year earlier; "
          f"str = canonical string keys, cat = category keys")
    header = f"{'part':<11}" + "".join(f"{k:>12}" for k in times) + f"{'str ratio':>11}{'cat ratio':>11}"
    print(header)
    for part in (*PARTS, "total"):
        t = {k: v[part] for k, v in times.items()}
        print(f"{part:<11}" + "".join(f"{v:>12.3f}" for v in t.values())
              + f"{t['pandas str'] / t['duckdb str']:>10.1f}x{t['pandas cat'] / t['duckdb cat']:>10.1f}x")
    print("ratio: pandas / DuckDB on the same frame (str: canonical string keys, cat: category "
          "keys); target: each part within 1.2x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"peak memory {peak:.1f} GiB; DuckDB threads {threads}, pandas 1")


if __name__ == "__main__":
    main()
