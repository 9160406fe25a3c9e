"""Insight cards in UIA form (Understanding 理解 → Insight 洞察 → Action 行动提示).

Each finder runs one kit.review analysis and turns what stands out into cards.
The rule of each finder is in its docstring and its thresholds are parameters.
Every number on a card comes from the kit.review result the card names, and the
same numbers are kept in ``Card.evidence`` under the name of that result
(``"scorecard.yoy"``, ``"funnel.numeric_distribution.current"``, ``"bridge.price"`` ...).
Action prompts only start a thought for the trainee to complete (who? by when?);
they never state facts the data does not hold.

Text is rendered in the kit's language at the moment a card is made, with the
kit's one formatter (:mod:`kit.fmt`): percentages with one decimal,
distribution changes in points (个点), money in the display unit (万元 / thousand
CNY, in the dataset's currency); a minus sign is "−".

Severity (for ordering only) is the money a card is about, as a share of the
whole business's last-year sales in the window:
  miss_target / decline_driver: max(target − actual, last year − actual);
  price_masks_volume: the volume loss the price rise hides;
  growth_driver: half the segment's growth (a problem outranks a success of the same size);
  anomaly: |actual − expected| of the month;
  concentration: has no money at stake, so 0.1 × (top-N share − threshold).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kit import fmt, i18n, labels
from kit.review import (
    Funnel,
    Window,
    anomalies,
    bridge,
    funnel,
    monthly_series,
    pareto,
    ratio_change,
    safe_ratio,
    scorecard,
)

KINDS = ("miss_target", "decline_driver", "price_masks_volume", "growth_driver", "concentration",
         "anomaly")
PROBLEM_KINDS = ("miss_target", "decline_driver", "price_masks_volume", "anomaly")

t = i18n.catalogue(
    "insights",
    {
        # labels
        "line": {"zh": "{headline} → 行动：{action}", "en": "{headline} → Action: {action}"},
        "total": {"zh": "整体", "en": "Total"},
        "sep": {"zh": "；", "en": "; "},
        "end": {"zh": "。", "en": "."},
        "flow.sell_in": {"zh": "（进货口径）", "en": " (sell-in)"},
        "flow.sell_out": {"zh": "（纯销口径）", "en": " (sell-out)"},
        "owner_due": {"zh": "（负责人？完成日期？）", "en": " (owner? due date?)"},
        # funnel factors: short names and what happened to them
        "verb.down": {"zh": "下降", "en": "fell"},
        "verb.up": {"zh": "上升", "en": "rose"},
        "verb.fewer": {"zh": "减少", "en": "shrank by"},
        "verb.more": {"zh": "增加", "en": "grew by"},
        "factor.universe": {"zh": "终端总数{verb} {n} 家（{b} → {c}）",
                            "en": "the outlet universe {verb} {n} ({b} → {c})"},
        "factor.numeric_distribution": {"zh": "铺货率{verb} {pts} 个点（{b} → {c}）",
                                        "en": "numeric distribution {verb} {pts} points ({b} → {c})"},
        "factor.skus_per_outlet": {"zh": "店均 SKU 数{verb} {pct}（{b} → {c}）",
                                   "en": "SKUs per buying outlet {verb} {pct} ({b} → {c})"},
        "factor.units_per_sku": {"zh": "单品单店销量{verb} {pct}（{b} → {c}）",
                                 "en": "units per SKU per outlet {verb} {pct} ({b} → {c})"},
        "factor.avg_price": {"zh": "平均单价{verb} {pct}（{b} → {c} {CUR}）",
                             "en": "the average price {verb} {pct} ({b} → {c} {CUR})"},
        # segment cards (miss_target, decline_driver)
        "head.miss": {"zh": "{subject} 达成率 {ach}（同比 {yoy}）",
                      "en": "{subject}: achievement {ach} (YoY {yoy})"},
        "head.decline": {"zh": "{subject} 同比 {yoy}", "en": "{subject}: YoY {yoy}"},
        "head.because": {"zh": "{head}，主要因{driver}", "en": "{head}, mainly because {driver}"},
        "seg.actual": {"zh": "{subject}{flow}销售额 {actual}",
                       "en": "{subject}{flow} net sales {actual}"},
        "seg.target": {"zh": "目标 {target}，达成率 {ach}，缺口 {gap}",
                       "en": "target {target}, achievement {ach}, gap {gap}"},
        "seg.target_met": {"zh": "目标 {target}，达成率 {ach}",
                           "en": "target {target}, achievement {ach}"},
        "seg.last_year": {"zh": "去年同期 {ly}，同比 {yoy}（{change}）",
                          "en": "last year {ly}, YoY {yoy} ({change})"},
        "seg.rank": {"zh": "达成率在 {n} 个{dim}中排第 {rank}",
                     "en": "achievement ranks {rank} of {n} {dim}"},
        "insight.drag": {
            "zh": "五维漏斗{flow}：{subject}销售额从 {s0} 变为 {s1}（{change}）；"
                  "拖累最大的是{driver}，影响 {contrib}，占全部负向影响的 {share}。",
            "en": "Five-factor funnel{flow}: {subject} went from {s0} to {s1} ({change}); "
                  "the biggest drag: {driver}, worth {contrib}, {share} of all negative effects.",
        },
        "insight.no_drag": {
            "zh": "五维漏斗{flow}：{subject}销售额从 {s0} 变为 {s1}（{change}），"
                  "五个因素都没有下降；缺口不在终端表现上。",
            "en": "Five-factor funnel{flow}: {subject} went from {s0} to {s1} ({change}) and none "
                  "of the five factors fell; the gap is not in outlet performance.",
        },
        "insight.no_funnel": {
            "zh": "没有{subject}的终端数据，无法用五维漏斗分解原因。",
            "en": "There is no outlet data for {subject}, so the five-factor funnel cannot split "
                  "the cause.",
        },
        "action.universe": {
            "zh": "核对{subject}终端名单的变化（关店、新开、未覆盖），确定要开发的新终端",
            "en": "Check how the {subject} outlet list changed (closed, opened, not covered) and "
                  "choose the new outlets to open",
        },
        "action.numeric_distribution": {
            "zh": "和{subject}的经销商一起排查停止进货的终端，制定回铺计划",
            "en": "With the {subject} distributors, list the outlets that stopped buying and plan "
                  "how to win them back",
        },
        "action.skus_per_outlet": {
            "zh": "列出{subject}有进货的终端缺了哪些必备 SKU，制定补齐计划",
            "en": "List the must-stock SKUs that buying outlets in {subject} are missing and plan "
                  "how to fill the gaps",
        },
        "action.units_per_sku": {
            "zh": "走访{subject}的重点终端，找出单品卖得慢的原因（陈列？促销？竞品？）",
            "en": "Visit key outlets in {subject} and find out why each SKU sells less (shelf? "
                  "promotion? competitors?)",
        },
        "action.avg_price": {
            "zh": "检查{subject}的价格和折扣执行，确认让利是否换来了足够的销量",
            "en": "Check prices and discounts in {subject}: did the lower price buy enough extra "
                  "volume?",
        },
        "action.drill": {
            "zh": "把{subject}按客户、SKU 逐层下钻，找出缺口集中在哪里",
            "en": "Drill {subject} down by customer and SKU to find where the gap sits",
        },
        # growth cards
        "head.growth": {"zh": "{subject} 同比 {yoy}，增长 {change}",
                        "en": "{subject}: YoY {yoy}, up {change}"},
        "head.growth_share": {"zh": "{subject} 同比 {yoy}，贡献总增长的 {contribution}",
                              "en": "{subject}: YoY {yoy}, {contribution} of total growth"},
        "growth.understanding": {
            "zh": "{subject}{flow}销售额 {actual}，去年同期 {ly}，同比 {yoy}，增长 {change}",
            "en": "{subject}{flow} net sales {actual}, last year {ly}, YoY {yoy}, up {change}",
        },
        "growth.share": {"zh": "贡献了总增长的 {contribution}",
                         "en": "{contribution} of the total growth"},
        "growth.over": {"zh": "（超过 100%：其他{dim}合计下降）",
                        "en": " (over 100%: the other {dim} fell in total)"},
        "insight.growth": {
            "zh": "五维漏斗{flow}：{subject}的增长主要因为{driver}，贡献 {contrib}。",
            "en": "Five-factor funnel{flow}: {subject} grew mainly because {driver}, worth "
                  "{contrib}.",
        },
        "insight.growth_flat": {
            "zh": "五维漏斗{flow}：{subject}的五个因素都没有上升（变化 {change}）；增长没有体现在终端纯销上。",
            "en": "Five-factor funnel{flow}: none of the five factors of {subject} rose (change "
                  "{change}); the growth does not show in outlet sell-out.",
        },
        "insight.growth_no_funnel": {
            "zh": "没有{subject}的终端数据，增长从哪里来，需要按客户、SKU 下钻才能看清。",
            "en": "There is no outlet data for {subject}; drill down by customer and SKU to see "
                  "where the growth comes from.",
        },
        "action.growth": {
            "zh": "总结{subject}做对了什么，写下可以复制到其他{dim}的做法",
            "en": "Write down what {subject} did right and which practices the other {dim} can "
                  "copy",
        },
        # price masks volume
        "head.price": {"zh": "{subject} 涨价掩盖了销量下滑：价格 {price}，销量 {volume}",
                       "en": "{subject}: a price rise hides a volume loss: price {price}, "
                             "volume {volume}"},
        "price.understanding": {
            "zh": "{subject}{flow}销售额从 {base} 变为 {current}（{change_pct}），销售数量 {units_pct}。",
            "en": "{subject}{flow} net sales went from {base} to {current} ({change_pct}); "
                  "units {units_pct}.",
        },
        "price.insight": {
            "zh": "价格/销量/结构桥：价格带来 {price}，销量造成 {volume}，涨价抵消了 {offset} 的销量损失。"
                  "金额看上去变化不大，买的量却少了。",
            "en": "Price/volume/mix bridge: price added {price} and volume cost {volume}; the "
                  "price rise offset {offset} of the volume loss. Sales look steady while fewer "
                  "units are bought.",
        },
        "action.price": {
            "zh": "查清{subject}少卖的量去了哪里（哪些客户、终端、SKU 少买了），评估涨价对需求的影响",
            "en": "Find where the lost {subject} volume went (which customers, outlets, SKUs "
                  "bought less) and judge how the price rise affects demand",
        },
        # concentration
        "head.concentration": {"zh": "前 {n} 名{dim}占销售额的 {share}",
                               "en": "The top {n} {dim} make {share} of net sales"},
        "concentration.understanding": {
            "zh": "{label}{flow}，前 {n} 名{dim}（{names}）占销售额的 {share}；最大的 {top1} 一家占 {share1}。",
            "en": "{label}{flow}: the top {n} {dim} ({names}) make {share} of net sales; the "
                  "largest, {top1}, alone makes {share1}.",
        },
        "concentration.insight": {
            "zh": "{a_count} 个{dim}（共 {total} 个）构成 A 类，合计占 {a_share}。"
                  "生意集中在少数{dim}身上：任何一个头部{dim}的波动都会直接影响整体。",
            "en": "{a_count} of {total} {dim} form class A, together {a_share}. The business "
                  "rests on a few {dim}: any swing at one of them moves the total.",
        },
        "action.concentration": {
            "zh": "为每个 A 类{dim}确定负责人和客户生意计划，再选出几个有潜力的 B 类{dim}重点培养",
            "en": "Give every class-A {dim_one} an owner and a customer business plan, then pick "
                  "a few class-B {dim} with potential to develop",
        },
        # anomaly
        "head.anomaly": {"zh": "{month} 销售额偏离常态 {deviation}",
                         "en": "{month}: net sales {deviation} off the usual pattern"},
        "anomaly.understanding": {
            "zh": "{month}{flow}销售额 {actual}，按趋势 × 季节性预计 {expected}，偏离 {deviation}（{diff}）。",
            "en": "{month}{flow} net sales {actual}; trend × seasonality expected {expected}, "
                  "a deviation of {deviation} ({diff}).",
        },
        "anomaly.insight": {
            "zh": "稳健 z 分数 {score}，超出 ±{z} 的阈值：这个月不是正常波动。",
            "en": "Robust z-score {score}, beyond ±{z}: this month is not normal variation.",
        },
        "action.anomaly": {
            "zh": "核对 {month} 的订单、发货和促销记录，找出偏离的原因，判断它是一次性的还是会持续",
            "en": "Check the orders, shipments and promotions of {month}, find the reason for "
                  "the deviation, and judge whether it was one-off or will last",
        },
        "error.no_column": {"zh": "销售数据中没有“{column}”这一列，无法按它分析。",
                            "en": "The sales data have no column {column!r} to analyse by."},
    },
)


# ------------------------------------------------------------------ evidence kinds

#: The kind (kit.fmt.KINDS) of each funnel factor's values.
FACTOR_KINDS = {"universe": "count", "numeric_distribution": "percent",
                "skus_per_outlet": "ratio", "units_per_sku": "ratio", "avg_price": "cents"}
_EVIDENCE_KINDS = {  # by the last part of an evidence name (funnel factors: FACTOR_KINDS)
    **dict.fromkeys(("actual", "target", "last_year", "change", "gap", "base_sales",
                     "current_sales", "base", "current", "volume", "price", "mix", "new", "lost",
                     "other", "top_value", "total_value", "expected"), "cents"),
    **dict.fromkeys(("achievement", "yoy", "contribution", "driver_share", "change_pct",
                     "units_pct", "price_offset", "top_share", "top1_share", "class_a_share",
                     "deviation"), "percent"),
    **dict.fromkeys(("rank", "segments", "class_a_count", "units_base", "units_current"), "count"),
    "score": "number",
}


def evidence_kind(name: str) -> str:
    """The kind of an evidence value, from its name ("funnel.avg_price.base" ...)."""
    source, _, rest = name.partition(".")
    if source == "funnel" and rest.count(".") == 1:
        factor, column = rest.split(".")
        if column in ("growth", "contribution"):
            return "percent" if column == "growth" else "cents"
        return FACTOR_KINDS.get(factor, "ratio")
    return _EVIDENCE_KINDS.get(rest.rsplit(".", 1)[-1], "number")


# ------------------------------------------------------------------ the card


@dataclass(frozen=True)
class Card:
    """One insight: what happened (understanding), why (insight), a prompt for what next (action).

    ``headline`` is the one-line summary ("result + comparison, mainly because driver");
    :attr:`line` adds the action prompt. ``lang`` is the language the text was made in.
    """

    kind: str
    subject: str
    understanding: str
    insight: str
    action: str
    evidence: dict[str, float] = field(default_factory=dict)
    severity: float = 0.0
    headline: str = ""
    lang: str = field(default_factory=i18n.get_lang)

    @property
    def line(self) -> str:
        """The headline and the action prompt on one line ("… → 行动：…")."""
        return t("line", self.lang, headline=self.headline, action=self.action)

    def text(self) -> str:
        """The card as three labelled lines under its headline."""
        names = (labels.word(k, self.lang) for k in ("understanding", "insight", "action"))
        colon = "：" if self.lang == "zh" else ": "
        body = [f"{name}{colon}{value}" for name, value in
                zip(names, (self.understanding, self.insight, self.action), strict=True)]
        return "\n".join([self.headline, *body])


@dataclass
class UiaCard:
    """A UIA card as the trainee keeps it: a generated :class:`Card` they kept (``source``
    names it, "kind:subject", and its evidence comes along) or one they wrote themselves
    (``source`` empty). What the stage-1 form saves and the annual plan carries."""

    understanding: str = ""
    insight: str = ""
    action: str = ""
    subject: str = ""
    headline: str = ""
    source: str = ""
    evidence: dict[str, float] = field(default_factory=dict)

    @property
    def own(self) -> bool:
        return not self.source


@dataclass
class UiaBoard:
    """The stage-1 UIA form: the generated cards kept and the trainee's own cards."""

    kept: list[UiaCard] = field(default_factory=list)
    own: list[UiaCard] = field(default_factory=list)

    @property
    def cards(self) -> list[UiaCard]:
        return [*self.kept, *self.own]


def card_key(card: Card) -> str:
    """How a generated card is named once kept: "kind:subject"."""
    return f"{card.kind}:{card.subject}"


def keep(card: Card) -> UiaCard:
    """A generated card as a kept one (its text, in the language it was made in, and its
    evidence)."""
    return UiaCard(card.understanding, card.insight, card.action, card.subject, card.headline,
                   card_key(card), dict(card.evidence))


# ------------------------------------------------------------------ words


def _money(value: float | None, sign: bool = False) -> str:
    """Money in running text: "123.5 万元" / "1,234.6 thousand CNY"."""
    return fmt.money(value, sign=sign, unit=True)


def dimension(by: str | None) -> str:
    """区域 / regions ... for a canonical column (counted, so plural in English)."""
    return t("total") if by is None else labels.column(by, form="plural")


def flow_label(flow: str | None) -> str:
    return t(f"flow.{flow}") if flow in ("sell_in", "sell_out") else ""


def effective_flow(sales: pd.DataFrame, flow: str | None = None) -> str | None:
    """The flow kit.review analyses by default: sell-in when the table has both
    flows, the one flow a single-flow table holds, None without a kind column."""
    if flow is not None or "kind" not in sales:
        return flow
    kinds = set(sales["kind"].dropna().astype(str).unique())
    if {"sell_in", "sell_out"} <= kinds:
        return "sell_in"
    return kinds.pop() if len(kinds) == 1 else None


def funnel_flow(sales: pd.DataFrame) -> str | None:
    """The flow kit.review.funnel counts: sell-out rows (a table without kind is taken whole)."""
    return "sell_out" if "kind" in sales else None


def _action(key: str, **fields: object) -> str:
    return t(key, **fields) + t("owner_due")


def _sentence(parts: list[str]) -> str:
    return t("sep").join(p for p in parts if p) + t("end")


def _float(value: object) -> float:
    return float("nan") if fmt.is_missing(value) else float(value)


def _evidence(**values: object) -> dict[str, float]:
    """Numbers by name, without the ones that are n/a."""
    return {k.replace("__", "."): float(v) for k, v in values.items() if not fmt.is_missing(v)}


def _severity(amount: float, scale: float) -> float:
    value = safe_ratio(amount, scale)
    return 0.0 if fmt.is_missing(value) else max(float(value), 0.0)


def _scale(sales: pd.DataFrame, window: Window, flow: str | None) -> float:
    """The whole business's last-year sales in the window (the severity denominator)."""
    total = scorecard(sales, None, window, flow=flow)
    last_year, actual = float(total["last_year"].sum()), float(total["actual"].sum())
    return last_year if last_year > 0 else actual


# ------------------------------------------------------------------ funnel helpers


def _segment_funnel(sales: pd.DataFrame, outlets: pd.DataFrame | None, window: Window,
                    by: str, segment: str) -> Funnel | None:
    """The funnel of one segment, or None when the outlets cannot give one."""
    if outlets is None or by not in outlets or "outlet_id" not in sales:
        return None
    if segment not in set(outlets[by].dropna().astype(str)):
        return None
    result = funnel(sales, outlets, window, where={by: segment})
    return result if result.exact else None


def _driver(result: Funnel | None, direction: int) -> str | None:
    """The factor with the most negative (direction −1) or positive (+1) contribution."""
    if result is None:
        return None
    contribution = result.table["contribution"] * direction
    contribution = contribution[contribution > 0]
    return str(contribution.idxmax()) if len(contribution) else None


def factor_change(table: pd.DataFrame, factor: str) -> str:
    """What happened to one funnel factor, in words with its numbers."""
    row = table.loc[factor]
    b, c, growth = float(row["base"]), float(row["current"]), float(row["growth"])
    up = c > b
    if factor == "universe":
        return t("factor.universe", verb=t("verb.more" if up else "verb.fewer"),
                 n=f"{abs(c - b):,.0f}", b=f"{b:,.0f}", c=f"{c:,.0f}")
    verb = t("verb.up" if up else "verb.down")
    if factor == "numeric_distribution":
        return t("factor.numeric_distribution", verb=verb, pts=fmt.points(abs(c - b)), b=fmt.percent(b), c=fmt.percent(c))
    decimals = 2 if factor == "avg_price" else 1
    return t(f"factor.{factor}", verb=verb, pct=fmt.percent(abs(growth)),
             b=fmt.number(b, decimals), c=fmt.number(c, decimals))


def _funnel_evidence(result: Funnel, factor: str) -> dict[str, float]:
    row = result.table.loc[factor]
    return _evidence(**{f"funnel__{factor}__{col}": row[col]
                        for col in ("base", "current", "growth", "contribution")},
                     funnel__base_sales=result.base_sales, funnel__current_sales=result.current_sales,
                     funnel__change=result.change)


# ------------------------------------------------------------------ finders


def segment_cards(
    sales: pd.DataFrame,
    window: Window,
    *,
    by: str = "region",
    targets: pd.DataFrame | None = None,
    outlets: pd.DataFrame | None = None,
    min_achievement: float = 1.0,
    max_yoy: float = 0.0,
    flow: str | None = None,
) -> list[Card]:
    """Segments that miss their target or shrink, each with the biggest driver named.

    Rule: a segment of `by` in ``scorecard(sales, by, window, targets=targets)`` gets
    a "miss_target" card when its achievement < `min_achievement`, else a
    "decline_driver" card when its YoY < `max_yoy`. The driver is the factor with
    the most negative contribution in ``funnel(sales, outlets, window,
    where={by: segment})`` (needs `outlets` with a `by` column holding the segment,
    and an exact funnel); the action prompt follows the driver.
    Severity: max(target − actual, last year − actual) / whole-business last-year sales.
    """
    table = scorecard(sales, by, window, targets=targets, flow=flow)
    scale = _scale(sales, window, flow)
    flow = effective_flow(sales, flow)
    ranked = table["achievement"].dropna()
    cards = []
    for segment, row in table.iterrows():
        achievement, yoy = _float(row["achievement"]), _float(row["yoy"])
        if not fmt.is_missing(achievement) and achievement < min_achievement:
            kind = "miss_target"
        elif not fmt.is_missing(yoy) and yoy < max_yoy:
            kind = "decline_driver"
        else:
            continue
        subject = str(segment)
        result = _segment_funnel(sales, outlets, window, by, subject)
        driver = _driver(result, -1)
        rank = int((ranked > achievement).sum()) + 1 if not fmt.is_missing(achievement) else None
        gap = row["target"] - row["actual"]
        evidence = _evidence(
            scorecard__actual=row["actual"], scorecard__target=row["target"],
            scorecard__achievement=achievement, scorecard__last_year=row["last_year"],
            scorecard__yoy=yoy, scorecard__change=row["change"], scorecard__gap=gap,
            scorecard__rank=rank, scorecard__segments=len(ranked) if rank else None)

        parts = [t("seg.actual", subject=subject, flow=flow_label(flow), actual=_money(row["actual"]))]
        if not fmt.is_missing(achievement):
            key = "seg.target" if gap > 0 else "seg.target_met"
            parts.append(t(key, target=_money(row["target"]), ach=fmt.percent(achievement), gap=_money(gap)))
        parts.append(t("seg.last_year", ly=_money(row["last_year"]), yoy=fmt.percent(yoy, sign=True),
                       change=_money(row["change"], sign=True)))
        if rank is not None and len(ranked) > 1:
            parts.append(t("seg.rank", n=len(ranked), dim=dimension(by), rank=rank))
        understanding = _sentence(parts)

        head = (t("head.miss", subject=subject, ach=fmt.percent(achievement), yoy=fmt.percent(yoy, sign=True))
                if kind == "miss_target" else t("head.decline", subject=subject, yoy=fmt.percent(yoy, sign=True)))
        if result is None:
            insight = t("insight.no_funnel", subject=subject)
            action = _action("action.drill", subject=subject)
        else:
            moved = dict(flow=flow_label(funnel_flow(sales)), subject=subject,
                         s0=_money(result.base_sales), s1=_money(result.current_sales),
                         change=_money(result.change, sign=True))
            if driver is None:
                insight = t("insight.no_drag", **moved)
                action = _action("action.drill", subject=subject)
                evidence |= _evidence(funnel__base_sales=result.base_sales,
                                      funnel__current_sales=result.current_sales,
                                      funnel__change=result.change)
            else:
                contribution = result.table["contribution"]
                share = safe_ratio(-contribution[driver], -contribution[contribution < 0].sum())
                insight = t("insight.drag", driver=factor_change(result.table, driver),
                            contrib=_money(contribution[driver], sign=True), share=fmt.percent(share), **moved)
                head = t("head.because", head=head, driver=factor_change(result.table, driver))
                action = _action(f"action.{driver}", subject=subject)
                evidence |= _funnel_evidence(result, driver)
                evidence |= _evidence(funnel__driver_share=share)
        at_stake = max(_float(gap) if not fmt.is_missing(gap) else 0.0, -float(row["change"]), 0.0)
        cards.append(Card(kind, subject, understanding, insight, action, evidence,
                          _severity(at_stake, scale), head))
    return cards


def growth_cards(
    sales: pd.DataFrame,
    window: Window,
    *,
    by: str = "region",
    outlets: pd.DataFrame | None = None,
    top: int = 2,
    min_yoy: float = 0.0,
    flow: str | None = None,
) -> list[Card]:
    """The segments that carried the growth.

    Rule: when ``scorecard(sales, by, window)`` has two segments or more, the `top`
    segments with the largest positive change vs last year and YoY > `min_yoy`
    (or a new segment, YoY n/a),
    with their share of the total growth (contribution; only stated when the total
    grew) and the funnel factor with the largest positive contribution.
    Severity: 0.5 × change / whole-business last-year sales.
    """
    table = scorecard(sales, by, window, flow=flow)
    if len(table) < 2:  # one segment is the whole business: nothing to compare it with
        return []
    scale = _scale(sales, window, flow)
    flow = effective_flow(sales, flow)
    total_change = float(table["change"].sum())
    growing = table[(table["change"] > 0) & ~(table["yoy"] <= min_yoy)]
    cards = []
    for segment, row in growing.sort_values("change", ascending=False, kind="stable").head(top).iterrows():
        subject = str(segment)
        yoy, contribution = _float(row["yoy"]), _float(row["contribution"])
        shared = total_change > 0 and not fmt.is_missing(contribution)
        parts = [t("growth.understanding", subject=subject, flow=flow_label(flow),
                   actual=_money(row["actual"]), ly=_money(row["last_year"]),
                   yoy=fmt.percent(yoy, sign=True), change=_money(row["change"]))]
        if shared:
            over = t("growth.over", dim=dimension(by)) if contribution > 1 else ""
            parts.append(t("growth.share", contribution=fmt.percent(contribution)) + over)
        understanding = _sentence(parts)
        head = (t("head.growth_share", subject=subject, yoy=fmt.percent(yoy, sign=True),
                  contribution=fmt.percent(contribution)) if shared else
                t("head.growth", subject=subject, yoy=fmt.percent(yoy, sign=True),
                  change=_money(row["change"])))
        evidence = _evidence(scorecard__actual=row["actual"], scorecard__last_year=row["last_year"],
                             scorecard__yoy=yoy, scorecard__change=row["change"],
                             scorecard__contribution=contribution if shared else None)
        result = _segment_funnel(sales, outlets, window, by, subject)
        driver = _driver(result, +1)
        if result is None:
            insight = t("insight.growth_no_funnel", subject=subject)
        elif driver is None:
            insight = t("insight.growth_flat", flow=flow_label(funnel_flow(sales)), subject=subject,
                        change=_money(result.change, sign=True))
        else:
            insight = t("insight.growth", flow=flow_label(funnel_flow(sales)), subject=subject,
                        driver=factor_change(result.table, driver),
                        contrib=_money(result.table.loc[driver, "contribution"], sign=True))
            evidence |= _funnel_evidence(result, driver)
        action = _action("action.growth", subject=subject, dim=dimension(by))
        cards.append(Card("growth_driver", subject, understanding, insight, action, evidence,
                          0.5 * _severity(float(row["change"]), scale), head))
    return cards


def price_volume_cards(
    sales: pd.DataFrame,
    window: Window,
    *,
    by: str | None = "category",
    min_volume_drop: float = 0.02,
    min_offset: float = 0.5,
    flow: str | None = None,
) -> list[Card]:
    """Where a price rise hides a volume loss.

    Rule: for each segment of `by` (or the whole business when by is None),
    ``bridge(sales, window, where={by: segment})`` has price > 0 and volume < 0,
    the volume loss is at least `min_volume_drop` of the segment's base sales, and
    price makes up at least `min_offset` of it.
    Severity: the volume loss / whole-business last-year sales.
    """
    if by is not None and by not in sales:
        raise ValueError(t("error.no_column", column=by))
    scale = _scale(sales, window, flow)
    shown_flow = effective_flow(sales, flow)
    values = [None] if by is None else sorted(sales[by].dropna().astype(str).unique())
    cards = []
    for value in values:
        result = bridge(sales, window, flow=flow, where=None if value is None else {by: value})
        if not (result.price > 0 and result.volume < 0):
            continue
        drop = safe_ratio(-result.volume, result.base)
        offset = safe_ratio(result.price, -result.volume)
        if fmt.is_missing(drop) or drop < min_volume_drop or offset < min_offset:
            continue
        subject = t("total") if value is None else value
        units0, units1 = float(result.items["q0"].sum()), float(result.items["q1"].sum())
        change_pct, units_pct = ratio_change(result.current, result.base), ratio_change(units1, units0)
        understanding = t("price.understanding", subject=subject, flow=flow_label(shown_flow),
                          base=_money(result.base), current=_money(result.current),
                          change_pct=fmt.percent(change_pct, sign=True), units_pct=fmt.percent(units_pct, sign=True))
        insight = t("price.insight", price=_money(result.price, sign=True),
                    volume=_money(result.volume, sign=True), offset=fmt.percent(offset))
        head = t("head.price", subject=subject, price=_money(result.price, sign=True),
                 volume=_money(result.volume, sign=True))
        evidence = _evidence(bridge__base=result.base, bridge__current=result.current,
                             bridge__change=result.change, bridge__volume=result.volume,
                             bridge__price=result.price, bridge__mix=result.mix,
                             bridge__new=result.new, bridge__lost=result.lost,
                             bridge__other=result.other, bridge__units_base=units0,
                             bridge__units_current=units1, bridge__change_pct=change_pct,
                             bridge__units_pct=units_pct, bridge__price_offset=offset)
        cards.append(Card("price_masks_volume", subject, understanding, insight,
                          _action("action.price", subject=subject), evidence,
                          _severity(-result.volume, scale), head))
    return cards


def concentration_cards(
    sales: pd.DataFrame,
    window: Window,
    *,
    by: str = "customer_id",
    top: int = 3,
    min_share: float = 0.5,
    a: float = 0.8,
    flow: str | None = None,
) -> list[Card]:
    """Pareto concentration: a few segments make most of the sales.

    Rule: ``pareto(sales, by, window.current)`` has more than `top` segments and
    the `top` largest make at least `min_share` of the value; the card also states
    the class-A count (segments needed to reach `a`, 80 %).
    Severity: 0.1 × (top-N share − `min_share`).
    """
    table = pareto(sales, by, window.current, a=a, flow=flow)
    if len(table) <= top or table["value"].sum() <= 0:
        return []
    share = float(table["share"].iloc[:top].sum())
    if share < min_share:
        return []
    names = _display_names(sales, by, table.index[:top])
    klass_a = table[table["class"] == "A"]
    dim = dimension(by)
    understanding = t("concentration.understanding", label=window.label,
                      flow=flow_label(effective_flow(sales, flow)), n=top, dim=dim,
                      names=labels.word("list_sep").join(names), share=fmt.percent(share), top1=names[0],
                      share1=fmt.percent(table["share"].iloc[0]))
    insight = t("concentration.insight", a_count=len(klass_a), total=len(table), dim=dim,
                a_share=fmt.percent(klass_a["share"].sum()))
    dim_one = dim[:-3] + "y" if dim.endswith("ies") else dim.removesuffix("s")  # en singular
    action = _action("action.concentration", dim=dim, dim_one=dim_one)
    evidence = _evidence(pareto__top_share=share, pareto__top1_share=table["share"].iloc[0],
                         pareto__top_value=table["value"].iloc[:top].sum(),
                         pareto__total_value=table["value"].sum(), pareto__segments=len(table),
                         pareto__class_a_count=len(klass_a),
                         pareto__class_a_share=klass_a["share"].sum())
    head = t("head.concentration", n=top, dim=dim, share=fmt.percent(share))
    return [Card("concentration", t("total"), understanding, insight, action, evidence,
                 0.1 * max(share - min_share, 0.0), head)]


def _display_names(sales: pd.DataFrame, by: str, keys) -> list[str]:
    """Customer names for customer ids when the table has them, the keys otherwise."""
    if by == "customer_id" and "customer_name" in sales:
        pairs = sales[["customer_id", "customer_name"]].dropna().drop_duplicates("customer_id")
        lookup = dict(zip(pairs["customer_id"].astype(str), pairs["customer_name"].astype(str),
                          strict=True))
        return [lookup.get(str(k), str(k)) for k in keys]
    return [str(k) for k in keys]


def anomaly_cards(
    sales: pd.DataFrame,
    window: Window,
    *,
    z: float = 3.0,
    flow: str | None = None,
) -> list[Card]:
    """Months of the window far from trend × seasonality.

    Rule: ``anomalies(monthly_series(sales), z)`` flags the month (robust z-score
    beyond ±`z`) and the month is in ``window.current``. Needs the 24 months the
    seasonality fit needs; with fewer there are no anomaly cards.
    Severity: |actual − expected| / whole-business last-year sales.
    """
    series = monthly_series(sales, flow=flow)
    try:
        table = anomalies(series, z=z)
    except ValueError:  # too few months to fit trend × seasonality
        return []
    table = table[table["flag"] & table.index.isin(window.current)]
    if table.empty:
        return []
    scale = _scale(sales, window, flow)
    shown_flow = flow_label(effective_flow(sales, flow))
    cards = []
    for month, row in table.iterrows():
        subject = str(month)
        diff = row["actual"] - row["expected"]
        understanding = t("anomaly.understanding", month=subject, flow=shown_flow,
                          actual=_money(row["actual"]), expected=_money(row["expected"]),
                          deviation=fmt.percent(row["deviation"], sign=True), diff=_money(diff, sign=True))
        insight = t("anomaly.insight", score=fmt.number(row["score"]), z=f"{z:g}")
        evidence = _evidence(anomalies__actual=row["actual"], anomalies__expected=row["expected"],
                             anomalies__deviation=row["deviation"], anomalies__score=row["score"])
        head = t("head.anomaly", month=subject, deviation=fmt.percent(row["deviation"], sign=True))
        cards.append(Card("anomaly", subject, understanding, insight,
                          _action("action.anomaly", month=subject), evidence,
                          _severity(abs(diff), scale), head))
    return cards


def review_cards(
    sales: pd.DataFrame,
    window: Window,
    *,
    targets: pd.DataFrame | None = None,
    outlets: pd.DataFrame | None = None,
    by: str = "region",
    limit: int = 6,
    bridge_by: str | None = "category",
    pareto_by: str = "customer_id",
    flow: str | None = None,
) -> list[Card]:
    """The strongest cards of a review, most severe first (at most `limit`).

    Runs segment_cards and growth_cards by `by`, price_volume_cards by `bridge_by`
    (the whole business when the data have no such column), concentration_cards
    by `pareto_by` (skipped without that column) and anomaly_cards, all with
    their default thresholds, and keeps one card per kind and subject.
    """
    if by not in sales:
        raise ValueError(t("error.no_column", column=by))
    cards = segment_cards(sales, window, by=by, targets=targets, outlets=outlets, flow=flow)
    cards += price_volume_cards(sales, window, flow=flow,
                                by=bridge_by if bridge_by in sales else None)
    cards += growth_cards(sales, window, by=by, outlets=outlets, flow=flow)
    if pareto_by in sales:
        cards += concentration_cards(sales, window, by=pareto_by, flow=flow)
    cards += anomaly_cards(sales, window, flow=flow)
    unique = {}
    for card in cards:
        unique.setdefault((card.kind, card.subject), card)
    ordered = sorted(unique.values(), key=lambda c: c.severity, reverse=True)
    return ordered[:limit]


__all__ = [
    "FACTOR_KINDS", "KINDS", "PROBLEM_KINDS", "Card", "UiaBoard", "UiaCard", "anomaly_cards", "card_key", "keep", "concentration_cards",
    "dimension", "effective_flow", "evidence_kind", "factor_change", "flow_label", "funnel_flow", "growth_cards",
    "price_volume_cards", "review_cards", "segment_cards",
]
