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
