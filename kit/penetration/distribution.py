"""Distribution and penetration (design.md section 4; kit definitions).

An outlet *buys* (stocks) a SKU in a window when its sell-out rows for that
SKU in the window add up to more than zero units (the same rule as the
five-factor funnel of :mod:`kit.review.funnel`). The outlet universe is the
`outlets` table, so outlets that never bought count in every denominator.

- numeric distribution ND = stocking outlets / universe;
- weighted distribution WD = weight of stocking outlets / weight of all
  outlets. The weight is the outlet's category size. Case data have no
  all-brand category sales per outlet, so the kit uses `potential` (each
  outlet's annual purchase potential for the brand's categories, all brands)
  by default; ``weight="sales"`` uses the outlet's own sales of the product
  group in the window instead (WD within our business);
- TDP (total distribution points) = Σ over SKUs of each SKU's WD, i.e.
  Σ over bought (outlet, sku) pairs of the outlet's weight / total weight.
  0.5 × 40 SKUs = 20.0 (× 100 for "points");
- SKUs per outlet = distinct (outlet, sku) pairs / stocking outlets;
- penetration = buying units (outlets or customers) / units in the universe;
- frequency = buying months per buyer (a month with units > 0 is one order:
  the canonical table is monthly, so an order is a buying month);
- spend per buyer = sales / buyers; spend per order = sales / buying months;
- potential over a window = annual potential × months / 12; sales-to-
  potential = sales / potential of the universe; share of wallet = sales /
  potential of the buyers only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.overview import select_flow
from kit.review.periods import safe_ratio
from kit.review.scorecard import TOTAL, subset

SEGMENT = "segment"


def split_where(where: dict | None, outlets: pd.DataFrame, sales: pd.DataFrame
                ) -> tuple[dict, dict]:
    """`where` keys that filter the universe, and those that filter sales rows.

    A key both tables have (region, channel, customer_id) filters both; a key
    neither has is an error rather than a silent no-op.
    """
    where = where or {}
    unknown = [k for k in where if k not in outlets and k not in sales]
    if unknown:
        raise ValueError(f"neither outlets nor sales have column(s) {unknown}")
    return ({k: v for k, v in where.items() if k in outlets},
            {k: v for k, v in where.items() if k in sales})


def universe(outlets: pd.DataFrame, where: dict | None = None, by: str | None = None
             ) -> pd.DataFrame:
    """The outlet universe as plain text keys: outlet_id, segment, and the rest."""
    if by is not None and by not in outlets:
        raise ValueError(f"outlets have no column {by!r}")
    uni = subset(outlets, where) if where else outlets
    out = uni.reset_index(drop=True).copy()
    for column in out.columns:
        if column != "potential":
            out[column] = out[column].astype("string")
    out[SEGMENT] = out[by].fillna("—") if by else TOTAL
    return out.drop_duplicates("outlet_id")


def window_rows(sales: pd.DataFrame, periods=None, *, flow: str | None = "sell_out",
                where: dict | None = None) -> pd.DataFrame:
    """Sell-out rows with an outlet in the window (all months when periods is None)."""
    if "outlet_id" not in sales:
        raise ValueError("penetration needs sell-out rows with an outlet_id column")
    rows = select_flow(sales, flow)
    if where:
        rows = subset(rows, where)
    if periods is not None:
        rows = rows[rows["period"].isin(list(periods))]
    return rows[rows["outlet_id"].notna()]


def months_in(rows: pd.DataFrame, periods) -> int:
    """Months of the window (those of the data when no window is given)."""
    return len(periods) if periods is not None else int(rows["period"].nunique())


def outlet_sums(rows: pd.DataFrame, keys: list[str], measure: str, quantity: str) -> pd.DataFrame:
    """Σ units and Σ measure per outlet × keys, with text keys (one categorical group-by)."""
    grouped = rows.groupby(["outlet_id", *keys], observed=True)[[quantity, measure]].sum()
    out = grouped.reset_index()
    for column in ["outlet_id", *keys]:
        if column != "period":
            out[column] = out[column].astype("string")
    return out.rename(columns={quantity: "units", measure: "sales"})


def distribution(sales: pd.DataFrame, outlets: pd.DataFrame, periods=None, *,
                 by: str | None = None, product: str | None = None, where: dict | None = None,
                 weight: str = "potential", flow: str | None = "sell_out",
                 measure: str = "net_sales", quantity: str = "units") -> pd.DataFrame:
    """ND, WD, TDP and SKUs per outlet per segment of `by` (× product group).

    `by` is an outlet column (region, channel, format, tier); `product` a
    sales column (category, brand) or None for the whole range. Columns:
    universe, stocking, nd, wd, skus_per_outlet, tdp.
    """
    on_outlets, on_sales = split_where(where, outlets, sales)
    uni = universe(outlets, on_outlets, by)
    rows = window_rows(sales, periods, flow=flow, where=on_sales)
    keys = ["sku"] + ([product] if product and product != "sku" else [])
    pairs = outlet_sums(rows, keys, measure, quantity)
    pairs = pairs[(pairs["units"] > 0) & pairs["outlet_id"].isin(uni["outlet_id"])]
    pairs["group"] = pairs[product] if product else TOTAL
    pairs = pairs.merge(uni[["outlet_id", SEGMENT]], on="outlet_id")
    weights = outlet_weights(uni, rows, product, weight, measure)
    pairs = pairs.merge(weights[["outlet_id", "group", "w"]], on=["outlet_id", "group"],
                        how="left")
    pairs["w"] = pairs["w"].fillna(0.0)
    table = distribution_table(pairs, uni, weights)
    return tidy_index(table.rename_axis([by or SEGMENT, product or "product"]))


def outlet_weights(uni: pd.DataFrame, rows: pd.DataFrame, product: str | None, weight: str,
                   measure: str) -> pd.DataFrame:
    """The WD weight of each universe outlet per product group: columns outlet_id, group, w."""
    if weight == "potential":
        if "potential" not in uni:
            raise ValueError("weight='potential' needs a potential column in outlets")
        groups = rows[product].astype("string").dropna().unique() if product else [TOTAL]
        base = uni[["outlet_id", SEGMENT]].assign(w=uni["potential"].fillna(0.0).to_numpy())
        return base.merge(pd.DataFrame({"group": groups}), how="cross")
    if weight != "sales":
        raise ValueError("weight must be 'potential' or 'sales'")
    sums = outlet_sums(rows, [product] if product else [], measure, "units")
    sums["group"] = sums[product] if product else TOTAL
    sums = sums[sums["outlet_id"].isin(uni["outlet_id"])]
    sums = sums.merge(uni[["outlet_id", SEGMENT]], on="outlet_id")
    return sums.rename(columns={"sales": "w"})[["outlet_id", SEGMENT, "group", "w"]]


def distribution_table(pairs: pd.DataFrame, uni: pd.DataFrame, weights: pd.DataFrame
                       ) -> pd.DataFrame:
    """Aggregate bought pairs into the ND / WD / TDP table."""
    keys = [SEGMENT, "group"]
    size = uni.groupby(SEGMENT).size().rename("universe")
    total_w = weights.groupby(keys)["w"].sum().rename("total_w")
    per_outlet = pairs.groupby(keys + ["outlet_id"])["w"].first().rename("w").reset_index()
    out = pd.DataFrame({
        "stocking": per_outlet.groupby(keys).size(),
        "stocking_w": per_outlet.groupby(keys)["w"].sum(),
        "pairs": pairs.groupby(keys).size(),
        "pairs_w": pairs.groupby(keys)["w"].sum(),
    })
    grid = pd.MultiIndex.from_product([size.index, sorted(weights["group"].unique())], names=keys)
    out = out.reindex(grid).fillna(0.0).join(size, on=SEGMENT).join(total_w)
    table = pd.DataFrame({
        "universe": out["universe"].astype(int),
        "stocking": out["stocking"].astype(int),
        "nd": safe_ratio(out["stocking"], out["universe"]),
        # Summed in another order, the stocking part can pass the whole by a rounding step.
        "wd": np.minimum(safe_ratio(out["stocking_w"], out["total_w"]), 1.0),
        "skus_per_outlet": safe_ratio(out["pairs"], out["stocking"]),
        "tdp": safe_ratio(out["pairs_w"], out["total_w"]),
    }, index=out.index)
    return table


def tidy_index(table: pd.DataFrame) -> pd.DataFrame:
    """Drop the index levels that are only "total" (no `by`, no product)."""
    for name in reversed(table.index.names):  # product level first: keep the segment
        level = table.index.get_level_values(name)
        if table.index.nlevels > 1 and len(level) and (level == TOTAL).all():
            table = table.droplevel(name)
    return table


def sku_distribution(sales: pd.DataFrame, outlets: pd.DataFrame, periods=None, *,
                     where: dict | None = None, weight: str = "potential",
                     flow: str | None = "sell_out", measure: str = "net_sales",
                     quantity: str = "units") -> pd.DataFrame:
    """ND and WD of each SKU over the universe; their WD sum is the TDP."""
    table = distribution(sales, outlets, periods, product="sku", where=where, weight=weight,
                         flow=flow, measure=measure, quantity=quantity)
    return table[["universe", "stocking", "nd", "wd"]]


def penetration(sales: pd.DataFrame, outlets: pd.DataFrame, periods=None, *,
                by: str | None = None, unit: str = "outlet_id", where: dict | None = None,
                flow: str | None = "sell_out", measure: str = "net_sales",
                quantity: str = "units") -> pd.DataFrame:
    """Penetration, frequency, spend and share of wallet per segment of `by`.

    `unit` is "outlet_id" (outlets buying) or "customer_id" (customers buying
    through an outlet of the segment; a customer's universe membership and
    potential come from its outlets). Columns: universe, buyers, penetration,
    sales, orders (buying months), frequency, spend_per_buyer, spend_per_order,
    potential, sales_to_potential, buyer_potential, share_of_wallet.
    """
    on_outlets, on_sales = split_where(where, outlets, sales)
    uni = universe(outlets, on_outlets, by)
    if unit not in uni:
        raise ValueError(f"outlets have no column {unit!r}")
    rows = window_rows(sales, periods, flow=flow, where=on_sales)
    months = outlet_sums(rows, ["period"], measure, quantity)
    members = uni[["outlet_id", SEGMENT]].assign(unit=uni[unit])
    months = months.merge(members, on="outlet_id")  # inner: outlets outside the universe drop
    table = penetration_table(months, uni, unit, months_in(rows, periods))
    return table.rename_axis(by or SEGMENT)


def penetration_table(months: pd.DataFrame, uni: pd.DataFrame, unit: str, n_months: int
                      ) -> pd.DataFrame:
    """Aggregate (outlet, month) sums into the penetration table."""
    potential = (uni["potential"].fillna(0.0) if "potential" in uni
                 else pd.Series(np.nan, index=uni.index)) * n_months / 12
    units = uni.assign(p=potential).groupby([SEGMENT, unit])["p"].sum()
    buying = months[months["units"] > 0]
    unit_months = buying.groupby([SEGMENT, "unit", "period"]).size().groupby(level=[0, 1]).size()
    buyers = unit_months.index.to_frame(index=False).rename(columns={"unit": unit})
    buyer_pot = units.reindex(pd.MultiIndex.from_frame(buyers)).groupby(level=0).sum()
    out = pd.DataFrame({
        "universe": units.groupby(level=0).size(),
        "buyers": unit_months.groupby(level=0).size(),
        "sales": months.groupby(SEGMENT)["sales"].sum(),
        "orders": unit_months.groupby(level=0).sum(),
        "potential": units.groupby(level=0).sum(min_count=1),
        "buyer_potential": buyer_pot,
    })
    out[["buyers", "sales", "orders"]] = out[["buyers", "sales", "orders"]].fillna(0)
    out = out.astype({"universe": int, "buyers": int, "orders": int})
    out["penetration"] = safe_ratio(out["buyers"], out["universe"])
    out["frequency"] = safe_ratio(out["orders"], out["buyers"])
    out["spend_per_buyer"] = safe_ratio(out["sales"], out["buyers"])
    out["spend_per_order"] = safe_ratio(out["sales"], out["orders"])
    out["sales_to_potential"] = safe_ratio(out["sales"], out["potential"])
    out["share_of_wallet"] = safe_ratio(out["sales"], out["buyer_potential"])
    out.index.name = SEGMENT
    return out[["universe", "buyers", "penetration", "sales", "orders", "frequency",
                "spend_per_buyer", "spend_per_order", "potential", "sales_to_potential",
                "buyer_potential", "share_of_wallet"]]


def distribution_change(sales: pd.DataFrame, outlets: pd.DataFrame, before, after, *,
                        by: str | None = None, **kwargs) -> pd.DataFrame:
    """ND and WD per segment in two windows and their change in points (after − before):
    where distribution was won or lost. Columns: universe, stocking_before,
    stocking_after, nd_before, nd_after, nd_change, wd_before, wd_after, wd_change."""
    first = distribution(sales, outlets, before, by=by, **kwargs)
    second = distribution(sales, outlets, after, by=by, **kwargs)
    out = pd.DataFrame({
        "universe": second["universe"],
        "stocking_before": first["stocking"], "stocking_after": second["stocking"],
        "nd_before": first["nd"], "nd_after": second["nd"],
        "wd_before": first["wd"], "wd_after": second["wd"],
    })
    out["nd_change"] = out["nd_after"] - out["nd_before"]
    out["wd_change"] = out["wd_after"] - out["wd_before"]
    return out[["universe", "stocking_before", "stocking_after", "nd_before", "nd_after",
                "nd_change", "wd_before", "wd_after", "wd_change"]]
