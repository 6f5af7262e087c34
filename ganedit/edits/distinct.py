"""Which of several results are worth showing side by side: the best, then only those that look different.

A sketch edit returns its candidates best first, and several can land on nearly the same face; showing
four copies of one result tells the user nothing, so near-duplicates are dropped.
"""
from __future__ import annotations

import numpy as np

MIN_DIFFERENCE = 3.0  # grey levels (0..255): mean absolute difference below which two results look the same


def distinct(images: np.ndarray, where: np.ndarray | None = None, min_difference: float = MIN_DIFFERENCE) -> list[int]:
    """Indices of ``images`` [N,H,W,C] (0..255, best first) to show: the first, then each one whose mean
    absolute difference from every one kept before it is at least ``min_difference`` grey levels.
    ``where`` (float [H,W] in 0..1, e.g. the region an edit may change) weights the mean; default: everywhere."""
    images = np.asarray(images, np.float32)
    weight = np.ones(images.shape[1:3], np.float32) if where is None else np.asarray(where, np.float32)
    weight = weight[..., None] / (weight.sum() * images.shape[3] + 1e-6)
    kept = [0]
    for index in range(1, len(images)):
        if all((np.abs(images[index] - images[k]) * weight).sum() >= min_difference for k in kept):
            kept.append(index)
    return kept
