"""Run the stage notebooks for one trainee or a whole cohort (papermill).

Layout of an output folder::

    out/<trainee>/NN_stage.ipynb   the executed notebook (partial if it failed)
    out/<trainee>/NN_stage.html    its HTML
    out/<trainee>/work/<trainee>/  what the notebooks export and autosave
    out/<trainee>/.kit/NN.json     the stage's manifest, written last

A stage is complete when its manifest exists and matches the fingerprint of
its inputs (data file, notebook and parameters, by content). A rerun skips
complete stages, so an interrupted run loses nothing that finished; a stage
that was cut off has no manifest and runs again. Stages are the workshop
notebooks numbered 01 and up: a new notebook is a new stage, no code change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import papermill

from kit import runner, workspace

DATA_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".csv.gz", ".tsv")
MANIFEST_DIR = ".kit"
WORK_DIR = "work"
FILE_PARAM = re.compile(r".+_file$")  # case-data defaults a trainee run must not inherit


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
        raise ValueError(f"no stage notebook for {sorted(unknown)}; "
                         f"available: {[s.number for s in found]}")
    return [s for s in found if s.number in wanted]


def parameters(stage: Stage, data: Path, trainee: str, out_dir: Path, lang: str) -> dict:
    """The notebook's parameters for a trainee: their file, and every other
    ``*_file`` parameter blanked (the notebook's default points at the case data)."""
    declared = papermill.inspect_notebook(str(stage.notebook))
    params = {"data": str(data), "trainee": trainee, "out_dir": str(out_dir), "lang": lang}
    params |= {name: "" for name in declared if FILE_PARAM.fullmatch(name)}
    return {k: v for k, v in params.items() if k in declared}


def fingerprint(data: Path, stage: Stage, params: dict) -> str:
    """sha256 over the data file's bytes, the notebook's bytes and the parameters."""
    digest = hashlib.sha256()
    for path in (data, stage.notebook):
        digest.update(_file_hash(path).encode())
    digest.update(json.dumps(params, sort_keys=True, ensure_ascii=False).encode())
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


def run_stage(data: Path, trainee: str, folder: Path, stage: Stage, *, lang: str = "zh",
              force: bool = False) -> StageResult:
    """Execute one stage for one trainee into `folder`; never raises for a notebook error."""
    output = folder / stage.notebook.name
    params = parameters(stage, data, trainee, folder / WORK_DIR, lang)
    key = fingerprint(data, stage, params)
    if not force and is_complete(folder, stage, key):
        return StageResult(trainee, stage.number, "skipped", output.name)
    with contextlib.suppress(FileNotFoundError):
        _manifest(folder, stage).unlink()  # from here on the stage is not complete
    start = time.perf_counter()
    try:
        runner.execute(stage.notebook, output, params)
    except papermill.PapermillExecutionError as error:
        return StageResult(trainee, stage.number, "failed", output.name, time.perf_counter() - start,
                           {"cell": error.exec_count, "cell_index": error.cell_index,
                            "name": error.ename, "message": str(error.evalue)})
    runner.to_html(output)
    _write_manifest(folder, stage, {"fingerprint": key, "notebook": output.name,
                                    "html": output.with_suffix(".html").name,
                                    "finished": time.strftime("%Y-%m-%dT%H:%M:%S")})
    return StageResult(trainee, stage.number, "done", output.name, time.perf_counter() - start)


def run_trainee(data: Path, trainee: str, out: Path, *, folder_name: str | None = None,
                selected: Iterable[int] | None = None, lang: str = "zh",
                force: bool = False) -> TraineeResult:
    """Every selected stage for one trainee, in order (a later stage may read an
    earlier one's plan); a failed stage does not stop the next."""
    # Absolute paths: the notebooks run in workshops/, where a relative path means something else.
    data = Path(data).resolve()
    folder = Path(out).resolve() / (folder_name or workspace.safe_name(trainee))
    folder.mkdir(parents=True, exist_ok=True)
    result = TraineeResult(trainee, str(data), folder.name)
    for stage in stages(selected):
        result.stages.append(run_stage(data, trainee, folder, stage, lang=lang, force=force))
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
           lang: str = "zh", force: bool = False,
           progress: Callable[[TraineeResult], None] | None = None) -> list[TraineeResult]:
    """Every trainee file in `folder`, `jobs` trainees at a time (default: the cores).

    One trainee's failure never stops the others. Results come back in file
    order; `progress` is called as each trainee finishes.
    """
    selected = [s.number for s in stages(selected)]  # fail fast on an unknown stage
    names = folder_names(trainee_files(folder))
    jobs = jobs or os.cpu_count() or 1
    results: dict[Path, TraineeResult] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = {pool.submit(run_trainee, path, trainee, Path(out), folder_name=name,
                               selected=selected, lang=lang, force=force): path
                   for path, (trainee, name) in names.items()}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    path = pending.pop(future)
                    results[path] = future.result()
                    if progress:
                        progress(results[path])
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return [results[p] for p in names]


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
