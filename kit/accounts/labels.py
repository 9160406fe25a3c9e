"""Trainee-facing words of key-account value and the pipeline (zh default, en by switch)."""

from __future__ import annotations

from kit import i18n

t = i18n.catalogue(
    "accounts",
    {
        # value scores
        "score.contribution": {"zh": "贡献度", "en": "contribution"},
        "score.loyalty": {"zh": "忠诚度", "en": "loyalty"},
        "score.growth": {"zh": "成长潜力", "en": "growth potential"},
        "score.risk": {"zh": "风险", "en": "risk"},
        "score.value": {"zh": "当前价值", "en": "current value"},
        # portfolio tiers
        "tier.strategic": {"zh": "战略客户", "en": "strategic"},
        "tier.key": {"zh": "重点客户", "en": "key"},
        "tier.potential": {"zh": "潜力客户", "en": "potential"},
        "tier.maintain": {"zh": "维持客户", "en": "maintain"},
        "tier.rule": {
            "zh": "分层规则：当前价值 = 60 % 贡献度 + 40 % 忠诚度；价值与成长潜力都 ≥ 50 为战略客户，"
                  "只有价值 ≥ 50 为重点客户，只有潜力 ≥ 50 为潜力客户，其余为维持客户；风险 ≥ 60 单独标红。",
            "en": "Tier rule: current value = 60 % contribution + 40 % loyalty; value and growth "
                  "potential both ≥ 50: strategic; only value ≥ 50: key; only potential ≥ 50: "
                  "potential; otherwise maintain. Risk ≥ 60 is flagged separately.",
        },
        # identification checklist
        "check.fit": {"zh": "匹配度", "en": "fit"},
        "check.fit.q": {
            "zh": "客户的需求与我们的产品和服务匹配吗？（0 = 完全不匹配，5 = 高度匹配）",
            "en": "Do the account's needs match our products and services? (0 = not at all, "
                  "5 = closely)",
        },
        "check.centralised": {"zh": "集中采购", "en": "centralised purchasing"},
        "check.centralised.q": {
            "zh": "采购是总部集中决策（一次决策覆盖多个网点），还是各网点分散采购？",
            "en": "Is buying decided centrally (one decision for many sites) or by each site?",
        },
        "check.recurring": {"zh": "持续采购", "en": "recurring purchases"},
        "check.recurring.q": {
            "zh": "客户是否持续、规律地采购？（有进货的月份占比）",
            "en": "Does the account buy regularly? (share of months with purchases)",
        },
        "check.missing": {"zh": "未回答：{items}", "en": "not answered: {items}"},
        "verdict.key_account": {"zh": "符合大客户特征", "en": "a key account"},
        "verdict.watch": {"zh": "待观察", "en": "watch"},
        "verdict.not_key": {"zh": "暂不作为大客户", "en": "not a key account yet"},
        # pipeline stages
        "stage.development": {"zh": "客户开发", "en": "account development"},
        "stage.initiation": {"zh": "立项", "en": "project initiation"},
        "stage.proposal": {"zh": "提案", "en": "proposal"},
        "stage.tender": {"zh": "招投标", "en": "tender"},
        "stage.negotiation": {"zh": "商务谈判", "en": "commercial negotiation"},
        "stage.implementation": {"zh": "工程实施", "en": "implementation"},
        # ageing buckets
        "age.not_due": {"zh": "未到期", "en": "not due"},
        "age.0_30": {"zh": "逾期 30 天内", "en": "up to 30 days late"},
        "age.31_90": {"zh": "逾期 31–90 天", "en": "31–90 days late"},
        "age.over_90": {"zh": "逾期 90 天以上", "en": "over 90 days late"},
        "age.no_date": {"zh": "无预计成交日期", "en": "no expected close date"},
        # opportunity assessment
        "crit.need": {"zh": "需求", "en": "need"},
        "crit.need.q": {"zh": "客户的需求明确且迫切吗？", "en": "Is the need clear and pressing?"},
        "crit.timeline": {"zh": "时间表", "en": "timeline"},
        "crit.timeline.q": {"zh": "有明确的采购/上线时间表吗？",
                            "en": "Is there a firm timeline for buying or going live?"},
        "crit.budget": {"zh": "预算", "en": "budget"},
        "crit.budget.q": {"zh": "预算已批准并且足够吗？",
                          "en": "Is the budget approved and sufficient?"},
        "crit.competition": {"zh": "竞争", "en": "competition"},
        "crit.competition.q": {"zh": "与竞争对手相比，我们处于有利位置吗？（5 = 明显领先）",
                               "en": "Are we better placed than the competitors? "
                                     "(5 = clearly ahead)"},
        "crit.decision_process": {"zh": "决策流程", "en": "decision process"},
        "crit.decision_process.q": {"zh": "我们清楚决策人、决策流程，并接触到了关键人吗？",
                                    "en": "Do we know the decision makers and the process, "
                                          "and do we reach the key people?"},
        "crit.evaluation_priorities": {"zh": "评估重点", "en": "evaluation priorities"},
        "crit.evaluation_priorities.q": {"zh": "客户的评估重点（价格、质量、服务…）与我们的优势一致吗？",
                                         "en": "Do the account's evaluation priorities (price, "
                                               "quality, service, ...) match our strengths?"},
        "verdict.pursue": {"zh": "全力跟进", "en": "pursue"},
        "verdict.qualify": {"zh": "继续摸底", "en": "qualify further"},
        "verdict.drop": {"zh": "降低优先级", "en": "deprioritise"},
    },
)
