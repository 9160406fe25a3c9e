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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kit import i18n

t = i18n.catalogue(
    "decompose",
    {
        "unknown": {"zh": "锁定的格子不在分解中：{items}", "en": "Locked cells not in the split: {items}"},
        "negative": {"zh": "分摊权重不能为负数", "en": "Weights must not be negative"},
        "exceed": {
            "zh": "锁定的格子合计 {locked}，超过了上级目标 {parent}。请降低某个锁定值或解锁。",
            "en": "The locked cells add up to {locked}, more than their parent's {parent}. "
                  "Lower a locked value or unlock one.",
        },
        "all_locked": {
            "zh": "所有格子都已锁定，但合计 {locked} 不等于上级目标 {parent}。请解锁至少一个格子。",
            "en": "Every cell is locked but they add up to {locked}, not the parent's {parent}. "
                  "Unlock at least one.",
        },
        "rule": {"zh": "分解规则必须是 {rules} 之一", "en": "The rule must be one of {rules}"},
        "potential": {"zh": "规则“{rule}”需要每个细分的潜力数据", "en": "Rule {rule!r} needs the potential of each segment"},
        "where": {"zh": "{where}：{message}", "en": "{where}: {message}"},
        "total": {"zh": "合计", "en": "Total"},
    },
)

RULES = ("last_year", "potential", "blend")
#: The one child of a cell with nothing below it to split by (no history there).
UNASSIGNED = "—"


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
        raise DecompositionError(t("rule", rules=", ".join(RULES)))
    last_year = last_year.astype("float64")
    if rule == "last_year":
        weights = last_year.copy()
    else:
        if potential is None:
            raise DecompositionError(t("potential", rule=rule))
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
    (rule "potential"/"blend"); levels the potential does not have (e.g.
    product, when potential is known per outlet) split by last year's shares.
    adjustments and locks are keyed by the path of
    a cell, e.g. ("华北",) or ("华东", "KA"): an adjustment changes the cell's
    basis, a lock fixes its target. Returns one row per cell of every level:
    the level keys (None below the cell's depth), `depth`, `target` and
    `last_year`; the cells of each level add up exactly to their parent (a
    cell with no history below it gets one child named UNASSIGNED).
    """
    rows: list[dict] = []
    adjustments, locks = dict(adjustments or {}), dict(locks or {})

    def split(parent: tuple, amount: float, frame: pd.DataFrame, pot: pd.DataFrame | None,
              depth: int) -> None:
        level = levels[depth]
        ly = frame.groupby(level, observed=True)[measure].sum()
        if pot is not None and level not in pot:
            pot = None  # potential known only at the upper levels: last year's shares below
        here = rule if pot is not None else "last_year"
        if pot is not None:
            pot_ly = pot.groupby(level, observed=True)["potential"].sum()
            ly = ly.reindex(ly.index.union(pot_ly.index), fill_value=0.0)
        else:
            pot_ly = None
        ly.index = ly.index.astype(str)
        if ly.empty:  # a new segment (potential, no sales): keep its amount in one open child
            ly = pd.Series([0.0], index=[UNASSIGNED])
        if pot_ly is not None:
            pot_ly.index = pot_ly.index.astype(str)
        adjust = {p[-1]: v for p, v in adjustments.items() if len(p) == depth + 1 and p[:-1] == parent}
        lock = {p[-1]: v for p, v in locks.items() if len(p) == depth + 1 and p[:-1] == parent}
        weights = basis(ly, pot_ly, rule=here, blend=blend, adjustments=adjust)
        try:
            target = largest_remainder(amount, weights, locked=lock, decimals=decimals)
        except DecompositionError as error:  # name the parent: which part of the plan to fix
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
    out = pd.DataFrame(rows, columns=[*levels, "depth", "target", "last_year"])
    return out


def level(result: pd.DataFrame, depth: int) -> pd.DataFrame:
    """The cells of one level (1 = first split)."""
    return result[result["depth"] == depth].reset_index(drop=True)


def by_month(total: float, seasonality: pd.Series, year: int, *, decimals: int = 0,
             locks: Mapping | None = None) -> pd.Series:
    """An annual target over the 12 months of `year` by a seasonality index
    (calendar month → index, as kit.review.seasonality_index returns).
    ``locks`` fix some months ("2026-03" or a Period → amount)."""
    weights = seasonality.reindex(range(1, 13)).fillna(0.0)
    months = pd.period_range(f"{year}-01", periods=12, freq="M")
    locked = {pd.Period(k, freq="M"): v for k, v in (locks or {}).items()}
    split = largest_remainder(total, pd.Series(weights.to_numpy(), index=months), locked=locked,
                              decimals=decimals)
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


@dataclass
class SplitPlan:
    """A trainee's decomposition choices, saved between sessions.

    Paths are tuples of level values (("华北",), ("华北", "KA")); month locks
    are keyed "YYYY-MM".
    """

    total: float
    levels: list[str]
    year: int
    rule: str = "last_year"
    blend: float = 0.5
    adjustments: dict[tuple, float] = field(default_factory=dict)
    locks: dict[tuple, float] = field(default_factory=dict)
    month_locks: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {**{k: getattr(self, k) for k in ("total", "levels", "year", "rule", "blend")},
                "adjustments": [[list(p), v] for p, v in self.adjustments.items()],
                "locks": [[list(p), v] for p, v in self.locks.items()],
                "month_locks": dict(self.month_locks)}

    @classmethod
    def from_json(cls, data: Mapping) -> SplitPlan:
        """The inverse of :meth:`to_json`; ValueError/TypeError/KeyError on a bad shape."""
        pairs = lambda key: {tuple(str(x) for x in p): float(v) for p, v in data.get(key, [])}  # noqa: E731
        plan = cls(total=float(data["total"]), levels=[str(x) for x in data["levels"]],
                   year=int(data["year"]), rule=str(data.get("rule", "last_year")),
                   blend=float(data.get("blend", 0.5)), adjustments=pairs("adjustments"),
                   locks=pairs("locks"),
                   month_locks={str(k): float(v) for k, v in data.get("month_locks", {}).items()})
        if plan.rule not in RULES:
            raise ValueError(f"rule must be one of {RULES}")
        return plan


def split_plan(plan: SplitPlan, history: pd.DataFrame, seasonality: pd.Series, *,
               potential: pd.DataFrame | None = None, measure: str = "net_sales",
               threshold: float = 0.15) -> tuple[pd.DataFrame, pd.Series]:
    """The plan's five-way split: the cells (with growth flags) and the months.

    Locks that no longer fit (a lock on a cell that the data does not have, or
    locks larger than their parent) raise DecompositionError with the cell named.
    """
    cells = decompose(plan.total, history, plan.levels, measure=measure, rule=plan.rule,
                      potential=potential, blend=plan.blend, adjustments=plan.adjustments,
                      locks=plan.locks)
    months = by_month(plan.total, seasonality, plan.year, locks=plan.month_locks)
    return flag_growth(cells, threshold), months


#: Split order when the data has the columns: region → channel → customer → product.
DEFAULT_LEVELS = ("region", "channel", "customer_id")
PRODUCT_LEVELS = ("category", "sku")


def default_levels(columns) -> list[str]:
    """The four dimensions below time that the data can split by, in the kit's order."""
    levels = [c for c in DEFAULT_LEVELS if c in columns]
    product = next((c for c in PRODUCT_LEVELS if c in columns), None)
    return levels + ([product] if product else [])


def last_twelve_months(sales: pd.DataFrame) -> pd.DataFrame:
    """The rows of the 12 months to the data's last month: the split's "last year"."""
    end = sales["period"].max()
    return sales[sales["period"] > end - 12]
