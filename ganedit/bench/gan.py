"""Face GAN quality and speed: ``python -m ganedit.bench.gan``.

Fréchet distance in the attribute classifier's penultimate features between N samples of G and
the val split, next to the same distance between N train faces and the val split (the floor
that a perfect generator would reach with this many samples); then G's images per second.
"""
from __future__ import annotations

import argparse

import torch

from ganedit import latents
from ganedit.pretrained import component
from ganedit.bench.common import embed, frechet_distance, per_second, print_table
from ganedit.data import DEFAULT_FACES, load_faces


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--samples", type=int, default=5000)
    args = p.parse_args(argv)
    torch.manual_seed(0)
    G, judge = component("face_g"), component("classifier")
    val = embed(judge.features, load_faces(args.data, "val").images)
    train_images = load_faces(args.data, "train").images
    train = embed(judge.features, train_images[torch.randperm(len(train_images))[: args.samples]])
    with torch.no_grad():
        fake = embed(lambda z: judge.features(G(z)), latents(args.samples, seed=1))
    print_table(["compared with val", "Fréchet distance"],
                [[f"G, {args.samples} samples", frechet_distance(fake, val)],
                 [f"train split, {args.samples} faces (floor)", frechet_distance(train, val)]])
    print()
    with torch.no_grad():
        rows = [[n, per_second(lambda: G(torch.randn(n, 128)), n)] for n in (1, 64)]
    print_table(["batch", "images / s"], rows)


if __name__ == "__main__":
    main()
