"""Customer development management: the strategies, the competitor checklist, the weekly
roll-up of the daily log (hand-computed, and totals that reconcile with the rows), the
stage conversion and the manager view."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.accounts import development as dev

# Two weeks: Mon 2025-12-01 .. Sun 12-07, Mon 12-08 .. ; two reps.
LOG = pd.DataFrame({
    "date": pd.to_datetime(["2025-12-01", "2025-12-01", "2025-12-02", "2025-12-03",
                            "2025-12-08", "2025-12-09", "2025-12-09", "2025-12-10"]),
    "rep": ["甲", "甲", "甲", "乙", "甲", "甲", "乙", "乙"],
    "prospect": ["饭店1", "饭店2", "饭店1", "饭店3", "饭店1", "饭店4", "饭店3", "饭店2"],
    "visited": ["visit", "call", "visit", "none", "visit", pd.NA, "visit", "visit"],
    "stage": ["first_contact", "first_contact", "need", "first_contact", "intent",
              "first_contact", "need", "need"],
    "competitor": ["金厨", "", "金厨、味达", pd.NA, "金厨", "", "味达", ""],
    "need": ["大包装", "", "账期", "", "试用", "", "", "送货"],
    "next_action": ["报价", "回访", "试菜", "", "", "报价", "报价", ""],
})


def test_weekly_rollup_by_hand():
    weekly = dev.weekly_rollup(LOG)
    first = weekly.loc[("甲", pd.Timestamp("2025-12-01"))]
    # 甲, week of 12-01: three rows (饭店1 visit, 饭店2 call, 饭店1 visit).
    assert first["rows"] == 3 and first["visits"] == 2 and first["calls"] == 1
    assert first["contacts"] == 3 and first["prospects"] == 2 and first["new_prospects"] == 2
    # 饭店1 got to 需求确认, 饭店2 stayed at 初次接触.
    assert first["reached_first_contact"] == 2 and first["reached_need"] == 1
    assert first["reached_intent"] == 0
    # sightings: 金厨 (1) + 金厨、味达 (2) = 3; needs filled in 2 rows; no next action: 0.
    assert first["sightings"] == 3 and first["needs"] == 2 and first["no_next_action"] == 0
    second = weekly.loc[("甲", pd.Timestamp("2025-12-08"))]
    # 饭店1 revisited (not new), 饭店4 new; a blank "visited" counts as a visit.
    assert second["rows"] == 2 and second["visits"] == 2 and second["new_prospects"] == 1
    assert second["reached_intent"] == 1 and second["no_next_action"] == 1
    yi = weekly.loc[("乙", pd.Timestamp("2025-12-08"))]
    # 乙's 饭店3 was new last week; 饭店2 was 甲's first: neither is new for 乙 this week.
    assert yi["new_prospects"] == 0 and yi["prospects"] == 2
    assert weekly.loc[("乙", pd.Timestamp("2025-12-01")), "contacts"] == 0  # not reached


def test_team_rollup_and_the_totals_reconcile():
    team = dev.weekly_rollup(LOG, by_rep=False)
    assert list(team.index) == [pd.Timestamp("2025-12-01"), pd.Timestamp("2025-12-08")]
    assert team["rows"].sum() == len(LOG) and team["new_prospects"].sum() == 4


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 27), st.sampled_from(["甲", "乙", "丙"]),
                          st.integers(0, 6), st.sampled_from(["visit", "call", "none", None]),
                          st.sampled_from([*dev.DEV_STAGES, None])),
                min_size=1, max_size=40))
def test_weekly_totals_equal_the_daily_rows(rows):
    log = pd.DataFrame({
        "date": [pd.Timestamp("2025-11-03") + pd.Timedelta(days=d) for d, *_ in rows],
        "rep": [r for _, r, *_ in rows], "prospect": [f"p{p}" for _, _, p, *_ in rows],
        "visited": [v for *_, v, _ in rows], "stage": [s for *_, s in rows]})
    weekly = dev.weekly_rollup(log)
    assert weekly["rows"].sum() == len(log)
    assert weekly["visits"].sum() == sum(v in ("visit", None) for *_, v, _ in rows)
    assert weekly["calls"].sum() == sum(v == "call" for *_, v, _ in rows)
    assert weekly["new_prospects"].sum() == log["prospect"].nunique()
    for a, b in zip(dev.DEV_STAGES[:-1], dev.DEV_STAGES[1:], strict=True):  # never grow
        assert (weekly[f"reached_{a}"] >= weekly[f"reached_{b}"]).all()
    assert (weekly["prospects"] >= weekly["reached_first_contact"]).all()


def test_stage_conversion_over_the_whole_log():
    table = dev.stage_conversion(LOG)
    reached = table["reached"].loc["all"]
    # furthest: 饭店1 intent, 饭店2 need, 饭店3 need, 饭店4 first contact
    assert list(reached) == [4, 3, 1, 0, 0]
    assert table["conversion"].loc["all", "first_contact"] == pytest.approx(3 / 4)
    assert table["conversion"].loc["all", "need"] == pytest.approx(1 / 3)
    assert pd.isna(table["conversion"].loc["all", "negotiation"])  # 0 / 0
    by_rep = dev.stage_conversion(LOG, by_rep=True)["reached"]
    assert list(by_rep.loc["乙"]) == [2, 2, 0, 0, 0]  # 饭店3, 饭店2 both at need


def test_sightings_per_rep_largest_first():
    table = dev.sightings(LOG)
    assert list(table.index) == ["金厨", "味达"]
    assert table.loc["金厨", "甲"] == 3 and table.loc["味达", "乙"] == 1
    assert dev.sightings(LOG, by=None).loc["味达", "sightings"] == 2


def test_manager_view_flags_the_latest_week():
    view = dev.manager_view(LOG, visits_per_day=1.0, lang="zh")
    # Week of 12-08, logged up to Wed 12-10: three working days.
    assert view.attrs["week"] == pd.Timestamp("2025-12-08") and view.attrs["working_days"] == 3
    assert view.loc["甲", "visits"] == 2 and view.loc["甲", "visits_per_day"] == pytest.approx(2 / 3)
    assert view.loc["甲", "new_prospects"] == 1
    # Latest row per prospect: 饭店1 (甲, no next action, intent), 饭店2 (乙, none), 饭店3 (乙,
    # 报价), 饭店4 (甲, 报价): 甲 1 and 乙 1 left without a next step.
    assert view.loc["甲", "no_next_action"] == 1 and view.loc["乙", "no_next_action"] == 1
    assert view.loc["甲", "flags"] == "拜访偏少；1 个客户没有下一步"
    assert view.loc["乙", "flags"] == "拜访偏少；本周没有新客户；1 个客户没有下一步"


def test_strategies_fit_as_the_material_says():
    assert dev.suggest_strategy(strong_differentiated=True, reference_company=True,
                                new_to_industry=False) == ["pull", "follow"]
    assert dev.suggest_strategy(strong_differentiated=False, reference_company=False,
                                new_to_industry=True) == ["two_step"]
    assert dev.suggest_strategy(strong_differentiated=False, reference_company=False,
                                new_to_industry=False) == ["two_step"]
    table = dev.strategy_table("zh")
    assert list(table["strategy"]) == ["分两步走", "亦步亦趋", "逆向拉动"]


def test_competitor_checklist_completeness():
    check = dev.CompetitorCheck("金厨", {"policy": "季度返利 3%", "prices": "批发 18 元"})
    assert check.missing == ["range", "channels", "density", "display", "network"]
    assert check.completeness == pytest.approx(2 / 7)
    assert list(check.table("zh")["item"])[:2] == ["销售政策", "品种组合"]
