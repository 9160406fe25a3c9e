"""Stage 3 exercises: the JBP as first built from the data and the parameters (before any
slider moves or plan line is edited), the diagnosis, the activity review and the closed
loop; and the checks of the written work: part 6 (the cooperation plan) and the sell-in
meeting plan."""

from __future__ import annotations

import math
import re

import pandas as pd

from kit import exercises, i18n
from kit.jbp import (
    base_assumptions,
    build_jbp,
    challenge_table,
    customer_margin,
    is_skipped,
    loop_review,
    next_target,
    pick_customer,
    project,
    review_from,
    starter_plan,
    windows,
)
from kit.jbp.document import CooperationPlan
from kit.jbp.sell_in import SellInMeeting

t = i18n.catalogue(
    "questions.jbp",
    {
        "q.sell_in_yoy": {
            "zh": "练习：{customer} 上期进货额同比增长了多少？（看第一部分“品牌上期生意回顾”）",
            "en": "Exercise: by how much did {customer}'s sell-in grow on last year? (part 1)",
        },
        "q.growth": {
            "zh": "练习：下期目标比上期实际进货增长多少？（看第二部分）",
            "en": "Exercise: how much growth does next period's target ask for, on last "
                  "period's sell-in? (part 2)",
        },
        "q.stuffing": {
            "zh": "练习：根据最近半年的数据，哪一家经销商在压货？（连续多月进/出比 > 1.3）",
            "en": "Exercise: over the last six months, which distributor is stuffing stock? "
                  "(ratio above 1.3 for several months in a row)",
        },
        "q.lowest_roi": {
            "zh": "练习：哪一个活动的 ROI 最低（增量毛利 ÷ 费用）？",
            "en": "Exercise: which activity has the lowest ROI (incremental margin ÷ cost)?",
        },
        "q.cash_cycle": {
            "zh": "练习：{customer} 上期的现金周期是多少天？",
            "en": "Exercise: how many days was {customer}'s cash cycle last period?",
        },
        "q.cash_cycle.hint": {"zh": "现金周期 = 库存天数 + 应收天数 − 应付天数。",
                              "en": "Cash cycle = DIO + DSO − DPO."},
        "q.sell_in_units": {
            "zh": "练习：按第五部分的目标，{customer} 下期应进货多少件？",
            "en": "Exercise: by part 5's targets, how many units should {customer} buy next "
                  "period?",
        },
        "q.sell_in_units.hint": {"zh": "进货 = 出货 + 期末库存 − 期初库存。",
                                 "en": "Sell-in = sell-out + closing stock − opening stock."},
        "q.loop_quarter": {
            "zh": "练习（闭环）：回顾期里，{customer} 哪个季度的实际进货比计划落后最多（达成率最低）？",
            "en": "Exercise (closed loop): in the review window, in which quarter was {customer}'s "
                  "sell-in furthest below plan (lowest achievement)?",
        },
        "q.loop_quarter.hint": {"zh": "看闭环表的“达成率”一列，不是“缺口”的金额。",
                                "en": "Read the achievement column of the loop, not the gap."},
        "q.loop_total": {
            "zh": "练习（闭环）：回顾期全年，{customer} 的实际进货达成了计划的多少？",
            "en": "Exercise (closed loop): over the review window, what share of plan did "
                  "{customer}'s sell-in reach?",
        },
        "q.loop_total.hint": {"zh": "累计达成 = 各季度实际之和 ÷ 各季度计划之和。",
                              "en": "Overall = Σ actual ÷ Σ plan over the quarters."},
        # ---------------------------------------------------------- part 6
        "coop.prompt": {"zh": "第六部分：经销商下期合作计划。", "en": "Part 6: the cooperation plan."},
        "coop.none": {"zh": "合作计划里还没有活动：至少写一项。",
                      "en": "The cooperation plan has no activity yet: add at least one."},
        "coop.name": {"zh": "第 {n} 项活动没有名称。", "en": "Activity {n} has no name."},
        "coop.owner": {"zh": "活动“{what}”没有负责人。", "en": "Activity “{what}” has no owner."},
        "coop.dates": {"zh": "活动“{what}”缺开始或结束日期。",
                       "en": "Activity “{what}” lacks a start or an end date."},
        "coop.order": {"zh": "活动“{what}”的结束日期早于开始日期。",
                       "en": "Activity “{what}” ends before it starts."},
        "coop.cost": {"zh": "活动“{what}”没有费用（不花钱就写 0）。",
                      "en": "Activity “{what}” has no cost (write 0 if it costs nothing)."},
        "coop.uplift": {"zh": "活动“{what}”没有预期增量。", "en": "Activity “{what}” has no expected uplift."},
        "coop.kpi": {"zh": "活动“{what}”的 KPI 里没有数字：写明衡量什么、目标值多少。",
                     "en": "Activity “{what}” has no number in its KPI: say what is measured and "
                           "its target value."},
        "coop.budget": {"zh": "费用合计超出了预算：减少或调整活动，或申请追加预算。",
                        "en": "The total cost is over budget: cut or change activities, or ask "
                              "for more budget."},
        "coop.short": {
            "zh": "所有活动的预期增量加起来，还不够下期目标比上期多出的部分：补充活动，或在计划里说明其余的增长从哪里来。",
            "en": "The activities' expected uplift does not add up to the growth the target asks "
                  "for: add activities, or say where the rest of the growth comes from.",
        },
        # ---------------------------------------------------------- sell-in meeting
        "sell.prompt": {"zh": "卖入会准备：议程、每个提议对客户的好处、异议与回答、请求、参会人。",
                        "en": "Sell-in meeting: agenda, the customer's benefit per proposal, "
                              "objections and answers, the ask, attendees."},
        "sell.date": {"zh": "还没有定会议日期。", "en": "The meeting has no date yet."},
        "sell.agenda": {"zh": "议程至少要有两项：先讲经销商自己的生意，最后讲我们的请求。",
                        "en": "The agenda needs at least two items: the distributor's own "
                              "business first, our ask last."},
        "sell.no_proposal": {"zh": "还没有提议：写下要和经销商谈的合作内容。",
                             "en": "No proposal yet: write what you will put to the distributor."},
        "sell.proposal_text": {"zh": "第 {n} 个提议没有写内容。", "en": "Proposal {n} is blank."},
        "sell.benefit": {"zh": "提议“{text}”没有写对客户的好处：经销商能多赚多少、周转快多少？",
                         "en": "Proposal “{text}” does not say what the customer gains: how much "
                               "more profit, how much faster turnover?"},
        "sell.no_objection": {"zh": "提议“{text}”还没有预想经销商会提出的异议。",
                              "en": "Proposal “{text}” has no expected objection yet."},
        "sell.no_answer": {"zh": "异议“{objection}”还没有准备回答。",
                           "en": "The objection “{objection}” has no answer yet."},
        "sell.no_ask": {"zh": "还没有写请求：会议结束时要经销商承诺什么？",
                        "en": "No ask yet: what should the distributor commit to by the end?"},
        "sell.vague_ask": {
            "zh": "请求“{ask}”不够具体：写明承诺什么、多少、什么时候（带一个数字或日期）。",
            "en": "The ask “{ask}” is not specific: say what, how much and by when (a number "
                  "or a date).",
        },
        "sell.side": {"zh": "参会人里还没有{side}的人。", "en": "No attendee from {side} yet."},
        "sell.role": {"zh": "客户方参会人没有写角色：谁能拍板？",
                      "en": "The customer's attendees have no role: who decides?"},
    },
)
TITLES = {
    "jbp.sell_in_yoy": {"zh": "上期进货同比", "en": "Sell-in YoY"},
    "jbp.target_growth": {"zh": "下期目标增长", "en": "Target growth"},
    "jbp.stuffing": {"zh": "压货的经销商", "en": "Stuffing distributor"},
    "jbp.lowest_roi": {"zh": "ROI 最低的活动", "en": "Lowest-ROI activity"},
    "jbp.cash_cycle": {"zh": "现金周期", "en": "Cash cycle"},
    "jbp.sell_in_units": {"zh": "下期进货量", "en": "Next sell-in units"},
    "jbp.loop_quarter": {"zh": "最落后的季度", "en": "Quarter most behind"},
    "jbp.loop_total": {"zh": "闭环累计达成", "en": "Loop achievement"},
    "jbp.cooperation": {"zh": "第六部分合作计划", "en": "Part 6 cooperation plan"},
    "jbp.sell_in_meeting": {"zh": "卖入会准备", "en": "Sell-in meeting plan"},
}
_DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def questions(sales: pd.DataFrame, *, customer: str | None = None,
              ledger: pd.DataFrame | None = None, activities: pd.DataFrame | None = None,
              targets: pd.DataFrame | None = None, growth: float = 0.0,
              stock_days: float = 0) -> list[exercises.Question]:
    """Only the questions the data can answer are asked (at least the two on parts 1 and
    2, which need only sales)."""
    w = windows(sales)
    choice = pick_customer(sales, ledger, customer or None)
    cid = choice.customer_id
    review = review_from(activities, sales)
    base = base_assumptions(ledger, cid, w.review, growth, stock_days)
    first = build_jbp(
        cid, w.plan, sales=sales, review_window=w.review,
        next_target=next_target(sales, cid, w.review, targets, growth).value,
        plan=starter_plan(review, cid, w.review, customer_margin(sales, cid, w.review)),
        ledger=ledger, assumptions=base, projection=project(base) if base is not None else None,
        activity_review_table=review, targets=targets, customer_name=choice.customer_name,
        diagnosis_window=w.diagnosis)
    diagnosis = challenge_table(ledger, w.diagnosis, review) if ledger is not None else None

    def prompt(key: str) -> dict[str, str]:
        return {lang: t(key, lang=lang, customer=cid) for lang in i18n.LANGS}

    def hint(key: str) -> dict[str, str]:
        return {lang: t(key, lang=lang) for lang in i18n.LANGS}

    asked = []
    yoy = first.brand_review.indicators.get("sell_in_yoy", float("nan"))
    if not math.isnan(yoy):
        asked.append(exercises.Question(
            id="jbp.sell_in_yoy", prompt=prompt("q.sell_in_yoy"),
            check=exercises.expect_number(yoy, rel_tol=0.02, abs_tol=0.001)))
    target_growth = first.brand_plan.indicators.get("growth", float("nan"))
    if not math.isnan(target_growth):
        asked.append(exercises.Question(
            id="jbp.target_growth", prompt=prompt("q.growth"),
            check=exercises.expect_number(target_growth, rel_tol=0.02, abs_tol=0.001)))
    if diagnosis is not None and "stuffing" in diagnosis:
        flagged = diagnosis.index[diagnosis["stuffing"].astype(bool)]
        if len(flagged) == 1 and len(diagnosis) > 1:
            asked.append(exercises.Question(
                id="jbp.stuffing", prompt=prompt("q.stuffing"), kind="choice",
                choices=tuple(map(str, diagnosis.index)),
                check=exercises.expect_choice(str(flagged[0]))))
    if review is not None:
        rated = review.dropna(subset=["roi"])
        if len(rated) > 1 and rated["activity"].is_unique:
            worst = rated.loc[rated["roi"].idxmin(), "activity"]
            asked.append(exercises.Question(
                id="jbp.lowest_roi", prompt=prompt("q.lowest_roi"), kind="choice",
                choices=tuple(sorted(map(str, rated["activity"]))),
                check=exercises.expect_choice(str(worst))))
    if not is_skipped(first.financial_review):
        asked.append(exercises.Question(
            id="jbp.cash_cycle", prompt=prompt("q.cash_cycle"),
            check=exercises.expect_number(first.financial_review.indicators["cash_cycle"],
                                          rel_tol=0.02, abs_tol=0.5,
                                          hint=hint("q.cash_cycle.hint"))))
    if not is_skipped(first.financial_targets):
        asked.append(exercises.Question(
            id="jbp.sell_in_units", prompt=prompt("q.sell_in_units"),
            check=exercises.expect_number(first.financial_targets.indicators["sell_in_units"],
                                          rel_tol=0.01, hint=hint("q.sell_in_units.hint"))))
    asked += loop_questions(targets, sales, w.review, cid)
    return asked


def loop_questions(targets: pd.DataFrame | None, sales: pd.DataFrame, window,
                   customer: str) -> list[exercises.Question]:
    """The closed loop's review step (:func:`kit.jbp.loop_review`): the quarter furthest
    below plan and the window's overall achievement; none without a plan."""
    loop = loop_review(targets, sales, window, customer)
    if loop is None or loop.empty:
        return []

    def prompt(key: str) -> dict[str, str]:
        return {lang: t(key, lang=lang, customer=customer) for lang in i18n.LANGS}

    rows = loop.xs(customer, level=0) if customer in loop.index.get_level_values(0) else loop
    asked = []
    rated = rows["achievement"].dropna()
    if len(rated) > 1:
        asked.append(exercises.Question(
            id="jbp.loop_quarter", prompt=prompt("q.loop_quarter"), kind="choice",
            choices=tuple(str(p) for p in rows.index),
            check=exercises.expect_choice(str(rated.idxmin()), hints={
                str(rows["gap"].idxmin()): prompt("q.loop_quarter.hint")}
                if str(rows["gap"].idxmin()) != str(rated.idxmin()) else None)))
    if rows["plan"].sum() > 0:
        asked.append(exercises.Question(
            id="jbp.loop_total", prompt=prompt("q.loop_total"),
            check=exercises.expect_number(float(rows["actual"].sum() / rows["plan"].sum()),
                                          rel_tol=0, abs_tol=0.0006,
                                          hint=prompt("q.loop_total.hint"))))
    return asked


# ------------------------------------------------------------------ part 6


def _both(key: str) -> dict[str, str]:
    return {lang: t(key, lang=lang) for lang in i18n.LANGS}


def cooperation_question(growth_needed: float | None = None) -> exercises.Question:
    """The check of part 6; ``growth_needed``: next target − last period's sell-in."""
    return exercises.Question(id="jbp.cooperation", kind="form", prompt=_both("coop.prompt"),
                              check=exercises.form_check(
                                  lambda plan: cooperation_problems(plan, growth_needed)))


def cooperation_problems(plan: CooperationPlan, growth_needed: float | None = None) -> list[str]:
    """No activity; an activity without a name, owner, start and end dates (in order),
    cost, expected uplift, or a KPI with a number; the total over budget; and, when the
    target asks for growth (``growth_needed`` > 0), an expected uplift that falls short
    of it."""
    activities = [a for a in plan.activities if a.activity.strip() or a.cost or a.owner.strip()]
    if not activities:
        return [t("coop.none")]
    problems = []
    for n, a in enumerate(activities, start=1):
        what = a.activity.strip() or str(n)
        if not a.activity.strip():
            problems.append(t("coop.name", n=n))
        if not a.owner.strip():
            problems.append(t("coop.owner", what=what))
        if a.start is None or a.end is None:
            problems.append(t("coop.dates", what=what))
        elif a.end < a.start:
            problems.append(t("coop.order", what=what))
        if a.cost is None or not math.isfinite(a.cost):
            problems.append(t("coop.cost", what=what))
        if a.expected_uplift is None or not math.isfinite(a.expected_uplift):
            problems.append(t("coop.uplift", what=what))
        if not _DIGIT.search(a.kpi or ""):
            problems.append(t("coop.kpi", what=what))
    if plan.over_budget:
        problems.append(t("coop.budget"))
    if growth_needed is not None and growth_needed > 0 and plan.expected_uplift < growth_needed:
        problems.append(t("coop.short"))
    return problems


# ------------------------------------------------------------------ the sell-in meeting


def sell_in_question() -> exercises.Question:
    return exercises.Question(id="jbp.sell_in_meeting", kind="form", prompt=_both("sell.prompt"),
                              check=exercises.form_check(sell_in_problems))


def sell_in_problems(meeting: SellInMeeting) -> list[str]:
    """The meeting plan as the course's 卖入的实施 asks for it: a date; an agenda of at least
    two items; at least one proposal, each with its text, the customer's benefit and at
    least one expected objection, every objection with an answer; an ask with a number or
    a date in it; attendees from both sides, the customer's with a role."""
    from kit.jbp.sell_in import SIDES, side_label

    problems = [] if meeting.date else [t("sell.date")]
    if len([a for a in meeting.agenda if a.strip()]) < 2:
        problems.append(t("sell.agenda"))
    proposals = [p for p in meeting.proposals if p.text.strip() or p.benefit.strip()
                 or p.objections]
    if not proposals:
        problems.append(t("sell.no_proposal"))
    for n, p in enumerate(proposals, start=1):
        text = p.text.strip() or str(n)
        if not p.text.strip():
            problems.append(t("sell.proposal_text", n=n))
        if not p.benefit.strip():
            problems.append(t("sell.benefit", text=text))
        objections = [o for o in p.objections if o.objection.strip() or o.answer.strip()]
        if not objections:
            problems.append(t("sell.no_objection", text=text))
        problems += [t("sell.no_answer", objection=o.objection.strip() or text)
                     for o in objections if not o.answer.strip()]
    if not meeting.ask.strip():
        problems.append(t("sell.no_ask"))
    elif not _DIGIT.search(meeting.ask):
        problems.append(t("sell.vague_ask", ask=meeting.ask.strip()))
    present = [a for a in meeting.attendees if a.name.strip()]
    problems += [t("sell.side", side=side_label(side)) for side in SIDES
                 if not any(a.side == side for a in present)]
    customers = [a for a in present if a.side == "customer"]
    if customers and not any(a.role.strip() for a in customers):
        problems.append(t("sell.role"))
    return problems
