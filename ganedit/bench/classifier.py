"""Accuracy of the shipped attribute classifier: ``python -m ganedit.bench.classifier``.

CelebA's 40 attributes on the val split (people unseen in training); long hair on the fifth of the
hand labels that training held out (the same seeded choice as ``ganedit.train.classifier``). Then, for the
attributes the photo sliders are judged by, how many of the val faces labelled with each it finds (recall) and
how many without it it takes for one (false positives), men and women apart (long hair: on the held-out hand
labels): "switched on" in ``ganedit.bench.photos`` can only be as fair as this.
"""
from __future__ import annotations

import argparse

import torch

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.pretrained import component
from ganedit.train.classifier import evaluate, hold_out, logits_of

# the sliders bench.photos judges by the classifier (but long hair: val has no labels for it), two hair colours
JUDGED = ("blond_hair", "smiling", "eyeglasses", "gray_hair", "black_hair")


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
    rows = by_gender(logits_of(model, val.images), val.attributes, val.names)
    rows += by_gender(logits_of(model, train.images[held]), train.attributes[held], train.names, ("long_hair",))
    print_table(["attribute", "men with it", "found", "men without: taken for it", "women with it", "found",
                 "women without: taken for it"], rows)


def by_gender(logits: torch.Tensor, labels: torch.Tensor, names: list[str], judged=JUDGED) -> list[list]:
    """Per attribute of ``judged``, for men then women (CelebA's male label): the faces labelled with it, the share
    of them the classifier finds (logit > 0), and the share of those labelled without it that it takes for it."""
    male, rows = labels[:, names.index("male")] == 1, []
    for name in judged:
        column, row = names.index(name), [name]
        for group in (male, ~male):
            with_it, without = group & (labels[:, column] == 1), group & (labels[:, column] == 0)
            row += [int(with_it.sum()), f"{(logits[with_it, column] > 0).float().mean().item():.2f}",
                    f"{(logits[without, column] > 0).float().mean().item():.3f}"]
        rows.append(row)
    return rows


if __name__ == "__main__":
    main()
