"""Stage-2 widgets in a kernel: the numbers they show come from kit.goals, and
everything a trainee types comes back after a restart (a new instance)."""

from datetime import date

import pandas as pd
import pytest

from kit import workspace
from kit.goals import Ambition, Drivers, SplitPlan, set_targets
from kit.goals.plan import Ogsm
from kit.goals.targets import Starting
from kit.widgets.plan_forms import OGSM_SAVE, ChecklistForm, OgsmEditor, SwotBoard
from kit.widgets.targets_app import SplitApp, TargetApp, t

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
    loaded = workspace.load(OGSM_SAVE, Ogsm, trainee="张伟").value
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


def test_a_long_level_is_shown_a_page_at_a_time_and_edits_land_on_the_page_shown():
    from kit.widgets.targets_app import PAGE_ROWS

    skus = [f"s{i:03d}" for i in range(120)]
    history = pd.DataFrame({"region": "N", "sku": skus, "net_sales": 1.0})
    app = SplitApp(SplitPlan(total=1200, levels=["region", "sku"], year=2026), history, FLAT,
                   trainee="分页")
    app.view.value = "sku"
    target = t("col.target")
    # 120 SKUs at 1200 / 120 = 10 each, 50 a page: pages of 50, 50 and 20 rows.
    assert PAGE_ROWS == 50 and app.page.max == 3 and len(app.grid.data) == 50
    app.page.value = 3
    # Under every parent ("all") a row names its path.
    assert app.grid.data.index.tolist() == [f"N / {s}" for s in skus[100:]]
    assert app.grid.data[target].tolist() == [10] * 20
    app.page.value = 2
    # Row 0 of page 2 is the 51st SKU, s050: typed 40, the other 119 share 1160.
    app._on_cell({"row": 0, "column": target, "value": "40"})
    assert app.plan.locks == {("N", "s050"): 40.0} and app.page.value == 2
    # 1160 / 119 = 9.75: floors 9 × 119 = 1071, the 89 left over go to the first 89 (equal shares).
    cells = app.cells.query("depth == 2").set_index("sku")["target"]
    assert cells["s050"] == 40 and cells.sum() == 1200
    assert (cells.drop("s050") == 10).sum() == 89 and (cells.drop("s050") == 9).sum() == 30
    assert app.grid.data[target].iloc[0] == 40 and app.grid.data[t("col.lock")].iloc[0] == t("locked")
    app.parent.value = "N"  # another selection starts on its first page
    assert app.page.value == 1


def test_the_chart_is_drawn_when_its_tab_is_opened():
    app = make_split("图表")
    assert app.chart.children == ()
    app.views.selected_index = 1
    (image,) = app.chart.children
    assert bytes(image.value)[:8] == b"\x89PNG\r\n\x1a\n"
    app.view.value = "month"  # redrawn for what the grid now shows, as the tab is open
    (month_image,) = app.chart.children
    assert month_image is not image
