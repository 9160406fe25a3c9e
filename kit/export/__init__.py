"""Plan documents (xlsx / HTML) from the kit's results: the stage-1 WCC-DAR
report (:mod:`kit.export.review`) and the stage-2 business goal plan
(:mod:`kit.export.goals`).

Exports never overwrite silently: an existing file is kept and the export goes
to ``name (2).xlsx`` and so on unless ``overwrite=True``.
"""

from kit.export.goals import goal_plan_html, goal_plan_xlsx
from kit.export.review import (
    bridge_view,
    build_workbook,
    funnel_view,
    render_html,
    report_html,
    report_xlsx,
    scorecard_view,
)

__all__ = ["bridge_view", "build_workbook", "funnel_view", "goal_plan_html", "goal_plan_xlsx",
           "render_html", "report_html", "report_xlsx", "scorecard_view"]
