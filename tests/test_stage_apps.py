"""The no-code apps in a kernel: the data picker (path, upload, column mapping)
and each stage's app built from a trainee file, exports included."""

import json
import os
from datetime import datetime, timezone

import pytest

from kit import app as kit_app
from kit import record
from kit.widgets.data_picker import DataPicker, t
from kit.widgets.stage_apps import download_link, stage_app

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAINEE = os.path.join(ROOT, "datasets", "trainees", "张伟_华东区.xlsx")

# What each stage's app shows for a sales-only file (张伟's: no ledger, activities,
# outlets or pipeline): its tabs, and the questions its workshop asks that sales
# alone can answer.
TABS = {
    1: ["复盘", "UIA 卡片", "WCC-DAR 报告", "导出"],
    2: ["5 个核心问题", "目标设定", "SWOT", "OGSM", "五维分解", "练习", "导出"],
    3: ["客户与数据", "合作计划", "准备清单", "练习", "组装与导出", "卖入会准备"],  # no ledger
    4: ["渗透率", "空白点与目标名单", "增长情景", "大客户组合", "练习", "导出", "我的年度生意计划"],
}
QUESTIONS = {
    1: ["review.top_contributor", "review.price_effect", "review.a_class", "review.yoy",
        "review.mat", "review.uia", "review.wccdar"],
    2: ["goals.gap", "goals.largest", "goals.peak_month", "goals.swot", "goals.ogsm"],
    # stuffing, ROI, cash cycle need the ledger and the activities
    3: ["jbp.sell_in_yoy", "jbp.target_growth", "jbp.cooperation", "jbp.sell_in_meeting"],
    4: ["pen.total", "pen.lost", "pen.scenario"],  # no outlets, no pipeline
}
# Written deliverables are checked in their own tab (the SWOT, the OGSM, the sell-in meeting…).
ELSEWHERE = {"goals.swot", "goals.ogsm", "jbp.cooperation", "jbp.sell_in_meeting"}




@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


def test_picker_explains_a_missing_choice_and_a_missing_file():
    loaded = []
    picker = DataPicker(lambda result, name: loaded.append(name))
    assert picker.load() is None and picker.message.value == t("no_file")
    picker.path.value = "/no/such/file.xlsx"
    assert picker.load() is None and "/no/such/file.xlsx" in picker.message.value
    assert loaded == []


def test_picker_saves_an_upload_then_loads_the_copy(workdir_env, story_check):
    loaded = []
    picker = DataPicker(lambda result, name: loaded.append((len(result.data), name)))
    picker.trainee.value = "张伟"
    content = open(TRAINEE, "rb").read()
    for _ in range(2):
        picker.upload.value = ({"name": "张伟_华东区.xlsx", "type": "", "size": len(content),
                                "content": memoryview(content), "last_modified": datetime.now(timezone.utc)},)
        picker.load()
    uploads = sorted(p.name for p in (workdir_env / "张伟" / "uploads").iterdir())
    # A second upload of the same name never replaces the first.
    assert uploads == ["张伟_华东区 (2).xlsx", "张伟_华东区.xlsx"]
    assert (workdir_env / "张伟" / "uploads" / "张伟_华东区.xlsx").read_bytes() == content
    # Both loads hold every data row of the file (story_check: 1,854; no bad rows).
    rows = story_check.trainee_file("张伟_华东区.xlsx")["good_rows"]
    assert loaded == [(rows, "张伟"), (rows, "张伟")]


def test_picker_lets_the_trainee_map_an_unrecognised_column(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text("月份,客户编码,产品编码,数量,开票额\n2025-01,C1,A,10,100\n2025-02,C1,A,12,120\n",
                    encoding="utf-8")
    loaded = []
    picker = DataPicker(lambda result, name: loaded.append(result))
    picker.path.value = str(path)
    assert picker.load() is None  # no net sales column: explained, not raised
    assert "net_sales" in picker.message.value or "销售额" in picker.message.value
    choice = next(w for w in picker.columns.children if getattr(w, "description", "") == "开票额")
    choice.value = "net_sales"
    picker.columns.children[-1].click()  # load again
    assert loaded and loaded[0].data["net_sales"].sum() == 220  # 100 + 120


@pytest.mark.parametrize("stage", [1, 2, 3, 4])
def test_each_stage_app_builds_from_a_trainee_file_and_exports(stage, workdir_env, monkeypatch):
    monkeypatch.setattr(record, "_recorded", {})  # this app's records only
    app = stage_app(stage, data=TRAINEE, trainee="张伟")
    assert app.body.children == ()
    app.picker.load()
    tabs = app.body.children[0]
    titles = [tabs.get_title(i) for i in range(len(tabs.children))]
    assert titles == TABS[stage]
    # Each question is recorded (unanswered) as its form is built.
    asked = {name for name in record.recorded() if name.startswith("exercise/")}
    assert asked == {f"exercise/{q}" for q in QUESTIONS[stage]}
    if stage > 1:  # stage 1's exercises are a tab of the review app itself
        checks = tabs.children[titles.index("练习")].children
        assert len(checks) == len(set(QUESTIONS[stage]) - ELSEWHERE)  # a form and a check button each
    if stage in (1, 2, 4):
        panel = tabs.children[titles.index("导出")]
        panel.children[0].click()
        written = sorted(p.suffix for p in (workdir_env / "张伟").iterdir() if p.suffix != ".json")
        # Every plan in the four formats (chromium prints the PDF), each offered as a download.
        assert written == [".html", ".pdf", ".pptx", ".xlsx"]
        assert panel.children[1].value.count('download="') == 4
    else:
        builder = tabs.children[titles.index("组装与导出")]
        export = [c for c in builder.children if getattr(c, "icon", "") == "download"]
        export[0].click()
        names = [p.name for p in (workdir_env / "张伟").iterdir()]
        assert any("客户版" in n for n in names) and any("内部版" in n for n in names)
    if stage == 1:
        assert {"UIA 卡片", "WCC-DAR 报告"} <= set(titles)
    if stage == 3:
        assert "卖入会准备" in titles
    if stage == 4:  # day 6: the annual plan from what the earlier stages saved
        annual = tabs.children[titles.index("我的年度生意计划")]
        annual.children[-1].children[0].click()
        names = [p.name for p in (workdir_env / "张伟").iterdir()]
        assert "我的年度生意计划.xlsx" in names and "我的年度生意计划.html" in names
        assert 'download="' in annual.children[-1].children[1].value


def test_the_capstone_app_has_the_five_steps_and_the_annual_plan(workdir_env):
    app = stage_app(6, data=TRAINEE, trainee="张伟")
    app.picker.load()
    tabs = app.body.children[0]
    titles = [tabs.get_title(i) for i in range(len(tabs.children))]
    assert titles == ["KBD、筛选与行动计划", "我的年度生意计划"]


def test_unknown_stage_is_explained():
    with pytest.raises(ValueError, match="没有阶段 9 的应用"):
        stage_app(9)


def test_download_link_carries_the_file(tmp_path):
    path = tmp_path / "计划.xlsx"
    path.write_bytes(b"abc")
    link = download_link(path)
    assert 'download="计划.xlsx"' in link and "base64,YWJj" in link  # b"abc" in base64


def test_app_notebook_and_voila_command(tmp_path):
    nb = kit_app.app_notebook(2, data="datasets/abc/sales.csv.gz", trainee="张伟", lang="en",
                              extras={"outlets": "datasets/abc/outlets.csv", "customer": "D05"})
    source = nb.cells[0].source
    assert "stage_app(2," in source and "kit.set_lang('en')" in source
    assert os.path.join(ROOT, "datasets", "abc", "outlets.csv") in source and "'customer': 'D05'" in source
    command = kit_app.voila_command(tmp_path / "stage_2.ipynb", 8899)
    assert "--Voila.ip=127.0.0.1" in command and "--port=8899" in command
    assert "--strip_sources=True" in command and "--template=kit" in command
    # kit's template (Voila's "lab" page without CDN stylesheets) is found through JUPYTER_PATH.
    env = kit_app.voila_env({"JUPYTER_PATH": "/elsewhere"})
    assert env["JUPYTER_PATH"] == os.pathsep.join([str(kit_app.TEMPLATE_ROOT), "/elsewhere"])
    template = kit_app.TEMPLATE_ROOT / "voila" / "templates" / "kit"
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
