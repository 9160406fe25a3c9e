"""Stage-3 widgets in a kernel: the numbers they show come from kit.jbp, and what a
trainee sets or types comes back after a restart (a new instance)."""

import math
from datetime import date

import pandas as pd
import pytest

from kit import labels, workspace
from kit.jbp import (
    Assumptions,
    CooperationPlan,
    Jbp,
    PlanActivity,
    adjust,
    build_jbp,
    customer_version,
    project,
)
from kit.widgets.jbp_app import (
    BuilderApp,
    ChecklistApp,
    CooperationEditor,
    ProfitScenarioApp,
    t,
)

BASE = Assumptions(sell_out_units=36_500, price=10.0, unit_cost=8.0, rebate_rate=0.02,
                   opex_rate=0.05, stock_days=30, credit_days=20, payable_days=15)


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


def test_adjust_by_hand():
    a = adjust(BASE, price=0.05, volume=-0.1, stock_days=20)
    # 10 × 1.05 = 10.5; 36,500 × 0.9 = 32,850; stock days set to 20, the rest unchanged.
    assert a.price == pytest.approx(10.5) and a.sell_out_units == pytest.approx(32_850)
    assert a.stock_days == 20 and a.credit_days == 20 and a.unit_cost == 8
    with pytest.raises(TypeError):
        adjust(BASE, discount=0.1)


def test_scenario_sliders_follow_project_and_restore():
    app = ProfitScenarioApp(BASE, customer="D05", trainee="王强")
    assert app.projection == project(BASE)
    app.sliders["price"].value = 0.05
    app.sliders["stock_days"].value = 20
    app.sliders["credit_days"].value = 10
    expected = project(adjust(BASE, price=0.05, stock_days=20, credit_days=10))
    assert app.projection == expected
    # By hand: revenue 36,500 × 10.5 = 383,250; cash cycle 20 + 10 − 15 = 15 days.
    assert expected.revenue == pytest.approx(383_250) and expected.cash_cycle == pytest.approx(15)
    assert f"{expected.net_profit:,.0f}" in app.summary.value
    assert f"{expected.roi:.1%}" in app.summary.value
    assert len(app.chart.children) == 1
    again = ProfitScenarioApp(BASE, customer="D05", trainee="王强")
    assert again.levers["price"] == pytest.approx(0.05) and again.projection == expected
    assert again.message.value  # "your saved scenario is back"
    # Another distributor starts from its own base.
    assert ProfitScenarioApp(BASE, customer="D01", trainee="王强").projection == project(BASE)
    again.reset()
    assert again.projection == project(BASE)


def test_scenario_with_a_negative_cash_cycle_says_roi_is_na():
    app = ProfitScenarioApp(BASE, trainee="陈静")
    app.sliders["stock_days"].value = 0
    app.sliders["credit_days"].value = 5  # 0 + 5 − 15 < 0
    assert math.isnan(app.projection.roi)
    assert "n/a" in app.summary.value and "ROI" in app.summary.value


def starter() -> CooperationPlan:
    return CooperationPlan([PlanActivity("2026 春节订货会", "买赠", "王强", date(2026, 1, 2),
                                         date(2026, 1, 25), 4000.0, 18_000.0,
                                         margin_rate=0.4)], budget=None)


def test_cooperation_editor_edits_autosave_and_reload():
    editor = CooperationEditor(starter(), customer="D05", margin_rate=0.3, trainee="王强")
    grid = editor.grid.data
    assert grid[labels.column("activity")].tolist() == ["2026 春节订货会"]
    # 18,000 / 4,000 = 4.5 of uplift per yuan; ROI 18,000 × 0.4 / 4,000 = 1.8.
    assert grid[t("col.uplift_per_cost")].tolist() == [4.5]
    assert grid[t("col.expected_roi")].tolist() == [1.8]
    # The grid's own callback, as the browser sends it.
    editor._on_cell({"row": 0, "column": t("col.cost"), "value": "6,000"})
    assert editor.plan.activities[0].cost == 6000
    assert editor.grid.data[t("col.expected_roi")].tolist() == [1.2]  # 7,200 / 6,000
    editor._on_cell({"row": 0, "column": t("col.start"), "value": "2026/1/5"})
    assert editor.plan.activities[0].start == date(2026, 1, 5)
    editor.budget.value = 5000
    assert "1,000" in editor.totals.value and "⚠" in editor.totals.value  # 6,000 − 5,000 over
    # Restart: the edits come back, the starter is not used again.
    again = CooperationEditor(starter(), customer="D05", trainee="王强")
    assert again.plan.activities[0].cost == 6000 and again.plan.budget == 5000
    assert again.plan.activities[0].start == date(2026, 1, 5)
    assert workspace.load("jbp_cooperation_D05", CooperationPlan, trainee="王强").value == again.plan


def test_cooperation_editor_refuses_bad_input_and_computed_columns():
    editor = CooperationEditor(starter(), trainee="王强")
    editor._on_cell({"row": 0, "column": t("col.cost"), "value": "很多"})
    assert "很多" in editor.message.value and editor.plan.activities[0].cost == 4000
    editor._on_cell({"row": 0, "column": t("col.end"), "value": "下个月"})
    assert editor.plan.activities[0].end == date(2026, 1, 25)
    editor._on_cell({"row": 0, "column": t("col.expected_roi"), "value": "9"})
    assert editor.grid.data[t("col.expected_roi")].tolist() == [1.8]
    assert t("col.expected_roi") in editor.message.value


def test_cooperation_editor_adds_and_removes_rows():
    editor = CooperationEditor(starter(), customer="D05", margin_rate=0.3, trainee="王强")
    editor.add_button.click()
    assert len(editor.grid.data) == 2 and editor.plan.activities[1].margin_rate == 0.3
    editor._on_cell({"row": 1, "column": labels.column("activity"), "value": "冰柜陈列"})
    editor._on_cell({"row": 1, "column": t("col.cost"), "value": "2000"})
    assert editor.plan.total_cost == 6000 and "6,000" in editor.totals.value
    editor.choose.value = 0
    editor.remove_button.click()
    assert [a.activity for a in editor.plan.activities] == ["冰柜陈列"]
    again = CooperationEditor(starter(), customer="D05", trainee="王强")
    assert [a.activity for a in again.plan.activities] == ["冰柜陈列"]
    again.remove(0)
    # An emptied plan with no budget reloads as the starter (nothing left to keep).
    assert CooperationEditor(None, customer="D05", trainee="王强").plan.activities == []


def test_checklists_autosave():
    app = ChecklistApp(customer="D05", trainee="王强")
    app.dropdowns[("preparation", "brand_review")].value = "done"
    app.dropdowns[("readiness", "trust")].value = "doing"
    assert "14.3%" in app.progress["preparation"].value  # 1 of 7
    again = ChecklistApp(customer="D05", trainee="王强")
    assert again.checklist("preparation").items[0].status == "done"
    assert again.dropdowns[("readiness", "trust")].value == "doing"


SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2025-06", "2025-06"], freq="M"),
    "customer_id": ["D05", "D05", "D05"], "kind": ["sell_in", "sell_in", "sell_out"],
    "net_sales": [800.0, 1000.0, 900.0], "cost": [500.0, 600.0, 0.0]})


def small_jbp() -> Jbp:
    plan = starter()
    plan.activities[0].internal_note = "底价 INTERNAL"
    return build_jbp("D05", "2026", sales=SALES, review_window="2025", next_target=1100.0,
                     plan=plan)


def test_builder_previews_both_versions_and_exports(workdir_env):
    app = BuilderApp(small_jbp, customer="D05", trainee="王强")
    app.notes.value = "老板想要更高返利"
    app.refresh()
    internal, customer = app.previews.internal, app.previews.customer
    assert "老板想要更高返利" in internal and "老板想要更高返利" not in customer
    assert "底价 INTERNAL" in internal and "底价 INTERNAL" not in customer
    assert "40.0%" in internal and "40.0%" not in customer  # 1 − 600 / 1,000: brand margin
    assert "一、品牌上期生意回顾" in customer and "1,000" in customer
    assert "经销商" in app.status.value  # parts 3-5 skipped: no ledger, no activities
    app.version.value = "customer"
    assert app.preview.value == customer
    files = app.export()
    assert all(p.exists() and p.parent == workdir_env / "王强" for p in files.all())
    assert BuilderApp(small_jbp, customer="D05", trainee="王强").notes.value == "老板想要更高返利"
    assert customer_version(app.current).internal_notes == ""
