"""Stage 2 — goal setting & planning (目标计划制定): where targets come from,
the five-dimension decomposition, SWOT and OGSM. Pure functions and
dataclasses; widgets and exports build on them."""

from kit.goals.decompose import (
    RULES,
    DecompositionError,
    basis,
    by_month,
    decompose,
    flag_growth,
    largest_remainder,
    level,
)
from kit.goals.plan import (
    CORE_QUESTIONS,
    GOAL_TYPES,
    Checklist,
    Goal,
    Measure,
    Ogsm,
    Strategy,
    Swot,
    SwotEntry,
    driver_tree,
    four_p_strategies,
    load_plan,
    render_tree,
    save_plan,
    swot_from_cards,
    tows_prompts,
    unanswered,
    validate,
)
from kit.goals.targets import Drivers, Gap, baseline, bottom_up, top_down

__all__ = [
    "CORE_QUESTIONS", "GOAL_TYPES", "Checklist", "Goal", "Measure", "Ogsm", "Strategy", "Swot",
    "SwotEntry", "driver_tree", "four_p_strategies", "load_plan", "render_tree", "save_plan",
    "swot_from_cards", "tows_prompts", "unanswered", "validate",
    "RULES", "DecompositionError", "Drivers", "Gap", "baseline", "basis", "bottom_up", "by_month",
    "decompose", "flag_growth", "largest_remainder", "level", "top_down",
]
