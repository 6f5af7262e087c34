"""Sketch-constrained editing (iGAN, Zhu et al. 2016): find z near z0 whose face follows the strokes.

U(G(z)) is a colour term (masked squared error to the stroke colours, over stroked pixels only,
normalised by stroke area) or an edge term (the edge map of G(z) should be strong along sketched
lines). Strokes are painted at any size and brought to G's size area-weighted: each 64×64 cell
gets the coverage-weighted mean colour of the stroke pixels inside it, and that coverage.
"""
from __future__ import annotations

from dataclasses import dataclass
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from ganedit.edits.inversion import FaceModels
from ganedit.edits.latent import LatentObjective, LatentResult, LatentRun

MODES = ("color", "edge")
EDGE_TARGET = 0.5  # Sobel magnitude (of luminance in [-1, 1]) that counts as a clear edge


@dataclass
class Strokes:
    color: torch.Tensor  # [1,3,S,S] in [-1, 1], the mean stroke colour per cell (0 where unpainted)
    coverage: torch.Tensor  # [1,1,S,S] in [0, 1], the painted share of each cell


def strokes_at(image: Image.Image, size: int = 64) -> Strokes:
    """Bring an RGBA stroke layer (alpha > 0 where painted) of any size to size×size, area-weighted."""
    rgba = torch.from_numpy(np.asarray(image.convert("RGBA"), dtype=np.float32) / 255).permute(2, 0, 1)[None]
    alpha = rgba[:, 3:]
    weighted = F.adaptive_avg_pool2d(rgba[:, :3] * alpha, size)
    coverage = F.adaptive_avg_pool2d(alpha, size)
    color = torch.where(coverage > 0, weighted / coverage.clamp(min=1e-6), torch.zeros_like(weighted))
    return Strokes(color=color * 2 - 1, coverage=coverage)


def stroke_average(per_pixel: torch.Tensor, strokes: Strokes) -> torch.Tensor:
    """The coverage-weighted mean of a per-pixel cost [N,1,H,W] over the strokes: [N]."""
    return (per_pixel * strokes.coverage).sum((1, 2, 3)) / strokes.coverage.sum().clamp(min=1e-6)


def color_term(strokes: Strokes):
    """Constraint: squared error to the stroke colours, weighted by coverage, per unit of stroke area."""
    return lambda images: stroke_average((images - strokes.color).pow(2).sum(1, keepdim=True), strokes)


def edge_map(images: torch.Tensor) -> torch.Tensor:
    """Sobel gradient magnitude of the luminance, [N,1,H,W]."""
    luma = (images * torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)).sum(1, keepdim=True)
    kx = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]]).view(1, 1, 3, 3) / 4
    gx = F.conv2d(F.pad(luma, (1, 1, 1, 1), mode="replicate"), kx)
    gy = F.conv2d(F.pad(luma, (1, 1, 1, 1), mode="replicate"), kx.transpose(2, 3))
    return (gx.pow(2) + gy.pow(2) + 1e-8).sqrt()


def edge_term(strokes: Strokes):
    """Constraint: how far G(z)'s edges fall short of a clear edge along the sketched lines."""
    return lambda images: stroke_average((EDGE_TARGET - edge_map(images)).clamp(min=0).pow(2), strokes)


def sketch_objective(models: FaceModels, z0: torch.Tensor, strokes: Image.Image, mode: str,
                     lambda_prior: float, lambda_realism: float) -> LatentObjective:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    painted = strokes_at(strokes)
    if painted.coverage.sum() == 0:
        raise ValueError("no strokes: paint on the face first")
    constraint = color_term(painted) if mode == "color" else edge_term(painted)
    return LatentObjective(models.G, constraint, anchor=z0, lambda_prior=lambda_prior, D=models.D,
                           lambda_realism=lambda_realism)


def starts_near(z0: torch.Tensor, candidates: int, seed: int, spread: float = 0.5) -> torch.Tensor:
    """z0 itself, then candidates − 1 small random perturbations of it ([candidates,D])."""
    noise = torch.randn(candidates - 1, z0.shape[1], generator=torch.Generator().manual_seed(seed))
    return torch.cat([z0, z0 + spread * noise])


DEFAULTS = dict(mode="color", lambda_prior=1.0, lambda_realism=0.02, steps=60, candidates=4, seed=0)


def sketch_run(models: FaceModels, z0: torch.Tensor, strokes: Image.Image, **options) -> LatentRun:
    """A sketch edit to iterate step by step (options as in ``sketch_edit``)."""
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown sketch options: {', '.join(sorted(unknown))}")
    o = {**DEFAULTS, **options}
    objective = sketch_objective(models, z0, strokes, o["mode"], o["lambda_prior"], o["lambda_realism"])
    return LatentRun(objective, starts_near(z0, o["candidates"], o["seed"]), steps=o["steps"])


def sketch_edit(models: FaceModels, z0: torch.Tensor, strokes: Image.Image, **options) -> LatentResult:
    """Latents near z0 [1,D] whose faces follow the strokes, best first.

    Options (defaults in DEFAULTS): mode "color" | "edge"; lambda_prior (stay close to z0);
    lambda_realism (D's score); steps; candidates; seed.
    """
    return sketch_run(models, z0, strokes, **options).finish()
