"""我的年度生意计划: stage 3's target from the stage-2 split, the reconciliation by hand, the one
document with every part, and the whole chain of stage notebooks on a sample trainee file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from kit import goals, jbp, workspace
from kit import penetration as pen
from kit.annual import AnnualPlan, PenetrationPart, missing_parts, reconcile, starter_business_plan
from kit.export.annual import annual_document, export_annual
from kit.goals import Ambition, Drivers, GoalPlan, SplitPlan, set_targets
from kit.goals.business_plan import BusinessPlan, Option
from kit.goals.plan import Checklist, Ogsm, Swot, SwotEntry
from kit.goals.targets import Starting
from kit.insights import UiaCard
from kit.jbp.document import CooperationPlan, Jbp, Part, PlanActivity

ROOT = Path(__file__).resolve().parents[1]

# Last year: D1 sells in two channels (KA 300, TT 100), D2 in one (KA 600).
HISTORY = pd.DataFrame({"channel": ["KA", "TT", "KA"], "customer_id": ["D1", "D1", "D2"],
                        "net_sales": [300.0, 100.0, 600.0]})
FLAT = pd.Series(1.0, index=range(1, 13))


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


def split(total: float = 1_100.0):
    return goals.split_plan(SplitPlan(total, ["channel", "customer_id"], 2026), HISTORY, FLAT)


def test_level_targets_sum_a_customer_over_its_channels():
    cells, _ = split()
    # 1,100 by last year: KA 900 / 1,000 → 990, TT 110; in KA D1 300 : D2 600 → 330 : 660.
    # D1 = KA 330 + TT 110 = 440; D2 = 660; together the whole 1,100.
    assert goals.level_targets(cells, "customer_id").to_dict() == {"D1": 440.0, "D2": 660.0}
    assert goals.level_targets(cells, "sku").empty


def test_next_target_takes_the_customers_split_target_first():
    cells, _ = split(1_101.0)
    sales = pd.DataFrame({"period": pd.period_range("2025-01", "2025-12", freq="M"),
                          "customer_id": "D1", "sku": "A", "units": 1, "net_sales": 10.0})
    targets = pd.DataFrame({"period": pd.period_range("2026-01", "2026-12", freq="M"),
                            "customer_id": "D1", "net_sales": 50.0})
    # 1,101: KA 990.9 → 991, TT 110; KA 991 split 1 : 2 → D1 330.33 → 330 (D2 661), so D1 440.
    got = jbp.next_target(sales, "D1", "2025", targets, 0.1, plan_cells=cells)
    assert (got.value, got.source, got.last) == (440.0, "plan", 120.0)
    assert got.growth_needed == 440.0 - 120.0  # the window's sell-in: 12 × 10
    # A customer the split does not hold falls back to the targets table, then to growth.
    assert jbp.next_target(sales, "D9", "2025", targets, 0.1, plan_cells=cells).source == "growth"
    assert jbp.next_target(sales, "D1", "2025", targets, 0.1).value == 600.0  # 12 × 50
    assert jbp.next_target(sales, "D1", "2025", None, 0.1).value == pytest.approx(132.0)


# ---------------------------------------------------------------- the reconciliation by hand

FUNNEL = pd.Series({"universe": 100.0, "numeric_distribution": 0.5, "skus_per_outlet": 2.0,
                    "units_per_sku": 10.0, "avg_price": 5.0})  # sales 100 × .5 × 2 × 10 × 5 = 5,000


def goal_plan() -> GoalPlan:
    start = Starting(pd.Period("2025-12", "M"), 1_000.0, 1_050.0, FUNNEL, "outlet")
    setting = set_targets(start, Ambition(0.0, 0.10, 0.11), Drivers(new_outlets=5))
    cells, months = split(1_100.0)
    swot = Swot([SwotEntry("D1 下滑", "W", source="decline_driver:D1")])
    return GoalPlan("张伟", setting, Checklist(), swot, Ogsm(), cells, months,
                    ["channel", "customer_id"])


def jbp_for(target: float) -> Jbp:
    return Jbp("D1", period="2026",
               brand_plan=Part({"next_target": target, "last_actual": 400.0, "growth": 0.1}),
               plan=CooperationPlan([PlanActivity("订货会", cost=10.0, expected_uplift=30.0)]))


def penetration_part() -> PenetrationPart:
    scenario = pen.growth_scenario(FUNNEL, penetration_points=5)
    # Two customers buying category x for 300 and 400; C1 buys y for 200, C2 not: C2's y is
    # whitespace with the peers' potential 200, and its x and C1's are bought in full.
    sales = pd.DataFrame({"period": pd.PeriodIndex(["2025-01"] * 3, freq="M"),
                          "customer_id": ["C1", "C2", "C1"], "sku": ["A", "A", "B"],
                          "category": ["x", "x", "y"], "units": 1,
                          "net_sales": [300.0, 400.0, 200.0]})
    basis = pen.basis(sales)
    ws = pen.whitespace(basis.rows, basis.universe, basis.window(12), product="category",
                        by=None, flow=None)
    targets = pen.target_list(ws, statuses=pen.target_statuses(ws))
    return PenetrationPart(scenario, "outlet", 100, targets)


def full_plan(target: float = 440.0) -> AnnualPlan:
    return AnnualPlan(
        "张伟", "D1",
        cards=[UiaCard(source="decline_driver:D1"), UiaCard(source="miss_target:D2"),
               UiaCard(understanding="自己的", source="")],
        goals=goal_plan(), plan_year=2026, jbp=jbp_for(target), penetration=penetration_part(),
        business_plan=BusinessPlan("D1", options=[Option("A", impact=60.0, chosen=True),
                                                  Option("B", impact=99.0)]))


def test_reconcile_by_hand():
    lines = {line.key: line for line in reconcile(full_plan())}
    # Top-down: 1,000 / 10 % × (1 + 0 %) × 11 % = 1,100, the split's total: agree.
    assert lines["target_split"].status == "agree"
    # D1: split 440 (see above) = the JBP's 440.
    assert (lines["customer_target"].left, lines["customer_target"].right) == (440.0, 440.0)
    assert lines["customer_target"].status == "agree"
    # Growth asked: 440 − 400 = 40; part 6 expects 30: short by 10.
    assert lines["jbp_uplift"].difference == -10.0 and lines["jbp_uplift"].status == "short"
    # Stage 2 adds 5 buying outlets; stage 4's +5 points × 100 outlets = 5 more: agree.
    assert (lines["new_buyers"].left, lines["new_buyers"].right) == (5.0, 5.0)
    # Both read ND 0.50 → 0.55 on a 5,000 funnel: 500 more each (stage 2 scaled to its
    # 1,000 of sales: 100).
    assert lines["penetration_sales"].right == pytest.approx(500.0)
    assert lines["penetration_sales"].left == pytest.approx(100.0)
    assert lines["penetration_sales"].status == "differ"
    assert "0.1 万元" in lines["penetration_sales"].note  # the two bases: 1,000 and 5,000
    assert "0.5 万元" in lines["penetration_sales"].note
    # Scenario +500; the target list's whitespace (C2's y: 200) does not cover it.
    assert lines["whitespace"].right == 200.0
    assert lines["whitespace"].status == "short" and lines["whitespace"].difference == -300.0
    # Gap: top-down 1,100 − bottom-up 1,000 × 55 / 50 = 1,100 → 0; chosen option 60 covers it.
    assert lines["gap"].left == pytest.approx(0.0) and lines["gap"].status == "covered"
    # Two problem cards kept (D1, D2), one carried into the SWOT (D1): short by one.
    assert (lines["findings"].left, lines["findings"].right) == (2.0, 1.0)
    assert lines["findings"].status == "short"


def test_a_jbp_target_off_the_split_by_a_cent_differs():
    line = next(x for x in reconcile(full_plan(440.01)) if x.key == "customer_target")
    assert line.status == "differ" and line.difference == pytest.approx(0.01)


def test_missing_parts_and_lines():
    plan = AnnualPlan("张伟", "D1")
    assert len(missing_parts(plan)) == 5
    assert {line.status for line in reconcile(plan)} == {"missing"}
    assert missing_parts(full_plan()) == []


def test_starter_options_come_from_the_jbp_and_the_scenario():
    options = starter_business_plan("D1", jbp_for(440.0), penetration_part()).options
    assert [(o.impact, o.cost) for o in options] == [(30.0, 10.0), (pytest.approx(500.0), None)]
    assert "+5.0" in options[1].text  # the scenario's +5 points


def test_the_document_holds_every_part(tmp_path):
    doc = annual_document(full_plan())
    keys = [s.key for s in doc.sections]
    for part in ("overview", "review", "goals", "jbp", "penetration", "strategy",
                 "reconciliation"):
        assert part in keys
    assert any(k.startswith("jbp.") for k in keys) and any(k.startswith("goals.") for k in keys)
    files = export_annual(full_plan(), tmp_path, formats=("xlsx", "html", "pptx"))
    book = load_workbook(files.paths["xlsx"])
    rows = list(book["六、对账：各部分的数字是否一致"].iter_rows(values_only=True))
    assert rows[2][0].startswith("D1") and rows[2][6] == "一致"
    html = files.paths["html"].read_text(encoding="utf-8")
    assert all(f'id="{k}"' in html for k in keys)
    from pptx import Presentation  # every part's heading is a slide of the deck

    titles = {s.shapes.title.text for s in Presentation(str(files.paths["pptx"])).slides
              if s.shapes.title is not None}
    assert {s.title for s in doc.sections if s.key in ("goals", "reconciliation")} <= titles
    cards = next(s for s in doc.sections if s.key == "review").blocks[0]
    assert cards.title in titles  # a titled table heads its own slide


def test_a_plan_with_nothing_done_still_exports(tmp_path):
    files = export_annual(AnnualPlan("张伟", "D1"), tmp_path, formats=("html",))
    assert "这一部分还没有完成" in files.paths["html"].read_text(encoding="utf-8")


# ---------------------------------------------------------------- every stage on a trainee file


def split_targets_from_the_export(path: Path, customer: str) -> float:
    """Σ of the customer's cells in stage 2's exported split (read from the workbook)."""
    sheet = load_workbook(path)["七、目标分解：维度"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    col, target, depth = header.index("客户"), header.index("目标值（元）"), header.index("层级")
    level = max(r[depth] for r in rows if r[col] == customer)
    return sum(r[target] for r in rows if r[col] == customer and r[depth] == level)


@pytest.mark.parametrize("name", ["王强_经销商.xlsx", "刘洋_华北区.csv"])
def test_every_stage_on_a_trainee_file_makes_one_annual_plan(tmp_path, name):
    from kit import cohort
    from kit.record import read_records

    data = ROOT / "datasets" / "trainees" / name
    trainee = data.stem
    result = cohort.run_trainee(data, trainee, tmp_path / "out")
    assert [s.status for s in result.stages] == ["done"] * len(result.stages)
    folder = tmp_path / "out" / workspace.safe_name(trainee)
    work = folder / "work" / workspace.safe_name(trainee)
    records = {n: read_records(folder / s.notebook) for n, s in
               zip([s.stage for s in result.stages], result.stages, strict=True)}
    customer = records[3]["jbp/customer"]["customer"]
    # Stage 3's target is stage 2's split for that customer, to the cent: read independently
    # from the two stages' exported workbooks.
    from_split = split_targets_from_the_export(work / "我的业务目标计划.xlsx", customer)
    jbp_sheet = load_workbook(work / f"联合生意计划_{customer}_2026_内部版.xlsx")["二、品牌下期生意计划"]
    jbp_target = next(r[2] for r in jbp_sheet.iter_rows(values_only=True) if r[1] == "下期目标")
    assert records[3]["jbp/next_target"]["source"] == "plan"
    assert round(jbp_target, 2) == round(from_split, 2)
    annual = records[max(records)]
    assert round(annual["annual/customer_target"], 2) == round(from_split, 2)
    assert round(annual["annual/jbp_target"], 2) == round(from_split, 2)
    line = next(x for x in annual["annual/reconciliation"] if x["key"] == "customer_target")
    assert line["status"] == "agree" and line["difference"] == 0
    # One document with every part: a sheet per part in the workbook, a section in the page.
    book = load_workbook(work / "我的年度生意计划.xlsx")
    for title in ("概览", "一、复盘与洞察（模块一）", "二、目标与分解（模块二）",
                  "三、联合生意计划（模块三）", "四、客户渗透目标", "五、策略、筛选与行动计划",
                  "六、对账：各部分的数字是否一致"):
        assert title in book.sheetnames
    html = (work / "我的年度生意计划.html").read_text(encoding="utf-8")
    assert all(f'id="{k}"' in html for k in ("review", "goals", "jbp", "penetration", "strategy",
                                             "reconciliation"))
    assert annual["annual/parts"] == {"cards": annual["annual/parts"]["cards"], "goals": True,
                                      "jbp": True, "penetration": True}


def test_stages_two_three_and_the_capstone_on_the_abc_case(tmp_path):
    """On the ABC case (all files given), D05's JBP target is stage 2's split for D05."""
    import nbformat

    from kit import runner
    from kit.record import read_records

    work = tmp_path / "work"
    records = {}
    for name in ("02_goal_setting.ipynb", "03_jbp_design.ipynb", "06_annual_plan.ipynb"):
        out = tmp_path / name
        runner.execute(ROOT / "workshops" / name, out, {"out_dir": str(work)})
        nb = nbformat.read(out, as_version=4)
        assert not [o for c in nb.cells for o in c.get("outputs", [])
                    if o.output_type == "error"], name
        records[name[:2]] = read_records(out)
    folder = work / workspace.safe_name("ABC 案例")
    from_split = split_targets_from_the_export(folder / "我的业务目标计划.xlsx", "D05")
    assert records["03"]["jbp/next_target"]["source"] == "plan"
    assert round(records["03"]["jbp/next_target"]["value"], 2) == round(from_split, 2)
    assert round(records["06"]["annual/jbp_target"], 2) == round(from_split, 2)
    assert records["06"]["annual/parts"]["goals"] and records["06"]["annual/parts"]["jbp"]
    assert (folder / "我的年度生意计划.xlsx").exists()
