"""Random masks (1 = hole) for completion training and benchmarks.

- ``wide_masks``: LaMa's wide masks for training (Suvorov et al. 2022): thick irregular strokes or large
  boxes, up to half the picture, drawn a whole batch at a time with tensor operations (on a GPU, on the GPU).
- ``box_mask`` and ``stroke_mask``: the benchmark's two families, as a user paints them: one box of about
  a fifth of the picture, or a few thick brush strokes of a fixed width range in pixels.
"""
from __future__ import annotations

import cv2
import numpy as np
import torch


def wide_masks(n: int, height: int, width: int, device: torch.device | str = "cpu", high: float = 0.5
               ) -> torch.Tensor:
    """float32 [n,1,height,width] masks in {0, 1}, drawn as a batch on ``device``: each is, at even odds, 1–3
    thick strokes (polylines of 1–4 segments, each 10–60% of the shorter side long and 4–20% of it wide) or
    1–2 boxes (sides 10–60% of the shorter side), redrawn until it covers 5% to ``high`` of the picture."""
    out = torch.empty(n, 1, height, width, device=device)
    todo = torch.arange(n, device=device)
    while len(todo):
        drawn = _wide_candidates(len(todo), height, width, torch.device(device))
        fits = (drawn.mean((1, 2, 3)) >= 0.05) & (drawn.mean((1, 2, 3)) <= high)
        out[todo[fits]] = drawn[fits]
        todo = todo[~fits]
    return out


def _wide_candidates(n: int, height: int, width: int, device: torch.device) -> torch.Tensor:
    """n masks [n,1,H,W], each strokes or boxes at even odds (not yet checked for coverage)."""
    out = _boxes(n, height, width, device)
    strokes = (torch.rand(n, device=device) < 0.5).nonzero()[:, 0]
    out[strokes] = _strokes(len(strokes), height, width, device)
    return out.float()


def _strokes(n: int, height: int, width: int, device: torch.device, most: int = 3, segments: int = 4
             ) -> torch.Tensor:
    """bool [n,1,H,W]: 1..``most`` polylines of 1..``segments`` segments each, as LaMa's wide strokes; a pixel is
    in a stroke when it lies within half the stroke's width of one of its segments."""
    side, limit = min(height, width), torch.tensor([width - 1, height - 1], device=device)
    start = torch.rand(n, most, 1, 2, device=device) * (limit + 1)
    angle = torch.rand(n, most, segments, device=device) * 2 * np.pi
    length = (0.1 + 0.5 * torch.rand(n, most, segments, device=device)) * side
    steps = torch.stack([angle.cos(), angle.sin()], -1) * length[..., None]
    points = [start[:, :, 0]]
    for k in range(segments):  # each end is clipped to the picture before the next segment starts from it
        points.append(torch.minimum(torch.maximum(points[-1] + steps[:, :, k], torch.zeros_like(limit)), limit))
    points = torch.stack(points, 2).floor()  # [n,most,segments+1,2] (x, y)
    used = (torch.arange(most, device=device) < torch.randint(1, most + 1, (n, 1), device=device))[..., None] & (
        torch.arange(segments, device=device) < torch.randint(1, segments + 1, (n, most, 1), device=device))
    radius = ((0.04 + 0.16 * torch.rand(n, most, 1, device=device)) * side).floor().clamp(min=1) / 2
    ys = torch.arange(height, device=device, dtype=torch.float32).view(1, height, 1)
    xs = torch.arange(width, device=device, dtype=torch.float32).view(1, 1, width)
    inside = torch.zeros(n, height, width, dtype=torch.bool, device=device)
    for k in range(most):
        for j in range(segments):  # a loop over stroke and segment slots, each for the whole batch at once
            (ax, ay), (bx, by) = (points[:, k, j + i].T.reshape(2, n, 1, 1) for i in (0, 1))
            ex, ey, r = bx - ax, by - ay, radius[:, k].view(n, 1, 1)
            dx, dy, squared_length = xs - ax, ys - ay, (ex * ex + ey * ey).clamp(min=1e-6)
            dot = dx * ex + dy * ey  # [n,H,W]: (pixel − a)·(b − a)
            along = (dot / squared_length).clamp_(0, 1)  # where the nearest point of the segment lies, 0..1
            # |pixel − a − along·(b − a)|² = |pixel − a|² − along·(2·dot − along·|b − a|²)
            near = dx * dx + dy * dy - along * (2 * dot - along * squared_length) <= r * r
            inside |= near & used[:, k, j].view(n, 1, 1)
    return inside[:, None]


def _boxes(n: int, height: int, width: int, device: torch.device, most: int = 2) -> torch.Tensor:
    """bool [n,1,H,W]: 1..``most`` boxes with sides of 10–60% of the shorter side, anywhere in the picture."""
    side = min(height, width)
    sides = ((0.1 + 0.5 * torch.rand(n, most, 2, device=device)) * side).long()  # (h, w)
    corner = (torch.rand(n, most, 2, device=device) * (torch.tensor([height, width], device=device) - sides + 1)).long()
    ys = torch.arange(height, device=device).view(1, 1, height, 1)
    xs = torch.arange(width, device=device).view(1, 1, 1, width)
    top, left = corner[..., 0, None, None], corner[..., 1, None, None]
    inside = ((ys >= top) & (ys < top + sides[..., 0, None, None]) & (xs >= left)
              & (xs < left + sides[..., 1, None, None]))
    used = torch.arange(most, device=device) < torch.randint(1, most + 1, (n, 1), device=device)
    return (inside & used[..., None, None]).any(1, keepdim=True)


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
