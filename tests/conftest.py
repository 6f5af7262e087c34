import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.faces import find_face

sys.path.insert(0, str(Path(__file__).parent))  # the stand-in hub helper

ROOT = Path(__file__).resolve().parents[1]
PAINTED_HAIR = (70, 45, 30)  # RGB: the dark brown hair haired_photo paints


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


@pytest.fixture(scope="module")
def photo(faces_root):
    """A 300×340 photo of one val face on a plain background, and its landmarks [68,2] in the photo's pixels."""
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    image = Image.new("RGB", (300, 340), (90, 120, 150))
    image.paste(face.resize((180, 180), Image.BICUBIC), (60, 70))
    return image, find_face(image).landmarks


@pytest.fixture(scope="module")
def haired_photo(photo):
    """``photo`` with dark brown hair painted over the top of its head down to a hairline halfway between the brows
    and the crop's top; its landmarks [68,2] in the photo's pixels; the hair's map (weights [H,W] in 0..1 and their
    box, the whole photo) and the hairline's row."""
    image, points = photo
    hairline = int((points[17:27, 1].min() + 70) / 2)
    rows, columns = np.mgrid[0:340, 0:300]
    hair = ((rows - hairline) ** 2 / 90 ** 2 + (columns - 150) ** 2 / 95 ** 2 < 1) & (rows <= hairline)
    rgb = np.asarray(image).copy()
    streaks = np.random.default_rng(0).normal(0, 8, (1, 300)).repeat(340, 0)[..., None]  # strands running down
    rgb[hair] = (np.asarray(PAINTED_HAIR, float) + streaks)[hair].clip(0, 255).astype(np.uint8)
    return rgb, points, (hair.astype(np.float32), (0, 0, 340, 300)), hairline
