"""Key accounts: value, identification, the pipeline, and the people side of selling.

Pure functions and dataclasses: value scores (contribution, loyalty, growth
potential, risk), the portfolio matrix and tiers, ABC / 80-20 (via
kit.review.pareto, on gross margin where the data have a cost), RFM, the
identification checklist, the pipeline's stages with their key nodes as exit
criteria (the stage gate), weighted forecast, stage conversion, ageing and
opportunity scorecard; and the people: coverage of the decision roles and the
reporting lines (:mod:`people`), the customer portrait (:mod:`portrait`), risk
alerts (:mod:`alerts`), the health score (:mod:`health`), relationship care
(:mod:`care`) and customer development management (:mod:`development`).
Definitions are in each module's docstring.
"""

from kit.accounts import alerts, care, development, health, people, portrait, workshop
from kit.accounts.alerts import Thresholds, risk_alerts, rule_book
from kit.accounts.care import SatisfactionSurvey, care_plan, care_summary, customer_file
from kit.accounts.development import (
    CompetitorCheck,
    manager_view,
    suggest_strategy,
    weekly_rollup,
)
from kit.accounts.development import (
    stage_conversion as development_conversion,
)
from kit.accounts.health import health_parts, health_score
from kit.accounts.identify import CHECK_ITEMS, CHECK_WEIGHTS, KeyAccountCheck, recurring_share
from kit.accounts.people import coverage, org_chart, pain_chain
from kit.accounts.pipeline import (
    AGE_BUCKETS,
    CRITERIA,
    CRITERIA_WEIGHTS,
    GATE_STAGES,
    PROBABILITIES,
    STAGES,
    DealProgress,
    OpportunityAssessment,
    StageGateError,
    advance,
    deal_probabilities,
    forecast,
    gate_names,
    gate_nodes,
    pipeline_ageing,
    progress_of,
    stage_conversion,
    stage_keys,
    stage_names,
    stage_nodes,
    weighted_pipeline,
)
from kit.accounts.portrait import Portrait
from kit.accounts.portrait import portrait as customer_portrait
from kit.accounts.value import (
    SCORES,
    TIERS,
    abc_measure,
    account_abc,
    account_metrics,
    account_scores,
    assess_accounts,
    portfolio,
    quintile,
    rfm,
    score_labels,
    top_share,
    with_margin,
)

__all__ = [
    "AGE_BUCKETS", "CHECK_ITEMS", "CHECK_WEIGHTS", "CRITERIA", "CRITERIA_WEIGHTS", "GATE_STAGES",
    "PROBABILITIES", "SCORES", "STAGES", "TIERS", "CompetitorCheck", "DealProgress",
    "KeyAccountCheck", "OpportunityAssessment", "Portrait", "SatisfactionSurvey",
    "StageGateError", "Thresholds", "abc_measure", "account_abc", "account_metrics",
    "account_scores", "advance", "alerts", "assess_accounts", "care", "care_plan",
    "care_summary", "coverage", "customer_file", "customer_portrait", "deal_probabilities",
    "development", "development_conversion", "forecast", "gate_names", "gate_nodes", "health",
    "health_parts", "health_score", "manager_view", "org_chart", "pain_chain", "people",
    "pipeline_ageing", "portfolio", "portrait", "progress_of", "quintile", "recurring_share",
    "rfm", "risk_alerts", "rule_book", "score_labels", "stage_conversion", "stage_keys",
    "stage_names", "stage_nodes", "suggest_strategy", "top_share", "weekly_rollup",
    "weighted_pipeline", "with_margin", "workshop",
]
