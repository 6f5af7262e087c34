import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ganedit.data import DEFAULT_FACES

sys.path.insert(0, str(Path(__file__).parent))  # the stand-in hub helper

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny_weights(tmp_path_factory, monkeypatch):
    """Point the loader at tiny random face models for the length of one test."""
    from ganedit.pretrained import forget_loaded
    from tiny import write_tiny_weights

    root = tmp_path_factory.getbasetemp() / "tiny-weights"
    if not root.exists():
        write_tiny_weights(root)
    monkeypatch.setenv("GANEDIT_WEIGHTS", str(root))
    forget_loaded()
    yield root
    forget_loaded()


@pytest.fixture(scope="session")
def faces_root() -> Path:
    if not (DEFAULT_FACES / "split.csv").exists():
        pytest.skip(f"face data not found at {DEFAULT_FACES} (CI has it beside the repo as ../shared)")
    return DEFAULT_FACES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    """``python app.py`` started on a free 127.0.0.1 port, as a user would start it."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("app") / "app.log", "w+")
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False")
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_serving(url: str, process: subprocess.Popen, log, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"app.py exited with {process.returncode}:\n{log.read()}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"app.py did not answer at {url} within {timeout} s")
