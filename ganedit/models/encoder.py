"""The encoder E: photo -> latent. D's trunk with a linear head to R^z_dim (as in iGAN's encoder),
so it starts from what D learnt about faces (``from_discriminator``)."""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ganedit.models.gan import Discriminator, discriminator_trunk


@dataclass
class EncoderConfig:
    width: int = 64
    z_dim: int = 128


class Encoder(nn.Module):
    """image [N,3,64,64] in [-1, 1] -> latent [N,z_dim]."""

    def __init__(self, config: EncoderConfig = EncoderConfig()):
        super().__init__()
        self.config = config
        self.trunk = discriminator_trunk(config.width)
        self.head = nn.Linear(8 * config.width * 16, config.z_dim)

    @classmethod
    def from_discriminator(cls, D: Discriminator, z_dim: int = 128) -> "Encoder":
        """An encoder whose trunk starts as a copy of D's trunk (the head starts random)."""
        encoder = cls(EncoderConfig(width=D.config.width, z_dim=z_dim))
        encoder.trunk.load_state_dict(D.trunk.state_dict())
        return encoder

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 4 or x.shape[1:] != (3, 64, 64):
            raise ValueError(f"expected images of shape [N,3,64,64], got {list(x.shape)}")
        return self.head(self.trunk(x))
