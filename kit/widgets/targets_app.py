"""Stage-2 apps: the target-setting sliders and the decomposition grid.

Thin views over kit.goals: the sliders call set_targets, the grid calls
split_plan. Both autosave the trainee's choices to the work folder and come
back as they were left after a kernel restart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

import ipywidgets as widgets
import pandas as pd
from ipydatagrid import DataGrid

from kit import charts, exercises, i18n, workspace
from kit.exercises import parse_number
from kit.goals.decompose import RULES, DecompositionError, SplitPlan, flag_growth, split_plan
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
            "zh": "<b>市场规模（推算）</b> {market} 元 · <b>自上而下</b> {top} 元 · "
                  "<b>自下而上</b> {bottom} 元 · <b>{gap_word}</b> {gap} 元（{share}）",
            "en": "<b>Market (inferred)</b> CNY {market} · <b>Top-down</b> CNY {top} · "
                  "<b>Bottom-up</b> CNY {bottom} · <b>{gap_word}</b> CNY {gap} ({share})",
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
        "all": {"zh": "全部", "en": "All"},
        "col.segment": {"zh": "细分", "en": "Segment"},
        "col.last_year": {"zh": "去年实际", "en": "Last year"},
        "col.target": {"zh": "目标（可编辑）", "en": "Target (editable)"},
        "col.growth": {"zh": "增长", "en": "Growth"},
        "col.flag": {"zh": "提示", "en": "Check"},
        "col.lock": {"zh": "锁定", "en": "Locked"},
        # Text, not an emoji: classroom PCs often lack an emoji font (a box shows instead).
        "locked": {"zh": "已锁定", "en": "locked"},
        "flag": {"zh": "⚠ 增长与上级不一致", "en": "⚠ out of line"},
        "new": {"zh": "⚠ 去年无销售", "en": "⚠ no sales last year"},
        "unlock_view": {"zh": "解锁本页", "en": "Unlock this view"},
        "unlock_all": {"zh": "全部解锁", "en": "Unlock all"},
        "help": {
            "zh": "在“目标”列直接改数字：这个格子会被锁定（“锁定”列显示“已锁定”），同一上级下其余未锁定的格子自动重新分摊，"
                  "合计保持不变。",
            "en": "Type a number in the Target column: the cell is locked (the Locked column says so) and the other unlocked "
                  "cells under the same parent are re-balanced, so the total stays the same.",
        },
        "not_number": {"zh": "“{value}”不是数字，没有修改。", "en": "“{value}” is not a number; nothing changed."},
        "refused": {"zh": "无法这样修改：{reason}", "en": "That edit cannot be made: {reason}"},
        "q.gap": {
            "zh": "练习 1：按参数格里的市场增长和份额，自上而下目标比自下而上目标（驱动因素都不变时）高出多少元？",
            "en": "Exercise 1: with the market growth and shares of the parameters cell, by how much "
                  "(CNY) does the top-down target exceed the bottom-up one with all drivers unchanged?",
        },
        "q.gap.hint": {
            "zh": "缺口 = 自上而下 − 自下而上；自上而下 = 市场规模 × (1 + 市场增长) × 目标份额。",
            "en": "Gap = top-down − bottom-up; top-down = market × (1 + market growth) × share ambition.",
        },
        "q.largest": {
            "zh": "练习 2：按去年占比分解后，哪一个{dim}分到的年度目标最大？",
            "en": "Exercise 2: split by last year's shares, which {dim} gets the largest annual target?",
        },
        "q.peak": {
            "zh": "练习 3：按季节性分摊后，哪个月的目标最高？",
            "en": "Exercise 3: phased by seasonality, which month has the highest target?",
        },
        "restored": {
            "zh": "已恢复你上次保存的分解（年度目标 {total} 元）。",
            "en": "Your saved split is back (annual target CNY {total}).",
        },
    },
)

TARGETS_SAVE = "goals_targets"
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
        self._build()
        self.update()

    def _restore(self, ambition: Ambition) -> TargetInputs:
        saved = workspace.load_json(TARGETS_SAVE, default=None, trainee=self.trainee)
        try:
            return TargetInputs(Ambition(**saved["ambition"]), Drivers(**saved["drivers"]))
        except (TypeError, KeyError):  # nothing saved, or saved by an older kit
            return TargetInputs(ambition, Drivers())

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
        workspace.save_json(TARGETS_SAVE, {"ambition": asdict(self.inputs.ambition),
                                           "drivers": asdict(self.inputs.drivers)},
                            trainee=self.trainee)
        self.update()

    @property
    def setting(self) -> TargetSetting:
        return set_targets(self.start, self.inputs.ambition, self.inputs.drivers)

    def update(self) -> None:
        s = self.setting
        gap = s.gap
        self.summary.value = t("summary", market=f"{s.market:,.0f}", top=f"{s.top_down:,.0f}",
                               bottom=f"{s.bottom_up.current_sales:,.0f}",
                               gap_word=t("gap") if gap.amount >= 0 else t("surplus"),
                               gap=f"{abs(gap.amount):,.0f}", share=charts.percent(abs(gap.share)))
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
        self.message = widgets.HTML(t("restored", total=f"{self.plan.total:,.0f}") if restored else "")
        self._build()
        self.recompute()

    def _restore(self, plan: SplitPlan) -> tuple[SplitPlan, bool]:
        saved = workspace.load_json(SPLIT_SAVE, default=None, trainee=self.trainee)
        try:
            loaded = SplitPlan.from_json(saved)
        except (TypeError, KeyError, ValueError):
            return plan, False
        # A saved split for other columns (another data file) does not apply.
        return (loaded, True) if loaded.levels == plan.levels else (plan, False)

    def _save(self) -> None:
        workspace.save_json(SPLIT_SAVE, self.plan.to_json(), trainee=self.trainee)

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
            options=[(charts.dimension_name(v), v) for v in p.levels] + [(t("view.month"), MONTH)],
            value=p.levels[0], description=t("view"))
        self.parent = widgets.Dropdown(description=t("parent"))
        self.unlock_view = widgets.Button(description=t("unlock_view"), icon="unlock")
        self.unlock_all = widgets.Button(description=t("unlock_all"), icon="unlock-alt")
        self.grid = DataGrid(pd.DataFrame(), editable=True, selection_mode="cell",
                             base_column_size=140, layout=widgets.Layout(height="320px"))
        self.grid.on_cell_change(self._on_cell)
        self.chart = widgets.Box()
        for control in (self.total, self.rule, self.blend):
            control.observe(self._on_settings, names="value")
        self.view.observe(lambda _: self._show_view(), names="value")
        self.parent.observe(lambda _: self._show_cells(), names="value")
        self.unlock_view.on_click(lambda _: self.unlock(view_only=True))
        self.unlock_all.on_click(lambda _: self.unlock())
        self.widget = widgets.VBox([
            widgets.HBox([self.total, self.rule, self.blend]),
            widgets.HBox([self.view, self.parent, self.unlock_view, self.unlock_all]),
            widgets.HTML(f"<i>{t('help')}</i>"), self.message, self.grid, self.chart,
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
                                                 potential=self.potential)
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

    def _show_view(self) -> None:
        if self.view.value == MONTH:
            self.parent.options, self.parent.disabled = [(t("all"), "")], True
            self._show_cells()
            return
        depth = self._depth()
        parents = self.cells[self.cells["depth"] == depth - 1]
        options = [(t("all"), "")] + [(" / ".join(p), "\x1f".join(p))
                                     for p in (self._path(r, depth - 1) for _, r in parents.iterrows())]
        current = self.parent.value if self.parent.value in {v for _, v in options} else ""
        self.parent.unobserve_all("value")
        self.parent.options, self.parent.disabled = options, depth == 1
        self.parent.value = current
        self.parent.observe(lambda _: self._show_cells(), names="value")
        self._show_cells()

    def _path(self, row: pd.Series, depth: int) -> tuple[str, ...]:
        return tuple(str(row[k]) for k in self.plan.levels[:depth])

    def _view_paths(self) -> list[tuple[str, ...]]:
        if self.view.value == MONTH:
            return []
        return [self._path(r, self._depth()) for _, r in self.view_cells().iterrows()]

    def view_cells(self) -> pd.DataFrame:
        """The cells the grid shows: one level, under the chosen parent."""
        depth = self._depth()
        cells = self.cells[self.cells["depth"] == depth]
        if self.parent.value:
            parent = tuple(self.parent.value.split("\x1f"))
            mask = pd.Series(True, index=cells.index)
            for key, value in zip(self.plan.levels, parent, strict=False):
                mask &= cells[key].astype(str) == value
            cells = cells[mask]
        return cells

    def _show_cells(self) -> None:
        if self.view.value == MONTH:
            frame = self._month_frame()
            figure = charts.phasing_chart(self.months, self.last_year_months)
        else:
            cells = self.view_cells()
            frame = self._cell_frame(cells)
            figure = charts.split_chart(cells, self.view.value)
        self._rows = frame.index.tolist()
        self.grid.data = frame.set_index(t("col.segment"))
        self.chart.children = [png(figure)]

    def _cell_frame(self, cells: pd.DataFrame) -> pd.DataFrame:
        depth = self._depth()
        paths = [self._path(r, depth) for _, r in cells.iterrows()]
        frame = pd.DataFrame({
            # Under "all" parents a name can repeat (KA in every region): show the path.
            t("col.segment"): [p[-1] if self.parent.value or depth == 1 else " / ".join(p)
                               for p in paths],
            t("col.last_year"): cells["last_year"].round(0).to_numpy(),
            t("col.target"): cells["target"].to_numpy(),
            t("col.growth"): [charts.percent(g, sign=True) for g in cells["growth"]],
            t("col.flag"): [self._flag_text(r) for _, r in cells.iterrows()],
            t("col.lock"): [t("locked") if p in self.plan.locks else "" for p in paths],
        }, index=pd.Index(paths))
        return frame

    @staticmethod
    def _flag_text(row: pd.Series) -> str:
        if row["last_year"] <= 0:
            return t("new")
        return t("flag") if row["flag"] else ""

    def _month_frame(self) -> pd.DataFrame:
        ly = (self.last_year_months.reindex(self.months.index - 12).fillna(0.0).to_numpy()
              if self.last_year_months is not None else [0.0] * 12)
        flagged = flag_growth(pd.DataFrame({MONTH: [str(p) for p in self.months.index], "depth": 1,
                                            "target": self.months.to_numpy(), "last_year": ly}))
        keys = [str(p) for p in self.months.index]
        return pd.DataFrame({
            t("col.segment"): keys,
            t("col.last_year"): pd.Series(ly).round(0).to_numpy(),
            t("col.target"): self.months.to_numpy(),
            t("col.growth"): [charts.percent(g, sign=True) for g in flagged["growth"]],
            t("col.flag"): [self._flag_text(r) for _, r in flagged.iterrows()],
            t("col.lock"): [t("locked") if k in self.plan.month_locks else "" for k in keys],
        }, index=pd.Index(keys))

    def _on_cell(self, change: dict) -> None:
        if change["column"] != t("col.target"):
            self._show_cells()  # only targets are typed; anything else goes back
            return
        key = self._rows[change["row"]]
        value = parse_number(change["value"])
        if value is None:
            self.message.value = t("not_number", value=change["value"])
            self._show_cells()
            return
        self.edit(key, value)


def goal_questions(setting: TargetSetting, cells: pd.DataFrame, months: pd.Series,
                   levels: list[str]) -> list[exercises.Question]:
    """The stage-2 exercises, answered from the parameter-cell results (the
    notebook asks them before the trainee moves any slider)."""
    first = cells[cells["depth"] == 1]
    dim = levels[0]

    def prompt(key: str, **fields) -> dict[str, str]:
        return {lang: t(key, lang=lang, **fields) for lang in i18n.LANGS}

    dims = {lang: charts.t(f"dim.{dim}", lang=lang) if f"dim.{dim}" in charts._CATALOGUE else dim
            for lang in i18n.LANGS}
    month_names = tuple(str(p) for p in months.index)
    return [
        exercises.Question(id="goals.gap", prompt=prompt("q.gap"),
                           check=exercises.expect_number(setting.gap.amount, rel_tol=0.01,
                                                         hint=prompt("q.gap.hint"))),
        exercises.Question(id=f"goals.largest.{dim}",
                           prompt={lang: t("q.largest", lang=lang, dim=dims[lang]) for lang in i18n.LANGS},
                           kind="choice", choices=tuple(first[dim].astype(str)),
                           check=exercises.expect_choice(str(first.loc[first["target"].idxmax(), dim]))),
        exercises.Question(id="goals.peak_month", prompt=prompt("q.peak"), kind="choice",
                           choices=month_names, check=exercises.expect_choice(str(months.idxmax()))),
    ]


def split_app(plan: SplitPlan, history: pd.DataFrame, seasonality: pd.Series, **kwargs) -> widgets.VBox:
    return SplitApp(plan, history, seasonality, **kwargs).widget


def target_app(start: Starting, **kwargs) -> widgets.VBox:
    return TargetApp(start, **kwargs).widget
