"""Editing real photos: ``python -m ganedit.bench.photos`` (on ``../shared/data/portraits``).

For every photo, with the default settings of ``ganedit.edit_photo``: is a face found, and is it the
labelled person (dlib's face-recognition ResNet, from the face-recognition-models package, puts it
within 0.6 of the person's other photos); the identity distance between the photo and the pasted-back
reconstruction (the tuned G′(z) enlarged and pasted where the face was), and between the photo and the
edited photo for long hair +2 (also with male kept), smiling +2 and blond hair +2; whether the edit took
(the attribute classifier on the edited photo's aligned face, for people judged without it before);
whether men stay men (classifier); seconds to prepare a photo (face search, inversion, tuning; after one
warm-up photo that loads the models), for the whole edit_photo (that plus the full-size render) and per
slider move (the app's live preview: the photo at most 1024 px, faces enlarged bicubically; the judged
edits are the full-size renders, through the super-resolution model). Identity is never judged by the
project's own networks.
``--grid PATH`` writes before/after pairs of the project's own example portraits (generated faces).
"""
from __future__ import annotations

import argparse
import csv
import time
from functools import cache
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ganedit.api import prepare_photo, render_photo
from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES
from ganedit.faces import _model_file, cut, paste_face
from ganedit.imaging import open_image, to_tensor
from ganedit.edits.photo import PREVIEW_SIDE, enlarge
from ganedit.pretrained import component, sr_generator

DEFAULT_PORTRAITS = DEFAULT_FACES.parent / "portraits"
SAME_PERSON = 0.6  # dlib's threshold
EDITS = {"long hair +2": ({"long_hair": 2.0}, ()), "long hair +2, keep male": ({"long_hair": 2.0}, ("male",)),
         "smiling +2": ({"smiling": 2.0}, ()), "blond hair +2": ({"blond_hair": 2.0}, ())}


@cache
def _recognition():
    import dlib
    return (dlib.shape_predictor(_model_file("shape_predictor_5_face_landmarks.dat")),
            dlib.face_recognition_model_v1(_model_file("dlib_face_recognition_resnet_model_v1.dat")))


def identity(rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """dlib's 128-d face descriptor of the face in ``box`` (left, top, width, height)."""
    import dlib
    landmarks, model = _recognition()
    left, top, width, height = box
    rgb = np.ascontiguousarray(rgb)
    return np.array(model.compute_face_descriptor(rgb, landmarks(rgb, dlib.rectangle(left, top, left + width,
                                                                                       top + height))))


@torch.no_grad()
def judge(rgb: np.ndarray, matrix: np.ndarray) -> dict[str, float]:
    """The attribute classifier's probabilities for the face that ``matrix`` cuts from the photo."""
    return {k: float(v) for k, v in component("classifier").probabilities(to_tensor(cut(rgb, matrix))).items()}


def measure_photo(rgb: np.ndarray) -> dict:
    """Every measurement for one photo (see the module docstring)."""
    start = time.perf_counter()
    prepared = prepare_photo(Image.fromarray(rgb))
    row = {"prepare_s": time.perf_counter() - start}
    alignment, original = prepared.alignment, identity(rgb, prepared.alignment.box)
    row["descriptor"], row["box"] = original, alignment.box
    for name, face in (("reconstruction", prepared.reconstruction),
                       ("untuned", enlarge(sr_generator(0.0), component("face_g"), prepared.z))):
        pasted = paste_face(Image.fromarray(rgb), alignment, Image.fromarray(face.round().astype(np.uint8)))
        row[name] = _distance(np.asarray(pasted), alignment.box, original)
    row["before"] = judge(rgb, alignment.matrix)
    preview = prepared.preview(PREVIEW_SIDE)
    for name, (strengths, keep) in EDITS.items():
        start = time.perf_counter()
        render_photo(preview, strengths, keep)  # what a slider move renders in the app
        row.setdefault("move_s", []).append(time.perf_counter() - start)
        start = time.perf_counter()
        edited = np.asarray(render_photo(prepared, strengths, keep))  # the full-size download, judged
        row.setdefault("edit_s", []).append(row["prepare_s"] + time.perf_counter() - start)
        row[name] = {"distance": _distance(edited, alignment.box, original), "after": judge(edited, alignment.matrix)}
    return row


def _distance(rgb: np.ndarray, box, original: np.ndarray) -> float:
    return float(np.linalg.norm(identity(rgb, box) - original))


def right_person(rows: list[dict], people: list[str]) -> list[bool]:
    """Whether each photo's chosen face is within SAME_PERSON of the mean of the person's other photos' faces."""
    out = []
    for i, row in enumerate(rows):
        others = [r["descriptor"] for j, r in enumerate(rows) if j != i and people[j] == people[i] and r]
        out.append(bool(row) and bool(others) and np.linalg.norm(row["descriptor"] - np.mean(others, 0)) < SAME_PERSON)
    return out


def summary(rows: list[dict], people: list[str], sexes: list[str]) -> list[list]:
    found = [r for r in rows if r]
    table = [["faces found", f"{len(found)}/{len(rows)}", ""],
             ["right face found", f"{sum(right_person(rows, people))}/{len(rows)}", ""],
             ["identity kept after reconstruction", _share([r["reconstruction"] < SAME_PERSON for r in found]),
              f"median distance {np.median([r['reconstruction'] for r in found]):.3f}"],
             ["(without pivotal tuning: G(z) pasted back)", _share([r["untuned"] < SAME_PERSON for r in found]),
              f"median distance {np.median([r['untuned'] for r in found]):.3f}"]]
    attribute = {"long hair": "long_hair", "smiling": "smiling", "blond hair": "blond_hair"}
    for name in EDITS:
        column = attribute[name.split(" +")[0]]
        distances = [r[name]["distance"] for r in found]
        without = [r for r in found if r["before"][column] < 0.5]
        took = [r[name]["after"][column] > 0.5 for r in without]
        men = [r for r, row_sex in zip(rows, sexes) if r and row_sex == "male"]
        stayed = [r[name]["after"]["male"] > 0.5 for r in men]
        table.append([f"{name}: identity kept", _share([d < SAME_PERSON for d in distances]),
                      f"median distance {np.median(distances):.3f}"])
        table.append([f"{name}: attribute switched on", _share(took), f"of {len(without)} judged without it"])
        table.append([f"{name}: men stay men", _share(stayed), f"of {len(men)} men (classifier)"])
    table.append(["seconds to prepare a photo (find, invert, tune)", f"{np.mean([r['prepare_s'] for r in found]):.2f}",
                  f"slowest {max(r['prepare_s'] for r in found):.2f}"])
    edits = [t for r in found for t in r["edit_s"]]
    table.append(["seconds per ganedit.edit_photo (prepare + the full-size render)", f"{np.mean(edits):.2f}",
                  f"slowest {max(edits):.2f}"])
    moves = [t for r in found for t in r["move_s"]]
    table.append([f"ms per slider move (the app's preview, photo ≤ {PREVIEW_SIDE} px)",
                  f"{1000 * np.median(moves):.0f}", f"slowest {1000 * max(moves):.0f}"])
    return table


def _share(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} ({100 * np.mean(flags):.0f}%)" if flags else "n/a"


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--portraits", type=Path, default=DEFAULT_PORTRAITS)
    p.add_argument("--limit", type=int, default=None, help="only the first N photos")
    p.add_argument("--grid", default=None, help="write before/after pairs of the example portraits here (PNG)")
    args = p.parse_args(argv)
    if args.grid:
        save_grid(args.grid)
        return
    with open(args.portraits / "identities.csv", newline="") as f:
        labels = list(csv.DictReader(f))[: args.limit]
    prepare_photo(open_image(args.portraits / labels[0]["file"]))  # warm-up: loads the models, not timed
    torch.manual_seed(0)
    rows = []
    for label in labels:
        rgb = np.asarray(open_image(args.portraits / label["file"]))
        try:
            rows.append(measure_photo(rgb))
        except ValueError as error:  # NoFaceError: counted as not found
            print(f"{label['file']}: {error}")
            rows.append({})
        if rows[-1]:
            print(f"{label['file']}: reconstruction {rows[-1]['reconstruction']:.3f}, "
                  f"long hair {rows[-1]['long hair +2']['distance']:.3f}, prepare {rows[-1]['prepare_s']:.2f} s",
                  flush=True)
    print(f"\n{len(labels)} photos of {len(set(r['person'] for r in labels))} people, default settings")
    print_table(["measure", "result", "note"], summary(rows, [r["person"] for r in labels], [r["sex"] for r in labels]))


def save_grid(path: str, size: int = 320) -> None:
    """Rows of photo / long hair +2 / smiling +2 / blond hair +2 for the example portraits (generated faces)."""
    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("face_*.png"))[:4]
    tiles = []
    for example in examples:
        image = open_image(example)
        prepared = prepare_photo(image)
        results = [image] + [render_photo(prepared, s, k) for name, (s, k) in EDITS.items() if "keep" not in name]
        tiles += [r.resize((size, size * r.height // r.width), Image.LANCZOS) for r in results]
    width, height = size, max(t.height for t in tiles)
    sheet = Image.new("RGB", (4 * width, height * len(examples)), "white")
    for i, tile in enumerate(tiles):
        sheet.paste(tile, ((i % 4) * width, (i // 4) * height))
    sheet.save(path)


if __name__ == "__main__":
    main()
