"""Completion quality and speed: ``python -m ganedit.bench.completion --faces 200``.

On val faces (64×64) and on Set14, with fixed seeded masks (the centre box of a quarter of the
area, and free-form strokes), PSNR and L1 (0..255) inside the hole and seconds per image for the
completion network, the GAN prior (faces only; on the aligned faces themselves) and OpenCV's
Telea inpainting as the classical baseline. ``--grid PATH`` also writes a picture: per row the input
with its hole (white), the network's fill, the GAN prior's (faces), Telea's and the original; its
pictures are the project's own (faces from its generator, drawn landscapes), since no data set image
is shipped. ``--grid-only`` writes just the picture.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import cv2
import numpy as np
import torch
from PIL import Image

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, DEFAULT_SR, load_faces
from ganedit.edits.completion import complete_array, gan_face
from ganedit.api import sample
from ganedit.imaging import grid, to_pil, to_tensor
from ganedit.make_examples import landscape
from ganedit.pretrained import component, face_models
from ganedit.train.masks import centre_box, stroke_mask


def square_mask(kind: str, height: int, width: int, seed: int) -> np.ndarray:
    """The benchmark's bool mask for an image: centre box or seeded strokes, drawn square then fitted."""
    size = min(height, width)
    square = centre_box(size) if kind == "box" else stroke_mask(size, np.random.default_rng(seed))
    return cv2.resize(square, (width, height), interpolation=cv2.INTER_NEAREST) > 0.5


def telea(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return cv2.inpaint(rgb, mask.astype(np.uint8) * 255, 3, cv2.INPAINT_TELEA)


def network(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return complete_array(rgb, mask, component("completion"))


def gan_prior(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    face = torch.from_numpy(rgb.astype(np.float32)).permute(2, 0, 1)[None].div(127.5).sub(1)
    hole = torch.from_numpy(mask.astype(np.float32))[None, None]
    generated = np.asarray(to_pil(gan_face(face_models(), face, hole))[0])
    return np.where(mask[..., None], generated, rgb)


def hole_scores(result: np.ndarray, truth: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    diff = result[mask].astype(np.float64) - truth[mask]
    return float(10 * np.log10(255**2 / max(np.mean(diff**2), 1e-10))), float(np.abs(diff).mean())


def evaluate(method, images: list[np.ndarray], kind: str) -> list[float]:
    psnrs, l1s, seconds = [], [], 0.0
    for i, rgb in enumerate(images):
        mask = square_mask(kind, *rgb.shape[:2], seed=i)
        start = time.perf_counter()
        result = method(rgb, mask)
        seconds += time.perf_counter() - start
        p, l1 = hole_scores(result, rgb, mask)
        psnrs.append(p), l1s.append(l1)
    return [float(np.mean(psnrs)), float(np.mean(l1s)), seconds / len(images)]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--faces", type=int, default=200)
    p.add_argument("--face-data", default=DEFAULT_FACES)
    p.add_argument("--set14", type=Path, default=DEFAULT_SR / "Set14")
    p.add_argument("--grid", default=None, help="write an input / fills / original grid here (PNG)")
    p.add_argument("--grid-only", action="store_true", help="write the grid and skip the tables")
    args = p.parse_args(argv)
    if args.grid:
        save_grid(args.grid)
    if args.grid_only:
        return
    faces = [a for a in load_faces(args.face_data, "val").images[: args.faces].permute(0, 2, 3, 1).numpy()]
    set14 = [np.asarray(Image.open(f).convert("RGB")) for f in sorted(args.set14.glob("*.png"))]
    rows = []
    for data_name, images, methods in (
            (f"val faces ({len(faces)})", faces, {"network": network, "GAN prior": gan_prior, "Telea": telea}),
            (f"Set14 ({len(set14)})", set14, {"network": network, "Telea": telea})):
        for kind in ("box", "strokes"):
            for name, method in methods.items():
                rows.append([data_name, kind, name, *evaluate(method, images, kind)])
    print_table(["images", "mask", "method", "PSNR in hole (dB)", "L1 in hole", "s / image"], rows)


def save_grid(path: str, cell: int = 192) -> None:
    """Rows of hole / network / GAN prior / Telea / original: four generated faces with the centre box, two
    drawn landscapes with strokes (a centred square crop of each, shown at ``cell`` pixels)."""
    faces = [np.asarray(face) for face in sample(4, seed=3)]
    photos = [np.asarray(landscape(seed=seed)) for seed in (1, 2)]
    tiles = []
    for kind, images in (("box", faces), ("strokes", photos)):
        for i, rgb in enumerate(images):
            mask = square_mask(kind, *rgb.shape[:2], seed=i)
            holed = np.where(mask[..., None], 255, rgb).astype(np.uint8)
            fills = [network(rgb, mask), gan_prior(rgb, mask) if kind == "box" else holed, telea(rgb, mask)]
            for image in (holed, *fills, rgb):
                side = min(image.shape[:2])
                top, left = (image.shape[0] - side) // 2, (image.shape[1] - side) // 2
                square = Image.fromarray(image[top:top + side, left:left + side]).resize((cell, cell), Image.LANCZOS)
                tiles.append(to_tensor(square))
    grid(torch.cat(tiles), columns=5).save(path)


if __name__ == "__main__":
    main()
