"""Calibrate and check face alignment: ``python -m ganedit.bench.align --faces 300``.

1. Where OpenCV's Haar face box and eye detections fall on the training crops themselves (each
   val face enlarged to 256 px on a border of repeated edge pixels): the constants in
   ``ganedit/faces.py`` (BOX_CENTRE, BOX_WIDTH, EYES) come from this table.
2. How well ``align_face`` recovers each val face from a synthetic portrait (the face enlarged 4×
   on a plain 600×500 backdrop): detection rate, share aligned by the eyes, mean absolute error (0..255).
"""
from __future__ import annotations

import argparse

import cv2
import numpy as np
from PIL import Image

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.faces import NoFaceError, _cascade, _detect_eyes, find_face


def calibration(faces: np.ndarray) -> list[list]:
    boxes, eyes = [], []
    for face in faces:
        big = cv2.copyMakeBorder(cv2.resize(face, (256, 256), interpolation=cv2.INTER_CUBIC),
                                 128, 128, 128, 128, cv2.BORDER_REPLICATE)
        gray = cv2.cvtColor(big, cv2.COLOR_RGB2GRAY)
        found = _cascade("haarcascade_frontalface_default.xml").detectMultiScale(gray, 1.1, 5, minSize=(60, 60))
        if len(found) == 0:
            continue
        x, y, w, h = max(found, key=lambda b: b[2] * b[3])
        boxes.append([(x - 128 + w / 2) / 256, (y - 128 + h / 2) / 256, w / 256])
        pair = _detect_eyes(gray, np.array([x, y, w, h], float))
        if pair is not None:
            eyes.append(((pair - 128) / 256).ravel())
    b, e = np.array(boxes), np.array(eyes)
    return [["face box centre x, y; width", len(b), *np.round(b.mean(0), 3), "-"],
            ["eyes: left x, y; right x, y", len(e), *np.round(e.mean(0), 3)]]


def recovery(faces: np.ndarray) -> list:
    errors, by_eyes, missed = [], 0, 0
    for face in faces:
        photo = Image.new("RGB", (600, 500), (90, 120, 150))
        photo.paste(Image.fromarray(face).resize((256, 256), Image.BICUBIC), (150, 100))
        try:
            alignment = find_face(photo)
        except NoFaceError:
            missed += 1
            continue
        by_eyes += alignment.used_eyes
        errors.append(np.abs(np.asarray(alignment.face, float) - face).mean())
    n = len(faces)
    return [n, (n - missed) / n, by_eyes / max(1, n - missed), float(np.mean(errors))]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--faces", type=int, default=300)
    args = p.parse_args(argv)
    faces = load_faces(args.data, "val").images[: args.faces].permute(0, 2, 3, 1).numpy()
    print_table(["detections on the training crops (fractions of the crop)", "n", "a", "b", "c", "d"],
                calibration(faces))
    print()
    print_table(["portraits", "faces found", "aligned by the eyes", "mean abs error"], [recovery(faces)])


if __name__ == "__main__":
    main()
