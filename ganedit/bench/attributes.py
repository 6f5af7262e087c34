"""Do the attribute sliders do what they say? ``python -m ganedit.bench.attributes --faces 200``.

Val faces are encoded (E), edited at strength ±2 and judged by the attribute classifier on G(z)
before and after: "on" is the share of faces judged without the attribute that it judges with it
after +2; "off" the share judged with it that lose it at −2; "others" the mean absolute change of
the other attributes' probabilities. Long hair is also measured with male kept fixed. ``--frames``: the same
for the whole-frame models (val frames, ``frame_encoder``, ``frame_attributes``; the classifier judges the face
box of frame_g's frames).
"""
from __future__ import annotations

import argparse

import torch

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.attributes import edit_latent, encode_all
from ganedit.pretrained import component
from ganedit.train.attributes import CHAINS, classify

HEADLINE = ["long_hair", "blond_hair", "smiling", "male", "eyeglasses", "young", "bangs"]


@torch.no_grad()
def judge(latents: torch.Tensor, frames: bool = False) -> torch.Tensor:
    """Attribute probabilities [N,A] of G(z) (frame_g's face box with ``frames``)."""
    return torch.sigmoid(classify(component(CHAINS[frames][0])(latents)))


def measure(z: torch.Tensor, before: torch.Tensor, name: str, strength: float, keep=(), frames: bool = False
            ) -> list:
    vectors = component(CHAINS[frames][2])
    column = vectors.config.names.index(name)
    others = [i for i in range(before.shape[1]) if i != column]
    has = before[:, column] > 0.5
    rows = []
    for sign, eligible in ((1, ~has), (-1, has)):
        if not eligible.any():
            rows += [0, float("nan"), float("nan")]
            continue
        after = judge(edit_latent(z[eligible], vectors, {name: sign * strength}, keep), frames)
        switched = ((after[:, column] > 0.5) == (sign > 0)).float().mean().item()
        change = (after[:, others] - before[eligible][:, others]).abs().mean().item()
        rows += [int(eligible.sum()), switched, change]
    return rows


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--faces", type=int, default=200)
    p.add_argument("--strength", type=float, default=2.0)
    p.add_argument("--all", action="store_true", help="every attribute, not only the headline ones")
    p.add_argument("--frames", action="store_true", help="the whole-frame models, on val frames")
    args = p.parse_args(argv)
    generator, encoder, vectors = CHAINS[args.frames]
    z = encode_all(component(encoder), load_faces(args.data, "val", frames=args.frames).images[: args.faces])
    before = judge(z, args.frames)
    names = component(vectors).config.names if args.all else HEADLINE
    rows = [[name, *measure(z, before, name, args.strength, frames=args.frames)] for name in names]
    rows.append(["long_hair, keep male", *measure(z, before, "long_hair", args.strength, ("male",), args.frames)])
    s = args.strength
    print(f"{args.faces} val {'frames' if args.frames else 'faces'}, strength ±{s:g}")
    headers = ["attribute", "n without", f"on at +{s:g}", "others Δp", "n with", f"off at −{s:g}", "others Δp"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
