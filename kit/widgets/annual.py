"""The day-6 capstone, 我的年度生意计划: each stage's saved work, carried into the next
stage and gathered into one annual plan, and the app that shows and exports it.

Every stage autosaves what the trainee did into the work folder (kit.workspace); this
module reads those saves back with the trainee's data and rebuilds each stage's part
with the same kit functions the stage used:

- stage 1: the UIA cards kept and written (:data:`kit.widgets.review_forms.UIA_SAVE`)
  and the WCC-DAR report written in the form, over the review window notebook 01
  starts with (year to date, to the data's last month);
- stage 2: the target inputs, the split (:func:`saved_split`), the checklist, SWOT and
  OGSM — stage 3 takes its customer's target from this split;
- stage 3: the JBP as last exported, and the sell-in meeting plan;
- stage 4: the growth scenario and the target list over the latest 12 months, with the
  sliders as the trainee left them;
- the five steps: KBD, screening and action plan (:mod:`kit.widgets.business_plan_form`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from kit import i18n, review, workspace
from kit import penetration as pen
from kit.annual import AnnualPlan, PenetrationPart, missing_parts
from kit.export.annual import annual_document, export_annual
from kit.export.formats import Written
from kit.export.html import table_html
from kit.goals import (
    Ambition,
    Checklist,
    DecompositionError,
    Drivers,
    GoalPlan,
    Ogsm,
    SplitPlan,
    Swot,
    default_levels,
    last_twelve_months,
    phasing_weights,
    set_targets,
    split_plan,
    starting_point,
)
from kit.goals.business_plan import BusinessPlan
from kit.insights import UiaBoard
from kit.jbp.document import Jbp
from kit.jbp.sell_in import SellInMeeting
from kit.overview import select_flow
from kit.report import ReportDraft, draft_report, with_draft
from kit.views import first_dimension
from kit.widgets import business_plan_form, jbp_app, penetration_app, plan_forms, targets_app
from kit.widgets.review_forms import REPORT_SAVE, UIA_SAVE

t = i18n.catalogue(
    "annual_app",
    {
        "refresh": {"zh": "重新汇总各模块保存的结果", "en": "Gather the stages' saved work again"},
        "export": {"zh": "导出“我的年度生意计划”（Excel + HTML + PDF）",
                   "en": "Export “My annual business plan” (Excel + HTML + PDF)"},
        "todo": {"zh": "还没有完成的部分：", "en": "Not done yet:"},
        "complete": {"zh": "✓ 各部分都已完成。", "en": "✓ Every part is done."},
        "reconciliation": {"zh": "对账：各部分的数字是否一致", "en": "Reconciliation"},
        "exported": {"zh": "已导出：", "en": "Exported:"},
    },
)


@dataclass(frozen=True)
class StageTwo:
    """Stage 2's split as the trainee left it, recomputed on the data."""

    plan: SplitPlan
    cells: pd.DataFrame
    months: pd.Series
    monthly: pd.Series
    levels: list[str]


def _saved(name: str, trainee: str | None) -> bool:
    return workspace.json_path(name, trainee).exists()


def saved_split(sales: pd.DataFrame, outlets: pd.DataFrame | None = None,
                trainee: str | None = None) -> StageTwo | None:
    """The trainee's saved stage-2 split (the grid's SplitPlan) on ``sales``: None when
    there is none, or it was made for other columns, or its locks no longer fit."""
    if not _saved(targets_app.SPLIT_SAVE, trainee):
        return None
    planned = select_flow(sales)
    monthly = review.monthly_series(planned)
    levels = default_levels(planned.columns)
    blank = SplitPlan(0.0, levels, monthly.index[-1].year + 1)
    plan = workspace.load(targets_app.SPLIT_SAVE, SplitPlan, default=blank, trainee=trainee).value
    if plan.levels != levels:
        return None
    try:
        cells, months = split_plan(plan, last_twelve_months(planned), phasing_weights(monthly),
                                   potential=outlets if plan.rule != "last_year" else None)
    except DecompositionError:
        return None
    return StageTwo(plan, cells, months, monthly, levels)


def saved_goals(sales: pd.DataFrame, outlets: pd.DataFrame | None, trainee: str | None,
                subject: str = "", two: StageTwo | None = None) -> GoalPlan | None:
    """Stage 2's plan from its saves (None without a saved split); ``two``: the split
    :func:`saved_split` already rebuilt, so it is not rebuilt again."""
    two = two or saved_split(sales, outlets, trainee)
    if two is None:
        return None
    inputs = workspace.load(targets_app.TARGETS_SAVE, targets_app.TargetInputs,
                            default=targets_app.TargetInputs(Ambition(), Drivers()),
                            trainee=trainee).value
    setting = set_targets(starting_point(sales, outlets), inputs.ambition, inputs.drivers)
    load = workspace.load
    return GoalPlan(subject=subject or (trainee or ""), setting=setting,
                    checklist=load(plan_forms.CHECKLIST_SAVE, Checklist, trainee=trainee).value,
                    swot=load(plan_forms.SWOT_SAVE, Swot, trainee=trainee).value,
                    ogsm=load(plan_forms.OGSM_SAVE, Ogsm, trainee=trainee).value,
                    cells=two.cells, months=two.months, levels=two.levels,
                    monthly_history=two.monthly)


def saved_penetration(sales: pd.DataFrame, outlets: pd.DataFrame | None,
                      trainee: str | None, months: int = 12) -> PenetrationPart | None:
    """Stage 4's scenario and target list from its saves (None when stage 4 saved
    neither): the latest ``months`` months, the sliders and ease as the trainee left them."""
    if not (_saved(penetration_app.SCENARIO_SAVE, trainee)
            or _saved(penetration_app.WHITESPACE_SAVE, trainee)):
        return None
    basis = pen.basis(sales, outlets)
    current = basis.window(months)
    base = basis.funnel_factors(current)
    levers = workspace.load(penetration_app.SCENARIO_SAVE, default={"penetration_points": 0.0,
                                                                    "frequency": 0.0,
                                                                    "spend": 0.0},
                            trainee=trainee).value
    levers["penetration_points"] = pen.feasible_points(base, float(levers["penetration_points"]))
    scenario = pen.growth_scenario(base, **{k: float(v) for k, v in levers.items()})
    state = workspace.load(penetration_app.WHITESPACE_SAVE,
                           default={"segment": basis.whitespace_by or "", "ease": {}},
                           trainee=trainee).value
    by = state["segment"] if state["segment"] in basis.segments else None
    ws = pen.whitespace(basis.rows, basis.universe, current, product=pen.product_column(sales),
                        by=by, flow=None)
    targets = pen.target_list(ws, ease={**pen.EASE, **state["ease"]},
                              statuses=pen.target_statuses(ws))
    return PenetrationPart(scenario, basis.unit, len(basis.universe), targets,
                           basis.window_label("current", months))


def gather(sales: pd.DataFrame, *, customer: str, trainee: str | None = None,
           outlets: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
           subject: str = "") -> AnnualPlan:
    """Every stage's saved part for ``customer`` (the JBP's), rebuilt on the data."""
    report = draft_report(sales, review.Window("ytd", sales["period"].max()), targets=targets,
                          outlets=outlets, by=first_dimension(sales), subject=subject)
    written = workspace.load(REPORT_SAVE, ReportDraft, trainee=trainee).value
    two = saved_split(sales, outlets, trainee)
    jbp = (workspace.load(f"{jbp_app.JBP_SAVE}_{customer}", Jbp, trainee=trainee).value
           if _saved(f"{jbp_app.JBP_SAVE}_{customer}", trainee) else None)
    meeting_name = f"{jbp_app.SELL_IN_SAVE}_{customer}"
    plan_name = business_plan_form.save_name(customer)
    return AnnualPlan(
        subject=subject or (trainee or ""), customer_id=customer,
        cards=workspace.load(UIA_SAVE, UiaBoard, trainee=trainee).value.cards,
        report=with_draft(report, written) if not written.blank() else report,
        goals=saved_goals(sales, outlets, trainee, subject, two),
        plan_year=two.plan.year if two is not None else None,
        jbp=jbp,
        meeting=(workspace.load(meeting_name, SellInMeeting, trainee=trainee).value
                 if _saved(meeting_name, trainee) else None),
        penetration=saved_penetration(sales, outlets, trainee),
        business_plan=(workspace.load(plan_name, BusinessPlan, trainee=trainee).value
                       if _saved(plan_name, trainee) else None))


class AnnualPlanApp:
    """What is still missing, the reconciliation table and (``export_button``) the export
    button, over ``gather_plan()`` (called again on Refresh and before every export)."""

    def __init__(self, gather_plan: Callable[[], AnnualPlan], *, trainee: str | None = None,
                 export_button: bool = True, template: str | None = None):
        self.gather_plan, self.trainee = gather_plan, trainee
        self.template = template  # the company's .pptx for the deck
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.result = widgets.HTML()
        refresh = widgets.Button(description=t("refresh"), icon="refresh",
                                 layout=widgets.Layout(width="auto"))
        refresh.on_click(lambda _: self.refresh())
        export = widgets.Button(description=t("export"), icon="download", button_style="success",
                                layout=widgets.Layout(width="auto"))
        export.on_click(lambda _: self.export())
        self.widget = widgets.VBox([refresh, self.status,
                                    widgets.HTML(f"<b>{t('reconciliation')}</b>"), self.table,
                                    *([export, self.result] if export_button else [])])
        self.refresh()

    def refresh(self) -> AnnualPlan:
        self.plan = self.gather_plan()
        missing = missing_parts(self.plan)
        self.status.value = (f"<b>{t('todo')}</b><ul>"
                             + "".join(f"<li>{html.escape(m)}</li>" for m in missing) + "</ul>"
                             if missing else t("complete"))
        doc = annual_document(self.plan)
        section = next(s for s in doc.sections if s.key == "reconciliation")
        self.table.value = table_html(section.blocks[0])
        return self.plan

    def export(self) -> Written:
        """Gather again, then write the plan in every format into the work folder."""
        self.refresh()
        self.files = export_annual(self.plan, workspace.workdir(self.trainee),
                                   template=self.template)
        self.result.value = (f"{t('exported')}<ul>"
                             + "".join(f"<li>{html.escape(p.name)}</li>" for p in self.files.all())
                             + "".join(f"<li>{html.escape(n)}</li>" for n in self.files.notes)
                             + "</ul>")
        return self.files


__all__ = ["AnnualPlanApp", "StageTwo", "gather", "saved_goals", "saved_penetration",
           "saved_split"]
