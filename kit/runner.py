"""Execute workshop notebooks with papermill (the trainer tooling builds on this)."""

from __future__ import annotations

import contextlib
import functools
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
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

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
import gc, os
kit.data.loader.remember(8)  # a trainee's file, parsed once for all six stages
# What the imports built is kept for the kernel's life: frozen, a collection (each reset
# runs one, and pandas work triggers many) no longer walks it.
gc.collect(); gc.freeze()
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
"""


class WarmKernel:
    """One kernel started ahead with the kit imported, reused notebook after notebook,
    each in a fresh namespace. A kernel that died, timed out or failed a notebook is
    replaced (the next notebook then starts a new one), so a broken run never leaks
    into the next.

    Its clients stay connected for the kernel's life, one lent to each notebook run and
    one, on the shell channel only, for the warm-up and the resets: connecting a client
    costs a fixed 0.2 s (jupyter_client waits that long for the first IOPub message),
    paid once, not twice a notebook. What a reset printed is harmless to the next run:
    nbclient reads only the messages answering its own requests."""

    def __init__(self, log: Path | None = None):
        self.log = Path(log) if log else Path(tempfile.mkdtemp(prefix="kit-warm-")) / "kernel.log"
        self.km: IpcKernelManager | None = None
        self.kc = None  # lent to nbclient
        self.control = None  # runs the warm-up and the resets
        self.runs = 0

    def _start(self) -> None:
        self.km = type("IpcKernelManager", (IpcKernelManager,), {"kernel_log": self.log})(
            kernel_name="python3")
        run_sync(self.km.start_kernel)(cwd=str(WORKSHOPS))
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=60)
        self.kc.allow_stdin = False
        # Requests and replies only: a client on IOPub gets a copy of every output and
        # widget message of every notebook, and reading them back before its next reply
        # was two thirds of a reset.
        self.control = self.km.blocking_client()
        self.control.start_channels(iopub=False, stdin=False, hb=False, control=False)
        self.control.allow_stdin = False
        self._run(WARM_UP.format(parent_env=sorted(os.environ)))

    def _run(self, code: str) -> None:
        reply = self.control.execute(code, store_history=False, reply=True, timeout=120)
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
        for client in (self.kc, self.control):
            if client is not None:
                with contextlib.suppress(Exception):
                    client.stop_channels()
        self.kc = self.control = None
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
                                   engine_name=ENGINE, **options)
        return output
    start = warm.log.stat().st_size if warm.log.exists() else 0
    try:
        km = warm.ready(notebook.parent)
        papermill.execute_notebook(str(notebook), str(output), km=km, kc=warm.kc,
                                   engine_name=ENGINE, **options)
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


# Seconds between two saves of the output notebook while it runs. papermill saves it
# as each cell starts and ends, 60 times a stage, a third of a second of a 4-second run;
# it still saves at the start, and at the end whatever happened (an error, a timeout, a
# dead kernel), so only a run killed outright can lose its last seconds of output.
SAVE_EVERY = 2.0


class _ThrottledSaves(NotebookExecutionManager):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved = False

    def save(self, **kwargs):
        due = (self.now() - self.last_save_time).total_seconds() >= SAVE_EVERY
        if due or self.end_time is not None or not self._saved:
            self._saved = True
            super().save(**kwargs)


class _KitEngine(NBClientEngine):
    """papermill's nbclient engine with fewer saves (:data:`SAVE_EVERY`), and in a warm
    kernel the warm kernel's connected client (``kc``)."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True,
                         log_output=False, autosave_cell_every=30, **kwargs):
        manager = _ThrottledSaves(nb, output_path=output_path, progress_bar=progress_bar,
                                  log_output=log_output, autosave_cell_every=autosave_cell_every)
        manager.notebook_start()
        try:
            cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
        finally:
            manager.cleanup_pbar()
            manager.notebook_complete()
        return manager.nb

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, start_timeout=60,
                                 execution_timeout=None, kc=None, **kwargs):
        kwargs = {k: v for k, v in kwargs.items() if k not in ("input_path", "timeout",
                                                                "startup_timeout")}
        client = PapermillNotebookClient(nb_man, timeout=execution_timeout,
                                         startup_timeout=start_timeout, kernel_name=kernel_name,
                                         log=papermill.engines.logger, log_output=log_output,
                                         **kwargs)
        client.kc = kc  # nbclient connects a client of its own when there is none
        return client.execute()


ENGINE = "kit"
papermill_engines.register(ENGINE, _KitEngine)


def to_html(ipynb: Path) -> Path:
    body, _ = _html_exporter().from_filename(str(ipynb))
    html = ipynb.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


@functools.cache
def _html_exporter():
    """One exporter for the process: a new one compiles its templates again (0.1 s a
    notebook in a cohort worker). Its code-cell filters remember what they made: every
    trainee's notebook holds the same code cells, and highlighting and sanitising them
    again was half the conversion."""
    from nbconvert import HTMLExporter
    from nbconvert.filters import Highlight2HTML, clean_html

    highlight = Highlight2HTML(pygments_lexer="ipython3")

    @functools.lru_cache(maxsize=4096)
    def highlighted(source, language, magics):
        return highlight(source, language, {"magics_language": magics} if magics else None)

    def highlight_code(source, language=None, metadata=None):
        # Only the cell's magics language changes the result (nbconvert reads nothing else).
        return highlighted(source, language, (metadata or {}).get("magics_language"))

    return HTMLExporter(filters={"highlight_code": highlight_code,
                                 "clean_html": functools.lru_cache(maxsize=4096)(clean_html)})


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
