"""The review app, driven in the kernel: controls change the numbers shown to
exactly what kit.review computes; drill-down and autosave work."""

import pandas as pd
import pytest

from kit import cases, review
from kit.widgets.review_app import ReviewApp, ReviewState, compute


@pytest.fixture(scope="module")
def abc():
    return cases.load_case("abc", ("sales", "targets", "outlets"))


@pytest.fixture
def app(abc, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path))
    return ReviewApp(abc["sales"], targets=abc["targets"], outlets=abc["outlets"], trainee="张伟")


def test_starts_on_the_latest_ytd_by_region(app, abc):
    assert (app.state.by, app.state.window, app.state.end) == ("region", "ytd", "2025-12")
    expected = review.scorecard(abc["sales"], "region", review.Window("ytd", "2025-12"),
                                targets=abc["targets"])
    pd.testing.assert_frame_equal(app.results.scorecard, expected)
    assert "华北" in app.table.value and "达成率" in app.table.value


def test_changing_the_dimension_and_window_recomputes(app, abc):
    app.by.value = "category"
    app.window.value = "mat"
    w = review.Window("mat", "2025-12")
    expected = review.scorecard(abc["sales"], "category", w, targets=abc["targets"])
    pd.testing.assert_frame_equal(app.results.scorecard, expected)
    assert "饮料" in app.table.value
    assert app.results.bridge.parts().tolist() == review.bridge(abc["sales"], w).parts().tolist()


def test_drill_down_region_to_customer_and_back(app, abc):
    app.drill.value = "华北"
    assert app.state.path == [("region", "华北")] and app.state.by == "customer_id"
    assert app.by.value == "customer_id"
    north = abc["sales"][abc["sales"]["region"] == "华北"]
    expected = review.scorecard(north, "customer_id", review.Window("ytd", "2025-12"),
                                targets=abc["targets"])
    assert app.results.scorecard["actual"].to_dict() == pytest.approx(expected["actual"].to_dict())
    assert "华北" in app.scope.value
    app.up.click()
    assert app.state.path == [] and app.state.by == "region"


def test_tabs_draw_their_chart_on_demand(app):
    assert not app.outputs["bridge"].children
    app.tabs.selected_index = 1  # bridge
    (image,) = app.outputs["bridge"].children
    assert bytes(image.value)[:8] == b"\x89PNG\r\n\x1a\n"
    app.tabs.selected_index = 4  # funnel
    assert bytes(app.outputs["funnel"].children[0].value)[:4] == b"\x89PNG"


def test_choices_autosave_and_come_back(app, abc):
    app.by.value = "category"
    app.drill.value = "饮料"
    again = ReviewApp(abc["sales"], targets=abc["targets"], outlets=abc["outlets"], trainee="张伟")
    assert again.state.by == "category" and again.state.path == [("category", "饮料")]


def test_compute_on_the_cube_equals_the_raw_rows(abc):
    from kit.review.cube import monthly_cube

    state = ReviewState(by="region", window="quarter", end="2025-06")
    on_cube = compute(monthly_cube(abc["sales"]), state, abc["targets"])
    on_rows = compute(abc["sales"], state, abc["targets"])
    pd.testing.assert_frame_equal(on_cube.scorecard, on_rows.scorecard)
    assert on_cube.bridge.parts().tolist() == on_rows.bridge.parts().tolist()


def test_exercise_tab_checks_answers_against_the_opening_view(app):
    from kit.review import Window, bridge, scorecard

    card = scorecard(app.sales, "region", Window("ytd", "2025-12"), targets=app.targets)
    contributor, price, a_class, yoy, mat, mape = app.questions
    assert contributor.choices == tuple(card.index)
    assert contributor.check(str(card["contribution"].idxmax())).correct
    wrong = next(c for c in contributor.choices if c != str(card["contribution"].idxmax()))
    assert not contributor.check(wrong).correct
    # The ABC bridge's price effect is positive (+237.5 万 in the case): "增加".
    assert bridge(app.sales, Window("ytd", "2025-12")).price > 0
    assert price.check("增加").correct and not price.check("减少").correct
    assert a_class.check(int((app.results.pareto["class"] == "A").sum())).correct
    # Sell-in YTD 2025 87,700,785.44 against 86,240,390.19: YoY = 1,460,395.25 / 86,240,390.19
    # = 1.69 %; the MAT to 2025-12 is the same twelve months, 87,700,785.44.
    assert yoy.check("1.7%").correct and not yoy.check("2.7%").correct
    assert mat.check("87,700,785").correct and not mat.check("86,240,390").correct
    assert mape.check(mape.choices[1]).correct and not mape.check(mape.choices[0]).correct
    assert len(app.exercise_panel.children) == 6
    assert app.tabs.get_title(6) == "练习"
