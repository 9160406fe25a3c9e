"""The figures datasets/README.md and datasets/TRAINER.md quote are the ones
datasets/story_check.py computes from the committed files (plain pandas, no kit).

CLAIMS lists, per document section, pieces of its text with every quoted figure
written as {} (a number) or {s} (an id list, a month, a name), and the
story_check keys those figures are, in order. A claim fails when its text is no
longer in the section (the document changed: update the claim), or when a
number differs from story_check's by more than the precision it is quoted at
(one unit in the last quoted digit, halved: "7.8" covers 7.75..7.85), or when a
text figure differs. Every table row with figures in a listed section must be
covered by a claim, so a new row cannot go unchecked.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
NUMBER = r"([+\-−]?\d[\d,]*(?:\.\d+)?)"
TEXT = r"([^|]+?)"
# A figure in a table row: a number not part of an id (D01, HW208, ABC103).
FIGURE = re.compile(r"(?<![A-Za-z\d_])[+\-−]?\d[\d,]*(?:\.\d+)?")




def keys(prefix: str, *names: str) -> list[str]:
    return [f"{prefix}.{n}" for n in names]


ND = ("avg_2024", "avg_2025", "avg_change", "annual_2024", "annual_2025", "annual_change")
YOY2 = ("sell_in_yoy%.{c}.units", "sell_in_yoy%.{c}.price", "sell_in_yoy%.{c}.net",
        "sell_out_yoy%.{c}.units", "sell_out_yoy%.{c}.price", "sell_out_yoy%.{c}.net")
D05 = ("primary_units", "secondary_units", "ratio", "inventory", "DIO", "rebates")
ROI = ("cost", "expected_uplift", "actual_uplift", "gm%", "contribution", "roi")
CHANNEL = ("universe", "ever", "bought_2025", "potential", "potential_share%", "sales_2025",
           "sales_to_potential%", "whitespace")
CITY = ("stores", "potential", "sales_2025", "sales_to_potential%", "sales_per_store",
        "stores_selling_血脂%", "skus_per_store")
SALES = ("rows", "units", "net_sales")
TARGETS = ("rows", "net_sales", "units")


def d05_row(month: str, bold: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    cells = " | ".join("**{}**" if c in bold else "{}" for c in D05)
    return f"^| {month} | {cells} |", keys(f"story3.d05_2025.{month}", *D05)


def totals_rows(case: str, sales_file: str, years: list[int], extra_files: tuple[str, ...] = ()):
    files = [sales_file, "targets.csv", "products.csv", "outlets.csv", "distributor_ledger.csv",
             "activities.csv", *extra_files]
    t = f"totals.{case}"
    sales_years = [y for y in years if y != 2026]
    return (
        [(f"^| `{f}` | {{}} |", [f"{t}.rows.{f}"]) for f in files]
        + [(f"^| {kind} | {y} | {{}} | {{}} | {{}} |", keys(f"{t}.sales.{kind}.{y}", *SALES))
           for kind in ("sell_in", "sell_out") for y in sales_years]
        + [(f"^| {kind} | 合计 all | {{}} | {{}} | {{}} |", keys(f"{t}.sales.{kind}.all", *SALES))
           for kind in ("sell_in", "sell_out")]
        + [(f"^| {y} | {{}} | {{}} | {{}} |", keys(f"{t}.targets.{y}", *TARGETS)) for y in (2024, 2025)]
        + [("^| 2026（基线 baseline） | {} | {} | {} |", keys(f"{t}.targets.2026", *TARGETS)),
           ("Σ revenue = {}；Σ cogs = {}；Σ rebates = {}。", keys(f"{t}.ledger", "revenue", "cogs", "rebates")),
           ("Σ cost = {}；Σ actual_uplift = {}。", keys(f"{t}.activities", "cost", "actual_uplift"))]
    )


TRAINEE_FILES = ("张伟_华东区.xlsx", "李娜_华南区.csv", "王强_经销商.xlsx", "刘洋_华北区.csv", "陈静_医药连锁.xlsx",
                 "赵敏_ABC零售.xlsx")
PEOPLE_FILES = ("contacts.csv", "interactions.csv", "development_log.csv")
ABC_YEARS = [2023, 2024, 2025, 2026]

CLAIMS: dict[tuple[str, str], list[tuple[str, list[str]]]] = {
    # ------------------------------------------------------------------ README.md
    ("README.md", "| 目录 folder |"): [
        ("{} 家经销商，{s} 至 {s} *FMCG case, {} months*",
         ["totals.abc.ledger_customers", "totals.abc.first_month", "totals.abc.last_month",
          "totals.abc.months"]),
        ("康泰大药房，{s} 至 {s} *pharma case, {} months*",
         ["totals.pharma.first_month", "totals.pharma.last_month", "totals.pharma.months"]),
    ],
    ("README.md", "## 1. ABC 案例"): [
        ("{} 个 SKU，{} 个品类：饮料、休闲零食、调味品、速食、乳品（每类 {} 个）",
         ["totals.abc.skus", "totals.abc.categories", "totals.abc.skus_per_category.饮料"]),
        ("约 {} 家门店", ["totals.abc.outlets_by_id_prefix.ABC"]),
        ("{} 家经销商，每个大区 2 家，覆盖约 {} 家传统/其他终端",
         ["totals.abc.ledger_customers", "totals.abc.outlets_by_id_prefix.T"]),
    ],
    ("README.md", "## 2. 医药案例"): [
        ("慢病用药 {} 个品规，{} 个品类", ["totals.pharma.skus", "totals.pharma.categories"]),
        ("医药连锁，{} 家门店", ["totals.pharma.outlets"]),
    ],
    ("README.md", "### 3.6 `activities`"): [
        ("ABC 案例 {} 条，医药案例 {} 条",
         ["totals.abc.rows.activities.csv", "totals.pharma.rows.activities.csv"]),
    ],
    ("README.md", "### ABC 案例 (`abc/`)"): totals_rows("abc", "sales.csv.gz", ABC_YEARS,
                                                        ("opportunities.csv", *PEOPLE_FILES)) + [
        ("终端 outlets：{} 家（ABC 门店 {} + 传统终端 {}）；Σ potential = {}。",
         ["totals.abc.outlets", "totals.abc.outlets_by_id_prefix.ABC",
          "totals.abc.outlets_by_id_prefix.T", "totals.abc.potential"]),
        ("商机 opportunities：{} 个（进行中 {}、赢单 {}、丢单 {}）；Σ amount = {}。",
         keys("totals.abc.opportunities", "count", "status.进行中", "status.赢单", "status.丢单",
              "amount")),
    ],
    ("README.md", "### 医药案例 (`pharma/`)"): totals_rows("pharma", "sales.csv", [2024, 2025, 2026],
                                                         PEOPLE_FILES) + [
        ("门店 outlets：{} 家；Σ potential = {}。", ["totals.pharma.outlets", "totals.pharma.potential"]),
    ],
    ("README.md", "### 学员文件 Trainee files"): [
        (f"^| `{f}` | {{}} |", [f"trainees.files.{f}.data_rows"]) for f in TRAINEE_FILES
    ],
    # ------------------------------------------------------------------ TRAINER.md
    ("TRAINER.md", "口径 conventions"): [
        ("终端宇宙（`outlets.csv` 中该区域的传统终端，每区 {} 家）", ["story1.nd_region.华北.universe"]),
    ],
    ("TRAINER.md", "## 总览 Overview"): [
        ("^| 2023 | {} | – | {} | – | – |", ["overview.sell_in.2023", "overview.sell_out.2023"]),
        *[(f"^| {y} | {{}} | {{}} % | {{}} | {{}} % | {{}} %（目标 {{}}） |",
           keys("overview", f"sell_in.{y}", f"sell_in_yoy%.{y}", f"sell_out.{y}", f"sell_out_yoy%.{y}",
                f"achievement%.{y}", f"target.{y}")) for y in (2024, 2025)],
        ("经销商通路 2025 年进货 {} %", ["overview.distributors_sell_in_yoy%.2025"]),
    ],
    ("TRAINER.md", "## 故事 1："): [
        ("^| 华北 | {} % | {} % | **{} pt** | {} % | {} % | **{} pt** |", keys("story1.nd_region.华北", *ND)),
        *[(f"^| {r} | {{}} % | {{}} % | {{}} pt | {{}} % | {{}} % | {{}} pt |", keys(f"story1.nd_region.{r}", *ND))
          for r in ("华东", "华中", "华南")],
        ("按经销商的月均 ND：D04 {} % → {} %，D03 {} % → {} %；其余六家在 {}–{} % 之间",
         ["story1.nd_distributor.D04.avg_2024", "story1.nd_distributor.D04.avg_2025",
          "story1.nd_distributor.D03.avg_2024", "story1.nd_distributor.D03.avg_2025",
          "story1.nd_other_distributors_min", "story1.nd_other_distributors_max"]),
        ("华北月度 ND：2024-12 {} % → 2025-01 {} % → 2025-03 {} % → 2025-07 起约 {} %",
         ["story1.nd_month_华北.2024-12", "story1.nd_month_华北.2025-01", "story1.nd_month_华北.2025-03",
          "story1.nd_华北_2025H2_mean"]),
        ("{} 家 2025 年一次都没进货（夫妻店 {}、便利店 {}、超市 {}、餐饮 {}）",
         ["story1.no_order_2025", *keys("story1.no_order_2025_by_channel", "夫妻店", "便利店", "超市", "餐饮")]),
        ("{} 家在 2025-09 之后再无订单（D03 {} 家，D04 {} 家）",
         ["story1.no_order_after_sep_2025", "story1.no_order_after_sep_2025_by_distributor.D03",
          "story1.no_order_after_sep_2025_by_distributor.D04"]),
        ("华北进货 {} → {}（**{} %**）；纯销 D03 {} %，D04 {} %",
         ["story1.sell_in_region.华北.2024", "story1.sell_in_region.华北.2025", "story1.sell_in_region_yoy%.华北",
          "story1.sell_out_distributor_yoy%.D03", "story1.sell_out_distributor_yoy%.D04"]),
        ("反而 {} %（{} → {} 元）",
         ["story1.华北_sell_out_per_buying_outlet_yoy%", "story1.华北_sell_out_per_buying_outlet.2024",
          "story1.华北_sell_out_per_buying_outlet.2025"]),
        ("华北 2024 {} % → 2025 **{} %**（D03 {} %，D04 {} %）；华东 {} %、华中 {} %、华南 {} %、全国（ABC）{} %",
         ["story1.achievement_region%.华北.2024", "story1.achievement_region%.华北.2025",
          "story1.achievement_customer%.D03.2025", "story1.achievement_customer%.D04.2025",
          "story1.achievement_region%.华东.2025", "story1.achievement_region%.华中.2025",
          "story1.achievement_region%.华南.2025", "story1.achievement_region%.全国.2025"]),
        ("华北门店 POS 仍增长 {} %", ["story6.pos_region_yoy_2025%.华北"]),
    ],
    ("TRAINER.md", "## 故事 2："): [
        ("饮料 8 个 SKU 出厂价上调 {} %–{} %", ["story2.饮料_list_price_yoy_min%", "story2.饮料_list_price_yoy_max%"]),
        ("`unit_cost` 上升约 {} %，其他品类约 {} %", ["story2.饮料_unit_cost_yoy%", "story2.other_unit_cost_yoy%"]),
        ("^| **饮料** | **{} %** | **{} %** | **{} %** | **{} %** | **{} %** | **{} %** |",
         [f"story2.{k.format(c='饮料')}" for k in YOY2]),
        *[(f"^| {c} | {{}} % | {{}} % | {{}} % | {{}} % | {{}} % | {{}} % |",
           [f"story2.{k.format(c=c)}" for k in YOY2]) for c in ("乳品", "休闲零食", "调味品", "速食")],
        ("饮料进货：{} → {} 件；{} → {} 元",
         ["story2.sell_in_units.饮料.2024", "story2.sell_in_units.饮料.2025", "story2.sell_in_net.饮料.2024",
          "story2.sell_in_net.饮料.2025"]),
        ("HW101 {} %，HW102 {} %，HW103 {} %，HW104 {} %，HW105 {} %，HW106 {} %，HW107 {} %，HW108 {} %",
         [f"story2.list_price_yoy%.HW10{i}" for i in range(1, 9)]),
        ("饮料 2025 目标达成 {} %", ["story2.achievement_category%.饮料.2025"]),
        ("低价 SKU {s} 禾味香辣条", ["story2.delisted"]),
        ("2024 年进货 {} 件，\n  2025 年 {}）", ["story2.sku_sell_in_units.HW208.2024", "story2.sku_sell_in_units.HW208.2025"]),
        ("零食销量基本持平（{} → {}）；零食出厂价只有 HW201 {} %、HW203 {} %",
         ["story2.休闲零食_units_without_delisted.2024", "story2.休闲零食_units_without_delisted.2025",
          "story2.list_price_yoy%.HW201", "story2.list_price_yoy%.HW203"]),
        ("销量 {}、价格 {}、结构 {}，\n合计 {} 元", keys("story2.bridge_饮料", "volume", "price", "mix", "total")),
    ],
    ("TRAINER.md", "## 故事 3："): [
        ("2025 上半年进货达成只有 {} %（Q1）和 {} %（Q2）",
         ["story3.d05_quarter_achievement_2025%.Q1", "story3.d05_quarter_achievement_2025%.Q2"]),
        d05_row("2025-05"), d05_row("2025-06"), d05_row("2025-07", ("ratio",)),
        d05_row("2025-08", ("ratio",)), d05_row("2025-09", ("ratio", "rebates")),
        d05_row("2025-10", ("ratio",)), d05_row("2025-11", ("ratio",)), d05_row("2025-12", ("rebates",)),
        ("进/出比 {}–{}（均值 {}），DIO 均值约 {} 天",
         keys("story3", "others_2025H2_ratio_min", "others_2025H2_ratio_max", "others_2025H2_ratio_mean",
              "others_2025H2_DIO_mean")),
        ("下半年进货同比 **{} %**，纯销同比 **{} %**", ["story3.d05_H2_yoy%.sell_in", "story3.d05_H2_yoy%.sell_out"]),
        ("Q1 {} %，Q2 {} %，Q3 **{} %**，Q4 **{} %**；全年 {} %",
         [*keys("story3.d05_quarter_achievement_2025%", "Q1", "Q2", "Q3", "Q4"),
          "story1.achievement_customer%.D05.2025"]),
        ("年度 DIO：2023 {} 天、2024 {} 天、2025 {} 天；2025 年仓储费随库存上升，费用率 {} %（其他年份约 {}–{} %）",
         [*keys("story3.d05_DIO_year", "2023", "2024", "2025"), "story3.d05_opex_year%.2025",
          "story3.d05_opex_year%.2024", "story3.d05_opex_year%.2023"]),
        ("（2024-12 为 {}–{}），次年 1 月偏低（2025-01 为 {}–{}）",
         keys("story3", "ratio_2024-12_min", "ratio_2024-12_max", "ratio_2025-01_min", "ratio_2025-01_max")),
        ("D05 的 {} % 达成", ["story1.achievement_customer%.D05.2025"]),
        ("D05 只比 2025 年实际进货高 {} %", ["story3.d05_2026_baseline_growth%"]),
    ],
    ("TRAINER.md", "## 故事 4："): [
        ("^| **2025 乳品夏季买赠（华北、华中）** | ABC | 刘洋 | **{}** | {} | **{}** | {} % | {} | **{}** |",
         keys("story4.roi.2025 乳品夏季买赠（华北、华中）", *ROI)),
        ("实际增量只有预期的 {} %", ["story4.roi.2025 乳品夏季买赠（华北、华中）.actual_vs_expected%"]),
        ("乳品 7 月季节指数约 {}–{}", ["story4.乳品_july_index_min", "story4.乳品_july_index_max"]),
        ("乳品 {} %，速食 {} %，调味品 {} %，休闲零食 {} %，饮料 {} %",
         keys("story4.abc_sell_in_gm_2025%", "乳品", "速食", "调味品", "休闲零食", "饮料")),
        ("其余 {} 个活动都回本：ROI {}（{s}，勉强）到 {}（2025 春节年货堆头陈列）",
         ["story4.paid_back", "story4.paid_back_roi_min", "story4.paid_back_roi_min_activity", "story4.roi_max"]),
        ("（2024 ROI {}，2025 ROI {}）", ["story4.roi.2024 春节年货堆头陈列（休闲零食）.roi",
                                     "story4.roi.2025 春节年货堆头陈列（休闲零食）.roi"]),
        ("全部 {} 个活动：费用合计 {} 元，实际增量合计 {} 元",
         ["story4.activities", "story4.cost_total", "story4.actual_uplift_total"]),
    ],
    ("TRAINER.md", "## 故事 5："): [
        ("传统终端宇宙 {} 家", ["totals.abc.outlets_by_id_prefix.T"]),
        *[(f"^| {c} | {{}} | {{}} | {{}} | {{}} | {{}} | {{}} | {{}} % | {{}} |", keys(f"story5.channels.{c}", *CHANNEL))
          for c in ("超市", "便利店", "夫妻店")],
        ("^| **餐饮** | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** | **{} %** | **{}** |",
         keys("story5.channels.餐饮", *CHANNEL)),
        ("餐饮 饮料 {} %、速食 {} %、乳品 {} %、休闲零食 {} %、**调味品 {} %**\n  （{} 家中只有 {} 家）；对比超市调味品 {} %、夫妻店 {} %",
         [*keys("story5.buying_category_2025%.餐饮", "饮料", "速食", "乳品", "休闲零食", "调味品"),
          "story5.channels.餐饮.universe", "story5.buying_category_2025.餐饮.调味品",
          "story5.buying_category_2025%.超市.调味品", "story5.buying_category_2025%.夫妻店.调味品"]),
        ("（2025 D01 餐饮渠道推广试点）ROI {}", ["story4.roi.2025 D01 餐饮渠道推广试点.roi"]),
    ],
    ("TRAINER.md", "## 故事 6："): [
        ("ABC 门店 POS 纯销：{} → {}（**{} %**）→ {}（**{} %**）；进货 {} %、{} %",
         ["story6.sell_out.2023", "story6.sell_out.2024", "story6.sell_out_yoy%.2024", "story6.sell_out.2025",
          "story6.sell_out_yoy%.2025", "story6.sell_in_yoy%.2024", "story6.sell_in_yoy%.2025"]),
        ("目标达成 2024 {} %、2025 {} %",
         ["story1.achievement_customer%.ABC.2024", "story1.achievement_customer%.ABC.2025"]),
        ("可比门店（{} 家，2024-01 前已开业）2025 年 POS {} %；其余增长来自新店：{} 家新店（{s} 至 {s} 开业，\n  {s}），"
         "{} 家关店（{s}，{s} 后无销售）",
         ["story6.like_for_like_stores", "story6.like_for_like_yoy_2025%", "story6.new_stores_count",
          "story6.new_stores_first_month", "story6.new_stores_last_month", "story6.new_stores",
          "story6.closed_stores_count", "story6.closed_stores", "story6.closed_last_sale"]),
        ("华东 {} %、华南 {} %、华中 {} %、华北 {} %", keys("story6.pos_region_yoy_2025%", "华东", "华南", "华中", "华北")),
        ("ABC 占品牌总进货：{} %（2023）→ {} % → {} %（2025）", keys("story6.share_of_sell_in%", "2023", "2024", "2025")),
        ("ABC 进货增速（{} %）低于 POS（{} %）", ["story6.sell_in_yoy%.2025", "story6.sell_out_yoy%.2025"]),
        ("2023 {} / {}（春节 1-22）；2024 {} / {}（春节 2-10，高峰被拆到两个月）；\n  2025 {} / {}（春节 1-29）",
         [f"story6.pos_month_million.{y}-{m}" for y in (2023, 2024, 2025) for m in ("01", "02")]),
        ("2025-01 休闲零食 {}、乳品 {}；2024-01 仅 {} / {}",
         ["story6.seasonality.2025-01.休闲零食", "story6.seasonality.2025-01.乳品",
          "story6.seasonality.2024-01.休闲零食", "story6.seasonality.2024-01.乳品"]),
        ("饮料 6–8 月指数 {}–{}，11–12 月约 {}–{}",
         keys("story6", "饮料_jun_aug_index_min", "饮料_jun_aug_index_max", "饮料_nov_dec_index_min",
              "饮料_nov_dec_index_max")),
    ],
    ("TRAINER.md", "## 故事 7："): [
        ("里有 {} 个 2026 年大客户商机，合计 {} 元", ["story7.deals", "story7.amount_total"]),
        ("（{} 元，负责人刘洋）", ["story7.O2501_amount"]),
        ("赢率仍是 **{} %**（招投标的默认赢率是 {} %）", ["story7.O2501_probability%", "story7.O2501_stage_default%"]),
        ("= **{} 元**；全部按阶段默认赢率 = {} 元", ["story7.forecast", "story7.forecast_stage_defaults"]),
        ("O2501 一单贡献 {} 元，占加权预测的 **{} %**；它已逾期 **{} 天**",
         ["story7.O2501_weighted", "story7.O2501_share%", "story7.O2501_days_late"]),
        ("去掉它，预测是 {} 元", ["story7.forecast_without_O2501"]),
        ("客户开发 {}、立项 {}、提案 {}、招投标 {}、商务谈判 {}、工程实施 {}（已签约 {} 元）",
         [*keys("story7.stage_deals", "客户开发", "立项", "提案", "招投标", "商务谈判", "工程实施"),
          "story7.signed_amount"]),
        ("两个丢单（O2506 {s}、O2515 {s}）都丢在**{s}**阶段",
         ["story7.lost.O2506.customer_name", "story7.lost.O2515.customer_name", "story7.lost_stages"]),
        ("{} 个商机中 {} 个是餐饮集团（京味楼、蜀香火锅、岭南快餐、串串香烧烤、老北京面馆、川味坊），合计 {} 元",
         ["story7.deals", "story7.restaurant_deals", "story7.restaurant_amount"]),
    ],
    ("TRAINER.md", "## 医药案例的故事"): [
        ("糖尿病 {} → {}（**{} %**），高血压 {} %，血脂 {} %",
         ["pharma.sell_out_category.糖尿病.2024", "pharma.sell_out_category.糖尿病.2025",
          "pharma.sell_out_category_yoy%.糖尿病", "pharma.sell_out_category_yoy%.高血压",
          "pharma.sell_out_category_yoy%.血脂"]),
        ("2024-09-01 至 2025-12-31，费用 {} 元，实际增量 {} 元，\n  毛利率约 {} %，ROI {}",
         keys("pharma.roi.糖友关爱计划（患者教育 + 随访）", "cost", "actual_uplift", "gm%", "roi")),
        ("项目在 {} 家门店执行（数据里没有标注，学员需从门店增速中找出来）：\n  {s}（均在杭州、宁波）",
         ["pharma.programme_stores_count", "pharma.programme_stores"]),
        ("这些门店糖尿病纯销 **{} %**，其他门店 {} %；糖尿病同比 > 15 % 的 {} 家门店全部是项目门店",
         ["pharma.diabetes_yoy_enrolled%", "pharma.diabetes_yoy_others%", "pharma.stores_above_15%_enrolled"]),
        ("从 2024-08 的约 {} 万元爬升到 2025 年下半年的 {}–{} 万元",
         ["pharma.diabetes_month_wan.2024-08", "pharma.diabetes_2025H2_wan_min", "pharma.diabetes_2025H2_wan_max"]),
        *[(f"^| {c} | {{}} | {{}} | {{}} | {{}} % | {{}} | {{}} % | {{}} |", keys(f"pharma.city.{c}", *CITY))
          for c in ("杭州", "宁波")],
        ("^| **绍兴** | **{}** | **{}** | **{}** | **{} %** | **{}** | **{} %** | **{}** |", keys("pharma.city.绍兴", *CITY)),
        ("2025 绍兴门店调脂陈列：费用 {}，实际增量 {}，ROI {}",
         keys("pharma.roi.2025 绍兴门店调脂陈列", "cost", "actual_uplift", "roi")),
        ("糖尿病 {} %，血脂 {} %，高血压 {} %", keys("pharma.achievement_category%", "糖尿病.2025", "血脂.2025", "高血压.2025")),
        ("2025 年台账：收入 {}，\n  毛利率约 {} %，净利率约 {} %，DIO 约 {} 天，DSO 约 {} 天（医保结算），DPO 约 {} 天",
         ["pharma.ledger_2025_revenue", *keys("pharma.health_KT_2025", "GM%", "net%", "DIO", "DSO", "DPO")]),
    ],
    ("TRAINER.md", "## 学员文件中的问题行"): [
        ("^| `李娜_华南区.csv` | {} | 销售金额 (H) | `{s}` | Excel 公式错误值（VLOOKUP 失败）被导出成文本，不是数字 "
         "*an Excel error value, not a number* | {}（{s} / {s} / {s}，{} 件） |",
         keys("trainees.李娜.amount", "line", "value", "true_amount", "outlet", "sku", "day", "units")),
        ("^| `李娜_华南区.csv` | {} | 日期 (A) | `{s}` | 不存在的月份 {} *month {} does not exist* | "
         "{s}（{s} / {s}，{} 件，{} 元） |",
         keys("trainees.李娜.date", "line", "value", "month", "month", "true_date", "outlet", "sku", "units",
              "amount")),
        ("^| `李娜_华南区.csv` | {} | 商品编码 (E) | 空 empty | 缺少产品编码，无法关联产品 *missing sku* | "
         "{s}（品名\"{s}\"仍在） |", keys("trainees.李娜.sku", "line", "true_sku", "name")),
        ("^| `王强_经销商.xlsx` | {} | Qty (F) | `{s}` | 数量是文本 *quantity is text* | "
         "{}（{s} / {s} / {s}；该行 Sales 同时是 ¥ 文本） |",
         keys("trainees.王强.qty", "line", "value", "true_units", "customer", "sku", "period")),
        ("^| `王强_经销商.xlsx` | {} | Customer ID (B) | 空 empty | 缺少客户编码（客户名称仍是\"{s}\"）"
         "*missing customer id* | {s}（{s} / {s}） |",
         keys("trainees.王强.customer", "line", "name", "true_customer", "sku", "period")),
        ("^| `王强_经销商.xlsx` | {} | Order Date (A) | `{s}` | 文本日期且日期不存在（{} 月没有 {} 日）"
         "*a text date that does not exist* | {} = {s}（{s} / {s}） |",
         keys("trainees.王强.date", "line", "value", "month", "day", "true_serial", "true_day", "customer", "sku")),
        ("^| `陈静_医药连锁.xlsx` | {}（工作表 `数据`）| 销售额（千元）(H) | 空单元格 blank | 金额缺失，其余字段正常 "
         "*amount missing* | {}（{s} / {s} / {s}，{} 盒，{} 元） |",
         keys("trainees.陈静.amount", "line", "true_thousands", "outlet", "sku", "period", "units", "true_amount")),
        ("最后一行（第 {} 行）为\"合计\"", ["trainees.张伟.total_line"]),
        ("合计 {} 万元 = {} 元，与案例中 {s} 2024–2025 进货\n  {} 元",
         ["trainees.张伟.total_wan", "trainees.张伟.total_yuan", "trainees.张伟.customers",
          "trainees.张伟.case_total"]),
        ("拆成 {}–{} 个日行（只卖了 1 件的 {} 个门店月为 1 行；共 {} 行）",
         ["trainees.李娜.lines_per_month_min_over_one_unit", "trainees.李娜.lines_per_month_max",
          "trainees.李娜.single_line_months_of_one_unit", "trainees.files.李娜_华南区.csv.data_rows"]),
        ("（ABC 华南 2025 Q4 纯销 {} 件）", ["trainees.李娜.case_units_south_q4"]),
        ("（第 {}、{}、{}… 行，共 {} 行）",
         [*keys("trainees.王强.text_sales_lines", "1", "2", "3"), "trainees.王强.text_sales_rows"]),
        ("Sales 合计（解析文本后）{} 元，与案例一致", ["trainees.王强.sales_total"]),
        ("除第 {} 行外无坏行", ["trainees.陈静.amount.line"]),
        ("^| `赵敏_ABC零售.xlsx` | {}（工作表 `关键人物表`）| 角色 (E) | `{s}` |",
         keys("trainees.赵敏.role", "line", "value")),
    ],
}

# The story index in TRAINER.md's overview: its numbers are story and stage numbers.
UNCLAIMED_ROW = re.compile(r"^\| [1-8P] \| ")


def document(name: str) -> str:
    return (DATASETS / name).read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    """From the line holding `title` to the next heading."""
    start = text.rindex("\n", 0, text.index(title)) + 1
    end = text.find("\n#", start + 1)
    return text[start:end if end > 0 else None]


def pattern(claim: str) -> re.Pattern:
    """The claim as a regex: {} a number, {s} text within one table cell, any run of
    whitespace as any whitespace (so a claim may cross a line break); a leading ^
    anchors a whole table row at the start of its line."""
    anchored = claim.startswith("^")
    parts = re.split(r"(\{\}|\{s\})", claim.removeprefix("^"))
    regex = "".join(NUMBER if p == "{}" else TEXT if p == "{s}" else r"\s+".join(
        re.escape(w) for w in re.split(r"\s+", p)) for p in parts)
    return re.compile(("^" if anchored else "") + regex, re.MULTILINE)


def as_number(text: str) -> tuple[float, float]:
    """A quoted number and its precision (half a unit in the last quoted digit)."""
    plain = text.replace(",", "").replace("−", "-")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return float(plain), 0.5 * 10.0 ** -decimals


def disagreement(quoted: str, key: str, figures: dict) -> str | None:
    if key not in figures:
        return f"story_check computes no figure {key!r}"
    value = figures[key]
    if isinstance(value, str):
        return None if " ".join(quoted.split()) == value else f"{key} is {value!r}"
    number, half_unit = as_number(quoted)
    if not abs(float(value) - number) <= half_unit * (1 + 1e-9) + 1e-9 * abs(number):
        return f"{key} is {float(value):,.6f}".rstrip("0").rstrip(".")
    return None




@pytest.mark.parametrize("where", list(CLAIMS), ids=[f"{d}:{s}" for d, s in CLAIMS])
def test_quoted_figures_are_story_checks(where, figures):
    doc, title = where
    text = section(document(doc), title)
    problems = []
    for claim, names in CLAIMS[where]:
        matches = list(pattern(claim).finditer(text))
        if not matches:
            problems.append(f"text not found (the document changed; update CLAIMS): {claim!r}")
        for m in matches:
            assert len(m.groups()) == len(names), claim
            for quoted, key in zip(m.groups(), names, strict=True):
                why = disagreement(quoted, key, figures)
                if why:
                    problems.append(f"{quoted!r} in {m.group(0)!r}: {why}")
    assert not problems, f"{doc} ({title}):\n" + "\n".join(problems)


@pytest.mark.parametrize("where", list(CLAIMS), ids=[f"{d}:{s}" for d, s in CLAIMS])
def test_every_figure_in_a_table_is_claimed(where):
    doc, title = where
    text = section(document(doc), title)
    covered = [m.span() for claim, _ in CLAIMS[where] for m in pattern(claim).finditer(text)]
    unclaimed, offset = [], 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        start, offset = offset, offset + len(line)
        header = i + 1 < len(lines) and lines[i + 1].startswith("|---")
        if not line.startswith("|") or line.startswith("|---") or header or UNCLAIMED_ROW.match(line):
            continue
        for m in FIGURE.finditer(line):
            a, b = start + m.start(), start + m.end()
            if not any(lo <= a and b <= hi for lo, hi in covered):
                unclaimed.append(f"{m.group(0)!r} in {line.strip()!r}")
    assert not unclaimed, f"{doc} ({title}): figures in tables no claim checks:\n" + "\n".join(unclaimed)


def test_story_check_runs_without_the_kit():
    # Independent of the kit: importing story_check and computing every figure loads no kit module.
    code = ("import sys; sys.path.insert(0, 'datasets'); import story_check; story_check.figures(); "
            "kit = sorted(m for m in sys.modules if m == 'kit' or m.startswith('kit.')); "
            "print(kit); sys.exit(1 if kit else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
