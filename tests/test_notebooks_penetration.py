"""The stage-4 workshop executes under papermill on the ABC case, the pharma case
and every trainee file (sales only: no outlets, no opportunities), and what it
records equals what datasets/story_check.py computes from the committed files
with plain pandas (the figures TRAINER.md quotes), independently of the kit."""

from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from kit import cases, runner
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "workshops" / "04_customer_penetration.ipynb"
TRAINEE_FILES = sorted((ROOT / "datasets" / "trainees").iterdir())
PENETRATION_POINTS = 5.0  # the notebook's default scenario: +5 points of penetration






def workbook_numbers(path: Path) -> list[float]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [float(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
            if isinstance(v, (int, float)) and not isinstance(v, bool)]


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


def test_on_the_abc_case(tmp_path, figures):
    records, work = run_penetration(tmp_path, {
        "data": str(cases.path("abc", "sales")), "outlets_file": str(cases.path("abc", "outlets")),
        "opportunities_file": str(cases.path("abc", "opportunities")), "trainee": "ABC 案例"})
    assert records["pen/basis"]["current"] == ["2025-01", "2025-12"]
    buyers = "story1.buyers_all_outlets"  # the whole universe, ABC's stores included
    assert records["pen/basis"]["universe"] == figures[f"{buyers}.total.universe"]  # 2,120

    # Story 1: 华北 loses distribution (the largest ND drop of any region):
    # (320 - 379 buying outlets) / 528 outlets = -11.2 points.
    recorded = by_key(records["pen/distribution"], "region")
    assert recorded["华北"]["nd_change"] == pytest.approx(figures[f"{buyers}.华北.nd_change"] / 100)
    assert min(recorded, key=lambda r: recorded[r]["nd_change"]) == "华北"
    assert by_key(records["pen/flow"], "region")["华北"]["lost"] == figures[f"{buyers}.华北.lost"]  # 60

    # Story 5: 餐饮 whitespace (potential - 2025 sell-out), the highest open share of any channel.
    whitespace = by_key(records["pen/whitespace"], "channel")
    assert whitespace["餐饮"]["gap"] == pytest.approx(figures["story5.channels.餐饮.whitespace"], abs=0.01)
    assert max(whitespace, key=lambda c: whitespace[c]["open_share"]) == "餐饮"

    # The scenario: +5 points of penetration on 2025's funnel: 1,480 of 2,120 outlets
    # bought (69.8 %), so sales grow by 5 / 69.8 of 2025's sell-out.
    base = figures["overview.sell_out.2025"]
    penetration_now = figures[f"{buyers}.total.buyers_2025"] / figures[f"{buyers}.total.universe"]
    assert records["pen/scenario"]["base_sales"] == pytest.approx(base)
    assert records["pen/scenario"]["sales"] == pytest.approx(
        base * (1 + PENETRATION_POINTS / 100 / penetration_now), abs=0.01)

    # Story 7: the pipeline forecast leans on one deal stuck in 招投标.
    assert records["pen/pipeline"]["forecast"] == pytest.approx(figures["story7.forecast"])
    assert records["pen/pipeline"]["forecast_stage_defaults"] == pytest.approx(
        figures["story7.forecast_stage_defaults"])
    assert records["pen/pipeline"]["late"] == figures["story7.late_over_90_days"].split()  # O2501
    assert records["pen/accounts"]["tiers"]["ABC"] == "strategic"
    # The case's sell-in carries a cost on every row, so the 80/20 is on gross margin;
    # its top-20 % share is the two largest margins over the total, summed here by hand.
    raw = pd.read_csv(Path(__file__).resolve().parents[1] / "datasets" / "abc" / "sales.csv.gz")
    sell_in = raw[(raw["kind"] == "sell_in") & raw["period"].str.startswith("2025")]
    assert sell_in["cost"].notna().all()
    assert records["pen/accounts"]["abc_basis"] == "gross_margin"
    margin = (sell_in["net_sales"] - sell_in["cost"]).groupby(
        sell_in["customer_id"].astype(str)).sum().sort_values(ascending=False)
    assert records["pen/accounts"]["top20_share"] == pytest.approx(
        margin.iloc[:2].sum() / margin.sum())  # ⌈9 × 0.2⌉ = 2 accounts
    for key in ("pen.lowest", "pen.whitespace", "pen.lost", "pen.scenario",
                "pen.forecast"):
        assert f"exercise/{key}" in records

    path = work / "ABC 案例" / records["pen/exports"][0]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["优先目标名单", "空白点汇总", "增长情景", "销售管道"]
    assert book["优先目标名单"].max_row - 3 == records["pen/targets"]  # header, blank, note


def test_on_the_pharma_case(tmp_path, figures):
    records, _ = run_penetration(tmp_path, {
        "data": str(cases.path("pharma", "sales")),
        "outlets_file": str(cases.path("pharma", "outlets")), "opportunities_file": "",
        "trainee": "医药案例"})
    recorded = by_key(records["pen/penetration"], "region")
    # 绍兴: the lowest 2025 sell-out / potential (TRAINER.md: 21.5 %).
    for city in ("杭州", "宁波", "绍兴"):
        assert recorded[city]["sales_to_potential"] == pytest.approx(
            figures[f"pharma.city.{city}.sales_to_potential%"] / 100)
        assert recorded[city]["sales"] == pytest.approx(figures[f"pharma.city.{city}.sales_2025"])
    assert min(recorded, key=lambda c: recorded[c]["sales_to_potential"]) == "绍兴"
    assert "pen/pipeline" not in records and "exercise/pen.forecast" not in records


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_on_every_trainee_file(tmp_path, path, figures):
    # Trainees bring sales only: no outlets file, no opportunities. A file with store
    # codes is read store by store, the others customer by customer.
    records, work = run_penetration(tmp_path, {"data": str(path), "trainee": path.stem,
                                               "outlets_file": "", "opportunities_file": ""})
    has_outlets = figures[f"trainees.files.{path.name}.has_outlets"]
    assert records["pen/basis"]["source"] == ("sales_outlets" if has_outlets else "sales_customers")
    # Every file ends in 2025-12: the current 12 months are its 2025 rows (the bad rows left out).
    this_year = figures[f"trainees.files.{path.name}.net_sales.2025"]
    assert records["pen/scenario"]["base_sales"] == pytest.approx(this_year)
    assert sorted(records["pen/exports"]) == ["客户渗透目标名单.html", "客户渗透目标名单.pdf",
                                              "客户渗透目标名单.pptx", "客户渗透目标名单.xlsx"]
    numbers = workbook_numbers(work / path.stem / "客户渗透目标名单.xlsx")
    assert any(abs(n - this_year) <= 0.01 for n in numbers)
    assert "exercise/pen.scenario" in records
