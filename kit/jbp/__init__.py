"""Stage 3 — joint business plan (联合生意计划, JBP): pure analysis core.

Distributor economics from the ledger (:mod:`~kit.jbp.finance`), activity ROI
(:mod:`~kit.jbp.activities`), next-period targets and the profit model's levers
(:mod:`~kit.jbp.targets`), route to market (:mod:`~kit.jbp.rtm`), the five challenges
(:mod:`~kit.jbp.diagnostics`), the "6+1" and "three aspects, six elements" checklists
(:mod:`~kit.jbp.readiness`), the closed loop (:mod:`~kit.jbp.loop`), the six parts
(:mod:`~kit.jbp.parts`), the document with its internal and customer versions
(:mod:`~kit.jbp.document`; :mod:`kit.export.jbp` lays it out for reading), and the
workshop's starting points from whatever data there is (:mod:`~kit.jbp.workshop`). No
widgets, no printing, no files.
"""

from kit.jbp.activities import (
    PAYBACK_ROI,
    activity_review,
    by_type,
    infer_category,
    margin_rates,
    not_paying_back,
)
from kit.jbp.diagnostics import (
    CHALLENGES,
    Finding,
    activities_payback,
    challenge_name,
    challenge_table,
    challenges,
    low_profit,
    slow_payment,
    slow_stock,
    stuffing,
)
from kit.jbp.document import (
    INTERNAL,
    PARTS,
    SHAREABLE,
    VISIBILITY,
    CooperationPlan,
    Jbp,
    Part,
    PlanActivity,
    customer_version,
    part_title,
    redact,
    version_label,
)
from kit.jbp.finance import (
    STUFFING_THRESHOLD,
    bucket,
    channel_stock,
    economics,
    longest_run,
    months,
    pnl,
    profit_model,
    select,
    stock_flow,
    working_capital,
)
from kit.jbp.loop import LOOP, next_assessment, next_stage, plan_vs_actual, stage_label
from kit.jbp.parts import (
    KEY_INDICATORS,
    brand_plan_part,
    brand_review_part,
    build_jbp,
    cooperation_part,
    execution_part,
    financial_review_part,
    financial_targets_part,
    indicator_label,
    is_skipped,
    plan_from_activities,
    review_activities,
    sell_in_prep,
    skipped_part,
)
from kit.jbp.readiness import ASPECTS, PREPARATION, CheckItem, CheckList, preparation, readiness
from kit.jbp.rtm import ROUTES, Route, layer_label, margin_stack, stack_shares
from kit.jbp.sell_in import (
    Attendee,
    Objection,
    Proposal,
    RolePlay,
    SellInMeeting,
    role_play,
    starter_meeting,
)
from kit.jbp.targets import (
    SCENARIO_LEVERS,
    Assumptions,
    Projection,
    adjust,
    assumptions_from_ledger,
    project,
    sensitivity,
    stock_plan,
    target_stock,
)
from kit.jbp.workshop import (
    Choice,
    NextTarget,
    Windows,
    base_assumptions,
    customer_margin,
    data_notes,
    has_rows,
    last_sell_in,
    loop_review,
    next_target,
    outlet_count,
    pick_customer,
    plan_months,
    review_from,
    skipped_parts,
    starter_plan,
    windows,
)

__all__ = [
    "PAYBACK_ROI", "activity_review", "by_type", "infer_category", "margin_rates",
    "not_paying_back",
    "CHALLENGES", "Finding", "activities_payback", "challenge_name", "challenge_table",
    "challenges", "low_profit", "slow_payment", "slow_stock", "stuffing",
    "INTERNAL", "PARTS", "SHAREABLE", "VISIBILITY", "CooperationPlan", "Jbp", "Part",
    "PlanActivity", "customer_version", "part_title", "redact",
    "version_label",
    "STUFFING_THRESHOLD", "bucket", "channel_stock", "economics", "longest_run", "months", "pnl",
    "profit_model", "select", "stock_flow", "working_capital",
    "LOOP", "next_assessment", "next_stage", "plan_vs_actual", "stage_label",
    "KEY_INDICATORS", "brand_plan_part", "brand_review_part", "build_jbp", "cooperation_part",
    "execution_part", "financial_review_part", "financial_targets_part", "indicator_label",
    "is_skipped", "plan_from_activities", "review_activities", "sell_in_prep", "skipped_part",
    "ASPECTS", "PREPARATION", "CheckItem", "CheckList", "preparation", "readiness",
    "ROUTES", "Route", "layer_label", "margin_stack", "stack_shares",
    "SCENARIO_LEVERS", "Assumptions", "Projection", "adjust", "assumptions_from_ledger",
    "project", "sensitivity", "stock_plan", "target_stock",
    "Choice", "NextTarget", "Windows", "base_assumptions", "customer_margin", "next_target",
    "pick_customer", "plan_months", "starter_plan", "windows", "data_notes", "has_rows",
    "loop_review", "outlet_count", "review_from", "skipped_parts", "last_sell_in",
    "Attendee", "Objection", "Proposal", "RolePlay", "SellInMeeting", "role_play",
    "starter_meeting",
]
