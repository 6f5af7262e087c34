"""Inversion quality and speed: ``python -m ganedit.bench.inversion --faces 200``.

For each method, on val faces: PSNR of G(z*) against the photo, the distance between their
attribute-classifier features (an independent judge: no method optimises it), and seconds per image.
``--frames``: the whole-frame models (``frame_g``, ``frame_encoder``) on val frames, PSNR over the whole
frame, the judge on each frame's face box.
"""
from __future__ import annotations

import argparse
import time

import torch

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, face_of_frames, load_faces
from ganedit.edits.inversion import invert
from ganedit.pretrained import component, face_models, frame_models

SETTINGS = ["optimize:pixel", "optimize:feature", "encoder:pixel", "hybrid:pixel", "hybrid:feature"]


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    """PSNR in dB of images in [-1, 1] (peak-to-peak 2)."""
    return (10 * torch.log10(4 / (a - b).pow(2).mean())).item()


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--faces", type=int, default=200)
    p.add_argument("--settings", nargs="+", default=SETTINGS, choices=SETTINGS, help="method:loss pairs to run")
    p.add_argument("--frames", action="store_true", help="the whole-frame models on val frames")
    args = p.parse_args(argv)
    models, judge = (frame_models() if args.frames else face_models()), component("classifier")
    box = face_of_frames if args.frames else (lambda images: images)  # what the judge sees
    faces = load_faces(args.data, "val", frames=args.frames).as_float(slice(0, args.faces))
    rows = []
    for method, loss in (setting.split(":") for setting in args.settings):
        scores, distances, start = [], [], time.perf_counter()
        for face in faces.split(1):
            z = invert(models, face, method, loss=loss)
            with torch.no_grad():
                rebuilt = models.G(z)
                scores.append(psnr(rebuilt, face))
                distances.append((judge.features(box(rebuilt)) - judge.features(box(face))).norm().item())
        seconds = (time.perf_counter() - start) / len(faces)
        rows.append([method, loss if method != "encoder" else "-", sum(scores) / len(scores),
                     sum(distances) / len(distances), seconds])
    print(f"{len(faces)} val {'frames' if args.frames else 'faces'}")
    print_table(["method", "loss", "PSNR (dB)", "feature distance", "s / image"], rows)


if __name__ == "__main__":
    main()
