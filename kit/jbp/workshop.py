"""What the stage-3 workshop needs to start a JBP from whatever data the trainee has.

Pure helpers (no I/O): the review, diagnosis and plan windows from the sales table, the
distributor to plan with, next period's target, starting assumptions for the scenario
app and a starter cooperation plan. Every one works with a sales table alone; the ledger,
the activities and the targets only add to what can be built.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit import i18n
from kit.goals.decompose import level_targets
from kit.jbp.document import CooperationPlan, PlanActivity
from kit.jbp.finance import months, select
from kit.jbp.targets import Assumptions, assumptions_from_ledger
from kit.review.periods import safe_ratio

t = i18n.catalogue(
    "jbp.workshop",
    {
        "customer.missing": {
            "zh": "数据里没有客户 {wanted}，改用{where}进货额最大的客户 {chosen}。",
            "en": "Customer {wanted} is not in the data; using {chosen}, the largest by "
                  "sell-in{where}.",
        },
        "customer.auto": {
            "zh": "没有指定客户，使用{where}进货额最大的客户 {chosen}。",
            "en": "No customer given; using {chosen}, the largest by sell-in{where}.",
        },
        "where.ledger": {"zh": "台账中", "en": " among the ledger's distributors"},
        "where.sales": {"zh": "销售数据中", "en": " in the sales data"},
        "source.plan": {"zh": "模块二“我的业务目标计划”中这个客户的分解目标",
                        "en": "this customer's target in the stage-2 plan's split"},
        "source.targets": {"zh": "目标表", "en": "the targets table"},
        "source.growth": {"zh": "上期进货 × (1 + 增长率)", "en": "last period's sell-in × (1 + growth)"},
        "data.ledger": {
            "zh": "没有经销商台账（distributor ledger）：五大难题、利润模型、第四和第五部分、"
                  "损益情景应用这次跳过。其余部分照常完成。",
            "en": "No distributor ledger: the five challenges, the profit model, parts 4 and "
                  "5 and the P&L scenario app are skipped this time. Everything else works.",
        },
        "data.activities": {
            "zh": "没有活动表（activities）：活动 ROI 和第三部分这次跳过；第六部分的合作计划"
                  "可以在下面的表格里从空白开始填写。",
            "en": "No activities table: activity ROI and part 3 are skipped; part 6's "
                  "cooperation plan starts blank in the table below.",
        },
        "data.targets": {
            "zh": "没有目标表（targets）：下期目标按上期进货 × (1 + {growth:.0%}) 计算，"
                  "闭环的计划与实际对比这次跳过。",
            "en": "No targets table: next period's target is last period's sell-in × (1 + "
                  "{growth:.0%}), and the closed loop's plan-vs-actual is skipped.",
        },
        "data.customer": {
            "zh": "台账里没有 {customer} 在 {window} 的数据：第四、第五部分和损益情景跳过。",
            "en": "The ledger has no rows for {customer} in {window}: parts 4 and 5 and the "
                  "P&L scenario are skipped.",
        },
        "data.cost": {
            "zh": "销售数据里没有成本（cost）列：品牌毛利率和活动 ROI 无法计算（显示 n/a）。",
            "en": "The sales data have no cost column: the brand's margin and activity ROI "
                  "cannot be computed (n/a).",
        },
        "data.all": {"zh": "数据齐全：六个部分都可以用数据完成。",
                     "en": "All the data are here: all six parts can be built from data."},
    },
)


@dataclass(frozen=True)
class Windows:
    """The review window (last period), the diagnosis window (its last six months) and
    the plan's period label, each as :func:`kit.jbp.months` reads it."""

    review: str | tuple[str, str]
    diagnosis: str | tuple[str, str]
    plan: str

    @staticmethod
    def label(window) -> str:
        """"2025", "2025H2" as they are; a (start, end) pair as "2025-04~2026-03"."""
        return window if isinstance(window, str) else f"{window[0]}~{window[1]}"


def windows(sales: pd.DataFrame) -> Windows:
    """The last 12 months of the sales table (a calendar year when it ends in December),
    its last six months, and the next 12 months as the plan's period."""
    last = pd.Period(sales["period"].max(), freq="M")
    if last.month == 12:
        return Windows(str(last.year), f"{last.year}H2", str(last.year + 1))
    if last.month == 6:
        review = (str(last - 11), str(last))
        return Windows(review, f"{last.year}H1", Windows.label((str(last + 1), str(last + 12))))
    return Windows((str(last - 11), str(last)), (str(last - 5), str(last)),
                   Windows.label((str(last + 1), str(last + 12))))


def plan_months(review_window) -> pd.PeriodIndex:
    """The 12 months after the review window (the plan's period)."""
    last = months(review_window)[-1]
    return pd.period_range(last + 1, periods=12, freq="M")


def _sell_in(sales: pd.DataFrame) -> pd.DataFrame:
    if "kind" in sales:
        return sales[sales["kind"].astype(str) == "sell_in"]
    return sales


@dataclass(frozen=True)
class Choice:
    customer_id: str
    customer_name: str
    message: str | None  # why another customer was chosen, in the kit language


def pick_customer(sales: pd.DataFrame, ledger: pd.DataFrame | None = None,
                  wanted: str = "") -> Choice:
    """The customer to plan with: ``wanted`` when the data hold it, else the largest by
    sell-in (among the ledger's distributors when there is a ledger)."""
    ids = sales["customer_id"].astype(str)
    names = (sales.assign(customer_id=ids).drop_duplicates("customer_id")
             .set_index("customer_id")["customer_name"].astype(str)
             if "customer_name" in sales else pd.Series(dtype=object))
    known = set(ids)
    if ledger is not None:
        known &= set(ledger["customer_id"].astype(str)) or known
    wanted = str(wanted or "").strip()
    if wanted and wanted in set(ids):
        return Choice(wanted, str(names.get(wanted, "")), None)
    rows = _sell_in(sales)
    totals = rows.groupby(rows["customer_id"].astype(str))["net_sales"].sum()
    totals = totals[totals.index.isin(known)] if known else totals
    chosen = str(totals.sort_values(ascending=False, kind="stable").index[0])
    where = t("where.ledger" if ledger is not None and known else "where.sales")
    message = (t("customer.missing", wanted=wanted, chosen=chosen, where=where) if wanted
               else t("customer.auto", chosen=chosen, where=where))
    return Choice(chosen, str(names.get(chosen, "")), message)


@dataclass(frozen=True)
class NextTarget:
    value: float
    source: str  # "plan" (the stage-2 split), "targets" or "growth"
    last: float = float("nan")  # the review window's sell-in

    @property
    def source_label(self) -> str:
        return t(f"source.{self.source}")

    @property
    def growth_needed(self) -> float:
        """Target − the review window's sell-in: what the cooperation plan has to find."""
        return self.value - self.last


def last_sell_in(sales: pd.DataFrame, customer: str, review_window) -> float:
    """The customer's sell-in over the review window."""
    rows = _sell_in(sales)
    rows = rows[(rows["customer_id"].astype(str) == customer)
                & rows["period"].isin(months(review_window))]
    return float(rows["net_sales"].sum())


def next_target(sales: pd.DataFrame, customer: str, review_window,
                targets: pd.DataFrame | None = None, growth: float = 0.0,
                plan_cells: pd.DataFrame | None = None) -> NextTarget:
    """Next period's sell-in target for the customer, from the first source that has it:

    1. ``plan_cells``, the trainee's own stage-2 split (:func:`kit.goals.split_plan`'s
       cells): the customer's annual target, summed over every cell it has
       (:func:`kit.goals.level_targets`); the split is of the plan year, which is the
       JBP's period whenever the data end in December;
    2. the targets table's net sales over the 12 months after the review window;
    3. the window's sell-in × (1 + growth).
    """
    last = last_sell_in(sales, customer, review_window)
    if plan_cells is not None:
        planned = level_targets(plan_cells, "customer_id")
        if customer in planned.index:
            return NextTarget(float(planned[customer]), "plan", last)
    if targets is not None and "net_sales" in targets:
        rows = targets[(targets["customer_id"].astype(str) == customer)
                       & targets["period"].isin(plan_months(review_window))]
        if len(rows):
            return NextTarget(float(rows["net_sales"].sum()), "targets", last)
    return NextTarget(last * (1 + growth), "growth", last)


def base_assumptions(ledger: pd.DataFrame, customer: str, review_window, growth: float = 0.0,
                     stock_days: float | None = None) -> Assumptions | None:
    """The scenario app's starting point from the distributor's last period
    (:func:`kit.jbp.assumptions_from_ledger`), with a target stock level in days when
    given; None when the ledger has no rows for the customer in the window."""
    if ledger is None or select(ledger, review_window, customer).empty:
        return None
    extra = {} if not stock_days else {"stock_days": float(stock_days)}
    return assumptions_from_ledger(ledger, customer, review_window, growth=growth, **extra)


def starter_plan(review: pd.DataFrame | None, customer: str, review_window,
                 margin_rate: float | None = None, budget: float | None = None
                 ) -> CooperationPlan:
    """A first cooperation plan to edit: the customer's activities of the review window
    that paid back, one year later, planned again at the same cost and with the uplift
    they actually brought as the expectation. Empty without an activity review."""
    if review is None:
        return CooperationPlan([], budget)
    rows = review[review["customer_id"].astype(str) == customer]
    ended = pd.PeriodIndex(pd.to_datetime(rows["end"]), freq="M")
    rows = rows[ended.isin(months(review_window)) & rows["paid_back"].eq(True).fillna(False)]
    year = pd.DateOffset(years=1)
    lines = []
    for row in rows.itertuples():
        rate = row.margin_rate if pd.notna(row.margin_rate) else margin_rate
        lines.append(PlanActivity(
            activity=_next_title(str(row.activity)), type=str(row.type or ""),
            owner=str(row.owner or ""), start=(pd.Timestamp(row.start) + year).date(),
            end=(pd.Timestamp(row.end) + year).date(), cost=float(row.cost),
            expected_uplift=float(row.actual_uplift), status="planned",
            margin_rate=None if rate is None or pd.isna(rate) else float(rate)))
    return CooperationPlan(lines, budget)


def _next_title(title: str) -> str:
    """"2025 春节订货会" → "2026 春节订货会" (a leading year moves on by one)."""
    head, _, rest = title.partition(" ")
    return f"{int(head) + 1} {rest}" if head.isdigit() and len(head) == 4 else title


def customer_margin(sales: pd.DataFrame, customer: str, review_window) -> float | None:
    """The brand's sell-in gross margin rate on the customer over the window (1 − cost /
    net sales); None without a cost column or sales."""
    if "cost" not in sales:
        return None
    rows = _sell_in(sales)
    rows = rows[(rows["customer_id"].astype(str) == customer)
                & rows["period"].isin(months(review_window))]
    rate = 1 - float(safe_ratio(rows["cost"].sum(), rows["net_sales"].sum()))
    return None if pd.isna(rate) else rate


def has_rows(ledger: pd.DataFrame | None, customer: str, window) -> bool:
    """True when the ledger holds the customer in the window."""
    return ledger is not None and not select(ledger, window, customer).empty


def data_notes(sales: pd.DataFrame, customer: str, window, *, ledger=None, activities=None,
               targets=None, growth: float = 0.0) -> list[str]:
    """What the data at hand leave out, one kind sentence each (in the kit language)."""
    notes = []
    if ledger is None:
        notes.append(t("data.ledger"))
    elif not has_rows(ledger, customer, window):
        notes.append(t("data.customer", customer=customer, window=Windows.label(window)))
    if activities is None:
        notes.append(t("data.activities"))
    if targets is None:
        notes.append(t("data.targets", growth=growth))
    if "cost" not in sales:
        notes.append(t("data.cost"))
    return notes or [t("data.all")]


def review_from(activities: pd.DataFrame | None, sales: pd.DataFrame) -> pd.DataFrame | None:
    """The activity review (kit.jbp.activity_review) with each activity's margin from the
    sales table; without cost in the sales every ROI is n/a; None without activities."""
    from kit.jbp.activities import activity_review, margin_rates

    if activities is None:
        return None
    if "cost" not in sales:
        return activity_review(activities, float("nan"))
    if "category" not in sales:
        sales = sales.assign(category="")
    return activity_review(activities, margin_rates(activities, sales))


def loop_review(targets: pd.DataFrame | None, sales: pd.DataFrame, window,
                customer: str | None = None) -> pd.DataFrame | None:
    """The closed loop's review step: quarterly plan vs actual sell-in in the window
    (kit.jbp.plan_vs_actual), for one customer when given; None without targets."""
    from kit.jbp.loop import plan_vs_actual

    if targets is None or "net_sales" not in targets:
        return None
    wanted = months(window)
    plan = targets[targets["period"].isin(wanted)]
    actual = _sell_in(sales)
    actual = actual[actual["period"].isin(wanted)]
    if customer is not None:
        plan = plan[plan["customer_id"].astype(str) == customer]
        actual = actual[actual["customer_id"].astype(str) == customer]
    if plan.empty:
        return None
    return plan_vs_actual(plan, actual)


def skipped_parts(jbp) -> list[str]:
    """The keys of the parts the data could not build."""
    from kit.jbp.parts import is_skipped

    return [key for key, part in jbp.parts() if is_skipped(part)]


def outlet_count(outlets: pd.DataFrame | None, customer: str) -> int | None:
    """How many outlets of the universe the customer serves (None without an outlet list)."""
    if outlets is None:
        return None
    return int((outlets["customer_id"].astype(str) == customer).sum())


__all__ = ["Choice", "NextTarget", "Windows", "base_assumptions", "customer_margin",
           "data_notes", "has_rows", "last_sell_in", "loop_review", "next_target", "outlet_count",
           "pick_customer", "plan_months", "review_from", "skipped_parts", "starter_plan",
           "windows"]
