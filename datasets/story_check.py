#!/usr/bin/env python
"""Print the numbers behind the case stories and the README's known totals.

Reads only the committed files (never the generator's internals), so what it
prints is what a trainee can find. Used to write TRAINER.md and README.md:

    python datasets/story_check.py            # stories (TRAINER.md)
    python datasets/story_check.py --totals   # known-totals tables (README.md)
    python datasets/story_check.py --health   # sanity ranges (margins, DIO/DSO/DPO, ND)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
ABC, PHARMA, TRAINEES = HERE / "abc", HERE / "pharma", HERE / "trainees"


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"outlet_id": str, "period": str}, keep_default_na=False,
                       na_values={"outlet_id": []})


def load(case: Path) -> dict[str, pd.DataFrame]:
    sales_name = "sales.csv.gz" if (case / "sales.csv.gz").exists() else "sales.csv"
    out = {name: read(case / f"{name}.csv") for name in
           ("targets", "products", "outlets", "distributor_ledger", "activities")}
    out["sales"] = read(case / sales_name)
    for df in out.values():
        if "period" in df:
            df["year"] = df["period"].str[:4].astype(int)
    return out


def pct(x: float) -> str:
    return f"{x * 100:+.1f} %"


def yoy(cur: float, base: float) -> float:
    return cur / base - 1 if base > 0 else float("nan")


# --------------------------------------------------------------------------- ABC stories


def story_overall(d) -> None:
    s = d["sales"]
    print("## Overall")
    for kind in ("sell_in", "sell_out"):
        y = s[s["kind"] == kind].groupby("year")["net_sales"].sum()
        print(f"{kind}: " + ", ".join(f"{k}: {v:,.0f}" for k, v in y.items())
              + f" | YoY 2024 {pct(yoy(y[2024], y[2023]))}, 2025 {pct(yoy(y[2025], y[2024]))}")
    t = d["targets"].groupby("year")["net_sales"].sum()
    si = s[s["kind"] == "sell_in"].groupby("year")["net_sales"].sum()
    for y in (2024, 2025):
        print(f"achievement {y}: {si[y] / t[y] * 100:.1f} % (actual {si[y]:,.0f} / target {t[y]:,.0f})")


def achievement(d, by: list[str]) -> pd.DataFrame:
    s = d["sales"]
    si = s[(s["kind"] == "sell_in") & s["year"].isin([2024, 2025])].groupby(["year"] + by)["net_sales"].sum()
    t = d["targets"][d["targets"]["year"].isin([2024, 2025])].groupby(["year"] + by)["net_sales"].sum()
    return (si / t * 100).round(1).unstack("year")


def nd_by_region(d) -> pd.DataFrame:
    """Average monthly numeric distribution of distributor outlets, and annual ND."""
    s, o = d["sales"], d["outlets"]
    trad = o[o["customer_id"] != "ABC"]
    universe = trad.groupby("region").size()
    so = s[(s["kind"] == "sell_out") & (s["customer_id"] != "ABC")]
    monthly = so.groupby(["region", "year", "period"])["outlet_id"].nunique()
    avg = monthly.groupby(["region", "year"]).mean().unstack("year")
    annual = so.groupby(["region", "year"])["outlet_id"].nunique().unstack("year")
    out = pd.DataFrame({f"ND月均{y}": avg[y] / universe * 100 for y in avg.columns})
    for y in annual.columns:
        out[f"ND全年{y}"] = annual[y] / universe * 100
    out["universe"] = universe
    return out.round(1)


def story1(d) -> None:
    print("\n## Story 1: 华北 loses distribution in 2025")
    print(nd_by_region(d).to_string())
    s = d["sales"]
    so = s[(s["kind"] == "sell_out") & (s["customer_id"] != "ABC")]
    buyers24 = set(so[(so["year"] == 2024) & (so["region"] == "华北")]["outlet_id"])
    last = so[so["region"] == "华北"].groupby("outlet_id")["period"].max()
    lost = last[(last < "2025-10") & last.index.isin(buyers24)]
    print(f"华北 outlets that bought in 2024 and placed no order after Sep-2025: {len(lost)} "
          f"(by distributor: {so[so['outlet_id'].isin(lost.index)].groupby('customer_id')['outlet_id'].nunique().to_dict()})")
    si = s[(s["kind"] == "sell_in")]
    reg = si.groupby(["region", "year"])["net_sales"].sum().unstack("year")
    reg["YoY2025"] = (reg[2025] / reg[2024] - 1) * 100
    print(reg.round(1).to_string())
    print("achievement by region (%):")
    print(achievement(d, ["region"]).to_string())


def story2(d) -> None:
    print("\n## Story 2: 饮料 price up, volume down, revenue flat (2025 vs 2024)")
    s = d["sales"]
    for kind in ("sell_in", "sell_out"):
        g = s[(s["kind"] == kind) & s["year"].isin([2024, 2025])].groupby(["category", "year"])[["units", "net_sales"]].sum()
        g = g.unstack("year")
        res = pd.DataFrame({
            "units_yoy%": (g["units"][2025] / g["units"][2024] - 1) * 100,
            "price_yoy%": ((g["net_sales"][2025] / g["units"][2025]) / (g["net_sales"][2024] / g["units"][2024]) - 1) * 100,
            "net_yoy%": (g["net_sales"][2025] / g["net_sales"][2024] - 1) * 100,
        }).round(1)
        print(f"{kind}:")
        print(res.to_string())
    p = d["products"]
    bev = set(p.loc[p["category"] == "饮料", "sku"])
    si = s[(s["kind"] == "sell_in") & s["sku"].isin(bev)]
    lp = si.assign(lp=si["gross_sales"] / si["units"]).groupby(["sku", "year"])["lp"].mean().unstack("year")
    print("beverage list price 2025 vs 2024 (%):", ((lp[2025] / lp[2024] - 1) * 100).round(1).to_dict())
    print("achievement by category (%):")
    print(achievement(d, ["category"]).to_string())


def story3(d) -> None:
    print("\n## Story 3: D05 stuffs stock in 2025 H2")
    led = d["distributor_ledger"].copy()
    led["ratio"] = led["primary_units"] / led["secondary_units"]
    led["DIO"] = led["inventory"] / led["cogs"] * 30
    x = led[(led["customer_id"] == "D05") & (led["period"] >= "2025-01")]
    print(x[["period", "primary_units", "secondary_units", "ratio", "inventory", "DIO", "rebates"]].round(2).to_string(index=False))
    others = led[(led["customer_id"] != "D05") & (led["period"] >= "2025-07")]
    print(f"other distributors 2025 H2: ratio {others['ratio'].min():.2f}-{others['ratio'].max():.2f}, "
          f"mean {others['ratio'].mean():.2f}; DIO mean {others['DIO'].mean():.1f}")
    print("achievement by customer (%):")
    print(achievement(d, ["customer_id"]).to_string())
    s = d["sales"]
    d5 = s[(s["customer_id"] == "D05") & (s["period"] >= "2025-07")].groupby("kind")["net_sales"].sum()
    d5p = s[(s["customer_id"] == "D05") & (s["period"] >= "2024-07") & (s["period"] <= "2024-12")].groupby("kind")["net_sales"].sum()
    print(f"D05 H2 YoY: sell_in {pct(yoy(d5['sell_in'], d5p['sell_in']))}, sell_out {pct(yoy(d5['sell_out'], d5p['sell_out']))}")


def activity_roi(d) -> pd.DataFrame:
    """ROI = actual uplift x brand gross margin (customer x category sell-in in the
    activity months) / cost."""
    a, s, p = d["activities"].copy(), d["sales"], d["products"]
    si = s[s["kind"] == "sell_in"]
    gms = []
    for r in a.itertuples():
        months = pd.period_range(r.start[:7], r.end[:7], freq="M").astype(str)
        sel = si[(si["customer_id"] == r.customer_id) & si["period"].isin(months)]
        cats = [c for c in p["category"].unique() if c in r.activity or c in r.kpi]
        if len(cats) == 1:
            sel = sel[sel["category"] == cats[0]]
        gms.append(1 - sel["cost"].sum() / sel["net_sales"].sum())
    a["gm"] = gms
    a["contribution"] = a["actual_uplift"] * a["gm"]
    a["roi"] = a["contribution"] / a["cost"]
    return a


def story4(d) -> None:
    print("\n## Story 4: a promotion that did not pay back")
    a = activity_roi(d)
    cols = ["activity", "customer_id", "cost", "expected_uplift", "actual_uplift", "gm", "contribution", "roi"]
    print(a[cols].round(2).to_string(index=False))
    print(f"paid back: {(a['roi'] >= 1).sum()} of {len(a)}")


def story5(d) -> None:
    print("\n## Story 5: 餐饮 whitespace")
    s, o = d["sales"], d["outlets"]
    trad = o[o["customer_id"] != "ABC"]
    so = s[(s["kind"] == "sell_out") & (s["customer_id"] != "ABC")]
    y25 = so[so["year"] == 2025]
    buyers = y25.groupby("outlet_id")["net_sales"].sum()
    ever = set(so["outlet_id"])
    t = trad.assign(bought25=trad["outlet_id"].isin(buyers.index), ever=trad["outlet_id"].isin(ever),
                    sales25=trad["outlet_id"].map(buyers).fillna(0))
    g = t.groupby("channel").agg(universe=("outlet_id", "size"), ever_bought=("ever", "mean"),
                                 bought_2025=("bought25", "mean"), potential=("potential", "sum"),
                                 sales_2025=("sales25", "sum"))
    g["share_of_universe_potential%"] = g["potential"] / g["potential"].sum() * 100
    g["sales/potential%"] = g["sales_2025"] / g["potential"] * 100
    g["whitespace(potential-sales)"] = g["potential"] - g["sales_2025"]
    g[["ever_bought", "bought_2025"]] *= 100
    print(g.round(1).to_string())
    cat = y25.groupby(["channel", "category"])["outlet_id"].nunique().unstack("category").fillna(0)
    print("outlets buying each category in 2025, % of channel universe:")
    print((cat.div(trad.groupby("channel").size(), axis=0) * 100).round(1).to_string())


def story6(d) -> None:
    print("\n## Story 6: ABC 零售 healthy and growing; seasonality")
    s = d["sales"]
    for kind in ("sell_in", "sell_out"):
        y = s[(s["kind"] == kind) & (s["customer_id"] == "ABC")].groupby("year")["net_sales"].sum()
        print(f"ABC {kind}: " + ", ".join(f"{k}: {v:,.0f}" for k, v in y.items())
              + f" | YoY 2024 {pct(yoy(y[2024], y[2023]))}, 2025 {pct(yoy(y[2025], y[2024]))}")
    pos = s[(s["kind"] == "sell_out") & (s["customer_id"] == "ABC")]
    stores_y = pos.groupby("year")["outlet_id"].nunique()
    both = set(pos[pos["year"] == 2024]["outlet_id"]) & set(pos[pos["year"] == 2025]["outlet_id"])
    first = pos.groupby("outlet_id")["period"].min()
    lfl_st = [x for x in both if first[x] <= "2024-01"]
    lfl = pos[pos["outlet_id"].isin(lfl_st)].groupby("year")["net_sales"].sum()
    print(f"ABC selling stores by year: {stores_y.to_dict()}; like-for-like stores {len(lfl_st)}: "
          f"2025 YoY {pct(yoy(lfl[2025], lfl[2024]))}")
    dist = s[(s["kind"] == "sell_in") & (s["customer_id"] != "ABC")].groupby("year")["net_sales"].sum()
    print(f"distributors sell_in YoY 2024 {pct(yoy(dist[2024], dist[2023]))}, 2025 {pct(yoy(dist[2025], dist[2024]))}")
    print("ABC share of total sell_in:", (s[(s['kind'] == 'sell_in') & (s['customer_id'] == 'ABC')].groupby('year')['net_sales'].sum()
                                          / s[s['kind'] == 'sell_in'].groupby('year')['net_sales'].sum() * 100).round(1).to_dict())
    m = s[s["kind"] == "sell_out"].groupby(["period", "category"])["net_sales"].sum().unstack("category")
    idx = (m / m.groupby(m.index.str[:4]).transform("mean") * 100).round(0)
    print("sell_out seasonality index (month / year mean x 100):")
    print(idx.to_string())


def health(d, name: str) -> None:
    """Sanity ranges for the distributor economics and distribution."""
    led = d["distributor_ledger"].copy()
    led["year"] = led["period"].str[:4]
    g = led.groupby(["customer_id", "year"]).agg(
        revenue=("revenue", "sum"), cogs=("cogs", "sum"), rebates=("rebates", "sum"),
        opex=("warehouse", "sum"), logistics=("logistics", "sum"), staff=("sales_staff", "sum"),
        other=("other_opex", "sum"), inv=("inventory", "mean"), ar=("receivables", "mean"),
        ap=("payables", "mean"))
    opex = g["opex"] + g["logistics"] + g["staff"] + g["other"]
    out = pd.DataFrame({
        "GM%": (1 - g["cogs"] / g["revenue"]) * 100,
        "rebate%": g["rebates"] / g["revenue"] * 100,
        "opex%": opex / g["revenue"] * 100,
        "net%": (g["revenue"] - g["cogs"] + g["rebates"] - opex) / g["revenue"] * 100,
        "DIO": 365 * g["inv"] / g["cogs"], "DSO": 365 * g["ar"] / g["revenue"],
        "DPO": 365 * g["ap"] / g["cogs"],
    })
    print(f"\n## Health: {name}")
    print(out.round(1).to_string())
    s = d["sales"]
    print("rows by kind:", s.groupby("kind").size().to_dict())
    so = s[s["kind"] == "sell_out"]
    per = so.groupby(["period", "outlet_id"]).size()
    print(f"skus per buying outlet-month: mean {per.mean():.1f}")
    round_vals = (s["net_sales"] % 100 == 0).mean()
    print(f"share of net_sales values that are whole hundreds: {round_vals * 100:.2f} %")


# --------------------------------------------------------------------------- pharma story


def story_pharma(d) -> None:
    print("\n## Pharma story: 糖尿病 programme; 绍兴 under-penetrated")
    s, o = d["sales"], d["outlets"]
    so = s[s["kind"] == "sell_out"]
    cy = so.groupby(["category", "year"])["net_sales"].sum().unstack("year")
    cy["YoY%"] = (cy[2025] / cy[2024] - 1) * 100
    print(cy.round(1).to_string())
    a = d["activities"]
    prog = a[a["activity"].str.contains("糖友")]
    print(prog[["activity", "start", "end", "cost", "actual_uplift"]].to_string(index=False))
    dia = so[so["category"] == "糖尿病"]
    m = dia.groupby(["period"])["net_sales"].sum()
    print("diabetes monthly net_sales:", {k: round(v) for k, v in m.items()})
    # Stores where diabetes grew most vs the rest (the enrolled stores are not flagged in the data).
    st = dia.groupby(["outlet_id", "year"])["net_sales"].sum().unstack("year")
    st["g"] = st[2025] / st[2024] - 1
    print(f"diabetes YoY by store: median {st['g'].median() * 100:.1f} %, stores above +15 %: {(st['g'] > 0.15).sum()} of {len(st)}")
    print(f"  stores above +15 % by city: {o.set_index('outlet_id').loc[st.index[st['g'] > 0.15], 'region'].value_counts().to_dict()}")
    enrolled = programme_stores()
    st["enrolled"] = st.index.isin(enrolled)
    grp = dia.assign(enrolled=dia["outlet_id"].isin(enrolled)).groupby(["enrolled", "year"])["net_sales"].sum().unstack("year")
    print(f"programme stores (from the generator; not flagged in the data): {len(enrolled)} - "
          f"diabetes YoY enrolled {pct(yoy(grp.loc[True, 2025], grp.loc[True, 2024]))}, "
          f"others {pct(yoy(grp.loc[False, 2025], grp.loc[False, 2024]))}")
    print(f"  enrolled stores among those above +15 %: {int(st.loc[st['g'] > 0.15, 'enrolled'].sum())} of {(st['g'] > 0.15).sum()}")
    y25 = so[so["year"] == 2025]
    city = o.groupby("region").agg(stores=("outlet_id", "size"), potential=("potential", "sum"))
    city["sales2025"] = y25.groupby("region")["net_sales"].sum()
    city["sales/potential%"] = city["sales2025"] / city["potential"] * 100
    city["sales_per_store"] = city["sales2025"] / city["stores"]
    lip = y25[y25["category"] == "血脂"].groupby("region")["outlet_id"].nunique()
    city["stores_selling_血脂%"] = lip / city["stores"] * 100
    skus = y25.groupby(["region", "outlet_id"])["sku"].nunique().groupby("region").mean()
    city["skus_per_store"] = skus
    print(city.round(1).to_string())
    led = d["distributor_ledger"]
    print("KT ledger 2025: revenue {:,.0f}, cogs {:,.0f}, rebates {:,.0f}".format(
        led[led["year"] == 2025]["revenue"].sum(), led[led["year"] == 2025]["cogs"].sum(),
        led[led["year"] == 2025]["rebates"].sum()))
    print("achievement by category (%):")
    print(achievement(d, ["category"]).to_string())
    print("\nPharma activities:")
    ar = activity_roi(d)
    print(ar[["activity", "cost", "actual_uplift", "gm", "roi"]].round(2).to_string(index=False))


def programme_stores() -> list[str]:
    """The stores enrolled in the diabetes programme (trainer knowledge only)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", HERE / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = gen  # dataclasses look their module up there
    spec.loader.exec_module(gen)
    st = gen.pharma_stores()
    return st.loc[st["enrolled"], "outlet_id"].tolist()


# --------------------------------------------------------------------------- totals


def fmt(x: float) -> str:
    return f"{x:,.2f}"


def totals(case: Path, label: str) -> None:
    d = load(case)
    print(f"\n### {label}\n")
    print("| file | rows |\n|---|---:|")
    for name in ("sales", "targets", "products", "outlets", "distributor_ledger", "activities"):
        fname = "sales.csv.gz" if name == "sales" and (case / "sales.csv.gz").exists() else f"{name}.csv"
        print(f"| `{fname}` | {len(d[name]):,} |")
    s = d["sales"]
    print("\n| sales: kind | year | rows | Σ units | Σ net_sales |\n|---|---|---:|---:|---:|")
    for (k, y), g in s.groupby(["kind", "year"]):
        print(f"| {k} | {y} | {len(g):,} | {g['units'].sum():,} | {fmt(g['net_sales'].sum())} |")
    for k, g in s.groupby("kind"):
        print(f"| {k} | all | {len(g):,} | {g['units'].sum():,} | {fmt(g['net_sales'].sum())} |")
    t = d["targets"]
    print("\n| targets: year | rows | Σ net_sales | Σ units |\n|---|---:|---:|---:|")
    for y, g in t.groupby("year"):
        print(f"| {y} | {len(g):,} | {fmt(g['net_sales'].sum())} | {g['units'].sum():,} |")
    led = d["distributor_ledger"]
    print(f"\nLedger: Σ revenue = {fmt(led['revenue'].sum())}, Σ cogs = {fmt(led['cogs'].sum())}, "
          f"Σ rebates = {fmt(led['rebates'].sum())}")
    a = d["activities"]
    print(f"Activities: Σ cost = {fmt(a['cost'].sum())}, Σ actual_uplift = {fmt(a['actual_uplift'].sum())}")
    print(f"Outlets: {len(d['outlets']):,}; Σ potential = {fmt(d['outlets']['potential'].sum())}")
    if (case / "opportunities.csv").exists():
        o = read(case / "opportunities.csv")
        print(f"Opportunities: {len(o):,} ({o['status'].value_counts().to_dict()}); "
              f"Σ amount = {fmt(o['amount'].sum())}")


def trainee_counts() -> None:
    print("\n### Trainee files\n\n| file | data rows |\n|---|---:|")
    wb = load_workbook(TRAINEES / "张伟_华东区.xlsx", read_only=True)
    n = wb["销售明细"].max_row - 4 - 1  # title, note, blank, header; total row
    print(f"| 张伟_华东区.xlsx | {n:,} |")
    lines = (TRAINEES / "李娜_华南区.csv").read_bytes().decode("gbk").splitlines()
    print(f"| 李娜_华南区.csv | {len(lines) - 1:,} |")
    wb = load_workbook(TRAINEES / "王强_经销商.xlsx", read_only=True)
    print(f"| 王强_经销商.xlsx | {wb['Sheet1'].max_row - 1:,} |")
    with open(TRAINEES / "刘洋_华北区.csv", "rb") as fh:  # an xlsx under a .csv name
        wb = load_workbook(fh, read_only=True)
    print(f"| 刘洋_华北区.csv | {wb.worksheets[0].max_row - 1:,} |")
    wb = load_workbook(TRAINEES / "陈静_医药连锁.xlsx", read_only=True)
    print(f"| 陈静_医药连锁.xlsx | {wb['数据'].max_row - 2:,} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--totals", action="store_true")
    ap.add_argument("--health", action="store_true")
    args = ap.parse_args()
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    if args.totals:
        totals(ABC, "ABC case (`abc/`)")
        totals(PHARMA, "Pharma case (`pharma/`)")
        trainee_counts()
        return
    abc = load(ABC)
    if args.health:
        health(abc, "ABC distributors")
        ph = load(PHARMA)
        health(ph, "pharma chain KT")
        print(nd_by_region(abc).to_string())
        return
    story_overall(abc)
    story1(abc)
    story2(abc)
    story3(abc)
    story4(abc)
    story5(abc)
    story6(abc)
    story_pharma(load(PHARMA))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
