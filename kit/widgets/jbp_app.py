"""Stage-3 apps: the distributor P&L scenario, the cooperation-plan editor, the "6+1" and
readiness checklists, and the JBP builder with its two versions.

Thin views over kit.jbp: the sliders call :func:`kit.jbp.adjust` and :func:`kit.jbp.project`,
the editor edits a :class:`kit.jbp.CooperationPlan` whose totals are its own properties,
the builder lays the plan out with :func:`kit.export.jbp.jbp_document` and writes it with
:func:`kit.export.export_jbp`. Everything the trainee sets autosaves to the work folder and
comes back after a kernel restart.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from ipydatagrid import DataGrid

from kit import charts, fmt, i18n, labels, workspace
from kit.exercises import parse_number
from kit.export.document import Table
from kit.export.html import table_html
from kit.export.jbp import export_jbp, indicator_kind, indicator_name, jbp_document
from kit.jbp import (
    Assumptions,
    CooperationPlan,
    Jbp,
    PlanActivity,
    adjust,
    is_skipped,
    part_title,
    preparation,
    profit_model,
    project,
    readiness,
)
from kit.jbp.readiness import STATUSES, CheckList, status_label
from kit.jbp.sell_in import (
    SIDES,
    Attendee,
    Objection,
    Proposal,
    SellInMeeting,
    role_play,
    side_label,
    starter_meeting,
)
from kit.questions import jbp as jbp_questions
from kit.widgets.forms import CheckPanel, ListForm, add_button, note, remove_button, text_input
from kit.widgets.review_app import png

t = i18n.catalogue(
    "jbp_app",
    {
        # scenario
        "price": {"zh": "售价变化", "en": "Selling price change"},
        "volume": {"zh": "出货量变化", "en": "Sell-out volume change"},
        "rebate_rate": {"zh": "返利率（占进货）", "en": "Rebate rate (of purchases)"},
        "stock_days": {"zh": "目标库存天数", "en": "Target stock days"},
        "credit_days": {"zh": "给下游的账期（天）", "en": "Credit days to outlets"},
        "col.indicator": {"zh": "指标", "en": "Indicator"},
        "col.base": {"zh": "起点（上期延续）", "en": "Starting point"},
        "col.scenario": {"zh": "情景", "en": "Scenario"},
        "reset": {"zh": "恢复起点", "en": "Reset"},
        "restored": {"zh": "已恢复你上次保存的情景。", "en": "Your saved scenario is back."},
        # cooperation editor
        "col.start": {"zh": "开始日期", "en": "Start"},
        "col.end": {"zh": "结束日期", "en": "End"},
        "col.cost": {"zh": "费用（{CUR}）", "en": "Cost ({CUR})"},
        "col.expected_uplift": {"zh": "预期增量（{CUR}）", "en": "Expected uplift ({CUR})"},
        "col.uplift_per_cost": {"zh": "每元增量（只读）", "en": "Uplift per yuan (read-only)"},
        "col.expected_roi": {"zh": "预期 ROI（只读，内部）", "en": "Expected ROI (read-only, internal)"},
        "add": {"zh": "添加活动", "en": "Add an activity"},
        "remove": {"zh": "删除所选活动", "en": "Remove the chosen activity"},
        "pick": {"zh": "选择", "en": "Choose"},
        "budget": {"zh": "预算（{CUR}）", "en": "Budget ({CUR})"},
        "new_activity": {"zh": "新活动", "en": "New activity"},
        "help": {
            "zh": "直接在表格里改：活动、类型、负责人、日期（如 2026-03-01）、费用、预期增量、KPI。"
                  "最后两列由工具包计算，只读。每次修改都会自动保存。预算填 0 表示不设预算。",
            "en": "Edit in the table: activity, type, owner, dates (e.g. 2026-03-01), cost, "
                  "expected uplift, KPI. The last two columns are computed and read-only. "
                  "Every change saves itself. A budget of 0 means no budget.",
        },
        "totals": {
            "zh": "<b>{n}</b> 个活动 · 费用合计 <b>{cost}</b> {CUR} · 预期增量 <b>{uplift}</b> {CUR} · "
                  "每元增量 <b>{per}</b>",
            "en": "<b>{n}</b> activities · total cost {CUR} <b>{cost}</b> · expected uplift {CUR} "
                  "<b>{uplift}</b> · uplift per yuan <b>{per}</b>",
        },
        "within": {"zh": "✓ 预算 {budget} {CUR}，剩余 {left} {CUR}。",
                   "en": "✓ Budget {CUR} {budget}, {CUR} {left} left."},
        "over": {"zh": "⚠ 超出预算 {over} {CUR}（预算 {budget} {CUR}）。",
                 "en": "⚠ Over budget by {CUR} {over} (budget {CUR} {budget})."},
        "no_budget": {"zh": "（没有设预算）", "en": "(no budget set)"},
        "read_only": {"zh": "“{column}”由工具包计算，不能直接修改。",
                      "en": "“{column}” is computed by the kit and cannot be typed."},
        "not_date": {"zh": "“{value}”不是日期（例如 2026-03-01），没有修改。",
                     "en": "“{value}” is not a date (e.g. 2026-03-01); nothing changed."},
        # checklists
        "progress": {"zh": "完成度 {share}", "en": "{share} done"},
        # builder
        "version": {"zh": "预览版本", "en": "Preview"},
        "v.internal": {"zh": "内部版", "en": "Internal"},
        "v.customer": {"zh": "客户版", "en": "Customer"},
        "refresh": {"zh": "刷新预览", "en": "Refresh"},
        "export": {"zh": "导出两个版本（Excel、HTML、PPT、PDF）",
                   "en": "Export both versions (Excel, HTML, slides, PDF)"},
        "notes": {"zh": "内部备注（只出现在内部版）", "en": "Internal notes (internal version only)"},
        "exported": {"zh": "已导出到 {folder}：", "en": "Exported to {folder}:"},
        "skipped": {"zh": "跳过的部分：{parts}", "en": "Skipped parts: {parts}"},
        # sell-in meeting
        "meeting.date": {"zh": "会议日期", "en": "Meeting date"},
        "meeting.agenda": {"zh": "议程（每行一项）：先讲经销商自己的生意，最后讲我们的请求",
                           "en": "Agenda (one item a line): the distributor's own business first, our ask last"},
        "meeting.proposals": {"zh": "提议：每个提议写明对客户的好处、预想的异议和你的回答",
                              "en": "Proposals: each with the customer's benefit, the objections expected and your answers"},
        "meeting.proposal": {"zh": "提议", "en": "Proposal"},
        "meeting.benefit": {"zh": "对客户的好处（多赚多少、周转快多少）",
                            "en": "What the customer gains (profit, turnover)"},
        "meeting.objection": {"zh": "预想异议", "en": "Expected objection"},
        "meeting.answer": {"zh": "你的回答（用数据）", "en": "Your answer (with data)"},
        "meeting.add_objection": {"zh": "添加异议", "en": "Add an objection"},
        "meeting.add_proposal": {"zh": "添加提议", "en": "Add a proposal"},
        "meeting.ask": {"zh": "我们的请求（承诺什么、多少、什么时候）",
                        "en": "Our ask (what, how much, by when)"},
        "meeting.attendees": {"zh": "参会人", "en": "Attendees"},
        "meeting.name": {"zh": "姓名", "en": "Name"},
        "meeting.role": {"zh": "角色（谁拍板）", "en": "Role (who decides)"},
        "meeting.add_attendee": {"zh": "添加参会人", "en": "Add an attendee"},
        "roleplay": {"zh": "角色扮演卡（两人一组，第三人观察）",
                     "en": "Role-play cards (pairs, a third observes)"},
        "roleplay.refresh": {"zh": "生成角色扮演卡", "en": "Make the role-play cards"},
    },
)

SELL_IN_SAVE = "jbp_sell_in"
SCENARIO_SAVE = "jbp_scenario"
COOPERATION_SAVE = "jbp_cooperation"
CHECKLIST_SAVE = "jbp_checklists"
NOTES_SAVE = "jbp_notes"
JBP_SAVE = "jbp"

# (lever, min, max, step, readout format); price and volume are changes, the rest levels.
SLIDERS = (("price", -0.2, 0.2, 0.005, ".1%"), ("volume", -0.3, 0.5, 0.01, ".0%"),
           ("rebate_rate", 0.0, 0.10, 0.001, ".1%"), ("stock_days", 0.0, 120.0, 1.0, ".0f"),
           ("credit_days", 0.0, 120.0, 1.0, ".0f"))
SUMMARY = ("sell_out_units", "sell_in_units", "closing_stock_units", "revenue", "net_profit",
           "net_margin_pct", "dio", "dso", "dpo", "cash_cycle", "rotations", "roi")
_STYLE = {"description_width": "12em"}


def _name(customer: str, base: str) -> str:
    return f"{base}_{customer}" if customer else base


def _indicator_table(rows: list[tuple[str, list[object]]], header: list[str],
                     part: str = "financial_targets") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        f"<tr><td>{html.escape(indicator_name(key))}</td>"
        + "".join(f'<td style="text-align:right">'
                  f"{html.escape(fmt.value(v, indicator_kind(part, key)))}</td>"
                  for v in values) + "</tr>"
        for key, values in rows)
    return f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# ================================================================== P&L scenario


class ProfitScenarioApp:
    """Sliders for price, volume, rebates, stock days and credit days on a distributor's
    next period; the projected P&L, cash cycle and ROI follow live."""

    def __init__(self, base: Assumptions, *, customer: str = "", trainee: str | None = None):
        self.base, self.customer, self.trainee = base, customer, trainee
        self.levers, restored = self._restore()
        self.message = widgets.HTML(t("restored") if restored else "")
        self.sliders = {name: self._slider(name, *rest) for name, *rest in SLIDERS}
        self.reset_button = widgets.Button(description=t("reset"), icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.summary = widgets.HTML()
        self.chart = widgets.Box()
        self.widget = widgets.VBox([self.message, *self.sliders.values(), self.reset_button,
                                    self.summary, self.chart])
        self.update()

    def _defaults(self) -> dict[str, float]:
        return {"price": 0.0, "volume": 0.0, "rebate_rate": self.base.rebate_rate,
                "stock_days": self.base.stock_days, "credit_days": self.base.credit_days}

    def _restore(self) -> tuple[dict[str, float], bool]:
        levers = self._defaults()
        saved = workspace.load(_name(self.customer, SCENARIO_SAVE), default={"levers": None},
                               trainee=self.trainee).value["levers"]
        if not isinstance(saved, dict) or not all(
                isinstance(saved.get(k), (int, float)) for k in levers):
            return levers, False
        return {k: float(saved[k]) for k in levers}, True

    def _slider(self, name: str, low: float, high: float, step: float, fmt: str
                ) -> widgets.FloatSlider:
        value = self.levers[name]
        slider = widgets.FloatSlider(value=max(value, low), min=low, max=max(high, value),
                                     step=step, readout_format=fmt,
                                     continuous_update=False, description=t(name),
                                     style=_STYLE, layout=widgets.Layout(width="34em"))
        slider.observe(self._on_change, names="value")
        return slider

    def _on_change(self, _change) -> None:
        self.levers = {name: float(s.value) for name, s in self.sliders.items()}
        workspace.save(_name(self.customer, SCENARIO_SAVE), {"levers": self.levers},
                       trainee=self.trainee)
        self.update()

    def reset(self) -> None:
        for name, value in self._defaults().items():
            self.sliders[name].value = value

    @property
    def assumptions(self) -> Assumptions:
        return adjust(self.base, **self.levers)

    @property
    def projection(self):
        return project(self.assumptions)

    def update(self) -> None:
        base, now = project(self.base), self.projection
        rows = [(key, [getattr(base, key), getattr(now, key)]) for key in SUMMARY]
        note = (f"<p style='color:#c62828'>{html.escape(charts.t('jbp.model.no_roi'))}</p>"
                if math.isnan(now.roi) else "")
        self.summary.value = _indicator_table(
            rows, [t("col.indicator"), t("col.base"), t("col.scenario")]) + note
        self.chart.children = [png(charts.jbp_model_chart(profit_model(now.as_series())))]


# ================================================================== cooperation plan


EDITABLE = ("activity", "type", "owner", "start", "end", "cost", "expected_uplift", "kpi")
COMPUTED = ("uplift_per_cost", "expected_roi")
TEXT = ("activity", "type", "owner", "kpi")
DATES = ("start", "end")


class CooperationEditor:
    """The next period's cooperation plan as an editable table, with add / remove, the
    total against the budget, autosave and reload."""

    def __init__(self, starter: CooperationPlan | None = None, *, customer: str = "",
                 margin_rate: float | None = None, trainee: str | None = None,
                 growth_needed: float | None = None):
        self.customer, self.trainee, self.margin_rate = customer, trainee, margin_rate
        self.save_name = _name(customer, COOPERATION_SAVE)
        loaded = workspace.load(self.save_name, CooperationPlan, trainee=trainee)
        self.plan = loaded.value
        if not self.plan.activities and self.plan.budget is None and starter is not None:
            self.plan = CooperationPlan(list(starter.activities), starter.budget)
        self.message = widgets.HTML(
            f"<span style='color:#c62828'>{html.escape(loaded.message)}</span>"
            if loaded.message else "")
        self.grid = DataGrid(pd.DataFrame(), editable=True, selection_mode="cell",
                             base_column_size=120, layout=widgets.Layout(height="260px"))
        self.grid.on_cell_change(self._on_cell)
        self.budget = widgets.FloatText(value=self.plan.budget or 0.0, description=t("budget"),
                                        style=_STYLE)
        self.budget.observe(self._on_budget, names="value")
        self.add_button = widgets.Button(description=t("add"), icon="plus")
        self.add_button.on_click(lambda _: self.add())
        self.choose = widgets.Dropdown(description=t("pick"))
        self.remove_button = widgets.Button(description=t("remove"), icon="trash")
        self.remove_button.on_click(lambda _: self.remove(self.choose.value))
        self.totals = widgets.HTML()
        self.check = CheckPanel(lambda: jbp_questions.cooperation_question(growth_needed),
                                lambda: self.plan, trainee)
        self.widget = widgets.VBox([
            widgets.HTML(f"<i>{html.escape(t('help'))}</i>"), self.message, self.grid,
            widgets.HBox([self.add_button, self.choose, self.remove_button]), self.budget,
            self.totals, self.check.widget])
        self._show()

    # ---------------------------------------------------------- changes

    def _changed(self) -> None:
        workspace.save(self.save_name, self.plan, trainee=self.trainee)
        self._show()

    def _on_budget(self, change) -> None:
        value = float(change["new"] or 0.0)
        self.plan.budget = value if value > 0 else None
        self._changed()

    def add(self, activity: PlanActivity | None = None) -> None:
        self.plan.activities.append(activity or PlanActivity(
            activity=t("new_activity"), margin_rate=self.margin_rate))
        self._changed()

    def remove(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.plan.activities):
            return
        self.plan.activities.pop(index)
        self._changed()

    def edit(self, row: int, key: str, value: object) -> bool:
        """Set one field of one line from what was typed; False (and a message) when the
        value cannot be read or the column is computed."""
        self.message.value = ""
        if key not in EDITABLE:
            self.message.value = t("read_only", column=_column(key))
            self._show()
            return False
        line = self.plan.activities[row]
        if key in TEXT:
            parsed: object = "" if value is None else str(value).strip()
        elif key in DATES:
            parsed = _day(value)
            if parsed is None and str(value or "").strip():
                self.message.value = t("not_date", value=html.escape(str(value)))
                self._show()
                return False
        else:
            parsed = parse_number(value) if str(value or "").strip() else None
            if parsed is None and str(value or "").strip():
                self.message.value = labels.word("not_number", value=html.escape(str(value)))
                self._show()
                return False
        setattr(line, key, parsed)
        self._changed()
        return True

    def _on_cell(self, change: dict) -> None:
        key = self._keys.get(change["column"])
        if key is None:
            self._show()
            return
        self.edit(change["row"], key, change["value"])

    # ---------------------------------------------------------- showing

    def frame(self) -> pd.DataFrame:
        """The table as the grid shows it (computed columns from the plan's lines)."""
        rows = []
        for a in self.plan.activities:
            rows.append([a.activity, a.type, a.owner, _iso(a.start), _iso(a.end),
                         _blank(a.cost), _blank(a.expected_uplift), a.kpi,
                         _rounded(a.uplift_per_cost), _rounded(a.expected_roi)])
        return pd.DataFrame(rows, columns=[_column(k) for k in EDITABLE + COMPUTED], dtype=object)

    def _show(self) -> None:
        self._keys = {_column(k): k for k in EDITABLE + COMPUTED}
        self.grid.data = self.frame()
        self.choose.options = [(f"{i + 1}. {a.activity}", i)
                               for i, a in enumerate(self.plan.activities)]
        p = self.plan
        text = t("totals", n=len(p.activities), cost=fmt.amount(p.total_cost),
                 uplift=fmt.amount(p.expected_uplift), per=fmt.ratio(p.uplift_per_cost))
        if p.budget is None:
            verdict = t("no_budget")
        elif p.over_budget:
            verdict = t("over", over=fmt.amount(-p.remaining), budget=fmt.amount(p.budget))
        else:
            verdict = t("within", budget=fmt.amount(p.budget), left=fmt.amount(p.remaining))
        colour = "#c62828" if p.over_budget else "#212121"
        self.totals.value = f"{text}<br><span style='color:{colour}'>{verdict}</span>"


def _column(key: str) -> str:
    """A grid column's header: this editor's words, else the kit's column label."""
    return t(f"col.{key}") if i18n.has("jbp_app", f"col.{key}") else labels.column(key)


def _day(value: object):
    if value is None or not str(value).strip():
        return None
    stamp = pd.to_datetime(str(value).strip(), errors="coerce")
    return None if pd.isna(stamp) else stamp.date()


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def _blank(value: float | None) -> object:
    return "" if value is None else float(value)


def _rounded(value: float) -> object:
    return "n/a" if value is None or math.isnan(value) else round(value, 2)


# ================================================================== checklists


class ChecklistApp:
    """The "6+1" preparation and the "three aspects, six elements" readiness, one status
    per item; statuses autosave."""

    def __init__(self, *, customer: str = "", trainee: str | None = None):
        self.trainee, self.save_name = trainee, _name(customer, CHECKLIST_SAVE)
        self.lists = {"preparation": preparation(), "readiness": readiness()}
        saved = workspace.load(self.save_name, default={kind: {} for kind in self.lists},
                               trainee=trainee).value
        for kind, checklist in self.lists.items():
            for item in checklist.items:
                status = saved[kind].get(item.key)
                if status in STATUSES:
                    item.status = status
        self.dropdowns: dict[tuple[str, str], widgets.Dropdown] = {}
        self.progress = {kind: widgets.HTML() for kind in self.lists}
        boxes = []
        for kind, checklist in self.lists.items():
            rows = [widgets.HTML(f"<b>{html.escape(checklist.title)}</b>"), self.progress[kind]]
            for item in checklist.items:
                aspect = checklist.aspect(item)
                label = f"{aspect}：{checklist.label(item)}" if aspect else checklist.label(item)
                box = widgets.Dropdown(options=[(status_label(s), s) for s in STATUSES],
                                       value=item.status, layout=widgets.Layout(width="9em"))
                box.observe(lambda c, k=kind, i=item.key: self.set(k, i, c["new"]),
                            names="value")
                self.dropdowns[(kind, item.key)] = box
                rows.append(widgets.HBox([box, widgets.HTML(html.escape(label))]))
            boxes.append(widgets.VBox(rows))
        self.widget = widgets.VBox(boxes)
        self._show()

    def set(self, kind: str, key: str, status: str) -> None:
        self.lists[kind].set(key, status)
        workspace.save(self.save_name, {k: {i.key: i.status for i in c.items}
                                        for k, c in self.lists.items()}, trainee=self.trainee)
        self._show()

    def _show(self) -> None:
        for kind, checklist in self.lists.items():
            self.progress[kind].value = t("progress", share=fmt.percent(checklist.progress()))

    def checklist(self, kind: str) -> CheckList:
        return self.lists[kind]


# ================================================================== JBP builder


@dataclass
class Preview:
    internal: str
    customer: str


class BuilderApp:
    """Assembles the six parts with the latest scenario and cooperation plan (``build``
    returns the internal JBP), previews the internal and customer versions side by side
    with a toggle, and exports both to the trainee's work folder."""

    def __init__(self, build: Callable[[], Jbp], *, customer: str = "",
                 trainee: str | None = None,
                 figures: Callable[[], tuple[Mapping, Mapping]] | None = None,
                 template: str | None = None):
        self.build_fn, self.figures, self.trainee = build, figures, trainee
        self.template = template  # the company's .pptx for the sell-in deck
        self.notes_name = _name(customer, NOTES_SAVE)
        saved = workspace.load(self.notes_name, default="", trainee=trainee).value
        self.notes = widgets.Textarea(value=saved if isinstance(saved, str) else "",
                                      description=t("notes"), style=_STYLE,
                                      layout=widgets.Layout(width="48em", height="4em"))
        self.notes.observe(self._on_notes, names="value")
        self.version = widgets.ToggleButtons(options=[(t("v.internal"), "internal"),
                                                      (t("v.customer"), "customer")],
                                             description=t("version"))
        self.version.observe(lambda _: self._show(), names="value")
        self.refresh_button = widgets.Button(description=t("refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.export_button = widgets.Button(description=t("export"), icon="download",
                                            button_style="primary",
                                            layout=widgets.Layout(width="22em"))
        self.export_button.on_click(lambda _: self.export())
        self.status = widgets.HTML()
        self.preview = widgets.HTML()
        self.widget = widgets.VBox([
            self.notes, widgets.HBox([self.version, self.refresh_button]), self.status,
            self.preview, self.export_button])
        self.files = None
        self.refresh()

    def _on_notes(self, change) -> None:
        workspace.save(self.notes_name, change["new"], trainee=self.trainee)

    def jbp(self) -> Jbp:
        """The internal JBP as it stands now, with the internal notes typed here."""
        plan = self.build_fn()
        plan.internal_notes = self.notes.value
        return plan

    def refresh(self) -> None:
        self.current = self.jbp()
        self.previews = Preview(*(self._render(v) for v in ("internal", "customer")))
        skipped = [key for key, part in self.current.parts() if is_skipped(part)]
        self.status.value = (html.escape(t("skipped", parts=labels.word("list_sep").join(
            part_title(key) for key in skipped))) if skipped else "")
        self._show()

    def _render(self, version: str) -> str:
        doc = jbp_document(self.current, version)
        return "".join(f"<h4>{html.escape(s.title)}</h4>"
                       + "".join(table_html(b) for b in s.blocks if isinstance(b, Table))
                       for s in doc.sections)

    def _show(self) -> None:
        self.preview.value = getattr(self.previews, self.version.value)

    def export(self):
        """Both versions (xlsx, HTML, pptx and, with a browser, PDF) into the work folder;
        the JBP autosaves too."""
        self.refresh()
        figures, customer_figures = self.figures() if self.figures else ({}, {})
        folder = workspace.workdir(self.trainee)
        self.files = export_jbp(self.current, folder, figures=figures,
                                customer_figures=customer_figures, template=self.template)
        workspace.save(_name(self.current.customer_id, JBP_SAVE), self.current,
                       trainee=self.trainee)
        self.status.value = (html.escape(t("exported", folder=folder)) + "<br>"
                             + "<br>".join(html.escape(p.name) for p in self.files.all()))
        return self.files


def figures_for(customer: str, *, ledger: pd.DataFrame | None = None,
                review: pd.DataFrame | None = None, projection=None
                ) -> tuple[dict, dict]:
    """The charts for the two versions: (internal, customer). The customer gets only the
    distributor's own numbers (its stock flow, its projected profit model); the activity
    ROI chart, which carries the brand's margin, goes to the internal version only."""
    from kit.jbp import stock_flow

    shared = {}
    if ledger is not None and customer in set(ledger["customer_id"].astype(str)):
        shared[charts.t("jbp.stock.title", customer=customer)] = charts.jbp_stock_chart(
            stock_flow(ledger).loc[customer], customer)
    if projection is not None:
        shared[charts.t("jbp.model.title")] = charts.jbp_model_chart(
            profit_model(projection.as_series()))
    internal = dict(shared)
    if review is not None and review["roi"].notna().any():
        rows = review[review["customer_id"].astype(str) == customer]
        if rows["roi"].notna().any():
            internal[charts.t("jbp.roi.title")] = charts.jbp_roi_chart(rows)
    return internal, shared






# ================================================================== sell-in meeting


class SellInForm(ListForm):
    """The sell-in meeting plan (卖入会准备): date, agenda, proposals with the customer's
    benefit, objections and answers, the ask and the attendees; the role-play cards of
    the pair exercise drawn from it and the JBP as it stands (``current_jbp()``).
    Autosaves per customer."""

    def __init__(self, current_jbp: Callable[[], Jbp], *, trainee: str | None = None):
        self.current_jbp, self.trainee = current_jbp, trainee
        jbp = current_jbp()
        self.save_name = _name(jbp.customer_id, SELL_IN_SAVE)
        self.meeting, message = workspace.load(self.save_name, SellInMeeting, trainee=trainee)
        if self.meeting == SellInMeeting():
            self.meeting = starter_meeting(jbp)
        self.body = widgets.VBox()
        self.cards = widgets.HTML()
        make = widgets.Button(description=t("roleplay.refresh"), icon="users",
                              layout=widgets.Layout(width="auto"))
        make.on_click(lambda _: self.show_cards())
        self.check = CheckPanel(jbp_questions.sell_in_question, lambda: self.meeting, trainee)
        self.widget = widgets.VBox([note(message), self.body, self.check.widget,
                                    widgets.HTML(f"<b>{t('roleplay')}</b>"), make, self.cards])
        self._render()

    def _save(self) -> None:
        workspace.save(self.save_name, self.meeting, trainee=self.trainee)

    def _render(self) -> None:
        m = self.meeting
        when = widgets.DatePicker(value=m.date, description=t("meeting.date"), style=_STYLE)
        when.observe(lambda c: self._set(m, "date", c["new"] if c["new"] else None),
                     names="value")
        agenda = text_input("\n".join(m.agenda), "", lambda v: self._set(
            m, "agenda", [x.strip() for x in v.splitlines() if x.strip()]), width="48em",
            area=True, height="7em")
        ask = text_input(m.ask, t("meeting.ask"), lambda v: self._set(m, "ask", v), width="48em")
        self.body.children = [
            when, widgets.HTML(f"<b>{t('meeting.agenda')}</b>"), agenda,
            widgets.HTML(f"<b>{t('meeting.proposals')}</b>"),
            *[self._proposal(p) for p in m.proposals],
            add_button(t("meeting.add_proposal"), lambda: self._add(m.proposals, Proposal())),
            widgets.HTML(f"<b>{t('meeting.ask')}</b>"), ask,
            widgets.HTML(f"<b>{t('meeting.attendees')}</b>"),
            *[self._attendee(a) for a in m.attendees],
            add_button(t("meeting.add_attendee"), lambda: self._add(m.attendees, Attendee())),
        ]
        self._save()

    def _proposal(self, p: Proposal) -> widgets.VBox:
        head = widgets.HBox([
            text_input(p.text, t("meeting.proposal"), lambda v: self._set(p, "text", v),
                       width="20em"),
            text_input(p.benefit, t("meeting.benefit"), lambda v: self._set(p, "benefit", v),
                       width="24em"),
            remove_button(lambda: self._remove(self.meeting.proposals, p))])
        rows = [widgets.HBox([
            widgets.HTML("↳", layout=widgets.Layout(width="1.5em")),
            text_input(o.objection, t("meeting.objection"),
                       lambda v, o=o: self._set(o, "objection", v), width="20em"),
            text_input(o.answer, t("meeting.answer"), lambda v, o=o: self._set(o, "answer", v),
                       width="22em"),
            remove_button(lambda o=o: self._remove(p.objections, o))]) for o in p.objections]
        return widgets.VBox([head, *rows, add_button(t("meeting.add_objection"),
                                                     lambda: self._add(p.objections, Objection()))],
                            layout=widgets.Layout(border="1px solid #ddd", padding="4px",
                                                  margin="4px 0"))

    def _attendee(self, a: Attendee) -> widgets.HBox:
        side = widgets.Dropdown(options=[(side_label(s), s) for s in SIDES],
                                value=a.side if a.side in SIDES else "brand",
                                layout=widgets.Layout(width="8em"))
        side.observe(lambda c: self._set(a, "side", c["new"]), names="value")
        return widgets.HBox([
            text_input(a.name, t("meeting.name"), lambda v: self._set(a, "name", v), width="10em"),
            side,
            text_input(a.role, t("meeting.role"), lambda v: self._set(a, "role", v), width="14em"),
            remove_button(lambda: self._remove(self.meeting.attendees, a))])

    def show_cards(self) -> None:
        cards = role_play(self.current_jbp(), self.meeting)
        self.cards.value = "".join(
            f"<div style='border:1px solid #ccc;padding:6px 10px;margin:6px 0'><b>"
            f"{html.escape(i18n.text('jbp.sell_in', f'card.{name}'))}</b><ul>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in getattr(cards, name))
            + "</ul></div>" for name in ("seller", "buyer", "observer"))


__all__ = ["BuilderApp", "ChecklistApp", "CooperationEditor", "ProfitScenarioApp", "SellInForm",
           "figures_for"]
