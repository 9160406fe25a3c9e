"""Stage-4 widgets in a kernel: what they show is what kit.penetration and
kit.accounts return, a heatmap click lists the right outlets, and every choice
comes back after a restart (a new instance). Plus the target-list export."""

import openpyxl
import pandas as pd
import pytest

from kit.accounts import assess_accounts, forecast, weighted_pipeline
from kit.export import target_list_xlsx
from kit.penetration import (
    basis,
    buyer_flow,
    buyer_status,
    cell_outlets,
    distribution_change,
    growth_scenario,
    penetration,
    segment_gaps,
    target_list,
    target_statuses,
    whitespace,
    whitespace_matrix,
)
from kit.review import Window
from kit.widgets.penetration_app import (
    GrowthScenarioApp,
    PenetrationExplorer,
    PipelineBoard,
    PortfolioApp,
    WhitespaceMap,
)

P = pd.period_range("2025-01", "2025-02", freq="M")

# Four outlets in two channels; O4 never buys. Categories: 饮料 and 调味品.
OUTLETS = pd.DataFrame({
    "outlet_id": ["O1", "O2", "O3", "O4"], "customer_id": ["D1", "D1", "D2", "D2"],
    "region": ["N", "N", "S", "S"], "channel": ["超市", "超市", "餐饮", "餐饮"],
    "potential": [1200.0, 2400.0, 1200.0, 2400.0],
})
SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2025-01", "2025-02", "2025-01", "2025-02", "2025-01"], freq="M"),
    "kind": ["sell_out"] * 5,
    "customer_id": ["D1", "D1", "D1", "D2", "D1"],
    "outlet_id": ["O1", "O1", "O2", "O3", "O1"],
    "sku": ["A", "A", "A", "B", "B"],
    "category": ["饮料", "饮料", "饮料", "调味品", "调味品"],
    "units": [10, 10, 5, 4, 2],
    "net_sales": [100.0, 100.0, 50.0, 40.0, 20.0],
})


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


@pytest.fixture
def b():
    return basis(SALES, OUTLETS)


def test_basis_without_outlets_counts_what_the_file_has():
    assert basis(SALES, OUTLETS).source == "outlets"
    seen = basis(SALES)
    assert (seen.unit, seen.source, len(seen.universe)) == ("outlet", "sales_outlets", 3)
    customers = basis(SALES.drop(columns="outlet_id"))
    assert (customers.unit, len(customers.universe)) == ("customer", 2)
    assert list(customers.windows()) == ["current"]  # two months: no earlier window, no full year
    assert customers.window(1).tolist() == [pd.Period("2025-02", "M")]
    assert customers.before(1).tolist() == [pd.Period("2025-01", "M")]


def test_explorer_dropdowns_show_the_kit_numbers_and_come_back(b):
    app = PenetrationExplorer(b, trainee="张伟")
    assert app.by == "region"
    # 2 of 2 in N buy, 1 of 2 in S (O4 never does).
    assert app.table["penetration"].to_dict() == {"N": 1.0, "S": 0.5}
    app.segment.value = "channel"
    expected = penetration(b.rows, b.universe, P, by="channel", flow=None)
    pd.testing.assert_frame_equal(app.table, expected)
    assert "50.0%" in app.output.value and "餐饮" in app.output.value
    again = PenetrationExplorer(b, trainee="张伟")
    assert again.segment.value == "channel" and again.by == "channel"
    # One-month windows: the period dropdown offers February and January.
    monthly = PenetrationExplorer(b, months=1, trainee="李娜")
    assert [v for _, v in monthly.period.options] == ["current", "before"]
    monthly.period.value = "before"
    pd.testing.assert_frame_equal(monthly.table, penetration(b.rows, b.universe, P[:1],
                                                             by="region", flow=None))
    assert monthly.table["buyers"].to_dict() == {"N": 2, "S": 0}  # O1, O2 in January
    assert PenetrationExplorer(b, months=1, trainee="李娜").period.value == "before"


def test_heatmap_click_lists_the_whitespace_outlets(b):
    app = WhitespaceMap(b, P, trainee="张伟")
    assert app.by == "channel"
    # 调味品 × 超市: O1 bought it, O2 did not → O2 is the one outlet listed.
    app.cells[("超市", "调味品")].click()
    assert app.selected == ("超市", "调味品")
    assert app.outlets["outlet_id"].tolist() == ["O2"]
    expected = cell_outlets(whitespace(b.rows, b.universe, P, flow=None), "超市", "调味品")
    pd.testing.assert_frame_equal(app.outlets, expected)
    assert "O2" in app.listing.value
    # 饮料 × 餐饮: nobody in 餐饮 ever bought 饮料, so it is not eligible: nothing listed.
    app.cells[("餐饮", "饮料")].click()
    assert app.outlets.empty
    # 调味品 × 餐饮: O4 is whitespace (never bought, ease 0.3).
    app.cells[("餐饮", "调味品")].click()
    assert app.outlets["outlet_id"].tolist() == ["O4"]
    assert app.outlets["relationship"].tolist() == ["never"]


def test_ease_sliders_rerank_the_target_list_and_everything_reloads(b):
    app = WhitespaceMap(b, P, trainee="张伟")
    pd.testing.assert_frame_equal(app.targets, target_list(app.ws))
    app.ease["never"].value = 1.0
    pd.testing.assert_frame_equal(app.targets, target_list(app.ws, ease={"never": 1.0}))
    app.cells[("餐饮", "调味品")].click()
    app.value.value = "bought_share"
    again = WhitespaceMap(b, P, trainee="张伟")
    assert again.selected == ("餐饮", "调味品") and again.ease_values["never"] == 1.0
    assert again.value.value == "bought_share"
    assert again.outlets["outlet_id"].tolist() == ["O4"]


def test_scenario_sliders_give_the_kit_scenario_and_reload(b):
    base = b.funnel_factors(P)
    app = GrowthScenarioApp(base, trainee="张伟")
    assert app.scenario.sales == pytest.approx(app.scenario.base_sales)
    app.sliders["penetration_points"].value = 25.0
    app.sliders["frequency"].value = 0.1
    expected = growth_scenario(base, penetration_points=25.0, frequency=0.1)
    # ND 3/4 = 75 % → 100 %: sales × 4/3 × 1.1; today's sell-out is 310.
    assert app.scenario.sales == pytest.approx(310 * 4 / 3 * 1.1, abs=0.01)  # to the fen
    assert app.scenario.sales == pytest.approx(expected.sales)
    assert "454.67" not in app.summary.value and "455" in app.summary.value
    assert app.sliders["penetration_points"].max == pytest.approx(25.0)  # ND cannot pass 100 %
    again = GrowthScenarioApp(base, trainee="张伟")
    assert again.inputs == {"penetration_points": 25.0, "frequency": 0.1, "spend": 0.0}


def test_portfolio_filter_and_reload():
    window = Window("mat", "2025-02")
    assessed = assess_accounts(SALES, window, outlets=OUTLETS)
    app = PortfolioApp(assessed, trainee="张伟")
    assert len(app.shown()) == 2
    tier = assessed["tier"].iloc[0]
    app.tier.value = tier
    assert (app.shown()["tier"] == tier).all()
    assert PortfolioApp(assessed, trainee="张伟").tier.value == tier


OPPS = pd.DataFrame({
    "opportunity_id": ["A", "B", "C", "D"], "customer_id": ["K1", "K2", "K3", "K4"],
    "stage": ["招投标", "提案", "工程实施", "商务谈判"],
    "amount": [1000.0, 500.0, 200.0, 300.0], "probability": [90.0, None, None, None],
    "expected_close": pd.to_datetime(["2025-06-30", "2026-03-31", "2025-09-30", "2025-10-31"]),
    "status": ["进行中", "进行中", "赢单", "丢单"],
})


def test_pipeline_board_follows_the_probabilities_and_reloads():
    board = PipelineBoard(OPPS, as_of="2025-12-31", trainee="张伟")
    # A at its owner's 90 %, B 40 %, C 100 %, D lost: 900 + 200 + 200 = 1,300.
    assert board.forecast == pytest.approx(1300)
    assert "1,300" in board.summary.value and "⚠" in board.widget.children[2].children[3].children[2].value
    board.own.value = False
    board.prob["tender"].value = 30
    # A now 30 %: 300 + 200 + 200 = 700.
    assert board.forecast == pytest.approx(700)
    expected = weighted_pipeline(OPPS, board.probabilities, use_row_probability=False)
    pd.testing.assert_frame_equal(board.stages, expected)
    assert board.forecast == forecast(OPPS, board.probabilities, use_row_probability=False)
    again = PipelineBoard(OPPS, as_of="2025-12-31", trainee="张伟")
    assert again.probabilities["tender"] == pytest.approx(0.3) and not again.own.value




def test_distribution_change_and_segment_gaps_by_hand(b):
    change = distribution_change(b.rows, b.universe, P[:1], P[1:], by="channel", flow=None)
    # 超市: O1, O2 in January, only O1 in February; 餐饮: O3 only in February.
    assert change["nd_before"].to_dict() == {"超市": 1.0, "餐饮": 0.0}
    assert change["nd_after"].to_dict() == {"超市": 0.5, "餐饮": 0.5}
    assert change["nd_change"].to_dict() == {"超市": -0.5, "餐饮": 0.5}
    ws = whitespace(b.rows, b.universe, P, flow=None)
    gaps = segment_gaps(ws)
    assert gaps["gap"].sum() == pytest.approx(ws["gap"].sum())
    assert gaps.index.name == "channel" and target_statuses(ws) == ("not_bought",)


def test_peer_potential_without_potential_data():
    no_pot = basis(SALES, OUTLETS.drop(columns="potential"))
    ws = whitespace(no_pot.rows, no_pot.universe, P, flow=None)
    cells = ws.set_index(["outlet_id", "product"])
    # 超市 饮料 buyers O1 (200) and O2 (50): median 125; O2's gap = 125 − 50 = 75.
    assert cells.loc[("O2", "饮料"), "potential"] == pytest.approx(125)
    assert cells.loc[("O2", "饮料"), "gap"] == pytest.approx(75)
    # O1 above the median: no gap. O2's 调味品 (not bought): the median of O1's 20 = 20.
    assert cells.loc[("O1", "饮料"), "gap"] == 0
    assert cells.loc[("O2", "调味品"), "gap"] == pytest.approx(20)


def test_export_never_overwrites(tmp_path, b):
    ws = whitespace(b.rows, b.universe, P, flow=None)
    targets = target_list(ws)
    scenario = growth_scenario(b.funnel_factors(P), penetration_points=5)
    first = target_list_xlsx(targets, tmp_path / "名单.xlsx", segments=segment_gaps(ws),
                             scenario=scenario, pipeline=weighted_pipeline(OPPS))
    before = first.read_bytes()
    second = target_list_xlsx(targets.head(1), tmp_path / "名单.xlsx")
    assert first.name == "名单.xlsx" and second.name == "名单 (2).xlsx"
    assert first.read_bytes() == before
    book = openpyxl.load_workbook(first)
    assert book.sheetnames == ["优先目标名单", "空白点汇总", "增长情景", "销售管道"]
    sheet = book["优先目标名单"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["排名", "终端"]
    ids = [sheet.cell(row=r, column=2).value for r in range(2, 2 + len(targets))]
    assert ids == targets["outlet_id"].tolist()
    assert not list(tmp_path.glob(".*.tmp"))
    third = target_list_xlsx(targets, tmp_path / "名单.xlsx", overwrite=True)
    assert third.name == "名单.xlsx"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stage4_charts_render_in_both_languages(lang, b):
    import io
    import warnings

    from kit import charts, i18n

    ws = whitespace(b.rows, b.universe, P, flow=None)
    status = buyer_status(b.rows, P[:1], P[1:], outlets=b.universe, flow=None)
    assessed = assess_accounts(SALES, Window("mat", "2025-02"), outlets=OUTLETS)
    i18n.set_lang(lang)
    try:
        figures = [
            charts.penetration_chart(penetration(b.rows, b.universe, P, by="channel", flow=None),
                                     "channel"),
            charts.whitespace_heatmap(whitespace_matrix(ws), "channel"),
            charts.whitespace_heatmap(whitespace_matrix(ws, value="bought_share"), "channel",
                                      value="bought_share"),
            charts.buyer_flow_chart(buyer_flow(status, by="region"), "2025-01", "2025-02"),
            charts.portfolio_chart(assessed),
            charts.pipeline_chart(weighted_pipeline(OPPS)),
            charts.scenario_chart(growth_scenario(b.funnel_factors(P), penetration_points=5,
                                                  spend=-0.1)),
        ]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for figure in figures:
                figure.savefig(io.BytesIO(), format="png")
        assert not [w for w in caught if "Glyph" in str(w.message)]
        titles = [f.axes[0].get_title() for f in figures]
        assert all(titles)
        if lang == "zh":
            assert titles[0] == "客户渗透率：按渠道" and "加权预测" in titles[5]
        else:
            assert titles[0] == "Penetration by Channel" and "weighted forecast" in titles[5]
    finally:
        i18n.set_lang("zh")
