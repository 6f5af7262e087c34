"""Inversion quality and speed: ``python -m ganedit.bench.inversion --faces 200``.

For each method, on val faces: PSNR of G(z*) against the photo, the distance between their
attribute-classifier features (an independent judge: no method optimises it), and seconds per image.
"""
from __future__ import annotations

import argparse
import time

import torch

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.inversion import invert
from ganedit.pretrained import component, face_models

SETTINGS = ["optimize:pixel", "optimize:feature", "encoder:pixel", "hybrid:pixel", "hybrid:feature"]


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    """PSNR in dB of images in [-1, 1] (peak-to-peak 2)."""
    return (10 * torch.log10(4 / (a - b).pow(2).mean())).item()


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--faces", type=int, default=200)
    p.add_argument("--settings", nargs="+", default=SETTINGS, choices=SETTINGS, help="method:loss pairs to run")
    args = p.parse_args(argv)
    models, judge = face_models(), component("classifier")
    faces = load_faces(args.data, "val").as_float(slice(0, args.faces))
    rows = []
    for method, loss in (setting.split(":") for setting in args.settings):
        scores, distances, start = [], [], time.perf_counter()
        for face in faces.split(1):
            z = invert(models, face, method, loss=loss)
            with torch.no_grad():
                rebuilt = models.G(z)
                scores.append(psnr(rebuilt, face))
                distances.append((judge.features(rebuilt) - judge.features(face)).norm().item())
        seconds = (time.perf_counter() - start) / len(faces)
        rows.append([method, loss if method != "encoder" else "-", sum(scores) / len(scores),
                     sum(distances) / len(distances), seconds])
    print(f"{len(faces)} val faces")
    print_table(["method", "loss", "PSNR (dB)", "feature distance", "s / image"], rows)


if __name__ == "__main__":
    main()
