"""kit.review.rows: the review's sums read only the columns summed, and give
bit for bit what filtering the table first and grouping by the key columns gives.

The references below are that straightforward way (the review's code before
kit.review.rows): select the flow, filter, group by the key columns. Tables are
random, with category, string and object keys, missing keys, unused and
shuffled categories, rows in random or sorted order (pandas adds up sorted
groups another way), and amounts with many digits, so a different order of
additions would show.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.review import Window, bridge, funnel, pareto, scorecard
from kit.review.bridge import to_cents
from kit.review.funnel import factors
from kit.review.rows import group_sums, in_periods, keep, key_codes, period_codes, text, where_mask

MONTHS = ["2023-12", "2024-01", "2024-02", "2024-03", "2024-12", "2025-01", "2025-02", "2025-03"]
BLANK = "—"

# ------------------------------------------------------------------ references


def ref_select_flow(sales, flow=None):
    if "kind" not in sales:
        return sales
    kinds = sales["kind"]
    if flow is None and (kinds == "sell_in").any() and (kinds == "sell_out").any():
        flow = "sell_in"
    if not flow:
        return sales
    return sales[(kinds == flow).to_numpy(dtype=bool, na_value=False)]


def ref_subset(frame, where):
    if not where:
        return frame
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        if column not in frame:
            return None
        values = [str(v) for v in (value if isinstance(value, (list, tuple, set)) else [value])]
        column_values = frame[column]
        if not (isinstance(column_values.dtype, pd.CategoricalDtype)
                or pd.api.types.is_string_dtype(column_values)):
            column_values = column_values.astype("string")
        mask &= column_values.isin(values).to_numpy(dtype=bool)
    return frame[mask]


def ref_segments(frame, by):
    if by is None:
        return pd.Series("total", index=frame.index, dtype="category")
    keys = frame[by]
    if isinstance(keys.dtype, pd.CategoricalDtype):
        if keys.hasnans:
            keys = keys.cat.add_categories([BLANK]).fillna(BLANK)
        return keys
    return keys.astype("string").fillna(BLANK)


def ref_text_index(frame):
    frame.index = pd.Index([str(v) for v in frame.index], dtype="string", name=frame.index.name)
    return frame


def ref_window_sums(frame, by, measure, periods):
    months = set().union(*(set(p) for p in periods.values()))
    frame = frame[frame["period"].isin(list(months))]
    monthly = frame.groupby([ref_segments(frame, by), frame["period"]], observed=True)[measure].sum()
    month_of = monthly.index.get_level_values(1)
    out = {name: monthly[month_of.isin(months)].groupby(level=0, observed=True).sum()
           for name, months in periods.items()}
    return ref_text_index(pd.DataFrame(out).fillna(0.0))


def ref_items(data, level, base, current):
    data = data[data["period"].isin(list(base) + list(current))]
    side = np.where(data["period"].isin(list(current)), "1", "0")
    sums = data.groupby([ref_segments(data, level), side], observed=True)[["units", "net_sales"]].sum()
    table = ref_text_index(sums.astype("float64").unstack(fill_value=0.0))
    table.columns = [("q" if col == "units" else "r") + s for col, s in table.columns]
    for column in ("q0", "q1", "r0", "r1"):
        if column not in table:
            table[column] = 0.0
    table.index.name = level
    return table[["q0", "r0", "q1", "r1"]].astype("float64")


def ref_decompose(items):
    q0, r0, q1, r1 = (items[c] for c in ("q0", "r0", "q1", "r1"))
    status = np.select([(q0 > 0) & (q1 > 0), q1 > 0, q0 > 0], ["continuing", "new", "lost"],
                       default="other")
    items = items.assign(status=status, price_effect=0.0, mix_effect=0.0)
    cont = items[items["status"] == "continuing"]
    volume = 0.0
    if len(cont):
        big_q0, big_q1 = cont["q0"].sum(), cont["q1"].sum()
        p0, p1 = cont["r0"] / cont["q0"], cont["r1"] / cont["q1"]
        avg_p0 = cont["r0"].sum() / big_q0
        volume = (big_q1 - big_q0) * avg_p0
        items.loc[cont.index, "price_effect"] = (p1 - p0) * cont["q1"]
        items.loc[cont.index, "mix_effect"] = big_q1 * (cont["q1"] / big_q1 - cont["q0"] / big_q0) * (
            p0 - avg_p0)
    delta = items["r1"] - items["r0"]
    raw = {"volume": volume, "price": items["price_effect"].sum(), "mix": items["mix_effect"].sum(),
           "new": delta[items["status"] == "new"].sum(), "lost": delta[items["status"] == "lost"].sum(),
           "other": delta[items["status"] == "other"].sum()}
    base, current = round(float(r0.sum()), 2), round(float(r1.sum()), 2)
    return items, base, current, to_cents(raw, current - base)


def ref_pair_sums(sales, months):
    rows = sales[sales["period"].isin(list(months))]
    pairs = rows.groupby(["outlet_id", "sku"], observed=True)[["units", "net_sales"]].sum()
    pairs = pairs[pairs["units"] > 0]
    return (len(pairs), pairs.index.get_level_values("outlet_id").nunique(),
            float(pairs["units"].sum()), float(pairs["net_sales"].sum()))


def ref_pareto_values(sales, by, periods, where, flow):
    data = ref_subset(ref_select_flow(sales, flow), where)
    data = data[data["period"].isin(periods)]
    return ref_text_index(data.groupby(ref_segments(data, by), observed=True)["net_sales"].sum()
                          .to_frame())["net_sales"]


# ------------------------------------------------------------------ random tables

KEYS = {"kind": ["sell_in", "sell_out"], "region": ["东", "西", "南"],
        "outlet_id": ["o1", "o2", "o3", "o10"], "sku": ["s1", "s2", "s9", "s10"]}
# Amounts whose sums depend on how they are added up (0.1 + 0.2 + 0.3 ≠ 0.6 in a plain loop).
amounts = st.one_of(st.sampled_from([0.1, 0.2, 0.3, 0.7, 10.1, 20.2]), st.floats(-1e4, 1e7, allow_nan=False),
                    st.just(1e16), st.just(float("nan")))


def as_dtype(values, dtype, choices, draw):
    if dtype == "category":
        categories = draw(st.permutations([*choices, "unused"]))
        return pd.Categorical(values, categories=categories)
    return pd.array(values, dtype="string") if dtype == "string" else pd.array(values, dtype=object)


@st.composite
def sales_tables(draw, *, with_kind=True, dtypes=("category", "string", "object")):
    n = draw(st.integers(0, 50))
    data = {"period": draw(st.lists(st.sampled_from(MONTHS), min_size=n, max_size=n))}
    for column, choices in KEYS.items():
        if column == "kind" and not with_kind:
            continue
        values = draw(st.lists(st.sampled_from([*choices, None]), min_size=n, max_size=n))
        data[column] = as_dtype(values, draw(st.sampled_from(dtypes)), choices, draw)
    data["units"] = draw(st.lists(st.integers(-3, 20), min_size=n, max_size=n))
    data["net_sales"] = draw(st.lists(amounts, min_size=n, max_size=n))
    sales = pd.DataFrame(data)
    sales["period"] = pd.PeriodIndex(sales["period"], freq="M")
    if draw(st.booleans()):
        sales["units"] = sales["units"].astype("float64")
    order = draw(st.sampled_from([None, ["outlet_id", "sku", "period"], ["region", "period"],
                                  ["period"]]))
    if order:  # sorted tables: pandas sums sorted groups with another method
        sales = sales.sort_values(order, kind="stable").reset_index(drop=True)
    return sales


windows = st.builds(Window, st.sampled_from(["month", "quarter", "ytd", "mat"]),
                    st.sampled_from(["2025-01", "2025-02", "2025-03"]))
wheres = st.sampled_from([None, {"region": "东"}, {"region": ["东", "西"]}, {"sku": "s1"},
                          {"region": "北"}])
flows = st.sampled_from([None, "sell_in", "sell_out"])
bys = st.sampled_from([None, "region", "sku", "outlet_id"])


def exactly(a, b):
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def same(a, b) -> bool:
    return a == b or (np.isnan(a) and np.isnan(b))


# ------------------------------------------------------------------ the review's sums


@settings(max_examples=150, deadline=None)
@given(sales_tables(), bys, windows, wheres, flows)
def test_scorecard_sums_are_those_of_filtering_and_grouping(sales, by, window, where, flow):
    card = scorecard(sales, by, window, where=where, flow=flow)
    periods = {"actual": window.current, "last_year": window.last_year}
    if len(window.previous):
        periods["previous"] = window.previous
    ref = ref_window_sums(ref_subset(ref_select_flow(sales, flow), where), by, "net_sales", periods)
    ref = ref.sort_values("actual", ascending=False)
    ref.index.name = by or "total"
    exactly(card[list(periods)], ref)


@settings(max_examples=150, deadline=None)
@given(sales_tables(), windows, wheres, flows)
def test_bridge_items_are_those_of_filtering_and_grouping(sales, window, where, flow):
    b = bridge(sales, window, where=where, flow=flow)
    ref = ref_items(ref_subset(ref_select_flow(sales, flow), where), "sku", window.last_year,
                    window.current)
    exactly(b.items[["q0", "r0", "q1", "r1"]], ref)
    items, base, current, parts = ref_decompose(ref)
    exactly(b.items, items)
    assert (b.base, b.current, b.parts().to_dict()) == (base, current, parts)


@settings(max_examples=150, deadline=None)
@given(sales_tables(), windows, st.sampled_from([None, {"region": "东"}, {"sku": ["s1", "s2"]}]),
       st.sampled_from([["o1", "o2", "o3", "o10"], ["o2", "o10"], []]))
def test_funnel_pairs_are_those_of_filtering_and_grouping(sales, window, where, universe_ids):
    outlets = pd.DataFrame({"outlet_id": universe_ids, "region": ["东", "西"] * (len(universe_ids) // 2)})
    f = funnel(sales, outlets, window, where=where)
    universe = ref_subset(outlets, {k: v for k, v in (where or {}).items() if k in outlets})
    rows = ref_subset(ref_select_flow(sales, "sell_out"),
                      {k: v for k, v in (where or {}).items() if k in sales})
    rows = rows[rows["outlet_id"].isin(universe["outlet_id"])]
    for column, months, value in (("base", window.last_year, f.base_sales),
                                  ("current", window.current, f.current_sales)):
        n_pairs, buyers, units, sales_value = ref_pair_sums(rows, months)
        x = f.table[column]
        assert value == round(sales_value, 2)
        assert same(x["numeric_distribution"], buyers / len(universe) if len(universe) else np.nan)
        assert same(x["skus_per_outlet"], n_pairs / buyers if buyers else np.nan)
        assert same(x["units_per_sku"], units / n_pairs if n_pairs else np.nan)
        assert same(x["avg_price"], sales_value / units if units else np.nan)


@settings(max_examples=100, deadline=None)
@given(sales_tables(with_kind=False), windows)
def test_factors_equal_the_group_by_on_a_table_of_one_flow(sales, window):
    # factors() is what kit.goals and kit.penetration call: all rows, one window.
    x, value = factors(sales, 7, window.current)
    n_pairs, buyers, units, ref_value = ref_pair_sums(sales, window.current)
    assert same(value, ref_value) and same(x["numeric_distribution"], buyers / 7)
    assert same(x["skus_per_outlet"], n_pairs / buyers if buyers else np.nan)
    assert same(x["units_per_sku"], units / n_pairs if n_pairs else np.nan)


@settings(max_examples=100, deadline=None)
@given(sales_tables(), bys.filter(bool), windows, wheres, flows)
def test_pareto_values_are_those_of_filtering_and_grouping(sales, by, window, where, flow):
    table = pareto(sales, by, window.current, where=where, flow=flow)
    ref = ref_pareto_values(sales, by, window.current, where, flow).sort_values(
        ascending=False, kind="stable")
    assert list(table.index) == list(ref.index)
    np.testing.assert_array_equal(table["value"].to_numpy(), ref.to_numpy())


# ------------------------------------------------------------------ the pieces, by hand


PERIOD = pd.Series(pd.PeriodIndex(["2024-01", "2024-02", "2025-01", "2023-05", "2025-02"], freq="M"))


def test_period_codes_number_the_sets_of_months():
    base = pd.period_range("2024-01", "2024-02", freq="M")
    current = pd.period_range("2025-01", "2025-02", freq="M")
    # 2024-01, 2024-02 in the base (0); 2025-01, 2025-02 now (1); 2023-05 in neither (−1).
    assert period_codes(PERIOD, None, [base, current]).tolist() == [0, 0, 1, -1, 1]
    assert period_codes(PERIOD, np.array([1, 3]), [base, current]).tolist() == [0, -1]
    # A period column of text is matched as isin matches it: text never equals a Period.
    as_text = PERIOD.astype(str)
    assert period_codes(as_text, None, [["2024-01"], ["2025-02"]]).tolist() == [0, -1, -1, -1, 1]


def test_in_periods_few_rows_and_most_rows_agree():
    base = [pd.Period("2024-01", "M")]
    current = [pd.Period("2025-01", "M"), pd.Period("2025-02", "M")]
    few = np.array([False, False, True, False, False])  # 1 of 5: only that row is read
    most = np.array([True, True, True, False, True])  # 4 of 5: every row is numbered
    assert [a.tolist() for a in in_periods(PERIOD, few, [base, current])] == [[2], [1]]
    assert [a.tolist() for a in in_periods(PERIOD, most, [base, current])] == [[0, 2, 4], [0, 1, 1]]
    assert in_periods(PERIOD, most, None)[0].tolist() == [0, 1, 2, 4]


def test_key_codes_follow_the_group_by_order():
    frame = pd.DataFrame({"cat": pd.Categorical(["b", None, "a", "b"], categories=["b", "a"]),
                          "num": pd.array([10, 9, 10, None], dtype="Int64")})
    at = np.arange(4)
    codes, labels = key_codes(frame, "cat", at)
    # Category order b, a; the missing key is the segment "—" after them.
    assert codes.tolist() == [0, 2, 1, 0] and list(text(labels)) == ["b", "a", "—"]
    codes, labels = key_codes(frame, "num", at)
    # As text "10" < "9" < "—"; a missing value is "—" (pandas' <NA> as text).
    assert list(text(labels)) == ["10", "9", "—"] and codes.tolist() == [0, 1, 0, 2]
    codes, labels = key_codes(frame, "num", np.array([0, 1, 2]), text=False)
    assert list(labels) == [9, 10] and codes.tolist() == [1, 0, 1]  # as numbers 9 < 10
    assert key_codes(frame, None, at)[0].tolist() == [0, 0, 0, 0]
    with pytest.raises(ValueError, match="no column"):
        key_codes(frame, "region", at)


@pytest.mark.parametrize("rows", [8, 3])  # 8 rows: all 2 × 3 pairs numbered; 3 rows: the 3 seen
def test_group_sums_by_hand(rows):
    frame = pd.DataFrame({"v": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0]})
    at = np.array([0, 2, 3, 5, 6, 7])[:rows]
    a = np.array([1, 0, 1, 1, 0, 1])[:rows]
    b = np.array([2, 0, 2, 1, 0, 0])[:rows]
    (a_of, b_of), sums = group_sums(frame, ["v"], at, [(a, 2), (b, 3)])
    if rows == 8:
        # (0,0): rows 2 and 6 -> 4 + 64; (1,0): 7 -> 128; (1,1): 5 -> 32; (1,2): 0, 3 -> 1 + 8.
        assert list(zip(a_of, b_of, sums["v"], strict=True)) == [
            (0, 0, 68.0), (1, 0, 128.0), (1, 1, 32.0), (1, 2, 9.0)]
    else:
        # (0,0): row 2 -> 4; (1,2): rows 0, 3 -> 1 + 8.
        assert list(zip(a_of, b_of, sums["v"], strict=True)) == [(0, 0, 4.0), (1, 2, 9.0)]


def test_keep_is_the_flow_and_the_filter():
    sales = pd.DataFrame({"kind": pd.Categorical(["sell_in", "sell_out", "sell_in", None]),
                          "region": ["东", "东", "西", "东"]})
    # Both flows present: sell-in by default; then 东 only.
    assert keep(sales, None, {"region": "东"}).tolist() == [True, False, False, False]
    assert keep(sales, "sell_out", None).tolist() == [False, True, False, False]
    with pytest.raises(ValueError, match="lacks a column"):
        keep(sales, None, {"channel": "KA"})


# ------------------------------------------------------------------ the cube


def ref_cube(sales, keys):
    present = [k for k in keys if k in sales]
    return sales.groupby(["period", *present], observed=True, dropna=False)[
        ["units", "net_sales"]].sum().reset_index()


@settings(max_examples=100, deadline=None)
@given(sales_tables(dtypes=("category", "string")),
       st.sampled_from([("kind", "region", "sku"), ("region",), ("sku", "outlet_id")]), st.booleans(),
       st.sampled_from([None, {"region": "东"}, {"kind": "sell_in"}]))
def test_the_cube_is_the_group_by_on_its_keys(sales, keys, renumber, where):
    # Keys as kit.data.load hands them over (an object column of nothing but None
    # is left out: its group-by infers a float column).
    import unittest.mock

    from kit.review import rows
    from kit.review.cube import monthly_cube

    mask = None if where is None else where_mask(sales, where)
    # renumber: combinations numbered in steps, as for many keys with many values.
    with unittest.mock.patch.object(rows, "NUMBERS", 16 if renumber else rows.NUMBERS):
        cube = monthly_cube(sales, keys, ("units", "net_sales"), rows=mask)
    exactly(cube, ref_cube(sales if mask is None else sales[mask], keys))


def test_group_sums_renumbers_before_the_numbers_overflow(monkeypatch):
    from kit.review import rows

    frame = pd.DataFrame({"v": [1.0, 2.0, 4.0, 8.0]})
    keys = [(np.array([3, 0, 3, 1]), 4), (np.array([1, 2, 1, 0]), 3), (np.array([0, 1, 0, 1]), 2)]
    expected = group_sums(frame, ["v"], np.arange(4), keys)
    monkeypatch.setattr(rows, "NUMBERS", 5)  # 4 × 3 > 5: renumbered after the first key
    got = group_sums(frame, ["v"], np.arange(4), keys)
    # Groups (0,2,1): 2; (1,0,1): 8; (3,1,0): rows 0 and 2 -> 1 + 4 = 5.
    assert [c.tolist() for c in got[0]] == [[0, 1, 3], [2, 0, 1], [1, 1, 0]]
    assert got[1]["v"].tolist() == [2.0, 8.0, 5.0]
    assert [c.tolist() for c in expected[0]] == [c.tolist() for c in got[0]]


def test_a_row_without_a_sku_is_in_no_pair_but_still_in_the_group_by():
    # 13 × 0.1 for one (outlet, sku), then a row without a sku. The group-by sees its
    # group numbers out of order (the row without a sku is −1, last) and adds up with
    # compensation: 1.3. Leaving that row out first would add up plainly: 1.3000000000000003.
    table = pd.DataFrame({"period": pd.PeriodIndex(["2025-01"] * 14, freq="M"),
                          "outlet_id": ["o1"] * 14, "sku": ["s1"] * 13 + [None],
                          "units": [1.0] * 14, "net_sales": [0.1] * 14})
    months = pd.PeriodIndex(["2025-01"], freq="M")
    x, value = factors(table, 1, months)
    assert value == ref_pair_sums(table, months)[3] == 1.3
    assert x["units_per_sku"] == 13.0  # 13 units over the one pair
