"""Attribute editing by latent vector arithmetic (Radford et al. 2016; Larsen et al. 2016):
v_a = mean E(x) over faces with attribute a − mean E(x) over faces without it, and an edit is
z + Σ α_a·v_a. ``keep`` projects the edit off other attributes' vectors so that, for example,
long hair can be added without moving gender (as in InterFaceGAN's conditional manipulation); ``conditioned``
does so once for good, to a vector that always drags others along.
"""
from __future__ import annotations

import torch

from ganedit.models.attributes import AttributeVectors, AttributeVectorsConfig

SLIDER_RANGE = (-3.0, 3.0)


@torch.no_grad()
def encode_all(E: torch.nn.Module, images: torch.Tensor, batch: int = 256) -> torch.Tensor:
    """E over [N,3,H,W] images of its size (uint8, or floats in [-1, 1]) -> latents [N,D]."""
    out = []
    for i in range(0, len(images), batch):
        x = images[i:i + batch]
        out.append(E(x.float().div(127.5).sub(1) if x.dtype == torch.uint8 else x))
    return torch.cat(out)


def mean_difference(with_latents: torch.Tensor, without_latents: torch.Tensor, minimum: int = 1) -> torch.Tensor:
    """mean(with) − mean(without) over latents [N,D] and [M,D] -> [D]."""
    if len(with_latents) < minimum or len(without_latents) < minimum:
        raise ValueError(f"need at least {minimum} examples with and {minimum} without the attribute, "
                         f"got {len(with_latents)} and {len(without_latents)}")
    return with_latents.mean(0) - without_latents.mean(0)


def vectors_from_labels(latents: torch.Tensor, labels: torch.Tensor, names: list[str]) -> AttributeVectors:
    """One vector per label column; labels [N,A] in {0, 1}, other values (blank) ignored."""
    vectors = AttributeVectors(AttributeVectorsConfig(names=list(names), z_dim=latents.shape[1]))
    for i in range(len(names)):
        vectors.vectors[i] = mean_difference(latents[labels[:, i] == 1], latents[labels[:, i] == 0])
    return vectors


def within_groups(latents: torch.Tensor, labels: torch.Tensor, groups: torch.Tensor, minimum: int = 20) -> torch.Tensor:
    """The mean difference (with − without) estimated inside each group and averaged over the groups:
    latents [N,D], labels [N] in {0,1} (other values ignored), groups [N] in {0,1}. A direction that
    correlates with the grouping attribute in the data (long hair with gender) then no longer carries
    it. Groups with fewer than ``minimum`` faces on either side are left out; with none left, the plain
    mean difference."""
    sides = _sides(latents, labels, groups, minimum)
    if not sides:
        return mean_difference(latents[labels == 1], latents[labels == 0])
    return _difference(sides)


def discriminant(latents: torch.Tensor, labels: torch.Tensor, groups: torch.Tensor, shrinkage: float,
                 minimum: int = 20) -> torch.Tensor:
    """Fisher's linear discriminant [D] of an attribute, within groups: S⁻¹·d, with d ``within_groups``' mean
    difference and S the covariance of the latents [N,D] about their side's mean (with, without; labels [N] in
    {0,1}, other values ignored) inside each group (groups [N] in {0,1}, those with ``minimum`` faces each way),
    averaged over the groups and shrunk towards its mean variance times the identity by ``shrinkage`` (0..1; Ledoit
    and Wolf 2004). The normal of a linear boundary between the two sides, as InterFaceGAN's (Shen et al. 2020): a
    plain mean difference also leans along whatever varies most among faces and comes with the attribute (blond:
    pale skin, light), which the discriminant discounts. Raises ValueError where no group has ``minimum`` faces
    each way."""
    sides = _sides(latents, labels, groups, minimum)
    if not sides:
        raise ValueError(f"need at least {minimum} faces with and {minimum} without the attribute in a group")
    scatter = torch.stack([torch.cov(torch.cat([with_ - with_.mean(0), without - without.mean(0)]).T)
                           for with_, without in sides]).mean(0)
    scatter = (1 - shrinkage) * scatter + shrinkage * scatter.diagonal().mean() * torch.eye(len(scatter))
    return torch.linalg.solve(scatter, _difference(sides))


def _difference(sides: list[tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
    """The mean difference (with − without) [D] of each group's ``sides`` (``_sides``), averaged over the groups."""
    return torch.stack([with_.mean(0) - without.mean(0) for with_, without in sides]).mean(0)


def _sides(latents: torch.Tensor, labels: torch.Tensor, groups: torch.Tensor, minimum: int
           ) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(latents with, latents without the attribute) of each group (0, 1) with at least ``minimum`` of each."""
    sides = []
    for group in (0, 1):
        inside = groups == group
        with_, without = latents[inside & (labels == 1)], latents[inside & (labels == 0)]
        if len(with_) >= minimum and len(without) >= minimum:
            sides.append((with_, without))
    return sides


def vectors_within_groups(latents: torch.Tensor, labels: torch.Tensor, names: list[str],
                          group_by: str) -> AttributeVectors:
    """As vectors_from_labels, but every attribute except ``group_by`` estimated within its groups."""
    vectors = vectors_from_labels(latents, labels, names)
    groups = labels[:, names.index(group_by)]
    for i, name in enumerate(names):
        if name != group_by:
            vectors.vectors[i] = within_groups(latents, labels[:, i], groups)
    return vectors


def project_out(direction: torch.Tensor, others: torch.Tensor) -> torch.Tensor:
    """The part of direction [D] orthogonal to every row of others [K,D]."""
    if len(others) == 0:
        return direction
    basis, _ = torch.linalg.qr(others.T)  # [D,K], orthonormal columns spanning the others
    return direction - basis @ (basis.T @ direction)


def conditioned(vectors: AttributeVectors, conditions: dict[str, tuple[str, ...]]) -> AttributeVectors:
    """``vectors`` (changed in place and returned) with each vector named in ``conditions`` projected off the
    vectors (as they were) of the attributes it names, then given back its length, so that it no longer moves
    them (InterFaceGAN's conditional manipulation, Shen et al. 2020, with mean differences for the boundaries'
    normals): {"blond_hair": ("pale_skin", "male")}. Raises KeyError for an unknown name."""
    original = AttributeVectors(vectors.config)
    original.vectors = vectors.vectors.clone()
    for name, others in conditions.items():
        turned = project_out(original[name], torch.stack([original[other] for other in others]))
        vectors.vectors[vectors.config.names.index(name)] = turned * original[name].norm() / turned.norm()
    return vectors


def edit_latent(z: torch.Tensor, vectors: AttributeVectors, strengths: dict[str, float],
                keep: tuple[str, ...] = ()) -> torch.Tensor:
    """z [N,D] moved by Σ strength·v_name; strength 1.0 is the whole vector.

    ``keep`` names attributes the edit must not move: every vector is first projected off theirs
    (so a kept attribute's own slider does nothing).
    """
    if z.ndim != 2 or z.shape[1] != vectors.config.z_dim:
        raise ValueError(f"expected z of shape [N,{vectors.config.z_dim}], got {list(z.shape)}")
    kept = torch.stack([vectors[name] for name in keep]) if keep else vectors.vectors[:0]
    step = sum((s * project_out(vectors[name], kept) for name, s in strengths.items()), torch.zeros_like(z[0]))
    return z + step


def with_extra(vectors: AttributeVectors, extra: dict[str, torch.Tensor]) -> AttributeVectors:
    """A copy of ``vectors`` with more named vectors [D] appended."""
    names = vectors.config.names + list(extra)
    combined = AttributeVectors(AttributeVectorsConfig(names=names, z_dim=vectors.config.z_dim))
    combined.vectors = torch.cat([vectors.vectors, torch.stack(list(extra.values()))])
    return combined
