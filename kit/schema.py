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
        # The people side of key-account selling (关键人物表, visits and calls, 客户扫街日报).
        Table(
            "contacts",
            required=("customer_id", "name", "role"),
            optional=("customer_name", "title", "department", "attitude", "influence", "stage",
                      "style", "reports_to", "owner", "last_contact", "left_on", "pain",
                      "value_proposition", "notes"),
        ),
        Table(
            "interactions",
            required=("date", "customer_id", "type"),
            optional=("contact", "owner", "purpose", "outcome", "next_step", "next_date"),
        ),
        Table(
            "development_log",
            required=("date", "rep", "prospect"),
            optional=("visited", "stage", "competitor", "need", "next_action"),
        ),
    ]
}

KINDS: dict[str, str] = {
    "period": PERIOD,
    "start": DATE,
    "end": DATE,
    "expected_close": DATE,
    "date": DATE,
    "last_contact": DATE,
    "left_on": DATE,
    "next_date": DATE,
    "influence": NUMBER,
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
    "type": ("活动类型", "拜访方式", "拜访类型", "沟通方式", "type", "activity type",
             "interaction type", "visit type"),
    "owner": ("负责人", "责任人", "我方负责人", "跟进人", "owner", "responsible"),
    "start": ("开始日期", "开始", "start", "start date"),
    "end": ("结束日期", "结束", "end", "end date"),
    "expected_uplift": ("预期增量", "预计增量", "expected uplift"),
    "actual_uplift": ("实际增量", "actual uplift"),
    "kpi": ("衡量指标", "kpi"),
    "status": ("状态", "status"),
    "opportunity_id": ("商机编号", "项目编号", "opportunity id", "opportunity", "deal id"),
    "opportunity_name": ("商机名称", "项目名称", "opportunity name", "deal name"),
    "stage": ("阶段", "销售阶段", "关系阶段", "开发阶段", "进展阶段", "stage", "relationship stage"),
    "amount": ("商机金额", "项目金额", "deal amount", "opportunity amount"),
    "probability": ("赢率", "成功率", "probability", "win probability"),
    "expected_close": ("预计成交日期", "预计签约日期", "expected close", "close date"),
    # contacts (关键人物表)
    "name": ("姓名", "联系人", "关键人物", "人员", "name", "contact name", "person"),
    "role": ("角色", "决策角色", "采购角色", "购买角色", "role", "buying role", "decision role"),
    "title": ("职务", "职位", "头衔", "title", "job title", "position"),
    "department": ("部门", "所属部门", "department", "dept"),
    "attitude": ("态度", "对我方态度", "立场", "attitude", "stance"),
    "influence": ("影响力", "影响程度", "influence"),
    "style": ("行为类型", "性格类型", "沟通风格", "style", "behaviour type", "behavior type"),
    "reports_to": ("汇报对象", "直属上级", "上级", "汇报给", "reports to", "manager"),
    "last_contact": ("最近联系日期", "最近联系", "最后联系日期", "上次联系", "last contact",
                     "last contacted"),
    "left_on": ("离职日期", "离任日期", "调岗日期", "left on", "date left"),
    "pain": ("痛点", "痛苦", "痛苦链", "pain", "pain point"),
    "value_proposition": ("价值主张", "我方价值主张", "value proposition"),
    "notes": ("备注", "内部备注", "notes", "note", "remarks"),
    # interactions (拜访记录) and development_log (客户扫街日报)
    "date": ("日期", "拜访日期", "联系日期", "date", "visit date"),
    "contact": ("联系人", "拜访对象", "客户联系人", "contact", "contact person", "person met"),
    "purpose": ("目的", "拜访目的", "purpose", "objective"),
    "outcome": ("结果", "拜访结果", "outcome", "result"),
    "next_step": ("下一步", "下一步行动", "后续行动", "next step"),
    "next_date": ("下一步日期", "下次日期", "下次拜访日期", "next date", "next step date"),
    "rep": ("业务员", "销售代表", "拜访人", "rep", "sales rep", "salesperson"),
    "prospect": ("客户名称", "潜在客户", "拜访客户", "门店名称", "终端名称", "prospect", "outlet",
                 "account"),
    "visited": ("是否拜访", "拜访情况", "拜访/电话", "接触方式", "visited", "contacted"),
    "competitor": ("竞品", "竞争对手", "看到的竞品", "competitor", "competitors seen"),
    "need": ("需求", "发现的需求", "客户需求", "need", "need found"),
    "next_action": ("下一步行动", "下步计划", "下一步", "next action", "next step"),
}

# Values of `kind` as they appear in exports.
KIND_VALUES: dict[str, str] = {
    "sell_in": "sell_in", "sell-in": "sell_in", "sell in": "sell_in", "sellin": "sell_in",
    "进货": "sell_in", "出库": "sell_in", "发货": "sell_in", "一级": "sell_in", "primary": "sell_in",
    "sell_out": "sell_out", "sell-out": "sell_out", "sell out": "sell_out", "sellout": "sell_out",
    "零售": "sell_out", "销售": "sell_out", "动销": "sell_out", "二级": "sell_out",
    "secondary": "sell_out", "pos": "sell_out",
}

# Fixed vocabularies of the people tables: (table, column) -> key -> spellings, the
# Chinese word first, the English second, then what else trainees write. The loader
# keeps the key (like `kind`); a cell that is none of them is a located problem.
VOCABULARIES: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("contacts", "role"): {
        "decision_maker": ("决策者", "decision maker", "决策人", "拍板人", "dm"),
        "approver": ("审批者", "approver", "审批人", "批准人"),
        "influencer": ("影响者", "influencer", "影响人"),
        "user": ("使用者", "user", "使用人", "用户"),
        "gatekeeper": ("技术把关者", "technical gatekeeper", "技术把关人", "把关者", "gatekeeper"),
        "coach": ("教练", "coach", "内线", "向导", "guide"),
    },
    ("contacts", "attitude"): {
        "supporter": ("支持", "supporter", "支持者", "support"),
        "neutral": ("中立", "neutral"),
        "opponent": ("反对", "opponent", "反对者", "against"),
    },
    ("contacts", "stage"): {
        "know": ("认识", "acquainted", "know"),
        "meet": ("约会", "meeting", "meet", "dating"),
        "trust": ("信赖", "trust", "信任"),
        "ally": ("同盟", "ally", "盟友", "alliance"),
    },
    ("contacts", "style"): {
        "analytical": ("分析型", "analytical"),
        "amiable": ("亲切型", "amiable"),
        "expressive": ("表现型", "expressive"),
        "driver": ("进取型", "driver"),
    },
    ("interactions", "type"): {
        "visit": ("拜访", "visit", "上门拜访", "面访"),
        "call": ("电话", "call", "phone"),
        "message": ("微信/邮件", "message", "微信", "邮件", "短信", "email", "wechat"),
        "meeting": ("会议", "meeting", "高层会", "会谈"),
        "event": ("活动", "event", "推介会", "研讨会"),
        "service": ("售后服务", "service", "服务", "回访"),
    },
    ("development_log", "visited"): {
        "visit": ("拜访", "visited", "上门", "是", "yes"),
        "call": ("电话", "called", "call"),
        "none": ("未接触", "not reached", "未见到", "否", "no"),
    },
    ("development_log", "stage"): {
        "first_contact": ("初次接触", "first contact", "初访", "首次拜访"),
        "need": ("需求确认", "need confirmed", "了解需求", "需求"),
        "intent": ("有意向", "interested", "意向"),
        "negotiation": ("洽谈条件", "negotiating", "洽谈", "谈判"),
        "signed": ("签约", "signed", "成交", "首单", "签单"),
    },
}
# Numbers that must lie in a range (inclusive).
RANGES: dict[tuple[str, str], tuple[float, float]] = {("contacts", "influence"): (1, 5)}


def _fold(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower().replace(" ", "")


_VOCABULARY_LOOKUP = {where: {_fold(w): key for key, words in vocab.items() for w in (key, *words)}
                      for where, vocab in VOCABULARIES.items()}


def vocabulary_key(table: str, column: str, value: object) -> str | None:
    """The key a cell of a fixed-vocabulary column means (认识 -> "know"), or None."""
    return _VOCABULARY_LOOKUP[(table, column)].get(_fold(value))


def vocabulary_word(table: str, column: str, key: str, lang: str = "zh") -> str:
    """How a key is written: its Chinese word (``lang="zh"``) or its English one."""
    return VOCABULARIES[(table, column)][key][0 if lang == "zh" else 1]


# Money units a header or a user may declare, as multipliers to the base unit (元).
MONEY_UNITS: dict[str, float] = {"元": 1.0, "千元": 1_000.0, "万元": 10_000.0, "百万元": 1_000_000.0}
# How exports spell them (folded: NFKC, lower case, no spaces).
UNIT_SPELLINGS: dict[str, str] = {
    **{u: u for u in MONEY_UNITS},
    "rmb": "元", "cny": "元", "¥": "元", "人民币": "元", "人民币元": "元", "yuan": "元",
    "千": "千元", "千人民币": "千元", "k": "千元", "thousand": "千元", "thousands": "千元",
    "'000": "千元", "000": "千元", "rmb'000": "千元", "rmb000": "千元", "krmb": "千元",
    "万": "万元", "万人民币": "万元", "人民币万元": "万元",
    "百万": "百万元", "百万人民币": "百万元", "million": "百万元", "millions": "百万元",
    "mn": "百万元", "rmbmn": "百万元",
}
# A token that names some unit of money, readable or not: the kit never guesses
# 元 for these (亿元, 美元, USD, m, bn …), it asks.
_UNITISH = re.compile(r"[元万千亿¥$€£]|^(k|m|mm|mn|bn|b|usd|eur|hkd|gbp|jpy|thousands?|millions?"
                      r"|billions?|'?000|rmb\S*|cny\S*)$")
_TAX_NOTE = re.compile(r"(不?含税|税[前后]|净额)$")
_BRACKET_PART = re.compile(r"[\(（\[【]([^\)）\]】]*)[\)）\]】]")
_SUFFIX_PART = re.compile(r"^(.*?[^\s/_\-:：])\s*[/_\-:：\s]\s*([^/_\-:：\s]+)$")
_UNIT_LABEL = re.compile(r"^(金额)?(单位|unit|units|currency|币种)\s*[:：]?\s*", re.IGNORECASE)
_UNIT_TAIL = re.compile(r"(百万元|万元|千元|亿元|美元|港元|港币|欧元|日元|元)$")
_TOKEN_SPLIT = re.compile(r"[,，;；、/\s]+")
_BRACKETED_RE = re.compile(r"[\(（\[【][^\)）\]】]*[\)）\]】]")
_NOISE_RE = re.compile(r"[\s_\-/\.:：()（）\[\]【】*#]+")


@dataclass(frozen=True)
class UnitMention:
    """What a text says about money units: a unit the kit reads (``unit``),
    or a unit it cannot read (``unreadable``, the words as written)."""

    unit: str | None = None
    unreadable: str | None = None


def unit_of_token(token: str) -> UnitMention:
    """One word: 万元 -> 万元, 亿元 -> unreadable, 含税 -> nothing."""
    word = _UNIT_LABEL.sub("", unicodedata.normalize("NFKC", token).strip().lower())
    word = _TAX_NOTE.sub("", word.replace(" ", ""))
    if not word:
        return UnitMention()
    if word in UNIT_SPELLINGS:
        return UnitMention(unit=UNIT_SPELLINGS[word])
    return UnitMention(unreadable=token.strip()) if _UNITISH.search(word) else UnitMention()


def read_unit(text: str) -> UnitMention:
    """The money unit a piece of text declares, wherever exporters put it.

    ``销售额(万元)``, ``销售额（单位：万元）``, ``销售额(万元,含税)``,
    ``销售额(万)``, ``销售额/万元`` and a bare ``万元`` all read 万元; two
    different units, or one the kit cannot read (``销售额(亿元)``), give
    ``unreadable``.
    """
    s = unicodedata.normalize("NFKC", str(text)).strip()
    parts = _BRACKET_PART.findall(s)
    rest = _BRACKETED_RE.sub("", s).strip()
    suffix = _SUFFIX_PART.match(rest)
    tail = _UNIT_TAIL.search(rest)
    if suffix:
        parts.append(suffix.group(2))
    elif tail:  # 销售额万元: a unit written straight after the name
        parts.append(tail.group(1))
    found: set[str] = set()
    for part in parts:
        for token in _TOKEN_SPLIT.split(_UNIT_LABEL.sub("", part.strip())):
            mention = unit_of_token(token)
            if mention.unreadable:
                return mention
            if mention.unit:
                found.add(mention.unit)
    if len(found) > 1:
        return UnitMention(unreadable=" / ".join(sorted(found)))
    return UnitMention(unit=found.pop()) if found else UnitMention()


def normalise_header(text: object) -> str:
    """Fold width, case, spacing and punctuation so aliases match loosely."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    # A bracketed suffix is a unit or a note (销售额(万元), 数量(盒)), not the name,
    # and so is a unit after a separator (销售额/万元, Sales_k).
    s = _BRACKETED_RE.sub("", s).strip()
    suffix = _SUFFIX_PART.match(s)
    if suffix and (unit_of_token(suffix.group(2)).unit or unit_of_token(suffix.group(2)).unreadable):
        s = suffix.group(1)
    s = _NOISE_RE.sub("", s)
    tail = _UNIT_TAIL.search(s)
    if tail and len(tail.group(1)) > 1 and tail.start() > 0:  # 销售额万元 (not 单元)
        s = s[: tail.start()]
    return s


def header_unit(text: object) -> str | None:
    """The money unit a header declares, e.g. ``销售额(万元)`` -> ``万元``."""
    return read_unit(str(text)).unit


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
