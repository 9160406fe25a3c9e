"""The bundled cases under datasets/: the ABC retailer and the pharma chain."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from kit.data import load

CASES = ("abc", "pharma")
TABLES = ("sales", "targets", "products", "outlets", "distributor_ledger", "activities",
          "opportunities", "contacts", "interactions", "development_log")


def datasets_dir() -> Path:
    """datasets/ beside the kit package, or KIT_DATASETS when installed elsewhere."""
    env = os.environ.get("KIT_DATASETS")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "datasets"


def path(case: str, table: str = "sales") -> Path:
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; choose one of {CASES}")
    folder = datasets_dir() / case
    for name in (f"{table}.csv.gz", f"{table}.csv"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"{case} has no {table} table in {folder}")


def tables_of(case: str) -> tuple[str, ...]:
    """The tables a case has (the pharma case has no pipeline of opportunities)."""
    folder = datasets_dir() / case
    return tuple(t for t in TABLES
                 if (folder / f"{t}.csv.gz").exists() or (folder / f"{t}.csv").exists())


def load_case(case: str = "abc", tables: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """Canonical tables of a bundled case (all it has by default), loaded through the
    same loader as trainee files."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; choose one of {CASES}")
    return {table: load(path(case, table), table).data
            for table in (tables_of(case) if tables is None else tables)}
