"""The typical hair of each hair-colour attribute: ``python -m ganedit.train.hair_colours --export weights``.

For every train face with a frame (``ganedit.data.load_faces(frames=True)``), the hair's median CIELAB
colour (``ganedit.edits.hair.frame_hair``); then, per attribute, the median of those over the faces with it
and over those without it. Takes about a minute; val faces are not used.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from ganedit import hub
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.hair import frame_hair
from ganedit.models.attributes import HairColours, HairColoursConfig

HAIR_COLOURS = ("black_hair", "blond_hair", "brown_hair", "gray_hair")


def hair_colours(images: torch.Tensor, labels: dict[str, torch.Tensor]) -> tuple[HairColours, int]:
    """The HairColours of frame crops uint8 [N,3,96,80] with 0/1 ``labels`` [N] per attribute, and how many
    frames showed enough hair to count."""
    found = [frame_hair(frame) for frame in images.permute(0, 2, 3, 1).numpy()]
    usable = np.array([f is not None for f in found])
    colours = np.stack([f if f is not None else np.zeros(3) for f in found])
    model = HairColours(HairColoursConfig(list(labels)))
    for i, column in enumerate(labels.values()):
        for side in (0, 1):
            model.lab[i, side] = torch.from_numpy(np.median(colours[usable & (column.numpy() == side)], 0))
    return model, int(usable.sum())


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--export", type=Path, default=None, help="weights root to write hair_colours to")
    args = p.parse_args(argv)
    faces = load_faces(args.data, "train", frames=True)
    model, counted = hair_colours(faces.images, {name: faces.column(name) for name in HAIR_COLOURS})
    for name, lab in zip(HAIR_COLOURS, model.lab.tolist()):
        print(f"{name}: without {np.round(lab[0], 1)}, with {np.round(lab[1], 1)} (CIELAB)")
    if args.export:
        hub.save_component("hair_colours", model, args.export, half=False,
                           extra={"frames": len(faces), "frames_with_hair": counted})


if __name__ == "__main__":
    main()
