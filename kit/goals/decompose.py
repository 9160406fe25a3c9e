"""Five-dimension target decomposition (五维分解): an annual target split over
months, region, channel, customer and product so that every level sums
exactly to its parent.

Rules (the kit's): shares of last year ("last_year"), of potential
("potential"), or a blend of the two; adjustments (new stores, lost listings,
price changes) change the basis explicitly before the split; locked cells keep
the value a trainee typed and the rest of the parent is spread over the
unlocked ones. Amounts are whole units (yuan, cases) by default and are
rounded by the largest-remainder method, so nothing is lost to rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

RULES = ("last_year", "potential", "blend")


class DecompositionError(ValueError):
    """A split that cannot be made (e.g. locks larger than their parent)."""


def largest_remainder(total: float, weights: pd.Series, *, locked: Mapping | None = None,
                      decimals: int = 0) -> pd.Series:
    """Split `total` over the index of `weights`, proportionally, in steps of
    10^-decimals, so that the parts add up to the (rounded) total exactly.

    Locked items keep their value; the rest of the total is split over the
    unlocked items by weight (equally when all their weights are zero). Each
    unlocked item first gets the floor of its quota; the leftover steps go one
    each to the largest fractional parts.
    """
    locked = dict(locked or {})
    unknown = set(locked) - set(weights.index)
    if unknown:
        raise DecompositionError(f"locked items not in the split: {sorted(map(str, unknown))}")
    if (weights < 0).any():
        raise DecompositionError("weights must not be negative")
    step = 10 ** decimals
    units = int(round(total * step))
    fixed = {k: int(round(v * step)) for k, v in locked.items()}
    free = units - sum(fixed.values())
    if free < 0:
        raise DecompositionError(
            f"locked cells add up to {sum(fixed.values()) / step:,.{decimals}f}, "
            f"more than their parent {units / step:,.{decimals}f}")
    open_items = [k for k in weights.index if k not in fixed]
    out = pd.Series(0, index=weights.index, dtype="int64")
    for k, v in fixed.items():
        out[k] = v
    if open_items:
        w = weights[open_items].astype("float64")
        w = w if w.sum() > 0 else pd.Series(1.0, index=open_items)
        quota = free * w / w.sum()
        floor = np.floor(quota).astype("int64")
        leftover = int(free - floor.sum())
        order = (quota - floor).sort_values(ascending=False, kind="stable").index[:leftover]
        floor[order] += 1
        out[open_items] = floor
    elif free:
        raise DecompositionError("every cell is locked but they do not add up to the parent")
    return out / step if decimals else out.astype("float64")


def basis(last_year: pd.Series, potential: pd.Series | None = None, *, rule: str = "last_year",
          blend: float = 0.5, adjustments: Mapping | None = None) -> pd.Series:
    """The weights a parent is split by.

    last_year: last year's value; potential: the potential; blend: blend × last
    year's share + (1 − blend) × potential's share. Adjustments are amounts in
    the same unit as last year, added to a segment's basis before the split
    (+ for new stores, − for a lost listing); a price change is an amount too
    (last year × the change). Negative results count as zero.
    """
    if rule not in RULES:
        raise DecompositionError(f"rule must be one of {RULES}")
    last_year = last_year.astype("float64")
    if rule == "last_year":
        weights = last_year.copy()
    else:
        if potential is None:
            raise DecompositionError(f"rule {rule!r} needs the potential of each segment")
        potential = potential.reindex(last_year.index).fillna(0.0).astype("float64")
        if rule == "potential":
            weights = potential
        else:
            ly_share = last_year / last_year.sum() if last_year.sum() > 0 else last_year * 0
            pot_share = potential / potential.sum() if potential.sum() > 0 else potential * 0
            weights = (blend * ly_share + (1 - blend) * pot_share) * last_year.sum()
    for segment, amount in (adjustments or {}).items():
        weights.loc[segment] = weights.get(segment, 0.0) + amount
    return weights.clip(lower=0.0)


@dataclass(frozen=True)
class Split:
    """One level of a decomposition: how a parent was split."""

    parent: tuple
    target: pd.Series
    last_year: pd.Series


def decompose(total: float, history: pd.DataFrame, levels: Sequence[str], *,
              measure: str = "net_sales", rule: str = "last_year",
              potential: pd.DataFrame | None = None, blend: float = 0.5,
              adjustments: Mapping[tuple, float] | None = None,
              locks: Mapping[tuple, float] | None = None, decimals: int = 0) -> pd.DataFrame:
    """Split `total` down the `levels` (e.g. region → channel → customer → sku).

    history: last year's rows (canonical sales) with the level columns and the
    measure. potential: rows with the level columns and a `potential` column
    (rule "potential"/"blend"). adjustments and locks are keyed by the path of
    a cell, e.g. ("华北",) or ("华东", "KA"): an adjustment changes the cell's
    basis, a lock fixes its target. Returns one row per cell of every level:
    the level keys (None below the cell's depth), `depth`, `target` and
    `last_year`; the cells of each level add up exactly to their parent.
    """
    rows: list[dict] = []
    adjustments, locks = dict(adjustments or {}), dict(locks or {})

    def split(parent: tuple, amount: float, frame: pd.DataFrame, pot: pd.DataFrame | None,
              depth: int) -> None:
        level = levels[depth]
        ly = frame.groupby(level, observed=True)[measure].sum()
        if pot is not None:
            pot_ly = pot.groupby(level, observed=True)["potential"].sum()
            ly = ly.reindex(ly.index.union(pot_ly.index), fill_value=0.0)
        else:
            pot_ly = None
        ly.index = ly.index.astype(str)
        if pot_ly is not None:
            pot_ly.index = pot_ly.index.astype(str)
        adjust = {p[-1]: v for p, v in adjustments.items() if len(p) == depth + 1 and p[:-1] == parent}
        lock = {p[-1]: v for p, v in locks.items() if len(p) == depth + 1 and p[:-1] == parent}
        weights = basis(ly, pot_ly, rule=rule, blend=blend, adjustments=adjust)
        target = largest_remainder(amount, weights, locked=lock, decimals=decimals)
        for key, value in target.items():
            path = (*parent, key)
            rows.append({**dict(zip(levels, path, strict=False)), "depth": depth + 1,
                         "target": value, "last_year": float(ly.get(key, 0.0))})
            if depth + 1 < len(levels):
                child = frame[frame[level].astype(str) == key]
                child_pot = pot[pot[level].astype(str) == key] if pot is not None else None
                split(path, value, child, child_pot, depth + 1)

    split((), total, history, potential, 0)
    out = pd.DataFrame(rows, columns=[*levels, "depth", "target", "last_year"])
    return out


def level(result: pd.DataFrame, depth: int) -> pd.DataFrame:
    """The cells of one level (1 = first split)."""
    return result[result["depth"] == depth].reset_index(drop=True)


def by_month(total: float, seasonality: pd.Series, year: int, *, decimals: int = 0) -> pd.Series:
    """An annual target over the 12 months of `year` by a seasonality index
    (calendar month → index, as kit.review.seasonality_index returns)."""
    weights = seasonality.reindex(range(1, 13)).fillna(0.0)
    months = pd.period_range(f"{year}-01", periods=12, freq="M")
    split = largest_remainder(total, pd.Series(weights.to_numpy(), index=months), decimals=decimals)
    split.index.name = "period"
    return split.rename("target")


def flag_growth(result: pd.DataFrame, threshold: float = 0.15) -> pd.DataFrame:
    """Cells whose implied growth (target / last year − 1) is out of line with
    their parent's by more than `threshold` (15 points), or that had no sales
    last year. Adds `growth`, `parent_growth` and `flag` columns."""
    out = result.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["growth"] = np.where(out["last_year"] > 0, out["target"] / out["last_year"] - 1, np.nan)
    keys = [c for c in out.columns if c not in ("depth", "target", "last_year", "growth")]
    parents = {}
    total_target, total_ly = out.loc[out["depth"] == 1, ["target", "last_year"]].sum()
    parents[()] = total_target / total_ly - 1 if total_ly > 0 else np.nan
    for _, row in out.iterrows():
        path = tuple(row[k] for k in keys[: int(row["depth"])])
        parents[path] = row["growth"]
    out["parent_growth"] = [parents.get(tuple(row[k] for k in keys[: int(row["depth"]) - 1]), np.nan)
                            for _, row in out.iterrows()]
    gap = (out["growth"] - out["parent_growth"]).abs()
    out["flag"] = (gap > threshold) | (out["last_year"] <= 0)
    return out
