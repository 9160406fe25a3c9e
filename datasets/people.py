"""The people side of the two cases: key persons, visits and calls, and the daily 扫街 log.

Writes, next to each case's tables,

* ``contacts.csv``        the key-person table (关键人物表) of the accounts and the
                          largest prospects, as the account owners keep it;
* ``interactions.csv``    every visit, call and meeting with those people in 2025;
* ``development_log.csv`` the daily street-canvassing log (客户扫街日报) of the reps'
                          development weeks (ABC: restaurants; pharma: the 绍兴 stores);

and one more sample trainee file, ``trainees/赵敏_ABC零售.xlsx``: ABC 零售's sell-in with
the key-person table, the visit record and a week of daily log in their own sheets, as
a key-account manager brings them.

The people are written by hand where they carry a story (TRAINER.md, "the people
stories": D04's lost champion, the silent decision maker at 京味楼, D05's new general
manager); everything else (the dates between a person's contacts, the log rows) comes
from this module's own random stream, so it changes nothing the main generator makes.
It reads only files the main generator has already written (outlets, opportunities,
sales), never its internals. ``generate.py`` calls :func:`write_people` last.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

SEED = 20260120
YEAR_START, AS_OF = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
XLSX_TIME = dt.datetime(2026, 1, 5, 9, 30, 0)

CONTACT_COLUMNS = ["customer_id", "customer_name", "name", "title", "department", "role",
                   "attitude", "influence", "stage", "style", "reports_to", "owner",
                   "last_contact", "left_on", "pain", "value_proposition", "notes"]
INTERACTION_COLUMNS = ["date", "customer_id", "contact", "type", "owner", "purpose", "outcome",
                       "next_step", "next_date"]
LOG_COLUMNS = ["date", "rep", "prospect", "visited", "stage", "competitor", "need",
               "next_action"]


def rng_for(name: str) -> np.random.Generator:
    return np.random.default_rng([SEED, *name.encode("utf-8")])


@dataclass(frozen=True)
class Person:
    """One row of a key-person table, and how often the owner met the person in 2025
    (``every`` days; 0: not at all in 2025)."""

    customer_id: str
    customer_name: str
    name: str
    title: str
    department: str
    role: str  # the table's own words: 决策者, 审批者, 影响者, 使用者, 技术把关者, 教练
    attitude: str  # 支持 / 中立 / 反对
    influence: int
    stage: str  # 认识 / 约会 / 信赖 / 同盟
    reports_to: str
    owner: str
    last_contact: str  # ISO date or ""
    every: int = 30
    style: str = ""
    left_on: str = ""
    pain: str = ""
    value_proposition: str = ""
    notes: str = ""
    first: str = "2025-01-01"  # no contact before this day (a person who joined later)


def _p(cid, cname, name, title, dept, role, attitude, influence, stage, reports_to, owner,
       last, every=30, **more) -> Person:
    return Person(cid, cname, name, title, dept, role, attitude, influence, stage, reports_to,
                  owner, last, every, **more)


ABC = ("ABC", "ABC 零售")
ABC_PEOPLE = [
    _p(*ABC, "周建华", "总裁", "总经办", "审批者", "中立", 5, "认识", "", "赵敏", "2025-09-18", 120,
       style="进取型", pain="同店增长放缓，董事会要求毛利率再提升 1 个百分点",
       value_proposition="联合品类规划：高毛利新品 + 联合营销，让品类毛利和客流一起涨"),
    _p(*ABC, "吴敏", "采购总监", "采购部", "决策者", "支持", 5, "信赖", "周建华", "赵敏",
       "2025-12-16", 18, style="分析型", pain="供应商太多，单品贡献看不清，谈判全靠经验",
       value_proposition="按品类给出单品贡献分析和年度 JBP，谈判有数"),
    _p(*ABC, "郑丽", "食品品类经理", "采购部", "影响者", "支持", 4, "同盟", "吴敏", "赵敏",
       "2025-12-22", 21, style="表现型", pain="休闲零食季节波动大，春节备货常断货",
       value_proposition="春节档提前 8 周的联合备货计划和堆头陈列方案"),
    _p(*ABC, "林晓", "乳品品类经理", "采购部", "影响者", "中立", 3, "约会", "吴敏", "赵敏",
       "2025-11-20", 35, style="分析型", pain="低温乳品损耗高", value_proposition="短保产品按门店动销补货"),
    _p(*ABC, "黄磊", "饮料品类经理", "采购部", "影响者", "反对", 3, "约会", "吴敏", "赵敏",
       "2025-10-30", 40, style="进取型", pain="2025 年饮料提价后销量下滑，他的品类指标没完成",
       value_proposition="夏季饮料联合促销，先把销量找回来", notes="对提价不满，会上多次公开质疑"),
    _p(*ABC, "何静", "品类助理", "采购部", "教练", "支持", 2, "同盟", "郑丽", "赵敏",
       "2025-12-26", 14, style="亲切型", pain="每周要手工汇总供应商报表",
       value_proposition="我们每周直接给 POS 分析表", notes="会提前告诉我们采购部的评估重点"),
    _p(*ABC, "马强", "供应链总监", "供应链部", "技术把关者", "中立", 4, "约会", "周建华", "赵敏",
       "2025-11-05", 45, style="分析型", pain="中央仓周转天数偏高",
       value_proposition="按中央仓出库数据做补货，降低库存天数"),
    _p(*ABC, "胡波", "物流经理", "供应链部", "使用者", "支持", 2, "信赖", "马强", "赵敏",
       "2025-12-10", 30, style="亲切型", pain="到货时间不稳定", value_proposition="固定到货窗口"),
    _p(*ABC, "朱红", "财务总监", "财务部", "审批者", "中立", 4, "认识", "周建华", "赵敏",
       "2025-08-20", 90, style="分析型", pain="促销费用核销慢、对不上账",
       value_proposition="活动费用按月对账，ROI 一页纸"),
    _p(*ABC, "郭亮", "门店运营总监", "运营部", "使用者", "支持", 3, "约会", "周建华", "赵敏",
       "2025-10-15", 45, style="表现型", pain="门店陈列执行不到位", value_proposition="导购与陈列督导支持"),
    _p(*ABC, "罗婷", "营销经理", "市场部", "影响者", "支持", 3, "信赖", "周建华", "赵敏",
       "2025-12-05", 30, style="表现型", pain="会员活动缺少供应商资源",
       value_proposition="联合会员日：我们出赠品和内容"),
    _p(*ABC, "梁宇", "华东区域运营经理", "运营部", "使用者", "中立", 2, "认识", "郭亮", "张伟",
       "2025-09-12", 60),
    _p(*ABC, "谢芳", "华南区域运营经理", "运营部", "使用者", "支持", 2, "约会", "郭亮", "李娜",
       "2025-11-28", 45),
]


def _dist(cid, cname, owner, boss, manager, finance, keeper, *, boss_last, manager_last,
          finance_last, keeper_last, every=30) -> list[Person]:
    """The four people a distributor account usually has: the owner-boss who decides,
    the sales manager who is our coach, the finance manager, the warehouse head."""
    return [
        _p(cid, cname, boss, "老板", "总经办", "决策者", "支持", 5, "信赖", "", owner, boss_last,
           every, style="进取型", pain="资金周转紧，返利兑现慢",
           value_proposition="按季度兑现返利，联合生意计划锁定全年节奏"),
        _p(cid, cname, manager, "销售经理", "销售部", "教练", "支持", 4, "同盟", boss, owner,
           manager_last, every, style="表现型", pain="业务员少，终端开发跟不上",
           value_proposition="我们的业务员协同拜访，分担开发新终端"),
        _p(cid, cname, finance, "财务经理", "财务部", "审批者", "中立", 3, "约会", boss, owner,
           finance_last, every * 2, style="分析型", pain="对账周期长",
           value_proposition="月度对账单和返利明细"),
        _p(cid, cname, keeper, "仓库主管", "仓储部", "使用者", "中立", 2, "认识", manager, owner,
           keeper_last, every * 3),
    ]


D04 = ("D04", "天津恒信食品贸易")
D05 = ("D05", "广州粤丰商贸")
DISTRIBUTOR_PEOPLE = [
    *_dist("D01", "华东顺达商贸", "张伟", "顾国平", "钱鹏", "孔燕", "卫东", boss_last="2025-12-12",
           manager_last="2025-12-23", finance_last="2025-11-14", keeper_last="2025-10-09"),
    *_dist("D02", "杭州禾丰贸易", "张伟", "褚志远", "卫丽", "蒋波", "沈军", boss_last="2025-12-05",
           manager_last="2025-12-19", finance_last="2025-10-30", keeper_last="2025-09-26"),
    # D03: the visits thinned out in the second half (TRAINER.md story 1).
    *_dist("D03", "北京瑞通商贸", "刘洋", "杨振华", "秦雪", "尤佳", "许峰", boss_last="2025-09-05",
           manager_last="2025-08-20", finance_last="2025-06-11", keeper_last="2025-05-08",
           every=45),
    # D04: the champion left at the end of 2024 and took two reps with him; the boss was
    # last seen in June; the new sales manager is still a stranger.
    _p(*D04, "曹振东", "老板", "总经办", "决策者", "中立", 5, "认识", "", "刘洋", "2025-06-18", 90,
       style="进取型", pain="业务员流失，终端在丢", value_proposition="协同拜访，帮他把终端找回来"),
    _p(*D04, "冯立新", "销售经理（已离职）", "销售部", "教练", "支持", 4, "同盟", "曹振东", "刘洋",
       "2024-12-10", 0, style="表现型", left_on="2024-12-20",
       notes="我们在 D04 的支持者；2024 年 12 月离职，带走两名业务员"),
    _p(*D04, "彭涛", "销售经理", "销售部", "影响者", "中立", 3, "认识", "曹振东", "刘洋",
       "2025-07-02", 60, first="2025-03-01", notes="2025 年 3 月接任，还没有建立关系"),
    _p(*D04, "蒋丽", "财务经理", "财务部", "审批者", "反对", 3, "约会", "曹振东", "刘洋",
       "2025-05-20", 60, style="分析型", pain="返利核对常有差异", notes="对返利核算不满"),
    _p(*D04, "韦强", "仓库主管", "仓储部", "使用者", "中立", 2, "认识", "彭涛", "刘洋", "", 0),
    # D05: stuffing in 2025 H2 (story 3); the boss's son runs the company since July and
    # would rather sell a competitor's line with a higher margin.
    _p(*D05, "陈志强", "老板", "总经办", "决策者", "支持", 5, "同盟", "", "王强", "2025-12-08", 21,
       style="进取型", pain="想拿满季度返利", value_proposition="以纯销为基础的季度目标和返利"),
    _p(*D05, "陈浩", "总经理", "总经办", "影响者", "反对", 4, "认识", "陈志强", "王强",
       "2025-10-22", 60, style="进取型", first="2025-07-01",
       pain="库存压着资金，毛利不如竞品", notes="2025 年 7 月起接手日常经营，倾向代理金厨"),
    _p(*D05, "林涛", "仓库主管", "仓储部", "使用者", "反对", 2, "约会", "陈浩", "王强",
       "2025-11-18", 45, pain="仓库堆满，临期品增加"),
    _p(*D05, "梁敏", "财务经理", "财务部", "审批者", "中立", 3, "约会", "陈志强", "王强",
       "2025-10-10", 60),
    *_dist("D06", "深圳鹏程贸易", "王强", "邓海", "邹静", "喻峰", "柏林", boss_last="2025-12-02",
           manager_last="2025-12-17", finance_last="2025-11-05", keeper_last="2025-09-30"),
    *_dist("D07", "武汉楚源商贸", "王强", "熊建平", "金萍", "水磊", "窦刚", boss_last="2025-12-11",
           manager_last="2025-12-24", finance_last="2025-11-20", keeper_last="2025-10-16"),
    *_dist("D08", "长沙湘润贸易", "孙浩", "章明", "云霞", "苏杭", "潘勇", boss_last="2025-11-27",
           manager_last="2025-12-15", finance_last="2025-10-24", keeper_last="2025-09-18"),
]

K01 = ("K01", "京味楼餐饮集团")
PROSPECT_PEOPLE = [
    # O2501 stuck in 招投标 (story 7): only the head chef is ours.
    _p(*K01, "宋志刚", "董事长", "董事会", "审批者", "中立", 5, "认识", "", "刘洋", "", 0),
    _p(*K01, "韩梅", "采购总监", "采购部", "决策者", "中立", 5, "认识", "宋志刚", "刘洋", "2025-05-20",
       60, style="分析型", pain="集采价格年年要降"),
    _p(*K01, "唐建", "中央厨房技术总监", "中央厨房", "技术把关者", "反对", 5, "约会", "宋志刚", "刘洋",
       "2025-09-10", 60, style="分析型", pain="换供应商怕口味变", notes="与竞品金厨合作多年，评标时偏向金厨"),
    _p(*K01, "许建军", "行政总厨", "中央厨房", "使用者", "支持", 3, "同盟", "唐建", "刘洋",
       "2025-12-18", 21, style="亲切型", pain="中央厨房酱料批次口味不稳定",
       value_proposition="禾味餐饮装生抽批次一致，提供厨师培训"),
    _p("K03", "蜀香火锅连锁", "高翔", "采购经理", "采购部", "决策者", "支持", 4, "约会", "", "张伟",
       "2025-12-09", 30, pain="底料和蘸料供应商分散"),
    _p("K03", "蜀香火锅连锁", "龙娟", "门店运营经理", "运营部", "使用者", "中立", 2, "认识", "高翔",
       "张伟", "2025-11-12", 60),
    _p("K05", "华中高校后勤集团", "万志军", "后勤处长", "后勤处", "决策者", "中立", 5, "约会", "",
       "王强", "2025-12-03", 30, pain="食堂成本压力大"),
    _p("K05", "华中高校后勤集团", "钟华", "采购科长", "采购科", "审批者", "支持", 4, "信赖", "万志军",
       "王强", "2025-12-19", 21),
    _p("K05", "华中高校后勤集团", "陆平", "食堂经理", "食堂", "使用者", "支持", 2, "约会", "万志军",
       "王强", "2025-11-26", 45),
    _p("K07", "邻里鲜生活超市", "严冬", "总经理", "总经办", "决策者", "支持", 5, "信赖", "", "张伟",
       "2025-12-17", 21, pain="新品进场费用高、动销没把握"),
    _p("K07", "邻里鲜生活超市", "石静", "采购经理", "采购部", "教练", "支持", 3, "同盟", "严冬", "张伟",
       "2025-12-22", 14),
    _p("K07", "邻里鲜生活超市", "段勇", "财务经理", "财务部", "审批者", "中立", 3, "约会", "严冬",
       "张伟", "2025-11-19", 45),
    _p("K10", "南方航空食品", "白雪", "采购部经理", "采购部", "决策者", "中立", 4, "约会", "", "李娜",
       "2025-12-01", 30),
    _p("K10", "南方航空食品", "黎明", "质量部经理", "质量部", "技术把关者", "支持", 4, "信赖", "白雪",
       "李娜", "2025-12-12", 30),
]

KT = ("KT", "康泰大药房")
PHARMA_PEOPLE = [
    _p(*KT, "沈国强", "总经理", "总经办", "审批者", "中立", 5, "认识", "", "陈静", "2025-10-20", 90,
       style="进取型", pain="医保控费，门店客单价下降"),
    _p(*KT, "方敏", "采购总监", "采购部", "决策者", "支持", 5, "信赖", "沈国强", "陈静", "2025-12-09",
       21, style="分析型", pain="慢病品种多、动销分化", value_proposition="按门店慢病会员数给品种建议"),
    _p(*KT, "邱晓燕", "慢病品类经理", "采购部", "影响者", "支持", 4, "同盟", "方敏", "陈静",
       "2025-12-19", 14, style="表现型", pain="慢病会员复购率低",
       value_proposition="糖友关爱计划推广到更多门店", notes="糖友计划的推动者"),
    _p(*KT, "杜娟", "采购专员", "采购部", "教练", "支持", 2, "同盟", "邱晓燕", "周婷", "2025-12-23",
       14, style="亲切型"),
    _p(*KT, "叶峰", "营运总监", "营运部", "使用者", "中立", 4, "约会", "沈国强", "陈静", "2025-11-12",
       45, style="分析型", pain="门店人手紧，培训排不开"),
    _p(*KT, "贺丽", "杭州片区经理", "营运部", "使用者", "支持", 3, "信赖", "叶峰", "周婷", "2025-12-15",
       30),
    _p(*KT, "汪洋", "宁波片区经理", "营运部", "使用者", "支持", 3, "约会", "叶峰", "周婷", "2025-12-04",
       30),
    # The 绍兴 stores under-sell (the pharma story): their area manager is rarely seen.
    _p(*KT, "施磊", "绍兴片区经理", "营运部", "使用者", "反对", 3, "认识", "叶峰", "吴磊", "2025-06-30",
       90, pain="认为调脂产品在绍兴卖不动", notes="不愿意给血脂产品进店"),
    _p(*KT, "金鑫", "医保与财务经理", "财务部", "审批者", "中立", 3, "约会", "沈国强", "陈静",
       "2025-11-03", 60),
    _p(*KT, "雷婷", "店员培训主管", "人力资源部", "影响者", "支持", 2, "信赖", "叶峰", "周婷",
       "2025-12-11", 30),
]

# ------------------------------------------------------------------ interactions

PURPOSES = {
    "决策者": ["季度生意回顾", "谈下季度合作方案", "年度 JBP 沟通"],
    "审批者": ["费用与返利对账", "年度合同条款沟通"],
    "影响者": ["品类回顾", "新品与促销方案沟通", "门店执行检查"],
    "使用者": ["到货与陈列问题", "门店巡访", "培训与服务"],
    "技术把关者": ["产品技术交流", "质量与规格确认"],
    "教练": ["了解内部动态", "确认评估重点", "准备高层会议"],
}
OUTCOMES = {
    "支持": ["同意推进", "给出内部建议", "确认了下一步"],
    "中立": ["需要再看数据", "表示会考虑", "没有明确答复"],
    "反对": ["提出异议", "要求降价", "表示另有选择"],
}
NEXT_STEPS = ["发送数据分析", "安排高层会面", "提交方案", "回访确认", "安排门店走访"]
TYPES = {"决策者": ["拜访", "会议", "电话"], "审批者": ["拜访", "电话", "微信/邮件"],
         "影响者": ["拜访", "电话", "微信/邮件"], "使用者": ["拜访", "电话", "微信/邮件"],
         "技术把关者": ["拜访", "会议"], "教练": ["拜访", "电话", "微信/邮件"]}


def interactions(people: list[Person], rng: np.random.Generator) -> pd.DataFrame:
    """Each person's 2025 contacts: back from the last contact every ``every`` days (±30 %),
    the last one carrying an open next step."""
    rows = []
    for p in people:
        if not p.last_contact or not p.every or p.last_contact < YEAR_START.isoformat():
            continue
        start = max(dt.date.fromisoformat(p.first), YEAR_START)
        day = dt.date.fromisoformat(p.last_contact)
        dates = []
        while day >= start:
            dates.append(day)
            day -= dt.timedelta(days=int(round(p.every * rng.uniform(0.7, 1.3))))
        dates.reverse()
        for i, d in enumerate(dates):
            last = i == len(dates) - 1
            following = d + dt.timedelta(days=p.every) if last else dates[i + 1]
            rows.append({
                "date": d.isoformat(), "customer_id": p.customer_id, "contact": p.name,
                "type": rng.choice(TYPES[p.role]), "owner": p.owner,
                "purpose": rng.choice(PURPOSES[p.role]), "outcome": rng.choice(OUTCOMES[p.attitude]),
                "next_step": rng.choice(NEXT_STEPS), "next_date": following.isoformat()})
    out = pd.DataFrame(rows, columns=INTERACTION_COLUMNS)
    return out.sort_values(["date", "customer_id", "contact"], kind="stable", ignore_index=True)


def contacts_frame(people: list[Person]) -> pd.DataFrame:
    rows = [{c: getattr(p, c) for c in CONTACT_COLUMNS} for p in people]
    return pd.DataFrame(rows, columns=CONTACT_COLUMNS)


# ------------------------------------------------------------------ the daily log

STAGES = ("初次接触", "需求确认", "有意向", "洽谈条件", "签约")
NEEDS = ["要餐饮大包装", "要求月结账期", "每周送货两次", "要厨师试用装", "看重批次口味稳定", "要求退换货保障",
         "关心进价", ""]
ACTIONS = ["送试用装", "报价", "约老板面谈", "安排厨师试菜", "带经销商一起拜访", "跟进签约", ""]


@dataclass(frozen=True)
class Canvass:
    """One rep's development weeks: where, how busy, how well prospects move on, and the
    competitors met on the way."""

    rep: str
    pool: list[str]  # prospect names
    start: str
    weeks: int
    per_day: float  # rows a working day (Poisson mean)
    advance: float  # chance that a revisit moves the prospect one stage on
    competitors: dict[str, float]  # competitor -> chance of seeing it at a visit


def canvass_log(plan: Canvass, rng: np.random.Generator, needs=NEEDS, actions=ACTIONS
                ) -> pd.DataFrame:
    """Working days Monday–Friday; each row a prospect: a revisit of an open one (six
    times in ten, always once the pool is used up) or a first visit."""
    reached: dict[str, int] = {}
    rows = []
    day = dt.date.fromisoformat(plan.start)
    end = day + dt.timedelta(weeks=plan.weeks)
    while day < end:
        if day.weekday() < 5:
            for _ in range(max(1, int(rng.poisson(plan.per_day)))):
                open_ = [n for n, s in reached.items() if s < len(STAGES) - 1]
                fresh = [n for n in plan.pool if n not in reached]
                if open_ and (not fresh or rng.random() < 0.6):
                    name = str(rng.choice(open_))
                    if rng.random() < plan.advance:
                        reached[name] += 1
                elif fresh:
                    name = str(rng.choice(fresh))
                    reached[name] = 0
                else:
                    break
                how = rng.choice(["拜访", "电话", "未接触"], p=[0.8, 0.15, 0.05])
                seen = [c for c, chance in plan.competitors.items() if rng.random() < chance]
                rows.append({"date": day.isoformat(), "rep": plan.rep, "prospect": name,
                             "visited": how, "stage": STAGES[reached[name]],
                             "competitor": "、".join(seen), "need": rng.choice(needs),
                             "next_action": "" if STAGES[reached[name]] == "签约"
                             else rng.choice(actions)})
        day += dt.timedelta(days=1)
    return pd.DataFrame(rows, columns=LOG_COLUMNS)


def restaurant_pool(outlets: pd.DataFrame, sales: pd.DataFrame, customers: tuple[str, ...]
                    ) -> list[str]:
    """The restaurants a region's distributors serve that never bought the brand."""
    bought = set(sales.loc[sales["kind"] == "sell_out", "outlet_id"].dropna())
    rows = outlets[(outlets["channel"] == "餐饮") & outlets["customer_id"].isin(customers)
                   & ~outlets["outlet_id"].isin(bought)]
    return sorted(rows["outlet_name"])


def abc_log(root: Path) -> pd.DataFrame:
    outlets = pd.read_csv(root / "abc" / "outlets.csv")
    sales = pd.read_csv(root / "abc" / "sales.csv.gz", usecols=["kind", "outlet_id"])
    plans = [
        # 华北: many visits, but the competitor 金厨 is everywhere and few move on.
        Canvass("刘洋", restaurant_pool(outlets, sales, ("D03", "D04")), "2025-11-17", 6, 9.0,
                0.25, {"金厨": 0.6, "味达": 0.2}),
        # 华中: fewer visits, with the distributor D07's reps; prospects move on.
        Canvass("王强", restaurant_pool(outlets, sales, ("D07", "D08")), "2025-11-17", 6, 7.0,
                0.55, {"味达": 0.3, "金厨": 0.1}),
        # 华南: the KA work leaves little time for canvassing.
        Canvass("李娜", restaurant_pool(outlets, sales, ("D05", "D06")), "2025-11-17", 6, 3.5,
                0.4, {"鲜厨坊": 0.35, "金厨": 0.15}),
        Canvass("张伟", restaurant_pool(outlets, sales, ("D01", "D02")), "2025-11-17", 6, 7.5,
                0.4, {"味达": 0.35, "鲜厨坊": 0.2}),
    ]
    frames = [canvass_log(plan, rng_for(f"log.{plan.rep}")) for plan in plans]
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["date", "rep"], kind="stable", ignore_index=True)


PHARMA_NEEDS = ["店长担心血脂产品动销", "要求店员培训", "需要总部下达进店通知", "要陈列物料", "关心毛利", ""]
PHARMA_ACTIONS = ["安排店员培训", "请总部品类经理发通知", "送陈列物料", "回访确认上架", ""]


def pharma_log(root: Path) -> pd.DataFrame:
    outlets = pd.read_csv(root / "pharma" / "outlets.csv")
    pool = sorted(outlets.loc[outlets["region"] == "绍兴", "outlet_name"])
    plans = [Canvass("周婷", pool, "2025-11-17", 4, 3.0, 0.45, {"同类调脂药 A": 0.5}),
             Canvass("吴磊", pool, "2025-11-17", 4, 2.5, 0.35, {"同类调脂药 A": 0.4,
                                                                 "同类调脂药 B": 0.2})]
    frames = [canvass_log(p, rng_for(f"pharma.log.{p.rep}"), PHARMA_NEEDS, PHARMA_ACTIONS)
              for p in plans]
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["date", "rep"], kind="stable", ignore_index=True)


# ------------------------------------------------------------------ files

def write_csv(df: pd.DataFrame, path: Path) -> None:
    path.write_bytes(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def save_workbook(wb: Workbook, path: Path) -> None:
    """An xlsx that is byte-identical on every run (pinned properties and zip times)."""
    wb.properties.creator = "禾味食品 KA 部"
    wb.properties.created = wb.properties.modified = XLSX_TIME
    wb.properties.lastModifiedBy = None
    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            zi = zipfile.ZipInfo(info.filename, date_time=XLSX_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    for j, h in enumerate(header, 1):
        ws.cell(row=1, column=j, value=h).font = Font(bold=True)
    for i, row in enumerate(rows, 2):
        for j, value in enumerate(row, 1):
            ws.cell(row=i, column=j, value=None if value in ("", None) else value)


def _day(text: str):
    return dt.datetime.fromisoformat(text) if text else None


# The KA manager's own week of canvassing for new chains (prospect names as she writes them).
ZHAOMIN_WEEK = [
    ("2025-12-15", "邻里鲜生活超市", "拜访", "洽谈条件", "", "新品进场费用能否分期", "报价"),
    ("2025-12-15", "快客便利（华北）", "电话", "需求确认", "金厨", "冷柜乳品专区", "约老板面谈"),
    ("2025-12-16", "家佳福超市", "拜访", "初次接触", "味达", "", "发送数据分析"),
    ("2025-12-16", "华联佳生活", "拜访", "初次接触", "", "要联合会员活动", "约老板面谈"),
    ("2025-12-17", "邻里鲜生活超市", "拜访", "洽谈条件", "", "要首单陈列支持", "跟进签约"),
    ("2025-12-17", "好邻佳便利", "未接触", "初次接触", "", "", "改约下周"),
    ("2025-12-18", "家佳福超市", "拜访", "需求确认", "味达", "关心促销资源", "提交方案"),
    ("2025-12-18", "快客便利（华北）", "拜访", "有意向", "金厨", "冷柜乳品专区", "提交方案"),
    ("2025-12-19", "邻里鲜生活超市", "拜访", "签约", "", "", ""),
    ("2025-12-19", "好邻佳便利", "电话", "初次接触", "", "", "约店长面谈"),
]


def trainee_zhaomin(root: Path, people: list[Person], visits: pd.DataFrame) -> Path:
    """ABC 零售's KA manager: the account's sell-in (2024–2025, with cost) and her own
    people sheets, Chinese headers. One bad row: a role written as 采购负责人."""
    sales = pd.read_csv(root / "abc" / "sales.csv.gz")
    products = pd.read_csv(root / "abc" / "products.csv").set_index("sku")["sku_name"]
    sel = sales[(sales["kind"] == "sell_in") & (sales["customer_id"] == "ABC")
                & (sales["period"] >= "2024-01")].sort_values(["period", "sku"], ignore_index=True)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "销售明细", ["月份", "客户编码", "客户名称", "产品编码", "产品名称", "品类", "数量",
                        "销售额", "成本"],
           [[r.period, r.customer_id, r.customer_name, r.sku, products[r.sku], r.category,
             int(r.units), round(float(r.net_sales), 2), round(float(r.cost), 2)]
            for r in sel.itertuples()])
    abc = [p for p in people if p.customer_id == "ABC"]
    rows = [[p.customer_id, p.name, p.title, p.department, p.role, p.attitude, p.influence,
             p.stage, p.style, p.reports_to, p.owner, _day(p.last_contact), p.pain,
             p.value_proposition, p.notes] for p in abc]
    rows[8][4] = "采购负责人"  # 朱红: not one of the six roles (TRAINER.md, bad rows)
    _sheet(wb, "关键人物表", ["客户编码", "姓名", "职务", "部门", "角色", "态度", "影响力", "关系阶段",
                         "行为类型", "汇报对象", "我方负责人", "最近联系日期", "痛点", "价值主张", "备注"],
           rows)
    mine = visits[(visits["customer_id"] == "ABC") & (visits["date"] >= "2025-07-01")]
    _sheet(wb, "拜访记录", ["日期", "客户编码", "联系人", "拜访方式", "负责人", "拜访目的", "拜访结果",
                        "下一步", "下一步日期"],
           [[_day(r.date), r.customer_id, r.contact, r.type, r.owner, r.purpose, r.outcome,
             r.next_step, _day(r.next_date)] for r in mine.itertuples()])
    _sheet(wb, "客户扫街日报", ["日期", "业务员", "客户名称", "拜访/电话", "开发阶段", "竞品", "发现的需求",
                          "下一步行动"],
           [[_day(d), "赵敏", *rest] for d, *rest in ZHAOMIN_WEEK])
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
    path = root / "trainees" / "赵敏_ABC零售.xlsx"
    save_workbook(wb, path)
    return path


def write_people(root: Path) -> dict[str, int]:
    """Every people table of both cases and the KA manager's trainee file; rows written."""
    abc_people = ABC_PEOPLE + DISTRIBUTOR_PEOPLE + PROSPECT_PEOPLE
    abc_visits = interactions(abc_people, rng_for("abc.interactions"))
    pharma_visits = interactions(PHARMA_PEOPLE, rng_for("pharma.interactions"))
    tables = {
        "abc/contacts.csv": contacts_frame(abc_people), "abc/interactions.csv": abc_visits,
        "abc/development_log.csv": abc_log(root),
        "pharma/contacts.csv": contacts_frame(PHARMA_PEOPLE),
        "pharma/interactions.csv": pharma_visits, "pharma/development_log.csv": pharma_log(root),
    }
    for name, frame in tables.items():
        write_csv(frame, root / name)
    path = trainee_zhaomin(root, abc_people, abc_visits)
    counts = {name: len(frame) for name, frame in tables.items()}
    counts[f"trainees/{path.name}"] = len(ABC_PEOPLE)
    return counts


if __name__ == "__main__":
    for name, n in write_people(Path(__file__).resolve().parent).items():
        print(f"{name}: {n} rows")
