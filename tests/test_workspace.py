import json
import os

import pytest

from kit.workspace import load, safe_export_path, safe_name, save, workdir


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))
    return tmp_path / "work"


# ---------------------------------------------------------------- names and folders


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("张伟", "张伟"),
        ("  张 伟  ", "张 伟"),
        ("../../etc", "etc"),
        ("a/b", "a_b"),
        ("a\\..\\b", "a_b"),
        ("/", "trainee"),
        ("..", "trainee"),
        ("CON", "_CON"),
        ("nul", "_nul"),
        ("com1.txt", "_com1.txt"),
        ("CONSOLE", "CONSOLE"),
        ("李\x00娜\n", "李娜"),
        ('王<芳>:?*"|', "王芳"),
        ("...hidden.", "hidden"),
        ("", "trainee"),
        ("   \t", "trainee"),
        (None, "trainee"),
    ],
)
def test_safe_name(raw, safe):
    assert safe_name(raw) == safe


def test_safe_name_fits_a_file_system_name_limit():
    name = safe_name("张" * 300)
    assert name == "张" * 66  # 200 bytes / 3 bytes a character, whole characters only
    assert len(name.encode("utf-8")) <= 200


def test_workdir_default_base_is_work_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_WORKDIR")
    monkeypatch.chdir(tmp_path)
    folder = workdir("张伟")
    assert folder == tmp_path.joinpath("work", "张伟").relative_to(tmp_path)
    assert (tmp_path / "work" / "张伟").is_dir()


def test_workdir_env_var_and_base_argument(tmp_path, workdir_env):
    assert workdir("a/b") == workdir_env / "a_b"
    assert workdir() == workdir_env / "trainee"
    assert workdir("", base=tmp_path / "other") == tmp_path / "other" / "trainee"
    assert (tmp_path / "other" / "trainee").is_dir()


@pytest.mark.parametrize("unsafe", ["../../etc", "..", "/tmp/evil", "a/../../b"])
def test_workdir_never_leaves_the_base(workdir_env, unsafe):
    folder = workdir(unsafe).resolve()
    assert folder.parent == workdir_env.resolve()


# ---------------------------------------------------------------- json autosave


def test_save_and_load_round_trip_utf8(workdir_env):
    data = {"目标": 1200000, "rows": [1.5, None, "东区"]}
    path = save("plan", data, trainee="张伟")
    assert path == workdir_env / "张伟" / "plan.json"
    raw = path.read_bytes().decode("utf-8")
    assert "目标" in raw  # ensure_ascii=False: readable Chinese, not \\u escapes
    assert json.loads(raw) == {"kit_format": 2, "type": "json", "data": data}
    assert load("plan", trainee="张伟").value == data


def test_load_missing_gives_default_and_creates_nothing(workdir_env):
    assert load("nothing").value is None
    assert load("nothing", default={}, trainee="张伟").value == {}
    assert not workdir_env.exists()


def test_trainees_do_not_share_files():
    save("plan", {"who": "a"}, trainee="a")
    save("plan", {"who": "b"}, trainee="b")
    assert load("plan", trainee="a").value == {"who": "a"}


def test_save_replaces_and_leaves_no_temp_files(workdir_env):
    save("plan", {"v": 1})
    save("plan", {"v": 2})
    assert load("plan").value == {"v": 2}
    assert os.listdir(workdir_env / "trainee") == ["plan.json"]


def test_failed_serialisation_keeps_the_previous_file(workdir_env):
    save("plan", {"v": 1})
    before = (workdir_env / "trainee" / "plan.json").read_bytes()
    with pytest.raises(TypeError):
        save("plan", {"v": object()})
    assert (workdir_env / "trainee" / "plan.json").read_bytes() == before
    assert os.listdir(workdir_env / "trainee") == ["plan.json"]


def test_failed_write_removes_the_temp_file(workdir_env, monkeypatch):
    save("plan", {"v": 1})

    def broken_replace(src, dst):
        raise OSError("disk full")

    with monkeypatch.context() as patch, pytest.raises(OSError, match="disk full"):
        patch.setattr(os, "replace", broken_replace)
        save("plan", {"v": 2})
    assert load("plan").value == {"v": 1}
    assert os.listdir(workdir_env / "trainee") == ["plan.json"]


def test_unreadable_file_is_moved_aside_not_lost(workdir_env):
    folder = workdir()
    (folder / "plan.json").write_text("{half written", encoding="utf-8")
    with pytest.warns(UserWarning, match="plan.corrupt.json"):
        assert load("plan", default={}).value == {}
    assert (folder / "plan.corrupt.json").read_text(encoding="utf-8") == "{half written"
    assert not (folder / "plan.json").exists()


@pytest.mark.parametrize("name", ["", "..", "/"])
def test_unusable_json_names_are_refused(name):
    with pytest.raises(ValueError):
        save(name, {})


# ---------------------------------------------------------------- exports


def test_safe_export_path_finds_the_next_free_name(tmp_path):
    target = tmp_path / "计划.xlsx"
    assert safe_export_path(target) == target
    target.write_bytes(b"1")
    assert safe_export_path(target) == tmp_path / "计划 (2).xlsx"
    (tmp_path / "计划 (2).xlsx").write_bytes(b"2")
    assert safe_export_path(str(target)) == tmp_path / "计划 (3).xlsx"
    assert safe_export_path(target, overwrite=True) == target
    # Nothing was written or removed.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["计划 (2).xlsx", "计划.xlsx"]


def test_saved_files_are_readable_by_the_group_like_any_other_file(tmp_path, monkeypatch):
    import stat

    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path))
    old = os.umask(0o022)
    try:
        path = save("plan", {"a": 1}, trainee="张伟")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_set_base_moves_the_work_folders(tmp_path, monkeypatch):
    from kit.workspace import set_base

    monkeypatch.delenv("KIT_WORKDIR", raising=False)
    set_base(tmp_path / "课堂")
    assert workdir("李娜") == tmp_path / "课堂" / "李娜"
    assert (tmp_path / "课堂" / "李娜").is_dir()


def test_an_na_figure_comes_back_as_nan_not_as_a_corrupt_file(workdir_env):
    """A JBP part with an n/a indicator (no targets: achievement n/a) is saved as null and
    read back as NaN; before, the file was taken for corrupt and moved aside."""
    import math

    from kit.jbp.document import Jbp, Part

    save("jbp_D05", Jbp("D05", brand_review=Part({"sell_in": 10.0, "achievement": float("nan")})))
    loaded = load("jbp_D05", Jbp)
    assert loaded.message is None
    assert loaded.value.brand_review.indicators["sell_in"] == 10.0
    assert math.isnan(loaded.value.brand_review.indicators["achievement"])
    assert not list(workdir_env.rglob("*.corrupt.json"))
