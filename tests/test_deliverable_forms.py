"""The deliverable forms in a kernel: what a trainee types is saved and comes back in a new
instance, and Check answers with the check of kit.questions (attempt kept, score recorded)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kit import exercises, workspace
from kit.goals.business_plan import BusinessPlan, KeyDriver
from kit.goals.plan import Swot, SwotEntry
from kit.insights import UiaBoard
from kit.jbp.document import CooperationPlan, Jbp, Part, PlanActivity
from kit.jbp.sell_in import SellInMeeting
from kit.record import recorded
from kit.report import ReportDraft, draft_report
from kit.review import Window
from kit.widgets.business_plan_form import BusinessPlanForm, save_name
from kit.widgets.jbp_app import SELL_IN_SAVE, SellInForm
from kit.widgets.plan_forms import SWOT_SAVE, SwotBoard
from kit.widgets.review_forms import REPORT_SAVE, UIA_SAVE, ReportForm, UiaForm, kept_findings

SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2024-06", "2025-06", "2025-06"], freq="M"),
    "region": ["N", "S", "N", "S"], "customer_id": ["C1", "C2", "C1", "C2"], "sku": ["A"] * 4,
    "units": [10, 20, 12, 18], "net_sales": [1_000_000.0, 2_000_000.0, 1_320_000.0, 1_800_000.0]})


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


@pytest.fixture
def report():
    return draft_report(SALES, Window("month", "2025-06"), by="region")


def test_uia_form_keeps_every_card_at_first_and_saves_own_cards(report):
    form = UiaForm(report.cards, report, trainee="张伟")
    assert [c.source for c in kept_findings("张伟")] == ["decline_driver:S", "growth_driver:N"]
    form.keep["growth_driver:N"].value = False
    form._add()
    own = form.own_box.children[0].children
    own[2].value = "S 同比 −10.0%（180.0 万元）"  # understanding
    own[3].value = "因为销量减少"  # insight
    own[4].value = "王强 3 月底回访 S 区客户"  # action
    saved = workspace.load(UIA_SAVE, UiaBoard, trainee="张伟").value
    assert [c.source for c in saved.kept] == ["decline_driver:S"]
    assert saved.own[0].insight == "因为销量减少"
    again = UiaForm(report.cards, report, trainee="张伟")
    assert not again.keep["growth_driver:N"].value and again.own[0].action.startswith("王强")
    feedback = again.check.check()
    assert feedback.correct, feedback.message
    assert recorded()["exercise/review.uia"]["correct"] is True
    assert len(exercises.history(again.check.question(), trainee="张伟")) == 1


def test_report_form_starts_from_the_draft_and_checks_what_was_written(report):
    form = ReportForm(report, trainee="张伟")
    form.start_from_draft()
    assert form.boxes["cause"].value == report.cause
    form.boxes["decision"].value = "S 区恢复进货的客户"
    form.boxes["action"].value = "S 区回访 | 王强 | 2026-03-31\n补货 | 刘洋 | 下个月"
    form.boxes["result"].value = "S 区 6 月同比回到 0%"
    saved = workspace.load(REPORT_SAVE, ReportDraft, trainee="张伟").value
    assert saved.action[0].due == date(2026, 3, 31) and saved.action[1].due == "下个月"
    feedback = form.check.check()
    assert not feedback.correct and "下个月" in feedback.message  # the date that is not one
    assert form.report.decision == "S 区恢复进货的客户"  # what is exported is the trainee's
    assert ReportForm(report, trainee="张伟").boxes["decision"].value == "S 区恢复进货的客户"


def test_swot_board_reads_evidence_and_tows_and_saves_at_once():
    board = SwotBoard(Swot([SwotEntry("N 增长", "S", {"scorecard.yoy": 0.32}, "growth_driver:N")]),
                      trainee="张伟")
    assert workspace.load(SWOT_SAVE, Swot, trainee="张伟").value.entries[0].source == \
        "growth_driver:N"
    board.boxes["T"].value = "竞品降价 ｜ 经销商反馈"
    board.tows["ST"].value = "S1 + T1：守住 N 区"
    saved = workspace.load(SWOT_SAVE, Swot, trainee="张伟").value
    assert saved.quadrant("T")[0].basis == "经销商反馈" and saved.tows == {"ST": "S1 + T1：守住 N 区"}
    again = SwotBoard(None, trainee="张伟")
    assert again.boxes["T"].value == "竞品降价 | 经销商反馈"
    assert not again.check.check().correct  # W and O are still empty


def test_business_plan_form_adds_rows_and_comes_back():
    form = BusinessPlanForm("D05", starter=BusinessPlan(drivers=[KeyDriver("铺货率")]),
                            trainee="张伟")
    form.body.children[1].value = "做华东最大的零食经销商"  # the vision
    saved = workspace.load(save_name("D05"), BusinessPlan, trainee="张伟").value
    assert saved.vision == "做华东最大的零食经销商" and saved.drivers[0].name == "铺货率"
    assert saved.customer == "D05"
    assert not form.check.check().correct


def test_sell_in_form_drafts_from_the_jbp_and_makes_the_cards():
    jbp = Jbp("D05", period="2026", brand_plan=Part({"next_target": 1.5e6, "last_actual": 1e6,
                                                     "growth": 0.5}),
              plan=CooperationPlan([PlanActivity("春节订货会")]))
    form = SellInForm(lambda: jbp, trainee="张伟")
    saved = workspace.load(f"{SELL_IN_SAVE}_D05", SellInMeeting, trainee="张伟").value
    assert [p.text for p in saved.proposals] == ["春节订货会"] and len(saved.agenda) == 4
    form.show_cards()
    # The target asks +50 % (1.5 M on 1 M): the buyer's card raises it.
    assert "卖方" in form.cards.value and "50.0%" in form.cards.value
    assert not form.check.check().correct
