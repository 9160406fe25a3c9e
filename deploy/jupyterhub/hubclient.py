"""Drive a JupyterHub the way a trainee's browser does: log in, start the server,
read and write files, run a notebook's cells in a kernel.

Used by tests/test_jupyterhub.py and benchmarks/bench_hub_memory.py; a trainer
can use it to check a class server before the class (``smoke`` below)::

    python deploy/jupyterhub/hubclient.py http://127.0.0.1:8000 --user smoketest

:class:`LocalHub` starts a throw-away hub from jupyterhub_config.py on
127.0.0.1 (free ports, a class folder of its own) and stops it and every
process under it, by PID. Needs ``requests``, ``websocket-client`` and
``psutil`` (the ``hub`` extra).
"""

from __future__ import annotations

import argparse
import base64
import getpass
import json
import os
import socket
import struct
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import psutil
import requests
import websocket

HERE = Path(__file__).resolve().parent
# jupyterhub_config.py runs it with the venv's node when KIT_HUB_PROXY is not set.
LOCAL_PROXY = (HERE.parents[1] / ".venv" / "hub-npm" / "node_modules" / "configurable-http-proxy"
               / "bin" / "configurable-http-proxy")


class HubError(RuntimeError):
    pass


@dataclass
class CellRun:
    """What one code cell did: its reply status, the MIME types it displayed, its error."""

    index: int
    status: str
    mimetypes: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    stdout: str = ""
    error: dict | None = None


class User:
    """One person in front of the hub: a cookie session after :meth:`login`, then a token."""

    def __init__(self, hub_url: str, name: str):
        self.hub_url = hub_url.rstrip("/")
        self.name = name
        self.http = requests.Session()
        self.token: str | None = None

    # --- the hub ---
    def login(self, password: str) -> bool:
        """Submit the real login form (with its xsrf field); True if the hub let us in."""
        page = self.http.get(f"{self.hub_url}/hub/login", timeout=30)
        page.raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", "")
        reply = self.http.post(f"{self.hub_url}/hub/login",
                               data={"username": self.name, "password": password, "_xsrf": xsrf},
                               allow_redirects=False, timeout=60)
        return reply.status_code in (301, 302, 303) and "/hub/login" not in reply.headers.get("location", "")

    def create_token(self, note: str = "hubclient", expires_in: int = 4 * 3600) -> str:
        """An API token for this user, made with the login cookie as the hub's token page does."""
        reply = self.http.post(f"{self.hub_url}/hub/api/users/{quote(self.name)}/tokens",
                               json={"note": note, "expires_in": expires_in},
                               headers={"X-XSRFToken": self.http.cookies.get("_xsrf", "")}, timeout=30)
        if reply.status_code != 201:
            raise HubError(f"token for {self.name}: {reply.status_code} {reply.text[:300]}")
        self.token = reply.json()["token"]
        return self.token

    def _headers(self) -> dict:
        return {"Authorization": f"token {self.token}"} if self.token else {}

    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        kw.setdefault("timeout", 60)
        return requests.request(method, f"{self.hub_url}/hub/api/{path.lstrip('/')}",
                                headers=self._headers(), **kw)

    def model(self, user: str | None = None) -> dict:
        reply = self.hub_api("GET", f"users/{quote(user or self.name)}")
        reply.raise_for_status()
        return reply.json()

    def start_server(self, timeout: float = 180) -> None:
        reply = self.hub_api("POST", f"users/{quote(self.name)}/server")
        if reply.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(f"start {self.name}: {reply.status_code} {reply.text[:300]}")
        self._wait(lambda s: s is not None and s.get("ready"), timeout, "ready")

    def stop_server(self, timeout: float = 120) -> None:
        reply = self.hub_api("DELETE", f"users/{quote(self.name)}/server")
        if reply.status_code not in (202, 204):
            raise HubError(f"stop {self.name}: {reply.status_code} {reply.text[:300]}")
        self._wait(lambda s: s is None, timeout, "stopped")

    def _wait(self, done, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.model().get("servers", {}).get("")
            if done(server):
                return
            time.sleep(0.5)
        raise HubError(f"server of {self.name} not {what} after {timeout:.0f} s")

    # --- the user's own Jupyter server, through the hub's proxy ---
    def server_url(self, user: str | None = None) -> str:
        return f"{self.hub_url}/user/{quote(user or self.name)}"

    def server_api(self, method: str, path: str, user: str | None = None, **kw) -> requests.Response:
        """A request to the Jupyter Server REST API of `user`'s server (default: our own)."""
        kw.setdefault("timeout", 60)
        kw.setdefault("allow_redirects", False)
        return requests.request(method, f"{self.server_url(user)}/api/{path.lstrip('/')}",
                                headers=self._headers(), **kw)

    def get_file(self, path: str) -> dict:
        reply = self.server_api("GET", f"contents/{quote(path)}", params={"content": 1})
        reply.raise_for_status()
        return reply.json()

    def put_notebook(self, path: str, notebook: dict) -> None:
        reply = self.server_api("PUT", f"contents/{quote(path)}",
                                json={"type": "notebook", "format": "json", "content": notebook})
        reply.raise_for_status()

    def upload(self, path: str, data: bytes) -> None:
        """Upload a file as JupyterLab's file browser does (base64 through the contents API)."""
        reply = self.server_api("PUT", f"contents/{quote(path)}",
                                json={"type": "file", "format": "base64",
                                      "content": base64.b64encode(data).decode()})
        reply.raise_for_status()

    def open_notebook(self, path: str, kernel: str = "python3") -> tuple[str, str]:
        """Open a notebook as JupyterLab does (a session): returns (session id, kernel id);
        the kernel's working folder is the notebook's folder."""
        reply = self.server_api("POST", "sessions", json={
            "path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
            "kernel": {"name": kernel}})
        if reply.status_code != 201:
            raise HubError(f"session for {path}: {reply.status_code} {reply.text[:300]}")
        body = reply.json()
        return body["id"], body["kernel"]["id"]

    def run_code(self, code: str, path: str = "hubclient.ipynb", timeout: float = 300) -> CellRun:
        """Run one piece of code in a new kernel opened for `path` (its folder is the
        working folder); the kernel is shut down afterwards."""
        session_id, kernel_id = self.open_notebook(path)
        try:
            with self.kernel(kernel_id) as kernel:
                kernel.wait_ready(timeout=120)
                return kernel.execute(code, timeout)
        finally:
            self.close_session(session_id)

    def close_session(self, session_id: str) -> None:
        self.server_api("DELETE", f"sessions/{session_id}")

    def kernel(self, kernel_id: str) -> Kernel:
        split = urlsplit(self.hub_url)
        scheme = "wss" if split.scheme == "https" else "ws"
        url = (f"{scheme}://{split.netloc}{split.path}/user/{quote(self.name)}"
               f"/api/kernels/{kernel_id}/channels")
        return Kernel(url, self._headers())

    def run_notebook(self, path: str, timeout: float = 300) -> list[CellRun]:
        """Run every code cell of `path` (the copy in the user's home) in a new kernel of
        the user's server, in order, stopping at the first error."""
        notebook = self.get_file(path)["content"]
        session_id, kernel_id = self.open_notebook(path)
        runs = []
        try:
            with self.kernel(kernel_id) as kernel:
                kernel.wait_ready(timeout=120)
                deadline = time.monotonic() + timeout
                for index, cell in enumerate(notebook["cells"]):
                    if cell["cell_type"] != "code":
                        continue
                    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                    run = kernel.execute(source, max(1.0, deadline - time.monotonic()))
                    run.index = index
                    runs.append(run)
                    if run.status != "ok":
                        break
        finally:
            self.close_session(session_id)
        return runs


class Kernel:
    """A kernel's websocket (Jupyter Server's default JSON protocol)."""

    RECORD_MIME = "application/vnd.kit.record+json"

    def __init__(self, url: str, headers: dict):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(f"{url}?session_id={self.session}",
                                              header=[f"{k}: {v}" for k, v in headers.items()],
                                              timeout=30)

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *exc) -> None:
        self.ws.close()

    def _send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "hubclient",
                       "session": self.session, "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content,
            "channel": channel, "buffers": []}))
        return msg_id

    def _receive(self, deadline: float) -> dict:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from the kernel in time")
            self.ws.settimeout(left)
            frame = self.ws.recv()
            if isinstance(frame, bytes):  # a message with binary buffers
                (count,) = struct.unpack("!I", frame[:4])
                offsets = struct.unpack(f"!{count}I", frame[4:4 + 4 * count])
                end = offsets[1] if count > 1 else len(frame)
                frame = frame[offsets[0]:end].decode()
            return json.loads(frame)

    def wait_ready(self, timeout: float = 120) -> None:
        """Ask for kernel_info until the kernel answers (it may still be starting)."""
        deadline = time.monotonic() + timeout
        while True:
            msg_id = self._send("kernel_info_request", {})
            try:
                answer_by = min(deadline, time.monotonic() + 5)
                while True:
                    msg = self._receive(answer_by)
                    if msg["msg_type"] == "kernel_info_reply" and msg["parent_header"].get("msg_id") == msg_id:
                        return
            except (TimeoutError, websocket.WebSocketTimeoutException):
                if time.monotonic() >= deadline:
                    raise TimeoutError("kernel did not start in time") from None

    def execute(self, code: str, timeout: float) -> CellRun:
        msg_id = self._send("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        run = CellRun(index=-1, status="")
        deadline = time.monotonic() + timeout
        idle = False
        while not (run.status and idle):
            msg = self._receive(deadline)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "execute_reply":
                run.status = content["status"]
                if content["status"] == "error" and run.error is None:
                    run.error = {k: content.get(k) for k in ("ename", "evalue")}
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "error":
                run.error = {"ename": content["ename"], "evalue": content["evalue"],
                             "traceback": content.get("traceback", [])[-3:]}
            elif kind == "stream":
                run.stdout += content["text"] if content["name"] == "stdout" else ""
            elif kind in ("display_data", "execute_result", "update_display_data"):
                run.mimetypes += list(content["data"])
                if self.RECORD_MIME in content["data"]:
                    run.records.append(content["data"][self.RECORD_MIME])
        return run


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class LocalHub:
    """A JupyterHub started from jupyterhub_config.py on 127.0.0.1, in `folder`.

    `env` adds KIT_HUB_* settings (passwords, admins, roster). Everything under
    the hub process (proxy, servers, kernels) is remembered by PID as it is
    seen (:meth:`note_processes`), so :meth:`stop` ends exactly what was started.
    """

    def __init__(self, folder: Path, env: dict[str, str], timeout: float = 90):
        if not LOCAL_PROXY.exists():
            raise HubError(f"configurable-http-proxy is not installed at {LOCAL_PROXY}: run `make hub`")
        jupyterhub = Path(sys.executable).with_name("jupyterhub")
        if not jupyterhub.exists():
            raise HubError("jupyterhub is not installed: pip install -e '.[hub]' (make test does)")
        port, hub_port, api_port = free_ports(3)
        self.url = f"http://127.0.0.1:{port}"
        self.root = Path(folder) / "class"
        self.log = Path(folder) / "hub.log"
        config = Path(folder) / "jupyterhub_config.py"
        config.write_text(
            "c = get_config()  # noqa\n"
            f"load_subconfig({str(HERE / 'jupyterhub_config.py')!r})  # noqa\n"
            f"c.JupyterHub.hub_port = {hub_port}\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'\n",
            encoding="utf-8")
        inherited = {k: v for k, v in os.environ.items() if k != "KIT_HUB_PROXY"}  # LOCAL_PROXY
        env = {**inherited, "KIT_CLASS_ROOT": str(self.root), "KIT_HUB_IP": "127.0.0.1",
               "KIT_HUB_PORT": str(port), **env}
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([str(jupyterhub), "-f", str(config)], cwd=folder, env=env,
                                         stdout=log, stderr=subprocess.STDOUT)
        self.started: dict[int, psutil.Process] = {}
        self._wait_up(timeout)

    def _wait_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HubError(f"jupyterhub exited ({self.proc.returncode}):\n{self.tail()}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        self.stop()
        raise HubError(f"jupyterhub not up after {timeout} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def note_processes(self) -> list[psutil.Process]:
        """Remember the processes under the hub now (proxy, servers, kernels)."""
        try:
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                self.started.setdefault(child.pid, child)
        except psutil.NoSuchProcess:
            pass
        return list(self.started.values())

    def alive(self) -> list[psutil.Process]:
        """Processes of ours still running (the hub itself included)."""
        alive = []
        for p in self.started.values():
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        return alive + ([psutil.Process(self.proc.pid)] if self.proc.poll() is None else [])

    def stop(self) -> None:
        """Stop the hub (it stops the proxy and the servers), then anything of ours left."""
        self.note_processes()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        leftovers = [p for p in self.started.values() if p.is_running()]  # checks create time too
        for p in leftovers:
            p.terminate()
        _, still = psutil.wait_procs(leftovers, timeout=10)
        for p in still:
            p.kill()


def smoke(url: str, user: str, password: str, notebook: str) -> int:
    """Log in, start the server, run `notebook` there, stop the server; print what happened."""
    person = User(url, user)
    if not person.login(password):
        print(f"login as {user} refused")
        return 1
    person.create_token("smoke test", expires_in=900)
    started = time.monotonic()
    person.start_server()
    print(f"server of {user} ready in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    runs = person.run_notebook(notebook)
    failed = [r for r in runs if r.status != "ok"]
    print(f"{notebook}: {len(runs)} code cells in {time.monotonic() - started:.1f} s, "
          f"{sum(len(r.records) for r in runs)} results recorded, "
          + (f"FAILED at cell {failed[0].index}: {failed[0].error}" if failed else "no errors"))
    person.stop_server()
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Smoke-test a class hub: log in, run a notebook.")
    parser.add_argument("url", help="the hub's address, e.g. http://127.0.0.1:8000")
    parser.add_argument("--user", default="smoketest")
    parser.add_argument("--notebook", default="workshops/00_start_here.ipynb")
    args = parser.parse_args()
    sys.exit(smoke(args.url, args.user, getpass.getpass(f"password for {args.user}: "), args.notebook))
