"""Attribute vectors in latent space, stored like any other component (a named [A,D] tensor)."""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn


@dataclass
class AttributeVectorsConfig:
    names: list[str] = field(default_factory=list)
    z_dim: int = 128


class AttributeVectors(nn.Module):
    """``vectors`` [A,z_dim]: row i is the latent direction of attribute ``names[i]``."""

    def __init__(self, config: AttributeVectorsConfig):
        super().__init__()
        self.config = config
        self.register_buffer("vectors", torch.zeros(len(config.names), config.z_dim))

    def __getitem__(self, name: str) -> torch.Tensor:
        if name not in self.config.names:
            raise KeyError(f"unknown attribute {name!r}; known: {', '.join(self.config.names)}")
        return self.vectors[self.config.names.index(name)]


@dataclass
class HairColoursConfig:
    names: list[str] = field(default_factory=list)


class HairColours(nn.Module):
    """The typical hair of each hair-colour attribute, in CIELAB (L* 0..100, a*, b*): ``lab`` [A,2,3] is the
    median colour of the hair of faces without (row 0) and with (row 1) attribute ``names[i]``."""

    def __init__(self, config: HairColoursConfig):
        super().__init__()
        self.config = config
        self.register_buffer("lab", torch.zeros(len(config.names), 2, 3))

    def target(self, name: str, strength: float) -> tuple[torch.Tensor, torch.Tensor]:
        """(the typical hair that ``strength`` moves towards, the one it leaves), Lab [3] each: with the attribute
        and without it for strength > 0, the other way round otherwise. KeyError for a name that is not a
        hair colour."""
        if name not in self.config.names:
            raise KeyError(f"{name!r} is not a hair colour; known: {', '.join(self.config.names)}")
        without, with_ = self.lab[self.config.names.index(name)]
        return (with_, without) if strength > 0 else (without, with_)


@dataclass
class SmileShadingConfig:
    size: int = 64
    points: int = 68


class SmileShading(nn.Module):
    """A smile's light and shade as shape-free prototypes show it (``ganedit.train.smile_shading``): ``texture``
    [size,size] is, at each pixel of the aligned face warped to the mean shape ``mean_shape`` [points,2] (dlib's
    68 landmarks, pixels at ``size``), the mean change of L* from a person's neutral faces to their smiling ones,
    its broad part removed, as a share of the neutral faces' L*; ``rise`` [1] is how far the prototypes' mouth
    corners rose, as a share of the mouth's width."""

    def __init__(self, config: SmileShadingConfig):
        super().__init__()
        self.config = config
        self.register_buffer("texture", torch.zeros(config.size, config.size))
        self.register_buffer("mean_shape", torch.zeros(config.points, 2))
        self.register_buffer("rise", torch.zeros(1))
