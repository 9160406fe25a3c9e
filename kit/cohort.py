"""Run the stage notebooks for one trainee or a whole cohort (papermill).

Layout of an output folder::

    out/<trainee>/NN_stage.ipynb   the executed notebook (partial if it failed)
    out/<trainee>/NN_stage.html    its HTML
    out/<trainee>/work/<trainee>/  what the notebooks export and autosave
    out/<trainee>/.kit/NN.json     the stage's manifest, written last

    out/<trainee>/.kit/NN.outputs.json  what the stage wrote into work/, by hash

A stage is complete when its manifest exists and matches the fingerprint of
its inputs (data file, notebook, parameters, the export formats and the kit's
version, by content). A rerun skips complete stages, so an interrupted run loses
nothing that finished; a stage that was cut off has no manifest and runs again,
and so does every stage after one that ran (it reads the earlier stages' saved
work). A rerun replaces the files the stage itself wrote before (a trainee's
edited copy is kept). Any failure of a stage — a cell's error, a dead kernel, a
cell over the time limit, a file that cannot be read — is that stage's result,
never the end of the run. Stages are the workshop notebooks numbered 01 and up:
a new notebook is a new stage, no code change.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import multiprocessing.util
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import papermill

import kit
from kit import i18n, runner, workspace
from kit.errors import KitError
from kit.export.formats import FORMATS_VAR, chosen_formats

DATA_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".csv.gz", ".tsv")
MANIFEST_DIR = ".kit"
WORK_DIR = "work"
CLASS_FORMATS = "xlsx,html,pptx"  # a class run prints no PDF: that is a browser run per file
FILE_PARAM = re.compile(r".+_file$")  # case-data defaults a trainee run must not inherit


class StageError(KitError, ValueError):
    """A stage number that has no notebook."""


@dataclass(frozen=True)
class Stage:
    number: int
    notebook: Path

    @property
    def name(self) -> str:
        return self.notebook.stem


@dataclass
class StageResult:
    """How one stage went for one trainee; ``error`` says where a failure happened."""

    trainee: str
    stage: int
    status: str  # "done", "skipped" (complete from an earlier run) or "failed"
    notebook: str
    seconds: float = 0.0
    error: dict | None = None


@dataclass
class TraineeResult:
    trainee: str
    data: str
    folder: str
    stages: list[StageResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.status != "failed" for s in self.stages)


def stages(selected: Iterable[int] | None = None, folder: Path | None = None) -> list[Stage]:
    """The stage notebooks (01 and up) in order, optionally only the `selected` numbers."""
    found = [Stage(int(p.name[:2]), p) for p in runner.workshop_notebooks(folder) if int(p.name[:2]) > 0]
    if selected is None:
        return found
    wanted = set(selected)
    unknown = wanted - {s.number for s in found}
    if unknown:
        raise StageError(f"no stage notebook for {sorted(unknown)}; "
                         f"available: {[s.number for s in found]}")
    return [s for s in found if s.number in wanted]


def parameters(stage: Stage, data: Path, trainee: str, out_dir: Path, lang: str,
               options: Mapping[str, object] | None = None) -> dict:
    """The notebook's parameters for a trainee: their file, and every other
    ``*_file`` parameter blanked (the notebook's default points at the case data);
    ``options``: the run's settings every notebook that declares them takes (``currency``,
    ``deck_template`` …)."""
    declared = papermill.inspect_notebook(str(stage.notebook))
    params = {"data": str(data), "trainee": trainee, "out_dir": str(out_dir), "lang": lang,
              "currency": i18n.get_currency()}
    params |= {name: "" for name in declared if FILE_PARAM.fullmatch(name)}
    params |= {k: v for k, v in (options or {}).items() if v is not None}
    return {k: v for k, v in params.items() if k in declared}


def fingerprint(data: Path, stage: Stage, params: dict) -> str:
    """sha256 over the data file's bytes, the notebook's bytes, the parameters
    and the kit's version (an upgraded kit redoes every stage)."""
    digest = hashlib.sha256()
    for path in (data, stage.notebook):
        digest.update(_file_hash(path).encode())
    digest.update(json.dumps(params, sort_keys=True, ensure_ascii=False).encode())
    digest.update(f"kit {kit.__version__}".encode())
    # The formats the run exports (kit cohort --formats) decide what the stage wrote too.
    digest.update(",".join(chosen_formats()).encode())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder: Path, stage: Stage) -> Path:
    return folder / MANIFEST_DIR / f"{stage.number:02d}.json"


def is_complete(folder: Path, stage: Stage, key: str) -> bool:
    try:
        saved = json.loads(_manifest(folder, stage).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved.get("fingerprint") == key and (folder / saved.get("notebook", "")).exists()


def _write_manifest(folder: Path, stage: Stage, data: dict) -> None:
    path = _manifest(folder, stage)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)  # the manifest appears whole, after the outputs, or not at all


_WARM: list[runner.WarmKernel] = []  # this process's warm kernel (a cohort worker, or `kit run`)


COLD_VAR = "KIT_COLD_KERNELS"  # "1": a new kernel for every notebook (the slower, old way)


def warm_kernel() -> runner.WarmKernel | None:
    """This process's kernel, started once with the kit imported and reused for every
    notebook it runs (each in a fresh namespace); stopped when the process ends.
    None when $KIT_COLD_KERNELS is set: every notebook then starts its own kernel."""
    if os.environ.get(COLD_VAR) == "1":
        return None
    if not _WARM:
        _WARM.append(runner.WarmKernel())
        # A worker of a process pool ends through multiprocessing, not atexit.
        multiprocessing.util.Finalize(_WARM[0], _WARM[0].stop, exitpriority=10)
        atexit.register(_WARM[0].stop)
    return _WARM[0]


def run_stage(data: Path, trainee: str, folder: Path, stage: Stage, *, lang: str = "zh",
              force: bool = False, timeout: float | None = None,
              options: Mapping[str, object] | None = None) -> StageResult:
    """Execute one stage for one trainee into `folder`; never raises for anything
    that goes wrong in the stage (only Ctrl-C and the like stop the run)."""
    output = folder / stage.notebook.name
    start = time.perf_counter()
    try:
        params = parameters(stage, data, trainee, folder / WORK_DIR, lang, options)
        key = fingerprint(data, stage, params)
        if not force and is_complete(folder, stage, key):
            return StageResult(trainee, stage.number, "skipped", output.name)
        with contextlib.suppress(FileNotFoundError):
            _manifest(folder, stage).unlink()  # from here on the stage is not complete
        outputs = Outputs(folder, stage)
        outputs.set_aside()
        try:
            runner.execute(stage.notebook, output, params, timeout=timeout,
                           kernel_log=folder / MANIFEST_DIR / f"{stage.number:02d}.kernel.log",
                           warm=warm_kernel())
        finally:
            outputs.settle()
        runner.to_html(output)
        _write_manifest(folder, stage, {"fingerprint": key, "notebook": output.name,
                                        "html": output.with_suffix(".html").name,
                                        "finished": time.strftime("%Y-%m-%dT%H:%M:%S")})
    except papermill.PapermillExecutionError as error:
        return StageResult(trainee, stage.number, "failed", output.name, time.perf_counter() - start,
                           {"cell": error.exec_count, "cell_index": error.cell_index,
                            "name": error.ename, "message": str(error.evalue), "kind": "error"})
    except Exception as error:  # a dead kernel, a timeout, an unreadable file: this stage only
        return StageResult(trainee, stage.number, "failed", output.name, time.perf_counter() - start,
                           failure(error, output, timeout))
    return StageResult(trainee, stage.number, "done", output.name, time.perf_counter() - start)


def failure(error: BaseException, output: Path, timeout: float | None = None) -> dict:
    """Where and why a stage stopped, for the screen and the dashboard.

    The cell is the last one the partial notebook shows as started (papermill
    stamps each cell's start time as it runs it).
    """
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    kind = ("timeout" if isinstance(error, CellTimeoutError)
            else "dead_kernel" if isinstance(error, DeadKernelError) else "error")
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if kind == "timeout":
        message = f"a cell ran longer than {runner.cell_timeout(timeout):g} s"
    cell = cell_index = None
    with contextlib.suppress(OSError, ValueError, AttributeError, nbformat.ValidationError):
        cells = nbformat.read(output, as_version=4).cells
        started = [i for i, c in enumerate(cells)
                   if c.cell_type == "code" and c.metadata.get("papermill", {}).get("start_time")]
        if started:
            cell_index = started[-1]
            cell = cells[cell_index].execution_count or sum(
                c.cell_type == "code" for c in cells[: cell_index + 1])
    return {"cell": cell, "cell_index": cell_index, "name": type(error).__name__,
            "message": message, "kind": kind}


class Outputs:
    """The files a stage writes into the work folder, so that a rerun replaces
    them instead of leaving ``复盘报告 (2).xlsx`` beside a stale ``复盘报告.xlsx``.

    Before a run, the files this stage wrote last time and that are unchanged
    since (same sha256) are set aside; a file that changed since is the
    trainee's edit and stays where it is. After the run, what the run wrote is
    recorded, and a set-aside file the run did not write again is put back, so
    a failed rerun loses nothing. A run that was killed left a snapshot of the
    folder from before it: the files that appeared since are taken as its own.
    """

    def __init__(self, folder: Path, stage: Stage):
        self.work = folder / WORK_DIR
        base = folder / MANIFEST_DIR
        self.ledger = base / f"{stage.number:02d}.outputs.json"
        self.pending = base / f"{stage.number:02d}.pending.json"
        self.aside = base / "aside" / f"{stage.number:02d}"
        self.before: dict[str, list[int]] = {}

    def set_aside(self) -> None:
        self._recover()
        owned = self._read(self.ledger)
        for rel, digest in owned.items():
            path = self.work / rel
            if path.is_file() and _file_hash(path) == digest:
                target = self.aside / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        self.before = self._snapshot()
        self._write(self.pending, self.before)

    def settle(self) -> None:
        owned = self._read(self.ledger)
        after = self._snapshot()
        wrote = {rel: _file_hash(self.work / rel) for rel, stat in after.items()
                 if self.before.get(rel) != stat}
        for path in sorted(p for p in self.aside.rglob("*") if p.is_file()):
            rel = path.relative_to(self.aside).as_posix()
            if rel in wrote:
                path.unlink()  # replaced by this run's file
            else:
                (self.work / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, self.work / rel)  # not written again: keep the earlier one
                wrote[rel] = owned.get(rel) or _file_hash(self.work / rel)
        self._write(self.ledger, wrote)
        with contextlib.suppress(FileNotFoundError):
            self.pending.unlink()

    def _recover(self) -> None:
        """Undo what a killed run left: files set aside and a snapshot from before it."""
        for path in sorted(p for p in self.aside.rglob("*") if p.is_file()):
            target = self.work / path.relative_to(self.aside)
            if target.exists():
                path.unlink()  # the killed run wrote it again
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        if self.pending.exists():
            before, owned = self._read(self.pending), self._read(self.ledger)
            owned |= {rel: _file_hash(self.work / rel) for rel, stat in self._snapshot().items()
                      if before.get(rel) != stat}
            self._write(self.ledger, owned)
            self.pending.unlink()

    def _snapshot(self) -> dict[str, list[int]]:
        if not self.work.is_dir():
            return {}
        return {p.relative_to(self.work).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
                for p in self.work.rglob("*") if p.is_file()}

    @staticmethod
    def _read(path: Path) -> dict:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    @staticmethod
    def _write(path: Path, data: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)


def run_trainee(data: Path, trainee: str, out: Path, *, folder_name: str | None = None,
                selected: Iterable[int] | None = None, lang: str = "zh",
                force: bool = False, timeout: float | None = None,
                notebooks: Path | None = None,
                options: Mapping[str, object] | None = None) -> TraineeResult:
    """Every selected stage for one trainee, in order (a later stage reads an earlier
    one's saved work: stage 3 takes its target from stage 2's split, the capstone
    gathers them all); a failed stage does not stop the next, and a stage after one
    that ran again runs again too, so it never keeps what it read from the old run.
    `notebooks`: the folder of stage notebooks (default: the workshops)."""
    # Absolute paths: the notebooks run in workshops/, where a relative path means something else.
    data = Path(data).resolve()
    folder = Path(out).resolve() / (folder_name or workspace.safe_name(trainee))
    result = TraineeResult(trainee, str(data), folder.name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        result.stages = [StageResult(trainee, s.number, "failed", s.notebook.name, 0.0,
                                     failure(error, folder / s.notebook.name))
                         for s in stages(selected, notebooks)]
        return result
    upstream_ran = False
    for stage in stages(selected, notebooks):
        done = run_stage(data, trainee, folder, stage, lang=lang, force=force or upstream_ran,
                         timeout=timeout, options=options)
        upstream_ran = upstream_ran or done.status != "skipped"
        result.stages.append(done)
    return result


def trainee_files(folder: Path) -> list[Path]:
    """The data files in `folder`: one per trainee (hidden files and Excel lock files skipped)."""
    files = [p for p in Path(folder).iterdir()
             if p.is_file() and not p.name.startswith((".", "~$"))
             and p.name.lower().endswith(DATA_SUFFIXES)]
    return sorted(files)


def folder_names(files: Iterable[Path]) -> dict[Path, tuple[str, str]]:
    """Trainee name (the file's stem) and a unique, safe output folder name per file.

    Names that clash after sanitising (``a/b`` and ``a_b``, or ``张伟.csv`` and
    ``张伟.xlsx``) get `` (2)``, `` (3)`` … in file order.
    """
    out, used = {}, set()
    for path in files:
        trainee = path.name[: -len(".csv.gz")] if path.name.endswith(".csv.gz") else path.stem
        base = workspace.safe_name(trainee)
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            name = f"{base} ({n})"
        used.add(name.casefold())
        out[path] = (trainee, name)
    return out


def cohort(folder: Path, out: Path, *, jobs: int | None = None, selected: Iterable[int] | None = None,
           lang: str = "zh", force: bool = False, timeout: float | None = None,
           notebooks: Path | None = None, options: Mapping[str, object] | None = None,
           progress: Callable[[TraineeResult], None] | None = None,
           formats: str = CLASS_FORMATS) -> list[TraineeResult]:
    """Every trainee file in `folder`, `jobs` trainees at a time (default: the cores),
    each trainee's plans exported as `formats` (comma-separated; PDF is left out by
    default: a browser run per file is slow for a class).

    One trainee's failure never stops the others, whatever it is (even a worker
    process that dies is that trainee's failed result). Results come back in
    file order; `progress` is called as each trainee finishes.
    """
    chosen = stages(selected, notebooks)  # fail fast on an unknown stage
    names = folder_names(trainee_files(folder))
    jobs = jobs or os.cpu_count() or 1
    with _exporting(formats):
        return _cohort(names, chosen, Path(out), jobs, dict(lang=lang, force=force, timeout=timeout,
                                                       notebooks=notebooks, options=options), progress)


@contextlib.contextmanager
def _exporting(formats: str):
    """$KIT_EXPORT_FORMATS set to `formats` while the cohort runs: the workers and their
    kernels inherit it."""
    saved = os.environ.get(FORMATS_VAR)
    os.environ[FORMATS_VAR] = formats
    try:
        chosen_formats()  # an unknown format stops here, before any run
        yield
    finally:
        if saved is None:
            os.environ.pop(FORMATS_VAR, None)
        else:
            os.environ[FORMATS_VAR] = saved


def _cohort(names, chosen, out, jobs, settings, progress) -> list[TraineeResult]:
    selected = [s.number for s in chosen]
    results: dict[Path, TraineeResult] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = {pool.submit(run_trainee, path, trainee, out, folder_name=name,
                               selected=selected, **settings): path
                   for path, (trainee, name) in names.items()}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    path = pending.pop(future)
                    try:
                        results[path] = future.result()
                    except Exception as error:  # the worker itself died (killed, out of memory)
                        trainee, name = names[path]
                        results[path] = TraineeResult(trainee, str(Path(path).resolve()), name, [
                            StageResult(trainee, s.number, "failed", s.notebook.name, 0.0,
                                        failure(error, out / name / s.notebook.name))
                            for s in chosen])
                    if progress:
                        progress(results[path])
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return [results[p] for p in names]


def merge_results(results: list[TraineeResult], out: Path) -> list[TraineeResult]:
    """`results` added to what `out/cohort.json` already lists (a trainee run
    again replaces their entry), so `kit run --out <cohort folder>` updates the
    class's dashboard rather than replacing it with one trainee. Entries whose
    folder is gone are dropped."""
    try:
        saved = json.loads((Path(out) / "cohort.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = []
    merged: dict[str, TraineeResult] = {}
    for entry in saved if isinstance(saved, list) else []:
        with contextlib.suppress(TypeError, KeyError, AttributeError):
            stages_ = [StageResult(**s) for s in entry["stages"]]
            old = TraineeResult(entry["trainee"], entry["data"], entry["folder"], stages_)
            if (Path(out) / old.folder).is_dir():
                merged[old.folder] = old
    for result in results:
        merged[result.folder] = result
    return list(merged.values())


def save_summary(results: list[TraineeResult], out: Path) -> Path:
    """The run's results as JSON (what the dashboard reads besides the notebooks)."""
    path = Path(out) / "cohort.json"
    path.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2),
                    encoding="utf-8")
    return path


def records(folder: Path) -> dict[int, dict]:
    """What each executed stage notebook recorded (kit.record), by stage number."""
    from kit.record import read_records

    found = {}
    for path in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")):
        with contextlib.suppress(OSError, ValueError, nbformat.ValidationError):
            found[int(path.name[:2])] = read_records(path)
    return found


def exported(folder: Path) -> list[Path]:
    """The plan files a trainee's stages wrote (each notebook records their names as
    ``<stage>/exports``), found in the trainee's work folder."""
    names = [name for recorded in records(folder).values()
             for key, value in recorded.items() if key.endswith("/exports")
             and isinstance(value, list) for name in value]
    work = Path(folder) / WORK_DIR
    found = {p.name: p for p in work.rglob("*") if p.is_file()} if work.is_dir() else {}
    return [found[name] for name in names if name in found]
