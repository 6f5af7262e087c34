"""Sketch edits on val faces with synthetic strokes: ``python -m ganedit.bench.sketch --faces 50``.

Each face (z0 from the encoder) gets three thick strokes across its hair in the mean hair colour
of a donor face with other-coloured hair (blond for the dark-haired, black for the blond). Reported:
the stroke colour error (the colour term) before and after, D's realism score, ‖z − z0‖ and
seconds per edit at the default settings, then with λ2 = 0 (no realism) and λ1 = 0 (no proximity).
Writes a before / strokes / after grid with ``--grid PATH``.
"""
from __future__ import annotations

import argparse
import time

import torch
from PIL import Image, ImageDraw

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.attributes import encode_all
from ganedit.edits.sketch import DEFAULTS, color_term, sketch_edit, strokes_at
from ganedit.imaging import grid, to_pil, to_tensor
from ganedit.pretrained import face_models

CANVAS = 256
HAIR = (12, 1, 52, 12)  # (left, top, right, bottom) of the hair band above the forehead, in 64-px face pixels


def hair_colour(face: torch.Tensor) -> tuple[int, ...]:
    """Mean colour (0..255) of the hair band of one face [3,64,64] in [-1, 1]."""
    left, top, right, bottom = HAIR
    mean = face[:, top:bottom, left:right].mean((1, 2))
    return tuple(int(v) for v in ((mean + 1) * 127.5).round()) + (255,)


def hair_strokes(colour: tuple[int, ...]) -> Image.Image:
    """Three thick horizontal strokes across the hair band, on a transparent CANVAS×CANVAS layer."""
    layer = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    draw, k = ImageDraw.Draw(layer), CANVAS / 64
    left, top, right, bottom = HAIR
    for row in torch.linspace(top + 2, bottom - 2, 3).tolist():
        draw.line([(left * k, row * k), (right * k, row * k)], fill=colour, width=int(2.5 * k))
    return layer


def donors(faces) -> list[int]:
    """For each face, another face whose hair colour differs (blond <-> black)."""
    blond, black = faces.column("blond_hair") == 1, faces.column("black_hair") == 1
    blond_ids, black_ids = blond.nonzero().squeeze(1).tolist(), black.nonzero().squeeze(1).tolist()
    return [black_ids[i % len(black_ids)] if blond[i] else blond_ids[i % len(blond_ids)] for i in range(len(faces))]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--faces", type=int, default=50)
    p.add_argument("--grid", default=None, help="write a before/strokes/after grid of the first 8 faces here")
    args = p.parse_args(argv)
    models = face_models()
    val = load_faces(args.data, "val")
    images = val.as_float(slice(0, args.faces))
    z0s = encode_all(models.E, images)
    donor = donors(val)
    settings = {"default": {}, "λ2 = 0 (no realism)": {"lambda_realism": 0.0},
                "λ1 = 0 (no proximity)": {"lambda_prior": 0.0}}
    rows, shown = [], []
    for label, options in settings.items():
        before, after, real_before, real_after, moved, seconds = [], [], [], [], [], 0.0
        for i, z0 in enumerate(z0s.split(1)):
            strokes = hair_strokes(hair_colour(val.as_float(donor[i])))
            error = color_term(strokes_at(strokes))
            start = time.perf_counter()
            z = sketch_edit(models, z0, strokes, **options).z[:1]
            seconds += time.perf_counter() - start
            with torch.no_grad():
                old, new = models.G(z0), models.G(z)
                before.append(error(old).item()), after.append(error(new).item())
                real_before.append(models.D(old).item()), real_after.append(models.D(new).item())
            moved.append((z - z0).norm().item())
            if label == "default" and i < 8:
                shown.append((old, strokes, new))
        n = len(z0s)
        rows.append([label, sum(before) / n, sum(after) / n, sum(real_before) / n, sum(real_after) / n,
                     sum(moved) / n, seconds / n])
    print(f"{len(z0s)} val faces, defaults {DEFAULTS}")
    print_table(["setting", "colour error before", "after", "D before", "D after", "‖z − z0‖", "s / edit"], rows)
    if args.grid:
        save_grid(shown, args.grid)


def save_grid(shown, path: str) -> None:
    """Rows of (before, strokes over before, after), each 128 px."""
    tiles = []
    for old, strokes, new in shown:
        over = to_pil(old)[0].resize((CANVAS, CANVAS)).convert("RGBA")
        over.alpha_composite(strokes)
        tiles += [old, to_tensor(over.convert("RGB").resize((64, 64), Image.LANCZOS)), new]
    grid(torch.nn.functional.interpolate(torch.cat(tiles), scale_factor=2, mode="nearest"), columns=3).save(path)


if __name__ == "__main__":
    main()
