"""The whole-frame models on real photos, beside the face models the app uses: ``python -m ganedit.bench.frames``.

For each portrait of ``../shared/data/portraits`` (its largest face), the app's preparation (hybrid inversion of
the aligned 64×64 face, 50 steps, then pivotal tuning, 40 steps) is run with the face models and, on the photo's
whole 80×96 frame (``faces.cut_frame``: hair, neck and shoulders), with the frame models (``frame_g``, ``frame_d``,
``frame_encoder``). Printed per chain: the seconds it took, the PSNR of the tuned generator's 64×64 face (the face
box of the frame) against the photo's aligned face, and the identity distance (dlib's face-recognition ResNet, as
``bench.photos``) of the photo with that face pasted back, same person below 0.6. For the frames, long hair +2
(``frame_attributes``, the app's gain on photos) through the tuned frame G′: the mean |change| of the frame below
the face box (neck and shoulders, grey levels), the identity distance with the edited face pasted back, and the
share of the photos judged without long hair whose face box the classifier then judges with it; ``--keep`` names
attributes the long-hair edit must not move (for example ``male,bangs,black_hair,blond_hair,brown_hair,gray_hair``).
``--grid PATH`` writes, per portrait, the photo's frame, G′'s frame and G′'s frame with long hair +2 (local only:
the portraits are not ours to ship).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ganedit.bench.common import print_table
from ganedit.bench.inversion import psnr
from ganedit.bench.photos import DEFAULT_PORTRAITS, _distance, face_at, identity, interest, portrait_labels
from ganedit.data import FACE_IN_FRAME, face_of_frames
from ganedit.edits.attributes import edit_latent
from ganedit.edits.inversion import FaceModels, invert
from ganedit.edits.photo import INVERSION_STEPS, PHOTO_GAIN
from ganedit.edits.tuning import tune_generator
from ganedit.faces import cut_frame, find_face, find_faces, paste_face
from ganedit.imaging import open_image, to_pil, to_tensor
from ganedit.models.gan import FaceBox
from ganedit.pretrained import component, face_models, frame_models
from ganedit.train.attributes import classify

BELOW_BOX = int(FACE_IN_FRAME[3])  # the frame's rows from here down lie below the face box: neck and shoulders


def tuned(models: FaceModels, target: torch.Tensor) -> tuple[torch.Tensor, torch.nn.Module, float]:
    """(pivot z [1,D], the tuned copy of G, seconds) for a target of G's size, as the app prepares a photo."""
    start = time.perf_counter()
    z = invert(models, target, "hybrid", steps=INVERSION_STEPS, starts=1)
    return z, tune_generator(models.G, models.D, target, z), time.perf_counter() - start


def pasted_distance(photo: Image.Image, alignment, face: torch.Tensor, original: np.ndarray) -> float:
    """The identity distance to ``original`` (the photo's descriptor) of the photo with ``face`` ([1,3,64,64] in
    [-1, 1], enlarged bicubically) pasted back in place of its aligned face."""
    pasted = paste_face(photo, alignment, to_pil(face)[0].resize((256, 256), Image.BICUBIC))
    return _distance(np.asarray(pasted), alignment.box, original)


@torch.no_grad()
def measure(photo: Image.Image, keep: tuple[str, ...] = (), at: tuple[int, int] | None = None
            ) -> tuple[dict, list[Image.Image]]:
    """The figures of one photo's face at ``at`` (``bench.photos.face_at``; see the module docstring) and its grid
    row (photo's frame, G′(z), long hair)."""
    rgb = np.asarray(photo.convert("RGB"))
    faces = find_faces(photo)
    alignment = find_face(photo, face_at(faces, at), faces)
    face, frame = to_tensor(alignment.face), to_tensor(cut_frame(rgb, alignment.matrix))
    original = identity(rgb, alignment.box)
    row, pivots = {}, {}
    for chain, models, target, box in (("faces", face_models(), face, lambda G: G),
                                       ("frames", frame_models(), frame, FaceBox)):
        with torch.enable_grad():
            z, G, seconds = tuned(models, target)
        pivots[chain] = z, G
        rebuilt = box(G)(z)
        row[chain] = {"seconds": seconds, "psnr": psnr(rebuilt, face),
                      "distance": pasted_distance(photo, alignment, rebuilt, original)}
    z, G = pivots["frames"]
    moved = edit_latent(z, component("frame_attributes"), {"long_hair": 2 * PHOTO_GAIN["long_hair"]}, keep)
    before, after = G(z), G(moved)
    column = component("classifier").config.names.index("long_hair")
    judged = [float(torch.sigmoid(classify(x))[0, column]) for x in (frame, after)]
    row["long hair"] = {"below": float((after - before)[..., BELOW_BOX:, :].abs().mean() * 127.5),
                        "distance": pasted_distance(photo, alignment, face_of_frames(after), original),
                        "without": judged[0] < 0.5, "took": judged[1] > 0.5}
    return row, to_pil(torch.cat([frame, before, after]))


def summary(rows: list[dict]) -> list[list]:
    median = lambda chain, key: float(np.median([r[chain][key] for r in rows]))
    kept = lambda chain: sum(r[chain]["distance"] < 0.6 for r in rows)
    table = [[f"{chain}: seconds (median)", f"{median(chain, 'seconds'):.2f}"] for chain in ("faces", "frames")]
    table += [[f"{chain}: PSNR of the tuned face vs the photo's face, dB (median)", f"{median(chain, 'psnr'):.2f}"]
              for chain in ("faces", "frames")]
    table += [[f"{chain}: identity kept, pasted back (median distance)",
               f"{kept(chain)}/{len(rows)} ({median(chain, 'distance'):.2f})"] for chain in ("faces", "frames")]
    without = [r["long hair"] for r in rows if r["long hair"]["without"]]
    table.append(["frames, long hair +2: mean |change| below the face box (median)",
                  f"{median('long hair', 'below'):.1f}"])
    table.append(["frames, long hair +2: identity kept, pasted back (median distance)",
                  f"{kept('long hair')}/{len(rows)} ({median('long hair', 'distance'):.2f})"])
    table.append(["frames, long hair +2: switched on, of photos judged without it",
                  f"{sum(r['took'] for r in without)}/{len(without)}"])
    return table


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--portraits", type=Path, default=DEFAULT_PORTRAITS)
    p.add_argument("--files", default=None, help="only these photos (comma-separated names, e.g. img71.jpg,img4.jpg)")
    p.add_argument("--limit", type=int, default=None, help="only the first N photos")
    p.add_argument("--keep", default="", help="attributes long hair must not move (comma-separated)")
    p.add_argument("--grid", default=None, help="write each photo's frame, G′(z) and long hair +2 here (local only)")
    args = p.parse_args(argv)
    torch.manual_seed(0)
    rows, tiles = [], []
    for label in portrait_labels(args.portraits, args.files, args.limit):
        try:
            row, tile = measure(open_image(args.portraits / label["file"]), tuple(filter(None, args.keep.split(","))),
                                interest(label))
        except ValueError as error:  # NoFaceError
            print(f"{label['file']}: {error}")
            continue
        rows.append(row)
        tiles.append(tile)
        print(f"{label['file']}: " + ", ".join(f"{c} {row[c]['psnr']:.1f} dB {row[c]['distance']:.2f}"
                                               for c in ("faces", "frames")), flush=True)
    print(f"\n{len(rows)} portraits")
    print_table(["measure", "value"], summary(rows))
    if args.grid:
        sheet = Image.new("RGB", (3 * 80 * 3, 96 * 3 * len(tiles)), "white")
        for y, row in enumerate(tiles):
            for x, tile in enumerate(row):
                sheet.paste(tile.resize((240, 288), Image.LANCZOS), (x * 240, y * 288))
        sheet.save(args.grid)


if __name__ == "__main__":
    main()
