"""The stage-2 plan document, "我的业务目标计划" (my business goal plan).

One GoalPlan gathers what the trainee built in the workshop; :func:`parts`
lays it out as the document's parts, each a localised table with a number
kind per column, so the xlsx and the HTML exports show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kit import charts, i18n
from kit.goals.plan import (
    CORE_QUESTIONS,
    GOAL_TYPES,
    QUADRANTS,
    Checklist,
    Ogsm,
    Swot,
    level_label,
    pillar_label,
    quadrant_label,
    tows_prompts,
    unanswered,
    validate,
)
from kit.goals.targets import TargetSetting
from kit.review.periods import safe_ratio

t = i18n.catalogue(
    "goal_document",
    {
        "title": {"zh": "我的业务目标计划", "en": "My business goal plan"},
        "part.targets": {"zh": "一、目标设定", "en": "1. Targets"},
        "part.drivers": {"zh": "二、自下而上的驱动因素", "en": "2. Bottom-up drivers"},
        "part.questions": {"zh": "三、五个核心问题", "en": "3. The five core questions"},
        "part.swot": {"zh": "四、SWOT 与 TOWS", "en": "4. SWOT and TOWS"},
        "part.ogsm": {"zh": "五、OGSM", "en": "5. OGSM"},
        "part.months": {"zh": "六、目标分解：月度", "en": "6. Split by month"},
        "part.split": {"zh": "七、目标分解：维度", "en": "7. Split by dimension"},
        "part.todo": {"zh": "八、待完善", "en": "8. Still to do"},
        "col.item": {"zh": "项目", "en": "Item"},
        "col.value": {"zh": "数值", "en": "Value"},
        "col.factor": {"zh": "因素", "en": "Factor"},
        "col.now": {"zh": "近12个月", "en": "Last 12 months"},
        "col.next": {"zh": "明年", "en": "Next year"},
        "col.growth": {"zh": "变化", "en": "Change"},
        "col.contribution": {"zh": "对销售额的贡献（元）", "en": "Contribution (CNY)"},
        "col.number": {"zh": "序号", "en": "No."},
        "col.question": {"zh": "问题", "en": "Question"},
        "col.answer": {"zh": "回答", "en": "Answer"},
        "col.quadrant": {"zh": "象限", "en": "Quadrant"},
        "col.entry": {"zh": "内容", "en": "Entry"},
        "col.evidence": {"zh": "数据依据", "en": "Evidence"},
        "col.part": {"zh": "层级", "en": "Part"},
        "col.text": {"zh": "内容", "en": "Text"},
        "col.target": {"zh": "目标值", "en": "Target"},
        "col.unit": {"zh": "单位", "en": "Unit"},
        "col.due": {"zh": "日期", "en": "Date"},
        "col.kind": {"zh": "类型 / 4P / 层级", "en": "Type / 4P / level"},
        "col.month": {"zh": "月份", "en": "Month"},
        "col.last_year": {"zh": "去年实际", "en": "Last year"},
        "col.flag": {"zh": "提示", "en": "Check"},
        "col.level": {"zh": "层级", "en": "Level"},
        "col.todo": {"zh": "还需要完善", "en": "Still to do"},
        "item.last_12": {"zh": "近12个月实际（元）", "en": "Last 12 months (CNY)"},
        "item.baseline": {"zh": "基线：不做改变的明年（元）", "en": "Baseline: next year unchanged (CNY)"},
        "item.market": {"zh": "市场规模（按当前份额推算，元）", "en": "Market (inferred from share, CNY)"},
        "item.market_growth": {"zh": "市场增长率", "en": "Market growth"},
        "item.share_now": {"zh": "当前市场份额", "en": "Market share now"},
        "item.share_ambition": {"zh": "目标市场份额", "en": "Share ambition"},
        "item.top_down": {"zh": "自上而下目标（元）", "en": "Top-down target (CNY)"},
        "item.bottom_up": {"zh": "自下而上目标（元）", "en": "Bottom-up target (CNY)"},
        "item.gap": {"zh": "缺口 = 自上而下 − 自下而上（元）", "en": "Gap = top-down − bottom-up (CNY)"},
        "item.gap_share": {"zh": "缺口占自上而下目标", "en": "Gap as a share of top-down"},
        "item.annual": {"zh": "分解的年度目标（元）", "en": "Annual target split (CNY)"},
        "flag.out": {"zh": "增长与上级不一致", "en": "Growth out of line"},
        "flag.new": {"zh": "去年无销售", "en": "No sales last year"},
        "tows": {"zh": "TOWS 提示", "en": "TOWS prompt"},
        "money": {"zh": "{amount} 万元", "en": "CNY {amount}k"},
        "done": {"zh": "计划完整，没有待完善的项目。", "en": "The plan is complete."},
    },
)

KINDS = ("money", "percent", "number", "date", "text")


@dataclass
class Part:
    """One part of the document: a table and the kind of each numeric column."""

    key: str
    frame: pd.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)  # column -> one of KINDS
    row_kinds: list[str] | None = None  # a per-row kind for the last column instead

    @property
    def title(self) -> str:
        return t(f"part.{self.key}")


@dataclass
class GoalPlan:
    """Everything the stage-2 workshop produces for one trainee."""

    subject: str
    setting: TargetSetting
    checklist: Checklist
    swot: Swot
    ogsm: Ogsm
    cells: pd.DataFrame  # kit.goals.split_plan's cells (flagged)
    months: pd.Series  # kit.goals.split_plan's months
    levels: list[str]
    monthly_history: pd.Series | None = None  # kit.review.monthly_series, for last year's months


def title() -> str:
    return t("title")


def parts(plan: GoalPlan) -> list[Part]:
    """The document's parts in order."""
    return [_targets(plan), _drivers(plan.setting), _questions(plan.checklist), _swot(plan.swot),
            _ogsm(plan.ogsm), _months(plan), _split(plan), _todo(plan)]


def _targets(plan: GoalPlan) -> Part:
    s = plan.setting
    items = [("last_12", s.start.last_12, "money"), ("baseline", s.start.baseline, "money"),
             ("market", s.market, "money"), ("market_growth", s.ambition.market_growth, "percent"),
             ("share_now", s.ambition.share_now, "percent"),
             ("share_ambition", s.ambition.share_ambition, "percent"),
             ("top_down", s.top_down, "money"), ("bottom_up", s.bottom_up.current_sales, "money"),
             ("gap", s.gap.amount, "money"), ("gap_share", s.gap.share, "percent"),
             ("annual", float(plan.months.sum()), "money")]
    frame = pd.DataFrame({t("col.item"): [t(f"item.{k}") for k, _, _ in items],
                          t("col.value"): [v for _, v, _ in items]})
    return Part("targets", frame, row_kinds=[kind for *_, kind in items])


def _drivers(setting: TargetSetting) -> Part:
    table = setting.bottom_up.table
    frame = pd.DataFrame({
        t("col.factor"): [charts.t(f"factor.{f}") for f in table.index],
        t("col.now"): table["base"].to_numpy(), t("col.next"): table["current"].to_numpy(),
        t("col.growth"): table["growth"].to_numpy(),
        t("col.contribution"): table["contribution"].to_numpy()})
    return Part("drivers", frame, {t("col.now"): "number", t("col.next"): "number",
                                   t("col.growth"): "percent", t("col.contribution"): "money"})


def _questions(checklist: Checklist) -> Part:
    frame = pd.DataFrame({
        t("col.number"): [q.number for q in CORE_QUESTIONS.values()],
        t("col.question"): [q.text for q in CORE_QUESTIONS.values()],
        t("col.answer"): [getattr(checklist, q.key) for q in CORE_QUESTIONS.values()]})
    return Part("questions", frame, {t("col.number"): "number"})


def _swot(swot: Swot) -> Part:
    rows = []
    for q in QUADRANTS:
        for i, entry in enumerate(swot.quadrant(q), start=1):
            evidence = evidence_text(entry.evidence)
            rows.append([quadrant_label(q), f"{q}{i}", entry.text, evidence])
    for pair, prompts in tows_prompts(swot).items():
        rows += [[t("tows"), pair, prompt, ""] for prompt in prompts]
    frame = pd.DataFrame(rows, columns=[t("col.quadrant"), t("col.number"), t("col.entry"),
                                        t("col.evidence")])
    return Part("swot", frame)


def evidence_text(evidence: dict[str, float]) -> str:
    """Review evidence as a reader sees it: 同比 +6.5%；实际 4,283.0 万 …"""
    # Late import: kit.export builds on this module.
    from kit.export.review import evidence_format

    items = []
    for name, value in evidence.items():
        last = name.rsplit(".", 1)[-1]
        label = charts.t(f"col.{last}") if f"col.{last}" in charts._CATALOGUE else name
        number_format = evidence_format(name)
        shown = (charts.percent(value) if number_format == "0.0%" else
                 t("money", amount=charts.money(value)) if number_format == "#,##0.00"
                 else f"{value:,.4g}")
        items.append(f"{label} {shown}")
    return "；".join(items)


def _ogsm(ogsm: Ogsm) -> Part:
    rows = [["O", "", ogsm.objective, None, "", None, ""]]
    for i, g in enumerate(ogsm.goals, start=1):
        kind = GOAL_TYPES[g.goal_type].label if g.goal_type in GOAL_TYPES else ""
        rows.append(["G", f"G{i}", g.name, g.value, g.unit, g.due, kind])
    for i, s in enumerate(ogsm.strategies, start=1):
        rows.append(["S", f"S{i}", s.text, None, "", None, pillar_label(s.pillar) if s.pillar else ""])
        for j, m in enumerate(s.measures, start=1):
            rows.append(["M", f"M{i}.{j}", m.name, m.target, m.unit, m.due, level_label(m.level)])
    columns = [t("col.part"), t("col.number"), t("col.text"), t("col.target"), t("col.unit"),
               t("col.due"), t("col.kind")]
    return Part("ogsm", pd.DataFrame(rows, columns=columns),
                {t("col.target"): "number", t("col.due"): "date"})


def _months(plan: GoalPlan) -> Part:
    history = plan.monthly_history if plan.monthly_history is not None else pd.Series(dtype=float)
    last_year = history.reindex(plan.months.index - 12).to_numpy()
    frame = pd.DataFrame({t("col.month"): [str(p) for p in plan.months.index],
                          t("col.last_year"): last_year, t("col.target"): plan.months.to_numpy()})
    frame[t("col.growth")] = safe_ratio(plan.months.to_numpy() - last_year, last_year)
    return Part("months", frame, {t("col.last_year"): "money", t("col.target"): "money",
                                  t("col.growth"): "percent"})


def _split(plan: GoalPlan) -> Part:
    cells = plan.cells
    frame = pd.DataFrame({charts.dimension_name(k): cells[k].fillna("").astype(str).to_numpy()
                          for k in plan.levels})
    frame[t("col.level")] = cells["depth"].to_numpy()
    frame[t("col.last_year")] = cells["last_year"].to_numpy()
    frame[t("col.target")] = cells["target"].to_numpy()
    frame[t("col.growth")] = cells["growth"].to_numpy()
    frame[t("col.flag")] = [t("flag.new") if ly <= 0 else t("flag.out") if f else ""
                            for ly, f in zip(cells["last_year"], cells["flag"], strict=True)]
    return Part("split", frame, {t("col.level"): "number", t("col.last_year"): "money",
                                 t("col.target"): "money", t("col.growth"): "percent"})


def _todo(plan: GoalPlan) -> Part:
    items = unanswered(plan.checklist) + [str(p) for p in validate(plan.ogsm)]
    return Part("todo", pd.DataFrame({t("col.todo"): items or [t("done")]}))
