"""kit.jbp document, checklists, closed loop and diagnostics: the customer version never
leaks, autosave round-trips, the loop and the five challenges find the ABC stories."""

import json
import math
import warnings
from dataclasses import fields
from datetime import date

import pandas as pd
import pytest

from kit import i18n, workspace
from kit.cases import load_case
from kit.jbp import (
    INTERNAL,
    LOOP,
    PARTS,
    VISIBILITY,
    CooperationPlan,
    Jbp,
    Part,
    PlanActivity,
    assumptions_from_ledger,
    build_jbp,
    challenge_table,
    challenges,
    customer_version,
    next_assessment,
    next_stage,
    plan_from_activities,
    plan_vs_actual,
    preparation,
    project,
    readiness,
    review_activities,
    sell_in_prep,
)
from kit.jbp.document import DOCUMENT_TYPES, redact


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


@pytest.fixture(scope="module")
def abc():
    return load_case("abc", ("sales", "targets", "distributor_ledger", "activities"))


@pytest.fixture(scope="module")
def review(abc):
    return review_activities(abc["activities"], abc["sales"])


@pytest.fixture(scope="module")
def d05(abc, review):
    """D05's internal JBP for 2026 from the ABC case, with internal notes and a budget."""
    ledger = abc["distributor_ledger"]
    a = assumptions_from_ledger(ledger, "D05", "2025", growth=0.02, stock_days=18)
    plan = plan_from_activities(abc["activities"].iloc[:4], margin_rate=0.3127,
                                budget=77_777.0)
    plan.activities[0].internal_note = "内部：底价不能再让 INTERNAL-NOTE-1"
    jbp = build_jbp("D05", "2026", ledger=ledger, sales=abc["sales"], review_window="2025",
                    next_target=7_600_000, assumptions=a, projection=project(a),
                    activity_review_table=review, plan=plan, targets=abc["targets"],
                    customer_name="广州粤丰商贸")
    jbp.internal_notes = "内部：D05 老板想要更高返利 INTERNAL-NOTE-2"
    jbp.financial_review.internal_notes = "INTERNAL-NOTE-3"
    jbp.brand_plan.internal_indicators["brand_unit_cost"] = 4.4321
    return jbp


def internal_values(obj, found=None):
    """Every non-empty value held in an internal field, anywhere in the document."""
    found = [] if found is None else found
    if isinstance(obj, list):
        for v in obj:
            internal_values(v, found)
    elif type(obj) in DOCUMENT_TYPES:
        marks = VISIBILITY[type(obj).__name__]
        for f in fields(obj):
            value = getattr(obj, f.name)
            if marks[f.name] == INTERNAL:
                found.append(value)
            else:
                internal_values(value, found)
    return found


def atoms(value):
    """The strings and numbers inside a value (dict values, list items, the value itself)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from atoms(v)
    elif isinstance(value, list):
        for v in value:
            yield from atoms(v)
    elif value not in (None, "", {}, []):
        yield value


def test_every_document_field_is_marked_once():
    for cls in DOCUMENT_TYPES:
        assert set(VISIBILITY[cls.__name__]) == {f.name for f in fields(cls)}, cls.__name__
        assert set(VISIBILITY[cls.__name__].values()) <= {"internal", "shareable"}


def test_customer_version_leaks_nothing(d05):
    hidden = [a for v in internal_values(d05) for a in atoms(v)]
    # The internal version does hold cost prices, margins, the budget and notes ...
    assert 4.4321 in hidden and 77_777.0 in hidden and 0.3127 in hidden
    assert any("INTERNAL-NOTE" in str(a) for a in hidden)
    assert any(str(a).startswith("（内部）") for a in hidden)  # internal talking points
    customer = customer_version(d05)
    for text in (json.dumps(workspace.encode(customer), ensure_ascii=False),
                 json.dumps(workspace.encode(redact(d05)), ensure_ascii=False)):
        for value in hidden:
            if isinstance(value, str) and value in ("brand_cost", "brand_margin_pct",
                                                    "expected_roi", "roi", "paid_back",
                                                    "budget", "remaining"):
                continue  # indicator names; their values are what must not leak
            if isinstance(value, float):
                if value.is_integer() and abs(value) < 100:
                    continue  # flags and small counts (0, 1, 4) appear anywhere by chance
                assert json.dumps(value) not in text, value
            else:
                assert str(value) not in text, value
        assert "INTERNAL-NOTE" not in text and "内部" not in text
        assert "margin_rate" not in text or '"margin_rate": null' in text
    assert customer.version == "customer" and d05.version == "internal"
    # Shared activities carry no margin, so no ROI can be worked back from them.
    assert all(math.isnan(a.expected_roi) for a in customer.plan.activities)
    assert customer.plan.activities[0].cost == d05.plan.activities[0].cost
    assert customer.plan.budget is None


def test_sell_in_prep_lists_key_indicators_and_points(d05):
    internal = sell_in_prep(d05)
    shared = sell_in_prep(customer_version(d05), internal=False)
    assert set(internal["part"]) == set(shared["part"]) and len(internal["part"].unique()) == 6
    assert internal["talking_points"].str.contains("（内部）").any()
    assert not shared["talking_points"].str.contains("内部").any()
    text = "\n".join(internal["talking_points"])
    assert "库存天数" in text  # D05's slow stock is a talking point
    i18n.set_lang("en")
    try:
        assert sell_in_prep(d05)["part"].iloc[0].startswith("1. The brand")
    finally:
        i18n.set_lang("zh")


def test_cooperation_plan_totals():
    plan = CooperationPlan([PlanActivity("a", cost=600.0, expected_uplift=3000.0,
                                         margin_rate=0.3),
                            PlanActivity("b", cost=500.0, expected_uplift=1000.0)], budget=1000)
    # 600 + 500 = 1,100 against 1,000: 100 over budget.
    assert plan.total_cost == 1100 and plan.remaining == -100 and plan.over_budget
    # 3000 × 0.3 / 600 = 1.5; 3000 / 600 = 5 of uplift per yuan.
    assert plan.activities[0].expected_roi == pytest.approx(1.5)
    assert plan.activities[0].uplift_per_cost == pytest.approx(5)


def test_autosave_round_trip(d05, workdir_env):
    workspace.save("jbp_D05", d05, trainee="王强")
    loaded = workspace.load("jbp_D05", Jbp, trainee="王强")
    assert loaded.message is None and loaded.value == d05
    plan = CooperationPlan([PlanActivity("试吃", "试吃", "刘洋", date(2026, 3, 1),
                                         date(2026, 3, 31), 1200.5, 5000.0, "动销 +10%")], 9000)
    workspace.save("coop_D05", plan)
    assert workspace.load("coop_D05", CooperationPlan).value == plan
    assert workspace.load("nothing_here", CooperationPlan).value == CooperationPlan()
    with pytest.raises(TypeError):
        workspace.load("jbp_D05", CooperationPlan, trainee="王强")


def test_unreadable_file_is_kept_and_blank_returned(workdir_env):
    folder = workdir_env / "trainee"
    folder.mkdir(parents=True)
    (folder / "jbp.json").write_text('{"type": "Jbp", "plan": {"period": 2026}}',
                                     encoding="utf-8")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        loaded = workspace.load("jbp", Jbp)
    assert loaded.value == Jbp() and loaded.message
    assert (folder / "jbp.corrupt.json").exists() and not (folder / "jbp.json").exists()


def test_checklists():
    prep = preparation()
    assert len(prep.items) == 7 and prep.progress() == 0  # "6+1"
    prep.set("brand_review", "done")
    prep.set("meeting", "na")
    assert prep.progress() == pytest.approx(1 / 6)
    assert len(prep.open_items()) == 5
    ready = readiness()
    assert len(ready.items) == 6  # three aspects, two elements each
    assert {ready.aspect(i) for i in ready.items} == {"品牌方", "经销商", "双方合作"}
    with pytest.raises(ValueError):
        ready.set("trust", "finished")
    i18n.set_lang("en")
    try:
        assert prep.title == 'the "6+1" key preparations'
        assert prep.open_items()[0].startswith("Not done yet")
    finally:
        i18n.set_lang("zh")


def test_closed_loop_tracks_quarters_and_feeds_the_next_assessment(abc):
    assert next_stage("review") == "assess" and LOOP[0] == "assess"
    sales, targets = abc["sales"], abc["targets"]
    sell_in = sales[sales["kind"] == "sell_in"]
    tracking = plan_vs_actual(targets[targets["period"].dt.year == 2025], sell_in)
    d05 = tracking.loc["D05"]
    # D05's quarterly sell-in achievement: 84.1 %, 89.3 %, 134.4 %, 125.4 % (trainer notes).
    assert d05["achievement"].round(3).tolist() == [0.841, 0.893, 1.344, 1.254]
    assert d05["status"].tolist() == ["behind", "behind", "ahead", "ahead"]
    nxt = next_assessment(tracking)
    assert nxt.loc["D05", "achievement"] == pytest.approx(1.092, abs=0.001)
    assert "压货" in nxt.loc["D05", "note"]  # "far ahead" sends the next assessment to stuffing
    assert nxt.loc["D04", "behind"] == 4 and nxt.loc["ABC", "behind"] == 0


def test_five_challenges_on_the_abc_case(abc, review):
    ledger = abc["distributor_ledger"]
    table = challenge_table(ledger, "2025H2", review)
    assert list(table.columns) == ["stuffing", "slow_stock", "slow_payment", "low_profit",
                                   "activities"]
    assert table.index[table["stuffing"]].tolist() == ["D05"]
    assert table.index[table["slow_stock"]].tolist() == ["D05"]
    assert not table["slow_payment"].any()
    found = {f.key: f for f in challenges(ledger, "D05", "2025H2", review)}
    assert found["stuffing"].evidence["ratio"] == pytest.approx(1.48, abs=0.005)
    assert found["slow_stock"].evidence["dio"] > 2 * found["slow_stock"].evidence["peer_median"]
    # D04 (lost salespeople in 2025) earns too little: 2.1 % net margin.
    low = {f.key: f for f in challenges(ledger, "D04", "2025")}["low_profit"]
    assert low.flag and low.evidence["net_margin"] == pytest.approx(0.021, abs=0.001)
    with pytest.raises(ValueError, match="ledger"):
        challenges(ledger, "ABC", "2025")


def test_parts_are_in_order(d05):
    assert [k for k, _ in d05.parts()] == list(PARTS)
    assert all(isinstance(p, Part) for _, p in d05.parts())
    assert d05.financial_targets.indicators["sell_in_units"] == pytest.approx(
        d05.financial_targets.indicators["sell_out_units"]
        + d05.financial_targets.indicators["closing_stock_units"]
        - d05.financial_targets.indicators["opening_stock_units"])
    assert pd.notna(d05.brand_review.indicators["achievement"])


def test_the_plan_talking_point_says_the_direction_in_words():
    from kit.jbp.parts import brand_plan_part

    # 600 against 1000 last period: −40 %, said as 下降 40.0%, never 增长 -40.0%.
    down = brand_plan_part(600.0, 1000.0)
    assert "比上期下降 40.0%" in down.talking_points[0] and "-" not in down.talking_points[0]
    # 1050 against 1000: +5 %.
    assert "比上期增长 5.0%" in brand_plan_part(1050.0, 1000.0).talking_points[0]
    assert "比上期持平" in brand_plan_part(1000.0, 1000.0).talking_points[0]
