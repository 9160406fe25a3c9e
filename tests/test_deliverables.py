"""The checks of the written deliverables (kit.questions), on hand-made answers: a good answer
passes, each kind of fault gets its own specific message, and no feedback gives away the
expected answer."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kit import exercises, fmt, i18n
from kit.goals.business_plan import ActionStep, BusinessPlan, KeyDriver, Option
from kit.goals.plan import Goal, Measure, Ogsm, Strategy, Swot, SwotEntry, split_entry
from kit.insights import UiaBoard, UiaCard
from kit.jbp.document import CooperationPlan, PlanActivity
from kit.jbp.sell_in import Attendee, Objection, Proposal, SellInMeeting
from kit.questions import goals as gq
from kit.questions import jbp as jq
from kit.questions import review as rq
from kit.report import (
    ActionItem,
    ReportDraft,
    draft_report,
    driver_terms,
    parse_actions,
    report_facts,
    report_terms,
)
from kit.report import t as report_t
from kit.review import Window

# N 100 → 132 万, S 200 → 180 万 (one SKU): total 300 → 312 万, YoY +4.0 %; N +32.0 %,
# S −10.0 %; units 30 → 30, so the bridge is all price: (312 / 30 − 300 / 30) × 30 = +12 万.
SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2024-06", "2025-06", "2025-06"], freq="M"),
    "region": ["N", "S", "N", "S"], "customer_id": ["C1", "C2", "C1", "C2"], "sku": ["A"] * 4,
    "units": [10, 20, 12, 18], "net_sales": [1_000_000.0, 2_000_000.0, 1_320_000.0, 1_800_000.0]})


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


@pytest.fixture(scope="module")
def report():
    return draft_report(SALES, Window("month", "2025-06"), by="region")


def good_report() -> ReportDraft:
    return ReportDraft(
        what_happened="2025-06 销售额 312.0 万元，去年同期 300.0 万元。",
        compared_with="对比去年：同比 +4.0%。N 同比 +32.0%，S 同比 −10.0%（−20.0 万元）。",
        cause="S 同比 −10.0%，销量减少；价格 +12.0 万元。",
        decision="S 区恢复进货的客户，N 区保持。",
        action=parse_actions("S 区回访停止进货的客户 | 王强 | 2026-03-31"),
        result=["S 区 2026 年 6 月同比回到 0%"])


def problems(draft: ReportDraft, report) -> list[str]:
    return rq.report_problems(draft, report_facts(report), report_terms(report))


# ---------------------------------------------------------------- WCC-DAR


def test_a_good_report_passes(report):
    assert problems(good_report(), report) == []
    question = rq.report_question(report)
    assert question.kind == "form" and exercises.check(question, good_report()).correct


def test_a_missing_section_is_named(report):
    draft = good_report()
    draft.decision, draft.action = "", []
    assert problems(draft, report) == [report_t("missing.decision"), report_t("missing.actions"),
                                       # S is diagnosed and no longer acted on:
                                       rq.t("report.no_action", term="S")]


def test_an_action_without_owner_or_date_is_named(report):
    draft = good_report()
    draft.action = [ActionItem("S 区回访", "", "2026/13/1")]
    assert problems(draft, report) == [report_t("missing.owner", n=1, what="S 区回访"),
                                       report_t("bad.due", n=1, what="S 区回访", due="2026/13/1")]


def test_a_figure_the_data_do_not_hold_is_named_without_the_right_one(report):
    draft = good_report()
    draft.compared_with = draft.compared_with.replace("+4.0%", "+5.0%")
    found = problems(draft, report)
    assert found == [rq.t("report.figure", section=rq.section_title("compared_with"),
                          figure="+5.0%")]
    assert "4.0" not in found[0]  # the figure the data hold is never given away


def test_a_diagnosis_with_no_action_is_named(report):
    draft = good_report()
    draft.decision = "N 区保持"
    draft.action = parse_actions("N 区新品进店 | 王强 | 2026-03-31")
    # "S 同比 −10.0%" is a problem (a negative figure) nobody acts on.
    assert problems(draft, report) == [rq.t("report.no_action", term="S")]
    # A problem word counts as well as a negative figure: "S 下滑" with no figure.
    draft.cause = "N 增长。\nS 下滑。"
    assert problems(draft, report) == [rq.t("report.no_action", term="S")]
    # An action on any name of the line deals with it: N is acted on, so "S 下滑，N 增长" is.
    draft.cause = "S 下滑，N 增长。"
    assert problems(draft, report) == []


def test_diagnosed_reads_each_clause(report):
    terms = report_terms(report)
    # "N 同比 +32.0%" is no problem; S's clause has a negative figure; 销量's clause the word 减少.
    assert rq.diagnosed("N 同比 +32.0%，S 同比 −10.0%，销量减少", terms) == ["S", "销量"]
    assert rq.diagnosed("价格 +12.0 万元", terms) == []


# ---------------------------------------------------------------- UIA cards


def good_card() -> UiaCard:
    return UiaCard(understanding="S 同比 −10.0%（180.0 万元，去年 200.0 万元）",
                   insight="因为销量减少，价格没有变", action="王强 3 月底前回访 S 区停止进货的客户",
                   subject="S")


def uia(cards: list[UiaCard], report) -> list[str]:
    return rq.uia_problems(UiaBoard(own=cards), report_facts(report), driver_terms())


def test_a_good_own_card_passes(report):
    assert uia([good_card()], report) == []
    assert exercises.check(rq.uia_question(report), UiaBoard(own=[good_card()])).correct


def test_uia_faults_each_have_their_message(report):
    assert uia([], report) == [rq.t("uia.none")]
    blank = good_card()
    blank.insight = ""
    assert uia([blank], report) == [rq.t("uia.blank", n=1, part="洞察")]
    plain = good_card()
    plain.understanding = "S 区不好"
    assert uia([plain], report) == [rq.t("uia.no_figure", n=1)]
    wrong = good_card()
    wrong.understanding = "S 同比 −12.0%"
    found = uia([wrong], report)
    assert found == [rq.t("uia.figure", n=1, part="理解", figure="-12.0%")]
    assert "10.0" not in found[0]
    echo = good_card()
    echo.insight = echo.understanding
    assert uia([echo], report) == [rq.t("uia.repeat", n=1)]
    vague = good_card()
    vague.insight = "S 区的客户不积极"
    assert uia([vague], report) == [rq.t("uia.no_cause", n=1)]
    prompt = good_card()
    prompt.action = "回访客户" + i18n.text("insights", "owner_due")
    assert uia([prompt], report) == [rq.t("uia.prompt_left", n=1)]


def test_kept_cards_are_not_checked_as_own(report):
    kept = UiaCard(understanding="", source="decline_driver:S")
    assert rq.uia_problems(UiaBoard(kept=[kept], own=[good_card()]), report_facts(report),
                           driver_terms()) == []


# ---------------------------------------------------------------- SWOT and TOWS


def good_swot() -> Swot:
    return Swot([SwotEntry("N 增长 +32.0%", "S", {"scorecard.yoy": 0.32}, "growth_driver:N"),
                 SwotEntry("S 下滑", "W", basis="2025-06 计分卡"),
                 SwotEntry("健康零食需求上升", "O", basis="消费者调研 2025"),
                 SwotEntry("竞品降价", "T", basis="经销商反馈")],
                tows={"SO": "S1 + O1：N 区先上健康零食", "ST": "用 S1 守住 T1",
                      "WO": "W1、O1：S 区用新品找回客户", "WT": "W1 T1 先稳价格"})


def test_a_good_swot_passes():
    assert gq.swot_problems(good_swot()) == []


def test_split_entry_reads_the_evidence_after_a_bar():
    assert split_entry("竞品降价｜经销商反馈") == ("竞品降价", "经销商反馈")
    assert split_entry("竞品降价") == ("竞品降价", "")


def test_swot_faults_each_have_their_message():
    swot = good_swot()
    swot.entries = [e for e in swot.entries if e.quadrant != "T"]
    assert gq.swot_problems(swot) == [gq.t("swot.empty", quadrant="威胁（T）")]
    swot = good_swot()
    swot.entries[1].basis = ""
    assert gq.swot_problems(swot) == [gq.t("swot.no_evidence", code="W1", text="S 下滑")]
    swot = good_swot()
    del swot.tows["WT"]
    assert gq.swot_problems(swot) == [gq.t("swot.no_tows", pair="WT", a="劣势（W）", b="威胁（T）")]
    swot = good_swot()
    swot.tows["SO"] = "先上健康零食"
    assert gq.swot_problems(swot) == [gq.t("swot.uncited", pair="SO", first="S", second="O")]


# ---------------------------------------------------------------- OGSM, 4P and execution


def good_ogsm() -> Ogsm:
    due = date(2026, 12, 31)
    levels = {"product": "in_store", "price": "resource", "place": "coverage",
              "promotion": "outlet_sales"}
    return Ogsm("稳住增长", [Goal("2026 销售额", 330.0, "万元", due, "revenue")],
                [Strategy(f"{p} 的策略", p, [Measure(f"{p} 指标", 10.0, "家", due, level)])
                 for p, level in levels.items()])


def test_a_good_ogsm_passes():
    assert gq.ogsm_problems(good_ogsm()) == []


def test_every_p_and_an_execution_measure_are_asked_for():
    ogsm = good_ogsm()
    ogsm.strategies = ogsm.strategies[1:]
    assert gq.ogsm_problems(ogsm) == [gq.t("ogsm.pillar", pillar="产品")]
    ogsm = good_ogsm()
    for s in ogsm.strategies:
        s.measures[0].level = "supply"
    assert gq.ogsm_problems(ogsm) == [gq.t("ogsm.execution", levels="终端销售、零售覆盖、店内表现、资源投入")]


# ---------------------------------------------------------------- KBD, screening, actions


def good_plan() -> BusinessPlan:
    return BusinessPlan(
        customer="D05", vision="D05 想做成华东最大的零食经销商",
        drivers=[KeyDriver("铺货率", "铺货率 60% → 66%", "终端多了，配送费用摊薄", "小店在增加",
                           "要 2 名业务员")],
        options=[Option("补业务员回访流失终端", "铺货率", 500_000.0, 100_000.0, "medium", "",
                        True),
                 Option("再提价 5%", "铺货率", 200_000.0, 100_000.0, "low", "上次提价丢了销量")],
        actions=[ActionStep("招 2 名业务员", "刘洋", date(2026, 1, 5), date(2026, 3, 31),
                            "3 月底 2 人到岗", "补业务员回访流失终端")])


def test_a_good_business_plan_passes():
    assert gq.business_plan_problems(good_plan()) == []


def test_business_plan_faults_each_have_their_message():
    plan = good_plan()
    plan.drivers[0].theirs = ""
    assert gq.business_plan_problems(plan) == [gq.t("plan.theirs", name="铺货率")]
    plan = good_plan()
    plan.options = plan.options[:1]
    assert gq.business_plan_problems(plan) == [gq.t("plan.few_options")]
    plan = good_plan()
    plan.options[1].driver = "客流"
    assert gq.business_plan_problems(plan) == [gq.t("plan.option_driver", text="再提价 5%")]
    plan = good_plan()
    # Chosen: 500k / 100k = 5.0 a yuan; dropped "medium" at 900k / 100k = 9.0 returns more.
    plan.options[1].feasibility, plan.options[1].impact = "medium", 900_000.0
    assert gq.business_plan_problems(plan) == [gq.t("plan.passed_over", chosen="补业务员回访流失终端",
                                                    dropped="再提价 5%")]
    plan.options[0].reason = "提价客户不接受"
    assert gq.business_plan_problems(plan) == []
    plan = good_plan()
    plan.actions[0].end = date(2025, 12, 31)
    plan.actions[0].measure = "到岗"
    assert gq.business_plan_problems(plan) == [gq.t("plan.action_order", what="招 2 名业务员"),
                                               gq.t("plan.action_measure", what="招 2 名业务员")]
    plan = good_plan()
    plan.actions[0].option = "别的方案"
    assert gq.business_plan_problems(plan) == [
        gq.t("plan.action_option", what="招 2 名业务员"),
        gq.t("plan.option_no_action", text="补业务员回访流失终端")]


# ---------------------------------------------------------------- JBP part 6


def good_cooperation() -> CooperationPlan:
    return CooperationPlan([PlanActivity("春节订货会", "订货会", "刘洋", date(2026, 1, 5),
                                         date(2026, 2, 10), 50_000.0, 300_000.0, "订货额 300 万")],
                           budget=60_000.0)


def test_a_good_cooperation_plan_passes():
    # The target asks 250,000 more than last period; the plan expects 300,000.
    assert jq.cooperation_problems(good_cooperation(), 250_000.0) == []


def test_cooperation_faults_each_have_their_message():
    plan = good_cooperation()
    plan.activities[0].owner, plan.activities[0].kpi = "", "订货额"
    assert jq.cooperation_problems(plan) == [jq.t("coop.owner", what="春节订货会"),
                                             jq.t("coop.kpi", what="春节订货会")]
    plan = good_cooperation()
    plan.budget = 40_000.0  # cost 50,000
    assert jq.cooperation_problems(plan) == [jq.t("coop.budget")]
    # 300,000 expected against 350,000 asked for: short, and no amount is given away.
    found = jq.cooperation_problems(good_cooperation(), 350_000.0)
    assert found == [jq.t("coop.short")] and not any(c.isdigit() for c in found[0])
    assert jq.cooperation_problems(CooperationPlan()) == [jq.t("coop.none")]


# ---------------------------------------------------------------- sell-in meeting


def good_meeting() -> SellInMeeting:
    return SellInMeeting(
        "D05", date(2026, 1, 15), ["你的上期生意", "你的利润和资金", "我们的请求"],
        [Proposal("按纯销订货", "库存天数从 45 天降到 30 天，少占 80 万资金",
                  [Objection("旺季会断货", "按周补货，安全库存 7 天")])],
        "1 月 31 日前签下 2026 年按纯销订货的协议",
        [Attendee("王强", "brand", "区域经理"), Attendee("赵总", "customer", "总经理，拍板")])


def test_a_good_meeting_plan_passes():
    assert jq.sell_in_problems(good_meeting()) == []


def test_meeting_faults_each_have_their_message():
    m = good_meeting()
    m.proposals[0].benefit = ""
    m.proposals[0].objections[0].answer = ""
    assert jq.sell_in_problems(m) == [jq.t("sell.benefit", text="按纯销订货"),
                                      jq.t("sell.no_answer", objection="旺季会断货")]
    m = good_meeting()
    m.ask = "希望客户支持"
    assert jq.sell_in_problems(m) == [jq.t("sell.vague_ask", ask="希望客户支持")]
    m = good_meeting()
    m.attendees = m.attendees[:1]
    assert jq.sell_in_problems(m) == [jq.t("sell.side", side="客户方")]
    m = good_meeting()
    m.attendees[1].role = ""
    assert jq.sell_in_problems(m) == [jq.t("sell.role")]


# ---------------------------------------------------------------- the closed loop


def test_the_loop_questions_by_hand():
    sales = pd.DataFrame({"period": pd.period_range("2025-01", "2025-12", freq="M"),
                          "customer_id": "D05", "sku": "A", "units": 1, "kind": "sell_in",
                          "net_sales": [90.0] * 3 + [100.0] * 3 + [70.0] * 3 + [130.0] * 3})
    targets = pd.DataFrame({"period": pd.period_range("2025-01", "2025-12", freq="M"),
                            "customer_id": "D05", "net_sales": 100.0})
    quarter, total = jq.loop_questions(targets, sales, "2025", "D05")
    # Q1 270 / 300 = 90 %, Q2 100 %, Q3 210 / 300 = 70 %, Q4 130 %: Q3 is furthest behind.
    assert quarter.check("2025Q3").correct and not quarter.check("2025Q1").correct
    # The year: 1,170 / 1,200 = 97.5 %.
    assert total.check("97.5%").correct and not total.check("95%").correct
    assert not any(c.isdigit() for c in total.check("90%").message)


def test_form_feedback_lists_each_problem_on_its_own_line():
    check = exercises.form_check(lambda v: ["a", "b"] if v else [])
    assert check(1).lines == ["a", "b"] and not check(1).correct
    assert check(0).correct and check(0).message == exercises.t("form_ok")
    html = exercises.render_feedback(check(1))
    assert "a<br>b" in html


def test_a_form_question_has_no_plain_widget():
    with pytest.raises(ValueError, match="form"):
        exercises.widget(gq.swot_question())


def test_money_in_feedback_reads_as_the_kit_writes_it(report):
    # The kit's own draft quotes only figures the review holds.
    draft = ReportDraft(report.what_happened, report.compared_with, report.cause)
    figures = rq.report_problems(draft, report_facts(report), report_terms(report))
    assert not any(m.startswith(rq.t("report.figure", section="", figure="")[:2]) for m in figures)
    assert fmt.money(3_120_000.0, unit=True) in report.what_happened  # "312.0 万元"


def test_the_buyers_card_holds_only_what_the_customer_version_shows():
    from kit.jbp.document import Jbp, Part
    from kit.jbp.sell_in import concerns, role_play

    jbp = Jbp("D05", brand_plan=Part({"next_target": 1.2e6, "last_actual": 1e6, "growth": 0.2},
                                     internal_indicators={"brand_margin_pct": 0.345}),
              financial_review=Part({"net_margin_pct": 0.02, "stock_ratio": 1.4,
                                     "cash_cycle": 45.0, "roi": 0.3},
                                    internal_indicators={"brand_margin_pct": 0.345}))
    # Growth 20 % > 10 %, stock ratio 1.40 > 1.3, net margin 2.0 % < 2.5 %: three concerns.
    assert concerns(jbp) == [jq.i18n.text("jbp.sell_in", "concern.target", growth="20.0%"),
                             jq.i18n.text("jbp.sell_in", "concern.stock", ratio="1.40"),
                             jq.i18n.text("jbp.sell_in", "concern.margin", margin="2.0%")]
    buyer = "\n".join(role_play(jbp, good_meeting()).buyer)
    assert "34.5" not in buyer  # the brand's margin is internal
    assert "旺季会断货" in buyer and "45.0 天" in buyer


def test_typed_actions_and_dates_are_read_and_kept_as_typed(report):
    from kit.report import actions_text, parse_day, with_draft

    assert parse_day("2026年3月31日") == date(2026, 3, 31) == parse_day("2026/3/31")
    assert parse_day("下个月") == "下个月" and parse_day(" ") is None
    assert parse_day("2026-02-30") == "2026-02-30"  # not a day: kept for the check to name
    items = parse_actions("回访 ｜ 王强 ｜ 2026-03-31\n\n补货 | 刘洋")
    assert items == [ActionItem("回访", "王强", date(2026, 3, 31)), ActionItem("补货", "刘洋", None)]
    assert actions_text(items) == "回访 | 王强 | 2026-03-31\n补货 | 刘洋"
    # The exported report: the trainee's sections, the kit's draft where they left one blank.
    mine = with_draft(report, ReportDraft(decision="S 区恢复进货", cause=""))
    assert mine.decision == "S 区恢复进货" and mine.cause == report.cause
