"""Photo -> latent, three ways (iGAN, Zhu et al. 2016, §3): "optimize" (gradient descent on z from
several random starts, keeping the best), "encoder" (E alone) and "hybrid" (E's z as the start of
gradient descent). The distance is pixel MSE or a distance in D's trunk features. ``frame_about`` finds the whole
frame (hair, neck, shoulders, background) that the frame models draw about a face, fitting its face box alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
import torch.nn.functional as F

from ganedit.data import FACE_IN_FRAME, FRAME_SIZE, face_of_frames
from ganedit.edits.latent import Constraint, LatentObjective, optimize_latent

METHODS = ("optimize", "encoder", "hybrid")
LOSSES = ("pixel", "feature")
FRAME_STEPS = 150  # gradient steps that fit a whole frame about a face (``frame_about``)


@dataclass
class FaceModels:
    """The frozen face models an edit needs."""

    G: torch.nn.Module
    D: torch.nn.Module
    E: torch.nn.Module


def image_size(G: torch.nn.Module) -> tuple[int, int]:
    """(H, W) of G's images (a tuned copy's too)."""
    return tuple(G.config.image_size)


def trunk_activations(D: torch.nn.Module, x: torch.Tensor) -> list[torch.Tensor]:
    """D's trunk activations after each non-linearity (4 scales, 32×32 down to 4×4)."""
    out = []
    for layer in D.trunk:
        x = layer(x)
        if isinstance(layer, torch.nn.LeakyReLU):
            out.append(x)
    return out


def pixel_distance(target: torch.Tensor) -> Constraint:
    """Constraint: mean squared pixel error to target [1,3,H,W], per image."""
    return lambda images: (images - target).pow(2).mean((1, 2, 3))


def feature_distance(D: torch.nn.Module, target: torch.Tensor) -> Constraint:
    """Constraint: pixel MSE plus the mean squared error of D's trunk activations, per image.

    The pixel term anchors colours, which D's features barely constrain.
    """
    with torch.no_grad():
        wanted = trunk_activations(D, target)

    def distance(images: torch.Tensor) -> torch.Tensor:
        feature_terms = [(a - w).pow(2).mean((1, 2, 3)) for a, w in zip(trunk_activations(D, images), wanted)]
        return pixel_distance(target)(images) + sum(feature_terms) / len(feature_terms)

    return distance


def invert(models: FaceModels, target: torch.Tensor, method: str = "hybrid", *, loss: str = "pixel",
           steps: int | None = None, starts: int = 4, lambda_prior: float = 1e-3, seed: int = 0,
           progress: Callable[[float], None] | None = None) -> torch.Tensor:
    """Find z [1,D] with G(z) ≈ target [1,3,H,W] (in [-1, 1]; G's size: 64×64 faces, 96×80 whole frames).

    steps defaults to 200 for "optimize" and 100 for "hybrid"; ``starts`` random starts for
    "optimize" (the hybrid's starts are E's z and small perturbations of it); ``progress`` (optional) is
    called with the share of the gradient steps done after each.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    if target.shape != (1, 3, *image_size(models.G)):
        raise ValueError(f"expected a target of shape [1,3,{','.join(map(str, image_size(models.G)))}], "
                         f"got {list(target.shape)}")
    with torch.no_grad():
        encoded = models.E(target)
    if method == "encoder":
        return encoded
    rng = torch.Generator().manual_seed(seed)
    noise = torch.randn(starts, encoded.shape[1], generator=rng)
    initial = noise if method == "optimize" else torch.cat([encoded, encoded + 0.3 * noise[1:]])
    constraint = pixel_distance(target) if loss == "pixel" else feature_distance(models.D, target)
    objective = LatentObjective(models.G, constraint, lambda_prior=lambda_prior)
    steps = steps or (200 if method == "optimize" else 100)
    return optimize_latent(objective, initial, steps=steps, lr=0.05, progress=progress).z[:1]


def face_box_distance(face: torch.Tensor) -> Constraint:
    """Constraint: mean squared pixel error between whole frames' face box (``data.face_of_frames``) and ``face``
    [1,3,64,64] (in [-1, 1]), per frame: what lies about the box is left to G."""
    return lambda frames: (face_of_frames(frames) - face).pow(2).mean((1, 2, 3))


def frame_about(models: FaceModels, face: torch.Tensor, steps: int = FRAME_STEPS) -> torch.Tensor:
    """z [1,D] of the whole-frame models ``models`` (96×80: hair, neck, shoulders and background) whose frame shows
    ``face`` [1,3,64,64] (in [-1, 1]) in its face box: E's z of the face in its box with its edge pixels repeated
    about it, refined by gradient descent on the face box's pixel error alone (``face_box_distance``), so that G
    draws what lies about the face."""
    left, top = int(FACE_IN_FRAME[0]), int(FACE_IN_FRAME[1])
    right, bottom = FRAME_SIZE[1] - face.shape[-1] - left, FRAME_SIZE[0] - face.shape[-2] - top
    with torch.no_grad():
        start = models.E(F.pad(face, (left, right, top, bottom), mode="replicate"))
    objective = LatentObjective(models.G, face_box_distance(face), lambda_prior=1e-3)
    return optimize_latent(objective, start, steps=steps, lr=0.05).z[:1]
