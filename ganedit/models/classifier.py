"""The project's own judge: a small CNN that predicts the 40 CelebA attributes plus long hair.

Its penultimate features also serve as the embedding for the Fréchet distance in the benchmarks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn


@dataclass
class ClassifierConfig:
    names: list[str] = field(default_factory=list)  # one per output logit
    width: int = 32


def _conv(cin: int, cout: int, stride: int) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(True)]


def _block(cin: int, cout: int) -> list[nn.Module]:
    """Halve the resolution, then one more 3×3 convolution at the new scale."""
    return _conv(cin, cout, 2) + _conv(cout, cout, 1)


class AttributeClassifier(nn.Module):
    """image [N,3,64,64] in [-1, 1] -> attribute logits [N,len(names)]."""

    def __init__(self, config: ClassifierConfig):
        super().__init__()
        self.config = config
        w = config.width
        self.trunk = nn.Sequential(*_conv(3, w, 2), *_block(w, 2 * w), *_block(2 * w, 4 * w), *_block(4 * w, 8 * w),
                                   nn.AdaptiveAvgPool2d(1), nn.Flatten())  # 64 -> 32 -> 16 -> 8 -> 4 -> 1
        self.head = nn.Linear(8 * w, len(config.names))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate features [N, 8·width]."""
        return self.trunk(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.trunk(x))

    def probabilities(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """Attribute name -> probability [N]."""
        return dict(zip(self.config.names, torch.sigmoid(self(x)).unbind(1)))
