"""The encoder E: photo -> latent. D's trunk with a linear head to R^z_dim (as in iGAN's encoder),
so it starts from what D learnt about faces (``from_discriminator``): of the 64×64 faces, or of the 96×80
whole frames (``image_size``, as D's)."""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ganedit.models.gan import Discriminator, discriminator_trunk, seed_size


@dataclass
class EncoderConfig:
    width: int = 64
    z_dim: int = 128
    image_size: tuple[int, int] = (64, 64)  # (H, W): D's


class Encoder(nn.Module):
    """image [N,3,H,W] in [-1, 1], (H, W) = ``config.image_size`` -> latent [N,z_dim]."""

    def __init__(self, config: EncoderConfig = EncoderConfig()):
        super().__init__()
        self.config = config
        self.trunk = discriminator_trunk(config.width)
        sh, sw = seed_size(config.image_size)
        self.head = nn.Linear(8 * config.width * sh * sw, config.z_dim)

    @classmethod
    def from_discriminator(cls, D: Discriminator, z_dim: int = 128) -> "Encoder":
        """An encoder whose trunk starts as a copy of D's trunk (the head starts random)."""
        encoder = cls(EncoderConfig(D.config.width, z_dim, tuple(D.config.image_size)))
        encoder.trunk.load_state_dict(D.trunk.state_dict())
        return encoder

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 4 or x.shape[1:] != (3, *self.config.image_size):
            raise ValueError(f"expected images of shape [N,3,{self.config.image_size[0]},{self.config.image_size[1]}],"
                             f" got {list(x.shape)}")
        return self.head(self.trunk(x))
