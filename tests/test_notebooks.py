"""Workshop notebooks execute under papermill on the case data and every trainee file.

What they record and export is compared with figures computed independently of
the kit: datasets/story_check.py (plain pandas on the committed files, the same
figures TRAINER.md quotes) and the arithmetic written out here.
"""

import html
import re
from pathlib import Path

import nbformat
import numpy as np
import openpyxl
import pandas as pd
import pytest

from kit import cases, runner
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
TRAINEE_FILES = sorted((ROOT / "datasets" / "trainees").iterdir())
# The goal-setting notebook's parameter defaults: market growth, share now, share ambition.
MARKET_GROWTH, SHARE_NOW, SHARE_AMBITION = 0.05, 0.10, 0.11






def trainee(figures: dict, path: Path, name: str):
    return figures[f"trainees.files.{path.name}.{name}"]


def top_down(last_12: float) -> float:
    # The market is last year's sales / today's share; next year's target is that
    # market grown by the market growth, at the ambition share.
    return last_12 / SHARE_NOW * (1 + MARKET_GROWTH) * SHARE_AMBITION


def workbook_numbers(path: Path) -> list[float]:
    """Every number in every sheet of an exported workbook."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [float(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
            if isinstance(v, (int, float)) and not isinstance(v, bool)]


def holds(numbers: list[float], value: float, tol: float = 0.01) -> bool:
    return any(abs(n - value) <= tol for n in numbers)


def page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def shows_percent(text: str, percent: float) -> bool:
    return re.search(rf"{re.escape(f'{percent:.1f}')}\s?%", text) is not None


def backtest_mape(monthly: pd.Series, holdout: int = 12) -> float:
    """The review's stated forecast method, written out, on the months before the
    last `holdout`: seasonality = each month / its centred 2x12 moving average,
    averaged per calendar month and scaled to average 1; a straight line through
    the deseasonalised months; forecast = line x seasonality. MAPE over the holdout."""
    train, test = monthly.iloc[:-holdout], monthly.iloc[-holdout:]
    ma12 = train.rolling(12).mean()
    centred = (ma12.shift(-5) + ma12.shift(-6)) / 2  # month t sees t-6 ... t+6, the ends at half weight
    month = train.index.str[5:7].astype(int)
    ratio = (train / centred).groupby(month).mean()
    season = ratio / ratio.mean()
    slope, intercept = np.polyfit(np.arange(len(train)), train / season.loc[month].to_numpy(), 1)
    t = np.arange(len(train), len(monthly))
    forecast = (intercept + slope * t) * season.loc[test.index.str[5:7].astype(int)].to_numpy()
    return float(np.mean(np.abs(test.to_numpy() - forecast) / test.to_numpy()))


def run_start_here(tmp_path, data: Path, trainee_name: str) -> dict:
    out = tmp_path / "00_start_here.ipynb"
    runner.execute(ROOT / "workshops" / "00_start_here.ipynb", out,
                   {"data": str(data), "trainee": trainee_name, "out_dir": str(tmp_path / "work")})
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


def test_start_here_on_the_abc_case(tmp_path, figures):
    records = run_start_here(tmp_path, cases.path("abc", "sales"), "ABC 案例")
    assert records["start/load"]["rows_accepted"] == figures["totals.abc.rows.sales.csv.gz"]  # 329,320
    assert records["start/load"]["rows_rejected"] == 0
    assert records["start/coverage"]["months"] == figures["totals.abc.months"]  # 2023-01 .. 2025-12
    totals = {(r["flow"], r["year"]): r for r in records["start/totals_by_year"]["records"]}
    for flow in ("sell_in", "sell_out"):
        for year in (2023, 2024, 2025):
            expected = f"totals.abc.sales.{flow}.{year}"
            assert totals[(flow, year)]["net_sales"] == pytest.approx(figures[f"{expected}.net_sales"])
            assert totals[(flow, year)]["units"] == figures[f"{expected}.units"]
    # Two exercises reach the trainer as unanswered in an unattended run.
    assert records["exercise/start.months"] == {"score": 0, "max": 1.0, "attempts": 0, "correct": False}
    assert "exercise/start.rejected" in records


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_start_here_on_every_trainee_file(tmp_path, path, figures):
    records = run_start_here(tmp_path, path, path.stem)
    # Bad rows are reported in the notebook, not a crash: the deliberate bad rows
    # (TRAINER.md) are rejected, a total row is left out and listed, every other data row
    # accepted.
    loaded = records["start/load"]
    assert loaded["rows_rejected"] == trainee(figures, path, "bad_rows")
    assert loaded["rows_skipped"] == trainee(figures, path, "total_rows")
    assert loaded["rows_accepted"] == trainee(figures, path, "good_rows")


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


def test_business_review_on_the_abc_case(tmp_path, figures):
    records, work = run_review(tmp_path, {"data": str(cases.path("abc", "sales")),
                                          "trainee": "ABC 案例"})
    # Year to date to 2025-12 on the sell-in flow (the brand's own sales): all of 2025.
    recorded = records["review/total"]["records"][0]
    assert recorded["actual"] == pytest.approx(figures["overview.sell_in.2025"])  # 87,700,785.44
    assert recorded["achievement"] == pytest.approx(figures["overview.achievement%.2025"] / 100)  # 96.9 %
    bridge = {part: figures[f"overview.bridge_sell_in.{part}"]
              for part in ("volume", "price", "mix", "new", "lost", "other")}
    assert records["review/bridge"] == pytest.approx(bridge, abs=0.01)
    assert sum(bridge.values()) == pytest.approx(figures["overview.sell_in.2025"] - figures["overview.sell_in.2024"])
    assert "miss_target:华北" in records["review/cards"]
    # Every 2025 sell-in row of the case has a cost: the customers' 80/20 is on gross margin.
    raw = pd.read_csv(ROOT / "datasets" / "abc" / "sales.csv.gz")  # read by pandas, not the kit
    sell_in = raw[(raw["kind"] == "sell_in") & raw["period"].str.startswith("2025")]
    assert sell_in["cost"].notna().all() and records["review/pareto_basis"] == "gross_margin"
    monthly = pd.Series({k.rsplit(".", 1)[1]: v for k, v in figures.items()
                         if k.startswith("overview.sell_in_month.")}).sort_index()
    assert len(monthly) == 36  # 24 months to fit, 12 held out
    assert records["review/backtest_mape"] == pytest.approx(backtest_mape(monthly), rel=1e-6)
    assert sorted(records["review/exports"]) == ["复盘报告.html", "复盘报告.pdf", "复盘报告.pptx", "复盘报告.xlsx"]
    numbers = workbook_numbers(work / "ABC 案例" / "复盘报告.xlsx")
    regions = ("全国", "华东", "华中", "华北", "华南")
    for value in [*(figures[f"story1.sell_in_region.{r}.2025"] for r in regions), *bridge.values(),
                  figures["overview.sell_in.2024"], figures["overview.sell_in.2025"]]:
        assert holds(numbers, value), value
    page = page_text(work / "ABC 案例" / "复盘报告.html")
    for percent in [figures["overview.achievement%.2025"],
                    *(figures[f"story1.achievement_region%.{r}.2025"] for r in ("华北", "华南"))]:
        assert shows_percent(page, percent), percent


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_business_review_on_every_trainee_file(tmp_path, path, figures):
    # Trainees bring sales only: no targets, no outlet list. Every file ends in
    # 2025-12, so year to date is the file's 2025 rows (the bad rows left out).
    records, work = run_review(tmp_path, {"data": str(path), "trainee": path.stem,
                                          "targets_file": "", "outlets_file": ""})
    this_year = trainee(figures, path, "net_sales.2025")
    assert records["review/total"]["records"][0]["actual"] == pytest.approx(this_year)
    assert sorted(records["review/exports"]) == ["复盘报告.html", "复盘报告.pdf", "复盘报告.pptx", "复盘报告.xlsx"]
    assert holds(workbook_numbers(work / path.stem / "复盘报告.xlsx"), this_year)


def run_goals(tmp_path, params: dict) -> tuple[dict, Path]:
    return run_workshop("02_goal_setting.ipynb", tmp_path, params)


def test_goal_setting_on_the_abc_case(tmp_path, figures):
    records, work = run_goals(tmp_path, {"data": str(cases.path("abc", "sales")),
                                         "trainee": "ABC 案例"})
    last_12 = figures["overview.sell_in.2025"]  # the last 12 months of sell-in: 2025
    assert records["goals/start"]["last_12"] == pytest.approx(last_12)
    assert records["goals/start"]["unit"] == "outlet"
    target = top_down(last_12)  # 87,700,785.44 / 0.10 x 1.05 x 0.11 = 101,294,407.18
    assert records["goals/setting"]["top_down"] == pytest.approx(target)
    # Drivers untouched: the bottom-up plan is this year's sales, so the gap is the growth asked for.
    assert records["goals/setting"]["gap"] == pytest.approx(target - last_12)
    # The split: the top-down target, rounded, over 2026; regions reconcile to it.
    level1 = records["goals/split_level1"]["records"]
    assert sum(r["target"] for r in level1) == round(target)
    regions = {r["region"] for r in level1}
    assert {r["region"]: r["last_year"] for r in level1} == pytest.approx(
        {r: figures[f"story1.sell_in_region.{r}.2025"] for r in regions})
    assert regions == {"全国", "华东", "华中", "华北", "华南"}
    assert "W:decline_driver:华北" in records["goals/swot_suggested"]
    assert "exercise/goals.gap" in records
    assert sorted(records["goals/exports"]) == ["我的业务目标计划.html", "我的业务目标计划.pdf", "我的业务目标计划.pptx",
                                             "我的业务目标计划.xlsx"]
    numbers = workbook_numbers(work / "ABC 案例" / "我的业务目标计划.xlsx")
    for value in [round(target), *(figures[f"story1.sell_in_region.{r}.2025"] for r in regions)]:
        assert holds(numbers, value), value


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_goal_setting_on_every_trainee_file(tmp_path, path, figures):
    records, work = run_goals(tmp_path, {"data": str(path), "trainee": path.stem, "outlets_file": ""})
    assert records["goals/start"]["unit"] == "customer"
    # Every file ends in 2025-12: the last 12 months are its 2025 rows.
    target = top_down(trainee(figures, path, "net_sales.2025"))
    assert records["goals/setting"]["top_down"] == pytest.approx(target)
    assert sorted(records["goals/exports"]) == ["我的业务目标计划.html", "我的业务目标计划.pdf", "我的业务目标计划.pptx",
                                             "我的业务目标计划.xlsx"]
    assert holds(workbook_numbers(work / path.stem / "我的业务目标计划.xlsx"), round(target))
