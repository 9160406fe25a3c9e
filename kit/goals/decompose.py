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
from kit.errors import KitError
from kit.review.rows import group_sums

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


class DecompositionError(KitError, ValueError):
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
    fixed = np.array([k in locked for k in weights.index], dtype=bool)
    values = np.array([locked.get(k, 0.0) for k in weights.index], dtype="float64")
    out = _allocate(total, weights.to_numpy(dtype="float64"), fixed, values, decimals)
    return pd.Series(out, index=weights.index)


def _allocate(total: float, weights: np.ndarray, fixed: np.ndarray | None,
              values: np.ndarray | None, decimals: int) -> np.ndarray:
    """largest_remainder on arrays: `fixed` marks the locked items (None: none),
    `values` holds their amounts. The same arithmetic, in the same order, as on Series."""
    if (weights < 0).any():
        raise DecompositionError(t("negative"))
    step = 10 ** decimals
    units = int(round(total * step))
    locked = fixed is not None and bool(fixed.any())
    locked_units = np.rint(values[fixed] * step).astype("int64") if locked else np.zeros(0, "int64")
    free = units - int(locked_units.sum())
    if free < 0:
        raise DecompositionError(t("exceed", locked=f"{locked_units.sum() / step:,.{decimals}f}",
                                   parent=f"{units / step:,.{decimals}f}"))
    w = weights[~fixed] if locked else weights
    if not len(w):
        if free:
            raise DecompositionError(t("all_locked", locked=f"{locked_units.sum() / step:,.{decimals}f}",
                                       parent=f"{units / step:,.{decimals}f}"))
        out = np.zeros(len(weights), dtype="int64")
    else:
        w_total = _sum(w)
        if not w_total > 0:  # nothing to go by: equal parts
            w, w_total = np.ones(len(w)), float(len(w))
        quota = free * w / w_total
        floor = np.floor(quota).astype("int64")
        leftover = int(free - floor.sum())
        # Series.sort_values(ascending=False, kind="stable") and .index[:leftover]:
        # the largest fractions first, ties in order; a slice, so a negative count
        # leaves that many out from the end.
        order = np.argsort(-(quota - floor), kind="stable")[:leftover]
        floor[order] += 1
        out = floor
        if locked:
            out = np.zeros(len(weights), dtype="int64")
            out[fixed], out[~fixed] = locked_units, floor
    return out / step if decimals else out.astype("float64")


def _sum(values: np.ndarray) -> float:
    """Series.sum: NaN left out (np.nansum, only when there is one: it copies)."""
    total = values.sum()
    return np.nansum(values) if np.isnan(total) else total


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
    if rule != "last_year" and potential is None:
        raise DecompositionError(t("potential", rule=rule))
    pot = None if potential is None else potential.reindex(last_year.index).fillna(0.0)
    keys, weights = _weights(list(last_year.index), last_year.to_numpy(dtype="float64"),
                             None if pot is None else pot.to_numpy(dtype="float64"), rule, blend,
                             dict(adjustments or {}))
    return pd.Series(weights, index=last_year.index if len(keys) == len(last_year) else pd.Index(keys))


def _weights(keys: list, last_year: np.ndarray, potential: np.ndarray | None, rule: str,
             blend: float, adjustments: dict) -> tuple[list, np.ndarray]:
    """basis on arrays: the keys (adjusted segments not in `keys` added at the
    end) and their weights. The same arithmetic, in the same order, as on Series."""
    if rule == "last_year":
        weights = last_year.copy()
    elif rule == "potential":
        weights = potential.copy()
    else:
        ly_total, pot_total = _sum(last_year), _sum(potential)
        ly_share = last_year / ly_total if ly_total > 0 else last_year * 0
        pot_share = potential / pot_total if pot_total > 0 else potential * 0
        weights = (blend * ly_share + (1 - blend) * pot_share) * ly_total
    if adjustments:
        keys, weights = list(keys), list(weights)
        for segment, amount in adjustments.items():
            if segment in keys:
                at = keys.index(segment)
                weights[at] = weights[at] + amount
            else:
                keys.append(segment)
                weights.append(0.0 + amount)
        weights = np.array(weights, dtype="float64")
    return keys, np.where(weights < 0, 0.0, weights)


@dataclass(frozen=True)
class Split:
    """One level of a decomposition: how a parent was split."""

    parent: tuple
    target: pd.Series
    last_year: pd.Series


EMPTY: tuple[list, np.ndarray] = ([], np.zeros(0))


@dataclass(frozen=True)
class SplitTree:
    """What a split reads from the data, for every cell at once: per depth,
    {a cell's path: its children's keys, last year's Σ of each and the
    potential's (None where the potential does not reach that level)}."""

    levels: tuple[str, ...]
    children: tuple[dict[tuple, tuple[list[str], np.ndarray, np.ndarray | None]], ...]
    usable: tuple[bool, ...]  # per depth: the potential has that level (and those above)


def split_tree(history: pd.DataFrame, levels: Sequence[str], *, measure: str = "net_sales",
               potential: pd.DataFrame | None = None) -> SplitTree:
    """The children of every cell of a split of `history` down `levels`
    (decompose's inputs): built once, it serves every total, rule and lock."""
    sales = _children(history, levels, measure)
    usable = tuple(potential is not None and all(x in potential for x in levels[: d + 1])
                   for d in range(len(levels)))
    pots = _children(potential, levels[: sum(usable)], "potential") if any(usable) else []
    children = []
    for depth in range(len(levels)):
        if usable[depth]:  # potential known at this level: its segments join last year's
            cells = {**dict.fromkeys(sales[depth]), **dict.fromkeys(pots[depth])}
            children.append({cell: _union(*sales[depth].get(cell, EMPTY), *pots[depth].get(cell, EMPTY))
                             for cell in cells})
        else:
            children.append({cell: ([str(k) for k in keys], ly, None)
                             for cell, (keys, ly) in sales[depth].items()})
    return SplitTree(tuple(levels), tuple(children), usable)


def decompose(total: float, history: pd.DataFrame, levels: Sequence[str], *,
              measure: str = "net_sales", rule: str = "last_year",
              potential: pd.DataFrame | None = None, blend: float = 0.5,
              adjustments: Mapping[tuple, float] | None = None,
              locks: Mapping[tuple, float] | None = None, decimals: int = 0,
              tree: SplitTree | None = None) -> pd.DataFrame:
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
    tree: split_tree of the same history, levels, measure and potential, when
    the caller splits the same data again (a new total, rule or lock).
    """
    if tree is None:
        tree = split_tree(history, levels, measure=measure, potential=potential)
    elif tree.levels != tuple(levels):
        raise ValueError(f"the split tree is for the levels {tree.levels}, not {tuple(levels)}")
    paths: list[tuple] = []
    targets: list[float] = []
    last_years: list[float] = []
    adjust, lock = _by_parent(adjustments), _by_parent(locks)

    def split(parent: tuple, amount: float, depth: int) -> None:
        here = rule if tree.usable[depth] else "last_year"
        if here not in RULES:
            raise DecompositionError(t("rule", rules=", ".join(RULES)))
        none = np.zeros(0) if tree.usable[depth] else None
        keys, ly, pot = tree.children[depth].get(parent, ([], np.zeros(0), none))
        if not keys:  # a new segment (potential, no sales): keep its amount in one open child
            keys, ly, pot = [UNASSIGNED], np.zeros(1), None if pot is None else np.zeros(1)
        cells, weights = _weights(keys, ly, pot, here, blend, adjust.get(parent, {}))
        locked = lock.get(parent)
        fixed = values = None
        try:
            if locked:
                unknown = set(locked) - set(cells)
                if unknown:
                    raise DecompositionError(t("unknown", items="、".join(sorted(map(str, unknown)))))
                fixed = np.array([k in locked for k in cells], dtype=bool)
                values = np.array([locked.get(k, 0.0) for k in cells], dtype="float64")
            target = _allocate(amount, weights, fixed, values, decimals).tolist()
        except DecompositionError as error:  # name the parent: which part of the plan to fix
            raise DecompositionError(t("where", where=" / ".join(parent) or t("total"),
                                       message=error)) from None
        last = ly.tolist() + [0.0] * (len(cells) - len(keys))  # adjusted segments come last
        if depth + 1 == len(levels):  # the last level: rows only
            paths.extend([(*parent, key) for key in cells])
            targets.extend(target)
            last_years.extend(last)
            return
        for key, value, last_year in zip(cells, target, last, strict=True):
            path = (*parent, key)
            paths.append(path)
            targets.append(value)
            last_years.append(last_year)
            split(path, value, depth + 1)

    split((), total, 0)
    keys = {level: [p[i] if i < len(p) else np.nan for p in paths] for i, level in enumerate(levels)}
    return pd.DataFrame({**keys, "depth": [len(p) for p in paths], "target": targets,
                         "last_year": last_years}, columns=[*levels, "depth", "target", "last_year"])


def _by_parent(cells: Mapping[tuple, float] | None) -> dict[tuple, dict]:
    """{path: value} as {parent path: {child key: value}}, in the mapping's order."""
    out: dict[tuple, dict] = {}
    for path, value in (cells or {}).items():
        if path:
            out.setdefault(tuple(path[:-1]), {})[path[-1]] = value
    return out


def level_targets(cells: pd.DataFrame, column: str) -> pd.Series:
    """The split's annual target for each value of one level (each customer, say), summed
    over every parent it sits under: a customer bought through two channels gets the sum
    of its two cells. Empty when the split has no such level.

    ``cells`` is :func:`decompose`'s (or :func:`split_plan`'s) result; its level columns
    are the ones before ``depth``, in split order.
    """
    names = list(cells.columns)
    levels = names[: names.index("depth")] if "depth" in names else []
    if column not in levels:
        return pd.Series(dtype="float64", name="target")
    rows = cells[cells["depth"] == levels.index(column) + 1]
    return rows.groupby(rows[column].astype(str), sort=False)["target"].sum().astype("float64")


def _union(keys: list, ly: np.ndarray, pot_keys: list, pot: np.ndarray):
    """Last year's segments and the potential's, as Index.union orders them
    (sorted, unless one is empty or both are the same), as text, with last
    year's value and the potential of each (0 where a side has none)."""
    if not pot_keys or keys == pot_keys:
        union = keys
    elif not keys:
        union = pot_keys
    else:
        try:
            union = sorted(set(keys) | set(pot_keys))
        except TypeError:  # keys that cannot be compared stay in order
            union = keys + [k for k in pot_keys if k not in set(keys)]
    ly_of, pot_of = dict(zip(keys, ly.tolist(), strict=True)), dict(zip(pot_keys, pot.tolist(), strict=True))
    return ([str(k) for k in union], np.array([ly_of.get(k, 0.0) for k in union], dtype="float64"),
            np.array([pot_of.get(k, 0.0) for k in union], dtype="float64"))


def _children(frame: pd.DataFrame, levels: Sequence[str], value: str) -> list[dict]:
    """Per depth d: {the path of a cell at depth d (its keys as text): (its
    children's keys, each child's Σ value)} for every cell with rows, as a
    group-by on levels[d] of the cell's rows gives them (keys in the group-by's
    order, missing keys left out).

    A cell's rows are those whose keys along its path are the path's. One
    group-by per depth serves every cell; pandas adds up a group differently
    when its group numbers come sorted and the values have no NaN, so the
    cells whose rows would be summed that way are summed apart, in that order.
    """
    out = []
    parent = np.zeros(len(frame), dtype=np.int64)  # each row's cell at this depth (−1: none)
    paths: list[tuple] = [()]
    values = frame[value].to_numpy()
    nan = pd.isna(values) if values.dtype.kind == "f" else np.zeros(len(frame), dtype=bool)
    for level in levels:
        codes, keys = _codes(frame[level])
        order = np.argsort(parent, kind="stable")
        order = order[parent[order] >= 0]
        cell, code = parent[order], codes[order]
        # A cell's group numbers come sorted when its codes never go down (a missing key, −1,
        # only before the others), and pandas then adds up without compensation unless NaN.
        down = np.flatnonzero((code[1:] < code[:-1]) & (cell[1:] == cell[:-1]))
        plain = np.ones(len(paths), dtype=bool)
        plain[cell[down + 1]] = False
        plain[parent[nan & (parent >= 0)]] = False
        groups = []
        # The others' rows go with their missing keys (−1): pandas then sees what it saw
        # for each cell alone, groups that do not come sorted, and compensates.
        for at in (order[plain[cell] & (code >= 0)], order[~plain[cell]]):
            if len(at):
                groups.append(group_sums(frame, [value], at, [(parent[at], len(paths)),
                                                              (codes[at], len(keys))]))
        cells = np.concatenate([g[0][0] for g in groups]) if groups else np.zeros(0, np.int64)
        found = np.concatenate([g[0][1] for g in groups]) if groups else np.zeros(0, np.int64)
        sums = np.concatenate([g[1][value].to_numpy() for g in groups]) if groups else np.zeros(0)
        rank = np.lexsort((found, cells))
        cells, found, sums = cells[rank], found[rank], sums[rank]
        bounds = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1], True]) if len(cells) else []
        names = np.array(keys.tolist(), dtype=object)  # the raw keys, fast to index
        out.append({paths[cells[a]]: (names[found[a:b]].tolist(), sums[a:b].astype("float64"))
                    for a, b in zip(bounds[:-1], bounds[1:], strict=True)})
        # The rows of each child: the next depth's cells.
        key = cells * len(keys) + found
        row_key = parent * len(keys) + codes
        child = np.searchsorted(key, row_key)
        inside = (parent >= 0) & (codes >= 0)
        parent = np.where(inside, child, -1)
        text = [str(k) for k in names]
        paths = [(*paths[c], text[f]) for c, f in zip(cells.tolist(), found.tolist(), strict=True)]
    return out


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Each row's code for its key in a group-by's order (−1: missing), and the keys."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array.codes.astype(np.int64), column.array.categories
    codes, keys = pd.factorize(column, sort=True)
    return codes.astype(np.int64), pd.Index(keys)


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
    first = (out["depth"] == 1).to_numpy()
    total_target, total_ly = out["target"][first].sum(), out["last_year"][first].sum()
    growth_of = {(): total_target / total_ly - 1 if total_ly > 0 else np.nan}
    paths = list(zip(*(out[k].tolist() for k in keys), strict=True)) if keys else [()] * len(out)
    depths, growth = out["depth"].astype(int).tolist(), out["growth"].tolist()
    for path, depth, g in zip(paths, depths, growth, strict=True):  # a later row of a path wins
        growth_of[path[:depth]] = g
    out["parent_growth"] = np.array([growth_of.get(path[: depth - 1], np.nan)
                                     for path, depth in zip(paths, depths, strict=True)], dtype="float64")
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


def split_plan(plan: SplitPlan, history: pd.DataFrame, seasonality: pd.Series, *,
               potential: pd.DataFrame | None = None, measure: str = "net_sales",
               threshold: float = 0.15, tree: SplitTree | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The plan's five-way split: the cells (with growth flags) and the months.

    Locks that no longer fit (a lock on a cell that the data does not have, or
    locks larger than their parent) raise DecompositionError with the cell named.
    tree: split_tree(history, plan.levels, ...), to split the same data again.
    """
    cells = decompose(plan.total, history, plan.levels, measure=measure, rule=plan.rule,
                      potential=potential, blend=plan.blend, adjustments=plan.adjustments,
                      locks=plan.locks, tree=tree)
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
