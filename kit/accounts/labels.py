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
        "stage.initiation": {"zh": "立项", "en": "pre-sales registration"},
        "stage.proposal": {"zh": "提案", "en": "proposal"},
        "stage.tender": {"zh": "招投标", "en": "tender"},
        "stage.negotiation": {"zh": "商务谈判", "en": "commercial negotiation"},
        "stage.implementation": {"zh": "工程实施", "en": "implementation"},
        # each stage's key node, as the course material names it
        "node.development": {"zh": "准确的项目信息", "en": "accurate opportunity information"},
        "node.initiation": {"zh": "售前立项（我方登记并启动这个商机）",
                            "en": "pre-sales registration (we register and open the opportunity)"},
        "node.proposal": {"zh": "有效的客户关系推进",
                          "en": "the customer relationship effectively moved forward"},
        "node.tender": {"zh": "投标或议标", "en": "bid or negotiated tender"},
        "node.negotiation": {"zh": "合同审批和合同签订", "en": "contract approval and signing"},
        "node.implementation": {"zh": "工程验收和项目结项", "en": "acceptance and project close"},
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
        # ---- the people of an account: coverage gaps
        "gap.no_decision_maker": {"zh": "没有决策者", "en": "no decision maker"},
        "gap.decision_maker_not_reached": {"zh": "决策者未接触到（只在认识阶段或是反对者）",
                                           "en": "decision maker not reached (only acquainted "
                                                 "or opposed)"},
        "gap.no_coach": {"zh": "没有教练（内线）", "en": "no coach"},
        "gap.single_threaded": {"zh": "单线联系：只有一个人撑着整个关系",
                                "en": "single-threaded: one person carries the relationship"},
        "error.unknown_person": {"zh": "“{name}”不是 {customer} 的关键人物；这个客户的关键人物：{people}",
                                 "en": "“{name}” is not a key person of {customer}; its key "
                                       "persons: {people}"},
        "note.duplicate": {"zh": "重名：第二个“{detail}”记为“{name}”",
                           "en": "repeated name: the second “{detail}” is shown as “{name}”"},
        "note.unknown_manager": {"zh": "{name} 的汇报对象“{detail}”不在表里，放在最上层",
                                 "en": "{name} reports to “{detail}”, who is not in the table: "
                                       "shown at the top"},
        "note.loop": {"zh": "汇报关系成环（{detail}）：{name} 放在最上层",
                      "en": "the reporting lines loop ({detail}): {name} is shown at the top"},
        # ---- the seven-step visit and its preparation (the material's framework)
        "visit.1": {"zh": "破冰与感谢", "en": "Break the ice and thank them"},
        "visit.2": {"zh": "自我介绍，建立谈话总纲", "en": "Introduce yourself and set the agenda"},
        "visit.3": {"zh": "确认对话内容，同意后续步骤", "en": "Confirm the topics and agree the next steps"},
        "visit.4": {"zh": "了解客户需求：创建构想与重塑构想", "en": "Understand the need: build or reshape the customer's picture"},
        "visit.5": {"zh": "征得客户同意继续协商", "en": "Get agreement to go on"},
        "visit.6": {"zh": "判断购买决策权", "en": "Find out who has the power to buy"},
        "visit.7": {"zh": "为接触权力支持者协商，与决策者沟通购买流程",
                    "en": "Negotiate access to the power sponsor; agree the buying process with the decision maker"},
        "prep.goal": {"zh": "这次见面要解决什么问题？", "en": "What must this meeting settle?"},
        "prep.materials": {"zh": "要准备哪些材料（方案、同行案例、现场算账的优惠、签单工具）？",
                           "en": "What material to bring (a proposal, a peer case, the numbers worked out, what it takes to sign)?"},
        "prep.questions": {"zh": "怎样提问？准备哪几个问题？", "en": "Which questions, asked how?"},
        "prep.objections": {"zh": "如何应对拒绝？可能的异议和回答", "en": "How to handle a no: the likely objections and the answers"},
        "prep.file": {"zh": "客户档案看过了吗（关键人物表、上次拜访的下一步）？",
                      "en": "Has the customer file been read (the key persons, the last visit's next step)?"},
        # ---- moving a person along the relationship stages (kit's summary of the material)
        "move.know": {"zh": "认识 → 约会：找到共同话题，留下一件对他有用的东西（数据、案例），约好下一次见面",
                      "en": "acquainted → meeting: find common ground, leave something useful (data, a case), fix the next meeting"},
        "move.meet": {"zh": "约会 → 信赖：每次说到做到；用他的痛点讲我们的价值主张；在他遇到问题时帮他立功",
                      "en": "meeting → trust: do what you said every time; speak to his pain; help him win when a problem comes"},
        "move.trust": {"zh": "信赖 → 同盟：让他参与方案、在内部替我们说话；一起对他的上级汇报成果",
                       "en": "trust → ally: let him shape the proposal and speak for us inside; report the results to his boss together"},
        "move.ally": {"zh": "同盟：保持——定期回访、增值服务，人事变动时第一时间重新建立关系",
                      "en": "ally: keep it — regular visits, value-added services, and rebuild at once when people change"},
        # ---- health score
        "part.value": {"zh": "价值", "en": "value"},
        "part.growth": {"zh": "成长", "en": "growth"},
        "part.relationship": {"zh": "关系覆盖", "en": "relationship coverage"},
        "part.pipeline": {"zh": "管道", "en": "pipeline"},
        "part.risk": {"zh": "风险", "en": "risk"},
        "part.value.how": {"zh": "½ × 当前价值 + ½ × 二八分类（A 100、B 50、C 0）",
                           "en": "½ × current value + ½ × the 80/20 class (A 100, B 50, C 0)"},
        "part.growth.how": {"zh": "50 + 250 × 同比，限制在 0–100（同比 −20% 为 0，+20% 为 100）",
                            "en": "50 + 250 × YoY, kept within 0–100 (−20 % gives 0, +20 % 100)"},
        "part.relationship.how": {"zh": "关键人物的角色覆盖得分（见关系覆盖）",
                                  "en": "the decision roles' coverage score"},
        "part.pipeline.how": {"zh": "未逾期的在途商机加权金额 ÷ 全部在途商机加权金额",
                              "en": "weighted open pipeline not past its close date ÷ all "
                                    "weighted open pipeline"},
        "part.risk.how": {"zh": "100 − 30 × 红色预警数 − 15 × 黄色预警数（不低于 0）",
                          "en": "100 − 30 × red alerts − 15 × amber alerts (at least 0)"},
        "health.bands": {"zh": "健康度 ≥ {green} 为绿，≥ {amber} 为黄，其余为红；缺数据的部分不计分，"
                               "其余部分按权重重新加权",
                         "en": "Health ≥ {green} is green, ≥ {amber} amber, below red; parts "
                               "without data are left out and the others re-weighted"},
        # ---- risk alerts (风险预警): indicator, threshold, response
        "alert.scorecard_red": {"zh": "目标达成率", "en": "target achievement"},
        "alert.scorecard_red.threshold": {"zh": "低于 {value}", "en": "below {value}"},
        "alert.scorecard_red.response": {
            "zh": "两周内用价格/销量/结构桥和五维漏斗找到缺口的原因，与客户商定追赶计划",
            "en": "within two weeks, find the gap's cause with the bridge and the funnel and "
                  "agree a recovery plan with the account"},
        "alert.sales_decline": {"zh": "销售额同比", "en": "sales YoY"},
        "alert.sales_decline.threshold": {"zh": "下降 {value} 或更多", "en": "down {value} or more"},
        "alert.sales_decline.response": {
            "zh": "一个月内查清是丢了终端还是单店下滑，拿出挽回名单并与客户复盘",
            "en": "within a month, tell lost outlets from weaker ones, draw up a win-back list "
                  "and review it with the account"},
        "alert.stuffing": {"zh": "进货 / 出货比", "en": "sell-in / sell-out ratio"},
        "alert.stuffing.threshold": {"zh": "连续 {months} 个月高于 {value}",
                                     "en": "above {value} for {months} months running"},
        "alert.stuffing.response": {
            "zh": "停止压货：下一季目标按纯销设定，先消化库存，返利与纯销挂钩",
            "en": "stop the stuffing: set next quarter's target on sell-out, run the stock "
                  "down first, tie rebates to sell-out"},
        "alert.receivables": {"zh": "应收账款天数 (DSO)", "en": "days sales outstanding (DSO)"},
        "alert.receivables.threshold": {"zh": "最近一个月超过 {value} 天账期",
                                        "en": "above the {value}-day credit terms last month"},
        "alert.receivables.response": {
            "zh": "暂停新增赊销，与客户财务对账，约定还款计划",
            "en": "hold new credit, reconcile with the account's finance, agree a repayment "
                  "plan"},
        "alert.stalled_deal": {"zh": "商机逾期天数", "en": "days past the deal's close date"},
        "alert.stalled_deal.threshold": {"zh": "超过 {value} 天", "en": "more than {value} days"},
        "alert.stalled_deal.response": {
            "zh": "一周内重新做六项商机评估，确认决策人和预算；推进不了就下调赢率",
            "en": "within a week, reassess the deal on the six criteria, confirm the decision "
                  "maker and the budget; if it cannot move, lower its probability"},
        "alert.dm_silent": {"zh": "距上次联系决策者的天数", "en": "days since the decision maker was last contacted"},
        "alert.dm_silent.threshold": {"zh": "超过 {value} 天", "en": "more than {value} days"},
        "alert.dm_silent.response": {
            "zh": "两周内安排与决策者会面：请教练引荐，或由上级陪同拜访",
            "en": "within two weeks, meet the decision maker: ask the coach to introduce you, "
                  "or go with your manager"},
        "alert.champion_left": {"zh": "支持者离职且无人接替", "en": "a supporter left and nobody replaced them"},
        "alert.champion_left.threshold": {"zh": "同一角色没有约会以上的支持者",
                                          "en": "no supporter at 约会 (meeting) or beyond in "
                                                "that role"},
        "alert.champion_left.response": {
            "zh": "30 天内找到并培养新的教练：尽快拜访接任者，也跟进离职者的去向",
            "en": "within 30 days, find and develop a new coach: meet the successor soon, and "
                  "follow the person who left"},
        "alert.opponent_influence": {"zh": "反对者的影响力", "en": "an opponent's influence"},
        "alert.opponent_influence.threshold": {"zh": "达到 {value}（1–5）",
                                               "en": "{value} or more (1–5)"},
        "alert.opponent_influence.response": {
            "zh": "摸清反对的原因，请支持者和我方高层出面沟通，准备针对他的价值主张",
            "en": "find out why they oppose us, let a supporter and our senior people talk to "
                  "them, prepare a value proposition for them"},
        "alert.single_threaded": {"zh": "约会以上的关系人数", "en": "people beyond a first acquaintance"},
        "alert.single_threaded.threshold": {"zh": "不超过 {value} 人", "en": "{value} or fewer"},
        "alert.single_threaded.response": {
            "zh": "一个月内再建立两条约会以上的关系：决策者和一位影响者",
            "en": "within a month, build two more relationships beyond a first meeting: the "
                  "decision maker and an influencer"},
        "detail.achievement": {"zh": "达成 {value}", "en": "achieved {value}"},
        "detail.yoy": {"zh": "同比 {value}", "en": "YoY {value}"},
        "detail.stuffing": {"zh": "连续 {months} 个月，最高 {value}", "en": "{months} months running, peaking at {value}"},
        "detail.dso": {"zh": "DSO {value} 天", "en": "DSO {value} days"},
        "detail.late": {"zh": "{deal} 逾期 {value} 天", "en": "{deal} {value} days late"},
        "detail.silent": {"zh": "{name} {value} 天未联系", "en": "{name}: {value} days without contact"},
        "detail.never": {"zh": "{name} 从未联系", "en": "{name}: never contacted"},
        "detail.left": {"zh": "{name}（{role}）已离职", "en": "{name} ({role}) left"},
        "detail.opponent": {"zh": "{name}（{role}）影响力 {value}", "en": "{name} ({role}), influence {value}"},
        "detail.engaged": {"zh": "{value} 人", "en": "{value} people"},
        "severity.red": {"zh": "红", "en": "red"},
        "severity.amber": {"zh": "黄", "en": "amber"},
        "unassigned": {"zh": "（未指定）", "en": "(unassigned)"},
        # ---- care (关系维护)
        "care.ok": {"zh": "按计划", "en": "on plan"},
        "care.due": {"zh": "7 天内到期", "en": "due within 7 days"},
        "care.overdue": {"zh": "逾期", "en": "overdue"},
        "care.never": {"zh": "从未拜访", "en": "never visited"},
        "care.cadence": {"zh": "回访周期（关键人物：决策者、教练、影响力 4–5 的人）：战略客户每 {strategic} 天，"
                               "重点客户每 {key_days} 天，潜力客户每 {potential} 天，维持客户每 {maintain} 天；"
                               "其他人加倍（本套件的默认值）",
                         "en": "Return visits to key persons (the decision maker, the coach, "
                               "anyone of influence 4–5): strategic accounts every {strategic} "
                               "days, key {key_days}, potential {potential}, maintain {maintain}; "
                               "everyone else twice that (the kit's defaults)"},
        "survey.product": {"zh": "产品质量", "en": "product quality"},
        "survey.delivery": {"zh": "供货及时", "en": "on-time delivery"},
        "survey.service": {"zh": "服务响应", "en": "service response"},
        "survey.support": {"zh": "销售支持", "en": "sales support"},
        "survey.terms": {"zh": "价格与账期", "en": "prices and terms"},
        "survey.satisfied": {"zh": "满意", "en": "satisfied"},
        "survey.neutral": {"zh": "一般", "en": "so-so"},
        "survey.at_risk": {"zh": "不满意（有流失风险）", "en": "dissatisfied (at risk)"},
        "service.technical": {"zh": "技术支持", "en": "technical support"},
        "service.training": {"zh": "培训（店员、厨师、业务员）", "en": "training (staff, chefs, reps)"},
        "service.insight": {"zh": "行业与市场信息、品类分析", "en": "market information and category analysis"},
        "service.joint_marketing": {"zh": "联合营销与会员活动", "en": "joint marketing and member events"},
        # ---- the stage gate (each stage's key node is its exit criterion)
        "stage.after_sales": {"zh": "售后服务", "en": "after-sales service"},
        "node.after_sales": {"zh": "全部回款与满意度回访（跟进服务的结束标志）",
                             "en": "paid in full and a satisfaction call (where follow-up "
                                   "service ends)"},
        "gate.refused": {"zh": "{deal} 还不能进入“{to}”：先完成“{stage}”的关键节点——{node}",
                         "en": "{deal} cannot move to “{to}” yet: first meet the key node of "
                               "“{stage}” — {node}"},
        "gate.moved": {"zh": "{deal} 已进入“{to}”", "en": "{deal} moved to “{to}”"},
        # ---- customer development (客户开发管理)
        "strategy.two_step": {"zh": "分两步走", "en": "two steps"},
        "strategy.two_step.fits": {
            "zh": "刚进入一个行业的厂家：先接受与层次较低的分销商合作，让市场认识我们；产品站稳后再逐步换成更好的分销商",
            "en": "a maker new to the industry: first work with the distributors who will take "
                  "us, let the market get to know us, and replace them with better ones once the "
                  "product sells"},
        "strategy.follow": {"zh": "亦步亦趋", "en": "follow the leader"},
        "strategy.follow.fits": {
            "zh": "有一个可参照的公司（竞品或行业领先者）：用和它相同的分销商，同类产品聚在一起卖，领先者的网络也最有经验",
            "en": "there is a reference company (a competitor or the market leader): use the "
                  "same distributors, where like products sell together and the leader's "
                  "network is the most experienced"},
        "strategy.pull": {"zh": "逆向拉动", "en": "pull from the consumer"},
        "strategy.pull.fits": {
            "zh": "实力强、产品差异化明显的厂家：先刺激消费者，由消费需求拉动渠道的选择和建立",
            "en": "a strong maker with a clearly different product: stimulate consumers first "
                  "and let their demand pull the channel into place"},
        "competitor.policy": {"zh": "销售政策", "en": "sales policy"},
        "competitor.range": {"zh": "品种组合", "en": "product range"},
        "competitor.channels": {"zh": "渠道分布与管理", "en": "channel coverage and management"},
        "competitor.density": {"zh": "占有密度", "en": "density of presence"},
        "competitor.prices": {"zh": "批发价与零售价", "en": "wholesale and retail prices"},
        "competitor.display": {"zh": "展示与促销办法", "en": "display and promotion"},
        "competitor.network": {"zh": "它的客户网络能否借用或共享", "en": "whether its customer network can be shared or used"},
        "resource.policy": {"zh": "有竞争力、成本又承受得起的销售政策",
                            "en": "a sales policy that competes and that we can afford"},
        "resource.materials": {"zh": "产品手册、样品等宣传资料", "en": "product manuals, samples and other material"},
        "resource.training": {"zh": "训练有素的销售队伍（定期指导与培训）",
                              "en": "a trained sales team (regular coaching)"},
        "resource.reports": {"zh": "每日客户扫街日报表、每周客户开发调查阶段周总结表",
                             "en": "the daily canvassing report and the weekly development summary"},
        "manager.low_activity": {"zh": "拜访偏少", "en": "few visits"},
        "manager.no_new": {"zh": "本周没有新客户", "en": "no new prospect this week"},
        "manager.no_next": {"zh": "{n} 个客户没有下一步", "en": "{n} prospects without a next step"},
    },
)
