"""The people side of kit.accounts: coverage, reporting lines, the pain chain, alerts,
the health score, care, the portrait, the stage gate. Every expectation is worked out
by hand in the comments."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import accounts as acc
from kit.accounts import alerts, care, health, people, pipeline
from kit.review import Window

AS_OF = "2025-12-31"


def contacts(rows):
    columns = ["customer_id", "name", "role", "attitude", "influence", "stage", "reports_to",
               "owner", "last_contact", "left_on", "pain"]
    frame = pd.DataFrame([r + [None] * (len(columns) - len(r)) for r in rows], columns=columns)
    frame["last_contact"] = pd.to_datetime(frame["last_contact"])
    frame["left_on"] = pd.to_datetime(frame["left_on"])
    frame["influence"] = frame["influence"].astype("float64")
    return frame


TEAM = contacts([
    ["A", "王总", "decision_maker", "supporter", 5, "trust", None, "张", "2025-12-01"],
    ["A", "李经理", "influencer", "neutral", 3, "meet", "王总", "张", "2025-11-01"],
    ["A", "赵工", "gatekeeper", "opponent", 4, "ally", "王总", "张", "2025-10-01"],
    ["A", "小周", "coach", "supporter", 2, "ally", "李经理", "张", None, "2025-06-30"],
    ["B", "陈总", "decision_maker", "neutral", 5, "know", None, "刘", "2025-09-01"],
    ["B", "孙主管", "user", "supporter", 2, "ally", "陈总", "刘", "2025-12-20"],
])


# ------------------------------------------------------------------ coverage

def test_coverage_scores_roles_by_their_furthest_stage():
    cover = people.coverage(TEAM, as_of=AS_OF)
    a, b = cover.loc["A"], cover.loc["B"]
    # A: 小周 left on 2025-06-30, 赵工 is an opponent: DM trust ¾, influencer meet ½ count.
    # coverage = 100 × (0.30 × 0.75 + 0.15 × 0.5) = 100 × (0.225 + 0.075) = 30.
    assert a["coverage"] == pytest.approx(30.0)
    assert a["contacts"] == 3 and a["engaged"] == 2  # 王总 (trust), 李经理 (meet)
    assert a["stage_decision_maker"] == "trust" and a["stage_influencer"] == "meet"
    assert pd.isna(a["stage_gatekeeper"]) and pd.isna(a["stage_coach"])
    assert a["roles_covered"] == 2 and not a["single_threaded"]
    assert a["gaps"] == ("no_coach",)
    # B: DM only 认识 ¼, user 同盟 1: 100 × (0.30 × 0.25 + 0.10 × 1) = 7.5 + 10 = 17.5.
    assert b["coverage"] == pytest.approx(17.5)
    assert b["engaged"] == 1 and b["single_threaded"]
    assert b["gaps"] == ("decision_maker_not_reached", "no_coach", "single_threaded")


def test_coverage_before_someone_left_counts_them():
    cover = people.coverage(TEAM, as_of="2025-06-01")
    # 小周 still there: + coach 20 % × 1 = 20 points on top of A's 30.
    assert cover.loc["A", "coverage"] == pytest.approx(50.0)
    assert cover.loc["A", "gaps"] == ()


def test_coverage_without_a_decision_maker_and_custom_weights():
    table = contacts([["C", "甲", "user", "supporter", 2, "meet"]])
    weights = dict.fromkeys(people.ROLES, 1.0)
    cover = people.coverage(table, weights=weights)
    # one role of six at ½: 100 × 0.5 / 6 = 8.333…
    assert cover.loc["C", "coverage"] == pytest.approx(100 * 0.5 / 6)
    assert cover.loc["C", "gaps"] == ("no_decision_maker", "no_coach", "single_threaded")
    with pytest.raises(ValueError, match="every role"):
        people.coverage(table, weights={"user": 1.0})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(people.ROLES),
                          st.sampled_from([*people.RELATIONSHIP_STAGES, None]),
                          st.sampled_from(people.ATTITUDES)), min_size=1, max_size=12))
def test_coverage_is_the_weighted_sum_of_the_role_stages(rows):
    table = contacts([["X", f"p{i}", r, a, 3, s] for i, (r, s, a) in enumerate(rows)])
    row = people.coverage(table).loc["X"]
    expected = sum(people.ROLE_WEIGHTS[r] * (people.STAGE_POINTS[row[f"stage_{r}"]]
                                            if isinstance(row[f"stage_{r}"], str) else 0)
                   for r in people.ROLES)
    assert row["coverage"] == pytest.approx(100 * expected)
    assert 0 <= row["coverage"] <= 100


def test_gap_text_names_each_gap():
    assert people.gap_text(("no_coach", "single_threaded"), "zh") == (
        "没有教练（内线）、单线联系：只有一个人撑着整个关系")
    assert people.gap_text((), "en") == ""


def test_last_contact_is_the_later_of_the_table_and_the_visits():
    visits = pd.DataFrame({"date": pd.to_datetime(["2025-12-15", "2025-08-01"]),
                           "customer_id": ["A", "A"], "contact": ["李经理", "王总"],
                           "type": ["visit", "call"]})
    last = people.last_contacts(TEAM, visits)
    assert last[1] == pd.Timestamp("2025-12-15")  # 李经理: visit after the table's 11-01
    assert last[0] == pd.Timestamp("2025-12-01")  # 王总: the table's date is later
    assert pd.isna(last[3])


# ------------------------------------------------------------------ reporting lines

def test_org_chart_repairs_unknown_managers_loops_and_repeated_names():
    table = contacts([
        ["A", "甲", "decision_maker", None, 5, None, "乙"],
        ["A", "乙", "approver", None, 3, None, "甲"],  # 甲 ↔ 乙 loop: 甲 (influence 5) on top
        ["A", "丙", "user", None, 2, None, "不在表里的人"],
        ["A", "丙", "user", None, 2, None, "甲"],
        ["A", "丁", "coach", None, 1, None, "丙 (2)"],
    ])
    chart = people.org_chart(table, "A")
    assert chart.people == ("甲", "乙", "丙", "丙 (2)", "丁")
    assert chart.manager == {"甲": None, "乙": "甲", "丙": None, "丙 (2)": "甲", "丁": "丙 (2)"}
    assert chart.roots == ["甲", "丙"]
    assert chart.chain("丁") == ["丁", "丙 (2)", "甲"] and chart.depth("丁") == 2
    assert chart.children("甲") == ["乙", "丙 (2)"]
    kinds = [n[0] for n in chart.notes]
    assert kinds == ["duplicate", "unknown_manager", "loop"]
    assert chart.notes[2] == ("loop", "甲", "甲 → 乙")


def test_pain_chain_runs_up_the_reporting_lines():
    table = TEAM.assign(pain=["利润", "库存", None, "报表", None, None])
    chain = people.pain_chain(table, "A", "小周")
    assert list(chain.index) == ["小周", "李经理", "王总"]
    assert list(chain["pain"]) == ["报表", "库存", "利润"]
    with pytest.raises(people.UnknownPerson, match="“陈总”不是 A 的关键人物；这个客户的关键人物：王总、李经理"):
        people.pain_chain(table, "A", "陈总")


# ------------------------------------------------------------------ alerts

def test_people_alerts_fire_on_their_thresholds_with_their_dates():
    found = alerts.risk_alerts(as_of=AS_OF, contacts=TEAM)
    by = {(r.customer_id, r.rule): r for r in found.itertuples()}
    # B's DM 陈总 last seen 2025-09-01: 121 days by 12-31 (30 + 31 + 30 + 30), fired 60 days on.
    silent = by[("B", "dm_silent")]
    assert silent.value == 121 and silent.since == pd.Timestamp("2025-10-31")
    assert silent.owner == "刘" and silent.severity == "red"
    # A's coach 小周 (a supporter) left and no active coach at 约会+ replaced her.
    left = by[("A", "champion_left")]
    assert left.subject == "小周" and left.since == pd.Timestamp("2025-06-30")
    # 赵工: an opponent of influence 4 (the threshold), since his last contact.
    opp = by[("A", "opponent_influence")]
    assert opp.subject == "赵工" and opp.value == 4 and opp.since == pd.Timestamp("2025-10-01")
    # B is single-threaded (one person beyond 认识), dated as_of.
    assert by[("B", "single_threaded")].since == pd.Timestamp(AS_OF)
    # A's DM was contacted 30 days ago: no alert; in firing order the leaver comes first.
    assert ("A", "dm_silent") not in by
    assert list(found["rule"]) == ["champion_left", "opponent_influence", "dm_silent",
                                   "single_threaded"]
    assert found.loc[0, "response"].startswith("30 天内找到并培养新的教练")


def test_a_replaced_champion_does_not_fire_and_thresholds_move():
    team = pd.concat([TEAM, contacts([["A", "新教练", "coach", "supporter", 2, "meet", "王总"]])],
                     ignore_index=True)
    found = alerts.risk_alerts(as_of=AS_OF, contacts=team,
                               thresholds=alerts.Thresholds(influence=5, silent_days=200))
    assert set(found["rule"]) == {"single_threaded"}


def test_sales_ledger_and_deal_alerts():
    sales = pd.DataFrame({
        "period": pd.PeriodIndex(["2024-12", "2025-12", "2024-12", "2025-12"], freq="M"),
        "customer_id": ["A", "A", "B", "B"], "sku": "x", "units": 1.0,
        "net_sales": [100.0, 80.0, 100.0, 99.0]})
    targets = pd.DataFrame({"period": pd.PeriodIndex(["2025-12", "2025-12"], freq="M"),
                            "customer_id": ["A", "B"], "net_sales": [100.0, 100.0]})
    months = pd.period_range("2025-08", "2025-12", freq="M")
    ledger = pd.DataFrame({
        "period": months, "customer_id": "A", "revenue": 3040.0, "cogs": 3000.0,
        "receivables": [1000.0, 1000.0, 1000.0, 4000.0, 4000.0],
        # primary / secondary: 1.0, 1.4, 1.5, 1.6, 1.0 -> three months above 1.3 (Sep–Nov)
        "primary_units": [100.0, 140.0, 150.0, 160.0, 100.0], "secondary_units": 100.0})
    opps = pd.DataFrame({"opportunity_id": ["O1", "O2"], "customer_id": ["A", "B"],
                         "stage": ["招投标", "提案"], "amount": [1000.0, 500.0],
                         "expected_close": pd.to_datetime(["2025-09-01", "2025-12-01"]),
                         "owner": ["王", "李"]})
    window = Window("mat", "2025-12")
    found = alerts.risk_alerts(as_of=AS_OF, sales=sales, window=window, targets=targets,
                               ledger=ledger, opportunities=opps, owners={"A": "赵"})
    by = {(r.customer_id, r.rule): r for r in found.itertuples()}
    # A achieved 80 / 100 = 80 % < 95 %; B 99 % is amber, not red.
    assert by[("A", "scorecard_red")].value == pytest.approx(0.8)
    assert ("B", "scorecard_red") not in by
    # A is down (80 − 100) / 100 = −20 % ≤ −10 %; B −1 % is not.
    assert by[("A", "sales_decline")].value == pytest.approx(-0.2)
    assert ("B", "sales_decline") not in by
    # Stuffing: above 1.3 in Sep, Oct, Nov: the run reaches its third month in November.
    stuffing = by[("A", "stuffing")]
    assert stuffing.since == pd.Timestamp("2025-11-30") and stuffing.value == 3
    assert stuffing.detail == "连续 3 个月，最高 1.60"
    # DSO of one month = 365 × 4000 / (3040 × 12): 40.0 days > 30; the run began in November.
    dso = 365 * 4000 / (3040 * 12)
    assert by[("A", "receivables")].value == pytest.approx(dso)
    assert by[("A", "receivables")].since == pd.Timestamp("2025-11-30")
    # O1 closes 2025-09-01: 121 days late by 12-31 (> 90), fired on 09-01 + 90 = 11-30.
    late = by[("A", "stalled_deal")]
    assert late.subject == "O1" and late.value == 121 and late.since == pd.Timestamp("2025-11-30")
    assert late.owner == "王"  # the deal's owner, not the account's
    assert by[("A", "scorecard_red")].owner == "赵"  # ``owners`` names the account owner
    assert found["since"].is_monotonic_increasing


def test_rule_book_has_indicator_threshold_and_response_for_every_rule():
    book = alerts.rule_book(lang="zh")
    assert list(book.index) == list(alerts.RULES)
    assert book.loc["stuffing", "threshold"] == "连续 3 个月高于 1.3"
    assert book.loc["dm_silent", "threshold"] == "超过 60 天"
    assert book.loc["scorecard_red", "threshold"] == "低于 95%"
    assert (book["response"].str.len() > 10).all()
    en = alerts.rule_book(alerts.Thresholds(silent_days=45), lang="en")
    assert en.loc["dm_silent", "threshold"] == "more than 45 days"


def test_account_owners_prefer_people_over_deals_and_the_mapping_over_both():
    opps = pd.DataFrame({"customer_id": ["A", "A", "C"], "owner": ["李", "李", "周"]})
    assert alerts.account_owners(TEAM, opps) == {"A": "张", "C": "周", "B": "刘"}
    assert alerts.account_owners(TEAM, opps, {"A": "钱"})["A"] == "钱"


# ------------------------------------------------------------------ health

def test_health_parts_and_score_by_hand():
    assessed = pd.DataFrame({"value": [80.0, 40.0], "abc": ["A", "C"], "yoy": [0.1, np.nan]},
                            index=pd.Index(["A", "B"], name="customer_id"))
    cover = people.coverage(TEAM, as_of=AS_OF)
    opps = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3"], "customer_id": ["A", "A", "D"],
                         "stage": ["提案", "招投标", "工程实施"], "amount": [1000.0, 500.0, 900.0],
                         "expected_close": pd.to_datetime(["2026-03-01", "2025-10-01", None])})
    found = pd.DataFrame({"customer_id": ["A", "A", "B"], "severity": ["red", "amber", "amber"]})
    parts = health.health_parts(assessed=assessed, coverage=cover, opportunities=opps,
                                alerts=found, as_of=AS_OF)
    a, b = parts.loc["A"], parts.loc["B"]
    assert a["value"] == pytest.approx(0.5 * 80 + 0.5 * 100)  # 90
    assert b["value"] == pytest.approx(0.5 * 40 + 0)  # 20
    assert a["growth"] == pytest.approx(50 + 250 * 0.1)  # 75
    assert pd.isna(b["growth"])
    assert a["relationship"] == pytest.approx(30.0) and b["relationship"] == pytest.approx(17.5)
    # A's open deals: O1 1000 × 40 % = 400 on time, O2 500 × 60 % = 300 late -> 400 / 700.
    assert a["pipeline"] == pytest.approx(100 * 400 / 700)
    assert pd.isna(b["pipeline"]) and "D" not in parts.index  # D has only a won deal
    assert a["risk"] == 100 - 30 - 15 and b["risk"] == 100 - 15
    scored = health.health_score(parts)
    # A: 0.25 × 90 + 0.20 × 75 + 0.25 × 30 + 0.15 × 57.142857 + 0.15 × 55 = 62.0714…
    expected_a = 0.25 * 90 + 0.20 * 75 + 0.25 * 30 + 0.15 * (100 * 400 / 700) + 0.15 * 55
    assert scored.loc["A", "score"] == pytest.approx(expected_a)
    assert scored.loc["A", "rag"] == "amber"
    # B lacks growth and pipeline: (0.25 × 20 + 0.25 × 17.5 + 0.15 × 85) / 0.65 = 34.038…
    expected_b = (0.25 * 20 + 0.25 * 17.5 + 0.15 * 85) / 0.65
    assert scored.loc["B", "score"] == pytest.approx(expected_b)
    assert scored.loc["B", "rag"] == "red" and scored.loc["B", "missing"] == ("growth", "pipeline")


def test_growth_part_is_clipped():
    assert list(health.growth_part(pd.Series([-0.5, -0.2, 0.0, 0.2, 0.9]))) == [0, 0, 50, 100, 100]


def test_health_weights_must_cover_the_parts():
    with pytest.raises(ValueError, match="every part"):
        health.health_score(pd.DataFrame(columns=list(health.PARTS)), {"value": 1.0})


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 100)), min_size=5, max_size=5),
       st.lists(st.floats(0.01, 5), min_size=5, max_size=5))
def test_the_score_is_the_sum_of_the_weighted_parts(values, weights):
    parts = pd.DataFrame([[np.nan if v is None else v for v in values]],
                         columns=list(health.PARTS), index=["X"])
    w = dict(zip(health.PARTS, weights, strict=True))
    scored = health.health_score(parts, w)
    points = health.contributions(scored, w)
    present = [p for p, v in zip(health.PARTS, values, strict=True) if v is not None]
    if not present:
        assert pd.isna(scored.loc["X", "score"]) and scored.loc["X", "rag"] == "n/a"
        return
    expected = sum(w[p] * parts.loc["X", p] for p in present) / sum(w[p] for p in present)
    assert scored.loc["X", "score"] == pytest.approx(expected)
    assert points.loc["X"].sum() == pytest.approx(expected)
    assert 0 <= scored.loc["X", "score"] <= 100 + 1e-9


# ------------------------------------------------------------------ care

def test_care_plan_cadence_due_dates_and_status():
    plan = care.care_plan(TEAM, as_of=AS_OF, tiers={"A": "strategic"})
    row = plan.set_index("name")
    # 王总 (DM, strategic: 30 days): last 12-01 -> due 12-31: 0 days late, status due.
    assert row.loc["王总", "cadence_days"] == 30
    assert row.loc["王总", "next_due"] == pd.Timestamp("2025-12-31")
    assert row.loc["王总", "status"] == "due"
    # 李经理 (not a key person: 2 × 30 = 60 days): 11-01 + 60 = 12-31: due.
    assert row.loc["李经理", "cadence_days"] == 60
    # 赵工 (influence 4: a key person, 30 days): 10-01 + 30 = 10-31 -> 61 days late.
    assert row.loc["赵工", "overdue_days"] == 61 and row.loc["赵工", "status"] == "overdue"
    # B is not assessed: potential, 60 days for its DM: 09-01 + 60 = 10-31 -> 61 days late.
    assert row.loc["陈总", "tier"] == "potential" and row.loc["陈总", "overdue_days"] == 61
    # 孙主管 (user, influence 2: 120 days): 12-20 + 120 = 2026-04-19, ok.
    assert row.loc["孙主管", "status"] == "ok" and row.loc["孙主管", "overdue_days"] == 0
    assert "小周" not in row.index  # she left
    assert list(plan["status"]) == ["overdue", "overdue", "due", "due", "ok"]
    summary = care.care_summary(plan)
    assert summary.loc["A", "overdue"] == 1 and summary.loc["B", "overdue"] == 1


def test_never_contacted_people_are_due_now():
    table = contacts([["A", "新人", "user", "neutral", 2, "know"]])
    plan = care.care_plan(table, as_of=AS_OF)
    assert plan.iloc[0]["status"] == "never" and plan.iloc[0]["next_due"] == pd.Timestamp(AS_OF)
    assert pd.isna(plan.iloc[0]["overdue_days"])


def test_file_completeness_counts_the_key_fields():
    table = contacts([["A", "甲", "user"]])
    # role and nothing else of the ten fields: 1 / 10.
    assert care.file_completeness(table).loc["A"] == pytest.approx(0.1)
    # TEAM's A: 王总 fills title? no (not a column): role, attitude, influence, stage,
    # owner, last_contact = 6 of 10; reports_to for the three others: 李经理 7, 赵工 7,
    # 小周 6 (no last contact) -> (6 + 7 + 7 + 6) / 4 / 10 = 0.65.
    assert care.file_completeness(TEAM).loc["A"] == pytest.approx(0.65)


def test_satisfaction_index_by_hand():
    survey = care.SatisfactionSurvey("A", scores={"product": 5, "delivery": 3, "service": None,
                                                  "support": 1, "terms": 4},
                                     weights={"product": 2, "delivery": 1, "service": 1,
                                              "support": 1, "terms": 1})
    # answered weights 2 + 1 + 1 + 1 = 5; Σ w (s − 1) / 4 = 2 × 1 + 0.5 + 0 + 0.75 = 3.25
    assert survey.index == pytest.approx(100 * 3.25 / 5)  # 65
    assert survey.band == "neutral"
    assert survey.table()["points"].sum() == pytest.approx(65)
    assert math.isnan(care.SatisfactionSurvey().index) and care.SatisfactionSurvey().band == "n/a"
    with pytest.raises(ValueError, match="1–5"):
        care.SatisfactionSurvey(scores={"product": 6})


# ------------------------------------------------------------------ the stage gate

def test_a_deal_moves_on_only_with_its_key_node():
    deal = pipeline.DealProgress("O1", "initiation", ["development"])
    with pytest.raises(pipeline.StageGateError) as refused:
        pipeline.advance(deal, lang="zh")
    assert str(refused.value) == ("O1 还不能进入“提案”：先完成“立项”的关键节点——"
                                  "售前立项（我方登记并启动这个商机）")
    moved = pipeline.advance(deal.with_node("initiation"))
    assert moved.stage == "proposal" and moved.missing_node == "proposal"
    # Jumping two stages needs both nodes; going back needs none.
    with pytest.raises(pipeline.StageGateError, match="提案"):
        pipeline.advance(moved, "negotiation")
    assert pipeline.advance(moved, "development").stage == "development"
    done = pipeline.DealProgress("O2", "implementation", list(pipeline.STAGES))
    assert pipeline.advance(done).stage == "after_sales"
    with pytest.raises(pipeline.StageGateError):
        pipeline.advance(pipeline.DealProgress("O3", "after_sales", list(pipeline.GATE_STAGES)))


def test_progress_of_a_table_assumes_the_earlier_nodes_met():
    opps = pd.DataFrame({"opportunity_id": ["O1"], "stage": ["招投标"]})
    progress = pipeline.progress_of(opps)["O1"]
    assert progress.stage == "tender"
    assert progress.nodes == ["development", "initiation", "proposal"]
    assert pipeline.gate_nodes("zh")["after_sales"].startswith("全部回款")


# ------------------------------------------------------------------ portrait

def test_portrait_from_sales_and_people():
    periods = pd.period_range("2024-01", "2025-12", freq="M")
    sales = pd.DataFrame({"period": list(periods) * 2, "customer_id": ["A"] * 24 + ["B"] * 24,
                          "customer_name": ["甲公司"] * 24 + ["乙"] * 24, "sku": "x",
                          "category": (["饮料", "零食"] * 12) * 2, "units": 1.0,
                          "net_sales": [10.0] * 12 + [20.0] * 12 + [30.0] * 24})
    sales.loc[23, "net_sales"] = 0.0  # A bought nothing in 2025-12
    window = Window("mat", "2025-12")
    got = acc.customer_portrait("A", sales=sales, window=window, contacts=TEAM, as_of=AS_OF)
    # 2025: eleven months × 20 + 0 = 220; all accounts 220 + 12 × 30 = 580; 2024: 120.
    assert got.name == "甲公司" and got.sales == 220 and got.share == pytest.approx(220 / 580)
    assert got.yoy == pytest.approx((220 - 120) / 120)
    assert got.buying_months == 11 and got.window_months == 12
    assert got.average_month == pytest.approx(220 / 12)
    # 饮料 in odd months (Jan, Mar … Nov): 6 × 20 = 120 of 220.
    assert got.mix["饮料"] == pytest.approx(120 / 220) and got.mix_by == "category"
    # monthly: 11 × 20 and one 0: mean 18.33, population std = 20 × √(11)/12 = 5.528
    assert got.regularity == pytest.approx(1 - (20 * np.sqrt(11) / 12) / (220 / 12))
    assert got.people == 3 and got.top == "王总"
    assert list(got.decision["name"]) == ["王总", "李经理", "赵工"]  # role order: DM first


# ------------------------------------------------------------------ the workshop review

def test_an_edit_of_the_people_gives_what_a_full_review_gives():
    from kit.accounts import workshop

    periods = pd.period_range("2024-01", "2025-12", freq="M")
    sales = pd.DataFrame({"period": list(periods) * 2, "customer_id": ["A"] * 24 + ["B"] * 24,
                          "sku": "x", "units": 1.0,
                          "net_sales": [100.0] * 12 + [110.0] * 12 + [50.0] * 12 + [40.0] * 12})
    full = workshop.review(sales, contacts=TEAM, as_of=AS_OF)
    edited = workshop.with_people(workshop.review(sales, as_of=AS_OF), TEAM)
    pd.testing.assert_frame_equal(full.alerts, edited.alerts)
    pd.testing.assert_frame_equal(full.scored, edited.scored)
    pd.testing.assert_frame_equal(full.care, edited.care)
    assert workshop.summary(full, "B")["red"] == 1  # B's DM silent since 2025-10-31
    removed = workshop.with_people(full, None)
    assert removed.coverage is None and removed.care is None
    assert set(removed.alerts["rule"]) == {"sales_decline"}  # B: 480 vs 600, −20 %
