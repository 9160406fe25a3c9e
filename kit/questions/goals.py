"""Stage 2 exercises: the gap, the split and the phasing, from the parameters alone
(before any slider moves or cell is typed); and the checks of the written work: the
SWOT with its TOWS strategies, the OGSM (every P of the 4P, an execution-level measure)
and steps 3–4 of the customer business plan (KBD on both sides, the screening of
options, the action plan)."""

from __future__ import annotations

import math
import re

import pandas as pd

from kit import exercises, i18n, labels
from kit.goals import (
    Ambition,
    Drivers,
    SplitPlan,
    default_levels,
    last_twelve_months,
    phasing_weights,
    set_targets,
    split_plan,
    starting_point,
)
from kit.goals.business_plan import FEASIBILITY, BusinessPlan
from kit.goals.plan import (
    EXECUTION_LEVELS,
    PILLARS,
    QUADRANTS,
    TOWS,
    Ogsm,
    Swot,
    level_label,
    pillar_label,
    quadrant_label,
)
from kit.goals.plan import validate as ogsm_validate
from kit.overview import select_flow
from kit.review import monthly_series

t = i18n.catalogue(
    "questions.goals",
    {
        "q.gap": {
            "zh": "练习 1：按参数格里的市场增长和份额，自上而下目标比自下而上目标（驱动因素都不变时）高出多少{CUR}？",
            "en": "Exercise 1: with the market growth and shares of the parameters cell, by how much "
                  "({CUR}) does the top-down target exceed the bottom-up one with all drivers unchanged?",
        },
        "q.gap.hint": {
            "zh": "缺口 = 自上而下 − 自下而上；自上而下 = 市场规模 × (1 + 市场增长) × 目标份额。",
            "en": "Gap = top-down − bottom-up; top-down = market × (1 + market growth) × share ambition.",
        },
        "q.largest": {
            "zh": "练习 2：按去年占比分解后，哪一个{dim}分到的年度目标最大？",
            "en": "Exercise 2: split by last year's shares, which {dim} gets the largest annual target?",
        },
        "q.peak": {
            "zh": "练习 3：按季节性分摊后，哪个月的目标最高？",
            "en": "Exercise 3: phased by seasonality, which month has the highest target?",
        },
        # ---------------------------------------------------------- SWOT and TOWS
        "swot.prompt": {"zh": "SWOT 与 TOWS：每一条都有依据，每一对都有策略。",
                        "en": "SWOT and TOWS: evidence for every entry, a strategy for every pair."},
        "swot.empty": {"zh": "{quadrant}还是空的：至少写一条。",
                       "en": "{quadrant} is still empty: write at least one."},
        "swot.no_evidence": {
            "zh": "{code}“{text}”没有依据：在条目后面用“｜”写上它来自哪个数字、哪份资料或哪次走访。",
            "en": "{code} “{text}” has no evidence: after a “|”, say which figure, source or "
                  "visit it comes from.",
        },
        "swot.no_tows": {"zh": "还没有 {pair} 策略：把{a}和{b}配对，写一条策略。",
                         "en": "No {pair} strategy yet: pair the {a} with the {b} and write one."},
        "swot.uncited": {
            "zh": "{pair} 策略没有说明用的是哪几条：写上条目的编号（{first}… 和 {second}…）。",
            "en": "The {pair} strategy does not say which entries it pairs: cite them by number "
                  "({first}… and {second}…).",
        },
        # ---------------------------------------------------------- OGSM
        "ogsm.prompt": {"zh": "OGSM：完整、覆盖 4P、落到执行层。",
                        "en": "OGSM: complete, across the 4P, down to execution."},
        "ogsm.pillar": {
            "zh": "4P 中的“{pillar}”还没有策略：加一条，或写一条策略说明为什么今年不动它。",
            "en": "No strategy under {pillar} yet: add one, or write one that says why it is "
                  "left as it is this year.",
        },
        "ogsm.execution": {
            "zh": "还没有执行层面的衡量指标：至少有一个指标的层级是{levels}之一。",
            "en": "No execution-level measure yet: give at least one measure the level {levels}.",
        },
        # ---------------------------------------------------------- KBD, screening, actions
        "plan.prompt": {"zh": "客户生意计划第三、四步：KBD、筛选方案、行动计划。",
                        "en": "Customer business plan, steps 3 and 4: KBD, screening, action plan."},
        "plan.vision": {"zh": "还没有写客户的愿景和目标：这个客户想把自己的生意做成什么样？",
                        "en": "No customer vision yet: what does this customer want its business to become?"},
        "plan.no_driver": {"zh": "还没有 KBD：写下至少一个同时影响双方生意的关键因素。",
                           "en": "No KBD yet: name at least one factor that drives both sides' business."},
        "plan.driver_name": {"zh": "第 {n} 个 KBD 没有名称。", "en": "KBD {n} has no name."},
        "plan.ours": {"zh": "KBD“{name}”没有写它对我们生意的作用：用一个数字说明。",
                      "en": "KBD “{name}” does not say what it does for our business: give a figure."},
        "plan.theirs": {
            "zh": "KBD“{name}”只写了我们这一边：它对客户自己的生意（利润、周转、客流）有什么作用？",
            "en": "KBD “{name}” only has our side: what does it do for the customer's own business "
                  "(profit, turnover, traffic)?",
        },
        "plan.trend": {"zh": "KBD“{name}”没有说明是否符合市场趋势。",
                       "en": "KBD “{name}” does not say whether it fits the market trend."},
        "plan.resources": {"zh": "KBD“{name}”没有说明需要什么资源、资源够不够。",
                           "en": "KBD “{name}” does not say what resources it needs and whether "
                                 "they are there."},
        "plan.few_options": {"zh": "筛选至少需要两个方案：先头脑风暴，多写几个做法再比较。",
                             "en": "Screening needs at least two options: brainstorm several first."},
        "plan.option_text": {"zh": "第 {n} 个方案没有写要做什么。", "en": "Option {n} does not say what it is."},
        "plan.option_driver": {"zh": "方案“{text}”没有对应第三步的任何一个 KBD。",
                               "en": "Option “{text}” serves none of step 3's KBDs."},
        "plan.option_impact": {"zh": "方案“{text}”没有写预期影响（增量金额）。",
                               "en": "Option “{text}” has no expected impact (uplift)."},
        "plan.option_cost": {"zh": "方案“{text}”没有写投入（费用，不花钱就写 0）。",
                             "en": "Option “{text}” has no cost (write 0 if it costs nothing)."},
        "plan.option_feasibility": {"zh": "方案“{text}”没有判断可行性（高、中、低）。",
                                    "en": "Option “{text}” has no feasibility (high, medium, low)."},
        "plan.none_chosen": {"zh": "还没有选出方案：在筛选表里标出入选的方案。",
                             "en": "No option chosen yet: mark the chosen ones in the screening."},
        "plan.low_chosen": {"zh": "方案“{text}”的可行性是“低”却入选了：写下理由。",
                            "en": "Option “{text}” is chosen with low feasibility: give the reason."},
        "plan.passed_over": {
            "zh": "方案“{chosen}”入选而“{dropped}”没有，但后者每元投入的回报更高、可行性也不低：写下选择的理由。",
            "en": "“{chosen}” is chosen and “{dropped}” is not, though the latter returns more "
                  "per unit of cost and is not less feasible: give the reason.",
        },
        "plan.no_actions": {"zh": "入选的方案还没有行动计划：至少写一项行动。",
                            "en": "The chosen options have no action plan yet: write at least one action."},
        "plan.action_what": {"zh": "第 {n} 项行动没有写要做什么。", "en": "Action {n} does not say what is done."},
        "plan.action_owner": {"zh": "行动“{what}”没有负责人：写一个人的名字。",
                              "en": "Action “{what}” has no owner: write one person's name."},
        "plan.action_dates": {"zh": "行动“{what}”缺开始或结束日期。",
                              "en": "Action “{what}” lacks a start or an end date."},
        "plan.action_order": {"zh": "行动“{what}”的结束日期早于开始日期。",
                              "en": "Action “{what}” ends before it starts."},
        "plan.action_measure": {"zh": "行动“{what}”的衡量指标里没有数字：写明目标值。",
                                "en": "Action “{what}” has no number in its measure: give a target value."},
        "plan.action_option": {"zh": "行动“{what}”不属于任何一个入选的方案。",
                               "en": "Action “{what}” carries out none of the chosen options."},
        "plan.option_no_action": {"zh": "入选的方案“{text}”还没有行动。",
                                  "en": "Chosen option “{text}” has no action yet."},
    },
)
TITLES = {
    "goals.gap": {"zh": "目标缺口", "en": "Target gap"},
    "goals.largest": {"zh": "最大的细分目标", "en": "Largest segment target"},
    "goals.peak_month": {"zh": "目标最高的月份", "en": "Peak month"},
    "goals.swot": {"zh": "SWOT 与 TOWS", "en": "SWOT and TOWS"},
    "goals.ogsm": {"zh": "OGSM 与 4P", "en": "OGSM and the 4P"},
    "goals.business_plan": {"zh": "KBD、筛选与行动计划", "en": "KBD, screening, action plan"},
}
_DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def questions(sales: pd.DataFrame, outlets: pd.DataFrame | None = None,
              ambition: Ambition | None = None, annual: float = 0.0,
              rule: str = "last_year") -> list[exercises.Question]:
    """From the sales, the outlet list and the notebook's ambition, annual target
    (0: the top-down target) and split rule."""
    planned = select_flow(sales)
    monthly = monthly_series(planned)
    levels = default_levels(planned.columns)
    setting = set_targets(starting_point(sales, outlets), ambition or Ambition(), Drivers())
    plan = SplitPlan(total=annual or float(round(setting.top_down)), levels=levels,
                     year=monthly.index[-1].year + 1, rule=rule)
    cells, months = split_plan(plan, last_twelve_months(planned), phasing_weights(monthly),
                               potential=outlets if rule != "last_year" else None)
    first = cells[cells["depth"] == 1]
    dim = levels[0]

    def prompt(key: str, **fields) -> dict[str, str]:
        return {lang: t(key, lang=lang, **fields) for lang in i18n.LANGS}

    return [
        exercises.Question(id="goals.gap", prompt=prompt("q.gap"),
                           check=exercises.expect_number(setting.gap.amount, rel_tol=0.01,
                                                         hint=prompt("q.gap.hint"))),
        exercises.Question(
            id="goals.largest", kind="choice", choices=tuple(first[dim].astype(str)),
            prompt={lang: t("q.largest", lang=lang, dim=labels.column(dim, lang))
                    for lang in i18n.LANGS},
            check=exercises.expect_choice(str(first.loc[first["target"].idxmax(), dim]))),
        exercises.Question(id="goals.peak_month", prompt=prompt("q.peak"), kind="choice",
                           choices=tuple(str(p) for p in months.index),
                           check=exercises.expect_choice(str(months.idxmax()))),
    ]


# ------------------------------------------------------------------ SWOT and TOWS


def _both(key: str) -> dict[str, str]:
    return {lang: t(key, lang=lang) for lang in i18n.LANGS}


def swot_question() -> exercises.Question:
    return exercises.Question(id="goals.swot", kind="form", prompt=_both("swot.prompt"),
                              check=exercises.form_check(swot_problems))


def swot_problems(swot: Swot) -> list[str]:
    """An empty quadrant; an entry with neither data evidence (from a card) nor a basis
    the trainee wrote; a TOWS pair (SO, ST, WO, WT) of two filled quadrants with no
    strategy, or one that cites none of the pair's entries by number (S1, O2 …)."""
    problems = [t("swot.empty", quadrant=quadrant_label(q)) for q in QUADRANTS
                if not [e for e in swot.quadrant(q) if e.text.strip()]]
    for q in QUADRANTS:
        for i, entry in enumerate(swot.quadrant(q), start=1):
            if entry.text.strip() and not entry.has_evidence:
                problems.append(t("swot.no_evidence", code=f"{q}{i}", text=_short(entry.text)))
    for pair, (first, second) in TOWS.items():
        if not (swot.quadrant(first) and swot.quadrant(second)):
            continue
        text = (swot.tows or {}).get(pair, "").strip()
        if not text:
            problems.append(t("swot.no_tows", pair=pair, a=quadrant_label(first),
                              b=quadrant_label(second)))
        elif not (_cites(text, first) and _cites(text, second)):
            problems.append(t("swot.uncited", pair=pair, first=first, second=second))
    return problems


def _cites(text: str, quadrant: str) -> bool:
    return re.search(rf"{quadrant}\s*[0-9\uff10-\uff19]", text, re.IGNORECASE) is not None


def _short(text: str, limit: int = 20) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


# ------------------------------------------------------------------ OGSM


def ogsm_question() -> exercises.Question:
    return exercises.Question(id="goals.ogsm", kind="form", prompt=_both("ogsm.prompt"),
                              check=exercises.form_check(ogsm_problems))


def ogsm_problems(ogsm: Ogsm) -> list[str]:
    """What :func:`kit.goals.validate` finds, then every P of the 4P without a strategy,
    then no measure at an execution level (:data:`kit.goals.plan.EXECUTION_LEVELS`: outlet
    sales, retail coverage, in-store performance, resource input)."""
    problems = [str(p) for p in ogsm_validate(ogsm)]
    used = {s.pillar for s in ogsm.strategies}
    problems += [t("ogsm.pillar", pillar=pillar_label(p)) for p in PILLARS if p not in used]
    measured = {m.level for s in ogsm.strategies for m in s.measures}
    if not measured & set(EXECUTION_LEVELS):
        problems.append(t("ogsm.execution", levels=labels.word("list_sep").join(
            level_label(v) for v in EXECUTION_LEVELS)))
    return problems


# ------------------------------------------------------------------ KBD, screening, actions


def business_plan_question() -> exercises.Question:
    return exercises.Question(id="goals.business_plan", kind="form", prompt=_both("plan.prompt"),
                              check=exercises.form_check(business_plan_problems))


def business_plan_problems(plan: BusinessPlan) -> list[str]:
    """Steps 3 and 4 as the course material puts them:

    - step 3: the customer's vision; at least one KBD, each with a name, what it does for
      our business, what it does for the customer's, its fit with the market trend and
      the resources it needs;
    - step 4, screening: at least two options, each serving a KBD, with an impact, a cost
      and a feasibility; at least one chosen; a chosen option of low feasibility, or one
      chosen over an option that returns more per unit of cost at no lower feasibility,
      needs its reason;
    - step 4, action plan: at least one action, each with what, an owner, start and end
      dates in order, a measure with a number, and the chosen option it carries out;
      every chosen option has an action.
    """
    problems = [] if plan.vision.strip() else [t("plan.vision")]
    problems += _driver_problems(plan)
    problems += _option_problems(plan)
    problems += _action_problems(plan)
    return problems


def _driver_problems(plan: BusinessPlan) -> list[str]:
    drivers = [d for d in plan.drivers if any(str(v).strip() for v in vars(d).values())]
    if not drivers:
        return [t("plan.no_driver")]
    problems = []
    for n, d in enumerate(drivers, start=1):
        name = d.name.strip() or str(n)
        if not d.name.strip():
            problems.append(t("plan.driver_name", n=n))
        for key in ("ours", "theirs", "trend", "resources"):
            if not getattr(d, key).strip():
                problems.append(t(f"plan.{key}", name=name))
    return problems


def _option_problems(plan: BusinessPlan) -> list[str]:
    options = [o for o in plan.options if o.text.strip() or o.impact is not None or o.chosen]
    problems = [t("plan.few_options")] if len(options) < 2 else []
    names = {d.name.strip() for d in plan.drivers if d.name.strip()}
    for n, o in enumerate(options, start=1):
        text = _short(o.text) or str(n)
        if not o.text.strip():
            problems.append(t("plan.option_text", n=n))
        if o.driver.strip() not in names:
            problems.append(t("plan.option_driver", text=text))
        if not _number(o.impact):
            problems.append(t("plan.option_impact", text=text))
        if not _number(o.cost):
            problems.append(t("plan.option_cost", text=text))
        if o.feasibility not in FEASIBILITY:
            problems.append(t("plan.option_feasibility", text=text))
    chosen = [o for o in options if o.chosen]
    if options and not chosen:
        problems.append(t("plan.none_chosen"))
    rank = {f: i for i, f in enumerate(FEASIBILITY)}  # 0 = high
    for o in chosen:
        if o.reason.strip():
            continue
        if o.feasibility == "low":
            problems.append(t("plan.low_chosen", text=_short(o.text)))
            continue
        better = [d for d in options if not d.chosen and d.feasibility in rank
                  and o.feasibility in rank and rank[d.feasibility] <= rank[o.feasibility]
                  and d.return_per_cost > o.return_per_cost]
        if better:
            problems.append(t("plan.passed_over", chosen=_short(o.text),
                              dropped=_short(better[0].text)))
    return problems


def _action_problems(plan: BusinessPlan) -> list[str]:
    actions = [a for a in plan.actions if a.what.strip() or a.owner.strip() or a.start or a.end]
    if not actions:
        return [t("plan.no_actions")] if plan.chosen else []
    chosen = {o.text.strip() for o in plan.chosen}
    problems = []
    for n, a in enumerate(actions, start=1):
        what = _short(a.what) or str(n)
        if not a.what.strip():
            problems.append(t("plan.action_what", n=n))
        if not a.owner.strip():
            problems.append(t("plan.action_owner", what=what))
        if a.start is None or a.end is None:
            problems.append(t("plan.action_dates", what=what))
        elif a.end < a.start:
            problems.append(t("plan.action_order", what=what))
        if not _DIGIT.search(a.measure or ""):
            problems.append(t("plan.action_measure", what=what))
        if a.option.strip() not in chosen:
            problems.append(t("plan.action_option", what=what))
    carried = {a.option.strip() for a in actions}
    problems += [t("plan.option_no_action", text=_short(o.text)) for o in plan.chosen
                 if o.text.strip() and o.text.strip() not in carried]
    return problems


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


__all__ = ["TITLES", "business_plan_problems", "business_plan_question", "ogsm_problems",
           "ogsm_question", "questions", "swot_problems", "swot_question"]
