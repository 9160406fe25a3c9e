"""Workshop notebooks execute under papermill on the case data and every trainee file."""

from pathlib import Path

import nbformat
import pytest

from kit import cases, runner
from kit.data import load
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
TRAINEE_FILES = sorted((ROOT / "datasets" / "trainees").iterdir())


def run_start_here(tmp_path, data: Path, trainee: str) -> dict:
    out = tmp_path / "00_start_here.ipynb"
    runner.execute(ROOT / "workshops" / "00_start_here.ipynb", out,
                   {"data": str(data), "trainee": trainee, "out_dir": str(tmp_path / "work")})
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    return read_records(nb)


def test_committed_notebooks_carry_no_outputs():
    for path in runner.workshop_notebooks():
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        assert "parameters" in code[0].metadata.get("tags", []), path.name


def test_start_here_on_the_abc_case(tmp_path):
    records = run_start_here(tmp_path, cases.path("abc", "sales"), "ABC 案例")
    expected = load(cases.path("abc", "sales")).data
    assert records["start/load"]["rows_accepted"] == len(expected)
    assert records["start/load"]["rows_rejected"] == 0
    assert records["start/coverage"]["months"] == 36
    totals = {(r["flow"], r["year"]): r["net_sales"] for r in records["start/totals_by_year"]["records"]}
    sell_in_2025 = expected[(expected["kind"] == "sell_in") & (expected["period"].dt.year == 2025)]
    assert totals[("sell_in", 2025)] == pytest.approx(sell_in_2025["net_sales"].sum())
    # Two exercises reach the trainer as unanswered in an unattended run.
    assert records["exercise/start.months"] == {"score": 0, "max": 1.0, "attempts": 0, "correct": False}
    assert "exercise/start.rejected" in records


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_start_here_on_every_trainee_file(tmp_path, path):
    records = run_start_here(tmp_path, path, path.stem)
    report = load(path, errors="report").report
    # Bad rows are reported in the notebook, not a crash: the same counts as the loader's.
    assert records["start/load"]["rows_rejected"] == len(report.rejected_rows)
    assert records["start/load"]["rows_accepted"] == report.rows_accepted > 0


def run_review(tmp_path, params: dict) -> tuple[dict, Path]:
    out = tmp_path / "01_business_review.ipynb"
    runner.execute(ROOT / "workshops" / "01_business_review.ipynb", out,
                   {"out_dir": str(tmp_path / "work"), **params})
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]
    return read_records(nb), tmp_path / "work"


def test_business_review_on_the_abc_case(tmp_path):
    from kit import review

    records, work = run_review(tmp_path, {"data": str(cases.path("abc", "sales")),
                                          "trainee": "ABC 案例"})
    case = cases.load_case("abc", ("sales", "targets"))
    window = review.Window("ytd", "2025-12")
    total = review.scorecard(case["sales"], None, window, targets=case["targets"])
    recorded = records["review/total"]["records"][0]
    assert recorded["actual"] == pytest.approx(total.loc["total", "actual"])
    assert recorded["achievement"] == pytest.approx(total.loc["total", "achievement"])
    assert records["review/bridge"] == pytest.approx(review.bridge(case["sales"], window).parts().to_dict())
    assert "miss_target:华北" in records["review/cards"]
    assert 0 < records["review/backtest_mape"] < 0.2
    for name in records["review/exports"]:
        assert (work / "ABC 案例" / name).stat().st_size > 1000


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_business_review_on_every_trainee_file(tmp_path, path):
    # Trainees bring sales only: no targets, no outlet list.
    records, work = run_review(tmp_path, {"data": str(path), "trainee": path.stem,
                                          "targets_file": "", "outlets_file": ""})
    assert records["review/total"]["records"][0]["actual"] > 0
    assert sorted(records["review/exports"]) == ["复盘报告.html", "复盘报告.xlsx"]
    assert (work / path.stem / "复盘报告.xlsx").exists()
