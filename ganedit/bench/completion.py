"""Completion quality and speed: ``python -m ganedit.bench.completion``.

Whole photos never trained on (the 40 held-out BSDS500 photos of ``ganedit.data.completion_photos``, and
Set14), each with a seeded box of a fifth of the picture and, separately, 2–5 brush strokes 25–45 px wide;
val faces (64×64) with the centre box and 4–7 px strokes. Inside the hole, for the product's fill (the
network's coarse-to-fine fill, Poisson-blended and given the photo's texture: ``complete_array``), the network
alone (Poisson-blended, no texture), the GAN prior (faces) and OpenCV's Telea inpainting: PSNR; colour cast,
the mean over images of |mean RGB of the fill − mean RGB of the truth| (0..255, averaged over the channels);
detail ratio, the variance of the Laplacian of the fill ÷ that of the truth inside the hole shrunk by 4 px (1 = as
much texture as the photo, 0 = a smear); and seconds per image. ``--speed`` also times a 1024×768 photo
with a fifth masked. ``--grid PATH`` writes a picture from the project's own pictures (drawn landscapes,
generated faces), since no data set image is shipped; ``--grid-only`` writes just that.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import cv2
import numpy as np
import torch
from PIL import Image

from ganedit.api import sample
from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, DEFAULT_SR, completion_photos, load_faces, read_photos
from ganedit.edits.completion import complete_array, gan_face, keep_outside, network_fill, seamless
from ganedit.imaging import grid, to_pil, to_tensor
from ganedit.make_examples import landscape
from ganedit.pretrained import component, face_models
from ganedit.train.masks import box_mask, centre_box, stroke_mask

SHRINK = 4  # px: the detail ratio is measured inside the hole eroded by this much


def bench_mask(kind: str, height: int, width: int, seed: int) -> np.ndarray:
    """The benchmark's bool mask: a fifth-of-the-picture box or thick strokes (scaled down on 64-px faces)."""
    rng = np.random.default_rng(seed)
    if height <= 64:
        square = centre_box(height) if kind == "box" else stroke_mask(height, width, rng, widths=(4, 7))
        return square > 0.5
    return (box_mask(height, width, rng) if kind == "box" else stroke_mask(height, width, rng)) > 0.5


def telea(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return cv2.inpaint(rgb, mask.astype(np.uint8) * 255, 3, cv2.INPAINT_TELEA)


def network(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return complete_array(rgb, mask, component("completion"))


def network_alone(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The network's fill, Poisson-blended, without the texture transfer."""
    return keep_outside(rgb, seamless(rgb, network_fill(component("completion"), rgb, mask), mask), mask)


def gan_prior(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    face = torch.from_numpy(rgb.astype(np.float32)).permute(2, 0, 1)[None].div(127.5).sub(1)
    hole = torch.from_numpy(mask.astype(np.float32))[None, None]
    generated = np.asarray(to_pil(gan_face(face_models(), face, hole))[0])
    return np.where(mask[..., None], generated, rgb)


def hole_scores(result: np.ndarray, truth: np.ndarray, mask: np.ndarray) -> tuple[float, float, float]:
    """(PSNR, colour cast, detail ratio) inside the hole; the detail ratio is NaN for a hole too thin to erode."""
    fill, real = result[mask].astype(np.float64), truth[mask].astype(np.float64)
    psnr = 10 * np.log10(255**2 / max(np.mean((fill - real) ** 2), 1e-10))
    cast = float(np.abs(fill.mean(0) - real.mean(0)).mean())
    inner = cv2.erode(mask.astype(np.uint8), np.ones((2 * SHRINK + 1,) * 2, np.uint8)) > 0
    if inner.sum() < 16:
        return float(psnr), cast, float("nan")
    laplacian = lambda image: cv2.Laplacian(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float64), cv2.CV_64F)
    return float(psnr), cast, float(laplacian(result)[inner].var() / max(laplacian(truth)[inner].var(), 1e-10))


def evaluate(method, images: list[np.ndarray], kind: str) -> list[float]:
    scores, seconds = [], 0.0
    for i, rgb in enumerate(images):
        mask = bench_mask(kind, *rgb.shape[:2], seed=i)
        start = time.perf_counter()
        result = method(rgb, mask)
        seconds += time.perf_counter() - start
        scores.append(hole_scores(result, rgb, mask))
    psnr, cast, detail = np.nanmean(np.array(scores), axis=0)
    return [float(psnr), float(cast), float(detail), seconds / len(images)]


def speed(repeats: int = 3) -> list:
    """Seconds for the network on a 1024×768 photo (a drawn landscape) with a fifth of it masked (a box)."""
    rgb = np.asarray(landscape(1024, 768, seed=3))
    mask = bench_mask("box", 768, 1024, seed=0)
    network(rgb, mask)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        network(rgb, mask)
        times.append(time.perf_counter() - start)
    return ["1024×768, a fifth masked", "network", f"{np.median(times):.3f}"]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--faces", type=int, default=200)
    p.add_argument("--face-data", default=DEFAULT_FACES)
    p.add_argument("--photos", type=Path, default=DEFAULT_SR / "train")
    p.add_argument("--set14", type=Path, default=DEFAULT_SR / "Set14")
    p.add_argument("--speed", action="store_true", help="also time a 1024×768 photo")
    p.add_argument("--grid", default=None, help="write an input / fills / original grid here (PNG)")
    p.add_argument("--grid-only", action="store_true", help="write the grid and skip the tables")
    args = p.parse_args(argv)
    if args.grid:
        save_grid(args.grid)
    if args.grid_only:
        return
    held_out = read_photos(completion_photos("holdout", args.photos))
    set14 = [np.asarray(Image.open(f).convert("RGB")) for f in sorted(args.set14.glob("*.png"))]
    faces = [a for a in load_faces(args.face_data, "val").images[: args.faces].permute(0, 2, 3, 1).numpy()]
    photo_methods = {"fill (network + texture)": network, "network alone": network_alone, "Telea": telea}
    rows = []
    for data_name, images, methods in (
            (f"held-out photos ({len(held_out)})", held_out, photo_methods),
            (f"Set14 ({len(set14)})", set14, photo_methods),
            (f"val faces ({len(faces)})", faces, {**photo_methods, "GAN prior": gan_prior})):
        for kind in ("box", "strokes"):
            for name, method in methods.items():
                rows.append([data_name, kind, name, *evaluate(method, images, kind)])
    print_table(["images", "mask", "method", "PSNR in hole (dB)", "colour cast", "detail ratio", "s / image"], rows)
    if args.speed:
        print()
        print_table(["photo", "method", "seconds (median of 3)"], [speed()])


def save_grid(path: str, cell: int = 192) -> None:
    """Rows of hole / network / Telea / original: two drawn landscapes with a box and with strokes, and two
    generated faces with the centre box (GAN prior instead of Telea)."""
    photos = [np.asarray(landscape(seed=seed)) for seed in (1, 2)]
    faces = [np.asarray(face) for face in sample(2, seed=3)]
    tiles = []
    for kind, rgb, other in (("box", photos[0], telea), ("strokes", photos[1], telea),
                             ("box", faces[0], gan_prior), ("box", faces[1], gan_prior)):
        mask = bench_mask(kind, *rgb.shape[:2], seed=1)
        holed = np.where(mask[..., None], 255, rgb).astype(np.uint8)
        for image in (holed, network(rgb, mask), other(rgb, mask), rgb):
            side = min(image.shape[:2])
            top, left = (image.shape[0] - side) // 2, (image.shape[1] - side) // 2
            square = Image.fromarray(image[top:top + side, left:left + side]).resize((cell, cell), Image.LANCZOS)
            tiles.append(to_tensor(square))
    grid(torch.cat(tiles), columns=4).save(path)


if __name__ == "__main__":
    main()
