"""A smile's light and shade (``ganedit.edits.shading``): ``python -m ganedit.train.smile_shading --export weights``.

Shape-free prototypes (Tiddeman, Burt and Perrett 2001) of CelebA's Smiling label, within each person: for every
train person with both smiling and neutral faces, dlib's 68 landmarks on each face (enlarged to LANDMARK_SIDE),
the mean shape over all of them, each face's L* warped to the mean shape (``shading.moved``); per person the mean
smiling face less the mean neutral one, then the mean over the people (so light, age and who smiles more cancel).
Kept: that change less its broad part (a Gaussian blur over ``photo.BROAD`` of the side: the light of the whole
face), as a share of the neutral prototype's L* (at least DARKEST); and how far the mouth's corners of the smiling
faces lie above those of the neutral ones, as a share of the neutral mouth's width. About 2 minutes; val faces are
not used.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import cv2
import numpy as np
import torch

from ganedit import hub
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.photo import BROAD, face_points
from ganedit.edits.regions import to_lab
from ganedit.edits.shading import moved
from ganedit.models.attributes import SmileShading, SmileShadingConfig

LANDMARK_SIDE = 256  # pixels: dlib finds the landmarks of a 64×64 face enlarged to this
DARKEST = 20.0  # L*: the neutral prototype's lightness is floored at this in the ratio (dark background)


def smile_shading(images: torch.Tensor, smiling: np.ndarray, people: list[str]) -> tuple[SmileShading, int, int]:
    """The SmileShading of faces uint8 [N,3,64,64] with their Smiling labels (bool [N]) and people (ids [N]),
    how many people had both smiling and neutral faces and how many faces they had. ValueError when none did."""
    groups: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        groups.setdefault(person, []).append(index)
    both = [np.array(group) for group in groups.values() if 0 < smiling[group].sum() < len(group)]
    if not both:
        raise ValueError("no person has both smiling and neutral faces")
    faces = images.permute(0, 2, 3, 1).numpy()
    size = faces.shape[1]
    points = {i: landmarks_of(faces[i]) for i in np.concatenate(both)}
    shape = np.mean(list(points.values()), 0)

    def prototype(indices: np.ndarray) -> np.ndarray:
        return np.mean([moved(to_lab(faces[i])[..., 0], points[i], shape) for i in indices], 0)
    smiles = np.mean([prototype(group[smiling[group]]) for group in both], 0)
    neutral = np.mean([prototype(group[~smiling[group]]) for group in both], 0)
    change = smiles - neutral
    change -= cv2.GaussianBlur(change, (0, 0), BROAD * size)
    model = SmileShading(SmileShadingConfig(size=size, points=len(shape)))
    model.texture.copy_(torch.from_numpy(change / np.maximum(neutral, DARKEST)))
    model.mean_shape.copy_(torch.from_numpy(shape))
    model.rise.fill_(corner_rise(*([points[i] for i in points if smiling[i] == side] for side in (True, False))))
    return model, len(both), len(points)


def landmarks_of(face: np.ndarray) -> np.ndarray:
    """dlib's 68 points [68,2] (pixels) of an aligned face (uint8 [S,S,3]), found at LANDMARK_SIDE."""
    big = cv2.resize(face, (LANDMARK_SIDE, LANDMARK_SIDE), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    return face_points(big) * (len(face) / LANDMARK_SIDE)


def corner_rise(smiling: list[np.ndarray], neutral: list[np.ndarray]) -> float:
    """How far the mouth's corners (dlib 48, 54) lie higher on the mean of the ``smiling`` faces' landmarks than on
    the mean of the ``neutral`` ones' ([68,2] each), as a share of the neutral mouth's width."""
    up, level = np.mean(smiling, 0), np.mean(neutral, 0)
    return float((level[[48, 54], 1] - up[[48, 54], 1]).mean() / np.linalg.norm(level[54] - level[48]))


def people_of(root: Path, files: list[str]) -> list[str]:
    """The CelebA identity of each face file (``meta.csv``'s ``identity``)."""
    with open(root / "meta.csv", newline="") as f:
        identity = {row["file"]: row["identity"] for row in csv.DictReader(f)}
    return [identity[name] for name in files]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--export", type=Path, default=None, help="weights root to write smile_shading to")
    args = p.parse_args(argv)
    faces = load_faces(args.data, "train")
    smiling = faces.column("smiling").numpy() > 0.5
    model, people, counted = smile_shading(faces.images, smiling, people_of(args.data, faces.files))
    texture = model.texture.numpy()
    print(f"{people} people with both ({counted} faces); texture {texture.min():.3f}..{texture.max():.3f}; "
          f"corners rise {float(model.rise):.3f} of the mouth's width")
    if args.export:
        hub.save_component("smile_shading", model, args.export, half=False, extra={"people": people, "faces": counted})


if __name__ == "__main__":
    main()
