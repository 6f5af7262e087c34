"""Accuracy of the shipped attribute classifier: ``python -m ganedit.bench.classifier``.

CelebA's 40 attributes on the val split (people unseen in training); long hair on the fifth of the
hand labels that training held out (the same seeded choice as ``ganedit.train.classifier``).
"""
from __future__ import annotations

import argparse

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.pretrained import component
from ganedit.train.classifier import evaluate, hold_out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    args = p.parse_args(argv)
    model = component("classifier")
    train, val = load_faces(args.data, "train"), load_faces(args.data, "val")
    held = hold_out(train.attributes.clone(), train.names.index("long_hair"), 0.2)
    scores = evaluate(model, train, val, held)
    counts = [len(val)] * 40 + [len(held)]
    rows = [[name, n, s.item()] for name, n, s in zip(train.names, counts, scores)]
    print_table(["attribute", "faces", "accuracy"], rows + [["mean", "", scores.mean().item()]])


if __name__ == "__main__":
    main()
