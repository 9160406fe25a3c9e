"""The pharma case: 华康制药 selling chronic-disease drugs to the pharmacy chain
康泰大药房 (KT). Its story: the diabetes line grows on a patient programme in
the enrolled stores; 绍兴's stores are under-penetrated (fewer lines listed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casegen.model import (
    PRODUCT_SPEC,
    Calendar,
    Catalog,
    calendar,
    cents,
    lognormal_noise,
    next_month_demand,
    purchase_prices,
    replenish,
    retail_round,
    rng_for,
    sales_frame,
    season_matrix,
    season_next_ratio,
    sell_in_frame,
    units_cube,
)
from casegen.plans import (
    ActivitySpec,
    LedgerInputs,
    activities_frame,
    activity_lifts,
    ledger_frame,
    ledger_inputs,
    make_targets,
    quarterly_bonus,
    realised_uplift,
    sell_in_yuan,
)

# --------------------------------------------------------------------------- the pharma case

PH_CATEGORIES = ["高血压", "糖尿病", "血脂"]
PH_PRODUCTS = [
    ("P101", "苯磺酸氨氯地平片 5mg×28片", "华康", "高血压", 16.80, 0.32, 1.5, 20),
    ("P102", "缬沙坦胶囊 80mg×28粒", "华康", "高血压", 24.50, 0.30, 1.2, 20),
    ("P103", "厄贝沙坦片 150mg×28片", "华康", "高血压", 21.60, 0.30, 1.0, 20),
    ("P104", "硝苯地平控释片 30mg×14片", "华康", "高血压", 29.80, 0.35, 1.1, 10),
    ("P105", "培哚普利叔丁胺片 4mg×30片", "华康", "高血压", 33.50, 0.33, 0.6, 10),
    ("P201", "盐酸二甲双胍缓释片 0.5g×30片", "华康", "糖尿病", 12.60, 0.28, 1.3, 20),
    ("P202", "格列美脲片 2mg×30片", "华康", "糖尿病", 19.80, 0.30, 0.9, 20),
    ("P203", "阿卡波糖片 50mg×30片", "华康", "糖尿病", 32.40, 0.34, 1.1, 10),
    ("P204", "瑞格列奈片 1mg×30片", "华康", "糖尿病", 26.50, 0.32, 0.6, 10),
    ("P205", "磷酸西格列汀片 100mg×14片", "华康欣", "糖尿病", 58.00, 0.38, 0.8, 10),
    ("P301", "阿托伐他汀钙片 20mg×14片", "华康", "血脂", 22.80, 0.30, 1.3, 20),
    ("P302", "瑞舒伐他汀钙片 10mg×28片", "华康", "血脂", 36.90, 0.32, 1.0, 10),
    ("P303", "依折麦布片 10mg×10片", "华康欣", "血脂", 42.00, 0.36, 0.5, 10),
    ("P304", "非诺贝特胶囊 200mg×10粒", "华康", "血脂", 18.60, 0.33, 0.4, 20),
]
PH_CHAIN = ("KT", "康泰大药房")
# city -> (旗舰店, 院边店, 社区店)
PH_STORES = {"杭州": (3, 8, 27), "宁波": (2, 5, 17), "绍兴": (1, 3, 14)}
PH_TIER = {"杭州": "二线", "宁波": "二线", "绍兴": "三线"}
PH_DISTRICTS = {
    "杭州": ["西湖", "拱墅", "上城", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安"],
    "宁波": ["海曙", "江北", "鄞州", "镇海", "北仑", "奉化", "慈溪", "余姚"],
    "绍兴": ["越城", "柯桥", "上虞", "诸暨", "嵊州", "新昌"],
}
PH_FORMAT_VALUE = {"旗舰店": 3600.0, "院边店": 2500.0, "社区店": 1150.0}
# Chronic-disease drugs barely move with the seasons; a little winter lift for
# blood pressure and a soft February (holiday, patients stocked up in January).
PH_SEASON = {
    "高血压": [1.04, 0.93, 1.00, 0.99, 1.00, 0.98, 0.97, 0.98, 1.00, 1.01, 1.03, 1.07],
    "糖尿病": [1.03, 0.93, 1.00, 1.00, 1.00, 0.99, 0.99, 0.99, 1.00, 1.01, 1.02, 1.04],
    "血脂": [1.03, 0.93, 1.00, 1.00, 1.00, 0.99, 0.98, 0.99, 1.00, 1.01, 1.02, 1.05],
}
PH_CNY_LIFT = {"高血压": 0.25, "糖尿病": 0.25, "血脂": 0.2}

PH_ACTIVITIES = [
    ActivitySpec("2024 慢病会员日（每月 8 日）", "慢病会员日", "KT", None, "2024-03-01", "2024-12-31", 0.03, 1.5, "陈静", "会员日慢病品类销售额 +5%"),
    ActivitySpec("2024 降压产品店员培训", "店员培训", "KT", "高血压", "2024-04-01", "2024-05-31", 0.06, 1.8, "周婷", "培训覆盖店员 ≥ 200 人，降压品类 +6%"),
    # Pharma story: the diabetes patient programme in the enrolled stores.
    ActivitySpec("糖友关爱计划（患者教育 + 随访）", "患者教育", "KT", "糖尿病", "2024-09-01", "2025-12-31", 0.32, 2.2, "陈静", "入组患者 ≥ 1,500 人，糖尿病品类同比 +20%", {"enrolled": (True,)}, ramp=9),
    ActivitySpec("2024 血压专区陈列", "陈列", "KT", "高血压", "2024-10-01", "2024-12-31", 0.05, 1.4, "吴磊", "专区达标门店 ≥ 60 家"),
    ActivitySpec("2024 联合国糖尿病日患者教育", "患者教育", "KT", "糖尿病", "2024-11-01", "2024-11-30", 0.06, 1.6, "陈静", "活动期糖尿病品类 +8%"),
    ActivitySpec("2025 慢病会员日（每月 8 日）", "慢病会员日", "KT", None, "2025-01-01", "2025-12-31", 0.03, 1.4, "陈静", "会员日慢病品类销售额 +5%"),
    ActivitySpec("2025 调脂产品店员培训", "店员培训", "KT", "血脂", "2025-03-01", "2025-04-30", 0.05, 1.3, "周婷", "调脂品类 +5%"),
    ActivitySpec("2025 血糖免费检测义诊", "患者教育", "KT", "糖尿病", "2025-04-12", "2025-05-31", 0.04, 1.1, "吴磊", "检测人次 ≥ 3,000"),
    ActivitySpec("2025 世界高血压日患者教育", "患者教育", "KT", "高血压", "2025-05-10", "2025-05-31", 0.05, 1.2, "周婷", "活动期降压品类 +6%"),
    ActivitySpec("2025 绍兴门店调脂陈列", "陈列", "KT", "血脂", "2025-07-01", "2025-09-30", 0.08, 0.6, "吴磊", "绍兴门店调脂品类 +15%", {"city": ("绍兴",)}, expect=2.0),
    ActivitySpec("2025 联合国糖尿病日患者教育", "患者教育", "KT", "糖尿病", "2025-11-01", "2025-11-30", 0.05, 1.5, "陈静", "活动期糖尿病品类 +8%"),
]


def pharma_catalog(cal: Calendar) -> Catalog:
    df = pd.DataFrame(PH_PRODUCTS, columns=PRODUCT_SPEC)
    k = len(df)
    cat_idx = np.array([PH_CATEGORIES.index(c) for c in df["category"]])
    # Supply prices hold steady in 2025 apart from a 3 % cut on two statins.
    cut = np.where(df["sku"].isin(["P301", "P302"]), 0.97, 1.0)
    price_y = np.where(cal.year[None, :] >= 2025, (df["price0"].to_numpy() * cut)[:, None],
                       df["price0"].to_numpy()[:, None])
    list_price = np.round(price_y, 2)
    unit_cost = np.round(np.repeat((df["price0"] * df["cost_ratio"]).to_numpy()[:, None], cal.n, axis=1), 2)
    retail = retail_round(list_price * 1.42)
    avail = np.ones((k, cal.n), dtype=bool)
    df["launch"], df["delist"] = 0, cal.n
    return Catalog(df, PH_CATEGORIES, cat_idx, list_price, unit_cost, retail, avail,
                   df["price0"].to_numpy(float))


def pharma_stores() -> pd.DataFrame:
    """康泰大药房's stores. 绍兴 stores list fewer of the company's drugs, above
    all the lipid line: the under-penetrated cluster of the pharma story."""
    rng = rng_for("pharma.stores")
    rows = []
    for city, counts in PH_STORES.items():
        for fmt, n in zip(["旗舰店", "院边店", "社区店"], counts, strict=True):
            rows += [(city, fmt)] * n
    df = pd.DataFrame(rows, columns=["city", "format"])
    df["outlet_id"] = [f"KT{i + 1:03d}" for i in range(len(df))]
    names = []
    for city, grp in df.groupby("city", sort=False):
        ds = PH_DISTRICTS[city]
        for j, fmt in enumerate(grp["format"]):
            label = {"旗舰店": "旗舰店", "院边店": "医院店", "社区店": "店"}[fmt]
            extra = "" if j < len(ds) else f"{j // len(ds) + 1}"
            names.append(f"康泰大药房 {city}{ds[j % len(ds)]}{extra}{label}")
    df["outlet_name"] = names
    df["region"] = df["city"]
    df["customer_id"] = PH_CHAIN[0]
    df["channel"] = "连锁药店"
    df["tier"] = df["city"].map(PH_TIER)
    df["size"] = lognormal_noise(rng, 0.22, len(df))
    # Enrolled in the patient programme: most stores of 杭州 and 宁波, none in 绍兴.
    df["enrolled"] = (df["city"] != "绍兴") & (rng.random(len(df)) < 0.55)
    return df


def pharma_listing(rng, stores: pd.DataFrame, cat: Catalog) -> np.ndarray:
    """(S, K) listed skus. A store first decides whether it carries a line at
    all, then which skus of it; 绍兴's community stores mostly skip lipids."""
    sx = stores["city"].to_numpy()[:, None] == "绍兴"
    lipid = (np.asarray(cat.categories) == "血脂")[None, :]
    p_line = np.where(sx, np.where(lipid, 0.18, 0.85), 0.97)
    carries = rng.random((len(stores), len(cat.categories))) < p_line
    p_sku = np.where(sx, 0.80, 0.93)
    listed = carries[:, cat.cat_idx] & (rng.random((len(stores), cat.k)) < p_sku)
    big = stores["format"].isin(["旗舰店", "院边店"]).to_numpy()
    listed[big] = True
    return listed


def pharma_sell_out(cal: Calendar, cat: Catalog, stores: pd.DataFrame, price_in: dict) -> tuple[pd.DataFrame, dict]:
    rng = rng_for("pharma.pos")
    listed = pharma_listing(rng, stores, cat)
    pick = listed[:, :, None] & (rng.random((len(stores), cat.k, cal.n)) > 0.01)
    o, k, m = np.nonzero(pick)
    season = season_matrix(cal, cat, PH_SEASON, PH_CNY_LIFT, post_dip=0.15)
    trend = 1.045 ** (np.arange(cal.n) / 12.0)
    shaoxing = np.where(stores["city"].to_numpy() == "绍兴", 0.72, 1.0)
    value = (stores["format"].map(PH_FORMAT_VALUE).to_numpy()[o] * stores["size"].to_numpy()[o]
             * shaoxing[o] * cat.df["weight"].to_numpy()[k])
    lam = (value / (cat.base_price[k] * 1.42) * season[k, m] * trend[m]
           * lognormal_noise(rng, 0.14, len(o)))
    mult, lifts = activity_lifts(PH_ACTIVITIES, cal, cat, stores, o, k, m)
    units = rng.poisson(lam * mult)
    uplift = realised_uplift(lifts, mult, units, k, m, price_in)
    keep = units > 0
    o, k, m, units = o[keep], k[keep], m[keep], units[keep]
    member = rng.uniform(0.025, 0.055, (cat.k, cal.n))  # member-price discount
    gross = cents(units * cat.retail_price[k, m])
    net = cents(units * cat.retail_price[k, m] * (1 - member[k, m]))
    cost = cents(units * price_in["KT"][k, m])
    df = sales_frame(cal, cat, "sell_out", "KT", PH_CHAIN[1], stores["region"].to_numpy()[o], "连锁药店",
                     stores["outlet_id"].to_numpy()[o], k, m, units, gross, net, cost)
    return df, uplift


def pharma_growth_plan(year: int, cid: str, category: str, region: str) -> float:
    return {2024: {"高血压": 0.05, "糖尿病": 0.06, "血脂": 0.07},
            2025: {"高血压": 0.03, "糖尿病": 0.12, "血脂": 0.05},
            2026: {"高血压": 0.04, "糖尿病": 0.12, "血脂": 0.06}}[year][category]


def pharma_ledger(cal: Calendar, li: LedgerInputs, target: np.ndarray, rng) -> pd.DataFrame:
    """The chain's P&L on the company's products.

    Pharmacy gross margin ~28 %, store staff and rent allocations make the
    opex; receivables are mostly medical-insurance (医保) settlements, paid
    about a month late; the chain pays suppliers slowly (DPO ~75 days).
    """
    n = cal.n
    rev = li.revenue.astype(float) / 100
    rebates = cents(0.025 * li.purchases / 100 * lognormal_noise(rng, 0.03, n)
                    + quarterly_bonus(cal, li.purchases, target, 0.015) / 100)
    opex = {
        "warehouse": cents(0.011 * rev * lognormal_noise(rng, 0.05, n) + 0.004 * li.inventory / 100),
        "logistics": cents(0.008 * rev * lognormal_noise(rng, 0.06, n)),
        "sales_staff": cents(0.105 * rev * lognormal_noise(rng, 0.03, n)),
        "other_opex": cents(0.085 * rev * lognormal_noise(rng, 0.05, n)),
    }
    receivables = cents(rev * 0.56 * 1.05 * lognormal_noise(rng, 0.06, n))
    pur = li.purchases / 100
    payables = cents((pur + np.concatenate([[pur[0]], pur[:-1]]) + 0.5 * np.concatenate([pur[:2], pur[:-2]]))
                     * lognormal_noise(rng, 0.05, n))
    return ledger_frame(cal, PH_CHAIN[0], li, rebates, opex, receivables, payables)


@dataclass
class PharmaCase:
    cal: Calendar
    cat: Catalog
    stores: pd.DataFrame
    sales: pd.DataFrame
    targets: pd.DataFrame
    ledger: pd.DataFrame
    activities: pd.DataFrame


def build_pharma() -> PharmaCase:
    cal = calendar("2024-01", "2025-12")
    cat = pharma_catalog(cal)
    price_in = purchase_prices(cal, cat, {"KT": 0.03}, rng_for("pharma.prices"))
    stores = pharma_stores()
    pos, uplift = pharma_sell_out(cal, cat, stores, price_in)
    rng = rng_for("pharma.sellin")
    sec = units_cube(pos, cat.k, cal.n)
    after = next_month_demand(sec, season_next_ratio(cal, cat, PH_SEASON, PH_CNY_LIFT, 0.15))
    prim, stock = replenish(sec, 1.5, cat.df["case_pack"].to_numpy(), after, rng, noise=0.1)
    si = sell_in_frame(cal, cat, prim, "KT", PH_CHAIN[1], "浙江", "连锁药店", price_in["KT"])
    sales = pd.concat([si, pos], ignore_index=True)
    sales = sales.sort_values(["period", "kind", "customer_id", "outlet_id", "sku"], ignore_index=True)
    # The case starts in 2024, so the 2024 plan is phased on 2024 itself (a
    # "last year" stand-in) - only 2025 and the 2026 baseline use true history.
    sell_in = sell_in_yuan(sales)
    pseudo_2023 = sell_in[sell_in["period"] < "2025"].assign(
        period=lambda d: "2023" + d["period"].str[4:],
        net_sales=lambda d: d["net_sales"] / 1.06, units=lambda d: np.rint(d["units"] / 1.05).astype(np.int64))
    targets = make_targets(cal, pd.concat([pseudo_2023, sell_in]), [2024, 2025, 2026], pharma_growth_plan,
                           rng_for("pharma.targets"))
    li = ledger_inputs(sales, "KT", stock, price_in["KT"], cal.n)
    tgt = targets.groupby("period")["net_sales"].sum().reindex(cal.labels, fill_value=0).to_numpy()
    ledger = pharma_ledger(cal, li, tgt, rng_for("pharma.ledger"))
    activities = activities_frame(PH_ACTIVITIES, uplift, sales, rng_for("pharma.activities"))
    stores = stores.assign(potential=pharma_potential(stores, pos, cal))
    return PharmaCase(cal, cat, stores, sales, targets, ledger, activities)


def pharma_potential(stores: pd.DataFrame, pos: pd.DataFrame, cal: Calendar) -> np.ndarray:
    """Annual potential of each store for the three chronic lines (retail value).

    Potential comes from the store's catchment (its format and size), not from
    its sales - so 绍兴's low sales show up as a low share of potential.
    """
    rng = rng_for("pharma.potential")
    fmt = stores["format"].map(PH_FORMAT_VALUE).to_numpy()
    return np.round(fmt * stores["size"].to_numpy() * 14 * 12 / 0.42 * lognormal_noise(rng, 0.15, len(stores)), 0)
