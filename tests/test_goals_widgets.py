"""Stage-2 widgets in a kernel: the numbers they show come from kit.goals, and
everything a trainee types comes back after a restart (a new instance)."""

from datetime import date

import pandas as pd
import pytest

from kit.goals import Ambition, Drivers, SplitPlan, load_plan, set_targets, split_plan
from kit.goals.plan import Ogsm
from kit.goals.targets import Starting
from kit.widgets.plan_forms import OGSM_SAVE, ChecklistForm, OgsmEditor, SwotBoard
from kit.widgets.targets_app import SplitApp, TargetApp, goal_questions, t

FUNNEL = pd.Series({"universe": 1000.0, "numeric_distribution": 0.6, "skus_per_outlet": 5.0,
                    "units_per_sku": 100.0, "avg_price": 10.0})
START = Starting(end=pd.Period("2025-12", "M"), last_12=3_000_000, baseline=3_100_000, funnel=FUNNEL,
                 unit="outlet")
HISTORY = pd.DataFrame({"region": ["N", "N", "S"], "channel": ["KA", "TT", "KA"],
                        "net_sales": [300.0, 200.0, 500.0]})
FLAT = pd.Series(1.0, index=range(1, 13))


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


def test_target_app_follows_the_sliders_and_restores_them():
    app = TargetApp(START, ambition=Ambition(0.05, 0.10, 0.12), trainee="张伟")
    app.sliders["new_outlets"].value = 50
    app.sliders["price"].value = 0.03
    # 1000 × .65 × 5 × 100 × 10.3 = 3,347,500 (the planned sales are the funnel's own here).
    assert app.setting.bottom_up.current_sales == pytest.approx(3_347_500)
    expected = set_targets(START, Ambition(0.05, 0.10, 0.12), Drivers(new_outlets=50, price=0.03))
    assert app.setting.gap.amount == pytest.approx(expected.gap.amount)
    assert f"{expected.top_down:,.0f}" in app.summary.value  # 30 M × 1.05 × 12 % = 3,780,000
    assert "3,780,000" in app.summary.value and "3,347,500" in app.summary.value
    again = TargetApp(START, trainee="张伟")
    assert again.inputs.drivers == Drivers(new_outlets=50, price=0.03)
    assert again.sliders["share_ambition"].value == pytest.approx(0.12)


def make_split(trainee="张伟") -> SplitApp:
    plan = SplitPlan(total=1000, levels=["region", "channel"], year=2026)
    return SplitApp(plan, HISTORY, FLAT, trainee=trainee)


def test_a_typed_target_locks_its_cell_and_rebalances_the_others():
    app = make_split()
    target = t("col.target")
    assert app.grid.data[target].tolist() == [500, 500]  # N 500:500 S by last year
    app.view.value = "channel"
    app.parent.value = "N"
    assert app.grid.data[target].tolist() == [300, 200]  # N's 500 split 300:200
    # The grid's own callback, as the browser sends it: row 0 (KA) typed as "350".
    app._on_cell({"row": 0, "column": target, "value": "350"})
    assert app.grid.data[target].tolist() == [350, 150]  # TT takes the rest: 500 − 350
    assert app.grid.data[t("col.lock")].tolist() == [t("locked"), ""]
    assert app.plan.locks == {("N", "KA"): 350.0}
    # Restart: the lock and the split come back.
    again = make_split()
    assert again.plan.locks == {("N", "KA"): 350.0}
    assert again.cells.query("depth == 2")["target"].tolist() == [350, 150, 500]


def test_a_refused_edit_keeps_the_split_and_says_why():
    app = make_split()
    before = app.cells.copy()
    assert not app.edit(("N",), 1200)  # more than the 1000 total
    assert "1,200" in app.message.value and "1,000" in app.message.value
    pd.testing.assert_frame_equal(app.cells, before)
    app._on_cell({"row": 0, "column": t("col.target"), "value": "很多"})
    assert "很多" in app.message.value and app.plan.locks == {}


def test_months_lock_and_unlock():
    app = make_split()
    app.view.value = "month"
    app._on_cell({"row": 0, "column": t("col.target"), "value": "1.5万"})
    # January locked at 15,000 > the 1000 total: refused, nothing changes.
    assert app.plan.month_locks == {} and app.months.sum() == 1000
    app._on_cell({"row": 0, "column": t("col.target"), "value": "120"})
    # 880 over 11 months: 80 each.
    assert app.months.tolist() == [120] + [80] * 11
    app.unlock()
    assert app.plan.month_locks == {} and app.months.iloc[0] in (83, 84)


def test_checklist_form_autosaves_and_reloads():
    form = ChecklistForm("张伟")
    form.boxes["baseline"].value = "近12个月 8770 万"
    assert "第 2 问" in form.status.value
    assert ChecklistForm("张伟").checklist.baseline == "近12个月 8770 万"


def test_swot_board_keeps_evidence_while_the_text_stays():
    from kit.goals import Swot, SwotEntry

    suggested = Swot([SwotEntry("华东增长", "S", {"scorecard.yoy": 0.065}, "growth_driver:华东")])
    board = SwotBoard(suggested, "张伟")
    assert board.boxes["S"].value == "华东增长" and "6.5%" in board.evidence.value
    board.boxes["O"].value = "餐饮渠道空白"
    assert "S1" in board.prompts.value and "O1" in board.prompts.value
    saved = SwotBoard(None, "张伟").swot
    assert [(e.quadrant, e.text, e.evidence) for e in saved.entries] == [
        ("S", "华东增长", {"scorecard.yoy": 0.065}), ("O", "餐饮渠道空白", {})]


def test_ogsm_editor_edits_removes_by_identity_and_reloads():
    editor = OgsmEditor("张伟")
    assert "3 处" in editor.status.value  # objective, goals, strategies
    editor.body.children[1].value = "成为华北第一"
    add_goal = editor.body.children[3]
    add_goal.click()
    add_goal = editor.body.children[4]
    add_goal.click()  # two blank goals: equal, but separate
    second = editor.body.children[4]
    second.children[0].value = "铺货率"
    editor.body.children[3].children[-1].click()  # remove the first (blank) goal
    assert [g.name for g in editor.ogsm.goals] == ["铺货率"]
    row = editor.body.children[3]
    row.children[1].value = "75%"
    row.children[2].value = "%"
    row.children[3].value = date(2026, 12, 31)
    loaded = load_plan(OGSM_SAVE, Ogsm, trainee="张伟").plan
    assert loaded.objective == "成为华北第一" and loaded.goals[0].value == pytest.approx(0.75)
    assert loaded.goals[0].due == date(2026, 12, 31)
    assert OgsmEditor("张伟").ogsm == loaded


def test_a_corrupted_autosave_is_kept_and_explained(workdir_env):
    folder = workdir_env / "张伟"
    folder.mkdir(parents=True)
    (folder / f"{OGSM_SAVE}.json").write_text("{not json", encoding="utf-8")
    with pytest.warns(UserWarning):
        editor = OgsmEditor("张伟")
    assert "无法读取" in editor.message.value
    assert (folder / f"{OGSM_SAVE}.corrupt.json").read_text(encoding="utf-8") == "{not json"


def test_goal_questions_are_answered_by_the_results():
    from kit import exercises

    setting = set_targets(START, Ambition(0.05, 0.10, 0.12), Drivers())
    history = pd.DataFrame({"region": ["N", "S"], "net_sales": [400.0, 600.0]})
    cells, months = split_plan(SplitPlan(1300, ["region"], 2026), history,
                               pd.Series([2.0] + [1.0] * 11, index=range(1, 13)))
    gap, largest, peak = goal_questions(setting, cells, months, ["region"])
    # Gap: 3,780,000 − 3,000,000 = 780,000.
    assert exercises.check(gap, "780000").correct and not exercises.check(gap, "700000").correct
    # 1300 split 400:600 = 520 / 780: S is the largest.
    assert exercises.check(largest, "S").correct and not exercises.check(largest, "N").correct
    # January weighs 2 of 13: 200; every other month 100.
    assert months.iloc[0] == 200 and exercises.check(peak, "2026-01").correct
