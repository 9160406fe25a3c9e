"""Plan documents (xlsx / HTML) from the kit's results: the stage-1 WCC-DAR
report (:mod:`kit.export.review`), the stage-2 business goal plan
(:mod:`kit.export.goals`) and the stage-3 JBP in its internal and customer versions
(:mod:`kit.export.jbp`); the stage-4 target list (:mod:`kit.export.penetration`).

Exports never overwrite silently: an existing file is kept and the export goes
to ``name (2).xlsx`` and so on unless ``overwrite=True``.
"""

from kit.export.goals import goal_plan_html, goal_plan_xlsx
from kit.export.jbp import JbpFiles, export_jbp, jbp_html, jbp_xlsx, render_jbp_html
from kit.export.penetration import target_list_xlsx
from kit.export.review import (
    bridge_view,
    build_workbook,
    funnel_view,
    render_html,
    report_html,
    report_xlsx,
    scorecard_view,
)

__all__ = ["JbpFiles", "bridge_view", "build_workbook", "export_jbp", "funnel_view",
           "goal_plan_html", "goal_plan_xlsx", "jbp_html", "jbp_xlsx", "render_html",
           "render_jbp_html", "report_html", "report_xlsx", "scorecard_view", "target_list_xlsx"]
