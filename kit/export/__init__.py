"""Plans as files, through one document model (:mod:`kit.export.document`).

Builders lay each plan out as a Document: the stage-1 WCC-DAR report
(:mod:`kit.export.review`), the stage-2 business goal plan (:mod:`kit.export.goals`),
the stage-3 JBP in its internal and customer versions (:mod:`kit.export.jbp`), the
stage-4 target list (:mod:`kit.export.penetration`) and the key-account relationship
plan, also in two versions (:mod:`kit.export.accounts`). Writers turn any Document into
a file: :mod:`kit.export.xlsx`, :mod:`kit.export.html`, :mod:`kit.export.pdf` and
:mod:`kit.export.pptx`; :func:`write_all` writes one Document in all four.

Exports never overwrite silently: an existing file is kept and the export goes to
``name (2).xlsx`` and so on unless ``overwrite=True``.
"""

from kit.export.accounts import (
    AccountPlan,
    AccountPlanFiles,
    account_plan_document,
    export_account_plan,
)
from kit.export.formats import FORMATS, Written, write, write_all
from kit.export.goals import goal_plan_document, goal_plan_html, goal_plan_xlsx
from kit.export.jbp import JbpFiles, export_jbp, jbp_document, jbp_html, jbp_xlsx, render_jbp_html
from kit.export.penetration import target_list_document, target_list_html, target_list_xlsx
from kit.export.review import build_workbook, render_html, report_document, report_html, report_xlsx

__all__ = ["AccountPlan", "AccountPlanFiles", "FORMATS", "JbpFiles", "Written",
           "account_plan_document", "export_account_plan", "write", "write_all",
           "build_workbook", "export_jbp", "goal_plan_document", "goal_plan_html",
           "goal_plan_xlsx", "jbp_document", "jbp_html", "jbp_xlsx", "render_html",
           "render_jbp_html", "report_document", "report_html", "report_xlsx",
           "target_list_document", "target_list_html", "target_list_xlsx"]
