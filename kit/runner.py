"""Execute workshop notebooks with papermill (the trainer tooling builds on this)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import weakref
from pathlib import Path

import papermill
import papermill.engines
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

from kit import cases

WORKSHOPS = Path(__file__).resolve().parents[1] / "workshops"
TIMEOUT_VAR = "KIT_CELL_TIMEOUT"
# Seconds one cell may run: a stage's slowest cell takes a few seconds, so ten
# minutes means the cell is stuck (an endless loop, a dialog waiting for input).
DEFAULT_TIMEOUT = 600


def cell_timeout(timeout: float | None = None) -> float:
    """The per-cell time limit: `timeout`, else $KIT_CELL_TIMEOUT, else 600 s."""
    if timeout is not None:
        return timeout
    return float(os.environ.get(TIMEOUT_VAR) or DEFAULT_TIMEOUT)


class IpcKernelManager(AsyncKernelManager):
    """Kernels reached over local (IPC) sockets, not TCP ports: nothing listens on
    the network, and no kernel prints "Kernel is running over TCP without
    encryption" into the trainer's terminal. ``kernel_log``, when set, takes
    what the kernel process itself prints (its log, a crash), so the terminal
    shows only the run's progress and failures."""

    kernel_log: Path | None = None

    def __init__(self, **kwargs):
        # A short, private folder: socket paths are limited to about 100 bytes.
        sockets = tempfile.mkdtemp(prefix="kit-kernel-")
        super().__init__(transport="ipc", ip=os.path.join(sockets, "k"), **kwargs)
        weakref.finalize(self, shutil.rmtree, sockets, True)

    async def start_kernel(self, **kw):
        if self.kernel_log is None:
            return await super().start_kernel(**kw)
        self.kernel_log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.kernel_log, "ab") as log:  # the kernel keeps its own copy of the handle
            return await super().start_kernel(stdout=log, stderr=log, **kw)


# What a warm kernel imports once, before any notebook: the modules every stage's import
# cell asks for, so that cell then costs what a dictionary lookup costs.
WARM_UP = """
import matplotlib
matplotlib.use("module://matplotlib_inline.backend_inline")
import kit, kit.charts, kit.export, kit.questions, kit.widgets.stage_apps, kit.report
import kit.data, kit.review, kit.goals, kit.jbp, kit.penetration, kit.accounts
import papermill, ipywidgets, ipydatagrid, pptx, openpyxl
import os
# What the kernel set itself (JPY_PARENT_PID, MPLBACKEND …), kept across resets.
kit._warm_own_environ = {{k: v for k, v in os.environ.items() if k not in {parent_env!r}}}
"""
# Before each notebook: a fresh namespace and the kit as a new kernel has it, so nothing
# one trainee's run did reaches the next (tests/test_runner.py proves it).
RESET = """
get_ipython().reset(new_session=True, aggressive=False)
import os as _os, warnings as _warnings
_os.chdir({cwd!r})
import kit as _kit
_os.environ.clear(); _os.environ.update({{**{env!r}, **_kit._warm_own_environ}})
import matplotlib as _mpl, matplotlib.pyplot as _plt
_plt.close("all"); _mpl.rcdefaults(); _mpl.use("module://matplotlib_inline.backend_inline")
import kit.charts as _charts, kit.i18n as _i18n, ipywidgets as _widgets
_charts.setup(); _i18n.set_lang("zh"); _i18n.set_currency(None); _widgets.Widget.close_all()
_warnings.resetwarnings()
del _os, _warnings, _mpl, _plt, _charts, _i18n, _widgets, _kit
get_ipython().reset(new_session=True, aggressive=False)
"""


class WarmKernel:
    """One kernel started ahead with the kit imported, reused notebook after notebook,
    each in a fresh namespace. A kernel that died, timed out or failed a notebook is
    replaced (the next notebook then starts a new one), so a broken run never leaks
    into the next."""

    def __init__(self, log: Path | None = None):
        self.log = Path(log) if log else Path(tempfile.mkdtemp(prefix="kit-warm-")) / "kernel.log"
        self.km: IpcKernelManager | None = None
        self.runs = 0

    def _start(self) -> None:
        self.km = type("IpcKernelManager", (IpcKernelManager,), {"kernel_log": self.log})(
            kernel_name="python3")
        run_sync(self.km.start_kernel)(cwd=str(WORKSHOPS))
        self._run(WARM_UP.format(parent_env=sorted(os.environ)))

    def _run(self, code: str) -> None:
        client = self.km.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(code, timeout=120, store_history=False)
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"warm kernel: {reply['content'].get('evalue')}")

    def ready(self, cwd: Path) -> IpcKernelManager:
        """The kernel, alive and reset for a notebook run in ``cwd``."""
        if self.km is None or not run_sync(self.km.is_alive)():
            self.stop()
            self._start()
        # The environment a new kernel would inherit from this process now.
        self._run(RESET.format(cwd=str(cwd), env=dict(os.environ)))
        return self.km

    def discard(self) -> None:
        """After a failed notebook: the next one gets a new kernel."""
        self.stop()

    def stop(self) -> None:
        if self.km is not None:
            with contextlib.suppress(Exception):
                run_sync(self.km.shutdown_kernel)(now=True)
            self.km = None


def execute(notebook: Path, output: Path, parameters: dict, timeout: float | None = None,
            kernel_log: Path | None = None, warm: WarmKernel | None = None) -> Path:
    """Run one notebook into `output` (saved after each cell, so a failure keeps
    what ran); a cell running longer than :func:`cell_timeout` is stopped.
    `kernel_log`: where the kernel process's own output goes (default: inherited).
    `warm`: a :class:`WarmKernel` to run in (its kernel's output during this notebook is
    copied to `kernel_log`); without it a new kernel is started."""
    output.parent.mkdir(parents=True, exist_ok=True)
    options = dict(parameters=parameters, cwd=str(notebook.parent), progress_bar=False,
                   request_save_on_cell_execute=True, execution_timeout=cell_timeout(timeout))
    if warm is None:
        manager = type("IpcKernelManager", (IpcKernelManager,), {"kernel_log": kernel_log})
        papermill.execute_notebook(str(notebook), str(output), kernel_manager_class=manager,
                                   **options)
        return output
    start = warm.log.stat().st_size if warm.log.exists() else 0
    try:
        papermill.execute_notebook(str(notebook), str(output), km=warm.ready(notebook.parent),
                                   engine_name=WARM_ENGINE, **options)
        warm.runs += 1
    except BaseException:
        warm.discard()
        raise
    finally:
        if kernel_log is not None and warm.log.exists():
            kernel_log.parent.mkdir(parents=True, exist_ok=True)
            with open(warm.log, "rb") as source:
                source.seek(start)
                kernel_log.write_bytes(source.read())
    return output


class _WarmEngine(NBClientEngine):
    """papermill's engine, closing the client's channels to the kernel it borrowed
    (nbclient leaves them open when it does not own the kernel)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        client = PapermillNotebookClient(nb_man, **_client_options(nb_man, kernel_name, kwargs))
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


def _client_options(nb_man, kernel_name: str, kwargs: dict) -> dict:
    kwargs = {k: v for k, v in kwargs.items() if k not in ("input_path", "startup_timeout")}
    timeout = kwargs.pop("execution_timeout", None) or kwargs.pop("timeout", None)
    startup = kwargs.pop("start_timeout", 60)
    return {**kwargs, "timeout": timeout, "startup_timeout": startup,
            "kernel_name": kernel_name, "log": papermill.engines.logger}


WARM_ENGINE = "kit-warm"
papermill_engines.register(WARM_ENGINE, _WarmEngine)


def to_html(ipynb: Path) -> Path:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(ipynb))
    html = ipynb.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


def workshop_notebooks(folder: Path | None = None) -> list[Path]:
    return sorted(Path(folder or WORKSHOPS).glob("[0-9][0-9]_*.ipynb"))


def demo(out: str | Path = "out/demo") -> list[Path]:
    """Every workshop notebook on the ABC case; returns the HTML files written."""
    out = Path(out).resolve()
    params = {"data": str(cases.path("abc", "sales")), "trainee": "ABC 案例", "lang": "zh",
              "out_dir": str(out / "work")}
    written = []
    for nb in workshop_notebooks():
        written.append(to_html(execute(nb, out / nb.name, params)))
    return written
