"""The ABC case assembled: its activities (story 4), D05's stuffing (story 3),
the plan growth behind the targets, the distributors' ledgers, store potential,
the key-account pipeline (story 7) and `build_abc`, which ties them together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casegen.abc_market import (
    ABC_CNY_LIFT,
    ABC_SEASON,
    DISTRIBUTORS,
    Distributor,
    abc_catalog,
    abc_pos_sell_out,
    abc_stores,
    huabei_distribution_story,
    trad_outlets,
    trad_sell_out,
)
from casegen.model import (
    Calendar,
    Catalog,
    calendar,
    cents,
    lognormal_noise,
    next_month_demand,
    purchase_prices,
    replenish,
    rng_for,
    season_next_ratio,
    sell_in_frame,
    units_cube,
)
from casegen.plans import (
    ActivitySpec,
    LedgerInputs,
    activities_frame,
    ledger_frame,
    ledger_inputs,
    make_targets,
    quarterly_bonus,
    sell_in_yuan,
)

ABC_ACTIVITIES = [
    ActivitySpec("2024 春节年货堆头陈列（休闲零食）", "堆头陈列", "ABC", "休闲零食", "2024-01-08", "2024-02-09", 0.22, 2.4, "赵敏", "年货期休闲零食销售额同比 +20%"),
    ActivitySpec("2024 春节乳品礼盒买赠", "买赠", "ABC", "乳品", "2024-01-15", "2024-02-09", 0.15, 1.8, "赵敏", "礼盒装销量同比 +15%"),
    ActivitySpec("2024 鲜享燕麦奶新品进场", "新品进场", "ABC", "乳品", "2024-04-01", "2024-05-31", 0.06, 1.3, "赵敏", "大卖场及标超铺市率 ≥ 90%"),
    ActivitySpec("2024 夏季饮料端架陈列（华南）", "堆头陈列", "ABC", "饮料", "2024-06-01", "2024-08-31", 0.12, 2.1, "李娜", "华南门店饮料销售额同比 +12%", {"region": ("华南",)}),
    ActivitySpec("2024 会员日饮料满减（华东）", "会员日", "ABC", "饮料", "2024-08-01", "2024-08-31", 0.10, 1.6, "张伟", "会员日客单价 +8%", {"region": ("华东",)}),
    ActivitySpec("2024 中秋国庆速食试吃", "试吃", "ABC", "速食", "2024-09-10", "2024-10-07", 0.10, 1.5, "赵敏", "试吃门店速食销量 +10%"),
    ActivitySpec("2024 双十一会员日（休闲零食）", "会员日", "ABC", "休闲零食", "2024-11-01", "2024-11-15", 0.15, 1.7, "赵敏", "活动期销售额同比 +15%"),
    ActivitySpec("2025 春节年货堆头陈列（休闲零食）", "堆头陈列", "ABC", "休闲零食", "2025-01-02", "2025-01-28", 0.24, 2.6, "赵敏", "年货期休闲零食销售额同比 +20%"),
    ActivitySpec("2025 春节乳品礼盒买赠", "买赠", "ABC", "乳品", "2025-01-06", "2025-01-28", 0.16, 1.9, "赵敏", "礼盒装销量同比 +15%"),
    ActivitySpec("2025 鲜享希腊酸奶新品进场", "新品进场", "ABC", "乳品", "2025-03-01", "2025-04-30", 0.05, 1.2, "赵敏", "大卖场铺市率 100%，标超 ≥ 60%"),
    ActivitySpec("2025 夏季饮料端架陈列（华南）", "堆头陈列", "ABC", "饮料", "2025-06-01", "2025-08-31", 0.10, 1.6, "李娜", "华南门店饮料销售额同比 +10%", {"region": ("华南",)}),
    # Story 4: the summer dairy buy-one-get-one in 华北/华中 cost far more than it earned.
    ActivitySpec("2025 乳品夏季买赠（华北、华中）", "买赠", "ABC", "乳品", "2025-06-16", "2025-07-31", 0.04, 0.28, "刘洋", "活动门店乳品销售额同比 +25%", {"region": ("华北", "华中")}, expect=4.2),
    ActivitySpec("2025 中秋国庆速食试吃", "试吃", "ABC", "速食", "2025-09-12", "2025-10-08", 0.09, 1.4, "赵敏", "试吃门店速食销量 +10%"),
    ActivitySpec("2025 双十一会员日（休闲零食）", "会员日", "ABC", "休闲零食", "2025-11-01", "2025-11-16", 0.14, 1.8, "赵敏", "活动期销售额同比 +15%"),
    ActivitySpec("2024 D01 超市调味品堆头", "堆头陈列", "D01", "调味品", "2024-03-01", "2024-04-30", 0.15, 2.0, "张伟", "陈列超市调味品进货额 +15%", {"channel": ("超市",)}),
    ActivitySpec("2024 D02 便利店冰柜陈列（饮料）", "冰柜陈列", "D02", "饮料", "2024-05-01", "2024-08-31", 0.12, 1.9, "张伟", "冰柜网点饮料动销 +12%", {"channel": ("便利店",)}),
    ActivitySpec("2024 D06 夏季饮料买赠", "买赠", "D06", "饮料", "2024-06-01", "2024-07-31", 0.10, 1.5, "王强", "饮料出货量同比 +10%"),
    ActivitySpec("2024 D07 燕麦奶新品铺货奖励", "新品进场", "D07", "乳品", "2024-05-01", "2024-06-30", 0.09, 1.1, "王强", "新品铺货网点 ≥ 150 家"),
    ActivitySpec("2024 D03 超市零食试吃", "试吃", "D03", "休闲零食", "2024-09-01", "2024-10-31", 0.14, 1.3, "刘洋", "试吃超市零食动销 +10%", {"channel": ("超市",)}),
    ActivitySpec("2024 D08 速食陈列奖励", "陈列", "D08", "速食", "2024-10-01", "2024-12-31", 0.15, 1.6, "孙浩", "陈列达标网点 ≥ 120 家"),
    ActivitySpec("2025 D05 春节订货会搭赠", "买赠", "D05", "休闲零食", "2025-01-02", "2025-01-25", 0.12, 1.7, "王强", "年货期零食出货 +12%"),
    ActivitySpec("2025 D01 餐饮渠道推广试点", "餐饮推广", "D01", None, "2025-04-01", "2025-06-30", 0.30, 1.2, "张伟", "试点餐饮网点进货额 +25%", {"channel": ("餐饮",)}),
    ActivitySpec("2025 D04 超市饮料堆头", "堆头陈列", "D04", "饮料", "2025-06-01", "2025-07-31", 0.08, 1.1, "刘洋", "陈列超市饮料动销 +8%", {"channel": ("超市",)}),
    ActivitySpec("2025 D07 便利店冰柜陈列（饮料）", "冰柜陈列", "D07", "饮料", "2025-05-01", "2025-08-31", 0.10, 1.7, "王强", "冰柜网点饮料动销 +10%", {"channel": ("便利店",)}),
    ActivitySpec("2025 D02 乳品联合促销", "联合促销", "D02", "乳品", "2025-09-01", "2025-09-30", 0.15, 1.5, "张伟", "活动期乳品出货额 +15%"),
    ActivitySpec("2025 D06 双十一零食买赠", "买赠", "D06", "休闲零食", "2025-11-01", "2025-11-30", 0.12, 1.6, "王强", "零食出货量同比 +12%"),
]


def stuffing_push(cal: Calendar) -> np.ndarray:
    """Story 3: D05 is loaded with stock in 2025 H2.

    Behind on its 2025 plan and with a quarterly target bonus on offer, D05
    accepts shipments of ~1.4-1.6x its sell-out from July to November; its
    stock (and DIO) climbs month after month.
    """
    push = np.zeros(cal.n)
    for lab, ratio in {"2025-07": 1.46, "2025-08": 1.55, "2025-09": 1.52, "2025-10": 1.60,
                       "2025-11": 1.44, "2025-12": 1.28}.items():
        push[cal.index_of(lab)] = ratio
    return push


def abc_growth_plan(year: int, cid: str, category: str, region: str) -> float:
    """Company plan growth by year (kit users see the outcome as achievement)."""
    per_cust = {
        2024: {"ABC": 0.09, "D01": 0.06, "D02": 0.07, "D03": 0.05, "D04": 0.06, "D05": 0.08,
               "D06": 0.05, "D07": 0.07, "D08": 0.06},
        2025: {"ABC": 0.05, "D01": 0.03, "D02": 0.04, "D03": 0.06, "D04": 0.06, "D05": 0.09,
               "D06": 0.01, "D07": 0.02, "D08": 0.00},
        2026: {"ABC": 0.08, "D01": 0.05, "D02": 0.05, "D03": 0.03, "D04": 0.03, "D05": 0.02,
               "D06": 0.05, "D07": 0.05, "D08": 0.05},
    }[year][cid]
    cat_adj = {2024: {"乳品": 0.03}, 2025: {"饮料": 0.01, "乳品": 0.02}, 2026: {}}[year]
    return per_cust + cat_adj.get(category, 0.0)


def distributor_ledger(cal: Calendar, d: Distributor, li: LedgerInputs, target: np.ndarray, rng) -> pd.DataFrame:
    """A distributor's monthly P&L and balance items on the brand's business.

    Gross margin ~4-7 %, rebates (income from the brand) ~2-3 % of purchases,
    opex ~4-5 % of revenue: net margin in low single digits, as in real FMCG
    distribution. Warehouse cost follows stock, so stuffing also costs money.
    """
    n = cal.n
    rev = li.revenue.astype(float)
    rebates = cents(d.rebate * li.purchases / 100 * lognormal_noise(rng, 0.03, n)
                    + quarterly_bonus(cal, li.purchases, target, d.bonus) / 100)
    wh_fixed = 0.0042 * rev.mean() / 100
    opex = {
        "warehouse": cents(wh_fixed * lognormal_noise(rng, 0.04, n) + 0.011 * li.inventory / 100),
        "logistics": cents(0.0115 * rev / 100 + 16.5 * li.orders * lognormal_noise(rng, 0.05, n)),
        "sales_staff": cents((0.0105 * rev.mean() + 0.007 * rev) / 100 * lognormal_noise(rng, 0.03, n)),
        "other_opex": cents(0.0048 * rev / 100 * lognormal_noise(rng, 0.25, n) + 900 * rng.random(n)),
    }
    # Month-end balances: receivables follow sales, payables follow purchases.
    receivables = cents(rev / 100 * d.dso / cal.days * lognormal_noise(rng, 0.08, n))
    payables = cents(li.purchases / 100 * d.dpo / cal.days * lognormal_noise(rng, 0.10, n))
    return ledger_frame(cal, d.id, li, rebates, opex, receivables, payables)


# --------------------------------------------------------------------------- the ABC case


@dataclass
class AbcCase:
    cal: Calendar
    cat: Catalog
    stores: pd.DataFrame
    outlets: pd.DataFrame
    sales: pd.DataFrame
    targets: pd.DataFrame
    ledger: pd.DataFrame
    activities: pd.DataFrame
    price_in: dict


def build_abc() -> AbcCase:
    cal = calendar("2023-01", "2025-12")
    cat = abc_catalog(cal)
    discounts = {"ABC": 0.13, **{d.id: d.discount for d in DISTRIBUTORS}}
    price_in = purchase_prices(cal, cat, discounts, rng_for("abc.prices"))
    stores = abc_stores(cal)
    rng_out = rng_for("abc.outlets")
    outlets = trad_outlets(cal, DISTRIBUTORS, 250, rng_out)
    outlets = huabei_distribution_story(cal, outlets, rng_for("abc.story1"))

    pos, up_abc = abc_pos_sell_out(cal, cat, stores, price_in, ABC_ACTIVITIES)
    trad, up_trad = trad_sell_out(cal, cat, outlets, DISTRIBUTORS, price_in, ABC_ACTIVITIES,
                                  rng_for("abc.trad"))
    uplift = {a.activity: up_abc[a.activity] + up_trad[a.activity] for a in ABC_ACTIVITIES}

    # Sell-in: ABC's DC and each distributor replenish from their own sell-out.
    rng = rng_for("abc.sellin")
    case_pack = cat.df["case_pack"].to_numpy()
    frames, stock = [], {}
    ka_next = season_next_ratio(cal, cat, ABC_SEASON, ABC_CNY_LIFT, 0.1)
    tt_next = season_next_ratio(cal, cat, ABC_SEASON, ABC_CNY_LIFT, 0.45)
    sec = units_cube(pos, cat.k, cal.n)
    prim, stock["ABC"] = replenish(sec, 0.30, case_pack, next_month_demand(sec, ka_next), rng)
    frames.append(sell_in_frame(cal, cat, prim, "ABC", "ABC 零售", "全国", "KA", price_in["ABC"]))
    for d in DISTRIBUTORS:
        sec = units_cube(trad[trad["customer_id"] == d.id], cat.k, cal.n)
        push = stuffing_push(cal) if d.id == "D05" else None
        prim, stock[d.id] = replenish(sec, d.cover, case_pack, next_month_demand(sec, tt_next), rng, push=push)
        frames.append(sell_in_frame(cal, cat, prim, d.id, d.name, d.region, "经销商", price_in[d.id]))
    sales = pd.concat(frames + [pos, trad], ignore_index=True)
    sales = sales.sort_values(["period", "kind", "customer_id", "outlet_id", "sku"], ignore_index=True)

    sell_in = sell_in_yuan(sales)
    targets = make_targets(cal, sell_in, [2024, 2025, 2026], abc_growth_plan, rng_for("abc.targets"),
                           price_change={2025: {"饮料": 0.09}})

    ledgers = []
    for d in DISTRIBUTORS:
        li = ledger_inputs(sales, d.id, stock[d.id], price_in[d.id], cal.n)
        t = targets[targets["customer_id"] == d.id].groupby("period")["net_sales"].sum()
        tgt = t.reindex(cal.labels, fill_value=0).to_numpy()
        ledgers.append(distributor_ledger(cal, d, li, tgt, rng_for(f"abc.ledger.{d.id}")))
    ledger = pd.concat(ledgers, ignore_index=True).sort_values(["period", "customer_id"], ignore_index=True)

    activities = activities_frame(ABC_ACTIVITIES, uplift, sales, rng_for("abc.activities"))
    stores = stores.assign(potential=store_potential(stores, pos, cal))
    return AbcCase(cal, cat, stores, outlets, sales, targets, ledger, activities, price_in)


def store_potential(stores: pd.DataFrame, pos: pd.DataFrame, cal: Calendar) -> np.ndarray:
    """Annual potential of a store for the brand's categories (shelf-price value).

    Last full year's sales, annualised for stores open part of it, divided by
    a share of wallet of 38-62 % (ABC is a strong account for the brand).
    """
    rng = rng_for("abc.store_potential")
    by = pos.assign(year=cal.year[pos["_m"].to_numpy()]).groupby(["outlet_id", "year"])
    net = by["net_sales"].sum() / 100
    months = by["_m"].nunique()
    annual = (net / months * 12).unstack("year")
    best = annual[2025].fillna(annual[2024]).reindex(stores["outlet_id"]).to_numpy()
    return np.round(best / rng.uniform(0.38, 0.62, len(stores)), 0)


# --------------------------------------------------------------------------- the ABC pipeline

# Key-account deals for 2026 as the sales team's CRM lists them on 2025-12-31 (stage 4 of
# the course). Amounts are annual contract values; probability is the owner's own estimate
# where the CRM has one (blank: the stage default applies). The story deal is O2501: the
# biggest deal, stuck in 招投标 since its expected close of 2025-06-30, and its owner still
# says 90 %. Several early deals are restaurant groups: the whitespace of story 5.
# (id, name, customer_id, customer_name, region, stage, amount, close, owner, probability, status)
ABC_OPPORTUNITIES = [
    ("O2501", "中央厨房调味品年度集采", "K01", "京味楼餐饮集团", "华北", "招投标", 3_600_000, "2025-06-30", "刘洋", 90, "进行中"),
    ("O2502", "企业食堂团餐调味品与速食供应", "K02", "沪上团餐服务", "华东", "工程实施", 1_450_000, "2025-09-30", "张伟", None, "赢单"),
    ("O2503", "连锁火锅门店调味品与饮料配套", "K03", "蜀香火锅连锁", "华东", "提案", 980_000, "2026-03-31", "张伟", None, "进行中"),
    ("O2504", "快餐连锁饮料进店", "K04", "岭南快餐连锁", "华南", "立项", 760_000, "2026-05-31", "李娜", None, "进行中"),
    ("O2505", "高校食堂年度食材配送（调味品包）", "K05", "华中高校后勤集团", "华中", "招投标", 1_150_000, "2026-02-28", "王强", None, "进行中"),
    ("O2506", "酒店集团客房迷你吧饮料零食", "K06", "粤华酒店集团", "华南", "商务谈判", 640_000, "2025-11-30", "李娜", None, "丢单"),
    ("O2507", "社区生鲜连锁新品进场", "K07", "邻里鲜生活超市", "华东", "商务谈判", 870_000, "2026-01-31", "张伟", 80, "进行中"),
    ("O2508", "便利店连锁冷柜乳品专区", "K08", "快客便利（华北）", "华北", "提案", 520_000, "2026-04-30", "刘洋", None, "进行中"),
    ("O2509", "烧烤连锁餐饮装生抽试用", "K09", "串串香烧烤连锁", "华中", "客户开发", 300_000, "2026-09-30", "王强", None, "进行中"),
    ("O2510", "航空配餐零食供应", "K10", "南方航空食品", "华南", "招投标", 1_300_000, "2026-03-31", "李娜", None, "进行中"),
    ("O2511", "连锁面馆调味品集采", "K11", "老北京面馆连锁", "华北", "立项", 450_000, "2026-06-30", "刘洋", None, "进行中"),
    ("O2512", "电商旗舰店年度供货", "K12", "优选电商", "华东", "工程实施", 1_900_000, "2025-07-31", "张伟", None, "赢单"),
    ("O2513", "中学食堂团餐速食", "K13", "湘江教育后勤", "华中", "提案", 380_000, "2026-04-30", "王强", None, "进行中"),
    ("O2514", "茶饮连锁乳品原料", "K14", "茶语连锁", "华南", "客户开发", 600_000, "2026-10-31", "李娜", None, "进行中"),
    ("O2515", "加油站便利店零食饮料", "K15", "华北能源便利", "华北", "商务谈判", 820_000, "2025-10-31", "刘洋", None, "丢单"),
    ("O2516", "连锁川菜馆调味品", "K16", "川味坊餐饮", "华东", "客户开发", 420_000, "2026-08-31", "张伟", None, "进行中"),
    ("O2517", "企业福利年节礼盒", "K17", "华中企业福利平台", "华中", "工程实施", 560_000, "2025-12-31", "王强", None, "赢单"),
    ("O2518", "机场零售饮料零食", "K18", "京港机场商贸", "华北", "提案", 690_000, "2026-05-31", "刘洋", None, "进行中"),
]


def abc_opportunities() -> pd.DataFrame:
    """The ABC team's key-account pipeline (its own seeded stream: no other file changes).

    Amounts get a small seeded jitter (rounded to the thousand) so they read like real
    quotes; the story deal O2501 keeps its round 3,600,000 and its date."""
    rng = rng_for("abc.opportunities")
    rows = []
    for oid, name, cid, cname, region, stage, amount, close, owner, prob, status in ABC_OPPORTUNITIES:
        if oid != "O2501":
            amount = float(np.round(amount * rng.uniform(0.93, 1.07), -3))
        rows.append({"opportunity_id": oid, "opportunity_name": name, "customer_id": cid,
                     "customer_name": cname, "region": region, "stage": stage,
                     "amount": f"{amount:.2f}", "probability": "" if prob is None else prob,
                     "expected_close": close, "owner": owner, "status": status})
    return pd.DataFrame(rows)
