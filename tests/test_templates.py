"""The xlsx templates the book offers for download (book/templates.py → book/downloads/):
the committed files are what the script makes, each has its sheets and headers, and
a data request filled with the example row loads through kit.data.load."""

import importlib.util
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kit import jbp
from kit.data import load
from kit.goals import plan

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
spec = importlib.util.spec_from_file_location("templates", BOOK / "templates.py")
templates = importlib.util.module_from_spec(spec)
sys.modules["templates"] = templates  # dataclasses look their module up while it loads
spec.loader.exec_module(templates)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("templates")
    templates.build(out)
    return out


def cells(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb}


def headers(path: Path, sheet: str, row: int = 1) -> list:
    ws = load_workbook(path)[sheet]
    return [c.value for c in ws[row] if c.value is not None]


@pytest.mark.parametrize("name", sorted(templates.TEMPLATES))
def test_committed_templates_match_the_script(fresh, name):
    committed = templates.OUT / name
    assert committed.exists(), f"run python book/templates.py and commit {committed}"
    assert cells(committed) == cells(fresh / name), f"{name} is stale: run python book/templates.py"


def test_the_download_page_links_every_template():
    page = (BOOK / "downloads.md").read_text(encoding="utf-8")
    for name in templates.TEMPLATES:
        assert f"downloads/{name}>`" in page


def test_data_request_has_a_sheet_per_table_and_the_field_list(fresh):
    path = fresh / "data_request.xlsx"
    sheets = load_workbook(path).sheetnames
    assert sheets[0] == "说明" and sheets[-1] == "字段说明"
    assert [s.table for s in templates.DATA_SHEETS] == [
        "sales", "targets", "outlets", "products", "distributor_ledger", "activities", "opportunities"]
    for sheet in templates.DATA_SHEETS:
        assert headers(path, sheet.name) == [c.header for c in sheet.columns]
    fields = cells(path)["字段说明"]
    assert fields[0][:4] == ("工作表", "用于", "列名", "必填")
    assert len(fields) - 1 == sum(len(s.columns) for s in templates.DATA_SHEETS)
    sales = next(s for s in templates.DATA_SHEETS if s.table == "sales")
    assert {c.canonical for c in sales.columns if c.required} == {
        "period", "customer_id", "sku", "units", "net_sales"}


def fill(path: Path, sheet: str, rows: list[list]) -> Path:
    wb = load_workbook(path)
    ws = wb[sheet]
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("sheet", templates.DATA_SHEETS, ids=lambda s: s.table)
def test_a_filled_data_request_loads_through_the_kit(fresh, tmp_path, sheet):
    path = tmp_path / "mine.xlsx"
    path.write_bytes((fresh / "data_request.xlsx").read_bytes())
    fill(path, sheet.name, [[c.example for c in sheet.columns]])
    result = load(path, sheet.table, sheet=sheet.name)
    mapped = set(result.data.columns)
    assert {c.canonical for c in sheet.columns} <= mapped, result.report.summary()
    assert len(result.data) == 1 and not result.report.problems


def test_the_example_sales_row_has_the_values_of_the_field_list(fresh, tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_bytes((fresh / "data_request.xlsx").read_bytes())
    sales = templates.DATA_SHEETS[0]
    fill(path, "销售明细", [[c.example for c in sales.columns]] * 2)
    data = load(path, "sales", sheet="销售明细").data
    row = data.iloc[0]
    assert str(row["period"]) == "2025-01" and row["customer_id"] == "D05" and row["sku"] == "HW101"
    assert row["units"] == 1200 and row["net_sales"] == pytest.approx(3456.78)
    assert row["kind"] == "sell_in" and len(data) == 2


def test_ogsm_template_has_the_four_blocks_and_the_kit_labels(fresh):
    rows = cells(fresh / "ogsm.xlsx")
    assert list(rows) == ["OGSM", "说明"]
    text = "\n".join(str(v) for row in rows["OGSM"] for v in row if v is not None)
    for block in ("目的 Objective", "目标值 Goals", "策略 Strategies", "衡量指标 Measures"):
        assert block in text
    assert headers(fresh / "ogsm.xlsx", "OGSM", 8)[:5] == ["序号", "目标值名称", "数值", "单位", "完成日期"]
    assert headers(fresh / "ogsm.xlsx", "OGSM", 15)[:4] == ["策略编号", "策略", "4P", "衡量指标"]
    ws = load_workbook(fresh / "ogsm.xlsx")["OGSM"]
    lists = " ".join(dv.formula1 for dv in ws.data_validations.dataValidation)
    assert all(plan.pillar_label(p) in lists for p in plan.PILLARS)


def test_jbp_template_has_a_cover_and_the_six_parts(fresh):
    wb = load_workbook(fresh / "jbp.xlsx")
    assert wb.sheetnames == ["封面", *[jbp.part_title(k) for k in jbp.PARTS]]
    for key in jbp.PARTS:
        ws = wb[jbp.part_title(key)]
        assert [c.value for c in ws[3]][:4] == ["关键指标", "数值", "单位", "说明"]
        labels = [ws.cell(row=4 + n, column=1).value for n in range(len(jbp.KEY_INDICATORS[key]))]
        assert labels == [jbp.indicator_label(i) for i in jbp.KEY_INDICATORS[key]]
    plan_rows = cells(fresh / "jbp.xlsx")[jbp.part_title("cooperation")]
    header = next(r for r in plan_rows if r and r[0] == "活动")
    assert header[:6] == ("活动", "活动类型", "负责人", "开始日期", "结束日期", "费用（元）")
    assert "预期 ROI（仅内部版）" in header


def test_action_plan_has_action_owner_dates_and_measure(fresh):
    got = headers(fresh / "action_plan.xlsx", "行动计划")
    assert got == list(templates.ACTION_COLUMNS)
    for needed in ("行动", "负责人", "完成日期", "衡量指标"):
        assert any(h.startswith(needed) for h in got)
    assert load_workbook(fresh / "action_plan.xlsx").sheetnames == ["行动计划", "说明"]


def test_build_leaves_the_session_language_alone(tmp_path):
    from kit import i18n

    i18n.set_lang("en")
    try:
        templates.build(tmp_path)
        assert i18n.get_lang() == "en"
        assert load_workbook(tmp_path / "jbp.xlsx").sheetnames[1].startswith("一、")  # Chinese
    finally:
        i18n.set_lang("zh")


def test_example_values_are_plain_cells():
    for sheet in templates.DATA_SHEETS:
        for c in sheet.columns:
            assert isinstance(c.example, (str, int, float, date, datetime)), (sheet.name, c.header)
    assert isinstance(templates.data_request(), Workbook)


def test_debate_scoring_has_the_format_and_a_sheet_per_module(fresh):
    wb = load_workbook(fresh / "debate_scoring.xlsx")
    assert wb.sheetnames == ["说明", "模块一", "模块二", "模块三"]
    format_text = "\n".join(str(r[0]) for r in cells(fresh / "debate_scoring.xlsx")["说明"])
    for part in ("分组", "角色", "时间", "规则", "评分"):
        assert f"{part}：" in format_text
    # 7 + 5 + 3 + 3 + 2 = 20 minutes a group; the short format 6 + 4 + 3 + 2 = 15.
    assert "每组 20 分钟：陈述 7 分钟 → 质询 5 分钟" in format_text
    assert "每组 15 分钟：陈述 6 分钟 → 质询 4 分钟 → 答辩 3 分钟 → 评分 2 分钟" in format_text
    for rnd in templates.DEBATE_ROUNDS:
        ws = wb[rnd.sheet]
        assert [c.value for c in ws[4]][:4] == ["评分项", "看什么", "权重", "第 1 组"]
        first, last = templates.SCORE_START, templates.SCORE_START + len(rnd.criteria) - 1
        assert [ws.cell(row=r, column=1).value for r in range(first, last + 1)] == [
            c.name for c in rnd.criteria]
        assert ws.cell(row=last + 1, column=4).value == templates.score_formula("D", first, last)
        scale = ws.data_validations.dataValidation[0]
        assert (scale.type, scale.formula1, scale.formula2) == ("whole", "1", "5")


def test_each_module_weights_add_up_to_100_percent():
    for rnd in templates.DEBATE_ROUNDS:
        assert sum(c.weight for c in rnd.criteria) == pytest.approx(1.0), rnd.sheet
        assert all(0 < c.weight < 1 for c in rnd.criteria)


def test_score_formula_is_the_weighted_share_of_the_top_score():
    # Σ weight × score ÷ 5 × 100: all 5s give 100, all 1s give 20, blank until all are scored.
    assert templates.score_formula("E", 5, 9) == (
        '=IF(COUNT(E5:E9)<ROWS(E5:E9),"",ROUND(SUMPRODUCT($C$5:$C$9,E5:E9)/5*100,1))')


def test_the_course_map_shows_the_same_scoring_items_and_weights():
    page = (BOOK / "course_map.md").read_text(encoding="utf-8")
    assert "每组 20 分钟——陈述 7 分钟，质询 5 分钟" in page
    assert "15 分钟的短格式：陈述 6 分钟、质询 4 分钟、答辩 3 分钟、评分 2 分钟" in page
    for rnd in templates.DEBATE_ROUNDS:
        for c in rnd.criteria:
            assert f"{c.name}（{c.weight:.0%}）" in page, (rnd.sheet, c.name)


# ---------------------------------------------------------------- the key-account template

@pytest.mark.parametrize("sheet", templates.PEOPLE_SHEETS, ids=lambda s: s.table)
def test_each_people_sheet_loads_its_example_row(fresh, sheet):
    path = fresh / "key_accounts.xlsx"
    assert headers(path, sheet.name) == [c.header for c in sheet.columns]
    result = load(path, sheet.table)  # the loader finds the sheet by its headers
    assert result.report.sheet == sheet.name and not result.report.problems
    assert {c.canonical for c in sheet.columns} <= set(result.data.columns)
    assert len(result.data) == 1


def test_the_fixed_words_are_drop_down_lists_of_the_schemas_words(fresh):
    from kit import schema

    wb = load_workbook(fresh / "key_accounts.xlsx")
    for sheet in templates.PEOPLE_SHEETS:
        ws = wb[sheet.name]
        lists = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
        for col, column in enumerate(sheet.columns, 1):
            where = (sheet.table, column.canonical)
            cell = f"{chr(64 + col)}2"
            if where in schema.VOCABULARIES:
                words = [w[0] for w in schema.VOCABULARIES[where].values()]
                assert lists[cell].formula1 == '"' + ",".join(words) + '"', (sheet.name, cell)
            elif where in schema.RANGES:
                assert (lists[cell].type, lists[cell].formula1, lists[cell].formula2) == (
                    "whole", "1", "5")
    assert wb.sheetnames == ["说明", "关键人物表", "拜访记录", "客户扫街日报", "周总结", "竞品清单", "拜访准备"]


def test_a_bad_row_in_the_key_person_sheet_is_named_by_sheet_row_and_column(fresh, tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_bytes((fresh / "key_accounts.xlsx").read_bytes())
    fill(path, "关键人物表", [["D04", "", "彭涛", "销售经理", "销售部", "老板", "中立", 3, "认识"]])
    result = load(path, "contacts", errors="report")
    (problem,) = result.report.problems
    assert (problem.sheet, problem.row, problem.letter, problem.column, problem.value) == (
        "关键人物表", 3, "F", "角色", "老板")
    assert len(result.data) == 1  # the example row still loads


def test_the_visit_sheet_lists_the_preparation_and_the_seven_steps(fresh):
    from kit.accounts import people

    rows = cells(fresh / "key_accounts.xlsx")["拜访准备"]
    first = [r[0] for r in rows if r and r[0]]
    for question in people.visit_preparation("zh"):
        assert question in first
    assert [f"{n}. {s}" for n, s in enumerate(people.visit_steps("zh"), 1)] == [
        v for v in first if v[:2] in {f"{n}." for n in range(1, 8)}]
