"""kit.goals.decompose: splits worked out by hand, and exact reconciliation."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kit import workspace
from kit.goals.decompose import (
    DecompositionError,
    basis,
    by_month,
    decompose,
    flag_growth,
    largest_remainder,
    level,
)


def test_largest_remainder_even_split():
    # 100 / 3 = 33.33…: floors 33 + 33 + 33 = 99, the leftover 1 goes to the first tie.
    assert largest_remainder(100, pd.Series([1, 1, 1], index=list("abc"))).tolist() == [34, 33, 33]


def test_largest_remainder_with_a_lock():
    # c is locked at 300, so 700 is split 50:30 over a, b: 437.5 and 262.5 -> 437 + 262 = 699,
    # the leftover 1 goes to the first of the equal fractions (a).
    out = largest_remainder(1000, pd.Series([50, 30, 20], index=list("abc")), locked={"c": 300})
    assert out.to_dict() == {"a": 438.0, "b": 262.0, "c": 300.0}


def test_largest_remainder_in_cents_and_zero_weights():
    # 10.00 / 3 in cents: 3.34 + 3.33 + 3.33.
    out = largest_remainder(10, pd.Series([0, 0, 0], index=list("abc")), decimals=2)
    assert out.tolist() == [3.34, 3.33, 3.33]


def test_locks_larger_than_the_parent_are_refused():
    with pytest.raises(DecompositionError, match="锁定的格子合计 150，超过了上级目标 100"):
        largest_remainder(100, pd.Series([1, 1], index=list("ab")), locked={"a": 150})
    with pytest.raises(DecompositionError, match="锁定的格子不在分解中：z"):
        largest_remainder(100, pd.Series([1, 1], index=list("ab")), locked={"z": 1})
    with pytest.raises(DecompositionError, match="Every cell is locked but they add up to 90, not the parent.s 100"):
        _in_english(lambda: largest_remainder(100, pd.Series([1, 1], index=list("ab")),
                                      locked={"a": 40, "b": 50}))


def _in_english(fn):
    from kit import i18n
    i18n.set_lang("en")
    try:
        return fn()
    finally:
        i18n.set_lang("zh")


def test_a_refused_lock_names_the_parent():
    history = pd.DataFrame({"region": ["N", "N", "S"], "channel": ["KA", "TT", "KA"],
                            "net_sales": [60.0, 40.0, 100.0]})
    # N gets 200 × 100/200 = 100; locking N/KA at 120 exceeds it.
    with pytest.raises(DecompositionError, match="^N：锁定的格子合计 120"):
        decompose(200, history, ["region", "channel"], locks={("N", "KA"): 120})


def test_a_new_segment_keeps_its_amount_in_one_open_child():
    history = pd.DataFrame({"region": ["N", "N"], "channel": ["KA", "TT"], "net_sales": [60.0, 40.0]})
    potential = pd.DataFrame({"region": ["N", "S"], "potential": [50.0, 50.0]})
    # Potential shares: N 50 %, S 50 % of 100. S has no sales, so nothing to split it by below:
    # one child "—" holds all 50; N's 50 splits 60:40 by last year (no channel potential) = 30/20.
    out = decompose(100, history, ["region", "channel"], rule="potential", potential=potential)
    second = level(out, 2).set_index(["region", "channel"])["target"]
    assert second.to_dict() == {("N", "KA"): 30, ("N", "TT"): 20, ("S", "—"): 50}


def test_basis_rules_and_adjustments():
    ly, pot = pd.Series([60.0, 40.0], index=["a", "b"]), pd.Series([20.0, 80.0], index=["a", "b"])
    assert basis(ly).tolist() == [60, 40]
    assert basis(ly, pot, rule="potential").tolist() == [20, 80]
    # Blend .5: shares (.6 + .2)/2 = .4 and (.4 + .8)/2 = .6, scaled to last year's 100.
    assert basis(ly, pot, rule="blend").tolist() == pytest.approx([40, 60])
    # +10 for new stores in a; −50 for a lost listing in b (floored at zero).
    assert basis(ly, adjustments={"a": 10, "b": -50}).tolist() == [70, 0]
    with pytest.raises(DecompositionError):
        basis(ly, rule="potential")


HISTORY = pd.DataFrame({"region": ["东", "东", "西"], "channel": ["KA", "TT", "KA"],
                        "net_sales": [60.0, 20.0, 20.0]})


def test_decompose_two_levels_by_last_year():
    result = decompose(110, HISTORY, ["region", "channel"])
    regions = level(result, 1).set_index("region")["target"]
    # 110 split 80:20 -> 88 and 22; 东's 88 split 60:20 -> 66 and 22; 西's 22 all KA.
    assert regions.to_dict() == {"东": 88.0, "西": 22.0}
    channels = level(result, 2).set_index(["region", "channel"])["target"]
    assert channels.to_dict() == {("东", "KA"): 66.0, ("东", "TT"): 22.0, ("西", "KA"): 22.0}


def test_decompose_with_a_lock_and_an_adjustment():
    # 西 locked at 30: 东 gets 110 − 30 = 80, split 60:20 -> KA 60, TT 20.
    result = decompose(110, HISTORY, ["region", "channel"], locks={("西",): 30})
    assert level(result, 1).set_index("region")["target"].to_dict() == {"东": 80.0, "西": 30.0}
    # A new TT channel push in 东 (+40 to its basis): 80 split 60:60 -> 40 and 40.
    result = decompose(110, HISTORY, ["region", "channel"], locks={("西",): 30},
                       adjustments={("东", "TT"): 40})
    east = level(result, 2).query("region == '东'").set_index("channel")["target"]
    assert east.to_dict() == {"KA": 40.0, "TT": 40.0}


def test_by_month_follows_seasonality():
    season = pd.Series([1.3, 1.1, 0.9, 0.8, 0.9, 1.0, 1.1, 1.0, 0.9, 0.9, 1.0, 1.1], index=range(1, 13))
    months = by_month(1200, season, 2026)
    # The index sums to 12, so each month gets 100 × its index: January 130, April 80.
    assert months.sum() == 1200
    assert months.iloc[0] == 130 and months.iloc[3] == 80
    assert str(months.index[0]) == "2026-01"


def test_flag_growth_marks_cells_out_of_line():
    result = decompose(110, HISTORY, ["region", "channel"], locks={("东", "KA"): 80})
    flagged = flag_growth(result).set_index(["region", "channel"])
    # Total +10 %; 东 88/80 = +10 % (in line). KA locked at 80: 80/60 − 1 = +33 % vs 东's 10 %.
    # TT gets 88 − 80 = 8: 8/20 − 1 = −60 %. Both more than 15 points off their parent.
    east = flagged.loc[("东", None)] if ("东", None) in flagged.index else None
    assert east is not None and not east["flag"]
    assert flagged.loc[("东", "KA"), "flag"] and flagged.loc[("东", "TT"), "flag"]
    assert flagged.loc[("东", "KA"), "growth"] == pytest.approx(80 / 60 - 1)
    assert not flagged.loc[("西", "KA"), "flag"]


# ------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**9), st.lists(st.floats(0, 1e6), min_size=1, max_size=12), st.data())
def test_every_split_reconciles_and_keeps_locks(total, weights, data):
    index = [f"c{i}" for i in range(len(weights))]
    locked_keys = data.draw(st.lists(st.sampled_from(index), unique=True, max_size=len(index) - 1))
    locked = {k: data.draw(st.integers(0, total // max(1, len(index)))) for k in locked_keys}
    out = largest_remainder(total, pd.Series(weights, index=index), locked=locked)
    assert out.sum() == total
    assert all(out[k] == v for k, v in locked.items())
    assert (out >= 0).all() and (out == np.round(out)).all()


rows = st.lists(st.tuples(st.sampled_from("ABCD"), st.sampled_from("xyz"), st.sampled_from("pq"),
                          st.floats(0, 1e5)), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**8), rows)
def test_every_level_sums_to_its_parent(total, data):
    history = pd.DataFrame(data, columns=["region", "channel", "sku", "net_sales"])
    assume(history["net_sales"].sum() > 0)
    result = decompose(total, history, ["region", "channel", "sku"])
    assert level(result, 1)["target"].sum() == total
    for depth, keys in ((2, ["region"]), (3, ["region", "channel"])):
        children = level(result, depth).groupby(keys)["target"].sum()
        parents = level(result, depth - 1).set_index(keys)["target"]
        assert children.to_dict() == parents.reindex(children.index).to_dict()


# ---------------------------------------------------------------- plans, months and levels

from kit.goals.decompose import (  # noqa: E402
    SplitPlan,
    default_levels,
    last_twelve_months,
    split_plan,
)


def test_by_month_with_a_locked_month():
    flat = pd.Series(1.0, index=range(1, 13))
    # 1200 with January locked at 300: the other 900 over 11 months = 81.8…;
    # floors 81 × 11 = 891, the 9 leftover go to the first nine (equal remainders, stable order).
    months = by_month(1200, flat, 2026, locks={"2026-01": 300})
    assert months.iloc[0] == 300 and months.sum() == 1200
    assert months.iloc[1:10].tolist() == [82] * 9 and months.iloc[10:].tolist() == [81, 81]


def test_split_plan_round_trip_and_result():
    plan = SplitPlan(total=1000, levels=["region", "channel"], year=2026, rule="last_year",
                     locks={("N", "KA"): 100.0}, month_locks={"2026-02": 50.0})
    again = workspace.decode(SplitPlan, json.loads(json.dumps(workspace.encode(plan))))
    assert again == plan  # tuple-keyed locks survive JSON
    history = pd.DataFrame({"region": ["N", "N", "S"], "channel": ["KA", "TT", "KA"],
                            "net_sales": [30.0, 20.0, 50.0]})
    cells, months = split_plan(plan, history, pd.Series(1.0, index=range(1, 13)))
    # N, S get 500 each (50:50); under N, KA locked at 100 leaves 400 for TT.
    second = level(cells, 2).set_index(["region", "channel"])["target"].to_dict()
    assert second == {("N", "KA"): 100, ("N", "TT"): 400, ("S", "KA"): 500}
    assert "flag" in cells and months.sum() == 1000 and months.iloc[1] == 50



def test_default_levels_and_last_twelve_months():
    assert default_levels(["period", "region", "customer_id", "sku", "category"]) == [
        "region", "customer_id", "category"]
    assert default_levels(["period", "customer_id", "sku"]) == ["customer_id", "sku"]
    frame = pd.DataFrame({"period": pd.period_range("2024-01", periods=24, freq="M"), "x": range(24)})
    assert last_twelve_months(frame)["x"].tolist() == list(range(12, 24))
