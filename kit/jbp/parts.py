"""The six parts computed from data, with their key indicators and generated talking points.

Sell-in preparation (卖入准备): for each part, :data:`KEY_INDICATORS` names the numbers to
pull from its report and the builders write talking points from them (in the kit language
at the moment they are built; the trainee edits them afterwards). Shareable talking points
quote shareable indicators only; what quotes the brand's costs or margins goes to the
part's ``internal_points``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kit import fmt, i18n
from kit.jbp.activities import activity_review, margin_rates
from kit.jbp.diagnostics import challenges
from kit.jbp.document import PARTS, CooperationPlan, Jbp, Part, PlanActivity, part_title
from kit.jbp.finance import channel_stock, economics, months, select
from kit.jbp.targets import Assumptions, Projection
from kit.review.periods import ratio_change, safe_ratio

t = i18n.catalogue(
    "jbp.parts",
    {
        # ------------------------------------------------------------ indicator labels
        "ind.sell_in": {"zh": "进货额", "en": "sell-in"},
        "ind.sell_in_ly": {"zh": "去年同期进货额", "en": "sell-in last year"},
        "ind.sell_in_yoy": {"zh": "进货同比", "en": "sell-in YoY"},
        "ind.sell_out": {"zh": "纯销额", "en": "sell-out"},
        "ind.sell_out_yoy": {"zh": "纯销同比", "en": "sell-out YoY"},
        "ind.target": {"zh": "目标", "en": "target"},
        "ind.achievement": {"zh": "目标达成", "en": "achievement"},
        "ind.brand_cost": {"zh": "品牌成本", "en": "brand cost"},
        "ind.brand_margin_pct": {"zh": "品牌毛利率", "en": "brand gross margin"},
        "ind.next_target": {"zh": "下期目标", "en": "next-period target"},
        "ind.growth": {"zh": "目标增长", "en": "target growth"},
        "ind.activities": {"zh": "活动个数", "en": "activities"},
        "ind.cost": {"zh": "活动费用", "en": "activity cost"},
        "ind.expected_uplift": {"zh": "预期增量", "en": "expected uplift"},
        "ind.actual_uplift": {"zh": "实际增量", "en": "actual uplift"},
        "ind.uplift_achievement": {"zh": "增量达成", "en": "uplift achieved"},
        "ind.uplift_per_cost": {"zh": "每元费用带来的增量", "en": "uplift per yuan spent"},
        "ind.roi": {"zh": "ROI", "en": "ROI"},
        "ind.paid_back": {"zh": "回本活动数", "en": "activities paid back"},
        "ind.revenue": {"zh": "经销商销售收入", "en": "distributor revenue"},
        "ind.gross_margin_pct": {"zh": "毛利率", "en": "gross margin"},
        "ind.net_margin_pct": {"zh": "净利率", "en": "net margin"},
        "ind.net_profit": {"zh": "净利润", "en": "net profit"},
        "ind.dio": {"zh": "库存天数（DIO）", "en": "days of inventory (DIO)"},
        "ind.dso": {"zh": "应收天数（DSO）", "en": "days of receivables (DSO)"},
        "ind.dpo": {"zh": "应付天数（DPO）", "en": "days of payables (DPO)"},
        "ind.cash_cycle": {"zh": "现金周期", "en": "cash cycle"},
        "ind.gmroi": {"zh": "GMROI", "en": "GMROI"},
        "ind.stock_ratio": {"zh": "进/出比", "en": "primary/secondary ratio"},
        "ind.stock_change": {"zh": "渠道库存变化（件）", "en": "channel stock change (units)"},
        "ind.sell_out_units": {"zh": "出货量（件）", "en": "sell-out (units)"},
        "ind.sell_in_units": {"zh": "进货量（件）", "en": "sell-in (units)"},
        "ind.closing_stock_units": {"zh": "期末库存（件）", "en": "closing stock (units)"},
        "ind.total_cost": {"zh": "合作费用合计", "en": "total cooperation cost"},
        "ind.budget": {"zh": "预算", "en": "budget"},
        "ind.remaining": {"zh": "预算余额", "en": "budget left"},
        "ind.expected_roi": {"zh": "预期 ROI", "en": "expected ROI"},
        "ind.sell_out_ly": {"zh": "去年同期纯销额", "en": "sell-out last year"},
        "ind.last_actual": {"zh": "上期实际进货额", "en": "last period's sell-in"},
        "ind.brand_gross_profit": {"zh": "品牌毛利额", "en": "brand gross profit"},
        "ind.opening_stock_units": {"zh": "期初库存（件）", "en": "opening stock (units)"},
        "ind.rotations": {"zh": "资金周转次数（年）", "en": "rotations per year"},
        "ind.rebate_pct": {"zh": "返利率（占收入）", "en": "rebates (of revenue)"},
        "ind.opex_pct": {"zh": "费用率", "en": "opex (of revenue)"},
        # ------------------------------------------------------------ talking points
        "pt.sell_in": {
            "zh": "上期进货 {sell_in} {CUR}，同比 {yoy}，目标达成 {achievement}。",
            "en": "Last period's sell-in was {sell_in}, YoY {yoy}, achievement {achievement}.",
        },
        "pt.sell_out": {
            "zh": "纯销 {sell_out} {CUR}，同比 {yoy}：{verdict}",
            "en": "Sell-out was {sell_out}, YoY {yoy}: {verdict}",
        },
        "verdict.gap": {"zh": "进货增长快于纯销，要关注渠道库存。",
                        "en": "sell-in grew faster than sell-out; watch channel stock."},
        "verdict.ok": {"zh": "进货与纯销同步。", "en": "sell-in and sell-out move together."},
        "pt.brand_margin": {
            "zh": "（内部）该客户品牌毛利率 {margin}，谈判时守住价格和费用底线。",
            "en": "(internal) Our gross margin on this customer is {margin}; hold price "
                  "and spend floors in the negotiation.",
        },
        "pt.plan": {
            "zh": "下期目标 {target} {CUR}，比上期{change}。",
            "en": "Next period's target is {target}, {change} on last period.",
        },
        "pt.up": {"zh": "增长 {pct}", "en": "up {pct}"},
        "pt.down": {"zh": "下降 {pct}", "en": "down {pct}"},
        "pt.same": {"zh": "持平", "en": "level"},
        "pt.na": {"zh": "无法比较（上期为 0）", "en": "not comparable (nothing last period)"},
        "pt.execution": {
            "zh": "上期 {n} 个活动，费用 {cost} {CUR}，实际增量 {uplift} {CUR}（预期的 {ach}）；"
                  "每元费用带来 {per} {CUR}增量。",
            "en": "{n} activities last period cost {cost} and brought {uplift} of "
                  "uplift ({ach} of plan): {per} of uplift per yuan spent.",
        },
        "pt.not_paid": {
            "zh": "（内部）「{activity}」ROI {roi}，没有回本：复盘时机、品类和预期。",
            "en": '(internal) "{activity}" returned ROI {roi} and did not pay back: review '
                  "its timing, category and expectations.",
        },
        "pt.finance": {
            "zh": "您上期净利率 {net}，现金周期 {cycle} 天，资金回报率（ROI）{roi}。",
            "en": "Your net margin last period was {net}, the cash cycle {cycle} days, "
                  "the return on your money (ROI) {roi}.",
        },
        "missing.ledger": {
            "zh": "这一部分需要经销商的进销存台账（distributor ledger），这次没有提供，先跳过；"
                  "有了台账再运行一次就能补上。",
            "en": "This part needs the distributor's ledger, which was not provided, so it is "
                  "skipped for now; run again with a ledger to fill it in.",
        },
        "missing.customer": {
            "zh": "台账里没有 {customer} 在这段时间的数据，这一部分先跳过。",
            "en": "The ledger has no rows for {customer} in this period, so this part is "
                  "skipped.",
        },
        "missing.activities": {
            "zh": "这一部分需要活动表（activities：活动、费用、预期和实际增量），这次没有提供，先跳过。",
            "en": "This part needs the activities table (activity, cost, expected and actual "
                  "uplift), which was not provided, so it is skipped.",
        },
        "pt.stock": {
            "zh": "库存天数 {dio} 天、进/出比 {ratio}：多出的库存占用您的资金、拉低 ROI，"
                  "建议下期先消化库存，按纯销订货。",
            "en": "{dio} days of stock and a primary/secondary ratio of {ratio}: the "
                  "extra stock ties up your cash and lowers your ROI; we suggest working it "
                  "down first and ordering to sell-out next period.",
        },
        "pt.targets": {
            "zh": "下期出货 {sell_out} 件、进货 {sell_in} 件、期末库存 {stock} 件"
                  "（{days} 天）：预计净利润 {net} {CUR}，ROI {roi}。",
            "en": "Next period: sell-out {sell_out} units, sell-in {sell_in}, closing "
                  "stock {stock} ({days} days): projected net profit {net}, ROI "
                  "{roi}.",
        },
        "pt.cooperation": {
            "zh": "下期合作 {n} 个活动，投入 {cost} {CUR}，预期增量 {uplift} {CUR}。",
            "en": "Next period: {n} activities, {cost} invested, {uplift} of expected "
                  "uplift.",
        },
        "pt.budget": {
            "zh": "（内部）费用合计 {cost} {CUR}，预算 {budget} {CUR}，{verdict}",
            "en": "(internal) Total cost {cost} against a budget of {budget}: "
                  "{verdict}",
        },
        "budget.over": {"zh": "超出预算 {x} {CUR}。", "en": "over budget by {x}."},
        "budget.within": {"zh": "预算内，余 {x} {CUR}。", "en": "within budget, {x} left."},
        "na": {"zh": "无", "en": "n/a"},
    },
)

KEY_INDICATORS: dict[str, tuple[str, ...]] = {
    "brand_review": ("sell_in", "sell_in_yoy", "achievement", "sell_out", "sell_out_yoy"),
    "brand_plan": ("next_target", "growth"),
    "execution_review": ("activities", "cost", "actual_uplift", "uplift_achievement",
                         "uplift_per_cost"),
    "financial_review": ("revenue", "net_margin_pct", "dio", "dso", "dpo", "cash_cycle", "roi",
                         "gmroi", "stock_ratio"),
    "financial_targets": ("sell_out_units", "sell_in_units", "closing_stock_units",
                          "net_profit", "roi", "cash_cycle"),
    "cooperation": ("activities", "total_cost", "expected_uplift", "uplift_per_cost"),
}


def indicator_label(key: str) -> str:
    return t(f"ind.{key}")


def _pct(value: float) -> str:
    return t("na") if fmt.is_missing(value) else fmt.percent(value, sign=True)


def _share(value: float) -> str:
    return t("na") if fmt.is_missing(value) else fmt.percent(value, 0)


def _sum(rows: pd.DataFrame, col: str) -> float:
    return float(rows[col].sum()) if col in rows else float("nan")


# ------------------------------------------------------------------ parts 1 and 2


def brand_review_part(sales: pd.DataFrame, customer: str, window,
                      targets: pd.DataFrame | None = None) -> Part:
    """Part 1 from the sales table: sell-in and sell-out of the window against last year and
    the target; the brand's cost and margin on the customer stay internal."""
    cur = months(window)
    rows = sales[sales["customer_id"].astype(str) == customer]
    kind = rows["kind"].astype(str) if "kind" in rows else pd.Series("sell_in", index=rows.index)
    now, ly = rows["period"].isin(cur), rows["period"].isin(cur - 12)
    sell_in, sell_out = rows[now & (kind == "sell_in")], rows[now & (kind == "sell_out")]
    ind = {"sell_in": _sum(sell_in, "net_sales"),
           "sell_in_ly": _sum(rows[ly & (kind == "sell_in")], "net_sales"),
           "sell_out": _sum(sell_out, "net_sales"),
           "sell_out_ly": _sum(rows[ly & (kind == "sell_out")], "net_sales")}
    ind["sell_in_yoy"] = float(ratio_change(ind["sell_in"], ind["sell_in_ly"]))
    ind["sell_out_yoy"] = float(ratio_change(ind["sell_out"], ind["sell_out_ly"]))
    target = float("nan")
    if targets is not None:
        tr = targets[(targets["customer_id"].astype(str) == customer) & targets["period"].isin(cur)]
        target = _sum(tr, "net_sales")
    ind["target"], ind["achievement"] = target, float(safe_ratio(ind["sell_in"], target))
    internal = {"brand_cost": _sum(sell_in, "cost")}
    internal["brand_margin_pct"] = 1 - float(safe_ratio(internal["brand_cost"], ind["sell_in"]))
    points = [t("pt.sell_in", sell_in=fmt.amount(ind["sell_in"]), yoy=_pct(ind["sell_in_yoy"]),
                achievement=_share(ind["achievement"]))]
    if ind["sell_out"] > 0:
        gap = ind["sell_in_yoy"] - ind["sell_out_yoy"] > 0.05
        points.append(t("pt.sell_out", sell_out=fmt.amount(ind["sell_out"]),
                        yoy=_pct(ind["sell_out_yoy"]),
                        verdict=t("verdict.gap" if gap else "verdict.ok")))
    internal_points = [t("pt.brand_margin", margin=fmt.percent(internal["brand_margin_pct"]))]
    return Part(ind, points, "", internal, internal_points)


def _change_words(growth: float) -> str:
    """增长 5.0% / 下降 39.9% / 持平: a sign in words, never "增长 -39.9%"."""
    if growth is None or pd.isna(growth):
        return t("pt.na")
    if round(growth, 3) == 0:
        return t("pt.same")
    return t("pt.up" if growth > 0 else "pt.down", pct=fmt.percent(abs(growth)))


def brand_plan_part(next_target: float, last_actual: float,
                    margin_rate: float | None = None, source: str = "") -> Part:
    """Part 2: next period's target (from stage 2 or the targets table) and its growth; the
    planned brand margin stays internal. ``source`` says where the target comes from
    (the part's note)."""
    ind = {"next_target": float(next_target), "last_actual": float(last_actual),
           "growth": float(ratio_change(next_target, last_actual))}
    internal = {} if margin_rate is None else {"brand_margin_pct": float(margin_rate),
                                               "brand_gross_profit": next_target * margin_rate}
    return Part(ind, [t("pt.plan", target=fmt.amount(next_target),
                        change=_change_words(ind["growth"]))], source,
                internal)


# ------------------------------------------------------------------ parts 3 and 4


def execution_part(review: pd.DataFrame, customer: str, window=None) -> Part:
    """Part 3 from an activity review (:func:`kit.jbp.activity_review`): uplift and cost are
    shared; ROI and payback, which carry the brand's margin, stay internal."""
    rows = review[review["customer_id"].astype(str) == customer]
    if window is not None:
        rows = rows[pd.PeriodIndex(pd.to_datetime(rows["end"]), freq="M").isin(months(window))]
    cost, uplift = _sum(rows, "cost"), _sum(rows, "actual_uplift")
    ind = {"activities": float(len(rows)), "cost": cost,
           "expected_uplift": _sum(rows, "expected_uplift"), "actual_uplift": uplift,
           "uplift_achievement": float(safe_ratio(uplift, _sum(rows, "expected_uplift"))),
           "uplift_per_cost": float(safe_ratio(uplift, cost))}
    internal = {"roi": float(safe_ratio(_sum(rows, "actual_profit"), cost)),
                "paid_back": float(rows["paid_back"].sum()) if len(rows) else 0.0}
    points = [t("pt.execution", n=len(rows), cost=fmt.amount(cost), uplift=fmt.amount(uplift),
                ach=_share(ind["uplift_achievement"]), per=fmt.number(ind["uplift_per_cost"]))]
    failed = rows[rows["paid_back"].eq(False).fillna(False)].sort_values("roi")
    internal_points = [t("pt.not_paid", activity=r.activity, roi=fmt.ratio(r.roi))
                       for r in failed.itertuples()]
    return Part(ind, points, "", internal, internal_points)


def financial_review_part(ledger: pd.DataFrame, customer: str, window,
                          review: pd.DataFrame | None = None, diagnosis_window=None) -> Part:
    """Part 4 from the ledger: the distributor's own P&L, days, ROI and channel stock
    (all shareable: they are the distributor's numbers); the five-challenge diagnosis is
    the internal read of them, over ``diagnosis_window`` (default: the same window; stuffing
    shows over the last half-year, not always over the whole year)."""
    e = economics(ledger, window).loc[customer]
    s = channel_stock(ledger, window).loc[customer]
    keys = ("revenue", "gross_margin_pct", "net_margin_pct", "net_profit", "dio", "dso", "dpo",
            "cash_cycle", "rotations", "roi", "gmroi")
    ind = {k: float(e[k]) for k in keys}
    ind["stock_ratio"], ind["stock_change"] = float(s["ratio"]), float(s["change"])
    found = challenges(ledger, customer, diagnosis_window or window, review)
    points = [t("pt.finance", net=fmt.percent(ind["net_margin_pct"]),
                cycle=fmt.number(ind["cash_cycle"], 0), roi=_share(ind["roi"]))]
    if any(f.flag for f in found if f.key in ("stuffing", "slow_stock")):
        points.append(t("pt.stock", dio=fmt.number(ind["dio"], 0),
                        ratio=fmt.ratio(ind["stock_ratio"])))
    internal = {f"flag_{f.key}": float(f.flag) for f in found}
    return Part(ind, points, "", internal, [f.message for f in found if f.flag])


# ------------------------------------------------------------------ parts 5 and 6


def financial_targets_part(a: Assumptions, p: Projection) -> Part:
    """Part 5 from a projection: the consistent sell-out / sell-in / stock plan and the
    distributor's projected P&L (its own numbers: shareable)."""
    keys = ("sell_out_units", "sell_in_units", "opening_stock_units", "closing_stock_units",
            "revenue", "net_profit", "net_margin_pct", "dio", "dso", "dpo", "cash_cycle", "roi")
    ind = {k: float(getattr(p, k)) for k in keys}
    roi = _share(p.roi)
    points = [t("pt.targets", sell_out=fmt.count(p.sell_out_units),
                sell_in=fmt.count(p.sell_in_units), stock=fmt.count(p.closing_stock_units),
                days=fmt.number(a.stock_days, 0), net=fmt.amount(p.net_profit), roi=roi)]
    return Part(ind, points)


def plan_from_activities(activities: pd.DataFrame, margin_rate=None,
                         budget: float | None = None) -> CooperationPlan:
    """A cooperation plan from an activities table (one line per row)."""
    rates = pd.Series(margin_rate, index=activities.index) if margin_rate is not None \
        else activities.get("margin_rate", pd.Series(None, index=activities.index))

    def day(value) -> date | None:
        return None if pd.isna(value) else pd.Timestamp(value).date()

    def num(row, col) -> float | None:
        return None if col not in row or pd.isna(row[col]) else float(row[col])

    lines = [PlanActivity(
        activity=str(row["activity"]), type=str(row.get("type", "") or ""),
        owner=str(row.get("owner", "") or ""), start=day(row.get("start")),
        end=day(row.get("end")), cost=num(row, "cost"),
        expected_uplift=num(row, "expected_uplift"), kpi=str(row.get("kpi", "") or ""),
        status=str(row.get("status", "planned") or "planned"),
        actual_uplift=num(row, "actual_uplift"),
        margin_rate=None if pd.isna(rates[i]) else float(rates[i]))
        for i, row in activities.iterrows()]
    return CooperationPlan(lines, budget)


def cooperation_part(plan: CooperationPlan) -> Part:
    """Part 6: the plan's totals are shared; budget, what is left and the expected ROI
    (built on the brand's margin) stay internal."""
    n, cost, uplift = len(plan.activities), plan.total_cost, plan.expected_uplift
    ind = {"activities": float(n), "total_cost": cost, "expected_uplift": uplift,
           "uplift_per_cost": plan.uplift_per_cost}
    profit = sum((a.expected_uplift or 0.0) * (a.margin_rate or 0.0) for a in plan.activities)
    internal = {"expected_roi": float(safe_ratio(profit, cost))}
    internal_points = []
    if plan.budget is not None:
        internal.update(budget=float(plan.budget), remaining=plan.remaining)
        verdict = t("budget.over" if plan.over_budget else "budget.within",
                    x=fmt.amount(abs(plan.remaining)))
        internal_points.append(t("pt.budget", cost=fmt.amount(cost), budget=fmt.amount(plan.budget),
                                 verdict=verdict))
    points = [t("pt.cooperation", n=n, cost=fmt.amount(cost), uplift=fmt.amount(uplift))]
    return Part(ind, points, "", internal, internal_points)


# ------------------------------------------------------------------ assembly and prep


def skipped_part(reason: str, **fields) -> Part:
    """A part that cannot be built from the data given: its note says why, kindly."""
    return Part(notes=t(f"missing.{reason}", **fields))


def is_skipped(part: Part) -> bool:
    """True for a part built by :func:`skipped_part` (no numbers, only the note)."""
    return not part.indicators and not part.talking_points and bool(part.notes)


def build_jbp(customer: str, period: str, *, sales: pd.DataFrame, review_window,
              next_target: float, plan: CooperationPlan,
              ledger: pd.DataFrame | None = None, assumptions: Assumptions | None = None,
              projection: Projection | None = None,
              activity_review_table: pd.DataFrame | None = None,
              targets: pd.DataFrame | None = None, customer_name: str = "",
              diagnosis_window=None, target_source: str = "") -> Jbp:
    """All six parts for one distributor: the last period is ``review_window``, the plan's
    period is ``period`` (a label, e.g. "2026").

    Only the sales table is required. Without a ledger (or without the customer in it)
    parts 4 and 5 are skipped, without an activity review part 3 is: each skipped part
    says why in its note (:func:`is_skipped`), and the rest is built. ``target_source``
    (:attr:`kit.jbp.NextTarget.source_label`) becomes part 2's note.
    """
    review = brand_review_part(sales, customer, review_window, targets)
    in_ledger = ledger is not None and customer in set(
        select(ledger, review_window)["customer_id"].astype(str))
    if ledger is None:
        finance = targets_part = skipped_part("ledger")
    elif not in_ledger:
        finance = targets_part = skipped_part("customer", customer=customer)
    else:
        finance = financial_review_part(ledger, customer, review_window, activity_review_table,
                                        diagnosis_window)
        targets_part = (financial_targets_part(assumptions, projection)
                        if assumptions is not None and projection is not None
                        else skipped_part("ledger"))
    execution = (execution_part(activity_review_table, customer, review_window)
                 if activity_review_table is not None else skipped_part("activities"))
    return Jbp(
        customer_id=customer, customer_name=customer_name, period=period,
        brand_review=review,
        brand_plan=brand_plan_part(next_target, review.indicators["sell_in"],
                                   review.internal_indicators.get("brand_margin_pct"),
                                   target_source),
        execution_review=execution, financial_review=finance,
        financial_targets=targets_part, cooperation=cooperation_part(plan), plan=plan)


def sell_in_prep(jbp: Jbp, internal: bool = True) -> pd.DataFrame:
    """Per part, its key indicators and talking points (one row per indicator; the points
    on the part's first row), localised; ``internal=False`` shows what the customer sees."""
    rows = []
    for key, part in jbp.parts():
        points = part.talking_points + (part.internal_points if internal else [])
        for n, ind in enumerate(KEY_INDICATORS[key]):
            values = {**part.indicators, **(part.internal_indicators if internal else {})}
            rows.append({"part": part_title(key), "indicator": indicator_label(ind),
                         "value": values.get(ind, float("nan")),
                         "talking_points": "\n".join(points) if n == 0 else ""})
    return pd.DataFrame(rows)


def review_activities(activities: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    """Convenience: :func:`activity_review` with :func:`margin_rates` from the sales table."""
    return activity_review(activities, margin_rates(activities, sales))


__all__ = ["KEY_INDICATORS", "PARTS", "brand_plan_part", "brand_review_part", "build_jbp",
           "cooperation_part", "execution_part", "financial_review_part",
           "financial_targets_part", "indicator_label", "is_skipped", "plan_from_activities",
           "review_activities", "sell_in_prep", "skipped_part"]
