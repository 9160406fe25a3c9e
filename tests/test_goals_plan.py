"""Stage-2 planning frames: goal types, driver tree, 5 core questions, SWOT/TOWS, OGSM, autosave."""

import copy
import json
import math
import os
import warnings
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import i18n, workspace
from kit.goals.plan import (
    CORE_QUESTIONS,
    FUNNEL_FACTORS,
    GOAL_TYPES,
    MEASURE_LEVELS,
    PILLARS,
    Checklist,
    Goal,
    Measure,
    Ogsm,
    Problem,
    Strategy,
    Swot,
    SwotEntry,
    driver_tree,
    four_p_strategies,
    render_tree,
    swot_from_cards,
    tows_prompts,
    unanswered,
    validate,
)
from kit.insights import Card


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


@pytest.fixture
def english(en):
    """The kit in English (conftest's ``en``)."""


def in_both(func):
    """``func()`` in zh, then in en; the kit is left in zh."""
    zh = func()
    i18n.set_lang("en")
    try:
        en = func()
    finally:
        i18n.set_lang("zh")
    return zh, en


def complete() -> Ogsm:
    return Ogsm(
        objective="成为华东区饮料第一品牌",
        goals=[
            Goal("销售额", 1200.0, "万元", date(2025, 12, 31), "revenue"),
            Goal("铺货率", 85, "%", date(2025, 12, 31), "distribution"),
        ],
        strategies=[
            Strategy("扩大社区店铺货", "place",
                     [Measure("新增铺货门店", 300, "家", date(2025, 6, 30), "coverage"),
                      Measure("社区店销售额", 200.0, "万元", date(2025, 12, 31), "outlet_sales")]),
            Strategy("新品进重点门店", "product",
                     [Measure("新品陈列达标率", 90, "%", date(2025, 9, 30), "in_store")]),
            Strategy("保障旺季供应", None,
                     [Measure("缺货率", 2, "%", date(2025, 8, 31), "supply")]),
        ],
    )


# ---------------------------------------------------------------- goal types and driver tree


def test_goal_types_and_their_unit_kinds():
    assert {k: g.unit_kind for k, g in GOAL_TYPES.items()} == {
        "revenue": "money", "volume": "units", "share": "ratio", "profit": "money",
        "distribution": "ratio", "penetration": "ratio", "new_outlets": "count",
        "new_products": "count",
    }
    assert in_both(lambda: GOAL_TYPES["profit"].label) == ("毛利", "gross profit")
    assert in_both(lambda: GOAL_TYPES["distribution"].unit_label) == ("比例", "ratio")
    assert GOAL_TYPES["share"].purpose.startswith("市场地位")


def test_driver_tree_is_sales_over_the_five_funnel_factors():
    from kit.review import FACTORS

    tree = driver_tree()
    assert tree.key == "sales"
    assert tuple(c.key for c in tree.children) == FUNNEL_FACTORS == FACTORS
    assert all(not c.children for c in tree.children)
    profit = driver_tree(profit=True)
    assert profit.key == "gross_profit"
    assert [c.key for c in profit.children] == ["sales", "gross_margin"]
    assert profit.children[0] == tree
    # Every goal type a node names exists, and every goal type sits somewhere in the tree.
    named = {g for _, node in profit.walk() for g in node.goal_types}
    assert named == set(GOAL_TYPES)


def test_render_tree_in_both_languages():
    zh, en = in_both(render_tree)
    assert zh == (
        "毛利 = 销售额 × 毛利率  ［目标：毛利］\n"
        "  销售额 = 终端总数 × 铺货率 × 店均SKU数 × 单品单店销量 × 平均单价  ［目标：销售额、市场份额］\n"
        "    终端总数  ［目标：新开终端数］\n"
        "    铺货率  ［目标：铺货率、客户渗透率、新开终端数］\n"
        "    店均SKU数  ［目标：新品上市数］\n"
        "    单品单店销量  ［目标：销量］\n"
        "    平均单价\n"
        "  毛利率"
    )
    assert en.splitlines()[0] == "gross profit = net sales × gross margin  [goals: gross profit]"
    assert en.splitlines()[-2] == "    average price"
    sales_only = render_tree(driver_tree(), indent="- ")
    assert sales_only.splitlines()[0].startswith("销售额 = 终端总数 × 铺货率")
    assert sales_only.splitlines()[1] == "- 终端总数  ［目标：新开终端数］"


# ---------------------------------------------------------------- 5 core questions


def test_core_questions_in_order_with_the_kit_wording():
    assert [(q.number, q.key) for q in CORE_QUESTIONS.values()] == [
        (1, "baseline"), (2, "market"), (3, "ambition"), (4, "drivers"), (5, "risks")]
    zh, en = in_both(lambda: [q.text for q in CORE_QUESTIONS.values()])
    assert zh == ["我们现在在哪里？", "市场往哪里走？", "我们想要达到什么？", "靠什么达成？",
                  "什么会阻碍我们？"]
    assert en == ["Where do we stand now?", "Where is the market going?",
                  "What do we want to achieve?", "What will get us there?", "What could stop us?"]


def test_unanswered_names_each_blank_question():
    checklist = Checklist(baseline="去年销售额 1000 万元，达成 95%", market="  ",
                          ambition="份额从 12% 到 14%", drivers="铺货和新品", risks="")
    zh, en = in_both(lambda: unanswered(checklist))
    assert zh == [
        "第 2 问「市场往哪里走？」还没有回答：写下市场和品类下一期的增长预期，以及你的依据。",
        "第 5 问「什么会阻碍我们？」还没有回答：写下最大的风险，以及供应、组织和资源上的保障。",
    ]
    assert en == [
        'Question 2 "Where is the market going?" is not answered yet: Write how fast the '
        "market and the category will grow next period, and why you think so.",
        'Question 5 "What could stop us?" is not answered yet: Write the biggest risks and '
        "the supply, organisation and resource guarantees against them.",
    ]
    checklist.market, checklist.risks = "品类增长 5%", "旺季缺货；保障：提前备货"
    assert unanswered(checklist) == []
    assert len(unanswered(Checklist())) == 5


# ---------------------------------------------------------------- SWOT and TOWS


def card(kind, subject, headline, evidence):
    return Card(kind, subject, "理解", "洞察", "行动", evidence, 0.1, headline)


def test_swot_from_cards_puts_each_kind_in_its_quadrant_with_its_evidence():
    cards = [
        card("miss_target", "华东", "华东 达成率 85.0%", {"scorecard.achievement": 0.85}),
        card("growth_driver", "华南", "华南 同比 +20.0%", {"scorecard.yoy": 0.2}),
        card("concentration", "整体", "前 3 个客户占 70.0%", {"pareto.top_share": 0.7}),
        card("decline_driver", "华北", "华北 同比 −8.0%", {"scorecard.yoy": -0.08}),
        card("price_masks_volume", "饮料", "饮料 提价掩盖销量下滑", {"bridge.price": 50.0}),
        card("anomaly", "2024-07", "2024-07 偏离 +35.0%", {"anomalies.deviation": 0.35}),
        card("whitespace", "客户A", "", {"whitespace.potential": 120.0}),
        card("something_new", "x", "不认识的卡片", {}),
    ]
    swot = swot_from_cards(cards)
    assert [(e.quadrant, e.text, e.source) for e in swot.entries] == [
        ("W", "华东 达成率 85.0%", "miss_target:华东"),
        ("S", "华南 同比 +20.0%", "growth_driver:华南"),
        ("T", "前 3 个客户占 70.0%", "concentration:整体"),
        ("W", "华北 同比 −8.0%", "decline_driver:华北"),
        ("W", "饮料 提价掩盖销量下滑", "price_masks_volume:饮料"),
        ("T", "2024-07 偏离 +35.0%", "anomaly:2024-07"),
        ("O", "客户A", "whitespace:客户A"),  # no headline: the subject
    ]
    assert [e.evidence for e in swot.entries] == [c.evidence for c in cards[:7]]
    swot.entries[0].evidence["edited"] = 1.0
    assert "edited" not in cards[0].evidence  # a copy: editing the SWOT leaves the card alone


def test_tows_prompts_pair_the_right_entries():
    swot = Swot([
        SwotEntry("华南增长快", "S"),
        SwotEntry("华东达成率低", "W"),
        SwotEntry("社区店渠道兴起", "O"),
        SwotEntry("品牌知名度高", "S"),
        SwotEntry("大客户集中", "T"),
        SwotEntry("  ", "O"),  # blank: no prompt, but O3 keeps its number
        SwotEntry("新品类需求", "O"),
    ])
    prompts = tows_prompts(swot)
    assert prompts["SO"] == [
        "用 S1「华南增长快」抓住 O1「社区店渠道兴起」：具体做什么？",
        "用 S1「华南增长快」抓住 O3「新品类需求」：具体做什么？",
        "用 S2「品牌知名度高」抓住 O1「社区店渠道兴起」：具体做什么？",
        "用 S2「品牌知名度高」抓住 O3「新品类需求」：具体做什么？",
    ]
    assert prompts["ST"] == ["用 S1「华南增长快」应对 T1「大客户集中」：怎么做？",
                             "用 S2「品牌知名度高」应对 T1「大客户集中」：怎么做？"]
    assert prompts["WO"] == ["借 O1「社区店渠道兴起」补上 W1「华东达成率低」：需要做什么？",
                             "借 O3「新品类需求」补上 W1「华东达成率低」：需要做什么？"]
    assert prompts["WT"] == ["W1「华东达成率低」遇上 T1「大客户集中」：怎样减少损失、守住底线？"]


def test_tows_prompts_in_english_and_with_empty_quadrants(english):
    swot = Swot([SwotEntry("strong brand", "S"), SwotEntry("new channel", "O")])
    prompts = tows_prompts(swot)
    assert prompts == {
        "SO": ['Use S1 "strong brand" to seize O1 "new channel": what exactly will you do?'],
        "ST": ["There are no threats (T) yet: add them to the SWOT first to think of ST "
               "strategies."],
        "WO": ["There are no weaknesses (W) yet: add them to the SWOT first to think of WO "
               "strategies."],
        "WT": ["There are no weaknesses (W) and threats (T) yet: add them to the SWOT first to "
               "think of WT strategies."],
    }
    i18n.set_lang("zh")
    assert tows_prompts(Swot())["WT"] == ["还没有劣势（W）和威胁（T）：先在 SWOT 里补上，才能想 WT 策略。"]


# ---------------------------------------------------------------- OGSM validation


def test_complete_ogsm_has_no_problems():
    assert validate(complete()) == []
    plan = complete()
    plan.strategies[0].measures[0].level = "execution"  # the default level is allowed too
    plan.goals[0].goal_type = None
    assert validate(plan) == []


def _set(path, value):
    def change(plan):
        *parents, last = path
        target = plan
        for step in parents:
            target = target[step] if isinstance(step, int) else getattr(target, step)
        if isinstance(last, int):
            target[last] = value
        else:
            setattr(target, last, value)
    return change


G1_ZH, G1_EN = "目标 1「销售额」", 'Goal 1 "销售额"'
M1_ZH, M1_EN = "策略 1 的指标 1「新增铺货门店」", 'Strategy 1, measure 1 "新增铺货门店"'

CASES = [
    (_set(["objective"], "  "), "objective", "objective",
     "目的（O）还没有写：用一句话写下这一期想达成什么，例如「成为华东区第一品牌」。",
     "The objective (O) is empty: write in one sentence what this period should achieve, "
     'e.g. "become the no. 1 brand in East China".'),
    (_set(["goals"], []), "no_goals", "goals",
     "还没有目标（G）：至少写一个带数字、单位和完成日期的目标。",
     "There are no goals (G) yet: write at least one goal with a number, a unit and a date."),
    (_set(["goals", 0, "name"], ""), "goal.name", "goals[0].name",
     "目标 1：还没有名称，写明衡量的是什么，例如「销售额」。",
     'Goal 1: no name yet; say what it measures, e.g. "revenue".'),
    (_set(["goals", 0, "value"], None), "goal.value", "goals[0].value",
     f"{G1_ZH}：还没有数值，请填一个数字，例如 1200。",
     f"{G1_EN}: no number yet; enter a number, e.g. 1200."),
    (_set(["goals", 0, "value"], math.nan), "goal.value", "goals[0].value",
     f"{G1_ZH}：还没有数值，请填一个数字，例如 1200。",
     f"{G1_EN}: no number yet; enter a number, e.g. 1200."),
    (_set(["goals", 0, "value"], "1200"), "goal.value", "goals[0].value",
     f"{G1_ZH}：还没有数值，请填一个数字，例如 1200。",
     f"{G1_EN}: no number yet; enter a number, e.g. 1200."),
    (_set(["goals", 0, "unit"], ""), "goal.unit", "goals[0].unit",
     f"{G1_ZH}：还没有单位，例如 万元、箱、%、家。",
     f"{G1_EN}: no unit yet, e.g. thousand CNY, cases, %, outlets."),
    (_set(["goals", 0, "due"], None), "goal.due", "goals[0].due",
     f"{G1_ZH}：还没有完成日期，请写明哪一天之前达成。",
     f"{G1_EN}: no date yet; say by which day it is reached."),
    (_set(["goals", 0, "due"], "2025-12-31"), "goal.due", "goals[0].due",
     f"{G1_ZH}：还没有完成日期，请写明哪一天之前达成。",
     f"{G1_EN}: no date yet; say by which day it is reached."),
    (_set(["goals", 0, "goal_type"], "sales"), "goal.type", "goals[0].goal_type",
     # The field holds the key, so the message names each key with its label.
     f"{G1_ZH}：目标类型「sales」不认识，只能是：revenue（销售额）、volume（销量）、share（市场份额）、"
     "profit（毛利）、distribution（铺货率）、penetration（客户渗透率）、new_outlets（新开终端数）、"
     "new_products（新品上市数）。",
     f'{G1_EN}: goal type "sales" is not one of: revenue, volume, share (market share), profit '
     "(gross profit), distribution (numeric distribution), penetration (customer penetration), "
     "new_outlets (new outlets), new_products (new products)."),
    (_set(["strategies"], []), "no_strategies", "strategies",
     "还没有策略（S）：写下为达成目标要做的选择。",
     "There are no strategies (S) yet: write the choices that will reach the goals."),
    (_set(["strategies", 1, "text"], " "), "strategy.text", "strategies[1].text",
     "策略 2：还没有内容，请写下这条策略要做的选择。",
     "Strategy 2: empty; write the choice this strategy makes."),
    (_set(["strategies", 1, "pillar"], "Product"), "strategy.pillar", "strategies[1].pillar",
     "策略 2「新品进重点门店」：4P 归类「Product」不对，只能是：product（产品）、price（价格）、"
     "place（渠道）、promotion（促销），或者不归类。",
     'Strategy 2 "新品进重点门店": 4P pillar "Product" is not one of: product, price, place, '
     "promotion (or none)."),
    (_set(["strategies", 2, "measures"], []), "strategy.measures", "strategies[2].measures",
     "策略 3「保障旺季供应」：还没有衡量指标（M），至少加一个带目标数、单位和完成日期的指标。",
     'Strategy 3 "保障旺季供应": no measure (M) yet; add at least one with a target number, a '
     "unit and a date."),
    (_set(["strategies", 0, "measures", 1, "name"], ""), "measure.name",
     "strategies[0].measures[1].name",
     "策略 1 的指标 2：还没有名称，写明衡量的是什么，例如「铺货门店数」。",
     'Strategy 1, measure 2: no name yet; say what it measures, e.g. "outlets stocking".'),
    (_set(["strategies", 0, "measures", 0, "target"], None), "measure.target",
     "strategies[0].measures[0].target",
     f"{M1_ZH}：还没有目标数，请填一个数字。", f"{M1_EN}: no target number yet; enter a number."),
    (_set(["strategies", 0, "measures", 0, "target"], True), "measure.target",
     "strategies[0].measures[0].target",
     f"{M1_ZH}：还没有目标数，请填一个数字。", f"{M1_EN}: no target number yet; enter a number."),
    (_set(["strategies", 0, "measures", 0, "unit"], None), "measure.unit",
     "strategies[0].measures[0].unit",
     f"{M1_ZH}：还没有单位，例如 家、%、万元。", f"{M1_EN}: no unit yet, e.g. outlets, %, thousand CNY."),
    (_set(["strategies", 0, "measures", 0, "due"], None), "measure.due",
     "strategies[0].measures[0].due",
     f"{M1_ZH}：还没有完成日期，请写明哪一天之前达到。",
     f"{M1_EN}: no date yet; say by which day it is reached."),
    (_set(["strategies", 0, "measures", 0, "level"], "kpi"), "measure.level",
     "strategies[0].measures[0].level",
     f"{M1_ZH}：指标层级「kpi」不对，只能是：execution（执行指标）、outlet_sales（终端销售）、"
     "coverage（零售覆盖）、in_store（店内表现）、resource（资源投入）、supply（供应保障）、"
     "organisation（组织保障）、resource_guarantee（资源保障）。",
     f'{M1_EN}: measure level "kpi" is not one of: execution (execution measure), outlet_sales '
     "(outlet sales), coverage (retail coverage), in_store (in-store performance), resource "
     "(resource input), supply (supply guarantee), organisation (organisation guarantee), "
     "resource_guarantee (resource guarantee)."),
]


@pytest.mark.parametrize(("change", "code", "where", "zh", "en"), CASES,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_each_omission_gives_one_kind_message(change, code, where, zh, en):
    plan = complete()
    change(plan)
    got_zh, got_en = in_both(lambda: validate(plan))
    assert got_zh == [Problem(code, where, zh)]
    assert got_en == [Problem(code, where, en)]
    assert str(got_zh[0]) == zh


def test_empty_plan_and_several_problems_in_plan_order():
    assert [p.code for p in validate(Ogsm())] == ["objective", "no_goals", "no_strategies"]
    plan = complete()
    plan.goals[1] = Goal()
    plan.strategies[2].measures.append(Measure("备货天数", 30, "天", None, "resource_guarantee"))
    plan.strategies[0].text = "把华东区所有社区便利店的铺货率从六成提到八成五"
    assert [(p.code, p.where) for p in validate(plan)] == [
        ("goal.name", "goals[1].name"), ("goal.value", "goals[1].value"),
        ("goal.unit", "goals[1].unit"), ("goal.due", "goals[1].due"),
        ("measure.due", "strategies[2].measures[1].due"),
    ]
    plan.strategies[0].measures[0].unit = ""
    # A long strategy is named by its first 20 characters.
    assert validate(plan)[4].message == (
        "策略 1 的指标 1「新增铺货门店」：还没有单位，例如 家、%、万元。")
    plan.strategies[0].measures = []
    assert validate(plan)[4].message.startswith("策略 1「把华东区所有社区便利店的铺货率从六成提到…」：")


def test_validate_never_raises_on_what_a_widget_may_hand_over():
    plan = Ogsm(objective=None, goals=None, strategies=[Strategy(None, None, None)])
    assert [p.code for p in validate(plan)] == [
        "objective", "no_goals", "strategy.text", "strategy.measures"]
    plan = Ogsm("o", [Goal("g", math.inf, "元", datetime(2025, 1, 1))], [])
    assert [p.code for p in validate(plan)] == ["goal.value", "no_strategies"]  # a datetime is a date


def test_four_p_strategies_maps_the_strategy_layer():
    plan = complete()
    plan.strategies.append(Strategy("会员日买赠", "promotion", []))
    plan.strategies.append(Strategy("拼错的", "Price", []))
    groups = four_p_strategies(plan)
    assert list(groups) == [*PILLARS, None]
    assert [s.text for s in groups["place"]] == ["扩大社区店铺货"]
    assert [s.text for s in groups["product"]] == ["新品进重点门店"]
    assert groups["price"] == []
    assert [s.text for s in groups["promotion"]] == ["会员日买赠"]
    assert [s.text for s in groups[None]] == ["保障旺季供应", "拼错的"]  # nothing drops out
    assert sum(map(len, groups.values())) == len(plan.strategies)


# ---------------------------------------------------------------- autosave


@pytest.mark.parametrize("plan", [
    complete(),
    Swot([SwotEntry("华南增长快", "S", {"scorecard.yoy": 0.2}, "growth_driver:华南"),
          SwotEntry("大客户集中", "T")]),
    Checklist(baseline="去年 1000 万元", risks="缺货"),
    Ogsm(), Swot(), Checklist(),
], ids=["ogsm", "swot", "checklist", "empty-ogsm", "empty-swot", "empty-checklist"])
def test_autosave_round_trip(plan, workdir_env):
    path = workspace.save("计划", plan, trainee="张伟")
    assert path == workdir_env / "张伟" / "计划.json"
    assert workspace.load("计划", type(plan), trainee="张伟") == (plan, None)


def test_saved_file_is_readable_json_with_iso_dates(workdir_env):
    path = workspace.save("ogsm", complete())
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["type"] == "Ogsm" and saved["kit_format"] == workspace.FORMAT == 2
    assert saved["data"]["goals"][0] == {"name": "销售额", "value": 1200.0, "unit": "万元",
                                         "due": "2025-12-31", "goal_type": "revenue"}
    assert "成为华东区饮料第一品牌" in path.read_text(encoding="utf-8")


def test_nothing_saved_gives_an_empty_plan_and_no_folder(workdir_env):
    assert workspace.load("ogsm", Ogsm) == (Ogsm(), None)
    assert workspace.load("swot", Swot, trainee="李娜").value == Swot()
    assert not workdir_env.exists()


def _load_recording(name, cls):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = workspace.load(name, cls)
    return loaded, [str(w.message) for w in caught]


def test_corrupted_file_gives_a_clear_message_and_keeps_a_backup(workdir_env):
    folder = workdir_env / "trainee"
    workspace.save("ogsm", complete())
    (folder / "ogsm.json").write_text('{"type": "Ogsm", "plan": {"objecti', encoding="utf-8")
    loaded, warned = _load_recording("ogsm", Ogsm)
    expected = (f"保存的文件 {folder / 'ogsm.json'} 无法读取，已改名保存为 ogsm.corrupt.json，"
                "这次从空白开始。请告诉讲师。")
    assert loaded == (Ogsm(), expected)
    assert warned == [expected]  # shown once, not twice
    assert (folder / "ogsm.corrupt.json").read_text(encoding="utf-8") == \
        '{"type": "Ogsm", "plan": {"objecti'
    assert not (folder / "ogsm.json").exists()
    # The trainee carries on; saving again never touches the backup.
    workspace.save("ogsm", complete())
    assert workspace.load("ogsm", Ogsm) == (complete(), None)
    assert sorted(os.listdir(folder)) == ["ogsm.corrupt.json", "ogsm.json"]


@pytest.mark.parametrize("content", [
    '[1, 2, 3]',
    '"just text"',
    '{"type": "Ogsm", "version": 1, "plan": {"goals": [{"name": "g", "value": "lots"}]}}',
    '{"type": "Ogsm", "version": 1, "plan": {"goals": [{"name": "g", "due": "31/12/2025"}]}}',
    '{"type": "Ogsm", "version": 1, "plan": {"strategies": [{"measures": "none"}]}}',
    '{"type": "Ogsm", "version": 1, "plan": {"goals": [{"name": "g", "value": true}]}}',
    '{"type": "Ogsm", "version": 1, "plan": null}',
], ids=["list", "text", "text-value", "bad-date", "measures-not-a-list", "bool", "null"])
def test_json_that_is_not_a_plan_is_kept_as_a_backup_too(content, workdir_env):
    folder = workdir_env / "trainee"
    folder.mkdir(parents=True)
    (folder / "ogsm.json").write_text(content, encoding="utf-8")
    loaded, warned = _load_recording("ogsm", Ogsm)
    assert loaded.value == Ogsm()
    assert loaded.message == warned[0] and "ogsm.corrupt.json" in loaded.message
    assert len(warned) == 1
    assert (folder / "ogsm.corrupt.json").read_text(encoding="utf-8") == content
    assert not (folder / "ogsm.json").exists()


def test_a_second_corrupted_file_never_replaces_the_first_backup(workdir_env, english):
    folder = workdir_env / "trainee"
    folder.mkdir(parents=True)
    (folder / "swot.json").write_text("first", encoding="utf-8")
    _load_recording("swot", Swot)
    (folder / "swot.json").write_text('{"type": "Swot", "plan": {"entries": [{"text": 1}]}}',
                                      encoding="utf-8")
    loaded, _ = _load_recording("swot", Swot)
    assert loaded == (Swot(), f"The saved file {folder / 'swot.json'} could not be read; it was "
                              "kept as swot.corrupt (2).json and this starts from blank. Please "
                              "tell your trainer.")
    assert (folder / "swot.corrupt.json").read_text(encoding="utf-8") == "first"
    assert (folder / "swot.corrupt (2).json").exists()


def test_asking_for_the_wrong_plan_type_is_an_error_and_keeps_the_file(workdir_env):
    path = workspace.save("plan", Swot([SwotEntry("a", "S")]))
    before = path.read_bytes()
    with pytest.raises(TypeError, match="holds a saved Swot, not Ogsm"):
        workspace.load("plan", Ogsm)
    assert path.read_bytes() == before


def test_files_of_older_kits_are_read_forward(workdir_env):
    folder = workdir_env / "trainee"
    folder.mkdir(parents=True)
    # Format 1 (plans): {"type", "version": 1, "plan"}; format 0 (widget states): the bare value.
    (folder / "ogsm.json").write_text(
        '{"type": "Ogsm", "version": 1, "plan": {"objective": "o", "goals": [{"name": "g", '
        '"due": "2025-12-31"}]}}', encoding="utf-8")
    (folder / "checklist.json").write_text('{"baseline": "1000", "risks": "缺货"}',
                                           encoding="utf-8")
    assert workspace.load("ogsm", Ogsm).value == Ogsm("o", [Goal("g", due=date(2025, 12, 31))])
    assert workspace.load("checklist", Checklist).value == Checklist(baseline="1000", risks="缺货")


def test_unknown_keys_are_ignored_and_kept_on_the_next_save(workdir_env):
    folder = workdir_env / "trainee"
    folder.mkdir(parents=True)
    # A newer kit wrote a field this one does not know.
    (folder / "checklist.json").write_text(
        '{"kit_format": 2, "type": "Checklist", "data": {"baseline": "b", "owner": "王经理"}}',
        encoding="utf-8")
    loaded = workspace.load("checklist", Checklist).value
    assert loaded == Checklist(baseline="b")
    loaded.risks = "缺货"
    workspace.save("checklist", loaded)
    saved = json.loads((folder / "checklist.json").read_text(encoding="utf-8"))["data"]
    assert saved["owner"] == "王经理" and saved["risks"] == "缺货"


def test_a_file_from_a_newer_format_is_kept_not_guessed(workdir_env):
    folder = workdir_env / "trainee"
    folder.mkdir(parents=True)
    (folder / "ogsm.json").write_text('{"kit_format": 3, "type": "Ogsm", "data": {}}',
                                      encoding="utf-8")
    loaded, warned = _load_recording("ogsm", Ogsm)
    assert loaded.value == Ogsm() and "ogsm.corrupt.json" in warned[0]
    assert (folder / "ogsm.corrupt.json").exists()


def test_a_bug_in_decoding_raises_and_never_moves_the_file(workdir_env, monkeypatch):
    path = workspace.save("ogsm", complete())
    before = path.read_bytes()

    def broken(kind, data, where=""):
        raise AttributeError("a bug in the kit")

    monkeypatch.setattr(workspace, "decode", broken)
    with pytest.raises(AttributeError, match="a bug in the kit"):
        workspace.load("ogsm", Ogsm)
    assert path.read_bytes() == before and not (path.parent / "ogsm.corrupt.json").exists()


def test_a_datetime_is_saved_as_its_day():
    plan = Ogsm("o", [Goal("g", 1, "元", datetime(2025, 3, 1, 15, 30))], [])
    workspace.save("ogsm", plan)
    assert workspace.load("ogsm", Ogsm).value.goals[0].due == date(2025, 3, 1)


texts = st.text(max_size=12)
numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**15, 10**15)
days = st.none() | st.dates()
measures = st.builds(Measure, name=texts, target=numbers, unit=texts, due=days,
                     level=st.sampled_from(MEASURE_LEVELS) | texts)
ogsms = st.builds(
    Ogsm,
    objective=texts,
    goals=st.lists(st.builds(Goal, name=texts, value=numbers, unit=texts, due=days,
                             goal_type=st.none() | st.sampled_from(list(GOAL_TYPES)) | texts),
                   max_size=4),
    strategies=st.lists(st.builds(Strategy, text=texts,
                                  pillar=st.none() | st.sampled_from(PILLARS) | texts,
                                  measures=st.lists(measures, max_size=3)), max_size=4),
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ogsms)
def test_any_ogsm_survives_save_and_load(plan):
    kept = copy.deepcopy(plan)
    workspace.save("ogsm", plan, trainee="hypothesis")
    assert workspace.load("ogsm", Ogsm, trainee="hypothesis") == (kept, None)
    problems = validate(plan)  # never raises, whatever was typed
    assert all(isinstance(p, Problem) and p.message.strip() for p in problems)
    assert (problems == []) == (
        bool(plan.objective.strip()) and bool(plan.goals) and bool(plan.strategies)
        and all(g.name.strip() and g.value is not None and g.unit.strip() and g.due
                and g.goal_type in (None, *GOAL_TYPES) for g in plan.goals)
        and all(s.text.strip() and s.pillar in (None, *PILLARS) and s.measures
                and all(m.name.strip() and m.target is not None and m.unit.strip() and m.due
                        and m.level in MEASURE_LEVELS for m in s.measures)
                for s in plan.strategies))
