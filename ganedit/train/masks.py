"""Random masks (1 = hole) for completion training and benchmarks.

- ``wide_mask``: LaMa's wide masks for training (Suvorov et al. 2022): thick irregular strokes or large
  boxes, up to half the picture.
- ``box_mask`` and ``stroke_mask``: the benchmark's two families, as a user paints them: one box of about
  a fifth of the picture, or a few thick brush strokes of a fixed width range in pixels.
"""
from __future__ import annotations

import cv2
import numpy as np


def wide_mask(height: int, width: int, rng: np.random.Generator, high: float = 0.5) -> np.ndarray:
    """A float32 [height,width] mask of thick strokes or large boxes covering 5% to ``high`` of it."""
    side = min(height, width)
    while True:
        mask = np.zeros((height, width), np.float32)
        if rng.random() < 0.5:
            for _ in range(rng.integers(1, 4)):
                _stroke(mask, rng, int(rng.uniform(0.04, 0.2) * side), side)
        else:
            for _ in range(rng.integers(1, 3)):
                h, w = (int(rng.uniform(0.1, 0.6) * side) for _ in range(2))
                y, x = rng.integers(0, height - h + 1), rng.integers(0, width - w + 1)
                mask[y:y + h, x:x + w] = 1
        if 0.05 <= mask.mean() <= high:
            return mask


def box_mask(height: int, width: int, rng: np.random.Generator, area: float = 0.2) -> np.ndarray:
    """A float32 mask with one box of ``area`` of the picture, aspect 0.6–1.6, at a random place."""
    aspect = rng.uniform(0.6, 1.6)
    w = min(width, int(round(np.sqrt(area * height * width * aspect))))
    h = min(height, int(round(area * height * width / w)))
    y, x = rng.integers(0, height - h + 1), rng.integers(0, width - w + 1)
    mask = np.zeros((height, width), np.float32)
    mask[y:y + h, x:x + w] = 1
    return mask


def stroke_mask(height: int, width: int, rng: np.random.Generator, widths: tuple[int, int] = (25, 45),
                strokes: tuple[int, int] = (2, 5)) -> np.ndarray:
    """A float32 mask of a few brush strokes (polylines), each ``widths`` pixels thick."""
    mask = np.zeros((height, width), np.float32)
    for _ in range(rng.integers(strokes[0], strokes[1] + 1)):
        _stroke(mask, rng, int(rng.integers(widths[0], widths[1] + 1)), min(height, width))
    return mask


def centre_box(size: int) -> np.ndarray:
    """The centre square with a quarter of a size×size image's area (the face benchmark's box)."""
    mask = np.zeros((size, size), np.float32)
    mask[size // 4: 3 * size // 4, size // 4: 3 * size // 4] = 1
    return mask


def _stroke(mask: np.ndarray, rng: np.random.Generator, thickness: int, side: int) -> None:
    """One polyline of 1–4 segments, each 10–60% of ``side`` long, drawn ``thickness`` pixels wide."""
    point = np.array([rng.integers(0, mask.shape[1]), rng.integers(0, mask.shape[0])])
    for _ in range(rng.integers(1, 5)):
        angle, length = rng.uniform(0, 2 * np.pi), rng.uniform(0.1, 0.6) * side
        end = np.clip(point + length * np.array([np.cos(angle), np.sin(angle)]), 0,
                      [mask.shape[1] - 1, mask.shape[0] - 1]).astype(int)
        cv2.line(mask, tuple(int(v) for v in point), tuple(int(v) for v in end), 1.0, max(1, thickness))
        point = end
