"""Stage 4 — customer penetration (客户渗透): pure analysis functions.

Distribution (ND, WD, TDP, SKUs per outlet), penetration by segment with
frequency, spend and share of wallet, buyer flow between two windows, the
outlet × product-line whitespace grid with a prioritised target list, and a
growth scenario tied to the five-factor funnel. Canonical tables in,
DataFrames and dataclasses out; no I/O, no widgets. Definitions are in each
module's docstring.
"""

from kit.penetration.distribution import distribution, penetration, sku_distribution
from kit.penetration.flow import FLOWS, buyer_flow, buyer_status, flow_labels
from kit.penetration.scenario import LEVERS, SPEND_FACTORS, Scenario, growth_scenario
from kit.penetration.whitespace import (
    EASE,
    RELATIONSHIPS,
    STATUSES,
    eligibility,
    export_table,
    target_list,
    whitespace,
    whitespace_grid,
    whitespace_matrix,
)

__all__ = [
    "EASE", "FLOWS", "LEVERS", "RELATIONSHIPS", "SPEND_FACTORS", "STATUSES", "Scenario",
    "buyer_flow", "buyer_status", "distribution", "eligibility", "export_table", "flow_labels",
    "growth_scenario", "penetration", "sku_distribution", "target_list", "whitespace",
    "whitespace_grid", "whitespace_matrix",
]
