"""What the kit's canonical names are called on screen, in Chinese and English.

:mod:`kit.schema` names the columns; this module says how a reader sees them,
once for the whole kit: the canonical columns of every table, the review's
measures (实际, 同比 ...), RAG status, bridge steps, funnel factors, flows,
review windows, months and the handful of words every table uses (合计, 全部,
负责人 ...). Charts, views, insights, exports, widgets and the dashboard all
take their labels from here.

English has two extra forms where running text needs them: ``sentence`` (lower
case inside a sentence: "outlet universe") and ``plural`` for dimensions that
are counted ("regions").
"""

from __future__ import annotations

from kit import i18n, schema

CATALOGUE = "labels"

_ENTRIES: dict[str, dict[str, str]] = {
    # ---- canonical columns (kit/schema.py)
    "col.period": {"zh": "月份", "en": "Month", "en_plural": "months"},
    "col.customer_id": {"zh": "客户", "en": "Customer", "en_plural": "customers"},
    "col.customer_name": {"zh": "客户名称", "en": "Customer name", "en_plural": "customers"},
    "col.sku": {"zh": "产品", "en": "Product", "en_plural": "products"},
    "col.sku_name": {"zh": "产品名称", "en": "Product name"},
    "col.units": {"zh": "销量", "en": "Units"},
    "col.net_sales": {"zh": "销售额", "en": "Net sales"},
    "col.gross_sales": {"zh": "毛销售额", "en": "Gross sales"},
    "col.cost": {"zh": "成本", "en": "Cost"},
    "col.kind": {"zh": "流向", "en": "Flow"},
    "col.region": {"zh": "区域", "en": "Region", "en_plural": "regions"},
    "col.channel": {"zh": "渠道", "en": "Channel", "en_plural": "channels"},
    "col.outlet_id": {"zh": "终端", "en": "Outlet", "en_plural": "outlets"},
    "col.outlet_name": {"zh": "终端名称", "en": "Outlet name"},
    "col.brand": {"zh": "品牌", "en": "Brand", "en_plural": "brands"},
    "col.category": {"zh": "品类", "en": "Category", "en_plural": "categories"},
    "col.format": {"zh": "业态", "en": "Format", "en_plural": "formats"},
    "col.tier": {"zh": "城市级别", "en": "City tier", "en_plural": "city tiers"},
    "col.potential": {"zh": "潜力", "en": "Potential"},
    "col.list_price": {"zh": "标准价", "en": "List price"},
    "col.unit_cost": {"zh": "单位成本", "en": "Unit cost"},
    "col.revenue": {"zh": "收入", "en": "Revenue"},
    "col.cogs": {"zh": "销售成本", "en": "COGS"},
    "col.rebates": {"zh": "返利", "en": "Rebates"},
    "col.warehouse": {"zh": "仓储费用", "en": "Warehouse"},
    "col.logistics": {"zh": "物流费用", "en": "Logistics"},
    "col.sales_staff": {"zh": "销售人员费用", "en": "Sales staff"},
    "col.other_opex": {"zh": "其他费用", "en": "Other opex"},
    "col.inventory": {"zh": "库存", "en": "Inventory"},
    "col.receivables": {"zh": "应收账款", "en": "Receivables"},
    "col.payables": {"zh": "应付账款", "en": "Payables"},
    "col.primary_units": {"zh": "进货数量", "en": "Sell-in units"},
    "col.secondary_units": {"zh": "出货数量", "en": "Sell-out units"},
    "col.activity": {"zh": "活动", "en": "Activity"},
    "col.owner": {"zh": "负责人", "en": "Owner"},
    "col.start": {"zh": "开始", "en": "Start"},
    "col.end": {"zh": "结束", "en": "End"},
    "col.type": {"zh": "类型", "en": "Type"},
    "col.expected_uplift": {"zh": "预期增量", "en": "Expected uplift"},
    "col.actual_uplift": {"zh": "实际增量", "en": "Actual uplift"},
    "col.kpi": {"zh": "KPI", "en": "KPI"},
    "col.status": {"zh": "状态", "en": "Status"},
    "col.opportunity_id": {"zh": "商机编号", "en": "Opportunity"},
    "col.opportunity_name": {"zh": "商机名称", "en": "Opportunity name"},
    "col.stage": {"zh": "阶段", "en": "Stage"},
    "col.amount": {"zh": "金额", "en": "Amount"},
    "col.probability": {"zh": "赢率", "en": "Probability"},
    "col.expected_close": {"zh": "预计成交日期", "en": "Expected close"},
    # the people tables: contacts (关键人物表), interactions, development_log (客户扫街日报)
    "col.name": {"zh": "姓名", "en": "Name", "en_plural": "people"},
    "col.role": {"zh": "角色", "en": "Role"},
    "col.title": {"zh": "职务", "en": "Title"},
    "col.department": {"zh": "部门", "en": "Department"},
    "col.attitude": {"zh": "态度", "en": "Attitude"},
    "col.influence": {"zh": "影响力", "en": "Influence"},
    "col.style": {"zh": "行为类型", "en": "Behaviour type"},
    "col.reports_to": {"zh": "汇报对象", "en": "Reports to"},
    "col.last_contact": {"zh": "最近联系日期", "en": "Last contact"},
    "col.left_on": {"zh": "离职日期", "en": "Left on"},
    "col.pain": {"zh": "痛点", "en": "Pain"},
    "col.value_proposition": {"zh": "价值主张", "en": "Value proposition"},
    "col.notes": {"zh": "备注", "en": "Notes"},
    "col.date": {"zh": "日期", "en": "Date"},
    "col.contact": {"zh": "联系人", "en": "Contact"},
    "col.purpose": {"zh": "目的", "en": "Purpose"},
    "col.outcome": {"zh": "结果", "en": "Outcome"},
    "col.next_step": {"zh": "下一步", "en": "Next step"},
    "col.next_date": {"zh": "下一步日期", "en": "Next step date"},
    "col.rep": {"zh": "业务员", "en": "Rep", "en_plural": "reps"},
    "col.prospect": {"zh": "客户名称", "en": "Prospect", "en_plural": "prospects"},
    "col.visited": {"zh": "拜访/电话", "en": "Visited or called"},
    "col.competitor": {"zh": "竞品", "en": "Competitor"},
    "col.need": {"zh": "需求", "en": "Need"},
    "col.next_action": {"zh": "下一步行动", "en": "Next action"},
    "col.total": {"zh": "合计", "en": "Total"},  # the "dimension" of a table with one total row
    # ---- review measures (scorecard columns)
    "measure.actual": {"zh": "实际", "en": "Actual"},
    "measure.target": {"zh": "目标", "en": "Target"},
    "measure.achievement": {"zh": "达成率", "en": "Achievement"},
    "measure.last_year": {"zh": "去年同期", "en": "Last year"},
    "measure.yoy": {"zh": "同比", "en": "YoY"},
    "measure.previous": {"zh": "上期", "en": "Previous"},
    "measure.mom": {"zh": "环比", "en": "MoM"},
    "measure.change": {"zh": "同比变化", "en": "Change vs LY"},
    "measure.share": {"zh": "占比", "en": "Share"},
    "measure.contribution": {"zh": "增长贡献", "en": "Contribution to growth"},
    "measure.rag": {"zh": "状态", "en": "Status"},
    "rag.green": {"zh": "绿", "en": "Green"},
    "rag.amber": {"zh": "黄", "en": "Amber"},
    "rag.red": {"zh": "红", "en": "Red"},
    "rag.n/a": {"zh": "无目标", "en": "No target"},
    # ---- price / volume / mix bridge steps
    "step.base": {"zh": "基期", "en": "Base"},
    "step.volume": {"zh": "销量", "en": "Volume"},
    "step.price": {"zh": "价格", "en": "Price"},
    "step.mix": {"zh": "结构", "en": "Mix"},
    "step.new": {"zh": "新品", "en": "New", "en_sentence": "new products"},
    "step.lost": {"zh": "流失产品", "en": "Lost", "en_sentence": "lost products"},
    "step.other": {"zh": "其他", "en": "Other"},
    "step.current": {"zh": "本期", "en": "Current"},
    # ---- five-factor funnel
    "factor.universe": {"zh": "终端总数", "en": "Outlet universe"},
    "factor.numeric_distribution": {"zh": "铺货率", "en": "Numeric distribution"},
    "factor.skus_per_outlet": {"zh": "店均SKU数", "en": "SKUs per outlet"},
    "factor.units_per_sku": {"zh": "单品单店销量", "en": "Units per SKU per outlet"},
    "factor.avg_price": {"zh": "平均单价", "en": "Average price"},
    # ---- flows and review windows
    "flow.sell_in": {"zh": "进货 (sell-in)", "en": "Sell-in"},
    "flow.sell_out": {"zh": "零售/动销 (sell-out)", "en": "Sell-out"},
    "window.month": {"zh": "月度", "en": "Month"},
    "window.quarter": {"zh": "季度至今", "en": "Quarter to date"},
    "window.ytd": {"zh": "年初至今", "en": "Year to date"},
    "window.mat": {"zh": "滚动 12 个月", "en": "Moving annual total"},
    **{f"month.{m}": {"zh": f"{m}月", "en": en} for m, en in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1)},
    # ---- words every table uses
    "word.total": {"zh": "合计", "en": "Total"},
    "word.all": {"zh": "全部", "en": "All"},
    "word.item": {"zh": "项目", "en": "Item"},
    "word.value": {"zh": "数值", "en": "Value"},
    "word.note": {"zh": "说明", "en": "Note"},
    "word.unit": {"zh": "单位", "en": "Unit"},
    "word.date": {"zh": "日期", "en": "Date"},
    "word.number": {"zh": "序号", "en": "No."},
    "word.content": {"zh": "内容", "en": "Content"},
    "word.period": {"zh": "期间", "en": "Period"},
    "word.today": {"zh": "今天", "en": "Today"},
    "word.segment": {"zh": "细分", "en": "Segment"},
    "word.last_year_actual": {"zh": "去年实际", "en": "Last year"},
    "word.understanding": {"zh": "理解", "en": "Understanding"},
    "word.insight": {"zh": "洞察", "en": "Insight"},
    "word.action": {"zh": "行动", "en": "Action"},
    "word.yes": {"zh": "是", "en": "yes"},
    "word.no": {"zh": "否", "en": "no"},
    "word.list_sep": {"zh": "、", "en": ", "},
    "word.exercises": {"zh": "练习", "en": "Exercises"},
    "word.not_number": {"zh": "“{value}”不是数字，没有修改。",
                        "en": "“{value}” is not a number; nothing changed."},
    "word.money_note": {"zh": "金额单位：{CUR}；n/a 表示无法计算",
                        "en": "Money in {CUR}; n/a: cannot be computed"},
}
t = i18n.catalogue(CATALOGUE, _ENTRIES)

# Canonical columns that hold money (their labels can carry the currency).
MONEY_COLUMNS = frozenset(("net_sales", "gross_sales", "cost", "potential", "list_price",
                           "unit_cost", "revenue", "cogs", "rebates", "warehouse", "logistics",
                           "sales_staff", "other_opex", "inventory", "receivables", "payables",
                           "amount", "expected_uplift", "actual_uplift"))


def _form(key: str, form: str | None, lang: str | None) -> str | None:
    lang = lang or i18n.get_lang()
    if form is None or lang != "en":
        return None
    entry = _ENTRIES[key]
    if form == "plural" and "en_plural" in entry:
        return entry["en_plural"]
    if form in ("sentence", "plural"):
        text = entry.get("en_sentence", entry["en"])
        # Lower-case the first letter unless the word is an acronym (SKUs, KPI, ROI).
        return text if len(text) > 1 and text[1].isupper() else text[:1].lower() + text[1:]
    return None


def label(key: str, lang: str | None = None, *, form: str | None = None, **fields: object) -> str:
    """The label of ``key`` ("col.region", "measure.yoy", "word.total" ...); ``form``:
    None, "sentence" or "plural" (English only)."""
    return _form(key, form, lang) or t(key, lang=lang, **fields)


def has(key: str) -> bool:
    return key in _ENTRIES


def column(name: object, lang: str | None = None, *, unit: bool = False,
           form: str | None = None) -> str:
    """A canonical column's label (区域 / Region); ``unit=True`` adds the currency to a
    money column (销售额（元）/ Net sales (CNY)); any other name is returned as text."""
    key = f"col.{name}"
    if not has(key):
        return str(name)
    text = label(key, lang, form=form)
    if unit and name in MONEY_COLUMNS:
        return with_unit(text, lang=lang)
    return text


def with_unit(text: str, scale: int = 1, lang: str | None = None) -> str:
    """``text`` with a money unit in brackets: 费用（元）, Cost (thousand CNY)."""
    unit = i18n.money_unit(scale, lang)
    return f"{text}（{unit}）" if (lang or i18n.get_lang()) == "zh" else f"{text} ({unit})"


def measure(name: object, lang: str | None = None) -> str:
    key = f"measure.{name}"
    return label(key, lang) if has(key) else str(name)


def rag(status: object, lang: str | None = None) -> str:
    key = f"rag.{status}"
    return label(key, lang) if has(key) else str(status)


def step(name: object, lang: str | None = None, *, form: str | None = None) -> str:
    key = f"step.{name}"
    return label(key, lang, form=form) if has(key) else str(name)


def factor(name: object, lang: str | None = None, *, form: str | None = None) -> str:
    key = f"factor.{name}"
    return label(key, lang, form=form) if has(key) else str(name)


def flow(name: object, lang: str | None = None) -> str:
    key = f"flow.{name}"
    return label(key, lang) if has(key) else str(name)


def window(kind: object, lang: str | None = None) -> str:
    key = f"window.{kind}"
    return label(key, lang) if has(key) else str(kind)


def month(number: int, lang: str | None = None) -> str:
    return label(f"month.{int(number)}", lang)


def word(name: str, lang: str | None = None, **fields: object) -> str:
    return label(f"word.{name}", lang, **fields)


def choice(table: str, column: str, key: object, lang: str | None = None) -> str:
    """A fixed-vocabulary value as the reader calls it (contacts' role "coach" -> 教练 /
    coach); a blank is "", anything else is returned as text."""
    if not isinstance(key, str):  # None, NaN or pd.NA: a blank cell
        return "" if key is None or str(key) in ("nan", "<NA>") else str(key)
    vocab = schema.VOCABULARIES.get((table, column), {})
    if key not in vocab:
        return str(key)
    return schema.vocabulary_word(table, column, str(key), lang or i18n.get_lang())


def choices(table: str, column: str, lang: str | None = None) -> dict[str, str]:
    """Every key of a fixed vocabulary and its word, in the schema's order."""
    return {k: choice(table, column, k, lang) for k in schema.VOCABULARIES[(table, column)]}


__all__ = ["CATALOGUE", "MONEY_COLUMNS", "choice", "choices", "column", "factor", "flow", "has",
           "label", "measure",
           "month", "rag", "step", "window", "with_unit", "word"]
