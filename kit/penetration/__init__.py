"""Stage 4 — customer penetration (客户渗透): pure analysis functions.

Distribution (ND, WD, TDP, SKUs per outlet), penetration by segment with
frequency, spend and share of wallet, buyer flow between two windows, the
outlet × product-line whitespace grid with a prioritised target list, and a
growth scenario tied to the five-factor funnel; :func:`basis` decides the unit
and universe from whatever the trainee has (outlets file or not). Canonical tables in,
DataFrames and dataclasses out; no I/O, no widgets. Definitions are in each
module's docstring.
"""

from kit.penetration.basis import SEGMENTS, Basis, basis, product_column
from kit.penetration.distribution import (
    distribution,
    distribution_change,
    penetration,
    sku_distribution,
)
from kit.penetration.flow import FLOWS, buyer_flow, buyer_status, flow_labels
from kit.penetration.scenario import (
    LEVERS,
    SPEND_FACTORS,
    Scenario,
    feasible_points,
    growth_scenario,
    penetration_room,
)
from kit.penetration.whitespace import (
    EASE,
    RELATIONSHIPS,
    STATUSES,
    cell_outlets,
    eligibility,
    export_table,
    segment_gaps,
    target_list,
    target_statuses,
    whitespace,
    whitespace_grid,
    whitespace_matrix,
)

__all__ = [
    "EASE", "FLOWS", "LEVERS", "RELATIONSHIPS", "SEGMENTS", "SPEND_FACTORS", "STATUSES", "Basis",
    "Scenario", "basis", "buyer_flow", "buyer_status", "cell_outlets", "distribution",
    "distribution_change", "eligibility", "export_table", "feasible_points", "flow_labels",
    "growth_scenario",
    "penetration_room", "product_column", "segment_gaps", "target_statuses", "penetration", "sku_distribution", "target_list", "whitespace",
    "whitespace_grid", "whitespace_matrix",
]
