"""The canonical tables (design.md section 3) and the header alias table.

Everything downstream of :mod:`kit.data` uses these English snake_case names;
the loader translates whatever headers a trainee's export has into them once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Column kinds decide how a raw cell is parsed.
PERIOD = "period"  # a month (pandas Period[M])
DATE = "date"  # a calendar day (plans: start / end)
TEXT = "text"  # identifiers and labels, kept as strings
NUMBER = "number"  # counts and ratios
MONEY = "money"  # amounts in the dataset's currency; unit-scaled (元/千元/万元)


@dataclass(frozen=True)
class Table:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # Required columns of which at least one must be present (targets: net_sales or units).
    any_of: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.any_of + self.optional


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "sales",
            required=("period", "customer_id", "sku", "units", "net_sales"),
            optional=(
                "customer_name", "region", "channel", "outlet_id", "brand", "category",
                "gross_sales", "cost", "kind",
            ),
        ),
        Table(
            "targets",
            required=("period",),
            any_of=("net_sales", "units"),
            optional=("customer_id", "region", "channel", "outlet_id", "brand", "category", "sku"),
        ),
        Table(
            "outlets",
            required=("outlet_id", "customer_id"),
            optional=("outlet_name", "region", "channel", "format", "tier", "potential"),
        ),
        Table(
            "products",
            required=("sku",),
            optional=("sku_name", "brand", "category", "list_price", "unit_cost"),
        ),
        Table(
            "distributor_ledger",
            required=("period", "customer_id", "revenue", "cogs"),
            optional=(
                "rebates", "warehouse", "logistics", "sales_staff", "other_opex", "inventory",
                "receivables", "payables", "primary_units", "secondary_units",
            ),
        ),
        Table(
            "activities",
            required=("activity", "owner", "start", "end", "cost"),
            optional=("type", "customer_id", "expected_uplift", "kpi", "status", "actual_uplift"),
        ),
        Table(
            "opportunities",
            required=("opportunity_id", "customer_id", "stage", "amount"),
            optional=("opportunity_name", "customer_name", "region", "probability",
                      "expected_close", "owner", "status"),
        ),
    ]
}

KINDS: dict[str, str] = {
    "period": PERIOD,
    "start": DATE,
    "end": DATE,
    "expected_close": DATE,
    "units": NUMBER,
    "primary_units": NUMBER,
    "secondary_units": NUMBER,
    "probability": NUMBER,
    "net_sales": MONEY,
    "gross_sales": MONEY,
    "cost": MONEY,
    "potential": MONEY,
    "list_price": MONEY,
    "unit_cost": MONEY,
    "revenue": MONEY,
    "cogs": MONEY,
    "rebates": MONEY,
    "warehouse": MONEY,
    "logistics": MONEY,
    "sales_staff": MONEY,
    "other_opex": MONEY,
    "inventory": MONEY,
    "receivables": MONEY,
    "payables": MONEY,
    "amount": MONEY,
    "expected_uplift": MONEY,
    "actual_uplift": MONEY,
}


def kind_of(column: str) -> str:
    return KINDS.get(column, TEXT)


# Header aliases as trainees' ERP / DMS exports spell them. Keys are canonical
# names; matching is done on normalised text (see `normalise_header`).
ALIASES: dict[str, tuple[str, ...]] = {
    "period": (
        "月份", "月", "年月", "日期", "销售日期", "订单日期", "单据日期", "发货日期", "开票日期",
        "期间", "会计期间", "period", "month", "date", "order date", "invoice date",
        "year month", "yearmonth",
    ),
    "customer_id": (
        "客户", "客户编码", "客户代码", "客户编号", "客户id", "经销商编码", "经销商代码",
        "经销商", "customer", "customer id", "customer code", "customer no", "account",
        "account id", "distributor id", "distributor code",
    ),
    "customer_name": (
        "客户名称", "客户名", "经销商名称", "customer name", "account name", "distributor name",
    ),
    "outlet_id": (
        "门店", "门店编码", "门店代码", "门店编号", "终端编码", "终端代码", "网点编码", "售点编码",
        "outlet", "outlet id", "outlet code", "store", "store id", "store code", "store no",
    ),
    "outlet_name": ("门店名称", "终端名称", "网点名称", "outlet name", "store name"),
    "sku": (
        "sku", "产品编码", "产品代码", "商品编码", "物料编码", "物料号", "品号", "货号", "条码",
        "product code", "product id", "item code", "item", "item no", "material",
        "sku code",
    ),
    "sku_name": ("产品名称", "商品名称", "品名", "物料名称", "product name", "item name", "sku name"),
    "units": (
        "数量", "销量", "销售数量", "件数", "箱数", "出库数量", "qty", "quantity", "units",
        "volume", "unit sales", "cases",
    ),
    "net_sales": (
        "销售额", "销售金额", "净销售额", "金额", "含税金额", "销售收入", "实际销售额", "sales",
        "net sales", "sales amount", "amount", "revenue", "sales value", "value",
    ),
    "gross_sales": ("毛销售额", "总销售额", "折前金额", "gross sales", "gross amount"),
    "cost": ("成本", "销售成本", "成本金额", "cost", "cost of sales"),
    "region": ("区域", "大区", "地区", "片区", "销售区域", "region", "area", "territory"),
    "channel": ("渠道", "销售渠道", "渠道类型", "channel", "trade channel"),
    "format": ("业态", "门店业态", "店型", "format", "store format"),
    "tier": ("城市级别", "城市等级", "级别", "等级", "tier", "city tier"),
    "potential": ("潜力", "潜力值", "年潜力", "市场潜力", "potential", "sales potential"),
    "brand": ("品牌", "brand"),
    "category": ("品类", "类别", "产品类别", "大类", "category", "product category"),
    "kind": ("类型", "数据类型", "进销类型", "kind", "flow", "sales type"),
    "list_price": ("单价", "价格", "零售价", "出厂价", "list price", "price", "unit price"),
    "unit_cost": ("单位成本", "单品成本", "unit cost"),
    "revenue": (
        "营业收入", "收入", "经销商收入", "销售额", "销售收入", "distributor revenue", "sales",
    ),
    "cogs": ("营业成本", "进货成本", "销货成本", "cogs", "cost of goods sold"),
    "rebates": ("返利", "返点", "rebates", "rebate"),
    "warehouse": ("仓储费", "仓储费用", "仓库费用", "warehouse", "warehousing"),
    "logistics": ("物流费", "物流费用", "配送费", "运费", "logistics", "freight"),
    "sales_staff": ("人员费用", "销售人员费用", "人工费用", "sales staff", "staff cost"),
    "other_opex": ("其他费用", "其他运营费用", "other opex", "other expenses"),
    "inventory": ("库存", "库存金额", "期末库存", "inventory", "stock value", "closing stock"),
    "receivables": ("应收账款", "应收", "receivables", "accounts receivable"),
    "payables": ("应付账款", "应付", "payables", "accounts payable"),
    "primary_units": ("进货数量", "一级进货", "primary units", "sell-in units", "sell in units"),
    "secondary_units": ("出货数量", "二级出货", "secondary units", "sell-out units", "sell out units"),
    "activity": ("活动", "活动名称", "项目", "activity", "activity name", "initiative"),
    "type": ("活动类型", "type", "activity type"),
    "owner": ("负责人", "责任人", "owner", "responsible"),
    "start": ("开始日期", "开始", "start", "start date"),
    "end": ("结束日期", "结束", "end", "end date"),
    "expected_uplift": ("预期增量", "预计增量", "expected uplift"),
    "actual_uplift": ("实际增量", "actual uplift"),
    "kpi": ("衡量指标", "kpi"),
    "status": ("状态", "status"),
    "opportunity_id": ("商机编号", "项目编号", "opportunity id", "opportunity", "deal id"),
    "opportunity_name": ("商机名称", "项目名称", "opportunity name", "deal name"),
    "stage": ("阶段", "销售阶段", "stage"),
    "amount": ("商机金额", "项目金额", "deal amount", "opportunity amount"),
    "probability": ("赢率", "成功率", "probability", "win probability"),
    "expected_close": ("预计成交日期", "预计签约日期", "expected close", "close date"),
}

# Values of `kind` as they appear in exports.
KIND_VALUES: dict[str, str] = {
    "sell_in": "sell_in", "sell-in": "sell_in", "sell in": "sell_in", "sellin": "sell_in",
    "进货": "sell_in", "出库": "sell_in", "发货": "sell_in", "一级": "sell_in", "primary": "sell_in",
    "sell_out": "sell_out", "sell-out": "sell_out", "sell out": "sell_out", "sellout": "sell_out",
    "零售": "sell_out", "销售": "sell_out", "动销": "sell_out", "二级": "sell_out",
    "secondary": "sell_out", "pos": "sell_out",
}

# Money units a header or a user may declare, as multipliers to the base unit (元).
MONEY_UNITS: dict[str, float] = {"元": 1.0, "千元": 1_000.0, "万元": 10_000.0, "百万元": 1_000_000.0}

_UNIT_RE = re.compile(r"[\(（\[【]\s*(百万元|万元|千元|元|rmb|cny)\s*[\)）\]】]", re.IGNORECASE)
_BRACKETED_RE = re.compile(r"[\(（\[【][^\)）\]】]*[\)）\]】]")
_NOISE_RE = re.compile(r"[\s_\-/\.:：()（）\[\]【】*#]+")


def normalise_header(text: object) -> str:
    """Fold width, case, spacing and punctuation so aliases match loosely."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    # A bracketed suffix is a unit or a note (销售额(万元), 数量(盒)), not the name.
    s = _BRACKETED_RE.sub("", s)
    return _NOISE_RE.sub("", s)


def header_unit(text: object) -> str | None:
    """The money unit a header declares, e.g. ``销售额(万元)`` -> ``万元``."""
    m = _UNIT_RE.search(unicodedata.normalize("NFKC", str(text)))
    if not m:
        return None
    unit = m.group(1)
    return "元" if unit.lower() in ("rmb", "cny") else unit


def _build_lookup(table: Table) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical in table.columns:
        for alias in (canonical, *ALIASES.get(canonical, ())):
            key = normalise_header(alias)
            if lookup.get(key, canonical) != canonical:
                raise ValueError(
                    f"{table.name}: alias {alias!r} maps to both {lookup[key]} and {canonical}"
                )
            lookup[key] = canonical
    return lookup


# An alias is read in the context of one table: "amount" is net_sales in a
# sales export but the deal value in an opportunities list.
ALIAS_LOOKUP: dict[str, dict[str, str]] = {name: _build_lookup(t) for name, t in TABLES.items()}


def canonical_for(header: object, table: str) -> str | None:
    """The canonical column of `table` a header means, or None if no alias matches."""
    return ALIAS_LOOKUP[table].get(normalise_header(header))
