"""Differentiable augmentation for GAN training (Zhao et al. 2020, "DiffAugment").

Applied to real and fake images alike before D, so D cannot overfit the 29k training faces while
G still learns the un-augmented distribution. Cutout is left out: it made faces look alike here. The random
draws are made on the images' device.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def color(x: torch.Tensor) -> torch.Tensor:
    n = x.shape[0]
    rand = lambda: torch.rand(n, 1, 1, 1, device=x.device)
    x = x + (rand() - 0.5)  # brightness
    mean = x.mean(1, keepdim=True)
    x = (x - mean) * (rand() * 2) + mean  # saturation
    mean = x.mean((1, 2, 3), keepdim=True)
    return (x - mean) * (rand() + 0.5) + mean  # contrast


def translation(x: torch.Tensor, ratio: float = 0.125) -> torch.Tensor:
    """Shift each image by up to ratio×size pixels, padding with zeros (mid-grey)."""
    n = x.shape[0]
    shift = (torch.rand(n, 2, device=x.device) * 2 - 1) * ratio * 2  # in normalised [-1, 1] coordinates
    theta = torch.zeros(n, 2, 3, device=x.device)
    theta[:, 0, 0] = theta[:, 1, 1] = 1
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="nearest", padding_mode="zeros", align_corners=False)


POLICIES = {"color": color, "translation": translation}


def diff_augment(x: torch.Tensor, policy: str) -> torch.Tensor:
    """Apply the comma-separated augmentations in ``policy`` ("" for none)."""
    for name in filter(None, policy.split(",")):
        x = POLICIES[name](x)
    return x
