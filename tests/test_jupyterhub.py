"""The kit on JupyterHub for a class: deploy/jupyterhub/jupyterhub_config.py, for real.

Starts JupyterHub (with configurable-http-proxy from `make hub`) on 127.0.0.1
with free ports and a class folder under tmp, and drives it over HTTP the way
trainees' browsers do (deploy/jupyterhub/hubclient.py): the login form, a token
made with the login cookie, the hub's REST API to start servers, each
single-user server's REST API and kernel websocket to run notebooks. Every
process it started (the hub and, by their PIDs, the proxy, servers and kernels
under it) is stopped at the end.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))
from hubclient import HubError, LocalHub, User  # noqa: E402

TRAINEES = ("zhangwei", "lina", "liuyang")
TRAINER = "trainer"
PASSWORD = "class-pass-2024"
ADMIN_PASSWORD = "trainer-" + "x" * 32
NOTEBOOK = "workshops/00_start_here.ipynb"  # the one trainees edit in the restart test
STAGE = "workshops/01_business_review.ipynb"  # stage 1, run in every trainee's server
SAMPLE_FILES = {"zhangwei": "刘洋_华北区.csv", "lina": "李娜_华南区.csv"}  # liuyang sends none


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hub")
    roster = folder / "roster.txt"
    roster.write_text("# trainees\n" + "\n".join(TRAINEES) + "\n", encoding="utf-8")
    try:
        server = LocalHub(folder, {"KIT_HUB_PASSWORD": PASSWORD, "KIT_HUB_ADMIN_PASSWORD": ADMIN_PASSWORD,
                                   "KIT_HUB_ADMINS": TRAINER, "KIT_HUB_ROSTER": str(roster)})
    except HubError as error:  # not installed, or did not start: a failure, never a skip
        pytest.fail(str(error))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def trainees(hub):
    """The three trainees, logged in through the form, each with a running server."""
    def arrive(name: str) -> User:
        person = User(hub.url, name)
        assert person.login(PASSWORD), f"{name} could not log in:\n{hub.tail()}"
        person.create_token(note="test")
        person.start_server()
        return person

    with ThreadPoolExecutor(len(TRAINEES)) as pool:
        people = dict(zip(TRAINEES, pool.map(arrive, TRAINEES), strict=True))
    hub.note_processes()
    return people


def test_login_form_lets_in_the_class_and_only_the_class(hub):
    assert not User(hub.url, "zhangwei").login("wrong-password")
    assert not User(hub.url, "stranger").login(PASSWORD), "a name not on the roster got in"
    assert not User(hub.url, "trainees").login(PASSWORD), "a comment in the roster is not a name"
    assert not User(hub.url, "张伟").login(PASSWORD), "user names are pinyin (folder- and URL-safe)"
    assert not User(hub.url, TRAINER).login(PASSWORD), "the trainer needs the trainer password"


def test_each_home_starts_with_the_workshops_and_the_case_data(hub, trainees):
    for name, person in trainees.items():
        listing = {item["name"] for item in person.get_file("")["content"]}
        assert {"workshops", "datasets", "我的数据"} <= listing, name
        notebooks = {item["name"] for item in person.get_file("workshops")["content"]}
        assert {p.name for p in (ROOT / "workshops").glob("[0-9][0-9]_*.ipynb")} <= notebooks
        assert {"abc", "pharma", "trainees"} <= {i["name"] for i in person.get_file("datasets")["content"]}
        assert (hub.root / "homes" / name / "datasets" / "abc" / "sales.csv.gz").exists()
        assert not (hub.root / "homes" / name / "datasets" / "TRAINER.md").exists()


def test_each_trainee_runs_a_stage_notebook_in_their_own_server(hub, trainees):
    with ThreadPoolExecutor(len(trainees)) as pool:
        results = dict(zip(trainees, pool.map(lambda p: p.run_notebook(STAGE), trainees.values()),
                           strict=True))
    hub.note_processes()
    code_cells = sum(c["cell_type"] == "code"
                     for c in json.loads((ROOT / STAGE).read_text(encoding="utf-8"))["cells"])
    for name, runs in results.items():
        failed = [r for r in runs if r.status != "ok"]
        assert not failed, f"{name}: cell {failed[0].index} failed: {failed[0].error}"
        assert len(runs) == code_cells, name
        recorded = {r["name"] for run in runs for r in run.records}
        assert recorded, f"{name}: the notebook recorded no results (kit.record)"


def test_a_trainee_cannot_reach_another_trainees_files_through_the_server(trainees):
    a, b = trainees["zhangwei"], trainees["lina"]
    assert b.server_api("GET", "contents/workshops").status_code == 200
    # A's token on B's server: files, kernels, terminals.
    assert a.server_api("GET", "contents/workshops", user="lina").status_code == 403
    assert a.server_api("POST", "kernels", user="lina", json={"name": "python3"}).status_code == 403
    assert a.server_api("GET", "terminals", user="lina").status_code == 403
    # A's browser cookie on B's server.
    assert a.http.get(f"{b.server_url()}/api/contents", allow_redirects=False).status_code == 403
    # A's token on the hub's API for B: B is invisible, B's server cannot be started, no token for B.
    assert a.hub_api("GET", "users/lina").status_code == 404
    assert a.hub_api("POST", "users/lina/server").status_code in (403, 404)
    assert a.hub_api("POST", "users/lina/tokens", json={}).status_code in (403, 404)
    # Through A's own server, paths out of A's home are refused (the URL encoded so that
    # no client folds the `..` away before the server sees it).
    headers = {"Authorization": f"token {a.token}"}
    for path in ("%2E%2E/lina/workshops", "..%2Flina%2Fworkshops%2F00_start_here.ipynb",
                 "%2E%2E%2F%2E%2E%2F.hub%2Fjupyterhub.sqlite"):
        reply = requests.get(f"{a.server_url()}/api/contents/{path}", headers=headers, timeout=30)
        assert reply.status_code == 404 and "outside root" in reply.text, path
    copy = a.server_api("POST", "contents/workshops",
                        json={"copy_from": "../lina/workshops/00_start_here.ipynb"})
    assert copy.status_code == 404
    move = a.server_api("PATCH", "contents/workshops/02_goal_setting.ipynb",
                        json={"path": "../lina/02_goal_setting.ipynb"})
    assert move.status_code == 404
    assert a.server_api("GET", "contents/workshops/02_goal_setting.ipynb").status_code == 200
    # No token at all: nothing.
    assert requests.get(f"{b.server_url()}/api/contents", timeout=30,
                        allow_redirects=False).status_code == 403


def test_the_limit_code_in_a_notebook_runs_as_the_same_os_user(hub, trainees):
    """What SimpleLocalProcessSpawner does NOT isolate (deploy/README.md says so): code a
    trainee runs shares the OS user with everyone, so it can open another home. If this
    ever fails, the servers got OS-level isolation and the README should say so."""
    run = trainees["zhangwei"].run_code(
        "import os\nprint(os.getcwd())\n"
        "print(open('../../lina/我的数据/说明.md', encoding='utf-8').read().splitlines()[0])",
        path="workshops/probe.ipynb")
    assert run.status == "ok", run.error
    cwd, first_line = run.stdout.splitlines()
    assert Path(cwd) == hub.root / "homes" / "zhangwei" / "workshops"  # the kernel is in A's home
    assert first_line == "# 我的数据"  # ... and reads B's


def test_a_restart_keeps_every_trainees_edits(hub, trainees):
    marker = "我的笔记：{name} 改过这个笔记本"

    def edit(person: User) -> None:
        notebook = person.get_file(NOTEBOOK)["content"]
        notebook["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "id": "mine",
                                     "source": marker.format(name=person.name)})
        person.put_notebook(NOTEBOOK, notebook)
        person.upload("我的数据/我的文件.csv", b"period,customer_id\n")
        gone = person.server_api("DELETE", "contents/workshops/04_customer_penetration.ipynb")
        assert gone.status_code == 204

    def restart(person: User) -> None:
        person.stop_server()
        person.start_server()

    for person in trainees.values():
        edit(person)
    with ThreadPoolExecutor(len(trainees)) as pool:
        list(pool.map(restart, trainees.values()))
    hub.note_processes()
    for name, person in trainees.items():
        sources = ["".join(c["source"]) for c in person.get_file(NOTEBOOK)["content"]["cells"]]
        assert marker.format(name=name) in sources, f"{name}'s edit was lost on restart"
        assert person.get_file("我的数据/我的文件.csv")["content"].startswith("period,")
        # A deleted notebook comes back fresh: that is how a trainee starts a notebook over.
        assert person.server_api("GET", "contents/workshops/04_customer_penetration.ipynb").status_code == 200


def test_the_trainer_sees_every_home_and_runs_kit_cohort_over_the_class(hub, trainees):
    for name, sample in SAMPLE_FILES.items():  # trainees upload their file into 我的数据/
        trainees[name].upload(f"我的数据/{sample}", (ROOT / "datasets" / "trainees" / sample).read_bytes())
        trainees[name].server_api("DELETE", "contents/我的数据/我的文件.csv")
    trainees["liuyang"].server_api("DELETE", "contents/我的数据/我的文件.csv")

    trainer = User(hub.url, TRAINER)
    assert trainer.login(ADMIN_PASSWORD)
    trainer.create_token(note="test")
    trainer.start_server()
    hub.note_processes()
    homes = {item["name"] for item in trainer.get_file("homes")["content"]}
    assert set(TRAINEES) <= homes
    assert trainer.server_api("GET", "contents/workshops", user="lina").status_code == 200  # admin

    script = DEPLOY / "class_cohort.py"
    code = ("import subprocess, sys\n"
            f"r = subprocess.run([sys.executable, {str(script)!r}, '--root', '.', '--stages', '1',"
            " '--jobs', '2'], capture_output=True, text=True)\n"
            "print(r.stdout[-3000:], r.stderr[-3000:], 'exit', r.returncode)")
    run = trainer.run_code(code, path="班级汇总.ipynb", timeout=400)
    hub.note_processes()
    assert run.status == "ok", run.error
    assert "exit 0" in run.stdout, run.stdout
    assert "no data file in 我的数据/ yet: liuyang, trainer" in run.stdout, run.stdout
    out = hub.root / "cohort" / "out"
    assert (out / "dashboard.html").exists()
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert "zhangwei" in summary and "lina" in summary and "liuyang" not in summary
    for name in SAMPLE_FILES:
        assert (out / name / "01_business_review.ipynb").exists(), name
    assert trainer.get_file("cohort/out/dashboard.html")["type"] == "file"


def test_stopping_the_hub_stops_everything_it_started(hub):
    started = hub.note_processes()
    assert len(started) >= 1 + len(TRAINEES) + 1  # proxy, servers, the trainer's server
    hub.stop()
    assert not hub.alive(), [p.pid for p in hub.alive()]


def test_seed_never_overwrites(tmp_path):
    import seed

    home = tmp_path / "home"
    first = seed.seed(home)
    assert home / "workshops" / "00_start_here.ipynb" in first
    (home / "workshops" / "00_start_here.ipynb").write_text("mine", encoding="utf-8")
    (home / "我的数据" / "说明.md").unlink()
    again = seed.seed(home)
    assert again == [home / "我的数据" / "说明.md"]
    assert (home / "workshops" / "00_start_here.ipynb").read_text(encoding="utf-8") == "mine"
    assert not list(home.rglob(".seed-*"))

