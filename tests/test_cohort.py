"""Trainer tooling: kit run / kit cohort, resumability, failures, names, the dashboard."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from kit import cohort, dashboard
from kit.record import read_records

ROOT = Path(__file__).resolve().parents[1]
TRAINEES = ROOT / "datasets" / "trainees"
SMALL = TRAINEES / "刘洋_华北区.csv"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- names and stages


def test_folder_names_are_safe_readable_and_unique(tmp_path):
    names = ["张伟.csv", "张伟.xlsx", "..csv", "a_b.csv", "CON.csv", "李 娜 .csv", "data.csv.gz"]
    files = [tmp_path / n for n in names]
    got = {p.name: v for p, v in cohort.folder_names(files).items()}
    assert got["张伟.csv"] == ("张伟", "张伟")
    assert got["张伟.xlsx"] == ("张伟", "张伟 (2)")  # clash after dropping the suffix
    assert got["..csv"][1] == "trainee"  # nothing usable left: the fallback name
    assert got["CON.csv"][1] == "_CON"  # a Windows device name
    assert got["data.csv.gz"] == ("data", "data")
    for _, folder in got.values():
        assert "/" not in folder and "\\" not in folder and folder not in (".", "..")


@pytest.mark.parametrize("trainee", ["../../etc/passwd", "a/../../b", "..", "/abs/path", "C:\\x\\y"])
def test_path_traversal_stays_inside_the_output_folder(tmp_path, trainee):
    name = cohort.folder_names([tmp_path / f"{trainee}.csv"])
    folder = (tmp_path / "out" / next(iter(name.values()))[1]).resolve()
    assert folder.parent == (tmp_path / "out").resolve()


def test_trainee_files_skip_lock_and_hidden_files(tmp_path):
    for name in ("a.xlsx", "~$a.xlsx", ".hidden.csv", "b.csv.gz", "notes.docx", "c.csv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in cohort.trainee_files(tmp_path)] == ["a.xlsx", "b.csv.gz", "c.csv"]


def test_stages_are_the_numbered_notebooks_and_file_params_are_blanked(tmp_path):
    found = cohort.stages()
    assert [s.number for s in found][:2] == [1, 2] and all(s.number > 0 for s in found)
    with pytest.raises(ValueError, match="no stage notebook for \\[9\\]"):
        cohort.stages([9])
    params = cohort.parameters(found[0], SMALL, "刘洋", tmp_path, "en")
    # Stage 1's case-data defaults must not leak into a trainee's run.
    assert params["targets_file"] == "" and params["outlets_file"] == ""
    assert params["data"] == str(SMALL) and params["lang"] == "en"


def test_flatten_takes_scalars_small_dicts_and_one_row_tables():
    records = {1: {"review/total": {"columns": ["actual"], "records": [{"actual": 5.0}]},
                   "review/cards": ["a", "b"], "exercise/q": {"score": 1}},
               2: {"goals/setting": {"gap": 2.0, "top_down": 7.0},
                   "goals/months": {f"2026-{m:02d}": 1.0 for m in range(1, 13)}, "n": 3}}
    assert dashboard.flatten(records) == {"review/total.actual": 5.0, "goals/setting.gap": 2.0,
                                          "goals/setting.top_down": 7.0, "n": 3}


# ---------------------------------------------------------------- running


def test_a_broken_file_fails_its_stage_and_the_others_complete(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SMALL, folder / "刘洋.csv")
    (folder / "坏数据.csv").write_text("客户,备注\nA,hello\n", encoding="utf-8")
    before = {p.name: sha(p) for p in folder.iterdir()}
    out = tmp_path / "out"
    results = cohort.cohort(folder, out, jobs=2, selected=[1])
    by_name = {r.trainee: r for r in results}
    assert by_name["刘洋"].ok and by_name["刘洋"].stages[0].status == "done"
    bad = by_name["坏数据"].stages[0]
    assert bad.status == "failed" and bad.stage == 1 and bad.error["name"] == "DataError"
    # The failing cell is the one that loads the data, and its partial notebook is kept.
    partial = nbformat.read(out / "坏数据" / bad.notebook, as_version=4)
    code = [c for c in partial.cells if c.cell_type == "code"]
    failing = [c for c in code if any(o.output_type == "error" for o in c.outputs)]
    assert len(failing) == 1 and "load(data" in failing[0].source
    assert {p.name: sha(p) for p in folder.iterdir()} == before  # inputs untouched
    # The dashboard names the broken trainee, the stage and the error.
    paths = dashboard.write(results, out)
    page = paths["html"].read_text(encoding="utf-8")
    assert "坏数据：阶段 1" in page and "DataError" in page and "1 位有阶段失败" in page
    records = read_records(out / "刘洋" / "01_business_review.ipynb")
    assert records["review/total"]["records"][0]["actual"] > 0
    assert paths["csv"].exists() and paths["xlsx"].exists()


def test_an_interrupted_cohort_resumes_without_redoing_or_losing_work(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("甲", "乙", "丙"):
        shutil.copy(SMALL, folder / f"{name}.csv")
    before = {p.name: sha(p) for p in folder.iterdir()}
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kit", "cohort", str(folder), "--out", str(out), "--jobs", "1",
               "--stages", "1"]
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 600
    manifests = lambda: sorted(out.glob("*/.kit/01.json"))  # noqa: E731
    while not manifests() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its workers and kernels, mid-run
    proc.wait()
    finished = {p: p.read_text(encoding="utf-8") for p in manifests()}
    assert 1 <= len(finished) < 3
    done_notebooks = {p.parents[1] / "01_business_review.ipynb": sha(p.parents[1] / "01_business_review.ipynb")
                      for p in finished}
    results = cohort.cohort(folder, out, jobs=2, selected=[1])
    statuses = sorted(s.status for r in results for s in r.stages)
    assert statuses.count("skipped") == len(finished) and "failed" not in statuses
    assert all(p.read_text(encoding="utf-8") == text for p, text in finished.items())
    assert all(sha(p) == h for p, h in done_notebooks.items())  # nothing completed was redone
    assert len(manifests()) == 3
    assert {p.name: sha(p) for p in folder.iterdir()} == before
    # --force redoes everything.
    again = cohort.cohort(folder, out, jobs=2, selected=[1], force=True)
    assert {s.status for r in again for s in r.stages} == {"done"}



def test_a_changed_input_is_redone(tmp_path):
    data = tmp_path / "刘洋.csv"
    shutil.copy(SMALL, data)
    out = tmp_path / "out"
    first = cohort.run_trainee(data, "刘洋", out, selected=[1])
    assert first.stages[0].status == "done"
    assert cohort.run_trainee(data, "刘洋", out, selected=[1]).stages[0].status == "skipped"
    data.write_bytes(data.read_bytes() + b"\n")  # a blank line: different bytes
    assert cohort.run_trainee(data, "刘洋", out, selected=[1]).stages[0].status == "done"


def test_relative_paths_work_from_any_folder(tmp_path):
    # The notebooks run in workshops/: a relative data or output path must be resolved first.
    (tmp_path / "in").mkdir()
    shutil.copy(SMALL, tmp_path / "in" / "刘洋.csv")
    done = subprocess.run([sys.executable, "-m", "kit", "cohort", "in", "--out", "out", "--stages", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out" / "刘洋" / "01_business_review.html").exists()


def test_kit_run_command_line(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kit", "run", "--data", str(SMALL), "--trainee", "刘洋",
                           "--stages", "1", "--out", str(out), "--lang", "en"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "dashboard:" in done.stdout and (out / "dashboard.html").exists()
    assert (out / "刘洋" / "01_business_review.html").exists()
    assert "Cohort dashboard" in (out / "dashboard.html").read_text(encoding="utf-8")
