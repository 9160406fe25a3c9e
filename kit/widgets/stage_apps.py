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
    account_charts,
    accounts,
    annual,
    charts,
    exercises,
    export,
    goals,
    i18n,
    insights,
    jbp,
    penetration,
    questions,
    review,
    views,
    workspace,
)
from kit.data import LoadResult, load
from kit.errors import KitError, message
from kit.overview import select_flow
from kit.report import draft_report
from kit.widgets.accounts_app import (
    AccountBoard,
    DevelopmentBoard,
    KeyPersonEditor,
    StageGateApp,
    data_notes,
    load_people,
)
from kit.widgets.annual import AnnualPlanApp, gather, saved_split
from kit.widgets.business_plan_form import BusinessPlanForm
from kit.widgets.data_picker import DataPicker
from kit.widgets.jbp_app import (
    BuilderApp,
    ChecklistApp,
    CooperationEditor,
    ProfitScenarioApp,
    SellInForm,
    figures_for,
)
from kit.widgets.penetration_app import (
    GrowthScenarioApp,
    PenetrationExplorer,
    PipelineBoard,
    PortfolioApp,
    WhitespaceMap,
)
from kit.widgets.plan_forms import ChecklistForm, OgsmEditor, SwotBoard
from kit.widgets.review_app import ReviewApp
from kit.widgets.review_forms import ReportForm, UiaForm, kept_findings
from kit.widgets.targets_app import SplitApp, TargetApp

t = i18n.catalogue(
    "stage_apps",
    {
        "title.1": {"zh": "阶段一 生意复盘洞察", "en": "Stage 1 — Business review"},
        "title.2": {"zh": "阶段二 目标计划制定", "en": "Stage 2 — Goal setting"},
        "title.3": {"zh": "阶段三 联合生意计划 (JBP)", "en": "Stage 3 — Joint business plan"},
        "title.4": {"zh": "阶段四 客户渗透", "en": "Stage 4 — Customer penetration"},
        "title.5": {"zh": "大客户关系：关键人物、健康度与风险预警",
                    "en": "Key accounts: key persons, health and risk alerts"},
        "title.6": {"zh": "实战演练 我的年度生意计划", "en": "Capstone — My annual business plan"},
        "step": {"zh": "第一步：选择你的数据", "en": "Step 1: choose your data"},
        "export": {"zh": "导出", "en": "Export"},
        "exported": {"zh": "已保存到你的作业文件夹：", "en": "Saved to your work folder:"},
        "download": {"zh": "下载 {name}", "en": "Download {name}"},
        "tab.review": {"zh": "复盘", "en": "Review"},
        "tab.uia": {"zh": "UIA 卡片", "en": "UIA cards"},
        "tab.report": {"zh": "WCC-DAR 报告", "en": "WCC-DAR report"},
        "tab.jbp_sell_in": {"zh": "卖入会准备", "en": "Sell-in meeting"},
        "tab.annual": {"zh": "我的年度生意计划", "en": "My annual plan"},
        "tab.five_steps": {"zh": "KBD、筛选与行动计划", "en": "KBD, screening, actions"},
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
        "export.targets": {"zh": "导出客户渗透目标名单（Excel、HTML、PPT、PDF）",
                           "en": "Export the target list (Excel, HTML, slides, PDF)"},
        "file.targets": {"zh": "客户渗透目标名单", "en": "penetration target list"},
        "tab.jbp_data": {"zh": "客户与数据", "en": "Customer and data"},
        "tab.jbp_scenario": {"zh": "经销商损益情景", "en": "Distributor P&L scenario"},
        "tab.jbp_plan": {"zh": "合作计划", "en": "Cooperation plan"},
        "tab.jbp_checklists": {"zh": "准备清单", "en": "Checklists"},
        "tab.jbp_builder": {"zh": "组装与导出", "en": "Build and export"},
        "export.review": {"zh": "导出复盘报告（Excel、HTML、PPT、PDF）",
                          "en": "Export the review report (Excel, HTML, slides, PDF)"},
        "export.goals": {"zh": "导出“我的业务目标计划”（Excel、HTML、PPT、PDF）",
                         "en": "Export “My business goal plan” (Excel, HTML, slides, PDF)"},
        "file.review": {"zh": "复盘报告", "en": "review report"},
        "file.goals": {"zh": "我的业务目标计划", "en": "my business goal plan"},
        "tab.acc_people": {"zh": "关键人物表", "en": "Key persons"},
        "tab.acc_map": {"zh": "关系图与客户画像", "en": "Map and portrait"},
        "tab.acc_health": {"zh": "健康度", "en": "Health"},
        "tab.acc_alerts": {"zh": "风险预警", "en": "Risk alerts"},
        "tab.acc_care": {"zh": "关系维护", "en": "Care plan"},
        "tab.acc_gate": {"zh": "商机推进", "en": "Stage gate"},
        "tab.acc_development": {"zh": "客户开发", "en": "Development"},
        "export.accounts": {"zh": "导出大客户关系计划（内部版和客户版：Excel、HTML、PPT、PDF）",
                            "en": "Export the key-account plan (internal and customer: Excel, HTML, "
                                  "slides, PDF)"},
        "export.annual": {"zh": "导出并下载“我的年度生意计划”", "en": "Export and download “My annual plan”"},
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


def export_panel(label: str, write: Callable[[], export.Written]) -> widgets.VBox:
    """A button that runs `write` and lists the files it wrote, each downloadable, and why
    a format is missing."""
    button = widgets.Button(description=label, icon="download", button_style="success",
                            layout=widgets.Layout(width="auto"))
    result = widgets.HTML()

    def on_click(_):
        try:
            written = write()
        except KitError as error:  # explained: say so, keep the app working
            result.value = f"<span style='color:#c62828'>{html.escape(message(error))}</span>"
            return
        result.value = (f"{html.escape(t('exported'))}<ul>"
                        + "".join(f"<li>{html.escape(str(p))} — {download_link(p)}</li>"
                                  for p in written.all())
                        + "</ul>" + "".join(f"<p><i>{html.escape(n)}</i></p>" for n in written.notes))

    button.on_click(on_click)
    return widgets.VBox([button, result])


def _write(document, trainee: str, name: str, extras: dict) -> export.Written:
    """The document in every format into the trainee's work folder (a company deck template
    when the app was started with one); a PDF without a browser is left out, and said."""
    return export.write_all(document, workspace.workdir(trainee), name,
                            template=extras.get("template"))


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
    window = review.Window("ytd", sales["period"].max())
    by = views.first_dimension(sales)
    report = draft_report(sales, window, targets=targets, outlets=outlets, by=by, subject=trainee)
    uia = UiaForm(report.cards, report, trainee=trainee)
    written = ReportForm(report, trainee=trainee)

    def write() -> export.Written:  # the report as the trainee wrote it in the report tab
        figure = charts.waterfall(review.bridge(sales, window))
        document = export.report_document(written.report, figures={"bridge": figure})
        return _write(document, trainee, t("file.review"), extras)

    return _tabs([("review", app.widget), ("uia", uia.widget), ("report", written.widget),
                  ("export", export_panel(t("export.review"), write))])


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
    kept = kept_findings(trainee)
    suggested = (goals.swot_from_findings(kept) if kept else goals.swot_from_cards(
        insights.review_cards(sales, window, outlets=outlets, by=views.first_dimension(sales))))
    checklist = ChecklistForm(trainee)
    swot = SwotBoard(suggested, trainee)
    ogsm = OgsmEditor(trainee, starter=goals.ogsm_starter(annual, year))
    asked = questions.goals.questions(sales, outlets)

    def write() -> export.Written:
        plan = goals.GoalPlan(subject=trainee, setting=target_app.setting, checklist=checklist.checklist,
                              swot=swot.swot, ogsm=ogsm.ogsm, cells=split.cells, months=split.months,
                              levels=levels, monthly_history=monthly)
        figures = {charts.t("target.title"): charts.target_chart(plan.setting),
                   charts.t("phasing.title", year=year): charts.phasing_chart(plan.months, monthly)}
        return _write(export.goal_plan_document(plan, figures), trainee, t("file.goals"), extras)

    return _tabs([
        ("questions", checklist.widget), ("targets", target_app.widget), ("swot", swot.widget),
        ("ogsm", ogsm.widget), ("split", split.widget),
        ("exercises", _exercises(asked, trainee)),
        ("export", export_panel(t("export.goals"), write)),
    ])


# ------------------------------------------------------------------ stage 3


def jbp_stage(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    """As workshops/03_jbp_design.ipynb: the customer that the data and the
    optional ledger / activities / targets point to, the scenario, the plan
    editor, the checklists and the builder (whose export writes both versions)."""
    ledger, activities, targets = (extras.get(k) for k in ("distributor_ledger", "activities", "targets"))
    outlets = extras.get("outlets")
    w = jbp.windows(sales)
    choice = jbp.pick_customer(sales, ledger, extras.get("customer"))
    customer = choice.customer_id
    review_table = jbp.review_from(activities, sales)
    stage2 = saved_split(sales, outlets, trainee)
    target = jbp.next_target(sales, customer, w.review, targets, 0.0,
                             plan_cells=stage2.cells if stage2 is not None else None)
    margin = jbp.customer_margin(sales, customer, w.review)
    base = jbp.base_assumptions(ledger, customer, w.review, 0.0, 0)
    scenario = ProfitScenarioApp(base, customer=customer, trainee=trainee) if base is not None else None
    cooperation = CooperationEditor(jbp.starter_plan(review_table, customer, w.review, margin, None),
                                    customer=customer, margin_rate=margin, trainee=trainee,
                                    growth_needed=target.growth_needed)
    checklists = ChecklistApp(customer=customer, trainee=trainee)
    in_ledger = jbp.has_rows(ledger, customer, w.review)

    def build():
        return jbp.build_jbp(
            customer, w.plan, sales=sales, review_window=w.review, next_target=target.value,
            plan=cooperation.plan, ledger=ledger,
            assumptions=scenario.assumptions if scenario else None,
            projection=scenario.projection if scenario else None,
            activity_review_table=review_table, targets=targets, customer_name=choice.customer_name,
            diagnosis_window=w.diagnosis, target_source=target.source_label)

    def figures():
        return figures_for(customer, ledger=ledger if in_ledger else None, review=review_table,
                           projection=scenario.projection if scenario else None)

    builder = BuilderApp(build, customer=customer, trainee=trainee, figures=figures,
                         template=extras.get("template"))
    notes = "<br>".join(html.escape(n) for n in jbp.data_notes(
        sales, customer, w.review, ledger=ledger, activities=activities, targets=targets, growth=0.0))
    pages = [("jbp_data", widgets.HTML(f"<b>{html.escape(customer)} {html.escape(choice.customer_name)}"
                                       f"</b><br>{notes}"))]
    if scenario is not None:
        pages.append(("jbp_scenario", scenario.widget))
    asked = questions.jbp.questions(sales, customer=customer, ledger=ledger, activities=activities,
                                    targets=targets)
    sell_in = SellInForm(build, trainee=trainee)
    pages += [("jbp_plan", cooperation.widget), ("jbp_checklists", checklists.widget),
              ("exercises", _exercises(asked, trainee)), ("jbp_builder", builder.widget),
              ("jbp_sell_in", sell_in.widget)]
    return _tabs(pages)


# ------------------------------------------------------------------ stage 4


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
    scenario_app = GrowthScenarioApp(base, trainee=trainee,
                                  penetration_points=penetration.feasible_points(base, 5.0))
    assessed = accounts.assess_accounts(sales, review.Window("mat", current[-1]), outlets=outlets)
    portfolio_app = PortfolioApp(assessed, trainee=trainee)
    board = (PipelineBoard(opportunities, as_of=basis.last_day(12, None), trainee=trainee)
             if opportunities is not None else None)

    def write() -> export.Written:
        document = export.target_list_document(
            whitespace_map.targets,
            segments=penetration.segment_gaps(whitespace_map.ws, by=whitespace_map.by),
            scenario=scenario_app.scenario, pipeline=board.stages if board is not None else None,
            subject=trainee)
        return _write(document, trainee, t("file.targets"), extras)

    pages = [("pen_explorer", explorer.widget), ("pen_whitespace", whitespace_map.widget),
             ("pen_scenario", scenario_app.widget), ("pen_accounts", portfolio_app.widget)]
    if board is not None:
        pages.append(("pen_pipeline", board.widget))
    pages.append(("exercises", _exercises(
        questions.penetration.questions(sales, outlets, opportunities), trainee)))
    pages.append(("export", export_panel(t("export.targets"), write)))
    pages.append(("annual", annual_panel(sales, trainee, extras)))
    return _tabs(pages)


# ------------------------------------------------------------------ stage 5


def accounts_stage(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    """As workshops/05_key_accounts.ipynb: the editable key-person table (from the
    trainee's workbook or a file given with --contacts, else empty), the relationship
    map and portrait, health, alerts, care plan, stage gate, development, exercises and
    the account-plan export; an edit of the table redraws the others."""
    people = load_people(extras.get("source"), {k: extras.get(f"{k}_file", "") for k in
                                                ("contacts", "interactions", "development_log")})
    contacts, interactions, log = (people.get(k) for k in ("contacts", "interactions",
                                                           "development_log"))
    opportunities = extras.get("opportunities")
    tables = {k: extras.get(k) for k in ("targets", "distributor_ledger", "outlets")}
    result = accounts.workshop.review(sales, contacts=contacts, interactions=interactions,
                                      log=log, targets=tables["targets"],
                                      ledger=tables["distributor_ledger"],
                                      opportunities=opportunities, outlets=tables["outlets"])
    board = AccountBoard(result, sales=sales, contacts=contacts, interactions=interactions,
                         customer=extras.get("customer"))
    editor = KeyPersonEditor(contacts, source=str(extras.get("source") or ""), trainee=trainee,
                             default_customer=result.focus(), on_change=board.set_contacts)
    if editor.contacts is not None and len(editor.contacts):
        board.set_contacts(editor.contacts)  # a restored edit is what the board shows
    notes = "<br>".join(html.escape(n) for n in data_notes(
        people, has_opportunities=opportunities is not None))

    def write() -> export.AccountPlanFiles:
        r, customer = board.result, board.account.value
        focus = editor.contacts
        mine = focus[focus["customer_id"].astype(str) == customer] if len(focus) else None
        plan = export.AccountPlan(
            customer_id=customer, as_of=r.as_of,
            portrait=accounts.customer_portrait(customer, sales=sales, window=r.window,
                                                assessed=r.assessed, contacts=mine,
                                                as_of=r.as_of),
            contacts=mine, health=r.scored.loc[[customer]] if customer in r.scored.index else None,
            weights=r.weights, alerts=r.alerts[r.alerts["customer_id"] == customer],
            rules=accounts.rule_book(),
            care=r.care[r.care["customer_id"] == customer] if r.care is not None else None,
            services=accounts.care.SERVICES,
            map_figure=(account_charts.relationship_map(mine, customer, as_of=r.as_of)
                        if mine is not None and len(mine) else None))
        return export.export_account_plan(plan, workspace.workdir(trainee),
                                          template=extras.get("template"))

    pages = [("acc_people", widgets.VBox([widgets.HTML(notes), editor.widget])),
             ("acc_map", widgets.VBox([board.account, board.map, board.portrait])),
             ("acc_health", board.health), ("acc_alerts", board.alerts),
             ("acc_care", board.care)]
    if opportunities is not None:
        pages.append(("acc_gate", StageGateApp(opportunities, trainee=trainee).widget))
    if result.weekly is not None:
        pages.append(("acc_development", DevelopmentBoard(result).widget))
    asked = questions.accounts.questions(sales, contacts=contacts, interactions=interactions,
                                         log=log, targets=tables["targets"],
                                         ledger=tables["distributor_ledger"],
                                         opportunities=opportunities, outlets=tables["outlets"])
    pages += [("exercises", _exercises(asked, trainee)),
              ("export", export_panel(t("export.accounts"), write))]
    app = _tabs(pages)
    app.editor, app.board = editor, board  # for tests and for the browser checks
    return app
# ------------------------------------------------------------------ the capstone


def annual_panel(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    """我的年度生意计划 from every stage's saved work: the reconciliation and an export
    button whose files are offered as downloads (as workshops/06_annual_plan.ipynb)."""
    outlets, targets = extras.get("outlets"), extras.get("targets")
    customer = jbp.pick_customer(sales, extras.get("distributor_ledger"),
                                 extras.get("customer")).customer_id

    def current():
        return gather(sales, customer=customer, trainee=trainee, outlets=outlets,
                      targets=targets, subject=trainee)

    app = AnnualPlanApp(current, trainee=trainee, export_button=False,
                        template=extras.get("template"))
    return widgets.VBox([app.widget, export_panel(t("export.annual"), app.export)])


def annual_stage(sales: pd.DataFrame, trainee: str, extras: dict) -> widgets.Widget:
    """As workshops/06_annual_plan.ipynb: steps 3–4 of the five steps and the annual plan."""
    customer = jbp.pick_customer(sales, extras.get("distributor_ledger"),
                                 extras.get("customer")).customer_id
    plan = gather(sales, customer=customer, trainee=trainee, outlets=extras.get("outlets"),
                  targets=extras.get("targets"), subject=trainee)
    steps = BusinessPlanForm(customer, starter=annual.starter_business_plan(
        customer, plan.jbp, plan.penetration), trainee=trainee)
    return _tabs([("five_steps", steps.widget), ("annual", annual_panel(sales, trainee, extras))])


BUILDERS: dict[int, Callable[[pd.DataFrame, str, dict], widgets.Widget]] = {
    1: review_stage,
    2: goals_stage,
    3: jbp_stage,
    4: penetration_stage,
    5: accounts_stage,
    6: annual_stage,
}


#: Optional files an app can be started with (``kit app 3 --ledger …``); other
#: extras (``customer``, and stage 5's ``contacts_file`` … which it loads itself, with a
#: report) are passed through as they are.
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
        body.children = [BUILDERS[stage](result.data, name,
                                         {**tables, "source": picker.path.value.strip()})]

    picker = DataPicker(on_load, trainee=trainee, path=data)
    app = widgets.VBox([widgets.HTML(f"<h2>{html.escape(t(f'title.{stage}'))}</h2>"),
                        widgets.HTML(f"<b>{html.escape(t('step'))}</b>"), picker.widget, body])
    app.picker, app.body = picker, body  # for tests and for the browser checks
    return app
