"""Helpers shared by the benchmarks: timing, feature statistics, Fréchet distance, tables."""
from __future__ import annotations

import time
from typing import Callable

import numpy as np
import torch


def per_second(fn: Callable[[], object], items: int, repeats: int = 5) -> float:
    """Items per second of ``fn`` (which handles ``items`` items per call), best of ``repeats`` after a warm-up."""
    fn()
    best = min(_timed(fn) for _ in range(repeats))
    return items / best


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@torch.no_grad()
def embed(features: Callable[[torch.Tensor], torch.Tensor], images: torch.Tensor, batch: int = 500) -> np.ndarray:
    """Features of [N,3,64,64] images (uint8 or floats in [-1, 1]) as a float64 array [N,F]."""
    out = []
    for i in range(0, len(images), batch):
        x = images[i:i + batch]
        x = x.float().div(127.5).sub(1) if x.dtype == torch.uint8 else x
        out.append(features(x).double().numpy())
    return np.concatenate(out)


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to feature sets a [N,F] and b [M,F] (Heusel et al. 2017).

    tr(sqrt(Σa Σb)) is the sum of the square roots of the eigenvalues of Σa Σb, which are real and
    non-negative for covariance matrices (up to rounding).
    """
    mean_a, mean_b = a.mean(0), b.mean(0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    cross = np.sqrt(np.clip(np.linalg.eigvals(cov_a @ cov_b).real, 0, None)).sum()
    return float(((mean_a - mean_b) ** 2).sum() + np.trace(cov_a) + np.trace(cov_b) - 2 * cross)


def print_table(headers: list[str], rows: list[list]) -> None:
    """Print a Markdown table; floats get 3 significant decimals."""
    cells = [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in cells:
        print("| " + " | ".join(row) + " |")
