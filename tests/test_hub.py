"""The weights loader against a stand-in Hub served by the test on 127.0.0.1.

huggingface_hub reads HF_ENDPOINT at import, so every load runs in a fresh subprocess.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest
import torch

from ganedit import hub
from ganedit.models.gan import Generator, GeneratorConfig
from stand_in_hub import COMMIT, StandInHub

LOAD = ("from ganedit import hub\n"
        "try:\n"
        "    m = hub.load_component('tiny_g')\n"
        "    print('loaded', sum(p.sum().item() for p in m.parameters()))\n"
        "except hub.WeightsError as e:\n"
        "    print('error:', e)\n")


@pytest.fixture
def repos(tmp_path):
    """A 'remote' folder with a tiny component, and a local weights folder holding only its manifest."""
    remote, local = tmp_path / "remote", tmp_path / "local"
    torch.manual_seed(0)
    hub.save_component("tiny_g", Generator(GeneratorConfig(width=4)), remote)
    local.mkdir()
    shutil.copy(remote / hub.MANIFEST, local)
    return remote, local


def load_in_subprocess(hub_server, local, tmp_path, **extra_env) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "GANEDIT_"))}
    env.update(HF_ENDPOINT=hub_server.url, HF_HOME=str(tmp_path / "hf"), GANEDIT_WEIGHTS=str(local),
               GANEDIT_REPO=hub_server.repo_id, GANEDIT_REVISION=COMMIT, **extra_env)
    result = subprocess.run([sys.executable, "-c", LOAD], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def file_requests(hub_server) -> list[str]:
    return [r for r in hub_server.requests if "/resolve/" in r]


def test_absent_component_is_downloaded_then_served_from_cache(repos, tmp_path):
    remote, local = repos
    with StandInHub(remote) as server:
        first = load_in_subprocess(server, local, tmp_path)
        fetched = file_requests(server)
        second = load_in_subprocess(server, local, tmp_path)
        assert file_requests(server) == fetched  # the second load made no request for a file
    assert first.startswith("loaded") and first == second
    assert any("tiny_g/model.safetensors" in r for r in fetched)


def test_local_component_needs_no_hub(repos, tmp_path):
    remote, _ = repos
    with StandInHub(tmp_path / "empty") as server:
        assert load_in_subprocess(server, remote, tmp_path).startswith("loaded")
        assert file_requests(server) == []


def test_tampered_file_is_refused(repos, tmp_path):
    remote, local = repos
    weights = remote / "tiny_g" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with StandInHub(remote) as server:
        out = load_in_subprocess(server, local, tmp_path)
    assert out.startswith("error:") and "sha256" in out


def test_tampered_local_file_is_refused(repos, monkeypatch):
    remote, _ = repos
    config = remote / "tiny_g" / "config.json"
    config.write_text(config.read_text().replace('"width": 4', '"width": 5'))
    monkeypatch.setenv("GANEDIT_WEIGHTS", str(remote))
    with pytest.raises(hub.WeightsError, match="sha256"):
        hub.load_component("tiny_g")


def test_missing_file_names_what_and_where(repos, tmp_path):
    remote, local = repos
    shutil.rmtree(remote / "tiny_g")
    with StandInHub(remote) as server:
        out = load_in_subprocess(server, local, tmp_path)
    assert out.startswith("error:") and "tiny_g/config.json" in out and str(local) in out and server.repo_id in out


def test_offline_with_empty_cache_gives_clear_error(repos, tmp_path):
    remote, local = repos
    with StandInHub(remote) as server:
        out = load_in_subprocess(server, local, tmp_path, HF_HUB_OFFLINE="1")
        assert file_requests(server) == []
    assert out.startswith("error:") and "not found" in out


def test_saved_component_round_trips_strictly(tmp_path, monkeypatch):
    torch.manual_seed(0)
    model = Generator(GeneratorConfig(width=4)).eval()
    hub.save_component("g", model, tmp_path, half=False)
    monkeypatch.setenv("GANEDIT_WEIGHTS", str(tmp_path))
    loaded = hub.load_component("g")
    z = torch.randn(2, 128)
    assert torch.equal(loaded(z), model(z))
    assert not any(p.requires_grad for p in loaded.parameters())
    assert set(json.loads((tmp_path / hub.MANIFEST).read_text())["files"]) == {"g/config.json", "g/model.safetensors"}
