#!/usr/bin/env python
"""Generate the bundled case data of the workshop kit.

Two cases and the trainee files derived from them:

* ``abc/``      禾味食品 (HeWei Foods) selling to the key account ABC 零售 and through
                eight distributors to ~2,000 traditional outlets, 2023-01..2025-12.
* ``pharma/``   华康制药 selling chronic-disease drugs to the pharmacy chain
                康泰大药房 (KT), 2024-01..2025-12.
* ``trainees/`` five files "as trainees really send them" (title rows, GBK, 万元,
                Excel serial dates, an xlsx saved as .csv, a notes sheet, a few bad rows).

Everything is seeded: running the script twice gives byte-identical files
(gzip and xlsx timestamps are pinned). The stories hidden in the data are
documented for trainers only in ``TRAINER.md``; ``story_check.py`` prints the
numbers that prove them.

Usage::

    python datasets/generate.py                      # rewrite datasets/abc, pharma, trainees
    python datasets/generate.py --scale 40 --out out/bench   # ~10M-row sales.csv for benchmarks

The model, in one paragraph: sell-out is generated bottom-up (outlet x sku x
month) from an outlet's size, its listed assortment, the sku's weight, the
category's seasonality (including the Chinese New Year shopping window), a trend
and noise. Sell-in is then derived from sell-out through a stock-cover
replenishment rule per customer, so shipments lead demand, pipeline-fill new
skus and - for one distributor - run ahead of demand (stock stuffing).
Targets are last year's actuals times a plan growth; the distributor ledger is
built from the same rows, so every total reconciles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
SEED = 20260105

SALES_COLUMNS = [
    "period", "kind", "customer_id", "customer_name", "region", "channel", "outlet_id",
    "sku", "brand", "category", "units", "gross_sales", "net_sales", "cost",
]
LEDGER_COLUMNS = [
    "period", "customer_id", "revenue", "cogs", "rebates", "warehouse", "logistics",
    "sales_staff", "other_opex", "inventory", "receivables", "payables",
    "primary_units", "secondary_units",
]
TARGET_COLUMNS = ["period", "region", "customer_id", "category", "net_sales", "units"]
ACTIVITY_COLUMNS = [
    "activity", "type", "customer_id", "owner", "start", "end", "cost",
    "expected_uplift", "actual_uplift", "kpi", "status",
]

# Chinese New Year: shoppers stock up in the three weeks before it, and
# traditional trade slows in the holiday week after it. Its date moves between
# January and February, which is exactly what makes Jan/Feb comparisons tricky.
CNY_DATES = {
    2022: dt.date(2022, 2, 1), 2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17),
}


def rng_for(name: str) -> np.random.Generator:
    """An independent, stable random stream per component.

    Seeding each table/story from (SEED, name) means tuning one story does not
    reshuffle every other table.
    """
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class Calendar:
    periods: pd.PeriodIndex

    @property
    def n(self) -> int:
        return len(self.periods)

    @property
    def labels(self) -> np.ndarray:
        return np.array([str(p) for p in self.periods], dtype=object)

    @property
    def year(self) -> np.ndarray:
        return np.asarray(self.periods.year)

    @property
    def moy(self) -> np.ndarray:
        return np.asarray(self.periods.month)

    @property
    def days(self) -> np.ndarray:
        return np.asarray(self.periods.days_in_month)

    def index_of(self, label: str) -> int:
        return int(np.flatnonzero(self.labels == label)[0])


def calendar(start: str, end: str) -> Calendar:
    return Calendar(pd.period_range(start, end, freq="M"))


def window_weights(cal: Calendar, start: dt.date, end: dt.date) -> np.ndarray:
    """Share of each month's days that fall inside [start, end]."""
    w = np.zeros(cal.n)
    for i, p in enumerate(cal.periods):
        first = dt.date(p.year, p.month, 1)
        last = dt.date(p.year, p.month, int(p.days_in_month))
        lo, hi = max(first, start), min(last, end)
        if lo <= hi:
            w[i] = ((hi - lo).days + 1) / p.days_in_month
    return w


def cny_factor(cal: Calendar, pre_lift: float, post_dip: float,
               pre_days: int = 21, post_days: int = 7) -> np.ndarray:
    """Monthly demand multiplier from the New Year shopping window.

    Daily demand is (1 + pre_lift) in the `pre_days` before CNY and
    (1 - post_dip) in the `post_days` from CNY on; the monthly factor is the
    mean over the month's days, so the peak lands in January or February
    depending on the year.
    """
    f = np.ones(cal.n)
    pos = {(p.year, p.month): i for i, p in enumerate(cal.periods)}
    for cny in CNY_DATES.values():
        for d in range(1, pre_days + 1):
            day = cny - dt.timedelta(days=d)
            i = pos.get((day.year, day.month))
            if i is not None:
                f[i] += pre_lift / cal.days[i]
        for d in range(post_days):
            day = cny + dt.timedelta(days=d)
            i = pos.get((day.year, day.month))
            if i is not None:
                f[i] -= post_dip / cal.days[i]
    return f


def lognormal_noise(rng: np.random.Generator, sigma: float, size) -> np.ndarray:
    """Multiplicative noise with mean 1."""
    return rng.lognormal(-sigma * sigma / 2, sigma, size=size)


def cents(x: np.ndarray) -> np.ndarray:
    """Money is carried as integer cents so that every sum reconciles exactly."""
    return np.rint(np.asarray(x, dtype=float) * 100).astype(np.int64)


# --------------------------------------------------------------------------- catalog


@dataclass
class Catalog:
    """Products plus their month-by-month prices.

    `base_price` (the first year's list price) converts a value weight into
    units, so a later price rise does not by itself cut units; volume response
    to price is modelled explicitly (see `beverage_price_story`).
    """

    df: pd.DataFrame  # sku, sku_name, brand, category, case_pack, weight, launch, delist
    categories: list[str]
    cat_idx: np.ndarray  # (K,)
    list_price: np.ndarray  # (K, M) brand list price per unit
    unit_cost: np.ndarray  # (K, M) brand cost per unit
    retail_price: np.ndarray  # (K, M) shelf price at the key account / pharmacy
    avail: np.ndarray  # (K, M) sku on sale in that month
    base_price: np.ndarray  # (K,)

    @property
    def k(self) -> int:
        return len(self.df)


ABC_CATEGORIES = ["饮料", "休闲零食", "调味品", "速食", "乳品"]

# sku, name, brand, category, 2023 list price, cost ratio, value weight, case pack
ABC_PRODUCTS = [
    ("HW101", "禾味冰红茶 500ml", "禾味", "饮料", 2.45, 0.52, 1.6, 15),
    ("HW102", "禾味茉莉绿茶 500ml", "禾味", "饮料", 2.45, 0.52, 1.2, 15),
    ("HW103", "禾味柠檬茶 500ml", "禾味", "饮料", 2.75, 0.50, 1.0, 15),
    ("HW104", "禾味鲜橙汁 1L", "禾味", "饮料", 7.80, 0.58, 0.8, 12),
    ("HW105", "禾味酸梅汤 330ml", "禾味", "饮料", 2.90, 0.48, 0.6, 24),
    ("HW106", "禾味苏打水 410ml", "禾味", "饮料", 2.60, 0.45, 0.9, 15),
    ("HW107", "禾味凉茶 310ml 罐装", "禾味", "饮料", 2.85, 0.50, 1.1, 24),
    ("HW108", "禾味椰汁 1.25L", "禾味", "饮料", 9.60, 0.55, 0.9, 6),
    ("HW201", "脆乐薯片 原味 75g", "脆乐", "休闲零食", 5.20, 0.50, 1.3, 20),
    ("HW202", "脆乐薯片 番茄味 75g", "脆乐", "休闲零食", 5.20, 0.50, 1.0, 20),
    ("HW203", "脆乐虾条 60g", "脆乐", "休闲零食", 3.40, 0.48, 0.7, 30),
    ("HW204", "脆乐麻辣锅巴 90g", "脆乐", "休闲零食", 3.90, 0.47, 0.7, 30),
    ("HW205", "禾味五香牛肉干 100g", "禾味", "休闲零食", 18.50, 0.62, 0.9, 20),
    ("HW206", "禾味每日坚果礼盒 750g", "禾味", "休闲零食", 68.00, 0.60, 1.1, 6),
    ("HW207", "脆乐海苔卷 40g", "脆乐", "休闲零食", 6.80, 0.50, 0.6, 24),
    ("HW208", "禾味香辣条 108g", "禾味", "休闲零食", 2.30, 0.45, 0.35, 40),
    ("HW301", "禾味特级生抽 500ml", "禾味", "调味品", 7.90, 0.55, 1.3, 12),
    ("HW302", "禾味红烧老抽 500ml", "禾味", "调味品", 7.40, 0.55, 0.8, 12),
    ("HW303", "禾味蚝油 700g", "禾味", "调味品", 11.50, 0.57, 1.0, 12),
    ("HW304", "禾味陈酿香醋 500ml", "禾味", "调味品", 6.60, 0.52, 0.7, 12),
    ("HW305", "禾味料酒 500ml", "禾味", "调味品", 4.90, 0.50, 0.6, 12),
    ("HW306", "禾味鸡精 200g", "禾味", "调味品", 8.80, 0.55, 0.7, 20),
    ("HW307", "禾味牛油火锅底料 300g", "禾味", "调味品", 12.60, 0.53, 0.9, 30),
    ("HW308", "禾味特级生抽 1.9L 餐饮装", "禾味", "调味品", 24.50, 0.58, 0.5, 6),
    ("HW401", "禾味红烧牛肉面 五连包", "禾味", "速食", 11.20, 0.60, 1.2, 6),
    ("HW402", "禾味酸菜牛肉面 桶装", "禾味", "速食", 3.80, 0.58, 1.0, 12),
    ("HW403", "禾味自热米饭 260g", "禾味", "速食", 12.90, 0.57, 0.7, 12),
    ("HW404", "禾味螺蛳粉 330g", "禾味", "速食", 10.50, 0.55, 0.8, 16),
    ("HW405", "禾味葱油拌面 4连包", "禾味", "速食", 13.80, 0.52, 0.6, 8),
    ("HW406", "禾味自热火锅 380g", "禾味", "速食", 16.80, 0.56, 0.6, 12),
    ("HW407", "禾味八宝粥 360g", "禾味", "速食", 3.60, 0.55, 1.0, 24),
    ("HW408", "禾味速食米线 桶装", "禾味", "速食", 4.60, 0.55, 0.5, 12),
    ("HW501", "鲜享纯牛奶 250ml×12盒", "鲜享", "乳品", 38.00, 0.66, 1.6, 4),
    ("HW502", "鲜享高钙奶 250ml×12盒", "鲜享", "乳品", 42.00, 0.65, 0.9, 4),
    ("HW503", "鲜享风味酸奶 200g", "鲜享", "乳品", 4.20, 0.58, 1.0, 24),
    ("HW504", "鲜享乳酸菌饮品 340ml", "鲜享", "乳品", 4.60, 0.50, 0.9, 24),
    ("HW505", "鲜享早餐奶 250ml×12盒", "鲜享", "乳品", 36.50, 0.64, 0.7, 4),
    ("HW506", "鲜享儿童成长奶 190ml×15盒", "鲜享", "乳品", 49.00, 0.60, 0.6, 4),
    ("HW507", "鲜享希腊酸奶 100g×4杯", "鲜享", "乳品", 16.90, 0.55, 0.6, 12),
    ("HW508", "鲜享燕麦奶 1L", "鲜享", "乳品", 13.50, 0.52, 0.7, 12),
]
# Portfolio changes give the price/volume/mix bridge its "new" and "lost" bars.
ABC_LAUNCH = {"HW508": "2024-04", "HW507": "2025-03"}
ABC_DELIST = {"HW208": "2024-09"}  # first month no longer sold

# Seasonality of the base demand by calendar month (CNY handled separately).
ABC_SEASON = {
    "饮料": [0.80, 0.72, 0.82, 0.95, 1.08, 1.30, 1.45, 1.42, 1.12, 0.92, 0.76, 0.78],
    "休闲零食": [1.00, 0.90, 0.92, 0.95, 0.96, 0.95, 0.97, 0.98, 1.02, 1.05, 1.05, 1.15],
    "调味品": [1.02, 0.95, 0.98, 1.00, 1.00, 0.98, 0.97, 0.98, 1.02, 1.02, 1.02, 1.06],
    "速食": [1.10, 1.00, 1.02, 0.98, 0.95, 0.90, 0.88, 0.92, 0.98, 1.04, 1.08, 1.15],
    "乳品": [1.00, 0.95, 0.98, 0.98, 0.98, 0.94, 0.93, 0.95, 1.05, 1.05, 1.05, 1.12],
}
# Daily lift in the pre-CNY window: gift boxes (dairy, nuts) and snacks peak most.
ABC_CNY_LIFT = {"饮料": 0.9, "休闲零食": 1.3, "调味品": 0.6, "速食": 0.3, "乳品": 1.4}


def retail_round(p: np.ndarray) -> np.ndarray:
    """Shelf prices end in .x0 or .x9 the way Chinese retailers price."""
    p = np.asarray(p, dtype=float)
    up = np.ceil(p * 10) / 10
    return np.where(p >= 10, up - 0.01 * (np.floor(up) == up), up).round(2)


def abc_catalog(cal: Calendar) -> Catalog:
    rng = rng_for("abc.catalog")
    df = pd.DataFrame(ABC_PRODUCTS, columns=[
        "sku", "sku_name", "brand", "category", "price0", "cost_ratio", "weight", "case_pack"])
    k, m = len(df), cal.n
    cat_idx = np.array([ABC_CATEGORIES.index(c) for c in df["category"]])
    years = sorted(set(cal.year))
    # Yearly list prices: small, uneven increases; the 2025 beverage rise is a story.
    price = {years[0]: df["price0"].to_numpy(float)}
    for y in years[1:]:
        bump = np.where(rng.random(k) < 0.35, rng.uniform(0.01, 0.03, k), 0.0)
        price[y] = price[y - 1] * (1 + bump)
    price = beverage_price_story(df, price, rng)
    # Brand costs creep up; beverage packaging/sugar costs jump in 2025 (the reason
    # given internally for the price rise).
    cost_infl = {y: 1.0 + 0.012 * (y - years[0]) for y in years}
    list_price = np.zeros((k, m))
    unit_cost = np.zeros((k, m))
    for j, y in enumerate(cal.year):
        list_price[:, j] = np.round(price[y], 2)
        extra = np.where((df["category"] == "饮料") & (y >= 2025), 1.045, 1.0)
        unit_cost[:, j] = np.round(df["price0"] * df["cost_ratio"] * cost_infl[y] * extra, 2)
    retail = retail_round(list_price * 1.30)
    launch = np.array([cal.index_of(ABC_LAUNCH[s]) if s in ABC_LAUNCH else 0 for s in df["sku"]])
    delist = np.array([cal.index_of(ABC_DELIST[s]) if s in ABC_DELIST else m for s in df["sku"]])
    avail = (np.arange(m)[None, :] >= launch[:, None]) & (np.arange(m)[None, :] < delist[:, None])
    df["launch"], df["delist"] = launch, delist
    return Catalog(df, ABC_CATEGORIES, cat_idx, list_price, unit_cost, retail, avail,
                   df["price0"].to_numpy(float))


def beverage_price_story(df: pd.DataFrame, price: dict, rng) -> dict:
    """Story 2: beverages take an 8-10 % list-price rise on 2025-01-01.

    The volume loss that follows is applied in `demand_trend` (elasticity), so
    beverage revenue looks flat while units fall.
    """
    if 2025 in price:
        bev = (df["category"] == "饮料").to_numpy()
        rise = rng.uniform(0.078, 0.106, len(df))
        price[2025] = np.where(bev, price[2024] * (1 + rise), price[2025])
    return price


# --------------------------------------------------------------------------- geography


@dataclass(frozen=True)
class Distributor:
    id: str
    name: str
    region: str
    cities: tuple[str, ...]
    discount: float  # off-invoice discount from the brand's list price
    cover: float  # target month-end stock, in months of next month's sell-out
    dso: float  # receivable days
    dpo: float  # payable days
    rebate: float  # monthly rebate rate on purchases
    bonus: float  # quarterly bonus rate when the quarter's sell-in target is met
    growth: float  # underlying yearly growth of its outlets' demand


DISTRIBUTORS = [
    Distributor("D01", "华东顺达商贸", "华东", ("上海", "嘉兴"), 0.082, 0.62, 19, 14, 0.020, 0.010, 0.025),
    Distributor("D02", "杭州禾丰贸易", "华东", ("杭州", "苏州", "昆山"), 0.078, 0.55, 23, 12, 0.020, 0.012, 0.030),
    Distributor("D03", "北京瑞通商贸", "华北", ("北京", "廊坊", "保定"), 0.085, 0.70, 26, 16, 0.022, 0.010, 0.015),
    Distributor("D04", "天津恒信食品贸易", "华北", ("天津", "石家庄", "沧州"), 0.074, 0.66, 28, 11, 0.018, 0.012, 0.010),
    Distributor("D05", "广州粤丰商贸", "华南", ("广州", "佛山", "清远", "湛江"), 0.080, 0.58, 17, 15, 0.021, 0.015, 0.020),
    Distributor("D06", "深圳鹏程贸易", "华南", ("深圳", "东莞"), 0.090, 0.48, 15, 20, 0.019, 0.010, 0.025),
    Distributor("D07", "武汉楚源商贸", "华中", ("武汉", "襄阳", "郑州"), 0.076, 0.75, 24, 13, 0.020, 0.010, 0.035),
    Distributor("D08", "长沙湘润贸易", "华中", ("长沙", "岳阳", "常德"), 0.088, 0.60, 21, 17, 0.021, 0.011, 0.030),
]

CITY_TIER = {
    "上海": "一线", "北京": "一线", "广州": "一线", "深圳": "一线",
    "杭州": "二线", "苏州": "二线", "南京": "二线", "天津": "二线", "石家庄": "二线",
    "佛山": "二线", "东莞": "二线", "武汉": "二线", "长沙": "二线", "郑州": "二线",
    "嘉兴": "三线", "廊坊": "三线", "保定": "三线", "湛江": "三线", "岳阳": "三线", "襄阳": "三线",
    "昆山": "四线及以下", "沧州": "四线及以下", "清远": "四线及以下", "常德": "四线及以下",
}
TIER_SIZE = {"一线": 1.2, "二线": 1.0, "三线": 0.85, "四线及以下": 0.7}

DISTRICTS = {
    "上海": ["徐汇", "浦东", "闵行", "静安", "杨浦", "宝山", "普陀", "长宁", "松江", "嘉定", "虹口", "青浦", "奉贤", "金山"],
    "杭州": ["西湖", "拱墅", "上城", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳"],
    "苏州": ["姑苏", "工业园区", "吴中", "相城", "高新区", "吴江", "常熟"],
    "南京": ["鼓楼", "玄武", "秦淮", "建邺", "江宁", "浦口", "栖霞", "雨花台"],
    "广州": ["天河", "越秀", "海珠", "白云", "番禺", "黄埔", "荔湾", "花都", "增城", "南沙", "从化"],
    "深圳": ["福田", "南山", "罗湖", "宝安", "龙岗", "龙华", "光明", "坪山", "盐田", "大鹏"],
    "佛山": ["禅城", "南海", "顺德", "三水"],
    "东莞": ["南城", "东城", "长安"],
    "北京": ["朝阳", "海淀", "丰台", "东城", "西城", "通州", "昌平", "大兴", "顺义", "石景山", "房山", "亦庄"],
    "天津": ["和平", "南开", "河西", "河东", "滨海新区", "西青", "东丽", "北辰", "津南"],
    "石家庄": ["长安", "桥西", "新华", "裕华", "正定", "鹿泉", "栾城"],
    "武汉": ["江汉", "武昌", "洪山", "汉阳", "江岸", "硚口", "青山", "东西湖", "光谷", "江夏", "黄陂"],
    "长沙": ["岳麓", "芙蓉", "天心", "开福", "雨花", "望城", "星沙", "梅溪湖"],
    "郑州": ["金水", "二七", "中原", "管城", "惠济", "郑东新区", "高新区"],
}

# ABC 零售's ~120 stores: city -> (大卖场, 标超, 便利店)
ABC_STORES = {
    "华东": {"上海": (5, 5, 4), "杭州": (2, 4, 3), "苏州": (2, 3, 2), "南京": (2, 4, 2)},
    "华南": {"广州": (3, 4, 4), "深圳": (2, 4, 4), "佛山": (1, 2, 1), "东莞": (1, 1, 1)},
    "华北": {"北京": (3, 5, 4), "天津": (2, 4, 3), "石家庄": (2, 3, 2)},
    "华中": {"武汉": (3, 4, 4), "长沙": (2, 3, 3), "郑州": (2, 3, 2)},
}
# Value weight per store-sku-month at shelf prices (元) and assortment size.
FORMAT_VALUE = {"大卖场": 2600.0, "标超": 1000.0, "便利店": 420.0}
FORMAT_ASSORT = {"大卖场": 40, "标超": 30, "便利店": 15}

CHANNELS = ["KA", "超市", "便利店", "夫妻店", "餐饮"]
# Channel x category affinity (drives both listing and value). 便利店 live on drinks
# and snacks; 餐饮 barely carries the brand's seasonings - the whitespace (story 5).
AFFINITY = np.array([
    # 饮料 休闲零食 调味品 速食 乳品
    [1.10, 1.10, 0.90, 0.90, 1.00],  # KA
    [1.00, 1.00, 1.10, 1.00, 0.90],  # 超市
    [1.50, 1.30, 0.25, 0.90, 1.00],  # 便利店
    [1.20, 1.10, 1.00, 1.00, 0.60],  # 夫妻店
    [1.40, 0.10, 0.04, 0.70, 0.20],  # 餐饮
])

# Traditional-trade outlet profile per channel.
TRAD_PROFILE = pd.DataFrame({
    "channel": ["超市", "便利店", "夫妻店", "餐饮"],
    "mix": [0.20, 0.25, 0.37, 0.18],  # share of the universe
    "active": [0.93, 0.88, 0.84, 0.20],  # share that ever buys the brand
    "p_buy": [0.88, 0.80, 0.68, 0.55],  # monthly chance that a live outlet orders
    "assort": [14, 8, 5, 3],  # listed skus
    "value": [930.0, 390.0, 240.0, 900.0],  # value per sku ordered (元, distributor prices)
    "potential": [250_000.0, 70_000.0, 21_000.0, 180_000.0],  # annual potential, all brands
    "discount": [0.025, 0.018, 0.012, 0.015],  # distributor's discount to the outlet
}).set_index("channel")

STREETS = ["人民路", "解放路", "中山路", "建设路", "和平路", "文化路", "新华路", "胜利路", "光明街",
           "幸福路", "长江路", "黄河路", "青年路", "东风路", "迎宾路", "滨江路", "朝阳路", "友谊路",
           "民主路", "工农路", "学府路", "花园街", "南京路", "北京路", "振兴路", "育才路"]
SURNAMES = list("王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田萧潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤")
SUPER_NAMES = ["惠民", "家家乐", "万家福", "佳乐", "百信", "华联佳", "好邻佳", "联客", "新隆", "乐惠",
               "丰泽", "永盛", "金润", "旺佳", "民生"]
CVS_NAMES = ["优家", "邻里", "乐购", "安心", "一点", "喜乐", "鲜到", "万佳", "快乐", "便民", "24鲜",
             "易家", "小确幸", "晨光"]
SHOP_KINDS = ["食杂店", "小卖部", "烟酒店", "副食店", "粮油店", "百货店"]
FOOD_NAMES = ["老街", "湘味", "川香", "粤港", "金鼎", "福满楼", "好味道", "家常", "聚福", "满堂红",
              "小渔村", "老灶", "鲜之味", "红满天", "一品", "和记", "兴旺", "醉仙"]
FOOD_KINDS = ["饭店", "面馆", "火锅", "大排档", "酒楼", "快餐", "川菜馆", "小炒", "烧烤", "食府"]


def unique_names(names: list[str]) -> list[str]:
    """Real outlet lists repeat names; keep them distinguishable with a branch suffix."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}（{seen[n]}）")
    return out


def abc_stores(cal: Calendar) -> pd.DataFrame:
    """ABC 零售's stores: format, size, opening/closing month, listed assortment.

    Nine stores opened from late 2023 to 2025 (part of why the account grows);
    one small store closed mid-2024.
    """
    rng = rng_for("abc.stores")
    rows = []
    for region, cities in ABC_STORES.items():
        for city, counts in cities.items():
            for fmt, n in zip(["大卖场", "标超", "便利店"], counts, strict=True):
                for _ in range(n):
                    rows.append((region, city, fmt))
    df = pd.DataFrame(rows, columns=["region", "city", "format"])
    df = df.sample(frac=1.0, random_state=7).sort_values(["region", "city"], kind="stable")
    df = df.reset_index(drop=True)
    df["outlet_id"] = [f"ABC{i + 1:03d}" for i in range(len(df))]
    names = []
    for city, grp in df.groupby("city", sort=False):
        districts = DISTRICTS[city]
        for j, fmt in enumerate(grp["format"]):
            d = districts[j % len(districts)]
            suffix = "店" if j < len(districts) else "二店"
            kind = {"大卖场": "", "标超": "", "便利店": "便利"}[fmt]
            names.append(f"ABC 零售 {city}{d}{kind}{suffix}")
    df["outlet_name"] = names
    df["tier"] = df["city"].map(CITY_TIER)
    df["customer_id"] = "ABC"
    df["channel"] = "KA"
    df["size"] = lognormal_noise(rng, 0.28, len(df)) * df["tier"].map(TIER_SIZE).to_numpy()
    # Store openings: 9 stores open between 2023-10 and 2025-09.
    df["open"] = 0
    new = rng.choice(np.flatnonzero(df["format"] != "大卖场"), 9, replace=False)
    df.loc[new, "open"] = np.sort(rng.integers(cal.index_of("2023-10"), cal.index_of("2025-10"), 9))
    df["close"] = cal.n
    closed = rng.choice(np.setdiff1d(np.flatnonzero(df["format"] == "便利店"), new), 1)
    df.loc[closed, "close"] = cal.index_of("2024-07")
    return df


def store_assortment(rng, stores: pd.DataFrame, cat: Catalog) -> np.ndarray:
    """(S, K) bool: which skus each store lists. Hypermarkets carry almost the range."""
    s, k = len(stores), cat.k
    listed = np.zeros((s, k), dtype=bool)
    w = cat.df["weight"].to_numpy() * AFFINITY[0, cat.cat_idx]
    for i, fmt in enumerate(stores["format"]):
        if fmt == "大卖场":
            listed[i] = rng.random(k) < 0.97
        else:
            aff = AFFINITY[2, cat.cat_idx] if fmt == "便利店" else np.ones(k)
            p = w * aff / (w * aff).sum()
            pick = rng.choice(k, FORMAT_ASSORT[fmt], replace=False, p=p)
            listed[i, pick] = True
    # New skus are listed chain-wide in hypermarkets and most supermarkets (新品进场).
    for sku in ABC_LAUNCH:
        j = int(np.flatnonzero(cat.df["sku"] == sku)[0])
        listed[:, j] = (stores["format"] == "大卖场").to_numpy() | (
            (stores["format"] == "标超").to_numpy() & (rng.random(s) < 0.6))
    return listed


def trad_outlets(cal: Calendar, dists: list[Distributor], n_per_dist: int, rng,
                 first_number: int = 1) -> pd.DataFrame:
    """The universe of traditional/other outlets, each served by one distributor.

    About 1 in 10 grocery outlets and 4 in 5 restaurants never buy the brand:
    that is the whitespace of stage 4.
    """
    frames = []
    prof = TRAD_PROFILE
    for d in dists:
        n = n_per_dist
        ch = rng.choice(prof.index.to_numpy(), n, p=prof["mix"].to_numpy())
        city = rng.choice(np.array(d.cities), n, p=city_weights(d.cities))
        frames.append(pd.DataFrame({"customer_id": d.id, "region": d.region, "city": city,
                                    "channel": ch}))
    df = pd.concat(frames, ignore_index=True)
    n = len(df)
    df["outlet_id"] = [f"T{first_number + i:05d}" for i in range(n)]
    df["tier"] = df["city"].map(CITY_TIER)
    df["format"] = [trad_format(rng, c) for c in df["channel"]]
    df["outlet_name"] = unique_names([trad_name(rng, ci, c) for ci, c in zip(df["city"], df["channel"], strict=True)])
    p = prof.loc[df["channel"]]
    df["size"] = lognormal_noise(rng, 0.45, n) * df["tier"].map(TIER_SIZE).to_numpy()
    df["active"] = rng.random(n) < p["active"].to_numpy()
    df["p_buy"] = np.clip(p["p_buy"].to_numpy() * lognormal_noise(rng, 0.18, n), 0.15, 0.97)
    df["q"] = np.clip(rng.normal(0.70, 0.08, n), 0.45, 0.92)  # share of listed skus in an order
    df["assort"] = np.clip(rng.poisson(p["assort"].to_numpy()), 1, 30)
    # Churn both ways: some outlets are won during the period, some lost.
    df["start"] = np.where(rng.random(n) < 0.90, 0, rng.integers(1, cal.n - 2, n))
    df["end"] = np.where(rng.random(n) < 0.10, rng.integers(6, cal.n, n), cal.n)
    df.loc[df["end"] <= df["start"] + 2, "end"] = cal.n
    df["outlet_disc"] = p["discount"].to_numpy() + rng.uniform(-0.006, 0.008, n)
    pot = p["potential"].to_numpy() * df["size"].to_numpy() * lognormal_noise(rng, 0.25, n)
    df["potential"] = np.round(pot, 0)
    return df


def city_weights(cities: tuple[str, ...]) -> np.ndarray:
    w = np.array([{"一线": 3.0, "二线": 2.2, "三线": 1.3, "四线及以下": 1.0}[CITY_TIER[c]] for c in cities])
    return w / w.sum()


def trad_format(rng, channel: str) -> str:
    options = {
        "超市": (["连锁超市", "独立超市"], [0.45, 0.55]),
        "便利店": (["连锁便利", "独立便利"], [0.5, 0.5]),
        "夫妻店": (["社区小店", "食杂店"], [0.55, 0.45]),
        "餐饮": (["中餐", "快餐", "火锅烧烤"], [0.5, 0.3, 0.2]),
    }[channel]
    return str(rng.choice(options[0], p=options[1]))


def trad_name(rng, city: str, channel: str) -> str:
    street = rng.choice(STREETS)
    if channel == "超市":
        return f"{rng.choice(SUPER_NAMES)}超市（{city}{street}店）"
    if channel == "便利店":
        return f"{rng.choice(CVS_NAMES)}便利店（{city}{street}店）"
    if channel == "夫妻店":
        return f"{city}{street}{rng.integers(1, 400)}号{rng.choice(SURNAMES)}记{rng.choice(SHOP_KINDS)}"
    return f"{city}{rng.choice(FOOD_NAMES)}{rng.choice(FOOD_KINDS)}（{street}）"


def huabei_distribution_story(cal: Calendar, outlets: pd.DataFrame, rng) -> pd.DataFrame:
    """Story 1: 华北 loses distribution during 2025.

    D04 lost two sales reps at the turn of the year and D03 cut visit
    frequency. Small shops go first (selection weighted to small outlets and
    夫妻店), so numeric distribution falls much more than sales do. Part of the
    loss is immediate (no order at all in 2025), the rest drifts away during
    the year; neither distributor opens new outlets in 2025.
    """
    out = outlets.copy()
    jan = cal.index_of("2025-01")
    plan = {"D04": (0.34, 0.55, "2025-08"), "D03": (0.17, 0.35, "2025-10")}
    for dist, (share, at_once, last) in plan.items():
        mine = (out["customer_id"] == dist).to_numpy()
        live = mine & out["active"].to_numpy() & (out["start"] < jan).to_numpy() & (out["end"] > jan + 11).to_numpy()
        idx = np.flatnonzero(live)
        w = out["size"].to_numpy()[idx] ** -1.5 * np.where(out["channel"].to_numpy()[idx] == "夫妻店", 1.6, 1.0)
        lost = rng.choice(idx, int(round(share * len(idx))), replace=False, p=w / w.sum())
        end = np.where(rng.random(len(lost)) < at_once, jan, rng.integers(jan + 1, cal.index_of(last) + 1, len(lost)))
        out.loc[out.index[lost], "end"] = end
        late = mine & (out["start"] >= jan).to_numpy()
        out.loc[late, "active"] = False
    return out


# --------------------------------------------------------------------------- activities


@dataclass
class ActivitySpec:
    """A past promotion. `bump` lifts the scoped demand inside the window; the
    lift actually realised is measured from the generated rows, and the cost is
    set so that actual_uplift x gross margin / cost equals `roi`."""

    activity: str
    type: str
    customer_id: str
    category: str | None
    start: str
    end: str
    bump: float
    roi: float
    owner: str
    kpi: str
    where: dict = field(default_factory=dict)  # outlet attribute -> allowed values
    ramp: int = 0  # months to reach the full bump (programmes that build up)
    expect: float = 1.1  # expected_uplift / actual_uplift as planned


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


@dataclass
class Lift:
    """Where one activity lifted demand: flat cell indices and the lift there."""

    spec: ActivitySpec
    cells: np.ndarray
    lift: np.ndarray


def activity_lifts(specs: list[ActivitySpec], cal: Calendar, cat: Catalog, ent: pd.DataFrame,
                   o: np.ndarray, k: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, list[Lift]]:
    """Demand multiplier for each generated cell (o, k, m) from all activities."""
    mult = np.ones(len(o))
    lifts = []
    for spec in specs:
        w = window_weights(cal, dt.date.fromisoformat(spec.start), dt.date.fromisoformat(spec.end))
        if spec.ramp:
            since = np.arange(cal.n) - int(np.flatnonzero(w > 0)[0])
            w = np.where(w > 0, w * np.minimum(1.0, (since + 1) / spec.ramp), 0.0)
        in_scope = np.array(ent["customer_id"] == spec.customer_id, dtype=bool)
        for col, allowed in spec.where.items():
            in_scope &= np.array(ent[col].isin(allowed), dtype=bool)
        sel = in_scope[o] & (w[m] > 0)
        if spec.category is not None:
            sel &= np.asarray(cat.categories)[cat.cat_idx[k]] == spec.category
        cells = np.flatnonzero(sel)
        lift = spec.bump * w[m[cells]]
        mult[cells] += lift
        lifts.append(Lift(spec, cells, lift))
    return mult, lifts


def realised_uplift(lifts: list[Lift], mult: np.ndarray, units: np.ndarray, k: np.ndarray,
                    m: np.ndarray, price_in: dict[str, np.ndarray]) -> dict[str, float]:
    """Incremental brand net sales (sell-in value) each activity produced.

    The extra units in a lifted cell are units x lift / multiplier; they are
    valued at the customer's purchase price, i.e. as the brand's net sales.
    """
    out = {}
    for lf in lifts:
        c = lf.cells
        extra = units[c] * lf.lift / mult[c]
        out[lf.spec.activity] = float(np.sum(extra * price_in[lf.spec.customer_id][k[c], m[c]]))
    return out


# --------------------------------------------------------------------------- pricing


def purchase_prices(cal: Calendar, cat: Catalog, discounts: dict[str, float], rng) -> dict[str, np.ndarray]:
    """(K, M) net price per unit each customer pays the brand.

    List price less the customer's off-invoice discount, less occasional
    trade deals (1-3 % on a category for a month).
    """
    out = {}
    ncat = len(cat.categories)
    for cid, disc in discounts.items():
        deal = np.where(rng.random((ncat, cal.n)) < 0.25, rng.uniform(0.01, 0.03, (ncat, cal.n)), 0.0)
        out[cid] = cat.list_price * (1 - disc) * (1 - deal[cat.cat_idx])
    return out


# --------------------------------------------------------------------------- sell-out


def demand_trend(cal: Calendar, cat: Catalog, growth: np.ndarray | float) -> np.ndarray:
    """(E, K, M)-broadcastable trend: yearly growth plus the 2025 beverage volume loss.

    Story 2: after the 2025 price rise beverage demand drops ~14 % against
    trend, so beverage units fall ~10 % while revenue stays roughly flat.
    """
    t = np.arange(cal.n) / 12.0
    g = np.asarray(growth, dtype=float).reshape(-1, 1, 1)
    trend = (1 + g) ** t[None, None, :]
    bev = (np.asarray(cat.categories)[cat.cat_idx] == "饮料")[None, :, None]
    elastic = np.where(bev & (cal.year >= 2025)[None, None, :], 0.855, 1.0)
    return trend * elastic


def season_matrix(cal: Calendar, cat: Catalog, season: dict, cny_lift: dict, post_dip: float) -> np.ndarray:
    """(K, M) seasonality per sku: category month shape times the CNY window."""
    out = np.zeros((cat.k, cal.n))
    for c, name in enumerate(cat.categories):
        f = np.asarray(season[name])[cal.moy - 1] * cny_factor(cal, cny_lift[name], post_dip)
        out[cat.cat_idx == c] = f
    return out


def season_next_ratio(cal: Calendar, cat: Catalog, season: dict, cny_lift: dict, post_dip: float) -> np.ndarray:
    """(K,) seasonality of the month after the horizon relative to the last month."""
    ext = calendar(str(cal.periods[0]), str(cal.periods[-1] + 1))
    m = season_matrix(ext, cat, season, cny_lift, post_dip)
    return m[:, -1] / m[:, -2]


def abc_pos_sell_out(cal: Calendar, cat: Catalog, stores: pd.DataFrame, price_in: dict,
                     specs: list[ActivitySpec]) -> tuple[pd.DataFrame, dict]:
    """Story 6: ABC 零售's POS sell-out per store x sku x month.

    A healthy account: ~5 % like-for-like growth a year plus new stores.
    """
    rng = rng_for("abc.pos")
    listed = store_assortment(rng, stores, cat)
    k_n, m_n = cat.k, cal.n
    open_ = (np.arange(m_n)[None, :] >= stores["open"].to_numpy()[:, None]) & (
        np.arange(m_n)[None, :] < stores["close"].to_numpy()[:, None])
    pick = listed[:, :, None] & open_[:, None, :] & cat.avail[None, :, :]
    pick &= rng.random(pick.shape) > 0.012  # an occasional out-of-stock month
    o, k, m = np.nonzero(pick)
    season = season_matrix(cal, cat, ABC_SEASON, ABC_CNY_LIFT, post_dip=0.1)
    trend = demand_trend(cal, cat, 0.05)[0]
    region_codes = stores["region"].astype("category").cat.codes.to_numpy()
    macro = lognormal_noise(rng, 0.035, (4, len(cat.categories), m_n))
    # New stores ramp up over their first six months.
    age = m - stores["open"].to_numpy()[o]
    ramp = np.where(stores["open"].to_numpy()[o] > 0, np.minimum(1.0, 0.55 + 0.075 * age), 1.0)
    value = (stores["format"].map(FORMAT_VALUE).to_numpy()[o] * stores["size"].to_numpy()[o]
             * cat.df["weight"].to_numpy()[k] * AFFINITY[0, cat.cat_idx[k]])
    lam = (value / (cat.base_price[k] * 1.30) * season[k, m] * trend[k, m] * ramp
           * macro[region_codes[o], cat.cat_idx[k], m] * lognormal_noise(rng, 0.12, len(o)))
    mult, lifts = activity_lifts(specs, cal, cat, stores, o, k, m)
    units = rng.poisson(lam * mult)
    uplift = realised_uplift(lifts, mult, units, k, m, price_in)
    keep = units > 0
    o, k, m, units = o[keep], k[keep], m[keep], units[keep]
    # Shelf price less member/markdown discounts that vary by month and region.
    markdown = rng.uniform(0.02, 0.07, (4, k_n, m_n))
    gross = cents(units * cat.retail_price[k, m])
    net = cents(units * cat.retail_price[k, m] * (1 - markdown[region_codes[o], k, m]))
    cost = cents(units * price_in["ABC"][k, m])
    df = sales_frame(cal, cat, "sell_out", "ABC", "ABC 零售", stores["region"].to_numpy()[o], "KA",
                     stores["outlet_id"].to_numpy()[o], k, m, units, gross, net, cost)
    return df, uplift


def trad_sell_out(cal: Calendar, cat: Catalog, outlets: pd.DataFrame, dists: list[Distributor],
                  price_in: dict, specs: list[ActivitySpec], rng, names: dict[str, str] | None = None,
                  ) -> tuple[pd.DataFrame, dict]:
    """Distributors' secondary sales per outlet x sku x month (sparse).

    An outlet orders in a month with probability p_buy while it is a customer
    (between `start` and `end`); an order takes ~70 % of its listed skus.
    """
    o_n, k_n, m_n = len(outlets), cat.k, cal.n
    ch_idx = outlets["channel"].map({c: i for i, c in enumerate(CHANNELS)}).to_numpy()
    listed = trad_listing(rng, cal, cat, outlets, ch_idx)  # (O, K) first month listed
    start, end = outlets["start"].to_numpy(), outlets["end"].to_numpy()
    months = np.arange(m_n)
    live = outlets["active"].to_numpy()[:, None] & (months >= start[:, None]) & (months < end[:, None])
    p_buy = outlets["p_buy"].to_numpy()[:, None] * np.ones(m_n)
    # 华北 outlets still buying are visited a little less often in 2025 (story 1).
    hb = (outlets["region"] == "华北").to_numpy()[:, None] & (cal.year >= 2025)[None, :]
    p_buy = np.where(hb, p_buy * 0.97, p_buy)
    buy = live & (rng.random((o_n, m_n)) < p_buy)
    pick = buy[:, None, :] & (listed[:, :, None] <= months[None, None, :]) & cat.avail[None, :, :]
    pick &= rng.random((o_n, k_n, m_n)) < outlets["q"].to_numpy()[:, None, None]
    o, k, m = np.nonzero(pick)
    season = season_matrix(cal, cat, ABC_SEASON, ABC_CNY_LIFT, post_dip=0.45)
    dist_ids = [d.id for d in dists]
    d_idx = outlets["customer_id"].map({d: i for i, d in enumerate(dist_ids)}).to_numpy()
    trend = demand_trend(cal, cat, np.array([d.growth for d in dists]))
    macro = lognormal_noise(rng, 0.05, (len(dists), m_n))
    prof = TRAD_PROFILE.loc[outlets["channel"]]
    value = (prof["value"].to_numpy()[o] * outlets["size"].to_numpy()[o]
             * cat.df["weight"].to_numpy()[k] * AFFINITY[ch_idx[o], cat.cat_idx[k]])
    lam = (value / cat.base_price[k] * season[k, m] * trend[d_idx[o], k, m] * macro[d_idx[o], m]
           * lognormal_noise(rng, 0.30, len(o)))
    mult, lifts = activity_lifts(specs, cal, cat, outlets, o, k, m)
    units = rng.poisson(lam * mult)
    uplift = realised_uplift(lifts, mult, units, k, m, price_in)
    keep = units > 0
    o, k, m, units = o[keep], k[keep], m[keep], units[keep]
    # Distributors sell at the brand's list (suggested wholesale) price less a
    # negotiated outlet discount; their cost is what they paid the brand.
    gross = cents(units * cat.list_price[k, m])
    net = cents(units * cat.list_price[k, m] * (1 - outlets["outlet_disc"].to_numpy()[o]))
    cust = outlets["customer_id"].to_numpy()[o]
    cost = np.zeros(len(o), dtype=np.int64)
    for did in dist_ids:
        sel = cust == did
        cost[sel] = cents(units[sel] * price_in[did][k[sel], m[sel]])
    names = names or {d.id: d.name for d in dists}
    df = sales_frame(cal, cat, "sell_out", cust, pd.Series(cust).map(names).to_numpy(),
                     outlets["region"].to_numpy()[o], outlets["channel"].to_numpy()[o],
                     outlets["outlet_id"].to_numpy()[o], k, m, units, gross, net, cost)
    return df, uplift


def trad_listing(rng, cal: Calendar, cat: Catalog, outlets: pd.DataFrame, ch_idx: np.ndarray) -> np.ndarray:
    """(O, K) month from which each outlet carries each sku (a large number = never).

    Outlets list skus by weight and channel affinity; new skus reach the
    outlets that take them a few months after launch.
    """
    o_n, k_n = len(outlets), cat.k
    first = np.full((o_n, k_n), 10_000)
    w = cat.df["weight"].to_numpy()
    assort = outlets["assort"].to_numpy()
    launch = cat.df["launch"].to_numpy()
    for i in range(o_n):
        p = w * AFFINITY[ch_idx[i], cat.cat_idx]
        p = p / p.sum()
        pick = rng.choice(k_n, min(assort[i], k_n), replace=False, p=p)
        delay = np.where(launch[pick] > 0, rng.geometric(0.22, len(pick)), 0)
        first[i, pick] = launch[pick] + delay
    return first


def sales_frame(cal: Calendar, cat: Catalog, kind: str, customer_id, customer_name, region, channel,
                outlet_id, k, m, units, gross, net, cost) -> pd.DataFrame:
    n = len(k)

    def col(v):
        return np.full(n, v, dtype=object) if np.isscalar(v) else np.asarray(v, dtype=object)

    return pd.DataFrame({
        "period": cal.labels[m], "kind": kind, "customer_id": col(customer_id),
        "customer_name": col(customer_name), "region": col(region), "channel": col(channel),
        "outlet_id": col(outlet_id), "sku": cat.df["sku"].to_numpy()[k],
        "brand": cat.df["brand"].to_numpy()[k], "category": cat.df["category"].to_numpy()[k],
        "units": units.astype(np.int64), "gross_sales": gross, "net_sales": net, "cost": cost,
        "_m": m, "_k": k,
    })


# --------------------------------------------------------------------------- sell-in


def replenish(sec: np.ndarray, cover: float, case_pack: np.ndarray, after: np.ndarray, rng,
              noise: float = 0.15, push: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Derive shipments (primary) from sell-out (secondary) with a stock-cover rule.

    Each month the customer orders enough full cases to cover this month's
    sell-out plus `cover` months of its (imperfect) forecast of next month;
    `after` (K,) is the forecast for the month after the horizon, so the
    last December is stocked for the coming New Year like the others.
    Where `push[t]` > 0 the brand instead ships push[t] x sell-out (stuffing).
    Returns (primary units, month-end stock units), both (K, M).
    Closing stock = opening + primary - secondary holds by construction.
    """
    k_n, m_n = sec.shape
    nxt = np.concatenate([sec[:, 1:], np.asarray(after, dtype=float).reshape(-1, 1)], axis=1).astype(float)
    desired = cover * nxt * lognormal_noise(rng, noise, (k_n, m_n))
    stock = np.rint(cover * sec[:, 0] * lognormal_noise(rng, noise, k_n))
    primary = np.zeros((k_n, m_n), dtype=np.int64)
    closing = np.zeros((k_n, m_n), dtype=np.int64)
    for t in range(m_n):
        if push is not None and push[t] > 0:
            need = sec[:, t] * push[t] * lognormal_noise(rng, 0.06, k_n)
        else:
            need = np.maximum(sec[:, t] + desired[:, t] - stock, 0.0)
        primary[:, t] = (np.ceil(need / case_pack) * case_pack).astype(np.int64)
        stock = stock + primary[:, t] - sec[:, t]
        closing[:, t] = stock
    return primary, closing


def next_month_demand(sec: np.ndarray, season_next: np.ndarray) -> np.ndarray:
    """Forecast of the month after the horizon: last month x seasonal ratio."""
    return sec[:, -1] * season_next


def units_cube(df: pd.DataFrame, k_n: int, m_n: int) -> np.ndarray:
    cube = np.zeros((k_n, m_n), dtype=np.int64)
    np.add.at(cube, (df["_k"].to_numpy(), df["_m"].to_numpy()), df["units"].to_numpy())
    return cube


def sell_in_frame(cal: Calendar, cat: Catalog, primary: np.ndarray, cid: str, cname: str,
                  region: str, channel: str, price: np.ndarray) -> pd.DataFrame:
    k, m = np.nonzero(primary)
    units = primary[k, m]
    gross = cents(units * cat.list_price[k, m])
    net = cents(units * price[k, m])
    cost = cents(units * cat.unit_cost[k, m])
    return sales_frame(cal, cat, "sell_in", cid, cname, region, channel, "", k, m, units, gross, net, cost)


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


# --------------------------------------------------------------------------- targets


def make_targets(cal: Calendar, sell_in: pd.DataFrame, years: list[int], growth, rng,
                 price_change: dict | None = None) -> pd.DataFrame:
    """Monthly sell-in targets per region x customer x category.

    Annual target = last year's actual x (1 + plan growth), rounded to 100 元
    the way plans are; phased by a blend of last year's month shares for that
    customer-category and the category as a whole. Because phasing uses last
    year's calendar, the moving CNY makes Jan/Feb achievement swing.
    """
    si = sell_in.assign(year=sell_in["period"].str[:4].astype(int),
                        moy=sell_in["period"].str[5:7].astype(int))
    keys = ["region", "customer_id", "category"]
    frames = []
    for y in years:
        base = si[si["year"] == y - 1]
        if base.empty:
            continue
        annual = base.groupby(keys, as_index=False)[["net_sales", "units"]].sum()
        g = np.array([growth(y, r.customer_id, r.category, r.region) for r in annual.itertuples()])
        g = g + rng.normal(0, 0.018, len(g))
        # Plans are set in round hundreds of 元; kept in cents from here on.
        annual["target"] = (np.round(annual["net_sales"] * (1 + g) / 100) * 100 * 100).astype(np.int64)
        price_py = annual["net_sales"] / annual["units"]
        pc = (price_change or {}).get(y, {})
        annual["price"] = price_py * (1 + annual["category"].map(pc).fillna(0.0).astype(float))
        own = base.groupby(keys + ["moy"])["net_sales"].sum().unstack("moy").reindex(columns=range(1, 13)).fillna(0)
        own = own.div(own.sum(axis=1), axis=0)
        catm = base.groupby(["category", "moy"])["net_sales"].sum().unstack("moy").reindex(columns=range(1, 13)).fillna(0)
        catm = catm.div(catm.sum(axis=1), axis=0)
        for r in annual.itertuples():
            share = 0.7 * own.loc[(r.region, r.customer_id, r.category)].to_numpy() + 0.3 * catm.loc[r.category].to_numpy()
            month_cents = allocate(int(r.target), share)
            units = np.rint(month_cents / 100 / r.price).astype(np.int64)
            frames.append(pd.DataFrame({
                "period": [f"{y}-{mo:02d}" for mo in range(1, 13)], "region": r.region,
                "customer_id": r.customer_id, "category": r.category,
                "net_sales": month_cents, "units": units}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["period", "region", "customer_id", "category"], ignore_index=True)


def allocate(total: int, share: np.ndarray) -> np.ndarray:
    """Split an integer total by shares with largest-remainder rounding (sums exactly)."""
    share = np.asarray(share, dtype=float) / np.sum(share)
    raw = total * share
    base = np.floor(raw).astype(np.int64)
    rest = total - base.sum()
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return base


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


# --------------------------------------------------------------------------- ledger


@dataclass
class LedgerInputs:
    """What a customer's monthly P&L is built from (all per month, cents/units)."""

    revenue: np.ndarray
    cogs: np.ndarray
    purchases: np.ndarray  # sell-in net sales
    primary_units: np.ndarray
    secondary_units: np.ndarray
    inventory: np.ndarray  # month-end stock at cost
    orders: np.ndarray  # outlet-orders (drops) in the month


def ledger_inputs(sales: pd.DataFrame, cid: str, stock: np.ndarray, price: np.ndarray, m_n: int) -> LedgerInputs:
    so = sales[(sales["kind"] == "sell_out") & (sales["customer_id"] == cid)]
    si = sales[(sales["kind"] == "sell_in") & (sales["customer_id"] == cid)]

    def by_month(df, col):
        return np.bincount(df["_m"].to_numpy(), weights=df[col].to_numpy(), minlength=m_n)

    orders = so.groupby("_m")["outlet_id"].nunique().reindex(range(m_n), fill_value=0).to_numpy()
    return LedgerInputs(
        revenue=by_month(so, "net_sales").astype(np.int64), cogs=by_month(so, "cost").astype(np.int64),
        purchases=by_month(si, "net_sales").astype(np.int64),
        primary_units=by_month(si, "units").astype(np.int64),
        secondary_units=by_month(so, "units").astype(np.int64),
        inventory=cents((stock * price).sum(axis=0)), orders=orders)


def ledger_frame(cal: Calendar, cid: str, li: LedgerInputs, rebates: np.ndarray, opex: dict,
                 receivables: np.ndarray, payables: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "period": cal.labels, "customer_id": cid, "revenue": li.revenue, "cogs": li.cogs,
        "rebates": rebates, **opex, "inventory": li.inventory, "receivables": receivables,
        "payables": payables, "primary_units": li.primary_units, "secondary_units": li.secondary_units,
    })


def quarterly_bonus(cal: Calendar, purchases: np.ndarray, target: np.ndarray, rate: float) -> np.ndarray:
    """Bonus rebate booked in a quarter's last month if its sell-in reached target."""
    out = np.zeros(cal.n)
    for q0 in range(0, cal.n, 3):
        q = slice(q0, q0 + 3)
        if target[q].sum() > 0 and purchases[q].sum() >= target[q].sum():
            out[q0 + 2] = rate * purchases[q].sum()
    return out


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

    sell_in = to_money(sales[sales["kind"] == "sell_in"])
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


def to_money(df: pd.DataFrame) -> pd.DataFrame:
    """Cents -> 元 for the money columns (floats that print exactly at 2 decimals)."""
    out = df.copy()
    for c in ("gross_sales", "net_sales", "cost"):
        if c in out:
            out[c] = out[c] / 100
    return out


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


def activities_frame(specs: list[ActivitySpec], uplift: dict, sales: pd.DataFrame, rng) -> pd.DataFrame:
    """Past activities with cost set from realised uplift and the intended payback.

    Gross margin is the brand's margin on that customer's category sell-in in
    the activity months - what a trainee would compute from sales.
    """
    si = sales[sales["kind"] == "sell_in"]
    rows = []
    for s in specs:
        months = pd.period_range(s.start[:7], s.end[:7], freq="M").astype(str)
        sel = si[(si["customer_id"] == s.customer_id) & si["period"].isin(months)]
        if s.category:
            sel = sel[sel["category"] == s.category]
        gm = 1 - sel["cost"].sum() / sel["net_sales"].sum()
        actual = round(uplift[s.activity], 2)
        cost = round(actual * gm / s.roi * float(rng.uniform(0.97, 1.03)), 2)
        expected = round(actual * s.expect * float(lognormal_noise(rng, 0.12, 1)[0]), -2)
        rows.append({"activity": s.activity, "type": s.type, "customer_id": s.customer_id,
                     "owner": s.owner, "start": s.start, "end": s.end, "cost": cost,
                     "expected_uplift": expected, "actual_uplift": actual, "kpi": s.kpi,
                     "status": "完成"})
    return pd.DataFrame(rows, columns=ACTIVITY_COLUMNS).sort_values(["start", "customer_id"], ignore_index=True)


def abc_outlets_table(case: AbcCase) -> pd.DataFrame:
    cols = ["outlet_id", "outlet_name", "customer_id", "region", "channel", "format", "tier", "potential"]
    return pd.concat([case.stores[cols], case.outlets[cols]], ignore_index=True)


def products_table(cat: Catalog, month: int) -> pd.DataFrame:
    """The current price list (the last month of the case)."""
    df = cat.df[["sku", "sku_name", "brand", "category"]].copy()
    df["list_price"] = cat.list_price[:, month]
    df["unit_cost"] = cat.unit_cost[:, month]
    return df


# --------------------------------------------------------------------------- the ABC pipeline

OPPORTUNITY_COLUMNS = [
    "opportunity_id", "opportunity_name", "customer_id", "customer_name", "region", "stage",
    "amount", "probability", "expected_close", "owner", "status",
]

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
    return pd.DataFrame(rows, columns=OPPORTUNITY_COLUMNS)


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
    df = pd.DataFrame(PH_PRODUCTS, columns=[
        "sku", "sku_name", "brand", "category", "price0", "cost_ratio", "weight", "case_pack"])
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
    sell_in = to_money(sales[sales["kind"] == "sell_in"])
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


# --------------------------------------------------------------------------- writing


def write_csv(df: pd.DataFrame, path: Path, gz: bool = False) -> None:
    """UTF-8, LF, money at 2 decimals; gzip with a pinned header (no mtime/name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = df.to_csv(index=False, lineterminator="\n", float_format="%.2f").encode("utf-8")
    if gz:
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                    compresslevel=9) as g:
            g.write(data)
    else:
        path.write_bytes(data)


def public_sales(sales: pd.DataFrame) -> pd.DataFrame:
    return to_money(sales[SALES_COLUMNS])


def money_frame(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        out[c] = out[c] / 100
    return out


XLSX_TIME = dt.datetime(2026, 1, 5, 9, 30, 0)


def save_workbook(wb: Workbook, path: Path, creator: str = "禾味食品 DMS") -> None:
    """Save an xlsx byte-identically on every run: pin the document properties
    and every zip entry's timestamp (openpyxl stamps 'now' on both)."""
    wb.properties.creator = creator
    wb.properties.created = XLSX_TIME
    wb.properties.modified = XLSX_TIME
    wb.properties.lastModifiedBy = None
    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' at save time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            zi = zipfile.ZipInfo(info.filename, date_time=XLSX_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def write_abc(case: AbcCase, out: Path) -> None:
    write_csv(public_sales(case.sales), out / "sales.csv.gz", gz=True)
    write_csv(money_frame(case.targets, ["net_sales"])[TARGET_COLUMNS], out / "targets.csv")
    write_csv(products_table(case.cat, case.cal.n - 1), out / "products.csv")
    write_csv(abc_outlets_table(case), out / "outlets.csv")
    write_csv(money_frame(case.ledger, LEDGER_COLUMNS[2:12])[LEDGER_COLUMNS], out / "distributor_ledger.csv")
    write_csv(case.activities, out / "activities.csv")
    write_csv(abc_opportunities(), out / "opportunities.csv")


def write_pharma(case: PharmaCase, out: Path) -> None:
    write_csv(public_sales(case.sales), out / "sales.csv")
    write_csv(money_frame(case.targets, ["net_sales"])[TARGET_COLUMNS], out / "targets.csv")
    write_csv(products_table(case.cat, case.cal.n - 1), out / "products.csv")
    cols = ["outlet_id", "outlet_name", "customer_id", "region", "channel", "format", "tier", "potential"]
    write_csv(case.stores[cols], out / "outlets.csv")
    write_csv(money_frame(case.ledger, LEDGER_COLUMNS[2:12])[LEDGER_COLUMNS], out / "distributor_ledger.csv")
    write_csv(case.activities, out / "activities.csv")


# --------------------------------------------------------------------------- trainee files


def first_of_month(label: str) -> dt.datetime:
    return dt.datetime(int(label[:4]), int(label[5:7]), 1)


def sell_in_rows(case: AbcCase, customers: list[str], start: str, end: str) -> pd.DataFrame:
    s = case.sales
    sel = s[(s["kind"] == "sell_in") & s["customer_id"].isin(customers)
            & (s["period"] >= start) & (s["period"] <= end)]
    names = case.cat.df.set_index("sku")["sku_name"]
    return sel.assign(sku_name=sel["sku"].map(names)).sort_values(["period", "customer_id", "sku"], ignore_index=True)


def trainee_zhangwei(case: AbcCase, path: Path) -> int:
    """华东 distributors' sell-in in 万元 under a title block, with a total row."""
    rows = sell_in_rows(case, ["D01", "D02"], "2024-01", "2025-12")
    wb = Workbook()
    ws = wb.active
    ws.title = "销售明细"
    header = ["月份", "客户编码", "客户名称", "区域", "产品编码", "产品名称", "品类", "数量", "销售额(万元)"]
    ws["A1"] = "华东区 2024–2025 年进货明细"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A2"] = "导出时间：2026-01-05\u3000金额单位：万元"
    for j, h in enumerate(header, 1):
        ws.cell(row=4, column=j, value=h).font = Font(bold=True)
    wan = np.round(rows["net_sales"].to_numpy() / 100 / 10_000, 4)
    r = 5
    for rec, w in zip(rows.itertuples(), wan, strict=True):
        c = ws.cell(row=r, column=1, value=first_of_month(rec.period))
        c.number_format = "yyyy-mm"
        for j, v in enumerate([rec.customer_id, rec.customer_name, rec.region, rec.sku, rec.sku_name,
                               rec.category, int(rec.units), float(w)], 2):
            ws.cell(row=r, column=j, value=v)
        r += 1
    ws.cell(row=r, column=1, value="合计").font = Font(bold=True)
    ws.cell(row=r, column=8, value=int(rows["units"].sum()))
    ws.cell(row=r, column=9, value=round(float(wan.sum()), 4))
    for col, width in zip("ABCDEFGHI", [10, 10, 16, 6, 10, 26, 10, 10, 14], strict=True):
        ws.column_dimensions[col].width = width
    notes = wb.create_sheet("说明")
    for i, line in enumerate([
        "1. 数据来源：公司 DMS 系统，华东区经销商进货（公司发货）明细，2024-01 至 2025-12。",
        "2. 客户范围：D01 华东顺达商贸、D02 杭州禾丰贸易；ABC 零售由 KA 部统一管理，不在本表。",
        "3. 销售额为扣除票面折扣后的净额，单位万元（保留 4 位小数）；返利另行结算，未扣减。",
        "4. 最后一行为合计。如有疑问请联系张伟（华东区销售经理）。",
    ], 1):
        notes.cell(row=i, column=1, value=line)
    notes.column_dimensions["A"].width = 90
    save_workbook(wb, path)
    return len(rows)


def trainee_lina(case: AbcCase, path: Path) -> int:
    """ABC 华南 stores' daily POS for Q4 2025: GBK, CRLF, quoted amounts with
    thousands separators, and three bad lines (see TRAINER.md)."""
    rng = rng_for("trainee.lina")
    s = case.sales
    sel = s[(s["kind"] == "sell_out") & (s["customer_id"] == "ABC") & (s["region"] == "华南")
            & (s["period"] >= "2025-10") & (s["period"] <= "2025-12")]
    sel = sel.sort_values(["period", "outlet_id", "sku"], ignore_index=True)
    names = case.cat.df.set_index("sku")["sku_name"]
    # Every figure becomes 2 daily rows (3 for some) while the file stays under ~4,600 rows.
    p_three = float(np.clip(4500 / len(sel) - 2, 0.0, 1.0))
    out = []
    for rec in sel.itertuples():
        y, mo = int(rec.period[:4]), int(rec.period[5:7])
        ndays = pd.Period(rec.period).days_in_month
        n = int(min(rec.units, 3 if rng.random() < p_three else 2))
        days = np.sort(rng.choice(np.arange(1, ndays + 1), n, replace=False))
        u = split_int(int(rec.units), n, rng)
        a = allocate(int(rec.net_sales), u.astype(float))
        for d, uu, aa in zip(days, u, a, strict=True):
            out.append([f"{y}/{mo}/{d}", "ABC", "ABC 零售", rec.outlet_id, rec.sku, names[rec.sku], int(uu), int(aa)])
    df = pd.DataFrame(out, columns=["date", "cid", "cname", "store", "sku", "name", "units", "cents"])
    df["_d"] = pd.to_datetime(df["date"], format="%Y/%m/%d")
    df = df.sort_values(["_d", "store", "sku"], kind="stable", ignore_index=True)
    lines = ["日期,客户代码,客户名称,门店编码,商品编码,品名,销量,销售金额"]
    for i, r in enumerate(df.itertuples()):
        line_no = i + 2
        amount = f'"{r.cents / 100:,.2f}"'
        date, sku = r.date, r.sku
        if line_no == 12:
            amount = "#N/A"  # a VLOOKUP that failed in the trainee's workbook
        if line_no == 25:
            date = "2025/13/01"  # month typed as 13
        if line_no == 40:
            sku = ""  # product code lost
        lines.append(",".join([date, r.cid, r.cname, r.store, sku, r.name, str(r.units), amount]))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return len(df)


def split_int(total: int, n: int, rng) -> np.ndarray:
    """Split a positive integer into n positive parts (random, sums exactly)."""
    if n == 1:
        return np.array([total])
    cuts = np.sort(rng.choice(np.arange(1, total), n - 1, replace=False))
    return np.diff(np.concatenate([[0], cuts, [total]]))


def trainee_wangqiang(case: AbcCase, path: Path) -> int:
    """Distributors D05-D07 sell-in with Excel serial dates, ¥-text amounts on
    every 7th row and three bad rows (see TRAINER.md)."""
    rows = sell_in_rows(case, ["D05", "D06", "D07"], "2024-01", "2025-12")
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Order Date", "Customer ID", "Customer Name", "Region", "Item Code", "Qty", "Sales"])
    origin = dt.date(1899, 12, 30)
    for i, rec in enumerate(rows.itertuples(), 1):
        serial = (first_of_month(rec.period).date() - origin).days
        sales = rec.net_sales / 100
        value = f"¥{sales:,.2f}" if i % 7 == 0 else round(sales, 2)
        ws.append([serial, rec.customer_id, rec.customer_name, rec.region, rec.sku, int(rec.units), value])
    ws.cell(row=8, column=6).value = "n/a"
    ws.cell(row=15, column=2).value = None
    ws.cell(row=23, column=1).value = "2024-02-30"
    save_workbook(wb, path)
    return len(rows)


def trainee_liuyang(case: AbcCase, path: Path) -> int:
    """华北 distributors' sell-in, saved as an xlsx workbook under a .csv name."""
    rows = sell_in_rows(case, ["D03", "D04"], "2024-01", "2025-12")
    wb = Workbook()
    ws = wb.active
    ws.title = "华北进货"
    ws.append(["年月", "客户", "渠道", "SKU", "件数", "金额(元)"])
    for rec in rows.itertuples():
        ym = f"{int(rec.period[:4])}年{int(rec.period[5:7])}月"
        ws.append([ym, rec.customer_id, rec.channel, rec.sku, int(rec.units), round(rec.net_sales / 100, 2)])
    save_workbook(wb, path)
    return len(rows)


def trainee_chenjing(case: PharmaCase, path: Path) -> int:
    """The pharmacy chain's store sell-out in 千元, with a notes sheet first."""
    s = case.sales
    rows = s[s["kind"] == "sell_out"].sort_values(["period", "outlet_id", "sku"], ignore_index=True)
    store_names = case.stores.set_index("outlet_id")["outlet_name"]
    sku_names = case.cat.df.set_index("sku")["sku_name"]
    wb = Workbook()
    notes = wb.active
    notes.title = "备注"
    for i, line in enumerate([
        "康泰大药房 华康制药产品纯销（门店零售）数据，2024-01 至 2025-12。",
        "数据来源：连锁总部 ERP 门店销售日报，按月汇总；数量单位为盒。",
        "销售额为会员价折后实收金额，单位千元（保留 3 位小数）。",
        "门店编码以 KT 开头；客户编码 KT 为连锁总部。",
    ], 1):
        notes.cell(row=i, column=1, value=line)
    notes.column_dimensions["A"].width = 70
    ws = wb.create_sheet("数据")
    ws["A1"] = f"{PH_CHAIN[1]} 2024–2025 年纯销数据"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["月份", "门店编码", "门店名称", "客户编码", "产品编码", "产品名称", "数量(盒)", "销售额（千元）"])
    for rec in rows.itertuples():
        ws.append([rec.period, rec.outlet_id, store_names[rec.outlet_id], rec.customer_id, rec.sku,
                   sku_names[rec.sku], int(rec.units), round(rec.net_sales / 100 / 1000, 3)])
    ws.cell(row=10, column=8).value = None
    save_workbook(wb, path, creator="康泰大药房 ERP")
    return len(rows)


def write_trainees(abc: AbcCase, pharma: PharmaCase, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    return {
        "张伟_华东区.xlsx": trainee_zhangwei(abc, out / "张伟_华东区.xlsx"),
        "李娜_华南区.csv": trainee_lina(abc, out / "李娜_华南区.csv"),
        "王强_经销商.xlsx": trainee_wangqiang(abc, out / "王强_经销商.xlsx"),
        "刘洋_华北区.csv": trainee_liuyang(abc, out / "刘洋_华北区.csv"),
        "陈静_医药连锁.xlsx": trainee_chenjing(pharma, out / "陈静_医药连锁.xlsx"),
    }


# --------------------------------------------------------------------------- benchmark data


BENCH_OUTLETS_PER_DIST = 64  # one block is ~63k rows: four make one scale unit


def write_bench(scale: float, out: Path, rows_per_unit: int = 250_000) -> tuple[Path, int]:
    """A large ABC-shaped sales.csv, generated block by block and streamed.

    Each block is a fresh universe of traditional outlets with its own eight
    distributors (ids continue D09, D10, ...), generated by the same sell-out
    and replenishment code as the case; memory stays at one block. Blocks are
    added until the file holds at least scale x 250,000 rows (whole blocks, so
    every distributor's months are complete).
    """
    cal = calendar("2023-01", "2025-12")
    cat = abc_catalog(cal)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "sales.csv"
    target = int(round(scale * rows_per_unit))
    total, block = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(SALES_COLUMNS) + "\n")
        while total < target:
            rng = np.random.default_rng([SEED, 7_777, block])
            dists = [Distributor(f"D{block * 8 + j + 1:02d}", f"{d.name}{block + 1}" if block else d.name,
                                 d.region, d.cities, d.discount, d.cover, d.dso, d.dpo, d.rebate, d.bonus,
                                 d.growth) for j, d in enumerate(DISTRIBUTORS)]
            price_in = purchase_prices(cal, cat, {d.id: d.discount for d in dists}, rng)
            outlets = trad_outlets(cal, dists, BENCH_OUTLETS_PER_DIST, rng,
                                   first_number=block * 8 * BENCH_OUTLETS_PER_DIST + 1)
            so, _ = trad_sell_out(cal, cat, outlets, dists, price_in, [], rng)
            frames = []
            for d in dists:
                sec = units_cube(so[so["customer_id"] == d.id], cat.k, cal.n)
                prim, _ = replenish(sec, d.cover, cat.df["case_pack"].to_numpy(), sec[:, -1], rng)
                frames.append(sell_in_frame(cal, cat, prim, d.id, d.name, d.region, "经销商", price_in[d.id]))
            df = public_sales(pd.concat(frames + [so], ignore_index=True))
            df.to_csv(fh, header=False, index=False, lineterminator="\n", float_format="%.2f")
            total += len(df)
            block += 1
    return path, total


# --------------------------------------------------------------------------- main


def generate_all(root: Path = HERE) -> dict[str, int]:
    abc = build_abc()
    write_abc(abc, root / "abc")
    pharma = build_pharma()
    write_pharma(pharma, root / "pharma")
    counts = write_trainees(abc, pharma, root / "trainees")
    print(f"abc: {len(abc.sales):,} sales rows; pharma: {len(pharma.sales):,} sales rows")
    for name, n in counts.items():
        print(f"trainees/{name}: {n:,} data rows")
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, help="write a ~scale x 250,000-row ABC-shaped sales.csv instead")
    ap.add_argument("--out", type=Path, default=None,
                    help="output folder (default: datasets/ for the cases; "
                         "<repo>/out/bench, git-ignored, for --scale)")
    args = ap.parse_args(argv)
    if args.scale:
        path, n = write_bench(args.scale, args.out or HERE.parent / "out" / "bench")
        print(f"{path}: {n:,} rows")
    else:
        generate_all(args.out or HERE)


if __name__ == "__main__":
    main()
