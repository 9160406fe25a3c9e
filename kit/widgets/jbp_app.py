"""Stage-3 apps: the distributor P&L scenario, the cooperation-plan editor, the "6+1" and
readiness checklists, and the JBP builder with its two versions.

Thin views over kit.jbp: the sliders call :func:`kit.jbp.adjust` and :func:`kit.jbp.project`,
the editor edits a :class:`kit.jbp.CooperationPlan` whose totals are its own properties,
the builder lays the plan out with :mod:`kit.jbp.layout` and writes it with
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

from kit import charts, exercises, i18n, workspace
from kit.exercises import parse_number
from kit.export.jbp import export_jbp, format_value, section_html
from kit.jbp import (
    Assumptions,
    CooperationPlan,
    Jbp,
    PlanActivity,
    adjust,
    is_skipped,
    load_cooperation,
    preparation,
    profit_model,
    project,
    readiness,
    save_cooperation,
    save_jbp,
)
from kit.jbp.layout import indicator_kind, indicator_name, sections
from kit.jbp.readiness import STATUSES, CheckList, status_label
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
        "col.activity": {"zh": "活动", "en": "Activity"},
        "col.type": {"zh": "类型", "en": "Type"},
        "col.owner": {"zh": "负责人", "en": "Owner"},
        "col.start": {"zh": "开始日期", "en": "Start"},
        "col.end": {"zh": "结束日期", "en": "End"},
        "col.cost": {"zh": "费用（元）", "en": "Cost (CNY)"},
        "col.expected_uplift": {"zh": "预期增量（元）", "en": "Expected uplift (CNY)"},
        "col.kpi": {"zh": "KPI", "en": "KPI"},
        "col.uplift_per_cost": {"zh": "每元增量（只读）", "en": "Uplift per yuan (read-only)"},
        "col.expected_roi": {"zh": "预期 ROI（只读，内部）", "en": "Expected ROI (read-only, internal)"},
        "add": {"zh": "添加活动", "en": "Add an activity"},
        "remove": {"zh": "删除所选活动", "en": "Remove the chosen activity"},
        "pick": {"zh": "选择", "en": "Choose"},
        "budget": {"zh": "预算（元）", "en": "Budget (CNY)"},
        "new_activity": {"zh": "新活动", "en": "New activity"},
        "help": {
            "zh": "直接在表格里改：活动、类型、负责人、日期（如 2026-03-01）、费用、预期增量、KPI。"
                  "最后两列由工具包计算，只读。每次修改都会自动保存。预算填 0 表示不设预算。",
            "en": "Edit in the table: activity, type, owner, dates (e.g. 2026-03-01), cost, "
                  "expected uplift, KPI. The last two columns are computed and read-only. "
                  "Every change saves itself. A budget of 0 means no budget.",
        },
        "totals": {
            "zh": "<b>{n}</b> 个活动 · 费用合计 <b>{cost}</b> 元 · 预期增量 <b>{uplift}</b> 元 · "
                  "每元增量 <b>{per}</b>",
            "en": "<b>{n}</b> activities · total cost CNY <b>{cost}</b> · expected uplift CNY "
                  "<b>{uplift}</b> · uplift per yuan <b>{per}</b>",
        },
        "within": {"zh": "✓ 预算 {budget} 元，剩余 {left} 元。",
                   "en": "✓ Budget CNY {budget}, CNY {left} left."},
        "over": {"zh": "⚠ 超出预算 {over} 元（预算 {budget} 元）。",
                 "en": "⚠ Over budget by CNY {over} (budget CNY {budget})."},
        "no_budget": {"zh": "（没有设预算）", "en": "(no budget set)"},
        "read_only": {"zh": "“{column}”由工具包计算，不能直接修改。",
                      "en": "“{column}” is computed by the kit and cannot be typed."},
        "not_number": {"zh": "“{value}”不是数字，没有修改。",
                       "en": "“{value}” is not a number; nothing changed."},
        "not_date": {"zh": "“{value}”不是日期（例如 2026-03-01），没有修改。",
                     "en": "“{value}” is not a date (e.g. 2026-03-01); nothing changed."},
        # checklists
        "progress": {"zh": "完成度 {share}", "en": "{share} done"},
        # builder
        "version": {"zh": "预览版本", "en": "Preview"},
        "v.internal": {"zh": "内部版", "en": "Internal"},
        "v.customer": {"zh": "客户版", "en": "Customer"},
        "refresh": {"zh": "刷新预览", "en": "Refresh"},
        "export": {"zh": "导出两个版本（Excel + HTML）", "en": "Export both versions (Excel + HTML)"},
        "notes": {"zh": "内部备注（只出现在内部版）", "en": "Internal notes (internal version only)"},
        "exported": {"zh": "已导出到 {folder}：", "en": "Exported to {folder}:"},
        "skipped": {"zh": "跳过的部分：{parts}", "en": "Skipped parts: {parts}"},
        # exercises
        "q.sell_in_yoy": {
            "zh": "练习：{customer} 上期进货额同比增长了多少？（看第一部分“品牌上期生意回顾”）",
            "en": "Exercise: by how much did {customer}'s sell-in grow on last year? (part 1)",
        },
        "q.growth": {
            "zh": "练习：下期目标比上期实际进货增长多少？（看第二部分）",
            "en": "Exercise: how much growth does next period's target ask for, on last "
                  "period's sell-in? (part 2)",
        },
        "q.stuffing": {
            "zh": "练习：根据最近半年的数据，哪一家经销商在压货？（连续多月进/出比 > 1.3）",
            "en": "Exercise: over the last six months, which distributor is stuffing stock? "
                  "(ratio above 1.3 for several months in a row)",
        },
        "q.lowest_roi": {
            "zh": "练习：哪一个活动的 ROI 最低（增量毛利 ÷ 费用）？",
            "en": "Exercise: which activity has the lowest ROI (incremental margin ÷ cost)?",
        },
        "q.cash_cycle": {
            "zh": "练习：{customer} 上期的现金周期是多少天？",
            "en": "Exercise: how many days was {customer}'s cash cycle last period?",
        },
        "q.cash_cycle.hint": {"zh": "现金周期 = 库存天数 + 应收天数 − 应付天数。",
                              "en": "Cash cycle = DIO + DSO − DPO."},
        "q.sell_in_units": {
            "zh": "练习：按第五部分的目标，{customer} 下期应进货多少件？",
            "en": "Exercise: by part 5's targets, how many units should {customer} buy next "
                  "period?",
        },
        "q.sell_in_units.hint": {"zh": "进货 = 出货 + 期末库存 − 期初库存。",
                                 "en": "Sell-in = sell-out + closing stock − opening stock."},
    },
)

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
                  f"{html.escape(format_value(v, indicator_kind(part, key)))}</td>"
                  for v in values) + "</tr>"
        for key, values in rows)
    return f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# ================================================================== P&L scenario


class ScenarioApp:
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
        saved = workspace.load_json(_name(self.customer, SCENARIO_SAVE), default=None,
                                    trainee=self.trainee)
        levers = self._defaults()
        try:
            values = {k: float(saved["levers"][k]) for k in levers}
        except (TypeError, KeyError, ValueError):
            return levers, False
        return values, True

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
        workspace.save_json(_name(self.customer, SCENARIO_SAVE), {"levers": self.levers},
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
                 margin_rate: float | None = None, trainee: str | None = None):
        self.customer, self.trainee, self.margin_rate = customer, trainee, margin_rate
        self.save_name = _name(customer, COOPERATION_SAVE)
        loaded = load_cooperation(self.save_name, trainee=trainee)
        self.plan = loaded.plan
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
        self.widget = widgets.VBox([
            widgets.HTML(f"<i>{html.escape(t('help'))}</i>"), self.message, self.grid,
            widgets.HBox([self.add_button, self.choose, self.remove_button]), self.budget,
            self.totals])
        self._show()

    # ---------------------------------------------------------- changes

    def _changed(self) -> None:
        save_cooperation(self.save_name, self.plan, trainee=self.trainee)
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
            self.message.value = t("read_only", column=t(f"col.{key}"))
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
                self.message.value = t("not_number", value=html.escape(str(value)))
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
        labels = [t(f"col.{k}") for k in EDITABLE + COMPUTED]
        return pd.DataFrame(rows, columns=labels, dtype=object)

    def _show(self) -> None:
        self._keys = {t(f"col.{k}"): k for k in EDITABLE + COMPUTED}
        self.grid.data = self.frame()
        self.choose.options = [(f"{i + 1}. {a.activity}", i)
                               for i, a in enumerate(self.plan.activities)]
        p = self.plan
        text = t("totals", n=len(p.activities), cost=f"{p.total_cost:,.0f}",
                 uplift=f"{p.expected_uplift:,.0f}",
                 per=format_value(p.uplift_per_cost, "ratio"))
        if p.budget is None:
            verdict = t("no_budget")
        elif p.over_budget:
            verdict = t("over", over=f"{-p.remaining:,.0f}", budget=f"{p.budget:,.0f}")
        else:
            verdict = t("within", budget=f"{p.budget:,.0f}", left=f"{p.remaining:,.0f}")
        colour = "#c62828" if p.over_budget else "#212121"
        self.totals.value = f"{text}<br><span style='color:{colour}'>{verdict}</span>"


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
        saved = workspace.load_json(self.save_name, default=None, trainee=trainee)
        self.lists = {"preparation": preparation(), "readiness": readiness()}
        for kind, checklist in self.lists.items():
            for item in checklist.items:
                status = (saved or {}).get(kind, {}).get(item.key) if isinstance(saved, dict) \
                    else None
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
        workspace.save_json(self.save_name, {k: {i.key: i.status for i in c.items}
                                             for k, c in self.lists.items()},
                            trainee=self.trainee)
        self._show()

    def _show(self) -> None:
        for kind, checklist in self.lists.items():
            self.progress[kind].value = t("progress", share=charts.percent(checklist.progress()))

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
                 figures: Callable[[], tuple[Mapping, Mapping]] | None = None):
        self.build_fn, self.figures, self.trainee = build, figures, trainee
        self.notes_name = _name(customer, NOTES_SAVE)
        saved = workspace.load_json(self.notes_name, default=None, trainee=trainee)
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
        workspace.save_json(self.notes_name, change["new"], trainee=self.trainee)

    def jbp(self) -> Jbp:
        """The internal JBP as it stands now, with the internal notes typed here."""
        plan = self.build_fn()
        plan.internal_notes = self.notes.value
        return plan

    def refresh(self) -> None:
        self.current = self.jbp()
        self.previews = Preview(*(self._render(v) for v in ("internal", "customer")))
        skipped = [key for key, part in self.current.parts() if is_skipped(part)]
        self.status.value = (html.escape(t("skipped", parts="、".join(
            s.title for s in sections(self.current) if s.key in skipped))) if skipped else "")
        self._show()

    def _render(self, version: str) -> str:
        return "".join(f"<h4>{html.escape(s.title)}</h4>{section_html(s)}"
                       for s in sections(self.current, internal=version == "internal"))

    def _show(self) -> None:
        self.preview.value = getattr(self.previews, self.version.value)

    def export(self):
        """Both versions (xlsx + HTML) into the work folder; the JBP autosaves too."""
        self.refresh()
        figures, customer_figures = self.figures() if self.figures else ({}, {})
        folder = workspace.workdir(self.trainee)
        self.files = export_jbp(self.current, folder, figures=figures,
                                customer_figures=customer_figures)
        save_jbp(_name(self.current.customer_id, JBP_SAVE), self.current, trainee=self.trainee)
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


# ================================================================== exercises


def jbp_questions(jbp: Jbp, *, challenge_table: pd.DataFrame | None = None,
                  review: pd.DataFrame | None = None) -> list[exercises.Question]:
    """The stage-3 exercises, answered from the JBP as first built (before any slider
    moves) and, where there are ledger and activities, from the diagnosis and the activity
    review. Only the questions the data can answer are asked (at least the two on parts
    1 and 2, which need only sales)."""
    name = jbp.customer_id

    def prompt(key: str) -> dict[str, str]:
        return {lang: t(key, lang=lang, customer=name) for lang in i18n.LANGS}

    def hint(key: str) -> dict[str, str]:
        return {lang: t(key, lang=lang) for lang in i18n.LANGS}

    questions = []
    yoy = jbp.brand_review.indicators.get("sell_in_yoy", float("nan"))
    if not math.isnan(yoy):
        questions.append(exercises.Question(
            id="jbp.sell_in_yoy", prompt=prompt("q.sell_in_yoy"),
            check=exercises.expect_number(yoy, rel_tol=0.02, abs_tol=0.001)))
    growth = jbp.brand_plan.indicators.get("growth", float("nan"))
    if not math.isnan(growth):
        questions.append(exercises.Question(
            id="jbp.target_growth", prompt=prompt("q.growth"),
            check=exercises.expect_number(growth, rel_tol=0.02, abs_tol=0.001)))
    if challenge_table is not None and "stuffing" in challenge_table:
        flagged = challenge_table.index[challenge_table["stuffing"].astype(bool)]
        if len(flagged) == 1 and len(challenge_table) > 1:
            questions.append(exercises.Question(
                id="jbp.stuffing", prompt=prompt("q.stuffing"), kind="choice",
                choices=tuple(map(str, challenge_table.index)),
                check=exercises.expect_choice(str(flagged[0]))))
    if review is not None:
        rated = review.dropna(subset=["roi"])
        if len(rated) > 1 and rated["activity"].is_unique:
            worst = rated.loc[rated["roi"].idxmin(), "activity"]
            questions.append(exercises.Question(
                id="jbp.lowest_roi", prompt=prompt("q.lowest_roi"), kind="choice",
                choices=tuple(sorted(map(str, rated["activity"]))),
                check=exercises.expect_choice(str(worst))))
    if not is_skipped(jbp.financial_review):
        cycle = jbp.financial_review.indicators["cash_cycle"]
        questions.append(exercises.Question(
            id="jbp.cash_cycle", prompt=prompt("q.cash_cycle"),
            check=exercises.expect_number(cycle, rel_tol=0.02, abs_tol=0.5,
                                          hint=hint("q.cash_cycle.hint"))))
    if not is_skipped(jbp.financial_targets):
        units = jbp.financial_targets.indicators["sell_in_units"]
        questions.append(exercises.Question(
            id="jbp.sell_in_units", prompt=prompt("q.sell_in_units"),
            check=exercises.expect_number(units, rel_tol=0.01,
                                          hint=hint("q.sell_in_units.hint"))))
    return questions


__all__ = ["BuilderApp", "ChecklistApp", "CooperationEditor", "ScenarioApp", "figures_for",
           "jbp_questions"]
