"""Whitespace (空白点): outlet × product line, and the prioritised target list.

Kit definitions:

- **Cell status**: *bought* when the outlet bought the product line in the
  window (units > 0); *not bought* when it did not but the line is eligible
  there; *not eligible* otherwise.
- **Eligibility** is decided per segment (default: channel). A product line is
  eligible in a segment when at least one outlet of that segment bought it at
  any time in the data (a line nobody in the channel ever bought is assumed not
  to fit it). `rules={"餐饮": ["调味品", "饮料"]}` overrides a segment: exactly
  the listed lines are eligible there.
- **Cell potential**: the outlet's annual `potential` (all its categories) ×
  window months / 12, spread over its eligible lines by the product mix (each
  line's share of the universe's sales in the window, or `mix=` given). So the
  cells of an outlet with an eligible line add up to its potential.
- **Gap** = max(potential − max(current sales, 0), 0) on eligible cells, 0
  otherwise (an outlet whose eligible lines had no sales in the mix spreads its
  potential evenly over them);
  **open share** = gap / potential (0–1).
- **Target list score** = open share × potential × ease, i.e. the whitespace
  in 元 discounted by how easy the outlet is to win. **Ease** (0–1) by the
  outlet's relationship with us: active buyer (bought anything in the window)
  1.0, lapsed (bought before the window, not in it) 0.6, never bought 0.3;
  overridable per relationship or per outlet.
- **Peer potential** (no `potential` in the universe): an eligible cell's
  potential is the median window sales of that product line among the buying
  outlets of the same segment, or the cell's own sales when higher (a buyer
  above the median has no gap). So the gap reads "what this outlet would buy
  if it bought like its typical peer".
- `by=None` treats the whole universe as one segment (column ``segment``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from kit import labels
from kit.penetration.distribution import (
    SEGMENT,
    months_in,
    outlet_sums,
    split_where,
    universe,
    window_rows,
)
from kit.penetration.labels import t
from kit.review.periods import safe_ratio

STATUSES = ("bought", "not_bought", "not_eligible")
RELATIONSHIPS = ("active", "lapsed", "never")
EASE = {"active": 1.0, "lapsed": 0.6, "never": 0.3}
ATTRIBUTES = ("outlet_name", "customer_id", "region", "channel", "format", "tier")


def eligibility(bought: pd.DataFrame, segments: Iterable[str], products: Iterable[str],
                rules: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Segment × product grid of True / False.

    `bought` holds (segment, product) pairs seen bought in the history; `rules`
    replace a segment's row by the lines listed for it.
    """
    segments, products = sorted(set(segments)), sorted(set(products))
    grid = pd.crosstab(bought[SEGMENT], bought["product"]).reindex(
        index=segments, columns=products, fill_value=0) > 0
    for segment, lines in (rules or {}).items():
        lines = set(lines)
        unknown = lines - set(products)
        if segment not in grid.index or unknown:
            raise ValueError(f"eligibility rule for {segment!r}: unknown segment or lines "
                             f"{sorted(unknown)}; segments {segments}, lines {products}")
        grid.loc[segment] = [p in lines for p in products]
    grid.index.name, grid.columns.name = SEGMENT, "product"
    return grid


def whitespace(sales: pd.DataFrame, outlets: pd.DataFrame, periods, *, product: str = "category",
               by: str | None = "channel", rules: Mapping[str, Iterable[str]] | None = None,
               mix: Mapping[str, float] | None = None, where: dict | None = None,
               flow: str | None = "sell_out", measure: str = "net_sales",
               quantity: str = "units") -> pd.DataFrame:
    """One row per outlet × product line: status, relationship, current, potential,
    gap, open share, and the outlet's attributes (long format; see the module doc)."""
    on_outlets, on_sales = split_where(where, outlets, sales)
    uni = universe(outlets, on_outlets, by)
    history = window_rows(sales, None, flow=flow, where=on_sales)
    sums = outlet_sums(history, ["period", product], measure, quantity)
    sums = sums[sums["outlet_id"].isin(uni["outlet_id"])].rename(columns={product: "product"})
    in_window = sums["period"].isin(list(periods))
    current = sums[in_window].groupby(["outlet_id", "product"])[["units", "sales"]].sum()
    products = sorted(sums["product"].dropna().unique())
    bought_ever = sums[sums["units"] > 0].merge(uni[["outlet_id", SEGMENT]], on="outlet_id")
    grid = eligibility(bought_ever, uni[SEGMENT], products, rules)
    cells = uni.merge(pd.DataFrame({"product": products}), how="cross")
    cells = cells.join(current, on=["outlet_id", "product"]).fillna({"units": 0.0, "sales": 0.0})
    cells["eligible"] = grid.stack().reindex(
        pd.MultiIndex.from_frame(cells[[SEGMENT, "product"]])).to_numpy(dtype=bool)
    cells["bought"] = cells["units"] > 0
    # "listed": the line fits the segment by the history or the trainee's rule. A
    # purchase outside it still counts as bought, but not towards the bought share.
    cells["listed"] = cells["eligible"]
    cells["eligible"] |= cells["bought"]
    cells["relationship"] = relationship(sums, in_window, periods, cells["outlet_id"])
    weights = product_mix(current, products, mix)
    return cell_values(cells, weights, months_in(sums[in_window], periods), by or SEGMENT)


def relationship(sums: pd.DataFrame, in_window: pd.Series, periods, outlet_ids: pd.Series
                 ) -> np.ndarray:
    """active / lapsed / never for each outlet id (see EASE)."""
    buying = sums[sums["units"] > 0]
    active = set(buying.loc[in_window.loc[buying.index], "outlet_id"])
    lapsed = set(buying.loc[buying["period"] < min(periods), "outlet_id"]) - active
    return np.select([outlet_ids.isin(active), outlet_ids.isin(lapsed)], ["active", "lapsed"],
                     default="never")


def product_mix(current: pd.DataFrame, products: list[str], mix: Mapping[str, float] | None
                ) -> pd.Series:
    """Each line's weight in an outlet's potential: the given mix or the window's sales mix."""
    if mix is not None:
        weights = pd.Series(mix, dtype="float64").reindex(products).fillna(0.0)
    else:
        weights = current["sales"].groupby(level="product").sum().reindex(products).fillna(0.0)
    weights = weights.clip(lower=0)
    if weights.sum() <= 0:  # no sales and no mix: spread evenly
        weights[:] = 1.0
    return weights / weights.sum()


def cell_values(cells: pd.DataFrame, weights: pd.Series, n_months: int, by: str) -> pd.DataFrame:
    """Cell potential, gap, open share and status from the eligibility and the mix."""
    eligible = cells["eligible"].to_numpy()
    w = cells["product"].map(weights).to_numpy() * eligible
    outlet = cells["outlet_id"].to_numpy()
    outlet_w = pd.Series(w).groupby(outlet).transform("sum").to_numpy()
    n_eligible = pd.Series(eligible, dtype=float).groupby(outlet).transform("sum").to_numpy()
    # An outlet whose eligible lines had no sales in the mix splits its potential evenly.
    share = np.where(outlet_w > 0, safe_ratio(w, outlet_w), safe_ratio(eligible, n_eligible))
    potential = cells["potential"] if "potential" in cells else pd.Series(np.nan, cells.index)
    cells["potential"] = potential.to_numpy() * n_months / 12 * share
    cells.loc[~cells["eligible"], "potential"] = 0.0
    cells["potential"] = cells["potential"].fillna(0.0).where(potential.notna(), np.nan)
    cells["current"] = cells["sales"]
    if cells["potential"].isna().all():
        cells["potential"] = peer_potential(cells, by)
    # Returns (negative sales) do not widen the gap beyond the potential.
    room = cells["potential"] - cells["current"].clip(lower=0)
    cells["gap"] = room.clip(lower=0).where(cells["eligible"], 0)
    cells["open_share"] = safe_ratio(cells["gap"], cells["potential"])
    cells["status"] = np.select([cells["bought"], cells["eligible"]], ["bought", "not_bought"],
                                default="not_eligible")
    keep = ["outlet_id", *[a for a in ATTRIBUTES if a in cells and a != by], by, "product",
            "status", "listed", "relationship", "current", "potential", "gap", "open_share"]
    return cells[list(dict.fromkeys(keep))].reset_index(drop=True)


def peer_potential(cells: pd.DataFrame, by: str) -> np.ndarray:
    """Cell potential from peers: the median sales of the line among the segment's buyers
    (at least the cell's own sales); 0 where not eligible (see the module doc)."""
    buyers = cells[cells["bought"]]
    median = buyers.groupby([by, "product"], observed=True)["current"].median()
    keys = pd.MultiIndex.from_frame(cells[[by, "product"]])
    peer = median.reindex(keys).to_numpy(dtype="float64")
    own = cells["current"].clip(lower=0).to_numpy(dtype="float64")
    return np.where(cells["eligible"].to_numpy(), np.fmax(peer, own), 0.0)


def cell_outlets(ws: pd.DataFrame, segment: str, product: str, *, by: str | None = "channel",
                 statuses: Iterable[str] = ("not_bought",)) -> pd.DataFrame:
    """The outlets behind one cell of the whitespace matrix (segment × product line),
    largest gap first: what a click on the heatmap lists."""
    column = by or SEGMENT
    cells = ws[(ws[column].astype("string") == str(segment))
               & (ws["product"].astype("string") == str(product))
               & ws["status"].isin(list(statuses))]
    return cells.sort_values(["gap", "outlet_id"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def whitespace_matrix(ws: pd.DataFrame, by: str | None = "channel", value: str = "gap"
                      ) -> pd.DataFrame:
    """Segment × product line: Σ gap / potential / current, or the bought share
    ("bought_share" = bought cells / cells whose line is listed for the segment,
    n/a where none is: a rule that excludes a line keeps its few buyers from
    showing as a 100 % share)."""
    by = by or SEGMENT
    if value == "bought_share":
        eligible = ws[ws["listed"]] if "listed" in ws else ws[ws["status"] != "not_eligible"]
        bought = (eligible["status"] == "bought").groupby([eligible[by], eligible["product"]])
        return bought.mean().unstack().reindex(
            index=sorted(ws[by].dropna().unique()), columns=sorted(ws["product"].unique()))
    if value not in ("gap", "potential", "current"):
        raise ValueError("value must be gap, potential, current or bought_share")
    return ws.pivot_table(index=by, columns="product", values=value, aggfunc="sum",
                          fill_value=0.0, observed=True)


def segment_gaps(ws: pd.DataFrame, by: str | None = "channel") -> pd.DataFrame:
    """Per segment: Σ potential, Σ current (eligible cells), Σ gap and open share
    (gap / potential), largest gap first: "where is the whitespace"."""
    by = by or SEGMENT
    eligible = ws[ws["status"] != "not_eligible"]
    out = eligible.groupby(by, observed=True)[["potential", "current", "gap"]].sum()
    out = out.reindex(sorted(ws[by].dropna().unique()), fill_value=0.0)
    out.index.name = by
    out["open_share"] = safe_ratio(out["gap"], out["potential"])
    out["whitespace_cells"] = (eligible["status"] == "not_bought").groupby(
        eligible[by], observed=True).sum().reindex(out.index, fill_value=0).astype(int)
    return out.sort_values("gap", ascending=False, kind="stable")


def whitespace_grid(ws: pd.DataFrame) -> pd.DataFrame:
    """Outlet × product line of status keys (bought / not_bought / not_eligible)."""
    return ws.pivot(index="outlet_id", columns="product", values="status")


def target_statuses(ws: pd.DataFrame) -> tuple[str, ...]:
    """The cells a target list ranks: whitespace (not bought) when there is any with a
    gap; otherwise also the lines already bought below their potential (room to grow)."""
    open_cells = (ws["status"] == "not_bought") & (ws["gap"] > 0)
    return ("not_bought",) if open_cells.any() else ("not_bought", "bought")


def target_list(ws: pd.DataFrame, *, ease: Mapping[str, float] | pd.Series | None = None,
                statuses: Iterable[str] = ("not_bought",), top: int | None = None
                ) -> pd.DataFrame:
    """Whitespace cells ranked by score = open share × potential × ease.

    `ease` maps relationships to 0–1 (merged over EASE) or is a Series of ease
    per outlet_id (outlets it leaves out keep the relationship's ease).
    """
    cells = ws[ws["status"].isin(list(statuses)) & (ws["gap"] > 0)].copy()
    by_relationship = dict(EASE)
    if isinstance(ease, Mapping):
        by_relationship.update(ease)
    cells["ease"] = cells["relationship"].map(by_relationship).astype("float64")
    if isinstance(ease, pd.Series):
        per_outlet = cells["outlet_id"].map(ease.rename(index=str))
        cells["ease"] = per_outlet.fillna(cells["ease"]).astype("float64")
    if ((cells["ease"] < 0) | (cells["ease"] > 1)).any():
        raise ValueError("ease must be between 0 and 1")
    cells["score"] = cells["open_share"] * cells["potential"] * cells["ease"]
    cells = cells.sort_values(["score", "potential", "outlet_id"],
                              ascending=[False, False, True], kind="stable")
    cells.insert(0, "rank", np.arange(1, len(cells) + 1))
    return (cells.head(top) if top else cells).reset_index(drop=True)


def export_table(targets: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The target list with localised headers and status / relationship words."""
    out = targets.copy()
    out["status"] = out["status"].map(lambda k: t(f"status.{k}", lang))
    out["relationship"] = out["relationship"].map(lambda k: t(f"relationship.{k}", lang))
    names = {c: t(f"col.{c}", lang) if c in OWN_COLUMNS else labels.column(c, lang)
             for c in out.columns if c in OWN_COLUMNS or labels.has(f"col.{c}")}
    return out.rename(columns=names)


# The target list's own columns; the canonical ones (outlet, region ...) are kit.labels'.
OWN_COLUMNS = ("rank", "product", "relationship", "potential", "current", "gap", "open_share",
               "ease", "score")
