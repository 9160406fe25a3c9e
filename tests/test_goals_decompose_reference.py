"""kit.goals.decompose against the straightforward split it replaces: one
pandas group-by and one largest-remainder split per parent cell, parents
visited depth first. The kit computes every cell's children at once; on
random histories, potentials, adjustments and locks it must give the same
table bit for bit, or refuse with the same message.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.goals.decompose import (
    UNASSIGNED,
    DecompositionError,
    decompose,
    flag_growth,
    split_tree,
    t,
)

# ------------------------------------------------------------------ the reference


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


# ------------------------------------------------------------------ random plans

LEVELS = ["region", "channel", "sku"]
VALUES = {"region": ["东", "西", "南"], "channel": ["KA", "TT"], "sku": ["s1", "s2", "s10", "s9"]}
# Amounts whose sums depend on how they are added up (0.1 + 0.2 + 0.3 ≠ 0.6 in a plain loop).
amounts = st.one_of(st.sampled_from([0.1, 0.2, 0.3, 0.7, 10.1, 20.2, 30.3, 60.6]),
                    st.floats(0, 1e6, allow_nan=False), st.floats(-50, 0), st.just(float("nan")))


def keyed(values, dtype, choices, draw):
    if dtype == "category":
        return pd.Categorical(values, categories=draw(st.permutations([*choices, "x"])))
    return pd.array(values, dtype="string") if dtype == "string" else pd.array(values, dtype=object)


@st.composite
def histories(draw):
    n = draw(st.integers(0, 40))
    data = {}
    for column, choices in VALUES.items():
        values = draw(st.lists(st.sampled_from([*choices, None]) if draw(st.booleans())
                               else st.sampled_from(choices), min_size=n, max_size=n))
        data[column] = keyed(values, draw(st.sampled_from(["category", "string", "object"])),
                             choices, draw)
    data["net_sales"] = draw(st.lists(amounts, min_size=n, max_size=n))
    history = pd.DataFrame(data)
    order = draw(st.sampled_from(["as drawn", "sorted", "sorted but one region"]))
    if order != "as drawn":  # pandas adds up a parent's groups another way when they come sorted
        history = history.sort_values(LEVELS, kind="stable").reset_index(drop=True)
    if order == "sorted but one region":  # parents of both kinds at one depth
        rows = np.flatnonzero((history["region"] == "西").to_numpy(dtype=bool, na_value=False))
        shuffled = draw(st.permutations(list(rows)))
        history = history.take([shuffled[list(rows).index(i)] if i in set(rows) else i
                                for i in range(len(history))]).reset_index(drop=True)
    return history


@st.composite
def potentials(draw):
    n = draw(st.integers(0, 8))
    columns = draw(st.sampled_from([["region"], ["region", "channel"]]))
    data = {c: keyed(draw(st.lists(st.sampled_from(VALUES[c] + ["北"]), min_size=n, max_size=n)),
                     draw(st.sampled_from(["category", "string"])), VALUES[c] + ["北"], draw)
            for c in columns}
    data["potential"] = draw(st.lists(st.floats(0, 1e5), min_size=n, max_size=n))
    return pd.DataFrame(data)


paths = st.one_of(st.tuples(st.sampled_from(VALUES["region"] + ["北"])),
                  st.tuples(st.sampled_from(VALUES["region"]), st.sampled_from(VALUES["channel"] + [UNASSIGNED])),
                  st.tuples(st.sampled_from(VALUES["region"]), st.sampled_from(VALUES["channel"]),
                            st.sampled_from(VALUES["sku"] + ["new"])))


def same_outcome(new, ref):
    """Both give the same table, or both refuse with the same message."""
    try:
        expected = ref()
    except DecompositionError as error:
        try:
            new()
        except DecompositionError as got:
            assert str(got) == str(error)
            return None
        raise AssertionError(f"expected the refusal {error}") from None
    got = new()
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    return got


@settings(max_examples=200, deadline=None)
@given(histories(), st.one_of(st.none(), potentials()), st.sampled_from(["last_year", "potential", "blend"]),
       st.floats(0, 1), st.dictionaries(paths, st.floats(-1e4, 1e5), max_size=3),
       st.dictionaries(paths, st.integers(0, 400_000), max_size=3), st.integers(0, 10**6),
       st.sampled_from([0, 2]))
def test_the_split_is_the_straightforward_split(history, potential, rule, blend, adjustments, locks,
                                                 total, decimals):
    kwargs = dict(rule=rule if potential is not None else "last_year", potential=potential,
                  blend=blend, adjustments=adjustments, locks=locks, decimals=decimals)
    got = same_outcome(lambda: decompose(total, history, LEVELS, **kwargs),
                       lambda: ref_decompose(total, history, LEVELS, **kwargs))
    # The tree built once (as the split app does) gives the same split.
    tree = split_tree(history, LEVELS, potential=potential)
    same_outcome(lambda: decompose(total, history, LEVELS, tree=tree, **kwargs),
                 lambda: ref_decompose(total, history, LEVELS, **kwargs))
    if got is not None:
        pd.testing.assert_frame_equal(flag_growth(got), ref_flag_growth(got), check_exact=True)


def test_a_tree_for_other_levels_is_refused():
    history = pd.DataFrame({"region": ["东"], "channel": ["KA"], "net_sales": [1.0]})
    tree = split_tree(history, ["region"])
    with pytest.raises(ValueError, match="levels"):
        decompose(10, history, ["region", "channel"], tree=tree)
