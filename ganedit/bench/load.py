"""Many users at once: ``python -m ganedit.bench.load --clients 20 --seconds 60``.

Starts ``python app.py`` on a free 127.0.0.1 port, then N concurrent gradio_client users, each with
its own session, for a bounded time: each makes a random face once, then alternates slider moves
(/move_sliders) with, every fifth request, a 4× upscale of a 128×128 image (/upscale). Prints requests
served, errors, p50/p95 latency per endpoint and the server's peak memory. Traffic stays on loopback.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
from PIL import Image

from ganedit.api import attribute_names
from ganedit.bench.common import print_table

ROOT = Path(__file__).resolve().parents[2]


def start_app() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False")
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(180):
        try:
            urllib.request.urlopen(url, timeout=5)
            return process, url
        except OSError:
            time.sleep(1)
    process.kill()
    raise SystemExit("the app did not start within 3 minutes")


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def user(url: str, deadline: float, image: str, seed: int, results: dict, lock: threading.Lock) -> None:
    from gradio_client import Client, handle_file

    client = Client(url, verbose=False)
    client.predict(seed, api_name="/random_face")
    names = attribute_names()
    for turn in range(10**6):
        if time.monotonic() > deadline:
            return
        endpoint = "/upscale" if turn % 5 == 4 else "/move_sliders"
        move = {names[turn % len(names)]: round(float(np.sin(turn)), 2)}
        args = (handle_file(image), 0.0) if endpoint == "/upscale" else (move, [])
        start = time.perf_counter()
        try:
            client.predict(*args, api_name=endpoint)
            outcome = time.perf_counter() - start
        except Exception as error:  # any failure counts as an error of this endpoint
            outcome = repr(error)
        with lock:
            results.setdefault(endpoint, []).append(outcome)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--seconds", type=float, default=60)
    args = p.parse_args(argv)
    image = Path(tempfile.mkdtemp()) / "small.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (128, 128, 3), dtype=np.uint8)).save(image)
    process, url = start_app()
    results, lock = {}, threading.Lock()
    deadline = time.monotonic() + args.seconds
    try:
        threads = [threading.Thread(target=user, args=(url, deadline, str(image), i, results, lock))
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 300)
        memory = peak_memory_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    rows = []
    for endpoint, outcomes in sorted(results.items()):
        times = [o for o in outcomes if isinstance(o, float)]
        errors = [o for o in outcomes if not isinstance(o, float)]
        p50, p95 = (1000 * np.percentile(times, q) for q in (50, 95)) if times else (float("nan"),) * 2
        rows.append([endpoint, len(times), len(errors), p50, p95])
        if errors:
            print(f"{endpoint}: first error: {errors[0]}")
    print(f"{args.clients} clients for {args.seconds:g} s; server peak memory {memory:.0f} MB")
    print_table(["endpoint", "served", "errors", "p50 (ms)", "p95 (ms)"], rows)


if __name__ == "__main__":
    main()
