#!/usr/bin/env python
"""Compute and print the numbers behind the case stories and the README's known totals.

Reads only the committed files, with plain pandas and never the kit, so what it
computes is what a trainee can find and an independent check on what the kit
shows. The one exception is trainer knowledge the data does not carry: which
pharmacies ran the diabetes programme (taken from the generator's seeded store
list). Used to write TRAINER.md and README.md, and by the tests:

    python datasets/story_check.py            # stories (TRAINER.md)
    python datasets/story_check.py --totals   # known-totals tables (README.md)
    python datasets/story_check.py --health   # sanity ranges (margins, DIO/DSO/DPO, ND)
    python datasets/story_check.py --figures  # every figure as `key = value`

`figures()` returns every number as one flat dict keyed like
``story1.nd_region.华北.avg_2025``; tests/test_story_figures.py checks that the
figures README.md and TRAINER.md quote are these, and the notebook tests
compare the notebooks' results with them.
"""

from __future__ import annotations

import argparse
import functools
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
ABC, PHARMA, TRAINEES = HERE / "abc", HERE / "pharma", HERE / "trainees"
TABLE_FILES = ("sales", "targets", "products", "outlets", "distributor_ledger", "activities")
# Tables only some cases have: the pipeline and the people side.
OPTIONAL_FILES = ("opportunities", "contacts", "interactions", "development_log")
YEARS = (2024, 2025)  # the two years every comparison looks at


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"outlet_id": str, "period": str}, keep_default_na=False,
                       na_values={"outlet_id": []})


def sales_file(case: Path) -> str:
    return "sales.csv.gz" if (case / "sales.csv.gz").exists() else "sales.csv"


def load(case: Path) -> dict[str, pd.DataFrame]:
    out = {name: read(case / f"{name}.csv") for name in TABLE_FILES if name != "sales"}
    out["sales"] = read(case / sales_file(case))
    for name in OPTIONAL_FILES:
        if (case / f"{name}.csv").exists():
            out[name] = read(case / f"{name}.csv")
    for df in out.values():
        if "period" in df:
            df["year"] = df["period"].str[:4].astype(int)
    return out


def flow(d, kind: str) -> pd.DataFrame:
    s = d["sales"]
    return s[s["kind"] == kind]


def distributor_sell_out(d) -> pd.DataFrame:
    """Sell-out to traditional outlets (the distributors' secondary sales)."""
    so = flow(d, "sell_out")
    return so[so["customer_id"] != "ABC"]


def yoy_pct(cur, base):
    """cur / base - 1 in percent (NaN where the base is not positive)."""
    if isinstance(base, pd.Series):
        base = base.where(base > 0)
    elif base <= 0:
        base = np.nan
    return (cur / base - 1) * 100


def by_year_yoy(series_by_year: pd.Series) -> pd.Series:
    """Year-on-year change in percent of a by-year series, for every year after the first."""
    return yoy_pct(series_by_year, series_by_year.shift(1)).dropna()


def yearly(df: pd.DataFrame, by: list[str], value: str = "net_sales") -> pd.DataFrame:
    return df.groupby(by + ["year"])[value].sum().unstack("year")


def achievement(d, by: list[str]) -> pd.DataFrame:
    """Sell-in / target in percent, 2024 and 2025."""
    si = flow(d, "sell_in")
    si = si[si["year"].isin(YEARS)].groupby(["year"] + by)["net_sales"].sum()
    t = d["targets"]
    t = t[t["year"].isin(YEARS)].groupby(["year"] + by)["net_sales"].sum()
    return (si / t * 100).unstack("year")


def ledger_health(d) -> pd.DataFrame:
    """Each customer's yearly margins and working-capital days from the ledger."""
    led = d["distributor_ledger"]
    g = led.groupby(["customer_id", "year"]).agg(
        revenue=("revenue", "sum"), cogs=("cogs", "sum"), rebates=("rebates", "sum"),
        warehouse=("warehouse", "sum"), logistics=("logistics", "sum"), staff=("sales_staff", "sum"),
        other=("other_opex", "sum"), inv=("inventory", "mean"), ar=("receivables", "mean"),
        ap=("payables", "mean"))
    opex = g["warehouse"] + g["logistics"] + g["staff"] + g["other"]
    return pd.DataFrame({
        "GM%": (1 - g["cogs"] / g["revenue"]) * 100,
        "rebate%": g["rebates"] / g["revenue"] * 100,
        "opex%": opex / g["revenue"] * 100,
        "net%": (g["revenue"] - g["cogs"] + g["rebates"] - opex) / g["revenue"] * 100,
        "DIO": 365 * g["inv"] / g["cogs"], "DSO": 365 * g["ar"] / g["revenue"],
        "DPO": 365 * g["ap"] / g["cogs"],
    })


def activity_roi(d) -> pd.DataFrame:
    """ROI = actual uplift x brand gross margin / cost, the margin being the
    customer's sell-in margin in the activity months (on the activity's category
    when its name or KPI names one)."""
    a, p = d["activities"], d["products"]
    si = flow(d, "sell_in")
    gms = []
    for r in a.itertuples():
        months = pd.period_range(r.start[:7], r.end[:7], freq="M").astype(str)
        sel = si[(si["customer_id"] == r.customer_id) & si["period"].isin(months)]
        cats = [c for c in p["category"].unique() if c in r.activity or c in r.kpi]
        if len(cats) == 1:
            sel = sel[sel["category"] == cats[0]]
        gms.append(1 - sel["cost"].sum() / sel["net_sales"].sum())
    out = a.set_index("activity")[["customer_id", "cost", "expected_uplift", "actual_uplift"]].copy()
    out["gm%"] = np.array(gms) * 100
    out["contribution"] = out["actual_uplift"] * np.array(gms)
    out["roi"] = out["contribution"] / out["cost"]
    out["actual_vs_expected%"] = out["actual_uplift"] / out["expected_uplift"] * 100
    return out


def ids(values) -> str:
    """A list of ids as the documents write it: sorted, space-separated."""
    return " ".join(sorted(values))


# --------------------------------------------------------------------------- ABC stories


def overview(d) -> dict:
    si = flow(d, "sell_in").groupby("year")["net_sales"].sum()
    so = flow(d, "sell_out").groupby("year")["net_sales"].sum()
    target = d["targets"].groupby("year")["net_sales"].sum()
    dist = flow(d, "sell_in")
    dist = dist[dist["customer_id"] != "ABC"].groupby("year")["net_sales"].sum()
    return {"sell_in": si, "sell_in_yoy%": by_year_yoy(si), "sell_out": so,
            "sell_out_yoy%": by_year_yoy(so), "target": target,
            "achievement%": (si / target * 100).dropna(),
            "distributors_sell_in_yoy%": by_year_yoy(dist),
            "bridge_sell_in": price_volume_mix(flow(d, "sell_in")),
            "sell_in_month": flow(d, "sell_in").groupby("period")["net_sales"].sum()}


def nd(d, by: str) -> pd.DataFrame:
    """Numeric distribution of the traditional outlets per `by` (region or
    distributor): the monthly ND averaged over the year (avg_Y) and the share
    buying at least once in the year (annual_Y), in percent of the universe."""
    o = d["outlets"]
    universe = o[o["customer_id"] != "ABC"].groupby(by).size()
    so = distributor_sell_out(d)
    monthly = so.groupby([by, "year", "period"])["outlet_id"].nunique()
    avg = monthly.groupby([by, "year"]).mean().unstack("year")
    annual = so.groupby([by, "year"])["outlet_id"].nunique().unstack("year")
    out = pd.DataFrame({"universe": universe})
    for y in avg.columns:
        out[f"avg_{y}"] = avg[y] / universe * 100
        out[f"annual_{y}"] = annual[y] / universe * 100
    out["avg_change"] = out["avg_2025"] - out["avg_2024"]
    out["annual_change"] = out["annual_2025"] - out["annual_2024"]
    return out


def buyers_by_region(d) -> pd.DataFrame:
    """Every outlet of the universe (ABC's stores too) by region, and a total row:
    how many bought in 2024 and in 2025, how many of 2024's buyers did not buy in
    2025 (lost) and the change in the share that bought (points)."""
    o, so = d["outlets"], flow(d, "sell_out")
    rows = {}
    for region, outlets in [*o.groupby("region")["outlet_id"], ("total", o["outlet_id"])]:
        mine = so[so["outlet_id"].isin(outlets)]
        b24, b25 = (set(mine.loc[mine["year"] == y, "outlet_id"]) for y in YEARS)
        rows[region] = {"universe": len(outlets), "buyers_2024": len(b24), "buyers_2025": len(b25),
                        "lost": len(b24 - b25), "new": len(b25 - b24),
                        "nd_change": (len(b25) - len(b24)) / len(outlets) * 100}
    return pd.DataFrame(rows).T


def story1(d) -> dict:
    """华北 loses distribution in 2025."""
    o = d["outlets"].set_index("outlet_id")
    so = distributor_sell_out(d)
    hb = so[so["region"] == "华北"]
    nd_dist = nd(d, "customer_id")
    huabei_dists = sorted(hb["customer_id"].unique())
    others = nd_dist.drop(huabei_dists)[["avg_2024", "avg_2025"]]
    universe = len(o[(o["customer_id"] != "ABC") & (o["region"] == "华北")])
    nd_month = hb.groupby("period")["outlet_id"].nunique() / universe * 100
    buyers = {y: set(hb.loc[hb["year"] == y, "outlet_id"]) for y in YEARS}
    gone_2025 = sorted(buyers[2024] - buyers[2025])
    last = hb.groupby("outlet_id")["period"].max()
    gone_q4 = last[(last < "2025-10") & last.index.isin(buyers[2024])].index
    si_region = yearly(flow(d, "sell_in"), ["region"])
    so_dist = yearly(so, ["customer_id"])
    hb_sales = hb.groupby("year")["net_sales"].sum()
    per_buyer = hb_sales / hb.groupby("year")["outlet_id"].nunique()
    return {
        "nd_region": nd(d, "region"), "nd_distributor": nd_dist, "buyers_all_outlets": buyers_by_region(d),
        "nd_other_distributors_min": float(others.min().min()),
        "nd_other_distributors_max": float(others.max().max()),
        "nd_month_华北": nd_month,
        "nd_华北_2025H2_mean": float(nd_month[nd_month.index >= "2025-07"].mean()),
        "no_order_2025": len(gone_2025),
        "no_order_2025_by_channel": o.loc[gone_2025, "channel"].value_counts(),
        "no_order_after_sep_2025": len(gone_q4),
        "no_order_after_sep_2025_by_distributor": o.loc[gone_q4, "customer_id"].value_counts(),
        "sell_in_region": si_region,
        "sell_in_region_yoy%": yoy_pct(si_region[2025], si_region[2024]),
        "sell_out_distributor_yoy%": yoy_pct(so_dist[2025], so_dist[2024]),
        "华北_sell_out_per_buying_outlet": per_buyer,
        "华北_sell_out_per_buying_outlet_yoy%": float(yoy_pct(per_buyer[2025], per_buyer[2024])),
        "achievement_region%": achievement(d, ["region"]),
        "achievement_customer%": achievement(d, ["customer_id"]),
    }


def price_volume_mix(rows: pd.DataFrame) -> dict:
    """Net sales 2025 vs 2024 by sku: for skus sold in both years, volume (the units
    change at last year's average price), price (this year's units x each sku's
    price change) and mix (the rest of their change: the shift between cheaper and
    dearer skus); skus sold only in 2025 are "new", only in 2024 "lost", and net
    sales without units in either year "other"."""
    g = rows[rows["year"].isin(YEARS)].groupby(["sku", "year"])[["units", "net_sales"]].sum().unstack(
        "year", fill_value=0)
    u0, u1, n0, n1 = g["units"][2024], g["units"][2025], g["net_sales"][2024], g["net_sales"][2025]
    both, new, lost = (u0 > 0) & (u1 > 0), (u0 <= 0) & (u1 > 0), (u0 > 0) & (u1 <= 0)
    volume = (u1[both].sum() - u0[both].sum()) * n0[both].sum() / u0[both].sum()
    price = (u1[both] * (n1[both] / u1[both] - n0[both] / u0[both])).sum()
    change = n1 - n0
    return {"volume": volume, "price": price, "mix": change[both].sum() - volume - price,
            "new": change[new].sum(), "lost": change[lost].sum(),
            "other": change[~(both | new | lost)].sum(), "total": change.sum()}


def story2(d) -> dict:
    """饮料 price up, volume down, revenue flat (2025 vs 2024)."""
    out: dict = {}
    for kind in ("sell_in", "sell_out"):
        rows = flow(d, kind)
        units, net = yearly(rows, ["category"], "units"), yearly(rows, ["category"])
        out[f"{kind}_units"], out[f"{kind}_net"] = units, net
        out[f"{kind}_yoy%"] = pd.DataFrame({
            "units": yoy_pct(units[2025], units[2024]),
            "price": yoy_pct(net[2025] / units[2025], net[2024] / units[2024]),
            "net": yoy_pct(net[2025], net[2024]),
        })
    si = flow(d, "sell_in")
    list_price = si.assign(lp=si["gross_sales"] / si["units"]).groupby(["sku", "year"])["lp"].mean().unstack("year")
    sku_units = yearly(si, ["sku"], "units").fillna(0)
    delisted = sku_units.index[(sku_units[2024] > 0) & (sku_units[2025] == 0)]
    beverage = d["products"].loc[d["products"]["category"] == "饮料", "sku"]
    lp_yoy = yoy_pct(list_price[2025], list_price[2024]).dropna()
    unit_cost = si.assign(uc=si["cost"] / si["units"]).groupby(["sku", "year"])["uc"].mean().unstack("year")
    cost_yoy = yoy_pct(unit_cost[2025], unit_cost[2024]).dropna()
    is_bev = cost_yoy.index.isin(beverage)
    snacks = si[(si["category"] == "休闲零食") & ~si["sku"].isin(delisted)]
    return {**out,
            "list_price_yoy%": lp_yoy,
            "饮料_list_price_yoy_min%": lp_yoy[beverage].min(),
            "饮料_list_price_yoy_max%": lp_yoy[beverage].max(),
            "饮料_unit_cost_yoy%": cost_yoy[is_bev].mean(), "other_unit_cost_yoy%": cost_yoy[~is_bev].mean(),
            "饮料_unit_cost_extra_pt": cost_yoy[is_bev].mean() - cost_yoy[~is_bev].mean(),
            "sku_sell_in_units": sku_units, "delisted": ids(delisted),
            "休闲零食_units_without_delisted": snacks.groupby("year")["units"].sum(),
            "achievement_category%": achievement(d, ["category"]),
            "bridge_饮料": price_volume_mix(si[si["category"] == "饮料"])}


def story3(d) -> dict:
    """D05 stuffs stock in 2025 H2."""
    led = d["distributor_ledger"].copy()
    led["ratio"] = led["primary_units"] / led["secondary_units"]
    led["DIO"] = 30 * led["inventory"] / led["cogs"]
    d05 = led[(led["customer_id"] == "D05") & (led["year"] == 2025)].set_index("period")
    others = led[(led["customer_id"] != "D05") & (led["period"] >= "2025-07")]
    s = d["sales"]
    d05_sales = s[s["customer_id"] == "D05"]
    h2 = {y: d05_sales[d05_sales["period"].between(f"{y}-07", f"{y}-12")].groupby("kind")["net_sales"].sum()
          for y in YEARS}
    si, t = flow(d, "sell_in"), d["targets"]
    quarter = {name: df[(df["customer_id"] == "D05") & (df["year"] == 2025)]
               .assign(q=lambda x: "Q" + ((x["period"].str[5:7].astype(int) + 2) // 3).astype(str))
               .groupby("q")["net_sales"].sum() for name, df in (("si", si), ("t", t))}
    t26 = t[(t["customer_id"] == "D05") & (t["year"] == 2026)]["net_sales"].sum()
    si25 = si[(si["customer_id"] == "D05") & (si["year"] == 2025)]["net_sales"].sum()
    dec, jan = led[led["period"] == "2024-12"]["ratio"], led[led["period"] == "2025-01"]["ratio"]
    health = ledger_health(d).loc["D05"]
    return {
        "d05_2025": d05[["primary_units", "secondary_units", "ratio", "inventory", "DIO", "rebates"]],
        "others_2025H2_ratio_min": others["ratio"].min(), "others_2025H2_ratio_max": others["ratio"].max(),
        "others_2025H2_ratio_mean": others["ratio"].mean(), "others_2025H2_DIO_mean": others["DIO"].mean(),
        "d05_H2_yoy%": yoy_pct(h2[2025], h2[2024]),
        "d05_quarter_achievement_2025%": quarter["si"] / quarter["t"] * 100,
        "d05_DIO_year": health["DIO"], "d05_opex_year%": health["opex%"],
        "d05_2026_baseline_growth%": yoy_pct(t26, si25),
        "ratio_2024-12_min": dec.min(), "ratio_2024-12_max": dec.max(),
        "ratio_2025-01_min": jan.min(), "ratio_2025-01_max": jan.max(),
    }


def story4(d) -> dict:
    """A promotion that did not pay back."""
    roi = activity_roi(d)
    paid = roi[roi["roi"] >= 1]
    si = flow(d, "sell_in")
    abc25 = si[(si["customer_id"] == "ABC") & (si["year"] == 2025)].groupby("category")[["cost", "net_sales"]].sum()
    season = seasonality(d)
    july = season[season.index.str.endswith("-07")]["乳品"]
    return {"roi": roi, "activities": len(roi), "paid_back": len(paid),
            "paid_back_roi_min": paid["roi"].min(), "paid_back_roi_min_activity": paid["roi"].idxmin(),
            "roi_max": roi["roi"].max(), "roi_max_activity": roi["roi"].idxmax(),
            "cost_total": roi["cost"].sum(), "actual_uplift_total": roi["actual_uplift"].sum(),
            "abc_sell_in_gm_2025%": (1 - abc25["cost"] / abc25["net_sales"]) * 100,
            "乳品_july_index_min": july.min(), "乳品_july_index_max": july.max()}


def story5(d) -> dict:
    """餐饮 whitespace: the traditional outlets by channel, 2025."""
    o = d["outlets"]
    trad = o[o["customer_id"] != "ABC"]
    so = distributor_sell_out(d)
    y25 = so[so["year"] == 2025]
    sales25 = y25.groupby("outlet_id")["net_sales"].sum()
    t = trad.assign(ever=trad["outlet_id"].isin(set(so["outlet_id"])),
                    bought_2025=trad["outlet_id"].isin(sales25.index),
                    sales_2025=trad["outlet_id"].map(sales25).fillna(0))
    g = t.groupby("channel").agg(universe=("outlet_id", "size"), ever=("ever", "mean"),
                                 bought_2025=("bought_2025", "mean"), potential=("potential", "sum"),
                                 sales_2025=("sales_2025", "sum"))
    g[["ever", "bought_2025"]] *= 100
    g["potential_share%"] = g["potential"] / g["potential"].sum() * 100
    g["sales_to_potential%"] = g["sales_2025"] / g["potential"] * 100
    g["whitespace"] = g["potential"] - g["sales_2025"]
    buying = y25.groupby(["channel", "category"])["outlet_id"].nunique().unstack("category").fillna(0)
    return {"channels": g, "buying_category_2025": buying,
            "buying_category_2025%": buying.div(g["universe"], axis=0) * 100}


def seasonality(d) -> pd.DataFrame:
    """Sell-out index by month and category: the month / its year's monthly mean x 100."""
    m = flow(d, "sell_out").groupby(["period", "category"])["net_sales"].sum().unstack("category")
    return m / m.groupby(m.index.str[:4]).transform("mean") * 100


def story6(d) -> dict:
    """ABC 零售 healthy and growing; seasonality."""
    s = d["sales"]
    abc = s[s["customer_id"] == "ABC"]
    si = abc[abc["kind"] == "sell_in"].groupby("year")["net_sales"].sum()
    pos = abc[abc["kind"] == "sell_out"]
    so = pos.groupby("year")["net_sales"].sum()
    first, last = pos.groupby("outlet_id")["period"].min(), pos.groupby("outlet_id")["period"].max()
    both = set(pos.loc[pos["year"] == 2024, "outlet_id"]) & set(pos.loc[pos["year"] == 2025, "outlet_id"])
    lfl = [x for x in both if first[x] <= "2024-01"]
    lfl_sales = pos[pos["outlet_id"].isin(lfl)].groupby("year")["net_sales"].sum()
    new, closed = first[first > "2024-01"], last[last < pos["period"].max()]
    region = yearly(pos, ["region"])
    season = seasonality(d)
    month = season.index.str[5:7].astype(int)
    bev = season["饮料"]
    return {
        "sell_in": si, "sell_in_yoy%": by_year_yoy(si), "sell_out": so, "sell_out_yoy%": by_year_yoy(so),
        "stores_selling": pos.groupby("year")["outlet_id"].nunique(),
        "like_for_like_stores": len(lfl),
        "like_for_like_yoy_2025%": float(yoy_pct(lfl_sales[2025], lfl_sales[2024])),
        "new_stores": ids(new.index), "new_stores_count": len(new),
        "new_stores_first_month": new.min(), "new_stores_last_month": new.max(),
        "closed_stores": ids(closed.index), "closed_stores_count": len(closed),
        "closed_last_sale": ids(closed),
        "pos_region_yoy_2025%": yoy_pct(region[2025], region[2024]),
        "share_of_sell_in%": si / flow(d, "sell_in").groupby("year")["net_sales"].sum() * 100,
        "pos_month_million": pos.groupby("period")["net_sales"].sum() / 1e6,
        "seasonality": season,
        "饮料_jun_aug_index_min": bev[(month >= 6) & (month <= 8)].min(),
        "饮料_jun_aug_index_max": bev[(month >= 6) & (month <= 8)].max(),
        "饮料_nov_dec_index_min": bev[month >= 11].min(),
        "饮料_nov_dec_index_max": bev[month >= 11].max(),
    }


# The stage default win rates (kit/accounts/pipeline.py documents the same):
# a deal's own probability wins; lost deals weigh nothing.
STAGE_DEFAULTS = {"客户开发": 10, "立项": 25, "提案": 40, "招投标": 60, "商务谈判": 80, "工程实施": 100}
RESTAURANT_WORDS = ("餐饮", "火锅", "快餐", "烧烤", "面馆")  # restaurant groups in the pipeline
AS_OF = "2025-12-31"  # the CRM snapshot date


def story7(d) -> dict:
    """A big deal stuck in 招投标 (opportunities.csv as of 2025-12-31)."""
    o = d["opportunities"].set_index("opportunity_id")
    live = o["status"] != "丢单"
    default = o["stage"].map(STAGE_DEFAULTS)
    own = pd.to_numeric(o["probability"], errors="coerce").fillna(default)
    weighted = o["amount"] * own / 100 * live
    days_late = (pd.Timestamp(AS_OF) - pd.to_datetime(o["expected_close"])).dt.days
    open_before_signing = live & (o["stage"] != "工程实施") & (o["status"] == "进行中")
    late = days_late[open_before_signing & (days_late > 90)]
    food = o[o["customer_name"].str.contains("|".join(RESTAURANT_WORDS))]
    lost = o[~live]
    return {
        "deals": len(o), "amount_total": o["amount"].sum(), "O2501_amount": o.loc["O2501", "amount"],
        "O2501_probability%": own["O2501"], "O2501_stage_default%": default["O2501"],
        "forecast": weighted.sum(), "forecast_stage_defaults": (o["amount"] * default / 100 * live).sum(),
        "O2501_weighted": weighted["O2501"], "O2501_share%": weighted["O2501"] / weighted.sum() * 100,
        "O2501_days_late": days_late["O2501"], "late_over_90_days": ids(late.index),
        "forecast_without_O2501": weighted.drop("O2501").sum(),
        "stage_deals": o["stage"].value_counts(),
        "signed_amount": o.loc[o["stage"] == "工程实施", "amount"].sum(),
        "lost": lost[["customer_name", "stage"]], "lost_stages": ids(lost["stage"].unique()),
        "restaurant_deals": len(food), "restaurant_amount": food["amount"].sum(),
    }


# --------------------------------------------------------------------------- pharma story


def programme_stores() -> list[str]:
    """The stores enrolled in the diabetes programme (trainer knowledge only: the
    data does not flag them, so they come from the generator's seeded store list)."""
    if str(HERE) not in sys.path:  # casegen sits beside this script
        sys.path.insert(0, str(HERE))
    from casegen.pharma_case import pharma_stores

    st = pharma_stores()
    return st.loc[st["enrolled"], "outlet_id"].tolist()


def pharma_story(d) -> dict:
    """糖尿病 grows on the patient programme; 绍兴 is under-penetrated."""
    o = d["outlets"]
    so = flow(d, "sell_out")
    category = yearly(so, ["category"])
    dia = so[so["category"] == "糖尿病"]
    store = yearly(dia, ["outlet_id"])
    growth = yoy_pct(store[2025], store[2024])
    above = growth[growth > 15].index
    enrolled = programme_stores()
    grp = yearly(dia.assign(enrolled=dia["outlet_id"].isin(enrolled)), ["enrolled"])
    month = dia.groupby("period")["net_sales"].sum() / 1e4
    y25 = so[so["year"] == 2025]
    city = o.groupby("region").agg(stores=("outlet_id", "size"), potential=("potential", "sum"))
    city["sales_2025"] = y25.groupby("region")["net_sales"].sum()
    city["sales_to_potential%"] = city["sales_2025"] / city["potential"] * 100
    city["sales_per_store"] = city["sales_2025"] / city["stores"]
    lipid = y25[y25["category"] == "血脂"].groupby("region")["outlet_id"].nunique()
    city["stores_selling_血脂%"] = lipid / city["stores"] * 100
    city["skus_per_store"] = y25.groupby(["region", "outlet_id"])["sku"].nunique().groupby("region").mean()
    led = d["distributor_ledger"]
    return {
        "sell_out_category": category,
        "sell_out_category_yoy%": yoy_pct(category[2025], category[2024]),
        "roi": activity_roi(d), "programme_stores": ids(enrolled),
        "programme_stores_count": len(enrolled),
        "diabetes_yoy_enrolled%": float(yoy_pct(grp.loc[True, 2025], grp.loc[True, 2024])),
        "diabetes_yoy_others%": float(yoy_pct(grp.loc[False, 2025], grp.loc[False, 2024])),
        "stores_above_15%": len(above),
        "stores_above_15%_enrolled": int(pd.Index(above).isin(enrolled).sum()),
        "diabetes_month_wan": month,
        "diabetes_2025H2_wan_min": month[month.index >= "2025-07"].min(),
        "diabetes_2025H2_wan_max": month[month.index >= "2025-07"].max(),
        "city": city, "achievement_category%": achievement(d, ["category"]),
        "ledger_2025_revenue": led.loc[led["year"] == 2025, "revenue"].sum(),
        "health_KT_2025": ledger_health(d).loc[("KT", 2025)],
    }


# --------------------------------------------------------------------------- trainee files


def number(text) -> float:
    """A cell as a number: numbers as they are, text with ¥ / thousands separators
    parsed, anything else (n/a, #N/A, blank) NaN."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    cleaned = re.sub(r"[¥,\s]", "", str(text)) if text is not None else ""
    return float(cleaned) if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) else float("nan")


def blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str).str.strip() == "")


# Each reader returns the lines under the file's header as (line, period, customer_id,
# outlet_id, sku, units, net_sales in 元, [total]), line being the Excel row / CSV line
# number and total marking a 合计 row.
def zhangwei(path: Path) -> pd.DataFrame:
    raw = pd.read_excel(path, sheet_name="销售明细", header=3)  # title, note, blank, header
    month = pd.to_datetime(raw["月份"].where(raw["月份"] != "合计"))
    return pd.DataFrame({"line": raw.index + 5, "period": month.dt.strftime("%Y-%m"),
                         "customer_id": raw["客户编码"], "outlet_id": None, "sku": raw["产品编码"],
                         "units": raw["数量"].map(number), "net_sales": raw["销售额(万元)"].map(number) * 1e4,
                         "total": raw["月份"] == "合计"})


def lina(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(io.StringIO(path.read_bytes().decode("gbk")), dtype=str, keep_default_na=False)
    day = pd.to_datetime(raw["日期"], format="%Y/%m/%d", errors="coerce")
    return pd.DataFrame({"line": raw.index + 2, "period": day.dt.strftime("%Y-%m"), "date": raw["日期"],
                         "customer_id": raw["客户代码"], "outlet_id": raw["门店编码"], "sku": raw["商品编码"],
                         "name": raw["品名"], "units": raw["销量"].map(number),
                         "net_sales": raw["销售金额"].map(number), "amount_text": raw["销售金额"]})


def wangqiang(path: Path) -> pd.DataFrame:
    raw = pd.read_excel(path, sheet_name="Sheet1", dtype=object, keep_default_na=False)
    serial = raw["Order Date"].map(number)
    day = pd.to_datetime(serial, unit="D", origin="1899-12-30")
    return pd.DataFrame({"line": raw.index + 2, "period": day.dt.strftime("%Y-%m"), "serial": serial,
                         "customer_id": raw["Customer ID"], "customer_name": raw["Customer Name"],
                         "outlet_id": None, "sku": raw["Item Code"], "units": raw["Qty"].map(number),
                         "net_sales": raw["Sales"].map(number), "sales_text": raw["Sales"].map(
                             lambda v: isinstance(v, str)),
                         "qty_text": raw["Qty"].astype(str), "date_text": raw["Order Date"].astype(str)})


def liuyang(path: Path) -> pd.DataFrame:
    with open(path, "rb") as fh:  # an xlsx under a .csv name
        raw = pd.read_excel(fh, engine="openpyxl")
    ym = raw["年月"].str.extract(r"(\d{4})年(\d{1,2})月").astype(int)
    return pd.DataFrame({"line": raw.index + 2, "period": ym[0].astype(str) + "-" + ym[1].map("{:02d}".format),
                         "customer_id": raw["客户"], "outlet_id": None, "sku": raw["SKU"],
                         "units": raw["件数"].map(number), "net_sales": raw["金额(元)"].map(number)})


def chenjing(path: Path) -> pd.DataFrame:
    raw = pd.read_excel(path, sheet_name="数据", header=1)  # title row, then the header
    return pd.DataFrame({"line": raw.index + 3, "period": raw["月份"], "customer_id": raw["客户编码"],
                         "outlet_id": raw["门店编码"], "sku": raw["产品编码"],
                         "units": raw["数量(盒)"].map(number), "net_sales": raw["销售额（千元）"].map(number) * 1e3})


def zhaomin(path: Path) -> pd.DataFrame:
    raw = pd.read_excel(path, sheet_name="销售明细")  # the sales sheet; her people tables follow
    return pd.DataFrame({"line": raw.index + 2, "period": raw["月份"], "customer_id": raw["客户编码"],
                         "outlet_id": None, "sku": raw["产品编码"], "units": raw["数量"].map(number),
                         "net_sales": raw["销售额"].map(number)})


TRAINEE_READERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "张伟_华东区.xlsx": zhangwei, "李娜_华南区.csv": lina, "王强_经销商.xlsx": wangqiang,
    "刘洋_华北区.csv": liuyang, "陈静_医药连锁.xlsx": chenjing, "赵敏_ABC零售.xlsx": zhaomin,
}


def trainee_lines(name: str) -> pd.DataFrame:
    lines = TRAINEE_READERS[name](TRAINEES / name)
    return lines if "total" in lines else lines.assign(total=False)


def trainee_rows(name: str) -> pd.DataFrame:
    """A trainee file's data rows (its total row left out), `bad` marking the rows
    a loader must reject: a month that is not a date, a missing customer or product
    code, units or an amount that are not numbers."""
    lines = trainee_lines(name)
    df = lines[~lines["total"]].drop(columns="total")
    df["bad"] = (df["period"].isna() | blank(df["customer_id"]) | blank(df["sku"])
                 | df["units"].isna() | df["net_sales"].isna())
    return df


def trainee_file(name: str) -> dict:
    df = trainee_rows(name)
    good = df[~df["bad"]].assign(year=lambda x: x["period"].str[:4].astype(int))
    return {"data_rows": len(df), "bad_rows": int(df["bad"].sum()),
            "total_rows": int(trainee_lines(name)["total"].sum()),
            "bad_lines": " ".join(str(n) for n in df.loc[df["bad"], "line"]),
            "good_rows": len(good), "has_outlets": int(df["outlet_id"].notna().any()),
            "months": good["period"].nunique(), "last_month": good["period"].max(),
            "net_sales": good.groupby("year")["net_sales"].sum(),
            "units": good.groupby("year")["units"].sum(),
            "net_sales_by_customer": good.groupby(["customer_id", "year"])["net_sales"].sum().unstack("year")}


def line_where(rows: pd.DataFrame, defect: pd.Series) -> pd.Series:
    """The one row of a file with this defect (TRAINER.md lists one of each)."""
    (line,) = rows.index[defect.to_numpy()]
    return rows.loc[line].rename(line)


def case_value(rows: pd.DataFrame, column: str, **where) -> float:
    """Σ column of the case rows matching every where-column's value."""
    sel = np.ones(len(rows), dtype=bool)
    for key, value in where.items():
        sel &= (rows[key] == value).to_numpy()
    return rows.loc[sel, column].sum()


def lina_details(abc) -> dict:
    li = trainee_rows("李娜_华南区.csv").set_index("line")
    pos = flow(abc, "sell_out")
    skus = abc["products"].set_index("sku_name")["sku"]
    amount = line_where(li, li["net_sales"].isna())
    cell = {"outlet_id": amount["outlet_id"], "sku": amount["sku"], "period": amount["period"]}
    others = case_value(li.drop(amount.name), "net_sales", **cell)
    date = line_where(li, li["period"].isna())
    # Lines are in date order: a line between two of the same day is that day.
    before, after = li.loc[date.name - 1, "date"], li.loc[date.name + 1, "date"]
    true_date = before if before == after else ""
    sku = line_where(li, blank(li["sku"]))
    repaired = li.copy()
    repaired.loc[date.name, "period"] = pd.to_datetime(true_date, format="%Y/%m/%d").strftime("%Y-%m")
    repaired.loc[sku.name, "sku"] = skus[sku["name"]]
    months = repaired.groupby(["outlet_id", "sku", "period"]).agg(lines=("units", "size"), units=("units", "sum"))
    south = pos[(pos["customer_id"] == "ABC") & (pos["region"] == "华南") & (pos["period"] >= "2025-10")]
    return {
        "amount": {"line": amount.name, "value": amount["amount_text"], "outlet": amount["outlet_id"],
                   "sku": amount["sku"], "day": pd.to_datetime(amount["date"], format="%Y/%m/%d").strftime("%Y-%m-%d"),
                   "units": amount["units"],
                   "true_amount": case_value(pos, "net_sales", **cell) - others},
        "date": {"line": date.name, "value": date["date"], "month": int(date["date"].split("/")[1]),
                 "true_date": true_date, "outlet": date["outlet_id"],
                 "sku": date["sku"], "units": date["units"], "amount": date["net_sales"]},
        "sku": {"line": sku.name, "true_sku": skus[sku["name"]], "name": sku["name"]},
        "lines_per_month_min": months["lines"].min(), "lines_per_month_max": months["lines"].max(),
        "lines_per_month_min_over_one_unit": months.loc[months["units"] > 1, "lines"].min(),
        "single_line_months": int((months["lines"] == 1).sum()),
        "single_line_months_of_one_unit": int(((months["lines"] == 1) & (months["units"] == 1)).sum()),
        "units_total": li["units"].sum(), "case_units_south_q4": south["units"].sum(),
    }


def wangqiang_details(abc) -> dict:
    wq = trainee_rows("王强_经销商.xlsx").set_index("line")
    si = flow(abc, "sell_in")
    qty = line_where(wq, wq["units"].isna())
    customer = line_where(wq, blank(wq["customer_id"]))
    ids_by_name = wq.dropna(subset=["customer_id"]).drop_duplicates("customer_name").set_index(
        "customer_name")["customer_id"]
    date = line_where(wq, wq["period"].isna())
    pair = wq[(wq["customer_id"] == date["customer_id"]) & (wq["sku"] == date["sku"])]
    (month,) = sorted(set(wq["period"].dropna()) - set(pair["period"].dropna()))  # the pair's missing month
    day = pd.Timestamp(month + "-01")
    cases = si[si["customer_id"].isin(wq["customer_id"].dropna().unique()) & si["year"].isin(YEARS)]
    return {
        "qty": {"line": qty.name, "value": qty["qty_text"], "customer": qty["customer_id"], "sku": qty["sku"],
                "period": qty["period"], "sales_is_text": int(qty["sales_text"]),
                "true_units": case_value(si, "units", customer_id=qty["customer_id"], sku=qty["sku"],
                                         period=qty["period"])},
        "customer": {"line": customer.name, "name": customer["customer_name"],
                     "true_customer": ids_by_name[customer["customer_name"]], "sku": customer["sku"],
                     "period": customer["period"]},
        "date": {"line": date.name, "value": date["date_text"], "month": int(date["date_text"][5:7]),
                 "day": int(date["date_text"][8:10]), "customer": date["customer_id"],
                 "sku": date["sku"], "true_day": day.strftime("%Y-%m-%d"),
                 "true_serial": (day - pd.Timestamp("1899-12-30")).days},
        "text_sales_rows": int(wq["sales_text"].sum()),
        "text_sales_lines": pd.Series(wq.index[wq["sales_text"]][:3], index=[1, 2, 3]),
        "sales_total": wq["net_sales"].sum(), "case_sales_total": cases["net_sales"].sum(),
        "customers": ids(wq["customer_id"].dropna().unique()),
    }


def chenjing_details(pharma) -> dict:
    cj = trainee_rows("陈静_医药连锁.xlsx").set_index("line")
    amount = line_where(cj, cj["net_sales"].isna())
    true = case_value(flow(pharma, "sell_out"), "net_sales", outlet_id=amount["outlet_id"],
                      sku=amount["sku"], period=amount["period"])
    return {"amount": {"line": amount.name, "outlet": amount["outlet_id"], "sku": amount["sku"],
                       "period": amount["period"], "units": amount["units"], "true_amount": true,
                       "true_thousands": round(true / 1e3, 3)}}


def zhangwei_details(abc) -> dict:
    sheet = load_workbook(TRAINEES / "张伟_华东区.xlsx", read_only=True)["销售明细"]
    (line, total), = [(i, row) for i, row in enumerate(sheet.iter_rows(values_only=True), 1) if row[0] == "合计"]
    zw = trainee_rows("张伟_华东区.xlsx")
    si = flow(abc, "sell_in")
    east = si[si["customer_id"].isin(zw["customer_id"].unique()) & si["year"].isin(YEARS)]
    return {"total_line": line, "total_wan": total[8], "total_yuan": total[8] * 1e4,
            "customers": "+".join(sorted(zw["customer_id"].unique())), "case_total": east["net_sales"].sum()}


# The six roles in a decision the course material names (决策链).
ROLES = ("决策者", "审批者", "影响者", "使用者", "技术把关者", "教练")


def zhaomin_details() -> dict:
    people = pd.read_excel(TRAINEES / "赵敏_ABC零售.xlsx", sheet_name="关键人物表")
    (bad,) = people.index[~people["角色"].isin(ROLES)]
    return {"role": {"line": bad + 2, "value": people.loc[bad, "角色"]}}


def trainee_details(abc, pharma) -> dict:
    """What TRAINER.md says about the deliberate bad rows and the files' features,
    recomputed from the files and the cases they come from."""
    return {"李娜": lina_details(abc), "王强": wangqiang_details(abc), "陈静": chenjing_details(pharma),
            "张伟": zhangwei_details(abc), "赵敏": zhaomin_details()}


def trainees(abc, pharma) -> dict:
    return {"files": {name: trainee_file(name) for name in TRAINEE_READERS},
            **trainee_details(abc, pharma)}


# --------------------------------------------------------------------------- totals


def totals(d, case: Path) -> dict:
    """The known totals of README.md section 4."""
    s, t = d["sales"], d["targets"]
    files = {sales_file(case) if name == "sales" else f"{name}.csv": len(d[name]) for name in TABLE_FILES}
    files.update({f"{name}.csv": len(d[name]) for name in OPTIONAL_FILES if name in d})
    kind_year = s.groupby(["kind", "year"]).agg(rows=("units", "size"), units=("units", "sum"),
                                                net_sales=("net_sales", "sum"))
    kind_all = s.groupby("kind").agg(rows=("units", "size"), units=("units", "sum"),
                                     net_sales=("net_sales", "sum"))
    kind_all.index = pd.MultiIndex.from_arrays([kind_all.index, ["all"] * len(kind_all)])
    out = {"rows": pd.Series(files), "sales": pd.concat([kind_year, kind_all]),
           "targets": t.groupby("year").agg(rows=("units", "size"), net_sales=("net_sales", "sum"),
                                            units=("units", "sum")),
           "ledger": d["distributor_ledger"][["revenue", "cogs", "rebates"]].sum(),
           "activities": d["activities"][["cost", "actual_uplift"]].sum(),
           "first_month": s["period"].min(), "last_month": s["period"].max(), "months": s["period"].nunique(),
           "outlets": len(d["outlets"]),
           "outlets_by_id_prefix": d["outlets"]["outlet_id"].str.extract(r"^([A-Z]+)")[0].value_counts(),
           "ledger_customers": d["distributor_ledger"]["customer_id"].nunique(),
           "potential": d["outlets"]["potential"].sum(),
           "skus": len(d["products"]), "categories": d["products"]["category"].nunique(),
           "skus_per_category": d["products"].groupby("category").size()}
    if "opportunities" in d:
        o = d["opportunities"]
        out["opportunities"] = {"count": len(o), "status": o["status"].value_counts(),
                                "amount": o["amount"].sum()}
    return out


# --------------------------------------------------------------------------- figures


def flatten(prefix: str, value) -> dict[str, object]:
    """Nested sections, frames and series as one dict of dotted keys."""
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for k, v in value.items():
            out.update(flatten(f"{prefix}.{k}" if prefix else str(k), v))
        return out
    if isinstance(value, pd.DataFrame):
        return {f"{prefix}.{label(r)}.{label(c)}": v
                for r, row in value.iterrows() for c, v in row.items()}
    if isinstance(value, pd.Series):
        return {f"{prefix}.{label(i)}": v for i, v in value.items()}
    return {prefix: value}


def label(index) -> str:
    return ".".join(str(i) for i in index) if isinstance(index, tuple) else str(index)


@functools.cache
def sections() -> dict[str, dict]:
    np.seterr(all="ignore")
    abc, pharma = load(ABC), load(PHARMA)
    return {
        "overview": overview(abc), "story1": story1(abc), "story2": story2(abc),
        "story3": story3(abc), "story4": story4(abc), "story5": story5(abc), "story6": story6(abc),
        "story7": story7(abc), "pharma": pharma_story(pharma), "trainees": trainees(abc, pharma),
        "totals": {"abc": totals(abc, ABC), "pharma": totals(pharma, PHARMA)},
    }


def figures() -> dict[str, object]:
    """Every figure, keyed ``section.name[.row[.column]]``; numbers as numpy/python
    numbers (percentages in percent, money in 元), ids and months as text."""
    return flatten("", sections())


# --------------------------------------------------------------------------- printing


def show(name: str, value) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            show(f"{name}.{k}", v)
    elif isinstance(value, (pd.DataFrame, pd.Series)):
        print(f"{name}:")
        print(value.round(2).to_string())
    else:
        print(f"{name}: {value:,.2f}" if isinstance(value, (float, np.floating)) else f"{name}: {value}")


def print_stories() -> None:
    for name, section in sections().items():
        if name in ("totals", "trainees"):
            continue
        print(f"\n## {name}")
        for key, value in section.items():
            show(key, value)


def print_totals() -> None:
    """The known-totals tables as README.md section 4 prints them."""
    fmt = "{:,.2f}".format
    for case in ("abc", "pharma"):
        t = sections()["totals"][case]
        print(f"\n### {case}\n\n| file | rows |\n|---|---:|")
        for file, n in t["rows"].items():
            print(f"| `{file}` | {n:,} |")
        print("\n| sales: kind | year | rows | Σ units | Σ net_sales |\n|---|---|---:|---:|---:|")
        for (kind, year), r in t["sales"].iterrows():
            print(f"| {kind} | {year} | {r['rows']:,.0f} | {r['units']:,.0f} | {fmt(r['net_sales'])} |")
        print("\n| targets: year | rows | Σ net_sales | Σ units |\n|---|---:|---:|---:|")
        for year, r in t["targets"].iterrows():
            print(f"| {year} | {r['rows']:,.0f} | {fmt(r['net_sales'])} | {r['units']:,.0f} |")
        print("\nLedger: " + ", ".join(f"Σ {k} = {fmt(v)}" for k, v in t["ledger"].items()))
        print("Activities: " + ", ".join(f"Σ {k} = {fmt(v)}" for k, v in t["activities"].items()))
        print(f"Outlets: {t['outlets']:,}; Σ potential = {fmt(t['potential'])}")
        if "opportunities" in t:
            o = t["opportunities"]
            print(f"Opportunities: {o['count']} ({o['status'].to_dict()}); Σ amount = {fmt(o['amount'])}")
    print("\n### Trainee files\n\n| file | data rows |\n|---|---:|")
    for name, f in sections()["trainees"]["files"].items():
        print(f"| {name} | {f['data_rows']:,} |")


def print_health() -> None:
    for case, path in (("ABC distributors", ABC), ("pharma chain KT", PHARMA)):
        d = load(path)
        print(f"\n## Health: {case}")
        print(ledger_health(d).round(1).to_string())
        s = d["sales"]
        print("rows by kind:", s.groupby("kind").size().to_dict())
        per = flow(d, "sell_out").groupby(["period", "outlet_id"]).size()
        print(f"skus per buying outlet-month: mean {per.mean():.1f}")
        print(f"share of net_sales values that are whole hundreds: {(s['net_sales'] % 100 == 0).mean() * 100:.2f} %")
    print(nd(load(ABC), "region").round(1).to_string())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--totals", action="store_true")
    ap.add_argument("--health", action="store_true")
    ap.add_argument("--figures", action="store_true")
    args = ap.parse_args()
    np.seterr(all="ignore")
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.float_format", "{:,.2f}".format)
    if args.totals:
        print_totals()
    elif args.health:
        print_health()
    elif args.figures:
        for key, value in figures().items():
            print(f"{key} = {value}")
    else:
        print_stories()


if __name__ == "__main__":
    main()
