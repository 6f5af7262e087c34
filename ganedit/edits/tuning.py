"""Pivotal tuning (Roich et al. 2021, "Pivotal Tuning for Latent-based Editing of Real Images").

After inversion has found a pivot z_p whose G(z_p) is close to the photo's face but not quite the person,
a copy of G is tuned so that G'(z_p) reproduces the face (pixel error plus a distance in D's trunk
features, the stand-in for LPIPS here), while the locality regulariser keeps G' equal to G (pixel error)
at latents a typical edit away from the pivot, so that the attribute directions still mean what they meant.

Only G's last stages are tuned (from the 16×16 features on, ``TuningSettings.first_tuned``): identity
lives in the face's shape and texture at those scales, and tuning them alone is ~3× faster, since
the frozen stages' outputs for the pivot and the regulariser's latents are computed once. The shipped G
is never modified: the caller gets a new module that shares G's frozen stages and owns a copy of the
tuned ones (0.66 M of G's 3.8 M parameters, 2.6 MB per user).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch.nn.utils import parametrize

from ganedit.edits.inversion import image_size, trunk_activations


@dataclass
class TuningSettings:
    steps: int = 40
    lr: float = 3e-3
    lambda_locality: float = 1.0
    locality_radius: tuple[float, float] = (2.0, 6.0)  # ‖z_r − z_p‖: attribute edits at ±2 move z by ~5
    locality_samples: int = 8  # fixed latents around the pivot, two of them used per step
    first_tuned: int = 2  # index in stages(G) of the first tuned stage: 0 seed, 1–3 body, 4 to_rgb


def stages(G: torch.nn.Module) -> list[torch.nn.Module]:
    """The generator's stages in order: the 4×4 seed, the three ×2 stages, the RGB output stage."""
    return [G.seed, *G.body, G.to_rgb]


class TunedGenerator(torch.nn.Module):
    """G with its stages from ``first_tuned`` on replaced by tuned copies; the frozen stages are G's own
    modules (shared, not copied)."""

    def __init__(self, G: torch.nn.Module, first_tuned: int):
        super().__init__()
        self.config = G.config
        parts = stages(G)
        self.frozen = torch.nn.Sequential(*parts[:first_tuned])
        self.tuned = copy.deepcopy(torch.nn.Sequential(*parts[first_tuned:])).eval()

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.tuned(self.frozen(z))


def perceptual_distance(D: torch.nn.Module, images: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean squared pixel error plus the mean over D's trunk scales of their squared feature error."""
    pixel = (images - targets).pow(2).mean()
    features = [(a - b).pow(2).mean() for a, b in zip(trunk_activations(D, images), trunk_activations(D, targets))]
    return pixel + sum(features) / len(features)


def tune_generator(G: torch.nn.Module, D: torch.nn.Module, face: torch.Tensor, pivot: torch.Tensor, *,
                   settings: TuningSettings = TuningSettings(), seed: int = 0, progress=None) -> TunedGenerator:
    """A copy of G tuned so that G'(pivot [1,D]) ≈ face [1,3,H,W] (in [-1, 1], G's size); G and D are left as
    they are.

    ``progress`` (optional) is called with the share done after each step. The copy is frozen and in
    eval mode (batch-norm statistics stay G's own).
    """
    size = ",".join(map(str, image_size(G)))
    if face.shape != (1, 3, *image_size(G)) or pivot.ndim != 2 or len(pivot) != 1:
        raise ValueError(f"expected a face [1,3,{size}] and a pivot [1,D], got {list(face.shape)}, {list(pivot.shape)}")
    tuned = TunedGenerator(G, settings.first_tuned)
    neighbours = _neighbours(pivot, settings, torch.Generator().manual_seed(seed))
    with torch.no_grad():  # the frozen stages' outputs and G's own images around the pivot, computed once
        pivot_features, neighbour_features = tuned.frozen(pivot), tuned.frozen(neighbours)
        anchors = G(neighbours)
    tuned.tuned.requires_grad_(True)
    optimiser = torch.optim.Adam(tuned.tuned.parameters(), settings.lr)
    with parametrize.cached():  # a D still parametrized (spectral norm) computes its weights once, not per call
        for step in range(settings.steps):
            pair = [(2 * step) % len(neighbours), (2 * step + 1) % len(neighbours)]
            images = tuned.tuned(torch.cat([pivot_features, neighbour_features[pair]]))
            loss = perceptual_distance(D, images[:1], face)
            loss = loss + settings.lambda_locality * (images[1:] - anchors[pair]).pow(2).mean()
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            if progress:
                progress((step + 1) / settings.steps)
    return tuned.requires_grad_(False)


def _neighbours(pivot: torch.Tensor, settings: TuningSettings, rng: torch.Generator) -> torch.Tensor:
    """Latents [S,D] at random directions from the pivot, at a distance within ``locality_radius``."""
    directions = torch.randn(settings.locality_samples, pivot.shape[1], generator=rng)
    low, high = settings.locality_radius
    radius = low + (high - low) * torch.rand(settings.locality_samples, 1, generator=rng)
    return pivot + radius * directions / directions.norm(dim=1, keepdim=True)
