"""The stage-4 workshop executes under papermill on the ABC case, the pharma case
and every trainee file (sales only: no outlets, no opportunities), and what it
records equals what kit.penetration and kit.accounts compute."""

from pathlib import Path

import nbformat
import openpyxl
import pytest

from kit import accounts, cases, penetration, runner
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "workshops" / "04_customer_penetration.ipynb"
TRAINEE_FILES = sorted((ROOT / "datasets" / "trainees").iterdir())


def run_penetration(tmp_path, params: dict) -> tuple[dict, Path]:
    out = tmp_path / NOTEBOOK.name
    runner.execute(NOTEBOOK, out, {"out_dir": str(tmp_path / "work"), **params})
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]
    return read_records(nb), tmp_path / "work"


def by_key(recorded: dict, key: str) -> dict:
    return {r[key]: r for r in recorded["records"]}


def test_committed_without_outputs_and_with_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "hide-input" in code[1].metadata.get("tags", [])


def test_on_the_abc_case(tmp_path):
    records, work = run_penetration(tmp_path, {
        "data": str(cases.path("abc", "sales")), "outlets_file": str(cases.path("abc", "outlets")),
        "opportunities_file": str(cases.path("abc", "opportunities")), "trainee": "ABC 案例"})
    case = cases.load_case("abc", ("sales", "outlets", "opportunities"))
    b = penetration.basis(case["sales"], case["outlets"])
    y2024, y2025 = b.windows()["2024"], b.windows()["2025"]
    assert records["pen/basis"]["current"] == ["2025-01", "2025-12"]

    # Story 1: 华北 loses distribution (the largest ND drop of any region).
    change = penetration.distribution_change(b.rows, b.universe, y2024, y2025, by="region",
                                             flow=None)
    recorded = by_key(records["pen/distribution"], "region")
    assert recorded["华北"]["nd_change"] == pytest.approx(change.loc["华北", "nd_change"])
    assert min(recorded, key=lambda r: recorded[r]["nd_change"]) == "华北"
    assert by_key(records["pen/flow"], "region")["华北"]["lost"] == 60

    # Story 5: 餐饮 whitespace, the highest open share of any channel.
    ws = penetration.whitespace(b.rows, b.universe, y2025, flow=None)
    gaps = penetration.segment_gaps(ws)
    whitespace = by_key(records["pen/whitespace"], "channel")
    assert whitespace["餐饮"]["gap"] == pytest.approx(gaps.loc["餐饮", "gap"])
    assert whitespace["餐饮"]["gap"] == pytest.approx(64_252_894, rel=0.005)
    assert max(whitespace, key=lambda c: whitespace[c]["open_share"]) == "餐饮"

    # The scenario: +5 points of penetration on 2025's funnel.
    scenario = penetration.growth_scenario(b.funnel_factors(y2025), penetration_points=5)
    assert records["pen/scenario"]["sales"] == pytest.approx(scenario.sales)

    # Story 7: the pipeline forecast leans on one deal stuck in 招投标.
    opps = case["opportunities"]
    assert records["pen/pipeline"]["forecast"] == pytest.approx(accounts.forecast(opps))
    assert records["pen/pipeline"]["forecast_stage_defaults"] == pytest.approx(
        accounts.forecast(opps, use_row_probability=False))
    assert records["pen/pipeline"]["late"] == ["O2501"]
    assert records["pen/accounts"]["tiers"]["ABC"] == "strategic"
    for key in ("pen.lowest.region", "pen.whitespace.channel", "pen.lost", "pen.scenario",
                "pen.forecast"):
        assert f"exercise/{key}" in records

    path = work / "ABC 案例" / records["pen/exports"][0]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["优先目标名单", "空白点汇总", "增长情景", "销售管道"]
    assert book["优先目标名单"].max_row - 3 == records["pen/targets"]  # header, blank, note


def test_on_the_pharma_case(tmp_path):
    records, _ = run_penetration(tmp_path, {
        "data": str(cases.path("pharma", "sales")),
        "outlets_file": str(cases.path("pharma", "outlets")), "opportunities_file": "",
        "trainee": "医药案例"})
    case = cases.load_case("pharma", ("sales", "outlets"))
    b = penetration.basis(case["sales"], case["outlets"])
    table = penetration.penetration(b.rows, b.universe, b.window(), by="region", flow=None)
    recorded = by_key(records["pen/penetration"], "region")
    # 绍兴: the lowest sell-out / potential (TRAINER.md: 21.5 %).
    assert recorded["绍兴"]["sales_to_potential"] == pytest.approx(
        table.loc["绍兴", "sales_to_potential"])
    assert recorded["绍兴"]["sales_to_potential"] == pytest.approx(0.215, abs=0.001)
    assert "pen/pipeline" not in records and "exercise/pen.forecast" not in records


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_on_every_trainee_file(tmp_path, path):
    # Trainees bring sales only: no outlets file, no opportunities.
    records, work = run_penetration(tmp_path, {"data": str(path), "trainee": path.stem,
                                               "outlets_file": "", "opportunities_file": ""})
    assert records["pen/basis"]["source"] in ("sales_outlets", "sales_customers")
    assert records["pen/scenario"]["base_sales"] > 0
    assert records["pen/exports"] == ["客户渗透目标名单.xlsx"]
    assert (work / path.stem / "客户渗透目标名单.xlsx").exists()
    assert "exercise/pen.scenario" in records
