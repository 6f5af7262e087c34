"""Training batches cut from photos of any sizes a whole batch at a time, on the training device.

The photos are packed into one uint8 tensor of pixels; a batch of crops is one gather of computed pixel
indices, so no Python runs per image on the hot path and a GPU cuts its own batches.
"""
from __future__ import annotations

import numpy as np
import torch


class PhotoBank:
    """uint8 RGB photos [H,W,3] of any sizes, held as one [P,3] tensor of pixels on ``device``."""

    def __init__(self, photos: list[np.ndarray], device: torch.device | str = "cpu"):
        if not photos:
            raise ValueError("no photos to cut crops from")
        self.device = torch.device(device)
        sizes = torch.tensor([photo.shape[:2] for photo in photos])
        areas = sizes[:, 0] * sizes[:, 1]
        self.pixels = torch.from_numpy(np.concatenate([photo.reshape(-1, 3) for photo in photos])).to(self.device)
        self.heights, self.widths = sizes[:, 0].to(self.device), sizes[:, 1].to(self.device)
        self.starts = (areas.cumsum(0) - areas).to(self.device)
        self.areas = areas.to(self.device)

    def __len__(self) -> int:
        return len(self.heights)

    def places(self, n: int, size: int, by_area: bool = False) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """n random (photo index, top, left) [n] int64 of size×size crops that fit in their photos; photos
        are chosen uniformly or, ``by_area``, in proportion to their pixel counts. Every photo must hold one."""
        if by_area:
            index = torch.multinomial(self.areas.double(), n, replacement=True)
        else:
            index = torch.randint(len(self), (n,), device=self.device)
        room = torch.stack([self.heights[index], self.widths[index]]) - size + 1
        top, left = (torch.rand(2, n, device=self.device) * room).long()
        return index, top, left

    def crops(self, index: torch.Tensor, top: torch.Tensor, left: torch.Tensor, size: int,
              turns: torch.Tensor | None = None) -> torch.Tensor:
        """uint8 [n,3,size,size] crops at (top, left) of photos ``index``, each turned by ``turns`` [n] in 0..7
        (bit 0 mirrors left-right, bit 1 upside down, bit 2 transposes first: the 8 symmetries of a square)."""
        n, span = len(index), torch.arange(size, device=self.device)
        rows, columns = span.view(1, size, 1).expand(n, size, size), span.view(1, 1, size).expand(n, size, size)
        if turns is not None:
            bit = lambda k: (turns.view(n, 1, 1) >> k & 1).bool()
            rows, columns = torch.where(bit(2), columns, rows), torch.where(bit(2), rows, columns)
            rows = torch.where(bit(1), size - 1 - rows, rows)
            columns = torch.where(bit(0), size - 1 - columns, columns)
        at = lambda values: values.view(n, 1, 1)
        pixel = at(self.starts[index]) + (at(top) + rows) * at(self.widths[index]) + at(left) + columns
        return self.pixels[pixel].permute(0, 3, 1, 2)


def to_unit_range(images: torch.Tensor) -> torch.Tensor:
    """uint8 images as float32 in [-1, 1], same shape and device."""
    return images.float().div(127.5).sub(1)
