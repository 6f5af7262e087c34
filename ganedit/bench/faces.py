"""Which detections are faces: ``python -m ganedit.bench.faces`` (on ``../shared/data/portraits``).

Every detection dlib makes in every portrait, at the size ``find_faces`` looks at the photo and at its full
size (another size of the same photo can surface other false faces), with its width, score, what it is (a
real face, or one of the false faces judged by eye on the crops that ``--crops DIR`` writes) and whether
``faces.is_face`` offers it. The rule's thresholds (``SMALL_FACE``, ``SMALL_FACE_SCORE``) come from this table:
the last table says how many real faces each rule keeps and how many false faces it lets through.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES
from ganedit.faces import SIZE, EYES_AND_MOUTH, MIN_FACE, SMALL_FACE, _detect, cut, eyes_and_mouth, is_face, \
    landmarks, similarity
from ganedit.imaging import open_image

DEFAULT_PORTRAITS = DEFAULT_FACES.parent / "portraits" / "images"
# Box centres (photo pixels) of the detections that are not faces, judged by eye on the --crops images
FALSE_FACES = {"img67.jpg": [(1138, 524)], "img86.jpg": [(754, 278)]}  # a background light; a background patch
NEAR = 20  # px: a detection whose centre is this close to a listed centre is that false face


def is_false(name: str, box: np.ndarray) -> bool:
    centre = box[:2] + box[2:] / 2
    return any(np.hypot(*(centre - known)) < NEAR for known in FALSE_FACES.get(name, []))


def detections(path: Path, crops: Path | None) -> list[dict]:
    """Every detection at least MIN_FACE wide, at the detection size and at full size."""
    rgb = np.asarray(open_image(path))
    rows = []
    for at, side in (("detect", None), ("full", max(rgb.shape[:2]))):
        for box, score in (_detect(rgb) if side is None else _detect(rgb, side)):
            if box[2] >= MIN_FACE:
                rows.append({"file": path.name, "at": at, "box": box, "score": float(score),
                             "real": not is_false(path.name, box), "kept": is_face(box, score)})
                if crops:
                    matrix = similarity(eyes_and_mouth(landmarks(rgb, box)), EYES_AND_MOUTH * SIZE)
                    cut(rgb, matrix).save(crops / f"{path.stem}_{at}_{len(rows)}_{score:.2f}.png")
    return rows


def rule_table(rows: list[dict]) -> list[list]:
    """Real faces kept and false faces let through by the shipped rule and by plain score thresholds."""
    rules = {"shipped (faces.is_face)": lambda r: r["kept"]}
    rules.update({f"score ≥ {t}": (lambda r, t=t: r["score"] >= t) for t in (0.0, 0.3, 0.5)})
    real, false = [r for r in rows if r["real"]], [r for r in rows if not r["real"]]
    return [[name, f"{sum(map(keep, real))} of {len(real)}", f"{sum(map(keep, false))} of {len(false)}"]
            for name, keep in rules.items()]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--portraits", type=Path, default=DEFAULT_PORTRAITS)
    p.add_argument("--crops", type=Path, help="write every detection's aligned face here, to judge it by eye")
    args = p.parse_args(argv)
    if args.crops:
        args.crops.mkdir(parents=True, exist_ok=True)
    rows = [row for path in sorted(args.portraits.glob("*.jpg"), key=lambda p: int(p.stem[3:]))
            for row in detections(path, args.crops)]
    print_table(["photo", "at", "box (left, top, width)", "score", "is", "offered"],
                [[r["file"], r["at"], ", ".join(str(int(v)) for v in r["box"][:3]), r["score"],
                  "face" if r["real"] else "FALSE", "yes" if r["kept"] else "no"]
                 for r in sorted(rows, key=lambda r: r["score"])])
    print()
    small = [r for r in rows if r["box"][2] < SMALL_FACE]
    for real in (True, False):
        scores = [r["score"] for r in small if r["real"] == real]
        print(f"{'real' if real else 'false'} faces under {SMALL_FACE} px: {len(scores)}, scores "
              f"{min(scores, default=float('nan')):.2f} to {max(scores, default=float('nan')):.2f}")
    print()
    print_table(["rule", "real faces offered", "false faces offered"], rule_table(rows))


if __name__ == "__main__":
    main()
