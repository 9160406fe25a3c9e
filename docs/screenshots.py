"""Regenerate the screenshots of each stage's no-code app into docs/.

    .venv/bin/python docs/screenshots.py [--stages 1,2,3,4]

Serves each stage with Voila on 127.0.0.1 on the ABC case, loads the data as a
trainee would (the 载入 button), opens the stage's main tab in headless
chromium, and saves docs/app_stage<N>.png. Servers are stopped by the PID
started here.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from kit import app as kit_app

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "datasets" / "abc"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
# stage -> (extras, the tab to show)
SHOTS = {
    1: ({"targets": CASE / "targets.csv", "outlets": CASE / "outlets.csv"}, "复盘"),
    2: ({"outlets": CASE / "outlets.csv"}, "目标设定"),
    3: ({"distributor_ledger": CASE / "distributor_ledger.csv", "activities": CASE / "activities.csv",
         "targets": CASE / "targets.csv", "customer": "D05"}, "经销商损益情景"),
    4: ({"outlets": CASE / "outlets.csv", "opportunities": CASE / "opportunities.csv"}, "空白点与目标名单"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(browser, stage: int, folder: Path) -> Path:
    extras, tab = SHOTS[stage]
    notebook = kit_app.write_app(stage, folder=folder, data=str(CASE / "sales.csv.gz"), trainee="ABC 案例",
                                 extras={k: str(v) for k, v in extras.items()})
    port = free_port()
    proc = subprocess.Popen(kit_app.voila_command(notebook, port), start_new_session=True,
                            env=kit_app.voila_env({**os.environ, "KIT_WORKDIR": str(folder / "work")}),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.goto(url, timeout=180_000)
        page.wait_for_selector("text=第一步", timeout=180_000)
        page.get_by_role("button", name="载入").click()
        page.get_by_role("tab", name=tab).click(timeout=180_000)
        page.wait_for_timeout(3000)  # charts are PNGs sent after the tab opens
        # The load report is long: start the picture at the tabs.
        page.locator(".lm-TabBar, .p-TabBar").first.scroll_into_view_if_needed()
        target = ROOT / "docs" / f"app_stage{stage}.png"
        page.screenshot(path=str(target))
        page.close()
        return target
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", default="1,2,3,4")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for stage in (int(s) for s in args.stages.split(",")):
            print(shoot(browser, stage, Path(tmp) / f"stage{stage}"))
        browser.close()


if __name__ == "__main__":
    main()
