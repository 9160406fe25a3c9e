"""Memory and CPU per trainee on the class hub (deploy/jupyterhub/), and what a server holds.

    .venv/bin/python benchmarks/bench_hub_memory.py [--trainees 3] [--notebook workshops/01_business_review.ipynb]

Starts the hub of deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1 (a class
folder under out/bench/hub/), logs N trainees in, starts their servers and
measures, from the processes themselves (psutil):

- hub + proxy, and one idle single-user server (no kernel);
- one trainee running the stage notebook alone, cell by cell through the
  kernel websocket as JupyterLab does, memory sampled every 0.2 s: the peak of
  server + kernel (RSS, and PSS, which splits shared pages so it adds up over
  trainees), the same with the notebook finished and its kernel still open
  (how a trainee leaves it), and the kernel's CPU seconds;
- all N trainees running it at the same moment: wall time.

Then the sizing it implies for a 2-core / 8 GB server. Everything it started
is stopped at the end (by PID).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))
from hubclient import LocalHub, User  # noqa: E402

OUT = ROOT / "out" / "bench" / "hub"
PASSWORD = "bench-class-pass"
MB = 1024 * 1024
SERVER_GB, RESERVED_GB, CORES = 8, 1.5, 2  # the server sized for; OS + page cache kept free


def memory(processes: list[psutil.Process]) -> tuple[float, float]:
    """(RSS, PSS) in MB summed over `processes` (gone ones count 0)."""
    rss = pss = 0
    for p in processes:
        try:
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        except psutil.NoSuchProcess:
            pass
    return rss / MB, pss / MB


def server_process(hub: LocalHub, name: str) -> psutil.Process:
    for p in hub.note_processes():
        try:
            if "jupyterhub-singleuser" in " ".join(p.cmdline()) and p.environ().get("JUPYTERHUB_USER") == name:
                return p
        except psutil.NoSuchProcess:
            continue
    raise RuntimeError(f"no server process for {name}")


def run_measured(person: User, server: psutil.Process, notebook: str) -> dict:
    """Run `notebook` in the trainee's server, sampling server + kernel memory meanwhile."""
    cells = person.get_file(notebook)["content"]["cells"]
    session_id, kernel_id = person.open_notebook(notebook)
    peak = [0.0, 0.0]
    stop = threading.Event()

    def family() -> list[psutil.Process]:
        return [server, *server.children(recursive=True)]

    def sample() -> None:
        while not stop.is_set():
            rss, pss = memory(family())
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        with person.kernel(kernel_id) as kernel:
            kernel.wait_ready()
            kernel_proc = next(p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline()))
            cpu0 = sum(kernel_proc.cpu_times()[:2])
            started = time.perf_counter()
            for cell in cells:
                if cell["cell_type"] == "code":
                    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                    run = kernel.execute(source, timeout=600)
                    if run.status != "ok":
                        raise RuntimeError(f"{notebook} failed for {person.name}: {run.error}")
            seconds = time.perf_counter() - started
            cpu = sum(kernel_proc.cpu_times()[:2]) - cpu0
            time.sleep(1)
            open_rss, open_pss = memory(family())
    finally:
        stop.set()
        sampler.join()
        person.close_session(session_id)
    return {"peak_rss": peak[0], "peak_pss": peak[1], "open_rss": open_rss, "open_pss": open_pss,
            "seconds": seconds, "cpu": cpu}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=3)
    parser.add_argument("--notebook", default="workshops/01_business_review.ipynb")
    args = parser.parse_args()

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    hub = LocalHub(OUT, {"KIT_HUB_PASSWORD": PASSWORD})
    try:
        people = [User(hub.url, f"trainee{i + 1:02d}") for i in range(args.trainees)]

        def arrive(person: User) -> User:
            assert person.login(PASSWORD)
            person.create_token("bench")
            person.start_server()
            return person

        with ThreadPoolExecutor(len(people)) as pool:
            list(pool.map(arrive, people))
        servers = {p.name: server_process(hub, p.name) for p in people}
        hub_self = psutil.Process(hub.proc.pid)
        proxy = [p for p in hub_self.children() if "configurable-http-proxy" in " ".join(p.cmdline())]
        time.sleep(2)
        hub_rss, hub_pss = memory([hub_self, *proxy])
        idle_rss, idle_pss = memory([servers[people[0].name]])

        alone = run_measured(people[0], servers[people[0].name], args.notebook)

        started = time.perf_counter()
        with ThreadPoolExecutor(len(people)) as pool:
            together = list(pool.map(lambda p: run_measured(p, servers[p.name], args.notebook), people))
        together_s = time.perf_counter() - started
    finally:
        hub.stop()

    per_trainee = max(alone["peak_rss"], max(t["peak_rss"] for t in together))
    per_trainee_pss = max(alone["peak_pss"], max(t["peak_pss"] for t in together))
    budget = (SERVER_GB - RESERVED_GB) * 1024 - hub_rss
    print(f"notebook: {args.notebook} on the ABC case; {args.trainees} trainees; "
          f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 1024**3:.0f} GB here")
    print(f"hub + proxy:                         RSS {hub_rss:6.0f} MB   PSS {hub_pss:6.0f} MB")
    print(f"idle server (logged in, no kernel):  RSS {idle_rss:6.0f} MB   PSS {idle_pss:6.0f} MB")
    print(f"server + kernel, stage running peak: RSS {alone['peak_rss']:6.0f} MB   PSS {alone['peak_pss']:6.0f} MB")
    print(f"server + kernel, notebook left open: RSS {alone['open_rss']:6.0f} MB   PSS {alone['open_pss']:6.0f} MB")
    print(f"one trainee alone: {alone['seconds']:.1f} s wall, {alone['cpu']:.1f} s kernel CPU")
    print(f"{args.trainees} trainees at once: {together_s:.1f} s wall "
          f"(peak per trainee RSS {max(t['peak_rss'] for t in together):.0f} MB, "
          f"PSS {max(t['peak_pss'] for t in together):.0f} MB)")
    print(f"sizing, {CORES} cores / {SERVER_GB} GB with {RESERVED_GB} GB kept for the system:")
    print(f"  memory: {budget / per_trainee:.0f} trainees with a stage running at the worst RSS "
          f"({per_trainee:.0f} MB each), {budget / per_trainee_pss:.0f} counting PSS "
          f"({per_trainee_pss:.0f} MB each)")
    for n in (10, 20, 30):
        print(f"  CPU: {n} trainees pressing 'run all' together wait about "
              f"{n * alone['cpu'] / CORES:.0f} s for the stage (kernel CPU x {n} / {CORES} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
