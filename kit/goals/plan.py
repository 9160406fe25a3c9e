"""Stage 2 planning frames: goal types, the driver tree, the 5 core questions, SWOT/TOWS, OGSM.

Pure dataclasses and functions (no widgets, no printing). Everything a trainee
reads is rendered in the kit language (:mod:`kit.i18n`) at the moment it is asked
for, so switching the language re-labels goal types, questions and problems.

Kit interpretations (the course names these frames without defining them):

- **Driver tree**: sales = outlet universe × numeric distribution × SKUs per buying
  outlet × units per SKU per outlet × average price (the five-factor funnel of
  :mod:`kit.review.funnel`); gross profit = sales × gross margin. Each node names the
  goal types it moves.
- **5 core questions** to settle before a goal is set: where we stand (baseline),
  where the market is going (growth), what we want (ambition), what will get us
  there (drivers and resources), what could stop us (risks and guarantees).
- **OGSM**: Objective (words) → Goals (a number with a unit and a date) →
  Strategies (optionally one of the 4P) → Measures (a target number with a unit
  and a date, at an execution level). :func:`validate` lists what is missing as
  kind messages and never raises for a trainee's omission.

The plan dataclasses are saved by :func:`kit.workspace.save` (one codec for every
autosave); nothing here touches a file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kit import i18n, labels

t = i18n.catalogue(
    "goals.plan",
    {
        # ---------------------------------------------------------- goal types
        "goal.revenue": {"zh": "销售额", "en": "revenue"},
        "goal.volume": {"zh": "销量", "en": "volume"},
        "goal.share": {"zh": "市场份额", "en": "market share"},
        "goal.profit": {"zh": "毛利", "en": "gross profit"},
        "goal.distribution": {"zh": "铺货率", "en": "numeric distribution"},
        "goal.penetration": {"zh": "客户渗透率", "en": "customer penetration"},
        "goal.new_outlets": {"zh": "新开终端数", "en": "new outlets"},
        "goal.new_products": {"zh": "新品上市数", "en": "new products"},
        "purpose.revenue": {
            "zh": "生意规模：这一期要卖出多少钱的货。",
            "en": "The size of the business: how much money the period's sales bring in.",
        },
        "purpose.volume": {
            "zh": "实物量：卖出多少箱、多少件，决定生产、库存和物流。",
            "en": "The physical quantity sold (cases, pieces); it drives production, stock "
                  "and logistics.",
        },
        "purpose.share": {
            "zh": "市场地位：我们的销售额占整个市场的比例，看的是跑赢还是跑输市场。",
            "en": "Market position: our sales as a share of the whole market, i.e. whether "
                  "we grow faster than the market.",
        },
        "purpose.profit": {
            "zh": "赚到的钱：毛利 = 销售额 × 毛利率，防止靠降价换销量。",
            "en": "The money earned: gross profit = sales × gross margin, so volume is not "
                  "bought with price cuts.",
        },
        "purpose.distribution": {
            "zh": "覆盖：有进货的终端占终端总数的比例。",
            "en": "Coverage: outlets buying as a share of the outlet universe.",
        },
        "purpose.penetration": {
            "zh": "客户覆盖：有购买的客户占客户总数的比例。",
            "en": "Customer reach: buying customers as a share of all customers in the segment.",
        },
        "purpose.new_outlets": {
            "zh": "开发：新开发并开始进货的终端家数。",
            "en": "Development: the number of outlets newly opened that start buying.",
        },
        "purpose.new_products": {
            "zh": "产品：上市并铺进终端的新品个数（SKU）。",
            "en": "Products: the number of new SKUs launched and listed in outlets.",
        },
        "unit.money": {"zh": "金额", "en": "money"},
        "unit.units": {"zh": "数量", "en": "units"},
        "unit.ratio": {"zh": "比例", "en": "ratio"},
        "unit.count": {"zh": "个数", "en": "count"},
        # ---------------------------------------------------------- driver tree
        "driver.gross_profit": {"zh": "毛利", "en": "gross profit"},
        "driver.sales": {"zh": "销售额", "en": "net sales"},
        "driver.gross_margin": {"zh": "毛利率", "en": "gross margin"},
        "tree.goals": {"zh": "［目标：{names}］", "en": "[goals: {names}]"},
        "list_sep": {"zh": "、", "en": ", "},
        "option": {"zh": "{value}（{label}）", "en": "{value} ({label})"},
        # ---------------------------------------------------------- 5 core questions
        "q.baseline": {"zh": "我们现在在哪里？", "en": "Where do we stand now?"},
        "q.market": {"zh": "市场往哪里走？", "en": "Where is the market going?"},
        "q.ambition": {"zh": "我们想要达到什么？", "en": "What do we want to achieve?"},
        "q.drivers": {"zh": "靠什么达成？", "en": "What will get us there?"},
        "q.risks": {"zh": "什么会阻碍我们？", "en": "What could stop us?"},
        "topic.baseline": {"zh": "起点", "en": "baseline"},
        "topic.market": {"zh": "市场增长", "en": "market growth"},
        "topic.ambition": {"zh": "目标雄心", "en": "ambition"},
        "topic.drivers": {"zh": "驱动因素与资源", "en": "drivers and resources"},
        "topic.risks": {"zh": "风险与保障", "en": "risks and guarantees"},
        "hint.baseline": {
            "zh": "写下复盘得出的起点：去年的销售额、达成率、同比和份额。",
            "en": "Write the starting point from your review: last period's sales, "
                  "achievement, YoY and share.",
        },
        "hint.market": {
            "zh": "写下市场和品类下一期的增长预期，以及你的依据。",
            "en": "Write how fast the market and the category will grow next period, and why "
                  "you think so.",
        },
        "hint.ambition": {
            "zh": "写下想达到的份额或市场地位，并和市场增长比一比。",
            "en": "Write the share or market position you aim for, compared with the market's "
                  "growth.",
        },
        "hint.drivers": {
            "zh": "写下靠哪几个驱动因素达成（铺货、新品、价格……）以及需要的资源。",
            "en": "Write which drivers will deliver it (distribution, new products, price ...) "
                  "and the resources it needs.",
        },
        "hint.risks": {
            "zh": "写下最大的风险，以及供应、组织和资源上的保障。",
            "en": "Write the biggest risks and the supply, organisation and resource "
                  "guarantees against them.",
        },
        "unanswered": {
            "zh": "第 {n} 问「{question}」还没有回答：{hint}",
            "en": 'Question {n} "{question}" is not answered yet: {hint}',
        },
        # ---------------------------------------------------------- SWOT / TOWS
        "quadrant.S": {"zh": "优势（S）", "en": "strengths (S)"},
        "quadrant.W": {"zh": "劣势（W）", "en": "weaknesses (W)"},
        "quadrant.O": {"zh": "机会（O）", "en": "opportunities (O)"},
        "quadrant.T": {"zh": "威胁（T）", "en": "threats (T)"},
        "and": {"zh": "和", "en": " and "},
        "tows.SO": {
            "zh": "用 {a}「{a_text}」抓住 {b}「{b_text}」：具体做什么？",
            "en": 'Use {a} "{a_text}" to seize {b} "{b_text}": what exactly will you do?',
        },
        "tows.ST": {
            "zh": "用 {a}「{a_text}」应对 {b}「{b_text}」：怎么做？",
            "en": 'Use {a} "{a_text}" to counter {b} "{b_text}": how?',
        },
        "tows.WO": {
            "zh": "借 {b}「{b_text}」补上 {a}「{a_text}」：需要做什么？",
            "en": 'Use {b} "{b_text}" to fix {a} "{a_text}": what will it take?',
        },
        "tows.WT": {
            "zh": "{a}「{a_text}」遇上 {b}「{b_text}」：怎样减少损失、守住底线？",
            "en": '{a} "{a_text}" meets {b} "{b_text}": how do you limit the damage and hold '
                  "the line?",
        },
        "tows.missing": {
            "zh": "还没有{names}：先在 SWOT 里补上，才能想 {pair} 策略。",
            "en": "There are no {names} yet: add them to the SWOT first to think of {pair} "
                  "strategies.",
        },
        # ---------------------------------------------------------- OGSM
        "pillar.product": {"zh": "产品", "en": "product"},
        "pillar.price": {"zh": "价格", "en": "price"},
        "pillar.place": {"zh": "渠道", "en": "place"},
        "pillar.promotion": {"zh": "促销", "en": "promotion"},
        "level.execution": {"zh": "执行指标", "en": "execution measure"},
        "level.outlet_sales": {"zh": "终端销售", "en": "outlet sales"},
        "level.coverage": {"zh": "零售覆盖", "en": "retail coverage"},
        "level.in_store": {"zh": "店内表现", "en": "in-store performance"},
        "level.resource": {"zh": "资源投入", "en": "resource input"},
        "level.supply": {"zh": "供应保障", "en": "supply guarantee"},
        "level.organisation": {"zh": "组织保障", "en": "organisation guarantee"},
        "level.resource_guarantee": {"zh": "资源保障", "en": "resource guarantee"},
        "who.goal": {"zh": "目标 {n}", "en": "Goal {n}"},
        "who.goal_named": {"zh": "目标 {n}「{name}」", "en": 'Goal {n} "{name}"'},
        "who.strategy": {"zh": "策略 {n}", "en": "Strategy {n}"},
        "who.strategy_named": {"zh": "策略 {n}「{name}」", "en": 'Strategy {n} "{name}"'},
        "who.measure": {"zh": "策略 {s} 的指标 {n}", "en": "Strategy {s}, measure {n}"},
        "who.measure_named": {"zh": "策略 {s} 的指标 {n}「{name}」",
                              "en": 'Strategy {s}, measure {n} "{name}"'},
        "problem.objective": {
            "zh": "目的（O）还没有写：用一句话写下这一期想达成什么，例如「成为华东区第一品牌」。",
            "en": "The objective (O) is empty: write in one sentence what this period should "
                  'achieve, e.g. "become the no. 1 brand in East China".',
        },
        "problem.no_goals": {
            "zh": "还没有目标（G）：至少写一个带数字、单位和完成日期的目标。",
            "en": "There are no goals (G) yet: write at least one goal with a number, a unit "
                  "and a date.",
        },
        "problem.goal_name": {
            "zh": "{who}：还没有名称，写明衡量的是什么，例如「销售额」。",
            "en": '{who}: no name yet; say what it measures, e.g. "revenue".',
        },
        "problem.goal_value": {
            "zh": "{who}：还没有数值，请填一个数字，例如 1200。",
            "en": "{who}: no number yet; enter a number, e.g. 1200.",
        },
        "problem.goal_unit": {
            "zh": "{who}：还没有单位，例如 {MUNIT}、箱、%、家。",
            "en": "{who}: no unit yet, e.g. {MUNIT}, cases, %, outlets.",
        },
        "problem.goal_due": {
            "zh": "{who}：还没有完成日期，请写明哪一天之前达成。",
            "en": "{who}: no date yet; say by which day it is reached.",
        },
        "problem.goal_type": {
            "zh": "{who}：目标类型「{goal_type}」不认识，只能是：{allowed}。",
            "en": '{who}: goal type "{goal_type}" is not one of: {allowed}.',
        },
        "problem.no_strategies": {
            "zh": "还没有策略（S）：写下为达成目标要做的选择。",
            "en": "There are no strategies (S) yet: write the choices that will reach the goals.",
        },
        "problem.strategy_text": {
            "zh": "{who}：还没有内容，请写下这条策略要做的选择。",
            "en": "{who}: empty; write the choice this strategy makes.",
        },
        "problem.strategy_pillar": {
            "zh": "{who}：4P 归类「{pillar}」不对，只能是：{allowed}，或者不归类。",
            "en": '{who}: 4P pillar "{pillar}" is not one of: {allowed} (or none).',
        },
        "problem.strategy_measures": {
            "zh": "{who}：还没有衡量指标（M），至少加一个带目标数、单位和完成日期的指标。",
            "en": "{who}: no measure (M) yet; add at least one with a target number, a unit "
                  "and a date.",
        },
        "problem.measure_name": {
            "zh": "{who}：还没有名称，写明衡量的是什么，例如「铺货门店数」。",
            "en": '{who}: no name yet; say what it measures, e.g. "outlets stocking".',
        },
        "problem.measure_target": {
            "zh": "{who}：还没有目标数，请填一个数字。",
            "en": "{who}: no target number yet; enter a number.",
        },
        "problem.measure_unit": {
            "zh": "{who}：还没有单位，例如 家、%、{MUNIT}。",
            "en": "{who}: no unit yet, e.g. outlets, %, {MUNIT}.",
        },
        "problem.measure_due": {
            "zh": "{who}：还没有完成日期，请写明哪一天之前达到。",
            "en": "{who}: no date yet; say by which day it is reached.",
        },
        "problem.measure_level": {
            "zh": "{who}：指标层级「{level}」不对，只能是：{allowed}。",
            "en": '{who}: measure level "{level}" is not one of: {allowed}.',
        },
        "starter.revenue": {"zh": "{year} 年销售额", "en": "Net sales {year}"},
        "starter.unit": {"zh": "{CUR}", "en": "{CUR}"},
    },
)


# ================================================================== goal types


UNIT_KINDS = ("money", "units", "ratio", "count")


@dataclass(frozen=True)
class GoalType:
    """One kind of goal; ``label`` and ``purpose`` are in the kit language when read."""

    key: str
    unit_kind: str  # one of UNIT_KINDS

    @property
    def label(self) -> str:
        return t(f"goal.{self.key}")

    @property
    def purpose(self) -> str:
        """What the goal type is for, one sentence."""
        return t(f"purpose.{self.key}")

    @property
    def unit_label(self) -> str:
        return t(f"unit.{self.unit_kind}")


GOAL_TYPES: dict[str, GoalType] = {
    key: GoalType(key, unit)
    for key, unit in (
        ("revenue", "money"),
        ("volume", "units"),
        ("share", "ratio"),
        ("profit", "money"),
        ("distribution", "ratio"),
        ("penetration", "ratio"),
        ("new_outlets", "count"),
        ("new_products", "count"),
    )
}

FUNNEL_FACTORS = ("universe", "numeric_distribution", "skus_per_outlet", "units_per_sku",
                  "avg_price")  # the same names as kit.review.FACTORS


@dataclass(frozen=True)
class Driver:
    """A node of the driver tree: the node is the product of its children.

    ``goal_types`` are the GOAL_TYPES keys this node moves most directly.
    """

    key: str
    children: tuple[Driver, ...] = ()
    goal_types: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return labels.factor(self.key, form="sentence") if self.key in FUNNEL_FACTORS else t(f"driver.{self.key}")

    @property
    def formula(self) -> str:
        """``销售额 = 终端总数 × 铺货率 × …`` for an inner node, the label for a leaf."""
        if not self.children:
            return self.label
        return f"{self.label} = " + " × ".join(child.label for child in self.children)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Driver]]:
        """Every node with its depth, depth first, the root first."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


def driver_tree(profit: bool = False) -> Driver:
    """Sales and the five funnel factors that multiply to it (kit interpretation).

    With ``profit=True`` the root is gross profit = sales × gross margin, sales keeping
    its five factors below it.
    """
    factor_goals = {
        "universe": ("new_outlets",),
        "numeric_distribution": ("distribution", "penetration", "new_outlets"),
        "skus_per_outlet": ("new_products",),
        "units_per_sku": ("volume",),
        "avg_price": (),
    }
    sales = Driver("sales", tuple(Driver(f, goal_types=factor_goals[f]) for f in FUNNEL_FACTORS),
                   ("revenue", "share"))
    if not profit:
        return sales
    return Driver("gross_profit", (sales, Driver("gross_margin")), ("profit",))


def render_tree(tree: Driver | None = None, indent: str = "  ") -> str:
    """The tree as indented text in the kit language, one node a line, with its goal types.

    ``tree`` defaults to ``driver_tree(profit=True)``.
    """
    tree = driver_tree(profit=True) if tree is None else tree
    lines = []
    for depth, node in tree.walk():
        line = indent * depth + node.formula
        if node.goal_types:
            names = t("list_sep").join(GOAL_TYPES[g].label for g in node.goal_types)
            line += "  " + t("tree.goals", names=names)
        lines.append(line)
    return "\n".join(lines)


# ================================================================== 5 core questions


@dataclass(frozen=True)
class CoreQuestion:
    """One of the 5 core questions; ``text``, ``topic`` and ``hint`` in the kit language."""

    key: str
    number: int

    @property
    def text(self) -> str:
        return t(f"q.{self.key}")

    @property
    def topic(self) -> str:
        return t(f"topic.{self.key}")

    @property
    def hint(self) -> str:
        """What a good answer contains."""
        return t(f"hint.{self.key}")


CORE_QUESTIONS: dict[str, CoreQuestion] = {
    key: CoreQuestion(key, n)
    for n, key in enumerate(("baseline", "market", "ambition", "drivers", "risks"), start=1)
}


@dataclass
class Checklist:
    """The trainee's answer to each of the 5 core questions (field = CORE_QUESTIONS key)."""

    baseline: str = ""
    market: str = ""
    ambition: str = ""
    drivers: str = ""
    risks: str = ""


def unanswered(checklist: Checklist) -> list[str]:
    """A kind message for each core question still without an answer, in question order."""
    return [t("unanswered", n=q.number, question=q.text, hint=q.hint)
            for q in CORE_QUESTIONS.values() if _blank(getattr(checklist, q.key, None))]


# ================================================================== SWOT and TOWS


QUADRANTS = ("S", "W", "O", "T")

#: Which SWOT quadrant an insight card's kind suggests. Stage-1 problems are weaknesses,
#: growth drivers strengths, concentration and anomalies threats; whitespace and
#: opportunity cards (stage 4) are opportunities. Other kinds are not suggested.
CARD_QUADRANTS: dict[str, str] = {
    "miss_target": "W",
    "decline_driver": "W",
    "price_masks_volume": "W",
    "growth_driver": "S",
    "whitespace": "O",
    "opportunity": "O",
    "concentration": "T",
    "anomaly": "T",
}

TOWS = {"SO": ("S", "O"), "ST": ("S", "T"), "WO": ("W", "O"), "WT": ("W", "T")}


@dataclass
class SwotEntry:
    """One SWOT line; ``evidence`` holds the review numbers behind it (Card.evidence names),
    ``basis`` what the trainee wrote as its evidence (a source, a number, an observation)."""

    text: str
    quadrant: str  # one of QUADRANTS
    evidence: dict[str, float] = field(default_factory=dict)
    source: str = ""  # where it came from, e.g. "growth_driver:华东" for a card
    basis: str = ""

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence) or not _blank(self.basis)


@dataclass
class Swot:
    entries: list[SwotEntry] = field(default_factory=list)
    tows: dict[str, str] = field(default_factory=dict)  # "SO" … "WT" → the strategy written

    def quadrant(self, quadrant: str) -> list[SwotEntry]:
        """The entries of one quadrant in order (S1, S2 … are their positions here, from 1)."""
        return [e for e in self.entries if e.quadrant == quadrant]


def split_entry(line: str) -> tuple[str, str]:
    """A SWOT line as typed, "entry | its evidence" (｜ works too): (text, basis)."""
    text, _, basis = line.replace("｜", "|").partition("|")
    return text.strip(), basis.strip()


def entry_line(entry: SwotEntry) -> str:
    """The inverse of :func:`split_entry`."""
    return f"{entry.text} | {entry.basis}" if entry.basis else entry.text


def quadrant_label(quadrant: str) -> str:
    """优势（S） / strengths (S) ..."""
    return t(f"quadrant.{quadrant}")


def swot_from_cards(cards: Iterable[Any]) -> Swot:
    """SWOT entries suggested by stage-1 insight cards (:class:`kit.insights.Card`).

    Each card whose kind is in :data:`CARD_QUADRANTS` gives one entry in that quadrant,
    in card order, with the card's headline (its subject when it has none) as text, a
    copy of its evidence, and ``source = "<kind>:<subject>"``. The text stays in the
    language the card was made in.
    """
    entries = []
    for card in cards:
        quadrant = CARD_QUADRANTS.get(card.kind)
        if quadrant is None:
            continue
        entries.append(SwotEntry(text=card.headline or card.subject, quadrant=quadrant,
                                 evidence=dict(card.evidence), source=f"{card.kind}:{card.subject}"))
    return Swot(entries)


def swot_from_findings(findings: Iterable[Any]) -> Swot:
    """SWOT entries suggested by the findings the trainee kept in stage 1
    (:class:`kit.insights.UiaCard`: a kept card names its kind in ``source``,
    "kind:subject"). As :func:`swot_from_cards`; the trainee's own cards, which have no
    kind, are left for the trainee to place."""
    entries = []
    for card in findings:
        quadrant = CARD_QUADRANTS.get(card.source.split(":", 1)[0]) if card.source else None
        if quadrant is not None:
            entries.append(SwotEntry(text=card.headline or card.subject, quadrant=quadrant,
                                     evidence=dict(card.evidence), source=card.source))
    return Swot(entries)


def tows_prompts(swot: Swot) -> dict[str, list[str]]:
    """Prompt questions pairing concrete entries, for SO / ST / WO / WT strategies.

    Every entry of the first quadrant is paired with every entry of the second, named
    by its position in its quadrant (S1, O2 …). Entries with blank text are skipped
    (the others keep their numbers). A pair with an empty quadrant gets one prompt
    asking the trainee to fill that quadrant first.
    """
    numbered = {q: [(f"{q}{i}", e.text.strip()) for i, e in enumerate(swot.quadrant(q), start=1)
                    if not _blank(e.text)] for q in QUADRANTS}
    prompts: dict[str, list[str]] = {}
    for pair, (first, second) in TOWS.items():
        missing = [q for q in (first, second) if not numbered[q]]
        if missing:
            names = t("and").join(quadrant_label(q) for q in missing)
            prompts[pair] = [t("tows.missing", names=names, pair=pair)]
            continue
        prompts[pair] = [t(f"tows.{pair}", a=a, a_text=a_text, b=b, b_text=b_text)
                         for a, a_text in numbered[first] for b, b_text in numbered[second]]
    return prompts


# ================================================================== OGSM


PILLARS = ("product", "price", "place", "promotion")
#: Execution-level measures (how the strategy shows in the market and what is spent) and
#: the guarantees behind them; "execution" is a measure not yet placed at a level.
EXECUTION_LEVELS = ("outlet_sales", "coverage", "in_store", "resource")
GUARANTEE_LEVELS = ("supply", "organisation", "resource_guarantee")
MEASURE_LEVELS = ("execution", *EXECUTION_LEVELS, *GUARANTEE_LEVELS)


def pillar_label(pillar: str) -> str:
    return t(f"pillar.{pillar}")


def level_label(level: str) -> str:
    return t(f"level.{level}")


@dataclass
class Goal:
    """A goal (G): a number with a unit and a date; ``goal_type`` optionally a GOAL_TYPES key."""

    name: str = ""
    value: float | None = None
    unit: str = ""
    due: date | None = None
    goal_type: str | None = None


@dataclass
class Measure:
    """A measure (M) tracking a strategy: a target number with a unit and a date."""

    name: str = ""
    target: float | None = None
    unit: str = ""
    due: date | None = None
    level: str = "execution"  # one of MEASURE_LEVELS


@dataclass
class Strategy:
    """A strategy (S); ``pillar`` places it in the 4P (PILLARS) or is None."""

    text: str = ""
    pillar: str | None = None
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Ogsm:
    objective: str = ""
    goals: list[Goal] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """One thing to fix in a plan.

    ``code`` says what is wrong (``"goal.value"``), ``where`` which part
    (``"goals[0].value"``, ``"strategies[1].measures[0].due"``), ``message`` says it
    kindly in the kit language and names the goal, strategy or measure by number and name.
    """

    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return self.message


def validate(ogsm: Ogsm) -> list[Problem]:
    """Everything an OGSM still lacks, in plan order; an empty list means it is complete.

    Checks: an objective; at least one goal, each with a name, a number, a unit and a
    date (and a known goal type when one is given); at least one strategy, each with
    text, a 4P pillar from PILLARS or none, and at least one measure; each measure
    with a name, a target number, a unit, a date and a level from MEASURE_LEVELS.
    A number is a finite int or float; a date is a ``datetime.date``. Never raises
    for anything a trainee left out.
    """
    problems: list[Problem] = []

    def add(code: str, where: str, **fields_: object) -> None:
        problems.append(Problem(code, where, t(f"problem.{code.replace('.', '_')}", **fields_)))

    if _blank(ogsm.objective):
        add("objective", "objective")
    goals = list(ogsm.goals or [])
    if not goals:
        add("no_goals", "goals")
    for i, goal in enumerate(goals):
        where, who = f"goals[{i}]", _who("goal", goal.name, n=i + 1)
        if _blank(goal.name):
            add("goal.name", f"{where}.name", who=who)
        if not _is_number(goal.value):
            add("goal.value", f"{where}.value", who=who)
        if _blank(goal.unit):
            add("goal.unit", f"{where}.unit", who=who)
        if not isinstance(goal.due, date):
            add("goal.due", f"{where}.due", who=who)
        if goal.goal_type is not None and goal.goal_type not in GOAL_TYPES:
            add("goal.type", f"{where}.goal_type", who=who, goal_type=goal.goal_type,
                allowed=_options(GOAL_TYPES, lambda k: GOAL_TYPES[k].label))
    strategies = list(ogsm.strategies or [])
    if not strategies:
        add("no_strategies", "strategies")
    for s, strategy in enumerate(strategies):
        where, who = f"strategies[{s}]", _who("strategy", strategy.text, n=s + 1)
        if _blank(strategy.text):
            add("strategy.text", f"{where}.text", who=who)
        if strategy.pillar is not None and strategy.pillar not in PILLARS:
            add("strategy.pillar", f"{where}.pillar", who=who, pillar=strategy.pillar,
                allowed=_options(PILLARS, pillar_label))
        measures = list(strategy.measures or [])
        if not measures:
            add("strategy.measures", f"{where}.measures", who=who)
        for m, measure in enumerate(measures):
            m_where = f"{where}.measures[{m}]"
            m_who = _who("measure", measure.name, s=s + 1, n=m + 1)
            if _blank(measure.name):
                add("measure.name", f"{m_where}.name", who=m_who)
            if not _is_number(measure.target):
                add("measure.target", f"{m_where}.target", who=m_who)
            if _blank(measure.unit):
                add("measure.unit", f"{m_where}.unit", who=m_who)
            if not isinstance(measure.due, date):
                add("measure.due", f"{m_where}.due", who=m_who)
            if measure.level not in MEASURE_LEVELS:
                add("measure.level", f"{m_where}.level", who=m_who, level=measure.level,
                    allowed=_options(MEASURE_LEVELS, level_label))
    return problems


def ogsm_starter(revenue: float, year: int) -> Ogsm:
    """A first OGSM for a blank editor: the agreed revenue target as goal G1
    (a number, a unit and the year's last day); the rest is the trainee's."""
    return Ogsm(goals=[Goal(name=t("starter.revenue", year=year), value=float(revenue),
                            unit=t("starter.unit"), due=date(year, 12, 31), goal_type="revenue")])


def four_p_strategies(ogsm: Ogsm) -> dict[str | None, list[Strategy]]:
    """The strategies by 4P pillar, in plan order: keys PILLARS then None.

    None holds the strategies with no pillar or one outside PILLARS (which
    :func:`validate` reports), so no strategy drops out of the view.
    """
    groups: dict[str | None, list[Strategy]] = {p: [] for p in (*PILLARS, None)}
    for strategy in ogsm.strategies or []:
        groups[strategy.pillar if strategy.pillar in PILLARS else None].append(strategy)
    return groups


def _who(kind: str, name: object, **numbers: int) -> str:
    if _blank(name):
        return t(f"who.{kind}", **numbers)
    return t(f"who.{kind}_named", name=_short(str(name).strip()), **numbers)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _listing(labels: Iterable[str]) -> str:
    return t("list_sep").join(labels)


def _options(keys: Iterable[str], label: Callable[[str], str]) -> str:
    """The values a field takes, each with its label when they differ: the field
    holds the key, so a message that listed only labels would refuse 渠道 while naming it."""
    return _listing(k if label(k) == k else t("option", value=k, label=label(k)) for k in keys)


def _blank(value: object) -> bool:
    return value is None or not str(value).strip()


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


__all__ = [
    "CARD_QUADRANTS", "CORE_QUESTIONS", "EXECUTION_LEVELS", "FUNNEL_FACTORS", "GOAL_TYPES",
    "GUARANTEE_LEVELS", "MEASURE_LEVELS", "PILLARS", "QUADRANTS", "TOWS", "UNIT_KINDS",
    "Checklist", "CoreQuestion", "Driver", "Goal", "GoalType", "Measure", "Ogsm",
    "Problem", "Strategy", "Swot", "SwotEntry", "driver_tree", "four_p_strategies",
    "level_label", "pillar_label", "quadrant_label", "render_tree",
    "entry_line", "split_entry", "swot_from_cards", "swot_from_findings", "tows_prompts", "unanswered", "validate",
]
