"""How much the trainee-data loader costs over a bare pandas read of the same file.

    .venv/bin/python benchmarks/bench_loader.py [--scale 4] [--repeat 3]

Builds (once) an ABC-shaped sales file of about scale x 250,000 rows with
datasets/generate.py, plus a "messy" copy of it as trainees send files (GBK,
Chinese headers, dates like 2024/1/15, amounts as text with thousands
separators). Baseline: `pandas.read_csv` of the same file, measured in the same
run. Prints the best of --repeat runs and the ratio kit / baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from kit.data import load

ROOT = Path(__file__).resolve().parents[1]
MESSY_HEADERS = {"period": "日期", "customer_id": "客户编码", "sku": "产品编码", "units": "数量",
                 "net_sales": "销售金额", "region": "区域", "kind": "类型"}


def bench_files(scale: float) -> tuple[Path, Path]:
    folder = ROOT / "out" / "bench" / f"scale-{scale:g}"
    clean, messy = folder / "sales.csv", folder / "sales_messy.csv"
    if not clean.exists():
        subprocess.run([sys.executable, str(ROOT / "datasets" / "generate.py"), "--scale", str(scale),
                        "--out", str(folder)], check=True)
    if not messy.exists():
        df = pd.read_csv(clean, dtype=str, keep_default_na=False)[list(MESSY_HEADERS)]
        # 2024-01 -> 2024/1/15; 1234.5 -> "1,234.50"; sell_in -> 进货: the slow text paths.
        df["period"] = df["period"].str.replace("-0", "-").str.replace("-", "/") + "/15"
        df["net_sales"] = pd.to_numeric(df["net_sales"]).map("{:,.2f}".format)
        df["kind"] = df["kind"].map({"sell_in": "进货", "sell_out": "零售"})
        df.rename(columns=MESSY_HEADERS).to_csv(messy, index=False, encoding="gbk")
    return clean, messy


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    clean, messy = bench_files(args.scale)
    print(f"{'file':<18}{'rows':>12}{'pandas s':>10}{'kit s':>9}{'kit/pandas':>12}{'kit rows/s':>13}")
    for label, path, encoding in (("canonical csv", clean, "utf-8"), ("messy gbk csv", messy, "gbk")):
        rows = len(load(path).data)
        base = best(lambda p=path, e=encoding: pd.read_csv(p, encoding=e), args.repeat)
        kit = best(lambda p=path: load(p), args.repeat)
        print(f"{label:<18}{rows:>12,}{base:>10.2f}{kit:>9.2f}{kit / base:>11.1f}x{rows / kit:>13,.0f}")


if __name__ == "__main__":
    main()
