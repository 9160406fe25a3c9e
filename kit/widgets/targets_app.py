"""Stage-2 apps: the target-setting sliders and the decomposition grid.

Thin views over kit.goals: the sliders call set_targets, the grid calls
split_plan. Both autosave the trainee's choices to the work folder and come
back as they were left after a kernel restart.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import ipywidgets as widgets
import numpy as np
import pandas as pd
from ipydatagrid import DataGrid

from kit import charts, fmt, i18n, labels, workspace
from kit.exercises import parse_number
from kit.goals.decompose import (
    RULES,
    DecompositionError,
    SplitPlan,
    flag_growth,
    split_plan,
    split_tree,
)
from kit.goals.targets import Ambition, Drivers, Starting, TargetSetting, set_targets
from kit.widgets.review_app import png

t = i18n.catalogue(
    "targets_app",
    {
        "market_growth": {"zh": "市场增长率", "en": "Market growth"},
        "share_now": {"zh": "当前市场份额", "en": "Market share now"},
        "share_ambition": {"zh": "目标市场份额", "en": "Share ambition"},
        "new_outlets.outlet": {"zh": "新增购买门店数", "en": "New buying outlets"},
        "new_outlets.customer": {"zh": "新增购买客户数", "en": "New buying customers"},
        "distribution_points": {"zh": "店均 SKU 变化", "en": "SKUs per outlet change"},
        "rate_of_sale": {"zh": "单品单店销量变化", "en": "Rate of sale change"},
        "price": {"zh": "平均单价变化", "en": "Average price change"},
        "universe_growth": {"zh": "终端总数变化", "en": "Outlet universe change"},
        "ambition": {"zh": "自上而下：市场与份额", "en": "Top-down: market and share"},
        "drivers": {"zh": "自下而上：五维漏斗驱动因素", "en": "Bottom-up: funnel drivers"},
        "summary": {
            "zh": "<b>市场规模（推算）</b> {market} {CUR} · <b>自上而下</b> {top} {CUR} · "
                  "<b>自下而上</b> {bottom} {CUR} · <b>{gap_word}</b> {gap} {CUR}（{share}）",
            "en": "<b>Market (inferred)</b> {CUR} {market} · <b>Top-down</b> {CUR} {top} · "
                  "<b>Bottom-up</b> {CUR} {bottom} · <b>{gap_word}</b> {CUR} {gap} ({share})",
        },
        "gap": {"zh": "缺口", "en": "Gap"},
        "surplus": {"zh": "超出", "en": "Above"},
        "unit_note.customer": {
            "zh": "没有门店数据：漏斗按客户计算（终端 = 文件中的全部客户）。",
            "en": "No outlet data: the funnel counts customers (universe = every customer in the file).",
        },
        # decomposition grid
        "total": {"zh": "年度目标", "en": "Annual target"},
        "rule": {"zh": "分解规则", "en": "Rule"},
        "rule.last_year": {"zh": "按去年占比", "en": "Last year's shares"},
        "rule.potential": {"zh": "按潜力占比", "en": "Potential shares"},
        "rule.blend": {"zh": "去年与潜力混合", "en": "Blend"},
        "blend": {"zh": "去年权重", "en": "Weight of last year"},
        "view": {"zh": "查看维度", "en": "Dimension"},
        "view.month": {"zh": "月份", "en": "Month"},
        "parent": {"zh": "上级", "en": "Within"},
        "col.target": {"zh": "目标（可编辑）", "en": "Target (editable)"},
        "col.growth": {"zh": "增长", "en": "Growth"},
        "col.flag": {"zh": "提示", "en": "Check"},
        "col.lock": {"zh": "锁定", "en": "Locked"},
        # Text, not an emoji: classroom PCs often lack an emoji font (a box shows instead).
        "locked": {"zh": "已锁定", "en": "locked"},
        "flag": {"zh": "⚠ 增长与上级不一致", "en": "⚠ out of line"},
        "new": {"zh": "⚠ 去年无销售", "en": "⚠ no sales last year"},
        "page": {"zh": "页", "en": "Page"},
        "pages": {"zh": "共 {pages} 页，{rows} 行", "en": "of {pages} ({rows} rows)"},
        "tab.grid": {"zh": "表格", "en": "Table"},
        "tab.chart": {"zh": "图表", "en": "Chart"},
        "unlock_view": {"zh": "解锁本页", "en": "Unlock this view"},
        "unlock_all": {"zh": "全部解锁", "en": "Unlock all"},
        "help": {
            "zh": "在“目标”列直接改数字：这个格子会被锁定（“锁定”列显示“已锁定”），同一上级下其余未锁定的格子自动重新分摊，"
                  "合计保持不变。",
            "en": "Type a number in the Target column: the cell is locked (the Locked column says so) and the other unlocked "
                  "cells under the same parent are re-balanced, so the total stays the same.",
        },
        "refused": {"zh": "无法这样修改：{reason}", "en": "That edit cannot be made: {reason}"},
        "restored": {
            "zh": "已恢复你上次保存的分解（年度目标 {total} {CUR}）。",
            "en": "Your saved split is back (annual target {CUR} {total}).",
        },
    },
)

TARGETS_SAVE = "goals_targets"
PAGE_ROWS = 50  # cells per page of the split grid (about four screens of it)
SPLIT_SAVE = "goals_split"
MONTH = "month"

# (field, min, max, step, format): percentages read as %, outlets as whole numbers.
AMBITION_SLIDERS = (("market_growth", -0.2, 0.5, 0.005, ".1%"), ("share_now", 0.005, 0.8, 0.005, ".1%"),
                    ("share_ambition", 0.005, 0.8, 0.005, ".1%"))
DRIVER_SLIDERS = (("distribution_points", -0.3, 0.5, 0.005, ".1%"), ("rate_of_sale", -0.3, 0.5, 0.005, ".1%"),
                  ("price", -0.2, 0.3, 0.005, ".1%"), ("universe_growth", -0.2, 0.5, 0.005, ".1%"))


@dataclass
class TargetInputs:
    ambition: Ambition
    drivers: Drivers


class TargetApp:
    """Sliders for the ambition and the funnel drivers; the gap follows live."""

    def __init__(self, start: Starting, *, ambition: Ambition | None = None,
                 trainee: str | None = None):
        self.start, self.trainee = start, trainee
        self.inputs = self._restore(ambition or Ambition())
        # Saved at once: later stages (the annual plan) read the target as it was set here.
        workspace.save(TARGETS_SAVE, self.inputs, trainee=trainee)
        self._build()
        self.update()

    def _restore(self, ambition: Ambition) -> TargetInputs:
        return workspace.load(TARGETS_SAVE, TargetInputs, default=TargetInputs(ambition, Drivers()),
                              trainee=self.trainee).value

    def _slider(self, name: str, value: float, low: float, high: float, step: float,
                fmt: str) -> widgets.FloatSlider:
        slider = widgets.FloatSlider(value=min(max(value, low), high), min=low, max=high, step=step,
                                     readout_format=fmt, continuous_update=False,
                                     description=t(name), style={"description_width": "10em"},
                                     layout=widgets.Layout(width="32em"))
        slider.observe(self._on_change, names="value")
        return slider

    def _build(self) -> None:
        a, d = self.inputs.ambition, self.inputs.drivers
        self.sliders = {name: self._slider(name, getattr(a, name), *rest)
                        for name, *rest in AMBITION_SLIDERS}
        self.sliders |= {name: self._slider(name, getattr(d, name), *rest)
                         for name, *rest in DRIVER_SLIDERS}
        buyers = self.start.funnel["universe"] * self.start.funnel["numeric_distribution"]
        universe = self.start.funnel["universe"]
        outlets = widgets.IntSlider(value=int(d.new_outlets), min=-int(buyers),
                                    max=max(int(universe - buyers), 1) + int(universe),
                                    continuous_update=False,
                                    description=t(f"new_outlets.{self.start.unit}"),
                                    style={"description_width": "10em"},
                                    layout=widgets.Layout(width="32em"))
        outlets.observe(self._on_change, names="value")
        self.sliders["new_outlets"] = outlets
        self.summary = widgets.HTML()
        self.charts = widgets.HBox()
        note = t("unit_note.customer") if self.start.unit == "customer" else ""
        self.widget = widgets.VBox([
            widgets.HTML(f"<b>{t('ambition')}</b>"),
            *[self.sliders[n] for n, *_ in AMBITION_SLIDERS],
            widgets.HTML(f"<b>{t('drivers')}</b> <i>{note}</i>"),
            self.sliders["new_outlets"], *[self.sliders[n] for n, *_ in DRIVER_SLIDERS],
            self.summary, self.charts,
        ])

    def _on_change(self, _change) -> None:
        values = {name: s.value for name, s in self.sliders.items()}
        self.inputs = TargetInputs(
            Ambition(**{f.name: values[f.name] for f in fields(Ambition)}),
            Drivers(**{f.name: values[f.name] for f in fields(Drivers)}))
        workspace.save(TARGETS_SAVE, self.inputs, trainee=self.trainee)
        self.update()

    @property
    def setting(self) -> TargetSetting:
        return set_targets(self.start, self.inputs.ambition, self.inputs.drivers)

    def update(self) -> None:
        s = self.setting
        gap = s.gap
        self.summary.value = t("summary", market=fmt.amount(s.market), top=fmt.amount(s.top_down),
                               bottom=fmt.amount(s.bottom_up.current_sales),
                               gap_word=t("gap") if gap.amount >= 0 else t("surplus"),
                               gap=fmt.amount(abs(gap.amount)), share=fmt.percent(abs(gap.share)))
        self.charts.children = [png(charts.target_chart(s)), png(charts.funnel_chart(s.bottom_up))]


# ================================================================== decomposition grid


class SplitApp:
    """The five-way split as an editable grid: a typed target locks its cell and
    the unlocked cells under the same parent re-balance."""

    def __init__(self, plan: SplitPlan, history: pd.DataFrame, seasonality: pd.Series, *,
                 potential: pd.DataFrame | None = None, last_year_months: pd.Series | None = None,
                 trainee: str | None = None):
        self.history, self.seasonality, self.potential = history, seasonality, potential
        self.last_year_months, self.trainee = last_year_months, trainee
        self.plan, restored = self._restore(plan)
        # What the split reads from the data, once: a change then only re-allocates.
        self.tree = split_tree(history, self.plan.levels, potential=potential)
        self.message = widgets.HTML(t("restored", total=fmt.amount(self.plan.total)) if restored else "")
        self._syncing = False
        self._build()
        self.recompute()

    def _restore(self, plan: SplitPlan) -> tuple[SplitPlan, bool]:
        loaded = workspace.load(SPLIT_SAVE, SplitPlan, default=plan, trainee=self.trainee).value
        # A saved split for other columns (another data file), or a rule this kit does not
        # know, does not apply.
        if loaded is plan or loaded.levels != plan.levels or loaded.rule not in RULES:
            return plan, False
        return loaded, True

    def _save(self) -> None:
        workspace.save(SPLIT_SAVE, self.plan, trainee=self.trainee)

    # ---------------------------------------------------------- widgets

    def _build(self) -> None:
        p = self.plan
        self.total = widgets.FloatText(value=p.total, description=t("total"))
        self.rule = widgets.Dropdown(options=[(t(f"rule.{r}"), r) for r in self._rules()],
                                     value=p.rule if p.rule in self._rules() else "last_year",
                                     description=t("rule"))
        self.blend = widgets.FloatSlider(value=p.blend, min=0, max=1, step=0.05, readout_format=".0%",
                                         continuous_update=False, description=t("blend"))
        self.view = widgets.Dropdown(
            options=[(labels.column(v), v) for v in p.levels] + [(t("view.month"), MONTH)],
            value=p.levels[0], description=t("view"))
        self.parent = widgets.Dropdown(description=t("parent"))
        self.unlock_view = widgets.Button(description=t("unlock_view"), icon="unlock")
        self.unlock_all = widgets.Button(description=t("unlock_all"), icon="unlock-alt")
        self.grid = DataGrid(pd.DataFrame(), editable=True, selection_mode="cell",
                             base_column_size=140, layout=widgets.Layout(height="320px"))
        self.grid.on_cell_change(self._on_cell)
        # A page of cells at a time: a level can have thousands (one per SKU and customer).
        self.page = widgets.BoundedIntText(value=1, min=1, max=1, description=t("page"),
                                           layout=widgets.Layout(width="14em"))
        self.pages = widgets.HTML()
        self.chart = widgets.Box()
        # The chart is drawn when its tab is opened (a figure costs more than a whole update).
        self.views = widgets.Tab(children=[self.grid, self.chart])
        self.views.set_title(0, t("tab.grid"))
        self.views.set_title(1, t("tab.chart"))
        for control in (self.total, self.rule, self.blend):
            control.observe(self._on_settings, names="value")
        self.view.observe(lambda _: self._show_view(first_page=True), names="value")
        self.parent.observe(self._on_parent, names="value")
        self.page.observe(self._on_page, names="value")
        self.views.observe(lambda _: self._draw_chart(), names="selected_index")
        self.unlock_view.on_click(lambda _: self.unlock(view_only=True))
        self.unlock_all.on_click(lambda _: self.unlock())
        self.widget = widgets.VBox([
            widgets.HBox([self.total, self.rule, self.blend]),
            widgets.HBox([self.view, self.parent, self.unlock_view, self.unlock_all]),
            widgets.HTML(f"<i>{t('help')}</i>"), self.message,
            widgets.HBox([self.page, self.pages]), self.views,
        ])

    def _rules(self) -> tuple[str, ...]:
        return RULES if self.potential is not None else ("last_year",)

    def _on_settings(self, _change) -> None:
        self.plan = replace(self.plan, total=float(self.total.value), rule=self.rule.value,
                            blend=float(self.blend.value))
        self.message.value = ""
        self.recompute()

    # ---------------------------------------------------------- computing

    def recompute(self) -> bool:
        """Split with the current plan; on a refused plan keep the last good split."""
        try:
            self.cells, self.months = split_plan(self.plan, self.history, self.seasonality,
                                                 potential=self.potential, tree=self.tree)
        except DecompositionError as error:
            self.message.value = t("refused", reason=error)
            return False
        self._save()
        self._show_view()
        return True

    def edit(self, key: tuple | str, value: float) -> bool:
        """Lock a cell (a path tuple) or a month ("YYYY-MM") at `value` and re-balance.
        Returns False (and keeps the split) when the lock cannot be honoured."""
        before = self.plan
        if isinstance(key, tuple):
            self.plan = replace(self.plan, locks={**self.plan.locks, key: float(value)})
        else:
            self.plan = replace(self.plan, month_locks={**self.plan.month_locks, key: float(value)})
        self.message.value = ""
        if not self.recompute():
            self.plan = before
            self._show_view()  # put the refused number back to what it was
            return False
        return True

    def unlock(self, view_only: bool = False) -> None:
        locks, month_locks = dict(self.plan.locks), dict(self.plan.month_locks)
        if not view_only:
            locks, month_locks = {}, {}
        elif self.view.value == MONTH:
            month_locks = {}
        else:
            shown = set(self._view_paths())
            locks = {k: v for k, v in locks.items() if k not in shown}
        self.plan = replace(self.plan, locks=locks, month_locks=month_locks)
        self.message.value = ""
        self.recompute()

    # ---------------------------------------------------------- showing

    def _depth(self) -> int:
        return self.plan.levels.index(self.view.value) + 1

    def _show_view(self, first_page: bool = False) -> None:
        if self.view.value == MONTH:
            self._set(self.parent, options=[(labels.word("all"), "")], value="", disabled=True)
        else:
            depth = self._depth()
            parents = self._paths(self.cells[self.cells["depth"] == depth - 1], depth - 1)
            options = [(labels.word("all"), "")] + [(" / ".join(p), "\x1f".join(p)) for p in parents]
            current = self.parent.value if self.parent.value in {v for _, v in options} else ""
            self._set(self.parent, options=options, value=current, disabled=depth == 1)
        self._show_cells(first_page)

    def _set(self, control: widgets.Widget, **values) -> None:
        """Set a control's traits without running the app's own observers."""
        self._syncing = True
        try:
            for name, value in values.items():
                setattr(control, name, value)
        finally:
            self._syncing = False

    def _on_parent(self, _change) -> None:
        if not self._syncing:
            self._show_cells(first_page=True)

    def _on_page(self, _change) -> None:
        if not self._syncing:
            self._show_cells()

    def _paths(self, cells: pd.DataFrame, depth: int) -> list[tuple[str, ...]]:
        """Each cell's path: its keys down to `depth`, as text."""
        columns = [cells[k].astype(str).tolist() for k in self.plan.levels[:depth]]
        return list(zip(*columns, strict=True)) if columns else [()] * len(cells)

    def _view_paths(self) -> list[tuple[str, ...]]:
        if self.view.value == MONTH:
            return []
        return self._paths(self.view_cells(), self._depth())

    def view_cells(self) -> pd.DataFrame:
        """The cells the grid shows: one level, under the chosen parent (every page)."""
        depth = self._depth()
        cells = self.cells[self.cells["depth"] == depth]
        if self.parent.value:
            parent = tuple(self.parent.value.split("\x1f"))
            mask = pd.Series(True, index=cells.index)
            for key, value in zip(self.plan.levels, parent, strict=False):
                mask &= cells[key].astype(str) == value
            cells = cells[mask]
        return cells

    def _show_cells(self, first_page: bool = False) -> None:
        if self.view.value == MONTH:
            frame, self._shown, rows, pages, page = self._month_frame(), None, 12, 1, 1
        else:
            cells = self.view_cells()
            rows = len(cells)
            pages = max(1, -(-rows // PAGE_ROWS))
            page = 1 if first_page else min(self.page.value, pages)
            self._shown = cells.iloc[(page - 1) * PAGE_ROWS: page * PAGE_ROWS]
            frame = self._cell_frame(self._shown)
        self._set(self.page, max=pages, value=page, disabled=pages == 1)
        self.pages.value = t("pages", pages=pages, rows=f"{rows:,}")
        self._rows = frame.index.tolist()
        self.grid.data = frame.set_index(labels.word("segment"))
        self._chart_drawn = False
        self._draw_chart()

    def _draw_chart(self) -> None:
        """The chart of what the grid shows, when its tab is open."""
        if self.views.selected_index != 1 or self._chart_drawn:
            return
        if self._shown is None:
            figure = charts.phasing_chart(self.months, self.last_year_months)
        else:
            figure = charts.split_chart(self._shown, self.view.value)
        self.chart.children = [png(figure)]
        self._chart_drawn = True

    def _cell_frame(self, cells: pd.DataFrame) -> pd.DataFrame:
        depth = self._depth()
        paths = self._paths(cells, depth)
        frame = pd.DataFrame({
            # Under "all" parents a name can repeat (KA in every region): show the path.
            labels.word("segment"): [p[-1] if self.parent.value or depth == 1 else " / ".join(p)
                               for p in paths],
            labels.word("last_year_actual"): cells["last_year"].round(0).to_numpy(),
            t("col.target"): cells["target"].to_numpy(),
            t("col.growth"): [fmt.percent(g, sign=True) for g in cells["growth"]],
            t("col.flag"): self._flag_texts(cells),
            t("col.lock"): [t("locked") if p in self.plan.locks else "" for p in paths],
        }, index=pd.Index(paths))
        return frame

    @staticmethod
    def _flag_texts(cells: pd.DataFrame) -> list[str]:
        new = (cells["last_year"] <= 0).to_numpy()
        flag = cells["flag"].to_numpy(dtype=bool)
        return np.where(new, t("new"), np.where(flag, t("flag"), "")).tolist()

    def _month_frame(self) -> pd.DataFrame:
        ly = (self.last_year_months.reindex(self.months.index - 12).fillna(0.0).to_numpy()
              if self.last_year_months is not None else [0.0] * 12)
        flagged = flag_growth(pd.DataFrame({MONTH: [str(p) for p in self.months.index], "depth": 1,
                                            "target": self.months.to_numpy(), "last_year": ly}))
        keys = [str(p) for p in self.months.index]
        return pd.DataFrame({
            labels.word("segment"): keys,
            labels.word("last_year_actual"): pd.Series(ly).round(0).to_numpy(),
            t("col.target"): self.months.to_numpy(),
            t("col.growth"): [fmt.percent(g, sign=True) for g in flagged["growth"]],
            t("col.flag"): self._flag_texts(flagged),
            t("col.lock"): [t("locked") if k in self.plan.month_locks else "" for k in keys],
        }, index=pd.Index(keys))

    def _on_cell(self, change: dict) -> None:
        if change["column"] != t("col.target"):
            self._show_cells()  # only targets are typed; anything else goes back
            return
        key = self._rows[change["row"]]
        value = parse_number(change["value"])
        if value is None:
            self.message.value = labels.word("not_number", value=change["value"])
            self._show_cells()
            return
        self.edit(key, value)




def split_app(plan: SplitPlan, history: pd.DataFrame, seasonality: pd.Series, **kwargs) -> widgets.VBox:
    return SplitApp(plan, history, seasonality, **kwargs).widget


def target_app(start: Starting, **kwargs) -> widgets.VBox:
    return TargetApp(start, **kwargs).widget
