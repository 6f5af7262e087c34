"""Compute the attribute vectors from the train faces: ``python -m ganedit.train.attributes --export weights``.

v_a = mean E(x) over train faces with attribute a − mean over those without, for CelebA's 40
attributes and long hair, estimated within each gender and averaged (``--group-by male``, the
default), so that, for example, long hair does not carry "female" along. CelebA's labels are used
for its 40 attributes; long hair is hand-labelled on only 1,128 faces, so its labels come from the
attribute classifier over all 28,958 train faces (probability > 0.5).

Slider units are then calibrated (``--calibrate-on``, 0 to skip): a vector whose +2 switches its
attribute on (by the classifier, on G(E(x))) for fewer than 90% of a sample of train faces without it
is lengthened by the smallest of ×1.25 … ×3 that does (where none does, by the one that comes closest);
rare attributes such as eyeglasses have short mean differences, and a slider that does nothing at its end
is no use. Val faces are not used.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from ganedit import hub
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.attributes import encode_all, vectors_from_labels, vectors_within_groups
from ganedit.models.attributes import AttributeVectors
from ganedit.pretrained import component

SCALES = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
TARGET = 0.9  # share of faces without an attribute that +2 must switch it on for


@torch.no_grad()
def classifier_labels(images: torch.Tensor, name: str, batch: int = 512) -> torch.Tensor:
    """The attribute classifier's 0/1 labels [N] for one attribute over uint8 faces [N,3,64,64]."""
    classifier = component("classifier")
    column = classifier.config.names.index(name)
    logits = [classifier(images[i:i + batch].float().div(127.5).sub(1))[:, column] for i in range(0, len(images), batch)]
    return (torch.cat(logits) > 0).float()


@torch.no_grad()
def switched_on(latents: torch.Tensor, vector: torch.Tensor, column: int) -> torch.Tensor:
    """For each of SCALES, the share of the latents [N,D] whose G(z + 2·scale·vector) the classifier judges
    to have attribute ``column`` ([len(SCALES)])."""
    steps = torch.tensor(SCALES)[:, None, None] * 2 * vector  # [S,1,D]
    moved = (latents[None] + steps).flatten(0, 1)  # [S·N,D]
    judged = component("classifier")(component("face_g")(moved))[:, column] > 0
    return judged.float().view(len(SCALES), -1).mean(1)


@torch.no_grad()
def calibrate(vectors: AttributeVectors, latents: torch.Tensor) -> dict[str, float]:
    """Lengthen each vector (in place) by the smallest of SCALES at which +2 switches its attribute on for
    TARGET of the latents [N,D] judged without it, or, where none does, by the scale that switches it on
    most often (a longer step can overshoot: blond turns grey); returns the scales."""
    judged = torch.sigmoid(component("classifier")(component("face_g")(latents))) > 0.5
    names = component("classifier").config.names
    scales = {}
    for i, name in enumerate(vectors.config.names):
        without = latents[~judged[:, names.index(name)]]
        if len(without) == 0:
            scales[name] = 1.0
            continue
        rates = switched_on(without, vectors.vectors[i], names.index(name))
        reached = (rates >= TARGET).nonzero()
        scales[name] = SCALES[int(reached[0]) if len(reached) else int(rates.argmax())]
        vectors.vectors[i] *= scales[name]
    return scales


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--group-by", default="male", help="estimate within this attribute's groups ('' for none)")
    p.add_argument("--calibrate-on", type=int, default=256, help="train faces to calibrate slider units on")
    p.add_argument("--export", type=Path, default=None, help="weights root to export to")
    args = p.parse_args(argv)
    train = load_faces(args.data, "train")
    latents = encode_all(component("encoder"), train.images)
    labels = train.attributes.clone()
    labels[:, train.names.index("long_hair")] = classifier_labels(train.images, "long_hair")
    vectors = (vectors_within_groups(latents, labels, train.names, args.group_by) if args.group_by
               else vectors_from_labels(latents, labels, train.names))
    scales = calibrate(vectors, latents[torch.randperm(len(latents), generator=torch.Generator().manual_seed(0))
                                         [:args.calibrate_on]]) if args.calibrate_on else {}
    for name, v in zip(train.names, vectors.vectors):
        print(f"{name:22s} |v| = {v.norm():.2f}  (×{scales.get(name, 1.0):g})")
    if args.export:
        hub.save_component("attributes", vectors, args.export, half=False)


if __name__ == "__main__":
    main()
