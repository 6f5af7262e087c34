"""Calibrate and check face alignment: ``python -m ganedit.bench.align --faces 600``.

1. Where dlib's landmark model puts the eye and mouth centres on the training crops themselves (each
   val face enlarged to 256 px, as the detector needs ~80 px faces): ``EYES_AND_MOUTH`` in
   ``ganedit/faces.py`` comes from this table (mean, and the spread between faces).
2. How well ``find_face`` recovers each val face from a synthetic portrait (the face enlarged 4× on a
   plain 600×500 backdrop): share found, mean absolute error of the cut face (0..255).
"""
from __future__ import annotations

import argparse

import numpy as np
from PIL import Image

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.faces import NoFaceError, _detect, eyes_and_mouth, find_face, landmarks

WORK = 256


def calibration(faces: np.ndarray) -> list[list]:
    points = []
    for face in faces:
        big = np.asarray(Image.fromarray(face).resize((WORK, WORK), Image.LANCZOS))
        found = _detect(big)
        if found:
            box = max(found, key=lambda item: item[0][2])[0]
            points.append(eyes_and_mouth(landmarks(big, box)) / WORK)
    points = np.array(points)
    mean, spread = points.mean(0), points.std(0)
    return [[name, len(points), f"{mean[i, 0]:.3f}, {mean[i, 1]:.3f}", f"{spread[i, 0]:.3f}, {spread[i, 1]:.3f}"]
            for i, name in enumerate(("left eye", "right eye", "mouth"))]


def recovery(faces: np.ndarray) -> list:
    errors, missed = [], 0
    for face in faces:
        photo = Image.new("RGB", (600, 500), (90, 120, 150))
        photo.paste(Image.fromarray(face).resize((256, 256), Image.BICUBIC), (150, 100))
        try:
            errors.append(np.abs(np.asarray(find_face(photo).face, float) - face).mean())
        except NoFaceError:
            missed += 1
    return [len(faces), (len(faces) - missed) / len(faces), float(np.mean(errors))]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--faces", type=int, default=600)
    args = p.parse_args(argv)
    faces = load_faces(args.data, "val").images[: args.faces].permute(0, 2, 3, 1).numpy()
    print_table(["landmark centre on the training crops", "n", "mean x, y (share of the crop)", "std x, y"],
                calibration(faces))
    print()
    print_table(["portraits", "faces found", "mean abs error"], [recovery(faces)])


if __name__ == "__main__":
    main()
