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
