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
from reference_split import ref_decompose, ref_flag_growth  # benchmarks/, on pytest's path

from kit.goals.decompose import (
    UNASSIGNED,
    DecompositionError,
    decompose,
    flag_growth,
    split_tree,
)

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
