"""The stage-5 workshop (05_key_accounts.ipynb) executes under papermill on the ABC case,
the pharma case and every sample trainee file (with its parameters as the cohort fills
them: every other file blanked), and what it records matches values worked out here
from the raw CSVs with pandas, not with the kit calls the notebook makes."""

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kit import cases, cohort, runner
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "workshops" / "05_key_accounts.ipynb"
DATASETS = ROOT / "datasets"
TRAINEE_FILES = sorted((DATASETS / "trainees").iterdir())
STAGES = {"认识": 0.25, "约会": 0.5, "信赖": 0.75, "同盟": 1.0}
ROLE_WEIGHTS = {"决策者": 0.30, "教练": 0.20, "审批者": 0.15, "影响者": 0.15, "技术把关者": 0.10,
                "使用者": 0.10}


def run(tmp_path, params: dict) -> tuple[dict, Path]:
    out = tmp_path / NOTEBOOK.name
    runner.execute(NOTEBOOK, out, {"out_dir": str(tmp_path / "work"), **params})
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]
    return read_records(nb), tmp_path / "work"


def raw(case: str, table: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / case / f"{table}.csv", dtype=str).fillna("")


def by_pandas(people: pd.DataFrame, as_of="2025-12-31") -> pd.DataFrame:
    """Coverage and single threads straight from the key-person table's words."""
    here = people[(people["left_on"] == "") | (people["left_on"] > as_of)]
    counting = here[here["attitude"] != "反对"].assign(points=lambda d: d["stage"].map(STAGES))
    best = counting.groupby(["customer_id", "role"])["points"].max().unstack(fill_value=0)
    score = sum(ROLE_WEIGHTS[r] * best.get(r, 0) for r in ROLE_WEIGHTS) * 100
    engaged = counting[counting["stage"].isin(["约会", "信赖", "同盟"])].groupby(
        "customer_id").size().reindex(best.index, fill_value=0)
    return pd.DataFrame({"coverage": score, "single": engaged <= 1})


def test_committed_without_outputs_and_with_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "hide-input" in code[1].metadata.get("tags", [])
    assert 5 in [s.number for s in cohort.stages()]


def test_on_the_abc_case(tmp_path):
    records, work = run(tmp_path, {"trainee": "ABC 案例"})
    people, log = raw("abc", "contacts"), raw("abc", "development_log")
    assert records["acc/sources"] == {"contacts": len(people), "interactions":
                                      len(raw("abc", "interactions")),
                                      "development_log": len(log)}
    expected = by_pandas(people)
    recorded = {r["customer_id"]: r for r in records["acc/coverage"]["records"]}
    for cid, row in expected.iterrows():
        assert recorded[cid]["coverage"] == pytest.approx(row["coverage"]), cid
        assert recorded[cid]["single_threaded"] == row["single"], cid
    assert sorted(c for c, r in recorded.items() if r["single_threaded"]) == ["D04", "K01", "K03"]

    # The first alert: D04's coach 冯立新, a supporter, left on 2024-12-20 (TRAINER.md).
    alerts = records["acc/alerts"]["records"]
    assert (alerts[0]["customer_id"], alerts[0]["rule"], alerts[0]["subject"]) == (
        "D04", "champion_left", "冯立新")
    assert alerts[0]["since"].startswith("2024-12-20")
    fired = {(a["customer_id"], a["rule"]): a for a in alerts}
    # O2501 closes 2025-06-30: stalled from + 90 days; D05 above 1.3 from July: 3rd month Sep.
    assert fired[("K01", "stalled_deal")]["since"].startswith("2025-09-28")
    assert fired[("D05", "stuffing")]["since"].startswith("2025-09-30")
    # K01's decision maker 韩梅 last seen 2025-05-20: silent from 60 days on.
    assert fired[("K01", "dm_silent")]["since"].startswith("2025-07-19")

    # ABC's health by hand: value 100 (the largest account, bought every month for 36+
    # months, class A), growth 50 + 250 × its 2025 sell-in YoY, relationship = its
    # coverage, no pipeline, risk 100 (no alert).
    sales = pd.read_csv(DATASETS / "abc" / "sales.csv.gz",
                        usecols=["period", "kind", "customer_id", "net_sales"])
    abc = sales[(sales["kind"] == "sell_in") & (sales["customer_id"] == "ABC")]
    year = abc.groupby(abc["period"].str[:4])["net_sales"].sum()
    growth = min(max(50 + 250 * (year["2025"] / year["2024"] - 1), 0), 100)
    score = (0.25 * 100 + 0.20 * growth + 0.25 * expected.loc["ABC", "coverage"] + 0.15 * 100) / 0.85
    summary = records["acc/summary"]
    assert summary["account"] == "ABC" and summary["health"] == pytest.approx(score)
    health = {r["customer_id"]: r for r in records["acc/health"]["records"]}
    assert health["D04"]["rag"] == "red" and min(
        health, key=lambda c: health[c]["score"]) == "D04"

    # The weekly roll-up adds up to the daily rows.
    weekly = records["acc/weekly"]
    days = pd.to_datetime(log["date"])
    last = days >= days.max() - pd.Timedelta(days=days.max().day_of_week)
    assert weekly["rows"] == len(log) and weekly["visits"] == (log["visited"] == "拜访").sum()
    assert weekly["new_prospects"] == log["prospect"].nunique() and weekly["weeks"] == 6
    assert weekly["latest_visits"] == ((log["visited"] == "拜访") & last).sum()
    for key in ("acc.single", "acc.first", "acc.response", "acc.health", "acc.coverage",
                "acc.visits"):
        assert f"exercise/{key}" in records
    # Both versions in the four formats (chromium prints the PDF).
    assert records["acc/exports"] == [f"大客户关系计划_ABC_{version}.{kind}" for version in ("内部版", "客户版")
                                      for kind in ("xlsx", "html", "pdf", "pptx")]
    assert all((work / "ABC 案例" / name).exists() for name in records["acc/exports"])


def test_on_the_pharma_case(tmp_path):
    case = cases.datasets_dir() / "pharma"
    records, _ = run(tmp_path, {
        "data": str(case / "sales.csv"), "contacts_file": str(case / "contacts.csv"),
        "interactions_file": str(case / "interactions.csv"),
        "log_file": str(case / "development_log.csv"), "opportunities_file": "",
        "targets_file": str(case / "targets.csv"), "ledger_file": str(case / "distributor_ledger.csv"),
        "outlets_file": str(case / "outlets.csv"), "trainee": "医药案例"})
    expected = by_pandas(raw("pharma", "contacts"))
    assert records["acc/summary"]["account"] == "KT"
    assert records["acc/summary"]["coverage"] == pytest.approx(expected.loc["KT", "coverage"])
    care = {r["customer_id"]: r for r in records["acc/care"]["records"]}
    # KT is the chain's only account: contribution, loyalty and growth potential all 100,
    # so strategic: key persons (DM, coach, influence 4–5) every 30 days, others 60.
    people = raw("pharma", "contacts")
    key = people["role"].isin(["决策者", "教练"]) | (people["influence"].astype(int) >= 4)
    every = key.map({True: 30, False: 60})
    late = (pd.Timestamp("2025-12-31") - pd.to_datetime(people["last_contact"])).dt.days > every
    assert care["KT"]["overdue"] == late.sum()
    assert late[people["name"] == "施磊"].all()  # 绍兴's area manager, last seen 2025-06-30
    assert "acc/weekly" in records and records["acc/weekly"]["rows"] == len(
        raw("pharma", "development_log"))


@pytest.mark.parametrize("path", TRAINEE_FILES, ids=[p.name for p in TRAINEE_FILES])
def test_on_every_trainee_file(tmp_path, path):
    stage = next(s for s in cohort.stages() if s.number == 5)
    params = cohort.parameters(stage, path, path.stem, tmp_path / "work", "zh")
    assert params["contacts_file"] == "" and params["opportunities_file"] == ""
    records, work = run(tmp_path, params)
    summary = records["acc/summary"]
    assert summary["health"] is not None and summary["rag"] in ("green", "amber", "red")
    if path.name == "赵敏_ABC零售.xlsx":  # her workbook carries the people sheets
        assert records["acc/sources"] == {"contacts": 12, "interactions": 66,
                                          "development_log": 10}
        assert summary["account"] == "ABC" and summary["coverage"] is not None
        assert records["acc/weekly"]["rows"] == 10
    else:  # sales only: the people parts say what is missing and the rest runs
        assert records["acc/sources"] == {"contacts": None, "interactions": None,
                                          "development_log": None}
        assert summary["coverage"] is None and "contacts" in summary["missing"]
        assert "acc/coverage" not in records and "acc/weekly" not in records
    assert "exercise/acc.health" in records
    assert len(records["acc/exports"]) == 2 * 4  # two versions, four formats
    assert all((work / path.stem / n).exists() for n in records["acc/exports"])
