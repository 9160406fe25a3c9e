"""Key-account value (大客户价值评估), identification and the six-stage pipeline.

Pure functions and dataclasses: value scores (contribution, loyalty, growth
potential, risk), the portfolio matrix and tiers, ABC / 80-20 (via
kit.review.pareto), RFM, the identification checklist, and the pipeline's
weighted forecast, stage conversion, ageing and opportunity scorecard.
Definitions are in each module's docstring.
"""

from kit.accounts.identify import CHECK_ITEMS, CHECK_WEIGHTS, KeyAccountCheck, recurring_share
from kit.accounts.pipeline import (
    AGE_BUCKETS,
    CRITERIA,
    CRITERIA_WEIGHTS,
    PROBABILITIES,
    STAGES,
    OpportunityAssessment,
    deal_probabilities,
    forecast,
    pipeline_ageing,
    stage_conversion,
    stage_keys,
    stage_names,
    weighted_pipeline,
)
from kit.accounts.value import (
    SCORES,
    TIERS,
    account_abc,
    account_metrics,
    account_scores,
    assess_accounts,
    portfolio,
    quintile,
    rfm,
    score_labels,
    top_share,
)

__all__ = [
    "AGE_BUCKETS", "CHECK_ITEMS", "CHECK_WEIGHTS", "CRITERIA", "CRITERIA_WEIGHTS",
    "PROBABILITIES", "SCORES", "STAGES", "TIERS", "KeyAccountCheck", "OpportunityAssessment",
    "account_abc", "account_metrics", "account_scores", "assess_accounts", "deal_probabilities",
    "forecast", "pipeline_ageing", "portfolio", "quintile", "recurring_share", "rfm",
    "score_labels", "stage_conversion", "stage_keys", "stage_names", "top_share",
    "weighted_pipeline",
]
