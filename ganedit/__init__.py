"""ganedit: GAN-based photo editing — attribute sliders, sketch edits, 4× super-resolution, completion.

Public API (models load lazily from ``weights/`` or the Hub, see ``ganedit.hub``):

- ``generate(z)``: latents [N,128] -> faces [N,3,64,64] in [-1, 1].
- ``sample(n, seed=0)``: n random faces as PIL images.
"""
from __future__ import annotations

from functools import cache

import torch
from PIL import Image

from ganedit import hub
from ganedit.imaging import to_pil

__all__ = ["generate", "sample", "latents", "face_generator"]


@cache
def face_generator() -> torch.nn.Module:
    """The shipped face generator G (frozen, eval mode), loaded once per process."""
    return hub.load_component("face_g")


def latents(n: int, seed: int = 0) -> torch.Tensor:
    """n latents [n,128] ~ N(0, I), reproducible by seed."""
    return torch.randn(n, face_generator().config.z_dim, generator=torch.Generator().manual_seed(seed))


@torch.no_grad()
def generate(z: torch.Tensor) -> torch.Tensor:
    """Faces G(z): z [N,128] -> [N,3,64,64] in [-1, 1]."""
    return face_generator()(z)


def sample(n: int, seed: int = 0) -> list[Image.Image]:
    """n random 64×64 faces as RGB PIL images, reproducible by seed."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    return to_pil(generate(latents(n, seed)))
