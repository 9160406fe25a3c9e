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


def run_workshop(name: str, tmp_path, params: dict) -> tuple[dict, Path]:
    """Execute workshops/<name> without errors; its records and the work folder."""
    out = tmp_path / name
    runner.execute(ROOT / "workshops" / name, out, {"out_dir": str(tmp_path / "work"), **params})
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]
    return read_records(nb), tmp_path / "work"


def run_review(tmp_path, params: dict) -> tuple[dict, Path]:
    return run_workshop("01_business_review.ipynb", tmp_path, params)


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


def run_goals(tmp_path, params: dict) -> tuple[dict, Path]:
    return run_workshop("02_goal_setting.ipynb", tmp_path, params)


def test_goal_setting_on_the_abc_case(tmp_path):
    from kit import goals
    from kit.overview import select_flow

    records, work = run_goals(tmp_path, {"data": str(cases.path("abc", "sales")),
                                         "trainee": "ABC 案例"})
    case = cases.load_case("abc", ("sales", "outlets"))
    start = goals.starting_point(case["sales"], case["outlets"])
    setting = goals.set_targets(start, goals.Ambition(0.05, 0.10, 0.11), goals.Drivers())
    assert records["goals/start"]["last_12"] == pytest.approx(start.last_12)
    assert records["goals/start"]["unit"] == "outlet"
    assert records["goals/setting"]["gap"] == pytest.approx(setting.gap.amount)
    # The split: the top-down target, rounded, over 2026; regions reconcile to it.
    level1 = records["goals/split_level1"]["records"]
    assert sum(r["target"] for r in level1) == round(setting.top_down)
    sell_in = select_flow(case["sales"])
    last = sell_in[sell_in["period"].dt.year == 2025].groupby("region", observed=True)["net_sales"].sum()
    assert {r["region"]: r["last_year"] for r in level1} == pytest.approx(last.to_dict())
    assert "W:decline_driver:华北" in records["goals/swot_suggested"]
    assert "exercise/goals.gap" in records
    for name in records["goals/exports"]:
        assert (work / "ABC 案例" / name).stat().st_size > 1000


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_goal_setting_on_every_trainee_file(tmp_path, path):
    records, work = run_goals(tmp_path, {"data": str(path), "trainee": path.stem, "outlets_file": ""})
    assert records["goals/start"]["unit"] == "customer"
    assert records["goals/setting"]["top_down"] > 0
    assert sorted(records["goals/exports"]) == ["我的业务目标计划.html", "我的业务目标计划.xlsx"]
    assert (work / path.stem / "我的业务目标计划.xlsx").exists()
