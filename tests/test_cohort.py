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

import kit
from kit import cohort, dashboard, workspace
from kit.errors import KitError
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


def test_flatten_names_the_headline_results_and_the_exercises():
    records = {1: {"review/total": {"columns": ["actual"], "records": [{"actual": 5.0, "yoy": 0.1}]},
                   "review/bridge": {"volume": 60.0, "price": -90.0, "mix": 5.0},
                   "review/cards": ["a", "b"], "exercise/review.a_class": {"score": 1, "max": 1}},
               2: {"goals/setting": {"gap": 2.0, "top_down": 7.0, "gap_share": 2 / 7},
                   "goals/months": {f"2026-{m:02d}": 1.0 for m in range(1, 13)}}}
    # The largest bridge step by size is price (|−90| > 60): its name and its amount.
    assert dashboard.flatten(records) == {
        "复盘：本期销售额（元）": 5.0, "复盘：同比": 0.1, "复盘：变化最大的桥因素": "价格",
        "复盘：该因素的金额（元）": -90.0, "目标：自上而下（元）": 7.0, "目标：缺口（元）": 2.0,
        "目标：缺口占自上而下目标": 2 / 7, "练习：A 类个数": 1}


def test_largest_step_by_hand():
    assert dashboard.largest_step({"volume": 60, "price": -90}) == ("price", -90)
    assert dashboard.largest_step({"volume": 10.0, "new": 10.5, "lost": -3}) == ("new", 10.5)
    assert dashboard.largest_step({}) == (None, None)


def test_every_question_is_a_dashboard_column():
    from kit import questions

    columns = dashboard.column_kinds()
    for question_id in questions.TITLES:
        assert f"练习：{questions.title(question_id)}" in columns, question_id


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
    assert "复盘：本期销售额（元）" in page and "review/total" not in page  # labels, not keys
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



def test_the_cohort_exports_the_formats_it_is_given_and_redoes_a_stage_when_they_change(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SMALL, folder / "甲.csv")
    out = tmp_path / "out"
    with pytest.raises(KitError, match="unknown formats \\['docx'\\]"):
        cohort.cohort(folder, out, jobs=1, selected=[1], formats="xlsx,docx")
    assert not out.exists()  # stopped before any run
    assert os.environ.get("KIT_EXPORT_FORMATS") is None  # and the setting did not leak
    first = cohort.cohort(folder, out, jobs=1, selected=[1], formats="xlsx")
    assert [s.status for s in first[0].stages] == ["done"]
    assert {p.suffix for p in cohort.exported(out / "甲")} == {".xlsx"}
    # The class default: no PDF (a browser run per file); a different choice redoes the stage.
    again = cohort.cohort(folder, out, jobs=1, selected=[1])
    assert [s.status for s in again[0].stages] == ["done"]
    assert sorted({p.suffix for p in cohort.exported(out / "甲")}) == [".html", ".pptx", ".xlsx"]
    same = cohort.cohort(folder, out, jobs=1, selected=[1], formats="pptx,html,xlsx")
    assert [s.status for s in same[0].stages] == ["skipped"]  # the same set, in another order


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


# ---------------------------------------------------------------- hostile runs (issue 18)


def test_safe_names_for_every_windows_device_spelling():
    assert [workspace.safe_name(n) for n in ["CON .txt", "CONIN$", "CONOUT$", "COM¹", "lpt³.csv", "COM10"]] == [
        "_CON .txt", "_CONIN$", "_CONOUT$", "_COM¹", "_lpt³.csv", "COM10"]


def test_the_kits_version_is_part_of_the_fingerprint(monkeypatch):
    stage = cohort.stages([1])[0]
    params = {"data": str(SMALL)}
    before = cohort.fingerprint(SMALL, stage, params)
    monkeypatch.setattr(kit, "__version__", kit.__version__ + ".post1")
    assert cohort.fingerprint(SMALL, stage, params) != before  # an upgrade redoes the stage


def test_dashboard_links_are_url_encoded():
    assert dashboard.href("李娜#2", "01_business_review.html") == (
        "%E6%9D%8E%E5%A8%9C%232/01_business_review.html")
    assert dashboard.href("a&b?c", "x.ipynb") == "a%26b%3Fc/x.ipynb"


def export(folder: Path, name: str, text: str) -> Path:
    """What a stage's export does: never overwrite (kit.workspace.safe_export_path)."""
    path = workspace.safe_export_path(folder / "work" / "张伟" / name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_rerun_replaces_what_the_kit_wrote_and_keeps_what_the_trainee_edited(tmp_path):
    stage = cohort.stages([1])[0]
    run = cohort.Outputs(tmp_path, stage)
    run.set_aside()
    export(tmp_path, "复盘报告.xlsx", "first run")
    export(tmp_path, "计划.xlsx", "first run")
    run.settle()
    # The trainee edits one of the two files; the other is as the kit wrote it.
    (tmp_path / "work" / "张伟" / "计划.xlsx").write_text("trainee's edit", encoding="utf-8")
    run = cohort.Outputs(tmp_path, stage)
    run.set_aside()
    assert export(tmp_path, "复盘报告.xlsx", "second run").name == "复盘报告.xlsx"
    assert export(tmp_path, "计划.xlsx", "second run").name == "计划 (2).xlsx"
    run.settle()
    files = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "work" / "张伟").iterdir()}
    assert files == {"复盘报告.xlsx": "second run", "计划.xlsx": "trainee's edit",
                     "计划 (2).xlsx": "second run"}


def test_a_failed_rerun_keeps_the_earlier_outputs(tmp_path):
    stage = cohort.stages([1])[0]
    run = cohort.Outputs(tmp_path, stage)
    run.set_aside()
    export(tmp_path, "复盘报告.xlsx", "first run")
    run.settle()
    run = cohort.Outputs(tmp_path, stage)
    run.set_aside()  # the rerun fails before it exports anything
    run.settle()
    assert (tmp_path / "work" / "张伟" / "复盘报告.xlsx").read_text(encoding="utf-8") == "first run"
    run = cohort.Outputs(tmp_path, stage)  # and it is still the kit's own: the next run replaces it
    run.set_aside()
    assert export(tmp_path, "复盘报告.xlsx", "third run").name == "复盘报告.xlsx"
    run.settle()


def test_a_killed_run_leaves_nothing_in_the_way_of_the_next(tmp_path):
    stage = cohort.stages([1])[0]
    first = cohort.Outputs(tmp_path, stage)
    first.set_aside()
    export(tmp_path, "复盘报告.xlsx", "cut-off run")  # then kill -9: no settle()
    second = cohort.Outputs(tmp_path, stage)
    second.set_aside()  # the cut-off run's file was the kit's: set aside too
    assert export(tmp_path, "复盘报告.xlsx", "resumed run").name == "复盘报告.xlsx"
    second.settle()
    assert [p.name for p in (tmp_path / "work" / "张伟").iterdir()] == ["复盘报告.xlsx"]


def test_merge_results_adds_one_trainee_to_a_cohort(tmp_path):
    a = cohort.TraineeResult("甲", "/x/甲.csv", "甲", [cohort.StageResult("甲", 1, "done", "01_x.ipynb")])
    b = cohort.TraineeResult("乙", "/x/乙.csv", "乙", [cohort.StageResult("乙", 1, "failed", "01_x.ipynb")])
    for name in ("甲", "乙"):
        (tmp_path / name).mkdir()
    cohort.save_summary([a, b], tmp_path)
    again = cohort.TraineeResult("乙", "/x/乙.csv", "乙", [cohort.StageResult("乙", 1, "done", "01_x.ipynb")])
    merged = cohort.merge_results([again], tmp_path)
    assert [(r.trainee, r.stages[0].status) for r in merged] == [("甲", "done"), ("乙", "done")]
    shutil.rmtree(tmp_path / "甲")  # a folder that is gone drops out
    assert [r.trainee for r in cohort.merge_results([again], tmp_path)] == ["乙"]


def stage_notebook(folder: Path) -> Path:
    """A one-stage workshop: its kernel dies for 死, a cell hangs for 慢."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('data = ""\ntrainee = ""\nout_dir = ""\nlang = "zh"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params,
                nbformat.v4.new_code_cell("import os\nimport time\nfrom kit.data import load\n"
                                          "rows = len(load(data).data)"),
                nbformat.v4.new_code_cell('if trainee == "死":\n    os._exit(1)'),
                nbformat.v4.new_code_cell('if trainee == "慢":\n    time.sleep(600)'),
                nbformat.v4.new_code_cell("print(rows)")]
    folder.mkdir()
    nbformat.write(nb, folder / "01_check.ipynb")
    return folder


def test_a_dead_kernel_and_a_timed_out_cell_fail_their_stage_only(tmp_path):
    notebooks = stage_notebook(tmp_path / "workshops")
    folder = tmp_path / "in"
    folder.mkdir()
    small = "月份,客户编码,产品编码,数量,销售额\n2024-01,C1,S1,1,10\n"
    for name in ("李娜#2", "死", "慢"):
        (folder / f"{name}.csv").write_text(small, encoding="utf-8")
    out = tmp_path / "out"
    results = cohort.cohort(folder, out, jobs=2, notebooks=notebooks, timeout=10)
    by_name = {r.trainee: r.stages[0] for r in results}
    assert by_name["李娜#2"].status == "done"
    dead, slow = by_name["死"], by_name["慢"]
    assert (dead.status, dead.error["kind"], dead.error["name"]) == ("failed", "dead_kernel", "DeadKernelError")
    assert (slow.status, slow.error["kind"], slow.error["name"]) == ("failed", "timeout", "CellTimeoutError")
    # The cell is named: the parameters cell, papermill's injected one, the load, then os._exit (4), sleep (5).
    assert (dead.error["cell"], slow.error["cell"]) == (4, 5)
    assert (out / "死" / "01_check.ipynb").exists() and (out / "慢" / "01_check.ipynb").exists()
    page = dashboard.write(results, out)["html"].read_text(encoding="utf-8")
    assert "死：阶段 1，第 4 个代码格运行时内核意外退出" in page
    assert "慢：阶段 1，第 5 个代码格运行超时" in page
    assert "2 位有阶段失败" in page
    assert 'href="%E6%9D%8E%E5%A8%9C%232/01_check.html"' in page
    # What the kernels print goes to their logs, not the trainer's terminal.
    assert (out / "慢" / ".kit" / "01.kernel.log").exists()
def test_a_stage_after_one_that_ran_again_runs_again(tmp_path):
    """Stage 2 reads stage 1's saved work: when stage 1 runs again, stage 2 does too, even
    though its own inputs did not change; nothing changed, nothing runs."""
    folder = tmp_path / "workshops"
    folder.mkdir()
    for name in ("01_first.ipynb", "02_second.ipynb"):
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell('data = ""\ntrainee = ""\nout_dir = ""\nlang = "zh"',
                                      metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(f"print({name!r})")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}})
        nbformat.write(nb, folder / name)
    data, out = tmp_path / "刘洋.csv", tmp_path / "out"
    shutil.copy(SMALL, data)
    statuses = lambda: [s.status for s in cohort.run_trainee(data, "刘洋", out,  # noqa: E731
                                                              notebooks=folder).stages]
    assert statuses() == ["done", "done"]
    assert statuses() == ["skipped", "skipped"]
    first = nbformat.read(folder / "01_first.ipynb", as_version=4)
    first.cells[1].source += "\nprint('changed')"
    nbformat.write(first, folder / "01_first.ipynb")
    assert statuses() == ["done", "done"]
