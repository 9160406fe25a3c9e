"""The stage-1 review app: pick measure, dimension and period, drill down
region → customer → SKU; the scorecard, charts and insight cards follow.

A thin view: every number comes from kit.review (run on a monthly cube built
once), every label from the catalogue below. The trainee's choices autosave
to their work folder and come back when the app is opened again.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import ipywidgets as widgets
import pandas as pd

from kit import charts, exercises, i18n, labels, questions, review, views, workspace
from kit.overview import select_flow
from kit.review.cube import monthly_cube
from kit.review.rows import where_mask

t = i18n.catalogue(
    "review_app",
    {
        "measure": {"zh": "指标", "en": "Measure"},
        "by": {"zh": "维度", "en": "Dimension"},
        "window": {"zh": "期间", "en": "Period"},
        "end": {"zh": "截至月份", "en": "Up to"},
        "flow": {"zh": "流向", "en": "Flow"},
        "drill": {"zh": "钻取", "en": "Drill into"},
        "up": {"zh": "返回上一级", "en": "Back up"},
        "path": {"zh": "当前范围：", "en": "Scope: "},
        "choose": {"zh": "（选择一项）", "en": "(choose one)"},
        "tab.scorecard": {"zh": "计分卡", "en": "Scorecard"},
        "tab.bridge": {"zh": "价量结构桥", "en": "Price-volume-mix"},
        "tab.pareto": {"zh": "ABC 分析", "en": "ABC analysis"},
        "tab.trend": {"zh": "趋势与季节性", "en": "Trend & seasonality"},
        "tab.funnel": {"zh": "五维漏斗", "en": "Five-factor funnel"},
        "tab.cards": {"zh": "洞察卡片", "en": "Insight cards"},
        "no_funnel": {
            "zh": "五维漏斗需要带门店编码的零售数据和门店清单。",
            "en": "The funnel needs sell-out rows with outlet codes and an outlet list.",
        },
        "more_rows": {
            "zh": "<p><i>只显示前 {shown} 行（共 {total} 行）；“钻取”列表里有全部。</i></p>",
            "en": "<p><i>The first {shown} of {total} rows; the drill-down list has them all.</i></p>",
        },
        "too_short": {
            "zh": "趋势和季节性需要至少 24 个月的数据：{detail}",
            "en": "Trend and seasonality need at least 24 months of data: {detail}",
        },
    },
)

DIMENSIONS = ("region", "channel", "customer_id", "category", "sku")
DRILL = ("region", "customer_id", "sku")
SAVE_NAME = "review_app"
TABLE_ROWS = 50  # scorecard rows drawn; the drill-down list has every segment
TABS = ("scorecard", "bridge", "pareto", "trend", "funnel", "cards", "exercises")


@dataclass
class ReviewState:
    """What the trainee has chosen; saved as JSON, so plain values only."""

    measure: str = "net_sales"
    by: str = "region"
    window: str = "ytd"
    end: str = ""
    flow: str | None = None
    path: list[tuple[str, str]] = field(default_factory=list)

    @property
    def where(self) -> dict[str, str]:
        return dict(self.path)


@dataclass
class ReviewResults:
    """Everything the app shows for one state."""

    window: review.Window
    scorecard: pd.DataFrame
    bridge: review.Bridge
    pareto: pd.DataFrame


def compute(cube: pd.DataFrame, state: ReviewState, targets: pd.DataFrame | None, *,
            cube_for: Callable[[str], pd.DataFrame] | None = None) -> ReviewResults:
    """The review for one state, from the monthly cube (the app's whole update).

    cube_for(dimension): the cube of the state's flow, within its drill-down
    path, summed to month × `dimension` and the path's keys (the app's
    roll-ups: each part reads a few hundred rows); by default the cube itself
    for every part.
    """
    if cube_for is None:
        flow_cube = select_flow(cube, state.flow)

        def cube_for(_dimension: str) -> pd.DataFrame:
            return flow_cube
    state = replace(state, flow=None)  # the cubes now hold one flow
    window = review.Window(state.window, state.end)
    where = state.where or None
    segments = cube_for(state.by)
    card = review.scorecard(segments, state.by, window, measure=state.measure, targets=targets,
                            flow=state.flow, where=where)
    bridge = review.bridge(cube_for("sku"), window, flow=state.flow, where=where)
    pareto = review.pareto(segments, state.by, window.current, measure=state.measure,
                           flow=state.flow, where=where)
    return ReviewResults(window, card, bridge, pareto)


class ReviewApp:
    """The widget. `app.widget` is what a notebook displays."""

    def __init__(self, sales: pd.DataFrame, *, targets: pd.DataFrame | None = None,
                 outlets: pd.DataFrame | None = None, trainee: str | None = None):
        self.sales, self.targets, self.outlets, self.trainee = sales, targets, outlets, trainee
        self.cube = monthly_cube(sales)
        self._cubes: dict[tuple, pd.DataFrame] = {}  # (flow, drill path, dimension or None)
        self.months = sorted({str(p) for p in self.cube["period"].unique()})
        self.dimensions = [d for d in DIMENSIONS if d in self.cube]
        self.state = self._restore()
        self._syncing = False
        self._build()
        self.update()
        for dimension in self.dimensions:  # so that the first change of dimension does not wait
            self._cube_for(dimension)
        # The notebook's questions (its default window and dimension), asked once, so the
        # answers stay put while the trainee explores.
        self.questions = questions.review.questions(
            sales, review.Window("ytd", self.months[-1]), self.dimensions[0], targets)
        self.exercise_panel.children = [exercises.widget(q, trainee=trainee) for q in self.questions]

    # ------------------------------------------------------------ state

    def _restore(self) -> ReviewState:
        default = ReviewState(by=self.dimensions[0], end=self.months[-1])
        state = workspace.load(SAVE_NAME, ReviewState, default=default, trainee=self.trainee).value
        # A state saved on another file (other months or columns) does not apply.
        if (state.end not in self.months or state.by not in self.dimensions
                or state.measure not in ("net_sales", "units") or state.window not in review.WINDOWS):
            return default
        return state

    def _save(self) -> None:
        workspace.save(SAVE_NAME, self.state, trainee=self.trainee)

    # ---------------------------------------------------------- widgets

    def _build(self) -> None:
        s = self.state
        flows = [f for f in ("sell_in", "sell_out") if "kind" in self.cube and
                 (self.cube["kind"] == f).any()]
        self.measure = widgets.Dropdown(options=[(labels.column(m), m) for m in ("net_sales", "units")],
                                        value=s.measure, description=t("measure"))
        self.by = widgets.Dropdown(options=[(labels.column(d), d) for d in self.dimensions], value=s.by,
                                   description=t("by"))
        self.window = widgets.Dropdown(options=[(labels.window(w), w) for w in review.WINDOWS], value=s.window,
                                       description=t("window"))
        self.end = widgets.Dropdown(options=self.months, value=s.end, description=t("end"))
        self.flow = widgets.Dropdown(options=[(labels.flow(f), f) for f in flows] or [(labels.word("all"), None)],
                                     value=s.flow if s.flow in flows else (flows[0] if flows else None),
                                     description=t("flow"))
        self.state.flow = self.flow.value  # as the first change would set it: one cube per flow
        self.drill = widgets.Dropdown(description=t("drill"))
        self.up = widgets.Button(description=t("up"), icon="arrow-up")
        self.scope = widgets.HTML()
        self.table = widgets.HTML()
        self.outputs = {name: widgets.VBox() for name in ("bridge", "pareto", "trend", "funnel")}
        self.cards = widgets.HTML()
        self.exercise_panel = widgets.VBox()
        self.tabs = widgets.Tab(children=[self.table, self.outputs["bridge"], self.outputs["pareto"],
                                          self.outputs["trend"], self.outputs["funnel"], self.cards,
                                          self.exercise_panel])
        for i, name in enumerate(TABS):
            self.tabs.set_title(i, labels.word("exercises") if name == "exercises"
                                else t(f"tab.{name}"))
        for control in (self.measure, self.by, self.window, self.end, self.flow):
            control.observe(self._on_control, names="value")
        self.drill.observe(self._on_drill, names="value")
        self.up.on_click(self._on_up)
        self.tabs.observe(lambda _: self._draw_tab(), names="selected_index")
        self.widget = widgets.VBox([
            widgets.HBox([self.measure, self.by, self.window]),
            widgets.HBox([self.end, self.flow]),
            widgets.HBox([self.scope, self.drill, self.up]),
            self.tabs,
        ])

    def _on_control(self, _change) -> None:
        if self._syncing:
            return
        self.state.measure, self.state.by = self.measure.value, self.by.value
        self.state.window, self.state.end, self.state.flow = (
            self.window.value, self.end.value, self.flow.value)
        self.update()

    def _on_drill(self, change) -> None:
        if self._syncing or not change["new"]:
            return
        self.state.path.append((self.state.by, change["new"]))
        level = DRILL.index(self.state.by) + 1 if self.state.by in DRILL else len(DRILL)
        deeper = [d for d in DRILL[level:] if d in self.dimensions]
        if deeper:
            self.state.by = deeper[0]
            self._show_dimension()
        self.update()

    def _on_up(self, _button=None) -> None:
        if self.state.path:
            self.state.by, _ = self.state.path.pop()
            self._show_dimension()
            self.update()

    def _show_dimension(self) -> None:
        """Move the dimension dropdown to the state's without triggering an update."""
        self._syncing = True
        try:
            self.by.value = self.state.by
        finally:
            self._syncing = False

    # ----------------------------------------------------------- update

    def update(self) -> None:
        """Recompute from the cube, refresh the table and the visible tab, autosave."""
        self.results = compute(self.cube, self.state, self.targets, cube_for=self._cube_for)
        card = self.results.scorecard
        # A screenful of rows: the HTML of a thousand customers costs more than the review.
        self.table.value = charts.scorecard_html(card.head(TABLE_ROWS)) + (
            t("more_rows", shown=TABLE_ROWS, total=len(card)) if len(card) > TABLE_ROWS else "")
        self.scope.value = "<b>{}</b>{}".format(
            t("path"), " › ".join(v for _, v in self.state.path) or labels.word("all"))
        options = [(t("choose"), "")] + [(str(v), str(v)) for v in self.results.scorecard.index]
        self._syncing = True
        try:
            self.drill.options, self.drill.value = options, ""
        finally:
            self._syncing = False
        self.drill.disabled = self.state.by not in DRILL or self.state.by == DRILL[-1]
        self.up.disabled = not self.state.path
        self._drawn: set[str] = set()
        self._draw_tab()
        self._save()

    def _draw_tab(self) -> None:
        """Charts are drawn only for the tab in view (the slow part of an update)."""
        index = self.tabs.selected_index or 0
        name = TABS[index]
        if name in self._drawn or name in ("scorecard", "exercises"):
            return
        self._drawn.add(name)
        if name == "cards":
            self.cards.value = self._cards_html()
            return
        shown = self._figure(name)
        self.outputs[name].children = [shown if isinstance(shown, widgets.Widget) else png(shown)]

    def _figure(self, name: str):
        r, s = self.results, self.state
        if name == "bridge":
            return charts.waterfall(r.bridge)
        if name == "pareto":
            return charts.pareto_chart(r.pareto)
        if name == "trend":
            series = review.monthly_series(self.cube, measure=s.measure, flow=s.flow,
                                           where=s.where or None)
            try:
                return charts.seasonality_chart(series, review.seasonality_index(series),
                                                forecast=review.forecast(series),
                                                flags=review.anomalies(series)["flag"])
            except ValueError as exc:
                return widgets.HTML(t("too_short", detail=exc))
        if self.outlets is None or "outlet_id" not in self.sales:
            return widgets.HTML(t("no_funnel"))
        where = {k: v for k, v in s.path if k in self.outlets or k in self.sales} or None
        return charts.funnel_chart(review.funnel(self.sales, self.outlets, r.window, where=where))

    def _cube_for(self, dimension: str) -> pd.DataFrame:
        """The cube of the chosen flow within the drill-down path, summed to
        month × `dimension` and the path's keys; built once."""
        flow, path = self.state.flow, tuple(self.state.path)
        if (flow, path, dimension) not in self._cubes:
            if (flow, (), None) not in self._cubes:
                self._cubes[flow, (), None] = select_flow(self.cube, flow).drop(
                    columns="kind", errors="ignore")
            whole = self._cubes[flow, (), None]
            keys = (*(k for k, _ in path), dimension)
            self._cubes[flow, path, dimension] = monthly_cube(
                whole, keys, measures=("units", "net_sales"),
                rows=where_mask(whole, dict(path)) if path else None)
        return self._cubes[flow, path, dimension]

    def _cards_html(self) -> str:
        from kit import insights  # only the cards tab needs it

        cards = insights.review_cards(self.sales, self.results.window, targets=self.targets,
                                      outlets=self.outlets, by=self.state.by)
        return views.cards(cards).data




def png(figure) -> widgets.Image:
    """A figure as an image widget: renders in JupyterLab, Voila and without a kernel."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return widgets.Image(value=buffer.getvalue(), format="png")


def review_app(sales, *, targets=None, outlets=None, trainee=None) -> widgets.VBox:
    """The app as a widget for a notebook cell."""
    return ReviewApp(sales, targets=targets, outlets=outlets, trainee=trainee).widget
