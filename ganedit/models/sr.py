"""4× super-resolution networks in the SRGAN family (Ledig et al. 2017).

The generator is SRResNet without batch norm (as EDSR, Lim et al. 2017, found better), with
pixel-shuffle upsampling (Shi et al. 2016) and the bicubically upsampled input added back, so the
network only learns the missing detail. The discriminator is a small VGG-style patch critic.
Images are [N,3,H,W] in [-1, 1]; the output is [N,3,4H,4W].
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm


@dataclass
class SRConfig:
    channels: int = 48
    blocks: int = 8
    scale: int = 4


@dataclass
class SRDiscriminatorConfig:
    width: int = 32


class ResidualBlock(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU(True),
                                  nn.Conv2d(channels, channels, 3, padding=1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class SRResNet(nn.Module):
    """LR [N,3,H,W] -> SR [N,3,4H,4W], both in [-1, 1]."""

    def __init__(self, config: SRConfig = SRConfig()):
        super().__init__()
        self.config = config
        c = config.channels
        self.head = nn.Conv2d(3, c, 3, padding=1)
        self.body = nn.Sequential(*[ResidualBlock(c) for _ in range(config.blocks)], nn.Conv2d(c, c, 3, padding=1))
        stages = []
        for _ in range(config.scale // 2):
            stages += [nn.Conv2d(c, 4 * c, 3, padding=1), nn.PixelShuffle(2), nn.LeakyReLU(0.2, True)]
        self.upsample = nn.Sequential(*stages)
        self.tail = nn.Conv2d(c, 3, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = self.head(x)
        detail = self.tail(self.upsample(features + self.body(features)))
        return detail + F.interpolate(x, scale_factor=self.config.scale, mode="bicubic", align_corners=False)


class SRDiscriminator(nn.Module):
    """HR image [N,3,H,W] -> (realism logits per patch [N,1,H/16,W/16], the activations after each
    non-linearity for feature matching) (spectral norm)."""

    def __init__(self, config: SRDiscriminatorConfig = SRDiscriminatorConfig()):
        super().__init__()
        self.config = config
        w, layers, cin = config.width, [], 3
        for cout in (w, 2 * w, 4 * w, 8 * w):
            layers += [spectral_norm(nn.Conv2d(cin, cout, 3, padding=1)), nn.LeakyReLU(0.2, True),
                       spectral_norm(nn.Conv2d(cout, cout, 4, 2, 1)), nn.LeakyReLU(0.2, True)]
            cin = cout
        self.body = nn.Sequential(*layers, spectral_norm(nn.Conv2d(cin, 1, 3, padding=1)))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        features = []
        for layer in self.body:
            x = layer(x)
            if isinstance(layer, nn.LeakyReLU):
                features.append(x)
        return x, features
