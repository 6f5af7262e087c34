"""Image completion networks: a gated-convolution generator and an SN-PatchGAN critic
(DeepFill v2, Yu et al. 2019), single-stage and narrow so that it trains on a CPU.

Images are [N,3,H,W] in [-1, 1]; masks [N,1,H,W] with 1 = hole; H and W multiples of 4.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm


@dataclass
class CompletionConfig:
    width: int = 32


@dataclass
class CompletionDiscriminatorConfig:
    width: int = 32


class GatedConv(nn.Module):
    """features · sigmoid(gate): the network learns per pixel how much to trust what it sees."""

    def __init__(self, cin: int, cout: int, kernel: int = 3, stride: int = 1, dilation: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(cin, 2 * cout, kernel, stride, dilation * (kernel - 1) // 2, dilation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features, gate = self.conv(x).chunk(2, dim=1)
        return F.elu(features) * torch.sigmoid(gate)


class Upsample(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=2, mode="nearest")


class CompletionNet(nn.Module):
    """(image with hole, mask) -> a full prediction [N,3,H,W]; the caller keeps the known pixels."""

    def __init__(self, config: CompletionConfig = CompletionConfig()):
        super().__init__()
        self.config = config
        w = config.width
        self.body = nn.Sequential(
            GatedConv(4, w, 5), GatedConv(w, 2 * w, 3, 2), GatedConv(2 * w, 2 * w), GatedConv(2 * w, 4 * w, 3, 2),
            GatedConv(4 * w, 4 * w), *[GatedConv(4 * w, 4 * w, 3, dilation=d) for d in (2, 4, 8, 16)],
            GatedConv(4 * w, 4 * w), Upsample(), GatedConv(4 * w, 2 * w), GatedConv(2 * w, 2 * w), Upsample(),
            GatedConv(2 * w, w), GatedConv(w, w // 2), nn.Conv2d(w // 2, 3, 3, padding=1), nn.Tanh())

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        if image.shape[-2] % 4 or image.shape[-1] % 4:
            raise ValueError(f"height and width must be multiples of 4, got {list(image.shape[-2:])}")
        return self.body(torch.cat([image * (1 - mask), mask], dim=1))


class CompletionDiscriminator(nn.Module):
    """(image, mask) -> a map of realism logits, one per overlapping patch (SN-PatchGAN)."""

    def __init__(self, config: CompletionDiscriminatorConfig = CompletionDiscriminatorConfig()):
        super().__init__()
        self.config = config
        w, layers, cin = config.width, [], 4
        for cout in (w, 2 * w, 4 * w, 4 * w, 4 * w):
            layers += [spectral_norm(nn.Conv2d(cin, cout, 5, 2, 2)), nn.LeakyReLU(0.2, True)]
            cin = cout
        self.body = nn.Sequential(*layers)

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.body(torch.cat([image, mask], dim=1))
