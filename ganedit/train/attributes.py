"""Compute the attribute vectors from the train faces: ``python -m ganedit.train.attributes --export weights``.

v_a = mean E(x) over train faces with attribute a − mean over those without, for CelebA's 40
attributes and the hand-labelled long hair (faces without a hand label are left out of that one).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ganedit import hub
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.attributes import encode_all, vectors_from_labels
from ganedit.pretrained import component


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--export", type=Path, default=None, help="weights root to export to")
    args = p.parse_args(argv)
    train = load_faces(args.data, "train")
    latents = encode_all(component("encoder"), train.images)
    vectors = vectors_from_labels(latents, train.attributes, train.names)
    for name, v in zip(train.names, vectors.vectors):
        print(f"{name:22s} |v| = {v.norm():.2f}")
    if args.export:
        hub.save_component("attributes", vectors, args.export, half=False)


if __name__ == "__main__":
    main()
