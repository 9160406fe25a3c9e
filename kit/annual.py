"""我的年度生意计划 (my annual business plan): the day-6 capstone, one plan through the stages.

The course outline closes module 3 with 实战演练——我的年度生意计划: the trainee's own
data, reviewed and diagnosed (stage 1), next period's targets and their five-way split
(stage 2), the distributor's JBP (stage 3), the penetration targets (stage 4), and the
customer business plan's strategy and screening (steps 3–4 of the five steps).
:class:`AnnualPlan` holds each stage's part as that stage produced it;
:func:`reconcile` lines up the figures where two parts speak of the same thing and
says where they disagree, by how much.

The reconciliation (the kit's rules; every line names its two stages):

1. the target set in stage 2's target-setting app (top-down) and the annual target its
   split divides — equal;
2. the customer's target in stage 2's split and the JBP's next-period target — equal
   (the JBP takes it from the split, see :func:`kit.jbp.next_target`);
3. the growth the JBP target asks for (target − last period's sell-in) and the expected
   uplift of the cooperation plan (part 6) — the plan should cover it;
4. the new buying outlets (or customers) of stage 2's bottom-up drivers and the new
   buyers of stage 4's scenario (its penetration points × the universe) — equal;
5. what more numeric distribution brings in stage 2's bottom-up funnel and what the
   penetration lever brings in stage 4's scenario — equal;
6. stage 4's scenario increase and the whitespace of its target list — the list should
   cover it;
7. the gap left in stage 2 (top-down − bottom-up) and the expected impact of the options
   chosen in step 4 — they should cover it;
8. the problem cards kept in stage 1 and the SWOT entries made from them in stage 2 —
   every kept problem should be there.

Money is compared to the cent (0.005 of the currency), counts exactly; line 1 to the
whole unit, the split's own rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kit import fmt, i18n
from kit.goals.business_plan import BusinessPlan, Option
from kit.goals.decompose import level_targets
from kit.goals.goal_plan import GoalPlan
from kit.insights import PROBLEM_KINDS, UiaCard
from kit.jbp.document import Jbp
from kit.jbp.sell_in import SellInMeeting
from kit.penetration.scenario import Scenario
from kit.report import WccDarReport

t = i18n.catalogue(
    "annual",
    {
        "title": {"zh": "我的年度生意计划", "en": "My annual business plan"},
        "stage.1": {"zh": "模块一 复盘洞察", "en": "Stage 1 review"},
        "stage.2": {"zh": "模块二 目标计划", "en": "Stage 2 goals"},
        "stage.3": {"zh": "模块三 JBP", "en": "Stage 3 JBP"},
        "stage.4": {"zh": "客户渗透", "en": "Stage 4 penetration"},
        "stage.5": {"zh": "五步法 第四步", "en": "Five steps, step 4"},
        "line.target_split": {"zh": "年度目标：目标设定 ↔ 五维分解",
                              "en": "Annual target: target setting ↔ split"},
        "line.customer_target": {"zh": "{customer} 的目标：五维分解 ↔ JBP 下期目标",
                                 "en": "{customer}'s target: split ↔ JBP next target"},
        "line.jbp_uplift": {"zh": "{customer}：目标要求的增长 ↔ 合作计划的预期增量",
                            "en": "{customer}: growth the target asks ↔ cooperation plan uplift"},
        "line.new_buyers": {"zh": "新增购买{unit}：自下而上驱动因素 ↔ 渗透情景",
                            "en": "New buying {unit}: bottom-up drivers ↔ penetration scenario"},
        "line.penetration_sales": {"zh": "铺货（渗透）带来的增量：自下而上 ↔ 渗透情景",
                                   "en": "Uplift from distribution: bottom-up ↔ scenario"},
        "line.whitespace": {"zh": "渗透情景增量 ↔ 目标名单的空白金额",
                            "en": "Scenario uplift ↔ whitespace of the target list"},
        "line.gap": {"zh": "目标缺口（自上而下 − 自下而上） ↔ 入选方案的预期影响",
                     "en": "Target gap (top-down − bottom-up) ↔ chosen options' impact"},
        "line.findings": {"zh": "保留的问题卡片 ↔ 写进 SWOT 的条目",
                          "en": "Problem cards kept ↔ carried into the SWOT"},
        "option.penetration": {"zh": "客户渗透：渗透率 {points} 个点（第四部分的情景）",
                               "en": "Penetration: {points} points (stage 4's scenario)"},
        "target.sentence": {
            "zh": "{customer}：模块二五维分解中的目标 {split}；JBP 第二部分的下期目标 {jbp}（{source}）。",
            "en": "{customer}: target in stage 2's split {split}; the JBP's next-period target "
                  "(part 2) {jbp} ({source}).",
        },
        "unit.outlet": {"zh": "终端", "en": "outlets"},
        "unit.customer": {"zh": "客户", "en": "customers"},
        "status.agree": {"zh": "一致", "en": "agree"},
        "status.differ": {"zh": "不一致", "en": "differ"},
        "status.covered": {"zh": "已覆盖", "en": "covered"},
        "status.short": {"zh": "不足", "en": "short"},
        "status.missing": {"zh": "缺少一方", "en": "a part is missing"},
        "note.base": {"zh": "两边的基数不同：模块二的漏斗折算到它计划的销售额 {left}，客户渗透的漏斗是 {right}；"
                               "同一个铺货变化在两个基数上的金额不同。",
                       "en": "Different bases: stage 2's funnel is scaled to the sales it plans, "
                             "{left}; stage 4's funnel holds {right}. The same change in "
                             "distribution is worth different amounts on the two."},
        "note.units": {"zh": "两边的购买单位不同：模块二按{left}，客户渗透按{right}，只能参考。",
                       "en": "Different units: stage 2 counts {left}, stage 4 {right}; compare "
                             "with care."},
        "note.period": {"zh": "模块二分解的是 {year} 年，JBP 的期间是 {period}。",
                        "en": "Stage 2 splits {year}; the JBP's period is {period}."},
        "missing.1": {"zh": "模块一：还没有保留或写下洞察卡片（01 笔记本的 UIA 卡片表单）。",
                      "en": "Stage 1: no insight card kept or written yet (notebook 01's UIA form)."},
        "missing.2": {"zh": "模块二：还没有保存的目标分解（02 笔记本的五维分解）。",
                      "en": "Stage 2: no saved split yet (notebook 02's decomposition grid)."},
        "missing.3": {"zh": "模块三：还没有导出 {customer} 的 JBP（03 笔记本最后一格）。",
                      "en": "Stage 3: {customer}'s JBP has not been exported yet (notebook 03's "
                            "last cell)."},
        "missing.4": {"zh": "客户渗透：没有渗透情景（04 笔记本）。",
                      "en": "Stage 4: no penetration scenario (notebook 04)."},
        "missing.5": {"zh": "五步法：还没有填写 KBD、筛选方案和行动计划（本笔记本的表单）。",
                      "en": "Five steps: KBD, screening and action plan not filled in yet (this "
                            "notebook's form)."},
    },
)

RULES = ("equal", "cover")
CENT = 0.005


@dataclass
class PenetrationPart:
    """What stage 4 contributes: the growth scenario on its basis and the target list."""

    scenario: Scenario
    unit: str  # "outlet" or "customer" (kit.penetration.Basis.unit)
    universe: int
    targets: pd.DataFrame  # kit.penetration.target_list, highest priority first
    window: str = ""


@dataclass
class AnnualPlan:
    """Each stage's part of the trainee's annual plan, as that stage left it (None: the
    stage has not produced it yet)."""

    subject: str
    customer_id: str = ""
    cards: list[UiaCard] = field(default_factory=list)
    report: WccDarReport | None = None
    goals: GoalPlan | None = None
    plan_year: int | None = None
    jbp: Jbp | None = None
    meeting: SellInMeeting | None = None
    penetration: PenetrationPart | None = None
    business_plan: BusinessPlan | None = None

    @property
    def customer_target(self) -> float | None:
        """The customer's annual target in stage 2's split (None without it)."""
        if self.goals is None:
            return None
        planned = level_targets(self.goals.cells, "customer_id")
        return float(planned[self.customer_id]) if self.customer_id in planned.index else None


@dataclass(frozen=True)
class Line:
    """One reconciliation line: two stages' figures for the same thing."""

    key: str
    label: str
    left_stage: int
    left: float | None
    right_stage: int
    right: float | None
    kind: str = "money"  # "money" or "count"
    rule: str = "equal"  # "equal": they should agree; "cover": right should reach left
    note: str = ""
    tolerance: float | None = None  # None: a cent for money, exact for counts

    @property
    def difference(self) -> float | None:
        """right − left (None when either is missing)."""
        return None if self.left is None or self.right is None else self.right - self.left

    @property
    def status(self) -> str:
        d = self.difference
        if d is None:
            return "missing"
        tolerance = self.tolerance if self.tolerance is not None else (
            CENT if self.kind == "money" else 0.5)
        if self.rule == "equal":
            return "agree" if abs(d) < tolerance else "differ"
        return "covered" if d > -tolerance else "short"

    @property
    def status_label(self) -> str:
        return t(f"status.{self.status}")


def stage_label(stage: int) -> str:
    return t(f"stage.{stage}")


def title() -> str:
    return t("title")


def reconcile(plan: AnnualPlan) -> list[Line]:
    """The reconciliation lines (see the module doc), in order."""
    goals, jbp, pen = plan.goals, plan.jbp, plan.penetration
    setting = goals.setting if goals is not None else None
    annual = float(goals.months.sum()) if goals is not None else None
    # The split is in whole currency units: it agrees with the target to the unit.
    lines = [Line("target_split", t("line.target_split"), 2,
                  setting.top_down if setting else None, 2, annual, tolerance=0.5)]
    cid = plan.customer_id
    next_target = jbp.brand_plan.indicators.get("next_target") if jbp is not None else None
    note = ""
    if jbp is not None and plan.plan_year is not None and jbp.period != str(plan.plan_year):
        note = t("note.period", year=plan.plan_year, period=jbp.period)
    lines.append(Line("customer_target", t("line.customer_target", customer=cid), 2,
                      plan.customer_target, 3, next_target, note=note))
    growth = uplift = None
    if jbp is not None:
        last = jbp.brand_plan.indicators.get("last_actual")
        growth = None if next_target is None or last is None else next_target - last
        uplift = jbp.plan.expected_uplift
    lines.append(Line("jbp_uplift", t("line.jbp_uplift", customer=cid), 3, growth, 3, uplift,
                      rule="cover"))
    lines += _penetration_lines(setting, pen)
    chosen = (sum(o.impact or 0.0 for o in plan.business_plan.chosen)
              if plan.business_plan is not None and plan.business_plan.chosen else None)
    lines.append(Line("gap", t("line.gap"), 2, setting.gap.amount if setting else None, 5,
                      chosen, rule="cover"))
    kept = [c for c in plan.cards if c.source.split(":", 1)[0] in PROBLEM_KINDS]
    carried = None
    if goals is not None:
        sources = {e.source for e in goals.swot.entries}
        carried = float(sum(1 for c in kept if c.source in sources))
    lines.append(Line("findings", t("line.findings"), 1, float(len(kept)) if plan.cards else None,
                      2, carried, kind="count", rule="cover"))
    return lines


def _penetration_lines(setting, pen: PenetrationPart | None) -> list[Line]:
    new_buyers = pen_buyers = stage2_sales = pen_sales = None
    unit = pen.unit if pen is not None else (setting.start.unit if setting else "outlet")
    notes = {"new_buyers": "", "penetration_sales": ""}
    if setting is not None:
        new_buyers = float(setting.drivers.new_outlets)
        stage2_sales = float(setting.bottom_up.table.loc["numeric_distribution", "contribution"])
    if pen is not None:
        points = pen.scenario.levers.loc["penetration", "scenario"] - \
            pen.scenario.levers.loc["penetration", "base"]
        pen_buyers = float(round(points * pen.universe))
        pen_sales = float(pen.scenario.levers.loc["penetration", "contribution"])
        if setting is not None and setting.start.unit != pen.unit:
            notes["new_buyers"] = t("note.units", left=t(f"unit.{setting.start.unit}"),
                                    right=t(f"unit.{pen.unit}"))
            notes["penetration_sales"] = notes["new_buyers"]
        elif setting is not None and abs(setting.bottom_up.base_sales
                                         - pen.scenario.base_sales) >= 0.5:
            notes["penetration_sales"] = t(
                "note.base", left=fmt.money(setting.bottom_up.base_sales, unit=True),
                right=fmt.money(pen.scenario.base_sales, unit=True))
    whitespace = (float(pen.targets["gap"].sum()) if pen is not None and "gap" in pen.targets
                  else None)
    return [
        Line("new_buyers", t("line.new_buyers", unit=t(f"unit.{unit}")), 2, new_buyers, 4,
             pen_buyers, kind="count", note=notes["new_buyers"]),
        Line("penetration_sales", t("line.penetration_sales"), 2, stage2_sales, 4, pen_sales,
             note=notes["penetration_sales"]),
        Line("whitespace", t("line.whitespace"), 4,
             float(pen.scenario.change) if pen is not None else None, 4, whitespace,
             rule="cover"),
    ]


def starter_business_plan(customer: str, jbp: Jbp | None = None,
                          penetration: PenetrationPart | None = None) -> BusinessPlan:
    """Candidate options for step 4's screening from what the stages produced: each line
    of the JBP's cooperation plan (its cost and expected uplift) and stage 4's penetration
    scenario (its increase; its cost is the trainee's to estimate). The KBDs, the choice
    and the action plan are the trainee's."""
    options = []
    if jbp is not None:
        options += [Option(a.activity, impact=a.expected_uplift, cost=a.cost)
                    for a in jbp.plan.activities if a.activity.strip()]
    if penetration is not None and penetration.scenario.change:
        options.append(Option(t("option.penetration", points=_points(penetration)),
                              impact=float(penetration.scenario.change)))
    return BusinessPlan(customer=customer, options=options)


def _points(pen: PenetrationPart) -> str:
    levers = pen.scenario.levers.loc["penetration"]
    return fmt.points(levers["scenario"] - levers["base"], sign=True)


def target_sentence(plan: AnnualPlan) -> str:
    """The customer's target in the split and in the JBP, side by side, in words."""
    jbp = plan.jbp
    return t("target.sentence", customer=plan.customer_id,
             split=fmt.money(plan.customer_target, unit=True),
             jbp=fmt.money(jbp.brand_plan.indicators.get("next_target") if jbp else None,
                           unit=True),
             source=(jbp.brand_plan.notes if jbp else "") or fmt.NA)


def missing_parts(plan: AnnualPlan) -> list[str]:
    """What each stage has not produced yet, one kind sentence each (in stage order)."""
    missing = []
    if not plan.cards:
        missing.append(t("missing.1"))
    if plan.goals is None:
        missing.append(t("missing.2"))
    if plan.jbp is None:
        missing.append(t("missing.3", customer=plan.customer_id))
    if plan.penetration is None:
        missing.append(t("missing.4"))
    if plan.business_plan is None or not plan.business_plan.options:
        missing.append(t("missing.5"))
    return missing


__all__ = ["CENT", "RULES", "AnnualPlan", "Line", "PenetrationPart", "missing_parts",
           "reconcile", "stage_label", "starter_business_plan", "target_sentence", "title"]
