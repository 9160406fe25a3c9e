"""The stage-1 review app: pick measure, dimension and period, drill down
region → customer → SKU; the scorecard, charts and insight cards follow.

A thin view: every number comes from kit.review (run on a monthly cube built
once), every label from the catalogue below. The trainee's choices autosave
to their work folder and come back when the app is opened again.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field, replace

import ipywidgets as widgets
import pandas as pd

from kit import charts, exercises, i18n, review, views, workspace
from kit.overview import select_flow
from kit.review.cube import monthly_cube

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
        "all": {"zh": "全部", "en": "All"},
        "choose": {"zh": "（选择一项）", "en": "(choose one)"},
        "net_sales": {"zh": "销售额", "en": "Net sales"},
        "units": {"zh": "数量", "en": "Units"},
        "region": {"zh": "区域", "en": "Region"},
        "channel": {"zh": "渠道", "en": "Channel"},
        "customer_id": {"zh": "客户", "en": "Customer"},
        "category": {"zh": "品类", "en": "Category"},
        "sku": {"zh": "产品", "en": "Product"},
        "month": {"zh": "当月", "en": "Month"},
        "quarter": {"zh": "季度至今", "en": "Quarter to date"},
        "ytd": {"zh": "年初至今", "en": "Year to date"},
        "mat": {"zh": "滚动12个月", "en": "Moving annual total"},
        "sell_in": {"zh": "进货 (sell-in)", "en": "Sell-in"},
        "sell_out": {"zh": "零售/动销 (sell-out)", "en": "Sell-out"},
        "tab.scorecard": {"zh": "计分卡", "en": "Scorecard"},
        "tab.bridge": {"zh": "价量结构桥", "en": "Price-volume-mix"},
        "tab.pareto": {"zh": "ABC 分析", "en": "ABC analysis"},
        "tab.trend": {"zh": "趋势与季节性", "en": "Trend & seasonality"},
        "tab.funnel": {"zh": "五维漏斗", "en": "Five-factor funnel"},
        "tab.cards": {"zh": "洞察卡片", "en": "Insight cards"},
        "tab.exercises": {"zh": "练习", "en": "Exercises"},
        "q.contributor": {
            "zh": "练习 1：哪一个{by}对整体增长（同比变化）的贡献最大？（看计分卡的“增长贡献”）",
            "en": "Exercise 1: which {by} contributed most to growth, the change on last year? "
                  "(see the scorecard's contribution column)",
        },
        "q.price": {
            "zh": "练习 2：价格因素让销售额增加了还是减少了？（看价量结构桥）",
            "en": "Exercise 2: did price raise or lower net sales? (see the bridge)",
        },
        "q.a_class": {
            "zh": "练习 3：有多少个{by}属于 A 类？（看 ABC 分析）",
            "en": "Exercise 3: how many {by} values are in class A? (see the ABC analysis)",
        },
        "no_funnel": {
            "zh": "五维漏斗需要带门店编码的零售数据和门店清单。",
            "en": "The funnel needs sell-out rows with outlet codes and an outlet list.",
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


def compute(cube: pd.DataFrame, state: ReviewState, targets: pd.DataFrame | None) -> ReviewResults:
    """The review for one state, from the monthly cube (the app's whole update)."""
    cube = select_flow(cube, state.flow)
    state = replace(state, flow=None)  # the cube now holds one flow
    window = review.Window(state.window, state.end)
    where = state.where or None
    card = review.scorecard(cube, state.by, window, measure=state.measure, targets=targets,
                            flow=state.flow, where=where)
    bridge = review.bridge(cube, window, flow=state.flow, where=where)
    pareto = review.pareto(cube, state.by, window.current, measure=state.measure, flow=state.flow,
                           where=where)
    return ReviewResults(window, card, bridge, pareto)


class ReviewApp:
    """The widget. `app.widget` is what a notebook displays."""

    def __init__(self, sales: pd.DataFrame, *, targets: pd.DataFrame | None = None,
                 outlets: pd.DataFrame | None = None, trainee: str | None = None):
        self.sales, self.targets, self.outlets, self.trainee = sales, targets, outlets, trainee
        self.cube = monthly_cube(sales)
        self._cubes: dict[str | None, pd.DataFrame] = {}
        self.months = sorted({str(p) for p in self.cube["period"].unique()})
        self.dimensions = [d for d in DIMENSIONS if d in self.cube]
        self.state = self._restore()
        self._syncing = False
        self._build()
        self.update()
        # Asked once, on the view the app opens with, so answers stay put while exploring.
        r = self.results
        self.questions = review_questions(r.scorecard, r.bridge, r.pareto)
        self.exercise_panel.children = [exercises.widget(q, trainee=trainee) for q in self.questions]

    # ------------------------------------------------------------ state

    def _restore(self) -> ReviewState:
        default = ReviewState(by=self.dimensions[0], end=self.months[-1])
        saved = workspace.load_json(SAVE_NAME, default=None, trainee=self.trainee)
        if not saved:
            return default
        state = ReviewState(**{**asdict(default), **saved})
        state.path = [tuple(p) for p in state.path]
        if state.end not in self.months or state.by not in self.dimensions:
            return default
        return state

    def _save(self) -> None:
        workspace.save_json(SAVE_NAME, asdict(self.state), trainee=self.trainee)

    # ---------------------------------------------------------- widgets

    def _build(self) -> None:
        s = self.state
        flows = [f for f in ("sell_in", "sell_out") if "kind" in self.cube and
                 (self.cube["kind"] == f).any()]
        self.measure = widgets.Dropdown(options=[(t(m), m) for m in ("net_sales", "units")],
                                        value=s.measure, description=t("measure"))
        self.by = widgets.Dropdown(options=[(t(d), d) for d in self.dimensions], value=s.by,
                                   description=t("by"))
        self.window = widgets.Dropdown(options=[(t(w), w) for w in review.WINDOWS], value=s.window,
                                       description=t("window"))
        self.end = widgets.Dropdown(options=self.months, value=s.end, description=t("end"))
        self.flow = widgets.Dropdown(options=[(t(f), f) for f in flows] or [(t("all"), None)],
                                     value=s.flow if s.flow in flows else (flows[0] if flows else None),
                                     description=t("flow"))
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
            self.tabs.set_title(i, t(f"tab.{name}"))
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
        self.results = compute(self._flow_cube(), self.state, self.targets)
        self.table.value = charts.scorecard_html(self.results.scorecard)
        self.scope.value = "<b>{}</b>{}".format(
            t("path"), " › ".join(v for _, v in self.state.path) or t("all"))
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

    def _flow_cube(self) -> pd.DataFrame:
        """The cube of the chosen flow, cut once per flow (most clicks keep the flow)."""
        if self.state.flow not in self._cubes:
            self._cubes[self.state.flow] = select_flow(self.cube, self.state.flow).drop(
                columns="kind", errors="ignore")
        return self._cubes[self.state.flow]

    def _cards_html(self) -> str:
        from kit import insights  # only the cards tab needs it

        cards = insights.review_cards(self.sales, self.results.window, targets=self.targets,
                                      outlets=self.outlets, by=self.state.by)
        return views.cards(cards).data


def review_questions(scorecard: pd.DataFrame, bridge: review.Bridge,
                     pareto: pd.DataFrame) -> list[exercises.Question]:
    """The stage-1 exercises, answered from these results (the app's 练习 tab
    and the workshop notebook ask the same ones)."""
    by = scorecard.index.name

    def prompt(key: str) -> dict[str, str]:
        return {lang: t(key, lang=lang, by=views.t(by, lang=lang)) for lang in i18n.LANGS}

    segments = tuple(str(s) for s in scorecard.index)
    return [
        exercises.Question(
            id=f"review.top_contributor.{by}", prompt=prompt("q.contributor"), kind="choice",
            choices=segments, check=exercises.expect_choice(str(scorecard["contribution"].idxmax())),
        ),
        exercises.Question(
            id="review.price_effect", prompt=prompt("q.price"), kind="choice",
            choices=views.directions(), check=exercises.expect_choice(views.direction(bridge.price)),
        ),
        exercises.Question(
            id=f"review.a_class.{pareto.index.name}", prompt=prompt("q.a_class"),
            check=exercises.expect_number(int((pareto["class"] == "A").sum()), rel_tol=0,
                                          abs_tol=0.5),
        ),
    ]


def png(figure) -> widgets.Image:
    """A figure as an image widget: renders in JupyterLab, Voila and without a kernel."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return widgets.Image(value=buffer.getvalue(), format="png")


def review_app(sales, *, targets=None, outlets=None, trainee=None) -> widgets.VBox:
    """The app as a widget for a notebook cell."""
    return ReviewApp(sales, targets=targets, outlets=outlets, trainee=trainee).widget
