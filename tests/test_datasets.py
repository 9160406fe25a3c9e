"""The bundled cases: the committed files are the generator's output, and they
load through kit.data to exactly the totals datasets/README.md states.

The expectations are read from the README's "Known totals" tables, so the
document a trainer checks against and the test cannot drift apart.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kit import cases
from kit.data import load

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
README = (DATASETS / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n#", start + 1)
    return README[start:end if end > 0 else None]


def table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append(cells)
    return rows


def number(text: str) -> float:
    return float(text.replace(",", ""))


def sentence_total(text: str, label: str) -> float:
    return number(re.search(rf"Σ {label} = ([\d,\.]+)", text).group(1))


CASE_SECTIONS = {"abc": "### ABC 案例", "pharma": "### 医药案例"}
CASE_FILES = {"abc": 10, "pharma": 9}  # only ABC has a pipeline (opportunities.csv)


@pytest.fixture(scope="module", params=list(CASE_SECTIONS))
def case(request):
    name = request.param
    return name, cases.load_case(name), section(CASE_SECTIONS[name])


def test_row_counts_per_file(case):
    name, tables, text = case
    stated = {r[0]: number(r[1]) for r in table_rows(text) if r[0].endswith((".csv", ".gz"))}
    assert len(stated) == CASE_FILES[name]
    assert set(tables) == {file.split(".")[0] for file in stated}
    for file, rows in stated.items():
        table = file.split(".")[0]
        assert len(tables[table]) == rows, f"{name}/{file}"


def test_sales_by_kind_and_year(case):
    name, tables, text = case
    sales = tables["sales"]
    checked = 0
    for row in table_rows(text):
        if row[0] not in ("sell_in", "sell_out") or not row[1][:4].isdigit():
            continue
        part = sales[(sales["kind"] == row[0]) & (sales["period"].dt.year == int(row[1]))]
        assert len(part) == number(row[2]), row
        assert part["units"].sum() == number(row[3]), row
        assert part["net_sales"].sum() == pytest.approx(number(row[4]), abs=0.005), row
        checked += 1
    assert checked >= 4


def test_targets_by_year(case):
    name, tables, text = case
    targets = tables["targets"]
    rows = [r for r in table_rows(text) if r[0][:4].isdigit() and len(r) == 4]
    assert rows
    for row in rows:
        part = targets[targets["period"].dt.year == int(row[0][:4])]
        assert len(part) == number(row[1])
        assert part["net_sales"].sum() == pytest.approx(number(row[2]), abs=0.005)
        assert part["units"].sum() == number(row[3])


def test_ledger_activities_and_outlet_totals(case):
    name, tables, text = case
    ledger, activities = tables["distributor_ledger"], tables["activities"]
    for column in ("revenue", "cogs", "rebates"):
        assert ledger[column].sum() == pytest.approx(sentence_total(text, column), abs=0.005)
    assert activities["cost"].sum() == pytest.approx(sentence_total(text, "cost"), abs=0.005)
    assert activities["actual_uplift"].sum() == pytest.approx(
        sentence_total(text, "actual_uplift"), abs=0.005)
    assert tables["outlets"]["potential"].sum() == pytest.approx(
        sentence_total(text, "potential"), abs=0.005)
    if "opportunities" in tables:
        assert tables["opportunities"]["amount"].sum() == pytest.approx(
            sentence_total(text, "amount"), abs=0.005)


def test_ledger_units_tie_to_sales(case):
    # primary units = the distributor's sell-in, secondary = its sell-out (README data dictionary).
    name, tables, _ = case
    sales, ledger = tables["sales"], tables["distributor_ledger"]
    by = sales.groupby(["kind", "customer_id", "period"], observed=True)["units"].sum()
    for _, row in ledger.iterrows():
        key = (row["customer_id"], row["period"])
        assert row["primary_units"] == by.get(("sell_in", *key), 0)
        assert row["secondary_units"] == by.get(("sell_out", *key), 0)


def test_trainee_files_data_rows():
    stated = {r[0]: number(r[1]) for r in table_rows(section("### 学员文件")) if "_" in r[0]}
    assert len(stated) == 6
    for file, rows in stated.items():
        report = load(DATASETS / "trainees" / file, errors="report").report
        totals = sum(p.code == "skip.total_row" for p in report.skipped)
        assert report.rows_read - totals == rows, file


def test_committed_files_are_the_generators_output(tmp_path):
    subprocess.run([sys.executable, str(DATASETS / "generate.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    committed = sorted(p.relative_to(DATASETS) for folder in ("abc", "pharma", "trainees")
                       for p in (DATASETS / folder).iterdir())
    assert len(committed) == 25
    for rel in committed:
        assert (tmp_path / rel).read_bytes() == (DATASETS / rel).read_bytes(), rel
