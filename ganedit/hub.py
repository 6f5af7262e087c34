"""Weights: each component is ``<name>/config.json`` + ``<name>/model.safetensors``, listed with its
sha256 in ``manifest.json``.

Resolution order for a file: the directory in ``GANEDIT_WEIGHTS`` (default: the repo's ``weights/``),
then the Hugging Face Hub repo ``GANEDIT_REPO`` at ``GANEDIT_REVISION``, then a clear error.
Every file is checked against the manifest before use; models are rebuilt from config.json and
loaded strictly. Nothing is unpickled.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from ganedit.models import ARCHITECTURES

LOCAL_WEIGHTS = Path(__file__).resolve().parents[1] / "weights"
DEFAULT_REPO = "ganedit/ganedit-weights"
DEFAULT_REVISION = "main"
MANIFEST = "manifest.json"


class WeightsError(RuntimeError):
    """A weights file is missing, or differs from the manifest."""


def weights_dir() -> Path:
    return Path(os.environ.get("GANEDIT_WEIGHTS", LOCAL_WEIGHTS))


def hub_repo() -> tuple[str, str]:
    return os.environ.get("GANEDIT_REPO", DEFAULT_REPO), os.environ.get("GANEDIT_REVISION", DEFAULT_REVISION)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(filename: str) -> Path:
    """Fetch one file from the Hub repo (or from huggingface_hub's cache). Raises WeightsError."""
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import EntryNotFoundError

    repo, revision = hub_repo()
    try:
        return Path(hf_hub_download(repo, filename, revision=revision))
    except (EntryNotFoundError, OSError) as error:  # missing file or repo, offline, unreachable, HTTP errors
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise WeightsError(f"weights file {filename!r} not found; looked in {weights_dir() / filename} and the "
                           f"Hugging Face Hub repo {repo}@{revision} ({reason})") from None


def resolve(filename: str) -> Path:
    """Local path of a weights file, downloading it if needed. Raises WeightsError."""
    path = weights_dir() / filename
    return path if path.exists() else _download(filename)


def manifest() -> dict[str, str]:
    """The sha256 of every weights file, by its path relative to the weights root."""
    return json.loads(resolve(MANIFEST).read_text())["files"]


def verified(filename: str) -> Path:
    """Resolve a weights file and check it against the manifest."""
    expected = manifest().get(filename)
    if expected is None:
        raise WeightsError(f"{filename!r} is not listed in the weights manifest")
    path = resolve(filename)
    if sha256(path) != expected:
        raise WeightsError(f"{path} does not match its sha256 in the manifest: refusing to load it "
                           "(the file is corrupt or was tampered with)")
    return path


def available(name: str) -> bool:
    """Whether component ``name`` can be loaded (its files are listed, and found locally or on the Hub)."""
    try:
        verified(f"{name}/model.safetensors")
        return True
    except WeightsError:
        return False


def component_spec(name: str) -> dict:
    """Component ``name``'s config.json: its class, its settings and what its training recorded."""
    return json.loads(verified(f"{name}/config.json").read_text())


def load_component(name: str) -> torch.nn.Module:
    """Rebuild component ``name`` from its config.json and load its weights strictly, frozen, in eval mode."""
    spec = component_spec(name)
    cls, config_cls = ARCHITECTURES[spec["class"]]
    model = cls(config_cls(**spec["config"]))
    state = load_file(verified(f"{name}/model.safetensors"))
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    return model.eval().requires_grad_(False)


def save_component(name: str, model: torch.nn.Module, root: Path | None = None, *, half: bool = True,
                   extra: dict | None = None) -> Path:
    """Write ``model`` as component ``name`` under ``root`` (fp16 by default) and update the manifest."""
    root = Path(root or weights_dir())
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    spec = {"class": type(model).__name__, "config": dataclasses.asdict(model.config), **(extra or {})}
    (folder / "config.json").write_text(json.dumps(spec, indent=2) + "\n")
    dtype = torch.float16 if half else torch.float32
    state = {k: (v.to(dtype) if v.is_floating_point() else v).cpu().contiguous()  # from any device
             for k, v in model.state_dict().items()}
    save_file(state, folder / "model.safetensors")
    _update_manifest(root, [f"{name}/config.json", f"{name}/model.safetensors"])
    return folder


def _update_manifest(root: Path, files: list[str]) -> None:
    path = root / MANIFEST
    entries = json.loads(path.read_text())["files"] if path.exists() else {}
    entries.update({f: sha256(root / f) for f in files})
    path.write_text(json.dumps({"files": dict(sorted(entries.items()))}, indent=2) + "\n")
