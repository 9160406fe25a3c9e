"""Stage-4 apps: penetration explorer, whitespace heatmap, growth scenario,
account portfolio and the pipeline board.

Thin views over kit.penetration and kit.accounts: every number shown is what
those functions return for the trainee's choices. The whitespace heatmap is a
grid of buttons (a click lists the outlets behind the cell), which works the
same in JupyterLab and Voila. Every app autosaves its choices to the work
folder and comes back as it was left after a kernel restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import ipywidgets as widgets
import pandas as pd

from kit import charts, fmt, i18n, labels, workspace
from kit.accounts import (
    PROBABILITIES,
    STAGES,
    deal_probabilities,
    forecast,
    pipeline_ageing,
    stage_keys,
    weighted_pipeline,
)
from kit.accounts.labels import t as acc_t
from kit.accounts.pipeline import is_lost
from kit.penetration import (
    EASE,
    RELATIONSHIPS,
    Basis,
    Scenario,
    cell_outlets,
    growth_scenario,
    penetration,
    penetration_room,
    target_list,
    target_statuses,
    whitespace,
    whitespace_matrix,
)
from kit.penetration.labels import t as pen_t
from kit.style import DOWN
from kit.widgets.review_app import png

t = i18n.catalogue(
    "penetration_app",
    {
        "segment": {"zh": "细分维度", "en": "Segment by"},
        "period": {"zh": "期间", "en": "Period"},
        "total": {"zh": "合计（不细分）", "en": "Total (no split)"},
        "col.universe": {"zh": "客户宇宙", "en": "Universe"},
        "col.buyers": {"zh": "购买客户", "en": "Buyers"},
        "col.penetration": {"zh": "渗透率", "en": "Penetration"},
        "col.sales": {"zh": "销售额（{CUR}）", "en": "Sales ({CUR})"},
        "col.frequency": {"zh": "购买频次（月/客户）", "en": "Frequency (months per buyer)"},
        "col.spend_per_buyer": {"zh": "客均销售额（{CUR}）", "en": "Spend per buyer ({CUR})"},
        "col.sales_to_potential": {"zh": "销售额/潜力", "en": "Sales / potential"},
        "col.share_of_wallet": {"zh": "钱包份额", "en": "Share of wallet"},
        # whitespace
        "ws.value": {"zh": "格子里显示", "en": "Cells show"},
        "ws.value.gap": {"zh": "空白金额（{MUNIT}）", "en": "Whitespace ({MUNIT})"},
        "ws.value.bought_share": {"zh": "已购买占比", "en": "Share bought"},
        "ws.help": {
            "zh": "点击一个格子，下面列出这个细分里还没有买这条产品线的客户（空白金额从大到小）。",
            "en": "Click a cell to list the outlets of that segment that do not buy the product "
                  "line yet (largest whitespace first).",
        },
        "ws.listing": {
            "zh": "<b>{segment} × {product}</b>：{n} 家未购买，空白金额合计 {gap} {CUR}（显示前 {shown} 家）",
            "en": "<b>{segment} × {product}</b>: {n} outlets not buying, whitespace {CUR} {gap} "
                  "(top {shown} shown)",
        },
        "ws.none": {"zh": "这个格子没有空白客户。", "en": "No whitespace outlets in this cell."},
        "ws.more": {"zh": "另有 {n} 条产品线未显示（只显示空白最大的 {shown} 条）。",
                    "en": "{n} more product lines not shown (the {shown} largest are)."},
        "ease": {"zh": "难易系数", "en": "Ease"},
        "targets": {
            "zh": "<b>优先目标名单</b>（前 {shown} 条，共 {n} 条）",
            "en": "<b>Prioritised target list</b> (top {shown} of {n})",
        },
        # scenario
        "lever.penetration": {"zh": "渗透率 +（百分点）", "en": "Penetration + (points)"},
        "lever.frequency": {"zh": "购买频次 +", "en": "Frequency +"},
        "lever.spend": {"zh": "单次购买金额 +", "en": "Spend per order +"},
        "scenario.summary": {
            "zh": "<b>今天</b> {base} {CUR} → <b>情景</b> {sales} {CUR}（{change} {CUR}，{growth}）",
            "en": "<b>Today</b> {CUR} {base} → <b>Scenario</b> {CUR} {sales} ({CUR} {change}, {growth})",
        },
        "factor": {"zh": "漏斗因素", "en": "Funnel factor"},
        "scenario": {"zh": "情景", "en": "Scenario"},
        # portfolio
        "tier": {"zh": "客户层级", "en": "Tier"},
        "col.account": {"zh": "客户", "en": "Account"},
        "col.tier": {"zh": "层级", "en": "Tier"},
        "col.abc": {"zh": "ABC", "en": "ABC"},
        "col.value": {"zh": "当前价值", "en": "Value"},
        "col.contribution": {"zh": "贡献度", "en": "Contribution"},
        "col.loyalty": {"zh": "忠诚度", "en": "Loyalty"},
        "col.growth": {"zh": "成长潜力", "en": "Growth"},
        "col.risk": {"zh": "风险", "en": "Risk"},
        "col.high_risk": {"zh": "高风险", "en": "High risk"},
        # pipeline
        "pipe.own": {"zh": "有负责人赢率时用负责人的", "en": "Use the owner's probability where given"},
        "pipe.prob": {"zh": "赢率 %", "en": "Prob. %"},
        "pipe.header": {"zh": "<b>{stage}</b><br>{n} 个 · {amount} {CUR}<br>加权 {weighted} {CUR}",
                        "en": "<b>{stage}</b><br>{n} deals · {CUR} {amount}<br>weighted {CUR} {weighted}"},
        "pipe.summary": {
            "zh": "<b>加权预测</b> {forecast} {CUR}（按阶段默认赢率：{default} {CUR}）",
            "en": "<b>Weighted forecast</b> {CUR} {forecast} (stage defaults: {CUR} {default})",
        },
        "pipe.late": {"zh": "⚠ 逾期 {days} 天", "en": "⚠ {days} days late"},
        "pipe.lost": {"zh": "丢单", "en": "lost"},
        "pipe.amount": {"zh": "{amount} {CUR}", "en": "{CUR} {amount}"},
        "pipe.own_prob": {"zh": "负责人赢率 {p}", "en": "owner says {p}"},
        "pipe.close": {"zh": "预计成交 {date}", "en": "close {date}"},
        "note.no_outlets": {
            "zh": "你没有提供门店清单（outlets_file）：没关系。渗透率按{unit}计算，"
                  "从未购买的终端看不到；空白点的潜力按同类客户的中位数估算。有门店清单（含潜力）时结果更完整。",
            "en": "No outlets file (outlets_file): that is fine. Penetration counts {unit}s; "
                  "outlets that never bought are invisible, and whitespace potential is estimated "
                  "from peers. An outlets file with potential makes the picture complete.",
        },
        "note.no_opportunities": {
            "zh": "你没有提供商机清单（opportunities_file）：销售管道部分会跳过。准备一个表格，列出商机编号、"
                  "客户、阶段（客户开发/立项/提案/招投标/商务谈判/工程实施）和金额，就可以在这里练习。",
            "en": "No opportunities file (opportunities_file): the pipeline part is skipped. A sheet "
                  "with deal id, customer, stage (the six stages) and amount is all it takes.",
        },
        "note.no_before": {
            "zh": "数据不足两个期间：购买客户流动（留存/新增/流失）需要更早的数据，这一步跳过。",
            "en": "The data cover one window only: buyer flow (retained / new / lost) needs earlier "
                  "months, so it is skipped.",
        },
        "note.by_customer_skipped": {
            "zh": "没有门店数据：按经销商看终端渗透需要终端层级的数据，这一步跳过。",
            "en": "No outlet data: penetration of each distributor's outlets needs outlet-level "
                  "rows, so it is skipped.",
        },
        "note.points_capped": {
            "zh": "渗透率已接近 100 %：情景中的渗透率提升按 {points} 个百分点计算（不能超过 100 %）。",
            "en": "Penetration is close to 100 %: the scenario uses +{points} points (it cannot "
                  "pass 100 %).",
        },
        "unit.outlet": {"zh": "终端", "en": "outlet"},
        "unit.customer": {"zh": "客户", "en": "customer"},
        # exercises
    },
)

EXPLORER_SAVE = "penetration_explorer"
WHITESPACE_SAVE = "penetration_whitespace"
SCENARIO_SAVE = "penetration_scenario"
PORTFOLIO_SAVE = "penetration_portfolio"
PIPELINE_SAVE = "penetration_pipeline"
TOTAL = ""  # the dropdown value for "no segment"
MAX_PRODUCTS = 12  # heatmap columns (largest whitespace first)
LISTED = 20  # rows listed under the heatmap and of the target list


def data_notes(basis: Basis, *, has_outlets_file: bool, has_opportunities: bool) -> list[str]:
    """Kind words about what is missing and what the workshop does instead."""
    notes = [basis.note()]
    if not has_outlets_file:
        notes.append(t("note.no_outlets", unit=t(f"unit.{basis.unit}")))
    if not len(basis.before()):
        notes.append(t("note.no_before"))
    if not has_opportunities:
        notes.append(t("note.no_opportunities"))
    return notes


def note(key: str, **fields) -> str:
    """One of the notes above by key (no_outlets, no_before, no_opportunities,
    by_customer_skipped), for the notebook's skipped steps."""
    if key == "no_outlets" and "unit" not in fields:
        fields["unit"] = t("unit.outlet")
    return t(f"note.{key}", **fields)


def _saved(name: str, trainee: str | None) -> dict:
    return workspace.load(name, default={}, trainee=trainee).value


def _pick(value, options) -> object:
    """`value` when it is one of the options' values, else the first option's."""
    values = [v for _, v in options]
    return value if value in values else values[0]


def _html_table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0, classes="kit-table")


def _money(value: float) -> str:
    return fmt.amount(value)


# ================================================================== penetration explorer


class PenetrationExplorer:
    """Segment and period dropdowns; the table and chart are kit.penetration.penetration."""

    def __init__(self, basis: Basis, *, months: int = 12, end=None, trainee: str | None = None):
        self.basis, self.months, self.end, self.trainee = basis, months, end, trainee
        self.windows = basis.windows(months, end)
        saved = _saved(EXPLORER_SAVE, trainee)
        segments = [(labels.column(s), s) for s in basis.segments] + [(t("total"), TOTAL)]
        periods = [(basis.window_label(k, months, end), k) for k in self.windows]
        self.segment = widgets.Dropdown(options=segments, description=t("segment"),
                                        value=_pick(saved.get("segment"), segments))
        self.period = widgets.Dropdown(options=periods, description=t("period"),
                                       value=_pick(saved.get("period"), periods))
        self.output = widgets.HTML()
        self.chart = widgets.Box()
        self.segment.observe(self._on_change, names="value")
        self.period.observe(self._on_change, names="value")
        self.widget = widgets.VBox([widgets.HTML(f"<i>{escape(basis.note())}</i>"),
                                    widgets.HBox([self.segment, self.period]),
                                    self.output, self.chart])
        self.update()

    @property
    def by(self) -> str | None:
        return self.segment.value or None

    def _on_change(self, _change) -> None:
        workspace.save(EXPLORER_SAVE, {"segment": self.segment.value,
                                            "period": self.period.value}, trainee=self.trainee)
        self.update()

    def update(self) -> None:
        self.table = penetration(self.basis.rows, self.basis.universe,
                                 self.windows[self.period.value], by=self.by, flow=None)
        self.output.value = _html_table(penetration_view(self.table))
        self.chart.children = [png(charts.penetration_chart(self.table, self.by or "total"))]


def penetration_view(table: pd.DataFrame) -> pd.DataFrame:
    """The penetration table as a trainee reads it: localised headers, formatted numbers."""
    columns = ["universe", "buyers", "penetration", "sales", "frequency", "spend_per_buyer"]
    if table["potential"].notna().any():
        columns += ["sales_to_potential", "share_of_wallet"]
    out = pd.DataFrame({labels.word("segment"): [str(i) for i in table.index]})
    formats = {"universe": fmt.count, "buyers": fmt.count, "penetration": fmt.percent,
               "sales": _money, "frequency": fmt.number, "spend_per_buyer": _money,
               "sales_to_potential": fmt.percent, "share_of_wallet": fmt.percent}
    for column in columns:
        out[t(f"col.{column}")] = [formats[column](v) for v in table[column]]
    return out


# ================================================================== whitespace heatmap


class WhitespaceMap:
    """Segment × product line as a grid of buttons coloured by the whitespace; a
    click lists the outlets behind the cell. Ease sliders re-rank the target list."""

    def __init__(self, basis: Basis, periods, *, product: str = "category",
                 rules: Mapping | None = None, trainee: str | None = None):
        self.basis, self.periods, self.product, self.rules = basis, periods, product, rules
        self.trainee = trainee
        saved = _saved(WHITESPACE_SAVE, trainee)
        segments = [(labels.column(s), s) for s in basis.segments] + [(t("total"), TOTAL)]
        default = basis.whitespace_by or TOTAL
        self.segment = widgets.Dropdown(options=segments, description=t("segment"),
                                        value=_pick(saved.get("segment", default), segments))
        values = [(t("ws.value.gap"), "gap"), (t("ws.value.bought_share"), "bought_share")]
        self.value = widgets.ToggleButtons(options=values, value=_pick(saved.get("value"), values),
                                           description=t("ws.value"))
        ease = {**EASE, **saved.get("ease", {})}
        self.ease = {k: widgets.FloatSlider(value=float(ease[k]), min=0, max=1, step=0.05,
                                            description=pen_t(f"relationship.{k}"),
                                            continuous_update=False, readout_format=".2f",
                                            style={"description_width": "7em"})
                     for k in RELATIONSHIPS}
        self.grid = widgets.GridBox()
        self.listing = widgets.HTML()
        self.targets_view = widgets.HTML()
        self.more = widgets.HTML()
        self.selected: tuple[str, str] | None = None
        self.cells: dict[tuple[str, str], widgets.Button] = {}
        self.segment.observe(lambda _: self._recompute(), names="value")
        self.value.observe(lambda _: self._changed(), names="value")
        for slider in self.ease.values():
            slider.observe(lambda _: self._changed(), names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.segment, self.value]), widgets.HTML(f"<i>{t('ws.help')}</i>"),
            self.grid, self.more, self.listing,
            widgets.HTML(f"<b>{t('ease')}</b> <i>{pen_t('score.note')}</i>"),
            widgets.HBox(list(self.ease.values())), self.targets_view,
        ])
        self._recompute(select=tuple(saved["selected"]) if saved.get("selected") else None)

    @property
    def by(self) -> str | None:
        return self.segment.value or None

    def _recompute(self, select: tuple[str, str] | None = None) -> None:
        self.ws = whitespace(self.basis.rows, self.basis.universe, self.periods,
                             product=self.product, by=self.by, rules=self.rules, flow=None)
        self.selected = None
        self._draw()
        if select is not None and select in self.cells:
            self.select(*select)
        else:
            self._changed()

    def _changed(self) -> None:
        self._draw()
        self.targets = target_list(self.ws, ease=self.ease_values,
                                   statuses=target_statuses(self.ws))
        shown = self.targets.head(LISTED)
        from kit.penetration import export_table

        self.targets_view.value = (t("targets", shown=len(shown), n=len(self.targets))
                                   + _html_table(export_table(shown).round(2)))
        self._save()

    @property
    def ease_values(self) -> dict[str, float]:
        return {k: float(s.value) for k, s in self.ease.items()}

    def _save(self) -> None:
        workspace.save(WHITESPACE_SAVE, {
            "segment": self.segment.value, "value": self.value.value,
            "selected": list(self.selected) if self.selected else None, "ease": self.ease_values,
        }, trainee=self.trainee)

    def matrix(self) -> pd.DataFrame:
        """The matrix the grid shows: whitespace_matrix of the chosen value, the product
        lines with the most whitespace first (at most MAX_PRODUCTS)."""
        gap = whitespace_matrix(self.ws, by=self.by, value="gap")
        order = gap.sum().sort_values(ascending=False, kind="stable").index[:MAX_PRODUCTS]
        shown = gap if self.value.value == "gap" else whitespace_matrix(
            self.ws, by=self.by, value="bought_share")
        return shown.reindex(columns=list(order))

    def _draw(self) -> None:
        matrix = self.matrix()
        total = self.ws["product"].nunique()
        self.more.value = (t("ws.more", n=total - matrix.shape[1], shown=matrix.shape[1])
                           if total > matrix.shape[1] else "")
        top = float(matrix.max().max()) if matrix.size else 0.0
        header = [widgets.HTML("")] + [widgets.HTML(f"<b>{escape(str(c))}</b>")
                                       for c in matrix.columns]
        children, self.cells = list(header), {}
        for segment, row in matrix.iterrows():
            children.append(widgets.HTML(f"<b>{escape(str(segment))}</b>"))
            for product, v in row.items():
                key = (str(segment), str(product))
                text = (fmt.money(v) if self.value.value == "gap" else fmt.percent(v))
                button = widgets.Button(description=text, layout=widgets.Layout(width="auto"),
                                        tooltip=f"{segment} × {product}")
                # Whitespace: the more, the darker; share bought: the less, the darker.
                gap = self.value.value == "gap"
                button.style.button_color = charts.heat_colour(v, top if gap else 1.0,
                                                               reverse=not gap)
                if key == self.selected:
                    button.style.font_weight = "bold"
                    button.icon = "check"
                button.on_click(lambda _b, k=key: self.select(*k))
                self.cells[key] = button
                children.append(button)
        self.grid.children = children
        self.grid.layout = widgets.Layout(
            grid_template_columns=f"8em repeat({matrix.shape[1]}, minmax(5em, 1fr))",
            grid_gap="2px")

    def select(self, segment: str, product: str) -> None:
        """What a click on a cell does: list that cell's whitespace outlets."""
        self.selected = (str(segment), str(product))
        self.outlets = cell_outlets(self.ws, segment, product, by=self.by)
        shown = self.outlets.head(LISTED)
        from kit.penetration import export_table

        if len(self.outlets):
            self.listing.value = (t("ws.listing", segment=escape(segment), product=escape(product),
                                    n=len(self.outlets), gap=_money(self.outlets["gap"].sum()),
                                    shown=len(shown))
                                  + _html_table(export_table(shown).round(2)))
        else:
            self.listing.value = t("ws.none")
        self._changed()


# ================================================================== growth scenario


class GrowthScenarioApp:
    """Three sliders (penetration, frequency, spend) on today's funnel → scenario sales."""

    def __init__(self, base: pd.Series, *, trainee: str | None = None,
                 penetration_points: float = 0.0, frequency: float = 0.0, spend: float = 0.0):
        self.base, self.trainee = base, trainee
        saved = _saved(SCENARIO_SAVE, trainee)
        room = penetration_room(base)
        start = {"penetration_points": penetration_points, "frequency": frequency, "spend": spend,
                 **{k: v for k, v in saved.items() if isinstance(v, (int, float))}}
        style, layout = {"description_width": "12em"}, widgets.Layout(width="36em")
        self.sliders = {
            "penetration_points": widgets.FloatSlider(
                value=min(max(start["penetration_points"], -10.0), room), min=-10.0, max=room,
                step=0.5, readout_format=".1f", description=t("lever.penetration"),
                continuous_update=False, style=style, layout=layout),
            "frequency": widgets.FloatSlider(
                value=min(max(start["frequency"], -0.3), 0.5), min=-0.3, max=0.5, step=0.01,
                readout_format=".0%", description=t("lever.frequency"),
                continuous_update=False, style=style, layout=layout),
            "spend": widgets.FloatSlider(
                value=min(max(start["spend"], -0.3), 0.5), min=-0.3, max=0.5, step=0.01,
                readout_format=".0%", description=t("lever.spend"),
                continuous_update=False, style=style, layout=layout),
        }
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.summary = widgets.HTML()
        self.factors = widgets.HTML()
        self.chart = widgets.Box()
        self.widget = widgets.VBox([*self.sliders.values(), self.summary, self.factors, self.chart])
        # Saved at once: the annual plan reads the scenario as it was set here.
        workspace.save(SCENARIO_SAVE, self.inputs, trainee=trainee)
        self.update()

    @property
    def inputs(self) -> dict[str, float]:
        return {k: float(s.value) for k, s in self.sliders.items()}

    def _on_change(self, _change) -> None:
        workspace.save(SCENARIO_SAVE, self.inputs, trainee=self.trainee)
        self.update()

    def update(self) -> None:
        self.scenario: Scenario = growth_scenario(self.base, **self.inputs)
        s = self.scenario
        self.summary.value = t("scenario.summary", base=_money(s.base_sales), sales=_money(s.sales),
                               change=fmt.amount(s.change, sign=True),
                               growth=fmt.percent(s.growth, sign=True))
        table = s.funnel.table
        frame = pd.DataFrame({
            t("factor"): [labels.factor(k) for k in table.index],
            labels.word("today"): [fmt.value(v, "percent" if k == "numeric_distribution"
                                             else "number") for k, v in table["base"].items()],
            t("scenario"): [fmt.value(v, "percent" if k == "numeric_distribution" else "number")
                            for k, v in table["current"].items()],
        })
        self.factors.value = _html_table(frame)
        self.chart.children = [png(charts.scenario_chart(s))]


# ================================================================== account portfolio


class PortfolioApp:
    """The portfolio matrix (kit.accounts.assess_accounts) with a tier filter."""

    def __init__(self, assessment: pd.DataFrame, *, trainee: str | None = None):
        self.assessment, self.trainee = assessment, trainee
        saved = _saved(PORTFOLIO_SAVE, trainee)
        tiers = [(labels.word("all"), "")] + [(acc_t(f"tier.{k}"), k) for k in
                                    ("strategic", "key", "potential", "maintain")]
        self.tier = widgets.Dropdown(options=tiers, value=_pick(saved.get("tier"), tiers),
                                     description=t("tier"))
        self.table = widgets.HTML()
        self.tier.observe(self._on_change, names="value")
        self.widget = widgets.VBox([
            widgets.HTML(f"<i>{acc_t('tier.rule')}</i>"),
            png(charts.portfolio_chart(assessment)), self.tier, self.table])
        self.update()

    def _on_change(self, _change) -> None:
        workspace.save(PORTFOLIO_SAVE, {"tier": self.tier.value}, trainee=self.trainee)
        self.update()

    def shown(self) -> pd.DataFrame:
        a = self.assessment
        return a[a["tier"] == self.tier.value] if self.tier.value else a

    def update(self) -> None:
        a = self.shown()
        frame = pd.DataFrame({
            t("col.account"): [str(i) for i in a.index],
            t("col.tier"): a["tier_label"].tolist(),
            t("col.abc"): a["abc"].tolist(),
            t("col.value"): a["value"].round(1).tolist(),
            t("col.contribution"): a["contribution"].round(1).tolist(),
            t("col.loyalty"): a["loyalty"].round(1).tolist(),
            t("col.growth"): [fmt.NA if pd.isna(v) else round(v, 1) for v in a["growth"]],
            t("col.risk"): a["risk"].round(1).tolist(),
            t("col.high_risk"): ["⚠" if r else "" for r in a["high_risk"]],
            t("col.sales"): [_money(v) for v in a["sales"]],
        })
        self.table.value = _html_table(frame)


# ================================================================== pipeline board


class PipelineBoard:
    """The six stages as columns of deal cards; stage probabilities are editable
    and the weighted forecast follows (kit.accounts.weighted_pipeline / forecast)."""

    def __init__(self, opportunities: pd.DataFrame, *, as_of, trainee: str | None = None):
        self.opps, self.as_of, self.trainee = opportunities, as_of, trainee
        saved = _saved(PIPELINE_SAVE, trainee)
        probs = {**PROBABILITIES, **{k: v for k, v in saved.get("probabilities", {}).items()
                                     if k in PROBABILITIES}}
        self.own = widgets.Checkbox(value=bool(saved.get("use_own", True)), description=t("pipe.own"),
                                    indent=False)
        self.prob = {k: widgets.BoundedFloatText(value=round(100 * probs[k], 1), min=0, max=100,
                                                 step=5, description=t("pipe.prob"),
                                                 layout=widgets.Layout(width="11em"),
                                                 style={"description_width": "4em"})
                     for k in STAGES}
        self.headers = {k: widgets.HTML() for k in STAGES}
        self.summary = widgets.HTML()
        self.chart = widgets.Box()
        self.ageing = pipeline_ageing(opportunities, as_of)
        self.own_probability = deal_probabilities(opportunities)
        keys = stage_keys(opportunities["stage"])
        columns = []
        for k in STAGES:
            deals = opportunities[(keys == k).to_numpy()]
            cards = [widgets.HTML(self._card(row, lost)) for (_, row), lost
                     in zip(deals.iterrows(), is_lost(deals), strict=True)]
            columns.append(widgets.VBox([self.headers[k], self.prob[k], *cards],
                                        layout=widgets.Layout(width="16.5%", border="1px solid #ddd",
                                                              padding="4px")))
        for w in (self.own, *self.prob.values()):
            w.observe(self._on_change, names="value")
        self.widget = widgets.VBox([self.own, self.summary, widgets.HBox(columns), self.chart])
        self.update()

    def _card(self, row: pd.Series, lost: bool) -> str:
        parts = [f"<b>{escape(str(row['opportunity_id']))}</b> {escape(str(row['customer_id']))}"]
        if "opportunity_name" in row and pd.notna(row["opportunity_name"]):
            parts.append(escape(str(row["opportunity_name"])))
        parts.append(t("pipe.amount", amount=_money(row["amount"])))
        if "probability" in row and pd.notna(row["probability"]) and not lost:
            parts.append(t("pipe.own_prob", p=fmt.percent(self.own_probability[row.name])))
        if "expected_close" in row and pd.notna(row["expected_close"]):
            parts.append(t("pipe.close", date=pd.Timestamp(row["expected_close"]).date()))
        late = self.ageing["days_late"].get(row.name)
        if late is not None and pd.notna(late) and late > 0:
            parts.append(f"<span style='color:{DOWN}'>{t('pipe.late', days=int(late))}</span>")
        style = "opacity:0.5;text-decoration:line-through" if lost else ""
        tag = f" · {t('pipe.lost')}" if lost else ""
        return (f"<div style='border:1px solid #ccc;border-radius:4px;padding:3px;margin:2px 0;"
                f"font-size:90%;{style}'>{'<br>'.join(parts)}{tag}</div>")

    @property
    def probabilities(self) -> dict[str, float]:
        return {k: float(w.value) / 100 for k, w in self.prob.items()}

    def _on_change(self, _change) -> None:
        workspace.save(PIPELINE_SAVE, {"probabilities": self.probabilities,
                                            "use_own": bool(self.own.value)}, trainee=self.trainee)
        self.update()

    def update(self) -> None:
        self.stages = weighted_pipeline(self.opps, self.probabilities,
                                        use_row_probability=self.own.value)
        self.forecast = forecast(self.opps, self.probabilities, use_row_probability=self.own.value)
        default = forecast(self.opps, use_row_probability=False)
        self.summary.value = t("pipe.summary", forecast=_money(self.forecast),
                               default=_money(default))
        for k, row in self.stages.iterrows():
            self.headers[k].value = t("pipe.header", stage=row["label"], n=int(row["deals"]),
                                      amount=_money(row["amount"]),
                                      weighted=_money(row["weighted"]))
        self.chart.children = [png(charts.pipeline_chart(self.stages))]



