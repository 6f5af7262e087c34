"""Compute the attribute vectors from the train faces: ``python -m ganedit.train.attributes --export weights``.

v_a = mean E(x) over train faces with attribute a − mean over those without, for CelebA's 40
attributes and long hair, estimated within each gender and averaged (``--group-by male``, the
default), so that, for example, long hair does not carry "female" along. CelebA's labels are used
for its 40 attributes; long hair is hand-labelled on only 1,128 faces, so its labels come from the
attribute classifier over all 28,958 train faces (probability > 0.5). Blond's direction is Fisher's discriminant
rather than its mean difference (``DISCRIMINANT``; ``ganedit.edits.attributes.discriminant``), and a vector that
drags other attributes along even within each gender is then turned off theirs (``CONDITIONS``;
``ganedit.edits.attributes.conditioned``).

Slider units are then calibrated (``--calibrate-on``, 0 to skip): a vector whose +2 switches its
attribute on (by the classifier, on G(E(x))) for fewer than 90% of a sample of train faces without it
is lengthened by the smallest of ×1.25 … ×3 that does (where none does, by the one that comes closest);
rare attributes such as eyeglasses have short mean differences, and a slider that does nothing at its end
is no use. Val faces are not used.

``--frames`` does the same for the whole-frame models (``frame_encoder``, ``frame_g``; exported as
``frame_attributes``) over the 14,471 train frames, the classifier judging the face box of each frame.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from ganedit import hub
from ganedit.data import DEFAULT_FACES, face_of_frames, load_faces
from ganedit.edits.attributes import (conditioned, discriminant, encode_all, vectors_from_labels,
                                      vectors_within_groups)
from ganedit.models.attributes import AttributeVectors
from ganedit.pretrained import component

SCALES = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
TARGET = 0.9  # share of faces without an attribute that +2 must switch it on for
# blond's mean difference, even within each gender, is also fair skin, make-up, youth, looks and long hair: +2 on G's
# faces turned them pale (python -m ganedit.bench.attributes --faces 300: the face's colour shift 35 grey levels) and
# switched blond on for 70%; turned off those attributes' vectors it switches blond on for 81% with less than half
# the colour shift, 15 (a /tmp sweep chose which attributes to turn it off)
CONDITIONS = {"blond_hair": ("pale_skin", "male", "gray_hair", "heavy_makeup", "wearing_lipstick", "attractive",
                             "young", "long_hair")}
# and blond's mean difference still leans along what varies most among faces (light, skin): its direction is Fisher's
# discriminant with this shrinkage, given the mean difference's length before conditioning and calibration. On 300 val
# faces (python -m ganedit.bench.attributes --faces 300, session 58) +2 switches blond on for 87.7% rather than 78.2%,
# moves the face's colour by 13.4 grey levels rather than 14.8 and takes 19.4% to the other gender rather than 17.5%; a
# /tmp sweep over 1,024 train faces chose the shrinkage among 0.1, 0.5 and 0.8 (at 0.1, 82% switched on at a colour
# shift of 35 grey levels). Not for the whole-frame models (``--frames``): there it moved the face box's colour by 32.7
# grey levels rather than 23.2 and took 36.5% to the other gender rather than 28.1% (python -m ganedit.bench.attributes
# --frames, 200 val frames)
DISCRIMINANT = {"blond_hair": 0.8}
# (generator, encoder, attribute vectors): the components of the 64×64 faces and of the whole frames
CHAINS = {False: ("face_g", "encoder", "attributes"), True: ("frame_g", "frame_encoder", "frame_attributes")}


@torch.no_grad()
def classify(images: torch.Tensor) -> torch.Tensor:
    """The attribute classifier's logits [N,A] for faces [N,3,64,64] or frames [N,3,96,80] (their face box),
    uint8 or floats in [-1, 1]."""
    if images.shape[-2:] != (64, 64):
        images = face_of_frames(images)
    elif images.dtype == torch.uint8:
        images = images.float().div(127.5).sub(1)
    return component("classifier")(images)


@torch.no_grad()
def classifier_labels(images: torch.Tensor, name: str, batch: int = 512) -> torch.Tensor:
    """The attribute classifier's 0/1 labels [N] for one attribute over uint8 faces or frames (``classify``)."""
    column = component("classifier").config.names.index(name)
    logits = [classify(images[i:i + batch])[:, column] for i in range(0, len(images), batch)]
    return (torch.cat(logits) > 0).float()


@torch.no_grad()
def switched_on(G: torch.nn.Module, latents: torch.Tensor, vector: torch.Tensor, column: int) -> torch.Tensor:
    """For each of SCALES, the share of the latents [N,D] whose G(z + 2·scale·vector) the classifier judges
    to have attribute ``column`` ([len(SCALES)])."""
    steps = torch.tensor(SCALES)[:, None, None] * 2 * vector  # [S,1,D]
    moved = (latents[None] + steps).flatten(0, 1)  # [S·N,D]
    judged = classify(G(moved))[:, column] > 0
    return judged.float().view(len(SCALES), -1).mean(1)


def discriminated(vectors: AttributeVectors, latents: torch.Tensor, labels: torch.Tensor, groups: torch.Tensor,
                  shrinkages: dict[str, float]) -> AttributeVectors:
    """``vectors`` (changed in place and returned) with each one named in ``shrinkages`` (DISCRIMINANT) turned to its
    attribute's ``discriminant`` with that shrinkage over the latents [N,D] (labels [N,A] in the vectors' order, groups
    [N] in {0, 1}), its length kept."""
    for name, shrinkage in shrinkages.items():
        i = vectors.config.names.index(name)
        direction = discriminant(latents, labels[:, i], groups, shrinkage)
        vectors.vectors[i] = direction * vectors.vectors[i].norm() / direction.norm()
    return vectors


@torch.no_grad()
def calibrate(vectors: AttributeVectors, latents: torch.Tensor, G: torch.nn.Module) -> dict[str, float]:
    """Lengthen each vector (in place) by the smallest of SCALES at which +2 switches its attribute on for
    TARGET of the latents [N,D] judged without it on G, or, where none does, by the scale that switches it on
    most often (a longer step can overshoot: blond turns grey); returns the scales."""
    judged = torch.sigmoid(classify(G(latents))) > 0.5
    names = component("classifier").config.names
    scales = {}
    for i, name in enumerate(vectors.config.names):
        without = latents[~judged[:, names.index(name)]]
        if len(without) == 0:
            scales[name] = 1.0
            continue
        rates = switched_on(G, without, vectors.vectors[i], names.index(name))
        reached = (rates >= TARGET).nonzero()
        scales[name] = SCALES[int(reached[0]) if len(reached) else int(rates.argmax())]
        vectors.vectors[i] *= scales[name]
    return scales


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--group-by", default="male", help="estimate within this attribute's groups ('' for none)")
    p.add_argument("--calibrate-on", type=int, default=256, help="train faces to calibrate slider units on")
    p.add_argument("--frames", action="store_true", help="the whole-frame models' vectors, over the train frames")
    p.add_argument("--export", type=Path, default=None, help="weights root to export to")
    args = p.parse_args(argv)
    generator, encoder, exported = CHAINS[args.frames]
    train = load_faces(args.data, "train", frames=args.frames)
    latents = encode_all(component(encoder), train.images)
    labels = train.attributes.clone()
    labels[:, train.names.index("long_hair")] = classifier_labels(train.images, "long_hair")
    vectors = (vectors_within_groups(latents, labels, train.names, args.group_by) if args.group_by
               else vectors_from_labels(latents, labels, train.names))
    groups = labels[:, train.names.index(args.group_by)] if args.group_by else torch.zeros(len(labels))
    vectors = conditioned(discriminated(vectors, latents, labels, groups, {} if args.frames else DISCRIMINANT),
                          CONDITIONS)
    scales = calibrate(vectors, latents[torch.randperm(len(latents), generator=torch.Generator().manual_seed(0))
                                         [:args.calibrate_on]], component(generator)) if args.calibrate_on else {}
    for name, v in zip(train.names, vectors.vectors):
        print(f"{name:22s} |v| = {v.norm():.2f}  (×{scales.get(name, 1.0):g})")
    if args.export:
        hub.save_component(exported, vectors, args.export, half=False)


if __name__ == "__main__":
    main()
