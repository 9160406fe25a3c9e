"""Trainee-facing words of stage 4 (zh default, en by switch)."""

from __future__ import annotations

from kit import i18n

t = i18n.catalogue(
    "penetration",
    {
        # whitespace cell status
        "status.bought": {"zh": "已购买", "en": "bought"},
        "status.not_bought": {"zh": "未购买（空白）", "en": "not bought (whitespace)"},
        "status.not_eligible": {"zh": "不适用", "en": "not eligible"},
        # relationship of an outlet with us (the ease score's basis)
        "relationship.active": {"zh": "在购客户", "en": "active buyer"},
        "relationship.lapsed": {"zh": "流失客户", "en": "lapsed buyer"},
        "relationship.never": {"zh": "从未购买", "en": "never bought"},
        # buyer flow
        "flow.retained": {"zh": "留存", "en": "retained"},
        "flow.new": {"zh": "新增", "en": "new"},
        "flow.lost": {"zh": "流失", "en": "lost"},
        "flow.start": {"zh": "期初购买客户", "en": "buyers at start"},
        "flow.end": {"zh": "期末购买客户", "en": "buyers at end"},
        # scenario levers
        "lever.penetration": {"zh": "渗透率", "en": "penetration"},
        "lever.frequency": {"zh": "购买频次", "en": "buying frequency"},
        "lever.spend": {"zh": "单次购买金额", "en": "spend per order"},
        # target list columns
        "col.rank": {"zh": "排名", "en": "rank"},
        "col.product": {"zh": "产品线", "en": "product line"},
        "col.relationship": {"zh": "客户关系", "en": "relationship"},
        "col.potential": {"zh": "潜力（{CUR}）", "en": "potential ({CUR})"},
        "col.current": {"zh": "现有销售（{CUR}）", "en": "current sales ({CUR})"},
        "col.gap": {"zh": "空白金额（{CUR}）", "en": "whitespace ({CUR})"},
        "col.open_share": {"zh": "空白占比", "en": "open share"},
        "col.ease": {"zh": "难易系数", "en": "ease"},
        "col.score": {"zh": "优先得分", "en": "priority score"},
        # windows and the basis of the analysis
        "window.current": {"zh": "近 12 个月（{first} 至 {last}）", "en": "Latest months ({first} to {last})"},
        "window.before": {"zh": "再往前 12 个月（{first} 至 {last}）",
                          "en": "The months before ({first} to {last})"},
        "window.year": {"zh": "{year} 全年", "en": "Year {year}"},
        "basis.outlets": {
            "zh": "终端宇宙：门店清单中的 {n} 家终端（包括从未进货的终端）。",
            "en": "Outlet universe: the {n} outlets of the outlets file (including outlets that "
                  "never bought).",
        },
        "basis.sales_outlets": {
            "zh": "没有门店清单：终端宇宙是销售数据中出现过的 {n} 家终端（从未进货的终端看不到，渗透率会偏高）。",
            "en": "No outlets file: the universe is the {n} outlets that appear in the sales "
                  "(outlets that never bought are invisible, so penetration reads high).",
        },
        "basis.sales_customers": {
            "zh": "没有门店数据：按客户计算，客户宇宙是文件中出现过的 {n} 个客户。",
            "en": "No outlet data: penetration counts customers; the universe is the {n} customers "
                  "in the file.",
        },
        "potential.peers": {
            "zh": "没有潜力数据：每个格子的潜力取同一{dim}里已购买该产品线的客户的销售额中位数（本套件的解读）。",
            "en": "No potential data: a cell's potential is the median sales of that product line "
                  "among the buyers of the same {dim} (the kit's interpretation).",
        },
        "score.note": {
            "zh": "优先得分 = 空白占比 × 潜力 × 难易系数（在购客户 1.0、流失客户 0.6、从未购买 0.3）。",
            "en": "Priority score = open share × potential × ease (active buyer 1.0, lapsed 0.6, "
                  "never bought 0.3).",
        },
    },
)
