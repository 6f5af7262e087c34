"""Random free-form masks for completion training and benchmarks: brush strokes and boxes covering
a chosen share of the image (DeepFill v2's free-form masks, Yu et al. 2019)."""
from __future__ import annotations

import cv2
import numpy as np


def stroke_mask(size: int, rng: np.random.Generator, low: float = 0.1, high: float = 0.5) -> np.ndarray:
    """A float32 [size,size] mask (1 = hole) of random strokes and boxes, its area in [low, high]."""
    target = rng.uniform(low, high)
    mask = np.zeros((size, size), np.float32)
    while mask.mean() < target:
        if rng.random() < 0.3:
            _box(mask, rng, size)
        else:
            _stroke(mask, rng, size)
    return mask if mask.mean() <= high else _trim(mask, high)


def _box(mask: np.ndarray, rng: np.random.Generator, size: int) -> None:
    h, w = (rng.integers(size // 8, size // 2) for _ in range(2))
    y, x = rng.integers(0, size - h), rng.integers(0, size - w)
    mask[y:y + h, x:x + w] = 1


def _stroke(mask: np.ndarray, rng: np.random.Generator, size: int) -> None:
    point = rng.integers(0, size, 2)
    width = int(rng.integers(max(2, size // 32), max(3, size // 8)))
    for _ in range(rng.integers(2, 6)):
        angle, length = rng.uniform(0, 2 * np.pi), rng.integers(size // 8, size // 3)
        end = np.clip(point + length * np.array([np.cos(angle), np.sin(angle)]), 0, size - 1).astype(int)
        cv2.line(mask, tuple(int(v) for v in point), tuple(int(v) for v in end), 1.0, width)
        point = end


def _trim(mask: np.ndarray, high: float) -> np.ndarray:
    """Cut the mask's bottom rows off until its area is at most ``high``."""
    rows = np.cumsum(mask.sum(1)) / mask.size
    keep = int(np.searchsorted(rows, high, side="right"))
    mask[keep:] = 0
    return mask


def centre_box(size: int) -> np.ndarray:
    """The benchmark's box: the centre square with a quarter of the image's area."""
    mask = np.zeros((size, size), np.float32)
    mask[size // 4: 3 * size // 4, size // 4: 3 * size // 4] = 1
    return mask


def wide_mask(height: int, width: int, rng: np.random.Generator, high: float = 0.5) -> np.ndarray:
    """LaMa's wide masks (Suvorov et al. 2022): thick irregular strokes or large boxes, together covering
    5% to ``high`` of a float32 [height,width] mask (1 = hole)."""
    while True:
        mask = np.zeros((height, width), np.float32)
        side = min(height, width)
        if rng.random() < 0.5:
            for _ in range(rng.integers(1, 4)):
                _thick_stroke(mask, rng, side)
        else:
            for _ in range(rng.integers(1, 3)):
                h, w = (int(rng.uniform(0.1, 0.6) * side) for _ in range(2))
                y, x = rng.integers(0, height - h + 1), rng.integers(0, width - w + 1)
                mask[y:y + h, x:x + w] = 1
        if 0.05 <= mask.mean() <= high:
            return mask


def _thick_stroke(mask: np.ndarray, rng: np.random.Generator, side: int) -> None:
    point = np.array([rng.integers(0, mask.shape[1]), rng.integers(0, mask.shape[0])])
    width = int(rng.uniform(0.04, 0.2) * side)
    for _ in range(rng.integers(1, 5)):
        angle, length = rng.uniform(0, 2 * np.pi), rng.uniform(0.1, 0.6) * side
        end = np.clip(point + length * np.array([np.cos(angle), np.sin(angle)]), 0,
                      [mask.shape[1] - 1, mask.shape[0] - 1]).astype(int)
        cv2.line(mask, tuple(int(v) for v in point), tuple(int(v) for v in end), 1.0, width)
        point = end
