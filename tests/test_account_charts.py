"""The relationship map, the health chart and the development chart: positions worked out
by hand, a 30-person account with no label overlapping another, bars that add up to
the numbers they show."""

import itertools

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from kit import account_charts as ac  # noqa: E402
from kit import i18n  # noqa: E402
from kit.accounts import development, health, people  # noqa: E402


def team(rows):
    return pd.DataFrame(rows, columns=["customer_id", "name", "title", "role", "attitude",
                                       "influence", "stage", "reports_to"])


def test_org_layout_by_hand():
    table = team([
        ["A", "总", "总经理", "decision_maker", "supporter", 5, "trust", None],
        ["A", "甲", "采购", "influencer", "neutral", 3, "meet", "总"],
        ["A", "乙", "财务", "approver", "opponent", 4, "know", "总"],
        ["A", "丙", "助理", "coach", "supporter", 2, "ally", "甲"],
        ["A", "丁", "专员", "user", "supporter", 1, "know", "甲"],
        ["A", "外", "顾问", "influencer", "neutral", 2, None, None],
    ])
    where = ac.org_layout(people.org_chart(table, "A"))
    # Leaves in table order under their managers: 丙 0, 丁 1 (甲's), 乙 2, then the
    # second root 外 3; 甲 = (0 + 1) / 2 = 0.5; 总 = (甲 0.5 + 乙 2) / 2 = 1.25.
    assert where == {"总": (0, 1.25), "甲": (1, 0.5), "乙": (1, 2.0), "丙": (2, 0.0),
                     "丁": (2, 1.0), "外": (0, 3.0)}


def thirty():
    rows = [["B", "老板", "董事长", "decision_maker", "neutral", 5, "know", None]]
    for d in range(5):
        head = f"总监{d}"
        rows.append(["B", head, f"部门{d}总监", "influencer", "supporter", 4, "trust", "老板"])
        for k in range(5 if d < 4 else 4):
            rows.append(["B", f"员工{d}{k}", "经理" * (1 + k % 2), ["user", "coach"][k % 2],
                         ["supporter", "neutral", "opponent"][k % 3], 1 + k, "meet", head])
    return team(rows)


def test_a_thirty_person_map_keeps_every_label_apart():
    table = thirty()
    assert len(table) == 30  # the boss, five directors, 4 × 5 + 4 people under them
    fig = ac.relationship_map(table, "B")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
    assert len(boxes) >= 2 * len(table)  # a name line and a role line each
    overlaps = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert not overlaps
    # the figure grows a row per leaf: 24 leaves × 0.62 in + 1.4 in
    assert fig.get_size_inches()[1] == pytest.approx(1.4 + ac.ROW * 24)


def test_map_colours_by_attitude_and_draws_leavers_hollow():
    table = team([["A", "总", "总经理", "decision_maker", "opponent", 5, "ally", None],
                  ["A", "走", "经理", "coach", "supporter", 3, "trust", "总"]])
    table["left_on"] = pd.to_datetime([None, "2025-01-31"])
    fig = ac.relationship_map(table, "A", as_of="2025-12-31", name="甲公司")
    ax = fig.axes[0]
    dots = [c for c in ax.collections]
    assert dots[0].get_facecolor()[0][:3] == pytest.approx(matplotlib.colors.to_rgb(ac.DOWN))
    assert dots[1].get_facecolor()[0][:3] == pytest.approx((1, 1, 1))  # hollow: left
    assert dots[0].get_sizes()[0] > dots[1].get_sizes()[0]  # influence 5 > 3
    assert ax.get_title() == "甲公司 关系图"
    texts = [t.get_text() for t in ax.texts]
    assert "同盟" in texts and "决策者" in texts


def test_map_speaks_english_and_says_when_nobody_is_known():
    table = team([["A", "Wang", "CEO", "decision_maker", "supporter", 5, "trust", None]])
    i18n.set_lang("en")
    try:
        fig = ac.relationship_map(table, "A")
        assert fig.axes[0].get_title() == "A: relationship map"
        assert "decision maker" in [t.get_text() for t in fig.axes[0].texts]
        empty = ac.relationship_map(table, "Z")
        assert empty.axes[0].texts[0].get_text() == "Z has no key persons yet"
    finally:
        i18n.set_lang("zh")


def test_health_chart_bars_add_up_to_the_score():
    parts = pd.DataFrame({"value": [90.0, 20.0], "growth": [75.0, None],
                          "relationship": [30.0, 17.5], "pipeline": [None, None],
                          "risk": [55.0, 85.0]}, index=["A", "B"])
    scored = health.health_score(parts)
    fig = ac.health_chart(scored)
    ax = fig.axes[0]
    rows = {}
    for bar in ax.patches:
        rows.setdefault(round(bar.get_y() + bar.get_height() / 2), []).append(bar.get_width())
    # best first: A at row 0. A = (0.25·90 + 0.20·75 + 0.25·30 + 0.15·55) / 0.85
    #                               = (22.5 + 15 + 7.5 + 8.25) / 0.85 = 62.65 -> "63"
    # B = (0.25·20 + 0.25·17.5 + 0.15·85) / 0.65 = (5 + 4.375 + 12.75) / 0.65 = 34.04
    assert sum(rows[0]) == pytest.approx((0.25 * 90 + 0.2 * 75 + 0.25 * 30 + 0.15 * 55) / 0.85)
    assert sum(rows[1]) == pytest.approx(scored.loc["B", "score"])
    assert [t.get_text() for t in ax.texts] == ["63", "34"]  # rounded scores, A then B


def test_development_chart_bars_are_the_weekly_visits():
    log = pd.DataFrame({"date": pd.to_datetime(["2025-12-01", "2025-12-02", "2025-12-08"]),
                        "rep": ["甲", "甲", "乙"], "prospect": ["x", "y", "x"],
                        "visited": ["visit", "call", "visit"]})
    weekly = development.weekly_rollup(log)
    fig = ac.development_chart(weekly)
    heights = sorted(round(p.get_height()) for p in fig.axes[0].patches if p.get_height() > 0)
    # visits: 甲 1 in week 1, 乙 1 in week 2; new prospects: 甲 2 (x, y) in week 1.
    assert heights == [1, 1, 2]
