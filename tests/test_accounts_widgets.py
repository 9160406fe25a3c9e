"""Stage-5 widgets in a kernel: an edit of the key-person table is checked, autosaved,
comes back after a restart and redraws the board (health and alerts as kit.accounts
computes them for the edited people); the stage gate refuses a move without its key
node; the stage-5 app builds from 赵敏's workbook and from a sales-only file, and
exports the account plan in two versions."""

from pathlib import Path

import ipywidgets
import openpyxl
import pandas as pd
import pytest

from kit import accounts
from kit.widgets.accounts_app import (
    AccountBoard,
    KeyPersonEditor,
    StageGateApp,
    load_people,
)
from kit.widgets.stage_apps import stage_app

ROOT = Path(__file__).resolve().parents[1]
ZHAOMIN = ROOT / "datasets" / "trainees" / "赵敏_ABC零售.xlsx"
SALES_ONLY = ROOT / "datasets" / "trainees" / "刘洋_华北区.csv"

periods = pd.period_range("2024-01", "2025-12", freq="M")
SALES = pd.DataFrame({
    "period": list(periods) * 2, "customer_id": ["A"] * 24 + ["B"] * 24, "sku": "x",
    "units": 1.0, "net_sales": [100.0] * 12 + [110.0] * 12 + [50.0] * 12 + [40.0] * 12})
PEOPLE = pd.DataFrame({
    "customer_id": ["A", "A"], "name": ["王总", "李经理"], "role": ["decision_maker", "coach"],
    "attitude": ["supporter", "supporter"], "influence": [5.0, 3.0], "stage": ["trust", "ally"],
    "last_contact": pd.to_datetime(["2025-12-20", "2025-12-01"])})


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


def test_edits_are_checked_saved_and_restored():
    editor = KeyPersonEditor(PEOPLE, source="f.xlsx", trainee="甲")
    assert list(editor.grid.data["角色"]) == ["决策者", "教练"]
    assert not editor.edit(0, "role", "老板")  # not a role
    assert "决策者、审批者、影响者、使用者、技术把关者、教练" in editor.message.value
    assert not editor.edit(1, "influence", "6")
    assert not editor.edit(1, "last_contact", "2025-13-01")
    assert editor.edit(1, "attitude", "opponent")  # English words are taken too
    assert editor.edit(1, "stage", "认识")
    editor.add_row()
    assert editor.edit(2, "name", "新人") and editor.edit(2, "role", "影响者")
    frame = editor.contacts
    assert list(frame["attitude"].fillna("-")) == ["supporter", "opponent", "-"]
    assert frame.loc[2, "customer_id"] == "A" and frame.loc[2, "role"] == "influencer"
    again = KeyPersonEditor(PEOPLE, source="f.xlsx", trainee="甲")  # after a restart
    assert list(again.contacts["name"]) == ["王总", "李经理", "新人"]
    assert "已恢复" in again.message.value
    other = KeyPersonEditor(PEOPLE, source="另一个文件.xlsx", trainee="甲")
    assert list(other.contacts["name"]) == ["王总", "李经理"]  # another file: not restored
    again.delete_row(2)
    assert len(KeyPersonEditor(PEOPLE, source="f.xlsx", trainee="甲").contacts) == 2


def test_an_edit_redraws_the_board_with_the_kits_numbers():
    result = accounts.workshop.review(SALES, contacts=PEOPLE, as_of="2025-12-31")
    board = AccountBoard(result, sales=SALES, contacts=PEOPLE)
    editor = KeyPersonEditor(PEOPLE, trainee="甲", on_change=board.set_contacts)
    assert board.account.value == "A"
    # A: DM trust ¾ and coach ally 1: coverage 100 × (0.3 × 0.75 + 0.2 × 1) = 42.5
    assert board.result.coverage.loc["A", "coverage"] == pytest.approx(42.5)
    editor.edit(1, "attitude", "反对")  # the coach turns against us: no longer covers
    assert board.result.coverage.loc["A", "coverage"] == pytest.approx(22.5)
    expected = accounts.workshop.review(SALES, contacts=editor.contacts, as_of="2025-12-31")
    assert board.result.scored.loc["A", "score"] == pytest.approx(
        expected.scored.loc["A", "score"])
    assert isinstance(board.map.children[0], ipywidgets.Image)  # the relationship map, redrawn
    assert "健康度" in board.health.value and "权重：价值 25%" in board.health.value
    editor.edit(0, "left_on", "2025-06-30")  # the DM left: nobody covers A any more
    assert "single_threaded" in set(board.result.alerts["rule"])


def test_the_stage_gate_refuses_a_move_without_its_node_and_keeps_the_state():
    opps = pd.DataFrame({"opportunity_id": ["O1"], "opportunity_name": ["集采"],
                         "stage": ["提案"]})
    gate = StageGateApp(opps, trainee="甲")
    assert not gate.move()
    assert "先完成“提案”的关键节点——有效的客户关系推进" in gate.message.value
    gate.node.value = True
    assert gate.move() and gate.current.stage == "tender"
    assert not gate.node.value  # the new stage's node is not met yet
    again = StageGateApp(opps, trainee="甲")
    assert again.current.stage == "tender" and "proposal" in again.current.nodes
    assert again.move(back=True) and again.current.stage == "proposal"


def test_people_tables_come_from_the_trainees_workbook_or_not_at_all():
    found = load_people(str(ZHAOMIN))
    assert len(found.get("contacts")) == 12  # one row refused: its role is not a role
    assert found.reports["contacts"].rejected_rows == [10]
    assert found.reports["contacts"].sheet == "关键人物表" and len(found.notes) == 3
    none = load_people(str(SALES_ONLY))
    assert none.tables == {"contacts": None, "interactions": None, "development_log": None}


def test_the_stage5_app_from_zhaomins_workbook_exports_both_versions(workdir_env):
    app = stage_app(5, data=str(ZHAOMIN), trainee="赵敏")
    app.picker.load()
    tabs = app.body.children[0]
    titles = [tabs.get_title(i) for i in range(len(tabs.children))]
    assert titles == ["关键人物表", "关系图与客户画像", "健康度", "风险预警", "关系维护", "客户开发",
                      "练习", "导出"]
    assert len(tabs.editor.contacts) == 12 and tabs.board.account.value == "ABC"
    assert len(tabs.children[titles.index("练习")].children) >= 3
    panel = tabs.children[-1]
    panel.children[0].click()
    # Both versions in the four formats, each offered as a download.
    written = sorted(p.name for p in (workdir_env / "赵敏").iterdir() if p.suffix != ".json")
    assert written == sorted(f"大客户关系计划_ABC_{version}.{kind}" for version in ("内部版", "客户版")
                             for kind in ("xlsx", "html", "pdf", "pptx"))
    assert panel.children[1].value.count('download="') == 8
    names = ["大客户关系计划_ABC_内部版.xlsx", "大客户关系计划_ABC_客户版.xlsx"]
    customer = openpyxl.load_workbook(workdir_env / "赵敏" / names[1])
    text = " ".join(str(c.value) for ws in customer for row in ws.iter_rows() for c in row
                    if c.value is not None)
    # Nothing of our reading of the people reaches the customer version.
    for word in ("态度", "影响力", "教练", "反对", "健康度", "风险预警", "对提价不满"):
        assert word not in text
    assert "吴敏" in text and "采购总监" in text  # who we meet, and when, is shared
    internal = openpyxl.load_workbook(workdir_env / "赵敏" / names[0])
    assert "对提价不满" in " ".join(str(c.value) for ws in internal for row in ws.iter_rows()
                                    for c in row if c.value is not None)


def test_the_stage5_app_from_sales_only_explains_what_is_missing():
    app = stage_app(5, data=str(SALES_ONLY), trainee="刘洋")
    app.picker.load()
    tabs = app.body.children[0]
    notes = tabs.children[0].children[0].value
    assert "没有关键人物表" in notes and "没有扫街日报" in notes
    assert "客户开发" not in [tabs.get_title(i) for i in range(len(tabs.children))]
    assert "D04" in tabs.board.health.value
