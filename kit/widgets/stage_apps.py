"""The no-code apps: one per stage, for Voila (``kit app STAGE``) or a notebook.

Each app starts with the data picker; once a file is loaded it shows the
stage's widgets (the same ones the workshop notebooks use) in tabs, with
export buttons that write into the trainee's work folder and offer the file
as a download link. Nothing here computes: every number comes from the kit.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from kit import (
    accounts,
    charts,
    exercises,
    export,
    goals,
    i18n,
    insights,
    jbp,
    penetration,
    review,
    views,
    workspace,
)
from kit.data import LoadResult, load
from kit.overview import select_flow
from kit.report import draft_report
from kit.widgets.data_picker import DataPicker
from kit.widgets.jbp_app import (
    BuilderApp,
    ChecklistApp,
    CooperationEditor,
    ScenarioApp,
    figures_for,
    jbp_questions,
)
from kit.widgets.penetration_app import (
    PenetrationExplorer,
    PipelineBoard,
    PortfolioApp,
    WhitespaceMap,
    penetration_questions,
)
from kit.widgets.penetration_app import ScenarioApp as PenScenarioApp
from kit.widgets.plan_forms import ChecklistForm, OgsmEditor, SwotBoard
from kit.widgets.review_app import ReviewApp
from kit.widgets.targets_app import SplitApp, TargetApp, goal_questions

t = i18n.catalogue(
    "stage_apps",
    {
        "title.1": {"zh": "阶段一 生意复盘洞察", "en": "Stage 1 — Business review"},
        "title.2": {"zh": "阶段二 目标计划制定", "en": "Stage 2 — Goal setting"},
        "title.3": {"zh": "阶段三 联合生意计划 (JBP)", "en": "Stage 3 — Joint business plan"},
        "title.4": {"zh": "阶段四 客户渗透", "en": "Stage 4 — Customer penetration"},
        "step": {"zh": "第一步：选择你的数据", "en": "Step 1: choose your data"},
        "export": {"zh": "导出", "en": "Export"},
        "exported": {"zh": "已保存到你的作业文件夹：", "en": "Saved to your work folder:"},
        "download": {"zh": "下载 {name}", "en": "Download {name}"},
        "tab.review": {"zh": "复盘", "en": "Review"},
        "tab.questions": {"zh": "5 个核心问题", "en": "5 core questions"},
        "tab.targets": {"zh": "目标设定", "en": "Targets"},
        "tab.swot": {"zh": "SWOT", "en": "SWOT"},
        "tab.ogsm": {"zh": "OGSM", "en": "OGSM"},
        "tab.split": {"zh": "五维分解", "en": "Decomposition"},
        "tab.exercises": {"zh": "练习", "en": "Exercises"},
        "tab.export": {"zh": "导出", "en": "Export"},
        "tab.pen_explorer": {"zh": "渗透率", "en": "Penetration"},
        "tab.pen_whitespace": {"zh": "空白点与目标名单", "en": "Whitespace and targets"},
        "tab.pen_scenario": {"zh": "增长情景", "en": "Growth scenario"},
        "tab.pen_accounts": {"zh": "大客户组合", "en": "Account portfolio"},
        "tab.pen_pipeline": {"zh": "销售管道", "en": "Pipeline"},
        "export.targets": {"zh": "导出客户渗透目标名单（Excel）", "en": "Export the target list (Excel)"},
        "file.targets": {"zh": "客户渗透目标名单", "en": "penetration target list"},
        "tab.jbp_data": {"zh": "客户与数据", "en": "Customer and data"},
        "tab.jbp_scenario": {"zh": "经销商损益情景", "en": "Distributor P&L scenario"},
        "tab.jbp_plan": {"zh": "合作计划", "en": "Cooperation plan"},
        "tab.jbp_checklists": {"zh": "准备清单", "en": "Checklists"},
        "tab.jbp_builder": {"zh": "组装与导出", "en": "Build and export"},
        "export.review": {"zh": "导出复盘报告（HTML + Excel）", "en": "Export the review report (HTML + Excel)"},
        "export.goals": {"zh": "导出“我的业务目标计划”（Excel + HTML）",
                         "en": "Export “My business goal plan” (Excel + HTML)"},
        "file.review": {"zh": "复盘报告", "en": "review report"},
        "file.goals": {"zh": "我的业务目标计划", "en": "my business goal plan"},
        "unknown_stage": {"zh": "没有阶段 {stage} 的应用；可选：{stages}",
                          "en": "There is no app for stage {stage}; choose one of {stages}"},
    },
)


def download_link(path: Path) -> str:
    """An HTML link carrying the file itself, so a browser can save it from Voila."""
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    name = html.escape(Path(path).name)
    return (f'<a download="{name}" href="data:application/octet-stream;base64,{data}">'
            f"{html.escape(t('download', name=Path(path).name))}</a>")


def export_panel(label: str, write: Callable[[], list[Path]]) -> widgets.VBox:
    """A button that runs `write` and lists the files it wrote, each downloadable."""
    button = widgets.Button(description=label, icon="download", button_style="success",
                            layout=widgets.Layout(width="auto"))
    result = widgets.HTML()

    def on_click(_):
        paths = write()
        result.value = (f"{html.escape(t('exported'))}<ul>"
                        + "".join(f"<li>{html.escape(str(p))} — {download_link(p)}</li>" for p in paths)
                        + "</ul>")

    button.on_click(on_click)
    return widgets.VBox([button, result])


def _exercises(questions, trainee: str) -> widgets.VBox:
    return widgets.VBox([exercises.widget(q, trainee=trainee) for q in questions])


def _tabs(pages: list[tuple[str, widgets.Widget]]) -> widgets.Tab:
    tab = widgets.Tab(children=[w for _, w in pages])
    for i, (key, _) in enumerate(pages):
        tab.set_title(i, t(f"tab.{key}"))
    return tab


# ------------------------------------------------------------------ stage 1


def review_stage(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    targets, outlets = extras.get("targets"), extras.get("outlets")
    app = ReviewApp(sales, targets=targets, outlets=outlets, trainee=trainee)

    def write() -> list[Path]:
        window = review.Window(app.state.window, app.state.end)
        by = views.first_dimension(sales)
        report = draft_report(sales, window, targets=targets, outlets=outlets, by=by, subject=trainee)
        folder = workspace.workdir(trainee)
        name = t("file.review")
        figure = charts.waterfall(review.bridge(sales, window))
        return [export.report_html(report, folder / f"{name}.html", figures={"bridge": figure}),
                export.report_xlsx(report, folder / f"{name}.xlsx")]

    return _tabs([("review", app.widget), ("export", export_panel(t("export.review"), write))])


# ------------------------------------------------------------------ stage 2


def goals_stage(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    outlets = extras.get("outlets")
    planned = select_flow(sales)
    monthly = review.monthly_series(planned)
    year = monthly.index[-1].year + 1
    levels = goals.default_levels(planned.columns)
    start = goals.starting_point(sales, outlets)
    target_app = TargetApp(start, trainee=trainee)
    annual = float(round(target_app.setting.top_down))
    seasonality = goals.phasing_weights(monthly)
    split = SplitApp(goals.SplitPlan(total=annual, levels=levels, year=year),
                     goals.last_twelve_months(planned), seasonality, potential=outlets,
                     last_year_months=monthly, trainee=trainee)
    window = review.Window("ytd", sales["period"].max())
    cards = insights.review_cards(sales, window, outlets=outlets, by=views.first_dimension(sales))
    checklist = ChecklistForm(trainee)
    swot = SwotBoard(goals.swot_from_cards(cards), trainee)
    ogsm = OgsmEditor(trainee, starter=goals.ogsm_starter(annual, year))
    questions = goal_questions(target_app.setting, split.cells, split.months, levels)

    def write() -> list[Path]:
        plan = goals.GoalPlan(subject=trainee, setting=target_app.setting, checklist=checklist.checklist,
                              swot=swot.swot, ogsm=ogsm.ogsm, cells=split.cells, months=split.months,
                              levels=levels, monthly_history=monthly)
        folder = workspace.workdir(trainee)
        name = t("file.goals")
        figures = {charts.t("target.title"): charts.target_chart(plan.setting),
                   charts.t("phasing.title", year=year): charts.phasing_chart(plan.months, monthly)}
        return [export.goal_plan_xlsx(plan, folder / f"{name}.xlsx"),
                export.goal_plan_html(plan, folder / f"{name}.html", figures=figures)]

    return _tabs([
        ("questions", checklist.widget), ("targets", target_app.widget), ("swot", swot.widget),
        ("ogsm", ogsm.widget), ("split", split.widget),
        ("exercises", _exercises(questions, trainee)),
        ("export", export_panel(t("export.goals"), write)),
    ])


# ------------------------------------------------------------------ stage 3


def jbp_stage(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    """As workshops/03_jbp_design.ipynb: the customer that the data and the
    optional ledger / activities / targets point to, the scenario, the plan
    editor, the checklists and the builder (whose export writes both versions)."""
    ledger, activities, targets = (extras.get(k) for k in ("distributor_ledger", "activities", "targets"))
    w = jbp.windows(sales)
    choice = jbp.pick_customer(sales, ledger, extras.get("customer"))
    customer = choice.customer_id
    review_table = jbp.review_from(activities, sales)
    target = jbp.next_target(sales, customer, w.review, targets, 0.0)
    margin = jbp.customer_margin(sales, customer, w.review)
    base = jbp.base_assumptions(ledger, customer, w.review, 0.0, 0)
    scenario = ScenarioApp(base, customer=customer, trainee=trainee) if base is not None else None
    cooperation = CooperationEditor(jbp.starter_plan(review_table, customer, w.review, margin, None),
                                    customer=customer, margin_rate=margin, trainee=trainee)
    checklists = ChecklistApp(customer=customer, trainee=trainee)
    in_ledger = jbp.has_rows(ledger, customer, w.review)

    def build():
        return jbp.build_jbp(
            customer, w.plan, sales=sales, review_window=w.review, next_target=target.value,
            plan=cooperation.plan, ledger=ledger,
            assumptions=scenario.assumptions if scenario else None,
            projection=scenario.projection if scenario else None,
            activity_review_table=review_table, targets=targets, customer_name=choice.customer_name,
            diagnosis_window=w.diagnosis)

    def figures():
        return figures_for(customer, ledger=ledger if in_ledger else None, review=review_table,
                           projection=scenario.projection if scenario else None)

    builder = BuilderApp(build, customer=customer, trainee=trainee, figures=figures)
    notes = "<br>".join(html.escape(n) for n in jbp.data_notes(
        sales, customer, w.review, ledger=ledger, activities=activities, targets=targets, growth=0.0))
    pages = [("jbp_data", widgets.HTML(f"<b>{html.escape(customer)} {html.escape(choice.customer_name)}"
                                       f"</b><br>{notes}"))]
    if scenario is not None:
        pages.append(("jbp_scenario", scenario.widget))
    challenges = jbp.challenge_table(ledger, w.diagnosis, review_table) if ledger is not None else None
    questions = jbp_questions(builder.current, challenge_table=challenges, review=review_table)
    pages += [("jbp_plan", cooperation.widget), ("jbp_checklists", checklists.widget),
              ("exercises", _exercises(questions, trainee)), ("jbp_builder", builder.widget)]
    return _tabs(pages)


# ------------------------------------------------------------------ stage 4


def _penetration_questions(basis, current, whitespace_map, base, opportunities):
    """The questions workshops/04 asks, from the same results."""
    by = basis.first_segment
    table = penetration.penetration(basis.rows, basis.universe, current, by=by, flow=None)
    before = basis.before(12, None)
    flow = None
    if len(before):
        status = penetration.buyer_status(basis.rows, before, current, outlets=basis.universe, flow=None)
        flow = penetration.buyer_flow(status, by=by if by in status else None)
    points = penetration.feasible_points(base, 5.0)
    forecast = (accounts.forecast(opportunities, use_row_probability=False)
                if opportunities is not None else None)
    return penetration_questions(
        table, by, basis.window_label("current", 12, None),
        penetration.segment_gaps(whitespace_map.ws, by=whitespace_map.by), whitespace_map.by, flow,
        penetration.growth_scenario(base, penetration_points=points), points, forecast)


def penetration_stage(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    """As workshops/04_customer_penetration.ipynb: explorer, whitespace map and
    target list, scenario, account portfolio, pipeline board, target-list export."""
    outlets, opportunities = extras.get("outlets"), extras.get("opportunities")
    basis = penetration.basis(sales, outlets)
    current = basis.window(12, None)
    explorer = PenetrationExplorer(basis, months=12, trainee=trainee)
    whitespace_map = WhitespaceMap(basis, current, product=penetration.product_column(sales),
                                   trainee=trainee)
    base = basis.funnel_factors(current)
    scenario_app = PenScenarioApp(base, trainee=trainee,
                                  penetration_points=penetration.feasible_points(base, 5.0))
    assessed = accounts.assess_accounts(sales, review.Window("mat", current[-1]), outlets=outlets)
    portfolio_app = PortfolioApp(assessed, trainee=trainee)
    board = (PipelineBoard(opportunities, as_of=basis.last_day(12, None), trainee=trainee)
             if opportunities is not None else None)

    def write() -> list[Path]:
        folder = workspace.workdir(trainee)
        return [export.target_list_xlsx(
            whitespace_map.targets, folder / f"{t('file.targets')}.xlsx",
            segments=penetration.segment_gaps(whitespace_map.ws, by=whitespace_map.by),
            scenario=scenario_app.scenario, pipeline=board.stages if board is not None else None)]

    pages = [("pen_explorer", explorer.widget), ("pen_whitespace", whitespace_map.widget),
             ("pen_scenario", scenario_app.widget), ("pen_accounts", portfolio_app.widget)]
    if board is not None:
        pages.append(("pen_pipeline", board.widget))
    pages.append(("exercises", _exercises(_penetration_questions(
        basis, current, whitespace_map, base, opportunities), trainee)))
    pages.append(("export", export_panel(t("export.targets"), write)))
    return _tabs(pages)


BUILDERS: dict[int, Callable[[pd.DataFrame, str, dict], widgets.Widget]] = {
    1: review_stage,
    2: goals_stage,
    3: jbp_stage,
    4: penetration_stage,
}


#: Optional files an app can be started with (``kit app 3 --ledger …``); other
#: extras (``customer``) are passed through as they are.
TABLE_EXTRAS = ("outlets", "targets", "distributor_ledger", "activities", "opportunities")


def stage_app(stage: int, *, data: str = "", trainee: str = "",
              extras: dict[str, str] | None = None) -> widgets.VBox:
    """The app for one stage. `extras`: table name → path of optional case files
    (outlets, targets …) loaded once the trainee's own data is in."""
    if stage not in BUILDERS:
        raise ValueError(t("unknown_stage", stage=stage, stages=", ".join(map(str, BUILDERS))))
    tables = {name: load(path, name).data for name, path in (extras or {}).items()
              if path and name in TABLE_EXTRAS}
    tables |= {name: value for name, value in (extras or {}).items() if name not in TABLE_EXTRAS}
    body = widgets.VBox()

    def on_load(result: LoadResult, name: str) -> None:
        body.children = [BUILDERS[stage](result.data, name, tables)]

    picker = DataPicker(on_load, trainee=trainee, path=data)
    app = widgets.VBox([widgets.HTML(f"<h2>{html.escape(t(f'title.{stage}'))}</h2>"),
                        widgets.HTML(f"<b>{html.escape(t('step'))}</b>"), picker.widget, body])
    app.picker, app.body = picker, body  # for tests and for the browser checks
    return app
