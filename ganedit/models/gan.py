"""The face GANs (64×64 faces, 96×80 whole frames): a DCGAN-shaped generator and a spectrally normalised
discriminator; ``FaceBox`` reads the face out of a whole-frame generator.

Radford et al. 2016 (DCGAN) for the shapes; Miyato et al. 2018 (spectral norm) for D.
Images are [N,3,H,W] in [-1, 1], (H, W) = ``image_size`` (64×64 faces, 96×80 whole frames; both multiples
of 16); latents are [N,z_dim] ~ N(0, I).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from ganedit.data import face_of_frames


@dataclass
class GeneratorConfig:
    z_dim: int = 128
    width: int = 64
    image_size: tuple[int, int] = (64, 64)  # (H, W)


@dataclass
class DiscriminatorConfig:
    width: int = 64
    image_size: tuple[int, int] = (64, 64)  # (H, W)


def seed_size(image_size) -> tuple[int, int]:
    """The 4 ×2 stages' starting grid: (H/16, W/16); ValueError unless both are multiples of 16."""
    h, w = image_size
    if h % 16 or w % 16:
        raise ValueError(f"image_size must be multiples of 16, got {h}×{w}")
    return h // 16, w // 16


def _up(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(True))


class Generator(nn.Module):
    """z [N,z_dim] -> image [N,3,H,W] in [-1, 1]: an (H/16)×(W/16) seed, four ×2 transposed-conv stages."""

    def __init__(self, config: GeneratorConfig = GeneratorConfig()):
        super().__init__()
        self.config = config
        w, (sh, sw) = config.width, seed_size(config.image_size)
        self.seed = nn.Sequential(nn.Linear(config.z_dim, 8 * w * sh * sw, bias=False),
                                  nn.Unflatten(1, (8 * w, sh, sw)), nn.BatchNorm2d(8 * w), nn.ReLU(True))
        self.body = nn.Sequential(_up(8 * w, 4 * w), _up(4 * w, 2 * w), _up(2 * w, w))
        self.to_rgb = nn.Sequential(nn.ConvTranspose2d(w, 3, 4, 2, 1), nn.Tanh())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        if z.ndim != 2 or z.shape[1] != self.config.z_dim:
            raise ValueError(f"expected z of shape [N,{self.config.z_dim}], got {list(z.shape)}")
        return self.to_rgb(self.body(self.seed(z)))


def discriminator_trunk(width: int) -> nn.Sequential:
    """Four stride-2 convolutions, H×W -> (H/16)×(W/16)×8w; shared by D and the encoder."""
    layers, cin = [], 3
    for cout in (width, 2 * width, 4 * width, 8 * width):
        layers += [spectral_norm(nn.Conv2d(cin, cout, 4, 2, 1)), nn.LeakyReLU(0.2, True)]
        cin = cout
    return nn.Sequential(*layers, nn.Flatten())


class Discriminator(nn.Module):
    """image [N,3,H,W] -> realism score [N] (a hinge-loss logit: higher is more real)."""

    def __init__(self, config: DiscriminatorConfig = DiscriminatorConfig()):
        super().__init__()
        self.config = config
        sh, sw = seed_size(config.image_size)
        self.trunk = discriminator_trunk(config.width)
        self.head = spectral_norm(nn.Linear(8 * config.width * sh * sw, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.trunk(x)).squeeze(1)


class FaceBox(nn.Module):
    """The 64×64 face of a whole-frame generator (or its tuned copy): z [N,z_dim] -> [N,3,64,64] in [-1, 1], the
    box ``data.FACE_IN_FRAME`` of its 96×80 frames (``data.face_of_frames``), so that what takes a face
    generator takes it. ``frames`` is the wrapped generator."""

    def __init__(self, frames: nn.Module):
        super().__init__()
        self.frames = frames
        self.config = GeneratorConfig(frames.config.z_dim, frames.config.width, (64, 64))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return face_of_frames(self.frames(z))
