"""The one latent optimiser behind inversion, sketch edits and GAN-prior completion.

It minimises, for each of N candidate latents z (iGAN, Zhu et al. 2016; Yeh et al. 2017):

    U(G(z)) + λ_prior · ‖z − z0‖² / dim − λ_realism · D(G(z))

with Adam. U is a constraint given by the caller (pixel error to a photo, stroke colours, known
pixels); the proximity term keeps z near the anchor z0 (with z0 = 0 it is the Gaussian prior);
the realism term asks the discriminator for a believable face. Each term is recorded per step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

import torch

Constraint = Callable[[torch.Tensor], torch.Tensor]  # images [N,3,H,W] -> loss per image [N]


@dataclass
class LatentObjective:
    """U(G(z)) + λ_prior·‖z − anchor‖²/dim − λ_realism·D(G(z)), as named terms. G and D are frozen."""

    G: torch.nn.Module
    constraint: Constraint
    anchor: torch.Tensor | None = None  # [1,D] or [N,D]; None: zeros (the Gaussian prior)
    lambda_prior: float = 0.0
    D: torch.nn.Module | None = None
    lambda_realism: float = 0.0

    def __post_init__(self):
        if self.lambda_realism and self.D is None:
            raise ValueError("lambda_realism needs a discriminator")

    def terms(self, z: torch.Tensor) -> dict[str, torch.Tensor]:
        """Weighted terms for latents z [N,D], each [N]."""
        images = self.G(z)
        terms = {"constraint": self.constraint(images)}
        if self.lambda_prior:
            anchor = torch.zeros_like(z[:1]) if self.anchor is None else self.anchor.detach()
            terms["prior"] = self.lambda_prior * (z - anchor).pow(2).mean(1)
        if self.lambda_realism:
            terms["realism"] = -self.lambda_realism * self.D(images)
        return terms

    def __call__(self, z: torch.Tensor) -> torch.Tensor:
        return sum(self.terms(z).values())


@dataclass
class LatentStep:
    step: int
    z: torch.Tensor  # [N,D] after this step, detached
    terms: dict[str, torch.Tensor]  # name -> [N], at the z before this step


@dataclass
class LatentResult:
    z: torch.Tensor  # [N,D], best candidate first
    total: torch.Tensor  # [N], final objective, ascending
    history: dict[str, torch.Tensor]  # name -> [steps,N], candidates in their starting order


class LatentRun:
    """One optimisation of the latents ``starts`` [N,D] with Adam, step by step.

    Iterating yields a LatentStep after every step (for live progress) and records each term;
    ``result()`` then scores the final latents and sorts them best first.
    """

    def __init__(self, objective: LatentObjective, starts: torch.Tensor, *, steps: int = 100, lr: float = 0.05):
        if starts.ndim != 2:
            raise ValueError(f"expected starts of shape [N,D], got {list(starts.shape)}")
        if steps < 1:
            raise ValueError(f"steps must be at least 1, got {steps}")
        self.objective, self.steps, self.lr = objective, steps, lr
        self.z = starts.detach().clone()
        self.history: dict[str, list[torch.Tensor]] = {}

    def __iter__(self) -> Iterator[LatentStep]:
        z = self.z.clone().requires_grad_(True)
        optimizer = torch.optim.Adam([z], lr=self.lr)
        for step in range(self.steps):
            terms = self.objective.terms(z)
            optimizer.zero_grad(set_to_none=True)
            sum(terms.values()).sum().backward()  # candidates are independent: the sum's gradient is each one's own
            optimizer.step()
            for name, value in terms.items():
                self.history.setdefault(name, []).append(value.detach())
            self.z = z.detach().clone()
            yield LatentStep(step, self.z, {k: v.detach() for k, v in terms.items()})

    def finish(self, progress: Callable[[float], None] | None = None) -> LatentResult:
        """Run every remaining step, then return the result; ``progress`` (optional) is called with the share
        of the steps done after each."""
        for step in self:
            if progress:
                progress((step.step + 1) / self.steps)
        return self.result()

    def result(self) -> LatentResult:
        with torch.no_grad():
            total = self.objective(self.z)
        order = total.argsort()
        return LatentResult(self.z[order], total[order], {k: torch.stack(v) for k, v in self.history.items()})


def optimize_latent(objective: LatentObjective, starts: torch.Tensor, *, steps: int = 100, lr: float = 0.05,
                    progress: Callable[[float], None] | None = None) -> LatentResult:
    """Run the optimisation to the end; returns the candidates sorted by their final objective. ``progress``
    (optional): the share of the steps done, after each."""
    return LatentRun(objective, starts, steps=steps, lr=lr).finish(progress)
