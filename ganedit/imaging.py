"""The one place for PIL/numpy <-> tensor conversion.

Conventions: images as tensors are [N,3,H,W] floats in [-1, 1]; masks are [N,1,H,W] with 1 = fill or
constrained; latents are [N,D].
"""
from __future__ import annotations

import math

import numpy as np
import torch
from PIL import Image


def to_tensor(image: Image.Image) -> torch.Tensor:
    """RGB PIL image -> [1,3,H,W] in [-1, 1]."""
    array = np.asarray(image.convert("RGB"), dtype=np.float32)
    return torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0).div(127.5).sub(1.0)


def to_pil(images: torch.Tensor) -> list[Image.Image]:
    """[N,3,H,W] in [-1, 1] -> N RGB PIL images."""
    array = images.detach().float().clamp(-1, 1).add(1).mul(127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
    return [Image.fromarray(a) for a in array]


def grid(images: torch.Tensor, columns: int | None = None, pad: int = 2) -> Image.Image:
    """Tile [N,3,H,W] images in [-1, 1] into one PIL image (white gaps)."""
    n, _, h, w = images.shape
    columns = columns or math.ceil(math.sqrt(n))
    rows = math.ceil(n / columns)
    sheet = Image.new("RGB", (columns * (w + pad) + pad, rows * (h + pad) + pad), "white")
    for i, tile in enumerate(to_pil(images)):
        sheet.paste(tile, (pad + (i % columns) * (w + pad), pad + (i // columns) * (h + pad)))
    return sheet
