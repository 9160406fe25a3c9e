"""The straightforward split kit.goals.decompose replaced: one pandas group-by and one
largest-remainder split per parent cell, parents visited depth first, growth flags row by
row. Kept as the reference the kit's split is checked against bit for bit
(tests/test_goals_decompose_reference.py) and timed against (bench_stage2.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.goals.decompose import UNASSIGNED, DecompositionError, t


def ref_largest_remainder(total, weights, *, locked=None, decimals=0):
    locked = dict(locked or {})
    unknown = set(locked) - set(weights.index)
    if unknown:
        raise DecompositionError(t("unknown", items="、".join(sorted(map(str, unknown)))))
    if (weights < 0).any():
        raise DecompositionError(t("negative"))
    step = 10 ** decimals
    units = int(round(total * step))
    fixed = {k: int(round(v * step)) for k, v in locked.items()}
    free = units - sum(fixed.values())
    if free < 0:
        raise DecompositionError(t("exceed", locked=f"{sum(fixed.values()) / step:,.{decimals}f}",
                                   parent=f"{units / step:,.{decimals}f}"))
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
        raise DecompositionError(t("all_locked", locked=f"{sum(fixed.values()) / step:,.{decimals}f}",
                                   parent=f"{units / step:,.{decimals}f}"))
    return out / step if decimals else out.astype("float64")


def ref_basis(last_year, potential=None, *, rule="last_year", blend=0.5, adjustments=None):
    last_year = last_year.astype("float64")
    if rule == "last_year":
        weights = last_year.copy()
    else:
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


def ref_decompose(total, history, levels, *, measure="net_sales", rule="last_year", potential=None,
                  blend=0.5, adjustments=None, locks=None, decimals=0):
    rows = []
    adjustments, locks = dict(adjustments or {}), dict(locks or {})

    def split(parent, amount, frame, pot, depth):
        level = levels[depth]
        ly = frame.groupby(level, observed=True)[measure].sum()
        if pot is not None and level not in pot:
            pot = None
        here = rule if pot is not None else "last_year"
        if pot is not None:
            pot_ly = pot.groupby(level, observed=True)["potential"].sum()
            ly = ly.reindex(ly.index.union(pot_ly.index), fill_value=0.0)
        else:
            pot_ly = None
        ly.index = ly.index.astype(str)
        if ly.empty:
            ly = pd.Series([0.0], index=[UNASSIGNED])
        if pot_ly is not None:
            pot_ly.index = pot_ly.index.astype(str)
        adjust = {p[-1]: v for p, v in adjustments.items() if len(p) == depth + 1 and p[:-1] == parent}
        lock = {p[-1]: v for p, v in locks.items() if len(p) == depth + 1 and p[:-1] == parent}
        weights = ref_basis(ly, pot_ly, rule=here, blend=blend, adjustments=adjust)
        try:
            target = ref_largest_remainder(amount, weights, locked=lock, decimals=decimals)
        except DecompositionError as error:
            raise DecompositionError(t("where", where=" / ".join(parent) or t("total"),
                                       message=error)) from None
        for key, value in target.items():
            path = (*parent, key)
            rows.append({**dict(zip(levels, path, strict=False)), "depth": depth + 1,
                         "target": value, "last_year": float(ly.get(key, 0.0))})
            if depth + 1 < len(levels):
                child = frame[frame[level].astype(str) == key]
                child_pot = pot[pot[level].astype(str) == key] if pot is not None else None
                split(path, value, child, child_pot, depth + 1)

    split((), total, history, potential, 0)
    return pd.DataFrame(rows, columns=[*levels, "depth", "target", "last_year"])


def ref_flag_growth(result, threshold=0.15):
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
