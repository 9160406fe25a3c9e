"""The ABC case's market: 禾味食品's catalogue, ABC 零售's stores, the eight
distributors and their ~2,000 traditional outlets, and the sell-out each route
generates (stories 1 and 2 live here: 华北's lost outlets, the beverage price rise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from casegen.model import (
    PRODUCT_SPEC,
    Calendar,
    Catalog,
    cents,
    demand_trend,
    lognormal_noise,
    retail_round,
    rng_for,
    sales_frame,
    season_matrix,
)
from casegen.plans import ActivitySpec, activity_lifts, realised_uplift

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


def abc_catalog(cal: Calendar) -> Catalog:
    rng = rng_for("abc.catalog")
    df = pd.DataFrame(ABC_PRODUCTS, columns=PRODUCT_SPEC)
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
