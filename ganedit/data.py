"""Face data: the aligned 64×64 CelebA crops in ``../shared/data/faces`` and, for 15,206 of them, the whole
aligned frame (hair, neck and shoulders) in ``frames/`` (see its README, "Whole frames").

Images are decoded once and cached as uint8 arrays under ``~/.cache/ganedit`` so that
training scripts start in seconds.
"""
from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

DEFAULT_FACES = Path(__file__).resolve().parents[2] / "shared" / "data" / "faces"
DEFAULT_SR = DEFAULT_FACES.parent / "sr"
CACHE_DIR = Path(os.environ.get("GANEDIT_CACHE", Path.home() / ".cache" / "ganedit"))
UNKNOWN = -1  # label value for a blank hand label
# The part of the 89×109 frame that the frame models see, (left, top, right, bottom) in frame pixels: 80×96 at
# the frame's own scale, from the top of the hair to the shoulders. Today's 64×64 face is the box
# (12.5, 25, 76.5, 89) of the frame, so (8.5, 16, 72.5, 80) of this crop: the same 64 px face.
FRAME_BOX = (4, 9, 84, 105)
FACE_IN_FRAME = (8.5, 16.0, 72.5, 80.0)
FRAME_SIZE = (FRAME_BOX[3] - FRAME_BOX[1], FRAME_BOX[2] - FRAME_BOX[0])  # (H, W) = (96, 80): the frame models' images


@dataclass
class FaceSet:
    """A split of the face data, all in memory.

    images: uint8 [N,3,64,64] (frames: [N,3,96,80]); attributes: float [N,A] in {0,1} (or UNKNOWN);
    names: the A attribute names (CelebA's 40, then ``long_hair``); files: relative paths.
    """

    images: torch.Tensor
    attributes: torch.Tensor
    names: list[str]
    files: list[str]

    def __len__(self) -> int:
        return len(self.files)

    def column(self, name: str) -> torch.Tensor:
        return self.attributes[:, self.names.index(name)]

    def as_float(self, index=slice(None)) -> torch.Tensor:
        """Images as [N,3,H,W] floats in [-1, 1]."""
        return self.images[index].float().div(127.5).sub(1.0)


def face_of_frames(frames: torch.Tensor) -> torch.Tensor:
    """The 64×64 face box (``FACE_IN_FRAME``) of frame crops [N,3,96,80] (floats in [-1, 1] or uint8): [N,3,64,64]
    floats in [-1, 1], bilinear at the box's half-pixel offset."""
    x = frames.float().div(127.5).sub(1) if frames.dtype == torch.uint8 else frames
    h, w = x.shape[-2:]
    left, top, right, bottom = FACE_IN_FRAME
    theta = torch.tensor([[(right - left) / w, 0, (left + right) / w - 1],
                          [0, (bottom - top) / h, (top + bottom) / h - 1]], dtype=x.dtype, device=x.device)
    grid = F.affine_grid(theta.expand(len(x), 2, 3), [len(x), 3, 64, 64], align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _decode(root: Path, files: list[str], box: tuple | None) -> np.ndarray:
    """uint8 [N,3,H,W]: each file resized to 64×64, or cut to ``box`` at its own scale."""
    w, h = (64, 64) if box is None else (box[2] - box[0], box[3] - box[1])
    out = np.empty((len(files), h, w, 3), np.uint8)
    for i, name in enumerate(files):
        with Image.open(root / name) as im:
            im = im.convert("RGB")
            out[i] = np.asarray(im.resize((w, h), Image.LANCZOS) if box is None else im.crop(box))
    return out.transpose(0, 3, 1, 2)


def _cached_images(root: Path, files: list[str], box: tuple | None = None) -> np.ndarray:
    key = hashlib.sha256(("\n".join([str(root)] + ([str(box)] if box else []) + files)).encode()).hexdigest()[:16]
    path = CACHE_DIR / f"faces-{key}.npy"
    if path.exists():
        return np.load(path)
    images = _decode(root, files, box)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(path, images)
    return images


def load_faces(root: str | Path = DEFAULT_FACES, split: str = "train", frames: bool = False) -> FaceSet:
    """Load one split ("train", "val" or "all") of the face data: the 64×64 faces, or with ``frames`` the
    ``FRAME_BOX`` crops [N,3,96,80] of the whole frames (only the faces that have one).

    Raises FileNotFoundError with the path it looked at when the data is absent.
    """
    root = Path(root)
    if not (root / "split.csv").exists():
        raise FileNotFoundError(f"face data not found at {root} (expected split.csv there)")
    splits = {r["file"]: r["split"] for r in _read_csv(root / "split.csv")}
    rows = [r for r in _read_csv(root / "attributes.csv") if split == "all" or splits[r["file"]] == split]
    names = [k for k in rows[0] if k != "file"]
    hand = {r["file"]: r["long_hair"] for r in _read_csv(root / "long_hair.csv")}
    if frames:
        rows = [r for r in rows if (root / "frames" / r["file"].removeprefix("images/")).exists()]
    files = [r["file"] for r in rows]
    labels = [[float(r[n]) for n in names] + [float(hand[f]) if hand.get(f, "") != "" else UNKNOWN]
              for r, f in zip(rows, files)]
    return FaceSet(
        images=torch.from_numpy(_cached_images(root / "frames", [f.removeprefix("images/") for f in files], FRAME_BOX)
                                if frames else _cached_images(root, files)),
        attributes=torch.tensor(labels),
        names=[n.lower() for n in names] + ["long_hair"],
        files=files,
    )


def completion_photos(split: str, folder: str | Path = DEFAULT_SR / "train") -> list[Path]:
    """The completion model's photos: ``split`` "holdout" is every fifth BSDS500 test photo (40 whole
    481×321 photos, never trained on), "train" is every other photo in ``folder``."""
    files = sorted(Path(folder).iterdir())
    bsds = [f for f in files if f.name.startswith("bsds500test_")]
    holdout = set(bsds[::5])
    return [f for f in files if (f in holdout) == (split == "holdout")]


def read_photos(files: list[Path]) -> list[np.ndarray]:
    """uint8 [H,W,3] RGB arrays."""
    out = []
    for f in files:
        with Image.open(f) as im:
            out.append(np.asarray(im.convert("RGB")))
    return out
