"""workshops/03_jbp_design.ipynb executes under papermill on the ABC case, the pharma case
and every trainee file (sales only), and records what the kit computes."""

import math
from pathlib import Path

import nbformat
import pytest

from kit import cases, jbp, runner
from kit.data import load
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "workshops" / "03_jbp_design.ipynb"
TRAINEE_FILES = sorted((ROOT / "datasets" / "trainees").iterdir())
NO_EXTRAS = {"ledger_file": "", "activities_file": "", "targets_file": "", "outlets_file": ""}


def run_jbp(tmp_path, params: dict) -> tuple[dict, Path]:
    out = tmp_path / "03_jbp_design.ipynb"
    runner.execute(NOTEBOOK, out, {"out_dir": str(tmp_path / "work"), **params})
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]
    return read_records(nb), tmp_path / "work"


def case_params(case: str) -> dict:
    return {"data": str(cases.path(case, "sales")),
            "ledger_file": str(cases.path(case, "distributor_ledger")),
            "activities_file": str(cases.path(case, "activities")),
            "targets_file": str(cases.path(case, "targets")),
            "outlets_file": str(cases.path(case, "outlets"))}


def test_committed_notebook_has_parameters_and_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_jbp_workshop_on_the_abc_case(tmp_path):
    records, work = run_jbp(tmp_path, {**case_params("abc"), "trainee": "ABC 案例"})
    case = cases.load_case("abc", ("sales", "targets", "distributor_ledger", "activities"))
    sales, ledger = case["sales"], case["distributor_ledger"]
    assert records["jbp/customer"]["customer"] == "D05"
    assert records["jbp/customer"]["diagnosis"] == "2025H2"
    # D05 is the one distributor stuffing stock over 2025 H2 (trainer notes, story 3).
    stuffing = [r["index"] for r in records["jbp/challenges"]["records"] if r["stuffing"]]
    assert stuffing == ["D05"]
    assert records["jbp/findings"]["stuffing"] and records["jbp/findings"]["slow_stock"]
    # The one promotion that did not pay back (story 4).
    review = jbp.review_activities(case["activities"], sales)
    assert records["jbp/not_paying_back"] == list(jbp.not_paying_back(review)["activity"])
    assert records["jbp/not_paying_back"] == ["2025 乳品夏季买赠（华北、华中）"]
    model = jbp.profit_model(jbp.economics(ledger, "2025").loc["D05"])
    assert records["jbp/economics"] == pytest.approx(model.to_dict())
    a = jbp.base_assumptions(ledger, "D05", "2025", 0.02, 18)
    assert records["jbp/projection"]["roi"] == pytest.approx(jbp.project(a).roi)
    target = jbp.next_target(sales, "D05", "2025", case["targets"], 0.02)
    assert records["jbp/next_target"] == {"value": pytest.approx(target.value), "source": "targets"}
    assert records["jbp/skipped"] == []
    indicators = records["jbp/indicators"]
    assert indicators["brand_review"]["sell_in"] == pytest.approx(
        jbp.brand_review_part(sales, "D05", "2025", case["targets"]).indicators["sell_in"])
    assert "压货" in records["jbp/loop"]["records"][0]["note"]
    assert {"exercise/jbp.stuffing", "exercise/jbp.lowest_roi", "exercise/jbp.cash_cycle",
            "exercise/jbp.sell_in_units"} <= set(records)
    names = records["jbp/exports"]
    # xlsx, HTML and the sell-in deck of both versions, and each printed to PDF (chromium is
    # installed by .ci/system-deps).
    assert names == ["联合生意计划_D05_2026_内部版.xlsx", "联合生意计划_D05_2026_内部版.html",
                     "联合生意计划_D05_2026_客户版.xlsx", "联合生意计划_D05_2026_客户版.html",
                     "联合生意计划_D05_2026_内部版.pptx", "联合生意计划_D05_2026_客户版.pptx",
                     "联合生意计划_D05_2026_内部版.pdf", "联合生意计划_D05_2026_客户版.pdf"]
    for name in names:
        assert (work / "ABC 案例" / name).stat().st_size > 1000
    customer_html = (work / "ABC 案例" / names[3]).read_text(encoding="utf-8")
    assert "内部" not in customer_html.replace("内部版", "")


def test_jbp_workshop_on_the_pharma_case(tmp_path):
    records, work = run_jbp(tmp_path, {**case_params("pharma"), "customer": "",
                                       "trainee": "医药案例"})
    assert records["jbp/customer"]["customer"] == "KT"
    # DPO (≈ 75 days) is longer than DIO + DSO: the cash cycle is negative, ROI n/a.
    assert records["jbp/economics"]["cash_cycle"] < 0
    assert records["jbp/economics"]["roi"] is None
    assert records["jbp/skipped"] == []
    assert "exercise/jbp.cash_cycle" in records
    assert len(records["jbp/exports"]) == 8


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_jbp_workshop_on_every_trainee_file(tmp_path, path):
    records, work = run_jbp(tmp_path, {"data": str(path), "trainee": path.stem, **NO_EXTRAS})
    sales = load(path, errors="report").data
    choice = jbp.pick_customer(sales, None, "D05")
    assert records["jbp/customer"]["customer"] == choice.customer_id
    assert records["jbp/skipped"] == ["execution_review", "financial_review", "financial_targets"]
    sell_in = records["jbp/indicators"]["brand_review"]["sell_in"]
    w = jbp.windows(sales)
    assert sell_in == pytest.approx(
        jbp.brand_review_part(sales, choice.customer_id, w.review).indicators["sell_in"])
    assert not math.isnan(sell_in) and sell_in > 0
    assert "exercise/jbp.target_growth" in records
    assert len(records["jbp/exports"]) == 8
    assert all((work / path.stem / name).exists() for name in records["jbp/exports"])
