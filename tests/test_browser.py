"""The kit in a real browser (Debian chromium via Playwright): each stage's
no-code Voila app, the workshop notebooks in JupyterLab, and the built book.
Numbers on screen are compared with the kit's functions; exports must appear."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from kit import app as kit_app
from kit import goals, review
from kit.data import load

ROOT = Path(__file__).resolve().parents[1]
TRAINEES = ROOT / "datasets" / "trainees"
LIU = TRAINEES / "刘洋_华北区.csv"  # has a channel column: the review app can switch to it


# ------------------------------------------------------------------ Voila


def voila(start_server, port, stage: int, tmp_path: Path, **kwargs):
    notebook = kit_app.write_app(stage, folder=tmp_path / "app", **kwargs)
    port = port()
    url = f"http://127.0.0.1:{port}/"
    return start_server(kit_app.voila_command(notebook, port), url,
                        env=kit_app.voila_env({**os.environ, "KIT_WORKDIR": str(tmp_path / "work")})), url


def open_app(browser, url: str, upload: Path | None = None):
    """Open an app and load the data: the preset path, or `upload` through the upload button.

    Requests leaving 127.0.0.1 are blocked, as in a classroom without internet,
    and reported as errors: the app must not need them."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def offline(route):
        if route.request.url.startswith(url):
            route.continue_()
        else:
            errors.append(f"request outside the app: {route.request.url}")
            route.abort()

    page.route("**/*", offline)
    page.goto(url, timeout=120_000)
    page.wait_for_selector("text=第一步", timeout=180_000)
    if upload is not None:
        with page.expect_file_chooser() as chooser:
            page.locator(".widget-upload").click()
        chooser.value.set_files(str(upload))
        page.wait_for_selector(".widget-upload:has-text('(1)')", timeout=60_000)
    page.get_by_role("button", name="载入").click()
    page.wait_for_selector(".lm-TabBar-tab, .p-TabBar-tab", timeout=180_000)
    return page, errors


def wait_for_file(folder: Path, pattern: str, timeout: float = 60) -> list[Path]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = sorted(folder.glob(pattern)) if folder.exists() else []
        if found:
            return found
        time.sleep(0.5)
    return []


def test_voila_stage_1_upload_and_review_app(browser, tmp_path, start_server, port):
    context, url = voila(start_server, port, 1, tmp_path, trainee="刘洋")
    with context:
        page, errors = open_app(browser, url, upload=LIU)
        # The upload was kept, byte for byte, in the trainee's work folder.
        kept = tmp_path / "work" / "刘洋" / "uploads" / LIU.name
        assert kept.read_bytes() == LIU.read_bytes()
        page.get_by_label("维度").select_option(label="渠道")
        sales = load(LIU, errors="report").data
        window = review.Window("ytd", sales["period"].max())
        card = review.scorecard(sales, "channel", window)
        table = page.locator("table.kit-scorecard").first
        for channel, row in card.iterrows():
            table.locator(f"th:text-is('{channel}')").wait_for(timeout=60_000)
            assert f"{row['actual']:,.0f}" in table.inner_text()
        page.get_by_role("tab", name="导出").click()
        page.get_by_role("button", name="导出复盘报告（Excel、HTML、PPT、PDF）").click()
        page.wait_for_selector("text=下载 复盘报告.pptx", timeout=120_000)
        assert wait_for_file(tmp_path / "work" / "刘洋", "复盘报告.*")
        assert not errors


def test_voila_stage_2_sliders_grid_and_export(browser, tmp_path, start_server, port):
    data = ROOT / "datasets" / "abc" / "sales.csv.gz"
    context, url = voila(start_server, port, 2, tmp_path, data=str(data), trainee="ABC")
    with context:
        page, errors = open_app(browser, url)
        page.get_by_role("tab", name="目标设定").click()
        slider = page.locator(".widget-slider", has_text="目标市场份额").locator(".noUi-handle")
        slider.focus()
        slider.press("ArrowRight")  # one step: 11.0 % -> 11.5 %
        sales = load(data).data
        start = goals.starting_point(sales)
        setting = goals.set_targets(start, goals.Ambition(0.05, 0.10, 0.115), goals.Drivers())
        page.wait_for_selector(f"text={setting.top_down:,.0f}", timeout=60_000)
        work = tmp_path / "work" / "ABC"
        # Autosaves are the codec's envelope: {"kit_format": 2, "type": ..., "data": ...}.
        saved = json.loads((work / "goals_targets.json").read_text(encoding="utf-8"))["data"]
        assert saved["ambition"]["share_ambition"] == pytest.approx(0.115)

        page.get_by_role("tab", name="五维分解").click()
        viewport = page.locator(".lm-DataGrid-viewport").first
        viewport.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # the canvas paints after the widget appears
        # The grid: a row-header column (segment, ~64 px) then 140 px columns; the target
        # column is the second. Double-click the first row's target, type, Enter.
        box = viewport.bounding_box()
        page.mouse.dblclick(box["x"] + 64 + 140 + 70, box["y"] + 20 + 10)
        page.keyboard.press("Control+A")
        page.keyboard.type("45000000")
        page.keyboard.press("Enter")
        split_file = work / "goals_split.json"
        deadline, locks = time.time() + 60, []
        while time.time() < deadline and not locks:
            locks = json.loads(split_file.read_text(encoding="utf-8"))["data"].get("locks", [])
            time.sleep(0.5)
        # The kernel got the edit: the first region is locked at the typed value.
        assert locks == [[["全国"], 45_000_000.0]]

        page.get_by_role("tab", name="导出").click()
        page.get_by_role("button", name="导出“我的业务目标计划”（Excel、HTML、PPT、PDF）").click()
        page.wait_for_selector("text=下载 我的业务目标计划.xlsx", timeout=120_000)
        assert wait_for_file(work, "我的业务目标计划.xlsx")
        assert not errors


def test_voila_stage_3_jbp_builder_exports_both_versions(browser, tmp_path, start_server, port):
    case = ROOT / "datasets" / "abc"
    context, url = voila(start_server, port, 3, tmp_path, data=str(case / "sales.csv.gz"), trainee="ABC",
                         extras={"distributor_ledger": str(case / "distributor_ledger.csv"),
                                 "activities": str(case / "activities.csv"), "customer": "D05"})
    with context:
        page, errors = open_app(browser, url)
        page.get_by_role("tab", name="组装与导出").click()
        page.get_by_role("button", name="客户版").click()
        page.get_by_role("button", name="导出", exact=False).last.click()
        assert wait_for_file(tmp_path / "work" / "ABC", "*客户版*.xlsx", timeout=120)
        assert wait_for_file(tmp_path / "work" / "ABC", "*内部版*.xlsx", timeout=60)
        assert not errors


def test_voila_stage_4_whitespace_click_lists_outlets_and_exports(browser, tmp_path, start_server, port):
    from kit import penetration

    case = ROOT / "datasets" / "abc"
    context, url = voila(start_server, port, 4, tmp_path, data=str(case / "sales.csv.gz"), trainee="ABC",
                         extras={"outlets": str(case / "outlets.csv"),
                                 "opportunities": str(case / "opportunities.csv")})
    with context:
        page, errors = open_app(browser, url)
        page.get_by_role("tab", name="空白点与目标名单").click()
        sales = load(case / "sales.csv.gz").data
        outlets = load(case / "outlets.csv", "outlets").data
        basis = penetration.basis(sales, outlets)
        current = basis.window(12, None)
        product = penetration.product_column(sales)
        ws = penetration.whitespace(basis.rows, basis.universe, current, product=product,
                                    by=basis.whitespace_by, flow=None)
        listed = penetration.cell_outlets(ws, "餐饮", "调味品", by=basis.whitespace_by)
        page.locator("button[title*='餐饮'][title*='调味品']").first.click()
        first = str(listed.iloc[0]["outlet_id"])  # the largest gap is listed first
        page.wait_for_selector(f"text={first}", timeout=60_000)
        page.get_by_role("tab", name="导出").click()
        page.get_by_role("button", name="导出客户渗透目标名单（Excel、HTML、PPT、PDF）").click()
        # Four formats of a 4,976-outlet list: the PDF alone prints for about 40 s.
        page.wait_for_selector("text=下载 客户渗透目标名单.xlsx", timeout=300_000)
        assert wait_for_file(tmp_path / "work" / "ABC", "客户渗透目标名单.xlsx")
        assert not errors


# ------------------------------------------------------------------ JupyterLab


@pytest.fixture(scope="module")
def lab(tmp_path_factory, start_server, port):
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "workshops", root / "workshops")
    shutil.copytree(ROOT / "datasets", root / "datasets", ignore=shutil.ignore_patterns("*.py"))
    settings = root / "settings" / "@jupyterlab"
    for extension, name, values in (
            ("apputils-extension", "notification", {"fetchNews": "false", "checkForUpdates": False}),
            # Render every cell: with windowing, cells scrolled out of view are not in the page.
            ("notebook-extension", "tracker", {"windowingMode": "none"})):
        (settings / extension).mkdir(parents=True, exist_ok=True)
        (settings / extension / f"{name}.jupyterlab-settings").write_text(json.dumps(values),
                                                                          encoding="utf-8")
    port, token = port(), "kit-browser-test"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True"]
    url = f"http://127.0.0.1:{port}"
    with start_server(command, f"{url}/api?token={token}",
                env={"JUPYTERLAB_SETTINGS_DIR": str(root / "settings"), "KIT_WORKDIR": str(root / "work")}):
        yield url, token, root


IDLE = """() => [...document.querySelectorAll('.jp-StatusBar-Widget')]
    .some(w => w.innerText.includes('| Idle'))"""


def run_all(browser, lab, notebook: str):
    url, token, _ = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # A workspace of its own: only this notebook open, whatever the earlier tests opened.
    workspace = notebook.split(".")[0]
    page.goto(f"{url}/lab/workspaces/{workspace}/tree/workshops/{notebook}?reset&token={token}",
              timeout=120_000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
    page.wait_for_function(IDLE, timeout=120_000)  # the kernel is up
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    deadline = time.time() + 300
    while time.time() < deadline:
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        if prompts and all(p.strip() not in ("[ ]:", "[*]:") for p in prompts):
            break
        time.sleep(1)
    page.screenshot(path=str(Path(lab[2]) / f"{notebook}.png"), full_page=False)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count()
    return page, errors


def test_lab_runs_the_goal_setting_notebook_and_its_widgets_respond(browser, lab):
    page, errors = run_all(browser, lab, "02_goal_setting.ipynb")
    assert errors == 0
    assert page.locator(".jp-OutputArea-output :text('Traceback')").count() == 0
    _, _, root = lab
    assert wait_for_file(root / "work" / "ABC 案例", "我的业务目标计划.xlsx", timeout=60)
    slider = page.locator(".widget-slider", has_text="市场增长率").locator(".noUi-handle").first
    slider.scroll_into_view_if_needed()
    slider.focus()
    slider.press("ArrowRight")  # 5.0 % -> 5.5 %
    case = load(ROOT / "datasets" / "abc" / "sales.csv.gz").data
    outlets = load(ROOT / "datasets" / "abc" / "outlets.csv", "outlets").data
    setting = goals.set_targets(goals.starting_point(case, outlets), goals.Ambition(0.055, 0.10, 0.11),
                                goals.Drivers())
    page.wait_for_selector(f"text={setting.top_down:,.0f}", timeout=60_000)


def test_lab_runs_the_review_notebook_and_the_app_drills_down(browser, lab):
    page, errors = run_all(browser, lab, "01_business_review.ipynb")
    assert errors == 0
    _, _, root = lab
    assert wait_for_file(root / "work" / "ABC 案例", "复盘报告.xlsx", timeout=60)
    dimension = page.get_by_label("维度").last
    dimension.scroll_into_view_if_needed()
    dimension.select_option(label="品类")
    case = load(ROOT / "datasets" / "abc" / "sales.csv.gz").data
    targets = load(ROOT / "datasets" / "abc" / "targets.csv", "targets").data
    card = review.scorecard(case, "category", review.Window("ytd", "2025-12"), targets=targets)
    first = card.index[0]
    page.wait_for_selector(f"table.kit-scorecard th:text-is('{first}')", timeout=60_000)
    assert f"{card.loc[first, 'actual']:,.0f}" in page.locator("table.kit-scorecard").last.inner_text()


# ------------------------------------------------------------------ the book


@pytest.fixture(scope="module")
def book_server(built_book, start_server, port):
    html = built_book["student"]
    port = port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(html)]
    with start_server(command, f"http://127.0.0.1:{port}/index.html"):
        yield f"http://127.0.0.1:{port}"


TOFU_CHECK = """() => {
  const font = getComputedStyle(document.querySelector('main, body')).font;
  const draw = (text) => {
    const c = document.createElement('canvas'); c.width = 200; c.height = 60;
    const g = c.getContext('2d'); g.font = font; g.fillText(text, 5, 40);
    return c.toDataURL();
  };
  // A noncharacter always draws the missing-glyph box: Chinese must look different.
  return draw('大客户') !== draw('\\uFFFF\\uFFFF\\uFFFF');
}"""


@pytest.mark.parametrize("page_name", ["intro.html", "stage1_analysis_methods.html",
                                       "stage2_targets.html", "stage3_financials.html"])
def test_book_pages_render_offline_with_chinese_and_formulas(browser, book_server, page_name):
    page = browser.new_page()
    console, failed, outside = [], [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def route(r):
        if r.request.url.startswith(book_server):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(f"{book_server}/{page_name}", wait_until="networkidle")
    assert page.evaluate(TOFU_CHECK)
    if page.locator(".math").count():  # a formula on the page: MathJax must have typeset it
        page.wait_for_selector("mjx-container", timeout=30_000)
        assert page.locator("mjx-container").count() >= page.locator(".math").count()
    assert not outside and not failed and not console


def test_lab_runs_the_jbp_notebook_and_the_builder_exports_again(browser, lab):
    page, errors = run_all(browser, lab, "03_jbp_design.ipynb")
    assert errors == 0
    _, _, root = lab
    folder = root / "work" / "ABC 案例"
    assert wait_for_file(folder, "*客户版.xlsx", timeout=60)
    before = len(list(folder.glob("*客户版*.xlsx")))
    page.get_by_role("button", name="客户版").last.click()
    buttons = page.locator(".widget-button", has_text="导出")
    buttons.last.scroll_into_view_if_needed()
    buttons.last.click()
    deadline = time.time() + 120
    while time.time() < deadline and len(list(folder.glob("*客户版*.xlsx"))) == before:
        time.sleep(1)
    # A second export never replaces the first: a "(2)" file appears beside it.
    assert len(list(folder.glob("*客户版*.xlsx"))) == before + 1


def test_lab_runs_the_penetration_notebook_and_a_heatmap_click_lists_outlets(browser, lab):
    from kit import penetration

    page, errors = run_all(browser, lab, "04_customer_penetration.ipynb")
    assert errors == 0
    _, _, root = lab
    assert wait_for_file(root / "work" / "ABC 案例", "客户渗透目标名单*.xlsx", timeout=60)
    case = ROOT / "datasets" / "abc"
    sales = load(case / "sales.csv.gz").data
    basis = penetration.basis(sales, load(case / "outlets.csv", "outlets").data)
    current = basis.window(12, None)
    ws = penetration.whitespace(basis.rows, basis.universe, current,
                                product=penetration.product_column(sales), by=basis.whitespace_by,
                                flow=None)
    listed = penetration.cell_outlets(ws, "餐饮", "调味品", by=basis.whitespace_by)
    cell = page.locator("button[title*='餐饮'][title*='调味品']").first
    cell.scroll_into_view_if_needed()
    cell.click()
    page.wait_for_selector(f"text={listed.iloc[0]['outlet_id']}", timeout=60_000)
